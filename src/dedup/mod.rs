//! Deduplication: deciding, for each article read, whether it is new, an
//! exact copy of a story already in the archive, or a near copy of one.
//!
//! This is the heart of sitrep. News archives are full of syndicated wire
//! copy, scrapes of the same page on different days, and shortened or
//! re-topped versions; a search that returns the same story forty times is
//! useless. The stage works in three steps, each cheaper to reason about
//! than one fuzzy rule:
//!
//! 1. [`prepare`] drops text an article repeats inside itself, hashes the
//!    rest ([`ContentHash`]) and samples word-shingle fingerprints.
//! 2. An article whose hash is already known is an **exact copy**.
//! 3. Otherwise, if most of its fingerprints stand in one earlier article
//!    (at least [`NEAR_COPY_CONTAINMENT`] of them, and at least
//!    [`MIN_SHARED_FINGERPRINTS`]), it is a **near copy** of that article's
//!    story. Fingerprints that many unrelated stories share (boilerplate,
//!    stock phrases) are no evidence and are left out of the count; an
//!    article with too little text of its own to judge is never a near
//!    copy ([`MIN_INFORMATIVE_FINGERPRINTS`]). A
//!    candidate that shares the words but not the specifics — figures and
//!    names — is not the original either: that is the same earnings-table,
//!    casualty-tally or press-release template filled in anew. A long
//!    article keeps a sparser sample of fingerprints than a short one
//!    ([`LONG_SAMPLE_MODULUS`]); an article is measured against a long
//!    candidate on that sample alone, as the candidate holds no other.
//!
//! The stage does no I/O of its own: what is already indexed is reached
//! through the [`Archive`] trait, which the `archive` module implements on
//! the tantivy index, so the index stays the only store of dedup state.
//! Articles decided in the current run but not yet committed are kept here
//! until the archive can see them ([`Deduper::forget_pending`]).

mod fingerprint;
mod normalize;

use rustc_hash::FxHashMap;
use std::collections::hash_map::Entry;

pub use fingerprint::{
    in_long_sample, prepare, ContentHash, Prepared, Text, LONG_ARTICLE_FINGERPRINTS,
    LONG_SAMPLE_MODULUS, SAMPLE_MODULUS, SHINGLE_WORDS,
};
pub use normalize::normalize;

/// Share of an article's informative fingerprints that must stand in one
/// earlier article for it to be a near copy of that article's story.
pub const NEAR_COPY_CONTAINMENT: f32 = 0.5;

/// Fewest shared fingerprints that make a near copy (about two dozen
/// words in common, given the sampling rate).
pub const MIN_SHARED_FINGERPRINTS: u32 = 3;

/// An article with fewer informative fingerprints than this (about 30
/// words of its own) is too short to call a near copy: two three-line
/// dividend notices or price quotes share most of their words whoever
/// issued them. It can still be an exact copy.
pub const MIN_INFORMATIVE_FINGERPRINTS: u32 = 4;

/// A candidate whose text agrees but whose figures and names mostly differ
/// is another instance of a template (an earnings table, a casualty tally,
/// a weather report, a dividend notice), not a copy: at least this share of
/// the article's informative *specific* fingerprints (shingles holding a
/// figure or a name) must stand in the original too …
pub const SPECIFIC_AGREEMENT: f32 = 0.5;

/// … when the article has at least this many informative specific
/// fingerprints (fewer say too little to judge).
pub const MIN_SPECIFICS_TO_JUDGE: u32 = 2;

/// A fingerprint found in more distinct stories than this is a stock phrase
/// or boilerplate, not evidence of copying.
pub const MAX_STORIES_PER_FINGERPRINT: usize = 5;

/// A fingerprint carried by more indexed articles than this is not even
/// looked at (it is certainly common); bounds the work per fingerprint.
pub const MAX_ARTICLES_PER_FINGERPRINT: usize = 256;

/// Fingerprints of an article looked up first. A near copy has at least
/// [`NEAR_COPY_CONTAINMENT`] of its informative fingerprints in one earlier
/// article, so when none of these (the smallest hashes, a random sample) is
/// known anywhere, the chance that it is one is below 0.5¹⁶ ≈ 0.00002, and
/// it is judged new without looking up the rest. Most articles are new, and
/// this saves most of their lookups in an index of many segments.
pub const SCREEN_FINGERPRINTS: usize = 16;

/// An article already indexed, as far as dedup needs to name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Original {
    /// The indexed article's id.
    pub article: String,
    /// The id of the story it belongs to.
    pub story: String,
}

/// What dedup decided about one article.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Not a copy: the article starts a story of its own.
    New,
    /// The same normalised body as an article already indexed.
    Exact(Original),
    /// Most of its text stands in `original`; `containment` is the share of
    /// its informative fingerprints found there.
    Near {
        /// The article it copies.
        original: Original,
        /// Share of this article's informative fingerprints found there.
        containment: f32,
    },
}

/// What dedup needs to know of an article that carries a fingerprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holder {
    /// The key of its story ([`story_key`]).
    pub story: u64,
    /// One shingle in how many its fingerprints sample
    /// ([`Prepared::sample_modulus`]).
    pub sample_modulus: u64,
}

/// An opaque handle the [`Archive`] gives to an indexed article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleKey(pub u64);

/// What dedup needs to know of the articles already indexed.
pub trait Archive {
    /// The error the lookups can fail with.
    type Error;

    /// An indexed article whose content hash is `hash`, if any: the one
    /// whose text is indexed (an original or a near copy) when there is one,
    /// so that an exact copy names the same article whatever was committed
    /// when; otherwise an exact-copy record.
    fn find_content(&self, hash: ContentHash) -> Result<Option<Original>, Self::Error>;

    /// Whether any indexed article (or a deleted one not yet purged; the
    /// answer may err on the side of yes) carries `fingerprint`.
    fn knows_fingerprint(&self, fingerprint: u64) -> Result<bool, Self::Error>;

    /// Calls `visit(article, holder)` for every indexed article carrying
    /// fingerprint `fingerprint`, and returns `Ok(true)`; when more than
    /// `max_articles` carry it, visits none and returns `Ok(false)`.
    fn articles_with_fingerprint(
        &self,
        fingerprint: u64,
        max_articles: usize,
        visit: &mut dyn FnMut(ArticleKey, Holder),
    ) -> Result<bool, Self::Error>;

    /// The article behind a key given by
    /// [`articles_with_fingerprint`](Archive::articles_with_fingerprint).
    fn original(&self, article: ArticleKey) -> Result<Original, Self::Error>;
}

/// An archive with nothing in it, for dedup without an index: every
/// decision rests on the articles the [`Deduper`] has recorded, all kept
/// in its memory (as `examples/dedup_bench.rs` runs it).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoArchive;

/// What [`NoArchive`] answers when asked for an article: it holds none.
#[derive(Debug, thiserror::Error)]
#[error("no archived article {0:?}: dedup is running without an index")]
pub struct NotArchived(pub ArticleKey);

impl Archive for NoArchive {
    type Error = NotArchived;

    fn find_content(&self, _: ContentHash) -> Result<Option<Original>, NotArchived> {
        Ok(None)
    }

    fn knows_fingerprint(&self, _: u64) -> Result<bool, NotArchived> {
        Ok(false)
    }

    fn articles_with_fingerprint(
        &self,
        _: u64,
        _: usize,
        _: &mut dyn FnMut(ArticleKey, Holder),
    ) -> Result<bool, NotArchived> {
        Ok(true)
    }

    fn original(&self, key: ArticleKey) -> Result<Original, NotArchived> {
        Err(NotArchived(key))
    }
}

/// The key of a story in the archive's fast fields: a hash of its id.
pub fn story_key(story: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(story.as_bytes())
}

/// Whether `stories` holds more than [`MAX_STORIES_PER_FINGERPRINT`]
/// distinct stories; reads no further than the first story too many.
fn too_many_stories(stories: impl Iterator<Item = u64>) -> bool {
    let mut distinct = [0u64; MAX_STORIES_PER_FINGERPRINT];
    let mut found = 0;
    for story in stories {
        if !distinct[..found].contains(&story) {
            let Some(slot) = distinct.get_mut(found) else {
                return true;
            };
            *slot = story;
            found += 1;
        }
    }
    false
}

/// Where a near-copy candidate lives: in the archive, or among the articles
/// of this run not yet committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Candidate {
    Archived(ArticleKey),
    Pending(usize),
}

/// Counts of informative fingerprints: all of them, and those holding a
/// specific.
#[derive(Debug, Clone, Copy, Default)]
struct Shared {
    all: u32,
    specifics: u32,
}

impl Shared {
    fn add(&mut self, specific: bool) {
        self.all += 1;
        self.specifics += u32::from(specific);
    }

    /// Whether sharing this much of `article`'s informative fingerprints
    /// makes it a near copy: enough of its text, and, where it has
    /// specifics enough to judge, enough of its specifics.
    fn makes_a_copy(&self, article: &Shared) -> bool {
        let text = article.all >= MIN_INFORMATIVE_FINGERPRINTS
            && self.all >= MIN_SHARED_FINGERPRINTS
            && self.all as f32 >= NEAR_COPY_CONTAINMENT * article.all as f32;
        let specifics = article.specifics < MIN_SPECIFICS_TO_JUDGE
            || self.specifics as f32 >= SPECIFIC_AGREEMENT * article.specifics as f32;
        text && specifics
    }
}

/// [`Shared`] counts split by sample: those in the sample every article
/// keeps ([`in_long_sample`]), and the others, which only short articles
/// keep.
#[derive(Debug, Clone, Copy, Default)]
struct BySample {
    long: Shared,
    short_only: Shared,
}

impl BySample {
    fn add(&mut self, fingerprint: u64, specific: bool) {
        if in_long_sample(fingerprint) {
            self.long.add(specific);
        } else {
            self.short_only.add(specific);
        }
    }

    fn total(&self) -> Shared {
        Shared {
            all: self.long.all + self.short_only.all,
            specifics: self.long.specifics + self.short_only.specifics,
        }
    }

    /// What a candidate whose fingerprints sample one shingle in
    /// `sample_modulus` shares of the article, and what it is measured
    /// against: only the article's fingerprints in the sample a long
    /// article keeps when the candidate is one (it holds no others), all of
    /// them otherwise.
    fn against(&self, article: &BySample, sample_modulus: u64) -> (Shared, Shared) {
        if sample_modulus == LONG_SAMPLE_MODULUS {
            (self.long, article.long)
        } else {
            (self.total(), article.total())
        }
    }
}

/// Which pending articles carry each fingerprint. Most fingerprints of a
/// batch are carried by one article, so that one is kept inline and only
/// the others in a list: about 20 bytes a fingerprint instead of 70 for a
/// list each, and a batch holds over a million fingerprints (100,000
/// articles: peak heap 751 → 678 MB).
#[derive(Debug, Default)]
struct PendingFingerprints {
    /// The first pending article carrying each fingerprint, with
    /// [`HAS_OTHERS`] set when others carry it too.
    first: FxHashMap<u64, u32>,
    /// The others, in the order they were recorded.
    others: FxHashMap<u64, Vec<u32>>,
}

/// The bit of a [`PendingFingerprints::first`] entry that says more
/// articles carry its fingerprint: most carriers are found with one
/// lookup, and only these need the second. Pending articles are numbered
/// below it (a batch would need two billion articles to reach it).
const HAS_OTHERS: u32 = 1 << 31;

impl PendingFingerprints {
    /// Records that pending article `article` carries `fingerprint`.
    fn insert(&mut self, fingerprint: u64, article: usize) {
        let article = article as u32 & !HAS_OTHERS;
        match self.first.entry(fingerprint) {
            Entry::Vacant(slot) => {
                slot.insert(article);
            }
            Entry::Occupied(mut slot) => {
                *slot.get_mut() |= HAS_OTHERS;
                self.others.entry(fingerprint).or_default().push(article);
            }
        }
    }

    /// Whether a pending article carries `fingerprint`.
    fn contains(&self, fingerprint: u64) -> bool {
        self.first.contains_key(&fingerprint)
    }

    /// The pending articles carrying `fingerprint`, in the order recorded.
    fn carriers(&self, fingerprint: u64) -> impl Iterator<Item = usize> + '_ {
        let first = self.first.get(&fingerprint).copied();
        let others = first
            .filter(|first| first & HAS_OTHERS != 0)
            .and_then(|_| self.others.get(&fingerprint));
        let first = first.map(|first| first & !HAS_OTHERS);
        first
            .into_iter()
            .chain(others.into_iter().flatten().copied())
            .map(|i| i as usize)
    }

    /// Forgets every pending article.
    fn clear(&mut self) {
        self.first.clear();
        self.others.clear();
    }
}

/// Makes dedup decisions in a fixed order and remembers the ones the
/// archive cannot see yet.
#[derive(Debug, Default)]
pub struct Deduper {
    pending: Vec<(Original, Holder)>,
    /// Pending articles whose text is indexed, by content hash (the first).
    pending_by_hash: FxHashMap<ContentHash, usize>,
    /// Pending exact-copy records, by content hash (the first).
    pending_records_by_hash: FxHashMap<ContentHash, usize>,
    pending_by_fingerprint: PendingFingerprints,
}

impl Deduper {
    /// A deduper with nothing pending.
    pub fn new() -> Self {
        Self::default()
    }

    /// Decides whether `article` is new, an exact copy or a near copy of
    /// something indexed or pending. Articles with id `exclude` (the older
    /// version of an article being replaced) are never its original.
    pub fn check<A: Archive>(
        &self,
        article: &Prepared,
        archive: &A,
        exclude: Option<&str>,
    ) -> Result<Verdict, A::Error> {
        let usable = |original: &Original| Some(original.article.as_str()) != exclude;
        let pending = |by_hash: &FxHashMap<ContentHash, usize>| {
            by_hash
                .get(&article.content_hash)
                .map(|&i| &self.pending[i].0)
                .filter(|original| usable(original))
        };
        // An exact copy names the article whose text is indexed, pending or
        // committed, before any exact-copy record of it: which of them a
        // commit has made visible must not change the answer.
        if let Some(original) = pending(&self.pending_by_hash) {
            return Ok(Verdict::Exact(original.clone()));
        }
        if let Some(original) = archive.find_content(article.content_hash)? {
            if usable(&original) {
                return Ok(Verdict::Exact(original));
            }
        }
        if let Some(original) = pending(&self.pending_records_by_hash) {
            return Ok(Verdict::Exact(original.clone()));
        }

        if !self.may_be_a_near_copy(article, archive)? {
            return Ok(Verdict::New);
        }

        let mut shared: FxHashMap<Candidate, (BySample, u64)> = FxHashMap::default();
        let mut informative = BySample::default();
        let mut holders: Vec<(Candidate, Holder)> = Vec::new();
        for &fingerprint in &article.fingerprints {
            holders.clear();
            let bounded = archive.articles_with_fingerprint(
                fingerprint,
                MAX_ARTICLES_PER_FINGERPRINT,
                &mut |key, holder| holders.push((Candidate::Archived(key), holder)),
            )?;
            if !bounded {
                continue;
            }
            let pending_carriers = || {
                self.pending_by_fingerprint
                    .carriers(fingerprint)
                    .map(|i| (Candidate::Pending(i), self.pending[i].1))
            };
            // A stock phrase may have thousands of pending carriers: stop
            // at the first story too many rather than list them all.
            let stories = holders
                .iter()
                .copied()
                .chain(pending_carriers())
                .map(|(_, h)| h.story);
            if too_many_stories(stories) {
                continue;
            }
            holders.extend(pending_carriers());
            let specific = article.specifics.binary_search(&fingerprint).is_ok();
            informative.add(fingerprint, specific);
            for &(candidate, holder) in &holders {
                shared
                    .entry(candidate)
                    .or_insert((BySample::default(), holder.sample_modulus))
                    .0
                    .add(fingerprint, specific);
            }
        }

        if informative.total().all < MIN_INFORMATIVE_FINGERPRINTS {
            return Ok(Verdict::New);
        }
        // Each candidate that makes a copy, with what it shares of the
        // sample every article keeps, all it shares, and the share it makes.
        let mut ranked: Vec<(Candidate, u32, u32, f32)> = shared
            .into_iter()
            .filter_map(|(candidate, (by_sample, sample_modulus))| {
                let (shared, article) = by_sample.against(&informative, sample_modulus);
                shared.makes_a_copy(&article).then(|| {
                    (
                        candidate,
                        by_sample.long.all,
                        by_sample.total().all,
                        shared.all as f32 / article.all as f32,
                    )
                })
            })
            .collect();
        // Most shared first, counted on the sample every candidate holds
        // (a long one holds no other), then on all; among equals the
        // earliest indexed, so the decision does not depend on hash-map
        // order. But among equals of one story, its first article: which
        // copy of it was committed when, and where merges put it, must not
        // change the name.
        ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
        let mut best: Option<(Original, f32, (u32, u32))> = None;
        for (candidate, long, all, containment) in ranked {
            if best
                .as_ref()
                .is_some_and(|(_, _, most)| *most != (long, all))
            {
                break;
            }
            let original = match candidate {
                Candidate::Archived(key) => archive.original(key)?,
                Candidate::Pending(i) => self.pending[i].0.clone(),
            };
            let names_the_story_better = |b: &Original| {
                b.story == original.story
                    && original.article == original.story
                    && b.article != b.story
            };
            if usable(&original)
                && best
                    .as_ref()
                    .is_none_or(|(b, _, _)| names_the_story_better(b))
            {
                best = Some((original, containment, (long, all)));
            }
        }
        if let Some((original, containment, _)) = best {
            return Ok(Verdict::Near {
                original,
                containment,
            });
        }
        Ok(Verdict::New)
    }

    /// False when none of the article's first [`SCREEN_FINGERPRINTS`]
    /// fingerprints is indexed or pending: then it is almost surely not a
    /// near copy (see the constant). True for articles with fewer
    /// fingerprints: the full check costs them no more.
    fn may_be_a_near_copy<A: Archive>(
        &self,
        article: &Prepared,
        archive: &A,
    ) -> Result<bool, A::Error> {
        if article.fingerprints.len() <= SCREEN_FINGERPRINTS {
            return Ok(true);
        }
        for &fingerprint in &article.fingerprints[..SCREEN_FINGERPRINTS] {
            if self.pending_by_fingerprint.contains(fingerprint)
                || archive.knows_fingerprint(fingerprint)?
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Remembers an article of this run that the archive cannot see yet:
    /// `article` is its id and `story` the story it was put in. Exact-copy
    /// records pass `fingerprinted = false`, as their text is not indexed.
    pub fn record(&mut self, prepared: &Prepared, article: &str, story: &str, fingerprinted: bool) {
        let i = self.pending.len();
        self.pending.push((
            Original {
                article: article.to_string(),
                story: story.to_string(),
            },
            Holder {
                story: story_key(story),
                sample_modulus: prepared.sample_modulus,
            },
        ));
        let by_hash = if fingerprinted {
            &mut self.pending_by_hash
        } else {
            &mut self.pending_records_by_hash
        };
        by_hash.entry(prepared.content_hash).or_insert(i);
        if fingerprinted {
            for &fingerprint in &prepared.fingerprints {
                self.pending_by_fingerprint.insert(fingerprint, i);
            }
        }
    }

    /// Forgets the pending articles, once a commit has made them visible
    /// through the [`Archive`].
    pub fn forget_pending(&mut self) {
        self.pending.clear();
        self.pending_by_hash.clear();
        self.pending_records_by_hash.clear();
        self.pending_by_fingerprint.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_carrier_of_a_pending_fingerprint_is_found_in_order() {
        let mut pending = PendingFingerprints::default();
        for (fingerprint, article) in [(7, 0), (9, 1), (7, 3), (7, 5)] {
            pending.insert(fingerprint, article);
        }
        let carriers = |pending: &PendingFingerprints, fingerprint| {
            pending.carriers(fingerprint).collect::<Vec<usize>>()
        };
        assert_eq!(carriers(&pending, 7), [0, 3, 5]);
        assert_eq!(carriers(&pending, 9), [1]);
        assert!(carriers(&pending, 8).is_empty());
        assert!(pending.contains(9) && !pending.contains(8));
        pending.clear();
        assert!(carriers(&pending, 7).is_empty());
    }

    /// An archive that holds no fingerprints, finds `content` (if any) by
    /// any content hash, and counts the full fingerprint lookups asked of it.
    #[derive(Default)]
    struct CountingArchive {
        lookups: std::cell::Cell<usize>,
        content: Option<Original>,
    }

    impl Archive for CountingArchive {
        type Error = NotArchived;

        fn find_content(&self, _: ContentHash) -> Result<Option<Original>, NotArchived> {
            Ok(self.content.clone())
        }

        fn knows_fingerprint(&self, fingerprint: u64) -> Result<bool, NotArchived> {
            NoArchive.knows_fingerprint(fingerprint)
        }

        fn articles_with_fingerprint(
            &self,
            fingerprint: u64,
            max_articles: usize,
            visit: &mut dyn FnMut(ArticleKey, Holder),
        ) -> Result<bool, NotArchived> {
            self.lookups.set(self.lookups.get() + 1);
            NoArchive.articles_with_fingerprint(fingerprint, max_articles, visit)
        }

        fn original(&self, key: ArticleKey) -> Result<Original, NotArchived> {
            NoArchive.original(key)
        }
    }

    #[test]
    fn an_article_whose_sample_is_unknown_is_new_without_more_lookups() {
        let story = article(STORY);
        assert!(story.fingerprints.len() > SCREEN_FINGERPRINTS);
        let archive = CountingArchive::default();
        let deduper = Deduper::new();
        assert_eq!(deduper.check(&story, &archive, None).unwrap(), Verdict::New);
        assert_eq!(archive.lookups.get(), 0);

        // Once the story is pending, a copy passes the screen and is looked up in full.
        let mut deduper = Deduper::new();
        deduper.record(&story, "a", "a", true);
        let copy = article(&STORY[1..]);
        assert!(matches!(
            deduper.check(&copy, &archive, None).unwrap(),
            Verdict::Near { .. }
        ));
        assert_eq!(archive.lookups.get(), copy.fingerprints.len());
    }

    const STORY: &[&str] = &[
        "Ukraine's lead negotiator Rustem Umerov met US envoys at a private golf club in Florida on Friday, the third day of talks on a security framework for the country after the war.",
        "Both sides agree that real progress depends on Russia's readiness to show serious commitment to long-term peace, including de-escalation and an end to the killing.",
        "US Special Envoy Steve Witkoff has been working closely with Jared Kushner on a proposal that includes joint economic initiatives between Ukraine and the United States.",
        "In a video address late on Thursday, President Volodymyr Zelenskyy urged Russian officials to come clean about their intentions in the peace talks.",
        "Kremlin adviser Yuri Ushakov rejected the demand for strong security guarantees, saying it would be unacceptable to Moscow.",
        "Russian drones struck a house in central Ukraine on Thursday night, killing a 12-year-old boy, regional officials said.",
    ];

    fn article(texts: &[&str]) -> Prepared {
        prepare(texts.iter().map(|t| t.to_string()).collect::<Vec<_>>())
    }

    /// Runs dedup over `articles` in order, recording each as indexed.
    fn run(articles: &[Prepared]) -> Vec<Verdict> {
        let mut deduper = Deduper::new();
        articles
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let verdict = deduper.check(a, &NoArchive, None).unwrap();
                let id = format!("a{i}");
                let story = match &verdict {
                    Verdict::New => id.clone(),
                    Verdict::Exact(o) | Verdict::Near { original: o, .. } => o.story.clone(),
                };
                deduper.record(a, &id, &story, !matches!(verdict, Verdict::Exact(_)));
                verdict
            })
            .collect()
    }

    fn original(article: &str, story: &str) -> Original {
        Original {
            article: article.into(),
            story: story.into(),
        }
    }

    #[test]
    fn an_exact_copy_names_the_article_with_the_text_whatever_was_committed() {
        let story = article(STORY);
        // "a" is committed; "b", an exact copy of it, is not yet.
        let archive = CountingArchive {
            content: Some(original("a", "a")),
            ..Default::default()
        };
        let mut deduper = Deduper::new();
        deduper.record(&story, "b", "a", false);
        assert_eq!(
            deduper.check(&story, &archive, None).unwrap(),
            Verdict::Exact(original("a", "a"))
        );
        // Once "b" is committed and "a" is pending (an article replaced in
        // this run), "a" is still named.
        let mut deduper = Deduper::new();
        deduper.record(&story, "a", "a", true);
        let archive = CountingArchive {
            content: Some(original("b", "a")),
            ..Default::default()
        };
        assert_eq!(
            deduper.check(&story, &archive, None).unwrap(),
            Verdict::Exact(original("a", "a"))
        );
        // A pending record is named when nothing else has the text.
        let mut deduper = Deduper::new();
        deduper.record(&story, "b", "a", false);
        assert_eq!(
            deduper.check(&story, &NoArchive, None).unwrap(),
            Verdict::Exact(original("b", "a"))
        );
    }

    #[test]
    fn among_equal_candidates_the_story_s_first_article_is_named() {
        let story = article(STORY);
        let copy = article(&STORY[1..]);
        let mut deduper = Deduper::new();
        // Two articles with the same fingerprints: the one recorded first
        // (as a merge can order them) is not the story's first.
        deduper.record(&story, "b", "m", true);
        deduper.record(&story, "m", "m", true);
        deduper.record(&story, "c", "m", true);
        let verdict = deduper.check(&copy, &NoArchive, None).unwrap();
        assert!(matches!(verdict, Verdict::Near { original, .. } if original.article == "m"));
        // Among equals of different stories, the earliest; never one excluded.
        let mut deduper = Deduper::new();
        deduper.record(&story, "c", "c", true);
        deduper.record(&story, "b", "b", true);
        let verdict = deduper.check(&copy, &NoArchive, None).unwrap();
        assert!(matches!(verdict, Verdict::Near { original, .. } if original.article == "c"));
        let verdict = deduper.check(&copy, &NoArchive, Some("c")).unwrap();
        assert!(matches!(verdict, Verdict::Near { original, .. } if original.article == "b"));
    }

    #[test]
    fn exact_copy_in_other_typography() {
        let curly: Vec<String> = STORY.iter().map(|p| p.replace('\'', "\u{2019}")).collect();
        let verdicts = run(&[article(STORY), prepare(curly)]);
        assert_eq!(
            verdicts,
            [Verdict::New, Verdict::Exact(original("a0", "a0"))]
        );
    }

    #[test]
    fn near_copies_join_the_first_story() {
        let mut new_lede =
            vec!["KYIV (Wire) - Talks on ending the war resumed on Friday as envoys met again."];
        new_lede.extend_from_slice(STORY);
        let reflowed_and_edited = [
            STORY[..3].join(" "),
            STORY[3..].join(" ").replace("urged", "called on"),
        ];
        let shortened = &STORY[..4];
        let mut edited: Vec<String> = STORY.iter().map(|p| p.to_string()).collect();
        edited[2] = edited[2]
            .replace("working closely", "cooperating")
            .replace("joint", "shared");
        let verdicts = run(&[
            article(STORY),
            article(&new_lede),
            prepare(reflowed_and_edited.to_vec()),
            article(shortened),
            prepare(edited),
        ]);
        assert_eq!(verdicts[0], Verdict::New);
        for verdict in &verdicts[1..] {
            match verdict {
                Verdict::Near {
                    original: o,
                    containment,
                } => {
                    assert_eq!(o.story, "a0");
                    assert!(*containment >= NEAR_COPY_CONTAINMENT);
                }
                other => panic!("expected a near copy, got {other:?}"),
            }
        }
    }

    #[test]
    fn same_event_in_other_words_is_a_new_story() {
        let other = [
            "Negotiators from Kyiv and Washington held a third straight day of meetings in Florida, where Rustem Umerov led the Ukrainian team.",
            "Moscow, through presidential aide Yuri Ushakov, dismissed Ukrainian calls for binding guarantees of its security.",
            "A boy aged 12 died when a Russian drone hit a home in central Ukraine overnight into Friday, local authorities reported.",
        ];
        assert_eq!(
            run(&[article(STORY), article(&other)]),
            [Verdict::New, Verdict::New]
        );
    }

    #[test]
    fn shared_boilerplate_is_no_evidence() {
        let a = [
            "Advertisement",
            "Markets in Tokyo rose sharply on Monday as exporters gained on a weaker yen.",
            "Sign up for our newsletter to get the day's top stories",
        ];
        let b = [
            "Advertisement",
            "Wheat prices fell in Chicago after rain improved the outlook for the harvest.",
            "Sign up for our newsletter to get the day's top stories",
        ];
        assert_eq!(
            run(&[article(&a), article(&b)]),
            [Verdict::New, Verdict::New]
        );
    }

    #[test]
    fn stock_phrases_many_stories_share_are_ignored() {
        let phrase = "officials said in a statement released late on Tuesday evening after the meeting \
            of the regional council that the situation remained difficult but under control and that \
            further updates would follow as soon as more information became available from the \
            emergency services working in the area";
        // Made-up words without digits, distinct for every story.
        let word = |story: usize, n: usize| -> String {
            [story, n / 26, n % 26]
                .iter()
                .map(|&i| char::from(b'a' + (i % 26) as u8))
                .collect::<String>()
                + "ek"
        };
        // Stories long enough that the phrase alone never makes them copies.
        let mut articles: Vec<Prepared> = (0..=MAX_STORIES_PER_FINGERPRINT)
            .map(|i| {
                let own: Vec<String> = (0..150).map(|w| word(i, w)).collect();
                prepare(vec![format!("{} {phrase}.", own.join(" "))])
            })
            .collect();
        // A short article that is mostly the phrase: a copy of the first
        // story if the phrase counted, new once it is known to be common.
        articles.push(prepare(vec![format!(
            "A brief item on fuel prices in the capital: {phrase}."
        )]));
        let verdicts = run(&articles);
        assert!(verdicts.iter().all(|v| *v == Verdict::New), "{verdicts:?}");
        let early = run(&[
            articles[0].clone(),
            articles[MAX_STORIES_PER_FINGERPRINT + 1].clone(),
        ]);
        assert!(matches!(early[1], Verdict::Near { .. }), "{early:?}");
    }

    #[test]
    fn template_with_other_figures_and_names_is_a_new_story() {
        let report = |shr: &str, net: &str, revs: &str, year: u32| {
            prepare(vec![format!(
                "Shr profit {shr} cts vs loss two cts. Net profit {net} vs loss 57,341. Revs {revs} vs 2,627,612. \
                 NOTE: the company said its {year} results include an extraordinary gain from the sale of a unit \
                 and were restated for the change in accounting for pension costs. The board also \
                 approved a plan to buy back shares over the next two years and named a new chief \
                 financial officer to replace the one who retired at the end of the quarter."
            )])
        };
        let first = report("four", "247,970", "2,393,622", 1986);
        let corrected = report("four", "247,970", "2,393,622", 1987);
        let other = report("nine", "913,004", "7,114,208", 1985);
        let verdicts = run(&[first, corrected, other]);
        assert!(matches!(verdicts[1], Verdict::Near { .. }), "{verdicts:?}");
        assert_eq!(verdicts[2], Verdict::New);
    }

    /// `count` made-up words without digits, distinct for every `seed`.
    fn made_up_words(seed: usize, count: usize) -> Vec<String> {
        (0..count)
            .map(|n| {
                [seed, n / 676, n / 26, n]
                    .iter()
                    .map(|&i| char::from(b'a' + (i % 26) as u8))
                    .collect::<String>()
                    + "ok"
            })
            .collect()
    }

    /// The share of `article`'s fingerprints that `keep` keeps which stand
    /// in `other` too.
    fn share_in(article: &Prepared, other: &Prepared, keep: &dyn Fn(u64) -> bool) -> f32 {
        let kept: Vec<u64> = article
            .fingerprints
            .iter()
            .copied()
            .filter(|&f| keep(f))
            .collect();
        let shared = kept
            .iter()
            .filter(|f| other.fingerprints.contains(f))
            .count();
        shared as f32 / kept.len().max(1) as f32
    }

    #[test]
    fn a_short_excerpt_of_a_long_article_is_judged_on_the_sample_both_keep() {
        let words = made_up_words(1, 900);
        let long = prepare(vec![words.join(" ")]);
        let excerpt = prepare(vec![format!(
            "Our own opening words here. {}",
            words[..300].join(" ")
        )]);
        assert_eq!(long.sample_modulus, LONG_SAMPLE_MODULUS);
        assert_eq!(excerpt.sample_modulus, SAMPLE_MODULUS);
        // The excerpt's denser sample has fingerprints the long article
        // does not keep: counted against it, they would halve the share.
        assert!(excerpt.fingerprints.iter().any(|&f| !in_long_sample(f)));
        match &run(&[long, excerpt])[1] {
            Verdict::Near {
                original: o,
                containment,
            } => {
                assert_eq!(o.story, "a0");
                assert!(*containment > 0.9, "{containment}");
            }
            other => panic!("expected a near copy, got {other:?}"),
        }
    }

    #[test]
    fn short_articles_are_judged_on_all_their_fingerprints() {
        // Two short articles sharing a third of their text, chosen so that
        // by chance the long-article sample alone would make it over half:
        // all of their fingerprints, counted together, do not.
        let (a, b) = (0..500)
            .map(|seed| {
                let shared = made_up_words(seed, 40).join(" ");
                let own = |n| made_up_words(seed + n, 80).join(" ");
                (
                    prepare(vec![format!("{} {shared}", own(1000))]),
                    prepare(vec![format!("{} {shared}", own(2000))]),
                )
            })
            .find(|(a, b)| {
                share_in(b, a, &in_long_sample) >= NEAR_COPY_CONTAINMENT
                    && b.fingerprints
                        .iter()
                        .filter(|&&f| in_long_sample(f))
                        .count()
                        >= 4
            })
            .expect("some seed makes the long-article sample misleading");
        assert_eq!(b.sample_modulus, SAMPLE_MODULUS);
        assert!(share_in(&b, &a, &|_| true) < NEAR_COPY_CONTAINMENT);
        assert_eq!(run(&[a, b]), [Verdict::New, Verdict::New]);
    }

    #[test]
    fn the_original_sharing_most_of_the_common_sample_wins_over_a_sparser_long_copy() {
        // A short story, a long article that quotes it but adds too much to
        // be its copy, and an edited copy of the short story: the copy
        // belongs with the story itself. Measured on its sparser sample, the
        // long article can show a larger share by chance; seeds are chosen
        // where it does.
        let (story, long, copy) = (0..500)
            .map(|seed| {
                let words = made_up_words(seed, 250);
                let mut edited = words.clone();
                edited[100] = "changed".into();
                (
                    prepare(vec![words.join(" ")]),
                    prepare(vec![format!(
                        "{} {}",
                        words.join(" "),
                        made_up_words(seed + 1000, 450).join(" ")
                    )]),
                    prepare(vec![edited.join(" ")]),
                )
            })
            .find(|(story, long, copy)| {
                share_in(copy, long, &in_long_sample) > share_in(copy, story, &|_| true)
            })
            .expect("some seed makes the long article's share larger");
        assert_eq!(story.sample_modulus, SAMPLE_MODULUS);
        assert_eq!(long.sample_modulus, LONG_SAMPLE_MODULUS);
        let verdicts = run(&[story, long, copy]);
        assert_eq!(verdicts[1], Verdict::New);
        match &verdicts[2] {
            Verdict::Near { original: o, .. } => assert_eq!(o.article, "a0"),
            other => panic!("expected a near copy, got {other:?}"),
        }
    }

    #[test]
    fn short_notices_are_not_near_copies() {
        let a = article(&["Qtly div 25 cts vs 25 cts prior Pay May 1 Record April 10"]);
        let b = article(&["Qtly div 25 cts vs 25 cts prior Pay May 1 Record April 17"]);
        assert_eq!(
            run(&[a.clone(), b, a]),
            [
                Verdict::New,
                Verdict::New,
                Verdict::Exact(original("a0", "a0"))
            ]
        );
    }

    #[test]
    fn excluded_article_is_never_the_original() {
        let mut deduper = Deduper::new();
        let a = article(STORY);
        deduper.record(&a, "old", "old", true);
        assert_eq!(
            deduper.check(&a, &NoArchive, Some("old")).unwrap(),
            Verdict::New
        );
        assert_eq!(
            deduper.check(&a, &NoArchive, None).unwrap(),
            Verdict::Exact(original("old", "old"))
        );
        deduper.forget_pending();
        assert_eq!(deduper.check(&a, &NoArchive, None).unwrap(), Verdict::New);
    }

    proptest! {
        #[test]
        fn too_many_stories_counts_distinct_stories(stories in prop::collection::vec(0u64..9, 0..40)) {
            let distinct: std::collections::BTreeSet<u64> = stories.iter().copied().collect();
            prop_assert_eq!(
                too_many_stories(stories.into_iter()),
                distinct.len() > MAX_STORIES_PER_FINGERPRINT
            );
        }

        #[test]
        fn reordered_copy_is_never_a_new_story(order in Just((0..STORY.len()).collect::<Vec<_>>()).prop_shuffle()) {
            let shuffled: Vec<&str> = order.iter().map(|&i| STORY[i]).collect();
            let verdicts = run(&[article(STORY), article(&shuffled)]);
            prop_assert_ne!(&verdicts[1], &Verdict::New);
        }
    }
}
