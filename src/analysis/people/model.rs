//! The labeller's weights: a table of hashed feature rows with one weight per label, read from
//! `data/people/model.bin` (built by `examples/train_people.rs`), and the scoring of one word.
//! It does not know what the features mean.

use super::features::TAGS;
use thiserror::Error;

/// The first bytes of a model file.
const MAGIC: &[u8; 8] = b"ARPEOPL1";

#[derive(Debug, Error, PartialEq, Eq)]
pub enum ModelError {
    #[error("not a person model (it does not start with {MAGIC:?}); rebuild it with `cargo run --release --example train_people`")]
    NotAModel,
    #[error(
        "the person model is {found} bytes long, {expected} expected for 2^{bits} rows; rebuild it"
    )]
    Truncated {
        bits: u32,
        found: usize,
        expected: usize,
    },
    #[error("the person model's table of 2^{0} rows is out of range (0..=24)")]
    BadSize(u32),
}

/// The row of a feature hash in a table of `2^bits` rows (`bits` ≥ 1): its high bits, which
/// FxHash mixes best.
pub fn row_in(bits: u32, feature: u64) -> usize {
    (feature >> (64 - bits)) as usize
}

/// Weights of an averaged perceptron over hashed features.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// log2 of the number of rows; 0 for a model without weights, which leaves the decision to
    /// the rules.
    bits: u32,
    weights: Vec<f32>,
    /// Added to the score of "outside a name": above 0 the labeller marks fewer names.
    outside_bias: f32,
}

impl Model {
    /// A model without weights: detection takes the rules' names as they are.
    pub fn rules_only() -> Model {
        Model {
            bits: 0,
            weights: Vec::new(),
            outside_bias: 0.0,
        }
    }

    /// A model from its weights: `TAGS` per row, `2^bits` rows.
    pub fn from_weights(bits: u32, weights: Vec<f32>) -> Model {
        debug_assert_eq!(weights.len(), (1usize << bits) * TAGS);
        Model {
            bits,
            weights,
            outside_bias: 0.0,
        }
    }

    /// The model with another bias towards "outside a name".
    pub fn with_outside_bias(mut self, bias: f32) -> Model {
        self.outside_bias = bias;
        self
    }

    pub fn outside_bias(&self) -> f32 {
        self.outside_bias
    }

    pub fn has_weights(&self) -> bool {
        self.bits > 0
    }

    /// The row of a feature hash.
    pub fn row(&self, feature: u64) -> usize {
        row_in(self.bits, feature)
    }

    /// Adds the weights of `rows` to `scores`.
    pub fn score(&self, rows: &[usize], scores: &mut [f32; TAGS]) {
        for &row in rows {
            let weights = &self.weights[row * TAGS..row * TAGS + TAGS];
            for (score, weight) in scores.iter_mut().zip(weights) {
                *score += weight;
            }
        }
    }

    /// The model as bytes: magic, rows as log2 (u32), scale (f32), then the weights as
    /// 16-bit integers (weight = integer × scale), all little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let largest = self.weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if largest > 0.0 {
            largest / 32767.0
        } else {
            1.0
        };
        let mut bytes = Vec::with_capacity(16 + self.weights.len() * 2);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&self.bits.to_le_bytes());
        bytes.extend_from_slice(&scale.to_le_bytes());
        for weight in &self.weights {
            bytes.extend_from_slice(&((weight / scale).round() as i16).to_le_bytes());
        }
        bytes
    }

    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let header = bytes.get(..16).ok_or(ModelError::NotAModel)?;
        if &header[..8] != MAGIC {
            return Err(ModelError::NotAModel);
        }
        let word = |at: usize| [header[at], header[at + 1], header[at + 2], header[at + 3]];
        let bits = u32::from_le_bytes(word(8));
        let scale = f32::from_le_bytes(word(12));
        if bits > 24 {
            return Err(ModelError::BadSize(bits));
        }
        if bits == 0 {
            return Ok(Model::rules_only());
        }
        let count = (1usize << bits) * TAGS;
        let expected = 16 + count * 2;
        if bytes.len() != expected {
            return Err(ModelError::Truncated {
                bits,
                found: bytes.len(),
                expected,
            });
        }
        let weights = bytes[16..]
            .chunks_exact(2)
            .map(|pair| f32::from(i16::from_le_bytes([pair[0], pair[1]])) * scale)
            .collect();
        Ok(Model::from_weights(bits, weights))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_survives_its_bytes_and_bad_files_are_refused() {
        let weights: Vec<f32> = (0..(1 << 4) * TAGS).map(|i| i as f32 - 20.0).collect();
        let model = Model::from_weights(4, weights);
        let read = Model::from_bytes(&model.to_bytes()).unwrap();
        for (a, b) in model.weights.iter().zip(&read.weights) {
            assert!((a - b).abs() < 0.01, "{a} became {b}");
        }
        assert_eq!(Model::from_bytes(b"nonsense"), Err(ModelError::NotAModel));
        let bytes = model.to_bytes();
        assert!(matches!(
            Model::from_bytes(&bytes[..bytes.len() - 2]),
            Err(ModelError::Truncated { .. })
        ));
        assert_eq!(
            Model::from_bytes(&Model::rules_only().to_bytes()),
            Ok(Model::rules_only())
        );
    }
}
