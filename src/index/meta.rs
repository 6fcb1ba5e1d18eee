//! `archivar.json`, the index's meta file (its format version, crawl roots and analysis), and
//! the file I/O that it and the manifest share: reads that tell a missing file from a broken
//! one, and writes through a temporary file so that a crash leaves the old file or the new one.

use super::{IndexError, FORMAT_VERSION};
use crate::analysis::Analysis;
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

pub(super) const META_FILE: &str = "archivar.json";

/// What `archivar.json` records about an index.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndexMeta {
    pub format: u32,
    /// The folders and files the index was built from, as given.
    pub roots: Vec<PathBuf>,
    /// How the word fields were analysed.
    #[serde(default)]
    pub analysis: Analysis,
    /// Whether the persons named in the articles were detected (an index made before this
    /// was recorded had them).
    #[serde(default = "detected")]
    pub people: bool,
}

fn detected() -> bool {
    true
}

/// Reads `archivar.json`: `None` when the folder holds no index.
pub fn read_meta(dir: &Path) -> Result<Option<IndexMeta>, IndexError> {
    let Some(bytes) = read_optional(&dir.join(META_FILE))? else {
        return Ok(None);
    };
    #[derive(Deserialize)]
    struct Version {
        format: u32,
    }
    let path = dir.join(META_FILE);
    let bad = |source| IndexError::BadMeta {
        path: path.clone(),
        source,
    };
    let version: Version = serde_json::from_slice(&bytes).map_err(bad)?;
    if version.format != FORMAT_VERSION {
        return Err(IndexError::Incompatible {
            dir: dir.to_path_buf(),
            found: version.format,
        });
    }
    serde_json::from_slice(&bytes).map(Some).map_err(bad)
}

pub(super) fn read_optional(path: &Path) -> Result<Option<Vec<u8>>, IndexError> {
    let Some(mut file) = open_optional(path)? else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|source| io_error("reading", path, source))?;
    Ok(Some(bytes))
}

/// Opens `path` for reading: `None` when there is no such file.
pub(super) fn open_optional(path: &Path) -> Result<Option<fs::File>, IndexError> {
    match fs::File::open(path) {
        Ok(file) => Ok(Some(file)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(io_error("reading", path, source)),
    }
}

pub(super) fn io_error(action: &'static str, path: &Path, source: std::io::Error) -> IndexError {
    IndexError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// A JSON error while reading or writing `path`: the file's I/O error, or JSON that is damaged.
pub(super) fn json_error(
    action: &'static str,
    path: &Path,
    source: serde_json::Error,
) -> IndexError {
    match source.io_error_kind() {
        Some(kind) => io_error(action, path, std::io::Error::new(kind, source)),
        None => IndexError::BadMeta {
            path: path.to_path_buf(),
            source,
        },
    }
}

/// Writes `value` as JSON to `path` through a temporary file, so that a crash leaves the old file
/// or the new one, never half of one.
pub(super) fn write_json(path: &Path, value: &impl Serialize) -> Result<(), IndexError> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    let temporary = PathBuf::from(temporary);
    let failed = |source| io_error("writing", path, source);
    let mut out = BufWriter::new(fs::File::create(&temporary).map_err(failed)?);
    serde_json::to_writer(&mut out, value).map_err(|source| json_error("writing", path, source))?;
    out.flush().map_err(failed)?;
    drop(out);
    fs::rename(&temporary, path).map_err(failed)
}

pub(super) fn write_meta(dir: &Path, meta: &IndexMeta) -> Result<(), IndexError> {
    write_json(&dir.join(META_FILE), meta)
}
