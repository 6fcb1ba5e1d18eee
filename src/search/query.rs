//! The query language.
//!
//! - `Nato Osterweiterung`: plain words; passages with more of them rank higher.
//! - `"Ende der Osterweiterung"`: a phrase (straight or German quotes `„…“`).
//! - `+Nato` must occur, `-Russland` must not; `NOT Russland` is the same as `-Russland`.
//! - `Nato AND Russland`: both must occur; `Nato OR Russland`: either (the default).
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

/// A query the user wrote cannot be understood; each message says how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("the query is empty: give one or more words, e.g. \"Nato Osterweiterung\"")]
    Empty,
    #[error("unbalanced quote: the phrase opened at character {0} is never closed; add a closing quote or remove it")]
    UnbalancedQuote(usize),
    #[error("`{0}` must be followed directly by a word or a quoted phrase, e.g. {0}Nato")]
    DanglingPrefix(char),
    #[error("`{0}` needs a word on both sides, e.g. Nato {0} Russland")]
    DanglingOperator(&'static str),
    #[error("`NOT` must be followed by a word or a quoted phrase, e.g. NOT Russland")]
    DanglingNot,
    #[error("the query has no searchable word: {0} {1} not indexed (stop words and punctuation are left out); add a word that carries meaning")]
    NoSearchableWord(String, &'static str),
    #[error("the query only excludes words: add at least one word to search for")]
    OnlyExclusions,
}

#[derive(Debug, PartialEq)]
enum Item {
    Clause(Clause),
    And,
    Or,
    Not,
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '„' | '“' | '”')
}

/// Splits a query into clauses, applying `+`, `-`, `AND`, `OR` and `NOT`.
pub fn parse(query: &str) -> Result<Vec<Clause>, QueryError> {
    let items = lex(query)?;
    let mut clauses: Vec<Clause> = Vec::new();
    let mut pending_and = false;
    let mut pending_not = false;
    let mut last_was_operator: Option<&'static str> = None;
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
                last_was_operator = None;
            }
            Item::And | Item::Or => {
                let name = if item == Item::And { "AND" } else { "OR" };
                if clauses.is_empty() || last_was_operator.is_some() || pending_not {
                    return Err(QueryError::DanglingOperator(name));
                }
                if item == Item::And {
                    if let Some(previous) = clauses.last_mut() {
                        if previous.occur == Occur::Should {
                            previous.occur = Occur::Must;
                        }
                    }
                    pending_and = true;
                }
                last_was_operator = Some(name);
            }
            Item::Not => {
                if pending_not {
                    return Err(QueryError::DanglingNot);
                }
                pending_not = true;
            }
        }
    }
    if pending_not {
        return Err(QueryError::DanglingNot);
    }
    if let Some(name) = last_was_operator {
        return Err(QueryError::DanglingOperator(name));
    }
    if clauses.is_empty() {
        return Err(QueryError::Empty);
    }
    Ok(clauses)
}

fn lex(query: &str) -> Result<Vec<Item>, QueryError> {
    let mut items = Vec::new();
    let mut chars = query.char_indices().peekable();
    while let Some(&(_, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let occur = match c {
            '+' => Some(Occur::Must),
            '-' => Some(Occur::MustNot),
            _ => None,
        };
        if occur.is_some() {
            chars.next();
            if chars.peek().is_none_or(|&(_, next)| next.is_whitespace()) {
                return Err(QueryError::DanglingPrefix(c));
            }
        }
        let occur = occur.unwrap_or(Occur::Should);
        let &(start, first) = chars.peek().ok_or(QueryError::DanglingPrefix(c))?;
        if is_quote(first) {
            chars.next();
            let mut text = String::new();
            let mut closed = false;
            for (_, c) in chars.by_ref() {
                if is_quote(c) {
                    closed = true;
                    break;
                }
                text.push(c);
            }
            if !closed {
                let position = query[..start].chars().count() + 1;
                return Err(QueryError::UnbalancedQuote(position));
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
            "AND" | "&&" if occur == Occur::Should => Some(Item::And),
            "OR" | "||" if occur == Occur::Should => Some(Item::Or),
            "NOT" if occur == Occur::Should => Some(Item::Not),
            _ => None,
        };
        items.push(operator.unwrap_or(Item::Clause(Clause {
            occur,
            text: word,
            phrase: false,
        })));
    }
    Ok(items)
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
            assert_eq!(parse(query), Ok(expected), "parsing {query:?}");
        }
    }

    #[test]
    fn rejects_malformed_queries_with_a_reason() {
        let table = [
            ("", QueryError::Empty),
            ("   ", QueryError::Empty),
            ("\"Nato Osterweiterung", QueryError::UnbalancedQuote(1)),
            ("Nato \"Osterweiterung", QueryError::UnbalancedQuote(6)),
            ("+", QueryError::DanglingPrefix('+')),
            ("Nato + Russland", QueryError::DanglingPrefix('+')),
            ("Nato -", QueryError::DanglingPrefix('-')),
            ("AND Nato", QueryError::DanglingOperator("AND")),
            ("Nato OR", QueryError::DanglingOperator("OR")),
            ("Nato AND OR Russland", QueryError::DanglingOperator("OR")),
            ("Nato NOT", QueryError::DanglingNot),
        ];
        for (query, expected) in table {
            assert_eq!(parse(query), Err(expected), "parsing {query:?}");
        }
    }
}
