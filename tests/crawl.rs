//! Crawling messy folders: bad files are reported and skipped, the crawl goes on.

mod common;

use common::{archivar, fixture, result_files, search_json};
use predicates::prelude::*;

#[test]
fn binary_empty_and_unreadable_files_are_warned_about_and_the_crawl_goes_on() {
    let corpus = fixture(&[
        (
            "news/gut.txt",
            " date 2021-03-15 Der Gemeinderat beschloss den Ausbau der Radwege.\n",
        ),
        ("news/leer.txt", ""),
        ("news/notizen.md", "# not an article format yet\n"),
    ]);
    std::fs::write(
        corpus.path().join("news/bild.txt"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    )
    .unwrap();
    // Unreadable even for root: a link to nothing.
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        corpus.path().join("missing"),
        corpus.path().join("news/weg.txt"),
    )
    .unwrap();
    let index = corpus.path().join(".index");

    let assert = archivar()
        .arg("index")
        .arg(corpus.path())
        .arg("--index")
        .arg(&index)
        .assert()
        .success()
        .stdout(predicate::str::contains("Indexed 1 articles"))
        .stdout(predicate::str::contains("Skipped 3 files with problems"))
        .stdout(predicate::str::contains("Ignored 1 file of other formats"))
        .stderr(predicate::str::contains("leer.txt: empty file"))
        .stderr(predicate::str::contains("bild.txt: binary file"))
        .stderr(predicate::str::contains("notizen.md").not());
    #[cfg(unix)]
    assert.stderr(predicate::str::contains("weg.txt: cannot read"));

    let results = search_json(&index, "Radwege", &[]);
    assert_eq!(result_files(&results), ["gut.txt"]);
    assert_eq!(results["results"][0]["date"], "2021-03-15");
    assert_eq!(results["results"][0]["section"], "news");
}

#[cfg(unix)]
#[test]
fn a_file_without_read_permission_is_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let corpus = fixture(&[
        (
            "news/gut.txt",
            "Der Gemeinderat beschloss den Ausbau der Radwege.\n",
        ),
        ("news/geheim.txt", "Geheim.\n"),
    ]);
    let secret = corpus.path().join("news/geheim.txt");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&secret).is_ok() {
        eprintln!("skipped: running with privileges that read any file");
        return;
    }
    archivar()
        .arg("index")
        .arg(corpus.path())
        .arg("--index")
        .arg(corpus.path().join(".index"))
        .assert()
        .success()
        .stderr(predicate::str::contains("geheim.txt: cannot read"));
}

#[test]
fn windows_1252_and_bom_files_decode_with_umlauts() {
    let corpus = fixture(&[]);
    std::fs::create_dir_all(corpus.path().join("alt")).unwrap();
    std::fs::write(
        corpus.path().join("alt/latin.txt"),
        b"Die Gr\xfcnen fordern mehr Stra\xdfenbahnen.\n",
    )
    .unwrap();
    std::fs::write(
        corpus.path().join("alt/bom.txt"),
        b"\xEF\xBB\xBFdate 2020-05 Die M\xc3\xbcllabfuhr streikt.\n",
    )
    .unwrap();
    let index = common::index_fixture(&corpus);
    let results = search_json(&index, "Straßenbahnen", &[]);
    assert_eq!(
        results["results"][0]["text"],
        "Die Grünen fordern mehr Straßenbahnen."
    );
    let results = search_json(&index, "Müllabfuhr", &[]);
    assert_eq!(results["results"][0]["date"], "2020-05");
}

#[test]
fn a_missing_folder_fails_the_whole_command() {
    let corpus = fixture(&[]);
    archivar()
        .arg("index")
        .arg(corpus.path().join("gibt-es-nicht"))
        .arg("--index")
        .arg(corpus.path().join(".index"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
}

#[test]
fn a_folder_with_other_files_is_not_used_as_an_index() {
    let corpus = fixture(&[
        ("news/gut.txt", "Text.\n"),
        ("elsewhere/wichtig.doc", "keep me"),
    ]);
    archivar()
        .arg("index")
        .arg(corpus.path().join("news"))
        .arg("--index")
        .arg(corpus.path().join("elsewhere"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("holds no archivar index"));
    assert!(corpus.path().join("elsewhere/wichtig.doc").exists());
}

#[test]
fn rebuilding_replaces_the_contents() {
    let corpus = fixture(&[("news/a.txt", "Erster Text über Kartoffeln.\n")]);
    let index = common::index_fixture(&corpus);
    assert_eq!(
        result_files(&search_json(&index, "Kartoffeln", &[])),
        ["a.txt"]
    );
    std::fs::remove_file(corpus.path().join("news/a.txt")).unwrap();
    std::fs::write(
        corpus.path().join("news/b.txt"),
        "Zweiter Text über Rüben.\n",
    )
    .unwrap();
    common::index_fixture(&corpus);
    assert_eq!(
        result_files(&search_json(&index, "Kartoffeln", &[])),
        Vec::<String>::new()
    );
    assert_eq!(result_files(&search_json(&index, "Rüben", &[])), ["b.txt"]);
}
