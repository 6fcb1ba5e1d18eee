//! `archivar search --queries FILE`: many queries against one opened index, with timings, so
//! latency is measured without process start-up.

use super::{search_options, DateFilter, SearchArgs};
use anyhow::{bail, Context};
use archivar::index::ArchiveIndex;
use archivar::search::{self, Expansions};
use clap::Parser;
use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

/// Search flags a line of a query file may carry in its third column.
#[derive(Parser)]
#[command(no_binary_name = true)]
struct LineOptions {
    #[arg(long)]
    person: Option<String>,
    #[command(flatten)]
    dates: DateFilter,
    #[arg(long)]
    exact: bool,
}

/// One query of the file: its class (for grouping timings), text and options.
struct Line {
    class: String,
    query: String,
    options: LineOptions,
}

/// Reads `class<TAB>query<TAB>options` lines, or bare queries; `#` starts a comment line.
fn read_lines(text: &str) -> anyhow::Result<Vec<Line>> {
    let mut lines = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let (class, query, options) = match fields[..] {
            [query] => ("query", query, ""),
            [class, query] => (class, query, ""),
            [class, query, options, ..] => (class, query, options),
            [] => continue,
        };
        let options = LineOptions::try_parse_from(split_options(options))
            .with_context(|| format!("line {}: options {options:?}", number + 1))?;
        lines.push(Line {
            class: class.to_string(),
            query: query.to_string(),
            options,
        });
    }
    Ok(lines)
}

/// Splits options at spaces, keeping "quoted words" together.
fn split_options(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

/// Runs every query of `args.queries` `args.repeat` times and reports the last round.
pub fn run(index: &ArchiveIndex, args: &SearchArgs) -> anyhow::Result<ExitCode> {
    let Some(path) = &args.queries else {
        bail!("no query file");
    };
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let lines = read_lines(&text).with_context(|| format!("reading {}", path.display()))?;
    let mut out = std::io::stdout().lock();
    let mut timings: BTreeMap<String, Vec<Duration>> = BTreeMap::new();
    let mut failures = 0;
    for round in 1..=args.repeat.max(1) {
        let last = round == args.repeat.max(1);
        for line in &lines {
            let mut options = search_options(args);
            options.filter = line.options.dates.filter(line.options.person.clone());
            if line.options.exact {
                options.expansions = Expansions::NONE;
            }
            let outcome = search::search(index, &line.query, &options);
            if !last {
                continue;
            }
            match outcome {
                Ok(results) => {
                    for notice in &results.notices {
                        eprintln!("note: {:?}: {notice}", line.query);
                    }
                    timings
                        .entry(line.class.clone())
                        .or_default()
                        .push(results.took);
                    if args.json {
                        let record = serde_json::json!({
                            "class": line.class,
                            "query": line.query,
                            "took_ms": (results.took.as_secs_f64() * 1e6).round() / 1e3,
                            "total_hits": results.total_hits,
                            "total_hits_exact": results.total_hits_exact,
                            "returned": results.hits.len(),
                        });
                        writeln!(out, "{record}")?;
                    }
                }
                Err(error) => {
                    failures += 1;
                    eprintln!("warning: {:?} failed: {error}", line.query);
                }
            }
        }
    }
    let mut all: Vec<Duration> = timings.values().flatten().copied().collect();
    all.sort();
    let mut rows: Vec<(String, Vec<Duration>)> = timings.into_iter().collect();
    rows.push(("all".to_string(), all));
    if args.json {
        let summary: serde_json::Map<String, serde_json::Value> = rows
            .iter_mut()
            .map(|(class, times)| {
                times.sort();
                (
                    class.clone(),
                    serde_json::json!({
                        "queries": times.len(),
                        "p50_ms": percentile(times, 50.0),
                        "p95_ms": percentile(times, 95.0),
                        "p99_ms": percentile(times, 99.0),
                    }),
                )
            })
            .collect();
        writeln!(
            out,
            "{}",
            serde_json::json!({ "summary": summary, "failed": failures })
        )?;
    } else {
        writeln!(out, "| class | queries | p50 ms | p95 ms | p99 ms |")?;
        writeln!(out, "|---|---:|---:|---:|---:|")?;
        for (class, times) in &mut rows {
            times.sort();
            writeln!(
                out,
                "| {class} | {} | {:.2} | {:.2} | {:.2} |",
                times.len(),
                percentile(times, 50.0),
                percentile(times, 95.0),
                percentile(times, 99.0)
            )?;
        }
        if failures > 0 {
            writeln!(out, "\n{failures} queries failed (see the warnings).")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_file_lines() {
        let text = "# comment\nword\tRegierung\t\nfilter\tNato\t--person \"Sergej Lawrow\" --since 2020\nnur eine Anfrage\n\n";
        let lines = read_lines(text).unwrap();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[1].options.person.as_deref(), Some("Sergej Lawrow"));
        assert!(lines[1].options.dates.since.is_some());
        assert_eq!(
            (lines[2].class.as_str(), lines[2].query.as_str()),
            ("query", "nur eine Anfrage")
        );
        assert!(read_lines("x\ty\t--unknown").is_err());
    }
}
