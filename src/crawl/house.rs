//! The house text format.
//!
//! ```text
//!  date 2022-01 First sentence of the article, on the marker's line or the next.
//!
//! A subheading without final punctuation
//!
//! Next paragraph ... (mit Reuters/dpa)
//! ```
//!
//! - An optional leading `date YYYY-MM` or `date YYYY-MM-DD` marker, after optional white space.
//! - Paragraphs are separated by blank lines; the lines of one paragraph are joined by spaces.
//! - A paragraph that is one short line without final punctuation is a subheading: the first one
//!   before any body text is the article's title, later ones are kept as the heading of the
//!   paragraphs that follow them.
//! - A closing credit in parentheses after the last sentence (`(mit Reuters/dpa)`,
//!   `(APA, red, 3.2.2016)`) names the article's sources.

use super::date::PartialDate;

/// What the house format says about an article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HouseText {
    pub title: Option<String>,
    pub date: Option<PartialDate>,
    pub sources: Vec<String>,
    pub paragraphs: Vec<Paragraph>,
}

/// One paragraph of body text with the subheading it stands under, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub heading: Option<String>,
    pub text: String,
}

/// Longest line, in characters, that can still be a subheading.
const MAX_HEADING_CHARS: usize = 100;

/// Parses a text in the house format. Never fails: text that does not follow the format is
/// taken as plain paragraphs.
pub fn parse(text: &str) -> HouseText {
    let (date, body) = split_date_marker(text);
    let mut parsed = HouseText {
        date,
        ..HouseText::default()
    };
    // The subheading over the paragraphs that follow it, and whether any did follow yet.
    let mut heading: Option<String> = None;
    let mut heading_used = false;
    for block in blocks(body) {
        if !is_heading_like(&block) {
            parsed.paragraphs.push(Paragraph {
                heading: heading.clone(),
                text: block,
            });
            heading_used = true;
        } else if parsed.title.is_none() && parsed.paragraphs.is_empty() && heading.is_none() {
            parsed.title = Some(block);
        } else {
            push_orphan(&mut parsed.paragraphs, heading.replace(block), heading_used);
            heading_used = false;
        }
    }
    push_orphan(&mut parsed.paragraphs, heading, heading_used);
    if parsed.paragraphs.is_empty() {
        // A text that is one short line is a paragraph, not a title without an article.
        if let Some(title) = parsed.title.take() {
            parsed.paragraphs.push(Paragraph {
                heading: None,
                text: title,
            });
        }
    }
    if let Some(last) = parsed.paragraphs.last() {
        parsed.sources = closing_credit(&last.text);
    }
    parsed
}

/// Keeps a subheading that no paragraph followed as a paragraph of its own.
fn push_orphan(paragraphs: &mut Vec<Paragraph>, heading: Option<String>, used: bool) {
    if let Some(text) = heading.filter(|_| !used) {
        paragraphs.push(Paragraph {
            heading: None,
            text,
        });
    }
}

/// Splits off a leading `date YYYY-MM[-DD]` marker.
fn split_date_marker(text: &str) -> (Option<PartialDate>, &str) {
    let trimmed = text.trim_start();
    let Some(rest) = trimmed
        .strip_prefix("date")
        .or_else(|| trimmed.strip_prefix("Date"))
    else {
        return (None, text);
    };
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    if !rest.starts_with([' ', '\t']) {
        return (None, text);
    }
    let value_start = rest.trim_start_matches([' ', '\t']);
    let end = value_start
        .find(|c: char| c.is_whitespace())
        .unwrap_or(value_start.len());
    match value_start[..end].parse::<PartialDate>() {
        Ok(date) => (Some(date), &value_start[end..]),
        Err(_) => (None, text),
    }
}

/// Paragraph texts: runs of non-blank lines, each run joined by single spaces.
fn blocks(text: &str) -> impl Iterator<Item = String> + '_ {
    let mut lines = text.lines().peekable();
    std::iter::from_fn(move || {
        while lines.peek().is_some_and(|line| line.trim().is_empty()) {
            lines.next();
        }
        let mut block = String::new();
        while let Some(line) = lines.next_if(|line| !line.trim().is_empty()) {
            if !block.is_empty() {
                block.push(' ');
            }
            block.push_str(line.trim());
        }
        (!block.is_empty()).then_some(block)
    })
}

/// A short line that does not end like a sentence.
fn is_heading_like(block: &str) -> bool {
    let chars = block.chars().count();
    if chars > MAX_HEADING_CHARS || !block.chars().any(char::is_alphabetic) {
        return false;
    }
    // A trailing parenthesis (`(mit Reuters/dpa)`, `(Archivbild)`) does not decide: what
    // stands before it does, and a line that is nothing but one is no heading.
    let core = match block.strip_suffix(')').and_then(|inner| inner.rfind('(')) {
        Some(open) => block[..open].trim_end(),
        None => block,
    };
    let last_meaningful = core.chars().rev().find(|c| !is_closing_quote(*c));
    !matches!(
        last_meaningful,
        None | Some('.' | '!' | '?' | ':' | ';' | ',' | '…')
    )
}

fn is_closing_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '”' | '‘' | '’' | '«' | '»' | '‹' | '›'
    )
}

/// Sources named in a credit that closes the paragraph, e.g. `(mit Reuters/dpa)` → `Reuters`, `dpa`.
fn closing_credit(paragraph: &str) -> Vec<String> {
    let trimmed = paragraph.trim_end();
    let Some(inner) = trimmed.strip_suffix(')') else {
        return Vec::new();
    };
    let Some(open) = inner.rfind('(') else {
        return Vec::new();
    };
    let before = inner[..open].trim_end();
    let after_sentence = before.is_empty()
        || before
            .chars()
            .next_back()
            .is_some_and(|c| matches!(c, '.' | '!' | '?' | '…') || is_closing_quote(c));
    if !after_sentence {
        return Vec::new();
    }
    let credit = inner[open + 1..].trim();
    let credit = credit
        .strip_prefix("mit ")
        .or_else(|| credit.strip_prefix("Mit "))
        .unwrap_or(credit);
    let mut sources = Vec::new();
    for part in credit.split(['/', ',', ';']).flat_map(|p| p.split(" und ")) {
        let part = part.trim();
        if part.is_empty() || looks_like_date(part) {
            continue;
        }
        let words = part.split_whitespace().count();
        let plausible = words <= 3
            && part.chars().count() <= 40
            && part.chars().next().is_some_and(char::is_alphabetic);
        if !plausible {
            return Vec::new();
        }
        sources.push(part.to_string());
    }
    sources
}

fn looks_like_date(part: &str) -> bool {
    part.chars().any(|c| c.is_ascii_digit())
        && part
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | ' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(heading: Option<&str>, text: &str) -> Paragraph {
        Paragraph {
            heading: heading.map(str::to_string),
            text: text.to_string(),
        }
    }

    #[test]
    fn date_marker_on_the_first_sentence_line() {
        let parsed = parse(" date 2022-01 Nach ihrem Treffen in Genf wollen sie weiterreden.\n");
        assert_eq!(parsed.date, "2022-01".parse().ok());
        assert_eq!(parsed.title, None);
        assert_eq!(
            parsed.paragraphs,
            [paragraph(
                None,
                "Nach ihrem Treffen in Genf wollen sie weiterreden."
            )]
        );
    }

    #[test]
    fn date_markers_table() {
        let table = [
            ("date 2022-01-18\n\nText.", Some("2022-01-18"), "Text."),
            ("date: 2022-01 Text.", Some("2022-01"), "Text."),
            ("\n\t date 2021-12\nText.", Some("2021-12"), "Text."),
            ("date 2022-13 Text.", None, "date 2022-13 Text."),
            ("dates 2022-01 Text.", None, "dates 2022-01 Text."),
            (
                "Das date 2022-01 steht nicht vorn.",
                None,
                "Das date 2022-01 steht nicht vorn.",
            ),
        ];
        for (input, date, first) in table {
            let parsed = parse(input);
            assert_eq!(
                parsed.date,
                date.and_then(|d| d.parse().ok()),
                "date of {input:?}"
            );
            assert_eq!(parsed.paragraphs[0].text, first, "text of {input:?}");
        }
    }

    #[test]
    fn title_headings_paragraphs_and_credit() {
        let text = "Gipfel in Genf\n\nErster Absatz, der\numbrochen ist.\n\nUSA liefern weitere Militärhilfen\n\nZweiter Absatz.\n\nDritter Absatz. (mit Reuters/dpa)\n";
        let parsed = parse(text);
        assert_eq!(parsed.title.as_deref(), Some("Gipfel in Genf"));
        assert_eq!(
            parsed.paragraphs,
            [
                paragraph(None, "Erster Absatz, der umbrochen ist."),
                paragraph(Some("USA liefern weitere Militärhilfen"), "Zweiter Absatz."),
                paragraph(
                    Some("USA liefern weitere Militärhilfen"),
                    "Dritter Absatz. (mit Reuters/dpa)"
                ),
            ]
        );
        assert_eq!(parsed.sources, ["Reuters", "dpa"]);
    }

    #[test]
    fn headings_are_never_lost() {
        assert!(is_heading_like("Lawrow (Archivbild)"));
        assert!(!is_heading_like("Er ging. (dpa)"));
        assert!(!is_heading_like("(dpa)"));
        let parsed = parse("Nur ein Satz ohne Punkt");
        assert_eq!(parsed.title, None);
        assert_eq!(
            parsed.paragraphs,
            [paragraph(None, "Nur ein Satz ohne Punkt")]
        );

        let parsed = parse("Titel\n\nText.\n\nZwischentitel A\n\nZwischentitel B\n\nMehr Text.\n\nSchluss ohne Text");
        assert_eq!(
            parsed.paragraphs,
            [
                paragraph(None, "Text."),
                paragraph(None, "Zwischentitel A"),
                paragraph(Some("Zwischentitel B"), "Mehr Text."),
                paragraph(None, "Schluss ohne Text"),
            ]
        );
    }

    #[test]
    fn credits_table() {
        let table: &[(&str, &[&str])] = &[
            ("Er ging. (mit Reuters/dpa)", &["Reuters", "dpa"]),
            ("Er ging. (Reuters, APA, red)", &["Reuters", "APA", "red"]),
            ("„So nicht.“ (AFP)", &["AFP"]),
            ("Er ging. (APA, 12.3.2016)", &["APA"]),
            ("Er ging. (dpa und AFP)", &["dpa", "AFP"]),
            ("Die Organisation (OSZE)", &[]),
            (
                "Er ging. (Das ist ein längerer Satz in Klammern, der keine Quelle ist.)",
                &[],
            ),
            ("Er ging.", &[]),
        ];
        for (input, expected) in table {
            assert_eq!(closing_credit(input), *expected, "credit of {input:?}");
        }
    }
}
