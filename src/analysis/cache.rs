//! A bounded per-thread memory of what an expensive word function gave: words repeat, in a
//! text and across texts, so most look-ups find their answer. Its users keep one per thread
//! (`thread_local!`), so it needs no lock; it does not know what it holds.

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
pub struct WordCache<V> {
    entries: hashbrown::HashTable<(Key, V)>,
    capacity: usize,
}

impl<V> WordCache<V> {
    pub fn new(capacity: usize) -> WordCache<V> {
        WordCache {
            entries: hashbrown::HashTable::new(),
            capacity,
        }
    }

    /// The value of `text`, made by `make` the first time.
    pub fn get_or_make(&mut self, text: &str, make: impl FnOnce(&str) -> V) -> &V {
        let short = Key::short(text);
        let hash = match &short {
            Some(key) => key.hash(),
            None => hash_long(text),
        };
        let is_text = |(key, _): &(Key, V)| key.is(text, &short);
        if self.entries.len() >= self.capacity && self.entries.find(hash, is_text).is_none() {
            self.entries.clear();
        }
        let entry = self
            .entries
            .entry(hash, is_text, |(key, _)| key.hash())
            .or_insert_with(|| {
                let key = short.clone().unwrap_or_else(|| Key::Long(text.into()));
                (key, make(text))
            });
        &entry.into_mut().1
    }

    /// How many words it holds.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_short_and_long_are_told_apart_and_forgotten_when_full() {
        let long = "Donaudampfschifffahrtsgesellschaftskapitän";
        let mut memo = WordCache::new(3);
        let mut made = Vec::new();
        let mut get = |memo: &mut WordCache<usize>, word: &str| {
            *memo.get_or_make(word, |word| {
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

    #[test]
    fn answers_are_made_once_and_forgotten_when_full() {
        let mut cache = WordCache::new(2);
        let mut made = 0;
        let mut get = |cache: &mut WordCache<usize>, word: &str| {
            *cache.get_or_make(word, |word| {
                made += 1;
                word.len()
            })
        };
        assert_eq!(get(&mut cache, "nato"), 4);
        assert_eq!(get(&mut cache, "nato"), 4);
        assert_eq!(get(&mut cache, "genf"), 4);
        // Full: a known word is still found, a new one empties the cache first.
        assert_eq!(get(&mut cache, "genf"), 4);
        assert_eq!(get(&mut cache, "lawrow"), 6);
        assert_eq!(get(&mut cache, "nato"), 4);
        assert_eq!(made, 4);
    }
}
