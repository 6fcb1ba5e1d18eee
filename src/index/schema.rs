//! The passage schema: one tantivy document per paragraph, carrying its article's metadata.

use crate::analysis;
use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};

/// The name of the signature field, as its fast-field column is read.
pub const SIGNATURE_FIELD: &str = "signature";

/// The fields of a passage document.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// 64-bit id of the article (hash of its path); groups passages, and is the public id.
    pub article: Field,
    /// The file the passage comes from; every passage of a file is replaced together.
    pub path: Field,
    /// The record number in a JSON file (from 1), absent for a file that is one article.
    pub record: Field,
    /// Article title, analysed (stemmed).
    pub title: Field,
    /// The title as written, stored for display.
    pub stored_title: Field,
    pub section: Field,
    /// First moment of the article's date (a month or a day).
    pub date: Field,
    /// The date as the article gave it: `2022-01` or `2022-01-18`.
    pub date_label: Field,
    /// One value per source named in the closing credit or the file's metadata.
    pub sources: Field,
    pub authors: Field,
    pub url: Field,
    /// 1-based number of the paragraph in its article.
    pub paragraph: Field,
    /// The subheading the paragraph stands under, analysed (stemmed).
    pub heading: Field,
    /// The subheading as written, stored for display.
    pub stored_heading: Field,
    /// The paragraph, analysed (stemmed) with positions.
    pub text: Field,
    /// The paragraph as written, stored for display. Kept apart from its analysed fields so
    /// that all of those take their tokens as text (see `analysis::PassThrough`), which
    /// tantivy indexes without copying them.
    pub stored_text: Field,
    /// The paragraph, analysed without stemming, to prefer exact word forms.
    pub text_exact: Field,
    /// The stemmed parts of the paragraph's compounds, at the compounds' positions.
    pub text_parts: Field,
    /// Sound keys of the paragraph's capitalised words, for name variants.
    pub names: Field,
    /// The persons named in the paragraph, by their article's fullest form of the name.
    pub persons: Field,
    /// Folded forms of those names and their surnames, for the person filter.
    pub person_keys: Field,
    /// The persons named anywhere in the paragraph's article.
    pub article_persons: Field,
    /// The article's content signature ([`super::signature`]), on its first passage only.
    pub signature: Field,
}

impl Fields {
    /// Builds the schema and the handles of its fields.
    pub fn schema() -> (Schema, Fields) {
        let mut builder = Schema::builder();
        let analysed = |analyzer: &str| {
            let indexing = TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions);
            TextOptions::default().set_indexing_options(indexing)
        };
        let fields = Fields {
            article: builder.add_u64_field(
                "article",
                NumericOptions::default()
                    .set_indexed()
                    .set_stored()
                    .set_fast(),
            ),
            path: builder.add_text_field("path", STRING | STORED),
            record: builder.add_u64_field("record", STORED),
            title: builder.add_text_field("title", analysed(analysis::STEMMED)),
            stored_title: builder.add_text_field("stored_title", STORED),
            section: builder.add_text_field("section", STRING | STORED | FAST),
            date: builder.add_date_field(
                "date",
                DateOptions::default()
                    .set_indexed()
                    .set_stored()
                    .set_fast()
                    .set_precision(DateTimePrecision::Seconds),
            ),
            date_label: builder.add_text_field("date_label", STORED),
            sources: builder.add_text_field("sources", STRING | STORED),
            authors: builder.add_text_field("authors", STRING | STORED),
            url: builder.add_text_field("url", STORED),
            paragraph: builder.add_u64_field("paragraph", STORED | FAST),
            heading: builder.add_text_field("heading", analysed(analysis::STEMMED)),
            stored_heading: builder.add_text_field("stored_heading", STORED),
            text: builder.add_text_field("text", analysed(analysis::STEMMED)),
            stored_text: builder.add_text_field("stored_text", STORED),
            text_exact: builder.add_text_field("text_exact", analysed(analysis::EXACT)),
            text_parts: builder.add_text_field("text_parts", analysed(analysis::PARTS)),
            names: builder.add_text_field("names", analysed(analysis::SOUNDS)),
            persons: builder.add_text_field("persons", STRING | STORED | FAST),
            person_keys: builder.add_text_field("person_keys", STRING),
            article_persons: builder.add_text_field("article_persons", STRING | STORED | FAST),
            signature: builder.add_bytes_field(SIGNATURE_FIELD, FAST),
        };
        (builder.build(), fields)
    }
}
