//! The id of an article: made from its location when it is indexed, stored with each of its
//! passages, shown in results as 16 hex digits and read back from them. This module does not
//! look anything up.

use std::fmt;

/// Stable 64-bit id of an article: FNV-1a of its location (`path` or `path#record`), so that
/// re-indexing a file gives its articles the ids they had.
///
/// ```
/// use archivar::index::ArticleId;
/// let id = ArticleId::of_location("politik/nato.txt");
/// assert_eq!(ArticleId::parse(&id.to_string()), Some(id));
/// assert_eq!(id.to_string().len(), 16);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleId(u64);

impl ArticleId {
    /// The id of the article at `location` (`path`, or `path#N` for a record of a JSON file).
    pub fn of_location(location: &str) -> ArticleId {
        ArticleId(location.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        }))
    }

    /// The id as the index stores it (its `article` field).
    pub fn from_stored(value: u64) -> ArticleId {
        ArticleId(value)
    }

    /// The value the index stores.
    pub fn stored(self) -> u64 {
        self.0
    }

    /// Reads an id as results show it (16 hex digits, either case); `None` if it is not one.
    pub fn parse(text: &str) -> Option<ArticleId> {
        if text.len() != 16 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u64::from_str_radix(text, 16).ok().map(ArticleId)
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl serde::Serialize for ArticleId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::ArticleId;

    #[test]
    fn ids_are_sixteen_hex_digits() {
        let id = ArticleId::from_stored(0x5dda_13ae_f270_f31e);
        assert_eq!(id.to_string(), "5dda13aef270f31e");
        assert_eq!(ArticleId::parse("5dda13aef270f31e"), Some(id));
        assert_eq!(ArticleId::parse("5DDA13AEF270F31E"), Some(id));
        assert_eq!(ArticleId::from_stored(1).to_string(), "0000000000000001");
        for bad in [
            "",
            "5dda13aef270f31",
            "5dda13aef270f31e0",
            "5dda13aef270f31g",
            "+dda13aef270f31e",
            " 5dda13aef270f31",
            "../etc/passwd",
            "ü",
        ] {
            assert_eq!(ArticleId::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_id_is_the_fnv_hash_of_the_location() {
        // FNV-1a's published offset basis is the hash of nothing; its test vector for "a".
        assert_eq!(ArticleId::of_location("").stored(), 0xcbf2_9ce4_8422_2325);
        assert_eq!(ArticleId::of_location("a").stored(), 0xaf63_dc4c_8601_ec8c);
        assert_ne!(
            ArticleId::of_location("a.json#1"),
            ArticleId::of_location("a.json#2")
        );
    }
}
