//! Markdown articles: optional front matter (`title`, `date`, `author`, `source`), `#` headings
//! as title and subheadings, paragraphs with their inline markup removed.

use super::date::PartialDate;
use super::text::{assemble, Block, Parsed};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Parses a Markdown article. Never fails.
pub fn parse(text: &str) -> Parsed {
    let (front_matter, body) = split_front_matter(text);
    let mut parsed = Parsed::default();
    for (key, value) in front_matter {
        match key.as_str() {
            "title" | "headline" => parsed.title = Some(value),
            "date" | "published" | "published_at" => parsed.date = PartialDate::parse_loose(&value),
            "author" | "authors" => parsed.authors.extend(list_values(&value)),
            "source" | "sources" => parsed.sources.extend(list_values(&value)),
            "url" => parsed.url = Some(value),
            _ => {}
        }
    }
    assemble(blocks(body), &mut parsed);
    parsed
}

/// `key: value` pairs of a leading `---` block, keys lower-cased, values unquoted.
fn split_front_matter(text: &str) -> (Vec<(String, String)>, &str) {
    let text = text.trim_start_matches('\u{feff}');
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return (Vec::new(), text);
    };
    let Some(end) = rest.find("\n---") else {
        return (Vec::new(), text);
    };
    let body = rest[end + 4..].trim_start_matches(['-', '\r']);
    let pairs = rest[..end]
        .lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(key, value)| (key.trim().to_lowercase(), unquote(value.trim()).to_string()))
        .filter(|(_, value)| !value.is_empty())
        .collect();
    (pairs, body)
}

fn unquote(value: &str) -> &str {
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(value)
}

/// `[a, "b"]` or `a, b` → `a`, `b`.
fn list_values(value: &str) -> Vec<String> {
    let inner = value.trim_start_matches('[').trim_end_matches(']');
    inner
        .split(',')
        .map(|item| unquote(item.trim()).to_string())
        .filter(|item| !item.is_empty())
        .collect()
}

/// The article's headings and paragraphs, read by pulldown-cmark (CommonMark): code blocks,
/// images and HTML are left out, links and emphasis keep their text, and a list is one
/// paragraph of its items.
fn blocks(body: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut text = String::new();
    // Code blocks and images are open; their text is not article text.
    let mut hidden = 0usize;
    let mut lists = 0usize;
    for event in Parser::new_ext(body, Options::empty()) {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::Image { .. }) => hidden += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Image) => hidden = hidden.saturating_sub(1),
            Event::Start(Tag::Heading { .. }) => take(&mut text, false, &mut blocks),
            Event::End(TagEnd::Heading(_)) => take(&mut text, true, &mut blocks),
            Event::Start(Tag::List(_)) => {
                if lists == 0 {
                    take(&mut text, false, &mut blocks);
                }
                lists += 1;
            }
            Event::End(TagEnd::List(_)) => {
                lists = lists.saturating_sub(1);
                if lists == 0 {
                    take(&mut text, false, &mut blocks);
                }
            }
            Event::End(TagEnd::Paragraph) if lists == 0 => take(&mut text, false, &mut blocks),
            Event::Start(Tag::Item) | Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph) => text.push(' '),
            Event::Text(words) | Event::Code(words) if hidden == 0 => text.push_str(&words),
            Event::Rule => take(&mut text, false, &mut blocks),
            _ => {}
        }
    }
    take(&mut text, false, &mut blocks);
    blocks
}

/// Ends the block whose text is gathered in `text`, if it has any.
fn take(text: &mut String, heading: bool, blocks: &mut Vec<Block>) {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    text.clear();
    if !joined.is_empty() {
        blocks.push(if heading {
            Block::Heading(joined)
        } else {
            Block::Text(joined)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crawl::Paragraph;

    #[test]
    fn front_matter_headings_and_paragraphs() {
        let text = "---\ntitle: \"Gipfel in Genf\"\ndate: 2022-01-21\nauthor: [Anna Muster, Ben Beispiel]\nsource: dpa\n---\n\n# Überschrift im Text\n\nErster **Absatz** mit [Link](https://example.org)\nüber zwei Zeilen.\n\n## Zwischentitel\n\n- Punkt eins\n- Punkt zwei\n\n![Bild](bild.png)\n\n```\ncode(); \n```\n> Ein Zitat.\n";
        let parsed = parse(text);
        assert_eq!(parsed.title.as_deref(), Some("Gipfel in Genf"));
        assert_eq!(parsed.date, "2022-01-21".parse().ok());
        assert_eq!(parsed.authors, ["Anna Muster", "Ben Beispiel"]);
        assert_eq!(parsed.sources, ["dpa"]);
        let paragraph = |heading: Option<&str>, text: &str| Paragraph {
            heading: heading.map(str::to_string),
            text: text.to_string(),
        };
        assert_eq!(
            parsed.paragraphs,
            [
                paragraph(
                    Some("Überschrift im Text"),
                    "Erster Absatz mit Link über zwei Zeilen."
                ),
                paragraph(Some("Zwischentitel"), "Punkt eins Punkt zwei"),
                paragraph(Some("Zwischentitel"), "Ein Zitat."),
            ]
        );
    }

    #[test]
    fn without_front_matter_the_first_heading_is_the_title() {
        let parsed = parse("Wahl in Wien\n============\n\nDie Wahl ist _knapp_ ausgegangen.\n");
        assert_eq!(parsed.title.as_deref(), Some("Wahl in Wien"));
        assert_eq!(parsed.paragraphs[0].text, "Die Wahl ist knapp ausgegangen.");
    }

    #[test]
    fn inline_markup_keeps_its_text() {
        let cases = [
            (
                "snake_case bleibt `x` <b>fett</b>",
                "snake_case bleibt x fett",
            ),
            (
                "Ein [Link](https://example.org \"Titel\") hier",
                "Ein Link hier",
            ),
            ("Mit ![Bild](b.png) Bild", "Mit Bild"),
            (
                "*kursiv* und __fett__ und ~durch~",
                "kursiv und fett und ~durch~",
            ),
            ("Zeile eins  \nZeile zwei", "Zeile eins Zeile zwei"),
            ("1. erstens\n2. zweitens", "erstens zweitens"),
        ];
        for (markdown, text) in cases {
            let parsed = parse(&format!("# Titel\n\n{markdown}\n"));
            assert_eq!(parsed.paragraphs[0].text, text, "{markdown}");
        }
    }
}
