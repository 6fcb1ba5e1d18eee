//! The one-pass analysis gives the index the analyzers gave it: the same terms in every field,
//! in the same passages at the same positions, the same field lengths and the same stored
//! documents, whichever way the text was analysed.

mod common;

use archivar::analysis::Analysis;
use archivar::index::{build, build_analysed_by_tantivy, ArchiveIndex, BuildOptions};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use tantivy::postings::Postings;
use tantivy::schema::{Document, FieldType, IndexRecordOption};
use tantivy::{DocSet, TantivyDocument, TERMINATED};
use tempfile::TempDir;

/// Field, term → passage (article, paragraph) → positions.
type Postings_ = BTreeMap<(String, Vec<u8>), BTreeMap<(u64, u64), Vec<u32>>>;

/// Everything a search can read of an index, keyed by passage rather than by document number
/// (documents land in segments in whatever order the writer's threads take them).
#[derive(Debug, PartialEq)]
struct Contents {
    postings: Postings_,
    /// Passage → field → field length (fieldnorm id).
    lengths: BTreeMap<(u64, u64), BTreeMap<String, u8>>,
    /// Passage → stored document as JSON.
    stored: BTreeMap<(u64, u64), String>,
}

fn contents(dir: &Path) -> Contents {
    let index = ArchiveIndex::open(dir).expect("index opens");
    let searcher = index.reader.searcher();
    let schema = index.index.schema();
    let mut contents = Contents {
        postings: BTreeMap::new(),
        lengths: BTreeMap::new(),
        stored: BTreeMap::new(),
    };
    for (ordinal, segment) in searcher.segment_readers().iter().enumerate() {
        let fast = segment.fast_fields();
        let articles = fast.u64("article").expect("article fast field");
        let paragraphs = fast.u64("paragraph").expect("paragraph fast field");
        let key = |doc| {
            (
                articles.first(doc).expect("every passage has an article"),
                paragraphs.first(doc).expect("every passage has a number"),
            )
        };
        for doc in 0..segment.max_doc() {
            let stored: TantivyDocument = searcher
                .doc(tantivy::DocAddress::new(ordinal as u32, doc))
                .expect("stored document");
            contents.stored.insert(key(doc), stored.to_json(&schema));
        }
        for (field, entry) in schema.fields() {
            if !entry.is_indexed() {
                continue;
            }
            let positions = match entry.field_type() {
                FieldType::Str(options) => options
                    .get_indexing_options()
                    .is_some_and(|o| o.index_option() == IndexRecordOption::WithFreqsAndPositions),
                _ => false,
            };
            if let Ok(Some(norms)) = segment.fieldnorms_readers().get_field(field) {
                for doc in 0..segment.max_doc() {
                    contents
                        .lengths
                        .entry(key(doc))
                        .or_default()
                        .insert(entry.name().to_string(), norms.fieldnorm_id(doc));
                }
            }
            let inverted = segment.inverted_index(field).expect("inverted index");
            let mut terms = inverted.terms().stream().expect("term stream");
            while terms.advance() {
                let option = if positions {
                    IndexRecordOption::WithFreqsAndPositions
                } else {
                    IndexRecordOption::Basic
                };
                let mut postings = inverted
                    .read_postings_from_terminfo(terms.value(), option)
                    .expect("postings");
                let passages = contents
                    .postings
                    .entry((entry.name().to_string(), terms.key().to_vec()))
                    .or_default();
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    let mut at = Vec::new();
                    if positions {
                        postings.positions(&mut at);
                    }
                    passages.insert(key(doc), at);
                    doc = postings.advance();
                }
            }
        }
    }
    contents
}

/// Articles beside the shipped corpus with what it lacks: subheadings, JSON records, authors,
/// sources, URLs, and words the analysis treats specially.
const EXTRA: &[(&str, &str)] = &[
    (
        "extra/bericht.md",
        "---\ntitle: Gespräche über die Nato-Osterweiterung\ndate: 2022-01-18\nauthor: Anna Berger\nsource: APA\n---\n\n\
         # Gespräche über die Nato-Osterweiterung\n\n\
         US-Außenminister Antony Blinken traf Sergej Lawrow in Genf.\n\n\
         ## Die Flüchtlingskrise\n\n\
         Journalist:innen und Lehrer*innen fragten nach der Flüchtlingskrise.\n\n\
         Blinken sagte, die Gespräche seien „offen“ gewesen.\n\n\
         ## Äußere Umstände\n\n\
         Die AUSSENMINISTER sprachen über Energiepreise und Gasversorgung; Éric Ştefan Miloš war nicht da.\n",
    ),
    (
        "extra/meldungen.jsonl",
        "{\"title\": \"Bundeskanzler besucht Wien\", \"date\": \"2016-03-02\", \"text\": \"Der Bundeskanzler Werner Faymann besuchte Wien.\\n\\nFaymann sprach über die Asylobergrenze.\", \"url\": \"https://example.org/1\"}\n\
         {\"title\": \"Weltmeisterschaftsqualifikationsspiel\", \"text\": \"Das Spiel endete 2:1. Die Fußballfans feierten.\"}\n",
    ),
];

fn build_both(analysis: Analysis) -> (TempDir, TempDir, TempDir) {
    let extra = common::fixture(EXTRA);
    let roots: Vec<PathBuf> = vec![common::shipped_corpus(), extra.path().to_path_buf()];
    let options = BuildOptions {
        analysis: Some(analysis),
        threads: 2,
        memory_bytes: 64 * 1024 * 1024,
        ..BuildOptions::default()
    };
    let one_pass = TempDir::new().expect("temp dir");
    let by_tantivy = TempDir::new().expect("temp dir");
    let report = build(
        one_pass.path(),
        &roots,
        &options,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .expect("one-pass build");
    let reference =
        build_analysed_by_tantivy(by_tantivy.path(), &roots, &options).expect("reference build");
    assert!(report.passages > 100, "{report:?}");
    assert_eq!(report.passages, reference.passages);
    assert_eq!(report.documents, reference.documents);
    (extra, one_pass, by_tantivy)
}

#[test]
fn one_pass_and_analyzers_make_the_same_index() {
    for analysis in [Analysis::Folded, Analysis::Plain] {
        let (_extra, one_pass, by_tantivy) = build_both(analysis);
        let (new, old) = (contents(one_pass.path()), contents(by_tantivy.path()));
        assert!(new.postings.keys().any(|(field, _)| field == "text_parts"));
        assert!(new.postings.keys().any(|(field, _)| field == "heading"));
        for (key, passages) in &old.postings {
            assert_eq!(
                new.postings.get(key),
                Some(passages),
                "{analysis:?}: postings of {key:?}"
            );
        }
        assert_eq!(new.postings.len(), old.postings.len(), "{analysis:?}");
        assert_eq!(new.lengths, old.lengths, "{analysis:?}");
        assert_eq!(new.stored, old.stored, "{analysis:?}");
    }
}
