//! Savoy's light German stemmer, as Lucene's `GermanLightStemFilter` (and so Elasticsearch's
//! `german` analyzer) implements it: a few suffixes removed, nothing else. Here only to measure
//! the Snowball stemmer against it (`archivar eval`).

use super::token_map::TokenMap;
use tantivy::tokenizer::Token;

/// Stems a lower-case word.
///
/// It keeps its own small table of accents instead of the shared folding table
/// (`fold::fold_diacritic`): it copies Lucene's `GermanLightStemmer` character for character,
/// so that it measures what Elasticsearch's `german` analyzer does.
pub fn light_stem(word: &str) -> String {
    let mut chars: Vec<char> = word
        .chars()
        .map(|c| match c {
            'ä' | 'à' | 'á' | 'â' => 'a',
            'ö' | 'ò' | 'ó' | 'ô' => 'o',
            'ï' | 'ì' | 'í' | 'î' => 'i',
            'ü' | 'ù' | 'ú' | 'û' => 'u',
            c => c,
        })
        .collect();
    let len = step2(&chars, step1(&chars, chars.len()));
    chars.truncate(len);
    chars.into_iter().collect()
}

fn st_ending(c: char) -> bool {
    matches!(c, 'b' | 'd' | 'f' | 'g' | 'h' | 'k' | 'l' | 'm' | 'n' | 't')
}

fn ends_with(s: &[char], len: usize, suffix: &str) -> bool {
    let suffix: Vec<char> = suffix.chars().collect();
    len >= suffix.len() && s[len - suffix.len()..len] == suffix[..]
}

fn step1(s: &[char], len: usize) -> usize {
    if len > 5 && ends_with(s, len, "ern") {
        return len - 3;
    }
    if len > 4 && s[len - 2] == 'e' && matches!(s[len - 1], 'm' | 'n' | 'r' | 's') {
        return len - 2;
    }
    if len > 3 && s[len - 1] == 'e' {
        return len - 1;
    }
    if len > 3 && s[len - 1] == 's' && st_ending(s[len - 2]) {
        return len - 1;
    }
    len
}

fn step2(s: &[char], len: usize) -> usize {
    if len > 5 && ends_with(s, len, "est") {
        return len - 3;
    }
    if len > 4 && s[len - 2] == 'e' && matches!(s[len - 1], 'r' | 'n') {
        return len - 2;
    }
    if len > 4 && ends_with(s, len, "st") && st_ending(s[len - 3]) {
        return len - 2;
    }
    len
}

/// Token filter applying [`light_stem`].
pub const GERMAN_LIGHT_STEMMER: TokenMap = TokenMap(light_stem_token);

fn light_stem_token(token: &mut Token) -> bool {
    token.text = light_stem(&token.text);
    true
}

#[cfg(test)]
mod tests {
    use super::light_stem;

    #[test]
    fn stems_like_lucene() {
        // Examples from Lucene's GermanLightStemmer tests and Savoy's rules.
        let table = [
            ("häuser", "haus"),
            ("bündnisse", "bundniss"),
            ("bündnisses", "bundniss"),
            ("gespräche", "gesprach"),
            ("gesprächen", "gesprach"),
            ("aussenminister", "aussenminist"),
            ("kinder", "kind"),
            ("nato", "nato"),
        ];
        for (word, stem) in table {
            assert_eq!(light_stem(word), stem, "stem of {word}");
        }
    }
}
