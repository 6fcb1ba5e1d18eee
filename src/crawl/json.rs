//! JSON and JSON Lines articles: one article per object, with the field names archives and
//! scrapers commonly use.

use super::date::PartialDate;
use super::html::as_text;
use super::text::{assemble, plain_text_blocks, Block, Parsed};
use serde_json::{Map, Value};

const TITLE_FIELDS: &[&str] = &["title", "headline", "name"];
const TEXT_FIELDS: &[&str] = &[
    "text",
    "body",
    "content",
    "article",
    "articleBody",
    "fulltext",
];
const DATE_FIELDS: &[&str] = &[
    "date",
    "published",
    "published_at",
    "datePublished",
    "pubDate",
    "created_at",
    "time",
];
const AUTHOR_FIELDS: &[&str] = &["author", "authors", "byline", "creator"];
const URL_FIELDS: &[&str] = &["url", "link", "href"];
const SOURCE_FIELDS: &[&str] = &["source", "sources", "publisher", "site", "agency"];
const SECTION_FIELDS: &[&str] = &["section", "category", "ressort", "rubrik"];
/// Fields of a wrapper object that hold the list of articles.
const LIST_FIELDS: &[&str] = &[
    "articles",
    "items",
    "data",
    "records",
    "results",
    "documents",
];

/// One record of a JSON file: its number (from 1), and the article or why it has none.
pub type Record = (usize, Result<Parsed, String>);

/// Reads a `.json` file: one object, an array of objects, or an object wrapping such an array
/// (`{"articles": [...]}`). A whole-file object is record 0 (it needs no number).
pub fn parse_json(text: &str) -> Result<Vec<Record>, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|error| format!("invalid JSON: {error}"))?;
    let list = match &value {
        Value::Array(items) => Some(items),
        Value::Object(map) => LIST_FIELDS
            .iter()
            .find_map(|field| map.get(*field)?.as_array()),
        _ => None,
    };
    Ok(match list {
        Some(items) => items
            .iter()
            .enumerate()
            .map(|(index, item)| (index + 1, record(item)))
            .collect(),
        None => vec![(0, record(&value))],
    })
}

/// Reads a `.jsonl`/`.ndjson` file: one object per line; a bad line is a failed record, the
/// others are read.
pub fn parse_json_lines(text: &str) -> Vec<Record> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            let parsed = serde_json::from_str::<Value>(line)
                .map_err(|error| format!("invalid JSON on line {}: {error}", index + 1))
                .and_then(|value| record(&value));
            (index + 1, parsed)
        })
        .collect()
}

fn record(value: &Value) -> Result<Parsed, String> {
    let Value::Object(map) = value else {
        return Err("not a JSON object".to_string());
    };
    let text_value = first(map, TEXT_FIELDS).ok_or("no text field (text, body or content)")?;
    let mut parsed = Parsed {
        title: first(map, TITLE_FIELDS).and_then(as_text),
        date: first(map, DATE_FIELDS)
            .and_then(as_text)
            .and_then(|date| PartialDate::parse_loose(&date)),
        url: first(map, URL_FIELDS).and_then(as_text),
        section: first(map, SECTION_FIELDS).and_then(as_text),
        authors: first(map, AUTHOR_FIELDS).map(all_texts).unwrap_or_default(),
        sources: first(map, SOURCE_FIELDS).map(all_texts).unwrap_or_default(),
        ..Parsed::default()
    };
    let blocks: Vec<Block> = match text_value {
        Value::Array(parts) => parts
            .iter()
            .filter_map(as_text)
            .flat_map(|part| plain_text_blocks(&part).collect::<Vec<_>>())
            .collect(),
        other => {
            let text = as_text(other).ok_or("the text field is empty")?;
            // Text without blank lines but with line breaks has a paragraph per line.
            let text = if text.contains("\n\n") {
                text
            } else {
                text.replace('\n', "\n\n")
            };
            plain_text_blocks(&text).collect()
        }
    };
    assemble(blocks, &mut parsed);
    if parsed.paragraphs.is_empty() {
        return Err("the text field is empty".to_string());
    }
    Ok(parsed)
}

fn first<'a>(map: &'a Map<String, Value>, fields: &[&str]) -> Option<&'a Value> {
    fields
        .iter()
        .find_map(|field| map.get(*field).filter(|value| !value.is_null()))
}

/// Every text of a string, a named object, or a list of those.
fn all_texts(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(as_text).collect(),
        other => as_text(other).into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_field_names() {
        let line = r#"{"headline": "Gipfel in Genf", "body": "Erster Absatz.\n\nZweiter Absatz.", "published_at": "2022-01-21T10:00:00Z", "author": [{"name": "Anna Muster"}], "url": "https://z.example/1", "source": "dpa", "section": "Politik"}"#;
        let records = parse_json_lines(line);
        let (number, parsed) = &records[0];
        let parsed = parsed.as_ref().unwrap();
        assert_eq!(*number, 1);
        assert_eq!(parsed.title.as_deref(), Some("Gipfel in Genf"));
        assert_eq!(parsed.date, "2022-01-21".parse().ok());
        assert_eq!(parsed.authors, ["Anna Muster"]);
        assert_eq!(parsed.sources, ["dpa"]);
        assert_eq!(parsed.section.as_deref(), Some("Politik"));
        assert_eq!(parsed.url.as_deref(), Some("https://z.example/1"));
        assert_eq!(parsed.paragraphs.len(), 2);
    }

    #[test]
    fn a_bad_line_fails_alone() {
        let text = "{\"title\": \"A\", \"text\": \"Eins.\"}\n{broken\n\n{\"title\": \"C\"}\n{\"text\": \"Drei.\"}\n";
        let records = parse_json_lines(text);
        let outcome: Vec<(usize, bool)> = records.iter().map(|(n, r)| (*n, r.is_ok())).collect();
        assert_eq!(outcome, [(1, true), (2, false), (4, false), (5, true)]);
        assert!(records[1].1.as_ref().unwrap_err().contains("line 2"));
    }

    #[test]
    fn json_files_hold_one_object_or_a_list() {
        let single = parse_json(r#"{"title": "A", "content": ["Eins.", "Zwei."]}"#).unwrap();
        assert_eq!(single.len(), 1);
        assert_eq!(single[0].0, 0);
        assert_eq!(single[0].1.as_ref().unwrap().paragraphs.len(), 2);
        let list = parse_json(r#"[{"text": "Eins."}, {"text": "Zwei."}]"#).unwrap();
        assert_eq!(list.iter().map(|(n, _)| *n).collect::<Vec<_>>(), [1, 2]);
        let wrapped = parse_json(r#"{"articles": [{"text": "Eins."}]}"#).unwrap();
        assert_eq!(wrapped.len(), 1);
        assert!(parse_json("[1, 2").is_err());
    }
}
