//! Snippets: the passage, cut around its best-matching region, with matched words marked as
//! they stand in the text.

use std::ops::Range;

/// A piece of passage text with the character ranges of the matched words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    /// Character (not byte) ranges into `text`, sorted, not overlapping.
    pub highlights: Vec<Range<usize>>,
}

const ELLIPSIS: &str = "…";

/// Makes a snippet of at most about `max_chars` characters from `text`.
///
/// `matches` are the byte ranges of matched words in `text`, each with an identifier of the
/// query term it matched (a window covering more different terms is better).
pub fn make_snippet(text: &str, matches: &[(Range<usize>, usize)], max_chars: usize) -> Snippet {
    // Byte offset of every character, and one past the end.
    let char_starts: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let char_at = |byte: usize| char_starts.partition_point(|&start| start < byte);
    let total_chars = char_starts.len() - 1;

    let (start, end) = if total_chars <= max_chars {
        (0, total_chars)
    } else {
        best_window(text, &char_starts, matches, max_chars)
    };

    let mut snippet = String::new();
    if start > 0 {
        snippet.push_str(ELLIPSIS);
        snippet.push(' ');
    }
    let offset = snippet.chars().count();
    snippet.push_str(&text[char_starts[start]..char_starts[end]]);
    if end < total_chars {
        snippet.push(' ');
        snippet.push_str(ELLIPSIS);
    }

    let mut highlights: Vec<Range<usize>> = Vec::new();
    let mut sorted: Vec<&Range<usize>> = matches.iter().map(|(range, _)| range).collect();
    sorted.sort_by_key(|range| range.start);
    for range in sorted {
        let (from, to) = (char_at(range.start), char_at(range.end));
        if from < start || to > end {
            continue;
        }
        let (from, to) = (from - start + offset, to - start + offset);
        match highlights.last_mut() {
            // Join the marked parts of one hyphenated word: `US-Außenminister`.
            Some(last)
                if last.end >= from || (from == last.end + 1 && is_joiner(&snippet, last.end)) =>
            {
                last.end = last.end.max(to);
            }
            _ => highlights.push(from..to),
        }
    }
    Snippet {
        text: snippet,
        highlights,
    }
}

fn is_joiner(snippet: &str, char_index: usize) -> bool {
    snippet
        .chars()
        .nth(char_index)
        .is_some_and(|c| matches!(c, '-' | '\u{2010}' | '\u{2011}'))
}

/// The character range of the window of about `max_chars` that covers the most different
/// matched terms, then the most matches; it starts at a sentence or word boundary.
fn best_window(
    text: &str,
    char_starts: &[usize],
    matches: &[(Range<usize>, usize)],
    max_chars: usize,
) -> (usize, usize) {
    let total_chars = char_starts.len() - 1;
    let char_at = |byte: usize| char_starts.partition_point(|&start| start < byte);
    let lead = (max_chars / 4).min(80);
    let mut best: Option<((usize, usize), usize)> = None;
    for (anchor, _) in matches {
        let anchor_char = char_at(anchor.start);
        let start = anchor_char.saturating_sub(lead);
        let end = (start + max_chars).min(total_chars);
        let inside: Vec<usize> = matches
            .iter()
            .filter(|(range, _)| {
                let from = char_at(range.start);
                from >= start && char_at(range.end) <= end
            })
            .map(|(_, term)| *term)
            .collect();
        let mut distinct = inside.clone();
        distinct.sort_unstable();
        distinct.dedup();
        let score = (distinct.len(), inside.len());
        if best.is_none_or(|(best_score, _)| score > best_score) {
            best = Some((score, anchor_char));
        }
    }
    let anchor = best.map_or(0, |(_, anchor)| anchor);
    let start = snap_start(text, char_starts, anchor, lead);
    let end = snap_end(text, char_starts, (start + max_chars).min(total_chars));
    (start, end.max(start))
}

/// Start of the window: a sentence start shortly before `anchor` if there is one, else a word
/// start about `lead` characters before it.
fn snap_start(text: &str, char_starts: &[usize], anchor: usize, lead: usize) -> usize {
    let earliest = anchor.saturating_sub(lead);
    if earliest == 0 {
        return 0;
    }
    let chars: Vec<char> = text[char_starts[earliest]..char_starts[anchor]]
        .chars()
        .collect();
    // After ". " (or "! ", "? ") within the lead: start the sentence there.
    for i in (1..chars.len()).rev() {
        if chars[i].is_whitespace() && matches!(chars[i - 1], '.' | '!' | '?') {
            return earliest + i + 1;
        }
    }
    match chars.iter().position(|c| c.is_whitespace()) {
        Some(i) => earliest + i + 1,
        None => earliest,
    }
}

/// End of the window: the last word end at or before `limit`.
fn snap_end(text: &str, char_starts: &[usize], limit: usize) -> usize {
    let total_chars = char_starts.len() - 1;
    if limit >= total_chars {
        return total_chars;
    }
    let chars: Vec<char> = text[..char_starts[limit + 1]].chars().collect();
    if chars[limit].is_whitespace() {
        return limit;
    }
    chars[..limit]
        .iter()
        .rposition(|c| c.is_whitespace())
        .unwrap_or(limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(snippet: &Snippet) -> String {
        let mut out = String::new();
        for (i, c) in snippet.text.chars().enumerate() {
            if snippet.highlights.iter().any(|h| h.start == i) {
                out.push('[');
            }
            out.push(c);
            if snippet.highlights.iter().any(|h| h.end == i + 1) {
                out.push(']');
            }
        }
        out
    }

    fn find(text: &str, word: &str, term: usize) -> (Range<usize>, usize) {
        let start = text.find(word).unwrap();
        (start..start + word.len(), term)
    }

    #[test]
    fn short_passages_are_whole_with_marks() {
        let text = "Russland fordert ein Ende der Osterweiterung des Bündnisses.";
        let matches = [find(text, "Osterweiterung", 0), find(text, "Bündnisses", 1)];
        let snippet = make_snippet(text, &matches, 240);
        assert_eq!(
            marked(&snippet),
            "Russland fordert ein Ende der [Osterweiterung] des [Bündnisses]."
        );
    }

    #[test]
    fn hyphenated_parts_are_marked_as_one_word() {
        let text = "sagte US-Außenminister Blinken";
        let matches = [find(text, "US", 0), find(text, "Außenminister", 1)];
        let snippet = make_snippet(text, &matches, 240);
        assert_eq!(marked(&snippet), "sagte [US-Außenminister] Blinken");
    }

    #[test]
    fn long_passages_are_cut_around_the_best_region() {
        let filler = "Dies ist ein Satz ohne Treffer über ein anderes Thema. ".repeat(8);
        let text = format!(
            "{filler}Die Nato lehnt ab. Lawrow fordert ein Ende der Osterweiterung. {filler}"
        );
        let matches = [find(&text, "Nato", 0), find(&text, "Osterweiterung", 1)];
        let snippet = make_snippet(&text, &matches, 120);
        let shown = marked(&snippet);
        assert!(shown.starts_with("… "), "{shown}");
        assert!(shown.ends_with(" …"), "{shown}");
        assert!(
            shown.contains("Die [Nato] lehnt ab. Lawrow fordert ein Ende der [Osterweiterung]."),
            "{shown}"
        );
        assert!(snippet.text.chars().count() <= 120 + 4, "{shown}");
    }
}
