//! The word lists of person detection and what they say about one word: given names, places
//! and organisations, titles and roles, function words, frequent common nouns. The lists are
//! data files in `data/names/`, each naming its source and licence; this module does not look
//! at a word's neighbours.

use crate::analysis::{fold_german, is_stop_word, word_info, WordInfo};
// A fast hash: the lists are looked up for every capitalised word while indexing.
use rustc_hash::FxHashSet as HashSet;
use std::sync::LazyLock;

static GIVEN_NAMES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_list(include_str!("../../../data/names/given-names.txt")));
static NOT_PERSONS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_list(include_str!("../../../data/names/not-persons.txt")));
static CITIES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_list(include_str!("../../../data/names/cities.txt")));
static SURNAMES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_list(include_str!("../../../data/names/surnames.txt")));
/// Capitalised words of an English dictionary: names of famous people, places and peoples.
static ENGLISH_PROPER: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_list(include_str!("../../../data/names/english-proper.txt")));
static ENGLISH_WORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_list(include_str!("../../../data/names/english-words.txt")));
static NOT_GIVEN_NAMES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_list(include_str!("../../../data/names/not-given-names.txt")));
static TITLES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_list(include_str!("../../../data/names/titles.txt")));
/// Role endings, and the lengths in bytes they come in (a handful), so that a word's endings
/// are looked up instead of compared with every entry.
static ROLE_ENDINGS: LazyLock<(HashSet<&'static str>, Vec<usize>)> = LazyLock::new(|| {
    let endings = word_list(include_str!("../../../data/names/role-endings.txt"));
    let mut lengths: Vec<usize> = endings.iter().map(|e| e.len()).collect();
    lengths.sort_unstable();
    lengths.dedup();
    (endings, lengths)
});
/// Institution words before a name (`Burg Wittelsbach`) and after it (`Carl Zeiss AG`).
static INSTITUTIONS: LazyLock<(HashSet<&'static str>, HashSet<&'static str>)> =
    LazyLock::new(|| {
        let mut before = HashSet::default();
        let mut after = HashSet::default();
        for line in word_list(include_str!("../../../data/names/institution-words.txt")) {
            match line.split_once(' ') {
                Some(("before", word)) => before.insert(word),
                Some(("after", word)) => after.insert(word),
                _ => false,
            };
        }
        (before, after)
    });

fn word_list(text: &'static str) -> HashSet<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
}

/// Words that join the parts of a name in lower case; `der` and `den` only after `von` or
/// `van` (`von der Leyen`), since they are articles everywhere else.
pub const PARTICLES: &[&str] = &[
    "von", "van", "de", "di", "da", "du", "le", "la", "zu", "ter", "ten", "el", "bin", "ben",
    "ibn", "dos", "del",
];

/// Particles that also join parts of a surname (`Cristina Fernandez de Kirchner`); the German
/// `von` does so only at the start, since after a name it names a place or an employer.
pub const INNER_PARTICLES: &[&str] = &[
    "van", "de", "di", "da", "du", "ter", "ten", "bin", "ibn", "dos", "del",
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
pub const AMBIGUOUS_GIVEN_ZIPF: f32 = 3.5;

/// Whether the given-name list holds the word (or each part of a hyphenated one) and it is no
/// function word or very frequent noun.
pub fn is_given_name(word: &str) -> bool {
    let listed = GIVEN_NAMES.contains(word)
        || (word.contains('-') && word.split('-').all(|part| GIVEN_NAMES.contains(part)));
    if !listed || NOT_GIVEN_NAMES.contains(word) {
        return false;
    }
    let folded = fold_german(word);
    !is_stop_word(&folded)
        && !word_info(&folded).is_some_and(|info| info.noun && info.zipf >= TOP_NOUN_ZIPF)
}

/// A given name that is also a frequent noun, a place or an organisation (`Ernst`, `Paris`).
pub fn is_ambiguous_given_name(word: &str) -> bool {
    not_a_person(word)
        || word_info(&fold_german(word))
            .is_some_and(|info| info.noun && info.zipf >= AMBIGUOUS_GIVEN_ZIPF)
}

/// A title or a role before a name (`Frau`, `Außenminister`, `US-Präsidentin`), also inflected.
pub fn is_role(word: &str) -> bool {
    let lower = word.to_lowercase();
    let last = lower.rsplit('-').next().unwrap_or(&lower);
    let (endings, lengths) = &*ROLE_ENDINGS;
    let role = |word: &str| {
        TITLES.contains(word)
            || lengths.iter().any(|&length| {
                word.len() >= length
                    && word.is_char_boundary(word.len() - length)
                    && endings.contains(&word[word.len() - length..])
            })
    };
    role(last)
        || ["s", "es", "n", "en"]
            .iter()
            .any(|ending| last.strip_suffix(ending).is_some_and(role))
}

/// A word of the English dictionary written in lower case there (`night`, `shield`); `word`
/// in lower case.
pub fn is_english_word(word: &str) -> bool {
    ENGLISH_WORDS.contains(word)
}

/// A title of address (`Herr`, `Dr`), not a role.
pub fn is_title(word: &str) -> bool {
    TITLES.contains(word.to_lowercase().as_str())
}

/// A word that makes the name after it a thing's (`Burg`, `FC`, `Hotel`).
pub fn is_institution_before(word: &str) -> bool {
    INSTITUTIONS.0.contains(word.to_lowercase().as_str())
}

/// A word that makes the name before it a thing's (`AG`, `Stiftung`, `Gymnasium`).
pub fn is_institution_after(word: &str) -> bool {
    INSTITUTIONS.1.contains(word.to_lowercase().as_str())
}

/// A street, square or building named after someone (`Ben-Jehuda-Straße`, `Ben Jehudastraße`).
pub fn is_street(word: &str) -> bool {
    let lower = word.to_lowercase();
    [
        "straße", "strasse", "gasse", "allee", "platz", "weg", "damm", "ufer", "brücke", "zentrum",
        "halle", "schule", "stiftung", "preis", "park", "stadion",
    ]
    .iter()
    .any(|end| lower.len() > end.len() && lower.ends_with(end))
}

/// A place or organisation, also in the genitive (`Russlands`) or as a hyphenated compound
/// whose last part is one (`Nato-Gipfel` is no person either way).
pub fn not_a_person(word: &str) -> bool {
    let last = word.rsplit('-').next().unwrap_or(word);
    let first = word.split('-').next().unwrap_or(word);
    [word, last, first]
        .iter()
        .any(|w| listed_or_genitive(&NOT_PERSONS, w))
}

/// Whether `list` holds the word, or the word less a genitive `s`.
fn listed_or_genitive(list: &HashSet<&'static str>, word: &str) -> bool {
    list.contains(word) || word.strip_suffix('s').is_some_and(|w| list.contains(w))
}

/// Whether the surname or the given-name list holds the word as it is written (`Müller`,
/// `Fischer`, `Rose`), whatever else it may be.
pub fn is_listed_name(word: &str) -> bool {
    GIVEN_NAMES.contains(word) || SURNAMES.contains(word)
}

/// Whether the surname list holds the word (or the last part of a hyphenated one).
pub fn is_listed_surname(word: &str) -> bool {
    SURNAMES.contains(word)
        || word
            .rsplit('-')
            .next()
            .is_some_and(|last| SURNAMES.contains(last))
}

/// A whole multi-word name of a place or organisation (`Abu Dhabi`, `San Remo`).
pub fn is_listed_place(name: &str) -> bool {
    NOT_PERSONS.contains(name) || (name.contains(' ') && CITIES.contains(name))
}

/// The name of a town or city (`Houston`), also in the genitive; many are surnames too, so
/// this is evidence for the labeller, not a verdict.
pub fn is_city(word: &str) -> bool {
    listed_or_genitive(&CITIES, word)
}

/// A capitalised word of an English dictionary (`Goethe`, `Stalin`, but also `Houston`), also
/// in the genitive: evidence for the labeller, which weighs it against the place lists.
pub fn is_english_proper(word: &str) -> bool {
    listed_or_genitive(&ENGLISH_PROPER, word)
}

/// How sure the context is that a name follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// After a given name that is nothing else.
    Strong,
    /// After a role word, an ambiguous given name, or further into a name.
    Weak,
}

/// Whether a capitalised word can be (part of) a surname.
pub fn surname_like(text: &str, evidence: Evidence) -> bool {
    SurnameFacts::of(text).allow(evidence)
}

/// What [`surname_like`] asks of a word, asked once for both kinds of evidence: the list
/// look-ups and the lexicon's entry cost the same whatever the evidence.
#[derive(Debug, Clone, Copy)]
pub struct SurnameFacts {
    /// No surname whatever the context: not capitalised, a single letter, an abbreviation or
    /// number, a brand, a role, a place or organisation, a street or institution.
    never: bool,
    /// A function word (once folded).
    function_word: bool,
    /// A polite pronoun (`Sie`, `Ihnen`): a function word even after a clear given name.
    polite: bool,
    /// The lexicon's entry of the folded word.
    info: Option<WordInfo>,
}

impl SurnameFacts {
    pub fn of(text: &str) -> SurnameFacts {
        let folded = fold_german(text);
        let info = word_info(&folded);
        SurnameFacts::with(text, &folded, info, |text| {
            (is_role(text), not_a_person(text), is_street(text))
        })
    }

    /// The facts of `text`, given its folded form, the lexicon's entry of that, and a source
    /// of its role, place and street facts (which [`super::lex::Lex`] asks anyway).
    pub fn with(
        text: &str,
        folded: &str,
        info: Option<WordInfo>,
        lists: impl FnOnce(&str) -> (bool, bool, bool),
    ) -> SurnameFacts {
        // At least two letters: no initial either.
        let shape_never = !text.chars().next().is_some_and(char::is_uppercase)
            || text.chars().count() < 2
            || is_abbreviation_or_number(text)
            || is_brand(text);
        let never = shape_never || {
            let (role, place, street) = lists(text);
            role || place || street
        };
        SurnameFacts {
            never,
            function_word: is_stop_word(folded),
            polite: folded.starts_with("ih") || folded == "sie",
            info,
        }
    }

    /// Whether the word can be (part of) a surname with this evidence.
    pub fn allow(&self, evidence: Evidence) -> bool {
        // A capitalised function word inside a sentence is a name after a clear given name
        // (`Woody Allen`), unless it is a polite pronoun (`Sie`, `Ihnen`).
        let function_word = self.function_word && (evidence != Evidence::Strong || self.polite);
        if self.never || function_word {
            return false;
        }
        let noun_limit = match evidence {
            Evidence::Strong => COMMON_NOUN_ZIPF,
            Evidence::Weak => ANY_NOUN_ZIPF,
        };
        !self
            .info
            .is_some_and(|info| info.noun && info.zipf >= noun_limit)
    }
}

/// Abbreviations in capitals (`USA`, `ÖVP`) and words with digits.
pub fn is_abbreviation_or_number(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    letters != text.chars().filter(|c| *c != '-' && *c != '\'').count()
        || text
            .chars()
            .skip(1)
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

/// A capital inside a word marks a product or brand (`AlphaGo`, `iPhone`), unless a name
/// prefix explains it (`McDonald`, `DiCaprio`, `LeBron`).
pub fn is_brand(text: &str) -> bool {
    let inner_capital = text
        .chars()
        .zip(text.chars().skip(1))
        .any(|(a, b)| a.is_lowercase() && b.is_uppercase());
    let name_prefix = ["Mc", "Mac", "Di", "De", "Le", "La", "Du", "Van", "O'"]
        .iter()
        .any(|prefix| text.starts_with(prefix));
    inner_capital && !name_prefix
}

/// A Roman number up to 39 as written after a ruler's name (`II`, `XVI`).
pub fn is_regnal(word: &str) -> bool {
    let tens = word.len() - word.trim_start_matches('X').len();
    let rest = &word[tens..];
    tens <= 3
        && !word.is_empty()
        && ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"].contains(&rest)
}
