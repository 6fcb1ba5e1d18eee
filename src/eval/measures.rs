//! The measures of a ranking against graded judgements: MRR@k, nDCG@k and Recall@k. Pure
//! functions; running the searches is the caller's job.

use std::collections::HashMap;

/// Graded judgements of one query: passage id → grade (0 = not relevant … 3 = central).
pub type Judgements = HashMap<String, u8>;

/// Reciprocal rank of the first relevant (grade ≥ 1) result within the first `k`; 0 if none.
pub fn reciprocal_rank(ranking: &[String], judgements: &Judgements, k: usize) -> f64 {
    ranking
        .iter()
        .take(k)
        .position(|id| judgements.get(id).is_some_and(|&grade| grade > 0))
        .map_or(0.0, |rank| 1.0 / (rank as f64 + 1.0))
}

/// Normalised discounted cumulative gain at `k`, with gain 2^grade − 1.
pub fn ndcg(ranking: &[String], judgements: &Judgements, k: usize) -> f64 {
    let gain = |grade: u8| f64::from((1u32 << grade) - 1);
    let discount = |rank: usize| 1.0 / (rank as f64 + 2.0).log2();
    let dcg: f64 = ranking
        .iter()
        .take(k)
        .enumerate()
        .map(|(rank, id)| gain(judgements.get(id).copied().unwrap_or(0)) * discount(rank))
        .sum();
    let mut grades: Vec<u8> = judgements.values().copied().collect();
    grades.sort_unstable_by(|a, b| b.cmp(a));
    let ideal: f64 = grades
        .iter()
        .take(k)
        .enumerate()
        .map(|(rank, &grade)| gain(grade) * discount(rank))
        .sum();
    if ideal == 0.0 {
        0.0
    } else {
        dcg / ideal
    }
}

/// Share of the relevant (grade ≥ 1) passages found within the first `k`.
pub fn recall(ranking: &[String], judgements: &Judgements, k: usize) -> f64 {
    let relevant = judgements.values().filter(|&&grade| grade > 0).count();
    if relevant == 0 {
        return 0.0;
    }
    let found = ranking
        .iter()
        .take(k)
        .filter(|id| judgements.get(*id).is_some_and(|&grade| grade > 0))
        .count();
    found as f64 / relevant as f64
}

/// Cut-off rank of the evaluation's measures.
pub const CUT_OFF: usize = 10;

/// Which measure a set is judged by, at [`CUT_OFF`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// One answering passage per query: the reciprocal rank of the first relevant one.
    Mrr,
    /// Graded judgements.
    Ndcg,
}

impl Measure {
    pub fn name(self) -> &'static str {
        match self {
            Measure::Mrr => "MRR@10",
            Measure::Ndcg => "nDCG@10",
        }
    }

    /// The measure of `ranking` (passage ids, best first) against `judged`.
    pub fn of(self, ranking: &[String], judged: &Judgements) -> f64 {
        match self {
            Measure::Mrr => reciprocal_rank(ranking, judged, CUT_OFF),
            Measure::Ndcg => ndcg(ranking, judged, CUT_OFF),
        }
    }

    /// Whether the measure uses graded judgements (which a judging pool can extend).
    pub fn is_graded(self) -> bool {
        matches!(self, Measure::Ndcg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(pairs: &[(&str, u8)]) -> Judgements {
        pairs
            .iter()
            .map(|(id, grade)| (id.to_string(), *grade))
            .collect()
    }

    fn ranking(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|id| id.to_string()).collect()
    }

    #[test]
    fn measures_table() {
        let judgements = judged(&[("a", 3), ("b", 1), ("c", 0), ("d", 2)]);
        let table = [
            // ranking, MRR, recall
            (ranking(&["a", "d", "b"]), 1.0, 1.0),
            (ranking(&["c", "x", "b"]), 1.0 / 3.0, 1.0 / 3.0),
            (ranking(&["c", "x"]), 0.0, 0.0),
            (ranking(&[]), 0.0, 0.0),
        ];
        for (ids, mrr, found) in table {
            assert!(
                (reciprocal_rank(&ids, &judgements, 10) - mrr).abs() < 1e-9,
                "{ids:?}"
            );
            assert!(
                (recall(&ids, &judgements, 10) - found).abs() < 1e-9,
                "{ids:?}"
            );
        }
        assert!((ndcg(&ranking(&["a", "d", "b"]), &judgements, 10) - 1.0).abs() < 1e-9);
        let swapped = ndcg(&ranking(&["d", "a", "b"]), &judgements, 10);
        assert!(swapped < 1.0 && swapped > 0.8, "{swapped}");
        assert_eq!(ndcg(&ranking(&["c"]), &judgements, 10), 0.0);
        assert_eq!(reciprocal_rank(&ranking(&["c", "a"]), &judgements, 1), 0.0);
    }
}
