//! A bounded per-thread memory of what an expensive word function gave: words repeat, in a
//! text and across texts, so most look-ups find their answer.

use rustc_hash::FxHashMap;

/// Answers by word, forgotten all at once when `capacity` words are held.
pub struct WordCache<V> {
    answers: FxHashMap<Box<str>, V>,
    capacity: usize,
}

impl<V> WordCache<V> {
    pub fn new(capacity: usize) -> WordCache<V> {
        WordCache {
            answers: FxHashMap::default(),
            capacity,
        }
    }

    /// The answer for `word`, made by `make` the first time.
    pub fn get_or_make(&mut self, word: &str, make: impl FnOnce(&str) -> V) -> &V {
        if !self.answers.contains_key(word) {
            if self.answers.len() >= self.capacity {
                self.answers.clear();
            }
            self.answers.insert(word.into(), make(word));
        }
        &self.answers[word]
    }
}
