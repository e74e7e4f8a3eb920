//! `sitrep search`: turn the flags into a search request, run it, print it.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use sitrep::archive::Reader;
use sitrep::corpus::parse_date;
use sitrep::output::{human, json};
use sitrep::search::{Request, Sort};

use super::print_result;
use crate::cli::{Filters, SearchArgs, SortArg};

pub fn run(index: &Path, args: SearchArgs) -> anyhow::Result<ExitCode> {
    let request = Request {
        sort: match args.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Newest => Sort::Newest,
            SortArg::Oldest => Sort::Oldest,
        },
        limit: args.limit,
        offset: args.offset,
        facets: args.facets,
        ..request(args.query, args.filters)?
    };
    let reader = Reader::open(index)?;
    let results = reader.search(&request)?;
    // The process ends right after printing, and the system unmaps the
    // index's files and frees its memory at once; doing it one by one
    // first took a whole-process search 2 ms of its 15 on a million
    // articles.
    std::mem::forget(reader);
    print_result(
        args.json,
        &results.notes,
        |out| json::results(&mut { out }, &results),
        |out, style| human::results(&mut { out }, &results, style),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// A request for `query` with `filters`, in relevance order, ten hits,
/// no facet counts.
pub fn request(query: String, filters: Filters) -> anyhow::Result<Request> {
    Ok(Request {
        query,
        sources: filters.source,
        since: filters
            .since
            .as_deref()
            .map(|d| date_arg("--since", d, false))
            .transpose()?,
        until: filters
            .until
            .as_deref()
            .map(|d| date_arg("--until", d, true))
            .transpose()?,
        sort: Sort::Relevance,
        limit: 10,
        offset: 0,
        all_copies: filters.all_copies,
        actors: filters.actor,
        locations: filters.location,
        facets: 0,
        as_typed: filters.as_typed,
    })
}

/// Parses a date flag. A bare day given to `--until` means the end of that
/// day, so `--until 2024-12-31` keeps articles of the 31st.
fn date_arg(flag: &str, value: &str, end_of_day: bool) -> anyhow::Result<DateTime<Utc>> {
    if end_of_day {
        if let Ok(day) = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") {
            if let Some(end) = day.and_hms_opt(23, 59, 59) {
                return Ok(end.and_utc());
            }
        }
    }
    parse_date(value).with_context(|| {
        format!("{flag} {value:?} is not a date: use YYYY-MM-DD or RFC 3339 (2024-05-01T12:00:00Z)")
    })
}
