//! The JSON shapes of results, shared by the command line's `--json` and the web API, so both
//! give the same objects. Each function turns a result of [`crate::search`] into a serializable
//! value; writing it (pretty for the CLI, compact for the API) is the caller's business.
//!
//! Objects built with `serde_json::json!` have their keys in alphabetical order (serde_json is
//! used without `preserve_order`); the structs keep their field order. Both are part of the
//! documented output and must not change by accident.

use crate::index::{ArticleId, BuildReport, Version};
use crate::search::article::Article;
use crate::search::facets::{People, Timeline, Topics};
use crate::search::similar::SimilarResults;
use crate::search::{ArticleInfo, Correction, Notice, SearchResults};
use serde::Serialize;
use serde_json::{json, Value};

/// `archivar search --json` and `GET /api/search`.
#[derive(Serialize)]
pub struct SearchJson<'a> {
    query: &'a str,
    total_hits: usize,
    /// `false`: more passages than `total_hits` match (counting stops there).
    total_hits_exact: bool,
    /// The stories of the counted passages: near-identical copies of an article counted once.
    total_stories: usize,
    /// `false`: the matches hold more stories than `total_stories` (counting stops there).
    total_stories_exact: bool,
    took_ms: f64,
    corrections: Vec<CorrectionJson<'a>>,
    /// How query syntax was read as text: a lone `-`, an unclosed quote.
    notices: Vec<String>,
    results: Vec<HitJson<'a>>,
}

#[derive(Serialize)]
struct CorrectionJson<'a> {
    written: &'a str,
    searched: &'a str,
    /// `true`: only `searched` was searched; `false`: both.
    replaced: bool,
}

/// The article fields that open both a search result and an article.
#[derive(Serialize)]
struct ArticleInfoJson<'a> {
    id: ArticleId,
    path: &'a str,
    title: &'a str,
    date: Option<&'a str>,
    section: &'a str,
    sources: &'a [String],
    authors: &'a [String],
    url: Option<&'a str>,
}

impl<'a> From<&'a ArticleInfo> for ArticleInfoJson<'a> {
    fn from(info: &'a ArticleInfo) -> Self {
        ArticleInfoJson {
            id: info.id,
            path: &info.path,
            title: &info.title,
            date: info.date.as_deref(),
            section: &info.section,
            sources: &info.sources,
            authors: &info.authors,
            url: info.url.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct HitJson<'a> {
    #[serde(flatten)]
    article: ArticleInfoJson<'a>,
    persons: &'a [String],
    passage: u64,
    heading: Option<&'a str>,
    score: f32,
    snippet: &'a str,
    highlights: Vec<[usize; 2]>,
    text: &'a str,
    /// The other versions of the article's story (near-identical copies).
    versions: Vec<VersionJson<'a>>,
}

/// One other version of a result's story.
#[derive(Serialize)]
struct VersionJson<'a> {
    id: ArticleId,
    path: &'a str,
    title: &'a str,
    date: Option<&'a str>,
    sources: &'a [String],
}

impl<'a> From<&'a Version> for VersionJson<'a> {
    fn from(version: &'a Version) -> Self {
        VersionJson {
            id: ArticleId::from_stored(version.id),
            path: &version.path,
            title: &version.title,
            date: version.date.as_deref(),
            sources: &version.sources,
        }
    }
}

fn corrections(corrections: &[Correction]) -> Vec<CorrectionJson<'_>> {
    corrections
        .iter()
        .map(|c| CorrectionJson {
            written: &c.written,
            searched: &c.searched,
            replaced: c.replaced,
        })
        .collect()
}

fn notices(notices: &[Notice]) -> Vec<String> {
    notices.iter().map(Notice::to_string).collect()
}

fn ranges(ranges: &[std::ops::Range<usize>]) -> Vec<[usize; 2]> {
    ranges
        .iter()
        .map(|range| [range.start, range.end])
        .collect()
}

/// A page of search results.
pub fn search(results: &SearchResults) -> SearchJson<'_> {
    SearchJson {
        query: &results.query,
        total_hits: results.total_hits,
        total_hits_exact: results.total_hits_exact,
        total_stories: results.total_stories,
        total_stories_exact: results.total_stories_exact,
        // Microsecond precision: more digits would be noise.
        took_ms: (results.took.as_secs_f64() * 1e6).round() / 1e3,
        corrections: corrections(&results.corrections),
        notices: notices(&results.notices),
        results: results
            .hits
            .iter()
            .map(|hit| HitJson {
                article: (&hit.article).into(),
                persons: &hit.persons,
                passage: hit.paragraph,
                heading: hit.heading.as_deref(),
                score: hit.score,
                snippet: &hit.snippet.text,
                highlights: ranges(&hit.snippet.highlights),
                text: &hit.text,
                versions: hit.versions.iter().map(VersionJson::from).collect(),
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct PersonJson<'a> {
    name: &'a str,
    aliases: &'a [String],
    articles: usize,
    passages: usize,
    with: Vec<CompanionJson<'a>>,
}

#[derive(Serialize)]
struct CompanionJson<'a> {
    name: &'a str,
    articles: usize,
}

/// `archivar people --json` and `GET /api/people`.
pub fn people(query: Option<&str>, people: &People) -> Value {
    json!({
        "query": query,
        "articles": people.articles,
        "corrections": corrections(&people.corrections),
        "notices": notices(&people.notices),
        "people": people.people.iter().map(|person| PersonJson {
            name: &person.name,
            aliases: &person.aliases,
            articles: person.articles,
            passages: person.passages,
            with: person.with.iter().map(|(name, articles)| CompanionJson { name, articles: *articles }).collect(),
        }).collect::<Vec<_>>(),
    })
}

/// `archivar topics --json` and `GET /api/topics`.
pub fn topics(query: &str, topics: &Topics) -> Value {
    json!({
        "query": query,
        "sample_passages": topics.sample,
        "archive_passages": topics.archive,
        "corrections": corrections(&topics.corrections),
        "notices": notices(&topics.notices),
        "topics": topics.topics.iter().map(|topic| json!({
            "text": topic.text,
            "matching_passages": topic.matching,
            "archive_passages": topic.overall,
            "score": (topic.score * 1000.0).round() / 1000.0,
        })).collect::<Vec<_>>(),
    })
}

/// `archivar timeline --json` and `GET /api/timeline`.
pub fn timeline(query: &str, timeline: &Timeline) -> Value {
    json!({
        "query": query,
        "articles": timeline.articles,
        "undated": timeline.undated,
        "corrections": corrections(&timeline.corrections),
        "notices": notices(&timeline.notices),
        "periods": timeline.periods.iter().map(|(period, articles)| json!({
            "period": period,
            "articles": articles,
        })).collect::<Vec<_>>(),
    })
}

#[derive(Serialize)]
pub struct ArticleJson<'a> {
    #[serde(flatten)]
    info: ArticleInfoJson<'a>,
    persons: &'a [String],
    passages: Vec<PassageJson<'a>>,
}

#[derive(Serialize)]
struct PassageJson<'a> {
    passage: u64,
    heading: Option<&'a str>,
    persons: &'a [String],
    text: &'a str,
    highlights: Vec<[usize; 2]>,
}

/// `GET /api/article`: a whole article with its passages in order; `highlights` are character
/// offsets into each passage's `text`, as in search results.
pub fn article(article: &Article) -> ArticleJson<'_> {
    ArticleJson {
        info: (&article.info).into(),
        persons: &article.persons,
        passages: article
            .passages
            .iter()
            .map(|passage| PassageJson {
                passage: passage.number,
                heading: passage.heading.as_deref(),
                persons: &passage.persons,
                text: &passage.text,
                highlights: ranges(&passage.highlights),
            })
            .collect(),
    }
}

/// `archivar index --json`: what a build did, in the report's field order.
#[derive(Serialize)]
pub struct BuildReportJson {
    added: usize,
    updated: usize,
    removed: usize,
    unchanged: usize,
    skipped: Vec<Value>,
    problems: Vec<Value>,
    articles: usize,
    /// Stories: copies of one article (near-duplicates) counted once.
    stories: usize,
    passages: usize,
    documents: u64,
    interrupted: bool,
    elapsed_ms: u64,
}

pub fn build_report(report: &BuildReport) -> BuildReportJson {
    let skipped = report
        .skipped
        .iter()
        .map(|item| {
            json!({
                "path": item.path.to_string_lossy(),
                "kind": item.reason.kind(),
                "reason": item.reason.to_string(),
            })
        })
        .collect();
    let problems = report
        .problems
        .iter()
        .map(|(path, record, problem)| {
            json!({
                "path": path.to_string_lossy(),
                "record": record,
                "problem": problem,
            })
        })
        .collect();
    BuildReportJson {
        added: report.added,
        updated: report.updated,
        removed: report.removed,
        unchanged: report.unchanged,
        skipped,
        problems,
        articles: report.articles,
        stories: report.articles.saturating_sub(report.signed_articles) + report.stories,
        passages: report.passages,
        documents: report.documents,
        interrupted: report.interrupted,
        elapsed_ms: u64::try_from(report.elapsed.as_millis()).unwrap_or(u64::MAX),
    }
}

#[derive(Serialize)]
struct RelatedJson<'a> {
    #[serde(flatten)]
    article: ArticleInfoJson<'a>,
    passage: u64,
    score: f32,
    snippet: &'a str,
    highlights: Vec<[usize; 2]>,
}

/// `archivar similar --json` and `GET /api/similar`.
#[derive(Serialize)]
pub struct SimilarJson<'a> {
    /// The article asked about.
    article: ArticleInfoJson<'a>,
    /// The distinctive words searched, as the index has them (stemmed).
    terms: &'a [String],
    took_ms: f64,
    results: Vec<RelatedJson<'a>>,
}

/// The articles like one article.
pub fn similar(similar: &SimilarResults) -> SimilarJson<'_> {
    SimilarJson {
        article: (&similar.article).into(),
        terms: &similar.terms,
        took_ms: (similar.took.as_secs_f64() * 1e6).round() / 1e3,
        results: similar
            .results
            .iter()
            .map(|related| RelatedJson {
                article: (&related.article).into(),
                passage: related.passage,
                score: related.score,
                snippet: &related.snippet.text,
                highlights: ranges(&related.snippet.highlights),
            })
            .collect(),
    }
}
