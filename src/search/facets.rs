//! Facets of a result set: the people named in it, its significant topics, its timeline.
//! Each takes the same query and filter as a search and looks at every matching passage (topics:
//! the best ones), so the numbers describe the result set, not a page of it.

use super::{filtered_query, Correction, Notice, SearchError, SearchOptions};
use crate::analysis;
use crate::index::ArchiveIndex;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeMap;
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::query::PhraseQuery;
use tantivy::schema::Value;
use tantivy::{DocAddress, DocId, Searcher, SegmentOrdinal, SegmentReader, TantivyDocument, Term};

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
    /// Query syntax read as text (see [`Notice`]).
    pub notices: Vec<Notice>,
}

/// The matching documents of every segment, in document order: a list per segment instead of
/// one set of addresses, which for millions of matches is several times larger and slower.
struct SegmentDocs;

impl Collector for SegmentDocs {
    type Fruit = Vec<(SegmentOrdinal, Vec<DocId>)>;
    type Child = SegmentDocsOf;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        _reader: &SegmentReader,
    ) -> tantivy::Result<SegmentDocsOf> {
        Ok(SegmentDocsOf(segment, Vec::new()))
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<(SegmentOrdinal, Vec<DocId>)>,
    ) -> tantivy::Result<Self::Fruit> {
        Ok(fruits)
    }
}

struct SegmentDocsOf(SegmentOrdinal, Vec<DocId>);

impl SegmentCollector for SegmentDocsOf {
    type Fruit = (SegmentOrdinal, Vec<DocId>);

    fn collect(&mut self, doc: DocId, _score: tantivy::Score) {
        self.1.push(doc);
    }

    fn harvest(self) -> Self::Fruit {
        (self.0, self.1)
    }
}

/// Names as small numbers, so that a million passages are counted without a string each.
#[derive(Default)]
struct Names {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Names {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.ids.insert(name.to_string(), id);
        self.names.push(name.to_string());
        id
    }
}

/// The persons of the matching passages: every matching article, and for each passage that
/// names someone its article and the ids of the names.
struct MatchingPersons {
    names: Names,
    articles: HashSet<u64>,
    /// (article, name id) for every name of every matching passage.
    mentions: Vec<(u64, u32)>,
    /// Where each naming passage's names start in `mentions` (they end where the next begin).
    passages: Vec<usize>,
}

fn matching_persons(
    searcher: &Searcher,
    query: &dyn tantivy::query::Query,
) -> Result<MatchingPersons, SearchError> {
    let mut found = MatchingPersons {
        names: Names::default(),
        articles: HashSet::default(),
        mentions: Vec::new(),
        passages: Vec::new(),
    };
    let mut text = String::new();
    for (segment, docs) in searcher.search(query, &SegmentDocs)? {
        let fast = searcher.segment_reader(segment).fast_fields();
        let articles = fast.u64("article")?;
        let persons = fast.str("persons")?;
        // A name's id by its term number in this segment, looked up once.
        let mut id_of_ord: Vec<Option<u32>> =
            vec![None; persons.as_ref().map_or(0, |column| column.num_terms())];
        for doc in docs {
            let article = articles
                .first(doc)
                .ok_or(SearchError::Damaged("article id"))?;
            found.articles.insert(article);
            let Some(column) = &persons else { continue };
            let start = found.mentions.len();
            for ord in column.term_ords(doc) {
                let slot = usize::try_from(ord)
                    .ok()
                    .and_then(|ord| id_of_ord.get_mut(ord))
                    .ok_or(SearchError::Damaged("person name"))?;
                let id = match *slot {
                    Some(id) => id,
                    None => {
                        text.clear();
                        column
                            .ord_to_str(ord, &mut text)
                            .map_err(|_| SearchError::Damaged("person name"))?;
                        *slot.insert(found.names.id(&text))
                    }
                };
                found.mentions.push((article, id));
            }
            if found.mentions.len() > start {
                found.passages.push(start);
            }
        }
    }
    Ok(found)
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
    let MatchingPersons {
        names,
        articles,
        mut mentions,
        passages,
    } = matching_persons(&searcher, planned.query.as_ref())?;
    let names = names.names;

    // A surname alone stands for the one full name in the set that ends with it.
    let mut full_by_surname: HashMap<&str, Vec<u32>> = HashMap::default();
    for (id, name) in names.iter().enumerate() {
        if let Some((_, surname)) = name.rsplit_once(' ') {
            full_by_surname.entry(surname).or_default().push(id as u32);
        }
    }
    let canonical: Vec<u32> = names
        .iter()
        .enumerate()
        .map(
            |(id, name)| match full_by_surname.get(name.as_str()).map(Vec::as_slice) {
                Some(&[full]) if !name.contains(' ') => full,
                _ => id as u32,
            },
        )
        .collect();
    let mut aliases_of: HashMap<u32, Vec<u32>> = HashMap::default();
    for (id, &name) in canonical.iter().enumerate() {
        if name != id as u32 {
            aliases_of.entry(name).or_default().push(id as u32);
        }
    }

    // Passages per person: each passage counts a person once, whatever form it names them by.
    let mut passages_of = vec![0usize; names.len()];
    let mut here: Vec<u32> = Vec::new();
    for (number, &start) in passages.iter().enumerate() {
        let end = passages.get(number + 1).copied().unwrap_or(mentions.len());
        here.clear();
        here.extend(
            mentions[start..end]
                .iter()
                .map(|&(_, id)| canonical[id as usize]),
        );
        here.sort_unstable();
        here.dedup();
        for &person in &here {
            passages_of[person as usize] += 1;
        }
    }
    // Articles per person, and the people of each article: the distinct (article, person) pairs.
    for mention in &mut mentions {
        mention.1 = canonical[mention.1 as usize];
    }
    mentions.sort_unstable();
    mentions.dedup();
    let mut articles_of = vec![0usize; names.len()];
    for &(_, person) in &mentions {
        articles_of[person as usize] += 1;
    }

    let by_name = |a: &u32, b: &u32| names[*a as usize].cmp(&names[*b as usize]);
    let mut ranked: Vec<u32> = (0..names.len() as u32)
        .filter(|&id| articles_of[id as usize] > 0)
        .collect();
    ranked.sort_by(|a, b| {
        articles_of[*b as usize]
            .cmp(&articles_of[*a as usize])
            .then(passages_of[*b as usize].cmp(&passages_of[*a as usize]))
            .then_with(|| by_name(a, b))
    });
    ranked.truncate(limit);

    // Companions, for the listed people only: who else each of their articles names.
    let listed: HashMap<u32, usize> = ranked
        .iter()
        .enumerate()
        .map(|(place, &id)| (id, place))
        .collect();
    let mut together: Vec<HashMap<u32, usize>> = vec![HashMap::default(); ranked.len()];
    for article in mentions.chunk_by(|a, b| a.0 == b.0) {
        for &(_, person) in article {
            let Some(&place) = listed.get(&person) else {
                continue;
            };
            for &(_, other) in article {
                if other != person {
                    *together[place].entry(other).or_default() += 1;
                }
            }
        }
    }
    let people = ranked
        .iter()
        .zip(together)
        .map(|(&id, companions)| {
            let mut with: Vec<(u32, usize)> = companions.into_iter().collect();
            with.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| by_name(&x.0, &y.0)));
            with.truncate(COMPANIONS);
            let mut aliases: Vec<String> = aliases_of
                .get(&id)
                .map(|ids| ids.iter().map(|&a| names[a as usize].clone()).collect())
                .unwrap_or_default();
            aliases.sort();
            PersonCount {
                name: names[id as usize].clone(),
                aliases,
                articles: articles_of[id as usize],
                passages: passages_of[id as usize],
                with: with
                    .into_iter()
                    .map(|(other, count)| (names[other as usize].clone(), count))
                    .collect(),
            }
        })
        .collect();
    let mut notices = planned.notices;
    if !index.meta.people {
        notices.push(Notice::NoPersonDetection);
    }
    Ok(People {
        people,
        articles: articles.len(),
        corrections: planned.corrections,
        notices,
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
    /// Query syntax read as text (see [`Notice`]).
    pub notices: Vec<Notice>,
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
    let mut words: HashMap<String, Seen> = HashMap::default();
    let mut phrases: HashMap<(String, String), Seen> = HashMap::default();
    for (_, address) in &sample {
        let doc: TantivyDocument = searcher.doc(*address)?;
        let Some(text) = doc.get_first(fields.stored_text).and_then(|v| v.as_str()) else {
            continue;
        };
        let tokens = analysis::analyze(&mut analyzer, text);
        let topical = |term: &str| {
            term.chars().count() >= 3
                && !term.chars().all(|c| c.is_ascii_digit())
                && !query_terms.contains(term)
        };
        let mut words_here: HashSet<&str> = HashSet::default();
        let mut phrases_here: HashSet<(&str, &str)> = HashSet::default();
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
        notices: planned.notices,
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
    /// Query syntax read as text (see [`Notice`]).
    pub notices: Vec<Notice>,
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
    let mut dated: HashMap<u64, Option<i64>> = HashMap::default();
    for (segment, docs) in searcher.search(planned.query.as_ref(), &SegmentDocs)? {
        let fast = searcher.segment_reader(segment).fast_fields();
        let (articles, dates) = (fast.u64("article")?, fast.date("date")?);
        for doc in docs {
            let article = articles
                .first(doc)
                .ok_or(SearchError::Damaged("article id"))?;
            let date = dates.first(doc).map(|date| date.into_timestamp_secs());
            dated.insert(article, date);
        }
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
        notices: planned.notices,
    })
}

/// Year and month (UTC) of a Unix timestamp. Indexed dates have four-digit years; one out of
/// `time`'s range (years ±9999) counts as the epoch.
fn year_month(secs: i64) -> (i32, u32) {
    let moment =
        time::OffsetDateTime::from_unix_timestamp(secs).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    (moment.year(), u32::from(u8::from(moment.month())))
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
