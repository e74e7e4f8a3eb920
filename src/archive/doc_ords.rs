//! Each segment's facet ordinals, article by article, as plain arrays in a
//! file beside the index.
//!
//! Counting facets over a broad search reads the ordinals of every
//! matching article. tantivy keeps them in a multi-valued column: per
//! article a rank in an optional index, two bit-packed offsets, then each
//! bit-packed value, every read behind a dynamic call. On a million
//! articles that was most of a broad search (`BENCHMARKS.md` §6). Segments
//! never change, so `sitrep index` writes each segment's ordinals once, as
//! plain little-endian arrays — where each article's list starts, then the
//! lists, two bytes an ordinal where the dictionary allows — in
//! `sitrep-ords-<segment>.bin`. A reader maps the file through
//! tantivy's directory and reads it in place, so a search touches only the
//! pages of the articles it matched.
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
const MAGIC: &[u8] = b"sitrep facet ords 2\n";

/// How many bytes an ordinal takes in a section of a dictionary with
/// `terms` ordinals: two when they fit, which halves the pages a search
/// reads on most segments, else four.
fn width(terms: usize) -> usize {
    if terms <= 1 << 16 {
        2
    } else {
        4
    }
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

/// The byte ranges of one dimension's starts and lists in a file.
type Section = (Range<usize>, Range<usize>);

/// One segment's file, mapped.
pub(super) struct SegmentLists {
    bytes: OwnedBytes,
    /// Per dimension: where its starts and its lists are.
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
        let (starts, lists) = self.sections[index].clone();
        let bytes = self.bytes.as_slice();
        Some(Listed {
            starts: bytes.get(starts)?,
            lists: bytes.get(lists)?,
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
        let values = input.count()?;
        let starts_at = total - input.remaining();
        let starts_len = (docs as usize + 1).checked_mul(4)?;
        input.take(starts_len)?;
        let lists_at = starts_at + starts_len;
        let lists_len = values.checked_mul(width(*terms))?;
        input.take(lists_len)?;
        *section = (starts_at..lists_at, lists_at..lists_at + lists_len);
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
    /// Little-endian `u32`s: where each article's list starts, and where
    /// the last ends.
    starts: &'a [u8],
    /// Little-endian ordinals of `width` bytes: the lists, one after the
    /// other.
    lists: &'a [u8],
    width: usize,
}

impl<'a> Listed<'a> {
    /// Where the `i`th list starts, in ordinals.
    #[inline]
    fn start(self, i: usize) -> Option<usize> {
        Some(u32_at(self.starts, i)? as usize)
    }

    /// The bytes of `doc`'s list: none if the file says nothing sane of it.
    fn of(self, doc: DocId) -> &'a [u8] {
        let width = self.width;
        let list = |from: usize, to: usize| {
            self.lists
                .get(from.checked_mul(width)?..to.checked_mul(width)?)
        };
        match (self.start(doc as usize), self.start(doc as usize + 1)) {
            (Some(from), Some(to)) => list(from, to).unwrap_or_default(),
            _ => &[],
        }
    }
}

/// The `i`th little-endian `u32` of `bytes`, if there is one.
#[inline]
fn u32_at(bytes: &[u8], i: usize) -> Option<u32> {
    let at = i.checked_mul(4)?;
    Some(u32::from_le_bytes(*bytes.get(at..)?.first_chunk::<4>()?))
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

    /// Reads the first byte of each of `docs`' lists, so that a batch of
    /// articles has its lists on their way into the cache together: each
    /// read is independent of the others and the loop has no branch to
    /// mispredict, where [`DocOrds::for_each`] waits for one list at a time.
    pub(super) fn warm(&self, docs: impl Iterator<Item = DocId>) {
        if let DocOrds::Listed(listed) = self {
            let mut touched = 0u8;
            for doc in docs {
                let start = listed.start(doc as usize).unwrap_or_default();
                let first = listed.lists.get(start.saturating_mul(listed.width));
                touched ^= first.copied().unwrap_or_default();
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

/// The file of `segment`: its size, then per dimension the number of
/// ordinals, the number of values, the starts (`u32`) and the lists (of
/// [`width`] bytes an ordinal).
fn encode(segment: &SegmentReader) -> tantivy::Result<Option<Vec<u8>>> {
    let docs = segment.max_doc();
    let mut bytes = MAGIC.to_vec();
    put_count(&mut bytes, docs as usize);
    for dimension in DIMENSIONS {
        let reader = segment.facet_reader(field_name(dimension))?;
        let mut starts = Vec::with_capacity(docs as usize + 1);
        let mut lists: Vec<u32> = Vec::new();
        for doc in 0..docs {
            let Ok(start) = u32::try_from(lists.len()) else {
                return Ok(None);
            };
            starts.push(start);
            lists.extend(reader.facet_ords(doc).map(|ord| ord as u32));
        }
        let Ok(end) = u32::try_from(lists.len()) else {
            return Ok(None);
        };
        starts.push(end);
        let terms = reader.facet_dict().num_terms();
        put_count(&mut bytes, terms);
        put_count(&mut bytes, lists.len());
        for start in &starts {
            bytes.extend_from_slice(&start.to_le_bytes());
        }
        let width = width(terms);
        for &ord in &lists {
            bytes.extend_from_slice(&ord.to_le_bytes()[..width]);
        }
    }
    Ok(Some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::two_segment_index;
    use proptest::strategy::Strategy;
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
        // Small dictionaries take two bytes an ordinal: the files hold the
        // header, four bytes a start, two an ordinal.
        let values: usize = from_column.iter().flatten().map(Vec::len).sum();
        let docs = ARTICLES.len() + 2; // a start past each segment's last article
        let bytes: u64 = files_in(dir.path())
            .iter()
            .map(|name| std::fs::metadata(dir.path().join(name)).unwrap().len())
            .sum();
        let headers = 2 * (MAGIC.len() + 4 + 2 * 8);
        assert_eq!(bytes as usize, headers + 2 * 4 * docs + 2 * values);
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
        /// Whatever the bytes, reading a file never panics: starts out of
        /// order or past the lists read as no ordinals.
        #[test]
        fn any_file_is_read_or_refused_without_panic(
            starts in proptest::collection::vec(proptest::num::u32::ANY.prop_map(|s| s % 12), 1..6),
            lists in proptest::collection::vec(proptest::num::u32::ANY, 0..8),
            cut in proptest::option::of(0usize..200),
            terms in proptest::sample::select(vec![3usize, 1 << 16, (1 << 16) + 1]),
        ) {
            let docs = starts.len() as u32 - 1;
            let mut bytes = MAGIC.to_vec();
            put_count(&mut bytes, docs as usize);
            for _ in DIMENSIONS {
                put_count(&mut bytes, terms);
                put_count(&mut bytes, lists.len());
                for start in &starts {
                    bytes.extend_from_slice(&start.to_le_bytes());
                }
                for &ord in &lists {
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
