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
use super::text::{assemble, plain_text_blocks, Parsed};

/// Parses a text in the house format. Never fails: text that does not follow the format is
/// taken as plain paragraphs.
pub fn parse(text: &str) -> Parsed {
    let (date, body) = split_date_marker(text);
    let mut parsed = Parsed {
        date,
        ..Parsed::default()
    };
    assemble(plain_text_blocks(body), &mut parsed);
    parsed
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crawl::Paragraph;

    fn paragraph(heading: Option<&str>, text: &str) -> Paragraph {
        Paragraph::new(heading, text)
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
}
