//! Stories: near-identical copies of an article (an agency report printed twice, an update)
//! are one story, shown once in results with their versions listed; `--all-versions` shows
//! them all; `similar` finds other articles by content and leaves a story's copies out; the
//! stories follow the files as they are added, changed and deleted.

mod common;

use common::{
    archivar, index_json, search_json, story_fixture as corpus, STORY_ORIGINAL as ORIGINAL,
};
use serde_json::Value;
use std::path::Path;

/// Builds or updates the fixture's index and returns `index --json`'s report.
fn index(corpus: &Path) -> Value {
    index_json(corpus, &[]).0
}

fn file_name(path: &Value) -> String {
    let path = path.as_str().expect("path");
    Path::new(path)
        .file_name()
        .expect("file name")
        .to_string_lossy()
        .into_owned()
}

/// The results' files, once each in order, with the files of their other versions.
fn stories(results: &Value) -> Vec<(String, Vec<String>)> {
    let mut stories: Vec<(String, Vec<String>)> = Vec::new();
    for result in results["results"].as_array().expect("results") {
        let file = file_name(&result["path"]);
        if stories.iter().any(|(shown, _)| *shown == file) {
            continue;
        }
        let mut versions: Vec<String> = result["versions"]
            .as_array()
            .expect("versions")
            .iter()
            .map(|version| file_name(&version["path"]))
            .collect();
        versions.sort();
        stories.push((file, versions));
    }
    stories
}

#[test]
fn copies_are_one_story_every_version_on_request_and_similar_leaves_them_out() {
    let corpus = corpus();
    let report = index(corpus.path());
    assert_eq!(report["articles"], 4);
    assert_eq!(report["stories"], 2);
    let index = corpus.path().join(".index");

    let grouped = search_json(&index, "Containerterminal Triest", &[]);
    let shown = stories(&grouped);
    assert_eq!(shown.len(), 2, "{shown:?}");
    let copies = ["triest-nachdruck.txt", "triest-update.txt", "triest.txt"];
    let (story, others) = shown
        .iter()
        .find(|(file, _)| file != "seidenstrasse.txt")
        .expect("the story of the copies");
    let mut all: Vec<&str> = others.iter().map(String::as_str).collect();
    all.push(story);
    all.sort();
    assert_eq!(all, copies);
    assert!(shown.contains(&("seidenstrasse.txt".to_string(), vec![])));
    assert_eq!(grouped["total_stories"], 2);
    // Each other version is listed with its id, title and sources.
    let result = &grouped["results"][0];
    for version in result["versions"].as_array().expect("versions") {
        assert_eq!(version["id"].as_str().map(str::len), Some(16));
        assert!(version["sources"].is_array() && version["title"].is_string());
    }

    let every = search_json(&index, "Containerterminal Triest", &["--all-versions"]);
    assert_eq!(stories(&every).len(), 4);
    assert_eq!(every["total_hits"], grouped["total_hits"]);

    let output = archivar()
        .args(["similar", "--json", "--index"])
        .arg(&index)
        .arg(corpus.path().join("hafen/triest.txt"))
        .output()
        .expect("archivar runs");
    assert!(output.status.success(), "{output:?}");
    let similar: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let related: Vec<String> = similar["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|result| file_name(&result["path"]))
        .collect();
    assert_eq!(related, ["seidenstrasse.txt"]);
    assert!(similar["terms"].as_array().is_some_and(|t| !t.is_empty()));
    let first = &similar["results"][0];
    assert!(first["snippet"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(first["title"].is_string() && first["date"].is_null());

    // The same by the article's id, and an unknown one is a usage error.
    let id = every["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|result| file_name(&result["path"]) == "triest.txt")
        .and_then(|result| result["id"].as_str())
        .expect("the original's id")
        .to_string();
    let by_id = archivar()
        .args(["similar", "--json", &id, "--index"])
        .arg(&index)
        .output()
        .expect("archivar runs");
    let by_id: Value = serde_json::from_slice(&by_id.stdout).expect("JSON");
    assert_eq!(by_id["results"], similar["results"]);
    archivar()
        .args(["similar", "0000000000000000", "--index"])
        .arg(&index)
        .assert()
        .code(2);
}

/// Updates the fixture's index, checks its articles and stories, and searches it.
fn update_and_search(corpus: &Path, (articles, stories): (u64, u64)) -> Value {
    let report = index(corpus);
    assert_eq!(
        (report["articles"].as_u64(), report["stories"].as_u64()),
        (Some(articles), Some(stories))
    );
    search_json(&corpus.join(".index"), "Containerterminal Triest", &[])
}

#[test]
fn stories_follow_added_changed_and_deleted_files() {
    let corpus = corpus();
    index(corpus.path());
    let index_dir = corpus.path().join(".index");
    let story_of_copies = |results: &Value| {
        stories(results)
            .into_iter()
            .find(|(file, _)| file != "seidenstrasse.txt")
            .map(|(file, mut others)| {
                others.push(file);
                others.sort();
                others
            })
            .expect("the copies' story")
    };

    std::fs::remove_file(corpus.path().join("hafen/triest-update.txt")).expect("delete");
    let results = update_and_search(corpus.path(), (3, 2));
    assert_eq!(
        story_of_copies(&results),
        ["triest-nachdruck.txt", "triest.txt"]
    );

    // A copy rewritten into another article leaves the story; a new copy joins it.
    std::fs::write(
        corpus.path().join("agentur/triest-nachdruck.txt"),
        "Triest im Winter\n\nIm Winter liegt Nebel über dem Containerterminal, und die Fähren \
         nach Istrien fahren seltener. Die Cafés am Hafen bleiben trotzdem voll.\n",
    )
    .expect("rewrite");
    std::fs::create_dir_all(corpus.path().join("neu")).expect("folder");
    std::fs::write(corpus.path().join("neu/triest-kopie.txt"), ORIGINAL).expect("new copy");
    let results = update_and_search(corpus.path(), (4, 3));
    assert_eq!(
        story_of_copies(&results),
        ["triest-kopie.txt", "triest.txt"]
    );
    assert_eq!(results["total_stories"], 3);

    // The kept map is only a cache: damaged, it is made again from the index.
    std::fs::write(index_dir.join("stories.json"), "{ not json").expect("damage");
    let again = search_json(&index_dir, "Containerterminal Triest", &[]);
    assert_eq!(story_of_copies(&again), ["triest-kopie.txt", "triest.txt"]);
}
