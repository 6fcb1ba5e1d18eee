//! Command-line front end: argument parsing, index resolution, and exit codes.
//!
//! Exit codes: 0 results found (or index built), 1 no results, 2 usage error, bad query, or an
//! index that cannot be built or opened.

mod batch;
mod eval;
mod output;

use anyhow::Context;
use archivar::analysis::Analysis;
use archivar::crawl::Period;
use archivar::index::{self, ArchiveIndex, BuildEvent, BuildOptions, BuildReport, IndexError};
use archivar::search::facets::{self, Granularity};
use archivar::search::{self, similar, Expansions, Filter, SearchError, SearchOptions};
use archivar::server::{self, ServeOptions};
use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{self, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Index folder used when neither --index nor ARCHIVAR_INDEX names one.
const DEFAULT_INDEX: &str = "index";
/// Folder indexed by default, and rebuilt into the default index when it changes.
const DEFAULT_CORPUS: &str = "corpus";
/// Exit code after Ctrl-C, as shells report a SIGINT.
const INTERRUPTED: u8 = 130;

#[derive(Parser)]
#[command(
    name = "archivar",
    version,
    about = "Search German-language news archives",
    long_about = "Search German-language news archives.\n\n\
        archivar crawls a folder of articles, builds a search index with German-aware analysis \
        (folding, stop words, stemming) and answers queries with ranked passages whose matched \
        words are highlighted.\n\n\
        Quick start: `archivar search \"Nato Osterweiterung\"` builds the index from ./corpus \
        on first use."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Crawl folders of articles and (re)build the search index from them.
    Index(IndexArgs),
    /// Search the index and print ranked passages with the matched words highlighted.
    Search(SearchArgs),
    /// List the people named in the archive, or in the passages matching a query, most
    /// mentioned first, with their other name forms and who is named with them.
    People(PeopleArgs),
    /// Show the words and two-word phrases that are significantly more frequent in the passages
    /// matching a query than in the whole archive.
    Topics(TopicsArgs),
    /// Count the articles matching a query per month or year, as a bar chart.
    Timeline(TimelineArgs),
    /// List the articles most like one article by content (its most distinctive words as a
    /// query, as Elasticsearch's more_like_this), leaving out its own versions.
    Similar(SimilarArgs),
    /// Serve a web page and a JSON API over the index on this computer, until Ctrl-C.
    Serve(ServeArgs),
    /// Measure relevance (MRR@10, nDCG@10, Recall@10, latency) of each analysis step on judged
    /// queries; needs the archive the judgements refer to (default ../shared/corpora).
    Eval(eval::EvalArgs),
}

#[derive(Args)]
struct DateFilter {
    /// Only articles dated in or after this year, month or day (YYYY, YYYY-MM, YYYY-MM-DD);
    /// undated articles are left out.
    #[arg(long, value_name = "DATE", value_parser = parse_period)]
    since: Option<Period>,
    /// Only articles dated in or before this year, month or day (YYYY, YYYY-MM, YYYY-MM-DD);
    /// undated articles are left out.
    #[arg(long, value_name = "DATE", value_parser = parse_period)]
    until: Option<Period>,
}

fn parse_period(text: &str) -> Result<Period, String> {
    text.parse()
        .map_err(|error: archivar::crawl::DateError| error.to_string())
}

impl DateFilter {
    fn filter(&self, person: Option<String>) -> Filter {
        Filter {
            person,
            since: self.since,
            until: self.until,
        }
    }
}

/// What every facet command takes beside its query.
#[derive(Args)]
struct FacetArgs {
    #[command(flatten)]
    location: IndexLocation,
    #[command(flatten)]
    dates: DateFilter,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct PeopleArgs {
    /// Only the passages matching this query (same syntax as `search`); all passages without.
    #[arg(value_name = "QUERY")]
    query: Vec<String>,
    #[command(flatten)]
    facet: FacetArgs,
    /// Number of people to list.
    #[arg(long, short = 'n', default_value_t = 20, value_name = "N")]
    limit: usize,
}

#[derive(Args)]
struct TopicsArgs {
    /// The query whose passages are described (same syntax as `search`).
    #[arg(value_name = "QUERY", required = true)]
    query: Vec<String>,
    #[command(flatten)]
    facet: FacetArgs,
    /// Number of topics to list.
    #[arg(long, short = 'n', default_value_t = 20, value_name = "N")]
    limit: usize,
}

#[derive(Args)]
struct TimelineArgs {
    /// The query whose articles are counted (same syntax as `search`).
    #[arg(value_name = "QUERY", required = true)]
    query: Vec<String>,
    #[command(flatten)]
    facet: FacetArgs,
    /// Count per month or per year.
    #[arg(long, value_enum, default_value_t = By::Month, value_name = "PERIOD")]
    by: By,
}

#[derive(Args)]
struct SimilarArgs {
    /// The article: a result's id (16 hex digits, as `search --json` and the page show it) or
    /// its path as indexed (`corpus/seed/2022-01-genf-blinken-lawrow.txt`, `path#N` for a record
    /// of a JSON file).
    #[arg(value_name = "ID")]
    article: String,
    #[command(flatten)]
    facet: FacetArgs,
    /// Number of related articles to list.
    #[arg(long, short = 'n', default_value_t = 10, value_name = "N")]
    limit: usize,
    /// When to colour the output; NO_COLOR in the environment always turns colour off.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    location: IndexLocation,
    /// Address and port to listen on; the port 0 lets the system choose one. Only loopback
    /// addresses unless --public is given.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7700")]
    addr: SocketAddr,
    /// Allow an address that other computers can reach (e.g. 0.0.0.0:7700). The archive is then
    /// readable by anyone on the network: there is no login.
    #[arg(long)]
    public: bool,
    /// Let web pages of ORIGIN (e.g. http://localhost:3000) call the API
    /// (Access-Control-Allow-Origin). Without it no CORS header is sent.
    #[arg(long, value_name = "ORIGIN")]
    cors: Option<String>,
    /// API requests answered at once; more get 503 (busy) at once.
    #[arg(long, value_name = "N", default_value_t = server::DEFAULT_MAX_REQUESTS as u64, value_parser = clap::value_parser!(u64).range(1..))]
    max_requests: u64,
}

#[derive(Clone, Copy, ValueEnum)]
enum By {
    Month,
    Year,
}

#[derive(Args)]
struct IndexLocation {
    /// Folder of the search index. Without this flag and without ARCHIVAR_INDEX, `index` is
    /// used, and the reading commands build or update it from `corpus` when it is missing or
    /// out of date.
    #[arg(long, value_name = "DIR", env = "ARCHIVAR_INDEX")]
    index: Option<PathBuf>,
}

#[derive(Args)]
struct IndexArgs {
    /// Folders or files to crawl for articles: house-format text (.txt), Markdown (.md), HTML
    /// (.html, .htm), JSON (.json) and JSON Lines (.jsonl, .ndjson), each also gzipped (.gz);
    /// other files are counted and skipped.
    #[arg(value_name = "PATH", default_value = DEFAULT_CORPUS)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    location: IndexLocation,
    /// Re-read every file and rebuild the index from scratch (also needed for an index made by
    /// an incompatible archivar version). Without it only new, changed and removed files cost
    /// work.
    #[arg(long)]
    full: bool,
    /// Skip files larger than this, with a warning (bytes, or with a unit: 500K, 50M, 2G).
    #[arg(long, value_name = "SIZE", default_value = "50M", value_parser = parse_size)]
    max_file_size: u64,
    /// Indexing threads (default: one per core, at most 8).
    #[arg(long, value_name = "N", default_value_t = 0, hide_default_value = true)]
    threads: usize,
    /// Memory for indexing before data is flushed to disk, shared by the threads (bytes, or
    /// with a unit: 256M, 1G).
    #[arg(long, value_name = "SIZE", default_value = "512M", value_parser = parse_size)]
    memory: u64,
    /// Commit at least every this many seconds while indexing: after a crash, the next run
    /// redoes at most this much work.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    commit_interval: f64,
    /// How much German analysis a new (or --full) index gets: `folded` (everything, the
    /// default); `stemmed` (no umlaut/ß folding); `plain` (tantivy's default tokenizer);
    /// `light` (Elasticsearch's german analyzer). The others exist to measure what each step
    /// brings.
    #[arg(long, value_enum, value_name = "LEVEL")]
    analysis: Option<AnalysisLevel>,
    /// Do not detect the persons named in the articles: the build takes about half the time,
    /// and `people`, `search --person` and the people of each hit then find nobody. Kept for
    /// the index (changing it needs --full).
    #[arg(long, overrides_with = "people")]
    no_people: bool,
    /// Detect the persons named in the articles (the default; with --full, turns detection
    /// back on for an index built with --no-people).
    #[arg(long, overrides_with = "no_people")]
    people: bool,
    /// Print the summary as one JSON object.
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum AnalysisLevel {
    Plain,
    Stemmed,
    Light,
    Folded,
}

impl From<AnalysisLevel> for Analysis {
    fn from(level: AnalysisLevel) -> Analysis {
        match level {
            AnalysisLevel::Plain => Analysis::Plain,
            AnalysisLevel::Stemmed => Analysis::Stemmed,
            AnalysisLevel::Light => Analysis::Light,
            AnalysisLevel::Folded => Analysis::Folded,
        }
    }
}

/// `50M` → 52428800; units K, M, G (powers of 1024), optionally followed by `B`.
fn parse_size(text: &str) -> Result<u64, String> {
    let upper = text.trim().to_ascii_uppercase();
    let number = upper.trim_end_matches('B');
    let (digits, factor) = match number.chars().last() {
        Some('K') => (&number[..number.len() - 1], 1u64 << 10),
        Some('M') => (&number[..number.len() - 1], 1 << 20),
        Some('G') => (&number[..number.len() - 1], 1 << 30),
        _ => (number, 1),
    };
    digits
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|value| value.checked_mul(factor))
        .ok_or_else(|| format!("`{text}` is not a size: write bytes or e.g. 500K, 50M, 2G"))
}

#[derive(Args)]
struct SearchArgs {
    /// The query: words, "quoted phrases", +required, -excluded, AND, OR, NOT. Several words
    /// may be given unquoted; a query that starts with `-` goes after `--`, e.g.
    /// archivar search -- "-Russland Nato".
    #[arg(value_name = "QUERY", required_unless_present = "queries")]
    query: Vec<String>,
    /// Run every query of FILE (lines `class<TAB>query<TAB>options`, or bare queries) against
    /// one opened index and print timings per class (with --json, one line per query).
    #[arg(long, value_name = "FILE", conflicts_with = "query")]
    queries: Option<PathBuf>,
    /// With --queries: run the whole file N times and time the last round (warm caches).
    #[arg(long, value_name = "N", default_value_t = 1, requires = "queries")]
    repeat: usize,
    #[command(flatten)]
    location: IndexLocation,
    /// Number of results to show.
    #[arg(long, short = 'n', default_value_t = 10, value_name = "N")]
    limit: usize,
    /// Number of results to skip, for paging.
    #[arg(long, default_value_t = 0, value_name = "N")]
    offset: usize,
    /// At most this many passages from one article.
    #[arg(long, default_value_t = 2, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    per_article: u64,
    /// Show every version of a story (near-identical copies of an article: agency reports
    /// printed by several outlets, updates, corrections) as a result of its own. By default a
    /// story is shown once, by its best-scoring version, with the number of other versions.
    #[arg(long)]
    all_versions: bool,
    /// Length of a snippet in characters; longer passages are cut around the best match.
    #[arg(long, default_value_t = 240, value_name = "N", value_parser = clap::value_parser!(u64).range(40..))]
    snippet_chars: u64,
    /// Only passages that name this person, by full name or surname (`Lawrow` finds
    /// `Sergej Lawrow`).
    #[arg(long, value_name = "NAME")]
    person: Option<String>,
    #[command(flatten)]
    dates: DateFilter,
    /// Match only the words as written (stemmed and folded): no compound parts, no name
    /// variants, no spelling corrections.
    #[arg(long)]
    exact: bool,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
    /// When to colour the output; NO_COLOR in the environment always turns colour off.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    /// Colour when printing to a terminal.
    Auto,
    Always,
    Never,
}

/// Parses the arguments, runs the command and maps the outcome to an exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Index(args) => run_index(args),
        Command::Search(args) => run_search(args),
        Command::People(args) => run_people(args),
        Command::Topics(args) => run_topics(args),
        Command::Timeline(args) => run_timeline(args),
        Command::Similar(args) => run_similar(args),
        Command::Serve(args) => run_serve(args),
        Command::Eval(args) => eval::run(args),
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run_index(args: IndexArgs) -> anyhow::Result<ExitCode> {
    let dir = index_dir(&args.location);
    let options = BuildOptions {
        full: args.full,
        max_file_bytes: args.max_file_size,
        commit_interval: Duration::try_from_secs_f64(args.commit_interval)
            .map_err(|_| anyhow::anyhow!("--commit-interval takes a number of seconds ≥ 0"))?,
        analysis: args.analysis.map(Analysis::from),
        people: match (args.people, args.no_people) {
            (_, true) => Some(false),
            (true, false) => Some(true),
            (false, false) => None,
        },
        threads: args.threads,
        memory_bytes: usize::try_from(args.memory).unwrap_or(usize::MAX),
    };
    let report = build_index(&dir, &args.paths, &options)?;
    let mut stdout = io::stdout().lock();
    if args.json {
        output::write_pretty(&mut stdout, &archivar::json::build_report(&report))?;
    } else {
        output::print_build_summary(&mut stdout, &dir, &report)?;
    }
    Ok(if report.interrupted {
        ExitCode::from(INTERRUPTED)
    } else {
        ExitCode::SUCCESS
    })
}

/// The index to read: the one named, or the default one brought up to date first. `Err` holds
/// the exit code when that update was interrupted.
fn readable_index(location: &IndexLocation) -> anyhow::Result<Result<ArchiveIndex, ExitCode>> {
    let dir = index_dir(location);
    if location.index.is_none() {
        if let Some(code) = refresh_default_index(&dir)? {
            return Ok(Err(code));
        }
    }
    Ok(Ok(ArchiveIndex::open(&dir)?))
}

/// A search error as the CLI reports it: a bad query is a usage error (exit 2, no context).
fn report_search_error(error: SearchError) -> anyhow::Result<ExitCode> {
    match error {
        SearchError::Query(error) => {
            eprintln!("error: {error}");
            Ok(ExitCode::from(2))
        }
        error => Err(error).context("searching the index"),
    }
}

fn run_search(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let index = match readable_index(&args.location)? {
        Ok(index) => index,
        Err(code) => return Ok(code),
    };
    if args.queries.is_some() {
        return batch::run(&index, &args);
    }
    let query = args.query.join(" ");
    let options = search_options(&args);
    let results = match search::search(&index, &query, &options) {
        Ok(results) => results,
        Err(error) => return report_search_error(error),
    };
    output::print_notices(&results.notices);
    let mut stdout = io::stdout().lock();
    if args.json {
        output::print_json(&mut stdout, &results)?;
    } else {
        let color = use_color(args.color);
        output::print_results(&mut stdout, &results, &options, color)?;
    }
    stdout.flush()?;
    Ok(if results.hits.is_empty() && results.total_hits == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The search options the flags ask for.
fn search_options(args: &SearchArgs) -> SearchOptions {
    SearchOptions {
        limit: args.limit,
        offset: args.offset,
        per_article: usize::try_from(args.per_article).unwrap_or(usize::MAX),
        all_versions: args.all_versions,
        snippet_chars: usize::try_from(args.snippet_chars).unwrap_or(usize::MAX),
        expansions: if args.exact {
            Expansions::NONE
        } else {
            Expansions::DEFAULT
        },
        filter: args.dates.filter(args.person.clone()),
        ..SearchOptions::default()
    }
}

/// Runs a facet of a result set: opens the index, computes, prints, and exits with 1 when the
/// facet is empty.
fn run_facet<T>(
    facet_args: &FacetArgs,
    compute: impl FnOnce(&ArchiveIndex, &SearchOptions) -> Result<T, SearchError>,
    print: impl FnOnce(&mut io::StdoutLock, &T) -> io::Result<()>,
    is_empty: impl FnOnce(&T) -> bool,
) -> anyhow::Result<ExitCode> {
    let index = match readable_index(&facet_args.location)? {
        Ok(index) => index,
        Err(code) => return Ok(code),
    };
    let options = SearchOptions {
        filter: facet_args.dates.filter(None),
        ..SearchOptions::default()
    };
    let facet = match compute(&index, &options) {
        Ok(facet) => facet,
        Err(error) => return report_search_error(error),
    };
    print(&mut io::stdout().lock(), &facet)?;
    Ok(exit_for(is_empty(&facet)))
}

fn run_people(args: PeopleArgs) -> anyhow::Result<ExitCode> {
    let query = (!args.query.is_empty()).then(|| args.query.join(" "));
    run_facet(
        &args.facet,
        |index, options| facets::people(index, query.as_deref(), options, args.limit),
        |out, people| {
            output::print_notices(&people.notices);
            if args.facet.json {
                output::print_people_json(out, query.as_deref(), people)
            } else {
                output::print_people(out, people)
            }
        },
        |people| people.people.is_empty(),
    )
}

fn run_topics(args: TopicsArgs) -> anyhow::Result<ExitCode> {
    let query = args.query.join(" ");
    run_facet(
        &args.facet,
        |index, options| facets::topics(index, &query, options, args.limit),
        |out, topics| {
            output::print_notices(&topics.notices);
            if args.facet.json {
                output::print_topics_json(out, &query, topics)
            } else {
                output::print_topics(out, topics)
            }
        },
        |topics| topics.topics.is_empty(),
    )
}

fn run_timeline(args: TimelineArgs) -> anyhow::Result<ExitCode> {
    let query = args.query.join(" ");
    let by = match args.by {
        By::Month => Granularity::Month,
        By::Year => Granularity::Year,
    };
    run_facet(
        &args.facet,
        |index, options| facets::timeline(index, &query, options, by),
        |out, timeline| {
            output::print_notices(&timeline.notices);
            if args.facet.json {
                output::print_timeline_json(out, &query, timeline)
            } else {
                output::print_timeline(out, timeline)
            }
        },
        |timeline| timeline.articles == 0,
    )
}

fn run_similar(args: SimilarArgs) -> anyhow::Result<ExitCode> {
    let index = match readable_index(&args.facet.location)? {
        Ok(index) => index,
        Err(code) => return Ok(code),
    };
    let options = SearchOptions {
        filter: args.facet.dates.filter(None),
        ..SearchOptions::default()
    };
    let found = similar::find_article(&index, &args.article)
        .and_then(|id| match id {
            Some(id) => similar::similar(&index, id, args.limit, &options),
            None => Ok(None),
        })
        .context("searching the index")?;
    let Some(found) = found else {
        eprintln!(
            "error: the index holds no article with the id or path {:?}: give a result's id (`archivar search --json` shows it) or the path as indexed",
            args.article
        );
        return Ok(ExitCode::from(2));
    };
    let mut stdout = io::stdout().lock();
    if args.facet.json {
        output::write_pretty(&mut stdout, &archivar::json::similar(&found))?;
    } else {
        output::print_similar(&mut stdout, &found, use_color(args.color))?;
    }
    stdout.flush()?;
    Ok(exit_for(found.results.is_empty()))
}

fn run_serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let options = ServeOptions {
        addr: args.addr,
        public: args.public,
        cors: args.cors,
        max_requests: usize::try_from(args.max_requests).unwrap_or(usize::MAX),
    };
    server::check(&options)?;
    if !options.addr.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach this computer can read the archive",
            options.addr
        );
    }
    let index = match readable_index(&args.location)? {
        Ok(index) => index,
        Err(code) => return Ok(code),
    };
    server::serve(index, &options, |addr| {
        let mut stdout = io::stdout().lock();
        // The first line is read by scripts and tests for the URL.
        let _ = writeln!(stdout, "archivar serves http://{addr}/ (Ctrl-C stops)");
        let _ = stdout.flush();
    })?;
    eprintln!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// 1 when there is nothing to show, as `search` without hits.
fn exit_for(empty: bool) -> ExitCode {
    if empty {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn index_dir(location: &IndexLocation) -> PathBuf {
    location
        .index
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX))
}

/// Whether to colour stdout, by the conventions anstream follows: `auto` colours a terminal
/// that supports it unless `NO_COLOR` or `CLICOLOR=0` say no (`CLICOLOR_FORCE` says yes);
/// `NO_COLOR` turns colour off even with `--color always` (no-color.org).
fn use_color(choice: ColorChoice) -> bool {
    let choice = match choice {
        ColorChoice::Never => anstream::ColorChoice::Never,
        ColorChoice::Always if anstyle_query::no_color() => anstream::ColorChoice::Never,
        ColorChoice::Always => anstream::ColorChoice::AlwaysAnsi,
        ColorChoice::Auto => anstream::AutoStream::choice(&io::stdout()),
    };
    choice != anstream::ColorChoice::Never
}

/// Brings the default index up to date with the default corpus when it is missing, made by
/// another version, damaged, or older than the corpus. An index built from other folders is
/// left alone, and so is one that another process is updating.
fn refresh_default_index(dir: &Path) -> anyhow::Result<Option<ExitCode>> {
    let corpus = PathBuf::from(DEFAULT_CORPUS);
    let roots = [corpus.clone()];
    let Some((reason, full)) = default_index_state(dir, &roots)? else {
        return Ok(None);
    };
    let action = if reason == "is out of date" {
        "updating"
    } else {
        "building"
    };
    eprintln!(
        "{}/ {reason}: {action} it from {}/ ...",
        dir.display(),
        corpus.display()
    );
    let options = BuildOptions {
        full,
        ..BuildOptions::default()
    };
    match build_index(dir, &roots, &options) {
        Ok(report) => {
            output::print_build_summary(&mut io::stderr().lock(), dir, &report)?;
            Ok(report.interrupted.then(|| ExitCode::from(INTERRUPTED)))
        }
        Err(error) if is_locked(&error) => {
            eprintln!("warning: {error:#}; searching the index as it is");
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

/// Why the default index needs building, and whether from scratch; `None` if it does not.
fn default_index_state(
    dir: &Path,
    roots: &[PathBuf],
) -> anyhow::Result<Option<(&'static str, bool)>> {
    if !roots.iter().all(|root| root.is_dir()) {
        return Ok(None);
    }
    let stale = index::read_meta(dir).and_then(|meta| match meta {
        None => Ok(Some("is missing")),
        Some(meta) if meta.roots != roots => Ok(None),
        Some(_) => Ok(index::is_stale(dir, roots)?.then_some("is out of date")),
    });
    Ok(match stale {
        Ok(state) => state.map(|reason| (reason, false)),
        Err(IndexError::Incompatible { .. }) => {
            Some(("was made by another archivar version", true))
        }
        Err(IndexError::BadMeta { .. }) => Some(("is damaged", true)),
        Err(error) => return Err(error.into()),
    })
}

fn is_locked(error: &anyhow::Error) -> bool {
    matches!(
        error.downcast_ref::<IndexError>(),
        Some(IndexError::Locked { .. })
    )
}

/// Set by Ctrl-C: the build commits what it has and stops.
static CANCEL: AtomicBool = AtomicBool::new(false);

/// Builds the index with a progress bar on a terminal and a warning for every file skipped.
/// The first Ctrl-C stops the build after committing; a second one ends the process.
fn build_index(
    dir: &Path,
    roots: &[PathBuf],
    options: &BuildOptions,
) -> anyhow::Result<BuildReport> {
    // Fails only if a handler is set already, and then Ctrl-C is handled anyway.
    let _ = ctrlc::set_handler(|| {
        if CANCEL.swap(true, Ordering::SeqCst) {
            std::process::exit(i32::from(INTERRUPTED));
        }
        eprintln!("\ninterrupted: committing what is indexed (Ctrl-C again to quit at once)");
    });
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{spinner} indexing [{bar:30}] {pos}/{len} files {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let warn = |message: String| bar.suspend(|| eprintln!("warning: {message}"));
    let report = index::build(dir, roots, options, &CANCEL, &mut |event| match event {
        BuildEvent::Listed { files } => bar.set_length(files as u64),
        BuildEvent::Skipped(skipped) if skipped.reason.is_warning() => {
            warn(format!(
                "skipped {}: {}",
                skipped.path.display(),
                skipped.reason
            ));
        }
        BuildEvent::Skipped(_) => {}
        BuildEvent::Problem {
            path,
            record,
            problem,
        } => warn(format!("left out {}#{record}: {problem}", path.display())),
        BuildEvent::Checked => bar.inc(1),
        BuildEvent::Committing => bar.set_message("committing"),
    });
    bar.finish_and_clear();
    report.with_context(|| format!("indexing into {}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_table() {
        let table = [
            ("50M", Some(archivar::crawl::DEFAULT_MAX_FILE_BYTES)),
            ("500k", Some(500 * 1024)),
            ("2GB", Some(2 << 30)),
            ("1234", Some(1234)),
            ("", None),
            ("M", None),
            ("-5M", None),
            ("fünf", None),
        ];
        for (text, expected) in table {
            assert_eq!(parse_size(text).ok(), expected, "size {text:?}");
        }
    }
}
