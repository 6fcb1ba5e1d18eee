//! What the word lists and the lexicon say of one capitalised word, looked up once per word and
//! thread: a news archive names the same people, places and nouns again and again, and the
//! rules, the labeller and linking ask a dozen questions of each word (and of the words of the
//! names they find, with a genitive `s` taken off). The answers are those of
//! `lexicon.rs`; a word that was not looked up (`Lex::default()`) is asked there directly.

use super::lexicon::{
    is_abbreviation_or_number, is_ambiguous_given_name, is_brand, is_city, is_english_proper,
    is_english_word, is_given_name, is_institution_after, is_institution_before, is_listed_surname,
    is_role, is_street, is_title, not_a_person, surname_like, Evidence, SurnameFacts,
};
use super::rules::genitive_likely;
use super::words::Word;
use crate::analysis::cache::WordCache;
use crate::analysis::{fold_german, is_stop_word, recent_split, word_info, WordInfo};
use std::cell::RefCell;

// The list facts the labeller hashes; their bit positions are part of the model's features.
pub const GIVEN: u16 = 1;
pub const AMBIGUOUS_GIVEN: u16 = 1 << 1;
pub const NOT_PERSON: u16 = 1 << 2;
pub const ROLE: u16 = 1 << 3;
pub const TITLE: u16 = 1 << 4;
pub const STOP: u16 = 1 << 5;
pub const ABBREVIATION: u16 = 1 << 6;
pub const INITIAL: u16 = 1 << 7;
pub const STREET: u16 = 1 << 8;
pub const BEFORE_INSTITUTION: u16 = 1 << 9;
pub const AFTER_INSTITUTION: u16 = 1 << 10;
pub const PARTICLE: u16 = 1 << 11;
pub const GENITIVE: u16 = 1 << 12;
pub const SURNAME: u16 = 1 << 13;
pub const CITY: u16 = 1 << 14;
pub const ENGLISH_PROPER: u16 = 1 << 15;
pub const FLAG_COUNT: u32 = 16;
// The flags are a `u16`, whose bits the labeller's features number.
const _: () = assert!(FLAG_COUNT == u16::BITS);

// Facts only the rules read.
const KNOWN: u8 = 1;
const BRAND: u8 = 1 << 1;
const SURNAME_STRONG: u8 = 1 << 2;
const SURNAME_WEAK: u8 = 1 << 3;
const COMPOUND: u8 = 1 << 4;
const ENGLISH_WORD: u8 = 1 << 5;

/// What the lists and the lexicon say of a capitalised word.
#[derive(Debug, Clone, Copy, Default)]
pub struct Lex {
    /// The list facts the labeller hashes (`GIVEN` … `ENGLISH_PROPER`, never `INITIAL` or `PARTICLE`).
    pub flags: u16,
    more: u8,
    /// Frequency class of the word as a common noun: 0 none, 1–4 rising.
    pub noun: u8,
    /// Frequency class of the word as any word: 0 unknown, 1–5 rising.
    pub frequency: u8,
    /// The lexicon's entry of the folded word.
    info: Option<WordInfo>,
}

impl Lex {
    /// Asks the lists and the lexicon about `text`.
    pub fn of(text: &str) -> Lex {
        let mut flags = 0;
        let mut set = |flag: u16, on: bool| {
            if on {
                flags |= flag;
            }
        };
        let folded = fold_german(text);
        set(STOP, is_stop_word(&folded));
        let given = is_given_name(text);
        set(GIVEN, given);
        set(AMBIGUOUS_GIVEN, given && is_ambiguous_given_name(text));
        let (role, not_person, street) = (is_role(text), not_a_person(text), is_street(text));
        set(NOT_PERSON, not_person);
        set(ROLE, role);
        set(TITLE, is_title(text));
        set(ABBREVIATION, is_abbreviation_or_number(text));
        set(STREET, street);
        set(BEFORE_INSTITUTION, is_institution_before(text));
        set(AFTER_INSTITUTION, is_institution_after(text));
        set(GENITIVE, genitive_likely(text));
        set(SURNAME, is_listed_surname(text));
        set(CITY, is_city(text));
        set(ENGLISH_PROPER, is_english_proper(text));
        let info = word_info(&folded);
        let noun = match info {
            Some(info) if info.noun => match info.zipf {
                z if z < 2.5 => 1,
                z if z < 3.5 => 2,
                z if z < 4.6 => 3,
                _ => 4,
            },
            _ => 0,
        };
        let frequency = info.map_or(0, |info| (info.zipf.clamp(0.0, 7.0) as u8 / 2) + 1);
        let mut more = KNOWN;
        let mut set = |flag: u8, on: bool| {
            if on {
                more |= flag;
            }
        };
        set(BRAND, is_brand(text));
        // The lists and the lexicon asked above answer the surname questions as well.
        let surname = SurnameFacts::with(text, &folded, info, |_| (role, not_person, street));
        set(SURNAME_STRONG, surname.allow(Evidence::Strong));
        set(SURNAME_WEAK, surname.allow(Evidence::Weak));
        // The splitter is the dearest question here: not asked of short words, rarely
        // compounds, nor of frequent nouns, which the labeller does not score.
        set(
            COMPOUND,
            noun < 3 && folded.len() >= 8 && recent_split(&folded).is_some(),
        );
        // An English common noun or function word in capitals is a title's or a brand's more
        // often than a person's, unless the name lists know it (`Brown`, `King`).
        set(
            ENGLISH_WORD,
            !given && flags & SURNAME == 0 && is_english_word(&text.to_lowercase()),
        );
        Lex {
            flags,
            more,
            noun,
            frequency,
            info,
        }
    }

    /// [`Lex::of`] through the thread's table of words met before.
    pub fn cached(text: &str) -> Lex {
        LEXICAL_FACTS.with(|cache| *cache.borrow_mut().get_or_make(text, Lex::of))
    }

    pub fn is_known(&self) -> bool {
        self.more & KNOWN != 0
    }

    /// Whether the word is a lower-case word of the English dictionary and in no name list.
    pub fn is_english_word(&self) -> bool {
        self.more & ENGLISH_WORD != 0
    }

    /// Whether the compound splitter cuts the word into known words (`Heilpraktiker`), as
    /// common nouns are cut and few names.
    pub fn is_compound(&self) -> bool {
        self.more & COMPOUND != 0
    }
}

/// Distinct words whose facts a thread keeps (capitalised words and the words of names); the
/// table is emptied when full.
const CACHED_WORDS: usize = 50_000;

thread_local! {
    static LEXICAL_FACTS: RefCell<WordCache<Lex>> = RefCell::new(WordCache::new(CACHED_WORDS));
}

/// The questions of `lexicon.rs` asked of a word, answered from its [`Lex`] when it has one.
impl Word<'_> {
    /// Looks the word up when it is capitalised; the others are rarely asked about.
    pub fn look_up(&mut self) {
        if self.capitalised() {
            self.lex = Lex::cached(self.text);
        }
    }

    fn answer(&self, flag: u16, ask: impl FnOnce(&str) -> bool) -> bool {
        if self.lex.is_known() {
            self.lex.flags & flag != 0
        } else {
            ask(self.text)
        }
    }

    fn answer_more(&self, flag: u8, ask: impl FnOnce(&str) -> bool) -> bool {
        if self.lex.is_known() {
            self.lex.more & flag != 0
        } else {
            ask(self.text)
        }
    }

    /// [`is_given_name`].
    pub fn given(&self) -> bool {
        self.answer(GIVEN, is_given_name)
    }

    /// [`is_given_name`] and [`is_ambiguous_given_name`].
    pub fn ambiguous_given(&self) -> bool {
        self.answer(AMBIGUOUS_GIVEN, |text| {
            is_given_name(text) && is_ambiguous_given_name(text)
        })
    }

    /// [`not_a_person`].
    pub fn not_person(&self) -> bool {
        self.answer(NOT_PERSON, not_a_person)
    }

    /// [`is_role`].
    pub fn role(&self) -> bool {
        self.answer(ROLE, is_role)
    }

    /// [`is_listed_surname`].
    pub fn listed_surname(&self) -> bool {
        self.answer(SURNAME, is_listed_surname)
    }

    /// A function word written with a capital that no surname list holds: it starts the next
    /// phrase, never ends a name (`Young Men Ein Bericht`, `Mærsk Line Am 11. Mai`).
    pub fn function_word(&self) -> bool {
        self.stop_word() && !self.listed_surname()
    }

    /// [`is_city`].
    pub fn city(&self) -> bool {
        self.answer(CITY, is_city)
    }

    /// [`is_street`].
    pub fn street(&self) -> bool {
        self.answer(STREET, is_street)
    }

    /// [`is_institution_before`].
    pub fn institution_before(&self) -> bool {
        self.answer(BEFORE_INSTITUTION, is_institution_before)
    }

    /// [`is_institution_after`].
    pub fn institution_after(&self) -> bool {
        self.answer(AFTER_INSTITUTION, is_institution_after)
    }

    /// A function word once folded.
    pub fn stop_word(&self) -> bool {
        self.answer(STOP, |text| is_stop_word(&fold_german(text)))
    }

    /// [`is_abbreviation_or_number`].
    pub fn abbreviation_or_number(&self) -> bool {
        self.answer(ABBREVIATION, is_abbreviation_or_number)
    }

    /// [`is_brand`].
    pub fn brand(&self) -> bool {
        self.answer_more(BRAND, is_brand)
    }

    /// [`surname_like`].
    pub fn surname_like(&self, evidence: Evidence) -> bool {
        let flag = match evidence {
            Evidence::Strong => SURNAME_STRONG,
            Evidence::Weak => SURNAME_WEAK,
        };
        self.answer_more(flag, |text| surname_like(text, evidence))
    }

    /// A common noun at least this frequent (Zipf), once folded.
    pub fn noun_of_zipf(&self, zipf: f32) -> bool {
        let info = if self.lex.is_known() {
            self.lex.info
        } else {
            word_info(&fold_german(self.text))
        };
        info.is_some_and(|info| info.noun && info.zipf >= zipf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memo_answers_as_the_lists_do() {
        let long = "Donaudampfschifffahrtsgesellschaftskapitän";
        for round in 0..2 {
            for word in ["Merkel", "Angela", "Wien", long, "", "Außenminister", "X"] {
                let (cached, asked) = (Lex::cached(word), Lex::of(word));
                assert_eq!(
                    (cached.flags, cached.more, cached.noun, cached.frequency),
                    (asked.flags, asked.more, asked.noun, asked.frequency),
                    "{word} in round {round}"
                );
            }
        }
    }

    /// The surname answers that `Lex::of` derives from the facts it asks once agree with
    /// `surname_like`, which asks them itself, for both kinds of evidence.
    #[test]
    fn surname_answers_as_surname_like_gives_them() {
        // (word, after a clear given name, after a role or further into a name)
        let table = [
            ("Merkel", true, true),
            ("Allen", true, false),
            ("Sie", false, false),
            ("Ihnen", false, false),
            ("Nach", true, false),
            ("Regierung", false, false),
            ("Außenminister", false, false),
            ("Nato-Gipfel", false, false),
            ("Mariahilfer", true, true),
            ("Museumsplatz", false, false),
            ("iPhone", false, false),
            ("USA", false, false),
            ("A", false, false),
            ("merkel", false, false),
        ];
        for (word, strong, weak) in table {
            let lex = Lex::of(word);
            let answers = (lex.more & SURNAME_STRONG != 0, lex.more & SURNAME_WEAK != 0);
            assert_eq!(
                answers,
                (
                    surname_like(word, Evidence::Strong),
                    surname_like(word, Evidence::Weak)
                ),
                "{word}"
            );
            assert_eq!(answers, (strong, weak), "{word}");
        }
    }
}
