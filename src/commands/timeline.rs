//! `sitrep timeline`: the stories a query matches, counted per day, week,
//! month or year.

use std::path::Path;
use std::process::ExitCode;

use sitrep::archive::Reader;
use sitrep::output::{human, json};
use sitrep::search::{Interval, TimelineRequest};

use super::print_result;
use crate::cli::{IntervalArg, TimelineArgs};

pub fn run(index: &Path, args: TimelineArgs) -> anyhow::Result<ExitCode> {
    let request = TimelineRequest {
        search: super::search::request(args.query, args.filters)?,
        interval: match args.by {
            IntervalArg::Auto => None,
            IntervalArg::Day => Some(Interval::Day),
            IntervalArg::Week => Some(Interval::Week),
            IntervalArg::Month => Some(Interval::Month),
            IntervalArg::Year => Some(Interval::Year),
        },
    };
    let timeline = Reader::open(index)?.timeline(&request)?;
    print_result(
        args.json,
        &timeline.notes,
        |out| json::timeline(&mut { out }, &timeline),
        |out, _| human::timeline(&mut { out }, &timeline),
    )?;
    Ok(ExitCode::SUCCESS)
}
