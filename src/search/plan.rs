//! From parsed clauses to a tantivy query: analysis of each clause, its expansions (compound
//! parts, name sounds, spelling corrections), and the ranking preferences as query clauses.

use super::prune::{Bounded, Ceiling, PrunedQuery, Sum};
use super::query::{Clause, Occur};
use super::QueryError;
use crate::analysis::{self, cologne_key, AnalyzedToken};
use crate::index::{ArchiveIndex, Fields};
use std::collections::HashMap;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, PhraseQuery, Query, QueryClone, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Score, Term};

/// How far apart (in words) two query words may stand and still count as close.
const NEAR_SLOP: u32 = 6;

/// What each kind of evidence is worth. The evidence of a query word is weighted by what the
/// word is worth, its inverse document frequency (IDF, as in BM25): a passage that holds a
/// query's rare, telling words outranks one that holds its common ones, in every part of the
/// score. The factors are fitted on the tune halves of the dev sets (`archivar eval --fit`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Per query word a passage contains (in any field or expansion), times its IDF: a
    /// coordination bonus on top of BM25, so that all words tend to beat some.
    pub coverage: Score,
    /// For all the query's words as a phrase, times their summed IDF.
    pub phrase: Score,
    /// Per pair of neighbouring query words within a few words of each other (or parts of one
    /// compound), times the pair's summed IDF.
    pub near: Score,
    /// BM25 of the query words in their exact written form (the unstemmed text field),
    /// relative to the stemmed text: the form's own IDF weighs it.
    pub exact: Score,
    /// BM25 of the article's title and the passage's subheading, relative to its text.
    pub title: Score,
    pub heading: Score,
    /// Expansions, relative to a match of the word itself: the word as a part of a compound;
    /// a compound's parts anywhere, and again when close; a name's sound; a likely correction.
    pub part: Score,
    pub parts_apart: Score,
    pub parts_near: Score,
    pub sound: Score,
    pub alternative: Score,
}

impl Default for Weights {
    fn default() -> Self {
        Weights::FITTED
    }
}

impl Weights {
    /// The weights fitted on the tune halves (`archivar eval --fit`, from coverage 2, phrase
    /// 0.5, near 0.25, exact 0.5, part 0.6, parts apart 0.4: tune mean 0.852 → 0.866). An
    /// expansion is worth at most the word itself (the fit may not raise it above 1: it chose
    /// 2.4 for `part`, for +0.002, which put `Bündniswahl` above `Bündnisses` for
    /// `Bündnisse`). The title's weight is not fitted: the dev sets' articles are one
    /// paragraph each, with no title of their own, so nothing in them can tell what a title
    /// match is worth.
    pub const FITTED: Weights = Weights {
        coverage: 4.0,
        phrase: 0.5,
        near: 1.0,
        exact: 2.0,
        title: 2.0,
        heading: 0.5,
        part: 0.6,
        parts_apart: 0.8,
        parts_near: 0.4,
        sound: 0.3,
        alternative: 0.5,
    };
}

/// Which expansions a search may use beyond the words as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expansions {
    /// Match compound parts: `Erweiterung` finds `Osterweiterung`, `Osterweiterung` finds
    /// `Ost-Erweiterung`.
    pub compounds: bool,
    /// Match names by sound: `Lavrov` finds `Lawrow`.
    pub names: bool,
    /// Retry a word that matches nothing with its closest spelling in the index.
    pub typos: bool,
}

impl Expansions {
    pub const ALL: Expansions = Expansions {
        compounds: true,
        names: true,
        typos: true,
    };
    /// What a search uses unless told otherwise.
    pub const DEFAULT: Expansions = Expansions::ALL;
    pub const NONE: Expansions = Expansions {
        compounds: false,
        names: false,
        typos: false,
    };
}

/// The analyzers of an index, owned for one search.
pub(super) struct Analyzers {
    pub stemmed: TextAnalyzer,
    pub exact: TextAnalyzer,
    pub parts: TextAnalyzer,
    pub sounds: TextAnalyzer,
    /// Words only, for marking matches in the full analysis's fast path.
    pub words: TextAnalyzer,
    /// Whether the index has the full analysis (which the fast path of snippets reproduces).
    pub full_analysis: bool,
}

impl Analyzers {
    pub fn of(index: &ArchiveIndex) -> Analyzers {
        Analyzers {
            stemmed: index.stemmed.clone(),
            exact: index.exact.clone(),
            parts: index.parts.clone(),
            sounds: index.sounds.clone(),
            words: analysis::words_analyzer(),
            full_analysis: index.meta.analysis == analysis::Analysis::Folded,
        }
    }
}

/// One clause of a query, analysed.
#[derive(Debug, Clone)]
pub(super) struct AnalyzedClause {
    pub occur: Occur,
    /// The clause as written.
    pub text: String,
    /// Stemmed terms with their positions relative to the clause's first word.
    pub stemmed: Vec<(usize, String)>,
    pub exact: Vec<(usize, String)>,
    /// Position of the clause's first word in the whole query.
    pub position: usize,
    /// Whether expansions apply: a plain word, not a phrase or a required word.
    pub expandable: bool,
    /// Whether the word is also looked for among the parts of compounds.
    pub in_parts: bool,
    /// The stemmed parts of the word, if it is a compound.
    pub parts: Vec<String>,
    /// The word's sound key, for name variants.
    pub sound: Option<String>,
    /// Other stemmed spellings to match too, weaker (a likely correction of a rare word).
    pub alternatives: Vec<String>,
    /// What the clause's evidence is worth: the IDF of its term in the passage text, summed
    /// over a phrase's terms (see [`weigh_clauses`]); 1 until weighed.
    pub idf: Score,
}

impl AnalyzedClause {
    /// The single stemmed term of a one-word clause.
    pub fn single_term(&self) -> Option<&str> {
        match self.stemmed.as_slice() {
            [(_, term)] => Some(term),
            _ => None,
        }
    }

    /// Replaces the clause's word by `word` (a correction), keeping its place in the query;
    /// `false` (and the clause unchanged) if `word` is not one searchable word.
    pub fn respell(&mut self, word: &str, analyzers: &mut Analyzers) -> bool {
        let expansions = Expansions {
            compounds: self.in_parts,
            names: self.sound.is_some(),
            typos: false,
        };
        let mut respelled = analyze_clause(
            &Clause {
                occur: self.occur,
                text: word.to_string(),
                phrase: false,
            },
            self.position,
            analyzers,
            expansions,
        );
        if respelled.single_term().is_none() {
            return false;
        }
        respelled.text = self.text.clone();
        *self = respelled;
        true
    }
}

fn pairs(tokens: Vec<AnalyzedToken>) -> Vec<(usize, String)> {
    tokens.into_iter().map(|t| (t.position, t.term)).collect()
}

fn analyze_clause(
    clause: &Clause,
    position: usize,
    analyzers: &mut Analyzers,
    expansions: Expansions,
) -> AnalyzedClause {
    let stemmed = pairs(analysis::analyze(&mut analyzers.stemmed, &clause.text));
    let exact = pairs(analysis::analyze(&mut analyzers.exact, &clause.text));
    let expandable = !clause.phrase && clause.occur == Occur::Should && stemmed.len() == 1;
    let in_parts = expandable && expansions.compounds;
    let parts = if in_parts {
        analysis::analyze(&mut analyzers.parts, &clause.text)
            .into_iter()
            .map(|token| token.term)
            .collect()
    } else {
        Vec::new()
    };
    // A common noun (`Regierung`) has no name variants, only words that happen to sound alike.
    let common_noun =
        || analysis::word_info(&analysis::fold_german(&clause.text)).is_some_and(|info| info.noun);
    let sound = (expandable && expansions.names && !common_noun())
        .then(|| cologne_key(&clause.text))
        .filter(|key| key.len() >= 3);
    AnalyzedClause {
        occur: clause.occur,
        text: clause.text.clone(),
        stemmed,
        exact,
        position,
        expandable,
        in_parts,
        parts,
        sound,
        alternatives: Vec::new(),
        idf: 1.0,
    }
}

/// BM25's inverse document frequency of a term in `passages` passages of `total`.
fn idf(passages: u64, total: u64) -> Score {
    let (n, total) = (passages as Score, total as Score);
    (1.0 + (total - n + 0.5) / (n + 0.5)).ln()
}

/// Sets each clause's [`AnalyzedClause::idf`] from the index: for a word, its term's; for a
/// phrase, the sum of its terms' (a phrase says more than any of its words). A word found in
/// no passage text (only in titles, subheadings or as a part) counts as found in one.
pub(super) fn weigh_clauses(
    searcher: &tantivy::Searcher,
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

/// Analyses the clauses; refuses a query with nothing left to search for.
pub(super) fn analyze_clauses(
    clauses: &[Clause],
    analyzers: &mut Analyzers,
    expansions: Expansions,
) -> Result<Vec<AnalyzedClause>, QueryError> {
    let mut analyzed = Vec::new();
    let mut unsearchable = Vec::new();
    let mut position = 0;
    for clause in clauses {
        let clause_analysis = analyze_clause(clause, position, analyzers, expansions);
        let words = clause.text.split_whitespace().count().max(1);
        position += clause_analysis
            .stemmed
            .last()
            .map_or(words, |(last, _)| last + 1)
            .max(words);
        if clause_analysis.stemmed.is_empty() {
            if clause.occur != Occur::MustNot {
                unsearchable.push(format!("`{}`", clause.text));
            }
            continue;
        }
        analyzed.push(clause_analysis);
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
    Bounded {
        query: Box::new(BooleanQuery::new(all)),
        // A sum of BM25 scores of several fields: no bound is kept, so it is never set aside.
        ceiling: Ceiling::Constant(Score::INFINITY),
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

/// Where a clause matches: the passage text, its subheading, and the clause's expansions.
fn match_query(fields: &Fields, clause: &AnalyzedClause, weights: &Weights) -> Scored {
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
        return match_query(fields, clause, weights).query;
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
pub(super) fn build_query(
    fields: &Fields,
    clauses: &[AnalyzedClause],
    prune: bool,
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
            (match_query(fields, clause, weights), occur)
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
    for clause in &positive {
        if positive.len() > 1 {
            let worth = weights.coverage * clause.idf;
            let coverage = Bounded {
                query: match_query(fields, clause, weights).query,
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

/// What marks a word as matched in a snippet: its stem, a compound part's stem, or its sound;
/// each with the number of the query clause it stands for.
#[derive(Debug, Default)]
pub(super) struct Highlights {
    pub stems: HashMap<String, usize>,
    pub sounds: HashMap<String, usize>,
    pub parts: bool,
}

impl Highlights {
    pub fn of(clauses: &[AnalyzedClause], expansions: Expansions) -> Highlights {
        let mut highlights = Highlights {
            parts: expansions.compounds,
            ..Highlights::default()
        };
        for (number, clause) in clauses
            .iter()
            .filter(|c| c.occur != Occur::MustNot)
            .enumerate()
        {
            let stems = clause
                .stemmed
                .iter()
                .map(|(_, term)| term)
                .chain(&clause.parts)
                .chain(&clause.alternatives);
            for term in stems {
                highlights.stems.entry(term.clone()).or_insert(number);
            }
            if let Some(sound) = &clause.sound {
                highlights.sounds.entry(sound.clone()).or_insert(number);
            }
        }
        highlights
    }
}

impl Highlights {
    /// Byte ranges in `text` of the words to mark, each with its clause number.
    pub fn find(
        &self,
        text: &str,
        analyzers: &mut Analyzers,
    ) -> Vec<(std::ops::Range<usize>, usize)> {
        if analyzers.full_analysis {
            return self.find_fast(text, analyzers);
        }
        let mut found = Vec::new();
        let mut mark = |analyzer: &mut TextAnalyzer, terms: &HashMap<String, usize>| {
            for token in analysis::analyze(analyzer, text) {
                if let Some(&clause) = terms.get(&token.term) {
                    found.push((token.offsets, clause));
                }
            }
        };
        mark(&mut analyzers.stemmed, &self.stems);
        if self.parts {
            mark(&mut analyzers.parts, &self.stems);
        }
        if !self.sounds.is_empty() {
            mark(&mut analyzers.sounds, &self.sounds);
        }
        found
    }

    /// The same as the analyzers would find, in one pass over the words: a word is stemmed or
    /// split only if a wanted stem could be in it (stems are prefixes of the folded word, and
    /// parts stand inside it), so most words cost a fold and a few comparisons.
    fn find_fast(
        &self,
        text: &str,
        analyzers: &mut Analyzers,
    ) -> Vec<(std::ops::Range<usize>, usize)> {
        let mut found = Vec::new();
        for token in analysis::analyze(&mut analyzers.words, text) {
            let folded = analysis::fold_german(&text[token.offsets.clone()]);
            let mut clause = None;
            if self
                .stems
                .keys()
                .any(|stem| folded.starts_with(stem.as_str()))
                && !analysis::is_stop_word(&folded)
            {
                clause = self.stems.get(&analysis::stem_german(&folded)).copied();
            }
            if clause.is_none()
                && self.parts
                && self.stems.keys().any(|stem| folded.contains(stem.as_str()))
            {
                clause = analysis::cached_split(&folded).and_then(|parts| {
                    parts
                        .iter()
                        .find_map(|part| self.stems.get(&analysis::stem_german(part)).copied())
                });
            }
            if clause.is_none() && !self.sounds.is_empty() {
                let word = &text[token.offsets.clone()];
                if word.chars().next().is_some_and(char::is_uppercase) {
                    clause = self.sounds.get(&cologne_key(word)).copied();
                }
            }
            if let Some(clause) = clause {
                found.push((token.offsets, clause));
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyzers(full_analysis: bool) -> Analyzers {
        Analyzers {
            stemmed: analysis::stemmed_analyzer(),
            exact: analysis::exact_analyzer(),
            parts: analysis::parts_analyzer(),
            sounds: analysis::sounds_analyzer(),
            words: analysis::words_analyzer(),
            full_analysis,
        }
    }

    #[test]
    fn the_fast_path_marks_what_the_analyzers_mark() {
        let text = include_str!("../../corpus/seed/2022-01-genf-blinken-lawrow.txt");
        for query in [
            "Nato Osterweiterung",
            "Erweiterung Lavrov",
            "Bündnisse Außenminister",
            "Krise Sicherheit",
        ] {
            let clauses: Vec<Clause> = query
                .split(' ')
                .map(|word| Clause {
                    occur: Occur::Should,
                    text: word.to_string(),
                    phrase: false,
                })
                .collect();
            let mut slow = analyzers(false);
            let analysed = analyze_clauses(&clauses, &mut slow, Expansions::ALL).unwrap();
            let highlights = Highlights::of(&analysed, Expansions::ALL);
            let mut expected = highlights.find(text, &mut slow);
            let mut fast = highlights.find(text, &mut analyzers(true));
            expected.sort_by_key(|(range, _)| range.start);
            expected.dedup_by_key(|(range, _)| range.start);
            fast.sort_by_key(|(range, _)| range.start);
            assert_eq!(fast, expected, "{query}");
            assert!(!fast.is_empty(), "{query}");
        }
    }
}
