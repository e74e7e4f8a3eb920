//! `sitrep stats`: print the size of the archive.

use std::path::Path;
use std::process::ExitCode;

use sitrep::archive::Reader;
use sitrep::indexer;
use sitrep::output::{human, json};

use super::print_out;
use crate::cli::StatsArgs;

pub fn run(index: &Path, args: StatsArgs) -> anyhow::Result<ExitCode> {
    let mut stats = Reader::open(index)?.stats()?;
    stats.entities_outdated = indexer::entities_outdated(index)?;
    print_out(|out, _| {
        if args.json {
            json::stats(&mut { out }, &stats)
        } else {
            human::stats(&mut { out }, &stats)
        }
    })?;
    Ok(ExitCode::SUCCESS)
}
