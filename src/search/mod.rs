//! Search: query in, ranked passages with snippets out.
//!
//! Ranking is BM25 over a passage's fields (text, exact forms, subheading, the article's title,
//! and the expansion fields: compound parts, name sounds) plus evidence that reads like rules:
//! a passage containing more of the query's words, the words as a phrase or close together,
//! and a word in its exact written form rank higher. Every piece of evidence is weighted by
//! what its words are worth, their IDF (see [`Weights`]): for a sentence or a question, the
//! passage holding its rare, telling words outranks the one holding its common ones; for a
//! short query of words of similar weight, all words beat some and a phrase beats scattered
//! words. Results are grouped so that one article cannot fill the page. A [`Filter`] (person,
//! date range) restricts what may match; [`facets`] describe a whole result set (people,
//! topics, timeline). This module does not format output.

pub mod article;
pub mod facets;
mod plan;
mod prune;
pub mod query;
mod snippet;
mod split;
mod typo;

pub use plan::{Expansions, Weights};
pub use query::{Notice, QueryError};
pub use snippet::{make_snippet, Snippet};

use crate::analysis;
use crate::crawl::Period;
use crate::index::{ArchiveIndex, Fields};
use plan::{AnalyzedClause, Analyzers, Highlights};
use prune::PrunedQuery;
use std::collections::HashMap;
use std::ops::Bound;
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, EnableScoring, Query, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{
    DateTime, DocAddress, DocSet, Executor, Score, Searcher, TantivyDocument, Term, TERMINATED,
};

/// Candidates fetched per result wanted, before grouping by article, for a pruned query: enough
/// that they usually hold the articles of the page, so that the search rarely runs again.
const CANDIDATES_PER_RESULT: usize = 2;
/// Candidates fetched before grouping by article, for a query that scores every match: enough
/// to hold the articles' other passages, which are not looked up one by one (see
/// [`Ranking::group_by_article`]).
const MIN_CANDIDATES: usize = 200;
/// Matches are counted up to this many; a search that matches more says "more than" (as
/// Elasticsearch does at 10,000): an exact count of half a million matches would cost a pass
/// over all of them, which finding the best ones no longer needs.
pub const COUNT_LIMIT: usize = 10_000;
/// A pruned search cuts large segments into shares of at least this many passages, one per
/// thread (see [`prune::shares`]).
const MIN_SHARE_PASSAGES: u32 = 100_000;
/// A query is pruned only if each of its words is in at least this many passages.
const PRUNE_FROM_PASSAGES: u64 = 20_000;
/// A word found in at most this many passages may be a typo of a frequent word.
const RARE_WORD_PASSAGES: u64 = 2;
/// ... if the frequent word is found this many times more often.
const CORRECTION_GAIN: u64 = 20;

/// How many results, from where, and how they are cut.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    pub limit: usize,
    pub offset: usize,
    /// At most this many passages of one article in the results.
    pub per_article: usize,
    /// Snippet length in characters.
    pub snippet_chars: usize,
    /// Expansions beyond the words as written.
    pub expansions: Expansions,
    /// Which passages may match at all.
    pub filter: Filter,
    /// What each kind of evidence is worth in the ranking.
    pub weights: Weights,
}

/// Restrictions on the passages a query may match.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only passages naming this person (full name or surname, any spelling of case and ß).
    pub person: Option<String>,
    /// Only articles dated in or after this period.
    pub since: Option<Period>,
    /// Only articles dated in or before this period.
    pub until: Option<Period>,
}

impl Filter {
    /// Whether the filter restricts anything.
    fn restricts(&self) -> bool {
        self.person.is_some() || self.since.is_some() || self.until.is_some()
    }

    /// The filter as query clauses that every match must satisfy.
    fn clauses(&self, fields: &Fields) -> Vec<Box<dyn Query>> {
        let mut clauses: Vec<Box<dyn Query>> = Vec::new();
        if let Some(person) = &self.person {
            let key = analysis::fold_german(person.trim());
            clauses.push(Box::new(TermQuery::new(
                Term::from_field_text(fields.person_keys, &key),
                IndexRecordOption::Basic,
            )));
        }
        if self.since.is_some() || self.until.is_some() {
            let bound =
                |secs: i64| Term::from_field_date(fields.date, DateTime::from_timestamp_secs(secs));
            let lower = self.since.map_or(Bound::Unbounded, |period| {
                Bound::Included(bound(period.start_secs))
            });
            let upper = self.until.map_or(Bound::Unbounded, |period| {
                Bound::Excluded(bound(period.end_secs))
            });
            clauses.push(Box::new(RangeQuery::new(lower, upper)));
        }
        clauses
    }

    /// `query` restricted by the filter.
    fn apply(&self, fields: &Fields, query: Box<dyn Query>) -> Box<dyn Query> {
        if !self.restricts() {
            return query;
        }
        let clauses = self.clauses(fields);
        let mut all = vec![(tantivy::query::Occur::Must, query)];
        all.extend(
            clauses
                .into_iter()
                .map(|clause| (tantivy::query::Occur::Must, clause)),
        );
        Box::new(BooleanQuery::new(all))
    }
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            per_article: 2,
            snippet_chars: 240,
            expansions: Expansions::DEFAULT,
            filter: Filter::default(),
            weights: Weights::default(),
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

/// What every passage of an article carries about it.
#[derive(Debug, Clone)]
pub struct ArticleInfo {
    /// The article's id, as 16 hex digits.
    pub id: String,
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
}

/// A page of results.
#[derive(Debug, Clone)]
pub struct SearchResults {
    pub query: String,
    /// Number of passages matching the query, or [`COUNT_LIMIT`] if more do.
    pub total_hits: usize,
    /// Whether `total_hits` is the number of matches (`false`: more match).
    pub total_hits_exact: bool,
    pub took: Duration,
    pub hits: Vec<Hit>,
    /// Whether a later page has more results.
    pub has_more: bool,
    /// Query words searched under another spelling.
    pub corrections: Vec<Correction>,
    /// Query syntax read as text, e.g. a lone `-` or an unclosed quote.
    pub notices: Vec<Notice>,
}

/// A query word that matched nothing (or very little), and the spelling searched instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// The word as written in the query.
    pub written: String,
    /// The spelling searched, as it stands in a result where one shows it.
    pub searched: String,
    /// `true` if only the new spelling was searched; `false` if both were.
    pub replaced: bool,
}

/// Runs `query` against `index`.
pub fn search(
    index: &ArchiveIndex,
    query: &str,
    options: &SearchOptions,
) -> Result<SearchResults, SearchError> {
    let started = Instant::now();
    let mut analyzers = Analyzers::of(index);
    let searcher = index.reader.searcher();
    let fields = &index.fields;
    let planned = plan_query(index, &searcher, query, options, &mut analyzers)?;
    let mut corrections = planned.corrections;
    let notices = planned.notices;
    let (clauses, tantivy_query) = (planned.clauses, planned.query);
    let pruned = tantivy_query.is::<PrunedQuery>();
    let expansions = options.expansions;

    let wanted = options.offset + options.limit;
    let ranking = Ranking {
        searcher: &searcher,
        query: tantivy_query.as_ref(),
        fields,
        per_article: options.per_article,
    };
    let (paged, counted) = std::thread::scope(|scope| {
        // A pruned query's count is a pass of its own over the matches: it runs beside the
        // search (which, on one large segment, keeps one core busy) and the snippets.
        let counting = pruned.then(|| scope.spawn(|| count_hits(&searcher, &tantivy_query)));
        let paged = ranking.page(wanted).and_then(|(grouped, found)| {
            let highlights = Highlights::of(&clauses, expansions);
            let hits = grouped
                .iter()
                .skip(options.offset)
                .take(options.limit)
                .map(|&(score, address)| {
                    let doc: TantivyDocument = searcher.doc(address)?;
                    make_hit(fields, &doc, score, &highlights, &mut analyzers, options)
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok((grouped, found, hits))
        });
        let counted = counting.map(|counting| match counting.join() {
            Ok(counted) => counted,
            Err(panic) => std::panic::resume_unwind(panic),
        });
        (paged, counted)
    });
    let (grouped, found, hits) = paged?;
    let (total_hits, total_hits_exact) = match (found, counted) {
        (Some(all), _) => (all, true),
        (None, Some(counted)) => counted?,
        (None, None) => count_hits(&searcher, &tantivy_query)?,
    };
    let has_more = grouped.len() > wanted;
    for correction in &mut corrections {
        if let Some(surface) = surface_in(&hits, &correction.searched, &mut analyzers) {
            correction.searched = surface;
        }
    }
    Ok(SearchResults {
        query: query.to_string(),
        total_hits,
        total_hits_exact,
        took: started.elapsed(),
        hits,
        has_more,
        corrections,
        notices,
    })
}

/// The threads that search the segments of an index at once: one per core, shared by all
/// searches. A server's concurrent searches queue their segments here instead of each starting
/// threads, so the cores are not oversubscribed under load; a lone search uses them all.
fn segment_executor() -> &'static Executor {
    static EXECUTOR: OnceLock<Executor> = OnceLock::new();
    EXECUTOR.get_or_init(|| {
        let cores = search_threads();
        if cores < 2 {
            return Executor::single_thread();
        }
        // Without a pool (the system refused threads) the segments are searched one by one.
        Executor::multi_thread(cores, "search-").unwrap_or_else(|_| Executor::single_thread())
    })
}

/// How many threads search at once: one per core.
fn search_threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// The number of passages `query` matches, and whether it is exact: counting stops past
/// [`COUNT_LIMIT`].
fn count_hits(searcher: &Searcher, query: &dyn Query) -> Result<(usize, bool), SearchError> {
    // Without scores the ranking clauses drop out: what remains decides what matches.
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut total = 0;
    for reader in searcher.segment_readers() {
        let mut docs = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut doc = docs.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|alive| alive.is_alive(doc)) {
                total += 1;
                if total > COUNT_LIMIT {
                    return Ok((COUNT_LIMIT, false));
                }
            }
            doc = docs.advance();
        }
    }
    Ok((total, true))
}

/// A query ready to run: its analysed clauses, spelling corrections, notices and tantivy query.
pub(crate) struct PlannedQuery {
    clauses: Vec<AnalyzedClause>,
    pub corrections: Vec<Correction>,
    pub notices: Vec<Notice>,
    /// A [`PrunedQuery`] if the query skips passages that cannot make the top.
    pub query: Box<dyn Query>,
}

/// Parses, analyses, corrects and filters `query`.
fn plan_query(
    index: &ArchiveIndex,
    searcher: &Searcher,
    query: &str,
    options: &SearchOptions,
    analyzers: &mut Analyzers,
) -> Result<PlannedQuery, SearchError> {
    let expansions = options.expansions;
    let parsed = query::parse(query)?;
    let mut clauses = plan::analyze_clauses(&parsed.clauses, analyzers, expansions)?;
    if expansions.compounds {
        split_rare_words(searcher, &index.fields, &mut clauses)?;
    }
    let corrections = if expansions.typos {
        correct_spellings(searcher, &index.fields, &mut clauses, analyzers)?
    } else {
        Vec::new()
    };
    plan::weigh_clauses(searcher, &index.fields, &mut clauses)?;
    let filter = &options.filter;
    // Only the outermost query is pruned, which for a filtered search is the filter's.
    let prune = !filter.restricts() && many_matches(searcher, &index.fields, &clauses)?;
    let query = filter.apply(
        &index.fields,
        plan::build_query(&index.fields, &clauses, prune, &options.weights),
    );
    Ok(PlannedQuery {
        clauses,
        corrections,
        notices: parsed.notices,
        query,
    })
}

/// Whether every word of the query is in so many passages that skipping some pays for setting
/// up the pruning (which costs more than scoring a few thousand matches).
fn many_matches(
    searcher: &Searcher,
    fields: &Fields,
    clauses: &[AnalyzedClause],
) -> Result<bool, SearchError> {
    for clause in clauses
        .iter()
        .filter(|clause| clause.occur != query::Occur::MustNot)
    {
        for (_, stem) in &clause.stemmed {
            let passages = searcher.doc_freq(&Term::from_field_text(fields.text, stem))?;
            if passages < PRUNE_FROM_PASSAGES {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// The query for `text` (everything if `None`) with the filter applied, for facets.
pub(crate) fn filtered_query(
    index: &ArchiveIndex,
    text: Option<&str>,
    options: &SearchOptions,
) -> Result<PlannedQuery, SearchError> {
    match text {
        Some(text) => {
            let searcher = index.reader.searcher();
            plan_query(index, &searcher, text, options, &mut Analyzers::of(index))
        }
        None => Ok(PlannedQuery {
            clauses: Vec::new(),
            corrections: Vec::new(),
            notices: Vec::new(),
            query: options.filter.apply(&index.fields, Box::new(AllQuery)),
        }),
    }
}

/// Cuts a query word the index's splitter left whole into two parts the index holds, if the
/// word itself is in at most [`RARE_WORD_PASSAGES`] passages: a compound the archive writes
/// apart (see [`split`]).
fn split_rare_words(
    searcher: &Searcher,
    fields: &Fields,
    clauses: &mut [AnalyzedClause],
) -> Result<(), SearchError> {
    for clause in clauses
        .iter_mut()
        .filter(|clause| clause.in_parts && clause.parts.is_empty())
    {
        let (Some(stem), Some((_, folded))) = (clause.single_term(), clause.exact.first()) else {
            continue;
        };
        let doc_freq = |field: Field| searcher.doc_freq(&Term::from_field_text(field, stem));
        let found =
            doc_freq(fields.text)? + doc_freq(fields.heading)? + doc_freq(fields.text_parts)?;
        if found > RARE_WORD_PASSAGES {
            continue;
        }
        if let Some(parts) = split::split_by_index(searcher, fields, folded)? {
            clause.parts = parts;
        }
    }
    Ok(())
}

/// Respells query words that match nothing, and adds the likely spelling of words that match
/// very little, when the index knows a close spelling. A match by sound alone does not count:
/// `Osterweiterng` sounds like `Osterweiterung` but is a typo of it, while `Lavrov` is two
/// edits from `Lawrow` and stays a name variant.
fn correct_spellings(
    searcher: &Searcher,
    fields: &Fields,
    clauses: &mut [AnalyzedClause],
    analyzers: &mut Analyzers,
) -> Result<Vec<Correction>, SearchError> {
    let mut corrections = Vec::new();
    // A compound is found by its parts: respelling it would search another word.
    for clause in clauses
        .iter_mut()
        .filter(|clause| clause.expandable && clause.parts.len() < 2)
    {
        let (Some(stem), Some((_, written))) = (clause.single_term(), clause.exact.first()) else {
            continue;
        };
        let doc_freq =
            |field: Field, term: &str| searcher.doc_freq(&Term::from_field_text(field, term));
        let mut found = doc_freq(fields.text, stem)? + doc_freq(fields.heading, stem)?;
        if clause.in_parts {
            found += doc_freq(fields.text_parts, stem)?;
        }
        if found > RARE_WORD_PASSAGES {
            continue;
        }
        let searchable = |term: &str| !analysis::is_stop_word(term);
        let Some((spelling, frequency)) =
            typo::closest_spelling(searcher, fields.text_exact, written, searchable)?
        else {
            continue;
        };
        let replaced = found == 0;
        if replaced {
            if !clause.respell(&spelling, analyzers) {
                continue;
            }
        } else if frequency >= CORRECTION_GAIN * found {
            let stems = analysis::analyze(&mut analyzers.stemmed, &spelling);
            clause
                .alternatives
                .extend(stems.into_iter().map(|token| token.term));
        } else {
            continue;
        }
        corrections.push(Correction {
            written: clause.text.clone(),
            searched: spelling,
            replaced,
        });
    }
    Ok(corrections)
}

/// How `folded` is written in the results, e.g. `Außenminister` for `aussenminister`.
fn surface_in(hits: &[Hit], folded: &str, analyzers: &mut Analyzers) -> Option<String> {
    hits.iter().find_map(|hit| {
        analysis::analyze(&mut analyzers.exact, &hit.text)
            .into_iter()
            .find(|token| token.term == folded)
            .map(|token| hit.text[token.offsets].to_string())
    })
}

/// Passages with their scores, in rank order.
type Passages = Vec<(Score, DocAddress)>;

/// What orders the passages of a page: the query, and how many passages of one article count.
struct Ranking<'a> {
    searcher: &'a Searcher,
    query: &'a dyn Query,
    fields: &'a Fields,
    per_article: usize,
}

impl Ranking<'_> {
    /// The query if it is pruned (see `prune`); then an article's passages beyond the
    /// candidates are looked up.
    fn pruned(&self) -> Option<&PrunedQuery> {
        self.query.downcast_ref::<PrunedQuery>()
    }

    /// The first `wanted` results and one more (which tells whether there is a next page),
    /// and the number of matches if the search found them all.
    fn page(&self, wanted: usize) -> Result<(Passages, Option<usize>), SearchError> {
        let mut candidates_wanted = if self.pruned().is_some() {
            CANDIDATES_PER_RESULT * (wanted + 1)
        } else {
            MIN_CANDIDATES.max(wanted * 4)
        };
        loop {
            let executor = segment_executor();
            // A pruned query runs with the top documents alone: a count beside them would make
            // it visit every match. A query that visits every match anyway counts them too.
            let (candidates, counted) = if let Some(pruned) = self.pruned() {
                let shares = prune::shares(self.searcher, search_threads(), MIN_SHARE_PASSAGES);
                let candidates =
                    prune::top_k(pruned, self.searcher, candidates_wanted, executor, shares)?;
                (candidates, None)
            } else {
                let top = TopDocs::with_limit(candidates_wanted).order_by_score();
                let scoring = EnableScoring::enabled_from_searcher(self.searcher);
                let (candidates, count) = self.searcher.search_with_executor(
                    self.query,
                    &(top, Count),
                    executor,
                    scoring,
                )?;
                (candidates, Some(count))
            };
            // Fewer than asked for: these are all the matches.
            let exhausted = candidates.len() < candidates_wanted;
            if let Some(grouped) = self.group_by_article(&candidates, wanted + 1, exhausted)? {
                return Ok((grouped, counted.or(exhausted.then_some(candidates.len()))));
            }
            candidates_wanted *= 4;
        }
    }

    /// The first `count` passages of the ranking (fewer if fewer match): articles in the order
    /// of their best passage, each with its best `per_article` passages together. `None` if the
    /// candidates (the best matches, in score order) hold too few articles to tell.
    ///
    /// An article's other passages may rank far below the candidates. For a pruned query they
    /// are looked up for the article alone, so that the page does not depend on how many
    /// candidates were taken. A query that scores every match is not: setting up its scorers
    /// again (a phrase scorer reads ahead to its first match) cost a third of the search on
    /// the 1M-article index, so its articles show the passages among its many candidates.
    fn group_by_article(
        &self,
        candidates: &[(Score, DocAddress)],
        count: usize,
        exhausted: bool,
    ) -> Result<Option<Passages>, SearchError> {
        let mut columns = HashMap::new();
        let mut groups: Vec<(u64, Passages)> = Vec::new();
        let mut group_of: HashMap<u64, usize> = HashMap::new();
        for &(score, address) in candidates {
            let column = match columns.entry(address.segment_ord) {
                std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
                std::collections::hash_map::Entry::Vacant(entry) => entry.insert(
                    self.searcher
                        .segment_reader(address.segment_ord)
                        .fast_fields()
                        .u64("article")?,
                ),
            };
            let article = column
                .first(address.doc_id)
                .ok_or(SearchError::Damaged("article id"))?;
            let group = *group_of.entry(article).or_insert_with(|| {
                groups.push((article, Vec::new()));
                groups.len() - 1
            });
            groups[group].1.push((score, address));
        }
        let per_article = self.per_article.min(count);
        // The articles that may reach the page, and those among them that may have passages
        // beyond the candidates.
        let look_up = self.pruned().is_some() && !exhausted;
        let leading = &groups[..groups.len().min(count)];
        let incomplete: Vec<u64> = leading
            .iter()
            .filter(|(_, passages)| look_up && passages.len() < per_article)
            .map(|(article, _)| *article)
            .collect();
        let mut best = self.best_passages(&incomplete)?;
        let mut ranked = Vec::with_capacity(count);
        for (article, passages) in groups {
            let mut passages = best.remove(&article).unwrap_or(passages);
            passages.truncate(per_article);
            ranked.extend(passages);
            if ranked.len() >= count {
                ranked.truncate(count);
                return Ok(Some(ranked));
            }
        }
        Ok(exhausted.then_some(ranked))
    }

    /// All matching passages of each of `articles`, best first, ties in index order (as
    /// tantivy ranks them).
    fn best_passages(&self, articles: &[u64]) -> Result<HashMap<u64, Passages>, SearchError> {
        let mut found: HashMap<u64, Passages> = HashMap::new();
        if articles.is_empty() {
            return Ok(found);
        }
        // Passages are scored one by one: the plain query's scorer does that, and its weight
        // is all a pruned query's weight would be built for here.
        let query: &dyn Query = match self.pruned() {
            Some(pruned) => pruned.plain(),
            None => self.query,
        };
        let weight = query.weight(EnableScoring::enabled_from_searcher(self.searcher))?;
        for (ord, reader) in self.searcher.segment_readers().iter().enumerate() {
            // An article's passages may lie in several segments: indexing threads take them
            // one by one.
            let inverted = reader.inverted_index(self.fields.article)?;
            let alive = reader.alive_bitset();
            let mut docs = Vec::new();
            for &article in articles {
                let term = Term::from_field_u64(self.fields.article, article);
                let Some(mut postings) = inverted
                    .read_postings(&term, IndexRecordOption::Basic)
                    .map_err(tantivy::TantivyError::from)?
                else {
                    continue;
                };
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    if alive.is_none_or(|alive| alive.is_alive(doc)) {
                        docs.push((doc, article));
                    }
                    doc = postings.advance();
                }
            }
            if docs.is_empty() {
                continue;
            }
            // One scorer visits the passages of all the articles, in index order.
            docs.sort_unstable();
            let mut scorer = weight.scorer(reader, 1.0)?;
            for (doc, article) in docs {
                if scorer.doc() < doc {
                    scorer.seek(doc);
                }
                if scorer.doc() == doc {
                    let address = DocAddress::new(ord as u32, doc);
                    found
                        .entry(article)
                        .or_default()
                        .push((scorer.score(), address));
                }
            }
        }
        for passages in found.values_mut() {
            passages.sort_by(prune::rank_order);
        }
        Ok(found)
    }
}

/// Reads the stored fields of a passage document.
struct Stored<'a> {
    fields: &'a Fields,
    doc: &'a TantivyDocument,
}

impl Stored<'_> {
    fn text(&self, field: Field) -> Option<String> {
        self.doc
            .get_first(field)
            .and_then(|value| value.as_str())
            .map(str::to_string)
    }

    fn texts(&self, field: Field) -> Vec<String> {
        self.doc
            .get_all(field)
            .filter_map(|value| value.as_str().map(str::to_string))
            .collect()
    }

    fn number(&self, field: Field) -> Option<u64> {
        self.doc.get_first(field).and_then(|value| value.as_u64())
    }

    fn article(&self) -> Result<u64, SearchError> {
        self.number(self.fields.article)
            .ok_or(SearchError::Damaged("article id"))
    }

    fn passage_text(&self) -> Result<String, SearchError> {
        self.text(self.fields.text)
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
    fn article_info(&self) -> Result<ArticleInfo, SearchError> {
        let fields = self.fields;
        Ok(ArticleInfo {
            id: article_id_text(self.article()?),
            path: self.location()?,
            title: self.text(fields.title).unwrap_or_default(),
            date: self.text(fields.date_label),
            section: self.text(fields.section).unwrap_or_default(),
            sources: self.texts(fields.sources),
            authors: self.texts(fields.authors),
            url: self.text(fields.url),
        })
    }
}

/// An article id as results show it: 16 hex digits.
fn article_id_text(id: u64) -> String {
    format!("{id:016x}")
}

fn make_hit(
    fields: &Fields,
    doc: &TantivyDocument,
    score: Score,
    highlights: &Highlights,
    analyzers: &mut Analyzers,
    options: &SearchOptions,
) -> Result<Hit, SearchError> {
    let stored = Stored { fields, doc };
    let text = stored.passage_text()?;
    let matches = highlights.find(&text, analyzers);
    Ok(Hit {
        article: stored.article_info()?,
        persons: stored.texts(fields.persons),
        paragraph: stored.number(fields.paragraph).unwrap_or(0),
        heading: stored.text(fields.heading),
        score,
        snippet: make_snippet(&text, &matches, options.snippet_chars),
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index};

    #[test]
    fn counts_exactly_up_to_the_limit_and_then_says_more() {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        // Two segments, so that counting goes on from one to the next.
        for segment in 0..2 {
            for i in 0..=COUNT_LIMIT / 2 {
                let words = if i % 1000 == 0 { "oft selten" } else { "oft" };
                writer.add_document(doc!(text => words)).unwrap();
            }
            if segment == 0 {
                writer
                    .add_document(doc!(text => "selten gelöscht"))
                    .unwrap();
            }
            writer.commit().unwrap();
        }
        writer.delete_term(Term::from_field_text(text, "gelöscht"));
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let count = |word: &str| {
            let query = TermQuery::new(Term::from_field_text(text, word), IndexRecordOption::Basic);
            count_hits(&searcher, &query).unwrap()
        };
        assert_eq!(count("oft"), (COUNT_LIMIT, false));
        assert_eq!(count("selten"), (12, true));
        assert_eq!(count("nie"), (0, true));
    }

    #[test]
    fn a_pruned_query_looks_up_the_other_passages_of_an_article_beyond_the_candidates() {
        let (schema, fields) = Fields::schema();
        let index = tantivy::Index::create_in_ram(schema);
        analysis::register(index.tokenizers(), analysis::Analysis::Folded);
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let filler = "haus und garten am rande der stadt ".repeat(4);
        // Article 0: the best passage (doc 0) and the weakest (doc 1); then 30 articles whose
        // passages all rank between the two.
        let passages = [
            (0, "zaun zaun zaun".to_string()),
            (0, format!("{filler}zaun")),
        ]
        .into_iter()
        .chain((1..=30).map(|article| (article, "zaun und fluss".to_string())));
        for (article, text) in passages {
            writer
                .add_document(doc!(fields.article => article as u64, fields.text => text))
                .unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let term = Term::from_field_text(fields.text, "zaun");
        let leaf = prune::Bounded {
            query: Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
            ceiling: prune::Ceiling::Bm25(vec![term], 1.0),
        };
        let retrieval = leaf.query.box_clone();
        let leaves = vec![leaf];
        let query = PrunedQuery::new(retrieval, vec![], leaves, Some(prune::Sum::Leaf(0)), vec![]);
        let shares = prune::shares(&searcher, 2, 1);
        let executor = Executor::single_thread();
        let candidates = prune::top_k(&query, &searcher, 5, &executor, shares).unwrap();
        // The same query, scored without pruning: no look-ups.
        let plain = TermQuery::new(
            Term::from_field_text(fields.text, "zaun"),
            IndexRecordOption::WithFreqs,
        );
        let docs = |query: &dyn Query| {
            let ranking = Ranking {
                searcher: &searcher,
                query,
                fields: &fields,
                per_article: 2,
            };
            let page = ranking
                .group_by_article(&candidates, 3, false)
                .unwrap()
                .unwrap();
            page.iter()
                .map(|(_, address)| address.doc_id)
                .collect::<Vec<_>>()
        };
        assert_eq!(docs(&query)[..2], [0, 1]);
        assert_ne!(docs(&plain)[1], 1);
    }
}
