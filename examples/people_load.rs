//! How long person detection takes to get ready: reading the shipped model
//! (`data/people/model.bin`) and the word lists it uses, as the first article indexed pays it.
//!
//! ```text
//! cargo run --release --example people_load
//! ```
//! Prints the time to read the model's bytes into weights, and the time of a first
//! detection in a fresh process, which loads the model, the lists of `data/names/` and the
//! lexicon; then the time of a second detection for comparison. Timings, not assertions.

use archivar::people::{detect, Model};
use std::time::Instant;

const TEXT: &str = "Russlands Außenminister Sergej Lawrow traf in Genf US-Außenminister \
                    Anthony Blinken; Lawrow sagte, Blinken habe zugehört.";

fn main() {
    let started = Instant::now();
    let model = Model::from_bytes(include_bytes!("../data/people/model.bin"));
    let model_ms = started.elapsed().as_secs_f64() * 1e3;
    let ready = model.is_ok_and(|model| model.has_weights());

    let started = Instant::now();
    let first = detect(&[TEXT]);
    let first_ms = started.elapsed().as_secs_f64() * 1e3;

    let started = Instant::now();
    let second = detect(&[TEXT]);
    let second_ms = started.elapsed().as_secs_f64() * 1e3;

    let names = |found: &[Vec<archivar::people::Mention>]| found.iter().flatten().count();
    println!(
        "model read: {model_ms:.1} ms (weights: {ready}); first detection, with every list \
         loaded: {first_ms:.1} ms; second detection: {second_ms:.3} ms ({} and {} mentions)",
        names(&first),
        names(&second)
    );
}
