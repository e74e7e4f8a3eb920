//! sitrep: index and search an archive of conflict news, with copies
//! collapsed into stories.
//!
//! Data flows one way, one module per stage:
//!
//! ```text
//! index:  corpus::walk ─▶ corpus::read ─▶ dedup::prepare ─▶ entities::Extractor ─▶ dedup::Deduper::check ─▶ archive::Writer
//!         (files)         (Article)       (Prepared)        (Entities)            (Verdict)                (tantivy index)
//!
//! search: search::Request ─▶ archive::Reader::search ─▶ search::Results ─▶ output::{human, json}
//!         (and alike: FacetRequest ─▶ Reader::facets ─▶ FacetList; TimelineRequest ─▶ Reader::timeline ─▶ Timeline)
//! ```
//!
//! [`indexer`] drives the first line, the `sitrep` binary's commands the
//! second. [`corpus`], [`dedup`] and [`entities`] do no index I/O; only
//! [`archive`] knows tantivy; only [`output`] knows how anything looks.

pub mod archive;
mod calendar;
pub mod corpus;
pub mod dedup;
pub mod entities;
pub mod indexer;
mod le_bytes;
pub mod output;
pub mod search;
