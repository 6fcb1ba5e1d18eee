//! Restrictions on what may match (a person, a date range), as query clauses every match must
//! satisfy. This module does not rank: a filter only lets passages through or not.

use crate::analysis;
use crate::crawl::Period;
use crate::index::Fields;
use std::ops::Bound;
use tantivy::query::{BooleanQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DateTime, Term};

/// Restrictions on the passages a query may match.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only passages naming this person (full name or surname, any spelling of case and ß).
    pub person: Option<String>,
    /// Only articles dated in or after this period.
    pub since: Option<Period>,
    /// Only articles dated in or before this period.
    pub until: Option<Period>,
}

impl Filter {
    /// Whether the filter restricts anything.
    pub(super) fn restricts(&self) -> bool {
        self.person.is_some() || self.since.is_some() || self.until.is_some()
    }

    /// The filter as query clauses that every match must satisfy.
    fn clauses(&self, fields: &Fields) -> Vec<Box<dyn Query>> {
        let mut clauses: Vec<Box<dyn Query>> = Vec::new();
        if let Some(person) = &self.person {
            let key = analysis::fold_german(person.trim());
            clauses.push(Box::new(TermQuery::new(
                Term::from_field_text(fields.person_keys, &key),
                IndexRecordOption::Basic,
            )));
        }
        if self.since.is_some() || self.until.is_some() {
            let bound =
                |secs: i64| Term::from_field_date(fields.date, DateTime::from_timestamp_secs(secs));
            let lower = self.since.map_or(Bound::Unbounded, |period| {
                Bound::Included(bound(period.start_secs))
            });
            let upper = self.until.map_or(Bound::Unbounded, |period| {
                Bound::Excluded(bound(period.end_secs))
            });
            clauses.push(Box::new(RangeQuery::new(lower, upper)));
        }
        clauses
    }

    /// `query` restricted by the filter.
    pub(super) fn apply(&self, fields: &Fields, query: Box<dyn Query>) -> Box<dyn Query> {
        if !self.restricts() {
            return query;
        }
        let clauses = self.clauses(fields);
        let mut all = vec![(tantivy::query::Occur::Must, query)];
        all.extend(
            clauses
                .into_iter()
                .map(|clause| (tantivy::query::Occur::Must, clause)),
        );
        Box::new(BooleanQuery::new(all))
    }
}
