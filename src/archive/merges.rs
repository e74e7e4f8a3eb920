//! Which segments the index writer merges: tantivy's log-size policy, with
//! a cap on the size of what a merge makes.
//!
//! The log-size policy merges eight segments of about one size into one,
//! so the largest merge grows with the archive: eight segments of 25,000
//! articles into one of 200,000 at a few hundred thousand articles, eight of
//! 200,000 at 1.6 million, eight of 1.6 million at 12.8 million. A merge
//! reads all of its input through memory maps, and copies their document
//! stores whole, so its pages count against the process's memory until it
//! ends (BENCHMARKS.md §4): half a gigabyte for a merge into 200,000
//! articles, several for the merges of a ten-million-article archive, and a
//! run waits for the last of them before it exits. Capping the articles a
//! merge may make bounds that at every size of archive, at the price of
//! more segments (ten at a million articles, a hundred at ten million),
//! each one more term lookup for dedup questions that pass its filter and
//! for every search — as Lucene caps its merged segments for the same
//! reasons.
//!
//! The cap bounds one merge; the writer also runs one merge at a time
//! (`writer.rs`). tantivy starts every merge a policy proposes at once, on
//! up to four threads, and a level of eight segments of 25,000 articles is
//! proposed as two merges of 100,000, so their maps added up: at a million
//! articles, 556 MiB of document stores mapped at the peak, against 371
//! with one merge at a time (BENCHMARKS.md §6).

use std::collections::HashMap;

use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy};

/// The most articles one merge may make: about 450 MB of segment at the
/// 4.5 KB an article of BENCHMARKS.md §4.
pub(super) const MOST_MERGED_ARTICLES: u32 = 100_000;

/// tantivy's [`LogMergePolicy`] with each of its merges split into merges
/// of at most `most_articles` articles; segments that big already are left
/// alone.
#[derive(Debug)]
pub(super) struct CappedMerges {
    log: LogMergePolicy,
    most_articles: u32,
}

impl CappedMerges {
    /// Merges that make at most `most_articles` articles each.
    pub(super) fn new(most_articles: u32) -> CappedMerges {
        let mut log = LogMergePolicy::default();
        log.set_max_docs_before_merge(most_articles as usize);
        CappedMerges { log, most_articles }
    }
}

impl MergePolicy for CappedMerges {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let articles: HashMap<SegmentId, u32> =
            segments.iter().map(|s| (s.id(), s.num_docs())).collect();
        self.log
            .compute_merge_candidates(segments)
            .into_iter()
            .flat_map(|candidate| {
                let sized = candidate
                    .0
                    .into_iter()
                    .map(|id| (id, articles.get(&id).copied().unwrap_or(0)));
                split(sized, self.most_articles)
            })
            .collect()
    }
}

/// `segments` (id and articles) in groups of at most `most` articles each,
/// in their order; a segment alone in its group is not merged.
fn split(segments: impl Iterator<Item = (SegmentId, u32)>, most: u32) -> Vec<MergeCandidate> {
    let mut groups = Vec::new();
    let mut group: Vec<SegmentId> = Vec::new();
    let mut in_group = 0u64;
    for (id, articles) in segments {
        if !group.is_empty() && in_group + u64::from(articles) > u64::from(most) {
            groups.push(std::mem::take(&mut group));
            in_group = 0;
        }
        group.push(id);
        in_group += u64::from(articles);
    }
    groups.push(group);
    groups
        .into_iter()
        .filter(|group| group.len() > 1)
        .map(MergeCandidate)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use tantivy::schema::Schema;
    use tantivy::Index;

    /// Segment metas of these sizes, with their ids by size.
    fn metas(sizes: &[u32]) -> (Vec<SegmentMeta>, HashMap<SegmentId, u32>) {
        let index = Index::create_in_ram(Schema::builder().build());
        let metas: Vec<SegmentMeta> = sizes
            .iter()
            .map(|&size| index.new_segment_meta(SegmentId::generate_random(), size))
            .collect();
        let sizes = metas.iter().map(|m| (m.id(), m.num_docs())).collect();
        (metas, sizes)
    }

    fn merged_sizes(policy: &CappedMerges, sizes: &[u32]) -> Vec<Vec<u32>> {
        let (metas, size_of) = metas(sizes);
        let mut merges: Vec<Vec<u32>> = policy
            .compute_merge_candidates(&metas)
            .into_iter()
            .map(|c| c.0.iter().map(|id| size_of[id]).collect())
            .collect();
        merges.sort();
        merges
    }

    #[test]
    fn eight_segments_that_would_make_too_many_articles_are_merged_in_parts() {
        let policy = CappedMerges::new(100_000);
        // The log-size policy alone merges all eight into 200,000.
        let log = LogMergePolicy::default();
        let (metas, _) = metas(&[25_000; 8]);
        assert_eq!(log.compute_merge_candidates(&metas)[0].0.len(), 8);
        assert_eq!(
            merged_sizes(&policy, &[25_000; 8]),
            vec![vec![25_000; 4], vec![25_000; 4]]
        );
        // Small segments still merge eight at a time, as before.
        assert_eq!(merged_sizes(&policy, &[3_000; 8]), vec![vec![3_000; 8]]);
        // Segments at the cap are never merged again.
        assert!(merged_sizes(&policy, &[100_000; 8]).is_empty());
        assert!(merged_sizes(&policy, &[60_000; 8]).is_empty());
    }

    proptest! {
        #[test]
        fn no_merge_makes_more_than_the_cap_or_merges_one_segment(
            sizes in proptest::collection::vec(1u32..150_000, 0..40),
            most in 1u32..400_000,
        ) {
            let policy = CappedMerges::new(most);
            let (metas, size_of) = metas(&sizes);
            let merges = policy.compute_merge_candidates(&metas);
            let mut seen = std::collections::HashSet::new();
            for merge in merges {
                prop_assert!(merge.0.len() > 1);
                let articles: u64 = merge.0.iter().map(|id| u64::from(size_of[id])).sum();
                prop_assert!(articles <= u64::from(most));
                for id in merge.0 {
                    prop_assert!(seen.insert(id), "a segment in two merges");
                }
            }
        }
    }
}
