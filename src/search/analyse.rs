//! The query's clauses analysed as the index analyses text: stems, exact forms, compound parts
//! and name sounds, each at its position in the query. This module reads no index statistics:
//! what the index says about the words is [`super::correct`]'s and [`super::plan`]'s job.

use super::query::{Clause, Occur};
use super::{Expansions, QueryError};
use crate::analysis::{self, cologne_key, AnalyzedToken};
use crate::index::ArchiveIndex;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Score;

/// The analyzers of an index, owned for one search.
pub(super) struct Analyzers {
    pub stemmed: TextAnalyzer,
    pub exact: TextAnalyzer,
    pub parts: TextAnalyzer,
    pub sounds: TextAnalyzer,
    /// Words only, for marking matches in the full analysis's fast path.
    pub words: TextAnalyzer,
    /// Whether the index has the full analysis (which the fast path of snippets reproduces).
    pub full_analysis: bool,
}

impl Analyzers {
    pub fn of(index: &ArchiveIndex) -> Analyzers {
        Analyzers {
            stemmed: index.stemmed.clone(),
            exact: index.exact.clone(),
            parts: index.parts.clone(),
            sounds: index.sounds.clone(),
            words: analysis::words_analyzer(),
            full_analysis: index.meta.analysis == analysis::Analysis::Folded,
        }
    }
}

/// One clause of a query, analysed.
#[derive(Debug, Clone)]
pub(super) struct AnalyzedClause {
    pub occur: Occur,
    /// The clause as written.
    pub text: String,
    /// Stemmed terms with their positions relative to the clause's first word.
    pub stemmed: Vec<(usize, String)>,
    pub exact: Vec<(usize, String)>,
    /// Position of the clause's first word in the whole query.
    pub position: usize,
    /// Whether expansions apply: a plain word, not a phrase or a required word.
    pub expandable: bool,
    /// Whether the word is also looked for among the parts of compounds.
    pub in_parts: bool,
    /// The stemmed parts of the word, if it is a compound; the stems of a hyphenated word's
    /// words.
    pub parts: Vec<String>,
    /// The word's sound key, for name variants.
    pub sound: Option<String>,
    /// Other stemmed spellings to match too, weaker (a likely correction of a rare word).
    pub alternatives: Vec<String>,
    /// What the clause's evidence is worth: the IDF of its term in the passage text, summed
    /// over a phrase's terms (see [`weigh_clauses`]); 1 until weighed.
    pub idf: Score,
}

impl AnalyzedClause {
    /// The single stemmed term of a one-word clause.
    pub fn single_term(&self) -> Option<&str> {
        match self.stemmed.as_slice() {
            [(_, term)] => Some(term),
            _ => None,
        }
    }

    /// Replaces the clause's word by `word` (a correction), keeping its place in the query;
    /// `false` (and the clause unchanged) if `word` is not one searchable word.
    pub fn respell(&mut self, word: &str, analyzers: &mut Analyzers) -> bool {
        let expansions = Expansions {
            compounds: self.in_parts,
            names: self.sound.is_some(),
            typos: false,
        };
        let mut respelled = analyze_clause(
            &Clause {
                occur: self.occur,
                text: word.to_string(),
                phrase: false,
            },
            self.position,
            analyzers,
            expansions,
        );
        if respelled.single_term().is_none() {
            return false;
        }
        respelled.text = self.text.clone();
        *self = respelled;
        true
    }
}

fn pairs(tokens: Vec<AnalyzedToken>) -> Vec<(usize, String)> {
    tokens.into_iter().map(|t| (t.position, t.term)).collect()
}

fn analyze_clause(
    clause: &Clause,
    position: usize,
    analyzers: &mut Analyzers,
    expansions: Expansions,
) -> AnalyzedClause {
    let stemmed = pairs(analysis::analyze(&mut analyzers.stemmed, &clause.text));
    let exact = pairs(analysis::analyze(&mut analyzers.exact, &clause.text));
    let expandable = !clause.phrase && clause.occur == Occur::Should && stemmed.len() == 1;
    let in_parts = expandable && expansions.compounds;
    // A hyphenated word that ends in a common noun (`Krim-Führung`, `Kafka-Geliebten`) is a
    // compound written with a hyphen: its words are its parts, found apart as well (`die
    // Führung der Krim`). A double name (`Mikl-Leitner`) and a quoted phrase stay phrases.
    let hyphenated = !clause.phrase
        && clause.occur != Occur::MustNot
        && expansions.compounds
        && stemmed.len() > 1
        && exact
            .last()
            .and_then(|(_, last)| analysis::word_info(last))
            .is_some_and(|info| info.noun);
    let parts = if in_parts {
        analysis::analyze(&mut analyzers.parts, &clause.text)
            .into_iter()
            .map(|token| token.term)
            .collect()
    } else if hyphenated {
        stemmed.iter().map(|(_, term)| term.clone()).collect()
    } else {
        Vec::new()
    };
    // Looked up by sound only where the index gives keys: not a common noun (`Regierung`)
    // unless it is a name too (`Müller`). The clause's text may carry punctuation (`Sabotage.`).
    let sound = (expandable
        && expansions.names
        && analysis::may_be_a_name(clause.text.trim_matches(|c: char| !c.is_alphanumeric())))
    .then(|| cologne_key(&clause.text))
    .filter(|key| key.len() >= 3);
    AnalyzedClause {
        occur: clause.occur,
        text: clause.text.clone(),
        stemmed,
        exact,
        position,
        expandable,
        in_parts,
        parts,
        sound,
        alternatives: Vec::new(),
        idf: 1.0,
    }
}

/// Analyses the clauses; refuses a query with nothing left to search for.
pub(super) fn analyze_clauses(
    clauses: &[Clause],
    analyzers: &mut Analyzers,
    expansions: Expansions,
) -> Result<Vec<AnalyzedClause>, QueryError> {
    let mut analyzed = Vec::new();
    let mut unsearchable = Vec::new();
    let mut position = 0;
    for clause in clauses {
        let clause_analysis = analyze_clause(clause, position, analyzers, expansions);
        let words = clause.text.split_whitespace().count().max(1);
        position += clause_analysis
            .stemmed
            .last()
            .map_or(words, |(last, _)| last + 1)
            .max(words);
        if clause_analysis.stemmed.is_empty() {
            if clause.occur != Occur::MustNot {
                unsearchable.push(format!("`{}`", clause.text));
            }
            continue;
        }
        analyzed.push(clause_analysis);
    }
    if analyzed.iter().all(|clause| clause.occur == Occur::MustNot) {
        if !unsearchable.is_empty() {
            let verb = if unsearchable.len() == 1 { "is" } else { "are" };
            return Err(QueryError::NoSearchableWord(unsearchable.join(", "), verb));
        }
        return Err(QueryError::OnlyExclusions);
    }
    Ok(analyzed)
}
