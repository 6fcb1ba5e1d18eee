//! Helpers shared by the end-to-end tests: run the binary, build fixture indexes.

#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tempfile::TempDir;

/// The `archivar` binary with a clean environment for the variables it reads.
pub fn archivar() -> Command {
    let mut command = Command::cargo_bin("archivar").expect("archivar binary is built");
    command.env_remove("ARCHIVAR_INDEX").env_remove("NO_COLOR");
    command
}

/// The repository's shipped corpus.
pub fn shipped_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// An index of the shipped corpus, built once for all tests of a test binary.
pub fn corpus_index() -> &'static Path {
    static INDEX: OnceLock<TempDir> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let dir = TempDir::new().expect("temp dir");
            archivar()
                .arg("index")
                .arg(shipped_corpus())
                .arg("--index")
                .arg(dir.path())
                .assert()
                .success();
            dir
        })
        .path()
}

/// Writes `files` (relative path, content) under a new temp folder.
pub fn fixture(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    for (path, content) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("fixture path has a parent"))
            .expect("fixture folder");
        std::fs::write(path, content).expect("fixture file");
    }
    dir
}

/// Indexes `corpus` into its hidden `.index` folder (which the crawl skips) and returns it.
pub fn index_fixture(corpus: &TempDir) -> PathBuf {
    let index = corpus.path().join(".index");
    archivar()
        .arg("index")
        .arg(corpus.path())
        .arg("--index")
        .arg(&index)
        .assert()
        .success();
    index
}

/// Runs `archivar search --json QUERY --index INDEX [extra]` and parses the output.
pub fn search_json(index: &Path, query: &str, extra: &[&str]) -> Value {
    let output = archivar()
        .args(["search", "--json", query, "--index"])
        .arg(index)
        .args(extra)
        .output()
        .expect("archivar runs");
    assert!(
        output.status.code() == Some(0) || output.status.code() == Some(1),
        "search {query:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("search --json prints JSON")
}

/// The highlighted words of a JSON result, as they stand in its snippet.
pub fn highlighted(result: &Value) -> Vec<String> {
    let snippet: Vec<char> = result["snippet"]
        .as_str()
        .expect("snippet")
        .chars()
        .collect();
    result["highlights"]
        .as_array()
        .expect("highlights")
        .iter()
        .map(|range| {
            let start = range[0].as_u64().expect("start") as usize;
            let end = range[1].as_u64().expect("end") as usize;
            snippet[start..end].iter().collect()
        })
        .collect()
}

/// The file names of the results, in order.
pub fn result_files(results: &Value) -> Vec<String> {
    results["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|result| {
            let path = result["path"].as_str().expect("path");
            Path::new(path)
                .file_name()
                .expect("file name")
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}
