//! `archivar serve` as a client meets it: the real binary on a free loopback port, each
//! endpoint, the same JSON as the CLI's `--json`, 404s, limits, escaping, CORS, `--public`.

mod common;

use common::{archivar, corpus_index, encode, fixture, index_fixture, Server};
use serde_json::Value;
use std::path::Path;

/// A server on the shipped corpus; each test starts its own, stopped when it is dropped.
fn start() -> Server {
    Server::start(corpus_index(), &[])
}

/// `archivar ARGS --json --index INDEX` parsed, with the timing left out.
fn cli_json(index: &Path, args: &[&str]) -> Value {
    let output = archivar()
        .args(args)
        .arg("--json")
        .arg("--index")
        .arg(index)
        .output()
        .expect("archivar runs");
    without_timing(serde_json::from_slice(&output.stdout).expect("--json prints JSON"))
}

fn without_timing(mut value: Value) -> Value {
    if let Some(object) = value.as_object_mut() {
        object.remove("took_ms");
    }
    value
}

fn api(server: &Server, path: &str) -> Value {
    let answer = server.get(path);
    assert_eq!(answer.status, 200, "GET {path}: {}", answer.body);
    assert_eq!(
        answer.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    answer.json()
}

/// The status and error message of a request that must fail.
fn error(server: &Server, path: &str) -> (u16, String) {
    let answer = server.get(path);
    let message = answer.json()["error"]
        .as_str()
        .unwrap_or_else(|| panic!("GET {path}: no error message in {}", answer.body))
        .to_string();
    (answer.status, message)
}

#[test]
fn search_answers_as_the_cli_does() {
    let server = start();
    let query = "Nato Osterweiterung";
    let api = api(&server, &format!("/api/search?q={}", encode(query)));
    assert_eq!(
        without_timing(api.clone()),
        cli_json(corpus_index(), &["search", query])
    );
    let first = &api["results"][0];
    assert!(first["path"]
        .as_str()
        .unwrap()
        .ends_with("2022-01-genf-blinken-lawrow.txt"));
    assert_eq!(common::highlighted(first), ["Nato", "Osterweiterung"]);
    assert!(api["took_ms"].as_f64().is_some());
}

#[test]
fn paging_and_filters_are_the_cli_flags() {
    let server = start();
    let path = "/api/search?q=Nato&limit=3&offset=2&person=Lawrow&since=2022&until=2022-12";
    assert_eq!(
        without_timing(api(&server, path)),
        cli_json(
            corpus_index(),
            &[
                "search", "Nato", "--limit", "3", "--offset", "2", "--person", "Lawrow", "--since",
                "2022", "--until", "2022-12"
            ]
        )
    );
    let filtered = api(
        &server,
        "/api/search?q=Nato&person=Sergej%20Lawrow&limit=20",
    );
    let results = filtered["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        let persons = result["persons"].as_array().unwrap();
        assert!(persons.iter().any(|p| p == "Sergej Lawrow"), "{result}");
    }
}

#[test]
fn facets_answer_as_the_cli_does() {
    let server = start();
    let index = corpus_index();
    assert_eq!(
        api(&server, "/api/people?q=Nato"),
        cli_json(index, &["people", "Nato"])
    );
    assert_eq!(api(&server, "/api/people"), cli_json(index, &["people"]));
    assert_eq!(
        api(&server, "/api/people?q=Nato&limit=3"),
        cli_json(index, &["people", "Nato", "--limit", "3"])
    );
    assert_eq!(
        api(&server, "/api/topics?q=Nato"),
        cli_json(index, &["topics", "Nato"])
    );
    assert_eq!(
        api(&server, "/api/timeline?q=Hafen"),
        cli_json(index, &["timeline", "Hafen"])
    );
    assert_eq!(
        api(&server, "/api/timeline?q=Nato&by=year&since=2021"),
        cli_json(
            index,
            &["timeline", "Nato", "--by", "year", "--since", "2021"]
        )
    );
}

#[test]
fn article_by_id_has_every_passage_in_order() {
    let server = start();
    let search = api(&server, "/api/search?q=Nato%20Osterweiterung&limit=1");
    let hit = &search["results"][0];
    let id = hit["id"].as_str().unwrap();
    let article = api(
        &server,
        &format!("/api/article?id={id}&q=Nato%20Osterweiterung"),
    );
    assert_eq!(article["id"], hit["id"]);
    assert_eq!(article["title"], hit["title"]);
    assert_eq!(article["path"], hit["path"]);
    assert_eq!(article["date"], "2022-01");
    let passages = article["passages"].as_array().unwrap();
    let numbers: Vec<u64> = passages
        .iter()
        .map(|p| p["passage"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, (1..=passages.len() as u64).collect::<Vec<_>>());
    let matched = &passages[hit["passage"].as_u64().unwrap() as usize - 1];
    assert_eq!(matched["text"], hit["text"]);
    let text: Vec<char> = matched["text"].as_str().unwrap().chars().collect();
    let marked: Vec<String> = matched["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            text[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize]
                .iter()
                .collect()
        })
        .collect();
    assert!(marked.contains(&"Osterweiterung".to_string()), "{marked:?}");
    // Without a query nothing is marked.
    let plain = api(&server, &format!("/api/article?id={id}"));
    assert!(plain["passages"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["highlights"].as_array().unwrap().is_empty()));
}

#[test]
fn unknown_articles_and_pages_are_404() {
    let server = start();
    for path in [
        "/api/article?id=0000000000000000",
        "/api/article?id=..%2F..%2FCargo.toml",
        "/api/article?id=%2Fetc%2Fpasswd",
        "/api/article?id=corpus%2Fseed%2F2022-01-genf-blinken-lawrow.txt",
        "/api/nothing",
        "/etc/passwd",
        "/../Cargo.toml",
    ] {
        let (status, _) = error(&server, path);
        assert_eq!(status, 404, "{path}");
    }
    assert_eq!(error(&server, "/api/article").0, 400);
    assert_eq!(
        server.request("POST", "/api/search?q=Nato", &[]).status,
        405
    );
}

#[test]
fn limits_and_bad_parameters_are_400() {
    let server = start();
    let long = "Nato ".repeat(200);
    assert_eq!(long.chars().count(), 1000);
    api(
        &server,
        &format!("/api/search?q={}", encode(long.trim_end())),
    );
    let (status, message) = error(
        &server,
        &format!("/api/search?q={}", encode(&format!("{long}x"))),
    );
    assert_eq!((status, message.contains("1000")), (400, true), "{message}");
    // Characters, not bytes: 1000 umlauts are 2000 bytes and allowed.
    let umlauts = "ü".repeat(1000);
    assert_ne!(
        error_or_ok(&server, &format!("/api/search?q={}", encode(&umlauts))),
        400
    );

    // limit: at most 100, and a number; 400 beyond (not clamped).
    assert_eq!(
        api(&server, "/api/search?q=Nato&limit=100")["query"],
        "Nato"
    );
    for path in [
        "/api/search?q=Nato&limit=101",
        "/api/search?q=Nato&limit=-1",
        "/api/search?q=Nato&limit=zehn",
        "/api/search?q=Nato&limit=99999999999999999999999",
        "/api/search?q=Nato&offset=10001",
        "/api/people?limit=1000",
        "/api/topics?q=Nato&limit=101",
        "/api/search",
        "/api/search?q=",
        "/api/topics",
        "/api/timeline",
        "/api/timeline?q=Nato&by=week",
        "/api/search?q=Nato&since=2022-13",
        "/api/search?q=Nato&until=gestern",
        "/api/search?q=der%20die%20das",
        "/api/search?q=%2B",
        "/api/search?q=Nato&q=Russland",
        "/api/search?q=%FF%FE",
    ] {
        let (status, message) = error(&server, path);
        assert_eq!(status, 400, "{path}: {message}");
        assert!(!message.is_empty());
    }
    // The server is still there.
    api(&server, "/api/search?q=Nato");
}

#[test]
fn questions_and_pasted_text_are_answered_never_500() {
    // Issue 15: on a folder without *wann*, `Wann` was corrected to the stop word `kann`, and
    // the empty phrase that left made tantivy panic (500).
    let paragraphs = "Die Frau kann das heute. Wenn er kommt, dann geht sie.\n\nDer Mann gewann das Rennen in Wien.\n";
    let corpus = fixture(&[
        ("a.txt", paragraphs),
        ("b.txt", paragraphs),
        ("c.txt", paragraphs),
    ]);
    let server = Server::start(&index_fixture(&corpus), &[]);
    for query in [
        "Wann",
        "Wann gewann der Mann das Rennen in Wien?",
        "Wer kann das heute?",
        "Wahl in Wien - SPÖ verliert deutlich",
        "„Wir haben nicht erwartet, dass heute",
    ] {
        let answer = api(&server, &format!("/api/search?q={}", encode(query)));
        assert_eq!(answer["query"], query);
    }
    let answer = api(
        &server,
        &format!("/api/search?q={}", encode("\"Rennen Wien")),
    );
    let notices = answer["notices"].as_array().expect("notices");
    assert!(
        notices[0]
            .as_str()
            .is_some_and(|notice| notice.contains("never closed")),
        "{notices:?}"
    );
    assert!(answer["results"][0]["text"]
        .as_str()
        .is_some_and(|text| text.contains("Rennen in Wien")));
}

fn error_or_ok(server: &Server, path: &str) -> u16 {
    server.get(path).status
}

#[test]
fn the_page_and_its_files_are_served() {
    let server = start();
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(page.body.contains("<html lang=\"de\">"));
    assert!(page
        .header("content-security-policy")
        .is_some_and(|csp| csp.contains("script-src 'self'")));
    for (path, kind) in [
        ("/app.js", "text/javascript"),
        ("/app.css", "text/css"),
        ("/favicon.svg", "image/svg+xml"),
    ] {
        let answer = server.get(path);
        assert_eq!(answer.status, 200, "{path}");
        assert!(answer.header("content-type").unwrap().starts_with(kind));
    }
    // Nothing from outside: no CDN.
    for path in ["/", "/app.js", "/app.css"] {
        // The SVG namespace is a name, not an address.
        let body = server
            .get(path)
            .body
            .replace("http://www.w3.org/2000/svg", "");
        assert!(
            !body.contains("https://") && !body.contains("http://"),
            "{path}"
        );
    }
}

#[test]
fn archive_text_is_data_never_markup() {
    let corpus = fixture(&[(
        "boese.txt",
        "date 2022-02-01 Ein Artikel mit <script>alert(1)</script> im Text\n\n\
         Der Angreifer schrieb <img src=x onerror=alert(1)> und <script>alert(1)</script> \
         in den Kommentar über Lawrow.\n",
    )]);
    let index = index_fixture(&corpus);
    let server = Server::start(&index, &[]);
    let answer = server.get("/api/search?q=Angreifer");
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
    let results = answer.json();
    let hit = &results["results"][0];
    assert!(hit["text"]
        .as_str()
        .unwrap()
        .contains("<img src=x onerror=alert(1)> und <script>alert(1)</script>"));
    assert!(hit["title"].as_str().unwrap().contains("<script>"));
    // JSON escapes nothing away and adds no markup; the page builds its DOM from text only.
    let script = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src/server/assets/app.js"),
    )
    .unwrap();
    for sink in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
    ] {
        assert!(!script.contains(sink), "app.js uses {sink}");
    }
}

#[test]
fn cors_only_when_asked() {
    let server = start();
    let origin = [("Origin", "http://localhost:3000")];
    let plain = server.request("GET", "/api/search?q=Nato", &origin);
    assert_eq!(plain.header("access-control-allow-origin"), None);
    let cors = Server::start(corpus_index(), &["--cors", "http://localhost:3000"]);
    let answer = cors.request("GET", "/api/search?q=Nato", &origin);
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.header("access-control-allow-origin"),
        Some("http://localhost:3000")
    );
}

#[test]
fn a_network_address_needs_public() {
    for addr in ["0.0.0.0:0", "[::]:0", "192.0.2.1:7700"] {
        archivar()
            .args(["serve", "--addr", addr, "--index"])
            .arg(corpus_index())
            .assert()
            .code(2)
            .stderr(predicates::str::contains("--public"));
    }
    archivar()
        .args(["serve", "--addr", "localhost:7700"])
        .assert()
        .code(2);
}

#[cfg(unix)]
#[test]
fn stops_cleanly_on_sigterm_and_ctrl_c() {
    for signal in ["-TERM", "-INT"] {
        let mut server = Server::start(corpus_index(), &[]);
        assert_eq!(server.get("/api/search?q=Nato").status, 200);
        let sent = std::process::Command::new("kill")
            .args([signal, &server.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        assert_eq!(server.wait_exit(10), Some(0), "{signal}");
    }
}

#[test]
fn stories_and_related_articles_answer_as_the_cli_does() {
    let corpus = common::story_fixture();
    let index = index_fixture(&corpus);
    let server = Server::start(&index, &[]);
    let query = "Containerterminal Triest";
    let grouped = api(&server, &format!("/api/search?q={}", encode(query)));
    assert_eq!(
        without_timing(grouped.clone()),
        cli_json(&index, &["search", query])
    );
    let results = grouped["results"].as_array().expect("results");
    let with_versions = results
        .iter()
        .find(|result| result["versions"].as_array().is_some_and(|v| v.len() == 2))
        .expect("a result with its two other versions");
    assert_eq!(grouped["total_stories"], 2);

    let every = api(
        &server,
        &format!("/api/search?q={}&all_versions=1", encode(query)),
    );
    assert_eq!(
        without_timing(every.clone()),
        cli_json(&index, &["search", query, "--all-versions"])
    );
    let articles = |answer: &Value| {
        let mut ids: Vec<String> = answer["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|result| result["id"].as_str().expect("id").to_string())
            .collect();
        ids.sort();
        ids.dedup();
        ids.len()
    };
    assert_eq!((articles(&grouped), articles(&every)), (2, 4));

    let id = with_versions["id"].as_str().expect("id");
    let similar = api(&server, &format!("/api/similar?id={id}"));
    assert_eq!(
        without_timing(similar.clone()),
        cli_json(&index, &["similar", id])
    );
    let related: Vec<&str> = similar["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|result| result["path"].as_str().expect("path"))
        .collect();
    assert_eq!(related.len(), 1, "{related:?}");
    assert!(related[0].ends_with("seidenstrasse.txt"));

    assert_eq!(error(&server, "/api/similar?id=0000000000000000").0, 404);
    assert_eq!(error(&server, "/api/similar").0, 400);
    let (status, message) = error(&server, "/api/search?q=Triest&all_versions=ja");
    assert_eq!((status, message.contains("all_versions")), (400, true));
}
