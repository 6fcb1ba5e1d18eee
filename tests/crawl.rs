//! Crawling real, messy folders: every format and encoding, and bad input of every kind is
//! reported, counted and skipped while the crawl goes on.

mod common;

use common::{archivar, fixture, index_fixture, index_json, result_files, search_json};
use predicates::prelude::*;
use serde_json::Value;
use std::io::Write;
use std::path::Path;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn skipped_kinds(report: &Value) -> Vec<(String, String)> {
    report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let path = Path::new(s["path"].as_str().unwrap());
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, s["kind"].as_str().unwrap().to_string())
        })
        .collect()
}

#[test]
fn every_format_is_read_and_searchable() {
    let corpus = fixture(&[
        ("news/haus.txt", "Gipfel in Genf\n\nDie Außenminister trafen sich in Genf. (mit Reuters/dpa)\n"),
        ("news/notiz.md", "---\ntitle: Radwege in Graz\ndate: 2021-03-15\nauthor: Anna Muster\nsource: APA\n---\n\nDer Gemeinderat beschloss den **Ausbau** der Radwege.\n"),
        ("news/seite.html", "<html><head><title>Wahl | Zeitung</title><meta property=\"og:title\" content=\"Wahl in Wien\"><meta property=\"article:published_time\" content=\"2020-10-11T20:00:00Z\"></head><body><nav>Startseite Politik Sport</nav><div id=\"cookie-consent\">Wir verwenden Cookies</div><article><h1>Wahl in Wien</h1><p>Die Wahlbeteiligung stieg deutlich.</p></article><footer>Impressum</footer></body></html>"),
        ("news/archiv.json", r#"[{"headline": "Hochwasser", "body": "Das Hochwasser erreichte Passau.", "published": "2013-06-03"}, {"title": "Dürre", "text": "Die Dürre traf die Bauern."}]"#),
        ("news/feed.jsonl", "{\"title\": \"Streik\", \"content\": \"Die Lokführer streiken.\", \"date\": \"2015-05-04\"}\n{\"title\": \"Messe\", \"content\": \"Die Buchmesse beginnt.\"}\n"),
    ]);
    let news = corpus.path().join("news");
    std::fs::write(
        news.join("alt.txt.gz"),
        gzip("Die Kartoffelernte fiel gut aus.\n".as_bytes()),
    )
    .unwrap();
    std::fs::write(
        news.join("mehr.jsonl.gz"),
        gzip(b"{\"text\": \"Die Zugspitze ist verschneit.\"}\n"),
    )
    .unwrap();
    let (report, _) = index_json(corpus.path(), &[]);
    assert_eq!(report["added"], 7);
    assert_eq!(report["articles"], 9);
    let index = corpus.path().join(".index");

    let first = |query: &str| search_json(&index, query, &[])["results"][0].clone();
    let house = first("Außenminister");
    assert_eq!(house["title"], "Gipfel in Genf");
    assert_eq!(house["sources"], serde_json::json!(["Reuters", "dpa"]));
    let markdown = first("Radwege");
    assert_eq!(markdown["title"], "Radwege in Graz");
    assert_eq!(markdown["date"], "2021-03-15");
    assert_eq!(markdown["authors"], serde_json::json!(["Anna Muster"]));
    assert!(markdown["text"]
        .as_str()
        .unwrap()
        .contains("den Ausbau der"));
    let html = first("Wahlbeteiligung");
    assert_eq!(html["title"], "Wahl in Wien");
    assert_eq!(html["date"], "2020-10-11");
    assert_eq!(html["text"], "Die Wahlbeteiligung stieg deutlich.");
    assert_eq!(search_json(&index, "Cookies", &[])["total_hits"], 0);
    assert_eq!(search_json(&index, "Impressum", &[])["total_hits"], 0);
    let json = first("Hochwasser");
    assert!(json["path"].as_str().unwrap().ends_with("archiv.json#1"));
    assert_eq!(json["date"], "2013-06-03");
    assert!(first("Dürre")["path"]
        .as_str()
        .unwrap()
        .ends_with("archiv.json#2"));
    assert!(first("Buchmesse")["path"]
        .as_str()
        .unwrap()
        .ends_with("feed.jsonl#2"));
    assert!(first("Kartoffelernte")["path"]
        .as_str()
        .unwrap()
        .ends_with("alt.txt.gz"));
    assert!(first("Zugspitze")["path"]
        .as_str()
        .unwrap()
        .ends_with("mehr.jsonl.gz#1"));
}

#[test]
fn encodings_come_out_right() {
    let corpus = fixture(&[]);
    let dir = corpus.path().join("alt");
    std::fs::create_dir_all(&dir).unwrap();
    let text = "Die Grünen fordern mehr Straßenbahnen für Österreich.";
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    std::fs::write(
        dir.join("bom.txt"),
        [b"\xEF\xBB\xBF", text.as_bytes()].concat(),
    )
    .unwrap();
    std::fs::write(dir.join("utf16.txt"), utf16).unwrap();
    std::fs::write(dir.join("cp1252.txt"), &latin1[..]).unwrap();
    let html = [
        &b"<html><head><meta charset=\"iso-8859-1\"></head><body><p>"[..],
        &latin1[..],
        b"</p></body></html>",
    ]
    .concat();
    std::fs::write(dir.join("latin1.html"), html).unwrap();
    let index = index_fixture(&corpus);
    // The four files hold one text: copies of one story, all shown.
    let results = search_json(&index, "Straßenbahnen", &["--all-versions"]);
    let texts: Vec<&str> = results["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, [text; 4]);
}

#[test]
fn bad_input_is_counted_and_the_crawl_goes_on() {
    let corpus = fixture(&[
        ("news/gut.txt", "Der Gemeinderat beschloss den Ausbau der Radwege.\n"),
        ("news/leer.txt", ""),
        ("news/nur-leerzeichen.md", " \n\n  \n"),
        ("news/gross.txt", &"Sehr lang. ".repeat(200)),
        ("news/kein-text.html", "<html><head><title>Leer</title><script>x()</script></head><body><nav>Menü</nav></body></html>"),
        ("news/gemischt.jsonl", "{\"text\": \"Erste gute Zeile über Radwege.\"}\n{kaputt\n{\"text\": \"Zweite gute Zeile über Radwege.\"}\n"),
        ("news/kaputt.json", "[{\"text\": \"abgebrochen"),
        ("news/bild.png", "not an article"),
    ]);
    let news = corpus.path().join("news");
    std::fs::write(
        news.join("bild.txt"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    )
    .unwrap();
    std::fs::write(
        news.join("latin.txt"),
        b"Stra\xdfen und Radwege f\xfcr Graz.\n",
    )
    .unwrap();
    let zipped = gzip("Ein Text über Radwege.".as_bytes());
    std::fs::write(news.join("halb.txt.gz"), &zipped[..zipped.len() / 2]).unwrap();
    // 30 levels of folders.
    let mut deep = news.clone();
    for level in 0..30 {
        deep = deep.join(format!("ebene{level}"));
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("tief.txt"), "Radwege auch ganz unten.\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        // A link to nothing, a link loop, and a file name that is not UTF-8.
        std::os::unix::fs::symlink(corpus.path().join("fehlt"), news.join("weg.txt")).unwrap();
        std::os::unix::fs::symlink(&news, news.join("schleife")).unwrap();
        let name = std::ffi::OsStr::from_bytes(b"name-\xff.txt");
        std::fs::write(news.join(name), "Radwege mit seltsamem Namen.\n").unwrap();
    }

    let (report, stderr) = index_json(corpus.path(), &["--max-file-size", "1K"]);
    let kinds = skipped_kinds(&report);
    for (name, kind) in [
        ("leer.txt", "empty"),
        ("nur-leerzeichen.md", "empty"),
        ("gross.txt", "too large"),
        ("kein-text.html", "without text"),
        ("kaputt.json", "invalid JSON"),
        ("bild.png", "not an article format"),
        ("bild.txt", "binary"),
        ("halb.txt.gz", "broken compression"),
    ] {
        assert!(
            kinds.contains(&(name.to_string(), kind.to_string())),
            "{name}: {kind} not in {kinds:?}"
        );
        if kind != "not an article format" {
            assert!(stderr.contains(name), "no warning about {name} in {stderr}");
        }
    }
    #[cfg(unix)]
    {
        assert!(
            kinds.contains(&("weg.txt".to_string(), "unreadable".to_string())),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&("schleife".to_string(), "unreadable".to_string())),
            "{kinds:?}"
        );
        assert!(stderr.contains("symbolic link loop"), "{stderr}");
    }
    assert_eq!(report["problems"].as_array().unwrap().len(), 1);
    assert!(stderr.contains("gemischt.jsonl#2"), "{stderr}");

    let index = corpus.path().join(".index");
    let mut found = result_files(&search_json(&index, "Radwege", &["--limit", "20"]));
    found.sort();
    let mut expected = vec![
        "gemischt.jsonl#1",
        "gemischt.jsonl#3",
        "gut.txt",
        "latin.txt",
        "tief.txt",
    ];
    if cfg!(unix) {
        expected.insert(4, "name-\u{fffd}.txt");
    }
    assert_eq!(found, expected);
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_warnings() {
    use std::os::unix::fs::PermissionsExt;
    let corpus = fixture(&[
        (
            "news/gut.txt",
            "Der Gemeinderat beschloss den Ausbau der Radwege.\n",
        ),
        ("news/geheim.txt", "Geheim.\n"),
        ("news/zu/inhalt.txt", "Verschlossen.\n"),
    ]);
    let secret = corpus.path().join("news/geheim.txt");
    let closed = corpus.path().join("news/zu");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&secret).is_ok() {
        eprintln!("skipped: this user reads files without permission (root); the dangling link in bad_input_is_counted_and_the_crawl_goes_on covers unreadable files");
        return;
    }
    let (report, stderr) = index_json(corpus.path(), &[]);
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o755)).unwrap();
    let kinds = skipped_kinds(&report);
    assert!(
        kinds.contains(&("geheim.txt".to_string(), "unreadable".to_string())),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("zu".to_string(), "unreadable".to_string())),
        "{kinds:?}"
    );
    assert!(stderr.contains("geheim.txt"));
    assert_eq!(report["added"], 1);
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
fn archivarignore_keeps_documentation_out() {
    let corpus = fixture(&[
        ("news/.archivarignore", "README.md\n*.draft.txt\n"),
        (
            "news/README.md",
            "# Über dieses Archiv\n\nRadwege sind hier nur erklärt.\n",
        ),
        ("news/a.draft.txt", "Entwurf über Radwege.\n"),
        ("news/sub/b.draft.txt", "Noch ein Entwurf über Radwege.\n"),
        ("news/artikel.txt", "Der Ausbau der Radwege beginnt.\n"),
    ]);
    let (report, _) = index_json(corpus.path(), &[]);
    assert_eq!(report["added"], 1);
    let index = corpus.path().join(".index");
    assert_eq!(
        result_files(&search_json(&index, "Radwege", &[])),
        ["artikel.txt"]
    );
}
