//! Crawling: find article files under one or more folders and read them into [`Article`]s.
//!
//! The crawl never fails as a whole because of one file: a file that cannot be used becomes a
//! [`Skipped`] entry with its [`SkipReason`], and a bad record inside a good file (a broken JSON
//! line) is a problem reported beside the file's other articles.
//!
//! Formats, chosen by extension and content: the house text format (`.txt`), Markdown (`.md`),
//! HTML (`.html`, `.htm`), JSON (`.json`) and JSON Lines (`.jsonl`, `.ndjson`), each also
//! gzip-compressed (`.gz`). Encodings: UTF-8 (with or without BOM), UTF-16 with BOM, an HTML
//! page's declared charset, else detected (Windows-1252 and Latin-1 for older German archives).
//! This module knows nothing about analysis or the index.

mod date;
mod decode;
mod house;
mod html;
mod json;
mod markdown;
mod text;

pub use date::{DateError, PartialDate, Period};
pub use house::parse as parse_house_text;
pub use text::{Paragraph, Parsed};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::fs::{self, Metadata};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;
use walkdir::WalkDir;

/// Default size limit of one file: a news article is far smaller, so a larger file is a dump
/// or a mistake, and reading it whole would cost memory for nothing.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// A file the crawl found, with what identifies its version.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileStamp {
    #[serde(with = "path_bytes")]
    pub path: PathBuf,
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch (0 if unknown).
    pub modified_ns: u64,
}

/// Paths as JSON: a string when they are UTF-8, else (on Unix) their bytes, so that a file with
/// an odd name is recognised again by the next crawl.
pub(crate) mod path_bytes {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::path::{Path, PathBuf};

    #[derive(Serialize, Deserialize)]
    #[serde(untagged)]
    enum Repr {
        Text(String),
        Bytes(Vec<u8>),
    }

    pub fn serialize<S: Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
        match path.to_str() {
            Some(text) => Repr::Text(text.to_string()),
            #[cfg(unix)]
            None => Repr::Bytes(std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()).to_vec()),
            #[cfg(not(unix))]
            None => Repr::Text(path.to_string_lossy().into_owned()),
        }
        .serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<PathBuf, D::Error> {
        Ok(match Repr::deserialize(deserializer)? {
            Repr::Text(text) => PathBuf::from(text),
            #[cfg(unix)]
            Repr::Bytes(bytes) => {
                PathBuf::from(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(&bytes))
            }
            #[cfg(not(unix))]
            Repr::Bytes(bytes) => PathBuf::from(String::from_utf8_lossy(&bytes).into_owned()),
        })
    }
}

/// A news article read from a file, or from one record of a JSON file.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The file, as reached from the crawl root (`corpus/seed/x.txt`).
    pub path: PathBuf,
    /// The record's number in a JSON file (from 1); `None` for a file that is one article.
    pub record: Option<usize>,
    pub title: String,
    /// The section the article names, else the name of the folder holding the file.
    pub section: String,
    pub date: Option<PartialDate>,
    pub sources: Vec<String>,
    pub authors: Vec<String>,
    pub url: Option<String>,
    pub paragraphs: Vec<Paragraph>,
}

impl Article {
    /// Where the article is: the path, with `#N` for a record of a JSON file.
    pub fn location(&self) -> String {
        let path = self.path.to_string_lossy();
        match self.record {
            Some(record) => format!("{path}#{record}"),
            None => path.into_owned(),
        }
    }
}

/// Why a file was not indexed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SkipReason {
    #[error(
        "not an article format (.txt, .md, .html, .htm, .json, .jsonl, .ndjson, or .gz of those)"
    )]
    Unsupported,
    #[error("listed in an {IGNORE_FILE} file")]
    Ignored,
    #[error("empty file")]
    Empty,
    #[error("binary file, not text")]
    Binary,
    #[error("no article text in the file")]
    NoText,
    #[error("larger than the size limit ({size} bytes); raise it with --max-file-size")]
    TooLarge { size: u64 },
    #[error("not a regular file")]
    NotAFile,
    #[error("cannot read: {0}")]
    Unreadable(String),
    #[error("broken compression: {0}")]
    BadCompression(String),
    #[error("{0}")]
    BadJson(String),
}

impl SkipReason {
    /// Whether the user should hear about it: an unsupported file is expected in any folder,
    /// the others mean an article may be missing.
    pub fn is_warning(&self) -> bool {
        !matches!(self, SkipReason::Unsupported | SkipReason::Ignored)
    }

    /// A short name of the kind of reason, for summaries.
    pub fn kind(&self) -> &'static str {
        match self {
            SkipReason::Unsupported => "not an article format",
            SkipReason::Ignored => "ignored",
            SkipReason::Empty => "empty",
            SkipReason::Binary => "binary",
            SkipReason::NoText => "without text",
            SkipReason::TooLarge { .. } => "too large",
            SkipReason::NotAFile => "not a regular file",
            SkipReason::Unreadable(_) => "unreadable",
            SkipReason::BadCompression(_) => "broken compression",
            SkipReason::BadJson(_) => "invalid JSON",
        }
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
    /// Folders that could not be read: what was indexed below them is not known to be gone.
    pub unreadable_folders: Vec<PathBuf>,
}

impl Listing {
    /// Whether `path` lies below a folder the walk could not read.
    pub fn is_hidden_by_error(&self, path: &Path) -> bool {
        self.unreadable_folders
            .iter()
            .any(|folder| path.starts_with(folder))
    }
}

/// Walks `roots` (folders or single files) and lists the article files in them.
/// Hidden files and folders (name starting with `.`) are not visited. Symbolic links are
/// followed; link loops and dangling links are reported as skipped.
pub fn list_files(roots: &[PathBuf]) -> Listing {
    let mut listing = Listing::default();
    let mut ignores = IgnoreFiles::default();
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
                    if error.loop_ancestor().is_none() && path.is_dir() {
                        listing.unreadable_folders.push(path.clone());
                    }
                    let reason = SkipReason::Unreadable(walk_error_text(&error));
                    listing.skipped.push(Skipped { path, reason });
                    continue;
                }
            };
            if entry.file_type().is_dir() {
                continue;
            }
            let path = entry.into_path();
            if ignores.is_ignored(root, &path) {
                listing.skipped.push(Skipped {
                    path,
                    reason: SkipReason::Ignored,
                });
                continue;
            }
            if Format::of_path(&path).is_none() {
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

/// Name of the file listing, one per line, files not to index in its folder and below, in
/// `.gitignore` syntax (`README.md`, `*.draft.txt`, `entwuerfe/`; `#` starts a comment, `!`
/// takes a name back).
pub const IGNORE_FILE: &str = ".archivarignore";

/// The ignore files met so far, by folder; `None` where a folder has none.
#[derive(Default)]
struct IgnoreFiles {
    by_folder: std::collections::HashMap<PathBuf, Option<Gitignore>>,
}

impl IgnoreFiles {
    /// Whether an ignore file in a folder from `root` down to `path`'s folder names it (or a
    /// folder it is in).
    fn is_ignored(&mut self, root: &Path, path: &Path) -> bool {
        path.ancestors()
            .skip(1)
            .take_while(|folder| folder.starts_with(root))
            .any(|folder| {
                let Ok(relative) = path.strip_prefix(folder) else {
                    return false;
                };
                self.by_folder
                    .entry(folder.to_path_buf())
                    .or_insert_with(|| read_ignore_file(folder))
                    .as_ref()
                    .is_some_and(|patterns| {
                        patterns
                            .matched_path_or_any_parents(relative, false)
                            .is_ignore()
                    })
            })
    }
}

/// The patterns of `folder`'s ignore file, by the gitignore matcher of ripgrep's `ignore`
/// crate. A line that is no valid pattern is left out; the others apply.
fn read_ignore_file(folder: &Path) -> Option<Gitignore> {
    let file = folder.join(IGNORE_FILE);
    if !file.is_file() {
        return None;
    }
    let mut builder = GitignoreBuilder::new(folder);
    // The error names the lines that are no patterns; the file's other lines still count.
    let _ = builder.add(&file);
    builder.build().ok()
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|name| name.starts_with('.'))
}

/// The article formats archivar reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    House,
    Markdown,
    Html,
    Json,
    JsonLines,
}

impl Format {
    /// The format a file name promises (`.gz` looks at the name within).
    fn of_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let extension = name.rsplit_once('.')?.1;
        Some(match extension {
            "txt" => Format::House,
            "md" | "markdown" => Format::Markdown,
            "html" | "htm" | "xhtml" => Format::Html,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::JsonLines,
            _ => return None,
        })
    }
}

fn stamp(path: PathBuf, metadata: &Metadata) -> FileStamp {
    let modified_ns = metadata
        .modified()
        .ok()
        .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |age| u64::try_from(age.as_nanos()).unwrap_or(u64::MAX));
    FileStamp {
        path,
        size: metadata.len(),
        modified_ns,
    }
}

/// Reads a file's bytes as stored, refusing files over `max_bytes`.
pub fn read_raw(path: &Path, max_bytes: u64) -> Result<Vec<u8>, SkipReason> {
    let metadata = fs::metadata(path).map_err(|e| SkipReason::Unreadable(e.to_string()))?;
    if !metadata.is_file() {
        return Err(SkipReason::NotAFile);
    }
    if metadata.len() > max_bytes {
        return Err(SkipReason::TooLarge {
            size: metadata.len(),
        });
    }
    fs::read(path).map_err(|e| SkipReason::Unreadable(e.to_string()))
}

/// The articles of one file, and the records in it that could not be read.
#[derive(Debug, Default)]
pub struct FileArticles {
    pub articles: Vec<Article>,
    /// `(record number, what is wrong)` for records of a JSON file that were left out.
    pub problems: Vec<(usize, String)>,
}

/// Parses the bytes of the file at `path` (as [`read_raw`] returned them) into articles.
pub fn parse_file(path: &Path, raw: &[u8], max_bytes: u64) -> Result<FileArticles, SkipReason> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err(SkipReason::Empty);
    }
    let decompressed;
    let bytes = if decode::is_gzip(raw) {
        decompressed = decode::gunzip(raw, max_bytes)?;
        &decompressed[..]
    } else {
        raw
    };
    let mut format = Format::of_path(path).ok_or(SkipReason::Unsupported)?;
    let declared = if format == Format::Html {
        decode::html_declared_charset(bytes)
    } else {
        None
    };
    let text = decode::decode(bytes, declared)?;
    if format == Format::House && looks_like_html(&text) {
        format = Format::Html;
    }
    let records: Vec<(usize, Result<Parsed, String>)> = match format {
        Format::House => vec![(0, Ok(house::parse(&text)))],
        Format::Markdown => vec![(0, Ok(markdown::parse(&text)))],
        Format::Html => vec![(0, Ok(html::parse(&text)))],
        Format::Json => json::parse_json(&text).map_err(SkipReason::BadJson)?,
        Format::JsonLines => json::parse_json_lines(&text),
    };
    let mut file = FileArticles::default();
    for (number, record) in records {
        match record {
            Ok(parsed) if !parsed.paragraphs.is_empty() => {
                file.articles
                    .push(article(path, (number > 0).then_some(number), parsed));
            }
            Ok(_) => file.problems.push((number, "no article text".to_string())),
            Err(problem) => file.problems.push((number, problem)),
        }
    }
    if file.articles.is_empty() {
        return Err(match file.problems.as_slice() {
            [(0, _)] | [] => SkipReason::NoText,
            [(_, problem), ..] => {
                SkipReason::BadJson(format!("no readable record; first: {problem}"))
            }
        });
    }
    Ok(file)
}

fn looks_like_html(text: &str) -> bool {
    let start: String = text
        .trim_start()
        .chars()
        .take(15)
        .collect::<String>()
        .to_ascii_lowercase();
    start.starts_with("<!doctype html") || start.starts_with("<html")
}

fn article(path: &Path, record: Option<usize>, parsed: Parsed) -> Article {
    let title = parsed
        .title
        .or_else(|| {
            record
                .is_none()
                .then(|| title_from_file_name(path))
                .flatten()
        })
        .unwrap_or_else(|| title_from_text(&parsed.paragraphs[0].text));
    let section = parsed.section.unwrap_or_else(|| {
        path.parent()
            .and_then(Path::file_name)
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    Article {
        path: path.to_path_buf(),
        record,
        title,
        section,
        date: parsed.date,
        sources: parsed.sources,
        authors: parsed.authors,
        url: parsed.url,
        paragraphs: parsed.paragraphs,
    }
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
    fn ignore_patterns() {
        let table = [
            ("README.md", "README.md", true),
            ("README.md", "README.md.bak", false),
            ("README.md", "sub/README.md", true),
            ("*.draft.txt", "a.draft.txt", true),
            ("*.draft.txt", "a.txt", false),
            ("SOURCE*", "SOURCE.md", true),
            ("*", "anything", true),
            ("a*b*c", "axxbyyc", true),
            ("a*b*c", "axxbyy", false),
            ("ab*ba", "aba", false),
            ("entwuerfe/", "entwuerfe/a.txt", true),
            ("*.txt\n!behalten.txt", "behalten.txt", false),
            ("# README.md", "README.md", false),
        ];
        for (patterns, name, expected) in table {
            let folder = tempfile::tempdir().expect("a temporary folder");
            fs::write(folder.path().join(IGNORE_FILE), patterns).expect("an ignore file");
            let path = folder.path().join(name);
            assert_eq!(
                IgnoreFiles::default().is_ignored(folder.path(), &path),
                expected,
                "{patterns} ~ {name}"
            );
        }
    }

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
}
