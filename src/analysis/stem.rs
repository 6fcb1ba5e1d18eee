//! Snowball German stemming (rust-stemmers) as a token filter.

use super::cache::WordCache;
use super::token_map::TokenMap;
use rust_stemmers::{Algorithm, Stemmer};
use std::cell::RefCell;
use std::sync::LazyLock;
use tantivy::tokenizer::Token;

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::German));

/// Token filter replacing each token by its Snowball German stem.
pub const GERMAN_STEMMER: TokenMap = TokenMap(stem_token);

/// The Snowball German stem of a folded, lower-case word.
pub fn stem_german(word: &str) -> String {
    STEMMER.stem(word).into_owned()
}

thread_local! {
    /// Stems already made on this thread: Snowball costs far more than a look-up.
    static STEMS: RefCell<WordCache<Box<str>>> = RefCell::new(WordCache::new(200_000));
}

fn stem_token(token: &mut Token) -> bool {
    STEMS.with_borrow_mut(|cache| {
        let stem = cache.get_or_make(&token.text, |word| STEMMER.stem(word).into());
        if **stem != token.text {
            token.text.clear();
            token.text.push_str(stem);
        }
    });
    true
}
