//! How fast person detection reads articles, and a digest of what it finds, so that a faster
//! detector can be checked to find exactly the same mentions.
//!
//! ```text
//! cargo run --release --example people_speed -- ../shared/corpora/gnad 20 [--dump FILE]
//! ```
//! Reads every file under the folder as indexing does (`crawl::read_raw`, `crawl::parse_file`),
//! hands each article's paragraphs to `people::detect` as the indexing pipeline does, `N` times
//! over (default 1), and prints the detection time in total and per article and an FNV-1a digest
//! of every mention (file, article, paragraph, span and person). `--dump FILE` writes the
//! mentions of one pass as text, one a line, for `diff`. Timings, not assertions.

use archivar::crawl::{parse_file, read_raw};
use archivar::people::{detect, Mention};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Files larger than this are left out, as the indexer's default does.
const MAX_FILE_BYTES: u64 = 64 << 20;

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_under(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// FNV-1a, 64 bits.
struct Fnv(u64);

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x100_0000_01b3);
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut dump = None;
    let mut positional = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "--dump" {
            match iter.next() {
                Some(file) => dump = Some(PathBuf::from(file)),
                None => {
                    eprintln!("people_speed: --dump needs a file");
                    return ExitCode::from(2);
                }
            }
        } else {
            positional.push(arg.as_str());
        }
    }
    let (dir, rounds) = match positional.as_slice() {
        [dir] => (*dir, 1),
        [dir, n] => match n.parse::<usize>() {
            Ok(n) if n > 0 => (*dir, n),
            _ => {
                eprintln!("people_speed: N must be a positive number, not {n:?}");
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!("usage: people_speed DIR [N] [--dump FILE]");
            return ExitCode::from(2);
        }
    };
    let mut files = Vec::new();
    if let Err(e) = files_under(Path::new(dir), &mut files) {
        eprintln!("people_speed: cannot read {dir}: {e}");
        return ExitCode::from(2);
    }
    // Every article's paragraphs, as the pipeline hands them to `detect`.
    let mut articles: Vec<(String, Vec<String>)> = Vec::new();
    for path in &files {
        let Ok(raw) = read_raw(path, MAX_FILE_BYTES) else {
            continue;
        };
        let Ok(parsed) = parse_file(path, &raw, MAX_FILE_BYTES) else {
            continue;
        };
        for (k, article) in parsed.articles.iter().enumerate() {
            let texts = article.paragraphs.iter().map(|p| p.text.clone()).collect();
            articles.push((format!("{}#{k}", path.display()), texts));
        }
    }
    if articles.is_empty() {
        eprintln!("people_speed: no articles under {dir}");
        return ExitCode::from(1);
    }
    let mut found: Vec<Vec<Vec<Mention>>> = Vec::new();
    let started = Instant::now();
    for round in 0..rounds {
        for (_, paragraphs) in &articles {
            let texts: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
            let mentions = detect(&texts);
            if round == 0 {
                found.push(mentions);
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let mut digest = Fnv(0xcbf2_9ce4_8422_2325);
    let mut text = String::new();
    let mut count = 0;
    for ((name, _), paragraphs) in articles.iter().zip(&found) {
        for (p, mentions) in paragraphs.iter().enumerate() {
            for mention in mentions {
                count += 1;
                let line = format!(
                    "{name}\t{p}\t{}..{}\t{}\n",
                    mention.span.start, mention.span.end, mention.person
                );
                digest.write(line.as_bytes());
                if dump.is_some() {
                    text.push_str(&line);
                }
            }
        }
        // Articles without mentions count too.
        digest.write(b"\x00");
    }
    if let Some(file) = &dump {
        if let Err(e) = std::fs::write(file, &text) {
            eprintln!("people_speed: cannot write {}: {e}", file.display());
            return ExitCode::from(2);
        }
    }
    let detected = articles.len() * rounds;
    let mut report = String::new();
    let _ = write!(
        report,
        "{} articles x {rounds}: {seconds:.3} s, {:.1} us per article; {count} mentions, digest {:016x}",
        articles.len(),
        seconds * 1e6 / detected as f64,
        digest.0
    );
    println!("{report}");
    ExitCode::SUCCESS
}
