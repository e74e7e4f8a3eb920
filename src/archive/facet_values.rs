//! The facet values of each segment by ordinal, decoded once and kept: in
//! memory while a reader lives, and in a file beside the index for the next
//! process.
//!
//! Facet counting works on each segment's facet ordinals and needs the
//! values they stand for. A segment's facet dictionary is compressed in
//! blocks, and tantivy sets up a new zstd decompressor for every block it
//! reads: on a million articles, decoding the dictionaries cost a one-off
//! search 10 to 40 ms, more than the rest of the search. Segments never
//! change, so what is decoded stays true. `sitrep index` saves every
//! segment's table when it finishes ([`FILE`]); a reader loads it when it
//! opens and decodes, on demand, only the ordinals of segments the file does
//! not cover (written since, or the file is missing or damaged: it is a
//! cache, never the truth, and reading it never fails a search).

use std::collections::HashMap;
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use tantivy::fastfield::FacetReader;
use tantivy::index::SegmentId;
use tantivy::schema::Facet;
use tantivy::{Searcher, SegmentReader};

use super::facets::field_name;
use crate::le_bytes::{put_count, Input};
use crate::search::Dimension;

/// The file in the index directory that keeps the tables.
pub const FILE: &str = "sitrep-facet-values.bin";

/// What the file starts with; the version changes with the layout.
const MAGIC: &[u8] = b"sitrep facet values 1\n";

/// The id of an ordinal not decoded yet.
pub(super) const UNDECODED: u32 = u32::MAX;
/// The id of an ordinal whose value could not be decoded; it counts for nothing.
pub(super) const NO_VALUE: u32 = u32::MAX - 1;

/// The values met so far, each with a small integer id, and per segment
/// and dimension the id of each ordinal's value.
#[derive(Default)]
pub(super) struct FacetValues(Mutex<Decoded>);

#[derive(Default)]
struct Decoded {
    /// Every value decoded so far, by id.
    values: Vec<(Dimension, Facet)>,
    /// The id of each value; built only when a new ordinal is decoded, as
    /// a search of segments the file covers never needs it.
    ids: HashMap<(Dimension, Facet), u32>,
    /// Per segment and dimension: the id of each ordinal's value.
    segments: HashMap<(SegmentId, Dimension), Arc<Vec<u32>>>,
}

impl Decoded {
    fn intern(&mut self, dimension: Dimension, facet: Facet) -> u32 {
        if self.ids.len() < self.values.len() {
            self.ids = (self.values.iter().cloned())
                .zip(0..self.values.len() as u32)
                .collect();
        }
        let values = &mut self.values;
        *self
            .ids
            .entry((dimension, facet.clone()))
            .or_insert_with(|| {
                values.push((dimension, facet));
                values.len() as u32 - 1
            })
    }
}

impl FacetValues {
    /// The tables saved in `dir`, or none if the file is missing or
    /// damaged.
    pub(super) fn load(dir: &Path) -> FacetValues {
        let decoded = std::fs::read(dir.join(FILE))
            .ok()
            .and_then(|bytes| parse(&bytes))
            .unwrap_or_default();
        FacetValues(Mutex::new(decoded))
    }

    /// Decodes every ordinal of every segment of `searcher`, and saves the
    /// tables of exactly those segments in `dir` unless the file holds
    /// them already.
    pub(super) fn save(&self, dir: &Path, searcher: &Searcher) -> tantivy::Result<()> {
        let mut wanted = Vec::new();
        for segment in searcher.segment_readers() {
            for dimension in [Dimension::Actor, Dimension::Location] {
                let reader = segment.facet_reader(field_name(dimension))?;
                let all = 0..reader.facet_dict().num_terms() as u64;
                let (table, decoded_now) = self.ids_decoding(segment, &reader, dimension, all)?;
                wanted.push((segment.segment_id(), dimension, table, decoded_now));
            }
        }
        // Every segment's table is held now; if none had to be decoded and
        // no other is held, the file already says all of this.
        let unchanged = wanted.iter().all(|(.., decoded_now)| !decoded_now)
            && self.lock().segments.len() == wanted.len();
        if unchanged {
            return Ok(());
        }
        let decoded = self.lock();
        let mut bytes = MAGIC.to_vec();
        put_count(&mut bytes, decoded.values.len());
        for (dimension, facet) in &decoded.values {
            bytes.push(dimension_code(*dimension));
            put_count(&mut bytes, facet.encoded_str().len());
            bytes.extend_from_slice(facet.encoded_str().as_bytes());
        }
        put_count(&mut bytes, wanted.len());
        for (segment, dimension, table, _) in &wanted {
            bytes.extend_from_slice(segment.uuid_string().as_bytes());
            bytes.push(dimension_code(*dimension));
            put_count(&mut bytes, table.len());
            for &id in table.iter() {
                bytes.extend_from_slice(&id.to_le_bytes());
            }
        }
        drop(decoded);
        let partial = dir.join(format!("{FILE}.partial"));
        std::fs::write(&partial, &bytes)
            .and_then(|()| std::fs::rename(&partial, dir.join(FILE)))
            .map_err(|e: io::Error| e.into())
    }

    /// The id of each ordinal's value of `dimension` in `segment`, by
    /// ordinal, with at least those of `needed` (ascending) decoded; the
    /// others may be [`UNDECODED`].
    pub(super) fn ids(
        &self,
        segment: &SegmentReader,
        reader: &FacetReader,
        dimension: Dimension,
        needed: impl Iterator<Item = u64>,
    ) -> tantivy::Result<Arc<Vec<u32>>> {
        Ok(self.ids_decoding(segment, reader, dimension, needed)?.0)
    }

    /// [`FacetValues::ids`], and whether any ordinal had to be decoded.
    fn ids_decoding(
        &self,
        segment: &SegmentReader,
        reader: &FacetReader,
        dimension: Dimension,
        needed: impl Iterator<Item = u64>,
    ) -> tantivy::Result<(Arc<Vec<u32>>, bool)> {
        let dictionary = reader.facet_dict();
        let terms = dictionary.num_terms();
        let mut decoded = self.lock();
        let key = (segment.segment_id(), dimension);
        let mut table = match decoded.segments.get(&key) {
            // A table that does not fit the dictionary is not this segment's.
            Some(table) if table.len() == terms => Arc::clone(table),
            _ => Arc::new(vec![UNDECODED; terms]),
        };
        let new: Vec<u64> = needed
            .filter(|&ord| table.get(ord as usize) == Some(&UNDECODED))
            .collect();
        if !new.is_empty() {
            let mut facets = Vec::with_capacity(new.len());
            dictionary.sorted_ords_to_term_cb(&new, |bytes| {
                facets.push(Facet::from_encoded(bytes.to_vec()).ok());
            })?;
            let slots = Arc::make_mut(&mut table);
            for (ord, facet) in new.iter().zip(facets) {
                slots[*ord as usize] = match facet {
                    Some(facet) => decoded.intern(dimension, facet),
                    None => NO_VALUE,
                };
            }
        }
        decoded.segments.insert(key, Arc::clone(&table));
        Ok((table, !new.is_empty()))
    }

    /// The value with this id.
    pub(super) fn facet(&self, id: u32) -> Option<Facet> {
        self.lock()
            .values
            .get(id as usize)
            .map(|(_, facet)| facet.clone())
    }

    fn lock(&self) -> MutexGuard<'_, Decoded> {
        // Every change to the table is whole by the time the lock is
        // released, so a lock poisoned by a panic elsewhere is still good.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn dimension_code(dimension: Dimension) -> u8 {
    match dimension {
        Dimension::Actor => 0,
        Dimension::Location => 1,
    }
}

fn dimension_of(code: u8) -> Option<Dimension> {
    [Dimension::Actor, Dimension::Location]
        .into_iter()
        .find(|&dimension| dimension_code(dimension) == code)
}

/// The tables in a saved file; `None` if it is not one, or is damaged.
fn parse(bytes: &[u8]) -> Option<Decoded> {
    let mut input = Input::new(bytes.strip_prefix(MAGIC)?);
    let mut decoded = Decoded::default();
    for _ in 0..input.count()? {
        let dimension = dimension_of(input.take(1)?[0])?;
        let len = input.count()?;
        let encoded = std::str::from_utf8(input.take(len)?).ok()?;
        let facet = Facet::from_encoded(encoded.as_bytes().to_vec()).ok()?;
        decoded.values.push((dimension, facet));
    }
    for _ in 0..input.count()? {
        let segment = std::str::from_utf8(input.take(32)?).ok()?;
        let segment = SegmentId::from_uuid_string(segment).ok()?;
        let dimension = dimension_of(input.take(1)?[0])?;
        let len = input.count()?;
        let table: Vec<u32> = input
            .take(len.checked_mul(4)?)?
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let known = |id: &u32| *id == NO_VALUE || (*id as usize) < decoded.values.len();
        if !table.iter().all(known) {
            return None;
        }
        decoded
            .segments
            .insert((segment, dimension), Arc::new(table));
    }
    input.is_empty().then_some(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::two_segment_index;
    use tantivy::{Index, TantivyDocument};

    /// An index in `dir` of two segments whose articles carry these places.
    fn index_in(dir: &Path, places: &[&[&str]]) -> Index {
        let (index, _writer) = two_segment_index(dir, places, |fields, path| {
            let mut doc = TantivyDocument::new();
            doc.add_facet(fields.location, Facet::from_path(path.iter()));
            doc.add_facet(fields.actor, Facet::from_path(["person", "Olena Petrenko"]));
            doc
        });
        index
    }

    /// Every segment's table, as the values each ordinal stands for.
    fn tables(values: &FacetValues, index: &Index) -> Vec<Vec<Option<Facet>>> {
        let searcher = index.reader().unwrap().searcher();
        let mut all = Vec::new();
        for segment in searcher.segment_readers() {
            for dimension in [Dimension::Actor, Dimension::Location] {
                let reader = segment.facet_reader(field_name(dimension)).unwrap();
                let every = 0..reader.facet_dict().num_terms() as u64;
                let ids = values.ids(segment, &reader, dimension, every).unwrap();
                all.push(ids.iter().map(|&id| values.facet(id)).collect());
            }
        }
        all
    }

    #[test]
    fn saved_tables_load_as_decoded_and_need_no_decoding() {
        let dir = tempfile::tempdir().unwrap();
        let index = index_in(
            dir.path(),
            &[
                &["Europe", "Ukraine", "Kyiv"],
                &["Europe", "Poland", "Warsaw"],
                &["Asia"],
            ],
        );
        let searcher = index.reader().unwrap().searcher();
        let decoded = FacetValues::default();
        decoded.save(dir.path(), &searcher).unwrap();
        let loaded = FacetValues::load(dir.path());
        assert_eq!(tables(&loaded, &index), tables(&decoded, &index));
        assert!(tables(&loaded, &index)
            .iter()
            .flatten()
            .all(Option::is_some));
        // Everything was in the file: loading and looking up decoded nothing.
        assert!(loaded.lock().ids.is_empty());
    }

    #[test]
    fn a_file_that_holds_the_same_segments_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let index = index_in(dir.path(), &[&["Europe", "Ukraine"], &["Europe"]]);
        let searcher = index.reader().unwrap().searcher();
        FacetValues::default().save(dir.path(), &searcher).unwrap();
        let file = dir.path().join(FILE);
        std::fs::write(&file, b"not touched").unwrap();
        // The loaded tables are not those of the file now on disk, so the
        // file is written again; loading the fresh file and saving again
        // leaves it as it is.
        FacetValues::load(dir.path())
            .save(dir.path(), &searcher)
            .unwrap();
        let saved = std::fs::read(&file).unwrap();
        assert!(saved.starts_with(MAGIC));
        let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        FacetValues::load(dir.path())
            .save(dir.path(), &searcher)
            .unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), saved);
        assert_eq!(
            std::fs::metadata(&file).unwrap().modified().unwrap(),
            modified
        );
    }

    #[test]
    fn a_damaged_file_is_ignored_and_the_dictionaries_decoded() {
        let dir = tempfile::tempdir().unwrap();
        let index = index_in(dir.path(), &[&["Europe", "Ukraine", "Kyiv"], &["Africa"]]);
        let searcher = index.reader().unwrap().searcher();
        FacetValues::default().save(dir.path(), &searcher).unwrap();
        let saved = std::fs::read(dir.path().join(FILE)).unwrap();
        let expected = tables(&FacetValues::default(), &index);
        for cut in [
            0,
            MAGIC.len(),
            MAGIC.len() + 3,
            saved.len() / 2,
            saved.len() - 1,
        ] {
            std::fs::write(dir.path().join(FILE), &saved[..cut]).unwrap();
            assert_eq!(tables(&FacetValues::load(dir.path()), &index), expected);
        }
        let mut wrong_id = saved.clone();
        let last = wrong_id.len() - 1;
        wrong_id[last] = 0x7f; // an id past every value
        std::fs::write(dir.path().join(FILE), &wrong_id).unwrap();
        assert!(parse(&wrong_id).is_none());
        assert_eq!(tables(&FacetValues::load(dir.path()), &index), expected);
    }

    proptest::proptest! {
        /// Whatever the bytes, reading a file never panics.
        #[test]
        fn any_bytes_parse_or_are_refused(tail in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let mut bytes = MAGIC.to_vec();
            bytes.extend(tail);
            let _ = parse(&bytes);
        }
    }
}
