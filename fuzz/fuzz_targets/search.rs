//! Any text searched on a real index either finds results or is refused for having nothing to
//! search for: no other error, no panic. The index is built once per fuzzing process, in a
//! temporary folder, from the shipped seed article and paragraphs chosen to exercise the
//! expansions (a folder without *wann*, compounds and their parts, numbers and names).
#![no_main]

use archivar::index::{self, ArchiveIndex, BuildOptions};
use archivar::search::{self, QueryError, SearchError, SearchOptions};
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::OnceLock;

const PARAGRAPHS: &[(&str, &str)] = &[
    ("wann/a.txt", "Die Frau kann das heute. Wenn er kommt, dann geht sie.\n\nDer Mann gewann das Rennen in Wien.\n"),
    ("wann/b.txt", "Die Frau kann das heute. Wenn er kommt, dann geht sie.\n\nDer Mann gewann das Rennen in Wien.\n"),
    ("teile.txt", "Die Betreuung der Kinder in Wien ist teuer.\n\nDie Not an Wohnungen wächst in Graz.\n\nDie Werksschließung trifft die Region.\n"),
    ("zahlen.txt", "Am 18.1.2022 kamen 3.500 Menschen – sagt die SPÖ-Chefin Pamela Rendi-Wagner.\n"),
];

fn fuzz_index() -> &'static ArchiveIndex {
    static INDEX: OnceLock<ArchiveIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("archivar-fuzz-search-{}", std::process::id()));
        let corpus = dir.join("corpus");
        for (path, text) in PARAGRAPHS {
            let path = corpus.join(path);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("fixture folder");
            std::fs::write(path, text).expect("fixture file");
        }
        let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/seed");
        let roots: Vec<PathBuf> = vec![corpus, seed];
        let index_dir = dir.join("index");
        let options = BuildOptions {
            threads: 1,
            ..BuildOptions::default()
        };
        index::build(&index_dir, &roots, &options, &AtomicBool::new(false), &mut |_| {})
            .expect("the fuzz index builds");
        ArchiveIndex::open(&index_dir).expect("the fuzz index opens")
    })
}

fuzz_target!(|text: &str| {
    match search::search(fuzz_index(), text, &SearchOptions::default()) {
        Ok(_)
        | Err(SearchError::Query(
            QueryError::Empty | QueryError::NoSearchableWord(..) | QueryError::OnlyExclusions,
        )) => {}
        Err(error) => panic!("{text:?} failed: {error}"),
    }
});
