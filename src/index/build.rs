//! Building: an incremental build of the index from a crawl. New and changed files go to the
//! workers of [`super::pipeline`], their passages come back analysed, and this file decides on
//! the build's own thread what reaches the index and when: deletes before adds, the manifest
//! after each commit, the index folder created or refused.

use super::document::{AnalysedByTantivy, ArticleDocuments, MakeDocuments};
use super::manifest::{self, FileEntry, Manifest};
use super::meta::{io_error, read_meta, write_meta, IndexMeta, META_FILE};
use super::pipeline::{Job, Prepared, Workers};
use super::stories;
use super::{
    open_tantivy, read_manifest, Fields, IndexError, Purpose, FORMAT_VERSION, KEPT_FILES,
    MANIFEST_FILE, TANTIVY_META_FILE, WRITER_MEMORY_BYTES,
};
use crate::analysis::{self, Analysis};
use crate::crawl::{self, FileStamp, Skipped};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tantivy::directory::error::LockError;
use tantivy::schema::{Document, Schema};
use tantivy::{Index, IndexWriter, TantivyDocument, TantivyError, Term};

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// New files indexed.
    pub added: usize,
    /// Changed files re-indexed.
    pub updated: usize,
    /// Files gone since the last build, whose articles were removed.
    pub removed: usize,
    /// Files not re-indexed because they did not change.
    pub unchanged: usize,
    /// Files and folders that were not indexed, with the reason.
    pub skipped: Vec<Skipped>,
    /// Records of JSON files that were left out: path, record number, reason.
    pub problems: Vec<(PathBuf, usize, String)>,
    /// Articles and passages in the index after the build, by the manifest.
    pub articles: usize,
    pub passages: usize,
    /// Documents in the index after the build, as counted by the index: equal to `passages`
    /// unless something went wrong.
    pub documents: u64,
    /// Articles with a content signature, and the stories they make (copies counted once).
    pub signed_articles: usize,
    pub stories: usize,
    /// Whether the build was interrupted; what was done until then is committed.
    pub interrupted: bool,
    pub elapsed: Duration,
}

/// How to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Re-read and re-index every file, and rebuild an index of another version.
    pub full: bool,
    /// Files larger than this are skipped.
    pub max_file_bytes: u64,
    /// Commit (and save the manifest) at least this often, bounding the work a crash loses.
    pub commit_interval: Duration,
    /// How to analyse the word fields of a new or fully rebuilt index; `None` keeps what the
    /// index has (the default for a new one).
    pub analysis: Option<Analysis>,
    /// Whether to detect the persons named in the articles (about half the work of a build;
    /// without it the index names nobody); `None` keeps what the index has (detection for a new
    /// one).
    pub people: Option<bool>,
    /// Indexing threads of the tantivy writer (0: as many as cores, at most 8).
    pub threads: usize,
    /// Memory budget of the tantivy writer in bytes, shared by its threads.
    pub memory_bytes: usize,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            full: false,
            max_file_bytes: crawl::DEFAULT_MAX_FILE_BYTES,
            commit_interval: Duration::from_secs(10),
            analysis: None,
            people: None,
            threads: 0,
            memory_bytes: 512 * 1024 * 1024,
        }
    }
}

/// Progress of a build, for a progress display.
pub enum BuildEvent<'a> {
    /// The crawl found this many article files.
    Listed { files: usize },
    /// A file or folder was not indexed.
    Skipped(&'a Skipped),
    /// A record of a JSON file was left out.
    Problem {
        path: &'a Path,
        record: usize,
        problem: &'a str,
    },
    /// A listed file was looked at (and indexed, unless it was reported as skipped).
    Checked,
    /// The index is being committed.
    Committing,
}

/// Builds or updates the index in `dir` from the article files under `roots`. Stops early,
/// committing what is done, when `cancel` becomes true.
pub fn build(
    dir: &Path,
    roots: &[PathBuf],
    options: &BuildOptions,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(BuildEvent),
) -> Result<BuildReport, IndexError> {
    build_with(dir, roots, options, cancel, progress, ArticleDocuments::new)
}

/// Builds like [`build`], but hands the writer plain text for the registered analyzers to cut,
/// as archivar did before it analysed passages in one pass: only for the test that shows both
/// give the same terms.
#[doc(hidden)]
pub fn build_analysed_by_tantivy(
    dir: &Path,
    roots: &[PathBuf],
    options: &BuildOptions,
) -> Result<BuildReport, IndexError> {
    let cancel = AtomicBool::new(false);
    build_with(dir, roots, options, &cancel, &mut |_| {}, |_| {
        AnalysedByTantivy
    })
}

fn build_with<M: MakeDocuments>(
    dir: &Path,
    roots: &[PathBuf],
    options: &BuildOptions,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(BuildEvent),
    maker: impl Fn(Analysis) -> M,
) -> Result<BuildReport, IndexError> {
    let started = Instant::now();
    if let Some(missing) = roots.iter().find(|root| !root.exists()) {
        return Err(IndexError::RootMissing {
            path: missing.clone(),
        });
    }
    let (schema, fields) = Fields::schema();
    // An unreadable meta file is the rebuild's to deal with (`open_or_create`).
    let existing = read_meta(dir).unwrap_or_default();
    let existing_people = existing.as_ref().map(|meta| meta.people);
    let people =
        kept_setting(options.people, existing_people, options.full, true).ok_or_else(|| {
            let had = existing_people.unwrap_or(true);
            IndexError::PeopleChange {
                dir: dir.to_path_buf(),
                was: if had { "with" } else { "without" },
                flag: if had { "--no-people" } else { "--people" },
            }
        })?;
    let existing_analysis = existing.map(|meta| meta.analysis);
    let analysis = kept_setting(
        options.analysis,
        existing_analysis,
        options.full,
        Analysis::default(),
    )
    .ok_or_else(|| IndexError::AnalysisChange {
        dir: dir.to_path_buf(),
    })?;
    let (index, fresh) = open_or_create(dir, &schema, options.full, analysis)?;
    M::prepare_index(&index);
    let threads = writer_threads(options)?;
    let mut writer = open_writer::<M::Doc>(&index, dir, options, threads)?;
    // What the index held before: decides added or updated, and what is gone.
    let previous = if fresh {
        Manifest::default()
    } else {
        read_manifest(dir)?
    };
    // What the index holds once the next commit is done; saved with each commit. An
    // incremental build changes the previous manifest in place, a full one starts empty.
    let (mut manifest, previous) = if options.full {
        writer.delete_all_documents()?;
        (Manifest::default(), previous)
    } else {
        (previous, Manifest::default())
    };
    // A full rebuild commits once at the end, so searches never see it half done.
    let commit_interval = if options.full {
        Duration::MAX
    } else {
        options.commit_interval
    };
    write_meta(
        dir,
        &IndexMeta {
            format: FORMAT_VERSION,
            roots: roots.to_vec(),
            analysis,
            people,
        },
    )?;
    // The workers see what was decided, not what was asked.
    let options = &BuildOptions {
        people: Some(people),
        ..options.clone()
    };

    let listing = crawl::list_files(roots);
    progress(BuildEvent::Listed {
        files: listing.files.len(),
    });
    let mut report = BuildReport::default();
    for skipped in &listing.skipped {
        progress(BuildEvent::Skipped(skipped));
    }
    for path in gone_files(entries_before(options.full, &previous, &manifest), &listing) {
        writer.delete_term(path_term(&fields, &path));
        manifest.remove(path.as_path());
        report.removed += 1;
    }
    // A fresh build's manifest grows to one entry per file: grown once, not by doubling.
    manifest.reserve(listing.files.len().saturating_sub(manifest.len()));

    let started_empty = fresh || options.full;
    let mut last_commit = Instant::now();
    // The listed paths move into the manifest as their files are done: a million of them are
    // held once, not twice. The list gives back its memory as it empties (40 MB for a million
    // files, which would otherwise stay until the end, when the manifest is largest).
    let mut files = listing.files;
    files.reverse();
    let mut done = Done {
        writer: &mut writer,
        fields: &fields,
        manifest: &mut manifest,
        previous: &previous,
        report: &mut report,
        full: options.full,
        started_empty,
    };
    std::thread::scope(|scope| -> Result<(), IndexError> {
        let mut workers = Workers::start(scope, threads, || maker(analysis), &fields, options);
        let mut cancelled = false;
        loop {
            if !cancelled && cancel.load(Ordering::Relaxed) {
                cancelled = true;
                done.report.interrupted = true;
            }
            let next = if cancelled || workers.is_full() {
                None
            } else {
                files.pop()
            };
            if let Some(file) = next {
                if files.len() < files.capacity() / 2 {
                    files.shrink_to_fit();
                }
                let known = done.before().get(file.path.as_path()).copied();
                if known.is_some_and(|known| !options.full && known.has_stamp(&file)) {
                    // The same size and modification time: not even read.
                    progress(BuildEvent::Checked);
                    done.report.unchanged += 1;
                } else {
                    workers.send(Job { file, known });
                }
            } else if cancelled {
                break;
            } else if let Some((file, prepared)) = workers.receive() {
                progress(BuildEvent::Checked);
                done.record(file, prepared, progress);
            } else {
                break;
            }
            if last_commit.elapsed() >= commit_interval {
                progress(BuildEvent::Committing);
                commit(dir, done.writer, done.manifest)?;
                last_commit = Instant::now();
            }
        }
        // Files still under way when the build is cut off are left for the next one.
        workers.stop();
        Ok(())
    })?;
    progress(BuildEvent::Committing);
    commit(dir, &mut writer, &manifest)?;
    writer.wait_merging_threads()?;
    // The stories of what is now committed, so that the first search need not find them.
    let searcher = index.reader()?.searcher();
    let story_map = stories::stories(dir, &searcher, &fields)?;
    (report.signed_articles, report.stories) = story_map.counts();

    report.skipped.extend(listing.skipped);
    report.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    report.articles = manifest.values().map(FileEntry::articles).sum();
    report.passages = manifest.values().map(FileEntry::passages).sum();
    report.documents = searcher.num_docs();
    report.elapsed = started.elapsed();
    Ok(report)
}

/// What the build does with each prepared file, in the order of the files.
struct Done<'a, D: Document> {
    writer: &'a mut IndexWriter<D>,
    fields: &'a Fields,
    manifest: &'a mut Manifest,
    previous: &'a Manifest,
    report: &'a mut BuildReport,
    full: bool,
    /// Whether the index started empty: then no file has old passages to delete (and a delete
    /// costs a term query at the next commit).
    started_empty: bool,
}

impl<D: Document> Done<'_, D> {
    /// The manifest entries from before the build.
    fn before(&self) -> &Manifest {
        entries_before(self.full, self.previous, self.manifest)
    }

    /// Brings the index and the manifest up to date with one prepared file.
    fn record(
        &mut self,
        file: FileStamp,
        prepared: Prepared<D>,
        progress: &mut dyn FnMut(BuildEvent),
    ) {
        if prepared.replaces() && !self.started_empty {
            self.writer.delete_term(path_term(self.fields, &file.path));
        }
        let was_known = self.before().contains_key(file.path.as_path());
        match prepared {
            Prepared::Unchanged { restamped } => {
                self.report.unchanged += 1;
                if let Some(entry) = restamped {
                    self.manifest.insert(file.path.into_boxed_path(), entry);
                }
            }
            Prepared::Indexed {
                entry,
                problems,
                documents,
            } => {
                for document in documents {
                    // The writer only fails once it has shut down, which the next commit
                    // reports.
                    let _ = self.writer.add_document(document);
                }
                for (record, problem) in &problems {
                    progress(BuildEvent::Problem {
                        path: &file.path,
                        record: *record,
                        problem,
                    });
                }
                self.report.problems.extend(
                    problems
                        .into_iter()
                        .map(|(record, problem)| (file.path.clone(), record, problem)),
                );
                if was_known {
                    self.report.updated += 1;
                } else {
                    self.report.added += 1;
                }
                self.manifest.insert(file.path.into_boxed_path(), entry);
            }
            Prepared::Skipped { reason, remembered } => {
                let skipped = Skipped {
                    path: file.path,
                    reason,
                };
                progress(BuildEvent::Skipped(&skipped));
                if let Some(entry) = remembered {
                    self.manifest
                        .insert(skipped.path.clone().into_boxed_path(), entry);
                }
                self.report.skipped.push(skipped);
            }
        }
    }
}

/// The files indexed before that the crawl no longer finds (and not because a folder could not
/// be read), in path order.
fn gone_files(before: &Manifest, listing: &crawl::Listing) -> Vec<PathBuf> {
    // Listed paths are unique, so when every file indexed before is listed, none is gone: the
    // usual case costs a look-up per file and no second set of all paths.
    let still_listed = listing
        .files
        .iter()
        .filter(|file| before.contains_key(file.path.as_path()))
        .count();
    if still_listed == before.len() {
        return Vec::new();
    }
    let mut gone: Vec<PathBuf> = before
        .keys()
        .filter(|path| {
            let listed = listing
                .files
                .binary_search_by(|file| file.path.as_path().cmp(path))
                .is_ok();
            !listed && !listing.is_hidden_by_error(path)
        })
        .map(|path| path.to_path_buf())
        .collect();
    gone.sort();
    gone
}

/// The manifest entries from before the build: a full build keeps them aside in `previous`
/// and starts `manifest` empty, an incremental one changes them in `manifest` itself.
fn entries_before<'a>(full: bool, previous: &'a Manifest, manifest: &'a Manifest) -> &'a Manifest {
    if full {
        previous
    } else {
        manifest
    }
}

/// A setting of the index (its analysis, whether it detects people): as asked, else as the
/// index has it, else `default` for a new index; `None` when asked to change it without a
/// full rebuild.
fn kept_setting<T: PartialEq + Copy>(
    wanted: Option<T>,
    existing: Option<T>,
    full: bool,
    default: T,
) -> Option<T> {
    match (wanted, existing) {
        (Some(wanted), Some(existing)) if wanted != existing && !full => None,
        (Some(wanted), _) => Some(wanted),
        (None, existing) => Some(existing.unwrap_or(default)),
    }
}

/// The least memory tantivy lets an indexing thread have.
const MIN_THREAD_MEMORY_BYTES: usize = 15_000_000;
/// The most threads tantivy chooses by itself.
const MAX_DEFAULT_THREADS: usize = 8;

/// The writer's threads: as asked, or as many as cores but no more than the memory feeds.
fn writer_threads(options: &BuildOptions) -> Result<usize, IndexError> {
    let memory = options.memory_bytes;
    let threads = match options.threads {
        0 => std::thread::available_parallelism()
            .map_or(1, |cores| cores.get())
            .min(MAX_DEFAULT_THREADS)
            .min(memory / MIN_THREAD_MEMORY_BYTES)
            .max(1),
        threads => threads,
    };
    if memory / threads < MIN_THREAD_MEMORY_BYTES {
        return Err(IndexError::TooLittleMemory { memory, threads });
    }
    Ok(threads)
}

/// The index writer with the build's threads and memory budget.
fn open_writer<D: Document>(
    index: &Index,
    dir: &Path,
    options: &BuildOptions,
    threads: usize,
) -> Result<IndexWriter<D>, IndexError> {
    // Tantivy counts a thread's memory in 32 bits.
    let memory = (options.memory_bytes / threads).min(u32::MAX as usize / 2) * threads;
    index
        .writer_with_num_threads(threads, memory)
        .map_err(|error| match error {
            TantivyError::LockFailure(LockError::LockBusy, _) => IndexError::Locked {
                dir: dir.to_path_buf(),
            },
            other => other.into(),
        })
}

/// Commits the index, then saves the manifest of what it now holds.
fn commit<D: Document>(
    dir: &Path,
    writer: &mut IndexWriter<D>,
    manifest: &Manifest,
) -> Result<(), IndexError> {
    writer.commit()?;
    manifest::write(&dir.join(MANIFEST_FILE), manifest)
}

fn path_term(fields: &Fields, path: &Path) -> Term {
    Term::from_field_text(fields.path, &path.to_string_lossy())
}

/// Opens the index in `dir` for writing, or creates it; `true` when it starts empty. Refuses a
/// folder that holds other files, so a mistyped `--index` cannot clobber anything, and an index
/// of another version unless `full` is set.
fn open_or_create(
    dir: &Path,
    schema: &Schema,
    full: bool,
    analysis: Analysis,
) -> Result<(Index, bool), IndexError> {
    let io_error = |action, source| io_error(action, dir, source);
    fs::create_dir_all(dir).map_err(|e| io_error("creating", e))?;
    let has_index = [TANTIVY_META_FILE, ".managed.json", META_FILE]
        .iter()
        .any(|marker| dir.join(marker).exists());
    if has_index {
        let found = match read_meta(dir) {
            Ok(_) => None,
            Err(IndexError::Incompatible { found, .. }) => Some(found),
            Err(IndexError::BadMeta { .. }) => Some(0),
            Err(error) => return Err(error),
        };
        if found.is_none() {
            if let Some(index) = open_tantivy(dir, Purpose::Build, schema, analysis)? {
                return Ok((index, false));
            }
        }
        if !full {
            let dir = dir.to_path_buf();
            return Err(match found {
                Some(found) => IndexError::Incompatible { dir, found },
                None => IndexError::SchemaChanged { dir },
            });
        }
        // Made by another version: make sure no build is running, then clear it.
        if let Ok(old) = Index::open_in_dir(dir) {
            let lock = old.writer::<TantivyDocument>(WRITER_MEMORY_BYTES);
            if let Err(TantivyError::LockFailure(LockError::LockBusy, _)) = lock {
                return Err(IndexError::Locked {
                    dir: dir.to_path_buf(),
                });
            }
        }
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
    analysis::register(index.tokenizers(), analysis);
    Ok((index, true))
}
