//! Property tests: the parsers and the analyzer take any input without panicking and keep their
//! promises about offsets and structure.

use archivar::analysis::{analyze, exact_analyzer, stemmed_analyzer};
use archivar::crawl::{parse_file, parse_house_text};
use archivar::index::{self, ArchiveIndex, BuildOptions};
use archivar::search::{self, make_snippet, query, SearchError, SearchOptions};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::OnceLock;
use tempfile::TempDir;

/// Text that looks a little like German news, with markers, quotes and odd characters mixed in.
fn newsish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("date 2022-01 ".to_string()),
        Just("\n\n".to_string()),
        Just("\n".to_string()),
        Just(" (mit Reuters/dpa)".to_string()),
        Just("US-Außenminister ".to_string()),
        Just("Journalist:innen ".to_string()),
        Just("„Zitat“ ".to_string()),
        Just("\"".to_string()),
        Just("+".to_string()),
        Just("-".to_string()),
        Just(" AND ".to_string()),
        Just(" NOT ".to_string()),
        "[A-Za-zÄÖÜäöüß]{1,12}[.,!?:]? ",
        any::<String>(),
    ];
    proptest::collection::vec(piece, 0..30).prop_map(|pieces| pieces.concat())
}

/// Paragraphs of varied text: the shipped seed article, the failing cases of issue 15 (a
/// folder without *wann*, where *Wann* is corrected to a stop word), compounds and their parts,
/// names, numbers and punctuation.
const VARIED: &[(&str, &str)] = &[
    ("wann/a.txt", "Die Frau kann das heute. Wenn er kommt, dann geht sie.\n\nDer Mann gewann das Rennen in Wien.\n"),
    ("wann/b.txt", "Die Frau kann das heute. Wenn er kommt, dann geht sie.\n\nDer Mann gewann das Rennen in Wien.\n"),
    ("wann/c.txt", "Die Frau kann das heute. Wenn er kommt, dann geht sie.\n\nDer Mann gewann das Rennen in Wien.\n"),
    ("teile.txt", "Die Betreuung der Kinder in Wien ist teuer.\n\nDie Not an Wohnungen wächst in Graz.\n\nDie Bremse für Mietpreise wirkt kaum.\n\nDie Werksschließung trifft die Region.\n"),
    ("zahlen.txt", "Am 18.1.2022 kamen 3.500 Menschen, 12 % mehr als 2021 – sagt die SPÖ-Chefin Pamela Rendi-Wagner.\n\nO. K., sagte Dr. A. B. Müller-Lüdenscheidt (ÖVP): „Wir haben nicht erwartet, dass heute …“\n"),
];

/// An index of [`VARIED`] and the seed article, built once for the tests of this binary.
fn varied_index() -> &'static ArchiveIndex {
    static INDEX: OnceLock<(TempDir, ArchiveIndex)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let dir = TempDir::new().expect("temp dir");
            let corpus = dir.path().join("corpus");
            for (path, text) in VARIED {
                let path = corpus.join(path);
                std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
                std::fs::write(path, text).expect("fixture file");
            }
            let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/seed");
            let roots: Vec<PathBuf> = vec![corpus, seed];
            let index_dir = dir.path().join("index");
            let options = BuildOptions {
                threads: 1,
                ..BuildOptions::default()
            };
            index::build(
                &index_dir,
                &roots,
                &options,
                &AtomicBool::new(false),
                &mut |_| {},
            )
            .expect("fixture index builds");
            let index = ArchiveIndex::open(&index_dir).expect("fixture index opens");
            (dir, index)
        })
        .1
}

/// What people type or paste into a search box: questions, stop words, single letters,
/// numbers, compounds, names, quotes, dashes and operators, and any text at all.
fn pasted_query() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(vec![
            "Wann",
            "Wer",
            "Wo",
            "Wie viele",
            "Warum",
            "Was",
            "Welche",
            "wann",
            "kann",
            "dann",
            "der",
            "die",
            "das",
            "und",
            "nicht",
            "heute",
            "a",
            "B",
            "x",
            "0",
            "42",
            "18.1.2022",
            "3.500",
            "12 %",
            "Kinderbetreuung",
            "Wohnungsnot",
            "Mietpreisbremse",
            "Schließung",
            "Osterweiterung",
            "Nato-Osterweiterung",
            "Lawrow",
            "Lavrov",
            "Blinken",
            "SPÖ",
            "Rendi-Wagner",
            "Müller-Lüdenscheidt",
            "Osterweiterng",
            "Genf",
            "Wien",
        ])
        .prop_map(str::to_string),
        prop::sample::select(vec![
            "\"", "„", "“", "”", "-", "–", "—", "+", "?", "!", ".", ",", ":", ";", "(", ")", "…",
            "AND", "OR", "NOT", "&&", "||", "*", "/", "'", "'s", "%", "§",
        ])
        .prop_map(str::to_string),
        "[a-zäöüß]{1,3}".prop_map(|word| word),
        "[A-ZÄÖÜ][a-zäöüß]{2,14}".prop_map(|word| word),
        "[0-9]{1,5}".prop_map(|word| word),
        any::<String>(),
    ];
    let separator = prop::sample::select(vec![" ", "", "  ", "\t", " - "]);
    proptest::collection::vec((piece, separator), 0..12).prop_map(|pieces| {
        pieces
            .into_iter()
            .map(|(piece, separator)| format!("{piece}{separator}"))
            .collect()
    })
}

#[test]
fn queries_the_property_test_found_search() {
    for text in [
        "Wann ",
        "Wann  -Rendi-Wagner ",
        "-\"kalter Krieg\" Wien",
        "Wien -Rendi-Wagner",
    ] {
        let result = search::search(varied_index(), text, &SearchOptions::default());
        assert!(result.is_ok(), "{text:?}: {result:?}");
    }
}

proptest! {
    #[test]
    fn any_pasted_query_searches_or_asks_for_a_word(text in pasted_query()) {
        for expansions in [search::Expansions::DEFAULT, search::Expansions::NONE] {
            let options = SearchOptions { expansions, ..SearchOptions::default() };
            match search::search(varied_index(), &text, &options) {
                Ok(results) => prop_assert!(results.hits.len() <= options.limit),
                // Only these three remain errors: nothing to search for.
                Err(SearchError::Query(
                    query::QueryError::Empty
                    | query::QueryError::NoSearchableWord(..)
                    | query::QueryError::OnlyExclusions,
                )) => {}
                Err(error) => prop_assert!(false, "{text:?} failed: {error}"),
            }
        }
    }

    #[test]
    fn house_parser_keeps_paragraphs_clean(text in newsish()) {
        let parsed = parse_house_text(&text);
        for paragraph in &parsed.paragraphs {
            prop_assert!(!paragraph.text.trim().is_empty());
            prop_assert!(!paragraph.text.contains('\n'));
        }
        if let Some(title) = &parsed.title {
            prop_assert!(!parsed.paragraphs.is_empty(), "a title without body: {title:?}");
        }
    }

    #[test]
    fn every_format_reader_takes_any_bytes(text in newsish(), bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        for name in ["a.txt", "a.md", "a.html", "a.json", "a.jsonl", "a.txt.gz"] {
            for input in [text.as_bytes(), &bytes[..]] {
                if let Ok(file) = parse_file(Path::new(name), input, 1 << 20) {
                    prop_assert!(!file.articles.is_empty());
                    for article in &file.articles {
                        prop_assert!(!article.paragraphs.is_empty());
                        prop_assert!(!article.title.is_empty());
                    }
                }
            }
        }
        let wrapped = format!("<html><body><article><h1>{text}</h1><p>{text}</p></article></body></html>");
        let _ = parse_file(Path::new("a.html"), wrapped.as_bytes(), 1 << 20);
        let json = serde_json::json!({"title": text, "text": text}).to_string();
        let _ = parse_file(Path::new("a.jsonl"), json.as_bytes(), 1 << 20);
    }

    #[test]
    fn query_parser_accepts_or_explains(text in newsish()) {
        match query::parse(&text) {
            Ok(parsed) => prop_assert!(!parsed.clauses.is_empty()),
            Err(error) => prop_assert_eq!(error, query::QueryError::Empty),
        }
    }

    #[test]
    fn analyzer_offsets_point_into_the_text(text in newsish()) {
        for mut analyzer in [stemmed_analyzer(), exact_analyzer()] {
            let tokens = analyze(&mut analyzer, &text);
            let mut last_position = None;
            for token in &tokens {
                prop_assert!(text.get(token.offsets.clone()).is_some(), "bad offsets {token:?}");
                prop_assert!(!token.term.is_empty());
                prop_assert!(last_position < Some(token.position));
                last_position = Some(token.position);
            }
        }
    }

    #[test]
    fn snippets_mark_only_inside_themselves(text in newsish(), max_chars in 40usize..300) {
        let matches: Vec<_> = analyze(&mut stemmed_analyzer(), &text)
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % 3 == 0)
            .map(|(i, token)| (token.offsets, i % 2))
            .collect();
        let snippet = make_snippet(&text, &matches, max_chars);
        let length = snippet.text.chars().count();
        // The window plus "… " and " …".
        prop_assert!(length <= max_chars + 4, "{length} chars: {:?}", snippet.text);
        let mut previous_end = 0;
        for range in &snippet.highlights {
            prop_assert!(range.start < range.end && range.end <= length);
            prop_assert!(range.start >= previous_end);
            previous_end = range.end;
        }
    }
}
