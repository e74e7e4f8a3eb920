//! Dedup alone, for comparison with datasketch's MinHashLSH: reads a
//! corpus with sitrep's own reader, prepares every article (normalisation,
//! in-article repeats, content hash, fingerprints) and decides exact and
//! near copies in file order, with all dedup state in memory and no index,
//! no entities. Prints one JSON object with the wall time, the busy time of
//! each stage and articles per second; `--decisions FILE` writes the
//! decisions in the format of `sitrep index --decisions`, for
//! `benches/dedup_eval.py`.
//!
//! ```sh
//! cargo run --release --example dedup_bench -- CORPUS [--threads N] [--limit N] [--decisions FILE]
//! ```
//!
//! Articles stream through as datasketch's loop takes them, a chunk of
//! input at a time, and only the decisions are kept. `--threads 1` does
//! everything on one thread, in turn, as datasketch runs. With more,
//! reading runs on a thread of its own, preparing on all of them, and the
//! decisions, always made in file order on one thread, overlap both.

use std::io::Write;
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, Receiver};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use rayon::prelude::*;
use sitrep::corpus::{self, Article};
use sitrep::dedup::{self, Deduper, NoArchive, Prepared, Verdict};

/// The allocator of the `sitrep` binary, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Input read per chunk, as the indexer streams it.
const CHUNK_BYTES: usize = 16 << 20;

/// Chunks waiting between two stages, as in the indexer.
const CHUNKS_IN_FLIGHT: usize = 2;

struct Args {
    corpus: PathBuf,
    threads: Option<usize>,
    limit: Option<usize>,
    decisions: Option<PathBuf>,
}

const USAGE: &str = "usage: dedup_bench CORPUS [--threads N] [--limit N] [--decisions FILE]";

fn args() -> anyhow::Result<Args> {
    let mut raw = std::env::args().skip(1);
    let mut corpus = None;
    let (mut threads, mut limit, mut decisions) = (None, None, None);
    while let Some(arg) = raw.next() {
        let mut value = |name: &str| raw.next().with_context(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--threads" => threads = Some(value("--threads")?.parse()?),
            "--limit" => limit = Some(value("--limit")?.parse()?),
            "--decisions" => decisions = Some(PathBuf::from(value("--decisions")?)),
            _ if corpus.is_none() => corpus = Some(PathBuf::from(arg)),
            _ => bail!(USAGE),
        }
    }
    let Some(corpus) = corpus else { bail!(USAGE) };
    Ok(Args {
        corpus,
        threads,
        limit,
        decisions,
    })
}

/// One decision, as `sitrep index --decisions` writes it.
#[derive(serde::Serialize)]
struct Decision {
    id: String,
    path: String,
    line: Option<u64>,
    verdict: &'static str,
    story: String,
    copy_of: Option<String>,
    containment: Option<f32>,
}

/// Time spent reading and preparing (the deciding stage keeps its own);
/// with several threads the stages overlap, so the three add up to more
/// than the wall time.
#[derive(Default)]
struct Busy {
    read: Duration,
    prepare: Duration,
}

/// Reads the corpus a chunk at a time, at most `limit` articles, handing
/// each chunk to `on_chunk`; stops early when `on_chunk` returns `false`.
/// Returns the time spent reading and parsing.
fn read(
    corpus: &std::path::Path,
    limit: usize,
    mut on_chunk: impl FnMut(Vec<Article>) -> bool,
) -> Duration {
    let mut busy = Duration::ZERO;
    let mut left = limit;
    let walk = corpus::walk(&[corpus.to_path_buf()]);
    for file in &walk.files {
        let mut started = Instant::now();
        let read = corpus::read_in_chunks(file, None, CHUNK_BYTES, |chunk| {
            let mut articles = chunk.articles;
            articles.truncate(left);
            left -= articles.len();
            busy += started.elapsed();
            let go_on = on_chunk(articles) && left > 0;
            started = Instant::now();
            if go_on {
                Ok(())
            } else {
                Err(())
            }
        });
        if read.is_err() || left == 0 {
            break;
        }
        busy += started.elapsed();
    }
    busy
}

/// The deciding stage: every article's verdict, in file order.
struct Decider {
    deduper: Deduper,
    decisions: Vec<Decision>,
    busy: Duration,
}

impl Decider {
    fn decide(&mut self, articles: Vec<Article>, prepared: &[Prepared]) -> anyhow::Result<()> {
        let started = Instant::now();
        for (article, prepared) in articles.into_iter().zip(prepared) {
            let id = article.id.clone().unwrap_or_else(|| article.location_id());
            let verdict = self.deduper.check(prepared, &NoArchive, None)?;
            let (verdict, story, copy_of, containment) = match verdict {
                Verdict::New => ("new", id.clone(), None, None),
                Verdict::Exact(original) => ("exact", original.story, Some(original.article), None),
                Verdict::Near {
                    original,
                    containment,
                } => (
                    "near",
                    original.story,
                    Some(original.article),
                    Some(containment),
                ),
            };
            self.deduper
                .record(prepared, &id, &story, verdict != "exact");
            let line = article.line();
            self.decisions.push(Decision {
                id,
                path: article.path,
                line,
                verdict,
                story,
                copy_of,
                containment,
            });
        }
        self.busy += started.elapsed();
        Ok(())
    }
}

/// Prepares the articles of a chunk on all threads, keeping their order;
/// each article's body moves into its preparation, as in the indexer.
fn prepare_all(articles: &mut [Article]) -> Vec<Prepared> {
    articles
        .par_iter_mut()
        .map(|article| dedup::prepare(std::mem::take(&mut article.paragraphs)))
        .collect()
}

fn main() -> anyhow::Result<()> {
    let args = args()?;
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()?;
    }
    let limit = args.limit.unwrap_or(usize::MAX);
    let started = Instant::now();
    let mut decider = Decider {
        deduper: Deduper::new(),
        decisions: Vec::new(),
        busy: Duration::ZERO,
    };
    let mut busy = Busy::default();
    if rayon::current_num_threads() == 1 {
        let mut failed = Ok(());
        busy.read = read(&args.corpus, limit, |mut articles| {
            let at = Instant::now();
            let prepared: Vec<Prepared> = articles
                .iter_mut()
                .map(|article| dedup::prepare(std::mem::take(&mut article.paragraphs)))
                .collect();
            busy.prepare += at.elapsed();
            failed = decider.decide(articles, &prepared);
            failed.is_ok()
        });
        failed?;
    } else {
        let (to_prepare, read_chunks) = sync_channel::<Vec<Article>>(CHUNKS_IN_FLIGHT);
        let (to_decide, prepared_chunks) = sync_channel(CHUNKS_IN_FLIGHT);
        let corpus = args.corpus.clone();
        std::thread::scope(|scope| -> anyhow::Result<()> {
            let reader = scope
                .spawn(move || read(&corpus, limit, |articles| to_prepare.send(articles).is_ok()));
            let preparer = scope.spawn(move || {
                let mut busy = Duration::ZERO;
                for mut articles in read_chunks {
                    let at = Instant::now();
                    let prepared = prepare_all(&mut articles);
                    busy += at.elapsed();
                    if to_decide.send((articles, prepared)).is_err() {
                        break;
                    }
                }
                busy
            });
            let decided = decide_all(&mut decider, prepared_chunks);
            busy.read = reader.join().unwrap_or_default();
            busy.prepare = preparer.join().unwrap_or_default();
            decided
        })?;
    }
    let total = started.elapsed().as_secs_f64();

    if let Some(path) = &args.decisions {
        let file =
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
        let mut out = std::io::BufWriter::new(file);
        for decision in &decider.decisions {
            serde_json::to_writer(&mut out, decision)?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
    }
    let n = decider.decisions.len() as f64;
    let report = serde_json::json!({
        "articles": decider.decisions.len(),
        "threads": rayon::current_num_threads(),
        "seconds": {
            "total": round(total),
            "busy": {
                "read_and_parse": round(busy.read.as_secs_f64()),
                "prepare": round(busy.prepare.as_secs_f64()),
                "decide": round(decider.busy.as_secs_f64()),
            },
        },
        "articles_per_s": (n / total).round(),
    });
    println!("{report}");
    Ok(())
}

/// Decides the prepared chunks as they come.
fn decide_all(
    decider: &mut Decider,
    chunks: Receiver<(Vec<Article>, Vec<Prepared>)>,
) -> anyhow::Result<()> {
    for (articles, prepared) in chunks {
        decider.decide(articles, &prepared)?;
    }
    Ok(())
}

fn round(seconds: f64) -> f64 {
    (seconds * 1000.0).round() / 1000.0
}
