//! Compound splitting: `Osterweiterung` → `ost` + `erweiterung`, `Flüchtlingskrise` →
//! `flüchtling` + `krise`, `Bundesliga` → `bund` + `liga`.
//!
//! Frequency-based, in the style of Koehn & Knight (2003): a word is cut into parts, with the
//! linking elements `-s-`, `-es-`, `-n-`, `-en-`, `-er-`, `-e-`, `-ens-` between them (and a
//! head's dropped `-e`, as in `Grenzzaun`), when every
//! part is a frequent German word of its own (by the word frequencies of `data/lexicon`, from
//! wordfreq, CC BY-SA 4.0) and not a suffix, a function word or too short; among the possible
//! cuts the one with the most frequent parts wins. A word much more frequent than its parts
//! stays whole. Rare or short parts never cause a split, so `Verstärkung` is not
//! `Vers`+`tärkung` and `Ostern` is not `Ost`+`ern`.
//!
//! The splitter sees folded tokens (see [`super::fold`]); the lexicon is folded the same way.

use std::collections::HashMap;
use std::sync::LazyLock;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Word frequencies (Zipf × 100) of the folded lexicon, built by build.rs.
static LEXICON: LazyLock<Option<fst::Map<&'static [u8]>>> = LazyLock::new(|| {
    fst::Map::new(&include_bytes!(concat!(env!("OUT_DIR"), "/lexicon.fst"))[..]).ok()
});

/// Linking elements, tried longest first so `-ens-` wins over `-en-` where both fit.
const LINKERS: [&str; 9] = ["ens", "es", "en", "er", "ns", "s", "n", "e", ""];
/// Shortest word that may be a compound, and shortest part, in characters.
const MIN_WORD_CHARS: usize = 6;
const MIN_PART_CHARS: usize = 3;
/// Least Zipf frequency of a part, by its length: short parts are more often fragments or
/// abbreviations that happen to be words (`oma` in `diplomatisch`), long ones rarely are.
/// (Zipf 3 is about once in a million words.)
fn min_part_zipf(chars: usize) -> f32 {
    match chars {
        0..=3 => 4.0,
        4 => 3.5,
        _ => 3.0,
    }
}
/// A three-letter modifier that is not a noun needs this frequency (about 30 in a million).
const FREQUENT_SHORT_MODIFIER_ZIPF: f32 = 4.5;
/// A word whose own frequency exceeds its parts' mean by this much stays whole (`Ausland`).
const WHOLE_WORD_MARGIN: f32 = 1.0;
/// Most parts in one compound.
const MAX_PARTS: usize = 4;

/// Words that are frequent on their own but as parts of a word are suffixes, fragments or
/// function words (German and English, which the frequency lists contain too). `ende` is here
/// because participles (`Vorsitzende`, `Reisende`) end in it far more often than compounds.
const NEVER_PARTS: &[&str] = &[
    // German derivational suffixes and inflection fragments.
    "heit", "keit", "ung", "ungen", "schaft", "schaften", "lich", "liche", "lichen", "licher",
    "isch", "ische", "ischen", "chen", "lein", "nis", "nisse", "tum", "sam", "haft", "los", "lose",
    "losen", "bar", "bare", "reich", "reiche", "reichen", "ern", "ling", "linge", "lingen",
    "ismus", "ist", "isten", "tion", "ion", "ionen", "ier", "ieren", "iert", "ige", "igen", "iger",
    "ende", "enden", "ste", "sten", "ster", "stern", "ten", "ter", "tes", "ren", "ver", "ent",
    "zer", "miss", // English function words.
    "the", "and", "for", "you", "not", "are", "was", "his", "her", "one", "all", "our", "out",
    "can", "but", "has", "had", "who", "how", "why", "she", "him", "its", "new", "now", "get",
    "best", "inter", // Fragments frequent in the word lists.
    "ant", "ana", "ade", "ale", "ane", "ate", "ere", "ine", "ins", "uns",
];

static NEVER_PART_SET: LazyLock<std::collections::HashSet<&'static str>> =
    LazyLock::new(|| NEVER_PARTS.iter().copied().collect());

/// What the lexicon knows of a word.
#[derive(Debug, Clone, Copy)]
pub struct WordInfo {
    /// How frequent the word is: Zipf, the log10 of occurrences per billion words.
    pub zipf: f32,
    /// Whether the word is a case form of a noun.
    pub noun: bool,
}

/// What the lexicon knows of a folded, lower-case word.
pub fn word_info(word: &str) -> Option<WordInfo> {
    let value = LEXICON.as_ref()?.get(word)?;
    Some(WordInfo {
        zipf: (value >> 1) as f32 / 100.0,
        noun: value & 1 == 1,
    })
}

fn zipf(word: &str) -> Option<f32> {
    word_info(word).map(|entry| entry.zipf)
}

/// Where a part stands in its compound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Any part but the last: a noun, verb stem, adjective or adverb (`Außen`minister).
    Modifier,
    /// The last part, the head, which makes the compound a noun: it must be a noun form.
    Head,
}

/// The frequency of `part` if it may stand at `place` in a compound.
fn part_zipf(part: &str, place: Place) -> Option<f32> {
    let chars = part.chars().count();
    if chars < MIN_PART_CHARS || NEVER_PART_SET.contains(part) || super::is_stop_word(part) {
        return None;
    }
    let entry = word_info(part)?;
    // The head must be a noun; a short modifier too (`Amt`, `Rat`), unless it is a very
    // frequent word (`Ost`, `neu`, `alt`, `hin`): short rare words are mostly fragments.
    let noun_needed = place == Place::Head
        || (chars == MIN_PART_CHARS && entry.zipf < FREQUENT_SHORT_MODIFIER_ZIPF);
    if noun_needed && !entry.noun {
        return None;
    }
    (entry.zipf >= min_part_zipf(chars)).then_some(entry.zipf)
}

/// One part of a compound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The part as a word of its own (`grenze` in `grenzzaun`).
    pub word: String,
    /// Byte offset in the compound where the part starts (after the previous part's linking
    /// element).
    pub start: usize,
}

#[derive(Debug, Clone)]
struct Split {
    parts: Vec<Part>,
    zipf_sum: f32,
}

impl Split {
    fn mean(&self) -> f32 {
        self.zipf_sum / self.parts.len() as f32
    }

    fn better_than(&self, other: &Split) -> bool {
        // More frequent parts first; for equal frequency, fewer parts.
        let (mine, theirs) = (self.mean(), other.mean());
        mine > theirs + 1e-4
            || ((mine - theirs).abs() <= 1e-4 && self.parts.len() < other.parts.len())
    }
}

/// The parts of a folded, lower-case word, or `None` if it is not a compound.
pub fn split_compound(word: &str) -> Option<Vec<Part>> {
    if word.chars().count() < MIN_WORD_CHARS || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let split = best_split(word, MAX_PARTS)?;
    let whole = zipf(word).unwrap_or(0.0);
    (whole < split.mean() + WHOLE_WORD_MARGIN).then_some(split.parts)
}

/// The best cut of `word` into 2 to `max_parts` parts.
fn best_split(word: &str, max_parts: usize) -> Option<Split> {
    if max_parts < 2 {
        return None;
    }
    let mut best: Option<Split> = None;
    let mut consider = |candidate: Split| {
        if best.as_ref().is_none_or(|best| candidate.better_than(best)) {
            best = Some(candidate);
        }
    };
    for (cut, _) in word.char_indices().skip(MIN_PART_CHARS) {
        // A modifier may have dropped its final `e` (`Grenzzaun`: `Grenze` + `Zaun`); only a
        // noun of some length does that.
        let as_written = word[..cut].to_string();
        let elided = format!("{as_written}e");
        let Some((head, head_zipf)) = part_zipf(&as_written, Place::Modifier)
            .map(|zipf| (as_written.clone(), zipf))
            .or_else(|| {
                let noun = word_info(&elided).is_some_and(|entry| entry.noun);
                (cut >= 4 && noun)
                    .then(|| part_zipf(&elided, Place::Modifier))
                    .flatten()
                    .map(|zipf| (elided, zipf))
            })
        else {
            continue;
        };
        for linker in LINKERS {
            let Some(tail) = word[cut..].strip_prefix(linker) else {
                continue;
            };
            if tail.chars().count() < MIN_PART_CHARS {
                continue;
            }
            let tail_start = cut + linker.len();
            let head_part = Part {
                word: head.clone(),
                start: 0,
            };
            if let Some(tail_zipf) = part_zipf(tail, Place::Head) {
                let tail_part = Part {
                    word: tail.to_string(),
                    start: tail_start,
                };
                consider(Split {
                    parts: vec![head_part.clone(), tail_part],
                    zipf_sum: head_zipf + tail_zipf,
                });
            }
            if let Some(rest) = best_split(tail, max_parts - 1) {
                let mut parts = vec![head_part];
                parts.extend(rest.parts.into_iter().map(|part| Part {
                    start: part.start + tail_start,
                    ..part
                }));
                consider(Split {
                    parts,
                    zipf_sum: head_zipf + rest.zipf_sum,
                });
            }
        }
    }
    best
}

/// Token filter that replaces each compound by its parts, at the compound's position and
/// with its offsets, and drops every other token: the tokens of the parts field.
#[derive(Clone, Default)]
pub struct CompoundParts;

/// Most remembered splits per thread; the memory is cleared when full.
const CACHE_CAPACITY: usize = 200_000;

thread_local! {
    /// Splits already made on this thread: words repeat, in a text and across texts.
    static SPLITS: std::cell::RefCell<HashMap<String, Option<Vec<String>>>> =
        std::cell::RefCell::new(HashMap::new());
}

/// The words of [`split_compound`]'s parts, remembered per thread.
pub fn cached_split(word: &str) -> Option<Vec<String>> {
    SPLITS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(parts) = cache.get(word) {
            return parts.clone();
        }
        if cache.len() >= CACHE_CAPACITY {
            cache.clear();
        }
        let parts = split_compound(word).map(|parts| parts.into_iter().map(|p| p.word).collect());
        cache.insert(word.to_string(), parts.clone());
        parts
    })
}

impl TokenFilter for CompoundParts {
    type Tokenizer<T: Tokenizer> = CompoundPartsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CompoundPartsFilter<T> {
        CompoundPartsFilter { inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct CompoundPartsFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CompoundPartsFilter<T> {
    type TokenStream<'a> = CompoundPartsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CompoundPartsStream {
            tail: self.inner.token_stream(text),
            pending: Vec::new(),
            token: Token::default(),
        }
    }
}

pub struct CompoundPartsStream<T> {
    tail: T,
    /// Parts of the current compound still to emit, last first.
    pending: Vec<String>,
    token: Token,
}

impl<T: TokenStream> TokenStream for CompoundPartsStream<T> {
    fn advance(&mut self) -> bool {
        loop {
            if let Some(part) = self.pending.pop() {
                self.token.text = part;
                return true;
            }
            if !self.tail.advance() {
                return false;
            }
            let token = self.tail.token();
            if let Some(mut parts) = cached_split(&token.text) {
                self.token = token.clone();
                parts.reverse();
                self.pending = parts;
            }
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fold_german;

    fn parts(word: &str) -> Option<Vec<String>> {
        split_compound(&fold_german(word)).map(|parts| parts.into_iter().map(|p| p.word).collect())
    }

    #[test]
    fn splits_compounds_with_linking_elements() {
        let table: &[(&str, &[&str])] = &[
            ("Osterweiterung", &["ost", "erweiterung"]),
            ("Flüchtlingskrise", &["fluchtling", "krise"]),
            ("Bundesliga", &["bund", "liga"]),
            ("Sicherheitsgarantien", &["sicherheit", "garantien"]),
            ("Außenminister", &["aussen", "minister"]),
            ("Militärhilfen", &["militar", "hilfen"]),
            ("Ostflanke", &["ost", "flanke"]),
            ("Nachbarstaaten", &["nachbar", "staaten"]),
            ("Grenzzaun", &["grenz", "zaun"]),
        ];
        for (word, expected) in table {
            let expected: Vec<String> = expected.iter().map(|p| p.to_string()).collect();
            assert_eq!(parts(word), Some(expected), "splitting {word}");
        }
        let starts: Vec<usize> = split_compound("bundesliga")
            .unwrap_or_default()
            .iter()
            .map(|part| part.start)
            .collect();
        assert_eq!(starts, [0, 6]);
    }

    #[test]
    fn does_not_split_simple_words() {
        for word in [
            "Verstärkung",
            "Ostern",
            "Beamte",
            "Erweiterung",
            "Regierung",
            "Sicherheit",
            "Gesellschaft",
            "Präsident",
            "Bündnis",
            "Minister",
            "Wirtschaft",
            "Mitglieder",
            "Bestand",
            "Kanzlerin",
            "Verhandlungen",
            "Unterstützung",
            "Vorsitzende",
            "Nato",
            "2022",
        ] {
            assert_eq!(parts(word), None, "splitting {word}");
        }
    }
}
