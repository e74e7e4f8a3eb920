//! A Bloom filter of the fingerprints the index holds, in front of the
//! segments' fingerprint tables.
//!
//! Dedup asks about every fingerprint of most new articles, and most of
//! those fingerprints are carried by no indexed article. Each question costs
//! one search per segment of its table ([`FingerprintTable`]), at a random
//! place in files of tens of megabytes once the archive holds a million
//! articles, each search a few cache misses and the pages they bring in. The
//! filter answers "certainly not held" from memory, about ten bits a
//! fingerprint, for all but a few in a hundred of those questions; the
//! others, and every fingerprint that is held, still go to the tables, so
//! dedup's answers do not change. (When the fingerprints were terms of the
//! inverted index, those lookups were a fifth of the CPU of a run adding to
//! a big archive: BENCHMARKS.md §6.)
//!
//! A run that starts on an empty index has its filter from the start and
//! adds each batch's fingerprints when the batch is committed (before, the
//! lookups could not find them anyway); the filter grows by adding
//! a filter twice the size of the last when that one is full, so it is never
//! rebuilt. On an index that already holds fingerprints, a filter costs a
//! pass over every table; the writer builds it only once the run has made
//! about as many lookups, one per segment, as the tables hold fingerprints
//! ([`worth_building`]), so a run that adds a handful of articles to a big
//! archive keeps asking the tables — unless an earlier run left its filter
//! beside the index ([`FILE`]), stamped with the commit it holds every
//! fingerprint of: then the next run reads it instead. A run killed after a
//! commit leaves a filter stamped with an older commit, which the next run
//! ignores.
//!
//! Memory: about 1.2 bytes a fingerprint with the room to grow, 72 MB for
//! the million articles of BENCHMARKS.md §4. The filters never take more
//! than [`MAX_BYTES`]: past that (some three million articles in one run)
//! the last one takes every new fingerprint, its false positives grow, and
//! more questions go to the tables, as they all did without it; answers
//! stay right.

use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::Path;

use fastbloom::{optimal_size, BloomFilter};

use super::fingerprint_table::FingerprintTable;
use crate::le_bytes::Input;

/// The file beside the index that keeps the filter between runs.
pub(super) const FILE: &str = "sitrep-fingerprints.bloom";

/// What the file starts with; the commit stamp follows it.
const MAGIC: &[u8; 8] = b"SRBLOOM3";

/// A filter holding fewer fingerprints than this (an archive of some
/// 25,000 articles) is not kept: the next run builds one from an index that
/// small in a moment, or needs none, and the file would be bigger than the
/// index.
pub(super) const KEEP_FROM: usize = 1 << 20;

/// The seed of every filter's hash, so that a saved filter answers in the
/// next run as it did in the last.
const SEED: u128 = 0x7369_7472_6570_2d66_696e_6765_7270_7274;

/// Each filter's false-positive rate: the share of questions about
/// fingerprints nobody carries that still go to the tables.
const FALSE_POSITIVES: f64 = 0.01;

/// Fewest fingerprints a filter is sized for (about 100,000 articles, 4.8 MB).
const MIN_CAPACITY: usize = 1 << 22;

/// Most memory all the filters may take.
const MAX_BYTES: usize = 192 << 20;

/// Whether a run that has looked up `lookups` fingerprints in each of
/// `segments` segments, whose tables hold `fingerprints` in all, should
/// build the filter now: once the lookups made are as many as the
/// fingerprints the pass that builds it would read. The rule was set when
/// that pass streamed term dictionaries (0.56 µs a term, against about
/// 0.8 µs for one lookup in one segment, on the 1,000,000-article index of
/// BENCHMARKS.md §4); reading a table is cheaper, so it errs on the side of
/// asking the tables a little longer.
pub(super) fn worth_building(lookups: u64, segments: usize, fingerprints: u64) -> bool {
    lookups.saturating_mul(segments as u64) >= fingerprints
}

/// Every fingerprint in the index, and any added since: a fingerprint it
/// does not hold is held by no indexed article.
pub(super) struct KnownFingerprints {
    /// Filters of doubling size; only the last one takes new fingerprints.
    filters: Vec<BloomFilter>,
    /// Fingerprints the last filter is sized for.
    capacity: usize,
    /// Fingerprints put in the last filter.
    inserted: usize,
    /// Fingerprints put in all of them.
    total: usize,
    /// Most bytes the filters may take ([`MAX_BYTES`]).
    budget: usize,
}

impl KnownFingerprints {
    /// An empty filter, sized for `expected` fingerprints or more.
    pub(super) fn new(expected: usize) -> KnownFingerprints {
        KnownFingerprints::within(expected, MAX_BYTES)
    }

    /// An empty filter, sized for `expected` fingerprints or more (but not
    /// more than `budget` bytes), never growing past `budget` bytes.
    fn within(expected: usize, budget: usize) -> KnownFingerprints {
        let bits_per_fingerprint = optimal_size(1 << 20, FALSE_POSITIVES) as f64 / (1 << 20) as f64;
        let most = (budget as f64 * 8.0 / bits_per_fingerprint) as usize;
        let capacity = expected.max(MIN_CAPACITY).min(most.max(1));
        KnownFingerprints {
            filters: vec![empty_filter(capacity)],
            capacity,
            inserted: 0,
            total: 0,
            budget,
        }
    }

    /// A filter holding the fingerprints of `segments`' tables, with room
    /// for as many again.
    pub(super) fn build<'a>(
        segments: impl Iterator<Item = &'a FingerprintTable> + Clone,
    ) -> KnownFingerprints {
        let pairs: usize = segments.clone().map(FingerprintTable::len).sum();
        let mut known = KnownFingerprints::new(pairs.saturating_mul(2));
        for table in segments {
            table.fingerprints().for_each(|f| known.insert(f));
        }
        known
    }

    /// False when no indexed article carries `fingerprint`; true when one
    /// does, and for about [`FALSE_POSITIVES`] of the others per filter.
    pub(super) fn may_hold(&self, fingerprint: u64) -> bool {
        self.filters.iter().any(|f| f.contains(&fingerprint))
    }

    /// Bytes the filters take.
    fn bytes(&self) -> usize {
        self.filters.iter().map(|f| f.num_bits() / 8).sum()
    }

    /// Records a fingerprint of an added article.
    pub(super) fn insert(&mut self, fingerprint: u64) {
        if self.inserted >= self.capacity {
            let bigger = self.capacity.saturating_mul(2);
            let bytes = optimal_size(bigger, FALSE_POSITIVES) / 8;
            if self.bytes().saturating_add(bytes) <= self.budget {
                self.filters.push(empty_filter(bigger));
                self.capacity = bigger;
                self.inserted = 0;
            }
        }
        if let Some(last) = self.filters.last_mut() {
            last.insert(&fingerprint);
            self.inserted += 1;
            self.total += 1;
        }
    }

    /// Keeps the filter in `dir` ([`FILE`]), stamped with `opstamp`, the
    /// commit whose fingerprints it holds, all of them; or, when it holds
    /// fewer than `keep_from` ([`KEEP_FROM`]), deletes any kept before.
    /// Written aside and renamed, so a reader never sees half a file.
    pub(super) fn save(&self, dir: &Path, opstamp: u64, keep_from: usize) -> std::io::Result<()> {
        if self.total < keep_from {
            return forget(dir);
        }
        let partial = dir.join(format!("{FILE}.partial"));
        let mut out = BufWriter::new(File::create(&partial)?);
        out.write_all(MAGIC)?;
        out.write_all(&opstamp.to_le_bytes())?;
        for n in [self.capacity, self.inserted, self.total] {
            out.write_all(&(n as u64).to_le_bytes())?;
        }
        out.write_all(&(self.filters.len() as u32).to_le_bytes())?;
        for filter in &self.filters {
            let words = filter.as_slice();
            out.write_all(&filter.num_hashes().to_le_bytes())?;
            out.write_all(&(words.len() as u32).to_le_bytes())?;
            for word in words {
                out.write_all(&word.to_le_bytes())?;
            }
        }
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&partial, dir.join(FILE))
    }

    /// The filter kept in `dir`, if it was stamped with `opstamp` and reads
    /// whole; `None` for a missing, stale or damaged file.
    pub(super) fn load(dir: &Path, opstamp: u64) -> Option<KnownFingerprints> {
        let bytes = std::fs::read(dir.join(FILE)).ok()?;
        let mut input = Input::new(&bytes);
        let u64_at = |input: &mut Input| input.array().map(u64::from_le_bytes);
        if input.take(MAGIC.len())? != MAGIC || u64_at(&mut input)? != opstamp {
            return None;
        }
        let mut sizes = [0usize; 3];
        for size in &mut sizes {
            *size = usize::try_from(u64_at(&mut input)?).ok()?;
        }
        let [capacity, inserted, total] = sizes;
        let count = input.count()?;
        let mut filters = Vec::with_capacity(count.min(64));
        for _ in 0..count {
            let hashes = u32::from_le_bytes(input.array()?);
            let length = input.count()?.checked_mul(8)?;
            let words = input.take(length)?;
            if words.is_empty() {
                return None;
            }
            let words = words
                .chunks_exact(8)
                .map(|w| u64::from_le_bytes(w.try_into().unwrap_or_default()))
                .collect();
            filters.push(BloomFilter::from_vec(words).seed(&SEED).hashes(hashes));
        }
        (input.is_empty() && !filters.is_empty()).then_some(KnownFingerprints {
            filters,
            capacity,
            inserted,
            total,
            budget: MAX_BYTES,
        })
    }
}

/// Moves the stamp of the filter kept in `dir` from commit `from` to `to`,
/// for a run that committed without adding a fingerprint; deletes it when
/// it is not stamped `from` (stale). Nothing to do when there is none.
pub(super) fn restamp(dir: &Path, from: u64, to: u64) -> std::io::Result<()> {
    let path = dir.join(FILE);
    let mut file = match std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    let mut head = [0u8; 16];
    let current = std::io::Read::read_exact(&mut file, &mut head)
        .ok()
        .filter(|()| &head[..8] == MAGIC)
        .map(|()| u64::from_le_bytes(head[8..].try_into().unwrap_or_default()));
    if current != Some(from) {
        drop(file);
        return forget(dir);
    }
    file.seek(SeekFrom::Start(MAGIC.len() as u64))?;
    file.write_all(&to.to_le_bytes())?;
    file.sync_all()
}

/// Deletes the filter kept in `dir`, if any: it no longer holds every
/// fingerprint of the index.
pub(super) fn forget(dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(dir.join(FILE)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// An empty filter for `capacity` fingerprints, hashed with [`SEED`].
fn empty_filter(capacity: usize) -> BloomFilter {
    BloomFilter::with_false_pos(FALSE_POSITIVES)
        .seed(&SEED)
        .expected_items(capacity)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn building_pays_once_there_were_as_many_lookups_as_terms() {
        assert!(worth_building(10, 4, 40));
        assert!(!worth_building(10, 4, 41));
        assert!(worth_building(0, 0, 0));
        assert!(!worth_building(u64::MAX / 4, 3, u64::MAX));
    }

    /// Stand-ins for fingerprints: sampled hashes, whose low bits are zero.
    fn fingerprints(seed: u64, count: u64) -> impl Iterator<Item = u64> {
        (1..=count).map(move |i| i.wrapping_mul(seed) << 4)
    }

    const HELD: u64 = 0x9E37_79B9_7F4A_7C15;
    const STRANGERS: u64 = 0xC2B2_AE3D_27D4_EB4F;

    /// How many of `count` fingerprints never inserted `known` may hold.
    fn false_positives(known: &KnownFingerprints, count: u64) -> usize {
        fingerprints(STRANGERS, count)
            .filter(|&f| known.may_hold(f))
            .count()
    }

    #[test]
    fn the_filter_holds_everything_inserted_and_little_else() {
        let mut known = KnownFingerprints::new(0);
        fingerprints(HELD, 100_000).for_each(|f| known.insert(f));
        assert!(fingerprints(HELD, 100_000).all(|f| known.may_hold(f)));
        let strangers = false_positives(&known, 100_000);
        assert!(strangers < 2_000, "{strangers} false positives of 100,000");
    }

    #[test]
    fn a_full_filter_grows_and_forgets_nothing() {
        let mut known = KnownFingerprints::new(0);
        let count = MIN_CAPACITY as u64 * 2 + 1;
        fingerprints(HELD, count).for_each(|f| known.insert(f));
        assert_eq!(known.filters.len(), 2, "sized 4M, then 8M");
        assert!(fingerprints(HELD, count).all(|f| known.may_hold(f)));
        let strangers = false_positives(&known, 100_000);
        assert!(strangers < 3_000, "{strangers} false positives of 100,000");
    }

    #[test]
    fn a_kept_filter_reads_back_only_at_its_commit_and_only_whole() {
        let dir = tempfile::tempdir().unwrap();
        let mut known = KnownFingerprints::new(0);
        fingerprints(HELD, KEEP_FROM as u64 - 1).for_each(|f| known.insert(f));
        known.save(dir.path(), 7, KEEP_FROM).unwrap();
        assert!(!dir.path().join(FILE).exists(), "too small to keep");
        known.insert(8);
        known.save(dir.path(), 7, KEEP_FROM).unwrap();
        assert!(KnownFingerprints::load(dir.path(), 8).is_none(), "stale");
        let mut loaded = KnownFingerprints::load(dir.path(), 7).unwrap();
        assert!(fingerprints(HELD, 10_000).all(|f| loaded.may_hold(f)));
        let strangers = false_positives(&loaded, 10_000);
        assert!(strangers < 200, "{strangers} false positives of 10,000");
        loaded.insert(16);
        assert!(loaded.may_hold(16));

        restamp(dir.path(), 7, 9).unwrap();
        assert!(KnownFingerprints::load(dir.path(), 9).is_some());
        restamp(dir.path(), 7, 10).unwrap();
        assert!(!dir.path().join(FILE).exists(), "a stale filter is deleted");
        restamp(dir.path(), 7, 10).unwrap();

        known.save(dir.path(), 7, KEEP_FROM).unwrap();
        let whole = std::fs::read(dir.path().join(FILE)).unwrap();
        for cut in [0, 12, 60, whole.len() - 1] {
            std::fs::write(dir.path().join(FILE), &whole[..cut]).unwrap();
            assert!(
                KnownFingerprints::load(dir.path(), 7).is_none(),
                "cut at {cut}"
            );
        }
        forget(dir.path()).unwrap();
        forget(dir.path()).unwrap();
        assert!(KnownFingerprints::load(dir.path(), 7).is_none());
    }

    #[test]
    fn filters_never_outgrow_their_budget_and_stay_right() {
        let budget = 12 << 20;
        let mut known = KnownFingerprints::within(0, budget);
        let count = MIN_CAPACITY as u64 * 4;
        fingerprints(HELD, count).for_each(|f| known.insert(f));
        // 4.8 MB, then 9.6 MB would pass the budget: the first takes all.
        assert_eq!(known.filters.len(), 1);
        assert!(known.bytes() <= budget);
        assert!(fingerprints(HELD, count).all(|f| known.may_hold(f)));
    }
}
