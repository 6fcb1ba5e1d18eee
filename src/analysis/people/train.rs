//! Training of the labeller: an averaged structured perceptron (Collins 2002) over the same
//! features and Viterbi decoding as detection, on articles whose person names are marked. Reading
//! labelled corpora is the caller's job (`examples/train_people.rs`).

use super::features::{Features, BEGIN, INSIDE, OUTSIDE, TAGS};
use super::label::{decode, Article};
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
    /// Perceptrons trained, each reading in its own order, whose weights are averaged: one
    /// perceptron's figures move by a few points with the reading order alone.
    pub runs: usize,
}

impl Default for Training {
    fn default() -> Training {
        Training {
            bits: 18,
            epochs: 20,
            seed: 0x5eed,
            runs: 4,
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
    fn add(&mut self, rows: &[usize], tag: usize, delta: f32) {
        for &row in rows {
            let at = row * TAGS + tag;
            self.sums[at] += f64::from(self.step - self.stamps[at]) * f64::from(self.weights[at]);
            self.stamps[at] = self.step;
            self.weights[at] += delta;
        }
    }

    fn score(&self, rows: &[usize], scores: &mut [f32; TAGS]) {
        for &row in rows {
            for (tag, score) in scores.iter_mut().enumerate() {
                *score += self.weights[row * TAGS + tag];
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

/// The gold labels as the decoder can reach them: a later word after "outside" or after
/// punctuation starts a name, and a word the decoder does not score after "outside" is outside.
fn reachable(features: &Features, gold: &[usize]) -> Vec<usize> {
    let mut tags = Vec::with_capacity(gold.len());
    let mut previous = OUTSIDE;
    for (i, &tag) in gold.iter().enumerate() {
        let tag = if !features.scored(i, previous) {
            OUTSIDE
        } else if tag == INSIDE && (previous == OUTSIDE || !features.continues_name(i)) {
            BEGIN
        } else {
            tag
        };
        tags.push(tag);
        previous = tag;
    }
    tags
}

/// Trains a model on `articles`: [`Training::runs`] structured perceptrons, each paragraph
/// decoded whole with the running weights and corrected where its labels differ from the gold
/// ones, their averaged weights averaged again.
pub fn train(articles: &[LabelledArticle], training: Training) -> Model {
    let read: Vec<Article> = articles
        .iter()
        .map(|labelled| {
            let paragraphs: Vec<&str> = labelled.paragraphs.iter().map(String::as_str).collect();
            Article::read(&paragraphs)
        })
        .collect();
    let runs = training.runs.max(1);
    let mut weights = vec![0.0f32; (1usize << training.bits) * TAGS];
    for run in 0..runs {
        // Seeds two apart: `seed | 1` makes 2k and 2k + 1 one order.
        let seed = training.seed.wrapping_add(2 * run as u64);
        for (sum, weight) in weights
            .iter_mut()
            .zip(train_one(articles, &read, training, seed))
        {
            *sum += weight / runs as f32;
        }
    }
    Model::from_weights(training.bits, weights)
}

/// One averaged perceptron, reading the articles in the order that `seed` shuffles.
fn train_one(
    articles: &[LabelledArticle],
    read: &[Article],
    training: Training,
    seed: u64,
) -> Vec<f32> {
    let size = (1usize << training.bits) * TAGS;
    let mut perceptron = Perceptron {
        weights: vec![0.0; size],
        sums: vec![0.0; size],
        stamps: vec![0; size],
        step: 0,
    };
    let bits = training.bits;
    let row = |feature: u64| row_in(bits, feature);
    let mut order: Vec<usize> = (0..articles.len()).collect();
    let mut state = seed | 1;
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
            let article = &read[number];
            for ((words, facts), names) in article
                .words
                .iter()
                .zip(&article.facts)
                .zip(&articles[number].names)
            {
                let features = Features::new(words, facts);
                let gold = reachable(&features, &gold_tags(words, names));
                let guess = decode(
                    &features,
                    row,
                    |rows, scores| perceptron.score(rows, scores),
                    0.0,
                );
                perceptron.step += 1;
                for i in 0..gold.len() {
                    let previous = |tags: &[usize]| i.checked_sub(1).map_or(OUTSIDE, |p| tags[p]);
                    let (truth, truth_before) = (gold[i], previous(&gold));
                    let (guessed, guessed_before) = (guess[i], previous(&guess));
                    if truth == guessed && truth_before == guessed_before {
                        continue;
                    }
                    for (tag, before, delta) in
                        [(truth, truth_before, 1.0), (guessed, guessed_before, -1.0)]
                    {
                        if !features.scored(i, before) {
                            continue;
                        }
                        rows.clear();
                        features.of(i, before, |feature| rows.push(row(feature)));
                        perceptron.add(&rows, tag, delta);
                    }
                }
            }
        }
    }
    perceptron.averaged()
}
