//! `sitrep index`: run the indexing pipeline and print its summary.

use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;
use sitrep::indexer::{self, Options};
use sitrep::output::{human, json};

use super::{print_out, EXIT_SKIPPED_INPUT};
use crate::cli::IndexArgs;

pub fn run(index: &Path, args: IndexArgs) -> anyhow::Result<ExitCode> {
    let options = Options {
        roots: args.paths.clone(),
        index_dir: index.to_path_buf(),
        memory_budget: args.memory.saturating_mul(1_000_000),
        threads: args
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
        commit_every: args.commit_every,
    };
    let summary = indexer::run(&options)?;
    print_out(|out, _| {
        if args.json {
            json::summary(&mut { out }, &summary)
        } else {
            human::summary(&mut { out }, &summary)
        }
    })?;
    if summary.articles == 0 {
        let paths: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        if summary.skipped.is_empty() {
            bail!(
                "found no articles under {}: sitrep reads .txt, .md, .json, .jsonl, .ndjson, .html and .htm files, each optionally gzipped (.gz)",
                paths.join(", ")
            );
        }
        bail!(
            "no article could be read from {}: see the skipped inputs above",
            paths.join(", ")
        );
    }
    if args.strict && !summary.skipped.is_empty() {
        eprintln!(
            "sitrep: {} inputs were skipped (--strict)",
            summary.skipped.len()
        );
        return Ok(ExitCode::from(EXIT_SKIPPED_INPUT));
    }
    Ok(ExitCode::SUCCESS)
}
