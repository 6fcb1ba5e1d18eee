//! Compound splitting: `Osterweiterung` → `ost` + `erweiterung`, `Flüchtlingskrise` →
//! `flüchtling` + `krise`, `Bundesliga` → `bund` + `liga`.
//!
//! Frequency-based, in the style of Koehn & Knight (2003): a word is cut into parts, with the
//! linking elements `-s-`, `-es-`, `-n-`, `-en-`, `-er-`, `-e-`, `-ens-`, `-ns-` between them
//! (and a head's dropped `-e`, as in `Grenzzaun`), when every
//! part is a frequent German word of its own (by the word frequencies of `data/lexicon`, from
//! wordfreq, CC BY-SA 4.0) and not a suffix, a function word or too short; among the possible
//! cuts the one with the most frequent parts wins. A word much more frequent than its parts
//! stays whole. Rare or short parts never cause a split, so `Verstärkung` is not
//! `Vers`+`tärkung` and `Ostern` is not `Ost`+`ern`.
//!
//! The splitter sees folded tokens (see [`super::fold`]); the lexicon is folded the same way.

use super::cache::WordCache;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::LazyLock;
use std::thread::LocalKey;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Word frequencies (Zipf × 100) of the folded lexicon, built by build.rs.
static LEXICON: LazyLock<Option<fst::Map<&'static [u8]>>> = LazyLock::new(|| {
    fst::Map::new(&include_bytes!(concat!(env!("OUT_DIR"), "/lexicon.fst"))[..]).ok()
});

/// Linking elements (Fugenelemente), tried longest first so `-ens-` wins over `-en-` where both
/// fit. The query side's splitter uses the same list.
pub const LINKERS: [&str; 9] = ["ens", "es", "en", "er", "ns", "s", "n", "e", ""];
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
    "the", "and", "for", "you", "are", "was", "his", "her", "one", "all", "our", "out", "can",
    "but", "has", "had", "who", "how", "why", "she", "him", "its", "new", "now", "get", "best",
    "inter", // Fragments frequent in the word lists.
    "ant", "ana", "ade", "ale", "ane", "ate", "ere", "ine", "ins", "uns",
];

/// Endings that make a word a noun (`Schließung`, `Freiheit`, `Qualität`): a head with one of
/// them is a noun even where the noun list lacks it. Folded, as the splitter sees words.
const NOUN_ENDINGS: &[&str] = &[
    "ung", "ungen", "heit", "heiten", "keit", "keiten", "schaft", "schaften", "tat", "taten",
    "ion", "ionen", "ismus", "nis", "nisse", "tum", "tums",
];

/// Adjectives that head compound adjectives (`fremdenfeindlich`, `einsatzbereit`,
/// `europaweit`, `benutzerfreundlich`), folded: heads that are not nouns. The productive
/// adjectival heads of German grammars (Duden's "Halbsuffixe"), not words of one corpus.
const ADJECTIVE_HEADS: &[&str] = &[
    "feindlich",
    "freundlich",
    "bereit",
    "fahig",
    "widrig",
    "wurdig",
    "stark",
    "schwach",
    "weit",
    "frei",
    "voll",
    "gerecht",
    "pflichtig",
    "wirksam",
    "politisch",
    "technisch",
    "wirtschaftlich",
    "kritisch",
    "sicher",
    "fest",
    "nah",
    "fern",
    "treu",
    "arm",
];

/// Whether `head` may end a compound though the lexicon does not know it as a noun form.
fn head_without_noun_entry(head: &str) -> bool {
    let chars = head.chars().count();
    let noun_ending = NOUN_ENDINGS
        .iter()
        .any(|ending| head.ends_with(ending) && chars >= ending.len() + 4);
    let adjective = ADJECTIVE_HEADS.iter().any(|adjective| {
        head.strip_prefix(adjective)
            .is_some_and(|ending| ["", "e", "en", "er", "es", "em"].contains(&ending))
    });
    noun_ending || adjective
}

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
    LEXICON.as_ref()?.get(word).map(decode_info)
}

/// A lexicon value: Zipf × 100 × 2, plus 1 for a noun form (see build.rs).
fn decode_info(value: u64) -> WordInfo {
    WordInfo {
        zipf: (value >> 1) as f32 / 100.0,
        noun: value & 1 == 1,
    }
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
    part_zipf_known(part, word_info(part)?, place)
}

/// The frequency of `part`, which the lexicon knows as `entry`, if it may stand at `place`.
fn part_zipf_known(part: &str, entry: WordInfo, place: Place) -> Option<f32> {
    let chars = part.chars().count();
    if chars < MIN_PART_CHARS || NEVER_PART_SET.contains(part) || super::is_stop_word(part) {
        return None;
    }
    // The head must be a noun; a short modifier too (`Amt`, `Rat`), unless it is a very
    // frequent word (`Ost`, `neu`, `alt`, `hin`): short rare words are mostly fragments.
    let noun_needed = place == Place::Head
        || (chars == MIN_PART_CHARS && entry.zipf < FREQUENT_SHORT_MODIFIER_ZIPF);
    if noun_needed && !entry.noun && !(place == Place::Head && head_without_noun_entry(part)) {
        return None;
    }
    (entry.zipf >= min_part_zipf(chars)).then_some(entry.zipf)
}

/// What the lexicon knows of each prefix of `word` as written and with an `e` appended, by
/// the prefix's length in bytes: one walk down the lexicon instead of a look-up per prefix.
fn prefix_infos(word: &str) -> Vec<[Option<WordInfo>; 2]> {
    let mut infos = vec![[None, None]; word.len() + 1];
    let Some(lexicon) = LEXICON.as_ref() else {
        return infos;
    };
    let fst = lexicon.as_fst();
    let final_info = |node: fst::raw::Node, output: fst::raw::Output| {
        node.is_final()
            .then(|| decode_info(output.cat(node.final_output()).value()))
    };
    let mut node = fst.root();
    let mut output = fst::raw::Output::zero();
    for (length, byte) in word.bytes().enumerate().map(|(i, byte)| (i + 1, byte)) {
        let Some(transition) = node.find_input(byte).map(|i| node.transition(i)) else {
            break;
        };
        output = output.cat(transition.out);
        node = fst.node(transition.addr);
        infos[length][0] = final_info(node, output);
        if let Some(e) = node.find_input(b'e').map(|i| node.transition(i)) {
            infos[length][1] = final_info(fst.node(e.addr), output.cat(e.out));
        }
    }
    infos
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
    let mut splitter = Splitter {
        word,
        splits: FxHashMap::default(),
        heads: FxHashMap::default(),
    };
    splitter.best_from(0, max_parts)
}

/// The search for the best split of one word, remembering what it found for each rest of the
/// word: the same rest recurs after many cuts and linking elements.
struct Splitter<'w> {
    word: &'w str,
    /// Best split of `word[from..]` into at most `max_parts` parts, by `(from, max_parts)`.
    splits: FxHashMap<(usize, usize), Option<Split>>,
    /// Frequency of `word[from..]` as the head of a compound, by `from`.
    heads: FxHashMap<usize, Option<f32>>,
}

impl Splitter<'_> {
    /// The best split of `word[from..]`, with part offsets relative to `from`.
    fn best_from(&mut self, from: usize, max_parts: usize) -> Option<Split> {
        if max_parts < 2 {
            return None;
        }
        if let Some(known) = self.splits.get(&(from, max_parts)) {
            return known.clone();
        }
        let found = self.search(from, max_parts);
        self.splits.insert((from, max_parts), found.clone());
        found
    }

    fn head_zipf(&mut self, from: usize) -> Option<f32> {
        let word = self.word;
        *self
            .heads
            .entry(from)
            .or_insert_with(|| part_zipf(&word[from..], Place::Head))
    }

    fn search(&mut self, from: usize, max_parts: usize) -> Option<Split> {
        let word = &self.word[from..];
        let mut best: Option<Split> = None;
        let mut consider = |candidate: Split| {
            if best.as_ref().is_none_or(|best| candidate.better_than(best)) {
                best = Some(candidate);
            }
        };
        let prefixes = prefix_infos(word);
        for (cut, _) in word.char_indices().skip(MIN_PART_CHARS) {
            let Some((head, head_zipf)) = modifier(&word[..cut], prefixes[cut]) else {
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
                if let Some(tail_zipf) = self.head_zipf(from + tail_start) {
                    let tail_part = Part {
                        word: tail.to_string(),
                        start: tail_start,
                    };
                    consider(Split {
                        parts: vec![head_part.clone(), tail_part],
                        zipf_sum: head_zipf + tail_zipf,
                    });
                }
                if let Some(rest) = self.best_from(from + tail_start, max_parts - 1) {
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
}

/// `written` as the first part of a compound, with its frequency, given what the lexicon knows
/// of it as written and with an `e` appended. A modifier may have dropped its final `e`
/// (`Grenzzaun`: `Grenze` + `Zaun`); only a noun of some length does that.
fn modifier(written: &str, [as_written, with_e]: [Option<WordInfo>; 2]) -> Option<(String, f32)> {
    if let Some(zipf) = as_written.and_then(|info| part_zipf_known(written, info, Place::Modifier))
    {
        return Some((written.to_string(), zipf));
    }
    let with_e = with_e.filter(|info| info.noun && written.len() >= 4)?;
    let elided = format!("{written}e");
    part_zipf_known(&elided, with_e, Place::Modifier).map(|zipf| (elided, zipf))
}

/// Token filter that replaces each compound by its parts, at the compound's position and
/// with its offsets, and drops every other token: the tokens of the parts field.
#[derive(Clone, Default)]
pub struct CompoundParts;

/// A compound's parts as remembered: shared, so a repeated word costs no copies.
pub type Parts = Rc<[String]>;

/// Words whose splits a thread keeps for [`recent_split`]: the new words of a few articles.
const RECENT_SPLIT_WORDS: usize = 8_192;

type SplitCache = RefCell<WordCache<Option<Parts>>>;

thread_local! {
    /// Splits already made on this thread.
    static SPLITS: SplitCache = RefCell::new(WordCache::new(200_000));
    /// Splits made lately on this thread.
    static RECENT_SPLITS: SplitCache = RefCell::new(WordCache::new(RECENT_SPLIT_WORDS));
}

/// The words of [`split_compound`]'s parts, remembered per thread.
pub fn cached_split(word: &str) -> Option<Parts> {
    split_through(&SPLITS, word)
}

/// [`cached_split`] with a short memory, for indexing: person detection and the analysis of
/// an article ask about the same new words one after the other, and a long memory would hold
/// every word of the archive (both keep their own tables of the words they met).
pub fn recent_split(word: &str) -> Option<Parts> {
    split_through(&RECENT_SPLITS, word)
}

fn split_through(cache: &'static LocalKey<SplitCache>, word: &str) -> Option<Parts> {
    // Cheaper than the look-up: a word of fewer bytes has fewer characters too.
    if word.len() < MIN_WORD_CHARS {
        return None;
    }
    cache.with_borrow_mut(|cache| {
        cache
            .get_or_make(word, |word| {
                split_compound(word).map(|parts| parts.into_iter().map(|p| p.word).collect())
            })
            .clone()
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
            pending: None,
            token: Token::default(),
        }
    }
}

pub struct CompoundPartsStream<T> {
    tail: T,
    /// The parts of the current compound and how many of them are emitted.
    pending: Option<(Parts, usize)>,
    token: Token,
}

impl<T: TokenStream> TokenStream for CompoundPartsStream<T> {
    fn advance(&mut self) -> bool {
        loop {
            if let Some((parts, emitted)) = &mut self.pending {
                if let Some(part) = parts.get(*emitted) {
                    *emitted += 1;
                    self.token.text.clear();
                    self.token.text.push_str(part);
                    return true;
                }
                self.pending = None;
            }
            if !self.tail.advance() {
                return false;
            }
            let token = self.tail.token();
            if let Some(parts) = cached_split(&token.text) {
                self.token.clone_from(token);
                self.pending = Some((parts, 0));
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
            // A head the noun list lacks, known by its ending; `not` is a German noun too.
            ("Werksschließung", &["werk", "schliessung"]),
            ("Wohnungsnot", &["wohnung", "not"]),
            ("Kinderbetreuung", &["kinder", "betreuung"]),
            ("Mietpreisbremse", &["miete", "preis", "bremse"]),
            // An adjective head.
            ("fremdenfeindlich", &["fremden", "feindlich"]),
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
