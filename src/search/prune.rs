//! Exact top-k without scoring every match (MaxScore, Turtle & Flood 1995).
//!
//! A query is a required part (what must match, with its exclusions) plus bonus clauses that
//! only add to the score. The required part's score is a sum of leaf clauses (terms and
//! phrases), and every leaf and bonus knows a [`Ceiling`], the most it can add. Once the k-th
//! best score so far (the threshold) is known, the clauses with the longest posting lists are
//! set aside while their ceilings together cannot beat the threshold: a passage then needs one
//! of the remaining ("essential") clauses to compete, so only their passages are visited.
//! Clauses scored by BM25 also know a ceiling per block of 128 passages of their postings
//! ([`BlockBound`]): a candidate, or a whole run of blocks, that cannot compete by those is
//! passed over without scoring it or looking the other clauses up.
//! Every visited passage is scored exactly as the plain boolean query scores it (same clauses,
//! same order of addition), so the top k are the same, ties included: a passage is only skipped
//! when it could at best equal the threshold, and an equal score loses to the earlier passage
//! that set it.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::ops::Range;
use std::sync::atomic::{AtomicU32, Ordering as AtomicOrdering};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{BlockSegmentPostings, Postings, SegmentPostings};
use tantivy::query::{
    Bm25StatisticsProvider, Bm25Weight, BooleanQuery, EnableScoring, Explanation, Occur, Query,
    QueryClone, Scorer, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{
    DocAddress, DocId, DocSet, Executor, Score, Searcher, SegmentReader, Term, TERMINATED,
};

/// The most a query clause can add to a passage's score.
#[derive(Debug, Clone)]
pub(super) enum Ceiling {
    /// A constant score.
    Constant(Score),
    /// BM25 of a term, or of an exact phrase of these terms, in one field, times a boost.
    Bm25(Vec<Term>, Score),
    /// A constant score for a phrase of these terms (exact or not).
    PhraseConstant(Vec<Term>, Score),
    /// The sum of these: for a boolean query whose score adds up clauses of these ceilings.
    Sum(Vec<Ceiling>),
}

impl Ceiling {
    /// The ceiling, with the index's statistics. BM25 is `weight · tf / (tf + norm)` with a
    /// positive norm, so it stays below its weight: the score of a huge term frequency in the
    /// shortest field. (tantivy's `max_score` assumes the longest field, which is no bound.)
    ///
    /// In a field no passage has words in, the average length is 0 and BM25 is not a number
    /// (nor matches anything): such a clause is never set aside.
    fn value(&self, statistics: &dyn Bm25StatisticsProvider) -> tantivy::Result<Score> {
        let value = match self {
            Ceiling::Constant(score) | Ceiling::PhraseConstant(_, score) => *score,
            Ceiling::Bm25(terms, boost) => Bm25Weight::for_terms(statistics, terms)?
                .boost_by(*boost)
                .score(0, u32::MAX),
            Ceiling::Sum(parts) => {
                let mut sum = 0.0;
                for part in parts {
                    sum += part.value(statistics)?;
                }
                sum
            }
        };
        Ok(if value.is_finite() {
            value
        } else {
            Score::INFINITY
        })
    }

    /// For a phrase, its terms, and its BM25 weight for a ceiling per passage (see
    /// [`Conjunction`]).
    fn phrase(
        &self,
        statistics: &dyn Bm25StatisticsProvider,
    ) -> tantivy::Result<Option<(Vec<Term>, Option<Bm25Weight>)>> {
        Ok(match self {
            Ceiling::Bm25(terms, boost) if terms.len() > 1 => Some((
                terms.clone(),
                Some(Bm25Weight::for_terms(statistics, terms)?.boost_by(*boost)),
            )),
            Ceiling::PhraseConstant(terms, _) => Some((terms.clone(), None)),
            _ => None,
        })
    }

    /// For a clause scored by BM25 in one field: its terms and the average length of the field
    /// in the whole index, for a ceiling per block of passages (see [`BlockBound`]).
    fn blocks(&self, statistics: &dyn Bm25StatisticsProvider) -> tantivy::Result<Option<Blocks>> {
        let Ceiling::Bm25(terms, _) = self else {
            return Ok(None);
        };
        let Some(first) = terms.first() else {
            return Ok(None);
        };
        let tokens = statistics.total_num_tokens(first.field())?;
        let docs = statistics.total_num_docs()?;
        Ok(Some(Blocks {
            terms: terms.clone(),
            average_length: tokens as Score / docs.max(1) as Score,
        }))
    }

    /// The ceiling of `score` for matching the clause this is the ceiling of.
    pub fn constant(self, score: Score) -> Ceiling {
        match self {
            Ceiling::Bm25(terms, _) | Ceiling::PhraseConstant(terms, _) if terms.len() > 1 => {
                Ceiling::PhraseConstant(terms, score)
            }
            _ => Ceiling::Constant(score),
        }
    }

    /// The ceiling times `factor`.
    pub fn scaled(self, factor: Score) -> Ceiling {
        match self {
            Ceiling::Constant(score) => Ceiling::Constant(score * factor),
            Ceiling::Bm25(terms, boost) => Ceiling::Bm25(terms, boost * factor),
            Ceiling::PhraseConstant(terms, score) => Ceiling::PhraseConstant(terms, score * factor),
            Ceiling::Sum(parts) => {
                Ceiling::Sum(parts.into_iter().map(|part| part.scaled(factor)).collect())
            }
        }
    }
}

/// Sums of ceilings are compared with sums of scores added in another order: this margin keeps
/// rounding from making a ceiling lower than a score it bounds.
fn with_margin(ceiling: Score) -> Score {
    ceiling * 1.0001 + 1e-4
}

/// How the required part's score adds up its leaves (by their number): a leaf, or the scores of
/// the parts that match added in order, as a boolean query of should clauses adds them.
#[derive(Debug, Clone)]
pub(super) enum Sum {
    Leaf(usize),
    Should(Vec<Sum>),
}

impl Sum {
    /// The same sum over leaves numbered `offset` higher.
    pub fn shifted(self, offset: usize) -> Sum {
        match self {
            Sum::Leaf(leaf) => Sum::Leaf(leaf + offset),
            Sum::Should(parts) => {
                Sum::Should(parts.into_iter().map(|part| part.shifted(offset)).collect())
            }
        }
    }

    /// The score of `doc`, if it matches.
    fn score(&self, leaves: &mut [Part], doc: DocId) -> Option<Score> {
        match self {
            Sum::Leaf(leaf) => {
                let scorer = leaves[*leaf].scorer.as_mut();
                (seek(scorer, doc) == doc).then(|| scorer.score())
            }
            Sum::Should(parts) => {
                let mut sum = 0.0;
                let mut matched = false;
                for part in parts {
                    if let Some(score) = part.score(leaves, doc) {
                        sum += score;
                        matched = true;
                    }
                }
                matched.then_some(sum)
            }
        }
    }
}

/// A query clause and the most it adds to a score.
#[derive(Debug)]
pub(super) struct Bounded {
    pub query: Box<dyn Query>,
    pub ceiling: Ceiling,
}

impl Clone for Bounded {
    // `Box<dyn Query>` clones by `box_clone` only, so no derive.
    fn clone(&self) -> Bounded {
        Bounded {
            query: self.query.box_clone(),
            ceiling: self.ceiling.clone(),
        }
    }
}

/// A query scored as its required part plus the bonuses a passage matches; `plain` is the
/// same query as a tantivy boolean query, for everything but the top-k search.
#[derive(Debug, Clone)]
pub(super) struct PrunedQuery {
    plain: BooleanQuery,
    required: BooleanQuery,
    /// The terms and phrases whose scores make up the required part's score.
    leaves: Vec<Bounded>,
    /// How they add up, if the required part is made of should clauses only.
    sum: Option<Sum>,
    /// What a passage must not match, if anything.
    excluded: Option<BooleanQuery>,
    /// In the order of the should clauses of `plain`, so scores add up in the same order.
    bonuses: Vec<Bounded>,
}

impl PrunedQuery {
    /// The query of what `retrieval` matches and no query of `excluded` does, with the score of
    /// `retrieval`, the `sum` of its `leaves` where given, plus the `bonuses`.
    pub fn new(
        retrieval: Box<dyn Query>,
        excluded: Vec<Box<dyn Query>>,
        leaves: Vec<Bounded>,
        sum: Option<Sum>,
        bonuses: Vec<Bounded>,
    ) -> PrunedQuery {
        let mut required = vec![(Occur::Must, retrieval)];
        required.extend(
            excluded
                .iter()
                .map(|query| (Occur::MustNot, query.box_clone())),
        );
        let excluded = (!excluded.is_empty()).then(|| {
            BooleanQuery::new(
                excluded
                    .into_iter()
                    .map(|query| (Occur::Should, query))
                    .collect(),
            )
        });
        let mut plain: Vec<(Occur, Box<dyn Query>)> = required
            .iter()
            .map(|(occur, query)| (*occur, query.box_clone()))
            .collect();
        plain.extend(
            bonuses
                .iter()
                .map(|bonus| (Occur::Should, bonus.query.box_clone())),
        );
        PrunedQuery {
            plain: BooleanQuery::new(plain),
            required: BooleanQuery::new(required),
            leaves,
            sum,
            excluded,
            bonuses,
        }
    }
}

impl PrunedQuery {
    /// The same query without pruning.
    pub fn into_plain(self) -> BooleanQuery {
        self.plain
    }

    /// The same query without pruning, which scores a passage as the pruned search does.
    pub fn plain(&self) -> &BooleanQuery {
        &self.plain
    }
}

impl PrunedQuery {
    /// The query's weight for pruning, which needs scores.
    fn pruned_weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<PrunedWeight> {
        let EnableScoring::Enabled {
            statistics_provider,
            ..
        } = enable_scoring
        else {
            return Err(tantivy::TantivyError::InvalidArgument(
                "a pruned query needs scores".to_string(),
            ));
        };
        let weights = |clauses: &[Bounded]| -> tantivy::Result<Vec<BoundedWeight>> {
            clauses
                .iter()
                .map(|clause| {
                    Ok(BoundedWeight {
                        weight: clause.query.weight(enable_scoring)?,
                        ceiling: clause.ceiling.value(statistics_provider)?,
                        phrase: clause.ceiling.phrase(statistics_provider)?,
                        blocks: clause.ceiling.blocks(statistics_provider)?,
                    })
                })
                .collect()
        };
        Ok(PrunedWeight {
            plain: self.plain.weight(enable_scoring)?,
            required: self.required.weight(enable_scoring)?,
            leaves: weights(&self.leaves)?,
            sum: self.sum.clone(),
            excluded: match &self.excluded {
                Some(query) => Some(query.weight(enable_scoring)?),
                None => None,
            },
            bonuses: weights(&self.bonuses)?,
        })
    }
}

impl Query for PrunedQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        if !enable_scoring.is_scoring_enabled() {
            // Without scores nothing is pruned: the plain query matches the same passages.
            return self.plain.weight(enable_scoring);
        }
        Ok(Box::new(self.pruned_weight(enable_scoring)?))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.plain.query_terms(visitor);
    }
}

struct PrunedWeight {
    plain: Box<dyn Weight>,
    required: Box<dyn Weight>,
    leaves: Vec<BoundedWeight>,
    sum: Option<Sum>,
    excluded: Option<Box<dyn Weight>>,
    bonuses: Vec<BoundedWeight>,
}

struct BoundedWeight {
    weight: Box<dyn Weight>,
    ceiling: Score,
    /// A phrase's terms, and its BM25 weight if it scores by BM25.
    phrase: Option<(Vec<Term>, Option<Bm25Weight>)>,
    /// For a clause scored by BM25: what its ceiling per block of passages is read from.
    blocks: Option<Blocks>,
}

/// The terms of a BM25 clause and the average length of their field in the whole index.
#[derive(Debug, Clone)]
struct Blocks {
    terms: Vec<Term>,
    average_length: Score,
}

impl Weight for PrunedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.plain.scorer(reader, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.plain.explain(reader, doc)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.plain.count(reader)
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        self.for_each_pruning_in(0..TERMINATED, threshold, reader, callback)
    }
}

impl PrunedWeight {
    /// [`Weight::for_each_pruning`] over the passages `docs` of the segment.
    fn for_each_pruning_in(
        &self,
        docs: Range<DocId>,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        let mut parts = Vec::with_capacity(self.bonuses.len() + self.leaves.len());
        for (bonus, weights) in [(true, &self.bonuses), (false, &self.leaves)] {
            for clause in weights {
                let conjunction = match &clause.phrase {
                    Some((terms, bm25)) => Some(Conjunction::new(reader, terms, bm25.clone())?),
                    None => None,
                };
                let blocks = match &clause.blocks {
                    Some(blocks) => BlockBound::new(reader, blocks, clause.ceiling)?,
                    None => None,
                };
                parts.push(Part {
                    scorer: clause.weight.scorer(reader, 1.0)?,
                    conjunction,
                    blocks,
                    ceiling: clause.ceiling,
                    bonus,
                    essential: true,
                });
            }
        }
        let mut required = Required {
            scorer: self.required.scorer(reader, 1.0)?,
            sum: self.sum.as_ref(),
            excluded: match &self.excluded {
                Some(weight) => Some(weight.scorer(reader, 1.0)?),
                None => None,
            },
            first_leaf: self.bonuses.len(),
        };
        max_score(&mut required, &mut parts, docs, threshold, callback);
        Ok(())
    }
}

/// The passages of one segment that one thread searches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Share {
    segment: u32,
    docs: Range<DocId>,
}

/// Cuts the segments of `searcher` into about `threads` shares of equal size, none smaller
/// than `min_docs` passages unless its segment is: a search of one large segment would
/// otherwise keep one core busy and leave the others idle.
pub(super) fn shares(searcher: &Searcher, threads: usize, min_docs: u32) -> Vec<Share> {
    let readers = searcher.segment_readers();
    let total: u64 = readers
        .iter()
        .map(|reader| u64::from(reader.max_doc()))
        .sum();
    let per_thread = total.div_ceil(threads.max(1) as u64);
    let size = u32::try_from(per_thread)
        .unwrap_or(u32::MAX)
        .max(min_docs.max(1));
    let mut shares = Vec::new();
    for (segment, reader) in (0u32..).zip(readers) {
        let max_doc = reader.max_doc();
        let mut start = 0;
        while start < max_doc {
            // A rest smaller than half a share goes with the share before it.
            let end = match start.saturating_add(size) {
                end if end.saturating_add(size / 2) >= max_doc => max_doc,
                end => end,
            };
            shares.push(Share {
                segment,
                docs: start..end,
            });
            start = end;
        }
    }
    shares
}

/// The top `k` passages of `query`, best first, ties in index order (as tantivy's `TopDocs`
/// ranks them), searched share by share on `executor`'s threads. The shares raise one
/// threshold together: a share's k-th best score bounds the whole search's.
pub(super) fn top_k(
    query: &PrunedQuery,
    searcher: &Searcher,
    k: usize,
    executor: &Executor,
    shares: Vec<Share>,
) -> tantivy::Result<Vec<(Score, DocAddress)>> {
    let weight = query.pruned_weight(EnableScoring::enabled_from_searcher(searcher))?;
    let shared = SharedThreshold::default();
    let found = executor.map(
        |share: Share| {
            let reader = searcher.segment_reader(share.segment);
            let alive = reader.alive_bitset();
            let mut best = Best::new(k);
            weight.for_each_pruning_in(share.docs, shared.get(), reader, &mut |doc, score| {
                if alive.is_none_or(|alive| alive.is_alive(doc)) {
                    best.push(score, doc);
                    if let Some(threshold) = best.threshold() {
                        shared.raise(threshold);
                    }
                }
                best.threshold().unwrap_or(Score::MIN).max(shared.get())
            })?;
            Ok(best.into_sorted(share.segment))
        },
        shares.into_iter(),
    )?;
    let mut all: Vec<(Score, DocAddress)> = found.into_iter().flatten().collect();
    all.sort_unstable_by(rank_order);
    all.truncate(k);
    Ok(all)
}

/// The order of a ranking: the higher score first, of equal scores the earlier passage (as
/// tantivy's `TopDocs` breaks ties).
pub(super) fn rank_order(a: &(Score, DocAddress), b: &(Score, DocAddress)) -> Ordering {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
}

/// The highest k-th best score any share has found, for all shares to prune with.
#[derive(Default)]
struct SharedThreshold {
    /// The bits of a score, or 0 for none: scores are not negative, and the bits of
    /// non-negative floats order as the floats do.
    bits: AtomicU32,
}

impl SharedThreshold {
    fn raise(&self, score: Score) {
        if score > 0.0 {
            self.bits
                .fetch_max(score.to_bits(), AtomicOrdering::Relaxed);
        }
    }

    /// A threshold for a share: just below the best-known k-th score, because a passage of
    /// this share that equals it may rank before the passages that set it.
    fn get(&self) -> Score {
        match self.bits.load(AtomicOrdering::Relaxed) {
            0 => Score::MIN,
            bits => f32::from_bits(bits).next_down(),
        }
    }
}

/// The best `k` passages seen, the worst on top.
struct Best {
    k: usize,
    heap: BinaryHeap<Reverse<Ranked>>,
}

/// A passage in rank order: the higher score first, of equal scores the earlier passage.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    score: Score,
    doc: DocId,
}

impl Ord for Ranked {
    fn cmp(&self, other: &Ranked) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then(other.doc.cmp(&self.doc))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Ranked) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Ranked) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

impl Best {
    fn new(k: usize) -> Best {
        Best {
            k,
            heap: BinaryHeap::with_capacity(k + 1),
        }
    }

    fn push(&mut self, score: Score, doc: DocId) {
        let ranked = Ranked { score, doc };
        if self.heap.len() < self.k {
            self.heap.push(Reverse(ranked));
        } else if self.heap.peek().is_some_and(|worst| ranked > worst.0) {
            self.heap.pop();
            self.heap.push(Reverse(ranked));
        }
    }

    /// The k-th best score, once there are k.
    fn threshold(&self) -> Option<Score> {
        (self.heap.len() == self.k)
            .then(|| self.heap.peek().map(|worst| worst.0.score))
            .flatten()
    }

    fn into_sorted(self, segment: u32) -> Vec<(Score, DocAddress)> {
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|Reverse(ranked)| (ranked.score, DocAddress::new(segment, ranked.doc)))
            .collect()
    }
}

/// A clause of the query while it runs: a bonus, or a leaf of the required part (which only
/// tells where a passage may score; the required part's own scorer gives the score).
struct Part {
    scorer: Box<dyn Scorer>,
    /// For a phrase: where it may match, with a ceiling per passage.
    conjunction: Option<Conjunction>,
    /// For a clause scored by BM25: its ceiling per block of passages.
    blocks: Option<BlockBound>,
    ceiling: Score,
    bonus: bool,
    /// Whether a passage matching only the other parts could still compete.
    essential: bool,
}

/// The required part of a query while it runs.
struct Required<'a> {
    /// Visits every match, for when no passage can be skipped.
    scorer: Box<dyn Scorer>,
    /// The score from the leaves, for single passages: seeking the boolean query's scorer to a
    /// passage far ahead costs a refill of its window of the next 4096 passages.
    sum: Option<&'a Sum>,
    excluded: Option<Box<dyn Scorer>>,
    /// Where the leaves start among the parts.
    first_leaf: usize,
}

impl Required<'_> {
    /// The first passage at or after `doc` where a leaf may match, if the required part is the
    /// sum of its leaves (and so matches only where one of them does).
    fn floor(&self, parts: &mut [Part], doc: DocId) -> Option<DocId> {
        self.sum?;
        parts[self.first_leaf..]
            .iter_mut()
            .map(|leaf| leaf.seek_candidate(doc))
            .min()
    }

    /// The score of `doc` if it matches, for a `doc` after the last one asked.
    fn score(&mut self, parts: &mut [Part], doc: DocId) -> Option<Score> {
        let Some(sum) = self.sum else {
            return (seek(self.scorer.as_mut(), doc) == doc).then(|| self.scorer.score());
        };
        if let Some(excluded) = &mut self.excluded {
            if seek(excluded.as_mut(), doc) == doc {
                return None;
            }
        }
        sum.score(&mut parts[self.first_leaf..], doc)
    }
}

impl Part {
    /// Moves to the first passage at or after `target` where the part may match: for a
    /// phrase, where all its terms are, without reading positions.
    fn seek_candidate(&mut self, target: DocId) -> DocId {
        match &mut self.conjunction {
            Some(conjunction) => conjunction.seek(target),
            None => seek(self.scorer.as_mut(), target),
        }
    }

    /// Where the part may match next, as [`Part::seek_candidate`] left it.
    fn candidate(&self) -> DocId {
        match &self.conjunction {
            Some(conjunction) => conjunction.doc(),
            None => self.scorer.doc(),
        }
    }

    /// The most the part adds to the score of its candidate.
    fn candidate_ceiling(&mut self) -> Score {
        match &self.conjunction {
            Some(conjunction) => match conjunction.ceiling() {
                Some(ceiling) => ceiling.min(self.ceiling),
                None => self.ceiling,
            },
            // The scorer stands on its candidate: what it adds there is its score.
            None => self.scorer.score(),
        }
    }

    /// Where the part may match from `doc` on, with its ceiling per block; `None` if it
    /// keeps no ceiling per block.
    fn window(&mut self, doc: DocId) -> Option<Window> {
        Some(self.blocks.as_mut()?.at(doc))
    }

    /// The most the part adds to the score of `doc`, by its ceiling per block: nothing if its
    /// postings say it does not match there.
    fn ceiling_at(&mut self, doc: DocId) -> Score {
        match self.window(doc) {
            Some(window) if window.first == doc => window.bound,
            Some(_) => 0.0,
            None => self.ceiling,
        }
    }

    /// What visiting the part's candidates costs, roughly: how many there are, four times as
    /// many for a phrase whose candidates all need their positions read.
    fn cost(&self) -> u64 {
        match &self.conjunction {
            Some(conjunction) if conjunction.bm25.is_some() => conjunction.size(),
            Some(conjunction) => 4 * conjunction.size(),
            None => u64::from(self.scorer.size_hint()),
        }
    }
}

/// The passages that have all terms of a phrase. The phrase occurs in a passage no more often
/// than its rarest term does, so BM25 of that frequency at the passage's length bounds the
/// phrase's score there: most passages are dismissed before the positions of their terms are
/// read, which is most of the cost of a phrase.
struct Conjunction {
    postings: Vec<SegmentPostings>,
    fieldnorms: FieldNormReader,
    /// Without it (a phrase with a constant score) the ceiling is the same everywhere.
    bm25: Option<Bm25Weight>,
    doc: DocId,
}

impl Conjunction {
    fn new(
        reader: &SegmentReader,
        terms: &[Term],
        bm25: Option<Bm25Weight>,
    ) -> tantivy::Result<Conjunction> {
        let mut postings = Vec::with_capacity(terms.len());
        let mut doc = 0;
        for term in terms {
            let inverted = reader.inverted_index(term.field())?;
            match inverted.read_postings(term, IndexRecordOption::WithFreqs)? {
                Some(term_postings) => postings.push(term_postings),
                // A term missing from the segment: the phrase matches nowhere.
                None => doc = TERMINATED,
            }
        }
        // As the phrase scorer finds the length of a passage.
        let fieldnorms = match reader.fieldnorms_readers().get_field(terms[0].field())? {
            Some(fieldnorms) => fieldnorms,
            None => FieldNormReader::constant(reader.max_doc(), 1),
        };
        let mut conjunction = Conjunction {
            postings,
            fieldnorms,
            bm25,
            doc,
        };
        if doc == 0 {
            conjunction.doc = conjunction.align(0);
        }
        Ok(conjunction)
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc < target {
            self.doc = self.align(target);
        }
        self.doc
    }

    /// The first passage at or after `target` with every term.
    fn align(&mut self, mut target: DocId) -> DocId {
        'candidates: loop {
            for postings in &mut self.postings {
                let doc = if postings.doc() >= target {
                    postings.doc()
                } else {
                    postings.seek(target)
                };
                if doc != target {
                    if doc == TERMINATED {
                        return TERMINATED;
                    }
                    target = doc;
                    continue 'candidates;
                }
            }
            return target;
        }
    }

    fn ceiling(&self) -> Option<Score> {
        let frequency = self
            .postings
            .iter()
            .map(|postings| postings.term_freq())
            .min()
            .unwrap_or(0);
        let bm25 = self.bm25.as_ref()?;
        Some(bm25.score(self.fieldnorms.fieldnorm_id(self.doc), frequency))
    }

    /// How many passages have the rarest term.
    fn size(&self) -> u64 {
        let size = self.postings.iter().map(SegmentPostings::doc_freq).min();
        u64::from(size.unwrap_or(0))
    }
}

/// Where a clause may match from some passage on, in one block of its postings.
#[derive(Debug, Clone, Copy)]
struct Window {
    /// The first passage at or after the one asked for that the postings hold.
    first: DocId,
    /// The last passage of the block holding `first`.
    last: DocId,
    /// The most the clause adds to any passage of the block.
    bound: Score,
}

impl Window {
    /// Past the last passage the postings hold.
    const NOWHERE: Window = Window {
        first: TERMINATED,
        last: TERMINATED,
        bound: 0.0,
    };
}

/// The most a BM25 clause adds to the passages of each block (128 passages) of a term's
/// postings, read from the block's skip data, so that blocks whose passages cannot compete are
/// skipped without reading them (block-max MaxScore, Ding & Suel 2011). For a phrase the
/// postings are those of its rarest term: the phrase occurs in a passage no more often than
/// that term does, at the same length.
///
/// tantivy stores with each block the field length and frequency of the passage that scores
/// best with the segment's average length, while the query scores with the whole index's.
/// BM25's `tf / (tf + k1 · (1 - b + b · len / avg))` grows by at most `avg / avg_segment` when
/// the average changes from `avg_segment` to `avg`, so the bound is the block's best at the
/// segment's average times that ratio (when above 1). (tantivy's own block WAND takes the
/// block's best as it is, which may be too low with several segments.)
struct BlockBound {
    /// `None` where the term is not in the segment.
    postings: Option<BlockSegmentPostings>,
    fieldnorms: FieldNormReader,
    /// BM25 at the segment's average length, of some IDF: `scale` turns its scores into the
    /// clause's.
    unit: Bm25Weight,
    scale: Score,
    /// The clause's ceiling anywhere, which no bound exceeds.
    ceiling: Score,
    window: Window,
}

impl BlockBound {
    /// The bound for a clause of `blocks` with the `ceiling`, in the segment of `reader`;
    /// `None` if the field keeps no lengths (nor, then, a best passage per block).
    fn new(
        reader: &SegmentReader,
        blocks: &Blocks,
        ceiling: Score,
    ) -> tantivy::Result<Option<BlockBound>> {
        let Some(first) = blocks.terms.first() else {
            return Ok(None);
        };
        let field = first.field();
        let Some(fieldnorms) = reader.fieldnorms_readers().get_field(field)? else {
            return Ok(None);
        };
        let inverted = reader.inverted_index(field)?;
        let mut postings: Option<BlockSegmentPostings> = None;
        for term in &blocks.terms {
            match inverted.read_block_postings(term, IndexRecordOption::WithFreqs)? {
                Some(term_postings) => {
                    if postings
                        .as_ref()
                        .is_none_or(|rarest| term_postings.doc_freq() < rarest.doc_freq())
                    {
                        postings = Some(term_postings);
                    }
                }
                // The clause matches nowhere in the segment.
                None => {
                    postings = None;
                    break;
                }
            }
        }
        let segment_average =
            inverted.total_num_tokens() as Score / fieldnorms.num_docs().max(1) as Score;
        let unit = Bm25Weight::for_one_term_without_explain(1, 2, segment_average);
        let growth = (blocks.average_length / segment_average).max(1.0);
        let scale = ceiling / unit.score(0, u32::MAX) * growth;
        let mut bound = BlockBound {
            postings,
            fieldnorms,
            unit,
            scale,
            ceiling,
            window: Window::NOWHERE,
        };
        bound.window = bound.read(0);
        Ok(Some(bound))
    }

    /// The window from `doc` on, for a `doc` no lower than the last one asked.
    fn at(&mut self, doc: DocId) -> Window {
        if doc > self.window.first {
            self.window = self.read(doc);
        }
        self.window
    }

    fn read(&mut self, doc: DocId) -> Window {
        let Some(postings) = &mut self.postings else {
            return Window::NOWHERE;
        };
        let index = postings.seek(doc);
        let docs = postings.docs();
        let (Some(&first), Some(&last)) = (docs.get(index), docs.last()) else {
            return Window::NOWHERE;
        };
        let best = postings.block_max_score(&self.fieldnorms, &self.unit) * self.scale;
        // A block without a best passage (stored as frequency 0) gets the ceiling.
        let bound = if best > 0.0 && best.is_finite() {
            best.min(self.ceiling)
        } else {
            self.ceiling
        };
        Window { first, last, bound }
    }
}

/// Moves `scorer` to its first document at or after `target`.
fn seek(scorer: &mut dyn Scorer, target: DocId) -> DocId {
    let doc = scorer.doc();
    if doc >= target {
        doc
    } else if doc + 1 == target {
        scorer.advance()
    } else {
        scorer.seek(target)
    }
}

/// Sets aside the parts that cannot make a passage compete by themselves, the costliest to
/// visit first.
fn partition(parts: &mut [Part], threshold: Score) {
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(parts[i].cost()));
    let mut set_aside = 0.0;
    for i in order {
        let part = &mut parts[i];
        part.essential = with_margin(set_aside + part.ceiling) > threshold;
        if !part.essential {
            set_aside += part.ceiling;
        }
    }
}

/// The most a passage from `from` up to the returned passage can score, by the parts'
/// ceilings per block (a part whose postings hold none of these passages adds nothing), and
/// that passage.
fn ceiling_from(parts: &mut [Part], from: DocId) -> (Score, DocId) {
    let mut end = TERMINATED;
    let mut ceiling = 0.0;
    for part in parts.iter_mut() {
        match part.window(from) {
            Some(window) => {
                if window.first <= end {
                    ceiling += window.bound;
                    end = end.min(window.last);
                }
            }
            None => ceiling += part.ceiling,
        }
    }
    (ceiling, end)
}

/// Why a passage cannot compete, if it cannot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dismissed {
    Not,
    /// By the ceilings of the parts anywhere.
    ByCeilings,
    /// By their ceilings in their blocks around the passage.
    ByBlocks,
}

/// Whether `known` plus what the parts that `counted` picks may add to `doc` stays at or below
/// the threshold: first by their ceilings anywhere, and only if that is not low enough, by
/// their ceilings in their blocks around `doc` (which reads their postings' skip data).
fn dismissed(
    parts: &mut [Part],
    counted: impl Fn(&Part) -> bool,
    known: Score,
    doc: DocId,
    threshold: Score,
) -> Dismissed {
    let anywhere: Score = parts
        .iter()
        .filter(|part| counted(part))
        .map(|part| part.ceiling)
        .sum();
    if with_margin(known + anywhere) <= threshold {
        return Dismissed::ByCeilings;
    }
    let around: Score = parts
        .iter_mut()
        .filter(|part| counted(part))
        .map(|part| part.ceiling_at(doc))
        .sum();
    if with_margin(known + around) <= threshold {
        Dismissed::ByBlocks
    } else {
        Dismissed::Not
    }
}

/// Calls `callback` with every document of `required` among `docs` whose score (its own plus
/// the bonuses it matches) beats the threshold, skipping documents that provably cannot;
/// `callback` returns the new threshold.
fn max_score(
    required: &mut Required,
    parts: &mut [Part],
    docs: Range<DocId>,
    mut threshold: Score,
    callback: &mut dyn FnMut(DocId, Score) -> Score,
) {
    partition(parts, threshold);
    let mut all_essential = parts.iter().all(|part| part.essential);
    let mut target = docs.start;
    loop {
        let (doc, base) = if all_essential {
            let doc = seek(required.scorer.as_mut(), target);
            if doc >= docs.end {
                return;
            }
            (doc, required.scorer.score())
        } else {
            let mut next = TERMINATED;
            for part in parts.iter_mut().filter(|part| part.essential) {
                next = next.min(part.seek_candidate(target));
            }
            if next >= docs.end {
                // Also when no part is essential any more: not even every clause together
                // lifts a passage above the threshold.
                return;
            }
            target = next + 1;
            // The essential parts at the passage add their score there (or a phrase its
            // ceiling); the others count with their ceiling, and only if that is not low
            // enough, with their ceiling in the block they have around the passage.
            let mut at_next = 0.0;
            for part in parts.iter_mut().filter(|part| part.essential) {
                if part.candidate() == next {
                    at_next += part.candidate_ceiling();
                }
            }
            match dismissed(parts, |part| !part.essential, at_next, next, threshold) {
                Dismissed::Not => {}
                Dismissed::ByCeilings => continue,
                Dismissed::ByBlocks => {
                    // Then perhaps the whole blocks around it cannot compete either.
                    let (ceiling, end) = ceiling_from(parts, next);
                    if with_margin(ceiling) <= threshold {
                        if end >= docs.end.saturating_sub(1) {
                            return;
                        }
                        target = end + 1;
                    }
                    continue;
                }
            }
            // A passage matches only where a leaf does: the essential parts (a title bonus,
            // say) skip ahead to the next passage where one may.
            if let Some(floor) = required.floor(parts, next) {
                if floor > next {
                    target = floor;
                    continue;
                }
            }
            match required.score(parts, next) {
                Some(base) => (next, base),
                None => continue,
            }
        };
        target = doc + 1;
        // Bonuses not yet known to match count with their ceiling until the passage can
        // compete (first anywhere, then in their block around it): most passages are
        // dismissed without looking the other bonuses up.
        let unknown = |part: &Part| all_essential || !part.essential || part.candidate() == doc;
        let unknown_bonus = |part: &Part| part.bonus && unknown(part);
        if dismissed(parts, unknown_bonus, base, doc, threshold) != Dismissed::Not {
            continue;
        }
        // Added as tantivy's boolean query adds: the bonuses in clause order, then their sum
        // to the required part's score.
        let mut extra = 0.0;
        let mut matched = false;
        for part in parts.iter_mut().filter(|part| part.bonus) {
            if seek(part.scorer.as_mut(), doc) == doc {
                extra += part.scorer.score();
                matched = true;
            }
        }
        let score = if matched { base + extra } else { base };
        if score > threshold {
            let raised = callback(doc, score);
            if raised > threshold {
                threshold = raised;
                if !parts.is_empty() {
                    partition(parts, threshold);
                    all_essential = parts.iter().all(|part| part.essential);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BoostQuery, ConstScoreQuery, PhraseQuery, TermQuery};
    use tantivy::schema::{Field, IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, DocAddress, Index};

    const WORDS: [&str; 8] = [
        "nato", "grenze", "krieg", "euro", "jahr", "wien", "zaun", "bank",
    ];

    struct Fields {
        text: Field,
        exact: Field,
        title: Field,
    }

    /// An index of `passages` (word numbers of the text, and of the title), committed in
    /// `segments` parts so that each segment prunes on its own.
    fn build_index(passages: &[(Vec<usize>, Vec<usize>)], segments: usize) -> (Index, Fields) {
        let mut schema = Schema::builder();
        let fields = Fields {
            text: schema.add_text_field("text", TEXT),
            exact: schema.add_text_field("exact", TEXT),
            title: schema.add_text_field("title", TEXT),
        };
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let words = |numbers: &[usize]| -> String {
            let words: Vec<&str> = numbers.iter().map(|&n| WORDS[n % WORDS.len()]).collect();
            words.join(" ")
        };
        let per_segment = passages.len().div_ceil(segments.max(1)).max(1);
        for chunk in passages.chunks(per_segment) {
            for (text, title) in chunk {
                writer
                    .add_document(doc!(
                        fields.text => words(text),
                        // Most words in their exact form: the first word of the list never.
                        fields.exact => words(&text.iter().copied().filter(|&word| word != 0).collect::<Vec<_>>()),
                        fields.title => words(title),
                    ))
                    .unwrap();
            }
            writer.commit().unwrap();
        }
        (index, fields)
    }

    fn term(field: Field, word: usize) -> Term {
        Term::from_field_text(field, WORDS[word])
    }

    fn leaf(field: Field, word: usize, boost: Score) -> Bounded {
        Bounded {
            query: Box::new(BoostQuery::new(
                Box::new(TermQuery::new(
                    term(field, word),
                    IndexRecordOption::WithFreqs,
                )),
                boost,
            )),
            ceiling: Ceiling::Bm25(vec![term(field, word)], boost),
        }
    }

    fn phrase_leaf(field: Field, words: &[usize], boost: Score) -> Bounded {
        let terms: Vec<Term> = words.iter().map(|&word| term(field, word)).collect();
        Bounded {
            query: Box::new(BoostQuery::new(
                Box::new(PhraseQuery::new(terms.clone())),
                boost,
            )),
            ceiling: Ceiling::Bm25(terms, boost),
        }
    }

    /// A quoted phrase as the search builds it: the phrase in the text or (weaker) the title,
    /// bonuses for its exact form and for the phrase in the title.
    fn phrase_query(fields: &Fields, words: &[usize]) -> PrunedQuery {
        let leaves = vec![
            phrase_leaf(fields.text, words, 1.0),
            phrase_leaf(fields.title, words, 0.5),
        ];
        let retrieval = BooleanQuery::new(
            leaves
                .iter()
                .map(|leaf| (Occur::Should, leaf.query.box_clone()))
                .collect(),
        );
        let exact: Vec<Term> = words.iter().map(|&word| term(fields.exact, word)).collect();
        let bonuses = vec![
            Bounded {
                query: Box::new(ConstScoreQuery::new(
                    Box::new(PhraseQuery::new(exact.clone())),
                    30.0,
                )),
                ceiling: Ceiling::PhraseConstant(exact, 30.0),
            },
            phrase_leaf(fields.title, words, 2.0),
        ];
        let sum = Sum::Should(vec![Sum::Leaf(0), Sum::Leaf(1)]);
        PrunedQuery::new(
            Box::new(BooleanQuery::new(vec![(
                Occur::Should,
                Box::new(retrieval),
            )])),
            Vec::new(),
            leaves,
            Some(sum),
            bonuses,
        )
    }

    fn bonus(query: Box<dyn Query>, score: Score) -> Bounded {
        Bounded {
            query: Box::new(ConstScoreQuery::new(query, score)),
            ceiling: Ceiling::Constant(score),
        }
    }

    /// A query shaped like the search's: each word in the text, or (weaker) in the title; a
    /// bonus for each word found, for its exact form, for its title match, and for the words as
    /// a phrase. `required` words are must clauses; `excluded` words must not match.
    fn query(fields: &Fields, words: &[usize], required: bool, excluded: &[usize]) -> PrunedQuery {
        let mut leaves = Vec::new();
        let mut sums = Vec::new();
        let mut retrieval = Vec::new();
        let occur = if required { Occur::Must } else { Occur::Should };
        let match_query = |word: usize| -> (Box<dyn Query>, Vec<Bounded>) {
            let leaves = vec![leaf(fields.text, word, 1.0), leaf(fields.title, word, 0.5)];
            let query = BooleanQuery::new(
                leaves
                    .iter()
                    .map(|leaf| (Occur::Should, leaf.query.box_clone()))
                    .collect(),
            );
            (Box::new(query), leaves)
        };
        let mut bonuses = Vec::new();
        for &word in words {
            let (query, word_leaves) = match_query(word);
            sums.push(Sum::Should(vec![
                Sum::Leaf(leaves.len()),
                Sum::Leaf(leaves.len() + 1),
            ]));
            leaves.extend(word_leaves);
            if words.len() > 1 {
                bonuses.push(bonus(query.box_clone(), 1000.0));
            }
            retrieval.push((occur, query));
            let exact = TermQuery::new(term(fields.exact, word), IndexRecordOption::Basic);
            bonuses.push(bonus(Box::new(exact), 30.0));
            bonuses.push(leaf(fields.title, word, 2.0));
        }
        if words.len() > 1 {
            let phrase = words.iter().map(|&word| term(fields.text, word)).collect();
            bonuses.push(bonus(Box::new(PhraseQuery::new(phrase)), 300.0));
        }
        let excluded = excluded.iter().map(|&word| match_query(word).0).collect();
        let sum = (!required).then_some(Sum::Should(sums));
        PrunedQuery::new(
            Box::new(BooleanQuery::new(retrieval)),
            excluded,
            leaves,
            sum,
            bonuses,
        )
    }

    /// The top `k` with pruning (by tantivy's collector, and in shares of segments on two
    /// threads), and with every match scored (a count beside the top documents makes tantivy
    /// visit every match).
    fn top_k_three_ways(
        index: &Index,
        query: &PrunedQuery,
        k: usize,
    ) -> [Vec<(Score, DocAddress)>; 3] {
        let searcher = index.reader().unwrap().searcher();
        let pruned = searcher
            .search(query, &TopDocs::with_limit(k).order_by_score())
            .unwrap();
        let executor = Executor::multi_thread(2, "test-").unwrap();
        let in_shares = top_k(query, &searcher, k, &executor, shares(&searcher, 5, 1)).unwrap();
        let (exhaustive, _) = searcher
            .search(
                &query.plain,
                &(TopDocs::with_limit(k).order_by_score(), Count),
            )
            .unwrap();
        [pruned, in_shares, exhaustive]
    }

    /// A fixed pseudo-random sequence (xorshift) of numbers below the one asked for.
    fn numbers(seed: u64) -> impl FnMut(usize) -> usize {
        let mut state = seed;
        move |below: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % below as u64) as usize
        }
    }

    /// `length` word numbers, skewed: word n is about twice as frequent as word n + 1.
    fn skewed_words(next: &mut impl FnMut(usize) -> usize, length: usize) -> Vec<usize> {
        (0..length)
            .map(|_| (next(255) + 1).leading_zeros() as usize % WORDS.len())
            .collect()
    }

    /// Passages from a fixed pseudo-random sequence: word frequencies from common to rare,
    /// repeated passages (ties), a title on every fourth.
    fn passages(count: usize) -> Vec<(Vec<usize>, Vec<usize>)> {
        let mut next = numbers(0x2545_f491_4f6c_dd1d);
        let mut passages = Vec::new();
        for i in 0..count {
            let length = 1 + next(20);
            let text = skewed_words(&mut next, length);
            let title = if i % 4 == 0 {
                vec![next(WORDS.len())]
            } else {
                vec![]
            };
            let copies = 1 + next(3);
            passages.extend(std::iter::repeat_n((text, title), copies));
        }
        passages
    }

    #[test]
    fn pruned_top_k_is_the_exhaustive_top_k() {
        let (index, fields) = build_index(&passages(4000), 3);
        let table: [(&[usize], bool, &[usize]); 9] = [
            (&[0], false, &[]),
            (&[3], false, &[]),
            (&[7], false, &[]),
            (&[0, 1], false, &[]),
            (&[2, 5, 6], false, &[]),
            (&[0], false, &[1]),
            (&[1, 4], false, &[0]),
            (&[0, 1], true, &[]),
            (&[6, 6], false, &[]),
        ];
        for (words, required, excluded) in table {
            let query = query(&fields, words, required, excluded);
            for k in [1, 10, 200] {
                let [pruned, in_shares, exhaustive] = top_k_three_ways(&index, &query, k);
                assert!(!exhaustive.is_empty(), "{words:?}");
                assert_eq!(
                    pruned, exhaustive,
                    "{words:?} {required} {excluded:?} k={k}"
                );
                assert_eq!(in_shares, exhaustive, "shares: {words:?} k={k}");
            }
        }
        // Without a title anywhere, BM25 in titles is not a number.
        let untitled: Vec<_> = passages(300)
            .into_iter()
            .map(|(text, _)| (text, Vec::new()))
            .collect();
        let (untitled, untitled_fields) = build_index(&untitled, 2);
        let searcher = untitled.reader().unwrap().searcher();
        let title = Ceiling::Bm25(vec![term(untitled_fields.title, 0)], 1.0);
        assert_eq!(title.value(&searcher).unwrap(), Score::INFINITY);
        for words in [&[0][..], &[5], &[1, 2]] {
            let query = query(&untitled_fields, words, false, &[]);
            let [pruned, in_shares, exhaustive] = top_k_three_ways(&untitled, &query, 10);
            assert!(!exhaustive.is_empty(), "{words:?}");
            assert_eq!(pruned, exhaustive, "untitled {words:?}");
            assert_eq!(in_shares, exhaustive, "untitled, shares: {words:?}");
        }
        for words in [&[0, 1][..], &[1, 0], &[0, 0], &[2, 3, 4]] {
            let query = phrase_query(&fields, words);
            for k in [1, 10, 200] {
                let [pruned, in_shares, exhaustive] = top_k_three_ways(&index, &query, k);
                assert!(!exhaustive.is_empty(), "{words:?}");
                assert_eq!(pruned, exhaustive, "phrase {words:?} k={k}");
                assert_eq!(in_shares, exhaustive, "phrase, shares: {words:?} k={k}");
            }
        }
    }

    /// Passages whose lengths differ by segment (short in the first, long in the last), so
    /// that each segment's average length is far from the index's.
    fn passages_of_uneven_length(count: usize) -> Vec<(Vec<usize>, Vec<usize>)> {
        let mut next = numbers(0x9e37_79b9_7f4a_7c15);
        (0..count)
            .map(|i| {
                let length = if i < count / 2 {
                    1 + next(3)
                } else {
                    15 + next(45)
                };
                let text = skewed_words(&mut next, length);
                let title = if i % 5 == 0 {
                    vec![next(WORDS.len())]
                } else {
                    vec![]
                };
                (text, title)
            })
            .collect()
    }

    #[test]
    fn a_block_bound_holds_for_every_passage_of_its_block() {
        let (index, fields) = build_index(&passages_of_uneven_length(3000), 2);
        let searcher = index.reader().unwrap().searcher();
        let clauses: Vec<Bounded> = vec![
            leaf(fields.text, 0, 1.0),
            leaf(fields.text, 3, 2.5),
            leaf(fields.exact, 1, 0.5),
            leaf(fields.title, 2, 1.0),
            phrase_leaf(fields.text, &[0, 1], 1.0),
            phrase_leaf(fields.text, &[1, 0, 2], 3.0),
        ];
        let mut blocks_seen = 0;
        for clause in &clauses {
            let ceiling = clause.ceiling.value(&searcher).unwrap();
            let blocks = clause.ceiling.blocks(&searcher).unwrap().unwrap();
            let weight = clause
                .query
                .weight(EnableScoring::enabled_from_searcher(&searcher))
                .unwrap();
            for reader in searcher.segment_readers() {
                let mut bound = BlockBound::new(reader, &blocks, ceiling).unwrap().unwrap();
                let mut scorer = weight.scorer(reader, 1.0).unwrap();
                let mut last = None;
                while scorer.doc() != TERMINATED {
                    let doc = scorer.doc();
                    let window = bound.at(doc);
                    assert_eq!(window.first, doc, "{:?}", clause.ceiling);
                    assert!(window.last >= doc);
                    assert!(
                        scorer.score() <= with_margin(window.bound),
                        "{:?}: {} above {} in passage {doc}",
                        clause.ceiling,
                        scorer.score(),
                        window.bound
                    );
                    assert!(window.bound <= ceiling);
                    if last != Some(window.last) {
                        blocks_seen += 1;
                        last = Some(window.last);
                    }
                    scorer.advance();
                }
            }
        }
        // Several blocks of 128 passages per clause and segment, not only the last one.
        assert!(blocks_seen > 40, "{blocks_seen}");
    }

    #[test]
    fn pruning_by_blocks_keeps_the_top_k_where_segments_differ_in_length() {
        let (index, fields) = build_index(&passages_of_uneven_length(6000), 3);
        for words in [&[0][..], &[1], &[4], &[7], &[0, 1], &[2, 5]] {
            let mut queries = vec![query(&fields, words, false, &[])];
            if words.len() > 1 {
                queries.push(phrase_query(&fields, words));
            }
            for query in &queries {
                for k in [1, 10, 100] {
                    let [pruned, in_shares, exhaustive] = top_k_three_ways(&index, query, k);
                    assert!(!exhaustive.is_empty(), "{words:?}");
                    assert_eq!(pruned, exhaustive, "{words:?} k={k}");
                    assert_eq!(in_shares, exhaustive, "shares: {words:?} k={k}");
                }
            }
        }
    }

    /// A compound's parts apart, as the search builds them: each part in the text or the
    /// title, all parts required, bounded by the sum of the parts' BM25 ceilings.
    fn parts_apart_query(fields: &Fields, word: usize, parts: &[usize]) -> PrunedQuery {
        let apart = Bounded {
            query: Box::new(BoostQuery::new(
                Box::new(BooleanQuery::new(
                    parts
                        .iter()
                        .map(|&part| {
                            let either: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
                                (Occur::Should, leaf(fields.text, part, 1.0).query),
                                (Occur::Should, leaf(fields.title, part, 1.0).query),
                            ]));
                            (Occur::Must, either)
                        })
                        .collect(),
                )),
                0.8,
            )),
            ceiling: Ceiling::Sum(
                parts
                    .iter()
                    .flat_map(|&part| {
                        [fields.text, fields.title]
                            .map(|field| Ceiling::Bm25(vec![term(field, part)], 1.0))
                    })
                    .collect(),
            )
            .scaled(0.8),
        };
        let leaves = vec![leaf(fields.text, word, 1.0), apart];
        let retrieval = BooleanQuery::new(
            leaves
                .iter()
                .map(|leaf| (Occur::Should, leaf.query.box_clone()))
                .collect(),
        );
        let bonuses = vec![leaf(fields.exact, word, 2.0), leaf(fields.title, word, 2.0)];
        PrunedQuery::new(
            Box::new(retrieval),
            Vec::new(),
            leaves,
            Some(Sum::Should(vec![Sum::Leaf(0), Sum::Leaf(1)])),
            bonuses,
        )
    }

    #[test]
    fn a_sum_of_ceilings_bounds_parts_that_must_all_match() {
        let (index, fields) = build_index(&passages(4000), 3);
        for (word, parts) in [(7, &[0, 1][..]), (6, &[2, 3]), (0, &[1, 2, 3])] {
            let query = parts_apart_query(&fields, word, parts);
            for k in [1, 10, 200] {
                let [pruned, in_shares, exhaustive] = top_k_three_ways(&index, &query, k);
                assert!(!exhaustive.is_empty(), "{word} {parts:?}");
                assert_eq!(pruned, exhaustive, "{word} {parts:?} k={k}");
                assert_eq!(in_shares, exhaustive, "shares: {word} {parts:?} k={k}");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn pruning_never_changes_the_top_k(
            passages in prop::collection::vec(
                (prop::collection::vec(0..WORDS.len(), 1..12),
                 prop::collection::vec(0..WORDS.len(), 0..3)),
                1..300,
            ),
            segments in 1usize..4,
            words in prop::collection::vec(0..WORDS.len(), 1..4),
            required in any::<bool>(),
            excluded in prop::collection::vec(0..WORDS.len(), 0..2),
            k in 1usize..30,
        ) {
            let (index, fields) = build_index(&passages, segments);
            let query = query(&fields, &words, required, &excluded);
            let [pruned, in_shares, exhaustive] = top_k_three_ways(&index, &query, k);
            prop_assert_eq!(&pruned, &exhaustive);
            prop_assert_eq!(in_shares, exhaustive);
            if words.len() > 1 {
                let query = phrase_query(&fields, &words);
                let [pruned, in_shares, exhaustive] = top_k_three_ways(&index, &query, k);
                prop_assert_eq!(&pruned, &exhaustive);
                prop_assert_eq!(in_shares, exhaustive);
            }
        }
    }
}
