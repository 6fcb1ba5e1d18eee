//! The rules of person detection: full names after a known given name, names after a role
//! word, line-ups after a colon, lists of given names, a character before the actor who plays
//! it. Their names are one input of the labeller (`features.rs`), which decides; the rules do
//! not link mentions or look beyond a paragraph.

use super::lexicon::{is_listed_place, is_regnal, Evidence, INNER_PARTICLES, PARTICLES};
use super::things::names_a_thing;
use super::words::Word;
use crate::analysis::{fold_german, recent_split};
use std::ops::Range;

/// A name found in a paragraph: its byte range and its words as written (`link.rs` reads a
/// genitive).
pub type Name = (Range<usize>, Vec<String>);

/// Names in one paragraph; those of line-ups and lists of given names, which the labeller
/// cannot see as such, are also added to `lists`.
pub fn names_in(words: &[Word], lists: &mut Vec<Name>) -> Vec<Name> {
    let mut names = Vec::new();
    let mut i = 0;
    // Where the last name ended (a word index).
    let mut last_end = 0;
    while i < words.len() {
        if i > 0 && words[i - 1].gap.contains(':') {
            if let Some((end, items)) = lineup_at(words, i) {
                lists.extend(items.iter().cloned());
                names.extend(items);
                i = end;
                last_end = end;
                continue;
            }
        }
        // Every other reading starts at a capitalised word (a given name or a role).
        if !words[i].capitalised() {
            i += 1;
            continue;
        }
        if let Some((end, items)) = given_list_at(words, i) {
            lists.extend(items.iter().cloned());
            names.extend(items);
            i = end;
            last_end = end;
            continue;
        }
        let Some((start, end, name)) = name_at(words, i).filter(|(start, end, name)| {
            !is_listed_place(&name.join(" ")) && !names_a_thing(words, *start, *end)
        }) else {
            i += 1;
            continue;
        };
        // A character and the actor who plays it: `Tanja (Karoline Herfurth)`.
        let before = start.checked_sub(1).filter(|&b| b >= last_end);
        if let Some(role) = before.map(|b| &words[b]).filter(|role| {
            role.gap.trim() == "("
                && words[end - 1].gap.trim_start().starts_with(')')
                && role.given()
        }) {
            lists.push((role.span.clone(), vec![role.text.to_string()]));
            names.push((role.span.clone(), vec![role.text.to_string()]));
        }
        let dot = usize::from(name.last().is_some_and(|word| word.ends_with('.')));
        names.push((words[start].span.start..words[end - 1].span.end + dot, name));
        i = end;
        last_end = end;
    }
    names
}

/// A name at `i`, or after a role word at `i`: its first and end word index and its words.
fn name_at(words: &[Word], i: usize) -> Option<(usize, usize, Vec<String>)> {
    if let Some((end, name)) = full_name_at(words, i) {
        return Some((i, end, name));
    }
    // Roles are nouns: only a capitalised word can be one.
    if !words[i].capitalised() || words[i].ends_phrase || !words[i].role() {
        return None;
    }
    // A given name with a rejected surname after it is no surname itself.
    let given_then_more = words
        .get(i + 1)
        .is_some_and(|w| w.given() && !w.ends_phrase)
        && words.get(i + 2).is_some_and(Word::capitalised);
    let (end, name) = full_name_at(words, i + 1).or_else(|| {
        (!given_then_more)
            .then(|| surnames_at(words, i + 1, Evidence::Weak))
            .flatten()
            // One word with a rejected surname after it is an unknown given name
            // (`Anwalt Guid Held`), no surname.
            .filter(|(end, _)| {
                !(*end == i + 2
                    && !words[i + 1].ends_phrase
                    && words.get(*end).is_some_and(Word::capitalised))
            })
    })?;
    Some((i + 1, end, name))
}

/// Three or more given names alone, listed with commas and a final `und` or `oder`
/// (`Hans, Karl, Hannes, David und Max`): their end (a word index) and the names.
fn given_list_at(words: &[Word], start: usize) -> Option<(usize, Vec<Name>)> {
    let lone_given = |w: &&Word| w.capitalised() && w.given() && !w.not_person();
    let mut items = Vec::new();
    let mut i = start;
    loop {
        let word = words.get(i).filter(lone_given)?;
        items.push((word.span.clone(), vec![word.text.to_string()]));
        let conjunction = words
            .get(i + 1)
            .filter(|next| !word.ends_phrase && matches!(next.text, "und" | "oder"));
        if let Some(conjunction) = conjunction {
            // The last name: no surname may follow it.
            let last = words.get(i + 2).filter(|w| {
                !conjunction.ends_phrase
                    && lone_given(w)
                    && (w.ends_phrase || words.get(i + 3).is_none_or(|next| !next.capitalised()))
            })?;
            items.push((last.span.clone(), vec![last.text.to_string()]));
            return (items.len() >= 3).then_some((i + 3, items));
        }
        if word.gap.trim() != "," {
            return None;
        }
        i += 1;
    }
}

/// A line-up after a colon (`Sturm: Esser – Ehrenreich, Madl, Spendlhofer`): items of one or two
/// capitalised words, initials allowed, separated by commas, semicolons, dashes or slashes,
/// notes in parentheses after them. Taken when it has at least four items and three in four
/// of them are clearly names; its end (a word index) and the names.
fn lineup_at(words: &[Word], start: usize) -> Option<(usize, Vec<Name>)> {
    // Word index ranges of the items, and where their initials end.
    let mut items: Vec<(usize, usize, usize)> = Vec::new();
    let mut i = start;
    loop {
        let first = i;
        let heading = |word: &Word| word.gap.contains(':');
        while words.get(i).is_some_and(|w| {
            w.dotted && w.capitalised() && w.text.chars().count() <= 2 && !heading(w)
        }) {
            i += 1;
        }
        let initials = i;
        while let Some(word) = words.get(i) {
            if i - initials == 2 || !word.capitalised() || heading(word) || word.stop_word() {
                break;
            }
            i += 1;
            if word.ends_phrase {
                break;
            }
        }
        if i == initials {
            i = first;
            break;
        }
        items.push((first, initials, i));
        let mut gap = words[i - 1].gap;
        // Notes in parentheses: `Lykogiannis (Muskelverletzung), M. Stankovic`.
        if gap.contains('(') {
            while let Some(word) = words.get(i) {
                i += 1;
                if word.gap.contains(')') {
                    gap = word.gap;
                    break;
                }
            }
        }
        let separated =
            gap.contains([',', ';', '–', '—', '/', '-']) && !gap.contains(['.', ':', '(']);
        if !separated {
            break;
        }
    }
    let clear = items
        .iter()
        .filter(|&&(_, initials, end)| match &words[initials..end] {
            [surname] => surname.surname_like(Evidence::Weak),
            [given, surname] => given.given() && surname.surname_like(Evidence::Strong),
            _ => false,
        })
        .count();
    if items.len() < 4 || clear * 4 < items.len() * 3 {
        return None;
    }
    let names = items
        .into_iter()
        .filter(|&(_, initials, end)| {
            words[initials..end]
                .iter()
                .all(|word| word.surname_like(Evidence::Strong) || word.given())
        })
        .map(|(first, initials, end)| {
            let name = words[first..end]
                .iter()
                .enumerate()
                .map(|(k, word)| {
                    if first + k < initials {
                        format!("{}.", word.text)
                    } else {
                        word.text.to_string()
                    }
                })
                .collect();
            (words[first].span.start..words[end - 1].span.end, name)
        })
        .collect();
    Some((i, names))
}

/// A given name (or several) at `start`, then surnames: the end index and the name's words.
fn full_name_at(words: &[Word], start: usize) -> Option<(usize, Vec<String>)> {
    let first = words.get(start)?;
    if !first.capitalised() || !first.given() || first.ends_phrase {
        return None;
    }
    let ambiguous = first.ambiguous_given();
    let mut name = vec![first.text.to_string()];
    let mut i = start + 1;
    // More given names and initials: `Recep Tayyip`, `Donald J.`.
    while let Some(word) = words.get(i) {
        let more_given = word.given() && !words[i - 1].ends_phrase && !word.ends_phrase;
        let initial = word.is_initial() && !words[i - 1].ends_phrase && !word.ends_sentence();
        if !(more_given || initial) || words.get(i + 1).is_none_or(|next| !next.capitalised()) {
            break;
        }
        name.push(if initial {
            format!("{}.", word.text)
        } else {
            word.text.to_string()
        });
        i += 1;
    }
    // A regnal number (`Felipe VI.`, `Benedikt XVI.`), or an initial for the surname of someone
    // the text keeps anonymous (`Husam M.`).
    if let Some(number) = words
        .get(i)
        .filter(|w| w.dotted && !words[i - 1].ends_phrase && (is_regnal(w.text) || w.is_initial()))
    {
        name.push(format!("{}.", number.text));
        return Some((i + 1, name));
    }
    if words[i - 1].ends_phrase && !words[i - 1].is_initial() {
        return None;
    }
    // After an initial, a function word starts the next sentence (`Thomas M. Der Vorstand`).
    if words[i - 1].is_initial() && words.get(i).is_some_and(Word::stop_word) {
        return Some((i, name));
    }
    let evidence = if ambiguous {
        Evidence::Weak
    } else {
        Evidence::Strong
    };
    let (end, surnames) = surnames_at(words, i, evidence)?;
    name.extend(surnames);
    Some((end, name))
}

/// Surnames at `start`, with particles between (`von der Leyen`): the end index and the words.
fn surnames_at(words: &[Word], start: usize, evidence: Evidence) -> Option<(usize, Vec<String>)> {
    let mut name = Vec::new();
    let mut i = start;
    let mut end = start;
    let mut particles = Vec::new();
    while let Some(word) = words.get(i) {
        let after_von = particles
            .last()
            .is_some_and(|p: &String| p == "von" || p == "van");
        let particle =
            PARTICLES.contains(&word.text) || (after_von && matches!(word.text, "der" | "den"));
        // Particles open a surname (`Ursula von der Leyen`); after one only the inner ones
        // continue it (`Fernandez de Kirchner`), others start a phrase (`Ursula Siebert von der
        // Universität`).
        let inner = INNER_PARTICLES.contains(&word.text);
        if particle && (name.is_empty() || inner) && !word.ends_phrase {
            particles.push(word.text.to_string());
            i += 1;
            continue;
        }
        let particle_prefixed = ["al-", "el-", "Al-", "El-"]
            .iter()
            .find_map(|prefix| word.text.strip_prefix(prefix))
            .is_some_and(|rest| rest.chars().next().is_some_and(char::is_uppercase));
        // The first surname word gets the context's evidence; further ones must stand alone
        // and be no compound (`Rob Morgan Ansteckabzeichen`).
        let evidence = if name.is_empty() {
            evidence
        } else {
            Evidence::Weak
        };
        let compound =
            || evidence == Evidence::Weak && recent_split(&fold_german(word.text)).is_some();
        if !(word.surname_like(evidence) || particle_prefixed) || compound() || word.function_word()
        {
            break;
        }
        name.append(&mut particles);
        name.push(word.text.to_string());
        i += 1;
        end = i;
        // A name ends at punctuation, after three words, or where another full name begins.
        if word.ends_phrase
            || name.len() >= 3
            || words.get(i).is_some_and(|next| {
                next.given() && !next.ends_phrase && words.get(i + 1).is_some_and(Word::capitalised)
            })
        {
            break;
        }
    }
    name.last()?;
    Some((end, name))
}

/// A word ending in `s` after a letter that rarely ends names (`Merkels`, `Putins`).
pub fn genitive_likely(word: &str) -> bool {
    let mut chars = word.chars().rev();
    chars.next() == Some('s')
        && chars.next().is_some_and(|c| {
            matches!(
                c,
                'l' | 'n' | 'w' | 'm' | 'r' | 'k' | 't' | 'd' | 'p' | 'e' | 'h'
            )
        })
        && word.chars().count() > 4
        && !word.ends_with("ss")
}
