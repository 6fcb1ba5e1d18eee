//! Search: query in, ranked passages with snippets out.
//!
//! Ranking is BM25 over passages plus preferences that read like rules:
//! 1. a passage containing more of the query's words ranks above one containing fewer;
//! 2. then the words as a phrase, then close together, rank above scattered words;
//! 3. then a word in its exact written form ranks above a match of its stem only;
//! 4. BM25 over the passage, its subheading and its article's title decides the rest.
//!
//! Each preference is a constant added by a query clause, large enough to dominate the ones
//! below it. Results are grouped so that one article cannot fill the page.
//! This module does not format output.

pub mod query;
mod snippet;

pub use query::QueryError;
pub use snippet::{make_snippet, Snippet};

use crate::analysis::{self, AnalyzedToken};
use crate::index::{ArchiveIndex, Fields};
use query::{Clause, Occur};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Score, TantivyDocument, Term};

/// Score for each query word (or phrase) a passage contains.
const COVERAGE_BONUS: Score = 1000.0;
/// Score for all query words as a phrase.
const PHRASE_BONUS: Score = 300.0;
/// Score for each pair of neighbouring query words that stand close together.
const NEAR_BONUS: Score = 100.0;
/// How far apart (in words) two query words may stand and still count as close.
const NEAR_SLOP: u32 = 6;
/// Score for each query word found in its exact written form.
const EXACT_BONUS: Score = 30.0;
const TITLE_BOOST: Score = 2.0;
const HEADING_BOOST: Score = 0.5;
/// Candidates fetched before grouping by article: enough to fill several pages.
const MIN_CANDIDATES: usize = 200;

/// How many results, from where, and how they are cut.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    pub limit: usize,
    pub offset: usize,
    /// At most this many passages of one article in the results.
    pub per_article: usize,
    /// Snippet length in characters.
    pub snippet_chars: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            per_article: 2,
            snippet_chars: 240,
        }
    }
}

/// Errors while searching.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("the index holds a passage without its {0}: rebuild it with `archivar index`")]
    Damaged(&'static str),
}

/// One result: a passage and its article.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The article's id, as 16 hex digits.
    pub article_id: String,
    /// Where the article is: its file, with `#N` for a record of a JSON file.
    pub path: String,
    pub title: String,
    pub date: Option<String>,
    pub section: String,
    pub sources: Vec<String>,
    pub authors: Vec<String>,
    pub url: Option<String>,
    /// 1-based paragraph number in the article.
    pub paragraph: u64,
    pub heading: Option<String>,
    pub score: Score,
    pub snippet: Snippet,
    /// The whole passage.
    pub text: String,
}

/// A page of results.
#[derive(Debug, Clone)]
pub struct SearchResults {
    pub query: String,
    /// Number of passages matching the query.
    pub total_hits: usize,
    pub took: Duration,
    pub hits: Vec<Hit>,
    /// Whether a later page has more results.
    pub has_more: bool,
}

/// A query analysed against the index's analyzers.
struct AnalyzedClause {
    occur: Occur,
    /// Stemmed terms with their positions relative to the clause's first word.
    stemmed: Vec<(usize, String)>,
    exact: Vec<(usize, String)>,
    /// Position of the clause's first word in the whole query.
    position: usize,
}

/// Runs `query` against `index`.
pub fn search(
    index: &ArchiveIndex,
    query: &str,
    options: &SearchOptions,
) -> Result<SearchResults, SearchError> {
    let started = Instant::now();
    let mut stemmed = index.stemmed.clone();
    let clauses = analyze_clauses(
        &query::parse(query)?,
        &mut stemmed,
        &mut index.exact.clone(),
    )?;
    let fields = &index.fields;
    let tantivy_query = build_query(fields, &clauses);
    let searcher = index.reader.searcher();

    let wanted = options.offset + options.limit;
    let mut candidates_wanted = MIN_CANDIDATES.max(wanted * 4);
    let (grouped, total_hits) = loop {
        let (candidates, total_hits) = searcher.search(
            &tantivy_query,
            &(
                TopDocs::with_limit(candidates_wanted).order_by_score(),
                Count,
            ),
        )?;
        let exhausted = candidates.len() < candidates_wanted;
        let grouped = group_by_article(&searcher, &candidates, options.per_article)?;
        // One result beyond the page tells whether there is a next page.
        if grouped.len() > wanted || exhausted {
            break (grouped, total_hits);
        }
        candidates_wanted *= 4;
    };

    let has_more = grouped.len() > wanted;
    let highlight_terms = highlight_terms(&clauses);
    let hits = grouped
        .into_iter()
        .skip(options.offset)
        .take(options.limit)
        .map(|(score, address)| {
            let doc: TantivyDocument = searcher.doc(address)?;
            make_hit(fields, &doc, score, &highlight_terms, &mut stemmed, options)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(SearchResults {
        query: query.to_string(),
        total_hits,
        took: started.elapsed(),
        hits,
        has_more,
    })
}

fn analyze_clauses(
    clauses: &[Clause],
    stemmed: &mut TextAnalyzer,
    exact: &mut TextAnalyzer,
) -> Result<Vec<AnalyzedClause>, QueryError> {
    let mut analyzed = Vec::new();
    let mut unsearchable = Vec::new();
    let mut position = 0;
    for clause in clauses {
        let stemmed_tokens = analysis::analyze(stemmed, &clause.text);
        let exact_tokens = analysis::analyze(exact, &clause.text);
        let words = clause.text.split_whitespace().count().max(1);
        let width = stemmed_tokens
            .last()
            .map_or(words, |token| token.position + 1)
            .max(words);
        let clause_position = position;
        position += width;
        if stemmed_tokens.is_empty() {
            if clause.occur != Occur::MustNot {
                unsearchable.push(format!("`{}`", clause.text));
            }
            continue;
        }
        let pairs =
            |tokens: Vec<AnalyzedToken>| tokens.into_iter().map(|t| (t.position, t.term)).collect();
        analyzed.push(AnalyzedClause {
            occur: clause.occur,
            stemmed: pairs(stemmed_tokens),
            exact: pairs(exact_tokens),
            position: clause_position,
        });
    }
    if analyzed.iter().all(|clause| clause.occur == Occur::MustNot) {
        if !unsearchable.is_empty() {
            let verb = if unsearchable.len() == 1 { "is" } else { "are" };
            return Err(QueryError::NoSearchableWord(unsearchable.join(", "), verb));
        }
        return Err(QueryError::OnlyExclusions);
    }
    Ok(analyzed)
}

/// A term, or a phrase of terms at their relative positions, in `field`.
fn terms_query(field: Field, terms: &[(usize, String)], slop: u32) -> Box<dyn Query> {
    if let [(_, term)] = terms {
        return Box::new(TermQuery::new(
            Term::from_field_text(field, term),
            IndexRecordOption::WithFreqs,
        ));
    }
    let terms = terms
        .iter()
        .map(|(position, term)| (*position, Term::from_field_text(field, term)))
        .collect();
    Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
}

/// Where a clause matches: the passage text or its subheading.
fn match_query(fields: &Fields, clause: &AnalyzedClause) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(vec![
        (
            tantivy::query::Occur::Should,
            terms_query(fields.text, &clause.stemmed, 0),
        ),
        (
            tantivy::query::Occur::Should,
            Box::new(BoostQuery::new(
                terms_query(fields.heading, &clause.stemmed, 0),
                HEADING_BOOST,
            )),
        ),
    ]))
}

fn build_query(fields: &Fields, clauses: &[AnalyzedClause]) -> Box<dyn Query> {
    use tantivy::query::Occur as T;
    let positive: Vec<&AnalyzedClause> = clauses
        .iter()
        .filter(|clause| clause.occur != Occur::MustNot)
        .collect();

    let retrieval: Vec<(T, Box<dyn Query>)> = positive
        .iter()
        .map(|clause| {
            let occur = if clause.occur == Occur::Must {
                T::Must
            } else {
                T::Should
            };
            (occur, match_query(fields, clause))
        })
        .collect();
    let mut root: Vec<(T, Box<dyn Query>)> =
        vec![(T::Must, Box::new(BooleanQuery::new(retrieval)))];

    for clause in clauses.iter().filter(|c| c.occur == Occur::MustNot) {
        root.push((T::MustNot, match_query(fields, clause)));
    }
    let bonus = |query: Box<dyn Query>, score: Score| -> (T, Box<dyn Query>) {
        (T::Should, Box::new(ConstScoreQuery::new(query, score)))
    };
    for clause in &positive {
        if positive.len() > 1 {
            root.push(bonus(match_query(fields, clause), COVERAGE_BONUS));
        }
        root.push(bonus(
            terms_query(fields.text_exact, &clause.exact, 0),
            EXACT_BONUS,
        ));
        root.push((
            T::Should,
            Box::new(BoostQuery::new(
                terms_query(fields.title, &clause.stemmed, 0),
                TITLE_BOOST,
            )),
        ));
    }

    // Proximity between single words, at their distance in the query.
    let words: Vec<(usize, String)> = positive
        .iter()
        .filter(|clause| clause.stemmed.len() == 1)
        .map(|clause| (clause.position, clause.stemmed[0].1.clone()))
        .collect();
    if words.len() > 1 {
        root.push(bonus(terms_query(fields.text, &words, 0), PHRASE_BONUS));
        for pair in words.windows(2) {
            let pair = [(0, pair[0].1.clone()), (1, pair[1].1.clone())];
            root.push(bonus(
                terms_query(fields.text, &pair, NEAR_SLOP),
                NEAR_BONUS,
            ));
        }
    }
    Box::new(BooleanQuery::new(root))
}

/// Keeps the candidates in score order, at most `per_article` per article, each article's
/// passages placed together where its best passage ranks.
fn group_by_article(
    searcher: &tantivy::Searcher,
    candidates: &[(Score, DocAddress)],
    per_article: usize,
) -> Result<Vec<(Score, DocAddress)>, SearchError> {
    let mut columns = HashMap::new();
    let mut groups: Vec<Vec<(Score, DocAddress)>> = Vec::new();
    let mut group_of: HashMap<u64, usize> = HashMap::new();
    for &(score, address) in candidates {
        let column = match columns.entry(address.segment_ord) {
            std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::hash_map::Entry::Vacant(entry) => entry.insert(
                searcher
                    .segment_reader(address.segment_ord)
                    .fast_fields()
                    .u64("article")?,
            ),
        };
        let article = column
            .first(address.doc_id)
            .ok_or(SearchError::Damaged("article id"))?;
        let group = *group_of.entry(article).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        if groups[group].len() < per_article {
            groups[group].push((score, address));
        }
    }
    Ok(groups.into_iter().flatten().collect())
}

/// Stemmed terms to mark in snippets, each with a number identifying its query word.
fn highlight_terms(clauses: &[AnalyzedClause]) -> HashMap<String, usize> {
    let mut terms = HashMap::new();
    for clause in clauses.iter().filter(|c| c.occur != Occur::MustNot) {
        for (_, term) in &clause.stemmed {
            let next = terms.len();
            terms.entry(term.clone()).or_insert(next);
        }
    }
    terms
}

fn make_hit(
    fields: &Fields,
    doc: &TantivyDocument,
    score: Score,
    highlight_terms: &HashMap<String, usize>,
    analyzer: &mut TextAnalyzer,
    options: &SearchOptions,
) -> Result<Hit, SearchError> {
    let text_of = |field: Field| {
        doc.get_first(field)
            .and_then(|value| value.as_str())
            .map(str::to_string)
    };
    let text = text_of(fields.text).ok_or(SearchError::Damaged("text"))?;
    let article = doc
        .get_first(fields.article)
        .and_then(|value| value.as_u64())
        .ok_or(SearchError::Damaged("article id"))?;
    let matches: Vec<_> = analysis::analyze(analyzer, &text)
        .into_iter()
        .filter_map(|token| {
            highlight_terms
                .get(&token.term)
                .map(|&term| (token.offsets, term))
        })
        .collect();
    let all_texts = |field: Field| {
        doc.get_all(field)
            .filter_map(|value| value.as_str().map(str::to_string))
            .collect()
    };
    let u64_of = |field: Field| doc.get_first(field).and_then(|value| value.as_u64());
    let mut path = text_of(fields.path).ok_or(SearchError::Damaged("path"))?;
    if let Some(record) = u64_of(fields.record) {
        path = format!("{path}#{record}");
    }
    Ok(Hit {
        article_id: format!("{article:016x}"),
        path,
        title: text_of(fields.title).unwrap_or_default(),
        date: text_of(fields.date_label),
        section: text_of(fields.section).unwrap_or_default(),
        sources: all_texts(fields.sources),
        authors: all_texts(fields.authors),
        url: text_of(fields.url),
        paragraph: u64_of(fields.paragraph).unwrap_or(0),
        heading: text_of(fields.heading),
        score,
        snippet: make_snippet(&text, &matches, options.snippet_chars),
        text,
    })
}
