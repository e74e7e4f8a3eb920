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

use sitrep::output::human::{self, Style};
use sitrep::search::Notes;

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

/// Prints a search's result on standard output, with `json` when
/// `as_json`, else with `human` and then `notes` (how its names were read)
/// on standard error: the JSON tells a program; a person is told by a
/// note, a diagnostic that a closed stderr loses and nothing else.
fn print_result(
    as_json: bool,
    notes: &Notes,
    json: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    human: impl FnOnce(&mut dyn Write, Style) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    print_out(|out, style| match as_json {
        true => json(out),
        false => human(out, style),
    })?;
    if !as_json {
        let _ = human::notes(&mut std::io::stderr().lock(), notes);
    }
    Ok(())
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
