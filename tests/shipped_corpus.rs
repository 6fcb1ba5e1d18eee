//! Acceptance tests on the shipped corpus.

mod common;

use common::{archivar, corpus_index, highlighted, search_json, shipped_corpus};
use predicates::prelude::*;

const SEED: &str = "2022-01-genf-blinken-lawrow.txt";

#[test]
fn nato_osterweiterung_ranks_the_seed_passage_first() {
    let results = search_json(corpus_index(), "Nato Osterweiterung", &[]);
    let first = &results["results"][0];
    assert!(first["path"].as_str().unwrap().ends_with(SEED), "{first}");
    assert!(first["text"]
        .as_str()
        .unwrap()
        .starts_with("Russland sieht sich derweil von der Nato"));
    let marked = highlighted(first);
    assert!(marked.contains(&"Nato".to_string()), "{marked:?}");
    assert!(marked.contains(&"Osterweiterung".to_string()), "{marked:?}");
}

#[test]
fn aussenminister_lawrow_finds_the_folded_spelling() {
    let results = search_json(corpus_index(), "Aussenminister Lawrow", &[]);
    let first = &results["results"][0];
    assert!(first["path"].as_str().unwrap().ends_with(SEED), "{first}");
    let marked = highlighted(first);
    assert!(marked.contains(&"Außenminister".to_string()), "{marked:?}");
    assert!(marked.contains(&"Lawrow".to_string()), "{marked:?}");
}

#[test]
fn buendnisse_finds_buendnisses_by_its_stem() {
    let results = search_json(corpus_index(), "Bündnisse", &[]);
    let seed_marks: Vec<String> = results["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["path"].as_str().unwrap().ends_with(SEED))
        .flat_map(highlighted)
        .collect();
    assert!(
        seed_marks.contains(&"Bündnisses".to_string()),
        "{seed_marks:?}"
    );
}

#[test]
fn blinken_gipfel_as_json_starts_with_the_dated_seed_passage() {
    let output = archivar()
        .args(["search", "--json", "Blinken Gipfel", "--index"])
        .arg(corpus_index())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let results: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(results["query"], "Blinken Gipfel");
    assert!(results["total_hits"].as_u64().unwrap() >= 1);
    assert!(results["took_ms"].is_number());
    let first = &results["results"][0];
    assert!(first["path"].as_str().unwrap().ends_with(SEED));
    assert_eq!(first["date"], "2022-01");
    for field in [
        "title",
        "section",
        "sources",
        "passage",
        "score",
        "snippet",
        "highlights",
        "text",
        "id",
    ] {
        assert!(!first[field].is_null(), "field {field} missing in {first}");
    }
    assert_eq!(first["section"], "seed");
    assert_eq!(first["sources"], serde_json::json!(["Reuters", "dpa"]));
}

#[test]
fn the_shipped_corpus_has_the_seed_and_over_100_gnad_articles_in_every_section() {
    let corpus = shipped_corpus();
    assert!(corpus.join("seed").join(SEED).is_file());
    assert!(corpus.join("gnad").join("SOURCE.md").is_file());
    let mut articles = 0;
    for section in std::fs::read_dir(corpus.join("gnad")).unwrap() {
        let section = section.unwrap().path();
        if section.is_dir() {
            let count = std::fs::read_dir(&section).unwrap().count();
            assert!(
                count >= 5,
                "{} has only {count} articles",
                section.display()
            );
            articles += count;
        }
    }
    assert!(articles >= 100, "only {articles} gnad articles");
}

#[test]
fn human_output_shows_title_date_section_path_paragraph_and_score() {
    archivar()
        .args(["search", "Nato Osterweiterung", "--index"])
        .arg(corpus_index())
        .assert()
        .success()
        .stdout(predicate::str::contains("Genf Blinken Lawrow"))
        .stdout(predicate::str::contains("2022-01 · seed · Reuters/dpa"))
        .stdout(predicate::str::contains(SEED))
        .stdout(predicate::str::contains("¶9"))
        .stdout(predicate::str::contains("score"))
        .stdout(predicate::str::contains("\x1b[").not());
}
