//! Fitting the ranking weights: a coordinate search that changes one weight at a time and
//! keeps what raises an objective (the caller's: the mean measure of the sets' tune halves).
//! This module runs no search itself.

use crate::search::Weights;

/// A ranking weight the fit may change, by name.
pub type WeightOf = (&'static str, fn(&mut Weights) -> &mut f32);

/// The weights the dev sets can tell: not the title's, as their articles have none of their
/// own (see [`Weights::FITTED`]), nor the name sounds' and corrections', which too few
/// queries use.
pub const FITTED_WEIGHTS: [WeightOf; 9] = [
    ("coverage", |w| &mut w.coverage),
    ("phrase", |w| &mut w.phrase),
    ("near", |w| &mut w.near),
    ("exact", |w| &mut w.exact),
    ("heading", |w| &mut w.heading),
    ("part", |w| &mut w.part),
    ("parts_apart", |w| &mut w.parts_apart),
    ("parts_near", |w| &mut w.parts_near),
    ("part_alone", |w| &mut w.part_alone),
];

/// The factors each weight is tried at, relative to its current value.
const FACTORS: [f32; 5] = [0.0, 0.25, 0.5, 2.0, 4.0];
/// How much better a candidate must be to be kept: less is noise of a few queries.
const MIN_GAIN: f64 = 1e-4;

/// Coordinate search from `start` over `weights`, each tried at [`FACTORS`] times its value,
/// keeping a change that raises `objective` by more than [`MIN_GAIN`]. An expansion (a weight
/// whose name starts with `part`) is worth at most the word itself, 1. `progress` hears each
/// weight's outcome as it is settled. Returns the fitted weights and their objective.
pub fn fit(
    start: Weights,
    weights: &[WeightOf],
    objective: impl Fn(&Weights) -> f64,
    mut progress: impl FnMut(&'static str, f32, f64),
) -> (Weights, f64) {
    let mut best = start;
    let mut best_score = objective(&best);
    for &(name, weight) in weights {
        let current = *weight(&mut best);
        let most = if name.starts_with("part") {
            1.0
        } else {
            f32::MAX
        };
        for factor in FACTORS {
            let mut candidate = best;
            *weight(&mut candidate) = (current * factor).min(most);
            let score = objective(&candidate);
            if score > best_score + MIN_GAIN {
                best_score = score;
                best = candidate;
            }
        }
        progress(name, *weight(&mut best), best_score);
    }
    (best, best_score)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_weight_moves_to_the_best_factor_and_expansions_stay_at_most_one() {
        let start = Weights::FITTED;
        // Best at four times the start's coverage, no phrase bonus, and a part weight above 1.
        let target_coverage = start.coverage * 4.0;
        let objective = |w: &Weights| {
            -f64::from((w.coverage - target_coverage).abs())
                - f64::from(w.phrase.abs())
                - f64::from((w.part - 3.0).abs())
        };
        let mut heard = Vec::new();
        let (fitted, score) = fit(start, &FITTED_WEIGHTS, objective, |name, value, _| {
            heard.push((name, value))
        });
        assert_eq!(fitted.coverage, target_coverage);
        assert_eq!(fitted.phrase, 0.0);
        assert_eq!(fitted.part, 1.0);
        // Weights the objective does not care about stay as they were.
        assert_eq!(fitted.near, start.near);
        assert_eq!(score, objective(&fitted));
        assert_eq!(heard.len(), FITTED_WEIGHTS.len());
        assert_eq!(heard[0], ("coverage", target_coverage));
    }
}
