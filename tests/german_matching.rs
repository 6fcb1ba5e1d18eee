//! German matching beyond the words as written: compounds, name variants, typos — and the
//! query language that switches them off.

mod common;

use common::{
    archivar, corpus_index, fixture, highlighted, index_fixture, result_files, search_json,
};
use predicates::prelude::*;

const SEED: &str = "2022-01-genf-blinken-lawrow.txt";

#[test]
fn erweiterung_nato_finds_the_osterweiterung_passage() {
    let results = search_json(corpus_index(), "Erweiterung Nato", &[]);
    let first = &results["results"][0];
    assert!(first["path"].as_str().unwrap().ends_with(SEED));
    assert!(first["text"]
        .as_str()
        .unwrap()
        .contains("Ende der Osterweiterung"));
    assert!(highlighted(first).contains(&"Osterweiterung".to_string()));
}

#[test]
fn lavrov_finds_lawrow() {
    let results = search_json(corpus_index(), "Lavrov", &[]);
    let hits = results["results"].as_array().unwrap();
    assert!(!hits.is_empty());
    for hit in hits {
        assert!(hit["path"].as_str().unwrap().ends_with(SEED), "{hit}");
        assert!(highlighted(hit).contains(&"Lawrow".to_string()), "{hit}");
    }
}

#[test]
fn osterweiterng_is_searched_as_osterweiterung() {
    archivar()
        .args(["search", "Osterweiterng", "--index"])
        .arg(corpus_index())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Showing results for Osterweiterung",
        ));
    let results = search_json(corpus_index(), "Osterweiterng", &[]);
    assert_eq!(results["corrections"][0]["searched"], "Osterweiterung");
    assert_eq!(results["corrections"][0]["replaced"], true);
    let first = &results["results"][0];
    assert!(first["text"].as_str().unwrap().contains("Osterweiterung"));
    assert_eq!(highlighted(first), ["Osterweiterung"]);
}

#[test]
fn compounds_are_found_by_their_parts_and_whole_words_rank_first() {
    let corpus = fixture(&[
        (
            "news/ganz.txt",
            "Die Erweiterung der Union wurde lange diskutiert.\n",
        ),
        (
            "news/ost.txt",
            "Russland fordert ein Ende der Osterweiterung.\n",
        ),
        (
            "news/nato.txt",
            "Die Nato-Osterweiterung bleibt umstritten.\n",
        ),
        (
            "news/getrennt.txt",
            "Über die Ost-Erweiterung wird weiter gestritten.\n",
        ),
        (
            "news/krise.txt",
            "Die Flüchtlingskrise beschäftigt Europa seit Monaten.\n",
        ),
        (
            "news/andere.txt",
            "Flüchtlinge kamen über die Grenze, die Krise der Wirtschaft hielt an.\n",
        ),
        (
            "news/nato-ost.txt",
            "Die Nato plant eine Verstärkung der Ostflanke.\n",
        ),
    ]);
    let index = index_fixture(&corpus);
    let files = search_json(&index, "Erweiterung", &[]);
    // The word itself (also in `Ost-Erweiterung`) before the compounds containing it.
    let mut whole = result_files(&files)[..2].to_vec();
    whole.sort();
    assert_eq!(whole, ["ganz.txt", "getrennt.txt"]);
    let mut found = result_files(&files);
    found.sort();
    assert_eq!(found, ["ganz.txt", "getrennt.txt", "nato.txt", "ost.txt"]);

    // The compound and its parts together first; then, as it is rare here, its parts alone.
    let found = result_files(&search_json(&index, "Osterweiterung", &[]));
    let mut together = found[..3].to_vec();
    together.sort();
    assert_eq!(together, ["getrennt.txt", "nato.txt", "ost.txt"]);
    let mut alone = found[3..].to_vec();
    alone.sort();
    assert_eq!(alone, ["ganz.txt", "nato-ost.txt"]);

    assert!(
        result_files(&search_json(&index, "Flüchtlinge", &[])).contains(&"krise.txt".to_string())
    );
    let crisis = search_json(&index, "Krise Flüchtlinge", &[]);
    assert_eq!(result_files(&crisis)[..2], ["krise.txt", "andere.txt"]);

    // No false split: `Verstärkung` is not `Vers` + `tärkung`; `Ostflanke` is `Ost` + `Flanke`.
    assert_eq!(search_json(&index, "Vers", &[])["total_hits"], 0);
    assert!(result_files(&search_json(&index, "Flanke", &[])).contains(&"nato-ost.txt".to_string()));
}

#[test]
fn compounds_find_their_parts_written_apart() {
    // Issue 15: German writes the same thing joined or apart.
    let corpus = fixture(&[
        ("news/kinder-nah.txt", "Die Betreuung der Kinder beginnt am Nachmittag, wenn es im Hof dunkel wird und alle müde sind.\n"),
        ("news/kinder-fern.txt", "Die Kinder spielen am Nachmittag im Hof, und wenn es dunkel wird und alle müde sind, beginnt die Betreuung.\n"),
        ("news/kinder-ganz.txt", "Die Kinderbetreuung beginnt am Nachmittag, wenn es im Hof dunkel wird und alle sehr müde sind.\n"),
        ("news/kinder-allein.txt", "Die Kinder spielen am Nachmittag im Hof.\n"),
        ("news/wien.txt", "Die Betreuung der Kinder in Wien ist teuer.\n"),
        ("news/graz.txt", "Die Not an Wohnungen wächst in Graz.\n"),
        ("news/miete.txt", "Die Bremse für Mietpreise wirkt kaum.\n"),
        ("news/werk.txt", "Die Werksschließung trifft die Region.\n"),
        ("news/andere.txt", "Die Region wächst, die Preise steigen, die Wohnungen sind teuer.\n"),
    ]);
    let index = index_fixture(&corpus);
    for (query, file) in [
        ("Kinderbetreuung", "wien.txt"),
        ("Wohnungsnot", "graz.txt"),
        ("Mietpreisbremse", "miete.txt"),
        ("Schließung", "werk.txt"),
    ] {
        let files = result_files(&search_json(&index, query, &[]));
        let rank = |file: &str| files.iter().position(|found| found == file);
        assert!(rank(file).is_some(), "{query}: {files:?}");
        // One part alone (`Wohnungen`, `Preise`) ranks below all parts.
        assert!(
            rank("andere.txt").is_none_or(|other| Some(other) > rank(file)),
            "{query}: {files:?}"
        );
    }
    // The compound itself first, then its parts close together, then far apart, then one
    // part alone (the compound is rare here).
    let results = search_json(&index, "Kinderbetreuung", &[]);
    let files = result_files(&results);
    let rank = |file: &str| files.iter().position(|found| found == file);
    assert_eq!(rank("kinder-ganz.txt"), Some(0), "{files:?}");
    assert!(
        rank("kinder-nah.txt") < rank("kinder-fern.txt"),
        "{files:?}"
    );
    assert!(rank("kinder-fern.txt").is_some(), "{files:?}");
    assert!(
        rank("kinder-allein.txt") > rank("kinder-fern.txt"),
        "{files:?}"
    );
    let wien = &results["results"][files.iter().position(|f| f == "wien.txt").unwrap()];
    assert_eq!(highlighted(wien), ["Betreuung", "Kinder"]);
}

#[test]
fn a_compound_in_many_passages_is_not_looked_for_by_one_part_alone() {
    let mut files: Vec<(String, String)> = (0..10)
        .map(|i| {
            (
                format!("news/ost{i}.txt"),
                format!("Die Osterweiterung war am {i}. Tag wieder Thema.\n"),
            )
        })
        .collect();
    files.push(("news/osten.txt".into(), "Im Osten nichts Neues.\n".into()));
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let corpus = fixture(&borrowed);
    let index = index_fixture(&corpus);
    let found = result_files(&search_json(&index, "Osterweiterung", &[]));
    assert_eq!(found.len(), 10, "{found:?}");
    assert!(!found.contains(&"osten.txt".to_string()), "{found:?}");
}

#[test]
fn a_rare_word_the_splitter_leaves_whole_is_split_by_what_the_index_holds() {
    // The index's splitter leaves `Hafenkran` whole (`Kran` is too rare a short word for it to
    // cut on), but the word is in no passage and both parts are indexed words.
    let corpus = fixture(&[
        (
            "news/hafen.txt",
            "Am Hafen stand ein alter Kran, der nun abgebaut wird.\n",
        ),
        ("news/hafen2.txt", "Im Hafen lagen Boote.\n"),
        ("news/kran.txt", "Der Kran auf der Baustelle ist hoch.\n"),
    ]);
    let index = index_fixture(&corpus);
    let files = result_files(&search_json(&index, "Hafenkran", &[]));
    assert_eq!(files[0], "hafen.txt");
    // Each part alone after it: the word is in no passage.
    let mut alone = files[1..].to_vec();
    alone.sort();
    assert_eq!(alone, ["hafen2.txt", "kran.txt"]);
    // `--exact` switches the expansion off.
    assert_eq!(
        search_json(&index, "Hafenkran", &["--exact"])["total_hits"],
        0
    );
}

#[test]
fn name_variants_match_below_exact_spellings() {
    let corpus = fixture(&[
        (
            "news/de.txt",
            "Präsident Selenskyj sprach vor dem Parlament in Kiew.\n",
        ),
        (
            "news/en.txt",
            "Präsident Zelensky sprach vor dem Parlament in Kiew.\n",
        ),
        ("news/x.txt", "Das Parlament tagte ohne den Präsidenten.\n"),
    ]);
    let index = index_fixture(&corpus);
    assert_eq!(
        result_files(&search_json(&index, "Zelensky", &[])),
        ["en.txt", "de.txt"]
    );
    assert_eq!(
        result_files(&search_json(&index, "Selenskyj", &[])),
        ["de.txt", "en.txt"]
    );
    assert_eq!(
        result_files(&search_json(&index, "Selenski", &[]))[..2].len(),
        2
    );
}

#[test]
fn typos_are_retried_but_exact_matches_win() {
    let corpus = fixture(&[
        ("news/a.txt", "Der Außenminister reiste nach Genf.\n"),
        (
            "news/b.txt",
            "Der Außenminister sprach mit dem Außenminister.\n",
        ),
        (
            "news/c.txt",
            "Die Regirung ist ein Tippfehler, die Regierung nicht.\n",
        ),
    ]);
    let index = index_fixture(&corpus);
    let results = search_json(&index, "Außenminster", &[]);
    assert_eq!(results["corrections"][0]["searched"], "Außenminister");
    assert_eq!(result_files(&results).len(), 2);
    // A word that exists is not corrected, even if a more frequent one is one edit away.
    let exact = search_json(&index, "Regirung", &[]);
    assert_eq!(result_files(&exact)[0], "c.txt");
    assert_eq!(highlighted(&exact["results"][0])[0], "Regirung");
}

#[test]
fn phrases_required_words_and_exact_do_not_expand() {
    let corpus = fixture(&[
        (
            "news/ost.txt",
            "Russland fordert ein Ende der Osterweiterung.\n",
        ),
        ("news/lawrow.txt", "Lawrow sprach in Genf.\n"),
    ]);
    let index = index_fixture(&corpus);
    for query in [
        "\"Erweiterung\"",
        "+Erweiterung",
        "Erweiterung AND Russland",
    ] {
        assert_eq!(search_json(&index, query, &[])["total_hits"], 0, "{query}");
    }
    assert_eq!(
        search_json(&index, "Erweiterung", &["--exact"])["total_hits"],
        0
    );
    assert_eq!(search_json(&index, "Lavrov", &["--exact"])["total_hits"], 0);
    let typo = search_json(&index, "Osterweiterng", &["--exact"]);
    assert_eq!(typo["total_hits"], 0);
    assert_eq!(typo["corrections"].as_array().unwrap().len(), 0);
    assert_eq!(search_json(&index, "Erweiterung", &[])["total_hits"], 1);
}
