//! Tokens carried as text: [`encode_tokens`] writes analysed tokens into one string, and the
//! [`PassThrough`] tokenizer gives them back to tantivy's writer unchanged.
//!
//! An analysed field takes its tokens this way instead of as a `PreTokenizedString`, which
//! tantivy copies token by token (string by string) on its way in; here a field's tokens are
//! one string, and the writer reads them into one reused token. The field is then not stored
//! (what the store would keep is this string): the text to show has a stored field of its own.
//! Only terms and positions travel: offsets are not indexed. Only an index opened for a build
//! registers it, under the name of the analyzer whose tokens it carries; queries always meet
//! the real analyzers.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Starts a token: its position in decimal, then [`TERM`], then its term. Terms are made of
/// letters and digits, never of control characters.
const TOKEN: char = '\u{1}';
const TERM: char = '\u{2}';

/// `tokens` as one string for [`PassThrough`]: terms and positions, in order.
///
/// ```
/// use archivar::analysis::{encode_tokens, PassThrough};
/// use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
/// let tokens = [("nato", 0), ("ost", 2), ("erweiter", 2)].map(|(text, position)| Token {
///     text: text.to_string(),
///     position,
///     ..Token::default()
/// });
/// let encoded = encode_tokens(&tokens);
/// let mut passed = Vec::new();
/// PassThrough.token_stream(&encoded).process(&mut |token| {
///     passed.push((token.text.clone(), token.position));
/// });
/// assert_eq!(passed, [("nato".into(), 0), ("ost".into(), 2), ("erweiter".into(), 2)]);
/// ```
pub fn encode_tokens(tokens: &[Token]) -> String {
    let mut encoded = String::with_capacity(tokens.iter().map(|t| t.text.len() + 6).sum());
    for token in tokens {
        push_token(&mut encoded, token);
    }
    encoded
}

/// Appends one token to what [`encode_tokens`] writes.
pub fn push_token(encoded: &mut String, token: &Token) {
    debug_assert!(!token.text.contains([TOKEN, TERM]), "{:?}", token.text);
    encoded.push(TOKEN);
    let mut digits = [0u8; 20];
    let mut rest = token.position;
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &digit in &digits[start..] {
        encoded.push(char::from(digit));
    }
    encoded.push(TERM);
    encoded.push_str(&token.text);
}

/// The tokenizer that reads back what [`encode_tokens`] wrote.
#[derive(Clone, Default)]
pub struct PassThrough;

pub struct PassThroughStream<'a> {
    rest: &'a str,
    token: Token,
}

impl Tokenizer for PassThrough {
    type TokenStream<'a> = PassThroughStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PassThroughStream<'a> {
        PassThroughStream {
            rest: text,
            token: Token::default(),
        }
    }
}

impl TokenStream for PassThroughStream<'_> {
    fn advance(&mut self) -> bool {
        // The markers are ASCII, so they are found byte by byte and cut on char boundaries.
        let Some(token) = self.rest.strip_prefix(TOKEN) else {
            return false;
        };
        let bytes = token.as_bytes();
        let end = bytes
            .iter()
            .position(|&b| b == TOKEN as u8)
            .unwrap_or(bytes.len());
        self.rest = &token[end..];
        let Some(split) = bytes[..end].iter().position(|&b| b == TERM as u8) else {
            return false;
        };
        let mut position = 0usize;
        for &digit in &bytes[..split] {
            position = position * 10 + usize::from(digit.wrapping_sub(b'0'));
        }
        self.token.position = position;
        self.token.text.clear();
        self.token.text.push_str(&token[split + 1..end]);
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}
