//! The directory an index is searched through: tantivy's [`MmapDirectory`], except that the
//! large, sparsely read segment files are read with positional reads instead of being mapped.
//!
//! A search touches a few postings lists, position lists and doc-store blocks scattered over
//! gigabytes. Mapped, every page touched stays resident in the process until it exits, so a
//! long batch or a server grows towards the size of those files (about 500 MB on a 1M-article
//! index). Read with `pread`, the same bytes come from the OS page cache just as fast, are
//! copied into a buffer that lives as long as the query needs it, and are not counted as the
//! process's memory.
//!
//! A read of 64 KB or more (a common word's postings or positions) is mapped instead, for as
//! long as the query holds it: copying it would cost more than the search, and its pages leave
//! the process with the mapping.
//!
//! Which files, by extension (tantivy 0.27 reads them as said here):
//! - `.idx` (postings), `.pos` (positions): read by position. A query reads one term's range,
//!   `term_info.postings_range` / `positions_range`, never the whole file.
//! - `.store` (stored documents): read by position. A document reads its compressed block
//!   (the reader keeps a cache of decompressed ones); opening the segment reads the block index
//!   at the end of the file once.
//! - everything else stays mapped: `.term` (the term dictionary, an FST searched in place),
//!   `.fieldnorm` and `.fast` (read whole into one `OwnedBytes` when a segment is opened, so a
//!   positional read would copy them all into the process), `.del`, and the meta files.
//!
//! What it does not do: write differently. Writes, deletes, locks and the watch of
//! `meta.json` go to the [`MmapDirectory`] unchanged, and an index is built through
//! [`MmapDirectory`] itself. On other systems than Unix every file is mapped, as before.

use std::io;
use std::path::Path;
use std::sync::Arc;
use tantivy::directory::error::{
    DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};

/// An index folder opened for searching; see the module documentation.
#[derive(Debug, Clone)]
pub struct SearchDirectory {
    mmap: MmapDirectory,
    #[cfg(unix)]
    root: std::path::PathBuf,
}

impl SearchDirectory {
    /// Opens the index folder `root`.
    pub fn open(root: &Path) -> Result<SearchDirectory, OpenDirectoryError> {
        Ok(SearchDirectory {
            mmap: MmapDirectory::open(root)?,
            #[cfg(unix)]
            root: root.to_path_buf(),
        })
    }
}

impl Directory for SearchDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        #[cfg(unix)]
        if positional::is_read_by_position(path) {
            return positional::open(&self.root, path);
        }
        self.mmap.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.mmap.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.mmap.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.mmap.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.mmap.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.mmap.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.mmap.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.mmap.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.mmap.watch(watch_callback)
    }
}

#[cfg(unix)]
mod positional {
    use std::fs::File;
    use std::io;
    use std::ops::Range;
    use std::os::unix::fs::FileExt;
    use std::path::Path;
    use std::sync::Arc;
    use tantivy::directory::error::OpenReadError;
    use tantivy::directory::{FileHandle, OwnedBytes};
    use tantivy::HasLen;

    /// A read this large is mapped while the query holds it, not copied: tantivy reads a
    /// term's whole postings and positions when it sets up a scorer, of which a pruned search
    /// touches a few pages. Copying them cost more than the phrase search itself; the mapping's
    /// pages leave the process with it. From 64 KB (phrase queries on the 1M-article index,
    /// p50/p99 ms): 1 MB 5.05/15.0, 256 KB 4.57/7.7, 64 KB 3.96-4.09/7.2-9.3, 32 KB 4.33/9.0,
    /// 16 KB 4.76/10.6: smaller maps cost more in system calls than they save in copies.
    const MAP_FROM_BYTES: usize = 1 << 16;

    /// Postings, positions and the doc store: see the module documentation.
    const EXTENSIONS: [&str; 3] = ["idx", "pos", "store"];

    pub(super) fn is_read_by_position(path: &Path) -> bool {
        path.extension()
            .is_some_and(|extension| EXTENSIONS.iter().any(|known| extension == *known))
    }

    pub(super) fn open(root: &Path, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let error = |error: io::Error| {
            if error.kind() == io::ErrorKind::NotFound {
                OpenReadError::FileDoesNotExist(path.to_path_buf())
            } else {
                OpenReadError::wrap_io_error(error, path.to_path_buf())
            }
        };
        let file = File::open(root.join(path)).map_err(error)?;
        let len = file.metadata().map_err(error)?.len();
        // Segment files never change once written, so the length read now stays true.
        let len = usize::try_from(len).map_err(|_| {
            error(io::Error::new(
                io::ErrorKind::FileTooLarge,
                "the file is larger than this system can address",
            ))
        })?;
        Ok(Arc::new(PositionalFile { file, len }))
    }

    /// A segment file read with `pread`, which needs no seek and so no lock between threads.
    #[derive(Debug)]
    struct PositionalFile {
        file: File,
        len: usize,
    }

    impl HasLen for PositionalFile {
        fn len(&self) -> usize {
            self.len
        }
    }

    impl FileHandle for PositionalFile {
        fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
            if range.start > range.end || range.end > self.len {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("bytes {range:?} are outside a file of {} bytes", self.len),
                ));
            }
            if range.len() >= MAP_FROM_BYTES {
                // SAFETY: tantivy never changes a segment file once it is written (it writes
                // new files and deletes old ones), so the mapped bytes stay what was read.
                let map = unsafe {
                    memmap2::MmapOptions::new()
                        .offset(range.start as u64)
                        .len(range.len())
                        .map(&self.file)?
                };
                return Ok(OwnedBytes::new(map));
            }
            let mut buffer = vec![0; range.len()];
            self.file.read_exact_at(&mut buffer, range.start as u64)?;
            Ok(OwnedBytes::new(buffer))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::QueryParser;
    use tantivy::schema::{Schema, Value, STORED, TEXT};
    use tantivy::{doc, Index, TantivyDocument};

    #[test]
    fn reads_the_bytes_of_the_file_at_any_range() {
        let dir = tempfile::tempdir().unwrap();
        // Large enough for reads that are mapped rather than copied.
        let bytes: Vec<u8> = (0..3_000_000u32).map(|i| (i * 7 % 251) as u8).collect();
        for name in [
            "segment.idx",
            "segment.pos",
            "segment.store",
            "segment.term",
        ] {
            std::fs::write(dir.path().join(name), &bytes).unwrap();
        }
        let directory = SearchDirectory::open(dir.path()).unwrap();
        for name in [
            "segment.idx",
            "segment.pos",
            "segment.store",
            "segment.term",
        ] {
            let handle = directory.get_file_handle(Path::new(name)).unwrap();
            assert_eq!(handle.len(), bytes.len());
            for range in [
                0..0,
                0..1,
                17..4_113,
                9_999..10_000,
                0..10_000,
                10_000..10_000,
                1..65_536,
                // Mapped: from an offset inside a page, exactly the threshold, the whole file.
                4_097..1_504_097,
                65_536..131_072,
                1_048_576..2_097_152,
                0..3_000_000,
            ] {
                let read = handle.read_bytes(range.clone()).unwrap();
                assert_eq!(read.as_slice(), &bytes[range], "{name}");
            }
        }
        // A mapped file panics on a range past its end; a positional one says so.
        #[cfg(unix)]
        {
            let positional = directory.get_file_handle(Path::new("segment.idx")).unwrap();
            assert!(positional.read_bytes(9_000..3_000_001).is_err());
            assert!(positional.read_bytes(2_999_000..3_000_001).is_err());
        }
        assert!(matches!(
            directory.get_file_handle(Path::new("missing.pos")),
            Err(OpenReadError::FileDoesNotExist(_))
        ));
    }

    #[test]
    fn an_index_searched_through_it_finds_what_the_mapped_one_finds() {
        let dir = tempfile::tempdir().unwrap();
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT | STORED);
        let index = Index::create_in_dir(dir.path(), schema.build()).unwrap();
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let words = [
            "Regierung",
            "Bundestag",
            "Wahl",
            "Grenze",
            "Polizei",
            "Spiel",
        ];
        for i in 0..3_000 {
            let passage: Vec<&str> = (0..12)
                .map(|j| words[(i * 7 + j * j) % words.len()])
                .collect();
            writer
                .add_document(doc!(text => passage.join(" ")))
                .unwrap();
        }
        writer.commit().unwrap();

        let results = |index: Index| {
            let searcher = index.reader().unwrap().searcher();
            let parser = QueryParser::for_index(&index, vec![text]);
            [
                "Regierung",
                "Wahl Grenze",
                "\"Polizei Spiel\"",
                "Bundestag -Wahl",
            ]
            .iter()
            .map(|query| {
                let query = parser.parse_query(query).unwrap();
                let top = searcher.search(&query, &TopDocs::with_limit(50).order_by_score());
                top.unwrap()
                    .into_iter()
                    .map(|(score, address)| {
                        let doc: TantivyDocument = searcher.doc(address).unwrap();
                        let stored = doc.get_first(text).and_then(|v| v.as_str()).unwrap();
                        (score.to_bits(), address, stored.to_string())
                    })
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
        };
        let mapped = results(Index::open_in_dir(dir.path()).unwrap());
        let positional = results(Index::open(SearchDirectory::open(dir.path()).unwrap()).unwrap());
        assert!(mapped.iter().all(|hits| !hits.is_empty()));
        assert_eq!(mapped, positional);
    }
}
