//! The build's workers: reading, hashing, decoding, parsing, person detection and analysis of
//! files on every core, ahead of the writer.
//!
//! Files go to the workers in turn and come back in the order they went, so an index is built
//! in the same order whatever the number of workers. At most [`FILES_PER_WORKER`] files per
//! worker are under way or waiting, which bounds the memory the pipeline holds beside the
//! writer's. Workers never touch the index: what a file becomes is decided here, what is done
//! with it (deletes, adds, the manifest, commits) by the build on its own thread.

use super::document::MakeDocuments;
use super::manifest::FileEntry;
use super::{BuildOptions, Fields};
use crate::crawl::{self, FileArticles, FileStamp, SkipReason};
use crate::people;
use std::collections::VecDeque;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::{Scope, ScopedJoinHandle};

/// Files a worker may have under way or waiting, done or not.
const FILES_PER_WORKER: usize = 16;

/// A file to look at, with what the index held of it before (if anything).
pub(super) struct Job {
    pub file: FileStamp,
    pub known: Option<FileEntry>,
}

/// What a file became.
pub(super) enum Prepared<D> {
    /// Same content as indexed; `restamped` when only the modification time changed.
    Unchanged { restamped: Option<FileEntry> },
    /// Read and parsed: its old passages are replaced by `documents`.
    Indexed {
        entry: FileEntry,
        problems: Vec<(usize, String)>,
        documents: Vec<D>,
    },
    /// Not indexed. A file whose content cannot be indexed is `remembered` with its hash and no
    /// articles, and its old passages are taken out, so it is not read again until it changes;
    /// one that cannot be read now is not, and keeps what the index holds of it.
    Skipped {
        reason: SkipReason,
        remembered: Option<FileEntry>,
    },
}

impl<D> Prepared<D> {
    /// Whether the file's old passages go: it changed, or it is new and a crashed build may have
    /// committed some of it without recording it in the manifest.
    pub fn replaces(&self) -> bool {
        match self {
            Prepared::Unchanged { .. } => false,
            Prepared::Indexed { .. } => true,
            Prepared::Skipped { remembered, .. } => remembered.is_some(),
        }
    }
}

/// Reads and prepares one file whose stamp differs from what the index holds (or that the
/// index does not hold, or every file of a full build).
pub(super) fn prepare<M: MakeDocuments>(
    make: &mut M,
    fields: &Fields,
    job: &Job,
    options: &BuildOptions,
) -> Prepared<M::Doc> {
    let file = &job.file;
    let raw = match crawl::read_raw(&file.path, options.max_file_bytes) {
        Ok(raw) => raw,
        // What cannot be read now may be readable later: keep what is indexed.
        Err(reason) => {
            return Prepared::Skipped {
                reason,
                remembered: None,
            }
        }
    };
    let hash = xxhash_rust::xxh3::xxh3_64(&raw);
    if let Some(known) = job
        .known
        .filter(|known| known.hash == hash && !options.full)
    {
        return Prepared::Unchanged {
            restamped: Some(known.restamped(file)),
        };
    }
    match crawl::parse_file(&file.path, &raw, options.max_file_bytes) {
        Ok(FileArticles { articles, problems }) => {
            drop(raw);
            let mut documents = Vec::new();
            for article in &articles {
                let texts: Vec<&str> = article.paragraphs.iter().map(|p| p.text.as_str()).collect();
                let mentions = if options.people == Some(false) {
                    vec![Vec::new(); texts.len()]
                } else {
                    people::detect(&texts)
                };
                documents.extend(make.article(fields, article, &mentions));
            }
            Prepared::Indexed {
                entry: FileEntry::new(file, hash, articles.len(), documents.len()),
                problems,
                documents,
            }
        }
        Err(reason) => Prepared::Skipped {
            reason,
            remembered: Some(FileEntry::new(file, hash, 0, 0)),
        },
    }
}

/// Workers preparing files in parallel, handing them back in order.
pub(super) struct Workers<'scope, D> {
    jobs: Vec<SyncSender<Job>>,
    done: Vec<Receiver<(FileStamp, Prepared<D>)>>,
    /// The worker of each file under way, oldest first.
    under_way: VecDeque<usize>,
    next: usize,
    handles: Vec<ScopedJoinHandle<'scope, ()>>,
}

impl<'scope, D: Send + 'scope> Workers<'scope, D> {
    /// Starts `count` workers in `scope`, each with its own document maker from `maker`.
    pub fn start<'env, M>(
        scope: &'scope Scope<'scope, 'env>,
        count: usize,
        maker: impl Fn() -> M,
        fields: &'env Fields,
        options: &'env BuildOptions,
    ) -> Workers<'scope, D>
    where
        M: MakeDocuments<Doc = D> + 'scope,
    {
        let count = count.max(1);
        let mut workers = Workers {
            jobs: Vec::with_capacity(count),
            done: Vec::with_capacity(count),
            under_way: VecDeque::new(),
            next: 0,
            handles: Vec::with_capacity(count),
        };
        // A worker never has more than the limit under way, so neither channel ever blocks a
        // sender: only the build waits, for the oldest file.
        let depth = FILES_PER_WORKER * count;
        for _ in 0..count {
            let (job_sender, jobs) = sync_channel::<Job>(depth);
            let (done_sender, done) = sync_channel(depth);
            let mut make = maker();
            workers.handles.push(scope.spawn(move || {
                for job in jobs {
                    let prepared = prepare(&mut make, fields, &job, options);
                    if done_sender.send((job.file, prepared)).is_err() {
                        break;
                    }
                }
            }));
            workers.jobs.push(job_sender);
            workers.done.push(done);
        }
        workers
    }

    /// Whether as many files are under way as the pipeline holds.
    pub fn is_full(&self) -> bool {
        self.under_way.len() >= FILES_PER_WORKER * self.jobs.len()
    }

    /// Hands `job` to the next worker in turn. Call only when not [`Self::is_full`].
    pub fn send(&mut self, job: Job) {
        let worker = self.next;
        self.next = (self.next + 1) % self.jobs.len();
        // A worker only stops early when the build has dropped its results.
        if self.jobs[worker].send(job).is_ok() {
            self.under_way.push_back(worker);
        }
    }

    /// The oldest file under way once it is prepared; `None` if none is under way.
    pub fn receive(&mut self) -> Option<(FileStamp, Prepared<D>)> {
        let worker = self.under_way.pop_front()?;
        // A worker only hangs up when it panicked (the panic is reported as it happens).
        let done = self.done[worker]
            .recv()
            .expect("an indexing worker stopped with a panic");
        Some(done)
    }

    /// Stops the workers once they finish their current file, dropping files not yet
    /// collected; a worker's panic goes on here.
    pub fn stop(self) {
        drop(self.jobs);
        drop(self.done);
        for handle in self.handles {
            if let Err(panic) = handle.join() {
                std::panic::resume_unwind(panic);
            }
        }
    }
}
