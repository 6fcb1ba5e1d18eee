//! Spelling correction: the closest word the index knows, for a query word it does not.

use std::collections::HashMap;
use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::{Searcher, TantivyError, Term};

/// Words shorter than this are not corrected: too many words lie one edit away.
const MIN_CHARS: usize = 4;
/// From this length on, two edits are allowed.
const TWO_EDITS_FROM_CHARS: usize = 8;

/// The most frequent word of `field` within one edit of `word` (two for long words; a swap of
/// neighbouring letters is one edit), preferring fewer edits; with its document frequency.
/// `word` is a term as the field stores it (folded, lower-case). Only terms that `searchable`
/// accepts are candidates: a stop word (`kann` for `Wann`) would leave nothing to search.
pub fn closest_spelling(
    searcher: &Searcher,
    field: Field,
    word: &str,
    searchable: impl Fn(&str) -> bool,
) -> Result<Option<(String, u64)>, TantivyError> {
    let chars = word.chars().count();
    if chars < MIN_CHARS {
        return Ok(None);
    }
    let max_edits = if chars >= TWO_EDITS_FROM_CHARS { 2 } else { 1 };
    let fuzzy = FuzzyTermQuery::new(Term::from_field_text(field, word), max_edits, true);
    let mut frequencies: HashMap<String, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted.terms().search(fuzzy.automaton()?).into_stream()?;
        while stream.advance() {
            let Ok(term) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            if term != word && searchable(term) {
                *frequencies.entry(term.to_string()).or_default() +=
                    u64::from(stream.value().doc_freq);
            }
        }
    }
    Ok(frequencies
        .into_iter()
        .map(|(term, frequency)| (edit_distance(word, &term), term, frequency))
        .min_by(|a, b| a.0.cmp(&b.0).then(b.2.cmp(&a.2)).then(a.1.cmp(&b.1)))
        .map(|(_, term, frequency)| (term, frequency)))
}

/// Optimal string alignment distance (Levenshtein with swaps of neighbours), by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

#[cfg(test)]
mod tests {
    use super::edit_distance;

    #[test]
    fn distances() {
        let table = [
            ("osterweiterng", "osterweiterung", 1),
            ("aussenminster", "aussenminister", 1),
            ("regirung", "regierung", 1),
            ("nato", "ntao", 1),
            ("flüchtlnge", "flüchtlinge", 1),
            ("kitten", "sitting", 3),
            ("", "abc", 3),
        ];
        for (a, b, distance) in table {
            assert_eq!(edit_distance(a, b), distance, "{a} → {b}");
        }
    }
}
