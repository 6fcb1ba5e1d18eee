//! A bounded per-thread memory of what an expensive word function gave: words repeat, in a
//! text and across texts, so most look-ups find their answer.
//!
//! hashbrown's `entry_ref` finds a word with one hash and one probe and copies the word only
//! when it is new; the standard map needs a second look-up to hand out what it just found.

use rustc_hash::FxBuildHasher;

/// Answers by word, forgotten all at once when `capacity` words are held.
pub struct WordCache<V> {
    answers: hashbrown::HashMap<String, V, FxBuildHasher>,
    capacity: usize,
}

impl<V> WordCache<V> {
    pub fn new(capacity: usize) -> WordCache<V> {
        WordCache {
            answers: hashbrown::HashMap::with_hasher(FxBuildHasher),
            capacity,
        }
    }

    /// The answer for `word`, made by `make` the first time.
    pub fn get_or_make(&mut self, word: &str, make: impl FnOnce(&str) -> V) -> &V {
        if self.answers.len() >= self.capacity && !self.answers.contains_key(word) {
            self.answers.clear();
        }
        self.answers.entry_ref(word).or_insert_with(|| make(word))
    }
}

#[cfg(test)]
mod tests {
    use super::WordCache;

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
