//! Crawling: find article files under one or more folders and read them into [`Article`]s.
//!
//! The crawl never fails as a whole because of one file: a file that cannot be used becomes a
//! [`Skipped`] entry with its [`SkipReason`], and the caller decides how to report it.
//! Today the house text format (`.txt`) is read; other files are counted as unsupported.
//! Text is decoded as UTF-8 (with or without BOM), falling back to Windows-1252.
//! This module knows nothing about analysis or the index.

mod date;
mod house;

pub use date::{DateError, PartialDate};
pub use house::{parse as parse_house_text, HouseText, Paragraph};

use std::fs::{self, Metadata};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;
use walkdir::WalkDir;

/// Files larger than this are skipped: a news article is far smaller, so such a file is a
/// dump or a mistake, and reading it whole would cost memory for nothing.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// A file the crawl found, with what identifies its version.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileStamp {
    pub path: PathBuf,
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch (0 if unknown).
    pub modified_ns: u128,
}

/// A news article read from one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The file, as reached from the crawl root (`corpus/seed/x.txt`).
    pub path: PathBuf,
    pub title: String,
    /// Name of the folder holding the file.
    pub section: String,
    pub date: Option<PartialDate>,
    pub sources: Vec<String>,
    pub paragraphs: Vec<Paragraph>,
}

/// Why a file was not indexed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SkipReason {
    #[error("not a supported article format (expected .txt)")]
    Unsupported,
    #[error("empty file")]
    Empty,
    #[error("binary file, not text")]
    Binary,
    #[error("no article text in the file")]
    NoText,
    #[error("larger than the {} MB limit ({size} bytes)", MAX_FILE_BYTES / 1024 / 1024)]
    TooLarge { size: u64 },
    #[error("not a regular file")]
    NotAFile,
    #[error("cannot read: {0}")]
    Unreadable(String),
}

impl SkipReason {
    /// A short name of the kind of reason, for summaries.
    pub fn kind(&self) -> &'static str {
        match self {
            SkipReason::Unsupported => "not an article format",
            SkipReason::Empty => "empty",
            SkipReason::Binary => "binary",
            SkipReason::NoText => "without text",
            SkipReason::TooLarge { .. } => "too large",
            SkipReason::NotAFile => "not a regular file",
            SkipReason::Unreadable(_) => "unreadable",
        }
    }

    /// Whether the user should hear about it: an unsupported file is expected in any folder,
    /// the others mean an article may be missing.
    pub fn is_warning(&self) -> bool {
        !matches!(self, SkipReason::Unsupported)
    }
}

/// A file or folder the crawl could not use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: SkipReason,
}

/// What a walk over the roots found.
#[derive(Debug, Default)]
pub struct Listing {
    /// Candidate article files, sorted by path.
    pub files: Vec<FileStamp>,
    /// Entries that were not candidates, or could not be looked at.
    pub skipped: Vec<Skipped>,
}

/// Walks `roots` (folders or single files) and lists the article files in them.
/// Hidden files and folders (name starting with `.`) are not visited. Symbolic links are
/// followed; link loops and dangling links are reported as skipped.
pub fn list_files(roots: &[PathBuf]) -> Listing {
    let mut listing = Listing::default();
    for root in roots {
        let walk = WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
        for entry in walk {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let path = error.path().unwrap_or(root).to_path_buf();
                    let reason = SkipReason::Unreadable(walk_error_text(&error));
                    listing.skipped.push(Skipped { path, reason });
                    continue;
                }
            };
            if entry.file_type().is_dir() {
                continue;
            }
            let path = entry.into_path();
            if !has_supported_extension(&path) {
                listing.skipped.push(Skipped {
                    path,
                    reason: SkipReason::Unsupported,
                });
                continue;
            }
            match fs::metadata(&path) {
                Ok(metadata) if metadata.is_file() => listing.files.push(stamp(path, &metadata)),
                Ok(_) => listing.skipped.push(Skipped {
                    path,
                    reason: SkipReason::NotAFile,
                }),
                Err(error) => listing.skipped.push(Skipped {
                    path,
                    reason: SkipReason::Unreadable(error.to_string()),
                }),
            }
        }
    }
    listing.files.sort_by(|a, b| a.path.cmp(&b.path));
    listing.files.dedup_by(|a, b| a.path == b.path);
    listing
}

fn walk_error_text(error: &walkdir::Error) -> String {
    if let Some(ancestor) = error.loop_ancestor() {
        return format!("symbolic link loop back to {}", ancestor.display());
    }
    match error.io_error() {
        Some(io) => io.to_string(),
        None => error.to_string(),
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|name| name.starts_with('.'))
}

fn has_supported_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| ext.eq_ignore_ascii_case("txt"))
}

fn stamp(path: PathBuf, metadata: &Metadata) -> FileStamp {
    let modified_ns = metadata
        .modified()
        .ok()
        .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |age| age.as_nanos());
    FileStamp {
        path,
        size: metadata.len(),
        modified_ns,
    }
}

/// Reads and parses one article file.
pub fn read_article(path: &Path) -> Result<Article, SkipReason> {
    let metadata = fs::metadata(path).map_err(|e| SkipReason::Unreadable(e.to_string()))?;
    if metadata.len() > MAX_FILE_BYTES {
        return Err(SkipReason::TooLarge {
            size: metadata.len(),
        });
    }
    let bytes = fs::read(path).map_err(|e| SkipReason::Unreadable(e.to_string()))?;
    let text = decode(&bytes)?;
    let parsed = parse_house_text(&text);
    if parsed.paragraphs.is_empty() {
        return Err(SkipReason::NoText);
    }
    Ok(Article {
        title: parsed
            .title
            .or_else(|| title_from_file_name(path))
            .unwrap_or_else(|| title_from_text(&parsed.paragraphs[0].text)),
        section: path
            .parent()
            .and_then(Path::file_name)
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default(),
        path: path.to_path_buf(),
        date: parsed.date,
        sources: parsed.sources,
        paragraphs: parsed.paragraphs,
    })
}

/// Decodes file bytes to text: UTF-8 (a BOM is dropped), else Windows-1252, the usual encoding
/// of older German archives. Binary data is refused.
fn decode(bytes: &[u8]) -> Result<String, SkipReason> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(SkipReason::Empty);
    }
    if looks_binary(bytes) {
        return Err(SkipReason::Binary);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok(text.into_owned())
        }
    }
}

/// A NUL byte or many control characters in the first 8 KiB mean the file is not text.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    control * 20 > head.len()
}

/// `2022-01-genf-blinken-lawrow.txt` → `Genf Blinken Lawrow`; `None` for a name without
/// letters (`0049.txt`), which cannot serve as a title.
fn title_from_file_name(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_string_lossy();
    let words: Vec<String> = stem
        .split(['-', '_', ' ', '.'])
        .filter(|word| word.chars().any(char::is_alphabetic))
        .map(capitalize)
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The first sentence of `text`, cut at a word boundary if it is long.
fn title_from_text(text: &str) -> String {
    const MAX_CHARS: usize = 90;
    let sentence_end = text
        .char_indices()
        .find(|&(i, c)| matches!(c, '.' | '!' | '?' | ':') && text[i + 1..].starts_with(' '))
        .map_or(text.len(), |(i, _)| i);
    let sentence = &text[..sentence_end];
    if sentence.chars().count() <= MAX_CHARS {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(MAX_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut} …")
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_file_names() {
        let table = [
            (
                "corpus/seed/2022-01-genf-blinken-lawrow.txt",
                Some("Genf Blinken Lawrow"),
            ),
            ("a/über_die_alpen.txt", Some("Über Die Alpen")),
            ("a/0001.txt", None),
        ];
        for (path, title) in table {
            let expected = title.map(str::to_string);
            assert_eq!(
                title_from_file_name(Path::new(path)),
                expected,
                "title of {path}"
            );
        }
    }

    #[test]
    fn titles_from_first_sentences() {
        let table = [
            ("Kurz und gut. Dann mehr.", "Kurz und gut"),
            ("Drogenboss und wo Gott wohnt: Netflix startet.", "Drogenboss und wo Gott wohnt"),
            ("Ohne Satzende", "Ohne Satzende"),
            (
                "Ein sehr langer erster Satz, der kein Ende nehmen will und weiter und weiter geht, bis er abgeschnitten wird.",
                "Ein sehr langer erster Satz, der kein Ende nehmen will und weiter und weiter geht, bis er …",
            ),
        ];
        for (text, title) in table {
            assert_eq!(title_from_text(text), title, "title of {text:?}");
        }
    }

    #[test]
    fn decoding_table() {
        let table: &[(&[u8], Result<&str, SkipReason>)] = &[
            (b"Au\xc3\x9fenminister", Ok("Außenminister")),
            (b"\xEF\xBB\xBFAu\xc3\x9fenminister", Ok("Außenminister")),
            (b"Au\xdfenminister f\xfcr", Ok("Außenminister für")),
            (b"", Err(SkipReason::Empty)),
            (b" \n\t\n", Err(SkipReason::Empty)),
            (b"PK\x03\x04\x00\x00binary", Err(SkipReason::Binary)),
        ];
        for (bytes, expected) in table {
            let expected = expected.clone().map(str::to_string);
            assert_eq!(decode(bytes), expected, "decoding {bytes:?}");
        }
    }
}
