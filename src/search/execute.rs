//! Running a planned query: the best candidates from every segment at once, on threads shared
//! by all searches, and the count of all matches. This module does not decide what the query
//! is ([`super::plan`]) or how passages are grouped into articles ([`super::group`]).

use super::prune::{self, PrunedQuery};
use super::SearchError;
use crate::index::{Fields, StoryMap};
use rustc_hash::FxHashSet;
use std::sync::{Arc, OnceLock};
use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::{EnableScoring, Query};
use tantivy::{
    DocAddress, DocId, DocSet, Executor, Score, Searcher, SegmentOrdinal, SegmentReader, TERMINATED,
};

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
/// The stories of a search are counted among its first this many matches (shared evenly by the
/// segments): a match's article is a lookup in a column and a set, which for thousands of
/// matches costs more than scoring them (a query with more matches says "more than N
/// stories").
pub const STORY_COUNT_LIMIT: usize = 1_000;
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
    /// Whether `stories` counts the stories of every match (`false`: of the first
    /// [`STORY_COUNT_LIMIT`] matches; more stories match).
    pub stories_exact: bool,
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
    let mut articles = ArticleSet::with_room(stories.map_or(0, |_| STORY_COUNT_LIMIT));
    let mut looked_up = Vec::new();
    let mut exact = true;
    'segments: for reader in searcher.segment_readers() {
        let mut docs = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let column = match stories {
            Some(_) => Some(reader.fast_fields().u64("article")?),
            None => None,
        };
        looked_up.clear();
        let mut doc = docs.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|alive| alive.is_alive(doc)) {
                if total == COUNT_LIMIT {
                    exact = false;
                    break;
                }
                total += 1;
                if column.is_some() && total <= STORY_COUNT_LIMIT {
                    looked_up.push(doc);
                }
            }
            doc = docs.advance();
        }
        if let Some(column) = &column {
            articles.add(column, &looked_up);
        }
        if !exact {
            break 'segments;
        }
    }
    Ok(Counted {
        passages: total,
        exact,
        stories: stories.map_or(0, |stories| articles.stories(stories)),
        stories_exact: exact && total <= STORY_COUNT_LIMIT,
    })
}

/// The distinct articles of some matching passages.
#[derive(Debug)]
struct ArticleSet {
    articles: FxHashSet<u64>,
}

impl ArticleSet {
    /// A set with room for `articles`: the matches whose articles are looked up, so that it
    /// never grows while a search runs.
    fn with_room(articles: usize) -> ArticleSet {
        ArticleSet {
            articles: FxHashSet::with_capacity_and_hasher(articles, Default::default()),
        }
    }

    /// Adds the articles of `docs`, matches of one segment in index order. They are looked up
    /// all at once, after the search: one by one, between the scoring of matches, each
    /// look-up waited for its own cache miss in the column, which cost more than the scoring.
    /// An article's passages are neighbours, so a repeat of the last article is not inserted.
    fn add(&mut self, column: &Column<u64>, docs: &[DocId]) {
        let mut articles = vec![None; docs.len()];
        column.first_vals(docs, &mut articles);
        let mut last = None;
        for article in articles.into_iter().flatten() {
            if last != Some(article) {
                last = Some(article);
                self.articles.insert(article);
            }
        }
    }

    /// The stories of the articles: an article's versions counted once.
    fn stories(&self, stories: &StoryMap) -> usize {
        let mut alone = 0;
        let mut with_copies = FxHashSet::default();
        for &article in &self.articles {
            match stories.story_of(article) {
                Some(story) => {
                    with_copies.insert(story);
                }
                None => alone += 1,
            }
        }
        alone + with_copies.len()
    }
}

/// Counts every match of a search that visits them all, and their stories, in that search's
/// own pass: a second pass would run the query (a phrase's positions, say) twice.
struct CountStories {
    stories: Option<Arc<StoryMap>>,
    /// Matches per segment whose articles are looked up: the segments' share of
    /// [`STORY_COUNT_LIMIT`].
    share: usize,
}

impl CountStories {
    fn new(searcher: &Searcher, stories: Option<Arc<StoryMap>>) -> CountStories {
        let segments = searcher.segment_readers().len().max(1);
        CountStories {
            stories,
            share: STORY_COUNT_LIMIT.div_ceil(segments),
        }
    }
}

/// [`CountStories`] in one segment: its matches, and the articles of the first `share` of
/// them.
struct SegmentCountStories {
    passages: usize,
    share: usize,
    /// The matches whose articles are looked up when the segment is done.
    looked_up: Vec<DocId>,
    column: Option<Column<u64>>,
}

impl Collector for CountStories {
    type Fruit = Counted;
    type Child = SegmentCountStories;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentCountStories> {
        let column = match self.stories {
            Some(_) => Some(reader.fast_fields().u64("article")?),
            None => None,
        };
        Ok(SegmentCountStories {
            passages: 0,
            share: self.share,
            looked_up: Vec::with_capacity(if column.is_some() { self.share } else { 0 }),
            column,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<(usize, ArticleSet)>) -> tantivy::Result<Counted> {
        let mut passages = 0;
        let mut stories_exact = true;
        let room = segments.iter().map(|(_, set)| set.articles.len()).sum();
        let mut articles = ArticleSet::with_room(room);
        for (count, set) in segments {
            passages += count;
            stories_exact &= count <= self.share;
            articles.articles.extend(set.articles);
        }
        Ok(Counted {
            passages,
            exact: true,
            stories: self
                .stories
                .as_ref()
                .map_or(0, |stories| articles.stories(stories)),
            stories_exact,
        })
    }
}

impl SegmentCollector for SegmentCountStories {
    type Fruit = (usize, ArticleSet);

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.passages += 1;
        if self.column.is_some() && self.passages <= self.share {
            self.looked_up.push(doc);
        }
    }

    fn harvest(self) -> (usize, ArticleSet) {
        let mut articles = ArticleSet::with_room(self.looked_up.len());
        if let Some(column) = &self.column {
            articles.add(column, &self.looked_up);
        }
        (self.passages, articles)
    }
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
    /// and, if the search visited every match, their count and their `stories`.
    pub(super) fn page(
        &self,
        wanted: usize,
        stories: &Arc<StoryMap>,
    ) -> Result<(Passages, Option<Counted>), SearchError> {
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
                let count = CountStories::new(self.searcher, Some(Arc::clone(stories)));
                let scoring = EnableScoring::enabled_from_searcher(self.searcher);
                let (candidates, counted) = self.searcher.search_with_executor(
                    self.query,
                    &(top, count),
                    executor,
                    scoring,
                )?;
                (candidates, Some(counted))
            };
            // Fewer than asked for: these are all the matches.
            let exhausted = candidates.len() < candidates_wanted;
            if let Some(grouped) = self.group_by_article(&candidates, wanted + 1, exhausted)? {
                return Ok((grouped, counted));
            }
            candidates_wanted *= 4;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query::TermQuery;
    use tantivy::schema::{IndexRecordOption, Schema, FAST, TEXT};
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

    /// A searcher over passages (article id, text), one segment per slice, the passages of the
    /// `deleted` articles deleted, and the query for `hafen`.
    fn passages(segments: &[&[(u64, &str)]], deleted: &[u64]) -> (Searcher, TermQuery) {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let article = schema.add_u64_field("article", FAST);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for segment in segments {
            for &(id, words) in *segment {
                writer
                    .add_document(doc!(text => words, article => id))
                    .unwrap();
            }
            writer.commit().unwrap();
        }
        for &id in deleted {
            writer.delete_term(Term::from_field_u64(article, id));
        }
        writer.commit().unwrap();
        let query = TermQuery::new(
            Term::from_field_text(text, "hafen"),
            IndexRecordOption::Basic,
        );
        (index.reader().unwrap().searcher(), query)
    }

    #[test]
    fn the_search_pass_and_the_count_pass_count_the_same_stories() {
        // Articles 1 and 2 are one story; article 1 has two passages; 5 does not match.
        let (searcher, query) = passages(
            &[
                &[(1, "hafen triest"), (1, "hafen"), (2, "hafen")],
                &[(3, "hafen"), (4, "hafen"), (5, "wien")],
            ],
            &[4],
        );
        let stories = Arc::new(StoryMap::of_stories(&[&[1, 2]], 5));
        let expected = Counted {
            passages: 4,
            exact: true,
            stories: 2,
            stories_exact: true,
        };
        assert_eq!(
            count_hits(&searcher, &query, Some(&stories)).unwrap(),
            expected
        );
        let collector = CountStories::new(&searcher, Some(Arc::clone(&stories)));
        assert_eq!(searcher.search(&query, &collector).unwrap(), expected);
        let without = CountStories::new(&searcher, None);
        assert_eq!(searcher.search(&query, &without).unwrap().stories, 0);
    }

    #[test]
    fn stories_past_the_limit_are_a_lower_bound_and_say_so() {
        let articles: Vec<(u64, &str)> = (0..=STORY_COUNT_LIMIT as u64)
            .map(|id| (id, "hafen"))
            .collect();
        let (searcher, query) = passages(&[&articles], &[]);
        let stories = Arc::new(StoryMap::of_stories(&[], STORY_COUNT_LIMIT + 1));
        let expected = Counted {
            passages: STORY_COUNT_LIMIT + 1,
            exact: true,
            stories: STORY_COUNT_LIMIT,
            stories_exact: false,
        };
        assert_eq!(
            count_hits(&searcher, &query, Some(&stories)).unwrap(),
            expected
        );
        let collector = CountStories::new(&searcher, Some(stories));
        assert_eq!(searcher.search(&query, &collector).unwrap(), expected);
    }
}
