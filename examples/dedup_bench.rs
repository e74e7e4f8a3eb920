//! Dedup alone, for comparison with datasketch's MinHashLSH: reads a
//! corpus with sitrep's own reader, prepares every article (normalisation,
//! in-article repeats, content hash, fingerprints) and decides exact and
//! near copies in file order, with all dedup state in memory and no index,
//! no entities. Prints one JSON object with the time of each phase and
//! articles per second; `--decisions FILE` writes the decisions in the
//! format of `sitrep index --decisions`, for `benches/dedup_eval.py`.
//!
//! ```sh
//! cargo run --release --example dedup_bench -- CORPUS [--threads N] [--limit N] [--decisions FILE]
//! ```
//!
//! `--threads 1` prepares on one thread, as datasketch runs; decisions are
//! always made on one thread, in file order.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context};
use rayon::prelude::*;
use sitrep::corpus::{self, Article};
use sitrep::dedup::{self, Deduper, NoArchive, Prepared, Verdict};

/// The allocator of the `sitrep` binary, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Input read per chunk, as the indexer streams it.
const CHUNK_BYTES: usize = 16 << 20;

struct Args {
    corpus: PathBuf,
    threads: Option<usize>,
    limit: Option<usize>,
    decisions: Option<PathBuf>,
}

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
            _ => bail!("usage: dedup_bench CORPUS [--threads N] [--limit N] [--decisions FILE]"),
        }
    }
    let Some(corpus) = corpus else {
        bail!("usage: dedup_bench CORPUS [--threads N] [--limit N] [--decisions FILE]");
    };
    Ok(Args {
        corpus,
        threads,
        limit,
        decisions,
    })
}

fn main() -> anyhow::Result<()> {
    let args = args()?;
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()?;
    }
    let started = Instant::now();
    let walk = corpus::walk(std::slice::from_ref(&args.corpus));
    let limit = args.limit.unwrap_or(usize::MAX);
    let mut articles: Vec<Article> = Vec::new();
    for file in &walk.files {
        // Stops reading once `limit` articles are in.
        let read = corpus::read_in_chunks(file, None, CHUNK_BYTES, |chunk| {
            articles.extend(chunk.articles);
            if articles.len() >= limit {
                Err(())
            } else {
                Ok(())
            }
        });
        if read.is_err() {
            break;
        }
    }
    articles.truncate(limit);
    let read = started.elapsed().as_secs_f64();

    let prepare = |article: &Article| dedup::prepare(&article.paragraphs);
    let prepared: Vec<Prepared> = if args.threads == Some(1) {
        articles.iter().map(prepare).collect()
    } else {
        articles.par_iter().map(prepare).collect()
    };
    let prepared_at = started.elapsed().as_secs_f64();

    let mut deduper = Deduper::new();
    let mut decisions = Vec::with_capacity(articles.len());
    for (article, prepared) in articles.iter().zip(&prepared) {
        let id = article.id.clone().unwrap_or_else(|| article.location_id());
        let verdict = deduper.check(prepared, &NoArchive, None)?;
        let (verdict_name, story, copy_of, containment) = match verdict {
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
        deduper.record(prepared, &id, &story, verdict_name != "exact");
        decisions.push(serde_json::json!({
            "id": id,
            "path": article.path,
            "line": article.line(),
            "verdict": verdict_name,
            "story": story,
            "copy_of": copy_of,
            "containment": containment,
        }));
    }
    let total = started.elapsed().as_secs_f64();

    if let Some(path) = &args.decisions {
        let file =
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
        let mut out = std::io::BufWriter::new(file);
        for decision in &decisions {
            writeln!(out, "{decision}")?;
        }
        out.flush()?;
    }
    let n = articles.len() as f64;
    let report = serde_json::json!({
        "articles": articles.len(),
        "threads": rayon::current_num_threads(),
        "seconds": {
            "read_and_parse": round(read),
            "prepare": round(prepared_at - read),
            "decide": round(total - prepared_at),
            "total": round(total),
        },
        "articles_per_s": (n / total).round(),
        "articles_per_s_without_reading": (n / (total - read)).round(),
    });
    println!("{report}");
    Ok(())
}

fn round(seconds: f64) -> f64 {
    (seconds * 1000.0).round() / 1000.0
}
