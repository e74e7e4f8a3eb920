//! `sitrep index`: run the indexing pipeline and print its summary.

use std::path::Path;
use std::process::ExitCode;

use std::fs::File;
use std::io::Write;

use anyhow::{bail, Context};
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
        entities: args.entities.clone(),
    };
    let mut decisions = match &args.decisions {
        Some(path) => Some(std::io::BufWriter::new(File::create(path).with_context(
            || format!("cannot create the decisions file {}", path.display()),
        )?)),
        None => None,
    };
    let mut write_error = None;
    let summary = indexer::run(&options, &mut |decision| {
        if let (Some(out), None) = (decisions.as_mut(), &write_error) {
            if let Err(e) = json::decision(out, decision) {
                write_error = Some(e);
            }
        }
    })?;
    if let Some(mut out) = decisions {
        if let Some(e) = write_error {
            return Err(e).context("cannot write the decisions file");
        }
        out.flush().context("cannot write the decisions file")?;
    }
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
