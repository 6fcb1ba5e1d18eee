//! How person detection does on hand-labelled mentions.

use super::ratio;

/// Precision and recall of person detection against hand-labelled mentions.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PeopleReport {
    pub articles: usize,
    pub labelled_mentions: usize,
    pub found_mentions: usize,
    /// Found mentions whose span equals a labelled one.
    pub exact_mentions: usize,
    /// Found mentions overlapping a labelled one.
    pub overlapping_mentions: usize,
    pub labelled_persons: usize,
    pub found_persons: usize,
    /// Persons found in an article that are labelled there too (names compared folded).
    pub matching_persons: usize,
    pub false_mentions: Vec<String>,
    pub missed_mentions: Vec<String>,
}

impl PeopleReport {
    pub fn mention_precision(&self) -> f64 {
        ratio(self.exact_mentions, self.found_mentions)
    }
    pub fn mention_recall(&self) -> f64 {
        ratio(self.exact_mentions, self.labelled_mentions)
    }
    pub fn overlap_precision(&self) -> f64 {
        ratio(self.overlapping_mentions, self.found_mentions)
    }
    pub fn person_precision(&self) -> f64 {
        ratio(self.matching_persons, self.found_persons)
    }
    pub fn person_recall(&self) -> f64 {
        ratio(self.matching_persons, self.labelled_persons)
    }
}

#[derive(serde::Deserialize)]
struct LabelledArticle {
    path: String,
    mentions: Vec<LabelledMention>,
}

#[derive(serde::Deserialize)]
struct LabelledMention {
    start: usize,
    end: usize,
    text: String,
    person: String,
}

/// Scores `detect` (a text → its mentions as byte ranges and canonical names) on labelled
/// articles: one JSON object per line with `path` and `mentions` (`start`/`end` in characters,
/// `person`), the text of each path given by `read`.
pub fn evaluate_people(
    labels: &str,
    read: impl Fn(&str) -> Result<String, String>,
    detect: impl Fn(&str) -> Vec<(std::ops::Range<usize>, String)>,
) -> Result<PeopleReport, String> {
    use std::collections::BTreeSet;
    let mut report = PeopleReport::default();
    for (number, line) in labels.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let article: LabelledArticle =
            serde_json::from_str(line).map_err(|e| format!("line {}: {e}", number + 1))?;
        let text = read(&article.path)?;
        let char_of = |byte: usize| text[..byte].chars().count();
        let found: Vec<(usize, usize, String)> = detect(&text)
            .into_iter()
            .map(|(span, person)| (char_of(span.start), char_of(span.end), person))
            .collect();
        report.articles += 1;
        report.labelled_mentions += article.mentions.len();
        report.found_mentions += found.len();
        for (start, end, _) in &found {
            let exact = article
                .mentions
                .iter()
                .any(|m| m.start == *start && m.end == *end);
            let overlaps = article
                .mentions
                .iter()
                .any(|m| m.start < *end && *start < m.end);
            report.exact_mentions += usize::from(exact);
            report.overlapping_mentions += usize::from(overlaps);
            if !exact {
                let shown: String = text.chars().skip(*start).take(end - start).collect();
                report
                    .false_mentions
                    .push(format!("{shown} ({})", article.path));
            }
        }
        for mention in &article.mentions {
            if !found
                .iter()
                .any(|(s, e, _)| *s == mention.start && *e == mention.end)
            {
                report
                    .missed_mentions
                    .push(format!("{} ({})", mention.text, article.path));
            }
        }
        let fold = |name: &str| crate::analysis::fold_german(name);
        let labelled: BTreeSet<String> = article.mentions.iter().map(|m| fold(&m.person)).collect();
        let detected: BTreeSet<String> = found.iter().map(|(_, _, p)| fold(p)).collect();
        report.labelled_persons += labelled.len();
        report.found_persons += detected.len();
        report.matching_persons += labelled.intersection(&detected).count();
    }
    Ok(report)
}
