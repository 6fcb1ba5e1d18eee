//! The systems the evaluation compares, each turning a query into a ranking of passage ids
//! (`gnad/etat/0001.txt#1`): archivar's search, BM25 with archivar's analysis but no query
//! plan, and tantivy on its own (its default tokenizer, BM25). This module does not score
//! rankings ([`super::measures`]) or build archivar's indexes (the caller does).

use crate::index::ArchiveIndex;
use crate::search::{self, Expansions, SearchError, SearchOptions, Weights};
use std::path::Path;
use std::time::{Duration, Instant};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, Value, STORED, STRING, TEXT};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{IndexReader, IndexWriter, Searcher, TantivyDocument, Term};

/// Passages ranked per query: enough for the measures at 10 and a judging pool of 20.
pub const RANKING_DEPTH: usize = 20;

/// Passage ids in rank order, and the time the search took.
pub type Ranked = (Vec<String>, Duration);

/// Errors of a ranking.
#[derive(Debug, thiserror::Error)]
pub enum RankingError {
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error("tantivy: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("reading the index: {0}")]
    Io(#[from] std::io::Error),
    #[error("tantivy registered no `default` tokenizer")]
    NoDefaultTokenizer,
}

/// archivar's ranking of `query` with these expansions and weights.
pub fn archivar_ranking(
    index: &ArchiveIndex,
    root: &Path,
    query: &str,
    expansions: Expansions,
    weights: Weights,
) -> Result<Ranked, RankingError> {
    let options = SearchOptions {
        limit: RANKING_DEPTH,
        expansions,
        weights,
        ..SearchOptions::default()
    };
    let results = search::search(index, query, &options)?;
    let ranking = results
        .hits
        .iter()
        .map(|hit| passage_id(root, &hit.article.path, hit.paragraph))
        .collect();
    Ok((ranking, results.took))
}

/// BM25 of the query's stemmed terms over the passage text, subheading and title of an
/// archivar index: its analysis without its query plan.
pub fn analysed_bm25_ranking(
    index: &ArchiveIndex,
    root: &Path,
    query: &str,
) -> Result<Ranked, RankingError> {
    let fields = &index.fields;
    bm25_ranking(
        &index.reader.searcher(),
        &mut index.stemmed.clone(),
        query,
        &[fields.text, fields.heading, fields.title],
        (fields.path, fields.paragraph),
        root,
    )
}

/// The passages that plain BM25 (any query word in any of `fields`) ranks first, as passage
/// ids; `location` names the path and paragraph fields of a hit.
fn bm25_ranking(
    searcher: &Searcher,
    analyzer: &mut TextAnalyzer,
    query: &str,
    fields: &[Field],
    location: (Field, Field),
    root: &Path,
) -> Result<Ranked, RankingError> {
    let started = Instant::now();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for token in crate::analysis::analyze(analyzer, query) {
        for &field in fields {
            let term = Term::from_field_text(field, &token.term);
            clauses.push((
                Occur::Should,
                Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
            ));
        }
    }
    let top = searcher.search(
        &BooleanQuery::new(clauses),
        &TopDocs::with_limit(RANKING_DEPTH).order_by_score(),
    )?;
    let (path_field, paragraph_field) = location;
    let mut ranking = Vec::with_capacity(top.len());
    for (_, address) in top {
        let doc: TantivyDocument = searcher.doc(address)?;
        let path = doc
            .get_first(path_field)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let paragraph = doc
            .get_first(paragraph_field)
            .and_then(|v| v.as_u64())
            .unwrap_or(0);
        ranking.push(passage_id(root, path, paragraph));
    }
    Ok((ranking, started.elapsed()))
}

/// tantivy on its own: the passages of an archivar index in a RAM index with tantivy's
/// default tokenizer, scored by BM25 over title and text.
pub struct PlainIndex {
    reader: IndexReader,
    title: Field,
    text: Field,
    path: Field,
    paragraph: Field,
    tokenizer: TextAnalyzer,
}

impl PlainIndex {
    /// The passages of `source`, indexed again by tantivy alone.
    pub fn of(source: &ArchiveIndex) -> Result<PlainIndex, RankingError> {
        let mut schema = Schema::builder();
        let title = schema.add_text_field("title", TEXT);
        let text = schema.add_text_field("text", TEXT);
        let path = schema.add_text_field("path", STRING | STORED);
        let paragraph = schema.add_u64_field("paragraph", STORED);
        let index = tantivy::Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 50_000_000)?;
        let fields = &source.fields;
        let searcher = source.reader.searcher();
        for reader in searcher.segment_readers() {
            let store = reader.get_store_reader(64)?;
            for doc_id in reader.doc_ids_alive() {
                let doc: TantivyDocument = store.get(doc_id)?;
                let get = |field| {
                    doc.get_first(field)
                        .and_then(|value| value.as_str())
                        .unwrap_or_default()
                        .to_string()
                };
                let mut location = get(fields.path);
                if let Some(record) = doc.get_first(fields.record).and_then(|v| v.as_u64()) {
                    location = format!("{location}#{record}");
                }
                let mut plain = TantivyDocument::new();
                plain.add_text(title, get(fields.stored_title));
                plain.add_text(
                    text,
                    format!("{} {}", get(fields.stored_heading), get(fields.stored_text)),
                );
                plain.add_text(path, location);
                plain.add_u64(
                    paragraph,
                    doc.get_first(fields.paragraph)
                        .and_then(|v| v.as_u64())
                        .unwrap_or(0),
                );
                writer.add_document(plain)?;
            }
        }
        writer.commit()?;
        let tokenizer = index
            .tokenizers()
            .get("default")
            .ok_or(RankingError::NoDefaultTokenizer)?;
        Ok(PlainIndex {
            reader: index.reader()?,
            title,
            text,
            path,
            paragraph,
            tokenizer,
        })
    }

    /// tantivy's BM25 ranking of `query`.
    pub fn ranking(&self, root: &Path, query: &str) -> Result<Ranked, RankingError> {
        bm25_ranking(
            &self.reader.searcher(),
            &mut self.tokenizer.clone(),
            query,
            &[self.title, self.text],
            (self.path, self.paragraph),
            root,
        )
    }
}

/// `gnad/etat/0001.txt#1` for a hit in `<corpus>/gnad/etat/0001.txt`, paragraph 1.
pub fn passage_id(corpus: &Path, path: &str, paragraph: u64) -> String {
    let relative = Path::new(path)
        .strip_prefix(corpus)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| path.to_string());
    format!("{relative}#{paragraph}")
}

#[cfg(test)]
mod tests {
    use super::passage_id;
    use std::path::Path;

    #[test]
    fn passage_ids_are_relative_to_the_corpus() {
        let corpus = Path::new("/data/corpora");
        for (path, paragraph, id) in [
            (
                "/data/corpora/gnad/etat/0001.txt",
                1,
                "gnad/etat/0001.txt#1",
            ),
            ("/data/corpora/seed/genf.txt", 7, "seed/genf.txt#7"),
            ("/elsewhere/a.txt", 2, "/elsewhere/a.txt#2"),
        ] {
            assert_eq!(passage_id(corpus, path, paragraph), id, "{path}");
        }
    }
}
