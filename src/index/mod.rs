//! The passage index: schema, incremental building from a crawl, and opening for search.
//!
//! An index folder holds tantivy's files plus two of archivar's:
//! - `archivar.json`: the format version and the crawl roots, read when the index is opened;
//! - `manifest.json`: every indexed file with its size, modification time, content hash and
//!   counts, rewritten after each commit, so it never claims more than the index holds;
//! - `stories.json`: which articles are copies of one story ([`stories`]), derived from the
//!   content signatures ([`signature`]) the index holds, and made again when it is stale.
//!
//! A build re-reads only new and changed files (a touched file with the same content hash costs
//! no re-indexing), removes the articles of files that are gone, and commits every few seconds.
//! Every file's passages are deleted before they are added again, so a build cut off at any point
//! (Ctrl-C, `kill -9`) leaves the last commit searchable and the next build completes the work
//! with every article in the index exactly once. Only one build may run on an index at a time;
//! searches go on meanwhile. Files are read, parsed and analysed on every core ([`pipeline`]),
//! each passage in one pass for all its fields ([`document`]); what reaches the index, and
//! when, is decided on the build's own thread ([`build`]). [`meta`] reads and writes
//! `archivar.json`, [`manifest`] the manifest, [`schema`] names the fields, [`directory`] reads
//! segment files for searches. This file opens an index for searching. This module does not
//! parse queries or rank results.

mod article_id;
mod build;
mod directory;
mod document;
mod manifest;
mod meta;
mod pipeline;
mod schema;
mod signature;
mod stories;

pub use article_id::ArticleId;
pub use build::{build, build_analysed_by_tantivy, BuildEvent, BuildOptions, BuildReport};
pub use document::person_keys;
pub use meta::{read_meta, IndexMeta};
pub use schema::Fields;
pub use signature::{Signature, SignatureBuilder};
pub use stories::{StoryMap, Version, STORY_SIMILARITY};

use crate::analysis::{self, Analysis};
use crate::crawl;
use directory::SearchDirectory;
use manifest::Manifest;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tantivy::schema::Schema;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, Searcher, TantivyError};

/// Version of the on-disk layout and of the analysis that made its terms; an index with another
/// version must be rebuilt. Bump it whenever the schema or any analyzer (including the compound
/// lexicon) changes what terms a text gets.
pub const FORMAT_VERSION: u32 = 8;

const MANIFEST_FILE: &str = "manifest.json";
/// tantivy's own description of the index, its schema included.
const TANTIVY_META_FILE: &str = "meta.json";
/// Files that may sit in an index folder without being part of an index.
const KEPT_FILES: [&str; 2] = ["README.md", ".gitignore"];
/// Memory budget of the tantivy writer, shared by its threads (when the index is only locked).
const WRITER_MEMORY_BYTES: usize = 256 * 1024 * 1024;

/// Errors while building or opening an index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("no index in {dir}: build one with `archivar index PATH --index {dir}`")]
    Missing { dir: PathBuf },
    #[error("{dir} is not empty and holds no archivar index: choose another folder with --index")]
    NotAnIndex { dir: PathBuf },
    #[error("the index in {dir} was written by an incompatible archivar version (format {found}, this version reads format {FORMAT_VERSION}): rebuild it with `archivar index --full PATH --index {dir}`")]
    Incompatible { dir: PathBuf, found: u32 },
    #[error("the index in {dir} has other fields than this archivar version writes (it was built by a version of the same format with another schema): rebuild it with `archivar index --full PATH --index {dir}`")]
    SchemaChanged { dir: PathBuf },
    #[error("the index in {dir} is locked by another archivar process that is indexing: wait for it to finish (searching works meanwhile)")]
    Locked { dir: PathBuf },
    #[error(
        "the index in {dir} was built with another analysis: rebuild it with --full to change it"
    )]
    AnalysisChange { dir: PathBuf },
    #[error("the index in {dir} was built {was} person detection: rebuild it with --full to change that, or leave {flag} out")]
    PeopleChange {
        dir: PathBuf,
        was: &'static str,
        flag: &'static str,
    },
    #[error("{memory} bytes of indexing memory are too little for {threads} threads: each needs at least 15 MB; raise --memory or lower --threads")]
    TooLittleMemory { memory: usize, threads: usize },
    #[error("{path} does not exist: give a folder or file to index")]
    RootMissing { path: PathBuf },
    #[error("{action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is damaged ({source}): rebuild the index with `archivar index --full`")]
    BadMeta {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("index error: {0}")]
    Tantivy(#[from] TantivyError),
}

/// An opened passage index, ready to search.
pub struct ArchiveIndex {
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    pub meta: IndexMeta,
    /// The analyzer of the stemmed fields, for analysing queries and snippets.
    pub stemmed: TextAnalyzer,
    /// The analyzer of the exact fields.
    pub exact: TextAnalyzer,
    /// The analyzer of compound parts.
    pub parts: TextAnalyzer,
    /// The analyzer of name sounds.
    pub sounds: TextAnalyzer,
    /// The index folder.
    pub dir: PathBuf,
    /// The story map of the last searcher asked about.
    stories: Mutex<Option<Arc<StoryMap>>>,
}

impl ArchiveIndex {
    /// Opens the index in `dir` for searching.
    pub fn open(dir: &Path) -> Result<ArchiveIndex, IndexError> {
        let missing = || IndexError::Missing {
            dir: dir.to_path_buf(),
        };
        let meta = read_meta(dir)?.ok_or_else(missing)?;
        let (schema, fields) = Fields::schema();
        let index =
            open_tantivy(dir, Purpose::Search, &schema, meta.analysis)?.ok_or_else(|| {
                // archivar.json is there, so a missing index of tantivy's is one of another schema.
                if dir.join(TANTIVY_META_FILE).exists() {
                    IndexError::SchemaChanged {
                        dir: dir.to_path_buf(),
                    }
                } else {
                    missing()
                }
            })?;
        let reader = index.reader()?;
        let analyzer = |name| {
            index.tokenizers().get(name).ok_or_else(|| {
                TantivyError::InternalError(format!("analyzer {name} is not registered"))
            })
        };
        Ok(ArchiveIndex {
            stemmed: analyzer(analysis::STEMMED)?,
            exact: analyzer(analysis::EXACT)?,
            parts: analyzer(analysis::PARTS)?,
            sounds: analyzer(analysis::SOUNDS)?,
            index,
            reader,
            fields,
            meta,
            dir: dir.to_path_buf(),
            stories: Mutex::new(None),
        })
    }

    /// Which articles are versions of one story, as `searcher` sees the index.
    pub fn stories(&self, searcher: &Searcher) -> tantivy::Result<Arc<StoryMap>> {
        let mut last = self
            .stories
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(map) = last.as_ref().filter(|map| map.is_of(searcher)) {
            return Ok(Arc::clone(map));
        }
        let map = Arc::new(stories::stories(&self.dir, searcher, &self.fields)?);
        *last = Some(Arc::clone(&map));
        Ok(map)
    }
}

fn read_manifest(dir: &Path) -> Result<Manifest, IndexError> {
    manifest::read(&dir.join(MANIFEST_FILE))
}

/// Whether the index in `dir` was built from exactly `roots` and a file under them was added,
/// removed or modified since (by size and modification time; no file is read).
pub fn is_stale(dir: &Path, roots: &[PathBuf]) -> Result<bool, IndexError> {
    let Some(meta) = read_meta(dir)? else {
        return Ok(true);
    };
    if meta.roots != roots {
        return Ok(true);
    }
    let manifest = read_manifest(dir)?;
    let listing = crawl::list_files(roots);
    let indexed = listing
        .files
        .iter()
        .filter(|file| {
            manifest
                .get(file.path.as_path())
                .is_some_and(|entry| entry.has_stamp(file))
        })
        .count();
    Ok(indexed != listing.files.len() || indexed != manifest.len())
}

/// What an index is opened for, which decides how its files are read.
#[derive(Clone, Copy)]
enum Purpose {
    Search,
    Build,
}

/// Opens tantivy's index in `dir` with the analyzers registered: `None` if there is none, or
/// if it was made with another schema. A search reads it through a [`SearchDirectory`], which
/// keeps the process small; a build through tantivy's usual `MmapDirectory`.
fn open_tantivy(
    dir: &Path,
    purpose: Purpose,
    schema: &Schema,
    analysis: Analysis,
) -> Result<Option<Index>, IndexError> {
    if !dir.join(TANTIVY_META_FILE).exists() {
        return Ok(None);
    }
    let index = match purpose {
        Purpose::Search => Index::open(SearchDirectory::open(dir).map_err(TantivyError::from)?)?,
        Purpose::Build => Index::open_in_dir(dir)?,
    };
    if index.schema() != *schema {
        return Ok(None);
    }
    analysis::register(index.tokenizers(), analysis);
    Ok(Some(index))
}
