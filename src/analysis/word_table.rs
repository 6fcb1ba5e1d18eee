//! A bounded per-thread memory of what each word gives in every word field, packed so that a
//! word seen before costs one probe and one or two cache lines.
//!
//! A word's key and its tokens (folded form, stem, sound key, compound parts) stand side by
//! side in one string, and the table holds small fixed-size entries that point into it. A map
//! from `String` to a value of boxed strings (as [`super::cache::WordCache`] keeps) would
//! touch the key and every token in an allocation of its own: on indexing's hot path those
//! were a cache miss each. This file does not decide what a word's tokens are
//! ([`super::passage`] does).

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

/// The tokens one word gives, as [`WordTable::get_or_make`] hands them out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct WordTokens<'a> {
    /// Its sound key, for a capitalised word with a key.
    pub sound: Option<&'a str>,
    /// Its stem; `None` for a stop word.
    pub stem: Option<&'a str>,
    /// The word folded.
    pub folded: &'a str,
    /// The stems of its compound parts (see [`WordTokens::parts`]).
    parts: Parts<'a>,
}

/// Compound parts as packed (one after the other, and their lengths) or as made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parts<'a> {
    Packed(&'a str, &'a [u16]),
    Unpacked(&'a [String]),
}

impl<'a> WordTokens<'a> {
    /// The stems of its compound parts; none for a stop word or a simple word.
    pub fn parts(&self) -> impl Iterator<Item = &'a str> + 'a {
        let (packed, lengths, unpacked): (&str, &[u16], &[String]) = match self.parts {
            Parts::Packed(parts, lengths) => (parts, lengths, &[]),
            Parts::Unpacked(parts) => ("", &[], parts),
        };
        let packed = lengths.iter().scan(0usize, move |start, &length| {
            let part = &packed[*start..*start + usize::from(length)];
            *start += usize::from(length);
            Some(part)
        });
        packed.chain(unpacked.iter().map(String::as_str))
    }
}

/// The tokens of a word as made, before they are packed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct OwnedWordTokens {
    pub sound: Option<String>,
    pub stem: Option<String>,
    pub folded: String,
    pub parts: Vec<String>,
}

/// Where a word's key and tokens stand in [`WordTable::text`] (one after the other, in this
/// order: key, folded, stem, sound, parts) and its part lengths in
/// [`WordTable::part_lengths`].
#[derive(Debug, Clone, Copy)]
struct Entry {
    start: u32,
    first_part: u32,
    key: u16,
    folded: u16,
    /// [`ABSENT`] for no stem.
    stem: u16,
    /// [`ABSENT`] for no sound key.
    sound: u16,
    parts: u16,
}

/// The length that marks a token as absent.
const ABSENT: u16 = u16::MAX;

/// Words with their tokens, forgotten all at once when `capacity` words are held.
pub(super) struct WordTable {
    text: String,
    part_lengths: Vec<u16>,
    entries: HashTable<Entry>,
    capacity: usize,
    /// What was made for a word too long to pack (its tokens are handed out from here).
    unpacked: OwnedWordTokens,
}

impl WordTable {
    pub fn new(capacity: usize) -> WordTable {
        WordTable {
            text: String::new(),
            part_lengths: Vec::new(),
            entries: HashTable::new(),
            capacity,
            unpacked: OwnedWordTokens::default(),
        }
    }

    /// The tokens of `word`, made by `make` the first time.
    pub fn get_or_make(
        &mut self,
        word: &str,
        make: impl FnOnce(&str) -> OwnedWordTokens,
    ) -> WordTokens<'_> {
        let hash = FxBuildHasher.hash_one(word);
        let found = {
            let text = &self.text;
            self.entries
                .find(hash, |entry| key_of(text, entry) == word)
                .copied()
        };
        let entry = match found {
            Some(entry) => entry,
            None => {
                let made = make(word);
                match self.pack(hash, word, &made) {
                    Some(entry) => entry,
                    None => {
                        self.unpacked = made;
                        return WordTokens {
                            sound: self.unpacked.sound.as_deref(),
                            stem: self.unpacked.stem.as_deref(),
                            folded: &self.unpacked.folded,
                            parts: Parts::Unpacked(&self.unpacked.parts),
                        };
                    }
                }
            }
        };
        self.tokens(&entry)
    }

    /// Adds a word's tokens; `None` (and nothing added) for a word whose tokens are too long
    /// to pack.
    fn pack(&mut self, hash: u64, word: &str, made: &OwnedWordTokens) -> Option<Entry> {
        let length = |text: &str| u16::try_from(text.len()).ok().filter(|&n| n != ABSENT);
        let optional = |text: &Option<String>| match text {
            Some(text) => length(text),
            None => Some(ABSENT),
        };
        let part_lengths: Option<Vec<u16>> = made.parts.iter().map(|part| length(part)).collect();
        let (key, folded, stem, sound, part_lengths, parts) = (
            length(word)?,
            length(&made.folded)?,
            optional(&made.stem)?,
            optional(&made.sound)?,
            part_lengths?,
            u16::try_from(made.parts.len()).ok()?,
        );
        if self.entries.len() >= self.capacity || self.text.len() > (u32::MAX / 2) as usize {
            self.entries.clear();
            self.text.clear();
            self.part_lengths.clear();
        }
        let entry = Entry {
            start: u32::try_from(self.text.len()).ok()?,
            first_part: u32::try_from(self.part_lengths.len()).ok()?,
            key,
            folded,
            stem,
            sound,
            parts,
        };
        self.text.push_str(word);
        self.text.push_str(&made.folded);
        self.text.push_str(made.stem.as_deref().unwrap_or(""));
        self.text.push_str(made.sound.as_deref().unwrap_or(""));
        made.parts.iter().for_each(|part| self.text.push_str(part));
        self.part_lengths.extend(part_lengths);
        let text = &self.text;
        self.entries.insert_unique(hash, entry, |entry| {
            FxBuildHasher.hash_one(key_of(text, entry))
        });
        Some(entry)
    }

    fn tokens(&self, entry: &Entry) -> WordTokens<'_> {
        let mut start = entry.start as usize + usize::from(entry.key);
        let mut next = |length: u16| {
            let length = if length == ABSENT {
                0
            } else {
                usize::from(length)
            };
            let token = &self.text[start..start + length];
            start += length;
            token
        };
        let folded = next(entry.folded);
        let stem = next(entry.stem);
        let sound = next(entry.sound);
        let first_part = entry.first_part as usize;
        let part_lengths = &self.part_lengths[first_part..first_part + usize::from(entry.parts)];
        let parts_length: usize = part_lengths.iter().map(|&n| usize::from(n)).sum();
        WordTokens {
            sound: (entry.sound != ABSENT).then_some(sound),
            stem: (entry.stem != ABSENT).then_some(stem),
            folded,
            parts: Parts::Packed(&self.text[start..start + parts_length], part_lengths),
        }
    }
}

fn key_of<'a>(text: &'a str, entry: &Entry) -> &'a str {
    let start = entry.start as usize;
    &text[start..start + usize::from(entry.key)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(
        folded: &str,
        stem: Option<&str>,
        sound: Option<&str>,
        parts: &[&str],
    ) -> OwnedWordTokens {
        OwnedWordTokens {
            sound: sound.map(str::to_string),
            stem: stem.map(str::to_string),
            folded: folded.to_string(),
            parts: parts.iter().map(|part| part.to_string()).collect(),
        }
    }

    fn unpack(tokens: WordTokens) -> OwnedWordTokens {
        OwnedWordTokens {
            sound: tokens.sound.map(str::to_string),
            stem: tokens.stem.map(str::to_string),
            folded: tokens.folded.to_string(),
            parts: tokens.parts().map(str::to_string).collect(),
        }
    }

    #[test]
    fn tokens_come_back_as_made_and_are_made_once_until_full() {
        let long = "x".repeat(70_000);
        let rows: Vec<(&str, OwnedWordTokens)> = vec![
            (
                "Osterweiterung",
                owned(
                    "osterweiterung",
                    Some("osterweiter"),
                    Some("082732764"),
                    &["ost", "erweiter"],
                ),
            ),
            ("und", owned("und", None, None, &[])),
            ("Lawrow", owned("lawrow", Some("lawrow"), Some("5373"), &[])),
            (
                "Straße",
                owned("strasse", Some("strass"), Some("8273"), &[]),
            ),
            ("", owned("", Some(""), Some(""), &["", "a"])),
            (&long, owned(&long, Some(&long), None, &[&long])),
        ];
        let mut table = WordTable::new(4);
        let mut made = 0;
        for round in 0..3 {
            for (word, tokens) in &rows {
                let got = table.get_or_make(word, |_| {
                    made += 1;
                    tokens.clone()
                });
                assert_eq!(unpack(got), *tokens, "round {round}: {word:.20}");
            }
        }
        // Four words fit; the fifth empties the table; the long word is never packed.
        assert!(made > rows.len(), "{made}");
        let mut table = WordTable::new(100);
        let mut made = 0;
        for _ in 0..3 {
            for (word, tokens) in &rows[..5] {
                table.get_or_make(word, |_| {
                    made += 1;
                    tokens.clone()
                });
            }
        }
        assert_eq!(made, 5);
    }
}
