//! Results as a reader sees them: a passage's stored fields read back into a [`Hit`] with its
//! article's metadata and a snippet whose matched words are marked. This module does not rank.

use super::analyse::Analyzers;
use super::highlight::Highlights;
use super::{make_snippet, SearchError, SearchOptions, Snippet};
use crate::index::{ArticleId, Fields, StoryMap, Version};
use tantivy::schema::{Field, Value};
use tantivy::{Score, Searcher, TantivyDocument};

/// What every passage of an article carries about it.
#[derive(Debug, Clone)]
pub struct ArticleInfo {
    pub id: ArticleId,
    /// Where the article is: its file, with `#N` for a record of a JSON file.
    pub path: String,
    pub title: String,
    pub date: Option<String>,
    pub section: String,
    pub sources: Vec<String>,
    pub authors: Vec<String>,
    pub url: Option<String>,
}

/// One result: a passage and its article.
#[derive(Debug, Clone)]
pub struct Hit {
    pub article: ArticleInfo,
    /// The people named in the passage.
    pub persons: Vec<String>,
    /// 1-based paragraph number in the article.
    pub paragraph: u64,
    pub heading: Option<String>,
    pub score: Score,
    pub snippet: Snippet,
    /// The whole passage.
    pub text: String,
    /// The other versions of the article's story (near-identical copies), in path order.
    pub versions: Vec<Version>,
}

/// Reads the stored fields of a passage document.
pub(super) struct Stored<'a> {
    pub fields: &'a Fields,
    pub doc: &'a TantivyDocument,
}

impl Stored<'_> {
    pub(super) fn text(&self, field: Field) -> Option<String> {
        self.doc
            .get_first(field)
            .and_then(|value| value.as_str())
            .map(str::to_string)
    }

    pub(super) fn texts(&self, field: Field) -> Vec<String> {
        self.doc
            .get_all(field)
            .filter_map(|value| value.as_str().map(str::to_string))
            .collect()
    }

    pub(super) fn number(&self, field: Field) -> Option<u64> {
        self.doc.get_first(field).and_then(|value| value.as_u64())
    }

    pub(super) fn article(&self) -> Result<ArticleId, SearchError> {
        self.number(self.fields.article)
            .map(ArticleId::from_stored)
            .ok_or(SearchError::Damaged("article id"))
    }

    pub(super) fn passage_text(&self) -> Result<String, SearchError> {
        self.text(self.fields.stored_text)
            .ok_or(SearchError::Damaged("text"))
    }

    /// The article's file, with `#N` for a record of a JSON file.
    fn location(&self) -> Result<String, SearchError> {
        let mut path = self
            .text(self.fields.path)
            .ok_or(SearchError::Damaged("path"))?;
        if let Some(record) = self.number(self.fields.record) {
            path = format!("{path}#{record}");
        }
        Ok(path)
    }

    /// The passage's article: its id and the metadata stored with every passage.
    pub(super) fn article_info(&self) -> Result<ArticleInfo, SearchError> {
        let fields = self.fields;
        Ok(ArticleInfo {
            id: self.article()?,
            path: self.location()?,
            title: self.text(fields.stored_title).unwrap_or_default(),
            date: self.text(fields.date_label),
            section: self.text(fields.section).unwrap_or_default(),
            sources: self.texts(fields.sources),
            authors: self.texts(fields.authors),
            url: self.text(fields.url),
        })
    }
}

/// The story map of a search and the searcher that reads what its versions show.
pub(super) struct Stories<'a> {
    pub map: &'a StoryMap,
    pub searcher: &'a Searcher,
}

impl Stories<'_> {
    /// The other versions of `article`'s story, in path order, as they are shown.
    fn other_versions(
        &self,
        fields: &Fields,
        article: ArticleId,
    ) -> Result<Vec<Version>, SearchError> {
        Ok(self
            .map
            .shown_versions(self.searcher, fields, article.stored())?)
    }
}

/// The result for the passage `doc`, scored `score`.
pub(super) fn make_hit(
    fields: &Fields,
    doc: &TantivyDocument,
    score: Score,
    highlights: &Highlights,
    analyzers: &mut Analyzers,
    options: &SearchOptions,
    stories: &Stories,
) -> Result<Hit, SearchError> {
    let stored = Stored { fields, doc };
    let text = stored.passage_text()?;
    let matches = highlights.find(&text, analyzers);
    let article = stored.article_info()?;
    Ok(Hit {
        versions: stories.other_versions(fields, article.id)?,
        article,
        persons: stored.texts(fields.persons),
        paragraph: stored.number(fields.paragraph).unwrap_or(0),
        heading: stored.text(fields.stored_heading),
        score,
        snippet: make_snippet(&text, &matches, options.snippet_chars),
        text,
    })
}
