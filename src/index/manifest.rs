//! The manifest: what the index holds of each crawled file, saved as `manifest.json` beside
//! tantivy's files after every commit.
//!
//! An archive of a million files has a million entries, so the manifest keeps each path once (as
//! the key), reads its file straight into the map and writes it through a buffer: no copy of
//! the whole file or of every path is held on the way. It does not decide what a build does
//! with an entry.

use super::IndexError;
use crate::crawl::{path_bytes, FileStamp};
use rustc_hash::FxHashMap;
use serde::de::{SeqAccess, Visitor};
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::io::BufReader;
use std::path::{Path, PathBuf};

/// Every indexed file by its path.
pub(super) type Manifest = FxHashMap<Box<Path>, FileEntry>;

/// One indexed file: the version of it that was indexed, and what it gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FileEntry {
    size: u64,
    /// Modification time in nanoseconds since the Unix epoch, as [`FileStamp`] has it.
    modified_ns: u64,
    /// xxh3 of the file's bytes as stored.
    pub hash: u64,
    articles: u32,
    passages: u32,
}

impl FileEntry {
    pub fn new(file: &FileStamp, hash: u64, articles: usize, passages: usize) -> FileEntry {
        // A file within the size limit has far fewer than 2^32 passages; 32 bits keep a
        // manifest of a million files small.
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        FileEntry {
            size: file.size,
            modified_ns: file.modified_ns,
            hash,
            articles: count(articles),
            passages: count(passages),
        }
    }

    pub fn articles(&self) -> usize {
        self.articles as usize
    }

    pub fn passages(&self) -> usize {
        self.passages as usize
    }

    /// Whether `file` has the size and modification time this entry was indexed with.
    pub fn has_stamp(&self, file: &FileStamp) -> bool {
        self.size == file.size && self.modified_ns == file.modified_ns
    }

    /// The same content under the stamp `file` has now.
    pub fn restamped(&self, file: &FileStamp) -> FileEntry {
        FileEntry {
            size: file.size,
            modified_ns: file.modified_ns,
            ..*self
        }
    }
}

/// One entry as `manifest.json` has it: an object with the path beside the entry's fields.
#[derive(Deserialize)]
struct StoredEntry {
    #[serde(with = "path_bytes")]
    path: PathBuf,
    size: u64,
    modified_ns: u64,
    hash: u64,
    articles: u32,
    passages: u32,
}

/// Writes an entry in the shape [`StoredEntry`] reads.
struct EntryWithPath<'a>(&'a Path, &'a FileEntry);

impl Serialize for EntryWithPath<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct PathField<'a>(&'a Path);
        impl Serialize for PathField<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                path_bytes::serialize(self.0, serializer)
            }
        }
        let EntryWithPath(path, entry) = self;
        let mut object = serializer.serialize_struct("FileEntry", 6)?;
        object.serialize_field("path", &PathField(path))?;
        object.serialize_field("size", &entry.size)?;
        object.serialize_field("modified_ns", &entry.modified_ns)?;
        object.serialize_field("hash", &entry.hash)?;
        object.serialize_field("articles", &entry.articles)?;
        object.serialize_field("passages", &entry.passages)?;
        object.end()
    }
}

/// The entries as a JSON array, in the map's order: sorting a million paths at every commit
/// would cost about a second and a list of them all.
struct Entries<'a>(&'a Manifest);

impl Serialize for Entries<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for (path, entry) in self.0 {
            seq.serialize_element(&EntryWithPath(path, entry))?;
        }
        seq.end()
    }
}

/// Reads the entries of a JSON array into the map one by one.
struct ManifestVisitor;

impl<'de> Visitor<'de> for ManifestVisitor {
    type Value = Manifest;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a list of indexed files")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Manifest, A::Error> {
        let mut manifest =
            Manifest::with_capacity_and_hasher(seq.size_hint().unwrap_or(0), Default::default());
        while let Some(stored) = seq.next_element::<StoredEntry>()? {
            let entry = FileEntry {
                size: stored.size,
                modified_ns: stored.modified_ns,
                hash: stored.hash,
                articles: stored.articles,
                passages: stored.passages,
            };
            manifest.insert(stored.path.into_boxed_path(), entry);
        }
        Ok(manifest)
    }
}

/// Reads the manifest at `path`: empty when there is none.
pub(super) fn read(path: &Path) -> Result<Manifest, IndexError> {
    let Some(file) = super::meta::open_optional(path)? else {
        return Ok(Manifest::default());
    };
    // Parsed as it is read: the file of a large archive is as large as the map it fills.
    serde_json::Deserializer::from_reader(BufReader::new(file))
        .deserialize_seq(ManifestVisitor)
        .map_err(|source| super::meta::json_error("reading", path, source))
}

/// Saves `manifest` at `path`.
pub(super) fn write(path: &Path, manifest: &Manifest) -> Result<(), IndexError> {
    super::meta::write_json(path, &Entries(manifest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn stamp(path: &str, size: u64, modified_ns: u64) -> FileStamp {
        FileStamp {
            path: PathBuf::from(path),
            size,
            modified_ns,
        }
    }

    #[test]
    fn a_written_manifest_reads_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest.json");
        let mut manifest = Manifest::default();
        for (file, hash) in [
            (stamp("b/zwei.txt", 20, 7), 2),
            (stamp("a/eins.txt", 10, 5), 1),
            (stamp("ä/drei.json", 0, 0), 3),
        ] {
            manifest.insert(
                file.path.clone().into_boxed_path(),
                FileEntry::new(&file, hash, 1, 4),
            );
        }
        write(&path, &manifest).unwrap();
        assert_eq!(read(&path).unwrap(), manifest);
        // The field names the format has always had.
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(
            r#"{"path":"a/eins.txt","size":10,"modified_ns":5,"hash":1,"articles":1,"passages":4}"#
        ));
    }

    #[test]
    fn no_manifest_is_an_empty_one_and_a_damaged_one_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest.json");
        assert!(read(&path).unwrap().is_empty());
        fs::write(&path, r#"[{"path":"a.txt","size":1}"#).unwrap();
        assert!(matches!(read(&path), Err(IndexError::BadMeta { .. })));
    }

    #[cfg(unix)]
    #[test]
    fn a_path_that_is_not_utf8_survives_the_round_trip() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest.json");
        let odd = stamp("", 1, 1);
        let odd_path = PathBuf::from(std::ffi::OsStr::from_bytes(b"caf\xe9.txt"));
        let mut manifest = Manifest::default();
        manifest.insert(odd_path.into_boxed_path(), FileEntry::new(&odd, 9, 1, 1));
        write(&path, &manifest).unwrap();
        assert_eq!(read(&path).unwrap(), manifest);
    }
}
