//! Snowball German stemming (rust-stemmers) as a token filter.

use super::token_map::TokenMap;
use rust_stemmers::{Algorithm, Stemmer};
use std::sync::LazyLock;
use tantivy::tokenizer::Token;

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::German));

/// Token filter replacing each token by its Snowball German stem.
pub const GERMAN_STEMMER: TokenMap = TokenMap(stem_token);

/// The Snowball German stem of a folded, lower-case word.
pub fn stem_german(word: &str) -> String {
    STEMMER.stem(word).into_owned()
}

fn stem_token(token: &mut Token) -> bool {
    let stem = STEMMER.stem(&token.text);
    if stem.len() != token.text.len() {
        token.text = stem.into_owned();
    }
    true
}
