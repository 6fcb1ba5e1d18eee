//! Running a planned query: the best candidates from every segment at once, on threads shared
//! by all searches, and the count of all matches. This module does not decide what the query
//! is ([`super::plan`]) or how passages are grouped into articles ([`super::group`]).

use super::prune::{self, PrunedQuery};
use super::SearchError;
use crate::index::{Fields, StoryMap};
use rustc_hash::FxHashSet;
use std::sync::OnceLock;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, DocSet, Executor, Score, Searcher, TERMINATED};

/// Candidates fetched per result wanted, before grouping by article, for a pruned query: enough
/// that they usually hold the articles of the page, so that the search rarely runs again.
const CANDIDATES_PER_RESULT: usize = 2;
/// Candidates fetched before grouping by article, for a query that scores every match: enough
/// to hold the articles' other passages, which are not looked up one by one (see
/// [`Ranking::group_by_article`](super::group)).
const MIN_CANDIDATES: usize = 200;
/// Matches are counted up to this many; a search that matches more says "more than" (as
/// Elasticsearch does at 10,000): an exact count of half a million matches would cost a pass
/// over all of them, which finding the best ones no longer needs.
pub const COUNT_LIMIT: usize = 10_000;
/// A pruned search cuts large segments into shares of at least this many passages, one per
/// thread (see [`prune::shares`]).
const MIN_SHARE_PASSAGES: u32 = 100_000;
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
pub(super) fn search_threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// How many passages a query matches, and the stories they belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Counted {
    /// Matching passages, at most [`COUNT_LIMIT`].
    pub passages: usize,
    /// Whether every match was counted (`false`: more match).
    pub exact: bool,
    /// The stories of the counted passages (copies of one article counted once); 0 unless
    /// stories were asked for.
    pub stories: usize,
}

/// The number of passages `query` matches, whether it is exact (counting stops past
/// [`COUNT_LIMIT`]) and, given `stories`, the stories of the counted passages.
pub(super) fn count_hits(
    searcher: &Searcher,
    query: &dyn Query,
    stories: Option<&StoryMap>,
) -> Result<Counted, SearchError> {
    // Without scores the ranking clauses drop out: what remains decides what matches.
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut total = 0;
    let mut seen = FxHashSet::default();
    for reader in searcher.segment_readers() {
        let mut docs = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let articles = match stories {
            Some(_) => Some(reader.fast_fields().u64("article")?),
            None => None,
        };
        let mut doc = docs.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|alive| alive.is_alive(doc)) {
                total += 1;
                if total > COUNT_LIMIT {
                    return Ok(Counted {
                        passages: COUNT_LIMIT,
                        exact: false,
                        stories: seen.len(),
                    });
                }
                if let (Some(stories), Some(article)) =
                    (stories, articles.as_ref().and_then(|a| a.first(doc)))
                {
                    seen.insert(stories.group_key(article));
                }
            }
            doc = docs.advance();
        }
    }
    Ok(Counted {
        passages: total,
        exact: true,
        stories: seen.len(),
    })
}

/// Passages with their scores, in rank order.
pub(super) type Passages = Vec<(Score, DocAddress)>;

/// What orders the passages of a page: the query, and how many passages of one article count.
pub(super) struct Ranking<'a> {
    pub searcher: &'a Searcher,
    pub query: &'a dyn Query,
    pub fields: &'a Fields,
    pub per_article: usize,
    /// Which articles are versions of one story: each story is shown once. `None` shows
    /// every version.
    pub stories: Option<&'a StoryMap>,
}

impl Ranking<'_> {
    /// The query if it is pruned (see `prune`); then an article's passages beyond the
    /// candidates are looked up.
    pub(super) fn pruned(&self) -> Option<&PrunedQuery> {
        self.query.downcast_ref::<PrunedQuery>()
    }

    /// The first `wanted` results and one more (which tells whether there is a next page),
    /// and the number of matches if the search found them all.
    pub(super) fn page(&self, wanted: usize) -> Result<(Passages, Option<usize>), SearchError> {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query::TermQuery;
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index, Term};

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
            let counted = count_hits(&searcher, &query, None).unwrap();
            (counted.passages, counted.exact)
        };
        assert_eq!(count("oft"), (COUNT_LIMIT, false));
        assert_eq!(count("selten"), (12, true));
        assert_eq!(count("nie"), (0, true));
    }
}
