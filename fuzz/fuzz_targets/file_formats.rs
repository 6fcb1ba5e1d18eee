//! Every file reader (house, Markdown, HTML, JSON, JSON Lines, gzip) takes any bytes. The first
//! byte picks the file name, so one corpus explores all formats.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

const NAMES: [&str; 7] = ["a.txt", "a.md", "a.html", "a.json", "a.jsonl", "a.txt.gz", "a.json.gz"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    if let Ok(file) = archivar::crawl::parse_file(Path::new(name), bytes, 1 << 20) {
        for article in &file.articles {
            assert!(!article.paragraphs.is_empty());
        }
    }
});
