//! People, topics and timelines of a result set, and the person and date filters.

mod common;

use common::{archivar, corpus_index, fixture, index_fixture, search_json};
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

fn json(index: &Path, args: &[&str]) -> Value {
    let output = archivar()
        .args(args)
        .arg("--index")
        .arg(index)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        output.status.code() == Some(0) || output.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn names(people: &Value) -> Vec<String> {
    people["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

/// A folder holding only the shipped seed article.
fn seed_corpus() -> tempfile::TempDir {
    let seed = std::fs::read_to_string(
        common::shipped_corpus().join("seed/2022-01-genf-blinken-lawrow.txt"),
    )
    .unwrap();
    fixture(&[("seed/genf.txt", &seed)])
}

#[test]
fn the_seed_names_exactly_four_people() {
    let corpus = seed_corpus();
    let index = index_fixture(&corpus);
    let mut people = names(&json(&index, &["people"]));
    people.sort();
    assert_eq!(
        people,
        [
            "Anthony Blinken",
            "Joe Biden",
            "Sergej Lawrow",
            "Wladimir Putin"
        ]
    );
    let people = json(&index, &["people", "Lawrow"]);
    let lawrow = people["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Sergej Lawrow")
        .unwrap();
    // `Lawrow` alone is linked to him in the passages that say only that.
    assert_eq!(lawrow["passages"], 3);
}

#[test]
fn the_person_filter_keeps_only_passages_naming_the_person() {
    let results = search_json(
        corpus_index(),
        "Nato",
        &["--person", "Lawrow", "--limit", "20"],
    );
    let hits = results["results"].as_array().unwrap();
    assert!(!hits.is_empty());
    for hit in hits {
        assert!(hit["path"]
            .as_str()
            .unwrap()
            .ends_with("2022-01-genf-blinken-lawrow.txt"));
        let persons: Vec<&str> = hit["persons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        assert!(persons.contains(&"Sergej Lawrow"), "{hit}");
    }
    // Blinken-only passages (¶8 speaks of Blinken alone) are left out.
    assert!(hits.iter().all(|hit| hit["passage"] != 8));
    let full = search_json(
        corpus_index(),
        "Nato",
        &["--person", "Sergej Lawrow", "--limit", "20"],
    );
    assert_eq!(full["total_hits"], results["total_hits"]);
    assert_eq!(
        search_json(corpus_index(), "Nato", &["--person", "Niemand"])["total_hits"],
        0
    );
}

#[test]
fn people_of_a_query_rank_lawrow_and_blinken_first() {
    let people = json(corpus_index(), &["people", "Nato Osterweiterung"]);
    let mut first_two = names(&people)[..2].to_vec();
    first_two.sort();
    assert_eq!(first_two, ["Anthony Blinken", "Sergej Lawrow"]);
    let blinken = people["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Anthony Blinken")
        .unwrap();
    assert_eq!(blinken["with"][0]["name"], "Sergej Lawrow");
    archivar()
        .args(["people", "Nato Osterweiterung", "--index"])
        .arg(corpus_index())
        .assert()
        .success()
        .stdout(predicate::str::contains("Sergej Lawrow"))
        .stdout(predicate::str::contains("with: "));
    let limited = json(corpus_index(), &["people", "--limit", "3"]);
    assert_eq!(limited["people"].as_array().unwrap().len(), 3);
}

#[test]
fn topics_are_readable_words_with_counts() {
    let topics = json(corpus_index(), &["topics", "Nato"]);
    let list = topics["topics"].as_array().unwrap();
    assert!(!list.is_empty());
    for topic in list {
        let text = topic["text"].as_str().unwrap();
        // Surface forms as written, not stems: the first word starts like a word of the text.
        assert!(text.chars().next().unwrap().is_alphabetic(), "{topic}");
        assert!(topic["matching_passages"].as_u64().unwrap() >= 2);
        assert!(topic["score"].as_f64().unwrap() > 0.0);
    }
    let texts: Vec<&str> = list.iter().map(|t| t["text"].as_str().unwrap()).collect();
    assert!(
        texts.contains(&"Blinken") || texts.contains(&"Lawrow"),
        "{texts:?}"
    );
    archivar()
        .args(["topics", "Nato", "--limit", "5", "--index"])
        .arg(corpus_index())
        .assert()
        .success()
        .stdout(predicate::str::contains("matching"));
}

#[test]
fn timelines_count_articles_per_period_and_undated_apart() {
    let corpus = fixture(&[
        ("news/a.txt", "date 2021-11 Der Hafen wurde eröffnet.\n"),
        (
            "news/b.txt",
            "date 2022-01-05 Der Hafen wurde erweitert.\n\nNoch einmal der Hafen.\n",
        ),
        ("news/c.txt", "date 2022-01-20 Im Hafen lagen Boote.\n"),
        ("news/d.txt", "Ein Hafen ohne Datum.\n"),
    ]);
    let index = index_fixture(&corpus);
    let timeline = json(&index, &["timeline", "Hafen"]);
    assert_eq!(timeline["undated"], 1);
    assert_eq!(timeline["articles"], 4);
    let periods: Vec<(String, u64)> = timeline["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["period"].as_str().unwrap().to_string(),
                p["articles"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        periods,
        [
            ("2021-11".to_string(), 1),
            ("2021-12".to_string(), 0),
            ("2022-01".to_string(), 2)
        ]
    );
    let yearly = json(&index, &["timeline", "Hafen", "--by", "year"]);
    assert_eq!(yearly["periods"][1]["period"], "2022");
    archivar()
        .args(["timeline", "Hafen", "--index"])
        .arg(&index)
        .assert()
        .success()
        .stdout(predicate::str::contains("2022-01"))
        .stdout(predicate::str::contains("█"))
        .stdout(predicate::str::contains(
            "1 matching article without a date",
        ));

    // Date filters, the same on every command.
    let since = json(&index, &["timeline", "Hafen", "--since", "2022"]);
    assert_eq!(
        (since["articles"].as_u64(), since["undated"].as_u64()),
        (Some(2), Some(0))
    );
    let until = search_json(&index, "Hafen", &["--until", "2021-12"]);
    assert_eq!(until["total_hits"], 1);
    let day = search_json(
        &index,
        "Hafen",
        &["--since", "2022-01-06", "--until", "2022-01-31"],
    );
    assert_eq!(day["total_hits"], 1);
    assert_eq!(json(&index, &["people", "--since", "2030"])["articles"], 0);
    assert_eq!(
        json(&index, &["topics", "Hafen", "--until", "2000"])["sample_passages"],
        0
    );
    archivar()
        .args(["search", "Hafen", "--since", "gestern", "--index"])
        .arg(&index)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("YYYY-MM"));
}

#[test]
fn an_index_built_without_person_detection_says_so_and_keeps_it() {
    let corpus = seed_corpus();
    let index = corpus.path().join(".index");
    let build = |args: &[&str]| {
        archivar()
            .arg("index")
            .arg(corpus.path())
            .arg("--index")
            .arg(&index)
            .args(args)
            .assert()
    };
    build(&["--no-people"]).success();
    let note = "built with --no-people";
    archivar()
        .args(["people", "--index"])
        .arg(&index)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(note));
    let people = json(&index, &["people"]);
    assert!(names(&people).is_empty());
    assert!(people["notices"][0].as_str().unwrap().contains(note));
    archivar()
        .args(["search", "Nato", "--person", "Lawrow", "--index"])
        .arg(&index)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(note));

    // An update without the flag keeps the index as it was built; asking for detection back
    // needs a rebuild.
    build(&[]).success();
    assert!(names(&json(&index, &["people"])).is_empty());
    build(&["--people"])
        .code(2)
        .stderr(predicate::str::contains("built without person detection"));
    build(&["--people", "--full"]).success();
    assert!(names(&json(&index, &["people"])).contains(&"Sergej Lawrow".to_string()));
    archivar()
        .args(["people", "--index"])
        .arg(&index)
        .assert()
        .success()
        .stderr(predicate::str::contains(note).not());
}
