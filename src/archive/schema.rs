//! The index schema: the one place where field names, their options and the
//! text analysis live.
//!
//! Everything else reaches fields through [`Fields`], so a field is renamed
//! or re-analysed here and nowhere else. Custom tokenizers are not saved in a
//! tantivy index, so [`register_tokenizers`] runs on every open.

use tantivy::schema::Facet;
use tantivy::schema::{
    DateOptions, DateTimePrecision, FacetOptions, Field, IndexRecordOption, Schema,
    TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::Index;

use super::stemmer::MemoStemmer;
use crate::entities::{Actor, ActorKind};

/// Tokenizer of titles and bodies: words, lower-cased, folded to ASCII
/// (Kyïv → kyiv) and stemmed for English (talks → talk).
pub const TEXT_TOKENIZER: &str = "sitrep_text";

/// Tokenizer of sources: the whole value as one lower-cased term, so
/// `--source reuters` matches "Reuters".
pub const KEYWORD_TOKENIZER: &str = "sitrep_keyword";

/// Field names, as they appear in queries (`source:reuters`) and in the
/// index's `meta.json`.
pub mod name {
    /// The article's id (its own, or derived from where it was read).
    pub const ID: &str = "id";
    /// Headline.
    pub const TITLE: &str = "title";
    /// Text, paragraphs separated by blank lines, repeats dropped.
    pub const BODY: &str = "body";
    /// Publication time, UTC.
    pub const PUBLISHED: &str = "published";
    /// Outlet.
    pub const SOURCE: &str = "source";
    /// Address of the article on the web.
    pub const URL: &str = "url";
    /// The file it was read from, as walked.
    pub const PATH: &str = "path";
    /// Where exactly it was read: path, `path:LINE` or `path[INDEX]`.
    pub const ORIGIN: &str = "origin";
    /// The id of the story (cluster of copies) it belongs to.
    pub const STORY: &str = "story";
    /// Hash of the story id, as a fast field for grouping hits.
    pub const STORY_KEY: &str = "story_key";
    /// `original`, `near` or `exact`.
    pub const KIND: &str = "kind";
    /// For copies: the id of the article copied.
    pub const COPY_OF: &str = "copy_of";
    /// For near copies: the share of its fingerprints found in the original.
    pub const CONTAINMENT: &str = "containment";
    /// Hash of the normalised body (hex).
    pub const CONTENT_HASH: &str = "content_hash";
    /// Sampled shingle fingerprints of the text: a column, looked up
    /// through the tables `sitrep index` sorts beside the index
    /// (`fingerprint_table.rs`).
    pub const FINGERPRINT: &str = "fingerprint";
    /// One shingle in how many the fingerprints sample (a fast field).
    pub const FINGERPRINT_SAMPLE: &str = "fingerprint_sample";
    /// How many repeated paragraphs were dropped from the article.
    pub const REPEATED: &str = "repeated";
    /// Actors the article is about: `/person/NAME` or `/organisation/NAME`.
    pub const ACTOR: &str = "actor";
    /// Places the article is about: `/CONTINENT/COUNTRY/DIVISION/PLACE`.
    pub const LOCATION: &str = "location";
    /// For file records: what the last run read of the file (JSON).
    pub const FILE_STATE: &str = "file_state";

    /// The fields a query can name (`title:ceasefire`), as the README
    /// lists them.
    pub const QUERYABLE: [&str; 9] = [TITLE, BODY, SOURCE, PUBLISHED, ID, URL, PATH, STORY, KIND];
}

/// The `kind` of a file record: not an article, but what a run read of one
/// input file, so the next run can skip it or read only what it gained.
pub const FILE_KIND: &str = "file";

/// The id prefix of file records (followed by the file's path).
pub const FILE_ID_PREFIX: &str = "sitrep-file:";

/// What separates an article's paragraphs in the [`name::BODY`] field.
pub const PARAGRAPH_BREAK: &str = "\n\n";

/// The paragraphs of a stored body, as [`PARAGRAPH_BREAK`] joined them.
pub fn paragraphs(body: &str) -> Vec<String> {
    body.split(PARAGRAPH_BREAK)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// The handles of every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// See [`name::ID`].
    pub id: Field,
    /// See [`name::TITLE`].
    pub title: Field,
    /// See [`name::BODY`].
    pub body: Field,
    /// See [`name::PUBLISHED`].
    pub published: Field,
    /// See [`name::SOURCE`].
    pub source: Field,
    /// See [`name::URL`].
    pub url: Field,
    /// See [`name::PATH`].
    pub path: Field,
    /// See [`name::ORIGIN`].
    pub origin: Field,
    /// See [`name::STORY`].
    pub story: Field,
    /// See [`name::STORY_KEY`].
    pub story_key: Field,
    /// See [`name::KIND`].
    pub kind: Field,
    /// See [`name::COPY_OF`].
    pub copy_of: Field,
    /// See [`name::CONTAINMENT`].
    pub containment: Field,
    /// See [`name::CONTENT_HASH`].
    pub content_hash: Field,
    /// See [`name::FINGERPRINT`].
    pub fingerprint: Field,
    /// See [`name::FINGERPRINT_SAMPLE`]. Absent from indexes made before
    /// sitrep recorded it: those can still be searched, not added to.
    pub fingerprint_sample: Option<Field>,
    /// See [`name::REPEATED`].
    pub repeated: Field,
    /// See [`name::ACTOR`].
    pub actor: Field,
    /// See [`name::LOCATION`].
    pub location: Field,
    /// See [`name::FILE_STATE`].
    pub file_state: Field,
}

/// The schema of a new index, with the handles of its fields.
pub fn build() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TEXT_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let keyword = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(KEYWORD_TOKENIZER)
            .set_index_option(IndexRecordOption::Basic),
    );
    let date = DateOptions::from(INDEXED | STORED | FAST).set_precision(DateTimePrecision::Seconds);
    let fields = Fields {
        id: builder.add_text_field(name::ID, STRING | STORED),
        title: builder.add_text_field(name::TITLE, text.clone()),
        body: builder.add_text_field(name::BODY, text),
        published: builder.add_date_field(name::PUBLISHED, date),
        source: builder.add_text_field(name::SOURCE, keyword),
        url: builder.add_text_field(name::URL, STRING | STORED),
        path: builder.add_text_field(name::PATH, STRING | STORED),
        origin: builder.add_text_field(name::ORIGIN, STRING | STORED),
        story: builder.add_text_field(name::STORY, STRING | STORED),
        story_key: builder.add_u64_field(name::STORY_KEY, FAST),
        kind: builder.add_text_field(name::KIND, STRING | STORED | FAST),
        copy_of: builder.add_text_field(name::COPY_OF, STRING | STORED),
        containment: builder.add_f64_field(name::CONTAINMENT, STORED),
        content_hash: builder.add_text_field(name::CONTENT_HASH, STRING | STORED),
        fingerprint: builder.add_u64_field(name::FINGERPRINT, FAST),
        fingerprint_sample: Some(builder.add_u64_field(name::FINGERPRINT_SAMPLE, FAST)),
        repeated: builder.add_u64_field(name::REPEATED, STORED | FAST),
        actor: builder.add_facet_field(name::ACTOR, FacetOptions::default().set_stored()),
        location: builder.add_facet_field(name::LOCATION, FacetOptions::default().set_stored()),
        file_state: builder.add_text_field(name::FILE_STATE, STORED),
    };
    (builder.build(), fields)
}

/// Looks up the handles of every field in an existing index's schema; `None`
/// when the index lacks one that searching needs (it was not made by this
/// version of sitrep).
pub fn fields_of(schema: &Schema) -> Option<Fields> {
    let field = |name: &str| schema.get_field(name).ok();
    Some(Fields {
        id: field(name::ID)?,
        title: field(name::TITLE)?,
        body: field(name::BODY)?,
        published: field(name::PUBLISHED)?,
        source: field(name::SOURCE)?,
        url: field(name::URL)?,
        path: field(name::PATH)?,
        origin: field(name::ORIGIN)?,
        story: field(name::STORY)?,
        story_key: field(name::STORY_KEY)?,
        kind: field(name::KIND)?,
        copy_of: field(name::COPY_OF)?,
        containment: field(name::CONTAINMENT)?,
        content_hash: field(name::CONTENT_HASH)?,
        fingerprint: field(name::FINGERPRINT)?,
        fingerprint_sample: field(name::FINGERPRINT_SAMPLE),
        repeated: field(name::REPEATED)?,
        actor: field(name::ACTOR)?,
        location: field(name::LOCATION)?,
        file_state: field(name::FILE_STATE)?,
    })
}

/// The facet root of actors of one kind: the kind's name, `person` or
/// `organisation`.
pub fn actor_kind_root(kind: ActorKind) -> &'static str {
    kind.as_str()
}

/// The kind of actor whose facets sit under `root`, if any.
pub fn actor_kind_of_root(root: &str) -> Option<ActorKind> {
    ActorKind::ALL
        .into_iter()
        .find(|&kind| actor_kind_root(kind) == root)
}

/// The facet an actor is indexed under: `/person/Volodymyr Zelenskyy`.
pub fn actor_facet(actor: &Actor) -> Facet {
    Facet::from_path([actor_kind_root(actor.kind), actor.name.as_str()])
}

/// The facet a place is indexed under: its path from the continent down.
pub fn location_facet(path: &[String]) -> Facet {
    Facet::from_path(path)
}

/// Registers sitrep's tokenizers with `index`; needed on every open.
pub fn register_tokenizers(index: &Index) {
    let text = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(MemoStemmer)
        .build();
    let keyword = TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .build();
    index.tokenizers().register(TEXT_TOKENIZER, text);
    index.tokenizers().register(KEYWORD_TOKENIZER, keyword);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(index: &Index, tokenizer: &str, text: &str) -> Vec<String> {
        let mut analyzer = index.tokenizers().get(tokenizer).unwrap();
        super::super::stemmer::token_texts(&mut analyzer, text)
    }

    #[test]
    fn text_is_folded_and_stemmed() {
        let (schema, _) = build();
        let index = Index::create_in_ram(schema);
        register_tokenizers(&index);
        assert_eq!(
            tokens(&index, TEXT_TOKENIZER, "Kyïv’s talks"),
            ["kyiv", "s", "talk"]
        );
        assert_eq!(
            tokens(&index, TEXT_TOKENIZER, "Kyiv's"),
            tokens(&index, TEXT_TOKENIZER, "KYIV’S")
        );
        assert_eq!(
            tokens(&index, KEYWORD_TOKENIZER, "The Guardian"),
            ["the guardian"]
        );
    }

    #[test]
    fn the_fields_a_query_can_name_are_indexed() {
        let (schema, _) = build();
        for name in name::QUERYABLE {
            let field = schema.get_field(name).unwrap();
            assert!(schema.get_field_entry(field).is_indexed(), "{name}");
        }
    }

    #[test]
    fn fields_are_found_again() {
        let (schema, fields) = build();
        let found = fields_of(&schema).unwrap();
        assert_eq!(found.fingerprint, fields.fingerprint);
        assert_eq!(found.repeated, fields.repeated);
    }
}
