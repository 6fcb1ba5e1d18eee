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

/// Runs `archivar index --json` over `corpus` (into `corpus/.index`), asserts that it
/// succeeds and returns the report and stderr.
pub fn index_json(corpus: &Path, extra: &[&str]) -> (Value, String) {
    let output = archivar()
        .arg("index")
        .arg(corpus)
        .arg("--index")
        .arg(corpus.join(".index"))
        .arg("--json")
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        serde_json::from_slice(&output.stdout).unwrap(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
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

/// A running `archivar serve` on a free loopback port, stopped when dropped.
pub struct Server {
    child: std::process::Child,
    /// `http://127.0.0.1:PORT/`, as the server printed it.
    pub url: String,
    addr: String,
    _stdout: std::io::BufReader<std::process::ChildStdout>,
}

/// An HTTP answer: status, headers with lower-case names, body.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.body))
    }
}

impl Server {
    /// Starts `archivar serve --index INDEX --addr 127.0.0.1:0 [extra]` and waits for its URL.
    pub fn start(index: &Path, extra: &[&str]) -> Server {
        use std::io::BufRead;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_archivar"))
            .env_remove("ARCHIVAR_INDEX")
            .args(["serve", "--addr", "127.0.0.1:0", "--index"])
            .arg(index)
            .args(extra)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("archivar serve starts");
        let mut stdout =
            std::io::BufReader::new(child.stdout.take().expect("stdout of archivar serve"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("archivar serve prints");
        let url = line
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in the first line {line:?}"))
            .to_string();
        let addr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        Server {
            child,
            url,
            addr,
            _stdout: stdout,
        }
    }

    /// `GET path` (with the query string, percent-encoded) over a new connection.
    pub fn get(&self, path: &str) -> Answer {
        self.request("GET", path, &[])
    }

    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> Answer {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(&self.addr).expect("connect to the server");
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(60)))
            .expect("timeout");
        let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.addr);
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("Connection: close\r\n\r\n");
        stream
            .write_all(request.as_bytes())
            .expect("send the request");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read the answer");
        let raw = String::from_utf8(raw).expect("a UTF-8 answer");
        let (head, body) = raw.split_once("\r\n\r\n").expect("headers and body");
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|code| code.parse().ok())
            .expect("a status line");
        let headers = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
            .collect();
        Answer {
            status,
            headers,
            body: body.to_string(),
        }
    }

    /// The process id, e.g. to send it a signal.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Waits up to `seconds` for the server to exit by itself; its exit code.
    pub fn wait_exit(&mut self, seconds: u64) -> Option<i32> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
        while std::time::Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("server status") {
                return status.code();
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Percent-encodes a query-string value.
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

pub const STORY_ORIGINAL: &str = "Hafen von Triest erweitert

Der Hafen von Triest baut sein Containerterminal aus und will damit den Güterverkehr nach \
Mitteleuropa an sich ziehen. Die Hafenbehörde rechnet mit Investitionen von 400 Millionen Euro \
bis zum Jahr 2026, der Großteil davon kommt von privaten Reedereien.

Schon heute laufen mehr als 60 Prozent der Container über die Schiene weiter, vor allem nach \
Österreich, Bayern und Ungarn. Die neue Kaimauer soll Schiffe mit 18.000 Containern aufnehmen, \
die bisher nur Rotterdam und Hamburg anlaufen konnten.

Kritik kommt von Umweltschützern, die eine Vertiefung der Fahrrinne für schädlich halten. Die \
Hafenbehörde verweist auf ein Gutachten, nach dem die Lagune nicht berührt werde. (APA)
";

/// The original with a sentence more and another credit, as an update prints it.
fn updated() -> String {
    STORY_ORIGINAL
        .replace(
            "der Großteil davon kommt von privaten Reedereien.",
            "der Großteil davon kommt von privaten Reedereien. Der Bau beginnt im Frühjahr.",
        )
        .replace("(APA)", "(red, dpa)")
}

/// The original with a dateline first and a few words changed, as another outlet prints it.
fn reprinted() -> String {
    STORY_ORIGINAL
        .replace(
            "Der Hafen von Triest baut",
            "Triest – Der Hafen der Stadt baut",
        )
        .replace("vor allem nach", "besonders nach")
        .replace("für schädlich halten", "für gefährlich halten")
}

/// Another article on the same topic: the same harbour and many of its words, other text.
pub const STORY_SAME_TOPIC: &str = "Triest wartet auf die Seidenstraße

Im Hafen von Triest liegen die Pläne für ein neues Containerterminal seit Jahren in der \
Schublade. Chinesische Reedereien zeigen Interesse, doch die Regierung in Rom zögert mit der \
Zusage für die Kaimauer und die Schiene ins Hinterland.

Die Hafenbehörde hofft auf Güterverkehr aus Asien, der bisher über Rotterdam und Hamburg nach \
Mitteleuropa läuft. Umweltschützer fürchten um die Lagune und die Fahrrinne. (red)
";

/// The story fixture: an article, two perturbed copies of it in other files, and another
/// article on the same topic.
pub fn story_fixture() -> TempDir {
    fixture(&[
        ("hafen/triest.txt", STORY_ORIGINAL),
        ("hafen/triest-update.txt", &updated()),
        ("agentur/triest-nachdruck.txt", &reprinted()),
        ("hafen/seidenstrasse.txt", STORY_SAME_TOPIC),
    ])
}
