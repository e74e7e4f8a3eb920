//! `sitrep show`: print one article by id.

use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;
use sitrep::archive::Reader;
use sitrep::output::{human, json};

use super::print_out;
use crate::cli::ShowArgs;

pub fn run(index: &Path, args: ShowArgs) -> anyhow::Result<ExitCode> {
    let Some(article) = Reader::open(index)?.article(&args.id)? else {
        bail!(
            "no article with id {:?} in {}, nor one whose id or file name starts so; `sitrep search` prints the ids",
            args.id,
            index.display()
        );
    };
    print_out(|out, style| {
        if args.json {
            json::article(&mut { out }, &article)
        } else {
            human::article(&mut { out }, &article, style)
        }
    })?;
    Ok(ExitCode::SUCCESS)
}
