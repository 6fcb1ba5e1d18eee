//! The story map: which articles are copies of one story (an agency report printed by several
//! outlets, an update, a correction), found from the content signatures the index holds.
//!
//! Signatures are cut into [`BANDS`] bands of [`ROWS`] hashes; articles that agree on a whole
//! band are candidates (locality-sensitive hashing: the work grows with the archive, not with
//! its square), a candidate pair whose estimated similarity reaches [`STORY_SIMILARITY`] is one
//! story, and stories are joined transitively (union-find). The map is derived from the
//! committed index alone, so it is consistent with what is committed by construction; it is
//! kept in `stories.json` beside the index, keyed by the segments it was made from, and made
//! again when they changed. Only stories of two or more articles are kept, as article ids: what
//! a version shows (path, title, date, sources) is read from the index when it is shown
//! ([`read_version`]), so that a search reads a small file. This file does not decide how
//! results are shown.

use super::meta::{read_optional, write_json};
use super::schema::SIGNATURE_FIELD;
use super::signature::{Signature, HASHES};
use super::Fields;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Mutex;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, DocSet, Searcher, TantivyDocument, Term, TERMINATED};

/// The file beside the index that keeps the last story map.
pub const STORIES_FILE: &str = "stories.json";
/// Estimated Jaccard similarity of shingles from which two articles are one story; measured on
/// perturbed copies of the gnad corpus (docs/stories.md).
pub const STORY_SIMILARITY: f32 = 0.6;
/// Bands of the locality-sensitive hashing, and hashes per band: a pair of similarity 0.6 is a
/// candidate with probability 0.99, one of 0.2 with 0.15.
pub const BANDS: usize = 20;
pub const ROWS: usize = 3;
/// Comparisons of an article with the members of one band's bucket at most: a bucket of many
/// articles that are not one story (a boilerplate text) costs no more than this each.
const MAX_COMPARISONS: usize = 32;

const _: () = assert!(BANDS * ROWS <= HASHES);

/// One copy of a story, as it is shown.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Version {
    /// The article's id.
    pub id: u64,
    /// Its file, with `#N` for a record of a JSON file.
    pub path: String,
    pub title: String,
    pub date: Option<String>,
    pub sources: Vec<String>,
}

/// The stories of two or more articles in an index, as of one commit.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct StoryMap {
    /// The segments (and their deletions) the map was made from.
    key: String,
    /// Every story of two or more articles: its versions' article ids, in path order.
    stories: Vec<Vec<u64>>,
    /// Articles with a signature.
    articles: usize,
    #[serde(skip)]
    story_of: FxHashMap<u64, u32>,
    /// What the versions read so far show: the map lives as long as the segments it was made
    /// from (`ArchiveIndex::stories`), and so does what they store, so a version that results
    /// show again is not read again.
    #[serde(skip)]
    shown: Mutex<FxHashMap<u64, Option<Version>>>,
}

impl StoryMap {
    /// The story of an article, if it has other versions: a number valid for this map.
    pub fn story_of(&self, article: u64) -> Option<u32> {
        self.story_of.get(&article).copied()
    }

    /// Every version of a story (article ids), the article itself included.
    pub fn versions(&self, story: u32) -> &[u64] {
        self.stories.get(story as usize).map_or(&[], Vec::as_slice)
    }

    /// The other versions of `article`'s story (none if it is a story of its own), as article
    /// ids in path order; [`read_version`] reads what each shows.
    pub fn other_versions(&self, article: u64) -> impl Iterator<Item = u64> + '_ {
        self.story_of(article)
            .map_or(&[][..], |story| self.versions(story))
            .iter()
            .copied()
            .filter(move |&version| version != article)
    }

    /// What the other versions of `article`'s story show, in path order, read from `searcher`
    /// (which must see the segments this map was made from) the first time they are asked for.
    pub fn shown_versions(
        &self,
        searcher: &Searcher,
        fields: &Fields,
        article: u64,
    ) -> tantivy::Result<Vec<Version>> {
        let mut versions = Vec::new();
        for id in self.other_versions(article) {
            let known = self.shown_lock().get(&id).cloned();
            let version = match known {
                Some(version) => version,
                None => {
                    let version = read_version(searcher, fields, id)?;
                    self.shown_lock().insert(id, version.clone());
                    version
                }
            };
            versions.extend(version);
        }
        Ok(versions)
    }

    fn shown_lock(&self) -> std::sync::MutexGuard<'_, FxHashMap<u64, Option<Version>>> {
        // A reader that panicked leaves complete entries only.
        self.shown
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The key that groups `article` with its other versions: its story's smallest article id,
    /// or its own.
    pub fn group_key(&self, article: u64) -> u64 {
        self.story_of(article)
            .and_then(|story| self.versions(story).iter().copied().min())
            .unwrap_or(article)
    }

    /// A map of the given stories (article ids) among `articles` articles, for tests.
    #[cfg(test)]
    pub(crate) fn of_stories(stories: &[&[u64]], articles: usize) -> StoryMap {
        let mut map = StoryMap {
            key: String::new(),
            stories: stories.iter().map(|ids| ids.to_vec()).collect(),
            articles,
            ..StoryMap::default()
        };
        map.index_articles();
        map
    }

    /// Articles with a signature, and the stories they make.
    pub fn counts(&self) -> (usize, usize) {
        let clustered: usize = self.stories.iter().map(Vec::len).sum();
        (
            self.articles,
            self.articles - clustered + self.stories.len(),
        )
    }

    /// Whether the map was made from what `searcher` sees.
    pub fn is_of(&self, searcher: &Searcher) -> bool {
        self.key == key_of(searcher)
    }

    fn index_articles(&mut self) {
        self.story_of = self
            .stories
            .iter()
            .enumerate()
            .flat_map(|(story, versions)| versions.iter().map(move |&id| (id, story as u32)))
            .collect();
    }
}

/// The story map of what `searcher` sees: the one kept in `dir` if it is of these segments,
/// or a new one, which is then kept (if the folder can be written: a read-only index is
/// grouped all the same). Only reading the index can fail.
pub fn stories(dir: &Path, searcher: &Searcher, fields: &Fields) -> tantivy::Result<StoryMap> {
    let path = dir.join(STORIES_FILE);
    let key = key_of(searcher);
    // A damaged or half-written file is made again, like a stale one.
    if let Ok(Some(bytes)) = read_optional(&path) {
        if let Ok(mut map) = serde_json::from_slice::<StoryMap>(&bytes) {
            if map.key == key {
                map.index_articles();
                return Ok(map);
            }
        }
    }
    let map = find_stories(searcher, fields, key)?;
    let _ = write_json(&path, &map);
    Ok(map)
}

/// The segments and their deletions, which decide what a searcher sees.
fn key_of(searcher: &Searcher) -> String {
    let mut segments: Vec<String> = searcher
        .segment_readers()
        .iter()
        .map(|reader| {
            format!(
                "{}:{}:{}",
                reader.segment_id().uuid_string(),
                reader.max_doc(),
                reader.num_deleted_docs()
            )
        })
        .collect();
    segments.sort_unstable();
    segments.join(",")
}

/// An article with a signature, where its first passage is.
struct Signed {
    article: u64,
    address: DocAddress,
    signature: Signature,
}

/// Finds the stories of the articles `searcher` sees.
fn find_stories(searcher: &Searcher, fields: &Fields, key: String) -> tantivy::Result<StoryMap> {
    let signed = signed_articles(searcher)?;
    let mut sets = DisjointSets::new(signed.len());
    let mut bucket: Vec<(u64, u32)> = Vec::with_capacity(signed.len());
    for band in 0..BANDS {
        bucket.clear();
        bucket.extend(signed.iter().enumerate().map(|(i, article)| {
            let rows = &article.signature.0[band * ROWS..(band + 1) * ROWS];
            let hash = rows
                .iter()
                .fold(band as u64, |hash, row| {
                    hash.rotate_left(29) ^ u64::from(*row)
                })
                .wrapping_mul(0x9e37_79b9_7f4a_7c15);
            (hash, i as u32)
        }));
        bucket.sort_unstable();
        for run in bucket.chunk_by(|a, b| a.0 == b.0) {
            for (position, &(_, member)) in run.iter().enumerate().skip(1) {
                let member = member as usize;
                let mut compared = 0;
                for &(_, earlier) in &run[..position] {
                    let earlier = earlier as usize;
                    if sets.find(earlier) == sets.find(member) {
                        continue;
                    }
                    compared += 1;
                    let similarity = signed[member]
                        .signature
                        .similarity(&signed[earlier].signature);
                    if similarity >= STORY_SIMILARITY {
                        sets.union(earlier, member);
                    }
                    if compared >= MAX_COMPARISONS {
                        break;
                    }
                }
            }
        }
    }
    let mut members: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for i in 0..signed.len() {
        members.entry(sets.find(i)).or_default().push(i);
    }
    let groups: Vec<Vec<usize>> = members
        .into_values()
        .filter(|group| group.len() > 1)
        .collect();
    // The versions' stored fields are read in index order (`signed` is in it), so that each
    // block of the store is decompressed once: in story order the block cache missed, which
    // made this step half of what stories add to indexing.
    let mut clustered: Vec<usize> = groups.iter().flatten().copied().collect();
    clustered.sort_unstable();
    // Only the paths are read: they order the versions; the rest is read when shown.
    let mut paths: FxHashMap<usize, String> = FxHashMap::default();
    for i in clustered {
        let doc: TantivyDocument = searcher.doc(signed[i].address)?;
        paths.insert(i, location(&doc, fields));
    }
    let mut stories: Vec<Vec<(String, u64)>> = Vec::with_capacity(groups.len());
    for group in groups {
        let mut versions: Vec<(String, u64)> = group
            .iter()
            .filter_map(|&i| Some((paths.remove(&i)?, signed[i].article)))
            .collect();
        versions.sort();
        stories.push(versions);
    }
    stories.sort_by(|a, b| a[0].0.cmp(&b[0].0));
    let mut map = StoryMap {
        key,
        stories: stories
            .into_iter()
            .map(|versions| versions.into_iter().map(|(_, id)| id).collect())
            .collect(),
        articles: signed.len(),
        ..StoryMap::default()
    };
    map.index_articles();
    Ok(map)
}

/// Every live article with a signature, in index order.
fn signed_articles(searcher: &Searcher) -> tantivy::Result<Vec<Signed>> {
    let mut signed = Vec::new();
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let Some(column) = reader.fast_fields().bytes(SIGNATURE_FIELD)? else {
            continue;
        };
        let articles = reader.fast_fields().u64("article")?;
        // The dictionary read once in order: a look-up per document would decode a block each.
        let mut by_ord = Vec::with_capacity(column.num_terms());
        let mut terms = column.dictionary().stream()?;
        while terms.advance() {
            by_ord.push(Signature::from_bytes(terms.key()));
        }
        let alive = reader.alive_bitset();
        for doc in 0..reader.max_doc() {
            if alive.is_some_and(|alive| !alive.is_alive(doc)) {
                continue;
            }
            let Some(term) = column.term_ords(doc).next() else {
                continue;
            };
            let (Some(Some(signature)), Some(article)) =
                (by_ord.get(term as usize), articles.first(doc))
            else {
                continue;
            };
            signed.push(Signed {
                article,
                address: DocAddress::new(ord as u32, doc),
                signature: signature.clone(),
            });
        }
    }
    Ok(signed)
}

/// What a story shows of the version `article`, from the stored fields of one of its passages
/// (each carries its article's); `None` if `searcher` sees no passage of it.
fn read_version(
    searcher: &Searcher,
    fields: &Fields,
    article: u64,
) -> tantivy::Result<Option<Version>> {
    let term = Term::from_field_u64(fields.article, article);
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let inverted = reader.inverted_index(fields.article)?;
        let Some(mut postings) = inverted.read_postings(&term, IndexRecordOption::Basic)? else {
            continue;
        };
        let alive = reader.alive_bitset();
        let mut doc = postings.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|alive| alive.is_alive(doc)) {
                let address = DocAddress::new(ord as u32, doc);
                return version(searcher, fields, article, address).map(Some);
            }
            doc = postings.advance();
        }
    }
    Ok(None)
}

/// What a story shows of the version `article`, from the stored fields of its passage at
/// `address`.
fn version(
    searcher: &Searcher,
    fields: &Fields,
    article: u64,
    address: DocAddress,
) -> tantivy::Result<Version> {
    let doc: TantivyDocument = searcher.doc(address)?;
    let text = |field| {
        doc.get_first(field)
            .and_then(|value| value.as_str())
            .map(str::to_string)
    };
    Ok(Version {
        id: article,
        path: location(&doc, fields),
        title: text(fields.stored_title).unwrap_or_default(),
        date: text(fields.date_label),
        sources: doc
            .get_all(fields.sources)
            .filter_map(|value| value.as_str().map(str::to_string))
            .collect(),
    })
}

/// Where a passage's article is: its file, with `#N` for a record of a JSON file.
fn location(doc: &TantivyDocument, fields: &Fields) -> String {
    let path = doc
        .get_first(fields.path)
        .and_then(|value| value.as_str())
        .unwrap_or_default();
    match doc
        .get_first(fields.record)
        .and_then(|value| value.as_u64())
    {
        Some(record) => format!("{path}#{record}"),
        None => path.to_string(),
    }
}

/// Union-find with path halving and union by size: twenty lines, not worth a dependency.
struct DisjointSets {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl DisjointSets {
    fn new(count: usize) -> DisjointSets {
        DisjointSets {
            parent: (0..count as u32).collect(),
            size: vec![1; count],
        }
    }

    fn find(&mut self, mut item: usize) -> usize {
        while self.parent[item] as usize != item {
            let grandparent = self.parent[self.parent[item] as usize];
            self.parent[item] = grandparent;
            item = grandparent as usize;
        }
        item
    }

    fn union(&mut self, a: usize, b: usize) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.size[a] < self.size[b] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b] = a as u32;
        self.size[a] += self.size[b];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disjoint_sets_join_transitively() {
        type Pairs = &'static [(usize, usize)];
        // (unions, pairs expected together, pairs expected apart)
        let cases: [(Pairs, Pairs, Pairs); 3] = [
            (&[], &[], &[(0, 1), (2, 3)]),
            (&[(0, 1), (1, 2)], &[(0, 2)], &[(0, 3)]),
            (&[(0, 1), (2, 3), (3, 1)], &[(0, 2), (1, 3)], &[(0, 4)]),
        ];
        for (unions, together, apart) in cases {
            let mut sets = DisjointSets::new(5);
            for &(a, b) in unions {
                sets.union(a, b);
            }
            for &(a, b) in together {
                assert_eq!(sets.find(a), sets.find(b), "{unions:?}: {a} and {b}");
            }
            for &(a, b) in apart {
                assert_ne!(sets.find(a), sets.find(b), "{unions:?}: {a} and {b}");
            }
        }
    }

    #[test]
    fn a_story_lists_the_other_versions_and_groups_under_one_key() {
        let map = StoryMap::of_stories(&[&[7, 3, 9]], 5);
        let others: Vec<u64> = map.other_versions(7).collect();
        assert_eq!(others, [3, 9]);
        assert_eq!(map.other_versions(4).count(), 0);
        assert_eq!(map.group_key(9), 3);
        assert_eq!(map.group_key(4), 4);
        assert_eq!(map.counts(), (5, 3));
    }
}
