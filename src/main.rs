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
            eprintln!("sitrep: {}", describe(&error));
            ExitCode::from(commands::EXIT_FAILURE)
        }
    }
}

/// The error followed by its causes, each once: most of sitrep's messages
/// already quote their cause (to say what to do after it), and are not
/// followed by it again.
fn describe(error: &anyhow::Error) -> String {
    let mut text = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("cannot read {path}: {source}; check the path")]
    struct Quoting {
        path: &'static str,
        source: std::io::Error,
    }

    fn not_found() -> std::io::Error {
        std::io::Error::new(std::io::ErrorKind::NotFound, "no such file")
    }

    #[test]
    fn a_cause_the_message_quotes_is_not_repeated() {
        let error = anyhow::Error::new(Quoting {
            path: "a.tsv",
            source: not_found(),
        });
        assert_eq!(
            describe(&error),
            "cannot read a.tsv: no such file; check the path"
        );
    }

    #[test]
    fn a_cause_the_message_does_not_quote_follows_it() {
        let error = anyhow::Error::new(not_found()).context("reading the corpus");
        assert_eq!(describe(&error), "reading the corpus: no such file");
        let error = anyhow::Error::new(Quoting {
            path: "a.tsv",
            source: not_found(),
        })
        .context("loading entities");
        assert_eq!(
            describe(&error),
            "loading entities: cannot read a.tsv: no such file; check the path"
        );
    }
}
