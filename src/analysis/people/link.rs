//! Linking inside one article: each name is tied to the article's fullest form of it (its
//! canonical name), and a surname, given name or initial alone is found as a mention of the
//! person the article names in full. It does not link across articles; the callers do.

use super::lex::{Lex, GIVEN};
use super::rules::Name;
use super::words::{Starts, Word};
use super::Mention;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

/// The mentions of every paragraph, from the names found in each.
pub fn link(paragraph_words: &[Vec<Word>], found: &[Vec<Name>]) -> Vec<Vec<Mention>> {
    // A name is as written; it ends in a genitive (`Angela Merkels`) when the article also
    // names the bare surname. A surname whose `s` is its own stays whole (`Alan Holmes`).
    let surnames: HashSet<&str> = found
        .iter()
        .flatten()
        .filter_map(|(_, name)| name.last().map(String::as_str))
        .collect();
    let found: Vec<Vec<Name>> = found
        .iter()
        .map(|names| {
            names
                .iter()
                .map(|(span, name)| {
                    let mut name = name.clone();
                    if let Some(last) = name.last_mut() {
                        if let Some(bare) = ["s", "'", "’"]
                            .iter()
                            .find_map(|end| last.strip_suffix(end))
                            .filter(|bare| surnames.contains(bare))
                        {
                            *last = bare.to_string();
                        }
                    }
                    (span.clone(), name)
                })
                .collect()
        })
        .collect();
    // The fullest form of each surname in the article.
    let mut by_surname: HashMap<String, String> = HashMap::default();
    for (_, name) in found.iter().flatten() {
        let full = name.join(" ");
        let Some(surname) = name.last() else { continue };
        let entry = by_surname
            .entry(surname.clone())
            .or_insert_with(|| full.clone());
        if full.len() > entry.len() {
            *entry = full;
        }
    }
    // The person of each given name that starts exactly one full name (`Abe` for `Abe Lucas`).
    let mut by_given: HashMap<String, Option<String>> = HashMap::default();
    for (_, name) in found.iter().flatten() {
        if let [given, _, ..] = name.as_slice() {
            // As `is_given_name` answers, from the thread's memory of list facts.
            if Lex::cached(given).flags & GIVEN != 0 {
                let person = canonical(name, &by_surname);
                by_given
                    .entry(given.clone())
                    .and_modify(|known| {
                        if known.as_ref() != Some(&person) {
                            *known = None;
                        }
                    })
                    .or_insert(Some(person));
            }
        }
    }
    let by_given: HashMap<String, String> = by_given
        .into_iter()
        .filter_map(|(given, person)| Some((given, person?)))
        .collect();
    // Pass 2: every mention, with surnames alone linked to the fullest form.
    let starts = Starts::of(by_surname.keys().chain(by_given.keys()).map(String::as_str));
    let mut result = Vec::new();
    for (words, names) in paragraph_words.iter().zip(&found) {
        let mut mentions: Vec<Mention> = names
            .iter()
            .map(|(span, name)| {
                // A word alone: a surname or a given name of a fuller name (`Abe` for `Abe Lucas`).
                let fuller = match name.as_slice() {
                    [word] => by_surname
                        .get(word)
                        .filter(|full| full.contains(' '))
                        .or_else(|| by_given.get(strip_genitive(word, &by_given))),
                    _ => None,
                };
                Mention {
                    span: span.clone(),
                    person: fuller
                        .cloned()
                        .unwrap_or_else(|| canonical(name, &by_surname)),
                }
            })
            .collect();
        let covered: Vec<Range<usize>> = mentions.iter().map(|m| m.span.clone()).collect();
        // An article without names has no person to find a word of.
        let words = if by_surname.is_empty() && by_given.is_empty() {
            &words[..0]
        } else {
            &words[..]
        };
        for (k, word) in words.iter().enumerate() {
            // Only a capitalised word is taken (below); the rest need no look-up, nor does a
            // word that starts unlike every known name (all look-ups below keep its start).
            if !word.capitalised()
                || !starts.may_start(word.text)
                || covered
                    .iter()
                    .any(|span| span.start <= word.span.start && word.span.end <= span.end)
            {
                continue;
            }
            // An initial standing for a surname (`M.` for `Husam M.`), with its full stop.
            let initial = word
                .is_initial()
                .then(|| by_surname.get(&format!("{}.", word.text)))
                .flatten();
            let person = initial.or_else(|| {
                // A fuller name first, then a name of one word.
                [&by_surname, &by_given]
                    .into_iter()
                    .find_map(|known| {
                        known
                            .get(strip_genitive(word.text, known))
                            .filter(|person| person.contains(' '))
                    })
                    .or_else(|| by_surname.get(strip_genitive(word.text, &by_surname)))
            });
            if let Some(person) = person {
                // An initial with its full stop, and a genitive `s` after it (`M.s`).
                let genitive = words
                    .get(k + 1)
                    .is_some_and(|next| next.text == "s" && next.span.start == word.span.end + 1);
                let suffix = if initial.is_some() {
                    1 + usize::from(genitive)
                } else {
                    0
                };
                mentions.push(Mention {
                    span: word.span.start..word.span.end + suffix,
                    person: person.clone(),
                });
            }
        }
        mentions.sort_by_key(|mention| mention.span.start);
        result.push(mentions);
    }
    result
}

/// `Lawrows` → `Lawrow` when the article knows `Lawrow`.
fn strip_genitive<'a>(word: &'a str, known: &HashMap<String, String>) -> &'a str {
    if known.contains_key(word) {
        return word;
    }
    word.strip_suffix('s')
        .or_else(|| word.strip_suffix('\''))
        .or_else(|| word.strip_suffix('’'))
        .filter(|bare| known.contains_key(*bare))
        .unwrap_or(word)
}

fn canonical(name: &[String], by_surname: &HashMap<String, String>) -> String {
    name.last()
        .and_then(|surname| by_surname.get(surname))
        .cloned()
        .unwrap_or_else(|| name.join(" "))
}
