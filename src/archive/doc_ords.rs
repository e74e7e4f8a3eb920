//! Each segment's facet ordinals, article by article, in a file beside the
//! index laid out so that one article's list is one read.
//!
//! Counting facets over a broad search reads the ordinals of every
//! matching article. tantivy keeps them in a multi-valued column: per
//! article a rank in an optional index, two bit-packed offsets, then each
//! bit-packed value, every read behind a dynamic call. On a million
//! articles that was most of a broad search (`BENCHMARKS.md` §6). Segments
//! never change, so `sitrep index` writes each segment's ordinals once, in
//! `sitrep-ords-<segment>.bin`: per article a slot of [`SLOT`] bytes,
//! aligned so that it never spans two cache lines, that holds the list
//! itself when it is short (nearly all are: a synthetic article has seven
//! actors and six places on average), else where it lies in an overflow
//! area after the slots. Ordinals take two bytes where the dictionary
//! allows, else four. A reader maps the file through tantivy's directory
//! and reads it in place, so a search touches only the slots of the
//! articles it matched, one cache line each. An earlier layout found each
//! list through an array of starts: two dependent reads an article, which
//! made the lists' cache misses most of a broad search (`BENCHMARKS.md`
//! §6).
//!
//! The files are a cache, never the truth: a segment without one (written
//! since the indexer last finished, or its file is damaged or does not fit
//! the segment) is read from tantivy's column, with the same result.

use std::collections::HashMap;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tantivy::directory::{Directory, MmapDirectory, OwnedBytes};
use tantivy::fastfield::FacetReader;
use tantivy::index::SegmentId;
use tantivy::{DocId, Searcher, SegmentReader};

use super::facets::field_name;
use crate::le_bytes::{put_count, Input};
use crate::search::Dimension;

/// What each file's name starts with; the segment's id and `.bin` follow.
const PREFIX: &str = "sitrep-ords-";

/// What each file starts with; the version changes with the layout.
const MAGIC: &[u8] = b"sitrep facet ords 3\n";

/// The bytes of one article's slot. Slots start at a multiple of this from
/// the file's start, which the map puts on a page boundary.
const SLOT: usize = 32;

/// Where in a slot the start of an overflowing list is kept, as a
/// little-endian `u32` counted in ordinals.
const OVERFLOW_START: Range<usize> = 4..8;

/// How many bytes an ordinal takes in a section of a dictionary with
/// `terms` ordinals: two when they fit, which puts fifteen in a slot,
/// else four (seven in a slot).
fn width(terms: usize) -> usize {
    if terms <= 1 << 16 {
        2
    } else {
        4
    }
}

/// How many ordinals a slot holds inline after the list's length, which
/// takes one ordinal's width.
fn inline_capacity(width: usize) -> usize {
    SLOT / width - 1
}

/// How many zero bytes bring `offset` to the next multiple of [`SLOT`].
fn padding(offset: usize) -> usize {
    offset.next_multiple_of(SLOT) - offset
}

/// The dimensions in the order their sections follow each other.
const DIMENSIONS: [Dimension; 2] = [Dimension::Actor, Dimension::Location];

/// The file that holds `segment`'s lists in the index directory `dir`.
fn path(dir: &Path, segment: SegmentId) -> PathBuf {
    dir.join(file_name(segment))
}

fn file_name(segment: SegmentId) -> String {
    format!("{PREFIX}{}.bin", segment.uuid_string())
}

/// The files met so far by a reader, by segment: mapped, or known to be
/// missing or unfit.
pub(super) struct DocOrdFiles {
    /// The index directory, mapped straight: tantivy's own view of it
    /// expects its footer on every file.
    directory: Option<MmapDirectory>,
    open: Mutex<HashMap<SegmentId, Option<Arc<SegmentLists>>>>,
}

impl DocOrdFiles {
    /// The files in the index directory `dir`.
    pub(super) fn new(dir: &Path) -> DocOrdFiles {
        DocOrdFiles {
            directory: MmapDirectory::open(dir).ok(),
            open: Mutex::default(),
        }
    }

    /// No files: every segment is read from tantivy's column.
    #[cfg(test)]
    pub(super) fn none() -> DocOrdFiles {
        DocOrdFiles {
            directory: None,
            open: Mutex::default(),
        }
    }

    /// The file of `segment`, if there is one that fits it and the
    /// dictionary of `dimension` that `reader` reads.
    pub(super) fn lists(
        &self,
        segment: &SegmentReader,
        reader: &FacetReader,
        dimension: Dimension,
    ) -> Option<Arc<SegmentLists>> {
        let directory = self.directory.as_ref()?;
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let lists = open
            .entry(segment.segment_id())
            .or_insert_with(|| SegmentLists::open(directory, segment))
            .clone()?;
        let terms = lists.terms[dimension_index(dimension)];
        (terms == reader.facet_dict().num_terms()).then_some(lists)
    }
}

/// The byte ranges of one dimension's slots and overflow area in a file.
type Section = (Range<usize>, Range<usize>);

/// One segment's file, mapped.
pub(super) struct SegmentLists {
    bytes: OwnedBytes,
    /// Per dimension: where its slots and its overflow area are.
    sections: [Section; 2],
    /// Per dimension: how many ordinals the segment's dictionary had.
    terms: [usize; 2],
}

impl SegmentLists {
    /// Maps `segment`'s file; `None` if it is missing or not a fit file for
    /// this segment.
    fn open(directory: &MmapDirectory, segment: &SegmentReader) -> Option<Arc<SegmentLists>> {
        let name = file_name(segment.segment_id());
        let bytes = directory
            .open_read(Path::new(&name))
            .ok()?
            .read_bytes()
            .ok()?;
        let (sections, terms) = layout(bytes.as_slice(), segment.max_doc())?;
        Some(Arc::new(SegmentLists {
            bytes,
            sections,
            terms,
        }))
    }

    /// Whether each section is of the dictionary `segment` has for its
    /// dimension.
    fn fits_dictionaries(&self, segment: &SegmentReader) -> tantivy::Result<bool> {
        for dimension in DIMENSIONS {
            let reader = segment.facet_reader(field_name(dimension))?;
            if self.terms[dimension_index(dimension)] != reader.facet_dict().num_terms() {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn section(&self, dimension: Dimension) -> Option<Listed<'_>> {
        let index = dimension_index(dimension);
        let (slots, overflow) = self.sections[index].clone();
        let bytes = self.bytes.as_slice();
        Some(Listed {
            slots: bytes.get(slots)?,
            overflow: bytes.get(overflow)?,
            width: width(self.terms[index]),
        })
    }
}

/// Where the sections of a file are, checked against the segment's size;
/// `None` if the bytes are not such a file.
fn layout(bytes: &[u8], docs: DocId) -> Option<([Section; 2], [usize; 2])> {
    let total = bytes.len();
    let mut input = Input::new(bytes.strip_prefix(MAGIC)?);
    if input.count()? != docs as usize {
        return None;
    }
    let mut sections = [(0..0, 0..0), (0..0, 0..0)];
    let mut terms = [0; 2];
    for (section, terms) in sections.iter_mut().zip(&mut terms) {
        *terms = input.count()?;
        let overflow = input.count()?;
        input.take(padding(total - input.remaining()))?;
        let slots_at = total - input.remaining();
        let slots_len = (docs as usize).checked_mul(SLOT)?;
        input.take(slots_len)?;
        let overflow_at = slots_at + slots_len;
        let overflow_len = overflow.checked_mul(width(*terms))?;
        input.take(overflow_len)?;
        *section = (
            slots_at..overflow_at,
            overflow_at..overflow_at + overflow_len,
        );
    }
    input.is_empty().then_some((sections, terms))
}

fn dimension_index(dimension: Dimension) -> usize {
    match dimension {
        Dimension::Actor => 0,
        Dimension::Location => 1,
    }
}

/// One dimension's lists in one segment, read in place.
#[derive(Clone, Copy)]
pub(super) struct Listed<'a> {
    /// A slot of [`SLOT`] bytes per article: the list's length as an
    /// ordinal, then the list itself if it fits, else the little-endian
    /// `u32` at [`OVERFLOW_START`] says where in `overflow` it starts.
    slots: &'a [u8],
    /// Little-endian ordinals of `width` bytes: the lists too long for
    /// their slots, one after the other.
    overflow: &'a [u8],
    width: usize,
}

impl<'a> Listed<'a> {
    /// The slot of `doc`, if the file has one.
    #[inline]
    fn slot(self, doc: DocId) -> Option<&'a [u8; SLOT]> {
        let at = (doc as usize).checked_mul(SLOT)?;
        self.slots.get(at..)?.first_chunk::<SLOT>()
    }

    /// The bytes of `doc`'s list: none if the file says nothing sane of it.
    #[inline]
    fn of(self, doc: DocId) -> &'a [u8] {
        let width = self.width;
        let list = || {
            let slot = self.slot(doc)?;
            let len = slot[..width]
                .iter()
                .rev()
                .fold(0usize, |len, &byte| len << 8 | usize::from(byte));
            if len <= inline_capacity(width) {
                return slot.get(width..width + len * width);
            }
            let start = u32::from_le_bytes(slot[OVERFLOW_START].try_into().ok()?) as usize;
            let end = start.checked_add(len)?;
            self.overflow
                .get(start.checked_mul(width)?..end.checked_mul(width)?)
        };
        list().unwrap_or_default()
    }
}

/// Where a segment's ordinals are read from.
pub(super) enum DocOrds<'a> {
    /// The file `sitrep index` wrote.
    Listed(Listed<'a>),
    /// tantivy's own column.
    Column(&'a FacetReader),
}

impl<'a> DocOrds<'a> {
    /// The ordinals of `dimension` from `lists` when there is a file, else
    /// from `reader`'s column.
    pub(super) fn new(
        lists: Option<&'a SegmentLists>,
        dimension: Dimension,
        reader: &'a FacetReader,
    ) -> DocOrds<'a> {
        match lists.and_then(|lists| lists.section(dimension)) {
            Some(listed) => DocOrds::Listed(listed),
            None => DocOrds::Column(reader),
        }
    }

    /// Reads the first byte of each of `docs`' slots, so that a batch of
    /// articles has its slots on their way into the cache together: each
    /// read is independent of the others and the loop has no branch to
    /// mispredict, where [`DocOrds::for_each`] waits for one slot at a time.
    pub(super) fn warm(&self, docs: impl Iterator<Item = DocId>) {
        if let DocOrds::Listed(listed) = self {
            let mut touched = 0u8;
            for doc in docs {
                touched ^= listed.slot(doc).map_or(0, |slot| slot[0]);
            }
            std::hint::black_box(touched);
        }
    }

    /// Calls `each` with every ordinal of `doc`, in ascending order.
    #[inline]
    pub(super) fn for_each(&self, doc: DocId, mut each: impl FnMut(u64)) {
        match self {
            DocOrds::Listed(listed) if listed.width == 2 => {
                for ord in listed.of(doc).chunks_exact(2) {
                    each(u64::from(u16::from_le_bytes([ord[0], ord[1]])));
                }
            }
            DocOrds::Listed(listed) => {
                for ord in listed.of(doc).chunks_exact(4) {
                    each(u64::from(u32::from_le_bytes([
                        ord[0], ord[1], ord[2], ord[3],
                    ])));
                }
            }
            DocOrds::Column(reader) => reader.facet_ords(doc).for_each(each),
        }
    }
}

/// Writes the file of every segment of `searcher` that has none in `dir`,
/// or one that does not fit it (damaged, or of an earlier layout), and
/// deletes the files of segments that are gone (merged away) and any left
/// half-written by a killed run.
pub(super) fn save(dir: &Path, searcher: &Searcher) -> tantivy::Result<()> {
    let directory = MmapDirectory::open(dir)?;
    let mut living = std::collections::HashSet::new();
    for segment in searcher.segment_readers() {
        let name = file_name(segment.segment_id());
        living.insert(name.clone());
        // Laying a file out reads its few header pages, not its lists.
        if let Some(lists) = SegmentLists::open(&directory, segment) {
            if lists.fits_dictionaries(segment)? {
                continue;
            }
        }
        let path = path(dir, segment.segment_id());
        // A segment of more than 2^32 values is left to tantivy's column.
        let Some(bytes) = encode(segment)? else {
            continue;
        };
        let partial = dir.join(format!("{name}.partial"));
        std::fs::write(&partial, &bytes).and_then(|()| std::fs::rename(&partial, &path))?;
    }
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.starts_with(PREFIX) && !living.contains(name) {
            match std::fs::remove_file(dir.join(name)) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e.into()),
                _ => {}
            }
        }
    }
    Ok(())
}

/// The file of `segment`: its size, then per dimension its section
/// ([`put_section`]); `None` if a list is too long for its slot's length or
/// the overflow area too long for a `u32` start.
fn encode(segment: &SegmentReader) -> tantivy::Result<Option<Vec<u8>>> {
    let docs = segment.max_doc();
    let mut bytes = MAGIC.to_vec();
    put_count(&mut bytes, docs as usize);
    for dimension in DIMENSIONS {
        let reader = segment.facet_reader(field_name(dimension))?;
        let terms = reader.facet_dict().num_terms();
        let lists = (0..docs).map(|doc| reader.facet_ords(doc));
        if put_section(&mut bytes, terms, lists).is_none() {
            return Ok(None);
        }
    }
    Ok(Some(bytes))
}

/// Appends one dimension's section for a dictionary of `terms` ordinals:
/// the number of ordinals, the number of ordinals in the overflow area,
/// zeros up to the next multiple of [`SLOT`], a slot per article of
/// `lists`, then the overflow area. `None` if a list or the overflow area
/// is too long for the layout.
fn put_section<L>(bytes: &mut Vec<u8>, terms: usize, lists: L) -> Option<()>
where
    L: IntoIterator,
    L::Item: IntoIterator<Item = u64>,
{
    let width = width(terms);
    let mut slots = Vec::new();
    let mut overflow = Vec::new();
    let mut overflowing = 0usize;
    let mut list = Vec::new();
    for ords in lists {
        list.clear();
        for ord in ords {
            list.push(u32::try_from(ord).ok()?);
        }
        let len = list.len();
        if (len as u64) >> (8 * width) != 0 {
            return None;
        }
        let mut slot = [0u8; SLOT];
        slot[..width].copy_from_slice(&(len as u32).to_le_bytes()[..width]);
        if len <= inline_capacity(width) {
            for (cell, ord) in slot[width..].chunks_exact_mut(width).zip(&list) {
                cell.copy_from_slice(&ord.to_le_bytes()[..width]);
            }
        } else {
            let start = u32::try_from(overflowing).ok()?;
            slot[OVERFLOW_START].copy_from_slice(&start.to_le_bytes());
            for ord in &list {
                overflow.extend_from_slice(&ord.to_le_bytes()[..width]);
            }
            overflowing += len;
        }
        slots.extend_from_slice(&slot);
    }
    u32::try_from(overflowing).ok()?;
    put_count(bytes, terms);
    put_count(bytes, overflowing);
    bytes.resize(bytes.len() + padding(bytes.len()), 0);
    bytes.extend_from_slice(&slots);
    bytes.extend_from_slice(&overflow);
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::two_segment_index;
    use tantivy::schema::Facet;
    use tantivy::{Index, IndexWriter, TantivyDocument};

    /// An index in `dir` of two segments, each article with these places
    /// and actors (a value may come twice).
    fn index_in(dir: &Path, articles: &[(&[&str], &[&str])]) -> (Index, IndexWriter) {
        two_segment_index(dir, articles, |fields, (places, actors)| {
            let mut doc = TantivyDocument::new();
            for place in *places {
                doc.add_facet(fields.location, Facet::from_path(place.split('/')));
            }
            for actor in *actors {
                doc.add_facet(fields.actor, Facet::from_path(["person", actor]));
            }
            doc
        })
    }

    const ARTICLES: &[(&[&str], &[&str])] = &[
        (
            &["Europe/Ukraine/Kyiv", "Europe/Poland"],
            &["Olena Petrenko"],
        ),
        (&[], &["Rustem Umerov", "Olena Petrenko", "Rustem Umerov"]),
        (&["Asia"], &[]),
        (
            &["Europe/Ukraine", "Europe/Ukraine/Kharkiv"],
            &["Ivan Sirko"],
        ),
        (&[], &[]),
        (&["Africa", "Africa"], &["Olena Petrenko", "Ivan Sirko"]),
    ];

    /// Per segment and dimension: whether the file was used, and every
    /// article's ordinals as read.
    fn read_all(files: &DocOrdFiles, index: &Index) -> Vec<(bool, Vec<Vec<u64>>)> {
        let searcher = index.reader().unwrap().searcher();
        let mut all = Vec::new();
        for segment in searcher.segment_readers() {
            for dimension in DIMENSIONS {
                let reader = segment.facet_reader(field_name(dimension)).unwrap();
                let lists = files.lists(segment, &reader, dimension);
                let ords = DocOrds::new(lists.as_deref(), dimension, &reader);
                let docs = (0..segment.max_doc())
                    .map(|doc| {
                        let mut found = Vec::new();
                        ords.for_each(doc, |ord| found.push(ord));
                        found
                    })
                    .collect();
                all.push((matches!(ords, DocOrds::Listed(_)), docs));
            }
        }
        all
    }

    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(PREFIX))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn saved_lists_read_as_tantivys_column_does() {
        let dir = tempfile::tempdir().unwrap();
        let (index, _writer) = index_in(dir.path(), ARTICLES);
        let from_column = read_all(&DocOrdFiles::none(), &index);
        assert!(from_column.iter().all(|(listed, _)| !listed));
        save(dir.path(), &index.reader().unwrap().searcher()).unwrap();
        assert_eq!(files_in(dir.path()).len(), 2);
        let from_files = read_all(&DocOrdFiles::new(dir.path()), &index);
        assert!(from_files.iter().all(|(listed, _)| *listed));
        let lists =
            |all: Vec<(bool, Vec<Vec<u64>>)>| all.into_iter().map(|(_, l)| l).collect::<Vec<_>>();
        let from_column = lists(from_column);
        assert_eq!(lists(from_files), from_column);
        // The articles do have ordinals, repeats included.
        assert!(from_column.iter().flatten().any(|ords| ords.len() == 3));
        // Small dictionaries take two bytes an ordinal and these lists are
        // short, so each file is its header and a slot per article and
        // dimension, each dimension's slots on a slot boundary.
        let sizes: Vec<u64> = files_in(dir.path())
            .iter()
            .map(|name| std::fs::metadata(dir.path().join(name)).unwrap().len())
            .collect();
        let halves = [ARTICLES.len() / 2, ARTICLES.len() - ARTICLES.len() / 2];
        let mut expected: Vec<u64> = halves.iter().map(|&docs| 64 + 64 * docs as u64).collect();
        expected.sort();
        let mut sizes = sizes;
        sizes.sort();
        assert_eq!(sizes, expected);
    }

    #[test]
    fn lists_too_long_for_their_slots_are_read_from_the_overflow() {
        let dir = tempfile::tempdir().unwrap();
        let names: Vec<String> = (0..40).map(|i| format!("Actor {i:02}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let (index, _writer) = index_in(
            dir.path(),
            &[
                (&["Asia"], &names[..15]),
                (&[], &names[..16]),
                (&["Europe"], &["Olena Petrenko"]),
                (&[], &names),
                (&["Africa"], &names[3..20]),
                (&[], &names[..15]),
            ],
        );
        save(dir.path(), &index.reader().unwrap().searcher()).unwrap();
        let from_files = read_all(&DocOrdFiles::new(dir.path()), &index);
        assert!(from_files.iter().all(|(listed, _)| *listed));
        let from_column = read_all(&DocOrdFiles::none(), &index);
        let lists =
            |all: Vec<(bool, Vec<Vec<u64>>)>| all.into_iter().map(|(_, l)| l).collect::<Vec<_>>();
        let from_column = lists(from_column);
        assert_eq!(lists(from_files), from_column);
        let lengths: Vec<usize> = from_column.iter().flatten().map(Vec::len).collect();
        for len in [15, 16, 17, 40] {
            assert!(lengths.contains(&len), "no list of {len}: {lengths:?}");
        }
    }

    #[test]
    fn a_file_that_does_not_fit_its_segment_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let (index, _writer) = index_in(dir.path(), ARTICLES);
        let searcher = index.reader().unwrap().searcher();
        save(dir.path(), &searcher).unwrap();
        let expected = read_all(&DocOrdFiles::none(), &index);
        let name = file_name(searcher.segment_readers()[0].segment_id());
        let saved = std::fs::read(dir.path().join(&name)).unwrap();
        let mut other_size = saved.clone();
        other_size[MAGIC.len()] += 1; // one article more than the segment has
        let mut other_dictionary = saved.clone();
        other_dictionary[MAGIC.len() + 4] += 1; // one actor ordinal more
        for bytes in [
            saved[..0].to_vec(),
            saved[..MAGIC.len() + 2].to_vec(),
            saved[..saved.len() - 1].to_vec(),
            [saved.as_slice(), &[0]].concat(),
            other_size,
            other_dictionary,
        ] {
            std::fs::write(dir.path().join(&name), &bytes).unwrap();
            let read = read_all(&DocOrdFiles::new(dir.path()), &index);
            // The first segment's actors come from the column, with the same ordinals.
            assert!(!read[0].0, "a damaged file was used");
            let lists = |all: &[(bool, Vec<Vec<u64>>)]| {
                all.iter().map(|(_, l)| l.clone()).collect::<Vec<_>>()
            };
            assert_eq!(lists(&read), lists(&expected));
        }
        // The next `sitrep index` writes it again.
        save(dir.path(), &searcher).unwrap();
        assert_eq!(std::fs::read(dir.path().join(&name)).unwrap(), saved);
        assert!(read_all(&DocOrdFiles::new(dir.path()), &index)
            .iter()
            .all(|(listed, _)| *listed));
    }

    #[test]
    fn ordinals_past_two_bytes_are_kept_in_four() {
        let dir = tempfile::tempdir().unwrap();
        let many: Vec<String> = (0..=1 << 16).map(|i| format!("Actor {i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let (index, _writer) = index_in(
            dir.path(),
            &[
                (&["Asia"], &["Olena Petrenko"]),
                (&["Europe"], &many),
                (&[], &["Actor 9"]),
            ],
        );
        save(dir.path(), &index.reader().unwrap().searcher()).unwrap();
        let from_files = read_all(&DocOrdFiles::new(dir.path()), &index);
        assert!(from_files.iter().all(|(listed, _)| *listed));
        let from_column = read_all(&DocOrdFiles::none(), &index);
        assert_eq!(
            from_files,
            from_column
                .into_iter()
                .map(|(_, l)| (true, l))
                .collect::<Vec<_>>()
        );
        // The wide segment's actors do go past what two bytes hold.
        let widest = from_files
            .iter()
            .flat_map(|(_, lists)| lists.iter().flatten())
            .max();
        assert_eq!(widest, Some(&(1 << 16)));
    }

    #[test]
    fn files_of_segments_merged_away_and_half_written_files_are_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let (index, mut writer) = index_in(dir.path(), ARTICLES);
        let reader = index.reader().unwrap();
        save(dir.path(), &reader.searcher()).unwrap();
        let before = files_in(dir.path());
        std::fs::write(dir.path().join(format!("{}.partial", before[0])), b"cut").unwrap();
        let segments = index.searchable_segment_ids().unwrap();
        writer.merge(&segments).wait().unwrap();
        writer.wait_merging_threads().unwrap();
        reader.reload().unwrap();
        let searcher = reader.searcher();
        assert_eq!(searcher.segment_readers().len(), 1);
        save(dir.path(), &searcher).unwrap();
        let merged = file_name(searcher.segment_readers()[0].segment_id());
        assert_eq!(files_in(dir.path()), vec![merged]);
        assert!(read_all(&DocOrdFiles::new(dir.path()), &index)
            .iter()
            .all(|(listed, _)| *listed));
    }

    proptest::proptest! {
        /// Any lists, short or long, in a small or a large dictionary, read
        /// back as they were written.
        #[test]
        fn sections_read_back_the_lists_written(
            lists in proptest::collection::vec(
                proptest::collection::vec(0u64..70_000, 0..40), 0..12),
            terms in proptest::sample::select(vec![1usize << 16, 70_000]),
        ) {
            let lists: Vec<Vec<u64>> = lists
                .into_iter()
                .map(|list| list.into_iter().map(|ord| ord % terms as u64).collect())
                .collect();
            let docs = lists.len() as DocId;
            let mut bytes = MAGIC.to_vec();
            put_count(&mut bytes, docs as usize);
            for _ in DIMENSIONS {
                proptest::prop_assert!(put_section(&mut bytes, terms, lists.clone()).is_some());
            }
            let (sections, terms) = layout(&bytes, docs).unwrap();
            let file = SegmentLists { bytes: OwnedBytes::new(bytes), sections, terms };
            for dimension in DIMENSIONS {
                let ords = DocOrds::Listed(file.section(dimension).unwrap());
                for (doc, list) in (0..).zip(&lists) {
                    let mut read = Vec::new();
                    ords.for_each(doc, |ord| read.push(ord));
                    proptest::prop_assert_eq!(&read, list);
                }
            }
        }

        /// Whatever the bytes, reading a file never panics: lengths and
        /// overflow starts past the end read as no ordinals.
        #[test]
        fn any_file_is_read_or_refused_without_panic(
            docs in 0u32..5,
            slot_bytes in proptest::collection::vec(proptest::num::u8::ANY, 5 * SLOT),
            overflow in proptest::collection::vec(proptest::num::u32::ANY, 0..8),
            cut in proptest::option::of(0usize..500),
            terms in proptest::sample::select(vec![3usize, 1 << 16, (1 << 16) + 1]),
        ) {
            let mut bytes = MAGIC.to_vec();
            put_count(&mut bytes, docs as usize);
            for _ in DIMENSIONS {
                put_count(&mut bytes, terms);
                put_count(&mut bytes, overflow.len());
                bytes.resize(bytes.len() + padding(bytes.len()), 0);
                bytes.extend_from_slice(&slot_bytes[..docs as usize * SLOT]);
                for &ord in &overflow {
                    bytes.extend_from_slice(&ord.to_le_bytes()[..width(terms)]);
                }
            }
            let whole = cut.is_none_or(|cut| cut >= bytes.len());
            if let Some(cut) = cut {
                bytes.truncate(cut);
            }
            let laid_out = layout(&bytes, docs);
            proptest::prop_assert_eq!(laid_out.is_some(), whole);
            if let Some((sections, terms)) = laid_out {
                let lists = SegmentLists { bytes: OwnedBytes::new(bytes), sections, terms };
                for dimension in DIMENSIONS {
                    let listed = lists.section(dimension).unwrap();
                    DocOrds::Listed(listed).warm(0..docs + 2);
                    for doc in 0..docs + 2 {
                        let _ = listed.of(doc);
                    }
                }
            }
        }
    }
}
