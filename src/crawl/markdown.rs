//! Markdown articles: optional front matter (`title`, `date`, `author`, `source`), `#` headings
//! as title and subheadings, paragraphs with their inline markup removed.

use super::date::PartialDate;
use super::text::{assemble, Block, Parsed};

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

fn blocks(body: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<String> = Vec::new();
    let mut in_code = false;
    let flush = |paragraph: &mut Vec<String>, blocks: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            blocks.push(Block::Text(paragraph.join(" ")));
            paragraph.clear();
        }
    };
    for line in body.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code = !in_code;
            flush(&mut paragraph, &mut blocks);
            continue;
        }
        if in_code {
            continue;
        }
        if trimmed.is_empty() || is_rule(trimmed) {
            flush(&mut paragraph, &mut blocks);
            continue;
        }
        if let Some(heading) = atx_heading(trimmed) {
            flush(&mut paragraph, &mut blocks);
            blocks.push(Block::Heading(strip_inline(heading)));
            continue;
        }
        if paragraph.len() == 1 && is_setext_underline(trimmed) {
            let heading = paragraph.remove(0);
            blocks.push(Block::Heading(heading));
            continue;
        }
        let content = strip_inline(strip_line_marker(trimmed));
        if !content.is_empty() {
            paragraph.push(content);
        }
    }
    flush(&mut paragraph, &mut blocks);
    blocks
}

fn atx_heading(line: &str) -> Option<&str> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &line[hashes..];
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    Some(rest.trim().trim_end_matches('#').trim())
}

fn is_setext_underline(line: &str) -> bool {
    line.len() >= 3 && (line.chars().all(|c| c == '=') || line.chars().all(|c| c == '-'))
}

fn is_rule(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() >= 3 && (compact.chars().all(|c| c == '*') || compact.chars().all(|c| c == '_'))
}

/// Drops a quote marker, list bullet or number at the start of a line.
fn strip_line_marker(line: &str) -> &str {
    let line = line.trim_start_matches('>').trim_start();
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return rest;
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        if let Some(rest) = line[digits..].strip_prefix(". ") {
            return rest;
        }
    }
    line
}

/// Removes inline markup: images, links (keeping their text), emphasis, code ticks, HTML tags.
fn strip_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("![") {
            if let Some(after) = skip_link(&rest[1..]) {
                rest = after.1;
                continue;
            }
        }
        if c == '[' {
            if let Some((label, after)) = skip_link(rest) {
                out.push_str(&strip_inline(label));
                rest = after;
                continue;
            }
        }
        if c == '<' {
            if let Some(end) = rest.find('>') {
                let tag = &rest[1..end];
                if tag.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!') {
                    rest = &rest[end + 1..];
                    continue;
                }
            }
        }
        // `_` marks emphasis at a word boundary, not inside `snake_case`.
        let inside_word = out.chars().next_back().is_some_and(char::is_alphanumeric)
            && rest[c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
        let emphasis = matches!(c, '*' | '`') || (c == '_' && !inside_word);
        if !emphasis {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// For `[label](target)…`, the label and the text after the link.
fn skip_link(text: &str) -> Option<(&str, &str)> {
    let close = text.find("](")?;
    let label = &text[1..close];
    let after = &text[close + 2..];
    let end = after.find(')')?;
    Some((label, &after[end + 1..]))
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
        assert_eq!(
            strip_inline("snake_case bleibt `x` <b>fett</b>"),
            "snake_case bleibt x fett"
        );
    }
}
