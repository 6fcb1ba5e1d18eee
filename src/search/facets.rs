//! Facets of a result set: the people named in it, its significant topics, its timeline.
//! Each takes the same query and filter as a search and looks at every matching passage (topics:
//! the best ones), so the numbers describe the result set, not a page of it.

use super::{filtered_query, Correction, SearchError, SearchOptions};
use crate::analysis;
use crate::index::ArchiveIndex;
use std::collections::{BTreeMap, HashMap, HashSet};
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::PhraseQuery;
use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

/// Passages read for topics: the best-scoring ones of the result set.
const TOPIC_SAMPLE: usize = 2_000;
/// A topic must occur in at least this many of the matching passages.
const MIN_TOPIC_PASSAGES: usize = 2;
/// Two-word phrases whose archive-wide frequency is looked up (the most frequent in the sample).
const PHRASE_CANDIDATES: usize = 150;
/// People named with a person, listed per person.
const COMPANIONS: usize = 5;

/// A person named in a result set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonCount {
    /// The fullest form of the name.
    pub name: String,
    /// Other forms of the name met in the result set (a surname alone).
    pub aliases: Vec<String>,
    /// Matching articles and passages that name the person.
    pub articles: usize,
    pub passages: usize,
    /// The people most often named in the same articles, with the number of such articles.
    pub with: Vec<(String, usize)>,
}

/// The people of a result set, most mentioned first.
#[derive(Debug, Clone)]
pub struct People {
    pub people: Vec<PersonCount>,
    /// Articles in the result set.
    pub articles: usize,
    pub corrections: Vec<Correction>,
}

/// Reads a multi-valued string fast field of one document.
fn strings(column: &tantivy::columnar::StrColumn, doc: u32) -> Vec<String> {
    column
        .term_ords(doc)
        .filter_map(|ord| {
            let mut text = String::new();
            column.ord_to_str(ord, &mut text).ok()?;
            Some(text)
        })
        .collect()
}

/// Article id and passage persons of every matching document.
fn matching_passages(
    searcher: &Searcher,
    query: &dyn tantivy::query::Query,
) -> Result<Vec<(u64, Vec<String>)>, SearchError> {
    let addresses = searcher.search(query, &DocSetCollector)?;
    let mut by_segment: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for address in addresses {
        by_segment
            .entry(address.segment_ord)
            .or_default()
            .push(address.doc_id);
    }
    let mut passages = Vec::new();
    for (segment, docs) in by_segment {
        let fast = searcher.segment_reader(segment).fast_fields();
        let articles = fast.u64("article")?;
        let persons = fast.str("persons")?;
        for doc in docs {
            let article = articles
                .first(doc)
                .ok_or(SearchError::Damaged("article id"))?;
            let names = persons
                .as_ref()
                .map(|c| strings(c, doc))
                .unwrap_or_default();
            passages.push((article, names));
        }
    }
    Ok(passages)
}

/// The people named in the passages matching `query` (all passages if `None`).
pub fn people(
    index: &ArchiveIndex,
    query: Option<&str>,
    options: &SearchOptions,
    limit: usize,
) -> Result<People, SearchError> {
    let planned = filtered_query(index, query, options)?;
    let searcher = index.reader.searcher();
    let passages = matching_passages(&searcher, planned.query.as_ref())?;

    // A surname alone stands for the one full name in the set that ends with it.
    let mut names: HashSet<&str> = HashSet::new();
    for (_, persons) in &passages {
        names.extend(persons.iter().map(String::as_str));
    }
    let mut full_by_surname: HashMap<&str, Vec<&str>> = HashMap::new();
    for name in &names {
        if let Some((_, surname)) = name.rsplit_once(' ') {
            full_by_surname.entry(surname).or_default().push(name);
        }
    }
    let canonical = |name: &str| -> String {
        match full_by_surname.get(name).map(Vec::as_slice) {
            Some([full]) if !name.contains(' ') => full.to_string(),
            _ => name.to_string(),
        }
    };

    let mut articles_of: HashMap<String, HashSet<u64>> = HashMap::new();
    let mut passages_of: HashMap<String, usize> = HashMap::new();
    let mut aliases_of: HashMap<String, HashSet<String>> = HashMap::new();
    let mut people_of_article: HashMap<u64, HashSet<String>> = HashMap::new();
    let mut all_articles: HashSet<u64> = HashSet::new();
    for (article, persons) in &passages {
        all_articles.insert(*article);
        let mut here: HashSet<String> = HashSet::new();
        for person in persons {
            let name = canonical(person);
            if name != *person {
                aliases_of
                    .entry(name.clone())
                    .or_default()
                    .insert(person.clone());
            }
            here.insert(name);
        }
        for name in here {
            articles_of
                .entry(name.clone())
                .or_default()
                .insert(*article);
            *passages_of.entry(name.clone()).or_default() += 1;
            people_of_article.entry(*article).or_default().insert(name);
        }
    }
    let mut together: HashMap<(&str, &str), usize> = HashMap::new();
    for people in people_of_article.values() {
        for a in people {
            for b in people {
                if a != b {
                    *together.entry((a.as_str(), b.as_str())).or_default() += 1;
                }
            }
        }
    }
    let mut counts: Vec<PersonCount> = articles_of
        .iter()
        .map(|(name, articles)| {
            let mut with: Vec<(String, usize)> = together
                .iter()
                .filter(|((a, _), _)| a == name)
                .map(|((_, b), count)| (b.to_string(), *count))
                .collect();
            with.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
            with.truncate(COMPANIONS);
            let mut aliases: Vec<String> = aliases_of
                .get(name)
                .map(|set| set.iter().cloned().collect())
                .unwrap_or_default();
            aliases.sort();
            PersonCount {
                name: name.clone(),
                aliases,
                articles: articles.len(),
                passages: passages_of.get(name).copied().unwrap_or(0),
                with,
            }
        })
        .collect();
    counts.sort_by(|a, b| {
        b.articles
            .cmp(&a.articles)
            .then(b.passages.cmp(&a.passages))
            .then_with(|| a.name.cmp(&b.name))
    });
    counts.truncate(limit);
    Ok(People {
        people: counts,
        articles: all_articles.len(),
        corrections: planned.corrections,
    })
}

/// A word or two-word phrase more frequent in a result set than in the whole archive.
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    /// The words as they are most often written in the result set.
    pub text: String,
    /// Passages of the sample that contain it, and passages of the whole archive.
    pub matching: usize,
    pub overall: u64,
    /// Significance (JLH, as Elasticsearch's significant_text): how much more frequent, weighted
    /// by how frequent.
    pub score: f64,
}

/// The significant words and phrases of a result set.
#[derive(Debug, Clone)]
pub struct Topics {
    pub topics: Vec<Topic>,
    /// Passages looked at (the best of the result set) and passages in the archive.
    pub sample: usize,
    pub archive: u64,
    pub corrections: Vec<Correction>,
}

#[derive(Default)]
struct Seen {
    passages: usize,
    surfaces: HashMap<String, usize>,
}

impl Seen {
    fn note(&mut self, surface: &str) {
        *self.surfaces.entry(surface.to_string()).or_default() += 1;
    }

    fn surface(&self) -> String {
        self.surfaces
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(surface, _)| surface.clone())
            .unwrap_or_default()
    }
}

fn significance(matching: usize, sample: usize, overall: u64, archive: u64) -> f64 {
    let foreground = matching as f64 / sample.max(1) as f64;
    let background = (overall.max(1)) as f64 / archive.max(1) as f64;
    if foreground <= background {
        0.0
    } else {
        (foreground - background) * (foreground / background)
    }
}

/// The words and two-word phrases significantly more frequent in the passages matching `query`
/// than in the whole archive.
pub fn topics(
    index: &ArchiveIndex,
    query: &str,
    options: &SearchOptions,
    limit: usize,
) -> Result<Topics, SearchError> {
    let planned = filtered_query(index, Some(query), options)?;
    let searcher = index.reader.searcher();
    let fields = &index.fields;
    let sample: Vec<(f32, DocAddress)> = searcher.search(
        planned.query.as_ref(),
        &TopDocs::with_limit(TOPIC_SAMPLE).order_by_score(),
    )?;
    let query_terms: HashSet<String> = planned
        .clauses
        .iter()
        .flat_map(|clause| clause.stemmed.iter().map(|(_, term)| term.clone()))
        .collect();
    let mut analyzer = index.stemmed.clone();
    let mut words: HashMap<String, Seen> = HashMap::new();
    let mut phrases: HashMap<(String, String), Seen> = HashMap::new();
    for (_, address) in &sample {
        let doc: TantivyDocument = searcher.doc(*address)?;
        let Some(text) = doc.get_first(fields.text).and_then(|v| v.as_str()) else {
            continue;
        };
        let tokens = analysis::analyze(&mut analyzer, text);
        let topical = |term: &str| {
            term.chars().count() >= 3
                && !term.chars().all(|c| c.is_ascii_digit())
                && !query_terms.contains(term)
        };
        let mut words_here: HashSet<&str> = HashSet::new();
        let mut phrases_here: HashSet<(&str, &str)> = HashSet::new();
        for (i, token) in tokens.iter().enumerate() {
            if !topical(&token.term) {
                continue;
            }
            let seen = words.entry(token.term.clone()).or_default();
            seen.note(&text[token.offsets.clone()]);
            if words_here.insert(&token.term) {
                seen.passages += 1;
            }
            let Some(next) = tokens.get(i + 1) else {
                continue;
            };
            if next.position == token.position + 1 && topical(&next.term) {
                let key = (token.term.clone(), next.term.clone());
                let seen = phrases.entry(key).or_default();
                seen.note(&text[token.offsets.start..next.offsets.end]);
                if phrases_here.insert((&token.term, &next.term)) {
                    seen.passages += 1;
                }
            }
        }
    }
    let archive = searcher.num_docs();
    let size = sample.len();
    let mut topics: Vec<Topic> = Vec::new();
    for (term, seen) in words
        .iter()
        .filter(|(_, s)| s.passages >= MIN_TOPIC_PASSAGES)
    {
        let overall = searcher.doc_freq(&Term::from_field_text(fields.text, term))?;
        topics.push(Topic {
            text: seen.surface(),
            matching: seen.passages,
            overall,
            score: significance(seen.passages, size, overall, archive),
        });
    }
    let mut candidates: Vec<(&(String, String), &Seen)> = phrases
        .iter()
        .filter(|(_, s)| s.passages >= MIN_TOPIC_PASSAGES)
        .collect();
    candidates.sort_by(|a, b| b.1.passages.cmp(&a.1.passages).then_with(|| a.0.cmp(b.0)));
    for ((first, second), seen) in candidates.into_iter().take(PHRASE_CANDIDATES) {
        let phrase = PhraseQuery::new(vec![
            Term::from_field_text(fields.text, first),
            Term::from_field_text(fields.text, second),
        ]);
        let overall = searcher.search(&phrase, &Count)? as u64;
        topics.push(Topic {
            text: seen.surface(),
            matching: seen.passages,
            overall,
            score: significance(seen.passages, size, overall, archive),
        });
    }
    topics.retain(|topic| topic.score > 0.0);
    topics.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.text.cmp(&b.text))
    });
    topics.truncate(limit);
    Ok(Topics {
        topics,
        sample: size,
        archive,
        corrections: planned.corrections,
    })
}

/// Periods of a timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granularity {
    Month,
    Year,
}

/// Matching articles per period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// `2022` or `2022-01`, every period from the first to the last, and its article count.
    pub periods: Vec<(String, usize)>,
    /// Matching articles without a date.
    pub undated: usize,
    pub articles: usize,
    pub corrections: Vec<Correction>,
}

/// The number of articles matching `query` in each month or year.
pub fn timeline(
    index: &ArchiveIndex,
    query: &str,
    options: &SearchOptions,
    by: Granularity,
) -> Result<Timeline, SearchError> {
    let planned = filtered_query(index, Some(query), options)?;
    let searcher = index.reader.searcher();
    let addresses = searcher.search(planned.query.as_ref(), &DocSetCollector)?;
    let mut dated: HashMap<u64, Option<i64>> = HashMap::new();
    for address in addresses {
        let fast = searcher.segment_reader(address.segment_ord).fast_fields();
        let article = fast
            .u64("article")?
            .first(address.doc_id)
            .ok_or(SearchError::Damaged("article id"))?;
        let date = fast
            .date("date")?
            .first(address.doc_id)
            .map(|date| date.into_timestamp_secs());
        dated.insert(article, date);
    }
    let mut counts: BTreeMap<(i32, u32), usize> = BTreeMap::new();
    let mut undated = 0;
    for date in dated.values() {
        match date {
            Some(secs) => {
                let (year, month) = year_month(*secs);
                let key = match by {
                    Granularity::Month => (year, month),
                    Granularity::Year => (year, 0),
                };
                *counts.entry(key).or_default() += 1;
            }
            None => undated += 1,
        }
    }
    let mut periods = Vec::new();
    if let (Some(&first), Some(&last)) = (counts.keys().next(), counts.keys().next_back()) {
        let mut at = first;
        while at <= last {
            let label = match by {
                Granularity::Month => format!("{:04}-{:02}", at.0, at.1),
                Granularity::Year => format!("{:04}", at.0),
            };
            periods.push((label, counts.get(&at).copied().unwrap_or(0)));
            at = match by {
                Granularity::Month if at.1 == 12 => (at.0 + 1, 1),
                Granularity::Month => (at.0, at.1 + 1),
                Granularity::Year => (at.0 + 1, 0),
            };
        }
    }
    Ok(Timeline {
        periods,
        undated,
        articles: dated.len(),
        corrections: planned.corrections,
    })
}

/// Year and month of a Unix timestamp (Howard Hinnant's civil-from-days).
fn year_month(secs: i64) -> (i32, u32) {
    let days = secs.div_euclid(86_400) + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year as i32, month as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_of_timestamps() {
        let table = [
            (0, (1970, 1)),
            (1_640_995_200, (2022, 1)),
            (1_643_673_599, (2022, 1)),
            (1_643_673_600, (2022, 2)),
            (951_782_400, (2000, 2)),
            (-86_400, (1969, 12)),
        ];
        for (secs, expected) in table {
            assert_eq!(year_month(secs), expected, "{secs}");
        }
    }

    #[test]
    fn significance_prefers_overrepresented_words() {
        assert_eq!(significance(1, 100, 1000, 1000), 0.0);
        let rare = significance(10, 100, 20, 10_000);
        let common = significance(10, 100, 2_000, 10_000);
        assert!(rare > 0.0);
        assert_eq!(common, 0.0);
    }
}
