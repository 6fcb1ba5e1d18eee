//! The structure every format is reduced to: a title, paragraphs under subheadings, and the
//! metadata an article states about itself. Shared rules live here: which line is a
//! subheading, how headings attach to paragraphs, and how a closing credit names sources.

use super::date::PartialDate;

/// What a file (or one record of it) says about an article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    pub title: Option<String>,
    pub date: Option<PartialDate>,
    pub sources: Vec<String>,
    pub authors: Vec<String>,
    pub url: Option<String>,
    /// A section the file names itself (JSON `section`); else the folder name is used.
    pub section: Option<String>,
    pub paragraphs: Vec<Paragraph>,
}

/// One paragraph of body text with the subheading it stands under, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub heading: Option<String>,
    pub text: String,
}

#[cfg(test)]
impl Paragraph {
    /// A paragraph, for tests.
    pub fn new(heading: Option<&str>, text: &str) -> Paragraph {
        Paragraph {
            heading: heading.map(str::to_string),
            text: text.to_string(),
        }
    }
}

/// A piece of an article's body in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(String),
    Text(String),
}

/// Longest line, in characters, that can still be a subheading.
const MAX_HEADING_CHARS: usize = 100;

/// Builds title and paragraphs from blocks: a heading before any text is the title (unless the
/// format gave one), later headings head the paragraphs after them, a heading no text follows
/// is kept as a paragraph, and a closing credit in the last paragraph names the sources.
pub fn assemble(blocks: impl IntoIterator<Item = Block>, parsed: &mut Parsed) {
    // The subheading over the paragraphs that follow it, and whether any did follow yet.
    let mut heading: Option<String> = None;
    let mut heading_used = false;
    let mut title_from_blocks = false;
    for block in blocks {
        match block {
            Block::Text(text) => {
                parsed.paragraphs.push(Paragraph {
                    heading: heading.clone(),
                    text,
                });
                heading_used = true;
            }
            Block::Heading(text)
                if parsed.title.is_none() && parsed.paragraphs.is_empty() && heading.is_none() =>
            {
                parsed.title = Some(text);
                title_from_blocks = true;
            }
            Block::Heading(text) => {
                push_orphan(&mut parsed.paragraphs, heading.replace(text), heading_used);
                heading_used = false;
            }
        }
    }
    push_orphan(&mut parsed.paragraphs, heading, heading_used);
    if parsed.paragraphs.is_empty() && title_from_blocks {
        // A text that is one short line is a paragraph, not a title without an article.
        if let Some(title) = parsed.title.take() {
            parsed.paragraphs.push(Paragraph {
                heading: None,
                text: title,
            });
        }
    }
    if parsed.sources.is_empty() {
        if let Some(last) = parsed.paragraphs.last() {
            parsed.sources = closing_credit(&last.text);
        }
    }
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

/// Blocks of plain text: paragraphs separated by blank lines, a short line without final
/// punctuation being a subheading.
pub fn plain_text_blocks(text: &str) -> impl Iterator<Item = Block> + '_ {
    blank_line_blocks(text).map(|block| {
        if is_heading_like(&block) {
            Block::Heading(block)
        } else {
            Block::Text(block)
        }
    })
}

/// Paragraph texts: runs of non-blank lines, each run joined by single spaces.
fn blank_line_blocks(text: &str) -> impl Iterator<Item = String> + '_ {
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
pub fn is_heading_like(block: &str) -> bool {
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
pub fn closing_credit(paragraph: &str) -> Vec<String> {
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
        Paragraph::new(heading, text)
    }

    fn assembled(text: &str) -> Parsed {
        let mut parsed = Parsed::default();
        assemble(plain_text_blocks(text), &mut parsed);
        parsed
    }

    #[test]
    fn title_headings_paragraphs_and_credit() {
        let text = "Gipfel in Genf\n\nErster Absatz, der\numbrochen ist.\n\nUSA liefern weitere Militärhilfen\n\nZweiter Absatz.\n\nDritter Absatz. (mit Reuters/dpa)\n";
        let parsed = assembled(text);
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
        let parsed = assembled("Nur ein Satz ohne Punkt");
        assert_eq!(parsed.title, None);
        assert_eq!(
            parsed.paragraphs,
            [paragraph(None, "Nur ein Satz ohne Punkt")]
        );

        let parsed = assembled("Titel\n\nText.\n\nZwischentitel A\n\nZwischentitel B\n\nMehr Text.\n\nSchluss ohne Text");
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
