//! The command line as a user meets it: defaults, exit codes, messages, colour, help.

mod common;

use common::{archivar, corpus_index, fixture, index_fixture, search_json, shipped_corpus};
use predicates::prelude::*;
use std::path::Path;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn search_builds_the_default_index_from_corpus_when_missing_or_stale() {
    let workdir = fixture(&[]);
    copy_dir(&shipped_corpus(), &workdir.path().join("corpus"));
    archivar()
        .current_dir(workdir.path())
        .args(["search", "Nato Osterweiterung"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "index/ is missing: building it from corpus/",
        ))
        .stdout(predicate::str::contains("Osterweiterung"));
    assert!(workdir.path().join("index/archivar.json").is_file());

    // Up to date: no rebuild.
    archivar()
        .current_dir(workdir.path())
        .args(["search", "Nato"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());

    // A new article makes the index stale.
    std::fs::write(
        workdir.path().join("corpus/seed/neu.txt"),
        "Die Kartoffelernte fiel in diesem Jahr gut aus.\n",
    )
    .unwrap();
    archivar()
        .current_dir(workdir.path())
        .args(["search", "Kartoffelernte"])
        .assert()
        .success()
        .stderr(predicate::str::contains("out of date"))
        .stdout(predicate::str::contains("Kartoffelernte"));
}

#[test]
fn archivar_index_env_chooses_the_index() {
    archivar()
        .env("ARCHIVAR_INDEX", corpus_index())
        .args(["search", "--json", "Lawrow"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Lawrow"));
}

#[test]
fn no_hits_exit_with_1() {
    archivar()
        .args(["search", "Quastenflosser", "--index"])
        .arg(corpus_index())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("No passage matches"));
}

#[test]
fn queries_without_a_word_to_search_get_a_clear_message_and_exit_2() {
    let cases = [
        ("+", "no searchable word"),
        ("- – —", "no searchable word"),
        ("der die das", "no searchable word"),
        ("...", "no searchable word"),
        ("", "the query is empty"),
        ("   ", "the query is empty"),
        ("-Nato", "only excludes words"),
    ];
    for (query, message) in cases {
        archivar()
            .args(["search", "--index"])
            .arg(corpus_index())
            .arg("--")
            .arg(query)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message))
            .stderr(predicate::str::contains("panicked").not());
    }
}

#[test]
fn pasted_text_is_searched_and_stray_syntax_gets_a_note() {
    // (query, a word of the passage it must find, the note on stderr, if any)
    let cases = [
        (
            "Wahl in Wien - SPÖ verliert deutlich",
            "Wien",
            Some("`-` is not followed directly by a word"),
        ),
        (
            "„Wir haben nicht erwartet, dass heute",
            "heute",
            Some("is never closed"),
        ),
        (
            "\"Nato Osterweiterung",
            "Osterweiterung",
            Some("is never closed"),
        ),
        ("Nato AND", "Nato", Some("`AND` has no word on one side")),
        ("Wann gewann der Mann?", "gewann", None),
    ];
    let paragraphs = "Die Frau kann das heute. Wenn er kommt, dann geht sie.\n\nDer Mann gewann das Rennen in Wien.\n\nDie Nato und ihre Osterweiterung.\n";
    let corpus = fixture(&[
        ("a.txt", paragraphs),
        ("b.txt", paragraphs),
        ("c.txt", paragraphs),
    ]);
    let index = index_fixture(&corpus);
    for (query, word, note) in cases {
        let output = archivar()
            .args(["search", "--json", "--index"])
            .arg(&index)
            .arg("--")
            .arg(query)
            .output()
            .expect("archivar runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{query}: {stderr}");
        let results: serde_json::Value =
            serde_json::from_slice(&output.stdout).expect("search --json prints JSON");
        assert!(
            results["results"][0]["text"]
                .as_str()
                .is_some_and(|text| text.contains(word)),
            "{query}: {results}"
        );
        let notices = results["notices"].as_array().expect("notices").len();
        match note {
            Some(note) => {
                assert!(
                    stderr.contains(&format!("note: {note}")) || stderr.contains(note),
                    "{query}: {stderr}"
                );
                assert_eq!(notices, 1, "{query}");
            }
            None => assert_eq!((notices, stderr.as_ref()), (0, ""), "{query}"),
        }
    }
}

#[test]
fn wann_on_an_index_without_it_is_not_corrected_to_a_stop_word() {
    // Issue 15: `Wann` has no match here; its closest spelling `kann` is a stop word, and
    // respelling the query to it left an empty phrase that made tantivy panic.
    let paragraphs = "Die Frau kann das heute. Wenn er kommt, dann geht sie.\n\nDer Mann gewann das Rennen in Wien.\n";
    let corpus = fixture(&[
        ("a.txt", paragraphs),
        ("b.txt", paragraphs),
        ("c.txt", paragraphs),
    ]);
    let index = index_fixture(&corpus);
    for query in ["Wann", "wann", "Wann?"] {
        archivar()
            .args(["search", "--index"])
            .arg(&index)
            .arg(query)
            .assert()
            .code(predicate::in_iter([0, 1]))
            .stderr(predicate::str::contains("panicked").not());
    }
    let results = search_json(&index, "Wann gewann der Mann das Rennen?", &[]);
    assert!(results["results"][0]["text"]
        .as_str()
        .is_some_and(|text| text.contains("gewann das Rennen")));
}

#[test]
fn a_missing_index_says_how_to_build_one() {
    let workdir = fixture(&[]);
    archivar()
        .args(["search", "Nato", "--index"])
        .arg(workdir.path().join("nirgends"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("archivar index"));
    // Without a corpus to build from, the default index cannot be made either.
    archivar()
        .current_dir(workdir.path())
        .args(["search", "Nato"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no index in index"));
}

#[test]
fn colour_only_when_asked_and_never_with_no_color() {
    let search = || {
        let mut command = archivar();
        command
            .args(["search", "Osterweiterung", "--index"])
            .arg(corpus_index())
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR")
            .env_remove("CLICOLOR_FORCE");
        command
    };
    search()
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b[").not());
    search()
        .arg("--color=always")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "\x1b[1m\x1b[31mOsterweiterung\x1b[0m",
        ));
    // Colour forced for a pipe by the CLICOLOR_FORCE convention, and kept off by CLICOLOR=0.
    search()
        .env("CLICOLOR_FORCE", "1")
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b[31mOsterweiterung"));
    search()
        .arg("--color=auto")
        .env("CLICOLOR", "0")
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b[").not());
    search()
        .arg("--color=always")
        .env("NO_COLOR", "1")
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b[").not());
}

#[test]
fn paging_continues_where_the_page_ended() {
    let page = |offset: &str| {
        let results = common::search_json(
            corpus_index(),
            "Regierung",
            &["--limit", "3", "--offset", offset],
        );
        results["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["path"].as_str().unwrap().to_string(),
                    r["passage"].as_u64().unwrap(),
                )
            })
            .collect::<Vec<_>>()
    };
    let both = common::search_json(corpus_index(), "Regierung", &["--limit", "6"]);
    let expected: Vec<_> = both["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["path"].as_str().unwrap().to_string(),
                r["passage"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(expected.len(), 6);
    assert_eq!([page("0"), page("3")].concat(), expected);
}

#[test]
fn a_damaged_default_index_is_rebuilt() {
    let workdir = fixture(&[("corpus/news/a.txt", "Die Kartoffelernte fiel gut aus.\n")]);
    archivar()
        .current_dir(workdir.path())
        .args(["search", "Kartoffelernte"])
        .assert()
        .success();
    std::fs::write(workdir.path().join("index/archivar.json"), "{ broken").unwrap();
    archivar()
        .current_dir(workdir.path())
        .args(["search", "Kartoffelernte"])
        .assert()
        .success()
        .stderr(predicate::str::contains("is damaged"));
}

#[test]
fn indexing_threads_and_memory_are_used_and_checked() {
    let corpus = fixture(&[("a.txt", "Die Nato tagt in Genf.\n")]);
    let index = corpus.path().join("idx");
    // Too little memory for the threads: said before anything is indexed.
    archivar()
        .args(["index", "--threads", "4", "--memory", "20M", "--index"])
        .arg(&index)
        .arg(corpus.path().join("a.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "raise --memory or lower --threads",
        ));
    archivar()
        .args([
            "index",
            "--full",
            "--threads",
            "1",
            "--memory",
            "20M",
            "--index",
        ])
        .arg(&index)
        .arg(corpus.path().join("a.txt"))
        .assert()
        .success();
}
