//! German folding ([`super::fold`]) as a token filter.

use super::fold::fold_german_in_place;
use super::token_map::TokenMap;
use tantivy::tokenizer::Token;

/// Token filter folding every token (see [`super::fold_german`]).
pub const GERMAN_NORMALIZER: TokenMap = TokenMap(fold_token);

fn fold_token(token: &mut Token) -> bool {
    fold_german_in_place(&mut token.text);
    true
}
