//! Related articles: the articles most like one article by content, as Elasticsearch's
//! `more_like_this` finds them. The article's most distinctive words (frequent in it, rare in
//! the archive: term frequency times inverse document frequency) become a query of their
//! own, the passages it matches are summed up per article, and the article's own versions
//! (copies of its story) are left out. This file does not parse user queries.

use super::article::{self, Article};
use super::hits::Stored;
use super::{make_snippet, ArticleInfo, SearchError, SearchOptions};
use crate::index::{ArchiveIndex, ArticleId};
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Score, TantivyDocument, Term};

/// Words of the article the query is made of at most (Elasticsearch's `max_query_terms`).
pub const MAX_QUERY_TERMS: usize = 25;
/// Words shorter than this are left out of the query: abbreviations and word remnants.
const MIN_WORD_CHARS: usize = 3;
/// Passages fetched per related article wanted, before they are summed up per article.
const PASSAGES_PER_RESULT: usize = 10;

/// An article most like the one asked about.
#[derive(Debug, Clone)]
pub struct Related {
    pub article: ArticleInfo,
    /// The sum of the scores of its passages that match the query of distinctive words.
    pub score: Score,
    /// Its best-matching passage, cut, with the distinctive words marked.
    pub passage: u64,
    pub snippet: super::Snippet,
}

/// The articles like one article.
#[derive(Debug, Clone)]
pub struct SimilarResults {
    /// The article asked about.
    pub article: ArticleInfo,
    /// The distinctive words searched (stemmed), most distinctive first.
    pub terms: Vec<String>,
    pub results: Vec<Related>,
    pub took: Duration,
}

/// Finds an article by a result's id (16 hex digits) or, failing that, by its path as indexed
/// (`path#N` for a record of a JSON file).
pub fn find_article(
    index: &ArchiveIndex,
    id_or_path: &str,
) -> Result<Option<ArticleId>, SearchError> {
    let searcher = index.reader.searcher();
    let candidates = ArticleId::parse(id_or_path)
        .into_iter()
        .chain(std::iter::once(ArticleId::of_location(id_or_path)));
    for id in candidates {
        let term = Term::from_field_u64(index.fields.article, id.stored());
        if searcher.doc_freq(&term)? > 0 {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

/// The `limit` articles most like article `id`, leaving out its own versions; `None` if the
/// index holds no such article.
pub fn similar(
    index: &ArchiveIndex,
    id: ArticleId,
    limit: usize,
    options: &SearchOptions,
) -> Result<Option<SimilarResults>, SearchError> {
    let started = Instant::now();
    let Some(source) = article::article(index, id, None, options)? else {
        return Ok(None);
    };
    let searcher = index.reader.searcher();
    let fields = &index.fields;
    let stories = index.stories(&searcher)?;
    let mut versions = Vec::new();
    for version in stories.other_versions(id.stored()) {
        let version = ArticleId::from_stored(version);
        versions.extend(article::article(index, version, None, options)?);
    }
    let terms = distinctive_terms(index, &source, &versions)?;
    let mut excluded: HashSet<u64> = versions.iter().map(|v| v.info.id.stored()).collect();
    excluded.insert(id.stored());

    let clauses: Vec<(Occur, Box<dyn Query>)> = terms
        .iter()
        .map(|term| {
            let term = Term::from_field_text(fields.text, term);
            let query: Box<dyn Query> =
                Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
            (Occur::Should, query)
        })
        .collect();
    let mut results = Vec::new();
    if !clauses.is_empty() && limit > 0 {
        let query = options
            .filter
            .apply(fields, Box::new(BooleanQuery::new(clauses)));
        let wanted = (limit + excluded.len()) * PASSAGES_PER_RESULT;
        let passages = searcher.search(&query, &TopDocs::with_limit(wanted).order_by_score())?;
        // Per article: the sum of its passages' scores, and its best passage.
        let mut articles: Vec<(u64, Score, Score, tantivy::DocAddress)> = Vec::new();
        let mut position: HashMap<u64, usize> = HashMap::new();
        for (score, address) in passages {
            let column = searcher
                .segment_reader(address.segment_ord)
                .fast_fields()
                .u64("article")?;
            let article = column
                .first(address.doc_id)
                .ok_or(SearchError::Damaged("article id"))?;
            if excluded.contains(&article) {
                continue;
            }
            match position.get(&article) {
                Some(&at) => articles[at].1 += score,
                None => {
                    position.insert(article, articles.len());
                    articles.push((article, score, score, address));
                }
            }
        }
        articles.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let wanted_terms: HashSet<&str> = terms.iter().map(String::as_str).collect();
        let mut stemmed = index.stemmed.clone();
        for (_, score, _, address) in articles.into_iter().take(limit) {
            let doc: TantivyDocument = searcher.doc(address)?;
            let stored = Stored { fields, doc: &doc };
            let text = stored.passage_text()?;
            let mut matches = Vec::new();
            let mut tokens = stemmed.token_stream(&text);
            while tokens.advance() {
                let token = tokens.token();
                if wanted_terms.contains(token.text.as_str()) {
                    matches.push((token.offset_from..token.offset_to, 0));
                }
            }
            results.push(Related {
                article: stored.article_info()?,
                score,
                passage: stored.number(fields.paragraph).unwrap_or(0),
                snippet: make_snippet(&text, &matches, options.snippet_chars),
            });
        }
    }
    Ok(Some(SimilarResults {
        article: source.info,
        terms,
        results,
        took: started.elapsed(),
    }))
}

/// The article's words (as the text field has them) by how distinctive they are: frequency in
/// the article times the inverse document frequency in the archive outside its story (the
/// article and its `versions`), at most [`MAX_QUERY_TERMS`]. A word only the story holds
/// cannot find another article and is left out; the copies of an article would otherwise make
/// its words look rarer than they are.
fn distinctive_terms(
    index: &ArchiveIndex,
    source: &Article,
    versions: &[Article],
) -> Result<Vec<String>, SearchError> {
    let searcher = index.reader.searcher();
    let mut stemmed = index.stemmed.clone();
    // Per word: occurrences in the article, and passages of its story holding it.
    let mut counts: HashMap<String, (u32, u64)> = HashMap::new();
    let mut story_passages = 0;
    for (version, article) in std::iter::once(source).chain(versions).enumerate() {
        for passage in &article.passages {
            story_passages += 1;
            let mut seen = HashSet::new();
            let mut tokens = stemmed.token_stream(&passage.text);
            while tokens.advance() {
                let word = &tokens.token().text;
                if word.chars().count() < MIN_WORD_CHARS || word.chars().all(char::is_numeric) {
                    continue;
                }
                // Only the article's own words are candidates; its versions' only count.
                let entry = match counts.get_mut(word) {
                    Some(entry) => entry,
                    None if version == 0 => counts.entry(word.clone()).or_default(),
                    None => continue,
                };
                if version == 0 {
                    entry.0 += 1;
                }
                if seen.insert(word.clone()) {
                    entry.1 += 1;
                }
            }
        }
    }
    let passages = searcher.num_docs().saturating_sub(story_passages).max(1) as f32;
    let mut weighted = Vec::with_capacity(counts.len());
    for (word, (frequency, story_with)) in counts {
        let passages_with = searcher.doc_freq(&Term::from_field_text(index.fields.text, &word))?;
        let elsewhere = passages_with.saturating_sub(story_with);
        if elsewhere == 0 {
            continue;
        }
        let elsewhere = elsewhere as f32;
        let idf = (1.0 + (passages - elsewhere + 0.5) / (elsewhere + 0.5)).ln();
        weighted.push((frequency as f32 * idf, word));
    }
    weighted.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    Ok(weighted
        .into_iter()
        .take(MAX_QUERY_TERMS)
        .map(|(_, word)| word)
        .collect())
}
