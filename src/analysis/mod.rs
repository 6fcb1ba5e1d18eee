//! The German analyzer: text in, search terms out.
//!
//! Tantivy [`TextAnalyzer`]s registered under fixed names and used both for indexing and for
//! parsing queries, so a query word and a text word meet exactly when their terms are equal:
//!
//! - [`STEMMED`]: words ([`GermanTokenizer`]) → lower-case and German folding
//!   ([`GERMAN_NORMALIZER`]) → German stop words removed → Snowball German stem
//!   ([`GERMAN_STEMMER`]).
//! - [`EXACT`]: the same without stemmer and stop-word filter, to prefer a word's exact written
//!   form and a quoted phrase's exact wording (`"Wir schaffen das"`).
//! - [`PARTS`]: the stemmed parts of compounds ([`CompoundParts`]), at the compound's position.
//! - [`SOUNDS`]: the Kölner Phonetik key of capitalised words ([`NAME_SOUNDS`]).
//!
//! [`PassageAnalyzer`] gives a passage's tokens for all four at once, in one pass, exactly as
//! the analyzers would (the build hands them to tantivy as [`PassThrough`] strings, see
//! `docs/performance.md`).
//!
//! Stop words are dropped but leave a gap in the positions, so phrases still line up.
//! [`Analysis`] levels below the default exist to measure what each step brings.
//! This module knows nothing about the index schema or queries.

pub(crate) mod cache;
mod compound;
mod fold;
mod light_stem;
mod normalize;
mod pass_through;
mod passage;
mod phonetic;
mod stem;
mod token_map;
mod tokenizer;
mod word_table;

pub use compound::{
    cached_split, recent_split, split_compound, word_info, CompoundParts, Part, WordInfo, LINKERS,
};
pub use fold::fold_german;
pub use light_stem::{light_stem, GERMAN_LIGHT_STEMMER};
pub use normalize::GERMAN_NORMALIZER;
pub use pass_through::{encode_tokens, push_token, PassThrough};
pub use passage::{PassageAnalyzer, PassageTokens, TokenSink};
pub use phonetic::{cologne_key, may_be_a_name, NAME_SOUNDS};
pub use stem::{stem_german, GERMAN_STEMMER};
pub use token_map::TokenMap;
pub use tokenizer::GermanTokenizer;

use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, TokenStream, TokenizerManager,
};

/// Names of the analyzers in an index's tokenizer manager.
pub const STEMMED: &str = "archivar_german";
pub const EXACT: &str = "archivar_german_exact";
pub const PARTS: &str = "archivar_compound_parts";
pub const SOUNDS: &str = "archivar_name_sounds";

/// How much of the German analysis the word fields get. Compound parts and name sounds are
/// fields of their own, used or not at query time.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Analysis {
    /// tantivy's default: simple tokenizer, lower-casing; no stop words, no stemming.
    Plain,
    /// German tokenizer, lower-casing, stop words, Snowball stemming; no folding.
    Stemmed,
    /// Elasticsearch's `german` analyzer: lower-casing, stop words, German normalisation
    /// (folding), Savoy's light stemmer. For comparison only.
    Light,
    /// Everything: with German folding (`ß`/`ss`, umlauts, `ae`/`ä`) before stemming.
    #[default]
    Folded,
}

/// German stop words, folded like the tokens they meet.
static STOP_WORDS: std::sync::LazyLock<rustc_hash::FxHashSet<String>> =
    std::sync::LazyLock::new(|| {
        include_str!("stopwords_de.txt")
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(fold_german)
            .collect()
    });

/// Whether a folded word is a German stop word.
pub fn is_stop_word(folded: &str) -> bool {
    STOP_WORDS.contains(folded)
}

/// Token filter dropping German stop words (tantivy's `StopWordFilter` with a faster hash).
const STOP_WORDS_FILTER: TokenMap = TokenMap(|token| !is_stop_word(&token.text));

/// The analyzer that produces the terms of the stemmed text fields.
pub fn stemmed_analyzer() -> TextAnalyzer {
    word_analyzer(Analysis::Folded, true)
}

/// The analyzer that produces the terms of the exact (unstemmed) text fields.
pub fn exact_analyzer() -> TextAnalyzer {
    word_analyzer(Analysis::Folded, false)
}

fn word_analyzer(analysis: Analysis, stem: bool) -> TextAnalyzer {
    match (analysis, stem) {
        (Analysis::Plain, _) => TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .build(),
        (Analysis::Stemmed, true) => TextAnalyzer::builder(GermanTokenizer)
            .filter(LowerCaser)
            .filter(STOP_WORDS_FILTER)
            .filter(GERMAN_STEMMER)
            .build(),
        (Analysis::Stemmed, false) => TextAnalyzer::builder(GermanTokenizer)
            .filter(LowerCaser)
            .build(),
        (Analysis::Light, true) => TextAnalyzer::builder(GermanTokenizer)
            .filter(GERMAN_NORMALIZER)
            .filter(STOP_WORDS_FILTER)
            .filter(GERMAN_LIGHT_STEMMER)
            .build(),
        (Analysis::Folded | Analysis::Light, false) => TextAnalyzer::builder(GermanTokenizer)
            .filter(GERMAN_NORMALIZER)
            .build(),
        (Analysis::Folded, true) => TextAnalyzer::builder(GermanTokenizer)
            .filter(GERMAN_NORMALIZER)
            .filter(STOP_WORDS_FILTER)
            .filter(GERMAN_STEMMER)
            .build(),
    }
}

/// The words of a text as the German analyzer cuts them, unchanged.
pub fn words_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(GermanTokenizer).build()
}

/// The analyzer of the compound-parts field: the stemmed parts of each compound.
pub fn parts_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(GermanTokenizer)
        .filter(GERMAN_NORMALIZER)
        .filter(STOP_WORDS_FILTER)
        .filter(CompoundParts)
        .filter(GERMAN_STEMMER)
        .build()
}

/// The analyzer of the name-sounds field: a sound key per capitalised word.
pub fn sounds_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(GermanTokenizer)
        .filter(NAME_SOUNDS)
        .build()
}

/// Registers the analyzers under [`STEMMED`], [`EXACT`], [`PARTS`] and [`SOUNDS`].
pub fn register(manager: &TokenizerManager, analysis: Analysis) {
    manager.register(STEMMED, word_analyzer(analysis, true));
    manager.register(EXACT, word_analyzer(analysis, false));
    manager.register(PARTS, parts_analyzer());
    manager.register(SOUNDS, sounds_analyzer());
}

/// Registers [`PassThrough`] under [`STEMMED`], [`EXACT`], [`PARTS`] and [`SOUNDS`], for a build
/// that hands those fields the tokens of [`PassageAnalyzer`] as [`encode_tokens`] writes them. Never for
/// an index that answers queries.
pub fn register_pass_through(manager: &TokenizerManager) {
    for name in [STEMMED, EXACT, PARTS, SOUNDS] {
        manager.register(name, TextAnalyzer::from(PassThrough));
    }
}

/// One analysed word: its term and where it stands in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedToken {
    pub term: String,
    /// Position in words, counting removed stop words.
    pub position: usize,
    /// Byte range in the analysed text.
    pub offsets: std::ops::Range<usize>,
}

/// Runs `analyzer` over `text` and collects its tokens.
///
/// ```
/// use archivar::analysis::{analyze, stemmed_analyzer};
/// let terms: Vec<String> = analyze(&mut stemmed_analyzer(), "die Bündnisse der Nato")
///     .into_iter()
///     .map(|token| token.term)
///     .collect();
/// assert_eq!(terms, ["bundnis", "nato"]);
/// ```
pub fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<AnalyzedToken> {
    let mut tokens = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        tokens.push(AnalyzedToken {
            term: token.text.clone(),
            position: token.position,
            offsets: token.offset_from..token.offset_to,
        });
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        analyze(analyzer, text)
            .into_iter()
            .map(|t| t.term)
            .collect()
    }

    #[test]
    fn stemmed_tokens_table() {
        let table: &[(&str, &[&str])] = &[
            ("Nato Osterweiterung", &["nato", "osterweiter"]),
            ("US-Außenminister", &["us", "aussenminist"]),
            ("US Aussenminister", &["us", "aussenminist"]),
            ("die Außenminister der USA", &["aussenminist", "usa"]),
            (
                "Bündnisse Bündnisses Bündnis",
                &["bundnis", "bundnis", "bundnis"],
            ),
            ("Gesprächen Gespräche", &["gesprach", "gesprach"]),
            ("Äußere Aeussere", &["auss", "auss"]),
            (
                "„russlandfeindlichen Hysterie“",
                &["russlandfeind", "hysteri"],
            ),
            (
                "Journalist:innen und Lehrer*innen",
                &["journalistinn", "lehrerinn"],
            ),
            ("Ex-Sowjetrepubliken", &["ex", "sowjetrepubl"]),
            ("im Jahr 2022, am 18.1.", &["jahr", "2022", "18", "1"]),
            ("und oder aber dass daß", &[]),
            ("", &[]),
            ("... -- !!", &[]),
        ];
        let mut analyzer = stemmed_analyzer();
        for (input, expected) in table {
            assert_eq!(
                terms(&mut analyzer, input),
                *expected,
                "analysing {input:?}"
            );
        }
    }

    #[test]
    fn parts_and_sounds() {
        assert_eq!(
            terms(
                &mut parts_analyzer(),
                "Die Nato-Osterweiterung und die Flüchtlingskrise"
            ),
            ["ost", "erweiter", "fluchtling", "kris"]
        );
        assert_eq!(
            terms(&mut sounds_analyzer(), "sagte Lawrow in Genf über die Nato"),
            ["5373", "463"]
        );
        // Common nouns get no sound key unless they are listed names too.
        assert_eq!(
            terms(
                &mut sounds_analyzer(),
                "Die Regierung von Herrn Müller und Frau Fischer"
            ),
            [cologne_key("Müller"), cologne_key("Fischer")]
        );
    }

    #[test]
    fn lower_levels_leave_steps_out() {
        let mut plain = word_analyzer(Analysis::Plain, true);
        assert_eq!(
            terms(&mut plain, "Die Außenminister"),
            ["die", "außenminister"]
        );
        let mut stemmed = word_analyzer(Analysis::Stemmed, true);
        assert_eq!(terms(&mut stemmed, "Die Außenminister"), ["aussenminist"]);
        // Snowball itself maps ß and umlauts; only the folding step makes `ae` meet `ä`.
        let folded = terms(&mut stemmed, "Aussenminister Äußere Aeussere");
        assert_eq!(folded[..2], ["aussenminist", "auss"]);
        assert_ne!(folded[2], "auss");
    }

    #[test]
    fn exact_tokens_keep_the_surface_form() {
        let mut analyzer = exact_analyzer();
        assert_eq!(
            terms(&mut analyzer, "Bündnisse des Bündnisses"),
            ["bundnisse", "des", "bundnisses"]
        );
    }

    #[test]
    fn positions_count_removed_stop_words_and_offsets_point_into_the_text() {
        let text = "Ende der US-Osterweiterung";
        let tokens = analyze(&mut stemmed_analyzer(), text);
        let seen: Vec<(usize, &str)> = tokens
            .iter()
            .map(|t| (t.position, &text[t.offsets.clone()]))
            .collect();
        assert_eq!(seen, [(0, "Ende"), (2, "US"), (3, "Osterweiterung")]);
    }
}
