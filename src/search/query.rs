//! The query language.
//!
//! - `Nato Osterweiterung`: plain words; passages with more of them rank higher.
//! - `"Ende der Osterweiterung"`: a phrase (straight or German quotes `„…“`).
//! - `+Nato` must occur, `-Russland` must not; `NOT Russland` is the same as `-Russland`.
//! - `Nato AND Russland`: both must occur; `Nato OR Russland`: either (the default).
//!
//! Parsing is lenient: text people paste is never malformed to them. A `+` or `-` not followed
//! by a word (`Wahl in Wien - SPÖ verliert`), an `AND`, `OR` or `NOT` without its words and a
//! quote that is never closed are read as text, and a [`Notice`] says so. Only a query with no
//! words at all is an error here ([`QueryError::Empty`]); analysis adds the other two.
//!
//! Parsing is purely syntactic: it does not know about analysis or the index.

/// Whether a clause must, may or must not occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occur {
    Should,
    Must,
    MustNot,
}

/// One word or quoted phrase of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub occur: Occur,
    /// The text as written, without quotes or operator.
    pub text: String,
    pub phrase: bool,
}

/// A query that cannot be searched; each message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("the query is empty: give one or more words, e.g. \"Nato Osterweiterung\"")]
    Empty,
    #[error("the query has no searchable word: {0} {1} not indexed (stop words and punctuation are left out); add a word that carries meaning")]
    NoSearchableWord(String, &'static str),
    #[error("the query only excludes words: add at least one word to search for")]
    OnlyExclusions,
}

/// Query syntax that was read as text instead of as an operator, and how; or what the index
/// cannot answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Notice {
    #[error("the index was built with --no-people, so it names nobody; rebuild it with `archivar index --full --people PATH` to detect people")]
    NoPersonDetection,
    #[error("`{0}` is not followed directly by a word, so it was read as text; write {0}Nato to require or exclude a word")]
    LonePrefix(char),
    #[error("`{0}` has no word on one side, so it was read as a word; write Nato {0} Russland to join two words")]
    LoneOperator(&'static str),
    #[error("the quote at character {0} is never closed, so the words after it were searched as words, not as a phrase")]
    UnclosedQuote(usize),
}

/// A parsed query: its clauses, and what in it was not read as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub clauses: Vec<Clause>,
    pub notices: Vec<Notice>,
}

#[derive(Debug, Clone, PartialEq)]
enum Item {
    Clause(Clause),
    /// `AND` or `&&`, as written.
    And(&'static str),
    /// `OR` or `||`, as written.
    Or(&'static str),
    Not,
}

impl Item {
    fn is_clause(&self) -> bool {
        matches!(self, Item::Clause(_))
    }

    /// An operator read as the word it is written as.
    fn as_word(&self) -> Option<(&'static str, Clause)> {
        let name = match *self {
            Item::Clause(_) => return None,
            Item::And(name) | Item::Or(name) => name,
            Item::Not => "NOT",
        };
        let clause = Clause {
            occur: Occur::Should,
            text: name.to_string(),
            phrase: false,
        };
        Some((name, clause))
    }
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '„' | '“' | '”')
}

/// Splits a query into clauses, applying `+`, `-`, `AND`, `OR` and `NOT`; what cannot be read
/// as an operator is read as text, with a notice.
pub fn parse(query: &str) -> Result<Parsed, QueryError> {
    let mut notices = Vec::new();
    let items = resolve_operators(lex(query, &mut notices), &mut notices);
    let mut clauses: Vec<Clause> = Vec::new();
    let mut pending_and = false;
    let mut pending_not = false;
    for item in items {
        match item {
            Item::Clause(mut clause) => {
                if pending_not {
                    clause.occur = Occur::MustNot;
                    pending_not = false;
                }
                if pending_and {
                    if clause.occur == Occur::Should {
                        clause.occur = Occur::Must;
                    }
                    pending_and = false;
                }
                clauses.push(clause);
            }
            Item::And(_) => {
                if let Some(previous) = clauses.last_mut() {
                    if previous.occur == Occur::Should {
                        previous.occur = Occur::Must;
                    }
                }
                pending_and = true;
            }
            Item::Or(_) => {}
            Item::Not => pending_not = true,
        }
    }
    if clauses.is_empty() {
        return Err(QueryError::Empty);
    }
    Ok(Parsed { clauses, notices })
}

/// Keeps an operator only where it has its words: `AND` and `OR` a word before them, and every
/// operator something after it (which, if it is an operator left without its word before,
/// becomes that word). Every other operator is read as a word.
fn resolve_operators(items: Vec<Item>, notices: &mut Vec<Notice>) -> Vec<Item> {
    let mut resolved: Vec<Item> = Vec::with_capacity(items.len());
    let last = items.len().saturating_sub(1);
    for (i, item) in items.into_iter().enumerate() {
        let valid = match item {
            Item::Clause(_) => true,
            Item::Not => i < last,
            Item::And(_) | Item::Or(_) => i < last && resolved.last().is_some_and(Item::is_clause),
        };
        match item.as_word().filter(|_| !valid) {
            Some((name, clause)) => {
                notices.push(Notice::LoneOperator(name));
                resolved.push(Item::Clause(clause));
            }
            None => resolved.push(item),
        }
    }
    resolved
}

/// Byte offsets of the quotes that open a phrase never closed: the last quote of an odd count.
fn unclosed_quote(query: &str) -> Option<usize> {
    let quotes: Vec<usize> = query
        .char_indices()
        .filter(|&(_, c)| is_quote(c))
        .map(|(i, _)| i)
        .collect();
    (quotes.len() % 2 == 1).then(|| quotes[quotes.len() - 1])
}

fn lex(query: &str, notices: &mut Vec<Notice>) -> Vec<Item> {
    let unclosed = unclosed_quote(query);
    if let Some(start) = unclosed {
        notices.push(Notice::UnclosedQuote(query[..start].chars().count() + 1));
    }
    let mut items = Vec::new();
    let mut chars = query.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() || Some(start) == unclosed {
            chars.next();
            continue;
        }
        // `+` and `-` are operators at the start of a word only: after a closing quote they
        // join on (`"House of Cards"-Staffel`, as pasted from a text).
        let starts_word = query[..start]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace);
        let occur = match c {
            '+' if starts_word => Some(Occur::Must),
            '-' if starts_word => Some(Occur::MustNot),
            _ => None,
        };
        if occur.is_some() {
            chars.next();
            // `-„Russland` with the quote never closed excludes the word.
            if chars.peek().is_some_and(|&(at, _)| Some(at) == unclosed) {
                chars.next();
            }
            let followed = chars.peek().is_some_and(|&(_, next)| !next.is_whitespace());
            if !followed {
                notices.push(Notice::LonePrefix(c));
                items.push(Item::Clause(Clause {
                    occur: Occur::Should,
                    text: c.to_string(),
                    phrase: false,
                }));
                continue;
            }
        }
        let occur = occur.unwrap_or(Occur::Should);
        let Some(&(_, first)) = chars.peek() else {
            break;
        };
        if is_quote(first) {
            chars.next();
            let mut text = String::new();
            for (_, c) in chars.by_ref() {
                if is_quote(c) {
                    break;
                }
                text.push(c);
            }
            items.push(Item::Clause(Clause {
                occur,
                text,
                phrase: true,
            }));
            continue;
        }
        let mut word = String::new();
        while let Some(&(_, c)) = chars.peek() {
            if c.is_whitespace() || is_quote(c) {
                break;
            }
            word.push(c);
            chars.next();
        }
        let operator = match word.as_str() {
            "AND" if occur == Occur::Should => Some(Item::And("AND")),
            "&&" if occur == Occur::Should => Some(Item::And("&&")),
            "OR" if occur == Occur::Should => Some(Item::Or("OR")),
            "||" if occur == Occur::Should => Some(Item::Or("||")),
            "NOT" if occur == Occur::Should => Some(Item::Not),
            _ => None,
        };
        items.push(operator.unwrap_or(Item::Clause(Clause {
            occur,
            text: word,
            phrase: false,
        })));
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clause(occur: Occur, text: &str, phrase: bool) -> Clause {
        Clause {
            occur,
            text: text.to_string(),
            phrase,
        }
    }

    /// A query and the clauses it parses into: (occur, text, phrase).
    type ParseCase<'a> = (&'a str, &'a [(Occur, &'a str, bool)]);

    #[test]
    fn parses_the_query_language() {
        use Occur::*;
        let table: &[ParseCase] = &[
            (
                "Nato Osterweiterung",
                &[(Should, "Nato", false), (Should, "Osterweiterung", false)],
            ),
            (
                "  Nato\tOsterweiterung  ",
                &[(Should, "Nato", false), (Should, "Osterweiterung", false)],
            ),
            (
                "\"Ende der Osterweiterung\"",
                &[(Should, "Ende der Osterweiterung", true)],
            ),
            (
                "„Ende der Osterweiterung“ Nato",
                &[
                    (Should, "Ende der Osterweiterung", true),
                    (Should, "Nato", false),
                ],
            ),
            (
                "+Nato -Russland",
                &[(Must, "Nato", false), (MustNot, "Russland", false)],
            ),
            (
                "-\"kalter Krieg\" Nato",
                &[(MustNot, "kalter Krieg", true), (Should, "Nato", false)],
            ),
            (
                "Nato AND Russland",
                &[(Must, "Nato", false), (Must, "Russland", false)],
            ),
            (
                "Nato AND Russland AND USA",
                &[
                    (Must, "Nato", false),
                    (Must, "Russland", false),
                    (Must, "USA", false),
                ],
            ),
            (
                "Nato OR Russland",
                &[(Should, "Nato", false), (Should, "Russland", false)],
            ),
            (
                "Nato NOT Russland",
                &[(Should, "Nato", false), (MustNot, "Russland", false)],
            ),
            (
                "Nato-Osterweiterung",
                &[(Should, "Nato-Osterweiterung", false)],
            ),
            (
                "\"House of Cards\"-Staffel und \"Nato\"+Gipfel",
                &[
                    (Should, "House of Cards", true),
                    (Should, "-Staffel", false),
                    (Should, "und", false),
                    (Should, "Nato", true),
                    (Should, "+Gipfel", false),
                ],
            ),
            (
                "US-Außenminister and Lawrow",
                &[
                    (Should, "US-Außenminister", false),
                    (Should, "and", false),
                    (Should, "Lawrow", false),
                ],
            ),
        ];
        for (query, expected) in table {
            let expected: Vec<Clause> = expected
                .iter()
                .map(|&(occur, text, phrase)| clause(occur, text, phrase))
                .collect();
            let parsed = parse(query).map(|parsed| (parsed.clauses, parsed.notices));
            assert_eq!(parsed, Ok((expected, vec![])), "parsing {query:?}");
        }
    }

    #[test]
    fn rejects_malformed_queries_with_a_reason() {
        // Only a query without words is refused here; analysis refuses the other two
        // (`NoSearchableWord`, `OnlyExclusions`).
        for query in ["", "   ", "\t\n"] {
            assert_eq!(parse(query), Err(QueryError::Empty), "parsing {query:?}");
        }
    }

    /// A query, the clauses it is read as, and the notices saying what was read as text.
    type LenientCase<'a> = (&'a str, &'a [(Occur, &'a str, bool)], &'a [Notice]);

    #[test]
    fn reads_stray_syntax_as_text_with_a_notice() {
        use Notice::*;
        use Occur::*;
        let table: &[LenientCase] = &[
            (
                "\"Nato Osterweiterung",
                &[(Should, "Nato", false), (Should, "Osterweiterung", false)],
                &[UnclosedQuote(1)],
            ),
            (
                "Nato \"Osterweiterung",
                &[(Should, "Nato", false), (Should, "Osterweiterung", false)],
                &[UnclosedQuote(6)],
            ),
            (
                "„Wir haben nicht erwartet, dass heute",
                &[
                    (Should, "Wir", false),
                    (Should, "haben", false),
                    (Should, "nicht", false),
                    (Should, "erwartet,", false),
                    (Should, "dass", false),
                    (Should, "heute", false),
                ],
                &[UnclosedQuote(1)],
            ),
            (
                "\"kalter Krieg\" Nato\"",
                &[(Should, "kalter Krieg", true), (Should, "Nato", false)],
                &[UnclosedQuote(20)],
            ),
            (
                "-\"Russland Nato",
                &[(MustNot, "Russland", false), (Should, "Nato", false)],
                &[UnclosedQuote(2)],
            ),
            ("+", &[(Should, "+", false)], &[LonePrefix('+')]),
            (
                "Nato + Russland",
                &[
                    (Should, "Nato", false),
                    (Should, "+", false),
                    (Should, "Russland", false),
                ],
                &[LonePrefix('+')],
            ),
            (
                "Wahl in Wien - SPÖ verliert deutlich",
                &[
                    (Should, "Wahl", false),
                    (Should, "in", false),
                    (Should, "Wien", false),
                    (Should, "-", false),
                    (Should, "SPÖ", false),
                    (Should, "verliert", false),
                    (Should, "deutlich", false),
                ],
                &[LonePrefix('-')],
            ),
            (
                "Nato -",
                &[(Should, "Nato", false), (Should, "-", false)],
                &[LonePrefix('-')],
            ),
            (
                "AND Nato",
                &[(Should, "AND", false), (Should, "Nato", false)],
                &[LoneOperator("AND")],
            ),
            (
                "Nato OR",
                &[(Should, "Nato", false), (Should, "OR", false)],
                &[LoneOperator("OR")],
            ),
            (
                "Nato &&",
                &[(Should, "Nato", false), (Should, "&&", false)],
                &[LoneOperator("&&")],
            ),
            (
                "Nato AND OR Russland",
                &[
                    (Must, "Nato", false),
                    (Must, "OR", false),
                    (Should, "Russland", false),
                ],
                &[LoneOperator("OR")],
            ),
            (
                "Nato NOT",
                &[(Should, "Nato", false), (Should, "NOT", false)],
                &[LoneOperator("NOT")],
            ),
            (
                "Nato NOT NOT Russland",
                &[(Should, "Nato", false), (MustNot, "Russland", false)],
                &[],
            ),
            (
                "Nato AND NOT Russland",
                &[(Must, "Nato", false), (MustNot, "Russland", false)],
                &[],
            ),
        ];
        for (query, expected, notices) in table {
            let expected: Vec<Clause> = expected
                .iter()
                .map(|&(occur, text, phrase)| clause(occur, text, phrase))
                .collect();
            let parsed = parse(query).map(|parsed| (parsed.clauses, parsed.notices));
            assert_eq!(
                parsed,
                Ok((expected, notices.to_vec())),
                "parsing {query:?}"
            );
        }
    }
}
