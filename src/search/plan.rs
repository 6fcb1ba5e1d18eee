//! From analysed clauses to a tantivy query: what each clause is worth (its IDF), whether the
//! query is pruned (decided here and nowhere else), and the ranking preferences as query
//! clauses, with the filter around them. This module does not analyse text or run the query.

use super::analyse::AnalyzedClause;
use super::prune::{Bounded, Ceiling, PrunedQuery, Sum};
use super::query::Occur;
use super::{SearchError, SearchOptions, Weights};
use crate::index::Fields;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, PhraseQuery, Query, QueryClone, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Score, Searcher, Term};

/// How far apart (in words) two query words may stand and still count as close.
const NEAR_SLOP: u32 = 6;
/// A lone compound in fewer passages than this is looked for by each of its parts too.
const PARTS_ALONE_BELOW: u64 = 10;
/// Up to this many words a query's coverage bonus counts in full.
const COVERAGE_FULL_WORDS: usize = 4;
/// A query is pruned only if each of its words is in at least this many passages.
const PRUNE_FROM_PASSAGES: u64 = 20_000;

/// The tantivy query for `clauses`: weighed, pruned if that pays, filtered.
pub(super) fn plan(
    searcher: &Searcher,
    fields: &Fields,
    clauses: &mut [AnalyzedClause],
    options: &SearchOptions,
) -> Result<Box<dyn Query>, SearchError> {
    weigh_clauses(searcher, fields, clauses)?;
    let filter = &options.filter;
    // Only the outermost query is pruned, which for a filtered search is the filter's.
    let prune = !filter.restricts() && many_matches(searcher, fields, clauses)?;
    let parts_alone = lone_rare_compound(searcher, fields, clauses)?;
    Ok(filter.apply(
        fields,
        build_query(fields, clauses, prune, parts_alone, &options.weights),
    ))
}

/// Whether the query is one compound found in fewer passages than a page of results, whole
/// or as a part: then each of its parts alone is looked for too.
fn lone_rare_compound(
    searcher: &Searcher,
    fields: &Fields,
    clauses: &[AnalyzedClause],
) -> tantivy::Result<bool> {
    let [clause] = clauses else {
        return Ok(false);
    };
    let Some(stem) = clause
        .single_term()
        .filter(|_| clause.parts.len() > 1 && clause.occur != Occur::MustNot)
    else {
        return Ok(false);
    };
    let mut passages = 0;
    for field in [fields.text, fields.text_parts] {
        passages += searcher.doc_freq(&Term::from_field_text(field, stem))?;
    }
    Ok(passages < PARTS_ALONE_BELOW)
}

/// BM25's inverse document frequency of a term in `passages` passages of `total`.
fn idf(passages: u64, total: u64) -> Score {
    let (n, total) = (passages as Score, total as Score);
    (1.0 + (total - n + 0.5) / (n + 0.5)).ln()
}

/// Sets each clause's [`AnalyzedClause::idf`] from the index: for a word, its term's; for a
/// phrase, the sum of its terms' (a phrase says more than any of its words). A word found in
/// no passage text (only in titles, subheadings or as a part) counts as found in one.
fn weigh_clauses(
    searcher: &Searcher,
    fields: &Fields,
    clauses: &mut [AnalyzedClause],
) -> tantivy::Result<()> {
    let total = searcher.num_docs().max(1);
    for clause in clauses {
        let mut worth: Score = 0.0;
        for (_, term) in &clause.stemmed {
            let passages = searcher.doc_freq(&Term::from_field_text(fields.text, term))?;
            worth += idf(passages.max(1), total);
        }
        clause.idf = if clause.stemmed.is_empty() {
            1.0
        } else {
            worth
        };
    }
    Ok(())
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
        .filter(|clause| clause.occur != Occur::MustNot)
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

/// A query clause and the terms and phrases whose scores its score adds up.
struct Scored {
    query: Box<dyn Query>,
    leaves: Vec<Bounded>,
    /// How the score adds up the leaves, unless a must clause makes tantivy add differently.
    sum: Option<Sum>,
}

/// A term, or a phrase of terms at their relative positions, in `field`; `None` for no terms
/// (tantivy refuses a phrase of fewer than two terms, and an empty clause matches nothing).
fn terms_query(field: Field, terms: &[(usize, String)], slop: u32) -> Option<Bounded> {
    match terms {
        [] => None,
        [(_, term)] => Some(term_query(field, term)),
        _ => {
            let terms: Vec<(usize, Term)> = terms
                .iter()
                .map(|(position, term)| (*position, Term::from_field_text(field, term)))
                .collect();
            let ceiling = Ceiling::Bm25(terms.iter().map(|(_, term)| term.clone()).collect(), 1.0);
            Some(Bounded {
                query: Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop)),
                ceiling,
            })
        }
    }
}

fn term_query(field: Field, term: &str) -> Bounded {
    let term = Term::from_field_text(field, term);
    Bounded {
        ceiling: Ceiling::Bm25(vec![term.clone()], 1.0),
        query: Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
    }
}

fn boosted(leaf: Bounded, boost: Score) -> Bounded {
    Bounded {
        query: Box::new(BoostQuery::new(leaf.query, boost)),
        ceiling: leaf.ceiling.scaled(boost),
    }
}

/// A should clause of a score that adds up its leaves, `leaf` boosted.
fn boosted_leaf(leaf: Bounded, boost: Score) -> (Scored, tantivy::query::Occur) {
    let leaf = boosted(leaf, boost);
    (
        Scored {
            query: leaf.query.box_clone(),
            leaves: vec![leaf],
            sum: Some(Sum::Leaf(0)),
        },
        tantivy::query::Occur::Should,
    )
}

/// The boolean query of `clauses`, whose scores add up.
fn all_of(clauses: Vec<(Scored, tantivy::query::Occur)>) -> Scored {
    let mut leaves = Vec::new();
    let mut sums = Some(Vec::with_capacity(clauses.len()));
    let mut queries = Vec::with_capacity(clauses.len());
    for (clause, occur) in clauses {
        sums = match (sums, clause.sum, occur) {
            (Some(mut sums), Some(sum), tantivy::query::Occur::Should) => {
                sums.push(sum.shifted(leaves.len()));
                Some(sums)
            }
            _ => None,
        };
        leaves.extend(clause.leaves);
        queries.push((occur, clause.query));
    }
    Scored {
        query: Box::new(BooleanQuery::new(queries)),
        leaves,
        sum: sums.map(Sum::Should),
    }
}

/// Every part of a compound, each as a word of the passage or as a part of one of its
/// compounds (`Mietpreise` holds `Miete` and `Preis` of `Mietpreisbremse`).
fn parts_apart(fields: &Fields, parts: &[String]) -> Bounded {
    use tantivy::query::Occur as T;
    let all: Vec<(T, Box<dyn Query>)> = parts
        .iter()
        .map(|part| {
            let either: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
                (T::Should, term_query(fields.text, part).query),
                (T::Should, term_query(fields.text_parts, part).query),
            ]));
            (T::Must, either)
        })
        .collect();
    // The score adds up each part's BM25 in the text and in the parts of compounds.
    let ceiling = Ceiling::Sum(
        parts
            .iter()
            .flat_map(|part| {
                [fields.text, fields.text_parts]
                    .map(|field| Ceiling::Bm25(vec![Term::from_field_text(field, part)], 1.0))
            })
            .collect(),
    );
    Bounded {
        query: Box::new(BooleanQuery::new(all)),
        ceiling,
    }
}

/// The parts as phrases to find close together: in their order, and for two parts also the
/// other way round (`Betreuung der Kinder`).
fn part_orders(parts: &[String]) -> Vec<Vec<(usize, String)>> {
    let in_order: Vec<(usize, String)> = parts.iter().cloned().enumerate().collect();
    let mut orders = vec![in_order];
    if let [first, second] = parts {
        orders.push(vec![(0, second.clone()), (1, first.clone())]);
    }
    orders
}

/// Where a clause matches: the passage text, its subheading, and the clause's expansions;
/// with `parts_alone`, a compound's parts each alone as well.
fn match_query(
    fields: &Fields,
    clause: &AnalyzedClause,
    weights: &Weights,
    parts_alone: bool,
) -> Scored {
    let mut should: Vec<_> = [
        (terms_query(fields.text, &clause.stemmed, 0), 1.0),
        (
            terms_query(fields.heading, &clause.stemmed, 0),
            weights.heading,
        ),
    ]
    .into_iter()
    .filter_map(|(leaf, boost)| Some(boosted_leaf(leaf?, boost)))
    .collect();
    for alternative in &clause.alternatives {
        should.push(boosted_leaf(
            term_query(fields.text, alternative),
            weights.alternative,
        ));
    }
    if let Some(term) = clause.single_term().filter(|_| clause.in_parts) {
        should.push(boosted_leaf(
            term_query(fields.text_parts, term),
            weights.part,
        ));
    }
    if clause.parts.len() > 1 {
        should.push(boosted_leaf(
            parts_apart(fields, &clause.parts),
            weights.parts_apart,
        ));
        // Each word of a hyphenated word is a word of its own (`Kafka` of `Kafka-Geliebten`),
        // worth what a word as part of a compound is worth.
        if clause.single_term().is_none() {
            for part in &clause.parts {
                should.push(boosted_leaf(term_query(fields.text, part), weights.part));
            }
        } else if parts_alone {
            // A rare compound alone: each part alone too, weakly (a query that finds nothing
            // is the worst answer).
            for part in &clause.parts {
                for field in [fields.text, fields.text_parts] {
                    should.push(boosted_leaf(term_query(field, part), weights.part_alone));
                }
            }
        }
        for order in part_orders(&clause.parts) {
            if let Some(near) = terms_query(fields.text, &order, NEAR_SLOP) {
                should.push(boosted_leaf(near, weights.parts_near));
            }
        }
    }
    if let Some(sound) = &clause.sound {
        should.push(boosted_leaf(term_query(fields.names, sound), weights.sound));
    }
    all_of(should)
}

/// What a must-not clause excludes. A phrase is excluded where all its words stand in the
/// text or all in the subheading, not only as a phrase: tantivy 0.27's exclusion seeks a
/// phrase scorer backwards (its `seek_danger` asserts, found by the property test with
/// `Wann -Rendi-Wagner`), so no phrase is put under a must-not.
fn excluded_query(fields: &Fields, clause: &AnalyzedClause, weights: &Weights) -> Box<dyn Query> {
    use tantivy::query::Occur as T;
    if clause.stemmed.len() < 2 {
        return match_query(fields, clause, weights, false).query;
    }
    let all_in = |field: Field| -> Box<dyn Query> {
        Box::new(BooleanQuery::new(
            clause
                .stemmed
                .iter()
                .map(|(_, term)| (T::Must, term_query(field, term).query))
                .collect(),
        ))
    };
    Box::new(BooleanQuery::new(vec![
        (T::Should, all_in(fields.text)),
        (T::Should, all_in(fields.heading)),
    ]))
}

/// The whole query: what must, may and must not match, plus the ranking preferences.
/// A [`PrunedQuery`] if `prune` says it pays, else a query scored exhaustively.
fn build_query(
    fields: &Fields,
    clauses: &[AnalyzedClause],
    prune: bool,
    parts_alone: bool,
    weights: &Weights,
) -> Box<dyn Query> {
    use tantivy::query::Occur as T;
    let positive: Vec<&AnalyzedClause> = clauses
        .iter()
        .filter(|clause| clause.occur != Occur::MustNot)
        .collect();

    let retrieval: Vec<(Scored, T)> = positive
        .iter()
        .map(|clause| {
            let occur = if clause.occur == Occur::Must {
                T::Must
            } else {
                T::Should
            };
            (match_query(fields, clause, weights, parts_alone), occur)
        })
        .collect();
    let retrieval = all_of(retrieval);
    let excluded = clauses
        .iter()
        .filter(|c| c.occur == Occur::MustNot)
        .map(|clause| excluded_query(fields, clause, weights))
        .collect();

    let mut bonuses: Vec<Bounded> = Vec::new();
    let bonus = |clause: Bounded, score: Score| Bounded {
        query: Box::new(ConstScoreQuery::new(clause.query, score)),
        ceiling: clause.ceiling.constant(score),
    };
    // Coverage says "all the words over some" for a short query; over a sentence's many words
    // it would count how many of them a passage holds, which favours long passages, so its
    // share shrinks as the query grows (with the square root of 4 / words: fitted on the tune
    // halves against 2, 3, 6, 8 words and a share of 4 / words itself).
    let coverage_share = (COVERAGE_FULL_WORDS as Score / positive.len() as Score)
        .min(1.0)
        .sqrt();
    for clause in &positive {
        if positive.len() > 1 {
            let worth = weights.coverage * clause.idf * coverage_share;
            let coverage = Bounded {
                query: match_query(fields, clause, weights, false).query,
                ceiling: Ceiling::Constant(worth),
            };
            bonuses.push(bonus(coverage, worth));
        }
        if let Some(exact) = terms_query(fields.text_exact, &clause.exact, 0) {
            bonuses.push(boosted(exact, weights.exact));
        }
        if let Some(title) = terms_query(fields.title, &clause.stemmed, 0) {
            bonuses.push(boosted(title, weights.title));
        }
    }

    // Proximity between single words, at their distance in the query, worth what the words
    // are worth.
    let words: Vec<(usize, String, Score)> = positive
        .iter()
        .filter_map(|clause| {
            Some((
                clause.position,
                clause.single_term()?.to_string(),
                clause.idf,
            ))
        })
        .collect();
    if words.len() > 1 {
        let phrase: Vec<(usize, String)> = words.iter().map(|(p, t, _)| (*p, t.clone())).collect();
        let worth: Score = words.iter().map(|(_, _, idf)| idf).sum();
        bonuses
            .extend(terms_query(fields.text, &phrase, 0).map(|q| bonus(q, weights.phrase * worth)));
        for pair in words.windows(2) {
            let worth = weights.near * (pair[0].2 + pair[1].2);
            let pair = [(0, pair[0].1.clone()), (1, pair[1].1.clone())];
            bonuses.extend(terms_query(fields.text, &pair, NEAR_SLOP).map(|q| bonus(q, worth)));
        }
    }
    // Two query words as parts of one compound (`Krise Flüchtlinge` in `Flüchtlingskrise`)
    // stand as close as words can.
    let part_words: Vec<(&str, Score)> = positive
        .iter()
        .filter(|clause| clause.in_parts)
        .filter_map(|clause| Some((clause.single_term()?, clause.idf)))
        .collect();
    for (i, (first, first_idf)) in part_words.iter().enumerate() {
        for (second, second_idf) in &part_words[i + 1..] {
            if first != second {
                let worth = weights.near * (first_idf + second_idf);
                let same_place = [(0, first.to_string()), (0, second.to_string())];
                bonuses.extend(
                    terms_query(fields.text_parts, &same_place, 0).map(|q| bonus(q, worth)),
                );
            }
        }
    }
    let query = PrunedQuery::new(
        retrieval.query,
        excluded,
        retrieval.leaves,
        retrieval.sum,
        bonuses,
    );
    // With several words, each word's coverage bonus is a union of its own and the phrase and
    // near bonuses come on top: few passages can be skipped, and seeking all these clauses
    // passage by passage cost more than it saved (two- and three-word queries on the 1M-article
    // index: p95 up by a fifth to a half). They are scored exhaustively, as before.
    if positive.len() > 1 || !prune {
        Box::new(query.into_plain())
    } else {
        Box::new(query)
    }
}
