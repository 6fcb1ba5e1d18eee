//! A token filter made from a plain function, for the filters that rewrite or drop one token
//! at a time (folding, stemming, sound keys).

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// A token filter applying a function to each token: it rewrites the token in place and
/// returns whether to keep it.
#[derive(Clone, Copy)]
pub struct TokenMap(pub fn(&mut Token) -> bool);

impl TokenFilter for TokenMap {
    type Tokenizer<T: Tokenizer> = TokenMapFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> TokenMapFilter<T> {
        TokenMapFilter {
            map: self.0,
            inner: tokenizer,
        }
    }
}

#[derive(Clone)]
pub struct TokenMapFilter<T> {
    map: fn(&mut Token) -> bool,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for TokenMapFilter<T> {
    type TokenStream<'a> = TokenMapStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        TokenMapStream {
            map: self.map,
            tail: self.inner.token_stream(text),
        }
    }
}

pub struct TokenMapStream<T> {
    map: fn(&mut Token) -> bool,
    tail: T,
}

impl<T: TokenStream> TokenStream for TokenMapStream<T> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            if (self.map)(self.tail.token_mut()) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}
