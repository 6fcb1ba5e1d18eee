//! The passage documents of an article, analysed before they reach the writer.
//!
//! [`ArticleDocuments`] analyses each passage once for all its word fields
//! ([`PassageAnalyzer`]) and the title and every other article-level value once per article,
//! shared by the article's passages; tantivy gets each field's tokens as one string for
//! [`analysis::PassThrough`] and only indexes them, and the texts to show in fields of their
//! own. [`AnalysedByTantivy`] makes the same documents as plain text for the registered
//! analyzers to cut in the writer, as archivar did before: it is kept so a test can show that
//! both give the same index. This file does not decide which files are indexed.

use super::signature::SignatureBuilder;
use super::{ArticleId, Fields};
use crate::analysis::{self, push_token, Analysis, PassageAnalyzer, TokenSink};
use crate::crawl::Article;
use crate::people::Mention;
use std::sync::Arc;
use tantivy::schema::document::{ReferenceValue, ReferenceValueLeaf};
use tantivy::schema::{Document, Field, Value};
use tantivy::tokenizer::Token;
use tantivy::{DateTime, Index, TantivyDocument};

/// Makes the passage documents of one article; one per worker thread.
pub(super) trait MakeDocuments: Send {
    type Doc: Document;

    /// The documents of `article`'s passages, in order; `mentions` are the persons named in
    /// each paragraph.
    fn article(
        &mut self,
        fields: &Fields,
        article: &Article,
        mentions: &[Vec<Mention>],
    ) -> Vec<Self::Doc>;

    /// Sets up the tokenizers of the index being built for the documents made here.
    fn prepare_index(_index: &Index) {}
}

/// The persons named anywhere in the article, sorted, once each.
fn everyone(mentions: &[Vec<Mention>]) -> Vec<&str> {
    let mut everyone: Vec<&str> = mentions
        .iter()
        .flatten()
        .map(|m| m.person.as_str())
        .collect();
    everyone.sort_unstable();
    everyone.dedup();
    everyone
}

/// The persons named in one paragraph, sorted, once each.
fn persons_here(mentions: &[Vec<Mention>], number: usize) -> Vec<&str> {
    let mut here: Vec<&str> = mentions
        .get(number)
        .into_iter()
        .flatten()
        .map(|m| m.person.as_str())
        .collect();
    here.sort_unstable();
    here.dedup();
    here
}

/// Pre-tokenized documents ([`Passage`]), analysed on the thread that makes them.
pub(super) struct ArticleDocuments {
    analyzer: PassageAnalyzer,
}

impl ArticleDocuments {
    pub fn new(analysis: Analysis) -> ArticleDocuments {
        ArticleDocuments {
            analyzer: PassageAnalyzer::new(analysis),
        }
    }
}

impl MakeDocuments for ArticleDocuments {
    type Doc = Passage;

    fn prepare_index(index: &Index) {
        analysis::register_pass_through(index.tokenizers());
    }

    fn article(
        &mut self,
        fields: &Fields,
        article: &Article,
        mentions: &[Vec<Mention>],
    ) -> Vec<Passage> {
        let mut shared = Vec::new();
        let path = article.path.to_string_lossy().into_owned();
        shared.push((
            fields.article,
            Owned::U64(ArticleId::of_location(&article.location()).stored()),
        ));
        shared.push((fields.path, Owned::Text(path)));
        if let Some(record) = article.record {
            shared.push((fields.record, Owned::U64(record as u64)));
        }
        let title = analysis::encode_tokens(&self.analyzer.stemmed(&article.title));
        shared.push((fields.title, Owned::Text(title)));
        shared.push((fields.stored_title, Owned::Text(article.title.clone())));
        shared.push((fields.section, Owned::Text(article.section.clone())));
        if let Some(date) = article.date {
            let seconds = DateTime::from_timestamp_secs(date.timestamp_secs());
            shared.push((fields.date, Owned::Date(seconds)));
            shared.push((fields.date_label, Owned::Text(date.to_string())));
        }
        for source in &article.sources {
            shared.push((fields.sources, Owned::Text(source.clone())));
        }
        for author in &article.authors {
            shared.push((fields.authors, Owned::Text(author.clone())));
        }
        if let Some(url) = &article.url {
            shared.push((fields.url, Owned::Text(url.clone())));
        }
        let article_persons: Vec<(Field, Owned)> = everyone(mentions)
            .into_iter()
            .map(|person| (fields.article_persons, Owned::Text(person.to_string())))
            .collect();
        let shared = Arc::new(ArticleValues {
            before: shared,
            after: article_persons,
        });

        // Passages under one subheading share its tokens.
        let mut heading: Option<(&str, Arc<str>)> = None;
        let mut passages = Vec::with_capacity(article.paragraphs.len());
        // The article's words, passage after passage, for its content signature.
        let mut signature = SignatureBuilder::default();
        for (number, paragraph) in article.paragraphs.iter().enumerate() {
            let mut own = Vec::new();
            own.push((fields.paragraph, Owned::U64(number as u64 + 1)));
            if let Some(text) = &paragraph.heading {
                let tokens = match &heading {
                    Some((last, tokens)) if *last == text.as_str() => Arc::clone(tokens),
                    _ => {
                        let tokens: Arc<str> =
                            analysis::encode_tokens(&self.analyzer.stemmed(text)).into();
                        heading = Some((text, Arc::clone(&tokens)));
                        tokens
                    }
                };
                own.push((fields.heading, Owned::SharedText(tokens)));
                own.push((fields.stored_heading, Owned::Text(text.clone())));
            }
            let mut tokens = EncodedPassage {
                signature: std::mem::take(&mut signature),
                ..EncodedPassage::default()
            };
            self.analyzer.passage_into(&paragraph.text, &mut tokens);
            signature = std::mem::take(&mut tokens.signature);
            // Each analysed field takes its tokens as one string; the text is stored apart.
            own.push((fields.text, Owned::Text(tokens.stemmed)));
            own.push((fields.stored_text, Owned::Text(paragraph.text.clone())));
            own.push((fields.text_exact, Owned::Text(tokens.exact)));
            own.push((fields.text_parts, Owned::Text(tokens.parts)));
            own.push((fields.names, Owned::Text(tokens.sounds)));
            for person in persons_here(mentions, number) {
                own.push((fields.persons, Owned::Text(person.to_string())));
                for key in person_keys(person) {
                    own.push((fields.person_keys, Owned::Text(key)));
                }
            }
            passages.push(Passage {
                shared: Arc::clone(&shared),
                own,
            });
        }
        if let (Some(first), Some(signature)) = (passages.first_mut(), signature.finish()) {
            first
                .own
                .push((fields.signature, Owned::Bytes(signature.to_bytes())));
        }
        passages
    }
}

/// A passage's tokens as its document takes them: written for [`analysis::PassThrough`]; the
/// exact forms also go to the article's signature.
#[derive(Default)]
struct EncodedPassage {
    stemmed: String,
    exact: String,
    parts: String,
    sounds: String,
    signature: SignatureBuilder,
}

impl TokenSink for EncodedPassage {
    fn stemmed(&mut self, token: &Token) {
        push_token(&mut self.stemmed, token);
    }
    fn exact(&mut self, token: &Token) {
        push_token(&mut self.exact, token);
        self.signature.word(&token.text);
    }
    fn part(&mut self, token: &Token) {
        push_token(&mut self.parts, token);
    }
    fn sound(&mut self, token: &Token) {
        push_token(&mut self.sounds, token);
    }
}

/// What every passage of an article carries, held once for all of them: the values that come
/// before the passage's own, and those after (in the order the schema's readers expect).
#[derive(Debug)]
struct ArticleValues {
    before: Vec<(Field, Owned)>,
    after: Vec<(Field, Owned)>,
}

/// One value of a passage document.
#[derive(Debug)]
pub(super) enum Owned {
    Text(String),
    SharedText(Arc<str>),
    U64(u64),
    Date(DateTime),
    Bytes(Vec<u8>),
}

impl Owned {
    fn borrow(&self) -> PassageValue<'_> {
        match self {
            Owned::Text(text) => PassageValue::Text(text),
            Owned::SharedText(text) => PassageValue::Text(text),
            Owned::U64(number) => PassageValue::U64(*number),
            Owned::Date(date) => PassageValue::Date(*date),
            Owned::Bytes(bytes) => PassageValue::Bytes(bytes),
        }
    }
}

/// A passage document: its article's shared values and its own.
#[derive(Debug)]
pub(super) struct Passage {
    shared: Arc<ArticleValues>,
    own: Vec<(Field, Owned)>,
}

/// A value of a [`Passage`] as tantivy reads it.
#[derive(Debug, Clone)]
pub(super) enum PassageValue<'a> {
    Text(&'a str),
    U64(u64),
    Date(DateTime),
    Bytes(&'a [u8]),
}

impl<'a> Value<'a> for PassageValue<'a> {
    type ArrayIter = std::iter::Empty<PassageValue<'a>>;
    type ObjectIter = std::iter::Empty<(&'a str, PassageValue<'a>)>;

    fn as_value(&self) -> ReferenceValue<'a, Self> {
        ReferenceValue::Leaf(match *self {
            PassageValue::Text(text) => ReferenceValueLeaf::Str(text),
            PassageValue::U64(number) => ReferenceValueLeaf::U64(number),
            PassageValue::Date(date) => ReferenceValueLeaf::Date(date),
            PassageValue::Bytes(bytes) => ReferenceValueLeaf::Bytes(bytes),
        })
    }
}

/// A passage's values in order: its article's first, its own, its article's last.
type ValuesIter<'a> = std::iter::Map<
    std::iter::Chain<
        std::iter::Chain<
            std::slice::Iter<'a, (Field, Owned)>,
            std::slice::Iter<'a, (Field, Owned)>,
        >,
        std::slice::Iter<'a, (Field, Owned)>,
    >,
    fn(&'a (Field, Owned)) -> (Field, PassageValue<'a>),
>;

impl Document for Passage {
    type Value<'a> = PassageValue<'a>;
    type FieldsValuesIter<'a> = ValuesIter<'a>;

    fn iter_fields_and_values(&self) -> ValuesIter<'_> {
        let borrow: for<'a> fn(&'a (Field, Owned)) -> (Field, PassageValue<'a>) =
            |(field, value)| (*field, value.borrow());
        self.shared
            .before
            .iter()
            .chain(&self.own)
            .chain(&self.shared.after)
            .map(borrow)
    }
}

/// Plain-text documents, analysed by the registered analyzers in the writer, as before the
/// one-pass analysis. They carry no content signature: they exist to compare terms.
pub(super) struct AnalysedByTantivy;

impl MakeDocuments for AnalysedByTantivy {
    type Doc = TantivyDocument;

    fn article(
        &mut self,
        fields: &Fields,
        article: &Article,
        mentions: &[Vec<Mention>],
    ) -> Vec<TantivyDocument> {
        let id = ArticleId::of_location(&article.location());
        let path = article.path.to_string_lossy();
        let everyone = everyone(mentions);
        let mut documents = Vec::with_capacity(article.paragraphs.len());
        for (number, paragraph) in article.paragraphs.iter().enumerate() {
            let mut doc = TantivyDocument::new();
            doc.add_u64(fields.article, id.stored());
            doc.add_text(fields.path, &path);
            if let Some(record) = article.record {
                doc.add_u64(fields.record, record as u64);
            }
            doc.add_text(fields.title, &article.title);
            doc.add_text(fields.stored_title, &article.title);
            doc.add_text(fields.section, &article.section);
            if let Some(date) = article.date {
                doc.add_date(
                    fields.date,
                    DateTime::from_timestamp_secs(date.timestamp_secs()),
                );
                doc.add_text(fields.date_label, date.to_string());
            }
            for source in &article.sources {
                doc.add_text(fields.sources, source);
            }
            for author in &article.authors {
                doc.add_text(fields.authors, author);
            }
            if let Some(url) = &article.url {
                doc.add_text(fields.url, url);
            }
            doc.add_u64(fields.paragraph, number as u64 + 1);
            if let Some(heading) = &paragraph.heading {
                doc.add_text(fields.heading, heading);
                doc.add_text(fields.stored_heading, heading);
            }
            doc.add_text(fields.stored_text, &paragraph.text);
            for field in [
                fields.text,
                fields.text_exact,
                fields.text_parts,
                fields.names,
            ] {
                doc.add_text(field, &paragraph.text);
            }
            for person in persons_here(mentions, number) {
                doc.add_text(fields.persons, person);
                for key in person_keys(person) {
                    doc.add_text(fields.person_keys, key);
                }
            }
            for person in &everyone {
                doc.add_text(fields.article_persons, person);
            }
            documents.push(doc);
        }
        documents
    }
}

/// The key under which a person is found by `--person`: the folded name, or its last word.
pub fn person_keys(person: &str) -> Vec<String> {
    let full = analysis::fold_german(person);
    let mut keys = vec![full.clone()];
    if let Some(surname) = full.rsplit(' ').next().filter(|surname| *surname != full) {
        keys.push(surname.to_string());
    }
    keys
}
