//! Re-crawls cost only what changed, and no interruption loses or duplicates an article.

mod common;

use common::{archivar, fixture, search_json};
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant, SystemTime};
use tempfile::TempDir;

/// `count` small articles, each with a word of its own (`wortN`).
fn many_articles(count: usize) -> TempDir {
    let dir = fixture(&[]);
    for i in 0..count {
        let folder = dir.path().join(format!("news/{:02}", i % 20));
        std::fs::create_dir_all(&folder).unwrap();
        let text = format!("Artikel {i}\n\nDer Bericht Nummer {i} enthält das Wort wort{i}.\n\nZweiter Absatz zu {i}.\n");
        std::fs::write(folder.join(format!("a{i:05}.txt")), text).unwrap();
    }
    dir
}

fn index_dir(corpus: &TempDir) -> PathBuf {
    corpus.path().join(".index")
}

/// `archivar index --json` over `corpus/news`; asserts the exit code and returns the report.
fn index_json(corpus: &TempDir, extra: &[&str], code: i32) -> Value {
    let output = archivar()
        .arg("index")
        .arg(corpus.path().join("news"))
        .arg("--index")
        .arg(index_dir(corpus))
        .arg("--json")
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "{stderr}");
    serde_json::from_slice(&output.stdout).unwrap()
}

fn counts(report: &Value) -> [u64; 4] {
    ["added", "updated", "removed", "unchanged"].map(|key| report[key].as_u64().unwrap())
}

/// Passages matching `query` as written (no spelling correction: `wort4` must not become
/// `wort40`).
fn hits(corpus: &TempDir, query: &str) -> u64 {
    search_json(&index_dir(corpus), query, &["--exact"])["total_hits"]
        .as_u64()
        .unwrap()
}

#[test]
fn a_rerun_reindexes_exactly_what_changed() {
    let corpus = many_articles(40);
    let first = index_json(&corpus, &[], 0);
    assert_eq!(counts(&first), [40, 0, 0, 0]);
    assert_eq!(
        (first["articles"].as_u64(), first["documents"].as_u64()),
        (Some(40), Some(80))
    );

    assert_eq!(counts(&index_json(&corpus, &[], 0)), [0, 0, 0, 40]);

    // Touched but unchanged: recognised by its hash.
    let touched = corpus.path().join("news/00/a00000.txt");
    let file = std::fs::File::options().write(true).open(&touched).unwrap();
    file.set_modified(SystemTime::now() + Duration::from_secs(60))
        .unwrap();
    drop(file);
    assert_eq!(counts(&index_json(&corpus, &[], 0)), [0, 0, 0, 40]);

    // Edit 3, delete 2, add 5.
    for i in [1, 2, 3] {
        let path = corpus
            .path()
            .join(format!("news/{:02}/a{i:05}.txt", i % 20));
        std::fs::write(path, format!("Geändert {i}: jetzt über Zeppeline.\n")).unwrap();
    }
    for i in [4, 5] {
        std::fs::remove_file(
            corpus
                .path()
                .join(format!("news/{:02}/a{i:05}.txt", i % 20)),
        )
        .unwrap();
    }
    for i in 0..5 {
        std::fs::write(
            corpus.path().join(format!("news/neu{i}.txt")),
            format!("Neu {i} über Ballone.\n"),
        )
        .unwrap();
    }
    let report = index_json(&corpus, &[], 0);
    assert_eq!(counts(&report), [5, 3, 2, 35]);
    assert_eq!(report["articles"], 43);
    assert_eq!(report["documents"], report["passages"]);

    assert_eq!(hits(&corpus, "Zeppeline"), 3);
    assert_eq!(hits(&corpus, "Ballone"), 5);
    assert_eq!(hits(&corpus, "wort4"), 0);
    assert_eq!(hits(&corpus, "wort1"), 0);
    assert_eq!(hits(&corpus, "wort6"), 1);

    // --full re-reads everything.
    let full = index_json(&corpus, &["--full"], 0);
    assert_eq!(counts(&full), [0, 43, 0, 0]);
    assert_eq!(full["documents"], report["documents"]);
}

#[test]
fn the_text_summary_says_what_was_done() {
    let corpus = many_articles(3);
    archivar()
        .arg("index")
        .arg(corpus.path().join("news"))
        .arg("--index")
        .arg(index_dir(&corpus))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "3 files added, 0 updated, 0 removed, 0 unchanged, 0 skipped",
        ))
        .stdout(predicate::str::contains(
            "The index holds 3 articles (6 passages).",
        ));
}

#[test]
fn an_index_of_another_version_asks_for_a_full_rebuild() {
    let corpus = many_articles(3);
    index_json(&corpus, &[], 0);
    let meta = index_dir(&corpus).join("archivar.json");
    std::fs::write(&meta, r#"{"format": 1, "roots": []}"#).unwrap();
    refused_until_rebuilt(&corpus, "incompatible archivar version");
}

/// `archivar index` and `archivar search` on the corpus's index both exit 2 with a message
/// that says `why` and asks for `--full` (and does not call the index missing); a build with
/// `--full` then makes it whole again.
fn refused_until_rebuilt(corpus: &TempDir, why: &str) {
    for command in [&["index"][..], &["search", "wort1"][..]] {
        let mut cmd = archivar();
        cmd.args(command);
        if command[0] == "index" {
            cmd.arg(corpus.path().join("news"));
        }
        cmd.arg("--index")
            .arg(index_dir(corpus))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(why))
            .stderr(predicate::str::contains("--full"))
            .stderr(predicate::str::contains("no index in").not());
    }
    let rebuilt = index_json(corpus, &["--full"], 0);
    assert_eq!(rebuilt["documents"], 6);
    assert_eq!(hits(corpus, "wort1"), 1);
}

#[test]
fn an_index_of_another_schema_is_named_as_such_not_as_missing() {
    let corpus = many_articles(3);
    index_json(&corpus, &[], 0);
    // A version of the same format whose schema differed: tantivy's meta.json names a field
    // this version does not have.
    let meta = index_dir(&corpus).join("meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    assert!(text.contains("\"date_label\""));
    std::fs::write(&meta, text.replace("\"date_label\"", "\"date_text\"")).unwrap();
    refused_until_rebuilt(&corpus, "other fields than this archivar version");
}

#[test]
fn a_second_indexer_fails_at_once_while_searches_go_on() {
    let corpus = many_articles(3);
    index_json(&corpus, &[], 0);
    // Hold the index's writer lock as a running `archivar index` would.
    let open = archivar::index::ArchiveIndex::open(&index_dir(&corpus)).unwrap();
    let writer = open
        .index
        .writer::<tantivy::TantivyDocument>(50_000_000)
        .unwrap();
    let started = Instant::now();
    archivar()
        .arg("index")
        .arg(corpus.path().join("news"))
        .arg("--index")
        .arg(index_dir(&corpus))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "locked by another archivar process",
        ));
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "waited for the lock"
    );
    assert_eq!(hits(&corpus, "wort2"), 1);
    drop(writer);
    assert_eq!(counts(&index_json(&corpus, &[], 0)), [0, 0, 0, 3]);
}

fn spawn_index(corpus: &TempDir) -> Child {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("archivar"));
    command
        .arg("index")
        .arg(corpus.path().join("news"))
        .arg("--index")
        .arg(index_dir(corpus))
        .args(["--json", "--commit-interval", "0.05"])
        .env_remove("ARCHIVAR_INDEX")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command.spawn().unwrap()
}

/// Waits until a build has committed at least once (the manifest exists). Returns whether the
/// build was still running then.
fn wait_for_first_commit(child: &mut Child, index: &Path) -> bool {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        if index.join("manifest.json").exists() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    panic!("no commit within a minute");
}

#[test]
fn kill_9_while_indexing_loses_nothing_and_duplicates_nothing() {
    let corpus = many_articles(3000);
    let mut child = spawn_index(&corpus);
    let cut_off = wait_for_first_commit(&mut child, &index_dir(&corpus));
    child.kill().unwrap();
    child.wait().unwrap();
    if cut_off {
        // The last commit is searchable, each article in it once.
        let committed = hits(&corpus, "Bericht");
        assert!(
            (1..3000).contains(&committed),
            "{committed} articles after the kill"
        );
    } else {
        eprintln!("note: the build finished before it could be killed");
    }
    let report = index_json(&corpus, &[], 0);
    assert_eq!(report["articles"], 3000);
    assert_eq!(report["documents"], 6000, "every passage exactly once");
    assert_eq!(hits(&corpus, "wort2999"), 1);
    assert_eq!(hits(&corpus, "wort0"), 1);
}

#[cfg(unix)]
#[test]
fn ctrl_c_commits_what_is_done_and_exits_130() {
    let corpus = many_articles(3000);
    let mut child = spawn_index(&corpus);
    let cut_off = wait_for_first_commit(&mut child, &index_dir(&corpus));
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    if cut_off {
        assert_eq!(output.status.code(), Some(130));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("interrupted"), "{stderr}");
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(report["interrupted"], true);
        assert_eq!(report["documents"], report["passages"]);
        assert!(report["articles"].as_u64().unwrap() < 3000);
    } else {
        eprintln!("note: the build finished before Ctrl-C");
    }
    let report = index_json(&corpus, &[], 0);
    assert_eq!(report["articles"], 3000);
    assert_eq!(report["documents"], 6000);
}

#[cfg(unix)]
#[test]
fn odd_file_names_are_recognised_on_the_next_run() {
    use std::os::unix::ffi::OsStrExt;
    let corpus = many_articles(2);
    let name = std::ffi::OsStr::from_bytes(b"name-\xff.txt");
    std::fs::write(corpus.path().join("news").join(name), "Seltsamer Name.\n").unwrap();
    assert_eq!(counts(&index_json(&corpus, &[], 0)), [3, 0, 0, 0]);
    assert_eq!(counts(&index_json(&corpus, &[], 0)), [0, 0, 0, 3]);
}

#[test]
fn a_file_that_cannot_be_indexed_is_not_read_again_until_it_changes() {
    let corpus = many_articles(2);
    let bad = corpus.path().join("news/00/kaputt.txt");
    std::fs::write(&bad, [0u8, 159, 146, 150, 0, 0, 1, 2]).unwrap();
    let first = index_json(&corpus, &[], 0);
    assert_eq!(first["skipped"].as_array().unwrap().len(), 1, "{first}");
    // Unchanged, it is neither read nor reported again, and the index is up to date.
    let second = index_json(&corpus, &[], 0);
    assert_eq!(counts(&second), [0, 0, 0, 3]);
    assert_eq!(second["skipped"].as_array().unwrap().len(), 0, "{second}");
    assert_eq!(second["articles"], 2);
    // Mended, it is indexed.
    std::fs::write(&bad, "Repariert\n\nJetzt lesbar mit dem Wort heilwort.\n").unwrap();
    let third = index_json(&corpus, &[], 0);
    assert_eq!(counts(&third), [0, 1, 0, 2]);
    assert_eq!(hits(&corpus, "heilwort"), 1);
}
