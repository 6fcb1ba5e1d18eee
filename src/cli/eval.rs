//! `archivar eval`: relevance of each analysis step on a set of judged queries.

use anyhow::{bail, Context};
use archivar::analysis::Analysis;
use archivar::eval::{self, EvalQuery, Judgements};
use archivar::index::{self, ArchiveIndex, BuildOptions};
use archivar::search::{self, Expansions, SearchOptions};
use clap::Args;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

/// Cut-off rank of the measures.
const K: usize = 10;
/// Results per query and configuration written to a judging pool.
const POOL_DEPTH: usize = 20;

#[derive(Args)]
pub struct EvalArgs {
    /// Queries, one per line: id<TAB>query<TAB>kind (a header line is skipped).
    #[arg(
        long,
        value_name = "FILE",
        default_value = "bench/relevance/dev-queries.tsv"
    )]
    queries: PathBuf,
    /// Graded judgements, one per line: query_id<TAB>passage<TAB>grade (0–3), the passage as
    /// `path#paragraph` relative to --corpus.
    #[arg(
        long,
        value_name = "FILE",
        default_value = "bench/relevance/dev-qrels.tsv"
    )]
    qrels: PathBuf,
    /// The archive the judgements refer to.
    #[arg(long, value_name = "DIR", default_value = "../shared/corpora")]
    corpus: PathBuf,
    /// Where the evaluation keeps its indexes (one per analysis level), reused between runs.
    #[arg(long, value_name = "DIR", default_value = "target/eval")]
    work: PathBuf,
    /// Also write the unjudged passages among every configuration's top 20 to FILE, to judge.
    #[arg(long, value_name = "FILE")]
    pool: Option<PathBuf>,
    /// Print every query's measures under the final configuration.
    #[arg(long)]
    per_query: bool,
    /// Instead of searching, measure person detection on hand-labelled mentions (JSON lines
    /// with `path` relative to --corpus and `mentions`, e.g. bench/people/mentions.jsonl).
    #[arg(long, value_name = "FILE")]
    people: Option<PathBuf>,
    /// Instead of searching, measure the compound splitter on a labelled word list
    /// (word<TAB>compound|simple|ambiguous<TAB>segments, e.g. bench/compounds/words.tsv).
    #[arg(long, value_name = "FILE")]
    compounds: Option<PathBuf>,
}

/// One row of the table: an index analysis level and the query expansions used on it.
struct Configuration {
    name: &'static str,
    analysis: Analysis,
    expansions: Expansions,
}

const CONFIGURATIONS: [Configuration; 8] = [
    Configuration {
        name: "Elasticsearch `german` analyzer (light stemmer)",
        analysis: Analysis::Light,
        expansions: Expansions::NONE,
    },
    Configuration {
        name: "tantivy default tokenizer",
        analysis: Analysis::Plain,
        expansions: Expansions::NONE,
    },
    Configuration {
        name: "+ stemming (Snowball, stop words)",
        analysis: Analysis::Stemmed,
        expansions: Expansions::NONE,
    },
    Configuration {
        name: "+ folding",
        analysis: Analysis::Folded,
        expansions: Expansions::NONE,
    },
    Configuration {
        name: "+ compounds",
        analysis: Analysis::Folded,
        expansions: Expansions {
            compounds: true,
            names: false,
            typos: false,
        },
    },
    Configuration {
        name: "+ names",
        analysis: Analysis::Folded,
        expansions: Expansions {
            compounds: true,
            names: true,
            typos: false,
        },
    },
    Configuration {
        name: "+ typos",
        analysis: Analysis::Folded,
        expansions: Expansions::ALL,
    },
    Configuration {
        name: "final default",
        analysis: Analysis::Folded,
        expansions: Expansions::DEFAULT,
    },
];

/// nDCG@10 summed, and the number of queries, by kind of query.
type ByKind = BTreeMap<String, (f64, usize)>;

#[derive(Default)]
struct Scores {
    mrr: f64,
    ndcg: f64,
    recall: f64,
}

pub fn run(args: EvalArgs) -> anyhow::Result<ExitCode> {
    if let Some(list) = &args.compounds {
        return evaluate_splitter(list);
    }
    if let Some(labels) = &args.people {
        return evaluate_people(labels, &args.corpus);
    }
    if !args.corpus.is_dir() {
        bail!(
            "{} is missing: the evaluation searches the archive its judgements refer to (see ../shared/README.md)",
            args.corpus.display()
        );
    }
    let read = |path: &Path| {
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
    };
    let queries = eval::parse_queries(&read(&args.queries)?)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.queries.display()))?;
    let judgements = eval::parse_judgements(&read(&args.qrels)?)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.qrels.display()))?;
    let cancel = AtomicBool::new(false);
    let mut indexes: HashMap<Analysis, ArchiveIndex> = HashMap::new();
    for configuration in &CONFIGURATIONS {
        if indexes.contains_key(&configuration.analysis) {
            continue;
        }
        let dir = args
            .work
            .join(format!("{:?}", configuration.analysis).to_lowercase());
        // Rebuilt every time: the analysis code may have changed since the last run.
        let options = BuildOptions {
            analysis: Some(configuration.analysis),
            full: true,
            ..BuildOptions::default()
        };
        index::build(
            &dir,
            std::slice::from_ref(&args.corpus),
            &options,
            &cancel,
            &mut |_| {},
        )
        .with_context(|| format!("indexing {} into {}", args.corpus.display(), dir.display()))?;
        indexes.insert(configuration.analysis, ArchiveIndex::open(&dir)?);
    }

    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} queries, {} judgements, archive {}\n",
        queries.len(),
        judgements.values().map(HashMap::len).sum::<usize>(),
        args.corpus.display()
    )?;
    writeln!(
        out,
        "| configuration | MRR@10 | nDCG@10 | Recall@10 | median ms |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---:|")?;
    let mut pool: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut by_kind: Vec<(&str, ByKind)> = Vec::new();
    let empty = Judgements::new();
    for configuration in &CONFIGURATIONS {
        let index = &indexes[&configuration.analysis];
        let options = SearchOptions {
            limit: POOL_DEPTH,
            expansions: configuration.expansions,
            ..SearchOptions::default()
        };
        let mut total = Scores::default();
        let mut latencies: Vec<Duration> = Vec::new();
        let mut kinds = ByKind::new();
        for query in &queries {
            let judged = judgements.get(&query.id).unwrap_or(&empty);
            // The first run warms the caches; the second is timed.
            search::search(index, &query.text, &options).ok();
            let ranking = match search::search(index, &query.text, &options) {
                Ok(results) => {
                    latencies.push(results.took);
                    results
                        .hits
                        .iter()
                        .map(|hit| passage_id(&args.corpus, &hit.article.path, hit.paragraph))
                        .collect()
                }
                Err(_) => Vec::new(),
            };
            for id in ranking.iter().take(POOL_DEPTH) {
                if !judged.contains_key(id) {
                    pool.insert((query.id.clone(), id.clone()), query.text.clone());
                }
            }
            let scores = Scores {
                mrr: eval::reciprocal_rank(&ranking, judged, K),
                ndcg: eval::ndcg(&ranking, judged, K),
                recall: eval::recall(&ranking, judged, K),
            };
            if args.per_query && configuration.name == "final default" {
                print_query(&mut out, query, &scores)?;
            }
            let kind = kinds.entry(query.kind.clone()).or_default();
            kind.0 += scores.ndcg;
            kind.1 += 1;
            total.mrr += scores.mrr;
            total.ndcg += scores.ndcg;
            total.recall += scores.recall;
        }
        let n = queries.len().max(1) as f64;
        latencies.sort();
        let median = latencies
            .get(latencies.len() / 2)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0);
        writeln!(
            out,
            "| {} | {:.3} | {:.3} | {:.3} | {median:.2} |",
            configuration.name,
            total.mrr / n,
            total.ndcg / n,
            total.recall / n
        )?;
        by_kind.push((configuration.name, kinds));
    }
    print_by_kind(&mut out, &by_kind)?;
    if let Some(path) = &args.pool {
        let mut text = String::from("query_id\tpassage\tquery\n");
        for ((query_id, passage), query) in &pool {
            text.push_str(&format!("{query_id}\t{passage}\t{query}\n"));
        }
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
        writeln!(
            out,
            "\n{} unjudged pooled passages written to {}",
            pool.len(),
            path.display()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `gnad/etat/0001.txt#1` for a hit in `<corpus>/gnad/etat/0001.txt`, paragraph 1.
fn passage_id(corpus: &Path, path: &str, paragraph: u64) -> String {
    let relative = Path::new(path)
        .strip_prefix(corpus)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| path.to_string());
    format!("{relative}#{paragraph}")
}

fn print_query(out: &mut impl Write, query: &EvalQuery, scores: &Scores) -> std::io::Result<()> {
    writeln!(
        out,
        "  {} {:<9} {:<40} MRR {:.2} nDCG {:.2} R {:.2}",
        query.id, query.kind, query.text, scores.mrr, scores.ndcg, scores.recall
    )
}

fn print_by_kind(out: &mut impl Write, rows: &[(&str, ByKind)]) -> std::io::Result<()> {
    let kinds: BTreeSet<&String> = rows.iter().flat_map(|(_, kinds)| kinds.keys()).collect();
    writeln!(
        out,
        "\nnDCG@10 by kind of query (number of queries in brackets):\n"
    )?;
    let header: Vec<String> = kinds
        .iter()
        .map(|kind| {
            let count = rows[0].1.get(*kind).map_or(0, |(_, n)| *n);
            format!("{kind} ({count})")
        })
        .collect();
    writeln!(out, "| configuration | {} |", header.join(" | "))?;
    writeln!(out, "|---|{}", "---:|".repeat(kinds.len()))?;
    for (name, by_kind) in rows {
        let cells: Vec<String> = kinds
            .iter()
            .map(|kind| {
                by_kind.get(*kind).map_or("–".to_string(), |(sum, n)| {
                    format!("{:.3}", sum / *n as f64)
                })
            })
            .collect();
        writeln!(out, "| {name} | {} |", cells.join(" | "))?;
    }
    Ok(())
}

fn evaluate_splitter(list: &Path) -> anyhow::Result<ExitCode> {
    let text =
        std::fs::read_to_string(list).with_context(|| format!("reading {}", list.display()))?;
    let report = eval::evaluate_splitter(&text, |word| {
        archivar::analysis::split_compound(word)
            .map(|parts| parts.iter().map(|p| p.start).collect())
    })
    .map_err(|e| anyhow::anyhow!("{}: {e}", list.display()))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "Compound splitter on {}\n", list.display())?;
    writeln!(out, "| measure | value |")?;
    writeln!(out, "|---|---:|")?;
    writeln!(
        out,
        "| precision (split at the right places / all words split, ambiguous left out) | {:.3} ({} / {}) |",
        report.precision(),
        report.compounds_split_right,
        report.compounds_split_right + report.compounds_split_wrong + report.simple_split
    )?;
    writeln!(
        out,
        "| recall (compounds split at the right places) | {:.3} ({} / {}) |",
        report.recall(),
        report.compounds_split_right,
        report.compounds
    )?;
    writeln!(
        out,
        "| false splits of simple words | {:.3} ({} / {}) |",
        report.false_split_rate(),
        report.simple_split,
        report.simple
    )?;
    writeln!(
        out,
        "| compounds split elsewhere | {} |",
        report.compounds_split_wrong
    )?;
    writeln!(
        out,
        "| ambiguous words split | {} / {} |",
        report.ambiguous_split, report.ambiguous
    )?;
    let sample = |words: &[String]| {
        words
            .iter()
            .take(25)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    };
    writeln!(out, "\nfalse splits: {}", sample(&report.false_splits))?;
    writeln!(out, "split elsewhere: {}", sample(&report.wrong_cuts))?;
    writeln!(out, "missed: {}", sample(&report.missed))?;
    Ok(ExitCode::SUCCESS)
}

fn evaluate_people(labels: &Path, corpus: &Path) -> anyhow::Result<ExitCode> {
    if !corpus.is_dir() {
        bail!(
            "{} is missing: the labelled mentions refer to its articles (see ../shared/README.md)",
            corpus.display()
        );
    }
    let text =
        std::fs::read_to_string(labels).with_context(|| format!("reading {}", labels.display()))?;
    let report = eval::evaluate_people(
        &text,
        |path| {
            std::fs::read_to_string(corpus.join(path)).map_err(|e| format!("reading {path}: {e}"))
        },
        |text| {
            archivar::people::detect(&[text])
                .into_iter()
                .flatten()
                .map(|mention| (mention.span, mention.person))
                .collect()
        },
    )
    .map_err(|e| anyhow::anyhow!("{}: {e}", labels.display()))?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Person detection on {} ({} articles)\n",
        labels.display(),
        report.articles
    )?;
    writeln!(out, "| level | precision | recall |")?;
    writeln!(out, "|---|---:|---:|")?;
    writeln!(
        out,
        "| mention, exact span ({} found, {} labelled) | {:.3} | {:.3} |",
        report.found_mentions,
        report.labelled_mentions,
        report.mention_precision(),
        report.mention_recall()
    )?;
    writeln!(
        out,
        "| mention, overlapping span | {:.3} | |",
        report.overlap_precision()
    )?;
    writeln!(
        out,
        "| person per article ({} found, {} labelled) | {:.3} | {:.3} |",
        report.found_persons,
        report.labelled_persons,
        report.person_precision(),
        report.person_recall()
    )?;
    let sample = |items: &[String]| {
        items
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("; ")
    };
    writeln!(
        out,
        "\nfound, not labelled: {}",
        sample(&report.false_mentions)
    )?;
    writeln!(
        out,
        "\nlabelled, not found: {}",
        sample(&report.missed_mentions)
    )?;
    Ok(ExitCode::SUCCESS)
}
