//! `archivar eval`: relevance of each analysis step on a set of judged queries.

use anyhow::{bail, Context};
use archivar::analysis::Analysis;
use archivar::eval::{self, Half, Judgements, Measure, SetQuery, System, CONFIGURATIONS, DEFAULT};
use archivar::index::{self, ArchiveIndex, BuildOptions};
use archivar::search::{Expansions, Weights};
use clap::Args;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

/// Results per query and configuration written to a judging pool.
const POOL_DEPTH: usize = eval::RANKING_DEPTH;

#[derive(Args)]
pub struct EvalArgs {
    /// The folder of the sets: dev-queries.tsv and dev-qrels.tsv (graded keyword queries),
    /// questions.tsv (written questions), compound-queries.tsv and compound-qrels.tsv
    /// (single compounds). A set whose files are missing is left out, with a message.
    #[arg(long, value_name = "DIR", default_value = "bench/relevance")]
    sets: PathBuf,
    /// The archive the judgements refer to; its `gnad` folder also gives the lead-sentence set
    /// (first sentence → the rest of the article).
    #[arg(long, value_name = "DIR", default_value = "../shared/corpora")]
    corpus: PathBuf,
    /// Where the evaluation keeps its indexes and the lead-sentence documents.
    #[arg(long, value_name = "DIR", default_value = "target/eval")]
    work: PathBuf,
    /// Also write the unjudged passages among every configuration's top 20 of the graded set
    /// to FILE, to judge.
    #[arg(long, value_name = "FILE")]
    pool: Option<PathBuf>,
    /// Print every query's measure under the default configuration.
    #[arg(long)]
    per_query: bool,
    /// Fit the ranking weights on the tune halves (a coordinate search from the current
    /// ones) and print them, instead of the table.
    #[arg(long)]
    fit: bool,
    /// Instead of searching, measure person detection on hand-labelled mentions (JSON lines
    /// with `path` relative to --corpus and `mentions`, e.g. bench/people/mentions.jsonl).
    #[arg(long, value_name = "FILE")]
    people: Option<PathBuf>,
    /// Instead of searching, measure the compound splitter on a labelled word list
    /// (word<TAB>compound|simple|ambiguous<TAB>segments, e.g. bench/compounds/words.tsv).
    #[arg(long, value_name = "FILE")]
    compounds: Option<PathBuf>,
}

/// Which documents a set searches.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Documents {
    /// The archive (`--corpus`).
    Archive,
    /// The gnad articles without their first sentences.
    Leads,
}

/// A set of queries with judgements.
struct Set {
    name: &'static str,
    measure: Measure,
    documents: Documents,
    queries: Vec<SetQuery>,
}

/// A measure summed over queries, with the queries that failed.
#[derive(Default, Clone)]
struct Total {
    sum: f64,
    queries: usize,
    failed: Vec<String>,
}

impl Total {
    fn mean(&self) -> f64 {
        if self.queries == 0 {
            0.0
        } else {
            self.sum / self.queries as f64
        }
    }
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
    let mut out = std::io::stdout().lock();
    let sets = read_sets(&args, &mut out)?;
    if sets.is_empty() {
        bail!("no set to evaluate in {}", args.sets.display());
    }
    let leads_dir = args.work.join("leads");
    let mut roots: HashMap<Documents, PathBuf> = HashMap::new();
    roots.insert(Documents::Archive, args.corpus.clone());
    if sets.iter().any(|set| set.documents == Documents::Leads) {
        roots.insert(Documents::Leads, leads_dir.clone());
    }
    let cancel = AtomicBool::new(false);
    // One archivar index per analysis level and documents, and one plain index per documents.
    let mut indexes: HashMap<(Analysis, Documents), ArchiveIndex> = HashMap::new();
    let mut plain: HashMap<Documents, eval::PlainIndex> = HashMap::new();
    for (&documents, root) in &roots {
        for configuration in &CONFIGURATIONS {
            let System::Archivar(analysis, _) = configuration.system else {
                continue;
            };
            if indexes.contains_key(&(analysis, documents)) {
                continue;
            }
            let name = format!("{}-{:?}", documents.folder(), analysis).to_lowercase();
            let dir = args.work.join(name);
            // Rebuilt every time: the analysis code may have changed since the last run.
            let options = BuildOptions {
                analysis: Some(analysis),
                full: true,
                ..BuildOptions::default()
            };
            index::build(
                &dir,
                std::slice::from_ref(root),
                &options,
                &cancel,
                &mut |_| {},
            )
            .with_context(|| format!("indexing {} into {}", root.display(), dir.display()))?;
            indexes.insert((analysis, documents), ArchiveIndex::open(&dir)?);
        }
        let source = &indexes[&(Analysis::Folded, documents)];
        plain.insert(documents, eval::PlainIndex::of(source)?);
    }

    if args.fit {
        fit(&sets, &indexes, &roots, &mut out)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "Each cell: the set's measure on its tune half / its report half (queries in the header); failed queries beside it.\n"
    )?;
    let mut header = vec!["configuration".to_string()];
    for set in &sets {
        let count = |half| set.queries.iter().filter(|q| q.half == half).count();
        header.push(format!(
            "{} {} ({} / {})",
            set.name,
            set.measure.name(),
            count(Half::Tune),
            count(Half::Report)
        ));
    }
    header.push("failed".to_string());
    header.push("median ms".to_string());
    writeln!(out, "| {} |", header.join(" | "))?;
    writeln!(out, "|---|{}", "---:|".repeat(header.len() - 1))?;
    let mut pool: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut all_failed: Vec<(String, String)> = Vec::new();
    for configuration in &CONFIGURATIONS {
        let mut cells = vec![configuration.label.to_string()];
        let mut latencies: Vec<Duration> = Vec::new();
        let mut failed = 0;
        for set in &sets {
            let mut totals: BTreeMap<Half, Total> = BTreeMap::new();
            let root = &roots[&set.documents];
            for query in &set.queries {
                let outcome = match configuration.system {
                    System::Archivar(analysis, expansions) => {
                        let index = &indexes[&(analysis, set.documents)];
                        eval::archivar_ranking(
                            index,
                            root,
                            &query.text,
                            expansions,
                            Weights::default(),
                        )
                    }
                    System::PlainBm25 => plain[&set.documents].ranking(root, &query.text),
                    System::AnalysedBm25 => {
                        let index = &indexes[&(Analysis::Folded, set.documents)];
                        eval::analysed_bm25_ranking(index, root, &query.text)
                    }
                };
                let total = totals.entry(query.half).or_default();
                total.queries += 1;
                match outcome {
                    Ok((ranking, took)) => {
                        latencies.push(took);
                        let score = set.measure.of(&ranking, &query.judged);
                        total.sum += score;
                        if args.per_query && configuration.system == DEFAULT {
                            writeln!(
                                out,
                                "  {} {:?} {} {:.2} {}",
                                query.id,
                                query.half,
                                set.measure.name(),
                                score,
                                query.text
                            )?;
                        }
                        if args.pool.is_some() && set.measure.is_graded() {
                            for id in ranking.iter().take(POOL_DEPTH) {
                                if !query.judged.contains_key(id) {
                                    pool.insert((query.id.clone(), id.clone()), query.text.clone());
                                }
                            }
                        }
                    }
                    Err(error) => {
                        // Counted with 0 and reported: a failure is never a silent 0.
                        total.failed.push(query.id.clone());
                        all_failed.push((
                            configuration.label.to_string(),
                            format!("{} {:?}: {error:#}", query.id, query.text),
                        ));
                    }
                }
            }
            let cell = |half: Half| {
                totals.get(&half).map_or("–".to_string(), |total| {
                    let failures = if total.failed.is_empty() {
                        String::new()
                    } else {
                        format!(" ({} failed)", total.failed.len())
                    };
                    format!("{:.3}{failures}", total.mean())
                })
            };
            failed += totals
                .values()
                .map(|total| total.failed.len())
                .sum::<usize>();
            cells.push(format!("{} / {}", cell(Half::Tune), cell(Half::Report)));
        }
        latencies.sort();
        let median = latencies
            .get(latencies.len() / 2)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0);
        cells.push(failed.to_string());
        cells.push(format!("{median:.2}"));
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    if !all_failed.is_empty() {
        writeln!(out, "\nFailed queries (scored 0 above):")?;
        for (label, failure) in all_failed.iter().take(50) {
            writeln!(out, "- {label}: {failure}")?;
        }
    }
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
    Ok(if all_failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

impl Documents {
    fn folder(self) -> &'static str {
        match self {
            Documents::Archive => "archive",
            Documents::Leads => "leads",
        }
    }
}

/// The sets found in `--sets`, and the lead-sentence set written from the archive's gnad
/// articles into `--work`.
fn read_sets(args: &EvalArgs, out: &mut impl Write) -> anyhow::Result<Vec<Set>> {
    let read = |name: &str| -> anyhow::Result<Option<String>> {
        let path = args.sets.join(name);
        if !path.exists() {
            return Ok(None);
        }
        std::fs::read_to_string(&path)
            .map(Some)
            .with_context(|| format!("reading {}", path.display()))
    };
    let bad =
        |name: &str, error: String| anyhow::anyhow!("{}: {error}", args.sets.join(name).display());
    let mut sets = Vec::new();
    let mut missing = Vec::new();
    match (read("dev-queries.tsv")?, read("dev-qrels.tsv")?) {
        (Some(queries), Some(qrels)) => {
            let judgements = eval::parse_judgements(&qrels).map_err(|e| bad("dev-qrels.tsv", e))?;
            let queries = eval::parse_queries(&queries).map_err(|e| bad("dev-queries.tsv", e))?;
            sets.push(Set {
                name: "graded keywords",
                measure: Measure::Ndcg,
                documents: Documents::Archive,
                queries: queries
                    .into_iter()
                    .map(|query| SetQuery {
                        half: Half::of_id(&query.id),
                        judged: judgements.get(&query.id).cloned().unwrap_or_default(),
                        id: query.id,
                        text: query.text,
                    })
                    .collect(),
            });
        }
        _ => missing.push("dev-queries.tsv/dev-qrels.tsv"),
    }
    match read("questions.tsv")? {
        Some(text) => sets.push(Set {
            name: "questions",
            measure: Measure::Mrr,
            documents: Documents::Archive,
            queries: eval::parse_questions(&text).map_err(|e| bad("questions.tsv", e))?,
        }),
        None => missing.push("questions.tsv"),
    }
    match (read("compound-queries.tsv")?, read("compound-qrels.tsv")?) {
        (Some(queries), Some(qrels)) => {
            let judgements =
                eval::parse_judgements(&qrels).map_err(|e| bad("compound-qrels.tsv", e))?;
            sets.push(Set {
                name: "compounds",
                measure: Measure::Ndcg,
                documents: Documents::Archive,
                queries: eval::parse_split_queries(&queries, &judgements)
                    .map_err(|e| bad("compound-queries.tsv", e))?,
            });
        }
        _ => missing.push("compound-queries.tsv/compound-qrels.tsv"),
    }
    let gnad = args.corpus.join("gnad");
    if gnad.is_dir() {
        let queries = write_leads(&gnad, &args.work.join("leads"))?;
        sets.push(Set {
            name: "lead sentences",
            measure: Measure::Mrr,
            documents: Documents::Leads,
            queries,
        });
    } else {
        missing.push("the gnad folder of --corpus (lead sentences)");
    }
    for name in missing {
        writeln!(out, "left out: {name} is missing")?;
    }
    Ok(sets)
}

/// Writes each gnad article without its first sentence under `leads` (the same relative
/// path), and returns the first sentences as queries, each answered by its article; odd file
/// numbers tune, even ones report. Articles without a second sentence are left out.
fn write_leads(gnad: &Path, leads: &Path) -> anyhow::Result<Vec<SetQuery>> {
    if leads.exists() {
        std::fs::remove_dir_all(leads).with_context(|| format!("emptying {}", leads.display()))?;
    }
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(gnad)
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    let mut queries = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("reading {}", file.display()))?;
        let Some((lead, rest)) = eval::split_lead(text.trim()) else {
            continue;
        };
        let relative = file.strip_prefix(gnad).unwrap_or(&file);
        let target = leads.join(relative);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&target, format!("{rest}\n"))
            .with_context(|| format!("writing {}", target.display()))?;
        let id = relative.to_string_lossy().replace('\\', "/");
        let number = relative
            .file_stem()
            .and_then(|stem| stem.to_str())
            .and_then(|stem| stem.parse::<u64>().ok())
            .unwrap_or(1);
        queries.push(SetQuery {
            half: Half::of_number(number),
            judged: Judgements::from([(format!("{id}#1"), 1)]),
            id,
            text: lead.to_string(),
        });
    }
    Ok(queries)
}

/// Fits the ranking weights on the tune halves of every set (see [`eval::fit`]): the
/// objective is the mean of the sets' tune measures; the report halves are not looked at.
fn fit(
    sets: &[Set],
    indexes: &HashMap<(Analysis, Documents), ArchiveIndex>,
    roots: &HashMap<Documents, PathBuf>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let objective = |weights: &Weights| -> f64 {
        let mut sum = 0.0;
        for set in sets {
            let index = &indexes[&(Analysis::Folded, set.documents)];
            let root = &roots[&set.documents];
            let tune: Vec<&SetQuery> = set
                .queries
                .iter()
                .filter(|q| q.half == Half::Tune)
                .collect();
            let total: f64 = tune
                .iter()
                .map(|query| {
                    eval::archivar_ranking(index, root, &query.text, Expansions::DEFAULT, *weights)
                        .map_or(0.0, |(ranking, _)| set.measure.of(&ranking, &query.judged))
                })
                .sum();
            sum += total / tune.len().max(1) as f64;
        }
        sum / sets.len().max(1) as f64
    };
    let start = Weights::default();
    writeln!(out, "start: {:.4} {start:?}", objective(&start))?;
    let mut failed = None;
    let (fitted, score) = eval::fit(
        start,
        &eval::FITTED_WEIGHTS,
        objective,
        |name, value, score| {
            // Each weight as it is settled: a fit takes minutes.
            let written =
                writeln!(out, "{name}: {value:.3} → {score:.4}").and_then(|()| out.flush());
            if let Err(error) = written {
                failed.get_or_insert(error);
            }
        },
    );
    if let Some(error) = failed {
        return Err(error.into());
    }
    writeln!(out, "fitted: {score:.4} {fitted:?}")?;
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
