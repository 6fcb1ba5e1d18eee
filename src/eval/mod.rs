//! Evaluation: the configurations compared ([`ablation`]) and the systems behind them
//! ([`rankers`]), the measures of a ranking against graded judgements ([`measures`]), the
//! reading of the evaluation sets ([`sets`]), the fitting of the ranking weights ([`fit`]),
//! and the scoring of the compound splitter ([`splitter`]) and of person detection
//! ([`people`]). Building the indexes, reading files and printing tables is the caller's job
//! (`archivar eval`).

mod ablation;
mod fit;
mod measures;
mod people;
mod rankers;
mod sets;
mod splitter;

pub use ablation::{Configuration, System, CONFIGURATIONS, DEFAULT};
pub use fit::{fit, WeightOf, FITTED_WEIGHTS};
pub use measures::*;
pub use people::*;
pub use rankers::*;
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
