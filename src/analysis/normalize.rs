//! German folding ([`super::fold`]) as a tantivy [`TokenFilter`].

use super::fold::fold_german_into;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Token filter applying [`fold_german_into`] to every token.
#[derive(Clone, Copy, Default)]
pub struct GermanNormalizer;

impl TokenFilter for GermanNormalizer {
    type Tokenizer<T: Tokenizer> = NormalizerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> NormalizerFilter<T> {
        NormalizerFilter { inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct NormalizerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for NormalizerFilter<T> {
    type TokenStream<'a> = NormalizerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        NormalizerStream {
            tail: self.inner.token_stream(text),
            buffer: String::new(),
        }
    }
}

pub struct NormalizerStream<T> {
    tail: T,
    buffer: String,
}

impl<T: TokenStream> TokenStream for NormalizerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        self.buffer.clear();
        fold_german_into(&token.text, &mut self.buffer);
        std::mem::swap(&mut token.text, &mut self.buffer);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}
