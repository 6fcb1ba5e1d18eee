//! One whole article, looked up in the index by the id that search results carry, with every
//! passage in order and, given a query, its matched words marked as search marks them. The id
//! is the only way in: nothing here reads a file.

use super::analyse::Analyzers;
use super::highlight::Highlights;
use super::hits::Stored;
use super::{make_snippet, plan_query, ArticleInfo, SearchError, SearchOptions};
use crate::index::{ArchiveIndex, ArticleId};
use std::ops::Range;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};

/// An article as the index stores it.
#[derive(Debug, Clone)]
pub struct Article {
    pub info: ArticleInfo,
    /// The people named anywhere in the article.
    pub persons: Vec<String>,
    /// Every passage, by number.
    pub passages: Vec<Passage>,
}

/// One paragraph of an article.
#[derive(Debug, Clone)]
pub struct Passage {
    /// 1-based paragraph number.
    pub number: u64,
    pub heading: Option<String>,
    /// The people named in this paragraph.
    pub persons: Vec<String>,
    pub text: String,
    /// Character ranges in `text` of the words the query matches (empty without a query).
    pub highlights: Vec<Range<usize>>,
}

/// The article with this id, or `None` if the index holds none. With `query`, the words it
/// matches are marked in each passage (`options.expansions` decides which words count).
pub fn article(
    index: &ArchiveIndex,
    id: ArticleId,
    query: Option<&str>,
    options: &SearchOptions,
) -> Result<Option<Article>, SearchError> {
    let searcher = index.reader.searcher();
    let fields = &index.fields;
    let mut analyzers = Analyzers::of(index);
    let highlights = match query {
        Some(query) => {
            let planned = plan_query(index, &searcher, query, options, &mut analyzers)?;
            Some(Highlights::of(&planned.clauses, options.expansions))
        }
        None => None,
    };
    let term = Term::from_field_u64(fields.article, id.stored());
    let addresses = searcher.search(
        &TermQuery::new(term, IndexRecordOption::Basic),
        &DocSetCollector,
    )?;
    let mut docs = addresses
        .into_iter()
        .map(|address| searcher.doc::<TantivyDocument>(address))
        .collect::<Result<Vec<_>, _>>()?;
    docs.sort_by_key(|doc| Stored { fields, doc }.number(fields.paragraph).unwrap_or(0));
    let Some(first) = docs.first() else {
        return Ok(None);
    };
    let head = Stored { fields, doc: first };
    let mut passages = Vec::with_capacity(docs.len());
    for doc in &docs {
        let stored = Stored { fields, doc };
        let text = stored.passage_text()?;
        let marked = match &highlights {
            Some(highlights) => {
                let matches = highlights.find(&text, &mut analyzers);
                make_snippet(&text, &matches, usize::MAX).highlights
            }
            None => Vec::new(),
        };
        passages.push(Passage {
            number: stored.number(fields.paragraph).unwrap_or(0),
            heading: stored.text(fields.stored_heading),
            persons: stored.texts(fields.persons),
            text,
            highlights: marked,
        });
    }
    Ok(Some(Article {
        info: head.article_info()?,
        persons: head.texts(fields.article_persons),
        passages,
    }))
}
