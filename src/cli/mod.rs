//! Command-line front end: argument parsing, index resolution, and exit codes.
//!
//! Exit codes: 0 results found (or index built), 1 no results, 2 usage error, bad query, or an
//! index that cannot be built or opened.

mod output;

use anyhow::Context;
use archivar::index::{self, ArchiveIndex, BuildEvent, BuildReport, IndexError};
use archivar::search::{self, SearchError, SearchOptions};
use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Index folder used when neither --index nor ARCHIVAR_INDEX names one.
const DEFAULT_INDEX: &str = "index";
/// Folder indexed by default, and rebuilt into the default index when it changes.
const DEFAULT_CORPUS: &str = "corpus";

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
}

#[derive(Args)]
struct IndexLocation {
    /// Folder of the search index. Without this flag and without ARCHIVAR_INDEX, `index` is
    /// used and `search` (re)builds it from `corpus` when it is missing or out of date.
    #[arg(long, value_name = "DIR", env = "ARCHIVAR_INDEX")]
    index: Option<PathBuf>,
}

#[derive(Args)]
struct IndexArgs {
    /// Folders or files to crawl for articles (house-format .txt files; other files are
    /// counted and skipped).
    #[arg(value_name = "PATH", default_value = DEFAULT_CORPUS)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    location: IndexLocation,
}

#[derive(Args)]
struct SearchArgs {
    /// The query: words, "quoted phrases", +required, -excluded, AND, OR, NOT. Several words
    /// may be given unquoted; a query that starts with `-` goes after `--`, e.g.
    /// archivar search -- "-Russland Nato".
    #[arg(value_name = "QUERY", required = true)]
    query: Vec<String>,
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
    /// Length of a snippet in characters; longer passages are cut around the best match.
    #[arg(long, default_value_t = 240, value_name = "N", value_parser = clap::value_parser!(u64).range(40..))]
    snippet_chars: u64,
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
    let report = build_index(&dir, &args.paths)?;
    let mut stdout = io::stdout().lock();
    output::print_build_summary(&mut stdout, &dir, &report)?;
    Ok(ExitCode::SUCCESS)
}

fn run_search(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let dir = index_dir(&args.location);
    if args.location.index.is_none() {
        refresh_default_index(&dir)?;
    }
    let index = ArchiveIndex::open(&dir)?;
    let query = args.query.join(" ");
    let options = SearchOptions {
        limit: args.limit,
        offset: args.offset,
        per_article: usize::try_from(args.per_article).unwrap_or(usize::MAX),
        snippet_chars: usize::try_from(args.snippet_chars).unwrap_or(usize::MAX),
    };
    let results = match search::search(&index, &query, &options) {
        Ok(results) => results,
        Err(SearchError::Query(error)) => {
            eprintln!("error: {error}");
            return Ok(ExitCode::from(2));
        }
        Err(error) => return Err(error).context(format!("searching {}", dir.display())),
    };
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

fn index_dir(location: &IndexLocation) -> PathBuf {
    location
        .index
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX))
}

fn use_color(choice: ColorChoice) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
    !no_color
        && match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => io::stdout().is_terminal(),
        }
}

/// Builds the default index from the default corpus when it is missing, made by another
/// version, or older than the corpus. An index built from other folders is left alone.
fn refresh_default_index(dir: &Path) -> anyhow::Result<()> {
    let corpus = PathBuf::from(DEFAULT_CORPUS);
    let roots = [corpus.clone()];
    let reason = match index::read_meta(dir) {
        Ok(None) if corpus.is_dir() => "is missing",
        Ok(None) => return Ok(()),
        Err(IndexError::Incompatible { .. }) => "was made by another archivar version",
        Err(IndexError::BadMeta { .. }) => "is damaged",
        Err(error) => return Err(error.into()),
        Ok(Some(meta)) if meta.roots == roots && !meta.is_current(&roots) => "is out of date",
        Ok(Some(_)) => return Ok(()),
    };
    eprintln!(
        "{} {reason}: building it from {}/ ...",
        dir.display(),
        corpus.display()
    );
    let report = build_index(dir, &roots)?;
    output::print_build_summary(&mut io::stderr().lock(), dir, &report)?;
    Ok(())
}

/// Builds the index with a progress bar on a terminal and a warning for every file skipped.
fn build_index(dir: &Path, roots: &[PathBuf]) -> anyhow::Result<BuildReport> {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{spinner} indexing [{bar:30}] {pos}/{len} files {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let report = index::build(dir, roots, &mut |event| match event {
        BuildEvent::Listed { files } => bar.set_length(files as u64),
        BuildEvent::Skipped(skipped) => {
            if skipped.reason.is_warning() {
                bar.suspend(|| {
                    eprintln!(
                        "warning: skipped {}: {}",
                        skipped.path.display(),
                        skipped.reason
                    )
                });
            }
        }
        BuildEvent::Read => bar.inc(1),
        BuildEvent::Committing => bar.set_message("committing"),
    });
    bar.finish_and_clear();
    report.with_context(|| format!("building the index in {}", dir.display()))
}
