//! The house-format parser takes any text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let parsed = archivar::crawl::parse_house_text(text);
    for paragraph in &parsed.paragraphs {
        assert!(!paragraph.text.trim().is_empty());
    }
});
