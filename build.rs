//! Builds the compound-splitting lexicon: `data/lexicon/de-words.tsv.gz` (word, Zipf × 100, `N`
//! for noun forms), folded exactly as the analyzer folds tokens, into an FST map in OUT_DIR that
//! the crate embeds, so the lexicon costs nothing at start-up. A value is Zipf × 100 × 2, plus
//! 1 for a noun form.

#[allow(dead_code)]
#[path = "src/analysis/fold.rs"]
mod fold;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;

fn main() {
    let source = "data/lexicon/de-words.tsv.gz";
    println!("cargo::rerun-if-changed={source}");
    println!("cargo::rerun-if-changed=src/analysis/fold.rs");
    let file =
        std::fs::File::open(source).unwrap_or_else(|error| panic!("reading {source}: {error}"));
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut words: BTreeMap<String, u64> = BTreeMap::new();
    for line in reader.lines() {
        let line = line.unwrap_or_else(|error| panic!("reading {source}: {error}"));
        if line.starts_with('#') {
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(word), Some(zipf), noun) = (fields.next(), fields.next(), fields.next()) else {
            panic!("{source}: bad line {line:?}");
        };
        let zipf: u64 = zipf
            .parse()
            .unwrap_or_else(|_| panic!("{source}: bad line {line:?}"));
        let value = zipf * 2 + u64::from(noun == Some("N"));
        // Folding merges spellings (`bar`, `bär`): keep the more frequent, a noun if either is.
        let entry = words.entry(fold::fold_german(word)).or_default();
        *entry = ((*entry).max(value) & !1) | ((*entry | value) & 1);
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut builder = fst::MapBuilder::new(Vec::new()).expect("an FST builder in memory");
    for (word, zipf) in &words {
        builder.insert(word, *zipf).expect("sorted, unique keys");
    }
    let bytes = builder.into_inner().expect("an FST in memory");
    std::fs::write(out.join("lexicon.fst"), bytes).expect("writing the lexicon FST");
}
