//! Output: results as text for people (optionally coloured) or as one JSON object.

use anstyle::{AnsiColor, Color, Style};
use archivar::crawl::{SkipReason, IGNORE_FILE};
use archivar::index::BuildReport;
use archivar::json;
use archivar::search::facets::{People, Timeline, Topics};
use archivar::search::similar::SimilarResults;
use archivar::search::{
    ArticleInfo, Correction, Hit, Notice, SearchOptions, SearchResults, Snippet,
};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const HIGHLIGHT: Style = Style::new()
    .bold()
    .fg_color(Some(Color::Ansi(AnsiColor::Red)));
/// Width to which snippets are wrapped, indentation included.
const WRAP_COLUMNS: usize = 100;
const INDENT: &str = "   ";
/// Other versions of a story named under a result (`--json` lists them all).
const SHOWN_VERSIONS: usize = 3;

fn print_corrections(
    out: &mut impl Write,
    paint: &Paint,
    corrections: &[Correction],
) -> io::Result<()> {
    for correction in corrections {
        let line = if correction.replaced {
            format!(
                "Showing results for {} (nothing matches {}).",
                correction.searched, correction.written
            )
        } else {
            format!(
                "Also showing results for {} ({} is rare).",
                correction.searched, correction.written
            )
        };
        writeln!(out, "{}", paint.paint(BOLD, &line))?;
    }
    Ok(())
}

/// Says on stderr how query syntax was read as text, so that stdout stays the results.
pub fn print_notices(notices: &[Notice]) {
    for notice in notices {
        eprintln!("note: {notice}");
    }
}

/// Writes `value` as indented JSON and a final newline.
pub fn write_pretty(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

pub fn print_json(out: &mut impl Write, results: &SearchResults) -> io::Result<()> {
    write_pretty(out, &json::search(results))
}

/// Styles text when colour is on.
/// Whether to colour: styles are written as ANSI escapes by anstyle, or not at all.
struct Paint(bool);

impl Paint {
    fn paint(&self, style: Style, text: &str) -> String {
        if self.0 {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }
}

pub fn print_results(
    out: &mut impl Write,
    results: &SearchResults,
    options: &SearchOptions,
    color: bool,
) -> io::Result<()> {
    let paint = Paint(color);
    print_corrections(out, &paint, &results.corrections)?;
    if results.hits.is_empty() {
        let message = if results.total_hits == 0 {
            format!("No passage matches {:?}.", results.query)
        } else {
            format!(
                "No more results: {} passages match {:?}, and --offset {} is past them.",
                hit_count(results),
                results.query,
                options.offset
            )
        };
        return writeln!(out, "{message}");
    }
    let mut number = 0;
    let mut previous_article = None;
    for hit in &results.hits {
        if previous_article != Some(hit.article.id) {
            number += 1;
            writeln!(out)?;
            print_article_header(out, &paint, number, &hit.article)?;
            print_versions(out, &paint, hit)?;
            previous_article = Some(hit.article.id);
        }
        print_passage(out, &paint, hit)?;
    }
    let first = options.offset + 1;
    let last = options.offset + results.hits.len();
    writeln!(out)?;
    let mut footer = format!(
        "Results {first}–{last}; {} passages match, in {} ({:.1} ms).",
        hit_count(results),
        story_count(results),
        results.took.as_secs_f64() * 1000.0
    );
    if results.has_more {
        footer.push_str(&format!(" More with --offset {last}."));
    }
    writeln!(out, "{}", paint.paint(DIM, &footer))
}

/// How many passages match, as a sentence says it: `10000` or `more than 10000`.
fn hit_count(results: &SearchResults) -> String {
    if results.total_hits_exact {
        results.total_hits.to_string()
    } else {
        format!("more than {}", results.total_hits)
    }
}

/// How many stories the matches hold: `12 stories` or `more than 3000 stories`.
fn story_count(results: &SearchResults) -> String {
    let stories = count(results.total_stories, "story", "stories");
    if results.total_stories_exact {
        stories
    } else {
        format!("more than {stories}")
    }
}

fn print_article_header(
    out: &mut impl Write,
    paint: &Paint,
    number: usize,
    article: &ArticleInfo,
) -> io::Result<()> {
    writeln!(out, "{number:>2}. {}", paint.paint(BOLD, &article.title))?;
    let mut facts: Vec<&str> = Vec::new();
    if let Some(date) = &article.date {
        facts.push(date);
    }
    if !article.section.is_empty() {
        facts.push(&article.section);
    }
    let sources = article.sources.join("/");
    if !sources.is_empty() {
        facts.push(&sources);
    }
    facts.push(&article.path);
    writeln!(out, "{INDENT} {}", paint.paint(DIM, &facts.join(" · ")))
}

/// The other versions of a result's story, by path: near-identical copies shown once.
fn print_versions(out: &mut impl Write, paint: &Paint, hit: &Hit) -> io::Result<()> {
    if hit.versions.is_empty() {
        return Ok(());
    }
    let mut paths: Vec<&str> = hit
        .versions
        .iter()
        .take(SHOWN_VERSIONS)
        .map(|v| v.path.as_str())
        .collect();
    if hit.versions.len() > SHOWN_VERSIONS {
        paths.push("…");
    }
    let line = format!(
        "+ {}: {}",
        count(hit.versions.len(), "other version", "other versions"),
        paths.join(", ")
    );
    writeln!(out, "{INDENT} {}", paint.paint(DIM, &line))
}

/// The articles like one article, each with its id (to ask for its own) and best passage.
pub fn print_similar(
    out: &mut impl Write,
    similar: &SimilarResults,
    color: bool,
) -> io::Result<()> {
    let paint = Paint(color);
    writeln!(
        out,
        "{}",
        paint.paint(
            BOLD,
            &format!(
                "Articles like „{}“ ({})",
                similar.article.title, similar.article.path
            )
        )
    )?;
    writeln!(
        out,
        "{}",
        paint.paint(DIM, &format!("by its words: {}", similar.terms.join(", ")))
    )?;
    if similar.results.is_empty() {
        return writeln!(out, "No other article shares its distinctive words.");
    }
    for (number, related) in similar.results.iter().enumerate() {
        writeln!(out)?;
        print_article_header(out, &paint, number + 1, &related.article)?;
        let label = format!(
            "id {} · ¶{} · score {:.2}",
            related.article.id, related.passage, related.score
        );
        writeln!(out, "{INDENT} {}", paint.paint(DIM, &label))?;
        print_snippet(out, &paint, &related.snippet)?;
    }
    writeln!(out)?;
    let footer = format!(
        "{} ({:.1} ms); the article's own versions are left out.",
        count(similar.results.len(), "related article", "related articles"),
        similar.took.as_secs_f64() * 1000.0
    );
    writeln!(out, "{}", paint.paint(DIM, &footer))
}

fn print_passage(out: &mut impl Write, paint: &Paint, hit: &Hit) -> io::Result<()> {
    let mut label = format!("¶{}", hit.paragraph);
    if let Some(heading) = &hit.heading {
        label.push_str(&format!(" „{heading}“"));
    }
    label.push_str(&format!(" · score {:.2}", hit.score));
    if !hit.persons.is_empty() {
        label.push_str(&format!(" · people: {}", hit.persons.join(", ")));
    }
    writeln!(out, "{INDENT} {}", paint.paint(DIM, &label))?;
    print_snippet(out, paint, &hit.snippet)
}

/// A snippet wrapped and indented, its highlights marked.
fn print_snippet(out: &mut impl Write, paint: &Paint, snippet: &Snippet) -> io::Result<()> {
    let chars: Vec<char> = snippet.text.chars().collect();
    for (line_start, line_end) in wrap(&chars, WRAP_COLUMNS - INDENT.len() - 1) {
        write!(out, "{INDENT} ")?;
        // Split the line where highlights begin and end.
        let mut cuts = vec![line_start, line_end];
        for range in &snippet.highlights {
            cuts.extend(
                [range.start, range.end]
                    .into_iter()
                    .filter(|&c| c > line_start && c < line_end),
            );
        }
        cuts.sort_unstable();
        cuts.dedup();
        for piece in cuts.windows(2) {
            let text: String = chars[piece[0]..piece[1]].iter().collect();
            let marked = snippet
                .highlights
                .iter()
                .any(|h| h.start <= piece[0] && piece[1] <= h.end);
            if marked {
                write!(out, "{}", paint.paint(HIGHLIGHT, &text))?;
            } else {
                write!(out, "{text}")?;
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Wraps text at spaces into lines of at most `width` characters (a longer word stays whole),
/// as character ranges without the breaking space.
fn wrap(chars: &[char], width: usize) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut line_start = 0;
    let mut last_space: Option<usize> = None;
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            last_space = Some(i);
        }
        if i - line_start >= width {
            if let Some(space) = last_space.filter(|&s| s > line_start) {
                lines.push((line_start, space));
                line_start = space + 1;
                last_space = None;
            }
        }
    }
    lines.push((line_start, chars.len()));
    lines
}

pub fn print_build_summary(
    out: &mut impl Write,
    dir: &Path,
    report: &BuildReport,
) -> io::Result<()> {
    let seconds = report.elapsed.as_secs_f64();
    if report.interrupted {
        writeln!(
            out,
            "Interrupted after {seconds:.1} s; what was indexed is committed. Run `archivar index` again to finish."
        )?;
    }
    writeln!(
        out,
        "{}: {} added, {} updated, {} removed, {} unchanged, {} skipped ({seconds:.1} s).",
        dir.display(),
        files(report.added),
        report.updated,
        report.removed,
        report.unchanged,
        report
            .skipped
            .iter()
            .filter(|s| s.reason.is_warning())
            .count(),
    )?;
    writeln!(
        out,
        "The index holds {} ({} passages).",
        count(report.articles, "article", "articles"),
        report.passages
    )?;
    let copies = report.signed_articles.saturating_sub(report.stories);
    if copies > 0 {
        writeln!(
            out,
            "{} a copy of another (near-identical text): {} in all.",
            count(copies, "article is", "articles are"),
            count(
                report.articles - copies.min(report.articles),
                "story",
                "stories"
            ),
        )?;
    }
    let (problems, other_formats): (Vec<_>, Vec<_>) = report
        .skipped
        .iter()
        .partition(|skipped| skipped.reason.is_warning());
    if !problems.is_empty() {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for skipped in &problems {
            *counts.entry(skipped.reason.kind()).or_default() += 1;
        }
        let parts: Vec<String> = counts
            .iter()
            .map(|(kind, count)| format!("{count} {kind}"))
            .collect();
        writeln!(
            out,
            "Skipped {} with problems: {}.",
            files(problems.len()),
            parts.join(", ")
        )?;
    }
    if !report.problems.is_empty() {
        writeln!(
            out,
            "Left out {} of files that were indexed.",
            count(report.problems.len(), "bad record", "bad records")
        )?;
    }
    let ignored = other_formats
        .iter()
        .filter(|skipped| skipped.reason == SkipReason::Ignored)
        .count();
    let unsupported = other_formats.len() - ignored;
    if unsupported > 0 {
        writeln!(out, "Ignored {} of other formats.", files(unsupported))?;
    }
    if ignored > 0 {
        writeln!(out, "Ignored {} listed in {IGNORE_FILE}.", files(ignored))?;
    }
    Ok(())
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn files(n: usize) -> String {
    count(n, "file", "files")
}

pub fn print_people_json(
    out: &mut impl Write,
    query: Option<&str>,
    people: &People,
) -> io::Result<()> {
    write_pretty(out, &json::people(query, people))
}

pub fn print_people(out: &mut impl Write, people: &People) -> io::Result<()> {
    print_corrections(out, &Paint(false), &people.corrections)?;
    if people.people.is_empty() {
        return writeln!(
            out,
            "No people named in {} matching articles.",
            people.articles
        );
    }
    let width = people
        .people
        .iter()
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(0);
    for person in &people.people {
        let mut line = format!(
            "{:<width$}  {:>4} articles {:>5} passages",
            person.name, person.articles, person.passages
        );
        if !person.aliases.is_empty() {
            line.push_str(&format!("  also: {}", person.aliases.join(", ")));
        }
        if !person.with.is_empty() {
            let with: Vec<String> = person
                .with
                .iter()
                .map(|(name, n)| format!("{name} ({n})"))
                .collect();
            line.push_str(&format!("  with: {}", with.join(", ")));
        }
        writeln!(out, "{line}")?;
    }
    writeln!(
        out,
        "\n{} people shown, from {} matching articles.",
        people.people.len(),
        people.articles
    )
}

pub fn print_topics_json(out: &mut impl Write, query: &str, topics: &Topics) -> io::Result<()> {
    write_pretty(out, &json::topics(query, topics))
}

pub fn print_topics(out: &mut impl Write, topics: &Topics) -> io::Result<()> {
    print_corrections(out, &Paint(false), &topics.corrections)?;
    if topics.topics.is_empty() {
        return writeln!(
            out,
            "No significant topics in {} matching passages.",
            topics.sample
        );
    }
    let width = topics
        .topics
        .iter()
        .map(|t| t.text.chars().count())
        .max()
        .unwrap_or(0);
    writeln!(
        out,
        "{:<width$}  {:>8}  {:>8}  {:>7}",
        "topic", "matching", "archive", "score"
    )?;
    for topic in &topics.topics {
        writeln!(
            out,
            "{:<width$}  {:>8}  {:>8}  {:>7.3}",
            topic.text, topic.matching, topic.overall, topic.score
        )?;
    }
    writeln!(
        out,
        "\nPassages containing each topic among the {} best matching passages, and in the archive of {}.",
        topics.sample, topics.archive
    )
}

pub fn print_timeline_json(
    out: &mut impl Write,
    query: &str,
    timeline: &Timeline,
) -> io::Result<()> {
    write_pretty(out, &json::timeline(query, timeline))
}

/// Widest bar, in characters.
const BAR_WIDTH: usize = 50;

pub fn print_timeline(out: &mut impl Write, timeline: &Timeline) -> io::Result<()> {
    print_corrections(out, &Paint(false), &timeline.corrections)?;
    let most = timeline.periods.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let count_width = most.to_string().len();
    for (period, articles) in &timeline.periods {
        writeln!(
            out,
            "{period:<7} {articles:>count_width$} {}",
            bar(*articles, most)
        )?;
    }
    if timeline.undated > 0 {
        writeln!(
            out,
            "{}{} matching {} without a date, not in the chart.",
            if timeline.periods.is_empty() {
                ""
            } else {
                "\n"
            },
            timeline.undated,
            if timeline.undated == 1 {
                "article"
            } else {
                "articles"
            }
        )?;
    }
    if timeline.articles == 0 {
        writeln!(out, "No matching articles.")?;
    }
    Ok(())
}

/// A bar of unicode blocks, in eighths of a character, scaled to `most`.
fn bar(value: usize, most: usize) -> String {
    const PARTS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];
    if most == 0 || value == 0 {
        return String::new();
    }
    let eighths = (value * BAR_WIDTH * 8).div_ceil(most);
    let mut bar = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        bar.push(PARTS[eighths % 8 - 1]);
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::bar;

    #[test]
    fn bars_scale_to_the_largest() {
        assert_eq!(bar(0, 10), "");
        assert_eq!(bar(10, 10).chars().count(), 50);
        assert_eq!(bar(5, 10), "█".repeat(25));
        assert_eq!(bar(1, 400), "▏");
    }
}
