//! Person detection: who is named in an article, by a statistical labeller over word lists and
//! rules, fast and offline.
//!
//! An article is read in four steps, one file each:
//! - `words.rs` splits a paragraph into words and keeps the punctuation between them;
//! - `rules.rs` finds names the way a reader of German news does: a known given name before
//!   capitalised surnames (`Donald J. Trump`, `Ursula von der Leyen`, `Hans-Peter Doskozil`), a
//!   role word before a name (`Außenminister Lawrow`), a line-up after a colon, a list of given
//!   names, a character before the actor who plays it, with the lists of `lexicon.rs`;
//! - `label.rs` labels every word as outside, first or later word of a name with an averaged
//!   structured perceptron decoded by Viterbi (`model.rs`, trained by
//!   `examples/train_people.rs` on labelled German text) over the features of `features.rs`:
//!   word shape, affixes, list memberships, neighbours, punctuation, the rules' reading and
//!   the names the rules find elsewhere in the article;
//!   `things.rs` drops names that stand for institutions, companies, streets and works;
//! - `link.rs` ties each mention to its article's fullest form of the name, its *canonical*
//!   name, and finds a surname or given name alone (`Lawrow`, genitive `Lawrows`) when the
//!   article names the person in full.
//!
//! This module does not link persons across articles; the callers do, by surname.

pub mod features;
mod label;
mod lex;
mod lexicon;
mod link;
pub mod model;
mod rules;
mod things;
pub mod train;
pub mod words;

pub use label::Article;
pub use lexicon::{is_given_name, is_listed_name};
pub use model::{Model, ModelError};

use std::ops::Range;
use std::sync::LazyLock;

/// A person named in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Byte range of the name in the text.
    pub span: Range<usize>,
    /// The article's fullest form of the name (`Sergej Lawrow` for a mention `Lawrow`).
    pub person: String,
}

/// The shipped model, built by `examples/train_people.rs`.
static MODEL: LazyLock<Result<Model, ModelError>> =
    LazyLock::new(|| Model::from_bytes(include_bytes!("../../../data/people/model.bin")));

/// The shipped model; the rules alone if it cannot be read (a test guards against that).
pub fn shipped_model() -> &'static Model {
    static RULES_ONLY: LazyLock<Model> = LazyLock::new(Model::rules_only);
    MODEL.as_ref().unwrap_or(&RULES_ONLY)
}

/// Detects the persons named in an article's paragraphs; one list of mentions per paragraph.
pub fn detect(paragraphs: &[&str]) -> Vec<Vec<Mention>> {
    detect_with(shipped_model(), paragraphs)
}

/// [`detect`] with another model (cross-validation trains its own).
pub fn detect_with(model: &Model, paragraphs: &[&str]) -> Vec<Vec<Mention>> {
    let article = Article::read(paragraphs);
    let names = article.names(model);
    link::link(&article.words, &names)
}

#[cfg(test)]
mod tests;
