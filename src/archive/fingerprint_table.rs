//! Each segment's fingerprints, sorted, in a file beside the index, for
//! dedup's lookups.
//!
//! An article's fingerprints are a column of the index (a multi-valued fast
//! field), so tantivy commits them with the article, merges them with their
//! segment and forgets them when the article is deleted: the index stays
//! the only truth. Until `BENCHMARKS.md` §6's row on this module they were
//! terms of the inverted index instead, and building the term dictionary
//! and posting lists of some forty random 64-bit terms an article was about
//! 13 % of the CPU of a run (20,000 articles: user CPU 10.3 → 8.9 s without
//! them), for lookups that need no more than "which articles carry this
//! value".
//!
//! A column answers "what does this article carry", not "who carries this",
//! so the writer sorts each segment's (fingerprint, article) pairs once,
//! when it first meets the segment, into `sitrep-fingerprints-<segment>.bin`:
//! the fingerprints as little-endian `u64`, ascending, then the article of
//! each as a `u32`. A lookup is a binary search in the first array, which it
//! reads through a memory map; only a fingerprint found there costs a read
//! of the second. Segments never change, so a file is written once; like
//! the facet-ordinal files (`doc_ords`), it is a cache that can always be
//! written again from the column: one missing, half-written or not fitting
//! its segment is replaced, and those of segments merged away are deleted.

use std::collections::HashSet;
use std::io;
use std::ops::Range;
use std::path::Path;

use tantivy::columnar::Column;
use tantivy::directory::{Directory, MmapDirectory, OwnedBytes};
use tantivy::index::SegmentId;
use tantivy::{DocId, Searcher, SegmentReader};

use super::schema::name;
use crate::le_bytes::Input;

/// What each file's name starts with; the segment's id and `.bin` follow.
const PREFIX: &str = "sitrep-fingerprints-";

/// What each file starts with; the version changes with the layout.
const MAGIC: &[u8; 16] = b"SRFPTABLE1\0\0\0\0\0\0";

/// Bytes before the arrays: the magic, the segment's articles (`u64`) and
/// the pairs (`u64`).
const HEADER: usize = MAGIC.len() + 16;

fn file_name(segment: SegmentId) -> String {
    format!("{PREFIX}{}.bin", segment.uuid_string())
}

/// One segment's fingerprints, sorted, with the article carrying each.
pub(super) struct FingerprintTable {
    bytes: OwnedBytes,
    /// Pairs in the table.
    len: usize,
}

impl FingerprintTable {
    /// The table of `segment`: mapped from its file in `dir` (opened
    /// through `directory`) when that fits the segment, else written anew
    /// from the segment's fingerprint column, then mapped.
    pub(super) fn open_or_write(
        dir: &Path,
        directory: &MmapDirectory,
        segment: &SegmentReader,
    ) -> tantivy::Result<FingerprintTable> {
        let column = segment.fast_fields().u64(name::FINGERPRINT)?;
        let table_name = file_name(segment.segment_id());
        let pairs = column.values.num_vals() as usize;
        let docs = segment.max_doc();
        if let Some(table) = FingerprintTable::open(directory, &table_name, docs, pairs) {
            return Ok(table);
        }
        let partial = dir.join(format!("{table_name}.partial"));
        let file = std::fs::File::create(&partial)?;
        let mut out = io::BufWriter::with_capacity(1 << 20, &file);
        write(&mut out, docs, &column)?;
        out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        let path = dir.join(&table_name);
        std::fs::rename(&partial, &path)?;
        let table = FingerprintTable::open(directory, &table_name, docs, pairs);
        table.ok_or_else(|| {
            let why = "was written but does not read back as the fingerprints of its segment";
            io::Error::other(format!("{} {why}", path.display())).into()
        })
    }

    /// The table in file `name`, if it is one of `docs` articles and `pairs`
    /// pairs, whole.
    fn open(
        directory: &MmapDirectory,
        name: &str,
        docs: DocId,
        pairs: usize,
    ) -> Option<FingerprintTable> {
        let bytes = directory
            .open_read(Path::new(name))
            .ok()?
            .read_bytes()
            .ok()?;
        let mut input = Input::new(bytes.as_slice());
        let fits = input.take(MAGIC.len())? == MAGIC
            && u64::from_le_bytes(input.array()?) == u64::from(docs)
            && u64::from_le_bytes(input.array()?) == pairs as u64
            && input.remaining() == pairs.checked_mul(12)?;
        fits.then_some(FingerprintTable { bytes, len: pairs })
    }

    /// Pairs in the table.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// The `i`th fingerprint, in ascending order.
    fn fingerprint(&self, i: usize) -> u64 {
        let at = HEADER + i * 8;
        let bytes = self.bytes.as_slice().get(at..at + 8).unwrap_or_default();
        u64::from_le_bytes(bytes.try_into().unwrap_or_default())
    }

    /// Every fingerprint of the table, ascending, once per article carrying it.
    pub(super) fn fingerprints(&self) -> impl Iterator<Item = u64> + '_ {
        (0..self.len).map(|i| self.fingerprint(i))
    }

    /// Where the pairs of `fingerprint` are: an empty range when no article
    /// of the segment carries it (deleted articles included).
    pub(super) fn find(&self, fingerprint: u64) -> Range<usize> {
        let (mut low, mut high) = (0, self.len);
        while low < high {
            let middle = low + (high - low) / 2;
            if self.fingerprint(middle) < fingerprint {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        let start = low;
        let mut end = start;
        while end < self.len && self.fingerprint(end) == fingerprint {
            end += 1;
        }
        start..end
    }

    /// The article of the `i`th pair.
    pub(super) fn doc(&self, i: usize) -> DocId {
        let at = HEADER + self.len * 8 + i * 4;
        let bytes = self.bytes.as_slice().get(at..at + 4).unwrap_or_default();
        u32::from_le_bytes(bytes.try_into().unwrap_or_default())
    }
}

/// Writes the table of a segment of `docs` articles whose fingerprints are
/// `column`.
fn write(out: &mut impl io::Write, docs: DocId, column: &Column<u64>) -> io::Result<()> {
    let mut pairs: Vec<(u64, DocId)> = Vec::with_capacity(column.values.num_vals() as usize);
    for doc in 0..docs {
        pairs.extend(
            column
                .values_for_doc(doc)
                .map(|fingerprint| (fingerprint, doc)),
        );
    }
    pairs.sort_unstable();
    out.write_all(MAGIC)?;
    out.write_all(&u64::from(docs).to_le_bytes())?;
    out.write_all(&(pairs.len() as u64).to_le_bytes())?;
    for (fingerprint, _) in &pairs {
        out.write_all(&fingerprint.to_le_bytes())?;
    }
    for (_, doc) in &pairs {
        out.write_all(&doc.to_le_bytes())?;
    }
    Ok(())
}

/// Writes the table of every segment of `searcher` that has none in `dir`
/// (or one that does not fit it), and deletes the others: a run's last
/// merges leave segments the writer's lookups never met, whose tables the
/// next run would otherwise have to write before it could skip anything.
pub(super) fn save(dir: &Path, searcher: &Searcher) -> tantivy::Result<()> {
    let directory = MmapDirectory::open(dir)?;
    for segment in searcher.segment_readers() {
        FingerprintTable::open_or_write(dir, &directory, segment)?;
    }
    let living = searcher.segment_readers().iter().map(|s| s.segment_id());
    Ok(forget_others(dir, living)?)
}

/// Deletes the tables in `dir` of segments not in `living` (merged away)
/// and any left half-written by a killed run.
pub(super) fn forget_others(dir: &Path, living: impl Iterator<Item = SegmentId>) -> io::Result<()> {
    let living: HashSet<String> = living.map(file_name).collect();
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.starts_with(PREFIX) && !living.contains(name) {
            match std::fs::remove_file(dir.join(name)) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::two_segment_index;
    use tantivy::Index;

    /// Fingerprints of each article; some shared, some above 2^63, one
    /// article with none.
    const ARTICLES: &[&[u64]] = &[
        &[40, 8, u64::MAX - 7],
        &[],
        &[8, 16],
        &[8, 1 << 63],
        &[24],
        &[16, 40, 8],
    ];

    fn index_in(dir: &Path) -> (Index, tantivy::IndexWriter) {
        two_segment_index(dir, ARTICLES, |fields, fingerprints| {
            let mut doc = tantivy::TantivyDocument::default();
            doc.add_text(fields.id, "a");
            for &fingerprint in *fingerprints {
                doc.add_u64(fields.fingerprint, fingerprint);
            }
            doc
        })
    }

    fn tables(dir: &Path, searcher: &Searcher) -> Vec<FingerprintTable> {
        let directory = MmapDirectory::open(dir).unwrap();
        searcher
            .segment_readers()
            .iter()
            .map(|segment| FingerprintTable::open_or_write(dir, &directory, segment).unwrap())
            .collect()
    }

    /// Per segment, the articles carrying `fingerprint`, as found; the
    /// segments sorted by those lists, as a searcher orders segments by id.
    fn carriers(tables: &[FingerprintTable], fingerprint: u64) -> Vec<Vec<DocId>> {
        let mut found: Vec<Vec<DocId>> = tables
            .iter()
            .map(|table| table.find(fingerprint).map(|i| table.doc(i)).collect())
            .collect();
        found.sort();
        found
    }

    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.starts_with(PREFIX))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_table_finds_every_article_carrying_a_fingerprint_and_no_other() {
        let dir = tempfile::tempdir().unwrap();
        let (index, _writer) = index_in(dir.path());
        let searcher = index.reader().unwrap().searcher();
        let tables = tables(dir.path(), &searcher);
        // Each segment holds three articles.
        assert_eq!(carriers(&tables, 8), [vec![0, 2], vec![0, 2]]);
        assert_eq!(carriers(&tables, 40), [vec![0], vec![2]]);
        assert_eq!(carriers(&tables, 1 << 63), [vec![], vec![0u32]]);
        assert_eq!(carriers(&tables, u64::MAX - 7), [vec![], vec![0u32]]);
        for absent in [0, 7, 9, 32, u64::MAX] {
            assert_eq!(
                carriers(&tables, absent),
                [Vec::<DocId>::new(), vec![]],
                "{absent}"
            );
        }
        let mut all: Vec<Vec<u64>> = tables.iter().map(|t| t.fingerprints().collect()).collect();
        all.sort();
        assert_eq!(all[0], [8, 8, 16, 24, 40, 1 << 63]);
        assert_eq!(all[1], [8, 8, 16, 40, u64::MAX - 7]);
    }

    #[test]
    fn a_file_that_does_not_fit_its_segment_is_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let (index, _writer) = index_in(dir.path());
        let searcher = index.reader().unwrap().searcher();
        drop(tables(dir.path(), &searcher));
        let names = files_in(dir.path());
        assert_eq!(names.len(), 2);
        let first = dir.path().join(&names[0]);
        let second = dir.path().join(&names[1]);
        let whole = std::fs::read(&first).unwrap();
        // Cut short, and of the other segment.
        std::fs::write(&first, &whole[..whole.len() - 4]).unwrap();
        std::fs::copy(dir.path().join(&names[0]), &second).unwrap();
        let tables = tables(dir.path(), &searcher);
        assert_eq!(carriers(&tables, 8), [vec![0, 2], vec![0, 2]]);
        assert_eq!(carriers(&tables, 24), [vec![], vec![1u32]]);
        assert_eq!(std::fs::read(&first).unwrap(), whole);
    }

    #[test]
    fn tables_of_segments_merged_away_and_half_written_ones_are_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let (index, mut writer) = index_in(dir.path());
        let reader = index.reader().unwrap();
        drop(tables(dir.path(), &reader.searcher()));
        let before = files_in(dir.path());
        std::fs::write(dir.path().join(format!("{}.partial", before[0])), b"cut").unwrap();
        std::fs::write(dir.path().join("notes.txt"), b"mine").unwrap();
        let segments = index.searchable_segment_ids().unwrap();
        writer.merge(&segments).wait().unwrap();
        writer.wait_merging_threads().unwrap();
        reader.reload().unwrap();
        let searcher = reader.searcher();
        save(dir.path(), &searcher).unwrap();
        let tables = tables(dir.path(), &searcher);
        let merged = file_name(searcher.segment_readers()[0].segment_id());
        assert_eq!(files_in(dir.path()), vec![merged]);
        assert!(dir.path().join("notes.txt").exists());
        assert_eq!(carriers(&tables, 8), [vec![0, 2, 3, 5]]);
    }

    proptest::proptest! {
        /// Whatever the fingerprints, a table finds exactly the articles
        /// that carry each one, in order.
        #[test]
        fn find_agrees_with_a_scan_of_every_article(
            articles in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(vec![0u64, 3, 8, 1 << 40, u64::MAX]), 0..4),
                1..12,
            ),
            asked in proptest::sample::select(vec![0u64, 1, 3, 8, 9, 1 << 40, u64::MAX - 1, u64::MAX]),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let (index, _writer) = two_segment_index(dir.path(), &articles, |fields, fingerprints| {
                let mut doc = tantivy::TantivyDocument::default();
                for &fingerprint in fingerprints {
                    doc.add_u64(fields.fingerprint, fingerprint);
                }
                doc
            });
            let searcher = index.reader().unwrap().searcher();
            let tables = tables(dir.path(), &searcher);
            let (left, right) = articles.split_at(articles.len() / 2);
            let mut expected: Vec<Vec<DocId>> = [left, right]
                .iter()
                .filter(|half| !half.is_empty())
                .map(|half| {
                    half.iter()
                        .enumerate()
                        .flat_map(|(doc, carried)| {
                            carried.iter().filter(|&&f| f == asked).map(move |_| doc as DocId)
                        })
                        .collect()
                })
                .collect();
            expected.sort();
            proptest::prop_assert_eq!(carriers(&tables, asked), expected);
        }
    }
}
