//! The `sitrep` binary: parse the command line, run the command, map the
//! outcome to an exit code. A closed output pipe (`sitrep search … | head`)
//! is a normal end, not an error.

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: indexing allocates many small
/// strings and vectors on several threads, and glibc's malloc spent about
/// 13 % of an indexing run's CPU time (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("sitrep: {error:#}");
            ExitCode::from(commands::EXIT_FAILURE)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
