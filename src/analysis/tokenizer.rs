//! Word segmentation for German news text.
//!
//! A word is a run of letters and digits; everything else separates words. Hyphenated words
//! (`US-Außenminister`, `Nato-Osterweiterung`) therefore come out part by part at consecutive
//! positions: each part is searchable alone, and the whole is found as a phrase of its parts,
//! whether the query writes it with a hyphen or a space. Gender forms written with a
//! colon, star or underscore (`Journalist:innen`, `Lehrer*innen`) stay one word.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Splits text into word tokens carrying byte offsets into the original text.
#[derive(Clone, Default)]
pub struct GermanTokenizer;

pub struct GermanTokenStream<'a> {
    text: &'a str,
    /// Byte position where scanning resumes.
    cursor: usize,
    token: Token,
}

impl Tokenizer for GermanTokenizer {
    type TokenStream<'a> = GermanTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> GermanTokenStream<'a> {
        GermanTokenStream {
            text,
            cursor: 0,
            token: Token::default(),
        }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Length in bytes of a gender suffix such as `:innen` or `*in` starting at `rest`, if any.
fn gender_suffix_len(rest: &str) -> Option<usize> {
    let mut chars = rest.chars();
    let marker = chars.next()?;
    if !matches!(marker, ':' | '*' | '_') {
        return None;
    }
    let after = &rest[marker.len_utf8()..];
    ["innen", "in"].iter().find_map(|suffix| {
        let candidate = after.get(..suffix.len())?;
        let boundary = after[suffix.len()..]
            .chars()
            .next()
            .is_none_or(|c| !is_word_char(c));
        (candidate == *suffix && boundary).then_some(marker.len_utf8() + suffix.len())
    })
}

impl GermanTokenStream<'_> {
    /// End (exclusive) of the run of word characters starting at `start`.
    fn run_end(&self, start: usize) -> usize {
        self.text[start..]
            .char_indices()
            .find(|&(_, c)| !is_word_char(c))
            .map_or(self.text.len(), |(i, _)| start + i)
    }
}

impl TokenStream for GermanTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let text = self.text;
        let Some(start) = text[self.cursor..]
            .char_indices()
            .find(|&(_, c)| is_word_char(c))
            .map(|(i, _)| self.cursor + i)
        else {
            self.cursor = text.len();
            return false;
        };
        let mut end = self.run_end(start);
        self.token.text.clear();
        self.token.text.push_str(&text[start..end]);
        if let Some(len) = gender_suffix_len(&text[end..]) {
            // Skip the one-byte marker, keep the suffix: `Journalist:innen` → `Journalistinnen`.
            self.token.text.push_str(&text[end + 1..end + len]);
            end += len;
        }
        self.cursor = end;
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.token.position = self.token.position.wrapping_add(1);
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}
