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
/// Least Zipf frequency of a part (about 2 in a million words); parts of three letters are
/// ambiguous abbreviations or fragments more often, and need more.
const MIN_PART_ZIPF: f32 = 3.3;
const MIN_SHORT_PART_ZIPF: f32 = 4.3;
/// A word whose own frequency exceeds its parts' mean by this much stays whole (`Ausland`).
const WHOLE_WORD_MARGIN: f32 = 1.0;
/// Most parts in one compound.
const MAX_PARTS: usize = 4;

/// Words that are frequent on their own but as parts of a word are suffixes, fragments or
/// function words (German and English, which the frequency lists contain too). `ende` is here
/// because participles (`Vorsitzende`, `Reisende`) end in it far more often than compounds.
const NEVER_PARTS: &[&str] = &[
    "heit", "keit", "ung", "ungen", "schaft", "schaften", "lich", "liche", "lichen", "licher",
    "isch", "ische", "ischen", "chen", "lein", "nis", "nisse", "tum", "sam", "haft", "los", "lose",
    "losen", "bar", "bare", "ern", "ling", "linge", "lingen", "ismus", "ist", "isten", "tion",
    "ion", "ier", "ieren", "iert", "ige", "igen", "iger", "ung", "end", "ende", "enden", "the",
    "and", "for", "you", "not", "are", "was", "his", "her", "one", "all", "our", "out", "can",
    "but", "has", "had", "who", "how", "why", "she", "him", "its", "new", "now", "get", "ver",
    "ent", "zer", "miss", "ant", "ana", "ade", "ale", "ane", "are", "ate", "ere", "ine", "ins",
    "ren", "ten", "ter", "tes", "ung", "uns", "ste", "sten", "ster", "stern", "ende",
];

fn zipf(word: &str) -> Option<f32> {
    let lexicon = LEXICON.as_ref()?;
    lexicon.get(word).map(|value| value as f32 / 100.0)
}

/// The frequency of `part` if it may stand as a part of a compound.
fn part_zipf(part: &str) -> Option<f32> {
    let chars = part.chars().count();
    if chars < MIN_PART_CHARS || NEVER_PARTS.contains(&part) || super::is_stop_word(part) {
        return None;
    }
    let zipf = zipf(part)?;
    let needed = if chars == MIN_PART_CHARS {
        MIN_SHORT_PART_ZIPF
    } else {
        MIN_PART_ZIPF
    };
    (zipf >= needed).then_some(zipf)
}

#[derive(Debug, Clone)]
struct Split {
    parts: Vec<String>,
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
pub fn split_compound(word: &str) -> Option<Vec<String>> {
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
        // A head may have dropped its final `e` (`Grenzzaun`: `Grenze` + `Zaun`).
        let Some((head, head_zipf)) = [word[..cut].to_string(), format!("{}e", &word[..cut])]
            .into_iter()
            .find_map(|head| part_zipf(&head).map(|zipf| (head, zipf)))
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
            if let Some(tail_zipf) = part_zipf(tail) {
                consider(Split {
                    parts: vec![head.clone(), tail.to_string()],
                    zipf_sum: head_zipf + tail_zipf,
                });
            }
            if let Some(rest) = best_split(tail, max_parts - 1) {
                let mut parts = vec![head.clone()];
                parts.extend(rest.parts);
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

/// Remembered splits, so each distinct word is split once per analyzer; bounded.
#[derive(Clone, Default)]
pub struct SplitCache(HashMap<String, Option<Vec<String>>>);

const CACHE_CAPACITY: usize = 100_000;

impl SplitCache {
    fn parts(&mut self, word: &str) -> Option<&Vec<String>> {
        if !self.0.contains_key(word) {
            if self.0.len() >= CACHE_CAPACITY {
                self.0.clear();
            }
            self.0.insert(word.to_string(), split_compound(word));
        }
        self.0.get(word).and_then(Option::as_ref)
    }
}

impl TokenFilter for CompoundParts {
    type Tokenizer<T: Tokenizer> = CompoundPartsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CompoundPartsFilter<T> {
        CompoundPartsFilter {
            inner: tokenizer,
            cache: SplitCache::default(),
        }
    }
}

#[derive(Clone)]
pub struct CompoundPartsFilter<T> {
    inner: T,
    cache: SplitCache,
}

impl<T: Tokenizer> Tokenizer for CompoundPartsFilter<T> {
    type TokenStream<'a> = CompoundPartsStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CompoundPartsStream {
            tail: self.inner.token_stream(text),
            cache: &mut self.cache,
            pending: Vec::new(),
            token: Token::default(),
        }
    }
}

pub struct CompoundPartsStream<'a, T> {
    tail: T,
    cache: &'a mut SplitCache,
    /// Parts of the current compound still to emit, last first.
    pending: Vec<String>,
    token: Token,
}

impl<T: TokenStream> TokenStream for CompoundPartsStream<'_, T> {
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
            if let Some(parts) = self.cache.parts(&token.text) {
                self.token = token.clone();
                self.pending = parts.iter().rev().cloned().collect();
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
        split_compound(&fold_german(word))
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
            ("Grenzzaun", &["grenze", "zaun"]),
        ];
        for (word, expected) in table {
            let expected: Vec<String> = expected.iter().map(|p| p.to_string()).collect();
            assert_eq!(parts(word), Some(expected), "splitting {word}");
        }
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
