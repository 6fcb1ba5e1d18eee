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

/// Which half of a set a query belongs to: parameters are fitted on `Tune` and reported on
/// `Report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Half {
    Tune,
    Report,
}

impl Half {
    /// `tune` or `report`, as the sets write it.
    pub fn parse(text: &str) -> Option<Half> {
        match text.trim() {
            "tune" => Some(Half::Tune),
            "report" => Some(Half::Report),
            _ => None,
        }
    }

    /// The half of a query or file numbered `number`: odd numbers tune, even ones report.
    pub fn of_number(number: u64) -> Half {
        if number % 2 == 1 {
            Half::Tune
        } else {
            Half::Report
        }
    }

    /// The half of an id by the number in it (`q07`, `0012.txt`); `Tune` without a number.
    pub fn of_id(id: &str) -> Half {
        let digits: String = id
            .chars()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().map_or(Half::Tune, Half::of_number)
    }
}

/// A query of a set, with its half and its judgements.
#[derive(Debug, Clone, PartialEq)]
pub struct SetQuery {
    pub id: String,
    pub text: String,
    pub half: Half,
    pub judged: Judgements,
}

fn columns<'a>(line: &'a str, number: usize, names: &str) -> Result<Vec<&'a str>, String> {
    let fields: Vec<&str> = line.split('\t').collect();
    let wanted = names.split('\t').count();
    if fields.len() < wanted - 1 {
        return Err(format!("line {}: expected {names}", number + 1));
    }
    Ok(fields)
}

fn half_column(text: &str, number: usize) -> Result<Half, String> {
    Half::parse(text).ok_or_else(|| format!("line {}: split must be tune or report", number + 1))
}

/// Reads `id<TAB>split<TAB>query<TAB>passage<TAB>note` (the written questions): one passage
/// answers each question.
pub fn parse_questions(text: &str) -> Result<Vec<SetQuery>, String> {
    let header = "id\tsplit\tquery\tpassage\tnote";
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with("id\t"))
        .map(|(number, line)| {
            let fields = columns(line, number, header)?;
            Ok(SetQuery {
                id: fields[0].to_string(),
                half: half_column(fields[1], number)?,
                text: fields[2].to_string(),
                judged: Judgements::from([(fields[3].to_string(), 1)]),
            })
        })
        .collect()
}

/// Reads `id<TAB>split<TAB>query…` lines (the compound queries) with their judgements.
pub fn parse_split_queries(
    text: &str,
    judgements: &HashMap<String, Judgements>,
) -> Result<Vec<SetQuery>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with("id\t"))
        .map(|(number, line)| {
            let fields = columns(line, number, "id\tsplit\tquery")?;
            Ok(SetQuery {
                id: fields[0].to_string(),
                half: half_column(fields[1], number)?,
                text: fields[2].to_string(),
                judged: judgements.get(fields[0]).cloned().unwrap_or_default(),
            })
        })
        .collect()
}

/// Abbreviations after which a full stop does not end a sentence (lower case; the word
/// before the stop is compared whole).
const ABBREVIATIONS: &[&str] = &[
    "dr", "bzw", "ca", "vgl", "usw", "etc", "nr", "st", "prof", "mag", "ing", "inkl", "abs",
    "bspw", "evtl", "ggf", "jh", "mio", "mrd", "sog", "ua", "zb", "geb", "gest", "hl", "jr", "mr",
    "mrs", "dipl", "univ", "bzgl", "max", "min", "tel", "str", "okt", "nov", "dez", "jan", "feb",
    "aug", "sept", "sep",
];

/// The first sentence of a paragraph and the rest of it, if it has a sentence end with more
/// text after it: `.`, `?` or `!` after at least 20 characters, followed by a space and a
/// capital letter or a digit, and not after a short abbreviation (`Dr.`, `bzw.`, `z.B.`).
pub fn split_lead(paragraph: &str) -> Option<(&str, &str)> {
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '?' | '!') || i < 20 {
            continue;
        }
        let (Some(&(_, space)), Some(&(next_at, next))) = (chars.get(i + 1), chars.get(i + 2))
        else {
            continue;
        };
        if !space.is_whitespace() || !(next.is_uppercase() || next.is_ascii_digit()) {
            continue;
        }
        let word_start = chars[..i]
            .iter()
            .rposition(|&(_, c)| c.is_whitespace())
            .map_or(0, |space| chars[space].0 + 1);
        let word = &paragraph[word_start..at];
        let abbreviation = c == '.'
            && (ABBREVIATIONS.contains(&word.to_lowercase().as_str())
                || word.contains('.')
                || word.chars().count() == 1
                || word.chars().all(|c| c.is_ascii_digit()));
        if abbreviation {
            continue;
        }
        let lead = paragraph[..at + c.len_utf8()].trim();
        let rest = paragraph[next_at..].trim();
        return (!rest.is_empty()).then_some((lead, rest));
    }
    None
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
    fn halves_and_leads() {
        assert_eq!(Half::of_id("q07"), Half::Tune);
        assert_eq!(Half::of_id("gnad/etat/0012.txt"), Half::Report);
        assert_eq!(Half::parse("report"), Some(Half::Report));
        let table = [
            (
                "Drogenboss: Netflix startet Serien, beide sind gut. Wien – Im Kolumbien des Jahres.",
                Some(("Drogenboss: Netflix startet Serien, beide sind gut.", "Wien – Im Kolumbien des Jahres.")),
            ),
            (
                "Laut Dr. Müller und bzw. Meier kam es am 3. Mai zu Protesten. Danach nicht.",
                Some(("Laut Dr. Müller und bzw. Meier kam es am 3. Mai zu Protesten.", "Danach nicht.")),
            ),
            ("Nur ein einziger Satz ohne Rest hier.", None),
            ("Warum fällt der Kurs so stark? 2015 war er höher.", Some(("Warum fällt der Kurs so stark?", "2015 war er höher."))),
        ];
        for (paragraph, expected) in table {
            assert_eq!(split_lead(paragraph), expected, "{paragraph}");
        }
    }

    #[test]
    fn reads_the_written_sets() {
        let questions = parse_questions(
            "id\tsplit\tquery\tpassage\tnote\nw001\ttune\tWer?\tgnad/etat/0001.txt#1\tx\n",
        )
        .unwrap();
        assert_eq!(questions[0].judged["gnad/etat/0001.txt#1"], 1);
        assert_eq!(questions[0].half, Half::Tune);
        assert!(parse_questions("w1\tmaybe\tWer?\tp#1\tx\n").is_err());
        let judgements = parse_judgements("c002\tgnad/a.txt#1\t3\n").unwrap();
        let compounds = parse_split_queries(
            "id\tsplit\tquery\tparts\tnote\nc002\treport\tAnschlagsopfer\tA+O\t\n",
            &judgements,
        )
        .unwrap();
        assert_eq!(
            (compounds[0].half, compounds[0].judged.len()),
            (Half::Report, 1)
        );
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
