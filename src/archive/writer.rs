//! Adding articles to the index, and answering dedup's questions about what
//! it already holds.
//!
//! The writer keeps a searcher on the last commit. Lookups go straight to
//! the posting lists and each segment's table of fingerprints (no scoring,
//! no collectors): the dedup stage asks about every fingerprint of every
//! article, so this is a hot path.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use tantivy::columnar::Column;
use tantivy::directory::MmapDirectory;
use tantivy::index::{InvertedIndexReader, SegmentId};
use tantivy::indexer::IndexWriterOptions;
use tantivy::schema::{Facet, Field, IndexRecordOption, Value};
use tantivy::{
    DocAddress, DocSet, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument,
    Term,
};

use super::doc_ords;
use super::facet_values::FacetValues;
use super::fingerprint_table::{self, FingerprintTable};
use super::known::{self, KnownFingerprints};
use super::merges::{self, CappedMerges};
use super::schema::{self, Fields};
use super::{at, first_live, live_docs, stored_facets, to_chrono, Error};
use crate::corpus::Problem;
use crate::dedup::{self, ArticleKey, ContentHash, Holder, Original};
use crate::entities::Entities;
use crate::search::Kind;

/// What the index holds under an article's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Indexed {
    /// No article has the id.
    Absent,
    /// An article with the same text has it.
    Same,
    /// An article with other text has it, read from `origin` (path,
    /// `path:LINE` or `path[INDEX]`).
    Different {
        /// Where the indexed article was read.
        origin: String,
    },
}

/// One article to add, with what dedup decided about it.
#[derive(Debug, Clone)]
pub struct Record<'a> {
    /// Its id, unique in the index.
    pub id: &'a str,
    /// Headline.
    pub title: &'a str,
    /// Paragraphs, each once (ignored for exact copies: their text is their
    /// original's).
    pub paragraphs: &'a [String],
    /// Publication time.
    pub published: Option<DateTime<Utc>>,
    /// Outlet.
    pub source: Option<&'a str>,
    /// Address.
    pub url: Option<&'a str>,
    /// File it was read from.
    pub path: &'a str,
    /// Where it was read: path, `path:LINE` or `path[INDEX]`.
    pub origin: &'a str,
    /// Id of its story.
    pub story: &'a str,
    /// How it relates to its story.
    pub kind: Kind,
    /// The article it copies, for copies.
    pub copy_of: Option<&'a str>,
    /// For near copies, the share of its fingerprints found in the original.
    pub containment: Option<f32>,
    /// Hash of its normalised body.
    pub content_hash: ContentHash,
    /// Its sampled fingerprints (ignored for exact copies).
    pub fingerprints: &'a [u64],
    /// One shingle in how many `fingerprints` sample.
    pub fingerprint_sample: u64,
    /// Repeated paragraphs dropped from it.
    pub repeated_paragraphs: u32,
    /// Actors and places it is about.
    pub entities: &'a Entities,
}

/// An indexed article as the index holds it: all that [`Writer::add`]
/// needs to add it again with other actors and places, which is how
/// `sitrep index --refresh-entities` finds them again without the file it
/// was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredArticle {
    /// Its id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Paragraphs; for an exact copy, which keeps no text of its own,
    /// those of the article it copies.
    pub paragraphs: Vec<String>,
    /// Publication time.
    pub published: Option<DateTime<Utc>>,
    /// Outlet.
    pub source: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// File it was read from.
    pub path: String,
    /// Where it was read: path, `path:LINE` or `path[INDEX]`.
    pub origin: String,
    /// Id of its story.
    pub story: String,
    /// How it relates to its story.
    pub kind: Kind,
    /// The article it copies, for copies.
    pub copy_of: Option<String>,
    /// For near copies, the share of its fingerprints found in the original.
    pub containment: Option<f32>,
    /// Hash of its normalised body.
    pub content_hash: ContentHash,
    /// Its sampled fingerprints (none for exact copies).
    pub fingerprints: Vec<u64>,
    /// One shingle in how many `fingerprints` sample.
    pub fingerprint_sample: u64,
    /// Repeated paragraphs dropped from it.
    pub repeated_paragraphs: u32,
    /// Its actor facets, then its location facets, as stored.
    facets: Vec<Facet>,
}

impl StoredArticle {
    /// Whether it is stored with exactly these actors and places, in this
    /// order (the order hits show them in).
    pub fn has_entities(&self, entities: &Entities) -> bool {
        let actors = entities.actors.iter().map(schema::actor_facet);
        let places = (entities.locations.iter()).map(|place| schema::location_facet(&place.path));
        self.facets.iter().cloned().eq(actors.chain(places))
    }

    /// The record that adds it again with `entities`.
    pub fn record<'a>(&'a self, entities: &'a Entities) -> Record<'a> {
        Record {
            id: &self.id,
            title: &self.title,
            paragraphs: &self.paragraphs,
            published: self.published,
            source: self.source.as_deref(),
            url: self.url.as_deref(),
            path: &self.path,
            origin: &self.origin,
            story: &self.story,
            kind: self.kind,
            copy_of: self.copy_of.as_deref(),
            containment: self.containment,
            content_hash: self.content_hash,
            fingerprints: &self.fingerprints,
            fingerprint_sample: self.fingerprint_sample,
            repeated_paragraphs: self.repeated_paragraphs,
            entities,
        }
    }
}

/// The articles of one commit as stored ([`Writer::stored_articles`]):
/// read by id, from any number of threads, while the writer goes on.
pub struct StoredArticles {
    dir: PathBuf,
    searcher: Searcher,
    fields: Fields,
    segments: Vec<StoredSegment>,
}

/// What reading a stored article needs of one segment.
struct StoredSegment {
    ids: Arc<InvertedIndexReader>,
    fingerprints: Column<u64>,
    fingerprint_samples: Column<u64>,
}

impl StoredArticles {
    /// The article with this id, as stored; `None` if
    /// there is none, or if what is stored is not whole (its content hash
    /// unreadable, or an exact copy whose original is gone).
    pub fn get(&self, id: &str) -> Result<Option<StoredArticle>, Error> {
        let Some(address) = self.address(id)? else {
            return Ok(None);
        };
        let doc: TantivyDocument = self.searcher.doc(address).map_err(at(&self.dir))?;
        let f = &self.fields;
        let text = |field| doc.get_first(field).and_then(|v| v.as_str());
        let owned = |field| text(field).map(str::to_string);
        let kind = match text(f.kind).map(Kind::from_name) {
            Some(Some(kind)) => kind,
            _ => return Ok(None),
        };
        let Some(content_hash) = text(f.content_hash)
            .and_then(|hex| u128::from_str_radix(hex, 16).ok())
            .map(ContentHash)
        else {
            return Ok(None);
        };
        let copy_of = owned(f.copy_of);
        let body = match (kind, &copy_of) {
            (Kind::Exact, Some(original)) => {
                let Some(at_original) = self.address(original)? else {
                    return Ok(None);
                };
                let original: TantivyDocument =
                    self.searcher.doc(at_original).map_err(at(&self.dir))?;
                original
                    .get_first(f.body)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            }
            _ => text(f.body).unwrap_or_default().to_string(),
        };
        let segment = &self.segments[address.segment_ord as usize];
        let fingerprints = (segment.fingerprints)
            .values_for_doc(address.doc_id)
            .collect();
        let facets = stored_facets(&doc, f.actor)
            .chain(stored_facets(&doc, f.location))
            .collect();
        Ok(Some(StoredArticle {
            id: id.to_string(),
            title: owned(f.title).unwrap_or_default(),
            paragraphs: schema::paragraphs(&body),
            published: doc
                .get_first(f.published)
                .and_then(|v| v.as_datetime())
                .and_then(to_chrono),
            source: owned(f.source),
            url: owned(f.url),
            path: owned(f.path).unwrap_or_default(),
            origin: owned(f.origin).unwrap_or_default(),
            story: owned(f.story).unwrap_or_default(),
            kind,
            copy_of,
            containment: doc
                .get_first(f.containment)
                .and_then(|v| v.as_f64())
                .map(|c| c as f32),
            content_hash,
            fingerprints,
            fingerprint_sample: segment
                .fingerprint_samples
                .first(address.doc_id)
                .unwrap_or(dedup::SAMPLE_MODULUS),
            repeated_paragraphs: doc
                .get_first(f.repeated)
                .and_then(|v| v.as_u64())
                .map_or(0, |n| u32::try_from(n).unwrap_or(u32::MAX)),
            facets,
        }))
    }

    /// Where the live article with this id is.
    fn address(&self, id: &str) -> Result<Option<DocAddress>, Error> {
        let term = Term::from_field_text(self.fields.id, id);
        let inverted = self.segments.iter().map(|s| &*s.ids);
        first_live(&self.searcher, inverted, &term).map_err(|e| at(&self.dir)(e.into()))
    }
}

/// What a run read of one input file, kept in the index beside the file's
/// articles and committed with them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileRecord {
    /// Size on disk, in bytes.
    pub size: u64,
    /// Modification time, in nanoseconds since the Unix epoch.
    pub modified: u64,
    /// Hash (xxh3-64) of its bytes.
    pub hash: u64,
    /// Line breaks in it.
    pub lines: u64,
    /// Articles read from it.
    pub articles: u64,
    /// The problems reading it met, reported again by runs that skip it.
    #[serde(default)]
    pub problems: Vec<Problem>,
}

/// What the lookups need of one segment, fetched once per commit.
struct SegmentLookup {
    fingerprints: Arc<FingerprintTable>,
    ids: Arc<InvertedIndexReader>,
    hashes: Arc<InvertedIndexReader>,
    story_keys: Column<u64>,
    fingerprint_samples: Column<u64>,
}

/// A reader of the index in `dir` for the writer's lookups, on a directory
/// handle of its own. tantivy maps each file once per handle: through the
/// writer's handle, a merge read its inputs whole through the very maps the
/// lookups hold, and every page it read stayed counted in the process's
/// memory for as long as the lookups held those segments. Apart, a merge's
/// maps go with the merge, and the lookups' maps hold only the pages they
/// read: 2,040 → 1,630 MiB of peak RSS at a million articles (§6 of
/// BENCHMARKS.md).
fn lookup_reader(dir: &Path) -> Result<IndexReader, Error> {
    let directory = MmapDirectory::open(dir).map_err(|e| at(dir)(e.into()))?;
    let index = Index::open(directory).map_err(at(dir))?;
    schema::register_tokenizers(&index);
    index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(at(dir))
}

/// How tantivy's writer is set up: `memory_budget` bytes shared by
/// `threads` indexing threads (at least one, with the 16 MB each that
/// tantivy wants at least), and one merge at a time — a merge maps all of
/// its input, and tantivy runs the merges its policy proposes together (up
/// to four at once by default), so their maps would add up (merges.rs).
pub(super) fn writer_options(threads: usize, memory_budget: usize) -> IndexWriterOptions {
    let threads = threads.max(1);
    let memory_budget = memory_budget.max(threads * 16_000_000);
    IndexWriterOptions::builder()
        .num_worker_threads(threads)
        .memory_budget_per_thread(memory_budget / threads)
        .num_merge_threads(1)
        .build()
}

/// The articles of one commit, by id and text: a view the pipeline's
/// parallel stage asks whether an article it prepares is already indexed
/// as it is, before looking for its entities (most of an article's cost).
/// A file that changed is read again whole, and without this a one-line
/// edit of a big JSON Lines file cost nearly as much as indexing it anew.
/// It is a searcher of its own, as the writer, which the decisions use, is
/// not shared between threads.
#[derive(Clone)]
pub struct IndexedTexts {
    searcher: Searcher,
    id: Field,
    content_hash: Field,
}

impl IndexedTexts {
    /// Whether a live article has this id and this content hash. An index
    /// that cannot be read answers no: the caller then does the work a new
    /// article needs, which is never wrong, only slower.
    pub fn holds(&self, id: &str, content_hash: ContentHash) -> bool {
        let id = Term::from_field_text(self.id, id);
        let hash = Term::from_field_text(self.content_hash, &content_hash.to_hex());
        self.searcher.segment_readers().iter().any(|segment| {
            let postings = |field, term: &Term| {
                segment
                    .inverted_index(field)
                    .ok()?
                    .read_postings(term, IndexRecordOption::Basic)
                    .ok()?
            };
            let Some(ids) = postings(self.id, &id) else {
                return false;
            };
            let Some(mut hashes) = postings(self.content_hash, &hash) else {
                return false;
            };
            live_docs(segment, ids).any(|doc| hashes.seek(doc) == doc)
        })
    }
}

/// Adds articles to an index and looks up what it already holds.
pub struct Writer {
    dir: PathBuf,
    index: Index,
    fields: Fields,
    /// See [`schema::name::FINGERPRINT_SAMPLE`].
    fingerprint_sample: Field,
    writer: IndexWriter,
    /// The lookups' view of the last commit: the same files as the writer's,
    /// mapped apart from its merges ([`lookup_reader`]).
    reader: IndexReader,
    searcher: Searcher,
    segments: Vec<SegmentLookup>,
    /// The index directory, mapped apart from tantivy's handles: the
    /// fingerprint tables have no footer of tantivy's.
    tables_directory: MmapDirectory,
    /// Fingerprints in the committed segments, once per article carrying
    /// one.
    indexed_fingerprints: u64,
    /// The filter in front of the fingerprint lookups, once a run has made
    /// enough of them for it to pay ([`known`]).
    known: RefCell<Option<KnownFingerprints>>,
    /// Fingerprint lookups made while there is no filter.
    unfiltered_lookups: Cell<u64>,
    /// Fingerprints added since the last commit (one batch: some 12 MB at
    /// 50,000 articles). The filter takes them when they are committed:
    /// lookups see only committed segments, so a fingerprint only pending
    /// articles carry would pass the filter and then be looked for in every
    /// segment in vain (dedup knows its pending articles itself).
    uncommitted: Vec<u64>,
    /// The commit the index was at when opened: a filter an earlier run
    /// kept beside it is read only if stamped with it.
    opened_at: u64,
    /// Whether this run has committed.
    committed: bool,
    /// Whether this run has added an article with fingerprints.
    added_fingerprints: bool,
    /// Whether the kept filter was looked for.
    looked_for_kept: Cell<bool>,
    /// Fewest fingerprints a filter must hold to be kept ([`known::KEEP_FROM`]).
    keep_filter_from: usize,
}

impl Writer {
    /// Opens the index in `dir` for writing, creating it (and `dir`) if
    /// needed. `memory_budget` bytes are shared by `threads` indexing threads.
    /// Fails with [`Error::Locked`] while another writer holds the index.
    pub fn open(dir: &Path, memory_budget: usize, threads: usize) -> Result<Writer, Error> {
        let index = if super::exists(dir) {
            super::open(dir)?.0
        } else {
            std::fs::create_dir_all(dir).map_err(|e| Error::Tantivy {
                dir: dir.to_path_buf(),
                source: e.into(),
            })?;
            let index = Index::create_in_dir(dir, schema::build().0).map_err(at(dir))?;
            schema::register_tokenizers(&index);
            index
        };
        let fields = schema::fields_of(&index.schema())
            .ok_or_else(|| Error::Incompatible(dir.to_path_buf()))?;
        // An index made before fingerprint samples were recorded, or with
        // fingerprints as terms rather than a column, can be searched, but
        // dedup could not judge what is added to it.
        let fingerprint_sample = fields
            .fingerprint_sample
            .filter(|_| index.schema().get_field_entry(fields.fingerprint).is_fast())
            .ok_or_else(|| Error::Outdated(dir.to_path_buf()))?;
        let tables_directory = MmapDirectory::open(dir).map_err(|e| at(dir)(e.into()))?;
        let writer = index
            .writer_with_options(writer_options(threads, memory_budget))
            .map_err(at(dir))?;
        writer.set_merge_policy(Box::new(CappedMerges::new(merges::MOST_MERGED_ARTICLES)));
        let reader = lookup_reader(dir)?;
        // Files a killed run left behind, referenced by no commit.
        writer.garbage_collect_files().wait().map_err(at(dir))?;
        let mut writer = Writer {
            dir: dir.to_path_buf(),
            index,
            fields,
            fingerprint_sample,
            writer,
            searcher: reader.searcher(),
            reader,
            segments: Vec::new(),
            tables_directory,
            indexed_fingerprints: 0,
            known: RefCell::new(None),
            unfiltered_lookups: Cell::new(0),
            uncommitted: Vec::new(),
            opened_at: 0,
            committed: false,
            added_fingerprints: false,
            looked_for_kept: Cell::new(false),
            keep_filter_from: known::KEEP_FROM,
        };
        writer.opened_at = writer.opstamp()?;
        writer.refresh()?;
        Ok(writer)
    }

    /// The index directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What the index holds as of the last commit, for lookups by the
    /// pipeline's parallel stage ([`IndexedTexts`]).
    pub fn indexed_texts(&self) -> IndexedTexts {
        IndexedTexts {
            searcher: self.searcher.clone(),
            id: self.fields.id,
            content_hash: self.fields.content_hash,
        }
    }

    /// Whether an article with this id is indexed, and if so whether with
    /// this content hash. Answered from the posting lists alone, without
    /// reading stored documents, unless the text differs.
    pub fn find_id(&self, id: &str, content_hash: ContentHash) -> Result<Indexed, Error> {
        let term = Term::from_field_text(self.fields.id, id);
        let Some(address) = self.first_alive(&term, |s| &s.ids)? else {
            return Ok(Indexed::Absent);
        };
        let ord = address.segment_ord as usize;
        let hash = Term::from_field_text(self.fields.content_hash, &content_hash.to_hex());
        let same = self.segments.get(ord).map(|lookup| {
            self.each_alive(ord, &lookup.hashes, &hash, |doc| {
                (doc == address.doc_id).then_some(())
            })
        });
        if let Some(Some(())) = same.transpose()? {
            return Ok(Indexed::Same);
        }
        let doc: TantivyDocument = self.searcher.doc(address).map_err(at(&self.dir))?;
        let origin = doc
            .get_first(self.fields.origin)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        Ok(Indexed::Different { origin })
    }

    /// Adds one article. It becomes visible to lookups after [`commit`](Self::commit).
    pub fn add(&mut self, record: &Record) -> Result<(), Error> {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, record.id);
        doc.add_text(f.path, record.path);
        doc.add_text(f.origin, record.origin);
        doc.add_text(f.story, record.story);
        doc.add_u64(f.story_key, dedup::story_key(record.story));
        doc.add_text(f.kind, record.kind.as_str());
        doc.add_text(f.content_hash, record.content_hash.to_hex());
        doc.add_u64(f.repeated, u64::from(record.repeated_paragraphs));
        if let Some(published) = record.published {
            doc.add_date(
                f.published,
                tantivy::DateTime::from_timestamp_secs(published.timestamp()),
            );
        }
        if let Some(source) = record.source {
            doc.add_text(f.source, source);
        }
        if let Some(url) = record.url {
            doc.add_text(f.url, url);
        }
        if let Some(copy_of) = record.copy_of {
            doc.add_text(f.copy_of, copy_of);
        }
        if let Some(containment) = record.containment {
            doc.add_f64(f.containment, f64::from(containment));
        }
        for actor in &record.entities.actors {
            doc.add_facet(f.actor, schema::actor_facet(actor));
        }
        for place in &record.entities.locations {
            doc.add_facet(f.location, schema::location_facet(&place.path));
        }
        // An exact copy keeps its own headline (syndicated copies often
        // retitle a story); searches leave it out by its kind.
        doc.add_text(f.title, record.title);
        if record.kind != Kind::Exact {
            doc.add_text(f.body, record.paragraphs.join(schema::PARAGRAPH_BREAK));
            for &fingerprint in record.fingerprints {
                doc.add_u64(f.fingerprint, fingerprint);
            }
            self.uncommitted.extend_from_slice(record.fingerprints);
            self.added_fingerprints |= !record.fingerprints.is_empty();
            doc.add_u64(self.fingerprint_sample, record.fingerprint_sample);
        }
        self.writer.add_document(doc).map_err(at(&self.dir))?;
        Ok(())
    }

    /// What an earlier run recorded of the input file at `path`, if any.
    pub fn file_record(&self, path: &str) -> Result<Option<FileRecord>, Error> {
        let term = Term::from_field_text(self.fields.id, &file_record_id(path));
        let Some(address) = self.first_alive(&term, |s| &s.ids)? else {
            return Ok(None);
        };
        let doc: TantivyDocument = self.searcher.doc(address).map_err(at(&self.dir))?;
        Ok(doc
            .get_first(self.fields.file_state)
            .and_then(|v| v.as_str())
            .and_then(|json| serde_json::from_str(json).ok()))
    }

    /// Records what this run read of the input file at `path`, replacing
    /// any earlier record; committed with the file's articles.
    pub fn record_file(&mut self, path: &str, record: &FileRecord) -> Result<(), Error> {
        let id = file_record_id(path);
        self.delete(&id);
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, &id);
        doc.add_text(f.kind, schema::FILE_KIND);
        doc.add_text(f.path, path);
        let state = serde_json::to_string(record).unwrap_or_default();
        doc.add_text(f.file_state, state);
        self.writer.add_document(doc).map_err(at(&self.dir))?;
        Ok(())
    }

    /// The ids of the articles (not the file records) of the last commit,
    /// sorted.
    pub fn article_ids(&self) -> Result<Vec<String>, Error> {
        let io = |e: std::io::Error| at(&self.dir)(e.into());
        let mut ids = Vec::new();
        for (segment, lookup) in self.searcher.segment_readers().iter().zip(&self.segments) {
            let mut terms = lookup.ids.terms().stream().map_err(io)?;
            while terms.advance() {
                if terms.key().starts_with(schema::FILE_ID_PREFIX.as_bytes()) {
                    continue;
                }
                let postings = lookup
                    .ids
                    .read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)
                    .map_err(io)?;
                if live_docs(segment, postings).next().is_some() {
                    ids.push(String::from_utf8_lossy(terms.key()).into_owned());
                }
            }
        }
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    /// The articles of the last commit as stored, to be read by id from
    /// any thread. They are read through a directory handle of their own
    /// ([`lookup_reader`]), so that the pages of stored text a refresh
    /// reads are unmapped when it drops them: through the lookups' handle,
    /// every page of a million articles' text stayed counted in the
    /// process's memory to the end (3.6 GiB of RSS, 137 MiB of it heap).
    pub fn stored_articles(&self) -> Result<StoredArticles, Error> {
        let searcher = lookup_reader(&self.dir)?.searcher();
        let f = &self.fields;
        let segments = searcher
            .segment_readers()
            .iter()
            .map(|segment| {
                let fast = segment.fast_fields();
                Ok(StoredSegment {
                    ids: segment.inverted_index(f.id)?,
                    fingerprints: fast.u64(schema::name::FINGERPRINT)?,
                    fingerprint_samples: fast.u64(schema::name::FINGERPRINT_SAMPLE)?,
                })
            })
            .collect::<tantivy::Result<_>>()
            .map_err(at(&self.dir))?;
        Ok(StoredArticles {
            dir: self.dir.clone(),
            searcher,
            fields: self.fields,
            segments,
        })
    }

    /// The payload of the last commit, if it had one.
    pub fn last_payload(&self) -> Result<Option<String>, Error> {
        Ok(self.index.load_metas().map_err(at(&self.dir))?.payload)
    }

    /// Deletes the article with this id (at the next commit), so that a
    /// changed version can replace it.
    pub fn delete(&mut self, id: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.id, id));
    }

    /// Makes everything added so far durable and visible to lookups, in
    /// one atomic step, with `payload` (the run's progress) stored in the
    /// commit.
    pub fn commit(&mut self, payload: &str) -> Result<(), Error> {
        let mut prepared = self.writer.prepare_commit().map_err(at(&self.dir))?;
        prepared.set_payload(payload);
        prepared.commit().map_err(at(&self.dir))?;
        self.committed = true;
        self.refresh()?;
        if let Some(known) = self.known.get_mut() {
            self.uncommitted.iter().for_each(|&f| known.insert(f));
        }
        self.uncommitted.clear();
        Ok(())
    }

    /// Waits for background merges to finish, saves the facet values of
    /// the final segments beside the index for searches to load, and their
    /// fingerprint tables and the fingerprint filter for the next run, and
    /// releases the index.
    pub fn finish(self) -> Result<(), Error> {
        let opstamp = self.opstamp()?;
        let io = |e: std::io::Error| at(&self.dir)(e.into());
        match self.known.borrow().as_ref() {
            Some(known) => known
                .save(&self.dir, opstamp, self.keep_filter_from)
                .map_err(io)?,
            None if !self.added_fingerprints => {
                known::restamp(&self.dir, self.opened_at, opstamp).map_err(io)?
            }
            None => known::forget(&self.dir).map_err(io)?,
        }
        let dir = self.dir;
        self.writer.wait_merging_threads().map_err(at(&dir))?;
        let searcher = self.index.reader().map_err(at(&dir))?.searcher();
        FacetValues::load(&dir)
            .save(&dir, &searcher)
            .and_then(|()| doc_ords::save(&dir, &searcher))
            .and_then(|()| fingerprint_table::save(&dir, &searcher))
            .map_err(at(&dir))
    }

    /// The stamp of the last commit.
    fn opstamp(&self) -> Result<u64, Error> {
        Ok(self.index.load_metas().map_err(at(&self.dir))?.opstamp)
    }

    /// Points the lookups at the last commit, writing the fingerprint
    /// table of each segment that has none and deleting those of segments
    /// merged away.
    fn refresh(&mut self) -> Result<(), Error> {
        // The tables of segments still in the index are kept, not opened again.
        let old_ids = self
            .searcher
            .segment_readers()
            .iter()
            .map(|s| s.segment_id());
        let mut kept: HashMap<SegmentId, Arc<FingerprintTable>> = old_ids
            .zip(self.segments.drain(..).map(|lookup| lookup.fingerprints))
            .collect();
        self.reader.reload().map_err(at(&self.dir))?;
        self.searcher = self.reader.searcher();
        let (f, dir, tables) = (self.fields, &self.dir, &self.tables_directory);
        let segments = self
            .searcher
            .segment_readers()
            .iter()
            .map(|segment| {
                let fingerprints = match kept.remove(&segment.segment_id()) {
                    Some(table) => table,
                    None => Arc::new(FingerprintTable::open_or_write(dir, tables, segment)?),
                };
                Ok(SegmentLookup {
                    fingerprints,
                    ids: segment.inverted_index(f.id)?,
                    hashes: segment.inverted_index(f.content_hash)?,
                    story_keys: segment.fast_fields().u64(schema::name::STORY_KEY)?,
                    fingerprint_samples: segment
                        .fast_fields()
                        .u64(schema::name::FINGERPRINT_SAMPLE)?,
                })
            })
            .collect::<tantivy::Result<_>>()
            .map_err(at(dir))?;
        self.segments = segments;
        let living = self
            .searcher
            .segment_readers()
            .iter()
            .map(|s| s.segment_id());
        fingerprint_table::forget_others(&self.dir, living).map_err(|e| at(&self.dir)(e.into()))?;
        self.indexed_fingerprints = self
            .segments
            .iter()
            .map(|s| s.fingerprints.len() as u64)
            .sum();
        Ok(())
    }

    /// False when no indexed article carries `fingerprint`, answered from
    /// the filter once there is one (built here when it starts to pay);
    /// true when the tables must be asked.
    fn may_hold(&self, fingerprint: u64) -> Result<bool, Error> {
        if let Some(known) = self.known.borrow().as_ref() {
            return Ok(known.may_hold(fingerprint));
        }
        // The filter an earlier run kept, read once, before this run has
        // committed anything it lacks; else one built when it pays.
        let kept = if self.looked_for_kept.replace(true) || self.committed {
            None
        } else {
            KnownFingerprints::load(&self.dir, self.opened_at)
        };
        let known = match kept {
            Some(kept) => kept,
            None => {
                let lookups = self.unfiltered_lookups.get() + 1;
                self.unfiltered_lookups.set(lookups);
                if !known::worth_building(lookups, self.segments.len(), self.indexed_fingerprints) {
                    return Ok(true);
                }
                KnownFingerprints::build(self.segments.iter().map(|s| &*s.fingerprints))
            }
        };
        let answer = known.may_hold(fingerprint);
        *self.known.borrow_mut() = Some(known);
        Ok(answer)
    }

    /// The first live document carrying `term`, searching the inverted
    /// index that `pick` chooses.
    fn first_alive(
        &self,
        term: &Term,
        pick: impl Fn(&SegmentLookup) -> &Arc<InvertedIndexReader>,
    ) -> Result<Option<DocAddress>, Error> {
        let inverted = self.segments.iter().map(|s| &**pick(s));
        first_live(&self.searcher, inverted, term).map_err(|e| at(&self.dir)(e.into()))
    }

    /// Calls `visit` on each live document of segment `ord` carrying `term`
    /// until it returns `Some`.
    fn each_alive<T>(
        &self,
        ord: usize,
        inverted: &InvertedIndexReader,
        term: &Term,
        visit: impl FnMut(u32) -> Option<T>,
    ) -> Result<Option<T>, Error> {
        let io = |e: std::io::Error| at(&self.dir)(e.into());
        let Some(postings) = inverted
            .read_postings(term, IndexRecordOption::Basic)
            .map_err(io)?
        else {
            return Ok(None);
        };
        let segment = self.searcher.segment_reader(ord as u32);
        Ok(live_docs(segment, postings).find_map(visit))
    }

    /// The id and story of the document at `address`.
    fn original_at(&self, address: DocAddress) -> Result<Original, Error> {
        let doc: TantivyDocument = self.searcher.doc(address).map_err(at(&self.dir))?;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        Ok(Original {
            article: text(self.fields.id),
            story: text(self.fields.story),
        })
    }
}

/// The id of the record of the input file at `path`.
fn file_record_id(path: &str) -> String {
    format!("{}{path}", schema::FILE_ID_PREFIX)
}

impl dedup::Archive for Writer {
    type Error = Error;

    fn find_content(&self, hash: ContentHash) -> Result<Option<Original>, Error> {
        let term = Term::from_field_text(self.fields.content_hash, &hash.to_hex());
        // The first exact-copy record met, named only when no article with
        // the text indexed (the ones with a fingerprint sample) has the hash.
        let mut record = None;
        for (ord, lookup) in self.segments.iter().enumerate() {
            let with_text = self.each_alive(ord, &lookup.hashes, &term, |doc| {
                if lookup.fingerprint_samples.first(doc).is_some() {
                    return Some(doc);
                }
                record.get_or_insert(DocAddress::new(ord as u32, doc));
                None
            })?;
            if let Some(doc) = with_text {
                return self.original_at(DocAddress::new(ord as u32, doc)).map(Some);
            }
        }
        record.map(|address| self.original_at(address)).transpose()
    }

    fn knows_fingerprint(&self, fingerprint: u64) -> Result<bool, Error> {
        if !self.may_hold(fingerprint)? {
            return Ok(false);
        }
        Ok(self
            .segments
            .iter()
            .any(|lookup| !lookup.fingerprints.find(fingerprint).is_empty()))
    }

    fn articles_with_fingerprint(
        &self,
        fingerprint: u64,
        max_articles: usize,
        visit: &mut dyn FnMut(ArticleKey, Holder),
    ) -> Result<bool, Error> {
        if !self.may_hold(fingerprint)? {
            return Ok(true);
        }
        // One search of each segment's table: the count of its pairs
        // first, then the articles.
        let found: Vec<_> = self
            .segments
            .iter()
            .map(|lookup| lookup.fingerprints.find(fingerprint))
            .collect();
        if found.iter().map(|pairs| pairs.len()).sum::<usize>() > max_articles {
            return Ok(false);
        }
        for (ord, pairs) in found.into_iter().enumerate() {
            if pairs.is_empty() {
                continue;
            }
            let lookup = &self.segments[ord];
            let alive = self.searcher.segment_reader(ord as u32).alive_bitset();
            for doc in pairs.map(|i| lookup.fingerprints.doc(i)) {
                if alive.is_some_and(|bits| !bits.is_alive(doc)) {
                    continue;
                }
                let holder = Holder {
                    story: lookup.story_keys.first(doc).unwrap_or_default(),
                    // Short-article sampling, the denser, when unknown.
                    sample_modulus: lookup
                        .fingerprint_samples
                        .first(doc)
                        .unwrap_or(dedup::SAMPLE_MODULUS),
                };
                visit(ArticleKey((ord as u64) << 32 | u64::from(doc)), holder);
            }
        }
        Ok(true)
    }

    fn original(&self, article: ArticleKey) -> Result<Original, Error> {
        let address = DocAddress::new((article.0 >> 32) as u32, article.0 as u32);
        self.original_at(address)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedup::Archive;

    fn add_article(writer: &mut Writer, id: &str, fingerprints: &[u64]) {
        add(writer, id, id, Kind::Original, fingerprints);
    }

    /// Adds an article of story `story` whose content hash is its first
    /// fingerprint.
    fn add(writer: &mut Writer, id: &str, story: &str, kind: Kind, fingerprints: &[u64]) {
        let entities = Entities::default();
        writer
            .add(&Record {
                id,
                title: "Talks",
                paragraphs: &["Envoys met in Geneva.".to_string()],
                published: None,
                source: None,
                url: None,
                path: "a.jsonl",
                origin: "a.jsonl:1",
                story,
                kind,
                copy_of: (kind == Kind::Exact).then_some(story),
                containment: None,
                content_hash: ContentHash(u128::from(fingerprints[0])),
                fingerprints,
                fingerprint_sample: dedup::SAMPLE_MODULUS,
                repeated_paragraphs: 0,
                entities: &entities,
            })
            .unwrap();
    }

    fn holders(writer: &Writer, fingerprint: u64) -> usize {
        let mut count = 0;
        let bounded = writer
            .articles_with_fingerprint(fingerprint, 10, &mut |_, _| count += 1)
            .unwrap();
        assert!(bounded);
        count
    }

    #[test]
    fn lookups_answer_the_same_before_and_after_the_filter_is_built() {
        let dir = tempfile::tempdir().unwrap();
        // Sampled fingerprints: multiples of 8, some above 2^63.
        let held: Vec<u64> = (1..=200u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15) & !7)
            .collect();
        let mut writer = Writer::open(dir.path(), 20_000_000, 1).unwrap();
        for (n, pair) in held.chunks(2).enumerate() {
            add_article(&mut writer, &format!("a{n}"), pair);
        }
        writer.commit("").unwrap();
        writer.finish().unwrap();

        let mut writer = Writer::open(dir.path(), 20_000_000, 1).unwrap();
        // Added before any lookup, so before the filter: it must hold these too.
        add_article(&mut writer, "late", &[8, 16]);
        assert!(writer.known.borrow().is_none());
        let strangers: Vec<u64> = (1..=400u64).map(|i| i << 40 | 24).collect();
        // The index holds 200 fingerprints in one segment: the first lookups
        // go to its table, and the filter is built once there were 200.
        for &stranger in &strangers {
            assert!(!writer.knows_fingerprint(stranger).unwrap());
            assert_eq!(holders(&writer, stranger), 0);
        }
        assert!(writer.known.borrow().is_some(), "the filter was built");
        for &fingerprint in &held {
            assert!(writer.knows_fingerprint(fingerprint).unwrap());
            assert_eq!(holders(&writer, fingerprint), 1);
        }
        writer.commit("").unwrap();
        assert!(writer.knows_fingerprint(8).unwrap());
        assert_eq!(holders(&writer, 16), 1);
    }

    #[test]
    fn merges_are_capped() {
        let dir = tempfile::tempdir().unwrap();
        let writer = Writer::open(dir.path(), 20_000_000, 1).unwrap();
        let policy = format!("{:?}", writer.writer.get_merge_policy());
        assert!(
            policy.contains("CappedMerges") && policy.contains("100000"),
            "{policy}"
        );
    }

    #[test]
    fn merges_run_one_at_a_time() {
        // tantivy names its merge threads `merge_thread_N` and starts them
        // with the writer; a writer that could run two merges at once
        // would have a `merge_thread_1`. Tests share the process, and every
        // writer they open is set up by `writer_options`, so none may.
        let names = || -> Option<Vec<String>> {
            let tasks = std::fs::read_dir("/proc/self/task").ok()?;
            let comm = |task: std::fs::DirEntry| std::fs::read_to_string(task.path().join("comm"));
            Some(
                tasks
                    .flatten()
                    .filter_map(|t| comm(t).ok())
                    .map(|n| n.trim().to_string())
                    .collect(),
            )
        };
        let dir = tempfile::tempdir().unwrap();
        let _writer = Writer::open(dir.path(), 20_000_000, 2).unwrap();
        // Threads name themselves once started: watch for a while.
        let started = std::time::Instant::now();
        let mut first_seen = None;
        while started.elapsed() < std::time::Duration::from_secs(5) {
            let Some(threads) = names() else {
                eprintln!("skipped: no /proc/self/task to list the threads of");
                return;
            };
            assert!(
                !threads.iter().any(|n| n == "merge_thread_1"),
                "{threads:?}"
            );
            if threads.iter().any(|n| n == "merge_thread_0") {
                let seen = *first_seen.get_or_insert_with(std::time::Instant::now);
                if seen.elapsed() > std::time::Duration::from_millis(300) {
                    return;
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("no merge thread started");
    }

    #[test]
    fn the_filter_takes_fingerprints_when_they_are_committed() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = Writer {
            keep_filter_from: 0,
            ..Writer::open(dir.path(), 20_000_000, 1).unwrap()
        };
        // On an empty index the filter is built at the first lookup.
        assert!(!writer.may_hold(8).unwrap());
        add_article(&mut writer, "a", &[8, 16]);
        assert!(!writer.may_hold(8).unwrap(), "not before the commit");
        writer.commit("").unwrap();
        writer.finish().unwrap();
        // The next run reads the kept filter at its first lookup.
        let mut writer = Writer::open(dir.path(), 20_000_000, 1).unwrap();
        assert!(writer.may_hold(8).unwrap());
        assert!(writer.known.borrow().is_some());
        add_article(&mut writer, "b", &[24, 32]);
        // Pending: no lookup could find it, so none is made.
        assert!(!writer.may_hold(24).unwrap());
        assert_eq!(holders(&writer, 24), 0);
        writer.commit("").unwrap();
        assert!(writer.may_hold(24).unwrap());
        assert_eq!(holders(&writer, 24), 1);
        assert_eq!(holders(&writer, 8), 1);
    }

    #[test]
    fn the_article_with_the_text_is_found_before_exact_copy_records() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = Writer::open(dir.path(), 20_000_000, 1).unwrap();
        // Records first, in the same segment, as after a merge.
        add(&mut writer, "copy-1", "a", Kind::Exact, &[8]);
        add(&mut writer, "copy-2", "a", Kind::Exact, &[8]);
        add(&mut writer, "a", "a", Kind::Original, &[8]);
        add(&mut writer, "lone-copy", "gone", Kind::Exact, &[16]);
        writer.commit("").unwrap();
        let found = |hash: u64| writer.find_content(ContentHash(u128::from(hash))).unwrap();
        assert_eq!(found(8).unwrap().article, "a");
        assert_eq!(found(16).unwrap().article, "lone-copy");
        assert_eq!(found(24), None);
    }

    #[test]
    fn the_filter_one_run_keeps_serves_the_next_unless_a_commit_came_between() {
        let dir = tempfile::tempdir().unwrap();
        // Kept however small (a real run keeps one of a million or more).
        let open = || Writer {
            keep_filter_from: 0,
            ..Writer::open(dir.path(), 20_000_000, 1).unwrap()
        };
        let held: Vec<u64> = (1..=200u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15) & !7)
            .collect();
        let mut writer = open();
        // On an empty index the filter is built at the first lookup.
        assert!(!writer.knows_fingerprint(24).unwrap());
        for (n, pair) in held.chunks(2).enumerate() {
            add_article(&mut writer, &format!("a{n}"), pair);
        }
        writer.commit("").unwrap();
        writer.finish().unwrap();
        assert!(dir.path().join(known::FILE).exists());
        // A run of the same size with the real threshold keeps none.
        let small = tempfile::tempdir().unwrap();
        let mut writer = Writer::open(small.path(), 20_000_000, 1).unwrap();
        assert!(!writer.knows_fingerprint(24).unwrap());
        add_article(&mut writer, "a", &held[..2]);
        writer.commit("").unwrap();
        writer.finish().unwrap();
        assert!(!small.path().join(known::FILE).exists());

        // Read at the next run's first lookup, long before building pays.
        let mut writer = open();
        assert!(writer.knows_fingerprint(held[0]).unwrap());
        assert!(writer.known.borrow().is_some(), "the kept filter is read");
        assert!(!writer.knows_fingerprint(24).unwrap());
        // A run that adds no fingerprints keeps it valid.
        writer.commit("").unwrap();
        writer.finish().unwrap();
        let mut writer = open();
        assert!(!writer.knows_fingerprint(24).unwrap());
        assert!(
            writer.known.borrow().is_some(),
            "still read after a new commit"
        );

        // Killed after committing new fingerprints, before it could keep
        // the filter again: the file on disk lacks them, and is not read.
        add_article(&mut writer, "late", &[8, 16]);
        writer.commit("").unwrap();
        drop(writer);
        let writer = open();
        assert!(writer.knows_fingerprint(8).unwrap());
        assert_eq!(holders(&writer, 16), 1);
        assert!(
            writer.known.borrow().is_none(),
            "a stale filter is not read"
        );
        writer.finish().unwrap();
        assert!(!dir.path().join(known::FILE).exists(), "and is deleted");
    }
}
