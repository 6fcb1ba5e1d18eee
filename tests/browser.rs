//! The page in a real browser: Debian's headless Chromium driven by playwright-core
//! (`tests/browser/e2e.mjs`) against `archivar serve` on the shipped corpus, on an article
//! full of markup and on a story with two copies. Skipped, with a message saying why, where Chromium, node or the npm packages
//! are missing (`.ci/run` installs them; with `CI` set, a missing piece fails the test). Screenshots go to `target/browser-artifacts/`.

mod common;

use common::{corpus_index, fixture, index_fixture, Server};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

const CHROMIUM: &str = "/usr/bin/chromium";

/// Why the browser test cannot run here, if it cannot.
fn missing(script_dir: &Path) -> Option<String> {
    if !Path::new(CHROMIUM).exists() {
        return Some(format!(
            "{CHROMIUM} is missing (apt-get install -y chromium; .ci/run does it)"
        ));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node is missing (apt-get install -y nodejs npm)".into());
    }
    if !script_dir.join("node_modules/playwright-core").is_dir() {
        return Some(format!(
            "playwright-core is not installed: run `npm ci` in {}",
            script_dir.display()
        ));
    }
    None
}

#[test]
fn page_works_in_headless_chromium() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script_dir = root.join("tests/browser");
    if let Some(reason) = missing(&script_dir) {
        // CI installs everything (.ci/run), so there a skip would hide a broken install.
        assert!(
            std::env::var_os("CI").is_none(),
            "the browser test cannot run in CI: {reason}"
        );
        // Straight to stderr, past the test harness's capture, so that the skip is seen.
        let _ = writeln!(std::io::stderr(), "SKIPPED the browser test: {reason}");
        return;
    }
    let corpus_server = Server::start(corpus_index(), &[]);
    let markup = fixture(&[(
        "boese.txt",
        "date 2022-02-01 Ein Artikel mit <script>alert(1)</script> im Titel\n\n\
         Der Angreifer schrieb <img src=x onerror=alert(1)> und <script>alert(1)</script> \
         in den Kommentar.\n",
    )]);
    let markup_server = Server::start(&index_fixture(&markup), &[]);
    let stories = common::story_fixture();
    let stories_server = Server::start(&index_fixture(&stories), &[]);
    let artifacts: PathBuf = root.join("target/browser-artifacts");
    let output = Command::new("node")
        .arg("e2e.mjs")
        .current_dir(&script_dir)
        .env("ARCHIVAR_URL", &corpus_server.url)
        .env("ARCHIVAR_XSS_URL", &markup_server.url)
        .env("ARCHIVAR_STORIES_URL", &stories_server.url)
        .env("ARTIFACTS", &artifacts)
        .env("CHROMIUM", CHROMIUM)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "the browser test failed (screenshots in {}):\n{stdout}\n{}",
        artifacts.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}
