//! German folding as a plain function with no dependencies (the build script uses it too, to
//! fold the compound lexicon exactly like the tokens it is matched against).
//!
//! Lower-cases and folds spelling variants so that `Außenminister`, `Aussenminister` and
//! `AUSSENMINISTER` meet, and so do `Äußere` and `Aeussere`. The rules follow Lucene's
//! `GermanNormalizationFilter` (umlauts to base vowels, `ß` to `ss`, `ae`/`oe`/`ue` to `a`/`o`/`u`
//! unless the `u` belongs to a diphthong such as in `Steuer` or `Quelle`), plus the common Latin
//! diacritics of names (`Éric`, `Ştefan`, `Miloš`).

/// What the previous character was, for the `ae`/`oe`/`ue` rule.
#[derive(Clone, Copy, PartialEq)]
enum Prev {
    /// Start of the word or a consonant: a following `u` may start an `ue` digraph.
    Consonant,
    /// `a`, `o`, or a `u` that may start a digraph: a following `e` is dropped.
    DigraphStart,
    /// Any other vowel: a following `u` is part of a diphthong (`eu`, `au`, `qu`).
    Vowel,
}

/// What one lower-case character becomes.
enum Fold {
    Keep(char),
    Drop,
    /// `ß`, written `ss`.
    DoubleS,
}

/// Folds one lower-case character after the state `prev`; returns what to write and the
/// state for the next character.
#[inline]
fn fold_char(prev: Prev, c: char) -> (Fold, Prev) {
    match c {
        'a' | 'o' => (Fold::Keep(c), Prev::DigraphStart),
        'u' if prev == Prev::Consonant => (Fold::Keep('u'), Prev::DigraphStart),
        'u' => (Fold::Keep('u'), Prev::Vowel),
        'e' if prev == Prev::DigraphStart => (Fold::Drop, Prev::Vowel),
        'e' | 'i' | 'q' | 'y' => (Fold::Keep(c), Prev::Vowel),
        'ß' => (Fold::DoubleS, Prev::Consonant),
        _ => match fold_diacritic(c) {
            Some(base) if "aeiouy".contains(base) => (Fold::Keep(base), Prev::Vowel),
            Some(base) => (Fold::Keep(base), Prev::Consonant),
            None => (Fold::Keep(c), Prev::Consonant),
        },
    }
}

/// Appends the lower-cased, folded form of `word` to `out`.
pub fn fold_german_into(word: &str, out: &mut String) {
    let mut prev = Prev::Consonant;
    let mut write = |c: char| {
        let (fold, next) = fold_char(prev, c);
        prev = next;
        match fold {
            Fold::Keep(c) => out.push(c),
            Fold::Drop => {}
            Fold::DoubleS => out.push_str("ss"),
        }
    };
    // Most words are ASCII: they lower-case without Unicode tables.
    if word.is_ascii() {
        word.bytes()
            .for_each(|b| write(char::from(b.to_ascii_lowercase())));
    } else {
        word.chars().flat_map(char::to_lowercase).for_each(write);
    }
}

/// Folds `word` where it stands; an ASCII word (most are) without allocating.
pub fn fold_german_in_place(word: &mut String) {
    if word.is_ascii() {
        word.make_ascii_lowercase();
        // Most words have no `ae`, `oe` or `ue`, and so nothing more to fold.
        let digraph = word
            .as_bytes()
            .windows(2)
            .any(|pair| pair[1] == b'e' && matches!(pair[0], b'a' | b'o' | b'u'));
        if !digraph {
            return;
        }
        let mut prev = Prev::Consonant;
        // ASCII letters fold to themselves or are dropped (the `e` of `ae`, `oe`, `ue`).
        word.retain(|c| {
            let (fold, next) = fold_char(prev, c);
            prev = next;
            !matches!(fold, Fold::Drop)
        });
    } else {
        let mut folded = String::with_capacity(word.len());
        fold_german_into(word, &mut folded);
        *word = folded;
    }
}

/// The lower-cased, folded form of `word`.
///
/// ```
/// use archivar::analysis::fold_german;
/// assert_eq!(fold_german("Außenminister"), fold_german("AUSSENMINISTER"));
/// assert_eq!(fold_german("Äußere"), fold_german("Aeussere"));
/// assert_eq!(fold_german("Steuer"), "steuer");
/// ```
pub fn fold_german(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_german_into(word, &mut out);
    out
}

/// The ASCII base letter of a lower-case Latin letter with a diacritic (`ä` → `a`, `š` → `s`),
/// `None` for any other character. The one table of umlauts and accents: folding and the sound
/// keys of names share it.
pub fn fold_diacritic(c: char) -> Option<char> {
    let base = match c {
        'ä' | 'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => 'i',
        'ł' | 'ľ' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ö' | 'ò' | 'ó' | 'ô' | 'õ' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ü' | 'ù' | 'ú' | 'û' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        _ => return None,
    };
    Some(base)
}

#[cfg(test)]
mod tests {
    use super::{fold_german, fold_german_in_place};

    #[test]
    fn folds_spelling_variants_together() {
        let table = [
            ("Außenminister", "aussenminister"),
            ("Aussenminister", "aussenminister"),
            ("AUSSENMINISTER", "aussenminister"),
            ("Äußere", "aussere"),
            ("Aeussere", "aussere"),
            ("Müller", "muller"),
            ("Mueller", "muller"),
            ("Öl", "ol"),
            ("Oel", "ol"),
            ("Überweisung", "uberweisung"),
            ("Ueberweisung", "uberweisung"),
            // Diphthongs keep their `e`.
            ("Steuer", "steuer"),
            ("Feuer", "feuer"),
            ("Bauer", "bauer"),
            ("Quelle", "quelle"),
            ("Éric", "eric"),
            ("Miloš", "milos"),
            ("2022", "2022"),
        ];
        for (input, expected) in table {
            assert_eq!(fold_german(input), expected, "folding {input}");
            let mut in_place = input.to_string();
            fold_german_in_place(&mut in_place);
            assert_eq!(in_place, expected, "folding {input} in place");
        }
    }
}
