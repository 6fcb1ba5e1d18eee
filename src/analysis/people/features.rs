//! What the labeller sees of a word: its shape, affixes and list memberships, its neighbours',
//! the punctuation around it, the rules' reading and the article's names, hashed into the rows
//! of a fixed weight table. Training and detection share this code; it holds no weights.

use super::lex::{
    Lex, AMBIGUOUS_GIVEN, CITY, FLAG_COUNT, GIVEN, INITIAL, NOT_PERSON, PARTICLE, ROLE, STOP,
    SURNAME,
};
use super::lexicon::{is_regnal, PARTICLES};
use super::words::Word;
use crate::analysis::is_stop_word;
use rustc_hash::FxHasher;
use std::hash::Hasher;

/// The labels of a word: outside a name, first word of one, later word of one.
pub const OUTSIDE: usize = 0;
pub const BEGIN: usize = 1;
pub const INSIDE: usize = 2;
pub const TAGS: usize = 3;

/// What the lists and the rules say about one word, computed once per word.
#[derive(Debug, Clone, Copy, Default)]
pub struct WordFacts {
    pub capitalised: bool,
    flags: u16,
    /// Frequency class of the word as a common noun: 0 none, 1–4 rising.
    noun: u8,
    /// Frequency class of the word as any word: 0 unknown, 1–5 rising.
    frequency: u8,
    /// The rules' label of the word.
    pub rule: u8,
    /// The word is the last word of a name the rules found somewhere in the article.
    pub article_surname: bool,
    /// The word is a word of such a name.
    pub article_name_word: bool,
    /// Somewhere in the article the word follows an article (`die Rosetta`, `der Admira`), as
    /// names of things and places do and names of people rarely.
    pub article_determined: bool,
}

impl WordFacts {
    pub fn of(word: &Word) -> WordFacts {
        let text = word.text;
        let capitalised = word.capitalised();
        let (mut flags, noun, frequency) = if capitalised {
            let lex = if word.lex.is_known() {
                word.lex
            } else {
                Lex::cached(text)
            };
            (lex.flags, lex.noun, lex.frequency)
        } else {
            let stop = text.len() <= 8 && is_stop_word(text);
            (u16::from(stop) * STOP, 0, 0)
        };
        if text.len() <= LONGEST_PARTICLE && PARTICLES.contains(&text) {
            flags |= PARTICLE;
        }
        if word.is_initial() {
            flags |= INITIAL;
        }
        WordFacts {
            capitalised,
            flags,
            noun,
            frequency,
            rule: 0,
            article_surname: false,
            article_name_word: false,
            article_determined: false,
        }
    }

    fn has(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }
}

/// The length in bytes of the longest particle: a longer word is none.
const LONGEST_PARTICLE: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < PARTICLES.len() {
        if PARTICLES[i].len() > longest {
            longest = PARTICLES[i].len();
        }
        i += 1;
    }
    longest
};

/// Punctuation between two words, in classes.
fn gap_class(gap: &str) -> u8 {
    let gap = gap.trim();
    if gap.is_empty() {
        return 0;
    }
    let first = gap.chars().next().unwrap_or(' ');
    match first {
        ',' => 1,
        '.' if gap.len() == 1 => 2,
        '.' | '!' | '?' => 3,
        ':' => 4,
        '(' => 5,
        ')' => 6,
        '„' | '"' | '“' | '”' | '»' | '«' | '‚' | '‘' | '\'' => 7,
        '-' | '–' | '—' => 8,
        ';' => 9,
        '/' => 10,
        _ => 11,
    }
}

/// The shape of a word: `Xx` for `Merkel`, `X.` for an initial, `Xx-Xx` for `Mikl-Leitner`,
/// runs of one class written once, at most 6 signs. (`char`'s class tests answer ASCII without
/// Unicode tables.)
fn shape_hash(hasher: &mut FxHasher, word: &Word) {
    let mut last = ' ';
    let mut written = 0;
    for c in word.text.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if class != last && written < 6 {
            hasher.write_u32(class as u32);
            written += 1;
        }
        last = class;
    }
    if word.dotted {
        hasher.write_u8(b'.');
    }
}

/// Hashes the lower-cased last `n` characters (or first, when `from_start`) of a word.
fn affix_hash(hasher: &mut FxHasher, text: &str, n: usize, from_start: bool) {
    if text.is_ascii() {
        // One byte a character, lower-cased without Unicode tables.
        let bytes = text.as_bytes();
        let affix = if from_start {
            &bytes[..n.min(bytes.len())]
        } else {
            &bytes[bytes.len().saturating_sub(n)..]
        };
        affix
            .iter()
            .for_each(|b| hasher.write_u32(u32::from(b.to_ascii_lowercase())));
        hasher.write_usize(bytes.len().min(n));
        return;
    }
    affix_hash_chars(hasher, text, n, from_start);
}

/// [`affix_hash`] char by char, for any word.
fn affix_hash_chars(hasher: &mut FxHasher, text: &str, n: usize, from_start: bool) {
    let count = text.chars().count();
    if from_start {
        text.chars()
            .take(n)
            .flat_map(char::to_lowercase)
            .for_each(|c| hasher.write_u32(c as u32));
    } else {
        text.chars()
            .skip(count.saturating_sub(n))
            .flat_map(char::to_lowercase)
            .for_each(|c| hasher.write_u32(c as u32));
    }
    hasher.write_usize(count.min(n));
}

/// Hashes `text.to_lowercase()` as bytes, without allocating for a short ASCII word.
fn write_lowercase(hasher: &mut FxHasher, text: &str) {
    let mut buffer = [0u8; 32];
    match buffer.get_mut(..text.len()) {
        Some(lower) if text.is_ascii() => {
            lower.copy_from_slice(text.as_bytes());
            lower.make_ascii_lowercase();
            hasher.write(lower);
        }
        _ => hasher.write(text.to_lowercase().as_bytes()),
    }
}

/// The hash of a feature: its template's number, then what `write` writes.
#[inline(always)]
fn hashed(template: u8, write: impl FnOnce(&mut FxHasher)) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write_u8(template);
    write(&mut hasher);
    hasher.finish()
}

/// Collects the hashed features of word `i`, given the label of the word before it.
pub struct Features<'w, 'a> {
    pub words: &'w [Word<'a>],
    pub facts: &'w [WordFacts],
}

impl Features<'_, '_> {
    /// Calls `emit` with each feature's hash, given the label of the word before.
    pub fn of(&self, i: usize, previous_tag: usize, mut emit: impl FnMut(u64)) {
        self.context_of(i, &mut emit);
        self.transition_of(i, previous_tag, &mut emit);
    }

    /// The features that join word `i`'s facts with the label of the word before it; the
    /// decoder computes them once per label.
    pub fn transition_of(&self, i: usize, previous_tag: usize, mut emit: impl FnMut(u64)) {
        let words = self.words;
        let facts = self.facts;
        let word = &words[i];
        let fact = &facts[i];
        let prev = i.checked_sub(1).map(|p| &words[p]);
        let next = words.get(i + 1);
        let gap_before = prev.map_or(12, |p| gap_class(p.gap));
        let gap_after = gap_class(word.gap);
        let tag = previous_tag as u8;
        macro_rules! feature {
            ($template:expr, $f:expr) => {
                emit(hashed($template, $f))
            };
        }
        for bit in 0..FLAG_COUNT {
            if fact.flags & (1 << bit) != 0 {
                feature!(8, |h| {
                    h.write_u32(bit);
                    h.write_u8(tag)
                });
            }
        }
        feature!(13, |h| {
            h.write_u8(gap_before);
            h.write_u8(gap_after);
            h.write_u8(tag)
        });
        feature!(16, |h| h.write_u8(tag));
        feature!(17, |h| {
            h.write_u8(tag);
            shape_hash(h, word)
        });
        feature!(18, |h| {
            h.write_u8(tag);
            h.write_u8(u8::from(next.is_some_and(|n| n.capitalised())))
        });
        feature!(20, |h| {
            h.write_u8(fact.rule);
            h.write_u8(tag)
        });
        feature!(23, |h| {
            h.write_u8(u8::from(fact.article_surname));
            h.write_u8(u8::from(fact.article_name_word));
            h.write_u8(tag);
            h.write_u8(fact.noun)
        });
    }

    /// The features of word `i` and its neighbours that do not depend on any label.
    pub fn context_of(&self, i: usize, mut emit: impl FnMut(u64)) {
        let words = self.words;
        let facts = self.facts;
        let word = &words[i];
        let fact = &facts[i];
        let prev = i.checked_sub(1).map(|p| (&words[p], &facts[p]));
        let next = words.get(i + 1).map(|w| (w, &facts[i + 1]));
        let prev2 = i.checked_sub(2).map(|p| &words[p]);
        let next2 = words.get(i + 2).map(|w| (w, &facts[i + 2]));
        let gap_before = prev.map_or(12, |(p, _)| gap_class(p.gap));
        let gap_after = gap_class(word.gap);
        let sentence_start = prev.is_none_or(|(p, _)| p.ends_sentence());

        macro_rules! feature {
            ($template:expr, $f:expr) => {
                emit(hashed($template, $f))
            };
        }
        feature!(0, |_| {});
        feature!(1, |h| h.write(word.text.as_bytes()));
        feature!(2, |h| shape_hash(h, word));
        feature!(3, |h| affix_hash(h, word.text, 3, false));
        feature!(4, |h| affix_hash(h, word.text, 2, false));
        feature!(5, |h| affix_hash(h, word.text, 4, false));
        feature!(6, |h| affix_hash(h, word.text, 3, true));
        for bit in 0..FLAG_COUNT {
            if fact.flags & (1 << bit) != 0 {
                feature!(7, |h| h.write_u32(bit));
            }
        }
        feature!(9, |h| h.write_u8(fact.noun));
        feature!(10, |h| {
            h.write_u8(fact.noun);
            h.write_u16(fact.flags & (GIVEN | AMBIGUOUS_GIVEN | NOT_PERSON | SURNAME | CITY));
        });
        feature!(11, |h| h.write_u8(gap_before));
        feature!(12, |h| h.write_u8(gap_after));
        feature!(14, |h| {
            h.write_u8(u8::from(sentence_start));
            h.write_u8(fact.frequency);
            h.write_u8(fact.noun)
        });
        feature!(41, |h| {
            h.write_u8(fact.frequency);
            h.write_u16(fact.flags & (GIVEN | SURNAME | CITY));
        });
        feature!(15, |h| {
            h.write_u8(u8::from(sentence_start));
            h.write_u16(fact.flags & (GIVEN | STOP));
            h.write_u8(fact.noun)
        });
        feature!(19, |h| h.write_u8(fact.rule));
        feature!(21, |h| {
            h.write_u8(fact.rule);
            shape_hash(h, word)
        });
        feature!(42, |h| {
            h.write_u8(u8::from(fact.article_determined));
            h.write_u16(fact.flags & (GIVEN | SURNAME));
            h.write_u8(u8::from(fact.article_surname));
        });
        feature!(22, |h| {
            h.write_u8(u8::from(fact.article_surname));
            h.write_u8(u8::from(fact.article_name_word));
        });
        match prev {
            Some((p, pf)) => {
                feature!(24, |h| h.write(p.text.as_bytes()));
                feature!(25, |h| shape_hash(h, p));
                feature!(26, |h| h.write_u16(pf.flags));
                feature!(27, |h| {
                    h.write(p.text.as_bytes());
                    h.write(word.text.as_bytes())
                });
                feature!(28, |h| affix_hash(h, p.text, 3, false));
                feature!(29, |h| {
                    h.write_u8(pf.rule);
                    h.write_u8(fact.rule)
                });
            }
            None => feature!(30, |_| {}),
        }
        match next {
            Some((n, nf)) => {
                feature!(31, |h| h.write(n.text.as_bytes()));
                feature!(32, |h| shape_hash(h, n));
                feature!(33, |h| h.write_u16(nf.flags));
                feature!(34, |h| h.write_u8(nf.noun));
                feature!(35, |h| affix_hash(h, n.text, 3, false));
                feature!(36, |h| {
                    h.write_u8(nf.rule);
                    h.write_u8(fact.rule)
                });
                feature!(37, |h| {
                    h.write_u8(u8::from(nf.article_surname));
                    h.write_u8(u8::from(fact.has(GIVEN)))
                });
            }
            None => feature!(38, |_| {}),
        }
        if let Some(p2) = prev2 {
            feature!(39, |h| h.write(p2.text.as_bytes()));
        }
        // Neighbour words with the word's own kind: `sagte` before an unknown capitalised word
        // says more than either alone.
        let kind = |h: &mut FxHasher| {
            h.write_u8(fact.frequency);
            h.write_u8(fact.noun);
            h.write_u16(fact.flags & (GIVEN | SURNAME | CITY | NOT_PERSON));
        };
        if let Some((p, _)) = prev {
            feature!(43, |h| {
                write_lowercase(h, p.text);
                kind(h)
            });
        }
        if let Some((n, _)) = next {
            feature!(44, |h| {
                write_lowercase(h, n.text);
                kind(h)
            });
        }
        if let Some((n2, _)) = next2 {
            feature!(45, |h| h.write(n2.text.as_bytes()));
        }
        if let Some((n2, n2f)) = next2 {
            feature!(40, |h| {
                shape_hash(h, n2);
                h.write_u16(n2f.flags & (GIVEN | STOP | ROLE))
            });
        }
    }

    /// Whether word `i` may continue a name begun before it: nothing but spaces between them,
    /// after an initial's or a regnal number's full stop (`Donald J. Trump`, `Ottos II. von
    /// Neumarkt`); never past a sentence's end, a colon or a comma (`Claudia B.: Wir`).
    pub fn continues_name(&self, i: usize) -> bool {
        let Some(before) = i.checked_sub(1).map(|p| &self.words[p]) else {
            return false;
        };
        let gap = if before.dotted && (before.is_initial() || is_regnal(before.text)) {
            &before.gap[1..]
        } else {
            before.gap
        };
        gap.chars().all(char::is_whitespace)
    }

    /// Whether word `i` is labelled at all: capitalised words but function words and frequent
    /// nouns, particles, and capitalised words after a name's word. Every other word is
    /// outside a name.
    pub fn scored(&self, i: usize, previous_tag: usize) -> bool {
        let fact = &self.facts[i];
        if fact.has(PARTICLE) {
            return true;
        }
        // Inside a name only capitalised words and `der`/`den` after `von` or `van` (`Ursula
        // von der Leyen`); a lower-case word ends every reading, which keeps decoding linear.
        if !fact.capitalised {
            return previous_tag != OUTSIDE
                && matches!(self.words[i].text, "der" | "den")
                && i.checked_sub(1)
                    .is_some_and(|p| matches!(self.words[p].text, "von" | "van"));
        }
        if previous_tag != OUTSIDE {
            return true;
        }
        // A function word or frequent common noun that no list or rule takes for a name is
        // outside one (most capitalised words of German text).
        let plain_word = (fact.noun >= 3 || fact.has(STOP))
            && !fact.has(GIVEN | SURNAME)
            && fact.rule == 0
            && !fact.article_name_word;
        fact.capitalised && !plain_word
    }
}

#[cfg(test)]
mod tests {
    use super::super::words::words;
    use super::*;

    fn hash(write: impl Fn(&mut FxHasher)) -> u64 {
        let mut hasher = FxHasher::default();
        write(&mut hasher);
        hasher.finish()
    }

    #[test]
    fn ascii_shortcuts_hash_as_the_char_by_char_code() {
        let text = "Donald J. Trump, A4-Papier O'Neill x ÖVP USA-Chef 2021 Mikl-Leitner \
                    Wolfeschlegelsteinhausenbergerdorffsenior";
        for word in words(text) {
            for (n, from_start) in [(3, false), (2, false), (4, false), (3, true), (9, true)] {
                assert_eq!(
                    hash(|h| affix_hash(h, word.text, n, from_start)),
                    hash(|h| affix_hash_chars(h, word.text, n, from_start)),
                    "affix {n} {from_start} of {word:?}"
                );
            }
            assert_eq!(
                hash(|h| write_lowercase(h, word.text)),
                hash(|h| h.write(word.text.to_lowercase().as_bytes())),
                "lower case of {word:?}"
            );
        }
    }
}
