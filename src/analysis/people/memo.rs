//! A bounded memory of what detection computed for a word, by the word's text: a news archive
//! repeats its names, nouns and function words, so most words are answered from it. Each
//! indexing thread keeps its own (`thread_local!`), so it needs no lock. It does not know what
//! it holds.

use rustc_hash::FxHasher;
use std::hash::Hasher;

/// Words up to this many bytes are kept inside their entry: most words.
const SHORT: usize = 23;

/// A word as a key, its length and bytes (zero-padded) inside the key when short: finding a
/// word then reads one entry and no string elsewhere in memory, which would mostly miss the
/// CPU caches, and compares three integers.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Key {
    Short([u64; 3]),
    Long(Box<str>),
}

impl Key {
    /// The key of `text` if it is short.
    fn short(text: &str) -> Option<Key> {
        let len = text.len();
        if len > SHORT {
            return None;
        }
        let mut bytes = [0u8; SHORT + 1];
        bytes[0] = len as u8;
        bytes[1..=len].copy_from_slice(text.as_bytes());
        let word = |k: usize| {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(&bytes[k * 8..k * 8 + 8]);
            u64::from_le_bytes(eight)
        };
        Some(Key::Short([word(0), word(1), word(2)]))
    }

    #[cfg(test)]
    fn new(text: &str) -> Key {
        Key::short(text).unwrap_or_else(|| Key::Long(text.into()))
    }

    /// Whether this key is `text`, given `text`'s short key if it has one.
    fn is(&self, text: &str, short: &Option<Key>) -> bool {
        match (self, short) {
            (Key::Long(long), None) => **long == *text,
            (key, Some(short)) => key == short,
            _ => false,
        }
    }

    fn hash(&self) -> u64 {
        match self {
            Key::Short(words) => hash_short(words),
            Key::Long(long) => hash_long(long),
        }
    }
}

fn hash_short(words: &[u64; 3]) -> u64 {
    let mut hasher = FxHasher::default();
    words.iter().for_each(|&word| hasher.write_u64(word));
    hasher.finish()
}

fn hash_long(text: &str) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(text.as_bytes());
    hasher.finish()
}

/// Values by word, forgotten all at once when `capacity` words are held.
///
/// ```
/// use archivar::people::memo::Memo;
/// let mut memo = Memo::new(2);
/// assert_eq!(memo.get_or_make("Wien", |word| word.len()), 4);
/// // Made once: the second answer is the first one's.
/// assert_eq!(memo.get_or_make("Wien", |_| 0), 4);
/// assert_eq!(memo.len(), 1);
/// ```
pub struct Memo<V> {
    entries: hashbrown::HashTable<(Key, V)>,
    capacity: usize,
}

impl<V: Copy> Memo<V> {
    pub fn new(capacity: usize) -> Memo<V> {
        Memo {
            entries: hashbrown::HashTable::new(),
            capacity,
        }
    }

    /// The value of `text`, made by `make` the first time.
    pub fn get_or_make(&mut self, text: &str, make: impl FnOnce(&str) -> V) -> V {
        let short = Key::short(text);
        let hash = match &short {
            Some(key) => key.hash(),
            None => hash_long(text),
        };
        if let Some((_, value)) = self.entries.find(hash, |(key, _)| key.is(text, &short)) {
            return *value;
        }
        if self.entries.len() >= self.capacity {
            self.entries.clear();
        }
        let value = make(text);
        let key = short.unwrap_or_else(|| Key::Long(text.into()));
        self.entries
            .insert_unique(hash, (key, value), |(key, _)| key.hash());
        value
    }

    /// How many words it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_short_and_long_are_told_apart_and_forgotten_when_full() {
        let long = "Donaudampfschifffahrtsgesellschaftskapitän";
        let mut memo = Memo::new(3);
        let mut made = Vec::new();
        let mut get = |memo: &mut Memo<usize>, word: &str| {
            memo.get_or_make(word, |word| {
                made.push(word.to_string());
                word.len()
            })
        };
        for word in ["Merkel", "Merke", long, "Merkel", long, ""] {
            assert_eq!(get(&mut memo, word), word.len(), "{word}");
        }
        // Full after three words: the fourth new one ("") empties it first.
        assert_eq!(memo.len(), 1);
        assert_eq!(get(&mut memo, "Merkel"), 6);
        assert_eq!(made, ["Merkel", "Merke", long, "", "Merkel"]);
        assert!(Key::new(long).is(long, &None));
        assert!(!Key::new("Merkel").is("Merkel", &None));
        assert!(Key::new("Merkel").is("Merkel", &Some(Key::new("Merkel"))));
        assert!(!Key::new("Merkel").is("Merke", &Some(Key::new("Merke"))));
    }
}
