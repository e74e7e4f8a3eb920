//! One module per subcommand: each turns its arguments into a request to the
//! library, runs it and hands the result to `output`. No command holds
//! logic the library should have.

mod facets;
mod index;
mod search;
mod show;
mod stats;
mod timeline;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use sitrep::output::human::Style;

use crate::cli::{Cli, Command};

/// Exit status of a command that failed.
pub const EXIT_FAILURE: u8 = 1;

/// Exit status of `index --strict` when an input had to be skipped.
pub const EXIT_SKIPPED_INPUT: u8 = 3;

/// Runs the command the user asked for.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Index(args) => index::run(&cli.index, args),
        Command::Search(args) => search::run(&cli.index, args),
        Command::Facets(args) => facets::run(&cli.index, args),
        Command::Timeline(args) => timeline::run(&cli.index, args),
        Command::Show(args) => show::run(&cli.index, args),
        Command::Stats(args) => stats::run(&cli.index, args),
    }
}

/// Prints with `print` into a locked, buffered stdout, and flushes.
fn print_out(
    print: impl FnOnce(&mut dyn Write, Style) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let bold = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = std::io::BufWriter::new(stdout.lock());
    print(&mut out, Style { bold })?;
    out.flush()?;
    Ok(())
}
