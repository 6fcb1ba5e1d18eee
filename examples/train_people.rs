//! Builds the person labeller's model, `data/people/model.bin`, and measures it by
//! cross-validation.
//!
//! Sources, both read from `../shared/corpora` (or `--corpora DIR`):
//! - `germeval-dev/NER-de-dev.tsv.gz`: GermEval 2014 NER, development split (CC BY 4.0); its
//!   `B-PER`/`I-PER` spans are the names. The sentences of one source URL form one article, a
//!   sentence a paragraph, tokens joined by spaces, as `../shared/tools/germeval-people` does.
//! - `bench/people/mentions.jsonl` (this repository, labels of DER STANDARD articles from
//!   10kGNAD, CC BY-NC-SA 4.0) with the texts of `gnad/` and `seed/`.
//!
//! ```text
//! cargo run --release --example train_people -- train   # writes data/people/model.bin
//! cargo run --release --example train_people -- cv      # 5 folds, figures per fold
//! ```
//! `--epochs N`, `--bits N`, `--runs N` (perceptrons averaged) and `--seed N` change the
//! training (the seed of the reading order; `seed | 1` is used, so 2k and 2k + 1 give one
//! model): figures that move with the seed alone are noise.
//! `cv` splits the GermEval articles into 5 folds and the bench articles into 5 folds; each
//! fold is measured with a model trained on everything but that fold, beside the rules alone.
//! GermEval is scored at the level of names, as `germeval-people` scores it (precision: listed
//! names that are a gold name or part of one; recall: gold names listed exactly); the bench at
//! the level of mentions, as `archivar eval people` scores it.

use anyhow::{bail, Context};
use archivar::people::train::{train, LabelledArticle, Training};
use archivar::people::{detect_with, Model};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::time::Instant;

const FOLDS: usize = 5;

/// A GermEval article: its labelled text and its distinct gold names.
struct GermevalArticle {
    labelled: LabelledArticle,
    gold: Vec<String>,
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpora = args
        .iter()
        .position(|a| a == "--corpora")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/corpora"));
    let germeval_path = corpora.join("germeval-dev/NER-de-dev.tsv.gz");
    if !germeval_path.is_file() {
        bail!(
            "{} is missing: the model is trained on GermEval 2014 (see ../shared/README.md)",
            germeval_path.display()
        );
    }
    let germeval = read_germeval(&germeval_path)?;
    let bench_labels = std::fs::read_to_string(root.join("bench/people/mentions.jsonl"))
        .context("reading bench/people/mentions.jsonl")?;
    let bench_lines: Vec<&str> = bench_labels
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    let bench = bench_lines
        .iter()
        .map(|line| read_bench_article(line, &corpora))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut training = Training::default();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse::<usize>().ok())
    };
    if let Some(epochs) = flag("--epochs") {
        training.epochs = epochs;
    }
    if let Some(seed) = flag("--seed") {
        training.seed = seed as u64;
    }
    if let Some(runs) = flag("--runs") {
        training.runs = runs;
    }
    if let Some(bits) = flag("--bits") {
        training.bits = bits as u32;
    }
    match args.first().map(String::as_str) {
        Some("train") => {
            let mut all: Vec<LabelledArticle> =
                germeval.iter().map(|a| a.labelled.clone()).collect();
            all.extend(bench.iter().cloned());
            let started = Instant::now();
            let model = train(&all, training);
            let bytes = model.to_bytes();
            let out = root.join("data/people/model.bin");
            std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
            println!(
                "trained on {} articles in {:.1} s; wrote {} ({} bytes)",
                all.len(),
                started.elapsed().as_secs_f64(),
                out.display(),
                bytes.len()
            );
        }
        Some("cv") => cross_validate(&germeval, &bench, &bench_lines, &corpora, training)?,
        Some("explain") => {
            // The names a model trained without fold 1 finds in a text, beside the rules'.
            let text = args.get(1).context("explain TEXT")?;
            let all = args.iter().any(|a| a == "--all");
            let train_set = articles_not_in_fold(&germeval, &bench, (!all).then_some(0));
            let model = train(&train_set, training);
            let article = archivar::people::Article::read(&[text.as_str()]);
            println!("rules: {:?}", article.rule_names);
            println!("model: {:?}", article.names(&model));
            println!("linked: {:?}", detect_with(&model, &[text.as_str()]));
        }
        _ => bail!("usage: train_people (train | cv) [--corpora DIR]"),
    }
    Ok(())
}

/// The labelled articles of both sets outside `fold` (article k is in fold k mod [`FOLDS`]),
/// or all of them for `None`.
fn articles_not_in_fold(
    germeval: &[GermevalArticle],
    bench: &[LabelledArticle],
    fold: Option<usize>,
) -> Vec<LabelledArticle> {
    let kept = |i: usize| fold != Some(i % FOLDS);
    let germeval = germeval.iter().enumerate().filter(|(i, _)| kept(*i));
    let bench = bench.iter().enumerate().filter(|(i, _)| kept(*i));
    germeval
        .map(|(_, a)| a.labelled.clone())
        .chain(bench.map(|(_, a)| a.clone()))
        .collect()
}

fn cross_validate(
    germeval: &[GermevalArticle],
    bench: &[LabelledArticle],
    bench_lines: &[&str],
    corpora: &Path,
    training: Training,
) -> anyhow::Result<()> {
    let rules = Model::rules_only();
    let outside_bias: f32 = std::env::args()
        .skip_while(|a| a != "--outside-bias")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0.0);
    let show: usize = std::env::args()
        .skip_while(|a| a != "--show")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let (mut false_names, mut missed_names) = (Vec::new(), Vec::new());
    let mut totals = [[0usize; 4]; 2];
    let mut bench_totals = [[0usize; 3]; 2];
    println!("| fold | germeval names (gold) | P model | R model | P rules | R rules | bench mentions | P model | R model | P rules | R rules |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for fold in 0..FOLDS {
        let train_set = articles_not_in_fold(germeval, bench, Some(fold));
        let model = train(&train_set, training).with_outside_bias(outside_bias);
        let held_out: Vec<&GermevalArticle> = germeval
            .iter()
            .enumerate()
            .filter(|(i, _)| i % FOLDS == fold)
            .map(|(_, a)| a)
            .collect();
        let labels: String = bench_lines
            .iter()
            .enumerate()
            .filter(|(i, _)| i % FOLDS == fold)
            .map(|(_, line)| format!("{line}\n"))
            .collect();
        let mut row = format!("| {} ", fold + 1);
        let mut bench_row = String::new();
        for (k, model) in [&model, &rules].into_iter().enumerate() {
            let (counts, false_here, missed_here) = name_counts(model, &held_out);
            if k == 0 {
                false_names.extend(false_here);
                missed_names.extend(missed_here);
            }
            for (total, count) in totals[k].iter_mut().zip(counts) {
                *total += count;
            }
            if k == 0 {
                row += &format!("| {} ", counts[3]);
            }
            row += &format!(
                "| {:.3} | {:.3} ",
                ratio(counts[0], counts[1]),
                ratio(counts[2], counts[3])
            );
            let report = archivar::eval::evaluate_people(
                &labels,
                |path| {
                    std::fs::read_to_string(corpora.join(path))
                        .map_err(|e| format!("reading {path}: {e}"))
                },
                |text| {
                    detect_with(model, &[text])
                        .into_iter()
                        .flatten()
                        .map(|mention| (mention.span, mention.person))
                        .collect()
                },
            )
            .map_err(|e| anyhow::anyhow!("bench/people/mentions.jsonl: {e}"))?;
            if k == 0 && show > 0 {
                eprintln!("bench false: {}", report.false_mentions.join("; "));
                eprintln!("bench missed: {}", report.missed_mentions.join("; "));
            }
            let counts = [
                report.exact_mentions,
                report.found_mentions,
                report.labelled_mentions,
            ];
            for (total, count) in bench_totals[k].iter_mut().zip(counts) {
                *total += count;
            }
            if k == 0 {
                bench_row += &format!("| {} ", counts[2]);
            }
            bench_row += &format!(
                "| {:.3} | {:.3} ",
                ratio(counts[0], counts[1]),
                ratio(counts[0], counts[2])
            );
        }
        println!("{row}{bench_row}|");
    }
    let [model, rules] = totals;
    let [bench_model, bench_rules] = bench_totals;
    println!(
        "| all | {} | {:.3} | {:.3} | {:.3} | {:.3} | {} | {:.3} | {:.3} | {:.3} | {:.3} |",
        model[3],
        ratio(model[0], model[1]),
        ratio(model[2], model[3]),
        ratio(rules[0], rules[1]),
        ratio(rules[2], rules[3]),
        bench_model[2],
        ratio(bench_model[0], bench_model[1]),
        ratio(bench_model[0], bench_model[2]),
        ratio(bench_rules[0], bench_rules[1]),
        ratio(bench_rules[0], bench_rules[2]),
    );
    if show > 0 {
        false_names.truncate(show);
        missed_names.truncate(show);
        println!(
            "\nfalse:\n{}\n\nmissed:\n{}",
            false_names.join("\n"),
            missed_names.join("\n")
        );
    }
    Ok(())
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Name-level counts on held-out GermEval articles, as `germeval-people` counts: listed names
/// that are a gold name or part of one, listed names, gold names listed, gold names.
fn name_counts(
    model: &Model,
    articles: &[&GermevalArticle],
) -> ([usize; 4], Vec<String>, Vec<String>) {
    let mut listed = BTreeSet::new();
    let mut gold = BTreeSet::new();
    // Where each listed name was found, for `--show`.
    let mut context = std::collections::BTreeMap::new();
    let mut gold_context = std::collections::BTreeMap::new();
    for article in articles {
        let paragraphs: Vec<&str> = article
            .labelled
            .paragraphs
            .iter()
            .map(String::as_str)
            .collect();
        for (paragraph, mentions) in paragraphs.iter().zip(detect_with(model, &paragraphs)) {
            for mention in mentions {
                if name_like(&mention.person) {
                    context
                        .entry(mention.person.clone())
                        .or_insert_with(|| around(paragraph, mention.span));
                    listed.insert(mention.person);
                }
            }
        }
        gold.extend(article.gold.iter().cloned());
        for (paragraph, spans) in paragraphs.iter().zip(&article.labelled.names) {
            for span in spans {
                gold_context
                    .entry(paragraph[span.clone()].to_string())
                    .or_insert_with(|| around(paragraph, span.clone()));
            }
        }
    }
    let parts: BTreeSet<String> = gold
        .iter()
        .flat_map(|name| {
            let words: Vec<&str> = name.split(' ').collect();
            let mut parts = Vec::new();
            for i in 0..words.len() {
                for j in i + 1..=words.len() {
                    parts.push(words[i..j].join(" "));
                }
            }
            parts
        })
        .collect();
    let good = listed.iter().filter(|name| parts.contains(*name)).count();
    let found = gold.iter().filter(|name| listed.contains(*name)).count();
    let false_names = listed
        .iter()
        .filter(|n| !parts.contains(*n))
        .map(|n| format!("{n} ‹{}›", context[n]))
        .collect();
    let missed = gold
        .iter()
        .filter(|n| !listed.contains(*n))
        .map(|n| {
            let context = gold_context.get(n).map_or("", String::as_str);
            format!("{n} ‹{context}›")
        })
        .collect();
    ([good, listed.len(), found, gold.len()], false_names, missed)
}

/// The text around a span, the span in brackets.
fn around(text: &str, span: std::ops::Range<usize>) -> String {
    let start = text[..span.start]
        .char_indices()
        .rev()
        .nth(40)
        .map_or(0, |(i, _)| i);
    let end = text[span.end..]
        .char_indices()
        .nth(40)
        .map_or(text.len(), |(i, _)| span.end + i);
    format!(
        "{}[{}]{}",
        &text[start..span.start],
        &text[span.clone()],
        &text[span.end..end]
    )
}

/// `^[A-ZÄÖÜ][\w'’.-]*( [\w'’.-]+){0,4}$`, the names `germeval-people` looks at.
fn name_like(name: &str) -> bool {
    let inner = |c: char| c.is_alphanumeric() || matches!(c, '_' | '\'' | '’' | '.' | '-');
    let mut words = name.split(' ');
    let Some(first) = words.next() else {
        return false;
    };
    let starts = first
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_uppercase() || matches!(c, 'Ä' | 'Ö' | 'Ü'));
    let rest: Vec<&str> = words.collect();
    starts
        && first.chars().skip(1).all(inner)
        && rest.len() <= 4
        && rest.iter().all(|w| !w.is_empty() && w.chars().all(inner))
}

/// The GermEval articles: consecutive sentences of one source URL.
fn read_germeval(path: &Path) -> anyhow::Result<Vec<GermevalArticle>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut articles: Vec<GermevalArticle> = Vec::new();
    let mut source = String::new();
    let mut sentence = String::new();
    let mut spans: Vec<std::ops::Range<usize>> = Vec::new();
    let mut open: Option<usize> = None;
    let finish = |articles: &mut Vec<GermevalArticle>,
                  sentence: &mut String,
                  spans: &mut Vec<std::ops::Range<usize>>,
                  open: &mut Option<usize>| {
        if let Some(start) = open.take() {
            spans.push(start..sentence.len());
        }
        if sentence.is_empty() {
            return;
        }
        if let Some(article) = articles.last_mut() {
            for span in spans.iter() {
                article.gold.push(sentence[span.clone()].to_string());
            }
            article.labelled.paragraphs.push(std::mem::take(sentence));
            article.labelled.names.push(std::mem::take(spans));
        }
    };
    for line in reader.lines() {
        let line = line.with_context(|| format!("reading {}", path.display()))?;
        if let Some(rest) = line.strip_prefix('#') {
            finish(&mut articles, &mut sentence, &mut spans, &mut open);
            let url = rest
                .trim_start_matches('\t')
                .split('\t')
                .next()
                .unwrap_or("");
            if url != source || articles.is_empty() {
                source = url.to_string();
                articles.push(GermevalArticle {
                    labelled: LabelledArticle::default(),
                    gold: Vec::new(),
                });
            }
            continue;
        }
        if line.trim().is_empty() {
            finish(&mut articles, &mut sentence, &mut spans, &mut open);
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        let (Some(token), Some(tag)) = (columns.get(1), columns.get(2)) else {
            continue;
        };
        let in_name = open.is_some() && *tag == "I-PER";
        if !in_name {
            if let Some(start) = open.take() {
                spans.push(start..sentence.len());
            }
        }
        if !sentence.is_empty() {
            sentence.push(' ');
        }
        if *tag == "B-PER" {
            open = Some(sentence.len());
        }
        sentence.push_str(token);
    }
    finish(&mut articles, &mut sentence, &mut spans, &mut open);
    for article in &mut articles {
        article.gold.sort();
        article.gold.dedup();
    }
    Ok(articles)
}

/// A bench/people article as one paragraph (as `archivar eval people` reads it), with its
/// labelled mentions as byte ranges.
fn read_bench_article(line: &str, corpora: &Path) -> anyhow::Result<LabelledArticle> {
    let value: serde_json::Value =
        serde_json::from_str(line).context("bench/people/mentions.jsonl")?;
    let path = value["path"].as_str().unwrap_or_default();
    let text = std::fs::read_to_string(corpora.join(path))
        .with_context(|| format!("reading {} (bench/people)", corpora.join(path).display()))?;
    let byte_of: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let names = value["mentions"]
        .as_array()
        .map(|mentions| {
            mentions
                .iter()
                .filter_map(|m| {
                    let start = byte_of.get(m["start"].as_u64()? as usize)?;
                    let end = byte_of.get(m["end"].as_u64()? as usize)?;
                    Some(*start..*end)
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(LabelledArticle {
        paragraphs: vec![text],
        names: vec![names],
    })
}
