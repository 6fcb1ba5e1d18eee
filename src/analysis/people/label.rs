//! The labeller: reads an article (words, list facts, the rules' names), labels each word as
//! outside, first or later word of a name (the best sequence under the model, by Viterbi), and
//! turns the labels into names. It does not link a name to the article's other mentions (`link.rs` does).

use super::features::{Features, WordFacts, BEGIN, INSIDE, OUTSIDE, TAGS};
use super::lex::{Lex, AMBIGUOUS_GIVEN, GIVEN, SURNAME};
use super::lexicon::{is_listed_place, is_regnal};
use super::model::Model;
use super::rules::{names_in, Name};
use super::things::names_a_thing;
use super::words::{words, Starts, Word};
use rustc_hash::FxHashSet as HashSet;

/// Articles and determiners in lower case: a word after one is rarely a person's name.
const DETERMINERS: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem", "einen",
    "the",
];

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
        let mut words: Vec<Vec<Word<'a>>> = paragraphs.iter().map(|text| words(text)).collect();
        words.iter_mut().flatten().for_each(Word::look_up);
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
        let mut determined: HashSet<&str> = HashSet::default();
        for words in &words {
            for pair in words.windows(2) {
                if pair[1].capitalised()
                    && pair[0].gap.chars().all(char::is_whitespace)
                    && DETERMINERS.contains(&pair[0].text)
                {
                    determined.insert(pair[1].text);
                }
            }
        }
        // A word is looked up only if it starts like a word of the sets (the genitive `s`
        // keeps its start).
        let starts = Starts::of(name_words.iter().chain(&determined).copied());
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
                    if fact.capitalised && starts.may_start(word.text) {
                        fact.article_surname = known(&surnames, word.text);
                        fact.article_name_word = known(&name_words, word.text);
                        fact.article_determined = determined.contains(word.text);
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
                let features = Features::new(words, facts);
                let mut tags = label(model, &features);
                // A word alone that no rule reads as a name must be a clear one: one false
                // name alone is linked to each of its mentions in the article.
                for i in 0..tags.len() {
                    let alone = tags.get(i + 1).is_none_or(|&next| next != INSIDE);
                    if tags[i] == BEGIN
                        && alone
                        && facts[i].rule == 0
                        && !facts[i].article_surname
                        && local_margin(model, &features, i) < SINGLE_NAME_MARGIN
                    {
                        tags[i] = OUTSIDE;
                    }
                }
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
                // A name the rules' end swallowed goes (`Merkels` after `Angela` in `Angela
                // Merkels`).
                names.dedup_by(|later, earlier| later.0.start < earlier.0.end);
                let overlaps = |a: &Name, b: &Name| a.0.start < b.0.end && b.0.start < a.0.end;
                let missing: Vec<Name> = lists
                    .iter()
                    .chain(rules.iter().filter(|rule| clear_full_name(&rule.1)))
                    .filter(|list| !names.iter().any(|name| overlaps(name, list)))
                    .cloned()
                    .collect();
                if !missing.is_empty() {
                    names.extend(missing);
                    names.sort_by_key(|(span, _)| span.start);
                    names.dedup_by(|later, earlier| later.0.start < earlier.0.end);
                }
                names
            })
            .collect()
    }
}

/// A name the rules read that the labeller may not leave out: a given name that is nothing
/// else before a listed surname (`Angela Merkels`). (The thread's memory of list facts answers
/// as `is_given_name`, `is_ambiguous_given_name` and `is_listed_surname` would.)
fn clear_full_name(name: &[String]) -> bool {
    let surname = |word: &str| Lex::cached(word).flags & SURNAME != 0;
    match name {
        [first, .., last] => {
            let first = Lex::cached(first).flags;
            first & GIVEN != 0
                && first & AMBIGUOUS_GIVEN == 0
                && (surname(last) || last.strip_suffix('s').is_some_and(surname))
        }
        _ => false,
    }
}

/// The labels of a paragraph's words: the best sequence under the model.
pub fn label(model: &Model, features: &Features) -> Vec<usize> {
    let outside_bias = model.outside_bias();
    decode(
        features,
        |feature| model.row(feature),
        |rows, scores| model.score(rows, scores),
        outside_bias,
    )
}

/// The best label sequence (Viterbi over the three labels) for weights seen through `row` and
/// `score`; training decodes with its running weights the same way. A word that cannot be part
/// of a name, or that is not scored after "outside", is outside one.
pub fn decode(
    features: &Features,
    row: impl Fn(u64) -> usize,
    score: impl Fn(&[usize], &mut [f32; TAGS]),
    outside_bias: f32,
) -> Vec<usize> {
    let n = features.words.len();
    let mut best = vec![[f32::NEG_INFINITY; TAGS]; n];
    let mut back = vec![[OUTSIDE; TAGS]; n];
    let mut rows = Vec::with_capacity(64);
    for i in 0..n {
        let continues = features.continues_name(i);
        let before = match i {
            0 => [0.0, f32::NEG_INFINITY, f32::NEG_INFINITY],
            _ => best[i - 1],
        };
        let mut context: Option<[f32; TAGS]> = None;
        for previous in [OUTSIDE, BEGIN, INSIDE] {
            let so_far = before[previous];
            if so_far == f32::NEG_INFINITY {
                continue;
            }
            let mut scores = [0f32; TAGS];
            let scored = features.scored(i, previous);
            if scored {
                let context = *context.get_or_insert_with(|| {
                    rows.clear();
                    features.context_of(i, |feature| rows.push(row(feature)));
                    let mut scores = [0f32; TAGS];
                    score(&rows, &mut scores);
                    scores[OUTSIDE] += outside_bias;
                    scores
                });
                rows.clear();
                features.transition_of(i, previous, |feature| rows.push(row(feature)));
                scores = context;
                score(&rows, &mut scores);
            }
            for tag in [OUTSIDE, BEGIN, INSIDE] {
                if tag != OUTSIDE && !scored || tag == INSIDE && (previous == OUTSIDE || !continues)
                {
                    continue;
                }
                let total = so_far + scores[tag];
                if total > best[i][tag] {
                    best[i][tag] = total;
                    back[i][tag] = previous;
                }
            }
        }
    }
    let mut tags = vec![OUTSIDE; n];
    let Some(last) = best.last() else {
        return tags;
    };
    let mut tag =
        [OUTSIDE, BEGIN, INSIDE]
            .into_iter()
            .fold(OUTSIDE, |b, t| if last[t] > last[b] { t } else { b });
    for i in (0..n).rev() {
        tags[i] = tag;
        tag = back[i][tag];
    }
    tags
}

/// How much more the model scores word `i` as the start of a name than as outside one, after
/// a word outside a name.
fn local_margin(model: &Model, features: &Features, i: usize) -> f32 {
    let mut rows = Vec::with_capacity(64);
    features.of(i, OUTSIDE, |feature| rows.push(model.row(feature)));
    let mut scores = [0f32; TAGS];
    model.score(&rows, &mut scores);
    scores[BEGIN] - scores[OUTSIDE] - model.outside_bias()
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
        // A name ends in a capitalised word or an initial, never in a particle or a function
        // word written with a capital (`Mærsk Line Am 11. Mai`).
        while end > start && (!words[end - 1].capitalised() || words[end - 1].function_word()) {
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
            || !(word.brand() || word.abbreviation_or_number())
    });
    // After a word that is no given name, a common noun ends the name (`Anwalt Guid Held`), as
    // a place does (`Carl Zeiss Jena`).
    let first_given = name.first().is_some_and(Word::given);
    let later_ok = name.iter().skip(1).all(|word| {
        !(word.capitalised() && word.not_person())
            && (first_given || !word.noun_of_zipf(LATER_NOUN_ZIPF))
    });
    let single_ok = match name {
        [word] => !word.not_person() && !word.noun_of_zipf(SINGLE_NOUN_ZIPF),
        _ => true,
    };
    words_ok && later_ok && single_ok
}

/// How much more a word alone that no rule reads as a name must score as a name's start than
/// as outside one (in the perceptron's units: updates; chosen by cross-validation on both
/// training sets, trading 0.7 points of GermEval recall for 0.7 of precision).
const SINGLE_NAME_MARGIN: f32 = 5.0;

/// After a word that is no known given name, a noun this frequent is no surname.
const LATER_NOUN_ZIPF: f32 = 2.5;

/// A word alone at least this frequent as a noun is read as the noun (`Mutter`, `Fans`).
const SINGLE_NOUN_ZIPF: f32 = 4.0;
