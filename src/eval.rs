//! Relevance measures for evaluating rankings against graded judgements: MRR@k, nDCG@k and
//! Recall@k, plus the reading of query and judgement files. Pure functions; running the
//! searches is the caller's job.

use std::collections::HashMap;

/// Graded judgements of one query: passage id → grade (0 = not relevant … 3 = central).
pub type Judgements = HashMap<String, u8>;

/// Reciprocal rank of the first relevant (grade ≥ 1) result within the first `k`; 0 if none.
pub fn reciprocal_rank(ranking: &[String], judgements: &Judgements, k: usize) -> f64 {
    ranking
        .iter()
        .take(k)
        .position(|id| judgements.get(id).is_some_and(|&grade| grade > 0))
        .map_or(0.0, |rank| 1.0 / (rank as f64 + 1.0))
}

/// Normalised discounted cumulative gain at `k`, with gain 2^grade − 1.
pub fn ndcg(ranking: &[String], judgements: &Judgements, k: usize) -> f64 {
    let gain = |grade: u8| f64::from((1u32 << grade) - 1);
    let discount = |rank: usize| 1.0 / (rank as f64 + 2.0).log2();
    let dcg: f64 = ranking
        .iter()
        .take(k)
        .enumerate()
        .map(|(rank, id)| gain(judgements.get(id).copied().unwrap_or(0)) * discount(rank))
        .sum();
    let mut grades: Vec<u8> = judgements.values().copied().collect();
    grades.sort_unstable_by(|a, b| b.cmp(a));
    let ideal: f64 = grades
        .iter()
        .take(k)
        .enumerate()
        .map(|(rank, &grade)| gain(grade) * discount(rank))
        .sum();
    if ideal == 0.0 {
        0.0
    } else {
        dcg / ideal
    }
}

/// Share of the relevant (grade ≥ 1) passages found within the first `k`.
pub fn recall(ranking: &[String], judgements: &Judgements, k: usize) -> f64 {
    let relevant = judgements.values().filter(|&&grade| grade > 0).count();
    if relevant == 0 {
        return 0.0;
    }
    let found = ranking
        .iter()
        .take(k)
        .filter(|id| judgements.get(*id).is_some_and(|&grade| grade > 0))
        .count();
    found as f64 / relevant as f64
}

/// A query of an evaluation set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalQuery {
    pub id: String,
    pub text: String,
    pub kind: String,
}

/// Reads `id<TAB>query<TAB>kind…` lines (a header line starting with `id` is skipped).
pub fn parse_queries(text: &str) -> Result<Vec<EvalQuery>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with("id\t"))
        .map(|(number, line)| {
            let mut fields = line.split('\t');
            match (fields.next(), fields.next(), fields.next()) {
                (Some(id), Some(query), kind) => Ok(EvalQuery {
                    id: id.to_string(),
                    text: query.to_string(),
                    kind: kind.unwrap_or("").to_string(),
                }),
                _ => Err(format!("line {}: expected id<TAB>query", number + 1)),
            }
        })
        .collect()
}

/// Reads `query_id<TAB>passage<TAB>grade` lines (a header starting with `query_id` is skipped).
pub fn parse_judgements(text: &str) -> Result<HashMap<String, Judgements>, String> {
    let mut all: HashMap<String, Judgements> = HashMap::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with("query_id\t") {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [query, passage, grade] = fields[..] else {
            return Err(format!(
                "line {}: expected query_id<TAB>passage<TAB>grade",
                number + 1
            ));
        };
        let grade: u8 = grade
            .trim()
            .parse()
            .ok()
            .filter(|grade| *grade <= 3)
            .ok_or_else(|| format!("line {}: grade must be 0 to 3", number + 1))?;
        all.entry(query.to_string())
            .or_default()
            .insert(passage.to_string(), grade);
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(pairs: &[(&str, u8)]) -> Judgements {
        pairs
            .iter()
            .map(|(id, grade)| (id.to_string(), *grade))
            .collect()
    }

    fn ranking(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|id| id.to_string()).collect()
    }

    #[test]
    fn measures_table() {
        let judgements = judged(&[("a", 3), ("b", 1), ("c", 0), ("d", 2)]);
        let table = [
            // ranking, MRR, recall
            (ranking(&["a", "d", "b"]), 1.0, 1.0),
            (ranking(&["c", "x", "b"]), 1.0 / 3.0, 1.0 / 3.0),
            (ranking(&["c", "x"]), 0.0, 0.0),
            (ranking(&[]), 0.0, 0.0),
        ];
        for (ids, mrr, found) in table {
            assert!(
                (reciprocal_rank(&ids, &judgements, 10) - mrr).abs() < 1e-9,
                "{ids:?}"
            );
            assert!(
                (recall(&ids, &judgements, 10) - found).abs() < 1e-9,
                "{ids:?}"
            );
        }
        assert!((ndcg(&ranking(&["a", "d", "b"]), &judgements, 10) - 1.0).abs() < 1e-9);
        let swapped = ndcg(&ranking(&["d", "a", "b"]), &judgements, 10);
        assert!(swapped < 1.0 && swapped > 0.8, "{swapped}");
        assert_eq!(ndcg(&ranking(&["c"]), &judgements, 10), 0.0);
        assert_eq!(reciprocal_rank(&ranking(&["c", "a"]), &judgements, 1), 0.0);
    }

    #[test]
    fn splitter_report() {
        let list = "word\tlabel\tsegments\nBundesliga\tcompound\tbundes|liga\nOsterferien\tcompound\toster|ferien\nOstern\tsimple\tostern\nAusland\tambiguous\taus|land\nFoo\tcompound\tfo|o\n";
        let report = evaluate_splitter(list, |word| match word {
            "bundesliga" => Some(vec![0, 6]),
            "osterferien" => Some(vec![0, 3]),
            "ostern" => Some(vec![0, 3]),
            _ => None,
        })
        .unwrap();
        assert_eq!(
            (
                report.compounds,
                report.compounds_split_right,
                report.compounds_split_wrong
            ),
            (3, 1, 1)
        );
        assert_eq!((report.simple, report.simple_split), (1, 1));
        assert_eq!(report.missed, ["Foo"]);
        assert!((report.precision() - 1.0 / 3.0).abs() < 1e-9);
        assert!((report.recall() - 1.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn reads_files() {
        let queries =
            parse_queries("id\tquery\tkind\tnote\nq1\tNato Osterweiterung\ttopic\tx\n").unwrap();
        assert_eq!(queries[0].text, "Nato Osterweiterung");
        let judgements =
            parse_judgements("query_id\tpassage\tgrade\nq1\tseed/a.txt#9\t3\n").unwrap();
        assert_eq!(judgements["q1"]["seed/a.txt#9"], 3);
        assert!(parse_judgements("q1\ta\t7\n").is_err());
        assert!(parse_queries("just one field\n").is_err());
    }
}

/// How a compound splitter did on a labelled word list.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SplitterReport {
    pub compounds: usize,
    /// Compounds split exactly at the labelled places.
    pub compounds_split_right: usize,
    /// Compounds split, but elsewhere or into other parts.
    pub compounds_split_wrong: usize,
    pub simple: usize,
    /// Simple words that were split: false splits.
    pub simple_split: usize,
    pub ambiguous: usize,
    pub ambiguous_split: usize,
    /// Examples of each kind of mistake, for reading.
    pub false_splits: Vec<String>,
    pub wrong_cuts: Vec<String>,
    pub missed: Vec<String>,
}

impl SplitterReport {
    /// Of the words split (ambiguous ones left out), the share split at the right places.
    pub fn precision(&self) -> f64 {
        let split = self.compounds_split_right + self.compounds_split_wrong + self.simple_split;
        ratio(self.compounds_split_right, split)
    }

    /// Of the compounds, the share split at the right places.
    pub fn recall(&self) -> f64 {
        ratio(self.compounds_split_right, self.compounds)
    }

    /// Of the simple words, the share split.
    pub fn false_split_rate(&self) -> f64 {
        ratio(self.simple_split, self.simple)
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Runs `split` (a folded word → part start offsets in bytes, `None` if not a compound) over
/// a word list `word<TAB>label<TAB>segments…` with labels `compound`, `simple`, `ambiguous` and
/// segments like `flüchtlings|krise`; cuts are compared after folding.
pub fn evaluate_splitter(
    list: &str,
    split: impl Fn(&str) -> Option<Vec<usize>>,
) -> Result<SplitterReport, String> {
    let mut report = SplitterReport::default();
    for (number, line) in list.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with("word\t") {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let (Some(word), Some(label), Some(segments)) =
            (fields.first(), fields.get(1), fields.get(2))
        else {
            return Err(format!(
                "line {}: expected word<TAB>label<TAB>segments",
                number + 1
            ));
        };
        let folded = crate::analysis::fold_german(word);
        let cuts = split(&folded).map(|starts| {
            starts
                .into_iter()
                .skip(1)
                .map(|byte| folded[..byte].chars().count())
                .collect::<Vec<usize>>()
        });
        match *label {
            "compound" => {
                report.compounds += 1;
                let mut expected = Vec::new();
                let mut length = 0;
                for segment in segments.split('|') {
                    if length > 0 {
                        expected.push(length);
                    }
                    length += crate::analysis::fold_german(segment).chars().count();
                }
                match cuts {
                    Some(cuts) if cuts == expected => report.compounds_split_right += 1,
                    Some(_) => {
                        report.compounds_split_wrong += 1;
                        report.wrong_cuts.push(word.to_string());
                    }
                    None => report.missed.push(word.to_string()),
                }
            }
            "simple" => {
                report.simple += 1;
                if cuts.is_some() {
                    report.simple_split += 1;
                    report.false_splits.push(word.to_string());
                }
            }
            "ambiguous" => {
                report.ambiguous += 1;
                report.ambiguous_split += usize::from(cuts.is_some());
            }
            other => return Err(format!("line {}: unknown label {other}", number + 1)),
        }
    }
    Ok(report)
}

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
