//! The indexing pipeline: from files on disk to articles in the archive.
//!
//! Three stages, each on its own thread, with at most two pieces of work
//! waiting between them: reading and parsing files; normalising,
//! fingerprinting and finding entities (in parallel on all cores, order
//! kept); deciding and adding to the index (tantivy's writer threads do the
//! indexing proper). So the next chunk is read while this one is decided on.
//! Decisions that depend on what came before — which id an
//! article gets, whether it is unchanged, new or a copy — are made one
//! article at a time in walk order, so every run over the same files makes
//! the same decisions whatever the thread timing: the first copy walked is
//! always its story's original.
//!
//! What a run read of each file is recorded in the index, committed
//! together with the file's articles: the next run skips a file whose size
//! and modification time have not changed, and reads only the new lines of
//! a JSON Lines file that grew. A file that changed otherwise is read
//! again, but those of its articles that the index already holds unchanged
//! are only hashed, not fingerprinted nor searched for entities. Commits
//! come every so many articles or
//! seconds; a run killed at any moment leaves the last commit, and the next
//! run finds everything committed unchanged and adds the rest, so nothing
//! is lost and nothing is indexed twice.
//!
//! Each commit also records which version of entity extraction found the
//! actors and places of the articles indexed; when it is not this run's, a
//! refresh finds them again from the text the index holds.

use std::collections::HashSet;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::archive::{self, FileRecord, Indexed, IndexedTexts, Record, StoredArticle, Writer};
use crate::corpus::{self, Article, Problem};
use crate::dedup::{ContentHash, Deduper, Prepared, Text, Verdict};
use crate::entities::{self, Entities, Extractor, Recent, UserEntities, UserEntitiesError};
use crate::search::Kind;

/// Why an indexing run could not go on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The index failed.
    #[error(transparent)]
    Archive(#[from] archive::Error),
    /// The user's entity file could not be read.
    #[error("cannot read the entity file {}: {source}", path.display())]
    EntitiesUnreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The user's entity file has a bad line.
    #[error("entity file {}: {source}; fix the line and run again", path.display())]
    EntitiesInvalid {
        /// The file.
        path: PathBuf,
        /// What is wrong, with the line.
        source: UserEntitiesError,
    },
}

/// Files read in parallel before their articles are decided on in order.
const FILES_PER_BATCH: usize = 256;

/// Indexed articles read back at a time, and their entities found again in
/// parallel, by a refresh of their entities (about 20 MB of text).
const REFRESH_BATCH: usize = 4096;

/// Files bigger than this are streamed a chunk at a time (the default of
/// [`Options::stream_above`]) …
pub const STREAM_ABOVE_BYTES: u64 = 64 << 20;

/// … of about this many bytes of input.
const CHUNK_BYTES: usize = 16 << 20;

/// How to run the pipeline.
#[derive(Debug, Clone)]
pub struct Options {
    /// Files and directories to read.
    pub roots: Vec<PathBuf>,
    /// Where the index lives (created if missing).
    pub index_dir: PathBuf,
    /// Bytes the index writer may buffer before it writes a segment.
    pub memory_budget: usize,
    /// Indexing threads of the index writer.
    pub threads: usize,
    /// Commit after this many articles have been added …
    pub commit_every: usize,
    /// … or after this long, whichever comes first.
    pub commit_interval: Duration,
    /// JSON Lines files bigger than this many bytes are read a chunk at a
    /// time, so memory stays bounded whatever their size
    /// ([`STREAM_ABOVE_BYTES`] unless tuned).
    pub stream_above: u64,
    /// A file of the user's own actors and places, to keep with the index
    /// (replacing any kept before); `None` uses the one kept, if any.
    pub entities: Option<PathBuf>,
    /// Find again the actors and places of the articles indexed earlier,
    /// unless this very extraction found them all.
    pub refresh_entities: bool,
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Files found (read, or recognised as unchanged without reading).
    pub files: u64,
    /// Files an earlier run read that have not changed since.
    pub files_unchanged: u64,
    /// Of those, the files read again because they were touched (their
    /// modification time changed), recognised by their hash.
    pub files_reread: u64,
    /// Files passed over for their extension.
    pub ignored_files: u64,
    /// Bytes read from disk.
    pub bytes: u64,
    /// Articles read.
    pub articles: u64,
    /// Articles indexed as the first of a new story.
    pub new: u64,
    /// Articles recorded as exact copies of a story already indexed.
    pub exact_duplicates: u64,
    /// Articles indexed as near copies of a story already indexed.
    pub near_duplicates: u64,
    /// Articles already in the index from an earlier run.
    pub unchanged: u64,
    /// Articles whose text changed since an earlier run, replaced.
    pub replaced: u64,
    /// Repeated paragraphs dropped inside articles.
    pub repeated_paragraphs: u64,
    /// Articles whose id another article already had; indexed under a
    /// derived id (listed in `warnings`).
    pub id_collisions: u64,
    /// Inputs that gave no article: unreadable files, bad lines, …
    pub skipped: Vec<Problem>,
    /// Problems that did not stop an article from being indexed.
    pub warnings: Vec<Problem>,
    /// What the last run before this one was doing when it was killed;
    /// `None` when it finished.
    pub interrupted_run: Option<Stage>,
    /// Whether this run did what the interrupted one had left: read files
    /// (for a run killed while reading them) or refreshed entities (for a
    /// run killed in a refresh).
    pub completes_interrupted_run: bool,
    /// What a refresh of entities did, when one was asked for
    /// ([`Options::refresh_entities`]).
    pub refresh: Option<Refresh>,
    /// Whether, after the run, the index holds articles whose actors and
    /// places another extraction found (an earlier sitrep, another entity
    /// file), which [`Options::refresh_entities`] would find again.
    pub entities_outdated: bool,
    /// Wall time of the run, in milliseconds.
    pub took_ms: u64,
}

/// The stages of a run, for a run that was killed in one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading files into the index.
    Reading,
    /// Finding the actors and places of indexed articles again
    /// ([`Options::refresh_entities`]), after reading the files.
    Refreshing,
}

/// What a refresh of entities did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Refresh {
    /// Articles whose actors and places were looked for again: none when
    /// this very extraction had found them all.
    pub checked: u64,
    /// Of those, the articles found to be about other actors or places
    /// than before, and indexed again with them.
    pub changed: u64,
}

impl Summary {
    /// Articles added to the index (or recorded as copies) by this run.
    pub fn added(&self) -> u64 {
        self.new + self.exact_duplicates + self.near_duplicates + self.replaced
    }
}

/// What the run decided about one article, for an audit trail of dedup.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision<'a> {
    /// The id it was indexed (or found) under.
    pub id: &'a str,
    /// The file it was read from.
    pub path: &'a str,
    /// Its JSON Lines line, if it came from one.
    pub line: Option<u64>,
    /// `new`, `near`, `exact`, `unchanged` or `replaced`.
    pub verdict: &'static str,
    /// The story it was put in (none for unchanged articles).
    pub story: Option<&'a str>,
    /// The article it copies, for copies.
    pub copy_of: Option<&'a str>,
    /// For near copies, the share of its fingerprints found in `copy_of`.
    pub containment: Option<f32>,
}

/// An article read and prepared, waiting for its decision.
struct ReadArticle {
    article: Article,
    work: Work,
}

/// What the parallel stage did for an article.
enum Work {
    /// The index held it as it is under the id it asks for, so it is all
    /// but surely unchanged: only its text was hashed, and fingerprints and
    /// entities are left to the decision, which needs them only if the
    /// article is to be added after all.
    Held(Text),
    /// Everything about it that does not depend on other articles.
    Done {
        prepared: Prepared,
        entities: Entities,
    },
}

impl ReadArticle {
    /// What can be done for `article` before its decision; `indexed` is
    /// what the index held when the stage began.
    fn of(mut article: Article, finder: &EntityFinder, indexed: &IndexedTexts) -> ReadArticle {
        // The body moves into its text, which keeps the paragraphs that
        // are indexed; the article keeps what was read about it.
        let text = Text::of(std::mem::take(&mut article.paragraphs));
        let work = if indexed.holds(&base_id(&article), text.content_hash) {
            Work::Held(text)
        } else {
            let (prepared, entities) = finish(text, &article, finder);
            Work::Done { prepared, entities }
        };
        ReadArticle { article, work }
    }
}

/// What `article` needs, once its `text` is hashed, to be added: its
/// fingerprints and its entities.
fn finish(text: Text, article: &Article, finder: &EntityFinder) -> (Prepared, Entities) {
    let prepared = text.prepare();
    let entities = finder.find(article.headline(), &prepared.paragraphs);
    (prepared, entities)
}

/// The actors and places of an indexed article, found again.
fn refound(article: &StoredArticle, finder: &EntityFinder) -> Entities {
    let headline = corpus::headline(&article.title, article.source.as_deref());
    finder.find(headline, &article.paragraphs)
}

/// The id an article asks for: its own, or where it was read.
fn base_id(article: &Article) -> String {
    article.id.clone().unwrap_or_else(|| article.location_id())
}

/// How far a run has got, for a progress display.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Files dealt with (read or recognised as unchanged).
    pub files_done: u64,
    /// Files the walk found.
    pub files_total: u64,
    /// Bytes of those files dealt with.
    pub bytes_done: u64,
    /// Bytes of all the files found.
    pub bytes_total: u64,
    /// Articles dealt with.
    pub articles: u64,
    /// Indexed articles whose entities a refresh has looked for again …
    pub refresh_done: u64,
    /// … of the articles it has to look at (0 when there is no refresh).
    pub refresh_total: u64,
}

/// What is stored with every commit: how far the run had got, and which
/// extraction found the entities of the articles indexed. A run that was
/// killed leaves `complete: false` behind, and the next run says it is
/// completing it.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct CommitPayload {
    complete: bool,
    /// Made while refreshing entities: a run killed then had read its
    /// files, and a refresh completes it.
    #[serde(default)]
    refreshing: bool,
    files_done: u64,
    articles_done: u64,
    /// The version ([`entities::extraction_version`]) that found the actors
    /// and places of every article in the index; `None` when they were
    /// found by several, or by a sitrep that did not record it.
    #[serde(default)]
    entities: Option<String>,
}

impl CommitPayload {
    /// The payload of a commit, if it is one of these.
    fn of(payload: &str) -> Option<CommitPayload> {
        serde_json::from_str(payload).ok()
    }

    /// The version that found the entities of every article of an index
    /// whose last commit has `payload`, for a run whose extraction is of
    /// `version`: a new index has no commit, and whatever it will hold,
    /// that run finds the entities of.
    fn found_by(payload: Option<&str>, version: &str) -> Option<String> {
        match payload {
            None => Some(version.to_string()),
            Some(payload) => CommitPayload::of(payload).and_then(|p| p.entities),
        }
    }
}

/// Whether the index in `index_dir` holds articles whose actors and
/// places another extraction found than the one it would find them with
/// now (this sitrep, with the entity file kept with the index): what
/// [`Options::refresh_entities`] would find again.
pub fn entities_outdated(index_dir: &std::path::Path) -> Result<bool, Error> {
    let payload = archive::last_payload(index_dir)?;
    let user = archive::user_entities(index_dir)?;
    let version = entities::extraction_version(user.as_deref());
    Ok(CommitPayload::found_by(payload.as_deref(), &version) != Some(version))
}

/// Reads the corpus under `options.roots` into the index, calling
/// `on_decision` for every article in walk order and `on_progress` as
/// files are dealt with.
pub fn run(
    options: &Options,
    on_decision: &mut dyn FnMut(&Decision),
    on_progress: &mut dyn FnMut(&Progress),
) -> Result<Summary, Error> {
    let started = Instant::now();
    let (extractor, version) = extractor(options)?;
    let finder = EntityFinder::new(&extractor);
    let mut summary = Summary::default();
    let walk = corpus::walk(&options.roots);
    summary.ignored_files = walk.ignored;
    summary.skipped.extend(walk.problems);
    let stats: Vec<Option<FileStat>> = walk
        .files
        .par_iter()
        .map(|f| FileStat::of(&f.path))
        .collect();
    let mut progress = Progress {
        files_total: walk.files.len() as u64,
        bytes_total: stats.iter().flatten().map(|s| s.size).sum(),
        ..Progress::default()
    };

    if options.roots.is_empty() && !archive::exists(&options.index_dir) {
        // Nothing to read and nothing to refresh: a mistyped --index.
        return Err(archive::Error::Missing(options.index_dir.clone()).into());
    }
    let mut writer = Writer::open(&options.index_dir, options.memory_budget, options.threads)?;
    let payload = writer.last_payload()?;
    summary.interrupted_run = (payload.as_deref())
        .and_then(CommitPayload::of)
        .filter(|p| !p.complete)
        .map(|p| match p.refreshing {
            true => Stage::Refreshing,
            false => Stage::Reading,
        });
    summary.completes_interrupted_run = match summary.interrupted_run {
        Some(Stage::Reading) => !options.roots.is_empty(),
        Some(Stage::Refreshing) => options.refresh_entities,
        None => false,
    };
    let found_by = CommitPayload::found_by(payload.as_deref(), &version);
    let mut run = Run {
        writer: &mut writer,
        deduper: Deduper::new(),
        seen_ids: HashSet::new(),
        uncommitted: 0,
        commit_every: options.commit_every.max(1),
        commit_interval: options.commit_interval,
        last_commit: Instant::now(),
        summary: &mut summary,
        on_decision,
        finder: &finder,
        version,
        found_by,
        stage: Stage::Reading,
    };
    let batches = walk
        .files
        .chunks(FILES_PER_BATCH)
        .zip(stats.chunks(FILES_PER_BATCH));
    for (files, stats) in batches {
        // Files an earlier run read and that have not changed since are
        // not read again.
        let mut to_read = Vec::with_capacity(files.len());
        for (file, stat) in files.iter().zip(stats) {
            let record = run.writer.file_record(&file.display)?;
            match (&record, stat) {
                (Some(record), Some(stat)) if stat.matches(record) => {
                    run.unchanged_file(record);
                    progress.files_done += 1;
                    progress.bytes_done += stat.size;
                    progress.articles += record.articles;
                }
                _ => to_read.push((file, *stat, record)),
            }
        }
        on_progress(&progress);
        run.read_files(&to_read, options, &mut progress, on_progress)?;
    }
    if options.refresh_entities {
        run.summary.refresh = Some(Refresh::default());
        if run.found_by.as_ref() != Some(&run.version) {
            run.refresh_entities(&mut progress, on_progress)?;
        }
    }
    run.commit(true)?;
    run.summary.entities_outdated = run.found_by.as_ref() != Some(&run.version);
    writer.finish()?;
    summary.took_ms = started.elapsed().as_millis() as u64;
    Ok(summary)
}

/// A file of a batch to read: the file, its size and modification time,
/// and what an earlier run read of it.
type ToRead<'f> = (&'f corpus::SourceFile, Option<FileStat>, Option<FileRecord>);

/// What one pipeline stage hands the next, in walk order: chunks of the
/// articles (and problems) of file number `file` of the batch, then the
/// file's end with its totals.
enum Piece<T> {
    /// Articles and problems of one chunk of a file.
    Chunk {
        file: usize,
        articles: Vec<T>,
        problems: Vec<Problem>,
    },
    /// The file is read: its bytes, hash and lines.
    End {
        file: usize,
        totals: corpus::FileContents,
    },
}

impl Piece<Article> {
    /// The articles and problems of `contents`, a chunk of file `file`.
    fn chunk_of(file: usize, contents: corpus::FileContents) -> Piece<Article> {
        Piece::Chunk {
            file,
            articles: contents.articles,
            problems: contents.problems,
        }
    }
}

impl<T> Piece<T> {
    fn file(&self) -> usize {
        match self {
            Piece::Chunk { file, .. } | Piece::End { file, .. } => *file,
        }
    }
}

/// Pieces waiting between two stages: enough that the next stage never
/// waits, few enough to bound memory (a piece is at most about
/// [`CHUNK_BYTES`] of input, or one batch of small files).
const PIECES_IN_FLIGHT: usize = 2;

/// Stage 1: reads and parses the files of `to_read` in order. Small files
/// are read in parallel; a big JSON Lines file is streamed a chunk at a
/// time, so it never sits in memory whole. Stops when the next stage has
/// gone.
fn read_stage(to_read: &[ToRead], stream_above: u64, out: &SyncSender<Piece<Article>>) {
    let chunk_bytes = CHUNK_BYTES
        .min(usize::try_from(stream_above).unwrap_or(CHUNK_BYTES))
        .max(1);
    // Whether the end of file `file` reached the next stage (it has not
    // gone).
    let sent_end = |file, totals| out.send(Piece::End { file, totals }).is_ok();
    let mut rest = to_read;
    let mut index = 0;
    while !rest.is_empty() {
        let small = rest
            .iter()
            .take_while(|(_, stat, _)| stat.is_none_or(|s| s.size <= stream_above))
            .count();
        let (now, later) = rest.split_at(small.max(1));
        rest = later;
        if small == 0 {
            let (file, _, record) = &now[0];
            let seen = record.as_ref().map(FileRecord::seen);
            let streamed = corpus::read_in_chunks(file, seen.as_ref(), chunk_bytes, |chunk| {
                out.send(Piece::chunk_of(index, chunk))
            });
            let Ok(totals) = streamed else { return };
            if !sent_end(index, totals) {
                return;
            }
            index += 1;
            continue;
        }
        let contents: Vec<corpus::FileContents> = now
            .par_iter()
            .map(|(file, _, record)| {
                corpus::read(file, record.as_ref().map(FileRecord::seen).as_ref())
            })
            .collect();
        for contents in contents {
            let totals = contents.clone_totals();
            if out.send(Piece::chunk_of(index, contents)).is_err() || !sent_end(index, totals) {
                return;
            }
            index += 1;
        }
    }
}

/// Stage 2: normalises, fingerprints and finds the entities of every
/// article the index does not already hold as it is ([`Work`]), in
/// parallel on all cores, keeping their order. Stops when the
/// next stage has gone.
fn prepare_stage(
    input: Receiver<Piece<Article>>,
    finder: &EntityFinder,
    indexed: &IndexedTexts,
    out: &SyncSender<Piece<ReadArticle>>,
) {
    for piece in input {
        let piece = match piece {
            Piece::Chunk {
                file,
                articles,
                problems,
            } => Piece::Chunk {
                file,
                articles: articles
                    .into_par_iter()
                    .map(|article| ReadArticle::of(article, finder, indexed))
                    .collect(),
                problems,
            },
            Piece::End { file, totals } => Piece::End { file, totals },
        };
        if out.send(piece).is_err() {
            return;
        }
    }
}

/// Size and modification time of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileStat {
    size: u64,
    modified: u64,
}

impl FileStat {
    /// The file's size and modification time, if it can be read.
    fn of(path: &std::path::Path) -> Option<FileStat> {
        let meta = std::fs::metadata(path).ok()?;
        let modified = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        Some(FileStat {
            size: meta.len(),
            modified: u64::try_from(modified.as_nanos()).ok()?,
        })
    }

    /// Whether the file is, by size and modification time, the one
    /// `record` describes.
    fn matches(&self, record: &FileRecord) -> bool {
        self.size == record.size && self.modified == record.modified
    }
}

impl FileRecord {
    /// What the corpus reader needs of a record to read a file again.
    fn seen(&self) -> corpus::Seen {
        corpus::Seen {
            bytes: self.size,
            hash: self.hash,
            lines: self.lines,
        }
    }
}

/// Texts whose entities a run remembers: a wire story repeated within a
/// few thousand articles is not searched again. Some 10 MB: an article's
/// entities take about 1.4 KB (a dozen names, each place with its path).
const RECENT_TEXTS: NonZeroUsize = match NonZeroUsize::new(8192) {
    Some(texts) => texts,
    None => NonZeroUsize::MIN,
};

/// What finds the entities of a run's articles: the extractor, and the
/// entities of the texts it saw last.
struct EntityFinder<'a> {
    extractor: &'a Extractor,
    recent: Recent,
}

impl<'a> EntityFinder<'a> {
    fn new(extractor: &'a Extractor) -> Self {
        EntityFinder {
            extractor,
            recent: Recent::new(RECENT_TEXTS),
        }
    }

    /// The entities of an article with this headline and paragraphs.
    fn find(&self, title: &str, paragraphs: &[String]) -> Entities {
        self.extractor
            .extract_recent(&self.recent, title, paragraphs)
    }
}

/// The entity extractor, with the user's entities: those of
/// `options.entities` (then kept with the index), or those kept before;
/// and its version ([`entities::extraction_version`]).
fn extractor(options: &Options) -> Result<(Extractor, String), Error> {
    let text = match &options.entities {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|source| Error::EntitiesUnreadable {
                    path: path.clone(),
                    source,
                })?;
            UserEntities::parse(&text).map_err(|source| Error::EntitiesInvalid {
                path: path.clone(),
                source,
            })?;
            archive::keep_user_entities(&options.index_dir, &text)?;
            Some(text)
        }
        None => archive::user_entities(&options.index_dir)?,
    };
    let user = match &text {
        Some(text) => Some(
            UserEntities::parse(text).map_err(|source| Error::EntitiesInvalid {
                path: archive::user_entities_path(&options.index_dir),
                source,
            })?,
        ),
        None => None,
    };
    let version = entities::extraction_version(text.as_deref());
    Ok((Extractor::new(user.as_ref()), version))
}

/// One file being read: what an earlier run read of it, what this one has.
struct FileRun {
    earlier: u64,
    earlier_problems: Vec<Problem>,
    read: u64,
    problems: Vec<Problem>,
}

/// The state of one run of the pipeline.
struct Run<'a> {
    writer: &'a mut Writer,
    deduper: Deduper,
    seen_ids: HashSet<String>,
    uncommitted: usize,
    commit_every: usize,
    commit_interval: Duration,
    last_commit: Instant,
    summary: &'a mut Summary,
    on_decision: &'a mut dyn FnMut(&Decision),
    finder: &'a EntityFinder<'a>,
    /// The version of the extractor ([`entities::extraction_version`]).
    version: String,
    /// The version that found the entities of every article indexed so
    /// far, if one did ([`CommitPayload::entities`]).
    found_by: Option<String>,
    /// What the run is doing, recorded with each commit.
    stage: Stage,
}

/// Where an article goes, once its id is settled.
enum Placement {
    /// Already indexed with the same text, under this id.
    Unchanged(String),
    /// To be added under `id`; `replaces` when it is a changed version of
    /// the article indexed under that id.
    Add { id: String, replaces: bool },
}

impl Run<'_> {
    /// Counts the articles of a file an earlier run read, unchanged since,
    /// and reports again the problems reading it met.
    fn unchanged_file(&mut self, record: &FileRecord) {
        self.summary.files += 1;
        self.summary.files_unchanged += 1;
        self.summary.articles += record.articles;
        self.summary.unchanged += record.articles;
        for problem in &record.problems {
            self.report(problem.clone());
        }
    }

    /// Starts on a file an earlier run may have read (`record`).
    fn start_file(&mut self, record: Option<&FileRecord>) -> FileRun {
        FileRun {
            earlier: record.map_or(0, |r| r.articles),
            earlier_problems: record.map(|r| r.problems.clone()).unwrap_or_default(),
            read: 0,
            problems: Vec::new(),
        }
    }

    /// Stage 3, on this thread: runs the files of `to_read` through the
    /// reading and preparing stages (each on its own thread, so reading the
    /// next chunk, preparing the one after and deciding on this one overlap)
    /// and decides on their articles in walk order.
    fn read_files(
        &mut self,
        to_read: &[ToRead],
        options: &Options,
        progress: &mut Progress,
        on_progress: &mut dyn FnMut(&Progress),
    ) -> Result<(), archive::Error> {
        std::thread::scope(|scope| {
            let (read_out, prepare_in) = sync_channel(PIECES_IN_FLIGHT);
            let (prepare_out, decide_in) = sync_channel(PIECES_IN_FLIGHT);
            scope.spawn(move || read_stage(to_read, options.stream_above, &read_out));
            let (finder, indexed) = (self.finder, self.writer.indexed_texts());
            scope.spawn(move || prepare_stage(prepare_in, finder, &indexed, &prepare_out));
            // Leaving early (an index error) drops `decide_in`, which stops
            // both stages.
            let mut current: Option<(usize, FileRun)> = None;
            for piece in decide_in {
                let index = piece.file();
                let (file, stat, record) = &to_read[index];
                if !matches!(&current, Some((i, _)) if *i == index) {
                    current = Some((index, self.start_file(record.as_ref())));
                }
                match piece {
                    Piece::Chunk {
                        articles, problems, ..
                    } => {
                        let Some((_, file_run)) = current.as_mut() else {
                            continue;
                        };
                        progress.articles += self.chunk(file_run, articles, problems)?;
                    }
                    Piece::End { totals, .. } => {
                        let Some((_, file_run)) = current.take() else {
                            continue;
                        };
                        self.finish_file(file, *stat, file_run, &totals)?;
                        progress.files_done += 1;
                        progress.bytes_done += totals.bytes;
                    }
                }
                on_progress(progress);
            }
            Ok(())
        })
    }

    /// Decides on the articles of one chunk of a file, in order. Returns the
    /// number of articles dealt with.
    fn chunk(
        &mut self,
        file: &mut FileRun,
        articles: Vec<ReadArticle>,
        problems: Vec<Problem>,
    ) -> Result<u64, archive::Error> {
        for problem in problems {
            file.problems.push(problem.clone());
            self.report(problem);
        }
        let count = articles.len() as u64;
        for item in articles {
            self.decide(item)?;
        }
        file.read += count;
        Ok(count)
    }

    /// Counts what the file gave and records what was read of it (with the
    /// problems met, to report again when a later run skips the file), so
    /// the next run can skip it or read only what it gains.
    fn finish_file(
        &mut self,
        file: &corpus::SourceFile,
        stat: Option<FileStat>,
        mut run: FileRun,
        totals: &corpus::FileContents,
    ) -> Result<(), archive::Error> {
        self.summary.files += 1;
        self.summary.bytes += totals.bytes;
        // Articles (and their problems) read by an earlier run and not read
        // again now.
        let (earlier, mut problems) = if totals.unchanged || totals.resumed {
            (run.earlier, std::mem::take(&mut run.earlier_problems))
        } else {
            (0, Vec::new())
        };
        if totals.unchanged {
            for problem in &problems {
                self.report(problem.clone());
            }
        }
        self.summary.articles += earlier;
        self.summary.unchanged += earlier;
        if totals.unchanged {
            self.summary.files_unchanged += 1;
            self.summary.files_reread += 1;
        }
        problems.extend(run.problems);
        if let Some(stat) = stat {
            let record = FileRecord {
                size: totals.bytes,
                modified: stat.modified,
                hash: totals.hash,
                lines: totals.lines,
                articles: earlier + run.read,
                problems,
            };
            self.writer.record_file(&file.display, &record)?;
        }
        Ok(())
    }

    /// Counts an article added to the index, and commits when a batch is
    /// due (`--commit-every` articles or `--commit-interval` seconds).
    fn added(&mut self) -> Result<(), archive::Error> {
        self.uncommitted += 1;
        if self.uncommitted >= self.commit_every
            || self.last_commit.elapsed() >= self.commit_interval
        {
            self.commit(false)?;
        }
        Ok(())
    }

    /// Commits what was added; `complete` at the end of the run.
    fn commit(&mut self, complete: bool) -> Result<(), archive::Error> {
        let payload = CommitPayload {
            complete,
            refreshing: self.stage == Stage::Refreshing,
            files_done: self.summary.files,
            articles_done: self.summary.articles,
            entities: self.found_by.clone(),
        };
        self.writer
            .commit(&serde_json::to_string(&payload).unwrap_or_default())?;
        self.deduper.forget_pending();
        self.uncommitted = 0;
        self.last_commit = Instant::now();
        Ok(())
    }

    /// Notes that an article's entities were just found by this run's
    /// extraction: the index holds entities of one version only while
    /// that was this one's.
    fn found_with_this_version(&mut self) {
        if self.found_by.as_ref() != Some(&self.version) {
            self.found_by = None;
        }
    }

    /// Finds again the actors and places of every indexed article, from
    /// the text the index holds (its file may be gone), and indexes again
    /// those found to be about others, in batches committed as indexing
    /// commits. A refresh killed half-way is done again by the next: the
    /// articles it changed are found as they are and left alone.
    fn refresh_entities(
        &mut self,
        progress: &mut Progress,
        on_progress: &mut dyn FnMut(&Progress),
    ) -> Result<(), archive::Error> {
        // What this run added, committed first, is looked at too (and
        // left as it is).
        self.stage = Stage::Refreshing;
        self.commit(false)?;
        let ids = self.writer.article_ids()?;
        progress.refresh_total = ids.len() as u64;
        let mut done = Refresh::default();
        on_progress(progress);
        for batch in ids.chunks(REFRESH_BATCH) {
            // Read from the last commit, which may be this refresh's own.
            let stored = self.writer.stored_articles()?;
            let finder = self.finder;
            let found = batch
                .par_iter()
                .map(|id| {
                    let article = stored.get(id)?;
                    Ok(article.map(|article| {
                        let entities = refound(&article, finder);
                        (article, entities)
                    }))
                })
                .collect::<Result<Vec<_>, archive::Error>>()?;
            for (article, entities) in found.iter().flatten() {
                done.checked += 1;
                if article.has_entities(entities) {
                    continue;
                }
                self.writer.delete(&article.id);
                self.writer.add(&article.record(entities))?;
                done.changed += 1;
                self.added()?;
            }
            progress.refresh_done += batch.len() as u64;
            on_progress(progress);
        }
        self.found_by = Some(self.version.clone());
        self.summary.refresh = Some(done);
        Ok(())
    }

    fn report(&mut self, problem: Problem) {
        if problem.is_warning() {
            self.summary.warnings.push(problem);
        } else {
            self.summary.skipped.push(problem);
        }
    }

    /// Decides on one article and adds it to the index.
    fn decide(&mut self, item: ReadArticle) -> Result<(), archive::Error> {
        let ReadArticle { article, work } = item;
        self.summary.articles += 1;
        let line = article.line();
        let (content_hash, held) = match &work {
            Work::Held(text) => (text.content_hash, true),
            Work::Done { prepared, .. } => (prepared.content_hash, false),
        };
        let (id, replaces) = match self.place(&article, content_hash, held)? {
            Placement::Unchanged(id) => {
                self.summary.unchanged += 1;
                (self.on_decision)(&Decision {
                    id: &id,
                    path: &article.path,
                    line,
                    verdict: "unchanged",
                    story: None,
                    copy_of: None,
                    containment: None,
                });
                return Ok(());
            }
            Placement::Add { id, replaces } => (id, replaces),
        };
        let (prepared, entities) = match work {
            Work::Done { prepared, entities } => (prepared, entities),
            Work::Held(text) => finish(text, &article, self.finder),
        };
        let exclude = replaces.then_some(id.as_str());
        let verdict = self.deduper.check(&prepared, &*self.writer, exclude)?;
        let (kind, story, copy_of, containment) = match &verdict {
            Verdict::New => (Kind::Original, id.clone(), None, None),
            Verdict::Exact(original) => (
                Kind::Exact,
                original.story.clone(),
                Some(original.article.clone()),
                None,
            ),
            Verdict::Near {
                original,
                containment,
            } => (
                Kind::Near,
                original.story.clone(),
                Some(original.article.clone()),
                Some(*containment),
            ),
        };
        if replaces {
            self.writer.delete(&id);
            self.summary.replaced += 1;
        } else {
            match kind {
                Kind::Original => self.summary.new += 1,
                Kind::Near => self.summary.near_duplicates += 1,
                Kind::Exact => self.summary.exact_duplicates += 1,
            }
        }
        self.summary.repeated_paragraphs += u64::from(prepared.repeated_paragraphs);
        let origin = article.location_id();
        self.writer.add(&Record {
            id: &id,
            title: &article.title,
            paragraphs: &prepared.paragraphs,
            published: article.published,
            source: article.source.as_deref(),
            url: article.url.as_deref(),
            path: &article.path,
            origin: &origin,
            story: &story,
            kind,
            copy_of: copy_of.as_deref(),
            containment,
            content_hash: prepared.content_hash,
            fingerprints: &prepared.fingerprints,
            fingerprint_sample: prepared.sample_modulus,
            repeated_paragraphs: prepared.repeated_paragraphs,
            entities: &entities,
        })?;
        self.deduper
            .record(&prepared, &id, &story, kind != Kind::Exact);
        self.found_with_this_version();
        (self.on_decision)(&Decision {
            id: &id,
            path: &article.path,
            line,
            verdict: if replaces { "replaced" } else { kind.verdict() },
            story: Some(&story),
            copy_of: copy_of.as_deref(),
            containment,
        });
        self.added()
    }

    /// Settles the article's id: its own (or where it was read), or a
    /// derived `ID#N` when another article has that id already. `held` says
    /// the index held the article as it is under the id it asks for when
    /// the parallel stage looked.
    fn place(
        &mut self,
        article: &Article,
        content_hash: ContentHash,
        held: bool,
    ) -> Result<Placement, archive::Error> {
        let base = base_id(article);
        // Nothing this run did since can have changed what the index holds
        // under `base` unless this run placed an article there, and every
        // id this run places is in `seen_ids`: so the article is unchanged,
        // and the lookup the stage made need not be made again.
        if held && self.seen_ids.insert(base.clone()) {
            return Ok(Placement::Unchanged(base));
        }
        let origin = article.location_id();
        let mut n = 1u64;
        loop {
            let id = if n == 1 {
                base.clone()
            } else {
                format!("{base}#{n}")
            };
            n += 1;
            if self.seen_ids.contains(&id) {
                continue;
            }
            let placement = match self.writer.find_id(&id, content_hash)? {
                Indexed::Same => Placement::Unchanged(id.clone()),
                Indexed::Different { origin: indexed } if indexed == origin => Placement::Add {
                    id: id.clone(),
                    replaces: true,
                },
                Indexed::Different { .. } => continue,
                Indexed::Absent => Placement::Add {
                    id: id.clone(),
                    replaces: false,
                },
            };
            if id != base && !matches!(placement, Placement::Unchanged(_)) {
                self.summary.id_collisions += 1;
                self.summary.warnings.push(Problem {
                    path: article.path.clone(),
                    line: article.line(),
                    error: format!(
                        "id {base:?} is used by another article; this one is indexed as {id:?}"
                    ),
                });
            }
            self.seen_ids.insert(id);
            return Ok(placement);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(root: &std::path::Path, stream_above: u64) -> Options {
        Options {
            roots: vec![root.join("corpus")],
            index_dir: root.join(format!("index-{stream_above}")),
            memory_budget: 50_000_000,
            threads: 1,
            commit_every: 1000,
            commit_interval: Duration::from_secs(60),
            stream_above,
            entities: None,
            refresh_entities: false,
        }
    }

    #[test]
    fn a_run_after_an_interrupted_one_says_it_completes_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("corpus")).unwrap();
        std::fs::write(
            dir.path().join("corpus/a.txt"),
            "Title\nSome text about the talks.\n",
        )
        .unwrap();
        let options = options(dir.path(), u64::MAX);
        kill_in(&options, Stage::Reading);
        let resumed = run(&options, &mut |_| {}, &mut |_| {}).unwrap();
        assert_eq!(resumed.interrupted_run, Some(Stage::Reading));
        assert!(resumed.completes_interrupted_run);
        let next = run(&options, &mut |_| {}, &mut |_| {}).unwrap();
        assert_eq!(next.interrupted_run, None);
        assert!(!next.completes_interrupted_run);
    }

    /// Leaves in `options`' index what a run killed in `stage` leaves: a
    /// batch commit, not the final one.
    fn kill_in(options: &Options, stage: Stage) {
        let mut writer = Writer::open(&options.index_dir, options.memory_budget, 1).unwrap();
        let payload = CommitPayload {
            complete: false,
            refreshing: stage == Stage::Refreshing,
            files_done: 1,
            articles_done: 1,
            entities: None,
        };
        writer
            .commit(&serde_json::to_string(&payload).unwrap())
            .unwrap();
        writer.finish().unwrap();
    }

    #[test]
    fn only_a_run_of_the_stage_that_was_interrupted_completes_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("corpus")).unwrap();
        std::fs::write(
            dir.path().join("corpus/a.txt"),
            "Title\nShelling hit Kharkiv.\n",
        )
        .unwrap();
        let reading = options(dir.path(), u64::MAX);
        let refreshing = Options {
            roots: Vec::new(),
            refresh_entities: true,
            ..options(dir.path(), u64::MAX)
        };
        run(&reading, &mut |_| {}, &mut |_| {}).unwrap();
        // A run that reads files leaves a refresh killed half-way as it
        // was, and says so.
        kill_in(&reading, Stage::Refreshing);
        let plain = run(&reading, &mut |_| {}, &mut |_| {}).unwrap();
        assert_eq!(plain.interrupted_run, Some(Stage::Refreshing));
        assert!(!plain.completes_interrupted_run);
        assert!(plain.entities_outdated);
        kill_in(&reading, Stage::Refreshing);
        let refresh = run(&refreshing, &mut |_| {}, &mut |_| {}).unwrap();
        assert_eq!(refresh.interrupted_run, Some(Stage::Refreshing));
        assert!(refresh.completes_interrupted_run);
        assert!(!refresh.entities_outdated);
        // A refresh that reads no files does not complete a run killed
        // while reading them.
        kill_in(&reading, Stage::Reading);
        let refresh = run(&refreshing, &mut |_| {}, &mut |_| {}).unwrap();
        assert_eq!(refresh.interrupted_run, Some(Stage::Reading));
        assert!(!refresh.completes_interrupted_run);
    }

    #[test]
    fn an_index_that_did_not_record_its_extraction_is_told_to_refresh() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("corpus")).unwrap();
        std::fs::write(
            dir.path().join("corpus/a.txt"),
            "Title\nVolodymyr Zelenskyy spoke in Kyiv.\n",
        )
        .unwrap();
        let mut options = options(dir.path(), u64::MAX);
        assert!(
            !run(&options, &mut |_| {}, &mut |_| {})
                .unwrap()
                .entities_outdated
        );
        // What a sitrep that did not record the extraction left.
        let mut writer = Writer::open(&options.index_dir, options.memory_budget, 1).unwrap();
        writer
            .commit(r#"{"complete":true,"files_done":1,"articles_done":1}"#)
            .unwrap();
        writer.finish().unwrap();
        let next = run(&options, &mut |_| {}, &mut |_| {}).unwrap();
        assert!(next.entities_outdated);
        assert_eq!(next.refresh, None);
        options.refresh_entities = true;
        let refreshed = run(&options, &mut |_| {}, &mut |_| {}).unwrap();
        assert!(!refreshed.entities_outdated);
        // Found by this very extraction: checked, and the same.
        assert_eq!(
            refreshed.refresh,
            Some(Refresh {
                checked: 1,
                changed: 0
            })
        );
        let again = run(&options, &mut |_| {}, &mut |_| {}).unwrap();
        assert_eq!(again.refresh, Some(Refresh::default()));
    }

    #[test]
    fn fingerprints_and_entities_are_left_to_the_decision_for_articles_indexed_as_they_are() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("corpus")).unwrap();
        let line = |id: &str| {
            let body = format!("Volodymyr Zelenskyy met envoys in Kyiv about report {id}.");
            serde_json::json!({"id": id, "title": "Talks", "body": body}).to_string() + "\n"
        };
        std::fs::write(
            dir.path().join("corpus/feed.jsonl"),
            line("a1") + &line("a2"),
        )
        .unwrap();
        let options = options(dir.path(), u64::MAX);
        run(&options, &mut |_| {}, &mut |_| {}).unwrap();

        let walk = corpus::walk(&options.roots);
        let mut articles = corpus::read(&walk.files[0], None).articles;
        articles[1]
            .paragraphs
            .push("A correction was added.".into());
        articles.push(articles[0].clone());
        articles[2].id = Some("a3".into());
        let writer = Writer::open(&options.index_dir, options.memory_budget, 1).unwrap();
        let indexed = writer.indexed_texts();
        let extractor = Extractor::new(None);
        let finder = EntityFinder::new(&extractor);
        let read: Vec<ReadArticle> = articles
            .into_iter()
            .map(|article| ReadArticle::of(article, &finder, &indexed))
            .collect();
        // Unchanged, changed, and the same text under a new id.
        let held: Vec<bool> = (read.iter())
            .map(|r| matches!(r.work, Work::Held(_)))
            .collect();
        assert_eq!(held, [true, false, false]);
        let Work::Done { prepared, entities } = &read[1].work else {
            unreachable!("the changed article is prepared");
        };
        assert!(!prepared.fingerprints.is_empty());
        let actors = &entities.actors;
        assert!(
            actors.iter().any(|a| a.name == "Volodymyr Zelenskyy"),
            "{actors:?}"
        );
    }

    #[test]
    fn streamed_files_give_what_whole_files_give() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("corpus")).unwrap();
        let mut text = String::new();
        for n in 0..60 {
            let body = format!("Report {n}: shelling hit district {} of Kharkiv overnight, officials said, and repairs began.", n / 2);
            text.push_str(
                &serde_json::json!({"id": format!("a{n}"), "title": "Update", "body": body})
                    .to_string(),
            );
            text.push('\n');
        }
        std::fs::write(dir.path().join("corpus/feed.jsonl"), &text).unwrap();
        let whole = run(&options(dir.path(), u64::MAX), &mut |_| {}, &mut |_| {}).unwrap();
        let mut chunks = 0;
        let streamed = run(&options(dir.path(), 512), &mut |_| {}, &mut |_| chunks += 1).unwrap();
        assert!(chunks > 3, "progress is reported per chunk: {chunks}");
        let counts = |s: &Summary| {
            (
                s.articles,
                s.new,
                s.exact_duplicates,
                s.near_duplicates,
                s.bytes,
            )
        };
        assert_eq!(counts(&streamed), counts(&whole));
        // Streamed files are recorded too: the next run skips them.
        let again = run(&options(dir.path(), 512), &mut |_| {}, &mut |_| {}).unwrap();
        assert_eq!((again.files_unchanged, again.unchanged), (1, 60));
    }
}
