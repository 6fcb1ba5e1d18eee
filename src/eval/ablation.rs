//! The configurations `archivar eval` compares, as data: the baselines without archivar's
//! query plan, then the ablation, each row adding one step of analysis or expansion to the row
//! above it, ending in the configuration a user gets.

use crate::analysis::Analysis;
use crate::search::Expansions;

/// What ranks the passages of a configuration.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum System {
    /// archivar's search on an index of this analysis level, with these expansions.
    Archivar(Analysis, Expansions),
    /// tantivy alone: its default tokenizer, BM25 over title and text, the query's words as
    /// optional terms, no archivar query plan.
    PlainBm25,
    /// archivar's full analysis (folded index) but no query plan: BM25 of the query's stemmed
    /// terms over text, subheading and title, as optional terms.
    AnalysedBm25,
}

/// One row of the table.
pub struct Configuration {
    pub label: &'static str,
    pub system: System,
}

const fn archivar(analysis: Analysis, compounds: bool, names: bool, typos: bool) -> System {
    System::Archivar(
        analysis,
        Expansions {
            compounds,
            names,
            typos,
        },
    )
}

/// The ablation, each step adding one thing to the row above it, and the baselines.
pub const CONFIGURATIONS: [Configuration; 9] = [
    Configuration {
        label: "baseline: tantivy BM25, default tokenizer, no query plan",
        system: System::PlainBm25,
    },
    Configuration {
        label: "BM25 with archivar's analysis, no query plan",
        system: System::AnalysedBm25,
    },
    Configuration {
        label: "Elasticsearch-like `german` analysis (light stemmer)",
        system: archivar(Analysis::Light, false, false, false),
    },
    Configuration {
        label: "archivar plan, tantivy default tokenizer",
        system: archivar(Analysis::Plain, false, false, false),
    },
    Configuration {
        label: "+ stemming (Snowball, stop words)",
        system: archivar(Analysis::Stemmed, false, false, false),
    },
    Configuration {
        label: "+ folding",
        system: archivar(Analysis::Folded, false, false, false),
    },
    Configuration {
        label: "+ compounds",
        system: archivar(Analysis::Folded, true, false, false),
    },
    Configuration {
        label: "+ names",
        system: archivar(Analysis::Folded, true, true, false),
    },
    Configuration {
        label: "+ typos (the default)",
        system: archivar(Analysis::Folded, true, true, true),
    },
];

/// The configuration a user gets.
pub const DEFAULT: System = System::Archivar(Analysis::Folded, Expansions::DEFAULT);
