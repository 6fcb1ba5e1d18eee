//! What the labeller sees of a word: its shape, affixes and list memberships, its neighbours',
//! the punctuation around it, the rules' reading and the article's names, hashed into the rows
//! of a fixed weight table. Training and detection share this code; it holds no weights.

use super::lex::{
    Lex, AMBIGUOUS_GIVEN, CITY, GIVEN, INITIAL, NOT_PERSON, PARTICLE, ROLE, STOP, SURNAME,
};
use super::lexicon::{is_regnal, PARTICLES};
use super::words::Word;
use crate::analysis::cache::WordCache;
use crate::analysis::is_stop_word;
use rustc_hash::FxHasher;
use std::cell::{OnceCell, RefCell};
use std::hash::Hasher;

/// The labels of a word: outside a name, first word of one, later word of one.
pub const OUTSIDE: usize = 0;
pub const BEGIN: usize = 1;
pub const INSIDE: usize = 2;
pub const TAGS: usize = 3;

/// What the lists and the rules say about one word, computed once per word.
#[derive(Debug, Clone, Copy, Default)]
pub struct WordFacts {
    pub capitalised: bool,
    flags: u16,
    /// Frequency class of the word as a common noun: 0 none, 1–4 rising.
    noun: u8,
    /// Frequency class of the word as any word: 0 unknown, 1–5 rising.
    frequency: u8,
    /// The rules' label of the word.
    pub rule: u8,
    /// The word is the last word of a name the rules found somewhere in the article.
    pub article_surname: bool,
    /// The word is a word of such a name.
    pub article_name_word: bool,
    /// Somewhere in the article the word follows an article (`die Rosetta`, `der Admira`), as
    /// names of things and places do and names of people rarely.
    pub article_determined: bool,
    /// A capitalised word that the compound splitter cuts into known words (`Heilpraktiker`,
    /// `Felsbänke`), as common nouns are cut and few names.
    pub compound: bool,
    /// A capitalised word of the English dictionary that no name list holds (`Shield`).
    pub english: bool,
}

impl WordFacts {
    pub fn of(word: &Word) -> WordFacts {
        let text = word.text;
        let capitalised = word.capitalised();
        let (mut flags, noun, frequency, compound, english) = if capitalised {
            let lex = if word.lex.is_known() {
                word.lex
            } else {
                Lex::cached(text)
            };
            (
                lex.flags,
                lex.noun,
                lex.frequency,
                lex.is_compound(),
                lex.is_english_word(),
            )
        } else {
            let stop = text.len() <= 8 && is_stop_word(text);
            (u16::from(stop) * STOP, 0, 0, false, false)
        };
        if text.len() <= LONGEST_PARTICLE && PARTICLES.contains(&text) {
            flags |= PARTICLE;
        }
        if word.is_initial() {
            flags |= INITIAL;
        }
        WordFacts {
            capitalised,
            compound,
            english,
            flags,
            noun,
            frequency,
            rule: 0,
            article_surname: false,
            article_name_word: false,
            article_determined: false,
        }
    }

    fn has(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }
}

/// The length in bytes of the longest particle: a longer word is none.
const LONGEST_PARTICLE: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < PARTICLES.len() {
        if PARTICLES[i].len() > longest {
            longest = PARTICLES[i].len();
        }
        i += 1;
    }
    longest
};

/// Punctuation between two words, in classes.
fn gap_class(gap: &str) -> u8 {
    // Most gaps are one space.
    if gap == " " {
        return 0;
    }
    let gap = gap.trim();
    if gap.is_empty() {
        return 0;
    }
    let first = gap.chars().next().unwrap_or(' ');
    match first {
        ',' => 1,
        '.' if gap.len() == 1 => 2,
        '.' | '!' | '?' => 3,
        ':' => 4,
        '(' => 5,
        ')' => 6,
        '„' | '"' | '“' | '”' | '»' | '«' | '‚' | '‘' | '\'' => 7,
        '-' | '–' | '—' => 8,
        ';' => 9,
        '/' => 10,
        _ => 11,
    }
}

/// The numbers of the bits set in `flags`, lowest first.
fn set_bits(mut flags: u16) -> impl Iterator<Item = u32> {
    std::iter::from_fn(move || {
        (flags != 0).then(|| {
            let bit = flags.trailing_zeros();
            flags &= flags - 1;
            bit
        })
    })
}

/// The shape of a word's text: `Xx` for `Merkel`, `Xx-Xx` for `Mikl-Leitner`, runs of one
/// class written once, at most 6 signs; a full stop after the word adds `.` ([`WordParts::of`]:
/// `X.` for an initial). (`char`'s class tests answer ASCII without Unicode tables.)
fn shape_hash(hasher: &mut impl Hasher, text: &str) {
    let mut last = ' ';
    let mut written = 0;
    for c in text.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if class != last && written < 6 {
            hasher.write_u32(class as u32);
            written += 1;
        }
        last = class;
    }
}

/// Hashes the lower-cased last `n` characters (or first, when `from_start`) of a word.
fn affix_hash(hasher: &mut impl Hasher, text: &str, n: usize, from_start: bool) {
    if text.is_ascii() {
        // One byte a character, lower-cased without Unicode tables.
        let bytes = text.as_bytes();
        let affix = if from_start {
            &bytes[..n.min(bytes.len())]
        } else {
            &bytes[bytes.len().saturating_sub(n)..]
        };
        affix
            .iter()
            .for_each(|b| hasher.write_u32(u32::from(b.to_ascii_lowercase())));
        hasher.write_usize(bytes.len().min(n));
        return;
    }
    affix_hash_chars(hasher, text, n, from_start);
}

/// [`affix_hash`] char by char, for any word.
fn affix_hash_chars(hasher: &mut impl Hasher, text: &str, n: usize, from_start: bool) {
    let count = text.chars().count();
    if from_start {
        text.chars()
            .take(n)
            .flat_map(char::to_lowercase)
            .for_each(|c| hasher.write_u32(c as u32));
    } else {
        text.chars()
            .skip(count.saturating_sub(n))
            .flat_map(char::to_lowercase)
            .for_each(|c| hasher.write_u32(c as u32));
    }
    hasher.write_usize(count.min(n));
}

/// Hashes `text.to_lowercase()` as bytes, without allocating for a short ASCII word.
fn write_lowercase(hasher: &mut impl Hasher, text: &str) {
    let mut buffer = [0u8; 32];
    match buffer.get_mut(..text.len()) {
        Some(lower) if text.is_ascii() => {
            lower.copy_from_slice(text.as_bytes());
            lower.make_ascii_lowercase();
            hasher.write(lower);
        }
        _ => hasher.write(text.to_lowercase().as_bytes()),
    }
}

/// FxHash's multiplier (rustc-hash 2): writing `x` turns its state `s` into `(s + x) · K`, and
/// `finish` rotates the state left by [`ROTATE`]. A test checks this against `FxHasher`.
const K: u64 = 0xf1357aea2e62a9c5;
const ROTATE: u32 = 26;

/// What a run of writes does to an `FxHasher`'s state, which is affine in it: `s ↦ s · mul +
/// add`. A word's shape, affixes and text are hashed into one once per distinct word and thread
/// (`PARTS`, until that table is emptied), and each feature that writes them applies it to the
/// state its template left.
#[derive(Debug, Clone, Copy)]
struct Part {
    mul: u64,
    add: u64,
}

impl Part {
    const NONE: Part = Part { mul: 1, add: 0 };

    fn of(write: impl FnOnce(&mut Part)) -> Part {
        let mut part = Part::NONE;
        write(&mut part);
        part
    }

    #[inline(always)]
    fn push(&mut self, x: u64) {
        self.mul = self.mul.wrapping_mul(K);
        self.add = self.add.wrapping_add(x).wrapping_mul(K);
    }
}

impl Hasher for Part {
    fn write(&mut self, bytes: &[u8]) {
        // `FxHasher` hashes the bytes apart from its state and writes that hash as one u64:
        // from state 0 it ends in `hash · K`.
        let mut alone = FxHasher::default();
        alone.write(bytes);
        self.mul = self.mul.wrapping_mul(K);
        self.add = self
            .add
            .wrapping_mul(K)
            .wrapping_add(alone.finish().rotate_right(ROTATE));
    }

    fn write_u8(&mut self, i: u8) {
        self.push(u64::from(i));
    }

    fn write_u16(&mut self, i: u16) {
        self.push(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.push(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.push(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.push(i as u64);
    }

    /// The hash of the writes from a new hasher.
    fn finish(&self) -> u64 {
        self.add.rotate_left(ROTATE)
    }
}

/// A feature's hash being written: the state of an `FxHasher`.
#[derive(Clone, Copy)]
struct State(u64);

impl State {
    /// A new hasher after the template's number.
    #[inline(always)]
    fn of(template: u8) -> State {
        State(u64::from(template).wrapping_mul(K))
    }

    /// Writes one integer (`write_u8` … `write_usize`).
    #[inline(always)]
    fn int(self, x: impl Into<u64>) -> State {
        State(self.0.wrapping_add(x.into()).wrapping_mul(K))
    }

    #[inline(always)]
    fn part(self, part: Part) -> State {
        State(self.0.wrapping_mul(part.mul).wrapping_add(part.add))
    }

    #[inline(always)]
    fn finish(self) -> u64 {
        self.0.rotate_left(ROTATE)
    }
}

/// The hashed parts of a word that several features of it and its neighbours write.
#[derive(Debug, Clone, Copy)]
struct WordParts {
    /// `write(text)`.
    text: Part,
    /// `write` of the lower-cased text.
    lower: Part,
    shape: Part,
    suffix3: Part,
    /// The whole features of the word's own affixes (templates 4, 5 and 6).
    affixes: [u64; 3],
}

/// Distinct words whose parts a thread keeps; the table is emptied when full.
const REMEMBERED_PARTS: usize = 50_000;

thread_local! {
    /// The parts of words met before, as written without a full stop after them.
    static PARTS: RefCell<WordCache<WordParts>> =
        RefCell::new(WordCache::new(REMEMBERED_PARTS));
}

impl WordParts {
    /// The parts of `word`: its text's, remembered by the thread, and the full stop after it.
    fn of(word: &Word) -> WordParts {
        let mut parts = PARTS.with(|cache| {
            *cache
                .borrow_mut()
                .get_or_make(word.text, WordParts::of_text)
        });
        if word.dotted {
            parts.shape.push(u64::from(b'.'));
        }
        parts
    }

    /// The parts of a word's text, without a full stop after it.
    fn of_text(text: &str) -> WordParts {
        let text_part = Part::of(|h| h.write(text.as_bytes()));
        // Most words are written in lower case already, and then hash the same.
        let bytes = text.as_bytes();
        let lower = if text.is_ascii() && !bytes.iter().any(u8::is_ascii_uppercase) {
            text_part
        } else {
            Part::of(|h| write_lowercase(h, text))
        };
        let affix = |template: u8, n: usize, from_start: bool| {
            let mut hasher = FxHasher::default();
            hasher.write_u8(template);
            affix_hash(&mut hasher, text, n, from_start);
            hasher.finish()
        };
        WordParts {
            text: text_part,
            lower,
            shape: Part::of(|h| shape_hash(h, text)),
            suffix3: Part::of(|h| affix_hash(h, text, 3, false)),
            affixes: [affix(4, 2, false), affix(5, 4, false), affix(6, 3, true)],
        }
    }
}

/// Collects the hashed features of word `i`, given the label of the word before it.
pub struct Features<'w, 'a> {
    pub words: &'w [Word<'a>],
    pub facts: &'w [WordFacts],
    /// The parts of each word, hashed when a feature first needs them: most words are
    /// neither scored nor next to a scored word.
    parts: Vec<OnceCell<WordParts>>,
}

impl<'w, 'a> Features<'w, 'a> {
    pub fn new(words: &'w [Word<'a>], facts: &'w [WordFacts]) -> Features<'w, 'a> {
        Features {
            words,
            facts,
            parts: vec![OnceCell::new(); words.len()],
        }
    }

    #[inline(always)]
    fn parts(&self, j: usize) -> WordParts {
        *self.parts[j].get_or_init(|| WordParts::of(&self.words[j]))
    }

    /// Calls `emit` with each feature's hash, given the label of the word before.
    pub fn of(&self, i: usize, previous_tag: usize, mut emit: impl FnMut(u64)) {
        self.context_of(i, &mut emit);
        self.transition_of(i, previous_tag, &mut emit);
    }

    /// The features that join word `i`'s facts with the label of the word before it; the
    /// decoder computes them once per label. (Each feature writes its template's number, then
    /// what its line writes, as `FxHasher` would.)
    pub fn transition_of(&self, i: usize, previous_tag: usize, mut emit: impl FnMut(u64)) {
        let words = self.words;
        let word = &words[i];
        let fact = &self.facts[i];
        let parts = self.parts(i);
        let prev = i.checked_sub(1).map(|p| &words[p]);
        let next = words.get(i + 1);
        let gap_before = prev.map_or(12, |p| gap_class(p.gap));
        let gap_after = gap_class(word.gap);
        let tag = previous_tag as u8;
        let t = State::of;
        for bit in set_bits(fact.flags) {
            emit(t(8).int(bit).int(tag).finish());
        }
        emit(t(13).int(gap_before).int(gap_after).int(tag).finish());
        emit(t(16).int(tag).finish());
        emit(t(17).int(tag).part(parts.shape).finish());
        let next_capitalised = u8::from(next.is_some_and(|n| n.capitalised()));
        emit(t(18).int(tag).int(next_capitalised).finish());
        emit(t(20).int(fact.rule).int(tag).finish());
        emit(
            t(23)
                .int(fact.article_surname)
                .int(fact.article_name_word)
                .int(tag)
                .int(fact.noun)
                .finish(),
        );
    }

    /// The features of word `i` and its neighbours that do not depend on any label.
    pub fn context_of(&self, i: usize, mut emit: impl FnMut(u64)) {
        let words = self.words;
        let facts = self.facts;
        let word = &words[i];
        let fact = &facts[i];
        let parts = self.parts(i);
        let prev = i
            .checked_sub(1)
            .map(|p| (&words[p], &facts[p], self.parts(p)));
        let next = (i + 1 < words.len()).then(|| (&facts[i + 1], self.parts(i + 1)));
        let prev2 = i.checked_sub(2).map(|p| self.parts(p));
        let next2 = (i + 2 < words.len()).then(|| (&facts[i + 2], self.parts(i + 2)));
        let gap_before = prev.map_or(12, |(p, _, _)| gap_class(p.gap));
        let gap_after = gap_class(word.gap);
        let sentence_start = prev.is_none_or(|(p, _, _)| p.ends_sentence());
        let t = State::of;
        let flags = fact.flags;

        emit(t(0).finish());
        emit(t(1).part(parts.text).finish());
        emit(t(2).part(parts.shape).finish());
        emit(t(3).part(parts.suffix3).finish());
        // Affixes only the word's own features write.
        parts.affixes.into_iter().for_each(&mut emit);
        for bit in set_bits(flags) {
            emit(t(7).int(bit).finish());
        }
        emit(t(9).int(fact.noun).finish());
        let mask = GIVEN | AMBIGUOUS_GIVEN | NOT_PERSON | SURNAME | CITY;
        emit(t(10).int(fact.noun).int(flags & mask).finish());
        emit(t(11).int(gap_before).finish());
        emit(t(12).int(gap_after).finish());
        emit(
            t(14)
                .int(sentence_start)
                .int(fact.frequency)
                .int(fact.noun)
                .finish(),
        );
        emit(
            t(41)
                .int(fact.frequency)
                .int(flags & (GIVEN | SURNAME | CITY))
                .finish(),
        );
        emit(
            t(15)
                .int(sentence_start)
                .int(flags & (GIVEN | STOP))
                .int(fact.noun)
                .finish(),
        );
        emit(t(19).int(fact.rule).finish());
        emit(
            t(46)
                .int(fact.compound)
                .int(fact.noun)
                .int(flags & (GIVEN | SURNAME))
                .finish(),
        );
        // English words around it too: a title in English goes on in English (`Night Fever`).
        let english = |j: usize| facts.get(j).map_or(2, |f: &WordFacts| u8::from(f.english));
        emit(
            t(48)
                .int(english(i.wrapping_sub(1)))
                .int(u8::from(fact.english))
                .int(english(i + 1))
                .finish(),
        );
        emit(t(21).int(fact.rule).part(parts.shape).finish());
        emit(
            t(42)
                .int(fact.article_determined)
                .int(flags & (GIVEN | SURNAME))
                .int(fact.article_surname)
                .finish(),
        );
        emit(
            t(22)
                .int(fact.article_surname)
                .int(fact.article_name_word)
                .finish(),
        );
        match prev {
            Some((_, pf, pp)) => {
                emit(t(24).part(pp.text).finish());
                emit(t(25).part(pp.shape).finish());
                emit(t(26).int(pf.flags).finish());
                emit(t(27).part(pp.text).part(parts.text).finish());
                emit(t(28).part(pp.suffix3).finish());
                emit(t(29).int(pf.rule).int(fact.rule).finish());
            }
            None => emit(t(30).finish()),
        }
        match next {
            Some((nf, np)) => {
                emit(t(31).part(np.text).finish());
                emit(t(32).part(np.shape).finish());
                emit(t(33).int(nf.flags).finish());
                emit(t(34).int(nf.noun).finish());
                emit(t(35).part(np.suffix3).finish());
                emit(t(36).int(nf.rule).int(fact.rule).finish());
                emit(t(37).int(nf.article_surname).int(fact.has(GIVEN)).finish());
            }
            None => emit(t(38).finish()),
        }
        if let Some(p2) = prev2 {
            emit(t(39).part(p2.text).finish());
        }
        // Neighbour words with the word's own kind: `sagte` before an unknown capitalised word
        // says more than either alone.
        let kind = |state: State| {
            state
                .int(fact.frequency)
                .int(fact.noun)
                .int(flags & (GIVEN | SURNAME | CITY | NOT_PERSON))
        };
        if let Some((_, _, pp)) = prev {
            emit(kind(t(43).part(pp.lower)).finish());
        }
        if let Some((_, np)) = next {
            emit(kind(t(44).part(np.lower)).finish());
        }
        if let Some((_, n2)) = next2 {
            emit(t(45).part(n2.text).finish());
        }
        if let Some((n2f, n2)) = next2 {
            emit(
                t(40)
                    .part(n2.shape)
                    .int(n2f.flags & (GIVEN | STOP | ROLE))
                    .finish(),
            );
        }
    }

    /// Whether word `i` may continue a name begun before it: nothing but spaces between them,
    /// after an initial's or a regnal number's full stop (`Donald J. Trump`, `Ottos II. von
    /// Neumarkt`); never past a sentence's end, a colon or a comma (`Claudia B.: Wir`).
    pub fn continues_name(&self, i: usize) -> bool {
        let Some(before) = i.checked_sub(1).map(|p| &self.words[p]) else {
            return false;
        };
        let gap = if before.dotted && (before.is_initial() || is_regnal(before.text)) {
            &before.gap[1..]
        } else {
            before.gap
        };
        gap.chars().all(char::is_whitespace)
    }

    /// Whether word `i` is labelled at all: capitalised words but function words and frequent
    /// nouns, particles, and capitalised words after a name's word. Every other word is
    /// outside a name.
    pub fn scored(&self, i: usize, previous_tag: usize) -> bool {
        let fact = &self.facts[i];
        if fact.has(PARTICLE) {
            return true;
        }
        // Inside a name only capitalised words and `der`/`den` after `von` or `van` (`Ursula
        // von der Leyen`); a lower-case word ends every reading, which keeps decoding linear.
        if !fact.capitalised {
            return previous_tag != OUTSIDE
                && matches!(self.words[i].text, "der" | "den")
                && i.checked_sub(1)
                    .is_some_and(|p| matches!(self.words[p].text, "von" | "van"));
        }
        if previous_tag != OUTSIDE {
            return true;
        }
        // A function word or frequent common noun that no list or rule takes for a name is
        // outside one (most capitalised words of German text).
        let plain_word = (fact.noun >= 3 || fact.has(STOP))
            && !fact.has(GIVEN | SURNAME)
            && fact.rule == 0
            && !fact.article_name_word;
        fact.capitalised && !plain_word
    }
}

#[cfg(test)]
mod tests {
    use super::super::label::Article;
    use super::super::lex::FLAG_COUNT;
    use super::super::words::words;
    use super::*;

    /// The hash of a feature: its template's number, then what `write` writes.
    fn hashed(template: u8, write: impl FnOnce(&mut FxHasher)) -> u64 {
        let mut hasher = FxHasher::default();
        hasher.write_u8(template);
        write(&mut hasher);
        hasher.finish()
    }

    /// A word's shape as first written: its text's, then `.` when a full stop follows.
    fn word_shape(hasher: &mut impl Hasher, word: &Word) {
        shape_hash(hasher, word.text);
        if word.dotted {
            hasher.write_u8(b'.');
        }
    }

    /// The features as first written, hashed with `FxHasher` feature by feature.
    struct Reference<'w, 'a> {
        words: &'w [Word<'a>],
        facts: &'w [WordFacts],
    }

    impl Reference<'_, '_> {
        /// The features that join word `i`'s facts with the label of the word before it; the
        /// decoder computes them once per label.
        fn transition_of(&self, i: usize, previous_tag: usize, mut emit: impl FnMut(u64)) {
            let words = self.words;
            let facts = self.facts;
            let word = &words[i];
            let fact = &facts[i];
            let prev = i.checked_sub(1).map(|p| &words[p]);
            let next = words.get(i + 1);
            let gap_before = prev.map_or(12, |p| gap_class(p.gap));
            let gap_after = gap_class(word.gap);
            let tag = previous_tag as u8;
            macro_rules! feature {
                ($template:expr, $f:expr) => {
                    emit(hashed($template, $f))
                };
            }
            for bit in 0..FLAG_COUNT {
                if fact.flags & (1 << bit) != 0 {
                    feature!(8, |h| {
                        h.write_u32(bit);
                        h.write_u8(tag)
                    });
                }
            }
            feature!(13, |h| {
                h.write_u8(gap_before);
                h.write_u8(gap_after);
                h.write_u8(tag)
            });
            feature!(16, |h| h.write_u8(tag));
            feature!(17, |h| {
                h.write_u8(tag);
                word_shape(h, word)
            });
            feature!(18, |h| {
                h.write_u8(tag);
                h.write_u8(u8::from(next.is_some_and(|n| n.capitalised())))
            });
            feature!(20, |h| {
                h.write_u8(fact.rule);
                h.write_u8(tag)
            });
            feature!(23, |h| {
                h.write_u8(u8::from(fact.article_surname));
                h.write_u8(u8::from(fact.article_name_word));
                h.write_u8(tag);
                h.write_u8(fact.noun)
            });
        }

        /// The features of word `i` and its neighbours that do not depend on any label.
        fn context_of(&self, i: usize, mut emit: impl FnMut(u64)) {
            let words = self.words;
            let facts = self.facts;
            let word = &words[i];
            let fact = &facts[i];
            let prev = i.checked_sub(1).map(|p| (&words[p], &facts[p]));
            let next = words.get(i + 1).map(|w| (w, &facts[i + 1]));
            let prev2 = i.checked_sub(2).map(|p| &words[p]);
            let next2 = words.get(i + 2).map(|w| (w, &facts[i + 2]));
            let gap_before = prev.map_or(12, |(p, _)| gap_class(p.gap));
            let gap_after = gap_class(word.gap);
            let sentence_start = prev.is_none_or(|(p, _)| p.ends_sentence());

            macro_rules! feature {
                ($template:expr, $f:expr) => {
                    emit(hashed($template, $f))
                };
            }
            feature!(0, |_| {});
            feature!(1, |h| h.write(word.text.as_bytes()));
            feature!(2, |h| word_shape(h, word));
            feature!(3, |h| affix_hash(h, word.text, 3, false));
            feature!(4, |h| affix_hash(h, word.text, 2, false));
            feature!(5, |h| affix_hash(h, word.text, 4, false));
            feature!(6, |h| affix_hash(h, word.text, 3, true));
            for bit in 0..FLAG_COUNT {
                if fact.flags & (1 << bit) != 0 {
                    feature!(7, |h| h.write_u32(bit));
                }
            }
            feature!(9, |h| h.write_u8(fact.noun));
            feature!(10, |h| {
                h.write_u8(fact.noun);
                h.write_u16(fact.flags & (GIVEN | AMBIGUOUS_GIVEN | NOT_PERSON | SURNAME | CITY));
            });
            feature!(11, |h| h.write_u8(gap_before));
            feature!(12, |h| h.write_u8(gap_after));
            feature!(14, |h| {
                h.write_u8(u8::from(sentence_start));
                h.write_u8(fact.frequency);
                h.write_u8(fact.noun)
            });
            feature!(41, |h| {
                h.write_u8(fact.frequency);
                h.write_u16(fact.flags & (GIVEN | SURNAME | CITY));
            });
            feature!(15, |h| {
                h.write_u8(u8::from(sentence_start));
                h.write_u16(fact.flags & (GIVEN | STOP));
                h.write_u8(fact.noun)
            });
            feature!(19, |h| h.write_u8(fact.rule));
            feature!(46, |h| {
                h.write_u8(u8::from(fact.compound));
                h.write_u8(fact.noun);
                h.write_u16(fact.flags & (GIVEN | SURNAME));
            });
            let english = |j: usize| facts.get(j).map_or(2, |f: &WordFacts| u8::from(f.english));
            feature!(48, |h| {
                h.write_u8(english(i.wrapping_sub(1)));
                h.write_u8(u8::from(fact.english));
                h.write_u8(english(i + 1));
            });
            feature!(21, |h| {
                h.write_u8(fact.rule);
                word_shape(h, word)
            });
            feature!(42, |h| {
                h.write_u8(u8::from(fact.article_determined));
                h.write_u16(fact.flags & (GIVEN | SURNAME));
                h.write_u8(u8::from(fact.article_surname));
            });
            feature!(22, |h| {
                h.write_u8(u8::from(fact.article_surname));
                h.write_u8(u8::from(fact.article_name_word));
            });
            match prev {
                Some((p, pf)) => {
                    feature!(24, |h| h.write(p.text.as_bytes()));
                    feature!(25, |h| word_shape(h, p));
                    feature!(26, |h| h.write_u16(pf.flags));
                    feature!(27, |h| {
                        h.write(p.text.as_bytes());
                        h.write(word.text.as_bytes())
                    });
                    feature!(28, |h| affix_hash(h, p.text, 3, false));
                    feature!(29, |h| {
                        h.write_u8(pf.rule);
                        h.write_u8(fact.rule)
                    });
                }
                None => feature!(30, |_| {}),
            }
            match next {
                Some((n, nf)) => {
                    feature!(31, |h| h.write(n.text.as_bytes()));
                    feature!(32, |h| word_shape(h, n));
                    feature!(33, |h| h.write_u16(nf.flags));
                    feature!(34, |h| h.write_u8(nf.noun));
                    feature!(35, |h| affix_hash(h, n.text, 3, false));
                    feature!(36, |h| {
                        h.write_u8(nf.rule);
                        h.write_u8(fact.rule)
                    });
                    feature!(37, |h| {
                        h.write_u8(u8::from(nf.article_surname));
                        h.write_u8(u8::from(fact.has(GIVEN)))
                    });
                }
                None => feature!(38, |_| {}),
            }
            if let Some(p2) = prev2 {
                feature!(39, |h| h.write(p2.text.as_bytes()));
            }
            // Neighbour words with the word's own kind: `sagte` before an unknown capitalised word
            // says more than either alone.
            let kind = |h: &mut FxHasher| {
                h.write_u8(fact.frequency);
                h.write_u8(fact.noun);
                h.write_u16(fact.flags & (GIVEN | SURNAME | CITY | NOT_PERSON));
            };
            if let Some((p, _)) = prev {
                feature!(43, |h| {
                    write_lowercase(h, p.text);
                    kind(h)
                });
            }
            if let Some((n, _)) = next {
                feature!(44, |h| {
                    write_lowercase(h, n.text);
                    kind(h)
                });
            }
            if let Some((n2, _)) = next2 {
                feature!(45, |h| h.write(n2.text.as_bytes()));
            }
            if let Some((n2, n2f)) = next2 {
                feature!(40, |h| {
                    word_shape(h, n2);
                    h.write_u16(n2f.flags & (GIVEN | STOP | ROLE))
                });
            }
        }
    }

    fn hash(write: impl Fn(&mut FxHasher)) -> u64 {
        let mut hasher = FxHasher::default();
        write(&mut hasher);
        hasher.finish()
    }

    #[test]
    fn ascii_shortcuts_hash_as_the_char_by_char_code() {
        let text = "Donald J. Trump, A4-Papier O'Neill x ÖVP USA-Chef 2021 Mikl-Leitner \
                    Wolfeschlegelsteinhausenbergerdorffsenior";
        for word in words(text) {
            for (n, from_start) in [(3, false), (2, false), (4, false), (3, true), (9, true)] {
                assert_eq!(
                    hash(|h| affix_hash(h, word.text, n, from_start)),
                    hash(|h| affix_hash_chars(h, word.text, n, from_start)),
                    "affix {n} {from_start} of {word:?}"
                );
            }
            assert_eq!(
                hash(|h| write_lowercase(h, word.text)),
                hash(|h| h.write(word.text.to_lowercase().as_bytes())),
                "lower case of {word:?}"
            );
        }
    }

    #[test]
    fn features_hash_as_the_reference_does() {
        let texts = [
            "Donald J. Trump, A4-Papier O'Neill x ÖVP USA-Chef 2021 Mikl-Leitner \
             Wolfeschlegelsteinhausenbergerdorffsenior",
            "Außenminister Sergej Lawrow sagte am Montag in Genf, Ursula von der Leyen und \
             Felipe VI. seien eingeladen. Claudia B.: Wir haben „Do Us Part“ gesehen.",
            "Sturm: Esser – Ehrenreich, Madl, Spendlhofer; Lykogiannis (Muskelverletzung), \
             M. Stankovic. Die Rosetta und der Admira, Hans, Karl, Hannes, David und Max.",
            "Erdoğan, Ελλάδα ΣΟΦΟΣ, 3,5 Mio. € — 2½ J. Trump… ÄÖÜ äöü ß Straße ŁÓDŹ",
            "Merkel",
            // A word met first without a full stop after it, then with one: its remembered
            // shape must take the stop on top.
            "Trump sagte es. Dann kam J. Trump. Und J sagte J.",
            "",
        ];
        let article = Article::read(&texts);
        for (words, facts) in article.words.iter().zip(&article.facts) {
            let features = Features::new(words, facts);
            let reference = Reference { words, facts };
            for (i, word) in words.iter().enumerate() {
                let (mut fast, mut slow) = (Vec::new(), Vec::new());
                features.context_of(i, |f| fast.push(f));
                reference.context_of(i, |f| slow.push(f));
                assert_eq!(fast, slow, "context of {word:?}");
                for tag in [OUTSIDE, BEGIN, INSIDE] {
                    let (mut fast, mut slow) = (Vec::new(), Vec::new());
                    features.transition_of(i, tag, |f| fast.push(f));
                    reference.transition_of(i, tag, |f| slow.push(f));
                    assert_eq!(fast, slow, "transition {tag} of {word:?}");
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn parts_hash_as_fx_hasher_does(
            text in "[a-zA-Z0-9äöüßÄÖÜéğΣσ½ \\-'’.,:;!?()„“]{0,40}",
            seed in 0u64..u64::MAX,
        ) {
            for word in words(&text) {
                let parts = WordParts::of(&word);
                for (part, write) in [
                    (parts.text, &(|h: &mut FxHasher| h.write(word.text.as_bytes())) as &dyn Fn(&mut FxHasher)),
                    (parts.lower, &|h: &mut FxHasher| write_lowercase(h, word.text)),
                    (parts.shape, &|h: &mut FxHasher| word_shape(h, &word)),
                    (parts.suffix3, &|h: &mut FxHasher| affix_hash(h, word.text, 3, false)),
                ] {
                    let mut hasher = FxHasher::with_seed(seed as usize);
                    hasher.write_u8(7);
                    write(&mut hasher);
                    let state = State(seed).int(7u8).part(part);
                    proptest::prop_assert_eq!(state.finish(), hasher.finish());
                }
            }
        }
    }
}
