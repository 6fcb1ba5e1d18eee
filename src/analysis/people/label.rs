//! The labeller: reads an article (words, list facts, the rules' names), labels each word as
//! outside, first or later word of a name, left to right with the model, and turns the labels
//! into names. It does not link a name to the article's other mentions (`link.rs` does).

use super::features::{Features, WordFacts, BEGIN, INSIDE, OUTSIDE, TAGS};
use super::lexicon::{
    is_abbreviation_or_number, is_brand, is_given_name, is_listed_place, is_regnal, not_a_person,
};
use super::model::Model;
use super::rules::{names_in, Name};
use super::things::names_a_thing;
use super::words::{words, Word};
use crate::analysis::{fold_german, word_info};
use rustc_hash::FxHashSet as HashSet;

/// An article as the labeller reads it, paragraph by paragraph.
pub struct Article<'a> {
    pub words: Vec<Vec<Word<'a>>>,
    pub facts: Vec<Vec<WordFacts>>,
    /// The names the rules find.
    pub rule_names: Vec<Vec<Name>>,
    /// The rules' names of line-ups and lists, kept beside the labeller's.
    pub list_names: Vec<Vec<Name>>,
}

impl<'a> Article<'a> {
    pub fn read(paragraphs: &[&'a str]) -> Article<'a> {
        let words: Vec<Vec<Word<'a>>> = paragraphs.iter().map(|text| words(text)).collect();
        let mut list_names = Vec::new();
        let rule_names: Vec<Vec<Name>> = words
            .iter()
            .map(|words| {
                let mut lists = Vec::new();
                let names = names_in(words, &mut lists);
                list_names.push(lists);
                names
            })
            .collect();
        let mut surnames: HashSet<&str> = HashSet::default();
        let mut name_words: HashSet<&str> = HashSet::default();
        for (_, name) in rule_names.iter().flatten() {
            if let Some(last) = name.last() {
                surnames.insert(last);
            }
            name_words.extend(name.iter().map(String::as_str));
        }
        let known = |set: &HashSet<&str>, text: &str| {
            set.contains(text)
                || text
                    .strip_suffix('s')
                    .is_some_and(|bare| set.contains(bare))
        };
        let facts = words
            .iter()
            .zip(&rule_names)
            .map(|(words, names)| {
                let mut facts: Vec<WordFacts> = words.iter().map(WordFacts::of).collect();
                for (span, _) in names {
                    let mut first = true;
                    for (word, fact) in words.iter().zip(facts.iter_mut()) {
                        if span.start <= word.span.start && word.span.end <= span.end {
                            fact.rule = if first { BEGIN } else { INSIDE } as u8;
                            first = false;
                        }
                    }
                }
                for (word, fact) in words.iter().zip(facts.iter_mut()) {
                    if fact.capitalised {
                        fact.article_surname = known(&surnames, word.text);
                        fact.article_name_word = known(&name_words, word.text);
                    }
                }
                facts
            })
            .collect();
        Article {
            words,
            facts,
            rule_names,
            list_names,
        }
    }

    /// The names of every paragraph: the model's, or the rules' for a model without weights.
    pub fn names(&self, model: &Model) -> Vec<Vec<Name>> {
        if !model.has_weights() {
            return self.rule_names.clone();
        }
        self.words
            .iter()
            .zip(&self.facts)
            .zip(&self.list_names)
            .zip(&self.rule_names)
            .map(|(((words, facts), lists), rules)| {
                let tags = label(model, &Features { words, facts });
                let mut names = names_of(words, &tags);
                // The labeller decides that a name starts; where the rules read a name from
                // the same word, their end is taken (`Ursula von der Leyen`, `Felipe VI.`).
                for name in &mut names {
                    if let Some(rule) = rules
                        .iter()
                        .find(|rule| rule.0.start == name.0.start && rule.0.end > name.0.end)
                    {
                        *name = rule.clone();
                    }
                }
                let overlaps = |a: &Name, b: &Name| a.0.start < b.0.end && b.0.start < a.0.end;
                let missing: Vec<Name> = lists
                    .iter()
                    .filter(|list| !names.iter().any(|name| overlaps(name, list)))
                    .cloned()
                    .collect();
                if !missing.is_empty() {
                    names.extend(missing);
                    names.sort_by_key(|(span, _)| span.start);
                }
                names
            })
            .collect()
    }
}

/// The labels of a paragraph's words, left to right.
pub fn label(model: &Model, features: &Features) -> Vec<usize> {
    let mut tags = Vec::with_capacity(features.words.len());
    let mut rows = Vec::with_capacity(64);
    let mut previous = OUTSIDE;
    for i in 0..features.words.len() {
        let tag = if features.scored(i, previous) {
            rows.clear();
            features.of(i, previous, |feature| rows.push(model.row(feature)));
            let mut scores = [0f32; TAGS];
            model.score(&rows, &mut scores);
            scores[OUTSIDE] += model.outside_bias();
            best_tag(&scores, previous)
        } else {
            OUTSIDE
        };
        tags.push(tag);
        previous = tag;
    }
    tags
}

/// The best label allowed after `previous`: a later word of a name only follows a name's word.
pub fn best_tag(scores: &[f32; TAGS], previous: usize) -> usize {
    let mut best = OUTSIDE;
    for tag in [BEGIN, INSIDE] {
        if tag == INSIDE && previous == OUTSIDE {
            continue;
        }
        if scores[tag] > scores[best] {
            best = tag;
        }
    }
    best
}

/// The names that a paragraph's labels mark, without things named like people.
pub fn names_of(words: &[Word], tags: &[usize]) -> Vec<Name> {
    let mut names = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if tags[i] != BEGIN {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        while end < words.len() && tags[end] == INSIDE {
            end += 1;
        }
        i = end;
        // A name ends in a capitalised word or an initial, never in a particle.
        while end > start && !words[end - 1].capitalised() {
            end -= 1;
        }
        if end == start || names_a_thing(words, start, end) || !plausible(&words[start..end]) {
            continue;
        }
        let last = &words[end - 1];
        let dot = last.dotted && (last.is_initial() || (end - start > 1 && is_regnal(last.text)));
        let mut name: Vec<String> = words[start..end]
            .iter()
            .map(|word| {
                if word.is_initial() {
                    format!("{}.", word.text)
                } else {
                    word.text.to_string()
                }
            })
            .collect();
        if dot && !last.is_initial() {
            if let Some(last) = name.last_mut() {
                last.push('.');
            }
        }
        if is_listed_place(&name.join(" ")) {
            continue;
        }
        // An initial's genitive `s` after its full stop (`M.s Freund`).
        let genitive = dot
            && last.is_initial()
            && words
                .get(end)
                .is_some_and(|next| next.text == "s" && next.span.start == last.span.end + 1);
        names.push((
            words[start].span.start..last.span.end + usize::from(dot) + usize::from(genitive),
            name,
        ));
    }
    names
}

/// What the labeller's names must be, whatever their context: no brands (`AlphaGo`), no
/// abbreviations or numbers beside initials and regnal numbers, and a name of one word no place,
/// organisation or frequent noun.
fn plausible(name: &[Word]) -> bool {
    let words_ok = name.iter().enumerate().all(|(k, word)| {
        !word.capitalised()
            || word.is_initial()
            || (k > 0 && is_regnal(word.text))
            || !(is_brand(word.text) || is_abbreviation_or_number(word.text))
    });
    // After a word that is no given name, a common noun ends the name (`Anwalt Guid Held`), as
    // a place does (`Carl Zeiss Jena`).
    let first_given = name.first().is_some_and(|first| is_given_name(first.text));
    let later_ok = name.iter().skip(1).all(|word| {
        !(word.capitalised() && not_a_person(word.text))
            && (first_given
                || !word_info(&fold_german(word.text))
                    .is_some_and(|info| info.noun && info.zipf >= LATER_NOUN_ZIPF))
    });
    let single_ok = match name {
        [word] => {
            !not_a_person(word.text)
                && !word_info(&fold_german(word.text))
                    .is_some_and(|info| info.noun && info.zipf >= SINGLE_NOUN_ZIPF)
        }
        _ => true,
    };
    words_ok && later_ok && single_ok
}

/// After a word that is no known given name, a noun this frequent is no surname.
const LATER_NOUN_ZIPF: f32 = 2.5;

/// A word alone at least this frequent as a noun is read as the noun (`Mutter`, `Fans`).
const SINGLE_NOUN_ZIPF: f32 = 4.0;
