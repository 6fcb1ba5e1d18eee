//! HTML articles: the article text without navigation, scripts, styles, cookie banners and
//! footers; title from `og:title`, `<h1>` or `<title>`; date from `article:published_time`,
//! `<time datetime>` or JSON-LD `datePublished`.

use super::date::PartialDate;
use super::text::{assemble, Block, Parsed};
use scraper::{ElementRef, Html, Node, Selector};
use serde_json::Value;

/// Elements whose contents are never article text.
const SKIPPED_ELEMENTS: &[&str] = &[
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "svg",
    "iframe", "template", "select", "figure", "menu", "dialog", "object", "canvas",
];

/// Words in a class or id that mark boilerplate around an article.
const BOILERPLATE_MARKERS: &[&str] = &[
    "cookie",
    "consent",
    "gdpr",
    "banner",
    "newsletter",
    "share",
    "social",
    "related",
    "advert",
    "promo",
    "breadcrumb",
    "comment",
    "footer",
    "navbar",
    "menu",
    "sidebar",
    "paywall",
    "subscribe",
];

/// Elements that end a block of text.
const BLOCK_ELEMENTS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "dl",
    "dt",
    "dd",
    "hr",
    "body",
];

fn selector(css: &str) -> Selector {
    // The selectors are constants of this module, checked by its tests.
    Selector::parse(css).unwrap_or_else(|_| panic!("invalid built-in selector {css}"))
}

/// Parses an HTML page. Never fails; a page without text gives no paragraphs.
pub fn parse(html: &str) -> Parsed {
    let document = Html::parse_document(html);
    let mut parsed = Parsed {
        title: meta(&document, &["og:title", "twitter:title"])
            .or_else(|| first_text(&document, "h1")),
        date: meta(
            &document,
            &[
                "article:published_time",
                "date",
                "dc.date",
                "pubdate",
                "datePublished",
            ],
        )
        .or_else(|| attribute(&document, "time[datetime]", "datetime"))
        .or_else(|| json_ld(&document, "datePublished"))
        .and_then(|date| PartialDate::parse_loose(&date)),
        url: attribute(&document, "link[rel=canonical]", "href")
            .or_else(|| meta(&document, &["og:url"])),
        ..Parsed::default()
    };
    if let Some(author) =
        meta(&document, &["author", "article:author"]).or_else(|| json_ld(&document, "author"))
    {
        parsed.authors.push(author);
    }
    if let Some(site) = meta(&document, &["og:site_name"]) {
        parsed.sources.push(site);
    }
    let root = ["article", "main", "[role=main]", "body"]
        .iter()
        .find_map(|css| document.select(&selector(css)).next())
        .unwrap_or_else(|| document.root_element());
    let mut collector = Collector::default();
    collector.walk(root);
    collector.flush();
    let title_for_blocks = parsed.title.clone();
    let blocks = collector.blocks.into_iter().filter(|block| match block {
        // The page title repeated as the article's first heading is not a subheading.
        Block::Heading(text) => Some(text) != title_for_blocks.as_ref(),
        Block::Text(_) => true,
    });
    if parsed.title.is_none() {
        parsed.title = first_text(&document, "title");
    }
    assemble(blocks, &mut parsed);
    parsed
}

#[derive(Default)]
struct Collector {
    blocks: Vec<Block>,
    current: String,
}

impl Collector {
    fn walk(&mut self, element: ElementRef) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => self.current.push_str(text),
                Node::Element(_) => {
                    let Some(child) = ElementRef::wrap(child) else {
                        continue;
                    };
                    let name = child.value().name();
                    if SKIPPED_ELEMENTS.contains(&name) || is_boilerplate(child) {
                        continue;
                    }
                    if matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                        self.flush();
                        let heading = normalize_space(&child.text().collect::<String>());
                        if !heading.is_empty() {
                            self.blocks.push(Block::Heading(heading));
                        }
                        continue;
                    }
                    let block = BLOCK_ELEMENTS.contains(&name);
                    if block {
                        self.flush();
                    }
                    self.walk(child);
                    if block {
                        self.flush();
                    } else if matches!(name, "br" | "img") {
                        self.current.push(' ');
                    }
                }
                _ => {}
            }
        }
    }

    fn flush(&mut self) {
        let text = normalize_space(&self.current);
        self.current.clear();
        if text.chars().any(char::is_alphanumeric) {
            self.blocks.push(Block::Text(text));
        }
    }
}

fn is_boilerplate(element: ElementRef) -> bool {
    let value = element.value();
    let marked = |text: &str| {
        let text = text.to_ascii_lowercase();
        BOILERPLATE_MARKERS
            .iter()
            .any(|marker| text.contains(marker))
    };
    value.id().is_some_and(marked)
        || value.classes().any(marked)
        || matches!(
            value.attr("role"),
            Some("navigation" | "banner" | "contentinfo" | "dialog")
        )
        || value.attr("aria-hidden") == Some("true")
        || value.attr("hidden").is_some()
}

fn normalize_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first `<meta>` whose `property`, `name` or `itemprop` is one of `names`.
fn meta(document: &Html, names: &[&str]) -> Option<String> {
    let metas = selector("meta[content]");
    names.iter().find_map(|name| {
        document.select(&metas).find_map(|element| {
            let value = element.value();
            let key = value
                .attr("property")
                .or_else(|| value.attr("name"))
                .or_else(|| value.attr("itemprop"))?;
            let content = value.attr("content")?.trim();
            (key.eq_ignore_ascii_case(name) && !content.is_empty()).then(|| content.to_string())
        })
    })
}

fn attribute(document: &Html, css: &str, attribute: &str) -> Option<String> {
    document
        .select(&selector(css))
        .find_map(|element| element.value().attr(attribute))
        .map(|value| value.trim().to_string())
        .filter(|value| !value.is_empty())
}

fn first_text(document: &Html, css: &str) -> Option<String> {
    document
        .select(&selector(css))
        .map(|element| normalize_space(&element.text().collect::<String>()))
        .find(|text| !text.is_empty())
}

/// A field of the page's JSON-LD data (`datePublished`; `author` as its `name`).
fn json_ld(document: &Html, field: &str) -> Option<String> {
    document
        .select(&selector("script[type='application/ld+json']"))
        .filter_map(|script| serde_json::from_str::<Value>(&script.text().collect::<String>()).ok())
        .find_map(|value| find_field(&value, field))
}

fn find_field(value: &Value, field: &str) -> Option<String> {
    match value {
        Value::Object(map) => {
            if let Some(found) = map.get(field).and_then(as_text) {
                return Some(found);
            }
            map.values().find_map(|child| find_field(child, field))
        }
        Value::Array(items) => items.iter().find_map(|item| find_field(item, field)),
        _ => None,
    }
}

/// A string, or the `name` of an object, or the first of a list of those.
pub fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.trim().to_string()).filter(|t| !t.is_empty()),
        Value::Object(map) => map.get("name").and_then(as_text),
        Value::Array(items) => items.iter().find_map(as_text),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html>
<html><head>
<meta charset="utf-8">
<title>Gipfel in Genf | Zeitung</title>
<meta property="og:title" content="Gipfel in Genf">
<meta property="og:site_name" content="Die Zeitung">
<meta property="article:published_time" content="2022-01-21T18:30:00+01:00">
<link rel="canonical" href="https://zeitung.example/genf">
<style>p { color: red }</style>
<script>var tracking = "Außenminister";</script>
</head><body>
<header><nav><a href="/">Startseite</a> <a href="/politik">Politik</a></nav></header>
<div class="cookie-banner">Wir verwenden Cookies. <button>Akzeptieren</button></div>
<article>
<h1>Gipfel in Genf</h1>
<p>Nach ihrem Treffen in Genf wollen die <b>Außenminister</b> weiterreden.</p>
<h2>Zwischentitel</h2>
<p>Zweiter Absatz<br>mit Umbruch.</p>
<aside class="related">Mehr zum Thema</aside>
<div class="share-buttons">Teilen</div>
</article>
<footer>Impressum · Datenschutz</footer>
</body></html>"#;

    #[test]
    fn extracts_the_article_and_its_metadata() {
        let parsed = parse(PAGE);
        assert_eq!(parsed.title.as_deref(), Some("Gipfel in Genf"));
        assert_eq!(parsed.date, "2022-01-21".parse().ok());
        assert_eq!(parsed.sources, ["Die Zeitung"]);
        assert_eq!(parsed.url.as_deref(), Some("https://zeitung.example/genf"));
        let texts: Vec<(Option<&str>, &str)> = parsed
            .paragraphs
            .iter()
            .map(|p| (p.heading.as_deref(), p.text.as_str()))
            .collect();
        assert_eq!(
            texts,
            [
                (
                    None,
                    "Nach ihrem Treffen in Genf wollen die Außenminister weiterreden."
                ),
                (Some("Zwischentitel"), "Zweiter Absatz mit Umbruch."),
            ]
        );
    }

    #[test]
    fn dates_from_time_elements_and_json_ld() {
        let time =
            "<html><body><time datetime=\"2016-03-15\">15. März</time><p>Text.</p></body></html>";
        assert_eq!(parse(time).date, "2016-03-15".parse().ok());
        let ld = r#"<html><head><script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2016-04-01T08:00:00Z","author":{"name":"Anna Muster"}}]}</script></head><body><p>Text.</p></body></html>"#;
        let parsed = parse(ld);
        assert_eq!(parsed.date, "2016-04-01".parse().ok());
        assert_eq!(parsed.authors, ["Anna Muster"]);
    }

    #[test]
    fn a_page_without_text_has_no_paragraphs() {
        let parsed = parse("<html><head><title>Leer</title><script>x()</script></head><body><nav>Menü</nav></body></html>");
        assert!(parsed.paragraphs.is_empty(), "{parsed:?}");
    }
}
