//! Evaluation: the configurations compared ([`ablation`]), the measures of a ranking against
//! graded judgements ([`measures`]), the reading of the evaluation sets ([`sets`]), and the
//! scoring of the compound splitter ([`splitter`]) and of person detection ([`people`]). Pure functions over texts and results; running the
//! searches and building the indexes is the caller's job (`archivar eval`).

mod ablation;
mod measures;
mod people;
mod sets;
mod splitter;

pub use ablation::{Configuration, System, CONFIGURATIONS, DEFAULT};
pub use measures::*;
pub use people::*;
pub use sets::*;
pub use splitter::*;

/// `part / whole`, 0 for an empty whole.
fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}
