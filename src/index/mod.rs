//! The passage index: schema, building from a crawl, and opening for search.
//!
//! An index folder holds tantivy's files plus `archivar.json`, which records the format version,
//! the crawl roots and the files (size, modification time) the index was built from, so a caller
//! can tell whether the index is stale. Building replaces the index's contents in one commit:
//! until that commit, searches see the previous contents, and a failed build loses nothing.
//! This module does not parse queries or rank results.

mod schema;

pub use schema::Fields;

use crate::analysis;
use crate::crawl::{self, Article, FileStamp, Skipped};
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tantivy::schema::Schema;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DateTime, Index, IndexReader, IndexWriter, TantivyDocument};

/// Version of the on-disk layout; an index with another version must be rebuilt.
pub const FORMAT_VERSION: u32 = 1;

const META_FILE: &str = "archivar.json";
/// Files that may sit in an index folder without being part of an index.
const KEPT_FILES: [&str; 2] = ["README.md", ".gitignore"];
/// Memory budget of the tantivy writer, shared by its threads.
const WRITER_MEMORY_BYTES: usize = 256 * 1024 * 1024;

/// Errors while building or opening an index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("no index in {dir}: build one with `archivar index PATH --index {dir}`")]
    Missing { dir: PathBuf },
    #[error("{dir} is not empty and holds no archivar index: choose another folder with --index")]
    NotAnIndex { dir: PathBuf },
    #[error("the index in {dir} has format {found}, this archivar reads format {FORMAT_VERSION}: rebuild it with `archivar index PATH --index {dir}`")]
    Incompatible { dir: PathBuf, found: u32 },
    #[error("{path} does not exist: give a folder or file to index")]
    RootMissing { path: PathBuf },
    #[error("{action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is damaged ({source}): rebuild the index with `archivar index`")]
    BadMeta {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

/// What `archivar.json` records about an index.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndexMeta {
    pub format: u32,
    /// The folders and files the index was built from, as given.
    pub roots: Vec<PathBuf>,
    /// The article files found when the index was built.
    pub files: Vec<FileStamp>,
}

impl IndexMeta {
    /// Whether the files under `roots` are still exactly those the index was built from.
    pub fn is_current(&self, roots: &[PathBuf]) -> bool {
        self.roots == roots && crawl::list_files(roots).files == self.files
    }
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
}

impl ArchiveIndex {
    /// Opens the index in `dir` for searching.
    pub fn open(dir: &Path) -> Result<ArchiveIndex, IndexError> {
        let meta = read_meta(dir)?.ok_or_else(|| IndexError::Missing {
            dir: dir.to_path_buf(),
        })?;
        let (schema, fields) = Fields::schema();
        let index = open_tantivy(dir, &schema)?.ok_or_else(|| IndexError::Missing {
            dir: dir.to_path_buf(),
        })?;
        let reader = index.reader()?;
        let analyzer = |name| {
            index.tokenizers().get(name).ok_or(IndexError::Tantivy(
                tantivy::TantivyError::InternalError(format!("analyzer {name} is not registered")),
            ))
        };
        Ok(ArchiveIndex {
            stemmed: analyzer(analysis::STEMMED)?,
            exact: analyzer(analysis::EXACT)?,
            index,
            reader,
            fields,
            meta,
        })
    }
}

/// Reads `archivar.json`: `None` when the folder holds no index.
pub fn read_meta(dir: &Path) -> Result<Option<IndexMeta>, IndexError> {
    let path = dir.join(META_FILE);
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(IndexError::Io {
                action: "reading",
                path,
                source,
            })
        }
    };
    #[derive(Deserialize)]
    struct Version {
        format: u32,
    }
    let version: Version =
        serde_json::from_slice(&bytes).map_err(|source| IndexError::BadMeta {
            path: path.clone(),
            source,
        })?;
    if version.format != FORMAT_VERSION {
        return Err(IndexError::Incompatible {
            dir: dir.to_path_buf(),
            found: version.format,
        });
    }
    let meta =
        serde_json::from_slice(&bytes).map_err(|source| IndexError::BadMeta { path, source })?;
    Ok(Some(meta))
}

/// Opens tantivy's index in `dir` with the analyzers registered: `None` if there is none, or
/// if it was made with another schema.
fn open_tantivy(dir: &Path, schema: &Schema) -> Result<Option<Index>, IndexError> {
    if !dir.join("meta.json").exists() {
        return Ok(None);
    }
    let index = Index::open_in_dir(dir)?;
    if index.schema() != *schema {
        return Ok(None);
    }
    analysis::register(index.tokenizers());
    Ok(Some(index))
}

/// Progress of a build, for a progress display.
pub enum BuildEvent<'a> {
    /// The crawl found this many article files.
    Listed { files: usize },
    /// A file or folder was not indexed.
    Skipped(&'a Skipped),
    /// An article file was read (and indexed, unless it was also reported as skipped).
    Read,
    /// All files are read; the index is being committed.
    Committing,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub articles: usize,
    pub passages: usize,
    /// Files and folders that were not indexed, with the reason.
    pub skipped: Vec<Skipped>,
    pub elapsed: Duration,
}

/// Builds (or rebuilds) the index in `dir` from the article files under `roots`.
pub fn build(
    dir: &Path,
    roots: &[PathBuf],
    progress: &mut dyn FnMut(BuildEvent),
) -> Result<BuildReport, IndexError> {
    let started = Instant::now();
    if let Some(missing) = roots.iter().find(|root| !root.exists()) {
        return Err(IndexError::RootMissing {
            path: missing.clone(),
        });
    }
    let (schema, fields) = Fields::schema();
    let index = open_or_create(dir, &schema)?;
    let listing = crawl::list_files(roots);
    progress(BuildEvent::Listed {
        files: listing.files.len(),
    });

    let mut writer: IndexWriter<TantivyDocument> = index.writer(WRITER_MEMORY_BYTES)?;
    writer.delete_all_documents()?;
    for skipped in &listing.skipped {
        progress(BuildEvent::Skipped(skipped));
    }
    let mut report = BuildReport {
        skipped: listing.skipped,
        ..BuildReport::default()
    };
    for file in &listing.files {
        match crawl::read_article(&file.path) {
            Ok(article) => {
                report.passages += add_article(&writer, &fields, &article)?;
                report.articles += 1;
            }
            Err(reason) => {
                let skipped = Skipped {
                    path: file.path.clone(),
                    reason,
                };
                progress(BuildEvent::Skipped(&skipped));
                report.skipped.push(skipped);
            }
        }
        progress(BuildEvent::Read);
    }
    progress(BuildEvent::Committing);
    writer.commit()?;
    writer.wait_merging_threads()?;
    write_meta(
        dir,
        &IndexMeta {
            format: FORMAT_VERSION,
            roots: roots.to_vec(),
            files: listing.files,
        },
    )?;
    report.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Opens the index in `dir` for rewriting, or creates it. Refuses a folder that holds other
/// files, so a mistyped `--index` cannot clobber anything.
fn open_or_create(dir: &Path, schema: &Schema) -> Result<Index, IndexError> {
    let io_error = |action, source| IndexError::Io {
        action,
        path: dir.to_path_buf(),
        source,
    };
    fs::create_dir_all(dir).map_err(|e| io_error("creating", e))?;
    let has_index = ["meta.json", ".managed.json", META_FILE]
        .iter()
        .any(|marker| dir.join(marker).exists());
    if has_index {
        if let Some(index) = open_tantivy(dir, schema)? {
            return Ok(index);
        }
        // Made by another version: clear it, keeping the folder's own files.
        for entry in fs::read_dir(dir).map_err(|e| io_error("listing", e))? {
            let entry = entry.map_err(|e| io_error("listing", e))?;
            let name = entry.file_name();
            if !KEPT_FILES.iter().any(|kept| name == *kept) && entry.path().is_file() {
                fs::remove_file(entry.path()).map_err(|e| io_error("clearing", e))?;
            }
        }
    } else {
        let foreign = fs::read_dir(dir)
            .map_err(|e| io_error("listing", e))?
            .filter_map(Result::ok)
            .any(|entry| !KEPT_FILES.iter().any(|kept| entry.file_name() == *kept));
        if foreign {
            return Err(IndexError::NotAnIndex {
                dir: dir.to_path_buf(),
            });
        }
    }
    let index = Index::create_in_dir(dir, schema.clone())?;
    analysis::register(index.tokenizers());
    Ok(index)
}

fn write_meta(dir: &Path, meta: &IndexMeta) -> Result<(), IndexError> {
    let path = dir.join(META_FILE);
    let temporary = dir.join(format!("{META_FILE}.tmp"));
    let json = serde_json::to_vec(meta).map_err(|source| IndexError::BadMeta {
        path: path.clone(),
        source,
    })?;
    fs::write(&temporary, json)
        .and_then(|()| fs::rename(&temporary, &path))
        .map_err(|source| IndexError::Io {
            action: "writing",
            path,
            source,
        })
}

/// Stable 64-bit id of an article: FNV-1a of its path.
pub fn article_id(path: &Path) -> u64 {
    path.to_string_lossy()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        })
}

fn add_article(
    writer: &IndexWriter<TantivyDocument>,
    fields: &Fields,
    article: &Article,
) -> Result<usize, IndexError> {
    let id = article_id(&article.path);
    let path = article.path.to_string_lossy();
    for (number, paragraph) in article.paragraphs.iter().enumerate() {
        let mut doc = TantivyDocument::new();
        doc.add_u64(fields.article, id);
        doc.add_text(fields.path, &path);
        doc.add_text(fields.title, &article.title);
        doc.add_text(fields.section, &article.section);
        if let Some(date) = article.date {
            doc.add_date(
                fields.date,
                DateTime::from_timestamp_secs(date.timestamp_secs()),
            );
            doc.add_text(fields.date_label, date.to_string());
        }
        for source in &article.sources {
            doc.add_text(fields.sources, source);
        }
        doc.add_u64(fields.paragraph, number as u64 + 1);
        if let Some(heading) = &paragraph.heading {
            doc.add_text(fields.heading, heading);
        }
        doc.add_text(fields.text, &paragraph.text);
        doc.add_text(fields.text_exact, &paragraph.text);
        writer.add_document(doc)?;
    }
    Ok(article.paragraphs.len())
}
