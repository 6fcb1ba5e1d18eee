//! The word splitter of person detection: words with their byte spans and the text between
//! them, which the rules and the labeller read for punctuation. It does not fold or stem.

use super::lex::Lex;
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
    /// Starts with a capital letter.
    upper: bool,
    /// What the lists say of the word, once looked up ([`Word::look_up`]).
    pub(crate) lex: Lex,
}

impl Word<'_> {
    pub fn capitalised(&self) -> bool {
        self.upper
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

/// The first bytes of a set of words, as a mask of 64 bits (a byte's low six bits): a word
/// whose first byte is not among them is none of the words, nor any word that starts like it.
/// A filter before look-ups, never a verdict: other first bytes may share a bit.
///
/// ```
/// use archivar::people::words::Starts;
/// let starts = Starts::of(["Lawrow", "Sergej"].into_iter());
/// assert!(starts.may_start("Lawrows") && starts.may_start("Sergej"));
/// assert!(!starts.may_start("Biden") && !starts.may_start(""));
/// ```
pub struct Starts(u64);

impl Starts {
    pub fn of<'a>(words: impl Iterator<Item = &'a str>) -> Starts {
        Starts(words.fold(0, |mask, word| mask | Starts::bit(word)))
    }

    fn bit(word: &str) -> u64 {
        word.as_bytes().first().map_or(0, |&byte| 1 << (byte & 63))
    }

    pub fn may_start(&self, word: &str) -> bool {
        self.0 & Starts::bit(word) != 0
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
    let bytes = text.as_bytes();
    let mut words = Vec::with_capacity(text.len() / 6 + 1);
    // Where the text between two words ends: the next letter or digit.
    let gap_end = |mut at: usize| {
        while at < bytes.len() {
            let byte = bytes[at];
            if byte.is_ascii() {
                if byte.is_ascii_alphanumeric() {
                    break;
                }
                at += 1;
                continue;
            }
            match letter_at(text, at) {
                (true, _) => break,
                (false, len) => at += len,
            }
        }
        at
    };
    let mut start = gap_end(0);
    while start < bytes.len() {
        let mut end = start + letter_at(text, start).1;
        while end < bytes.len() {
            if bytes[end].is_ascii_alphanumeric() {
                end += 1;
                continue;
            }
            let (letter, len) = letter_at(text, end);
            if letter {
                end += len;
                continue;
            }
            // A hyphen or apostrophe between letters or digits joins them.
            let joins = matches!(bytes[end], b'-' | b'\'') || text[end..].starts_with('’');
            if joins && end + len < bytes.len() && letter_at(text, end + len).0 {
                end += len;
                continue;
            }
            break;
        }
        let next = gap_end(end);
        let gap = &text[end..next];
        let first = bytes[start];
        words.push(Word {
            text: &text[start..end],
            span: start..end,
            dotted: gap.starts_with('.'),
            // Most gaps are one space.
            ends_phrase: gap != " " && gap.chars().any(|c| !c.is_whitespace()),
            gap,
            upper: if first.is_ascii() {
                first.is_ascii_uppercase()
            } else {
                text[start..].chars().next().is_some_and(char::is_uppercase)
            },
            lex: Lex::default(),
        });
        start = next;
    }
    words
}

/// Whether the character at byte `at` (a character boundary below `text.len()`) is a letter
/// or digit, and its length in bytes; without Unicode tables for ASCII.
fn letter_at(text: &str, at: usize) -> (bool, usize) {
    let byte = text.as_bytes()[at];
    if byte.is_ascii() {
        return (byte.is_ascii_alphanumeric(), 1);
    }
    match text[at..].chars().next() {
        Some(c) => (c.is_alphanumeric(), c.len_utf8()),
        None => (false, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The splitter as first written, char by char: the faster one must split the same way.
    fn words_by_chars(text: &str) -> Vec<(Range<usize>, bool, bool, &str)> {
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
            let ends_phrase = gap.chars().any(|c| !c.is_whitespace());
            words.push((start..end, rest.starts_with('.'), ends_phrase, gap));
        }
        words
    }

    fn split(text: &str) -> Vec<(Range<usize>, bool, bool, &str)> {
        words(text)
            .into_iter()
            .map(|w| {
                assert_eq!(w.text, &text[w.span.clone()]);
                assert_eq!(
                    w.capitalised(),
                    w.text.chars().next().is_some_and(char::is_uppercase)
                );
                (w.span, w.dotted, w.ends_phrase, w.gap)
            })
            .collect()
    }

    #[test]
    fn splits_as_the_char_by_char_splitter_on_hard_cases() {
        for text in [
            "",
            "-",
            "a",
            "Hans-Peter Doskozil: „Nein.“",
            "O'Neill’s  Mikl-Leitner- -Ende 'x' ’y’ a-’b d’-e",
            "Erdoğan, Ελλάδα ΣΟΦΟΣ, 3,5 Mio. € — 2½ J. Trump…",
            "Ende-\u{a0}Anfang\u{2003}x\u{200b}y",
        ] {
            assert_eq!(split(text), words_by_chars(text), "in {text:?}");
        }
    }

    proptest! {
        #[test]
        fn splits_as_the_char_by_char_splitter(
            text in "[a-zA-Z0-9äöüßÄÖÜéğΣσ½ \\-'’.,:;!?()„“\u{a0}\u{2003}€]{0,40}"
        ) {
            prop_assert_eq!(split(&text), words_by_chars(&text));
        }
    }
}
