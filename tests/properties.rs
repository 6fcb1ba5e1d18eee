//! Property tests: the parsers and the analyzer take any input without panicking and keep their
//! promises about offsets and structure.

use archivar::analysis::{analyze, exact_analyzer, stemmed_analyzer};
use archivar::crawl::{parse_file, parse_house_text};
use archivar::search::{make_snippet, query};
use proptest::prelude::*;
use std::path::Path;

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

proptest! {
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
            Ok(clauses) => prop_assert!(!clauses.is_empty()),
            Err(error) => prop_assert!(!error.to_string().is_empty()),
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
