//! Person detection: who is named in an article, by rules and word lists, fast and offline.
//!
//! A person is found
//! - by a full name: a known given name (`data/names/given-names.txt`) followed by one or more
//!   capitalised surnames, with initials (`Donald J. Trump`), particles (`von der`, `van`, `de`,
//!   `al-`) and hyphens (`Hans-Peter Doskozil`, `Johanna Mikl-Leitner`), or by a regnal number
//!   (`Felipe VI.`) or an initial (`Husam M.`);
//! - by a role word before a name (`Außenminister Lawrow`, `US-Präsident Biden`, `Frau Merkel`),
//!   even when the given name is unknown;
//! - by structure: a line-up after a colon (`Sturm: Esser – Ehrenreich, Madl, Spendlhofer`), a
//!   list of given names (`Hans, Karl und Max`), a character before the actor who plays it
//!   (`Tanja (Karoline Herfurth)`);
//! - by a surname alone (`Lawrow`, genitive `Lawrows`), a given name alone (`Abe` for
//!   `Abe Lucas`, when no other full name starts with it) or an initial alone (`M.` for
//!   `Husam M.`), when the article names the person in one of the ways above.
//!
//! German capitalises every noun, so a capitalised word is a surname only if it is no place or
//! organisation (`data/names/not-persons.txt`), no frequent common noun (by the compound
//! lexicon), no abbreviation in capitals, no function or role word.
//! Each mention is tied to its article's fullest form of the name, its *canonical* name. This
//! module does not link persons across articles; the callers do, by surname.

use crate::analysis::{fold_german, is_stop_word, split_compound, word_info};
// A fast hash: the name lists are looked up for every capitalised word while indexing.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;
use std::sync::LazyLock;

/// A person named in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Byte range of the name in the text.
    pub span: Range<usize>,
    /// The article's fullest form of the name (`Sergej Lawrow` for a mention `Lawrow`).
    pub person: String,
}

static GIVEN_NAMES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_list(include_str!("../data/names/given-names.txt")));
static NOT_PERSONS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_list(include_str!("../data/names/not-persons.txt")));

fn word_list(text: &'static str) -> HashSet<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
}

/// A name found in a paragraph: its byte range and its words (a genitive `s` removed from the
/// last).
type Name = (Range<usize>, Vec<String>);

/// Titles and forms of address before a name, as whole words (`Frau Merkel`, `Dr. Schmid`).
const TITLES: &[&str] = &[
    "herr",
    "frau",
    "dr",
    "prof",
    "mag",
    "ing",
    "sir",
    "lady",
    "scheich",
    "emir",
    "papst",
    "könig",
    "königin",
    "prinz",
    "prinzessin",
    "kardinal",
    "bischof",
    "general",
    "premier",
    "star",
    "legende",
    "kollege",
    "kollegin",
    "prophet",
];

/// Ends of words that name a role before a person's name (`Außenminister`, `US-Präsidentin`,
/// `SPÖ-Klubobmann`, `Ehefrau`).
const ROLE_ENDINGS: &[&str] = &[
    "minister",
    "ministerin",
    "präsident",
    "präsidentin",
    "kanzler",
    "kanzlerin",
    "chef",
    "chefin",
    "sprecher",
    "sprecherin",
    "vorsitzende",
    "vorsitzender",
    "obmann",
    "obfrau",
    "meister",
    "meisterin",
    "hauptmann",
    "hauptfrau",
    "abgeordnete",
    "abgeordneter",
    "sekretär",
    "sekretärin",
    "kommissar",
    "kommissarin",
    "botschafter",
    "botschafterin",
    "direktor",
    "direktorin",
    "leiter",
    "leiterin",
    "trainer",
    "trainerin",
    "coach",
    "kapitän",
    "stürmer",
    "verteidiger",
    "torhüter",
    "tormann",
    "goalie",
    "regisseur",
    "regisseurin",
    "autor",
    "autorin",
    "schauspieler",
    "schauspielerin",
    "sänger",
    "sängerin",
    "musiker",
    "musikerin",
    "künstler",
    "künstlerin",
    "journalist",
    "journalistin",
    "anwalt",
    "anwältin",
    "richter",
    "richterin",
    "professor",
    "professorin",
    "forscher",
    "forscherin",
    "experte",
    "expertin",
    "gründer",
    "gründerin",
    "manager",
    "managerin",
    "kandidat",
    "kandidatin",
    "intendant",
    "intendantin",
    "dirigent",
    "dirigentin",
    "komponist",
    "komponistin",
    "schriftsteller",
    "schriftstellerin",
    "historiker",
    "historikerin",
    "ökonom",
    "ökonomin",
    "politologe",
    "politologin",
    "stadtrat",
    "stadträtin",
    "landesrat",
    "landesrätin",
    "gemeinderat",
    "gemeinderätin",
    "senator",
    "senatorin",
    "gouverneur",
    "gouverneurin",
    "chefredakteur",
    "chefredakteurin",
    "stellvertreter",
    "stellvertreterin",
    "spieler",
    "spielerin",
    "läufer",
    "läuferin",
    "fahrer",
    "fahrerin",
    "pilot",
    "pilotin",
    "ehefrau",
    "ehemann",
    "witwe",
    "sohn",
    "tochter",
    "bruder",
    "schwester",
    "vater",
    "mutter",
    "kollege",
    "kollegin",
    "premierminister",
    "staatschef",
    "regierungschef",
    "parteichef",
    "amtskollege",
    "freund",
    "freundin",
];

/// Words that join the parts of a name in lower case; `der` and `den` only after `von` or
/// `van` (`von der Leyen`), since they are articles everywhere else.
const PARTICLES: &[&str] = &[
    "von", "van", "de", "di", "da", "du", "le", "la", "zu", "ter", "ten", "el", "bin", "ben",
    "ibn", "dos", "del",
];

/// Particles that also join parts of a surname (`Cristina Fernandez de Kirchner`); the German
/// `von` does so only at the start, since after a name it names a place or an employer.
const INNER_PARTICLES: &[&str] = &[
    "van", "de", "di", "da", "du", "ter", "ten", "bin", "ibn", "dos", "del",
];

/// Short words that are given names somewhere but function words in German or English text.
const NOT_GIVEN_NAMES: &[&str] = &[
    "The", "In", "Im", "An", "Am", "Auf", "Aus", "Bei", "Mit", "Seit", "Von", "Vor", "Zu", "Um",
    "Es", "Er", "Sie", "So", "Da", "Wo", "Was", "Wer", "Wie", "Ob", "Den", "Der", "Die", "Das",
    "Ein", "Eine", "Man", "Dann", "Nun", "Nur", "Noch", "Als", "Bis", "Ab", "Je", "Of", "And",
];

/// A common noun at least this frequent (Zipf) is no surname even after a clear given name
/// (`Christian Kern` and `Guido Held` are names, `Anna Regierung` is not).
const COMMON_NOUN_ZIPF: f32 = 4.6;
/// A given name that is also one of the most frequent common nouns (`Mal`, `Art`) is read as
/// the noun.
const TOP_NOUN_ZIPF: f32 = 5.5;
/// After a role word or an ambiguous given name, any common noun this frequent is refused.
const ANY_NOUN_ZIPF: f32 = 2.5;
/// A given name that is also a common noun this frequent (`Mai`, `Ernst`, `Horst`), or a place
/// or organisation (`Paris`, `Nato`), needs a surname that is no common noun.
const AMBIGUOUS_GIVEN_ZIPF: f32 = 3.5;

/// A word of the text with what the rules need to know about it.
#[derive(Debug, Clone)]
struct Word<'a> {
    text: &'a str,
    span: Range<usize>,
    /// Followed directly by a full stop (`J.`).
    dotted: bool,
    /// Separated from the next word by punctuation other than a hyphen or apostrophe.
    ends_phrase: bool,
    /// The text between this word and the next.
    gap: &'a str,
}

impl Word<'_> {
    fn capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    fn is_initial(&self) -> bool {
        self.dotted && self.text.chars().count() == 1 && self.capitalised()
    }
}

fn words(text: &str) -> Vec<Word<'_>> {
    let mut words = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        // Letters, digits, and hyphens or apostrophes between them.
        while let Some(&(i, c)) = chars.peek() {
            let joins = matches!(c, '-' | '\'' | '’')
                && text[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
            if c.is_alphanumeric() || joins {
                end = i + c.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let rest = &text[end..];
        let gap = &rest[..rest.find(char::is_alphanumeric).unwrap_or(rest.len())];
        words.push(Word {
            text: &text[start..end],
            span: start..end,
            dotted: rest.starts_with('.'),
            ends_phrase: gap.chars().any(|c| !c.is_whitespace()),
            gap,
        });
    }
    words
}

fn is_given_name(word: &str) -> bool {
    let listed = GIVEN_NAMES.contains(word)
        || (word.contains('-') && word.split('-').all(|part| GIVEN_NAMES.contains(part)));
    if !listed || NOT_GIVEN_NAMES.contains(&word) {
        return false;
    }
    let folded = fold_german(word);
    !is_stop_word(&folded)
        && !word_info(&folded).is_some_and(|info| info.noun && info.zipf >= TOP_NOUN_ZIPF)
}

fn is_role(word: &str) -> bool {
    let lower = word.to_lowercase();
    let last = lower.rsplit('-').next().unwrap_or(&lower);
    let role =
        |word: &str| TITLES.contains(&word) || ROLE_ENDINGS.iter().any(|r| word.ends_with(r));
    role(last)
        || ["s", "es", "n", "en"]
            .iter()
            .any(|ending| last.strip_suffix(ending).is_some_and(role))
}

/// How sure the context is that a name follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Evidence {
    /// After a given name that is nothing else.
    Strong,
    /// After a role word, an ambiguous given name, or further into a name.
    Weak,
}

/// Whether a capitalised word can be (part of) a surname.
fn surname_like(word: &Word, evidence: Evidence) -> bool {
    let text = word.text;
    if !word.capitalised() || text.chars().count() < 2 || word.is_initial() {
        return false;
    }
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    // Abbreviations in capitals (`USA`, `ÖVP`) and words with digits are not names.
    if letters.len() != text.chars().filter(|c| *c != '-' && *c != '\'').count()
        || letters.iter().skip(1).all(|c| c.is_uppercase())
    {
        return false;
    }
    // A capital inside a word marks a product or brand (`AlphaGo`, `iPhone`), unless a name
    // prefix explains it (`McDonald`, `DiCaprio`, `LeBron`).
    let inner_capital = text
        .chars()
        .zip(text.chars().skip(1))
        .any(|(a, b)| a.is_lowercase() && b.is_uppercase());
    let name_prefix = ["Mc", "Mac", "Di", "De", "Le", "La", "Du", "Van", "O'"]
        .iter()
        .any(|prefix| text.starts_with(prefix));
    if inner_capital && !name_prefix {
        return false;
    }
    let folded = fold_german(text);
    // A capitalised function word inside a sentence is a name after a clear given name
    // (`Woody Allen`), unless it is a polite pronoun (`Sie`, `Ihnen`).
    let function_word = is_stop_word(&folded)
        && !(evidence == Evidence::Strong && !folded.starts_with("ih") && folded != "sie");
    if function_word || is_role(text) || not_a_person(text) {
        return false;
    }
    let noun_limit = match evidence {
        Evidence::Strong => COMMON_NOUN_ZIPF,
        Evidence::Weak => ANY_NOUN_ZIPF,
    };
    !word_info(&folded).is_some_and(|info| info.noun && info.zipf >= noun_limit)
}

/// A place or organisation, also in the genitive (`Russlands`) or as a hyphenated compound
/// whose last part is one (`Nato-Gipfel` is no person either way).
fn not_a_person(word: &str) -> bool {
    let last = word.rsplit('-').next().unwrap_or(word);
    let first = word.split('-').next().unwrap_or(word);
    [word, last, first].iter().any(|w| {
        NOT_PERSONS.contains(w) || w.strip_suffix('s').is_some_and(|w| NOT_PERSONS.contains(w))
    })
}

/// Detects the persons named in an article's paragraphs; one list of mentions per paragraph.
pub fn detect(paragraphs: &[&str]) -> Vec<Vec<Mention>> {
    let paragraph_words: Vec<Vec<Word>> = paragraphs.iter().map(|text| words(text)).collect();
    // Pass 1: full names and names after role words.
    let mut found: Vec<Vec<Name>> = Vec::new();
    for words in &paragraph_words {
        found.push(names_in(words));
    }
    // The fullest form of each surname in the article.
    let mut by_surname: HashMap<String, String> = HashMap::default();
    for (_, name) in found.iter().flatten() {
        let full = name.join(" ");
        let Some(surname) = name.last() else { continue };
        let entry = by_surname
            .entry(surname.clone())
            .or_insert_with(|| full.clone());
        if full.len() > entry.len() {
            *entry = full;
        }
    }
    // The person of each given name that starts exactly one full name (`Abe` for `Abe Lucas`).
    let mut by_given: HashMap<String, Option<String>> = HashMap::default();
    for (_, name) in found.iter().flatten() {
        if let [given, _, ..] = name.as_slice() {
            if is_given_name(given) {
                let person = canonical(name, &by_surname);
                by_given
                    .entry(given.clone())
                    .and_modify(|known| {
                        if known.as_ref() != Some(&person) {
                            *known = None;
                        }
                    })
                    .or_insert(Some(person));
            }
        }
    }
    let by_given: HashMap<String, String> = by_given
        .into_iter()
        .filter_map(|(given, person)| Some((given, person?)))
        .collect();
    // Pass 2: every mention, with surnames alone linked to the fullest form.
    let mut result = Vec::new();
    for (words, names) in paragraph_words.iter().zip(&found) {
        let mut mentions: Vec<Mention> = names
            .iter()
            .map(|(span, name)| Mention {
                span: span.clone(),
                person: canonical(name, &by_surname),
            })
            .collect();
        let covered: Vec<Range<usize>> = mentions.iter().map(|m| m.span.clone()).collect();
        for (k, word) in words.iter().enumerate() {
            if covered
                .iter()
                .any(|span| span.start <= word.span.start && word.span.end <= span.end)
            {
                continue;
            }
            // An initial standing for a surname (`M.` for `Husam M.`), with its full stop.
            let initial = word
                .is_initial()
                .then(|| by_surname.get(&format!("{}.", word.text)))
                .flatten();
            let person = initial.or_else(|| {
                [&by_surname, &by_given]
                    .into_iter()
                    .find_map(|known| known.get(strip_genitive(word.text, known)))
            });
            if let Some(person) = person {
                if word.capitalised() {
                    // An initial with its full stop, and a genitive `s` after it (`M.s`).
                    let genitive = words.get(k + 1).is_some_and(|next| {
                        next.text == "s" && next.span.start == word.span.end + 1
                    });
                    let suffix = if initial.is_some() {
                        1 + usize::from(genitive)
                    } else {
                        0
                    };
                    mentions.push(Mention {
                        span: word.span.start..word.span.end + suffix,
                        person: person.clone(),
                    });
                }
            }
        }
        mentions.sort_by_key(|mention| mention.span.start);
        result.push(mentions);
    }
    result
}

/// `Lawrows` → `Lawrow` when the article knows `Lawrow`.
fn strip_genitive<'a>(word: &'a str, known: &HashMap<String, String>) -> &'a str {
    if known.contains_key(word) {
        return word;
    }
    word.strip_suffix('s')
        .or_else(|| word.strip_suffix('\''))
        .or_else(|| word.strip_suffix('’'))
        .filter(|bare| known.contains_key(*bare))
        .unwrap_or(word)
}

fn canonical(name: &[String], by_surname: &HashMap<String, String>) -> String {
    name.last()
        .and_then(|surname| by_surname.get(surname))
        .cloned()
        .unwrap_or_else(|| name.join(" "))
}

/// Names in one paragraph.
fn names_in(words: &[Word]) -> Vec<Name> {
    let mut names = Vec::new();
    let mut i = 0;
    // Where the last name ended (a word index).
    let mut last_end = 0;
    while i < words.len() {
        if i > 0 && words[i - 1].gap.contains(':') {
            if let Some((end, items)) = lineup_at(words, i) {
                names.extend(items);
                i = end;
                last_end = end;
                continue;
            }
        }
        if let Some((end, items)) = given_list_at(words, i) {
            names.extend(items);
            i = end;
            last_end = end;
            continue;
        }
        let Some((start, end, name)) =
            name_at(words, i).filter(|(_, _, name)| !NOT_PERSONS.contains(name.join(" ").as_str()))
        else {
            i += 1;
            continue;
        };
        // A character and the actor who plays it: `Tanja (Karoline Herfurth)`.
        let before = start.checked_sub(1).filter(|&b| b >= last_end);
        if let Some(role) = before.map(|b| &words[b]).filter(|role| {
            role.gap.trim() == "("
                && words[end - 1].gap.trim_start().starts_with(')')
                && is_given_name(role.text)
        }) {
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
    if !words[i].capitalised() || words[i].ends_phrase || !is_role(words[i].text) {
        return None;
    }
    // A given name with a rejected surname after it is no surname itself.
    let given_then_more = words
        .get(i + 1)
        .is_some_and(|w| is_given_name(w.text) && !w.ends_phrase)
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
    let lone_given = |w: &&Word| w.capitalised() && is_given_name(w.text) && !not_a_person(w.text);
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
            if i - initials == 2
                || !word.capitalised()
                || heading(word)
                || is_stop_word(&fold_german(word.text))
            {
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
            [surname] => surname_like(surname, Evidence::Weak),
            [given, surname] => {
                is_given_name(given.text) && surname_like(surname, Evidence::Strong)
            }
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
                .all(|word| surname_like(word, Evidence::Strong) || is_given_name(word.text))
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
    if !first.capitalised() || !is_given_name(first.text) || first.ends_phrase {
        return None;
    }
    let ambiguous = not_a_person(first.text)
        || word_info(&fold_german(first.text))
            .is_some_and(|info| info.noun && info.zipf >= AMBIGUOUS_GIVEN_ZIPF);
    let mut name = vec![first.text.to_string()];
    let mut i = start + 1;
    // More given names and initials: `Recep Tayyip`, `Donald J.`.
    while let Some(word) = words.get(i) {
        let more_given = is_given_name(word.text) && !words[i - 1].ends_phrase && !word.ends_phrase;
        let initial = word.is_initial() && !words[i - 1].ends_phrase;
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
    let evidence = if ambiguous {
        Evidence::Weak
    } else {
        Evidence::Strong
    };
    let (end, surnames) = surnames_at(words, i, evidence)?;
    name.extend(surnames);
    Some((end, name))
}

/// A Roman number up to 39 as written after a ruler's name (`II`, `XVI`).
fn is_regnal(word: &str) -> bool {
    let tens = word.len() - word.trim_start_matches('X').len();
    let rest = &word[tens..];
    tens <= 3
        && !word.is_empty()
        && ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"].contains(&rest)
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
            evidence == Evidence::Weak && split_compound(&fold_german(word.text)).is_some();
        if !(surname_like(word, evidence) || particle_prefixed) || compound {
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
                is_given_name(next.text)
                    && !next.ends_phrase
                    && words.get(i + 1).is_some_and(Word::capitalised)
            })
        {
            break;
        }
    }
    let last = name.len().checked_sub(1)?;
    if let Some(bare) = name[last]
        .strip_suffix('s')
        .filter(|_| genitive_likely(&name[last]))
    {
        name[last] = bare.to_string();
    }
    Some((end, name))
}

/// A surname ending in `s` after a consonant that rarely ends names (`Merkels`, `Putins`).
fn genitive_likely(word: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn persons(text: &str) -> Vec<(String, String)> {
        detect(&[text])
            .into_iter()
            .flatten()
            .map(|mention| (text[mention.span].to_string(), mention.person))
            .collect()
    }

    fn pair(text: &str, person: &str) -> (String, String) {
        (text.to_string(), person.to_string())
    }

    #[test]
    fn full_names_roles_and_short_mentions() {
        let table: &[(&str, &[(&str, &str)])] = &[
            (
                "Russlands Außenminister Sergej Lawrow sagte in Genf, Lawrow erwarte eine Antwort.",
                &[
                    ("Sergej Lawrow", "Sergej Lawrow"),
                    ("Lawrow", "Sergej Lawrow"),
                ],
            ),
            (
                "Zugleich sagte US-Außenminister Anthony Blinken, Blinken sehe die Gefahr.",
                &[
                    ("Anthony Blinken", "Anthony Blinken"),
                    ("Blinken", "Anthony Blinken"),
                ],
            ),
            (
                "Ein Treffen zwischen Joe Biden und Wladimir Putin.",
                &[
                    ("Joe Biden", "Joe Biden"),
                    ("Wladimir Putin", "Wladimir Putin"),
                ],
            ),
            (
                "Das sagte Kanzlerin Merkel am Montag.",
                &[("Merkel", "Merkel")],
            ),
            (
                "Kommissionschefin Ursula von der Leyen reiste ab.",
                &[("Ursula von der Leyen", "Ursula von der Leyen")],
            ),
            (
                "Innenministerin Johanna Mikl-Leitner und Hans-Peter Doskozil.",
                &[
                    ("Johanna Mikl-Leitner", "Johanna Mikl-Leitner"),
                    ("Hans-Peter Doskozil", "Hans-Peter Doskozil"),
                ],
            ),
            (
                "Präsident Recep Tayyip Erdoğan und Donald J. Trump.",
                &[
                    ("Recep Tayyip Erdoğan", "Recep Tayyip Erdoğan"),
                    ("Donald J. Trump", "Donald J. Trump"),
                ],
            ),
            (
                "Angela Merkels Politik und Merkels Satz.",
                &[
                    ("Angela Merkels", "Angela Merkel"),
                    ("Merkels", "Angela Merkel"),
                ],
            ),
        ];
        for (text, expected) in table {
            let expected: Vec<(String, String)> =
                expected.iter().map(|(t, p)| pair(t, p)).collect();
            assert_eq!(persons(text), expected, "in {text:?}");
        }
    }

    #[test]
    fn structure_of_german_news() {
        let table: &[(&str, &[(&str, &str)])] = &[
            (
                "Rapid: Strebinger – Pavelic, Sonnleitner, Dibon; Schwab/Grahovac – M. Hofmann",
                &[
                    ("Strebinger", "Strebinger"),
                    ("Pavelic", "Pavelic"),
                    ("Sonnleitner", "Sonnleitner"),
                    ("Dibon", "Dibon"),
                    ("Schwab", "Schwab"),
                    ("Grahovac", "Grahovac"),
                    ("M. Hofmann", "M. Hofmann"),
                ],
            ),
            (
                "Es fehlen: Lykogiannis (Muskelverletzung), Rosenberger (Kreuzbandriss), \
                 Schnaderbeck, Gratzei (Trainingsrückstand)",
                &[
                    ("Lykogiannis", "Lykogiannis"),
                    ("Rosenberger", "Rosenberger"),
                    ("Schnaderbeck", "Schnaderbeck"),
                    ("Gratzei", "Gratzei"),
                ],
            ),
            (
                "Hans, Karl, Hannes und Max sind zwischen 27 und 46 Jahre alt.",
                &[
                    ("Hans", "Hans"),
                    ("Karl", "Karl"),
                    ("Hannes", "Hannes"),
                    ("Max", "Max"),
                ],
            ),
            (
                "Ein Fall für Rico (Anton Petzold) und Tanja (Karoline Herfurth).",
                &[
                    ("Rico", "Rico"),
                    ("Anton Petzold", "Anton Petzold"),
                    ("Tanja", "Tanja"),
                    ("Karoline Herfurth", "Karoline Herfurth"),
                ],
            ),
            (
                "Wenn Abe Lucas lehrt, zweifelt Abe an allem, und Abes Kollegin lacht.",
                &[
                    ("Abe Lucas", "Abe Lucas"),
                    ("Abe", "Abe Lucas"),
                    ("Abes", "Abe Lucas"),
                ],
            ),
            (
                "Husam M. wurde verhaftet. Dann rauchte M. eine Zigarette, M.s Freund wartete.",
                &[
                    ("Husam M.", "Husam M."),
                    ("M.", "Husam M."),
                    ("M.s", "Husam M."),
                ],
            ),
            (
                "König Felipe VI. empfing Staatschefin Cristina Fernandez de Kirchner.",
                &[
                    ("Felipe VI.", "Felipe VI."),
                    (
                        "Cristina Fernandez de Kirchner",
                        "Cristina Fernandez de Kirchner",
                    ),
                ],
            ),
            (
                "Umweltminister Stefan Wenzel (Grüne) sagte Kristina Mena, Professorin in Texas.",
                &[
                    ("Stefan Wenzel", "Stefan Wenzel"),
                    ("Kristina Mena", "Kristina Mena"),
                ],
            ),
            (
                "Die Ehefrau Ensaf Haidar bat den neuen Königs Salman und Regisseur Woody Allen.",
                &[
                    ("Ensaf Haidar", "Ensaf Haidar"),
                    ("Salman", "Salman"),
                    ("Woody Allen", "Woody Allen"),
                ],
            ),
            (
                "Auf den Spuren des Propheten Mohammed traf er seinen Freund Raschid.",
                &[("Mohammed", "Mohammed"), ("Raschid", "Raschid")],
            ),
            (
                "Das sagte Ursula Siebert von der Universität Wien.",
                &[("Ursula Siebert", "Ursula Siebert")],
            ),
        ];
        for (text, expected) in table {
            let expected: Vec<(String, String)> =
                expected.iter().map(|(t, p)| pair(t, p)).collect();
            assert_eq!(persons(text), expected, "in {text:?}");
        }
    }

    #[test]
    fn places_organisations_and_nouns_are_not_persons() {
        for text in [
            "Russland sieht sich von der Nato bedroht.",
            "Die Ukraine und Georgien hätten ein Anrecht auf Sicherheit.",
            "Der Außenminister traf in Genf ein.",
            "Das Bündnis der Nato-Staaten und die OSZE.",
            "US-Präsident der USA, Präsident Russlands.",
            "Am Montag im Mai sagte die Regierung nichts.",
            "Die ÖVP und die SPÖ in Wien.",
            "Zutaten: Mehl, Zucker, Eier, Butter und Salz.",
            "Stationen: Wien, Graz, Linz, Salzburg, Innsbruck.",
            "Kampfsportarten: Boxen, Judo, Ringen, Karate.",
            "Im Juni, Juli und August regnet es in Santa Cruz.",
            "Er schickt zum vierten Mal Grüße aus Wien.",
            "Dann sagte der Grazer Anwalt Guid Held aus.",
        ] {
            assert_eq!(persons(text), [], "in {text:?}");
        }
    }

    #[test]
    fn the_seed_article_names_four_people() {
        let seed = include_str!("../corpus/seed/2022-01-genf-blinken-lawrow.txt");
        let paragraphs: Vec<&str> = seed.split("\n\n").collect();
        let mut people: Vec<String> = detect(&paragraphs)
            .into_iter()
            .flatten()
            .map(|mention| mention.person)
            .collect();
        people.sort();
        people.dedup();
        assert_eq!(
            people,
            [
                "Anthony Blinken",
                "Joe Biden",
                "Sergej Lawrow",
                "Wladimir Putin"
            ]
        );
    }
}
