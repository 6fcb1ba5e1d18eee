//! What a search may be told: how many results and how they are cut, which expansions it may
//! use, and what each kind of evidence is worth. This module holds settings, not behaviour.

use super::Filter;
use tantivy::Score;

/// How many results, from where, and how they are cut.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    pub limit: usize,
    pub offset: usize,
    /// At most this many passages of one article in the results.
    pub per_article: usize,
    /// Show every version of a story (near-identical copies of an article) as a result of its
    /// own; by default a story is shown once, by its best-scoring version.
    pub all_versions: bool,
    /// Snippet length in characters.
    pub snippet_chars: usize,
    /// Expansions beyond the words as written.
    pub expansions: Expansions,
    /// Which passages may match at all.
    pub filter: Filter,
    /// What each kind of evidence is worth in the ranking.
    pub weights: Weights,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            per_article: 2,
            all_versions: false,
            snippet_chars: 240,
            expansions: Expansions::DEFAULT,
            filter: Filter::default(),
            weights: Weights::default(),
        }
    }
}

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
    /// A compound's part alone, in the text or in another compound, for a query of that one
    /// compound when it is rare: a passage on the same thing is better than no answer
    /// (`Stromausfall` finds `Stromversorgung`).
    pub part_alone: Score,
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
        part_alone: 0.1,
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
