//! What the index says about the query's words, applied to them: a word it never holds whole
//! is cut into parts it does hold, a word that matches nothing is respelled, a word that matches
//! very little also searches its likely spelling. This module does not build queries.

use super::analyse::{AnalyzedClause, Analyzers};
use super::{split, typo, Expansions, Hit, SearchError};
use crate::analysis;
use crate::index::Fields;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// A word found in at most this many passages may be a typo of a frequent word.
const RARE_WORD_PASSAGES: u64 = 2;
/// ... if the frequent word is found this many times more often.
const CORRECTION_GAIN: u64 = 20;

/// A query word that matched nothing (or very little), and the spelling searched instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// The word as written in the query.
    pub written: String,
    /// The spelling searched, as it stands in a result where one shows it.
    pub searched: String,
    /// `true` if only the new spelling was searched; `false` if both were.
    pub replaced: bool,
}

/// Applies the index's evidence to the analysed clauses (see the module header); the
/// spellings searched instead of what was written.
pub(super) fn correct(
    searcher: &Searcher,
    fields: &Fields,
    clauses: &mut [AnalyzedClause],
    analyzers: &mut Analyzers,
    expansions: Expansions,
) -> Result<Vec<Correction>, SearchError> {
    if expansions.compounds {
        split_rare_words(searcher, fields, clauses)?;
    }
    if expansions.typos {
        correct_spellings(searcher, fields, clauses, analyzers)
    } else {
        Ok(Vec::new())
    }
}

/// Cuts a query word the index's splitter left whole into two parts the index holds, if the
/// word itself is in at most [`RARE_WORD_PASSAGES`] passages: a compound the archive writes
/// apart (see [`split`]).
fn split_rare_words(
    searcher: &Searcher,
    fields: &Fields,
    clauses: &mut [AnalyzedClause],
) -> Result<(), SearchError> {
    for clause in clauses
        .iter_mut()
        .filter(|clause| clause.in_parts && clause.parts.is_empty())
    {
        let (Some(stem), Some((_, folded))) = (clause.single_term(), clause.exact.first()) else {
            continue;
        };
        let doc_freq = |field: Field| searcher.doc_freq(&Term::from_field_text(field, stem));
        let found =
            doc_freq(fields.text)? + doc_freq(fields.heading)? + doc_freq(fields.text_parts)?;
        if found > RARE_WORD_PASSAGES {
            continue;
        }
        if let Some(parts) = split::split_by_index(searcher, fields, folded)? {
            clause.parts = parts;
        }
    }
    Ok(())
}

/// Respells query words that match nothing, and adds the likely spelling of words that match
/// very little, when the index knows a close spelling. A match by sound alone does not count:
/// `Osterweiterng` sounds like `Osterweiterung` but is a typo of it, while `Lavrov` is two
/// edits from `Lawrow` and stays a name variant.
fn correct_spellings(
    searcher: &Searcher,
    fields: &Fields,
    clauses: &mut [AnalyzedClause],
    analyzers: &mut Analyzers,
) -> Result<Vec<Correction>, SearchError> {
    let mut corrections = Vec::new();
    // A compound is found by its parts: respelling it would search another word.
    for clause in clauses
        .iter_mut()
        .filter(|clause| clause.expandable && clause.parts.len() < 2)
    {
        let (Some(stem), Some((_, written))) = (clause.single_term(), clause.exact.first()) else {
            continue;
        };
        let doc_freq =
            |field: Field, term: &str| searcher.doc_freq(&Term::from_field_text(field, term));
        let mut found = doc_freq(fields.text, stem)? + doc_freq(fields.heading, stem)?;
        if clause.in_parts {
            found += doc_freq(fields.text_parts, stem)?;
        }
        if found > RARE_WORD_PASSAGES {
            continue;
        }
        let searchable = |term: &str| !analysis::is_stop_word(term);
        let Some((spelling, frequency)) =
            typo::closest_spelling(searcher, fields.text_exact, written, searchable)?
        else {
            continue;
        };
        let replaced = found == 0;
        if replaced {
            if !clause.respell(&spelling, analyzers) {
                continue;
            }
        } else if frequency >= CORRECTION_GAIN * found {
            let stems = analysis::analyze(&mut analyzers.stemmed, &spelling);
            clause
                .alternatives
                .extend(stems.into_iter().map(|token| token.term));
        } else {
            continue;
        }
        corrections.push(Correction {
            written: clause.text.clone(),
            searched: spelling,
            replaced,
        });
    }
    Ok(corrections)
}

/// How `folded` is written in the results, e.g. `Außenminister` for `aussenminister`.
pub(super) fn surface_in(hits: &[Hit], folded: &str, analyzers: &mut Analyzers) -> Option<String> {
    hits.iter().find_map(|hit| {
        analysis::analyze(&mut analyzers.exact, &hit.text)
            .into_iter()
            .find(|token| token.term == folded)
            .map(|token| hit.text[token.offsets].to_string())
    })
}
