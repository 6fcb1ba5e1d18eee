//! The query parser and the analyzer take any text: a query parses unless it has no words, and
//! analysed offsets point into the text.
#![no_main]

use archivar::analysis::{analyze, stemmed_analyzer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Err(error) = archivar::search::query::parse(text) {
        assert_eq!(error, archivar::search::QueryError::Empty);
    }
    for token in analyze(&mut stemmed_analyzer(), text) {
        assert!(text.get(token.offsets.clone()).is_some());
    }
});
