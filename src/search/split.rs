//! Query-side splitting of a word the index barely knows: `Wohnungsnot` in an archive that
//! only writes `Not an Wohnungen`. The index's splitter ([`analysis::split_compound`]) cuts a
//! word only when it is sure, because its parts are indexed for every passage; a query word
//! that matches (almost) nothing is better searched by its parts than not at all, so here the
//! cut is chosen by what the index holds: two parts the lexicon knows as words, each found in
//! the index, the cut whose rarer part is most frequent winning.
//!
//! This module does not decide whether a word is rare; [`super::correct`] does.

use crate::analysis;
use crate::index::Fields;
use tantivy::{Searcher, TantivyError, Term};

/// Shortest part, in characters.
const MIN_PART_CHARS: usize = 3;
/// Least Zipf frequency of a part in the lexicon (about once in 30 million words): rarer
/// "words" are mostly fragments.
const MIN_PART_ZIPF: f32 = 2.5;

/// The stems of the two parts of `folded` (a folded, lower-case word), if it can be cut into
/// two words that the index holds.
pub(super) fn split_by_index(
    searcher: &Searcher,
    fields: &Fields,
    folded: &str,
) -> Result<Option<Vec<String>>, TantivyError> {
    if !folded.chars().all(char::is_alphabetic) {
        return Ok(None);
    }
    let passages = |stem: &str| -> Result<u64, TantivyError> {
        Ok(
            searcher.doc_freq(&Term::from_field_text(fields.text, stem))?
                + searcher.doc_freq(&Term::from_field_text(fields.text_parts, stem))?,
        )
    };
    let mut best: Option<(u64, Vec<String>)> = None;
    for (cut, _) in folded.char_indices().skip(MIN_PART_CHARS) {
        let head = &folded[..cut];
        if !is_part(head) && !is_part(&format!("{head}e")) {
            continue;
        }
        for linker in analysis::LINKERS {
            let Some(tail) = folded[cut..].strip_prefix(linker) else {
                continue;
            };
            if tail.chars().count() < MIN_PART_CHARS || !is_part(tail) {
                continue;
            }
            let stems = [analysis::stem_german(head), analysis::stem_german(tail)];
            let found = passages(&stems[0])?.min(passages(&stems[1])?);
            if found > 0 && best.as_ref().is_none_or(|(most, _)| found > *most) {
                best = Some((found, stems.to_vec()));
            }
        }
    }
    Ok(best.map(|(_, stems)| stems))
}

/// Whether the lexicon knows `word` as a word that may be a part: frequent enough, and not a
/// stop word.
fn is_part(word: &str) -> bool {
    word.chars().count() >= MIN_PART_CHARS
        && !analysis::is_stop_word(word)
        && analysis::word_info(word).is_some_and(|info| info.zipf >= MIN_PART_ZIPF)
}
