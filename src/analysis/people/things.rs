//! Things named like people: a name that stands for an institution, a company, a club, a
//! building, a street or a work (`Burg Wittelsbach`, `Carl Zeiss Jena`, `Ben Jehudastraße`,
//! `„Do Us Part“`). Decided from the words around the name; it does not look the name up.

use super::lexicon::is_listed_place;
use super::words::Word;

/// Quotation marks that open a title.
const OPENING_QUOTES: &[char] = &['„', '"', '“', '»', '«', '‚', '\''];
/// Quotation marks that close one.
const CLOSING_QUOTES: &[char] = &['“', '"', '”', '«', '»', '‘', '\''];

/// Whether the words `start..end` name a thing rather than a person.
pub fn names_a_thing(words: &[Word], start: usize, end: usize) -> bool {
    let Some(last) = end.checked_sub(1).and_then(|last| words.get(last)) else {
        return false;
    };
    let before = start.checked_sub(1).map(|b| &words[b]);
    let after = words.get(end);
    // `Burg Wittelsbach`, `FC Carl Zeiss`, `Hotel Sacher`, also when the labeller took the
    // institution's word into the name.
    let institution_before = before.is_some_and(|b| !b.ends_phrase && b.institution_before())
        || (end - start > 1 && words[start].institution_before());
    // `Lee Strasberg Theatre`, `Lindsey School`: the institution's word inside the name, unless
    // it is a surname too (`Jason Hall`).
    let institution_inside = words[start + 1..end]
        .iter()
        .any(|word| word.institution_after() && !word.listed_surname());
    // `Carl Zeiss AG`, `Robert Koch Institut`, and a place after the name: `Carl Zeiss Jena`.
    let institution_after = !last.ends_phrase
        && after.is_some_and(|a| {
            a.institution_after() || (a.capitalised() && a.not_person() && !a.role())
        });
    // A team or a place after a town's name: `Chicago Bulls`, `Detroit Red Wings`, `Corpus
    // Christi` (a town of two words); a person after one starts with a given name (`in Wien
    // Michael Häupl`).
    let town_before = before.is_some_and(|b| {
        !b.ends_phrase
            && b.capitalised()
            && (b.city() || is_listed_place(&format!("{} {}", b.text, words[start].text)))
    }) && !words[start].given();
    // `Ben Jehudastraße`, `Beethovenplatz`.
    let street = words[start..end].iter().any(Word::street)
        || (!last.ends_phrase && after.is_some_and(Word::street) && last.gap.trim() == "-");
    institution_before
        || town_before
        || institution_inside
        || institution_after
        || street
        || quoted_title(words, start, end)
}

/// A name right after an opening quotation mark that is a title: closed right after the name
/// (`„Lincoln“`) or going on in capitals (`„Till Death Do Us Part“`). Quoted speech that
/// starts with a name goes on in lower case (`„Merkel hat recht“`).
fn quoted_title(words: &[Word], start: usize, end: usize) -> bool {
    let opened = start
        .checked_sub(1)
        .is_some_and(|b| words[b].gap.trim_end().ends_with(OPENING_QUOTES));
    if !opened {
        return false;
    }
    let last = &words[end - 1];
    let closed = last.gap.trim_start().starts_with(CLOSING_QUOTES);
    closed || (!last.ends_phrase && words.get(end).is_some_and(Word::capitalised))
}
