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
///
/// Most rows of a trained table are all zero (no feature of the training text hashed there),
/// so only the others are kept, in row order, with each row's place among them (16 bits a
/// row for the shipped model): both fit the CPU's level-2 cache where the whole table does not.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// log2 of the number of rows; 0 for a model without weights, which leaves the decision to
    /// the rules.
    bits: u32,
    /// Each row's index in `present`; 0 for a row without weights.
    index: Index,
    /// The weights of the rows with any, after an all-zero row at index 0.
    present: Vec<[f32; TAGS]>,
    /// Added to the score of "outside a name": above 0 the labeller marks fewer names.
    outside_bias: f32,
}

/// Each row's index in [`Model::present`], as narrow as the number of rows with weights allows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Index {
    Narrow(Vec<u16>),
    Wide(Vec<u32>),
}

impl Model {
    /// A model without weights: detection takes the rules' names as they are.
    pub fn rules_only() -> Model {
        Model {
            bits: 0,
            index: Index::Narrow(Vec::new()),
            present: Vec::new(),
            outside_bias: 0.0,
        }
    }

    /// A model from its weights: `TAGS` per row, `2^bits` rows.
    pub fn from_weights(bits: u32, weights: Vec<f32>) -> Model {
        debug_assert_eq!(weights.len(), (1usize << bits) * TAGS);
        let mut wide = Vec::with_capacity(weights.len() / TAGS);
        let mut present = vec![[0.0; TAGS]];
        for row in weights.chunks_exact(TAGS) {
            // A zero weight, of either sign, adds nothing to a score.
            if row.iter().any(|&w| w != 0.0) {
                wide.push(present.len() as u32);
                present.push([row[0], row[1], row[2]]);
            } else {
                wide.push(0);
            }
        }
        let index = if present.len() <= usize::from(u16::MAX) + 1 {
            Index::Narrow(wide.iter().map(|&k| k as u16).collect())
        } else {
            Index::Wide(wide)
        };
        Model {
            bits,
            index,
            present,
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

    /// Adds the weights of `rows` to `scores`, in order. (Not inlined: inside the decoder
    /// the sums were kept on the stack, each addition waiting for the last one's store.)
    #[inline(never)]
    pub fn score(&self, rows: &[usize], scores: &mut [f32; TAGS]) {
        match &self.index {
            Index::Narrow(index) => self.add(rows, scores, |row| usize::from(index[row])),
            Index::Wide(index) => self.add(rows, scores, |row| index[row] as usize),
        }
    }

    /// [`Model::score`] through one kind of index. A row without weights reads the zero row,
    /// and adding +0.0 leaves every score as it is (none is ever -0.0: each starts at +0.0,
    /// and a sum of weights that cancels out is +0.0).
    #[inline(always)]
    fn add(&self, rows: &[usize], scores: &mut [f32; TAGS], index: impl Fn(usize) -> usize) {
        // The sums in registers, not in `scores`.
        let [mut outside, mut begin, mut inside] = *scores;
        for &row in rows {
            let [o, b, i] = self.present[index(row)];
            outside += o;
            begin += b;
            inside += i;
        }
        *scores = [outside, begin, inside];
    }

    /// Every row's weights, `TAGS` a row, zeros included.
    fn weights(&self) -> Vec<f32> {
        let rows = if self.has_weights() {
            1usize << self.bits
        } else {
            0
        };
        let mut weights = vec![0.0; rows * TAGS];
        for (row, at) in weights.chunks_exact_mut(TAGS).enumerate() {
            let k = match &self.index {
                Index::Narrow(index) => usize::from(index[row]),
                Index::Wide(index) => index[row] as usize,
            };
            at.copy_from_slice(&self.present[k]);
        }
        weights
    }

    /// The model as bytes: magic, rows as log2 (u32), scale (f32), then the weights as
    /// 16-bit integers (weight = integer × scale), all little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let weights = self.weights();
        let largest = weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if largest > 0.0 {
            largest / 32767.0
        } else {
            1.0
        };
        let mut bytes = Vec::with_capacity(16 + weights.len() * 2);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&self.bits.to_le_bytes());
        bytes.extend_from_slice(&scale.to_le_bytes());
        for weight in &weights {
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
    fn scores_add_the_rows_weights_in_order() {
        // Rows 1, 5, 64 and 200 of 256 have weights, one of them negative zero.
        let mut weights = vec![0.0f32; 256 * TAGS];
        for (row, w) in [
            (1, [1.5, -2.0, 0.25]),
            (5, [0.0, 3.0, 0.0]),
            (64, [-0.0, 0.0, 7.0]),
        ] {
            weights[row * TAGS..row * TAGS + TAGS].copy_from_slice(&w);
        }
        weights[200 * TAGS + 1] = -1.0;
        let model = Model::from_weights(8, weights.clone());
        assert_eq!(model.weights(), weights);
        let rows = [0, 1, 5, 63, 64, 65, 200, 255, 1];
        let mut scores = [0f32; TAGS];
        model.score(&rows, &mut scores);
        let mut expected = [0f32; TAGS];
        for row in rows {
            for (tag, score) in expected.iter_mut().enumerate() {
                *score += weights[row * TAGS + tag];
            }
        }
        assert_eq!(scores, expected);
        // More rows with weights than a 16-bit index holds.
        let weights: Vec<f32> = (0..(1 << 17) * TAGS).map(|i| i as f32 + 1.0).collect();
        let model = Model::from_weights(17, weights.clone());
        assert!(matches!(model.index, Index::Wide(_)));
        assert_eq!(model.weights(), weights);
        let mut scores = [0f32; TAGS];
        model.score(&[70_000, 3], &mut scores);
        assert_eq!(
            scores,
            [210_001.0 + 10.0, 210_002.0 + 11.0, 210_003.0 + 12.0]
        );
    }

    #[test]
    fn a_model_survives_its_bytes_and_bad_files_are_refused() {
        let weights: Vec<f32> = (0..(1 << 4) * TAGS).map(|i| i as f32 - 20.0).collect();
        let model = Model::from_weights(4, weights);
        let read = Model::from_bytes(&model.to_bytes()).unwrap();
        assert_eq!(model.weights().len(), read.weights().len());
        for (a, b) in model.weights().iter().zip(&read.weights()) {
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
