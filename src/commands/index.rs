//! `sitrep index`: run the indexing pipeline and print its summary.

use std::path::Path;
use std::process::ExitCode;

use std::fs::File;
use std::io::Write;

use std::io::IsTerminal;
use std::time::Duration;

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
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
        commit_interval: Duration::from_secs(args.commit_interval),
        stream_above: indexer::STREAM_ABOVE_BYTES,
        entities: args.entities.clone(),
    };
    let mut decisions = match &args.decisions {
        Some(path) => Some(std::io::BufWriter::new(File::create(path).with_context(
            || format!("cannot create the decisions file {}", path.display()),
        )?)),
        None => None,
    };
    let mut write_error = None;
    let bar = progress_bar(args.quiet);
    let summary = indexer::run(
        &options,
        &mut |decision| {
            if let (Some(out), None) = (decisions.as_mut(), &write_error) {
                if let Err(e) = json::decision(out, decision) {
                    write_error = Some(e);
                }
            }
        },
        &mut |progress| {
            if let Some(bar) = &bar {
                bar.set_length(progress.bytes_total);
                bar.set_position(progress.bytes_done);
                bar.set_message(format!(
                    "{}/{} files, {} articles",
                    progress.files_done, progress.files_total, progress.articles
                ));
            }
        },
    );
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let summary = summary?;
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

/// A progress bar on standard error, when it is a terminal and the user
/// did not ask for quiet.
fn progress_bar(quiet: bool) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} ETA {eta}  {msg}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(200));
    Some(bar)
}
