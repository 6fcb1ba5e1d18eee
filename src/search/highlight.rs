//! Which words of a passage a query matched, for marking them in snippets and articles: the
//! query's stems, compound parts and name sounds found again in the text. This module does not
//! cut snippets ([`super::snippet`] does).

use super::analyse::{AnalyzedClause, Analyzers};
use super::query::Occur;
use super::Expansions;
use crate::analysis::{self, cologne_key};
use std::collections::HashMap;
use tantivy::tokenizer::TextAnalyzer;

/// What marks a word as matched in a snippet: its stem, a compound part's stem, or its sound;
/// each with the number of the query clause it stands for.
#[derive(Debug, Default)]
pub(super) struct Highlights {
    pub stems: HashMap<String, usize>,
    pub sounds: HashMap<String, usize>,
    pub parts: bool,
}

impl Highlights {
    pub fn of(clauses: &[AnalyzedClause], expansions: Expansions) -> Highlights {
        let mut highlights = Highlights {
            parts: expansions.compounds,
            ..Highlights::default()
        };
        for (number, clause) in clauses
            .iter()
            .filter(|c| c.occur != Occur::MustNot)
            .enumerate()
        {
            let stems = clause
                .stemmed
                .iter()
                .map(|(_, term)| term)
                .chain(&clause.parts)
                .chain(&clause.alternatives);
            for term in stems {
                highlights.stems.entry(term.clone()).or_insert(number);
            }
            if let Some(sound) = &clause.sound {
                highlights.sounds.entry(sound.clone()).or_insert(number);
            }
        }
        highlights
    }
}

impl Highlights {
    /// Byte ranges in `text` of the words to mark, each with its clause number.
    pub fn find(
        &self,
        text: &str,
        analyzers: &mut Analyzers,
    ) -> Vec<(std::ops::Range<usize>, usize)> {
        if analyzers.full_analysis {
            return self.find_fast(text, analyzers);
        }
        let mut found = Vec::new();
        let mut mark = |analyzer: &mut TextAnalyzer, terms: &HashMap<String, usize>| {
            for token in analysis::analyze(analyzer, text) {
                if let Some(&clause) = terms.get(&token.term) {
                    found.push((token.offsets, clause));
                }
            }
        };
        mark(&mut analyzers.stemmed, &self.stems);
        if self.parts {
            mark(&mut analyzers.parts, &self.stems);
        }
        if !self.sounds.is_empty() {
            mark(&mut analyzers.sounds, &self.sounds);
        }
        found
    }

    /// The same as the analyzers would find, in one pass over the words: a word is stemmed or
    /// split only if a wanted stem could be in it (stems are prefixes of the folded word, and
    /// parts stand inside it), so most words cost a fold and a few comparisons.
    fn find_fast(
        &self,
        text: &str,
        analyzers: &mut Analyzers,
    ) -> Vec<(std::ops::Range<usize>, usize)> {
        let mut found = Vec::new();
        for token in analysis::analyze(&mut analyzers.words, text) {
            let folded = analysis::fold_german(&text[token.offsets.clone()]);
            let mut clause = None;
            if self
                .stems
                .keys()
                .any(|stem| folded.starts_with(stem.as_str()))
                && !analysis::is_stop_word(&folded)
            {
                clause = self.stems.get(&analysis::stem_german(&folded)).copied();
            }
            if clause.is_none()
                && self.parts
                && self.stems.keys().any(|stem| folded.contains(stem.as_str()))
            {
                clause = analysis::cached_split(&folded).and_then(|parts| {
                    parts
                        .iter()
                        .find_map(|part| self.stems.get(&analysis::stem_german(part)).copied())
                });
            }
            if clause.is_none() && !self.sounds.is_empty() {
                let word = &text[token.offsets.clone()];
                if word.chars().next().is_some_and(char::is_uppercase) {
                    clause = self.sounds.get(&cologne_key(word)).copied();
                }
            }
            if let Some(clause) = clause {
                found.push((token.offsets, clause));
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::analyse::analyze_clauses;
    use crate::search::query::Clause;

    fn analyzers(full_analysis: bool) -> Analyzers {
        Analyzers {
            stemmed: analysis::stemmed_analyzer(),
            exact: analysis::exact_analyzer(),
            parts: analysis::parts_analyzer(),
            sounds: analysis::sounds_analyzer(),
            words: analysis::words_analyzer(),
            full_analysis,
        }
    }

    #[test]
    fn the_fast_path_marks_what_the_analyzers_mark() {
        let text = include_str!("../../corpus/seed/2022-01-genf-blinken-lawrow.txt");
        for query in [
            "Nato Osterweiterung",
            "Erweiterung Lavrov",
            "Bündnisse Außenminister",
            "Krise Sicherheit",
        ] {
            let clauses: Vec<Clause> = query
                .split(' ')
                .map(|word| Clause {
                    occur: Occur::Should,
                    text: word.to_string(),
                    phrase: false,
                })
                .collect();
            let mut slow = analyzers(false);
            let analysed = analyze_clauses(&clauses, &mut slow, Expansions::ALL).unwrap();
            let highlights = Highlights::of(&analysed, Expansions::ALL);
            let mut expected = highlights.find(text, &mut slow);
            let mut fast = highlights.find(text, &mut analyzers(true));
            expected.sort_by_key(|(range, _)| range.start);
            expected.dedup_by_key(|(range, _)| range.start);
            fast.sort_by_key(|(range, _)| range.start);
            assert_eq!(fast, expected, "{query}");
            assert!(!fast.is_empty(), "{query}");
        }
    }
}
