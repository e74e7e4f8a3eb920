//! In-process search latency: opens an index once and runs each query of a
//! file many times through the same code path as `sitrep search` (copies
//! collapsed, facet counts, ten hits with snippets), printing the median
//! and 95th percentile in microseconds as one JSON object.
//!
//! ```sh
//! cargo run --release --example search_bench -- INDEX_DIR QUERIES_FILE [REPEATS]
//! ```
//!
//! Each line of QUERIES_FILE is `QUERY` or `QUERY<TAB>--flag value ...`
//! with the flags `--source`, `--since`, `--until`, `--actor`, `--location`
//! (write `_` for a space inside a value: `--source Kyiv_Ledger`).

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context};
use chrono::{NaiveDate, Utc};
use sitrep::archive::Reader;
use sitrep::search::{Request, Sort};

/// The allocator of the `sitrep` binary, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(index), Some(queries)) = (args.first(), args.get(1)) else {
        bail!("usage: search_bench INDEX_DIR QUERIES_FILE [REPEATS]");
    };
    let repeats: usize = args.get(2).map_or(Ok(20), |r| r.parse())?;
    let reader = Reader::open(&PathBuf::from(index))?;
    let text = std::fs::read_to_string(queries).with_context(|| format!("reading {queries}"))?;
    let mut all = Vec::new();
    let mut per_query = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let request = request(line)?;
        // One warm-up run, as the process-level figures have their page cache warm too.
        let total = reader.search(&request)?.total;
        let mut micros: Vec<u64> = (0..repeats)
            .map(|_| {
                let started = Instant::now();
                let _ = reader.search(&request);
                started.elapsed().as_micros() as u64
            })
            .collect();
        micros.sort_unstable();
        all.extend(&micros);
        per_query.push(serde_json::json!({
            "query": line, "stories": total,
            "median_us": percentile(&micros, 50), "p95_us": percentile(&micros, 95),
        }));
    }
    all.sort_unstable();
    let report = serde_json::json!({
        "repeats": repeats,
        "median_us": percentile(&all, 50),
        "p95_us": percentile(&all, 95),
        "queries": per_query,
    });
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}

/// The request a query-file line stands for.
fn request(line: &str) -> anyhow::Result<Request> {
    let mut parts = line.split('\t');
    let query = parts.next().unwrap_or_default().to_string();
    let mut request = Request {
        query,
        sources: Vec::new(),
        since: None,
        until: None,
        sort: Sort::Relevance,
        limit: 10,
        offset: 0,
        all_copies: false,
        actors: Vec::new(),
        locations: Vec::new(),
        facets: 10,
        as_typed: false,
    };
    let flags: Vec<&str> = parts.flat_map(|p| p.split_whitespace()).collect();
    for pair in flags.chunks(2) {
        let [flag, value] = pair else {
            bail!("flag without a value in {line:?}");
        };
        let value = value.replace('_', " ");
        match *flag {
            "--source" => request.sources.push(value),
            "--actor" => request.actors.push(value),
            "--location" => request.locations.push(value),
            "--since" => request.since = Some(day(&value)?),
            "--until" => request.until = Some(day(&value)?),
            other => bail!("unknown flag {other} in {line:?}"),
        }
    }
    Ok(request)
}

fn day(value: &str) -> anyhow::Result<chrono::DateTime<Utc>> {
    let date = NaiveDate::parse_from_str(value, "%Y-%m-%d")?;
    Ok(date.and_hms_opt(0, 0, 0).context("midnight")?.and_utc())
}

fn percentile(sorted: &[u64], p: usize) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    sorted[((sorted.len() - 1) * p) / 100]
}
