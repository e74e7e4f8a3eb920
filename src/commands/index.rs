//! `sitrep index`: run the indexing pipeline and print its summary.

use std::path::{Path, PathBuf};
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

/// What `sitrep index` reads when given no path.
const DEFAULT_CORPUS: &str = "corpus";

pub fn run(index: &Path, args: IndexArgs) -> anyhow::Result<ExitCode> {
    // A refresh alone reads no files: the bundled corpus is for a first run.
    let roots = match (args.paths.is_empty(), args.refresh_entities) {
        (false, _) => args.paths.clone(),
        (true, false) => vec![PathBuf::from(DEFAULT_CORPUS)],
        (true, true) => Vec::new(),
    };
    let options = Options {
        roots: roots.clone(),
        index_dir: index.to_path_buf(),
        memory_budget: args.memory.saturating_mul(1_000_000),
        threads: args
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
        commit_every: args.commit_every,
        commit_interval: Duration::from_secs(args.commit_interval),
        stream_above: indexer::STREAM_ABOVE_BYTES,
        entities: args.entities.clone(),
        refresh_entities: args.refresh_entities,
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
                show_progress(bar, progress);
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
    if summary.entities_outdated {
        eprintln!(
            "sitrep: note: the actors and places of articles indexed earlier were found by another version of sitrep or with another entity file; `sitrep index --refresh-entities` finds them again from the text the index holds"
        );
    }
    if summary.articles == 0 && !roots.is_empty() {
        let paths: Vec<String> = roots.iter().map(|p| p.display().to_string()).collect();
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

/// Shows how far a run has got: bytes and files read, then, during a
/// refresh of entities, articles looked at again.
fn show_progress(bar: &ProgressBar, progress: &indexer::Progress) {
    if progress.refresh_total > 0 {
        if bar.length() != Some(progress.refresh_total) {
            bar.set_style(bar_style(REFRESH_TEMPLATE));
            bar.set_length(progress.refresh_total);
            bar.set_position(0);
            bar.reset_eta();
        }
        bar.set_position(progress.refresh_done);
        bar.set_message("articles' actors and places found again");
        return;
    }
    bar.set_length(progress.bytes_total);
    bar.set_position(progress.bytes_done);
    bar.set_message(format!(
        "{}/{} files, {} articles",
        progress.files_done, progress.files_total, progress.articles
    ));
}

/// The progress bar of reading files.
const READ_TEMPLATE: &str = "{spinner} [{elapsed_precise}] {wide_bar} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} ETA {eta}  {msg}";

/// The progress bar of a refresh of entities.
const REFRESH_TEMPLATE: &str =
    "{spinner} [{elapsed_precise}] {wide_bar} {human_pos}/{human_len} ETA {eta}  {msg}";

fn bar_style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar())
}

/// A progress bar on standard error, when it is a terminal and the user
/// did not ask for quiet.
fn progress_bar(quiet: bool) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    bar.set_style(bar_style(READ_TEMPLATE));
    bar.enable_steady_tick(Duration::from_millis(200));
    Some(bar)
}
