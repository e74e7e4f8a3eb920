//! The archive: the tantivy index that holds the articles, their stories and
//! all dedup state.
//!
//! Only this module knows tantivy. [`Writer`] adds what the indexing
//! pipeline decided and answers the dedup stage's questions about what is
//! already indexed; [`Reader`] answers searches. Content hashes and
//! fingerprints are fields of the index itself, so there is no second store
//! that could disagree with it: an incremental run dedups against exactly
//! what a search would find. The files sitrep keeps beside tantivy's (each
//! segment's sorted fingerprints, its facet ordinals, the fingerprint
//! filter) are caches of what the index holds, written again whenever they
//! are missing or do not fit it.

mod doc_ords;
mod facet_values;
mod facets;
mod fingerprint_table;
mod known;
mod merges;
mod query;
mod reader;
pub mod schema;
mod stemmer;
mod writer;

use std::path::{Path, PathBuf};

use tantivy::directory::error::LockError;
use tantivy::index::InvertedIndexReader;
use tantivy::postings::SegmentPostings;
use tantivy::schema::{Facet, Field, IndexRecordOption, Value};
use tantivy::{
    DocAddress, DocId, DocSet, Index, Searcher, SegmentReader, TantivyDocument, TantivyError, Term,
    TERMINATED,
};

pub use reader::Reader;
pub use writer::{
    FileRecord, Indexed, IndexedTexts, Record, StoredArticle, StoredArticles, Writer,
};

/// What can go wrong with the archive that a caller may want to tell apart.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// There is no index in the directory.
    #[error("no index at {}: build one first with `sitrep index [PATH...] --index {}`", .0.display(), .0.display())]
    Missing(PathBuf),
    /// Another process is writing to the index.
    #[error("index at {} is locked: another `sitrep index` is writing to it; wait for it to finish and run again", .0.display())]
    Locked(PathBuf),
    /// The directory holds an index sitrep did not make.
    #[error("{} holds an index that was not made by this version of sitrep; index into another directory (--index DIR) or delete this one and index again", .0.display())]
    Incompatible(PathBuf),
    /// The directory holds an index of an earlier sitrep that can be
    /// searched but not added to.
    #[error("{} was made by an earlier version of sitrep, whose dedup records (each article's fingerprints) are kept differently: searching it still works, but to add articles index into another directory (--index DIR) or delete this one and index again", .0.display())]
    Outdated(PathBuf),
    /// An `--actor` or `--location` name that nothing is known by.
    #[error("no {dimension} is known as {query:?}{}; `sitrep facets {dimension}` lists those in the index", did_you_mean(.suggestions))]
    UnknownName {
        /// `actor` or `location`.
        dimension: &'static str,
        /// The name as given.
        query: String,
        /// The closest known names.
        suggestions: Vec<String>,
    },
    /// `sitrep show` was given the start of several articles' ids (or of
    /// the names of the files they were read from).
    #[error("{id:?} is the start of the ids or file names of several articles: {}{}; type more of the id", .candidates.join(", "), if *.more { ", …" } else { "" })]
    AmbiguousId {
        /// The id as given.
        id: String,
        /// The first ids that start with it, in order.
        candidates: Vec<String>,
        /// Whether more ids than these start with it.
        more: bool,
    },
    /// The query could not be parsed.
    #[error("{0}")]
    Query(#[from] QueryError),
    /// Any other failure of the index, with the directory it concerns.
    #[error("index at {}: {source}", .dir.display())]
    Tantivy {
        /// The index directory.
        dir: PathBuf,
        /// What tantivy reported.
        source: TantivyError,
    },
}

/// A query that cannot be run, and where it goes wrong: the message, then
/// the query, with a caret under the character when it is known.
#[derive(Debug)]
pub struct QueryError {
    /// The query as given.
    pub query: String,
    /// Character offset of the problem, when known.
    pub position: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.position {
            Some(at) => write!(
                f,
                "cannot parse the query at character {}: {}\n  {}\n  {}^",
                at + 1,
                self.message,
                self.query,
                " ".repeat(at)
            ),
            None => write!(
                f,
                "cannot parse the query: {}\n  {}",
                self.message, self.query
            ),
        }
    }
}

impl std::error::Error for QueryError {}

fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!(" (did you mean {}?)", suggestions.join(", "))
    }
}

/// Where the user's entity file is kept in the index directory.
pub fn user_entities_path(dir: &Path) -> PathBuf {
    dir.join(USER_ENTITIES_FILE)
}

/// The user's entity file kept with the index in `dir`, if any.
pub fn user_entities(dir: &Path) -> Result<Option<String>, Error> {
    match std::fs::read_to_string(user_entities_path(dir)) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(at(dir)(e.into())),
    }
}

/// Keeps `text`, the user's entity file, with the index in `dir` (which is
/// created if needed), so later runs and searches use it.
pub fn keep_user_entities(dir: &Path, text: &str) -> Result<(), Error> {
    std::fs::create_dir_all(dir)
        .and_then(|()| std::fs::write(user_entities_path(dir), text))
        .map_err(|e| at(dir)(e.into()))
}

/// The name of the user's entity file in the index directory.
const USER_ENTITIES_FILE: &str = "sitrep-entities.tsv";

/// The first live document carrying `term` in the segments of `searcher`,
/// each searched through its inverted index of `inverted` (in segment
/// order).
fn first_live<'a>(
    searcher: &Searcher,
    inverted: impl IntoIterator<Item = &'a InvertedIndexReader>,
    term: &Term,
) -> std::io::Result<Option<DocAddress>> {
    for (ord, inverted) in inverted.into_iter().enumerate() {
        let Some(postings) = inverted.read_postings(term, IndexRecordOption::Basic)? else {
            continue;
        };
        let segment = searcher.segment_reader(ord as u32);
        if let Some(doc) = live_docs(segment, postings).next() {
            return Ok(Some(DocAddress::new(ord as u32, doc)));
        }
    }
    Ok(None)
}

/// The facets stored in `field` of `doc`, in stored order.
fn stored_facets(doc: &TantivyDocument, field: Field) -> impl Iterator<Item = Facet> + '_ {
    doc.get_all(field)
        .filter_map(|v| v.as_facet())
        .filter_map(|encoded| Facet::from_encoded(encoded.as_bytes().to_vec()).ok())
}

/// A stored date as a UTC time.
fn to_chrono(date: tantivy::DateTime) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::from_timestamp(date.into_timestamp_secs(), 0)
}

/// The documents of `postings` that `segment` has not deleted, in order:
/// a term's postings still list the articles a later commit deleted, until
/// their segment is merged.
fn live_docs(
    segment: &SegmentReader,
    mut postings: SegmentPostings,
) -> impl Iterator<Item = DocId> + '_ {
    let alive = segment.alive_bitset();
    std::iter::from_fn(move || loop {
        let doc = postings.doc();
        if doc == TERMINATED {
            return None;
        }
        postings.advance();
        if alive.is_none_or(|bits| bits.is_alive(doc)) {
            return Some(doc);
        }
    })
}

/// Attaches the index directory to a tantivy error.
fn at(dir: &Path) -> impl Fn(TantivyError) -> Error + '_ {
    move |source| match source {
        TantivyError::LockFailure(LockError::LockBusy, _) => Error::Locked(dir.to_path_buf()),
        source => Error::Tantivy {
            dir: dir.to_path_buf(),
            source,
        },
    }
}

/// The payload of the last commit of the index in `dir`, if it had one.
pub fn last_payload(dir: &Path) -> Result<Option<String>, Error> {
    let (index, _) = open(dir)?;
    Ok(index.load_metas().map_err(at(dir))?.payload)
}

/// Whether `dir` holds an index.
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

/// Opens the index in `dir`, with sitrep's tokenizers and fields.
fn open(dir: &Path) -> Result<(Index, schema::Fields), Error> {
    if !exists(dir) {
        return Err(Error::Missing(dir.to_path_buf()));
    }
    let index = Index::open_in_dir(dir).map_err(at(dir))?;
    schema::register_tokenizers(&index);
    let fields =
        schema::fields_of(&index.schema()).ok_or_else(|| Error::Incompatible(dir.to_path_buf()))?;
    Ok((index, fields))
}

/// An index in `dir` of two segments, as a real index has several: the
/// first half of `articles`, then the rest, each made a document by
/// `doc`. The writer comes too, for tests that merge.
#[cfg(test)]
fn two_segment_index<A>(
    dir: &Path,
    articles: &[A],
    doc: impl Fn(&schema::Fields, &A) -> tantivy::TantivyDocument,
) -> (Index, tantivy::IndexWriter) {
    let (schema, fields) = schema::build();
    let index = Index::create_in_dir(dir, schema).unwrap();
    schema::register_tokenizers(&index);
    let options = writer::writer_options(1, 15_000_000);
    let mut writer = index.writer_with_options(options).unwrap();
    let (left, right) = articles.split_at(articles.len() / 2);
    for half in [left, right] {
        for article in half {
            writer.add_document(doc(&fields, article)).unwrap();
        }
        writer.commit().unwrap();
    }
    (index, writer)
}
