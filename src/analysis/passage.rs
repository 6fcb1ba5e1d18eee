//! One pass over a text that yields the tokens of every word field at once: the stemmed terms,
//! the exact forms, the stemmed compound parts and the sound keys of names.
//!
//! The registered analyzers ([`super::register`]) cut and fold a passage once per field; this
//! cuts it once, analyses each distinct word once, and derives every field's tokens from that word, with the
//! same filter functions in the same order, so the tokens are exactly the analyzers' (a test
//! compares them, and one in `tests/` the terms of whole indexes). A word's tokens are made
//! once and remembered for its next occurrence. Levels whose word fields are not folded ([`Analysis::Plain`],
//! [`Analysis::Stemmed`], for measurements only) run their own analyzers for those fields.
//! This file knows nothing about the index schema.

use super::compound::recent_split;
use super::word_table::{OwnedWordTokens, WordTable};
use super::{
    light_stem, stem_german, word_analyzer, Analysis, GermanTokenizer, GERMAN_LIGHT_STEMMER,
    GERMAN_NORMALIZER, GERMAN_STEMMER, NAME_SOUNDS, STOP_WORDS_FILTER,
};
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

/// The tokens of a passage, field by field, in the order of the text.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PassageTokens {
    /// As the stemmed analyzer ([`super::STEMMED`]) gives them.
    pub stemmed: Vec<Token>,
    /// As the exact analyzer ([`super::EXACT`]) gives them.
    pub exact: Vec<Token>,
    /// As the compound-parts analyzer ([`super::PARTS`]) gives them.
    pub parts: Vec<Token>,
    /// As the name-sounds analyzer ([`super::SOUNDS`]) gives them.
    pub sounds: Vec<Token>,
}

/// Analyses passages for every field in one pass. Holds the analyzers of the levels that need
/// their own, so make one per thread and reuse it.
///
/// ```
/// use archivar::analysis::{Analysis, PassageAnalyzer};
/// let text = "Die Nato-Osterweiterung und Lawrow";
/// let tokens = PassageAnalyzer::new(Analysis::Folded).passage(text);
/// let stems: Vec<&str> = tokens.stemmed.iter().map(|t| t.text.as_str()).collect();
/// assert_eq!(stems, ["nato", "osterweiter", "lawrow"]);
/// let parts: Vec<&str> = tokens.parts.iter().map(|t| t.text.as_str()).collect();
/// assert_eq!(parts, ["ost", "erweiter"]);
/// let sounds: Vec<&str> = tokens.sounds.iter().map(|t| t.text.as_str()).collect();
/// assert_eq!(sounds, ["082732764", "5373"]);
/// ```
pub struct PassageAnalyzer {
    stem: Stem,
    /// What each word cut from the text gives, by its text as cut.
    words: WordTable,
    /// The token handed to the sink, reused from token to token.
    scratch: Token,
    /// The analyzers of the stemmed and exact fields, for levels without folding.
    unfolded: Option<(TextAnalyzer, TextAnalyzer)>,
}

/// Words remembered per analyzer (a thread's): a year of news uses fewer distinct words.
const WORDS_REMEMBERED: usize = 300_000;

/// The tokens a word gives in every field, the same wherever it stands: made once per word by
/// the fields' filter functions, in the analyzers' order.
fn word_tokens(word: &Token, stem: Stem) -> OwnedWordTokens {
    let mut sound = word.clone();
    let sound = (word.text.chars().next().is_some_and(char::is_uppercase)
        && (NAME_SOUNDS.0)(&mut sound))
    .then_some(sound.text);
    let mut folded = word.clone();
    (GERMAN_NORMALIZER.0)(&mut folded);
    let keep = (STOP_WORDS_FILTER.0)(&mut folded);
    let mut parts = Vec::new();
    let mut stemmed = None;
    if keep {
        // Made once per word here, so the per-thread caches of splits and stems (which
        // the analyzers use) are not filled a second time; the split comes through the
        // short memory that person detection filled with the same article's new words.
        for part in recent_split(&folded.text)
            .iter()
            .flat_map(|parts| parts.iter())
        {
            parts.push(stem_german(part));
        }
        stemmed = Some(match stem {
            Stem::Snowball => stem_german(&folded.text),
            Stem::Light => light_stem(&folded.text),
        });
    }
    OwnedWordTokens {
        sound,
        stem: stemmed,
        folded: folded.text,
        parts,
    }
}

/// How the stemmed field's words are stemmed at a folded level.
#[derive(Clone, Copy)]
enum Stem {
    Snowball,
    Light,
}

impl PassageAnalyzer {
    pub fn new(analysis: Analysis) -> PassageAnalyzer {
        let (stem, unfolded) = match analysis {
            Analysis::Folded => (Stem::Snowball, None),
            Analysis::Light => (Stem::Light, None),
            Analysis::Plain | Analysis::Stemmed => (
                Stem::Snowball,
                Some((
                    word_analyzer(analysis, true),
                    word_analyzer(analysis, false),
                )),
            ),
        };
        PassageAnalyzer {
            stem,
            words: WordTable::new(WORDS_REMEMBERED),
            scratch: Token::default(),
            unfolded,
        }
    }

    /// The tokens of every word field of `text`.
    pub fn passage(&mut self, text: &str) -> PassageTokens {
        let mut tokens = PassageTokens::default();
        self.passage_into(text, &mut tokens);
        tokens
    }

    /// Hands the tokens of every word field of `text` to `sink`, each field's in the order of
    /// the text.
    pub fn passage_into(&mut self, text: &str, sink: &mut impl TokenSink) {
        let folded_fields = self.unfolded.is_none();
        let stem = self.stem;
        let scratch = &mut self.scratch;
        let mut tokenizer = GermanTokenizer;
        let mut words = tokenizer.token_stream(text);
        while words.advance() {
            let word = words.token();
            let analysed = self
                .words
                .get_or_make(&word.text, |_| word_tokens(word, stem));
            // Every token keeps the word's position and offsets; only its text differs.
            let mut emit = |text: &str, to: &mut dyn FnMut(&Token)| {
                scratch.offset_from = word.offset_from;
                scratch.offset_to = word.offset_to;
                scratch.position = word.position;
                scratch.position_length = word.position_length;
                scratch.text.clear();
                scratch.text.push_str(text);
                to(scratch);
            };
            if let Some(sound) = analysed.sound {
                emit(sound, &mut |token| sink.sound(token));
            }
            for part in analysed.parts() {
                emit(part, &mut |token| sink.part(token));
            }
            if folded_fields {
                if let Some(stemmed) = analysed.stem {
                    emit(stemmed, &mut |token| sink.stemmed(token));
                }
                emit(analysed.folded, &mut |token| sink.exact(token));
            }
        }
        if let Some((stemmed, exact)) = &mut self.unfolded {
            stemmed
                .token_stream(text)
                .process(&mut |token| sink.stemmed(token));
            exact
                .token_stream(text)
                .process(&mut |token| sink.exact(token));
        }
    }

    /// The tokens of the stemmed field alone (titles and headings).
    pub fn stemmed(&mut self, text: &str) -> Vec<Token> {
        if let Some((stemmed, _)) = &mut self.unfolded {
            return collect(stemmed, text);
        }
        let mut tokens = Vec::new();
        let mut tokenizer = GermanTokenizer;
        let mut words = tokenizer.token_stream(text);
        while words.advance() {
            let mut token = words.token().clone();
            (GERMAN_NORMALIZER.0)(&mut token);
            if (STOP_WORDS_FILTER.0)(&mut token) {
                stem_token(self.stem, &mut token);
                tokens.push(token);
            }
        }
        tokens
    }
}

fn stem_token(stem: Stem, token: &mut Token) {
    match stem {
        Stem::Snowball => (GERMAN_STEMMER.0)(token),
        Stem::Light => (GERMAN_LIGHT_STEMMER.0)(token),
    };
}

/// Takes the tokens of [`PassageAnalyzer::passage_into`], field by field.
pub trait TokenSink {
    fn stemmed(&mut self, token: &Token);
    fn exact(&mut self, token: &Token);
    fn part(&mut self, token: &Token);
    fn sound(&mut self, token: &Token);
}

impl TokenSink for PassageTokens {
    fn stemmed(&mut self, token: &Token) {
        self.stemmed.push(token.clone());
    }
    fn exact(&mut self, token: &Token) {
        self.exact.push(token.clone());
    }
    fn part(&mut self, token: &Token) {
        self.parts.push(token.clone());
    }
    fn sound(&mut self, token: &Token) {
        self.sounds.push(token.clone());
    }
}

/// Every token `analyzer` makes of `text`.
fn collect(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    analyzer.token_stream(text).process(&mut |token| {
        tokens.push(token.clone());
    });
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{parts_analyzer, sounds_analyzer};

    const TEXTS: &[&str] = &[
        "",
        "... -- !!",
        "Die Nato-Osterweiterung und die Flüchtlingskrise",
        "sagte Lawrow in Genf über die Nato",
        "US-Außenminister Blinken traf am 18.1. in Genf den russischen Außenminister Lawrow.",
        "Journalist:innen und Lehrer*innen der Bundeshauptstadt",
        "Äußere Aeussere Straße STRASSE Ökosteuerreform Éric Ştefan Miloš İstanbul",
        "und oder aber dass daß Dass DASS Weltmeisterschaftsqualifikationsspiel",
        "Im Jahr 2022 sprach der Bundeskanzler über Energiepreise, Gasversorgung und Klimaschutz.",
    ];

    /// Every level gives every field exactly the tokens of that field's registered analyzer.
    #[test]
    fn one_pass_gives_the_analyzers_tokens() {
        for analysis in [
            Analysis::Plain,
            Analysis::Stemmed,
            Analysis::Light,
            Analysis::Folded,
        ] {
            let mut one_pass = PassageAnalyzer::new(analysis);
            for text in TEXTS {
                let expected = PassageTokens {
                    stemmed: collect(&mut word_analyzer(analysis, true), text),
                    exact: collect(&mut word_analyzer(analysis, false), text),
                    parts: collect(&mut parts_analyzer(), text),
                    sounds: collect(&mut sounds_analyzer(), text),
                };
                assert_eq!(one_pass.passage(text), expected, "{analysis:?}: {text:?}");
                assert_eq!(
                    one_pass.stemmed(text),
                    expected.stemmed,
                    "{analysis:?} stemmed: {text:?}"
                );
            }
        }
    }
}
