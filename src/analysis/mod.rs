//! The German analyzer: text in, search terms out.
//!
//! Two tantivy [`TextAnalyzer`]s share one pipeline and are used both for indexing and for
//! parsing queries, so a query word and a text word meet exactly when their terms are equal:
//!
//! - [`STEMMED`]: words ([`GermanTokenizer`]) → lower-case and German folding
//!   ([`GermanNormalizer`]) → German stop words removed → Snowball German stem ([`GermanStemmer`]).
//! - [`EXACT`]: the same without the stemmer, to prefer a word's exact surface form.
//!
//! Stop words are dropped but leave a gap in the positions, so phrases still line up.
//! This module knows nothing about the index schema or queries.

mod normalize;
mod stem;
mod tokenizer;

pub use normalize::{fold_german, GermanNormalizer};
pub use stem::GermanStemmer;
pub use tokenizer::GermanTokenizer;

use tantivy::tokenizer::{StopWordFilter, TextAnalyzer, TokenStream, TokenizerManager};

/// Name of the stemming analyzer in the index's tokenizer manager.
pub const STEMMED: &str = "archivar_german";
/// Name of the non-stemming analyzer in the index's tokenizer manager.
pub const EXACT: &str = "archivar_german_exact";

/// German stop words, folded like the tokens they meet.
fn stop_words() -> StopWordFilter {
    let words = include_str!("stopwords_de.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(fold_german);
    StopWordFilter::remove(words)
}

/// The analyzer that produces the terms of the stemmed text fields.
pub fn stemmed_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(GermanTokenizer)
        .filter(GermanNormalizer)
        .filter(stop_words())
        .filter(GermanStemmer::default())
        .build()
}

/// The analyzer that produces the terms of the exact (unstemmed) text fields.
pub fn exact_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(GermanTokenizer)
        .filter(GermanNormalizer)
        .filter(stop_words())
        .build()
}

/// Registers both analyzers under [`STEMMED`] and [`EXACT`].
pub fn register(manager: &TokenizerManager) {
    manager.register(STEMMED, stemmed_analyzer());
    manager.register(EXACT, exact_analyzer());
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
    fn exact_tokens_keep_the_surface_form() {
        let mut analyzer = exact_analyzer();
        assert_eq!(
            terms(&mut analyzer, "Bündnisse des Bündnisses"),
            ["bundnisse", "bundnisses"]
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
