//! archivar: a search engine for German-language news archives.
//!
//! Data flows one way: [`crawl`] reads files into articles, [`analysis`] turns text into German
//! search terms, [`index`] stores passages in a tantivy index, and [`search`] answers queries
//! with ranked, highlighted passages. [`json`] gives results the shapes that both the
//! command line's `--json` and the web API of [`server`] print. The command-line front end lives
//! in the binary.

pub mod analysis;
pub mod crawl;
pub mod eval;
pub mod index;
pub mod json;
/// Person detection lives beside the analyzer (`src/analysis/people/`) but keeps its own path,
/// `archivar::people`, which the indexer and the evaluation use.
#[path = "analysis/people/mod.rs"]
pub mod people;
pub mod search;
pub mod server;
