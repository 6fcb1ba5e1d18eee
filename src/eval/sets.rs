//! Reading the evaluation sets: queries, graded judgements, written questions and compounds
//! with their tune and report halves, and the lead sentence of an article.

use super::Judgements;
use std::collections::HashMap;

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
