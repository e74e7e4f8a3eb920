//! `sitrep timeline`: the stories a query matches, counted per day, week,
//! month or year.

use std::path::Path;
use std::process::ExitCode;

use sitrep::archive::Reader;
use sitrep::output::{human, json};
use sitrep::search::{Interval, TimelineRequest};

use super::print_out;
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
    print_out(|out, _| {
        if args.json {
            json::timeline(&mut { out }, &timeline)
        } else {
            human::timeline(&mut { out }, &timeline)
        }
    })?;
    if !args.json {
        let _ = human::notes(&mut std::io::stderr().lock(), &timeline.notes);
    }
    Ok(ExitCode::SUCCESS)
}
