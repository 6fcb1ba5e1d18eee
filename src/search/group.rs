//! The page's passages grouped by article: articles in the order of their best passage, each
//! with its best few passages together, so that one article cannot fill the page; and, unless
//! every version is asked for, each story (near-identical copies of an article) once, by its
//! best-scoring version. This module does not fetch candidates ([`super::execute`]) nor find
//! the stories ([`crate::index::StoryMap`]).

use super::execute::{Passages, Ranking};
use super::prune;
use super::SearchError;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use tantivy::query::{EnableScoring, Query};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, DocSet, Score, Term, TERMINATED};

impl Ranking<'_> {
    /// The first `count` passages of the ranking (fewer if fewer match): articles in the order
    /// of their best passage, each with its best `per_article` passages together. `None` if the
    /// candidates (the best matches, in score order) hold too few articles to tell.
    ///
    /// An article's other passages may rank far below the candidates. For a pruned query they
    /// are looked up for the article alone, so that the page does not depend on how many
    /// candidates were taken. A query that scores every match is not: setting up its scorers
    /// again (a phrase scorer reads ahead to its first match) cost a third of the search on
    /// the 1M-article index, so its articles show the passages among its many candidates.
    pub(super) fn group_by_article(
        &self,
        candidates: &[(Score, DocAddress)],
        count: usize,
        exhausted: bool,
    ) -> Result<Option<Passages>, SearchError> {
        let articles = self.articles_of(candidates)?;
        let mut groups: Vec<(u64, Passages)> = Vec::new();
        let mut group_of: FxHashMap<u64, usize> = FxHashMap::default();
        // The version that shows each story: its first among the candidates, the best-scoring.
        let mut shown: FxHashMap<u64, u64> = FxHashMap::default();
        for (&(score, address), article) in candidates.iter().zip(articles) {
            if let Some(stories) = self.stories {
                let story = stories.group_key(article);
                if *shown.entry(story).or_insert(article) != article {
                    continue;
                }
            }
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

    /// The article of each candidate, looked up segment by segment in index order: in score
    /// order each look-up would wait for its own cache miss in the article column.
    fn articles_of(&self, candidates: &[(Score, DocAddress)]) -> Result<Vec<u64>, SearchError> {
        let mut by_segment: Vec<(u32, DocId, usize)> = candidates
            .iter()
            .enumerate()
            .map(|(rank, (_, address))| (address.segment_ord, address.doc_id, rank))
            .collect();
        by_segment.sort_unstable();
        let mut articles = vec![0; candidates.len()];
        let mut found = Vec::new();
        let mut docs = Vec::new();
        for run in by_segment.chunk_by(|a, b| a.0 == b.0) {
            let column = self
                .searcher
                .segment_reader(run[0].0)
                .fast_fields()
                .u64("article")?;
            docs.clear();
            docs.extend(run.iter().map(|&(_, doc, _)| doc));
            found.clear();
            found.resize(docs.len(), None);
            column.first_vals(&docs, &mut found);
            for (&(_, _, rank), article) in run.iter().zip(&found) {
                articles[rank] = article.ok_or(SearchError::Damaged("article id"))?;
            }
        }
        Ok(articles)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis;
    use crate::index::Fields;
    use crate::search::prune::PrunedQuery;
    use tantivy::query::TermQuery;
    use tantivy::{doc, Executor};

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
                stories: None,
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
