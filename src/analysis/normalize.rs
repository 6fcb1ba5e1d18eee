//! German folding ([`super::fold`]) as a token filter.

use super::fold::fold_german_into;
use super::token_map::TokenMap;
use tantivy::tokenizer::Token;

/// Token filter folding every token (see [`super::fold_german`]).
pub const GERMAN_NORMALIZER: TokenMap = TokenMap(fold_token);

fn fold_token(token: &mut Token) -> bool {
    let mut folded = String::with_capacity(token.text.len());
    fold_german_into(&token.text, &mut folded);
    token.text = folded;
    true
}
