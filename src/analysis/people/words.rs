//! The word splitter of person detection: words with their byte spans and the text between
//! them, which the rules and the labeller read for punctuation. It does not fold or stem.

use std::ops::Range;

/// A word of the text with what the rules need to know about it.
#[derive(Debug, Clone)]
pub struct Word<'a> {
    pub text: &'a str,
    pub span: Range<usize>,
    /// Followed directly by a full stop (`J.`).
    pub dotted: bool,
    /// Separated from the next word by punctuation other than a hyphen or apostrophe.
    pub ends_phrase: bool,
    /// The text between this word and the next.
    pub gap: &'a str,
}

impl Word<'_> {
    pub fn capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    pub fn is_initial(&self) -> bool {
        self.dotted && self.text.chars().count() == 1 && self.capitalised()
    }

    /// Followed by the end of a sentence or a colon (`Claudia B.: Wir`): nothing after it
    /// continues a name. An initial's own full stop does not end a sentence.
    pub fn ends_sentence(&self) -> bool {
        let gap = if self.is_initial() {
            &self.gap[1..]
        } else {
            self.gap
        };
        gap.contains(['.', '!', '?', ':', ';'])
    }
}

/// The words of `text`: letters, digits, and hyphens or apostrophes between them.
///
/// ```
/// use archivar::people::words::words;
/// let found: Vec<&str> = words("Hans-Peter Doskozil: „Nein.“").iter().map(|w| w.text).collect();
/// assert_eq!(found, ["Hans-Peter", "Doskozil", "Nein"]);
/// ```
pub fn words(text: &str) -> Vec<Word<'_>> {
    let mut words = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            let joins = matches!(c, '-' | '\'' | '’')
                && text[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
            if c.is_alphanumeric() || joins {
                end = i + c.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let rest = &text[end..];
        let gap = &rest[..rest.find(char::is_alphanumeric).unwrap_or(rest.len())];
        words.push(Word {
            text: &text[start..end],
            span: start..end,
            dotted: rest.starts_with('.'),
            ends_phrase: gap.chars().any(|c| !c.is_whitespace()),
            gap,
        });
    }
    words
}
