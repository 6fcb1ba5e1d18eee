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

/// Appends the lower-cased, folded form of `word` to `out`.
pub fn fold_german_into(word: &str, out: &mut String) {
    let mut prev = Prev::Consonant;
    // ASCII letters lower-case without Unicode tables; others may lower-case to several chars.
    let lower = word.chars().flat_map(|c| {
        let ascii = c.is_ascii().then(|| c.to_ascii_lowercase());
        ascii.into_iter().chain(
            (!c.is_ascii())
                .then(|| c.to_lowercase())
                .into_iter()
                .flatten(),
        )
    });
    for c in lower {
        prev = match c {
            'a' | 'o' => {
                out.push(c);
                Prev::DigraphStart
            }
            'u' => {
                out.push('u');
                if prev == Prev::Consonant {
                    Prev::DigraphStart
                } else {
                    Prev::Vowel
                }
            }
            'e' => {
                if prev != Prev::DigraphStart {
                    out.push('e');
                }
                Prev::Vowel
            }
            'i' | 'q' | 'y' => {
                out.push(c);
                Prev::Vowel
            }
            'ß' => {
                out.push_str("ss");
                Prev::Consonant
            }
            _ => match fold_diacritic(c) {
                Some(base) => {
                    out.push(base);
                    if "aeiouy".contains(base) {
                        Prev::Vowel
                    } else {
                        Prev::Consonant
                    }
                }
                None => {
                    out.push(c);
                    Prev::Consonant
                }
            },
        };
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

fn fold_diacritic(c: char) -> Option<char> {
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
    use super::fold_german;

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
        }
    }
}
