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
//!
//! A query passes each step once, in order, each in its own file: [`query`] parses it,
//! `analyse` analyses its clauses as the index analyses text, `correct` applies what the
//! index says about the words (splitting, respelling), `plan` weighs them and builds the
//! tantivy query (pruned or not), `execute` runs it, `group` groups passages by article and
//! shows each story (near-identical copies, [`crate::index::StoryMap`]) once, and `hits` reads
//! the results back with snippets (`highlight` marks their words) and the stories' other
//! versions. [`similar`] finds the articles most like one article.

mod analyse;
pub mod article;
mod correct;
mod execute;
pub mod facets;
mod filter;
mod group;
mod highlight;
mod hits;
mod options;
mod plan;
mod prune;
pub mod query;
pub mod similar;
mod snippet;
mod split;
mod typo;

pub use correct::Correction;
pub use execute::COUNT_LIMIT;
pub use filter::Filter;
pub use hits::{ArticleInfo, Hit};
pub use options::{Expansions, SearchOptions, Weights};
pub use query::{Notice, QueryError};
pub use snippet::{make_snippet, Snippet};

use crate::index::ArchiveIndex;
use analyse::{AnalyzedClause, Analyzers};
use execute::Ranking;
use highlight::Highlights;
use std::time::{Duration, Instant};
use tantivy::query::{AllQuery, Query};
use tantivy::{Searcher, TantivyDocument};

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

/// A page of results.
#[derive(Debug, Clone)]
pub struct SearchResults {
    pub query: String,
    /// Number of passages matching the query, or [`COUNT_LIMIT`] if more do.
    pub total_hits: usize,
    /// Whether `total_hits` is the number of matches (`false`: more match).
    pub total_hits_exact: bool,
    /// The stories of the counted passages: copies of one article (its versions) counted once.
    pub total_stories: usize,
    /// Whether `total_stories` counts the stories of every match (`false`: more match).
    pub total_stories_exact: bool,
    pub took: Duration,
    pub hits: Vec<Hit>,
    /// Whether a later page has more results.
    pub has_more: bool,
    /// Query words searched under another spelling.
    pub corrections: Vec<Correction>,
    /// Query syntax read as text, e.g. a lone `-` or an unclosed quote.
    pub notices: Vec<Notice>,
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
    let mut notices = planned.notices;
    if options.filter.person.is_some() && !index.meta.people {
        notices.push(Notice::NoPersonDetection);
    }
    let (clauses, tantivy_query) = (planned.clauses, planned.query);
    let expansions = options.expansions;

    let wanted = options.offset + options.limit;
    let stories = index.stories(&searcher)?;
    let ranking = Ranking {
        searcher: &searcher,
        query: tantivy_query.as_ref(),
        fields,
        per_article: options.per_article,
        stories: (!options.all_versions).then_some(stories.as_ref()),
    };
    // A pruned query's top documents do not visit every match, so its count is a pass of its
    // own (the stories need each match's article): it runs beside the search (which, on one
    // large segment, keeps one core busy) and the snippets. Any other query counts its matches
    // and their stories in its own pass.
    let pruned = ranking.pruned().is_some();
    let (paged, counted) = std::thread::scope(|scope| {
        let counting = pruned.then(|| {
            scope.spawn(|| execute::count_hits(&searcher, &tantivy_query, Some(stories.as_ref())))
        });
        let paged = ranking.page(wanted, &stories).and_then(|(grouped, found)| {
            let highlights = Highlights::of(&clauses, expansions);
            let hits = grouped
                .iter()
                .skip(options.offset)
                .take(options.limit)
                .map(|&(score, address)| {
                    let doc: TantivyDocument = searcher.doc(address)?;
                    hits::make_hit(
                        fields,
                        &doc,
                        score,
                        &highlights,
                        &mut analyzers,
                        options,
                        &hits::Stories {
                            map: &stories,
                            searcher: &searcher,
                        },
                    )
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
    // A search that visited every match counted them all, beyond the count's limit.
    let counted = match (found, counted) {
        (Some(found), _) => found,
        (None, Some(counted)) => counted?,
        (None, None) => execute::count_hits(&searcher, &tantivy_query, Some(stories.as_ref()))?,
    };
    let has_more = grouped.len() > wanted;
    for correction in &mut corrections {
        if let Some(surface) = correct::surface_in(&hits, &correction.searched, &mut analyzers) {
            correction.searched = surface;
        }
    }
    Ok(SearchResults {
        query: query.to_string(),
        total_hits: counted.passages,
        total_hits_exact: counted.exact,
        total_stories: counted.stories,
        total_stories_exact: counted.stories_exact,
        took: started.elapsed(),
        hits,
        has_more,
        corrections,
        notices,
    })
}

/// A query ready to run: its analysed clauses, spelling corrections, notices and tantivy query.
pub(crate) struct PlannedQuery {
    clauses: Vec<AnalyzedClause>,
    pub corrections: Vec<Correction>,
    pub notices: Vec<Notice>,
    /// A [`PrunedQuery`] if the query skips passages that cannot make the top.
    pub query: Box<dyn Query>,
}

/// The steps before the search runs, in order: parse, analyse, correct, plan.
fn plan_query(
    index: &ArchiveIndex,
    searcher: &Searcher,
    query: &str,
    options: &SearchOptions,
    analyzers: &mut Analyzers,
) -> Result<PlannedQuery, SearchError> {
    let fields = &index.fields;
    let parsed = query::parse(query)?;
    let mut clauses = analyse::analyze_clauses(&parsed.clauses, analyzers, options.expansions)?;
    let corrections = correct::correct(
        searcher,
        fields,
        &mut clauses,
        analyzers,
        options.expansions,
    )?;
    let query = plan::plan(searcher, fields, &mut clauses, options)?;
    Ok(PlannedQuery {
        clauses,
        corrections,
        notices: parsed.notices,
        query,
    })
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
