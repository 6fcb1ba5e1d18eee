//! Training of the labeller: an averaged perceptron (Collins 2002) over the same features and
//! left-to-right labelling as detection, on articles whose person names are marked. Reading
//! labelled corpora is the caller's job (`examples/train_people.rs`).

use super::features::{Features, BEGIN, INSIDE, OUTSIDE, TAGS};
use super::label::{best_tag, Article};
use super::model::{row_in, Model};
use super::words::Word;
use std::ops::Range;

/// An article with the byte ranges of the person names in each paragraph.
#[derive(Debug, Clone, Default)]
pub struct LabelledArticle {
    pub paragraphs: Vec<String>,
    pub names: Vec<Vec<Range<usize>>>,
}

/// How to train.
#[derive(Debug, Clone, Copy)]
pub struct Training {
    /// log2 of the weight table's rows.
    pub bits: u32,
    /// Passes over the articles.
    pub epochs: usize,
    /// Seed of the order in which the articles are read in each pass.
    pub seed: u64,
}

impl Default for Training {
    fn default() -> Training {
        Training {
            bits: 18,
            epochs: 10,
            seed: 0x5eed,
        }
    }
}

/// The labels that the marked names give a paragraph's words.
pub fn gold_tags(words: &[Word], names: &[Range<usize>]) -> Vec<usize> {
    let mut tags = vec![OUTSIDE; words.len()];
    for name in names {
        let mut first = true;
        for (word, tag) in words.iter().zip(tags.iter_mut()) {
            if name.start <= word.span.start && word.span.end <= name.end {
                *tag = if first { BEGIN } else { INSIDE };
                first = false;
            }
        }
    }
    tags
}

/// Weights with their running sums, for averaging.
struct Perceptron {
    weights: Vec<f32>,
    sums: Vec<f64>,
    stamps: Vec<u32>,
    step: u32,
}

impl Perceptron {
    fn update(&mut self, rows: &[usize], truth: usize, guess: usize) {
        for &row in rows {
            for (tag, delta) in [(truth, 1.0), (guess, -1.0)] {
                let at = row * TAGS + tag;
                self.sums[at] +=
                    f64::from(self.step - self.stamps[at]) * f64::from(self.weights[at]);
                self.stamps[at] = self.step;
                self.weights[at] += delta;
            }
        }
    }

    fn averaged(mut self) -> Vec<f32> {
        let step = f64::from(self.step.max(1));
        for at in 0..self.weights.len() {
            self.sums[at] += f64::from(self.step - self.stamps[at]) * f64::from(self.weights[at]);
        }
        self.weights = self.sums.iter().map(|sum| (sum / step) as f32).collect();
        self.weights
    }
}

/// Trains a model on `articles`.
pub fn train(articles: &[LabelledArticle], training: Training) -> Model {
    let size = (1usize << training.bits) * TAGS;
    let mut perceptron = Perceptron {
        weights: vec![0.0; size],
        sums: vec![0.0; size],
        stamps: vec![0; size],
        step: 0,
    };
    let mut order: Vec<usize> = (0..articles.len()).collect();
    let mut state = training.seed | 1;
    let mut rows = Vec::with_capacity(64);
    for _ in 0..training.epochs {
        // Fisher–Yates with xorshift: a fixed seed gives the same model on every machine.
        for i in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            order.swap(i, (state % (i as u64 + 1)) as usize);
        }
        for &number in &order {
            let labelled = &articles[number];
            let paragraphs: Vec<&str> = labelled.paragraphs.iter().map(String::as_str).collect();
            let article = Article::read(&paragraphs);
            for ((words, facts), names) in article
                .words
                .iter()
                .zip(&article.facts)
                .zip(&labelled.names)
            {
                let gold = gold_tags(words, names);
                let features = Features { words, facts };
                let mut previous = OUTSIDE;
                for (i, &truth) in gold.iter().enumerate() {
                    if !features.scored(i, previous) {
                        previous = OUTSIDE;
                        continue;
                    }
                    let truth = if truth == INSIDE && previous == OUTSIDE {
                        BEGIN
                    } else {
                        truth
                    };
                    rows.clear();
                    features.of(i, previous, |feature| {
                        rows.push(row_in(training.bits, feature))
                    });
                    let mut scores = [0f32; TAGS];
                    for &row in &rows {
                        for (tag, score) in scores.iter_mut().enumerate() {
                            *score += perceptron.weights[row * TAGS + tag];
                        }
                    }
                    let guess = best_tag(&scores, previous);
                    perceptron.step += 1;
                    if guess != truth {
                        perceptron.update(&rows, truth, guess);
                    }
                    previous = guess;
                }
            }
        }
    }
    Model::from_weights(training.bits, perceptron.averaged())
}
