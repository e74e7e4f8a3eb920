//! `sitrep facets`: list actors or locations with the number of stories
//! about each, over the whole archive or the stories a query matches.

use std::path::Path;
use std::process::ExitCode;

use sitrep::archive::Reader;
use sitrep::output::{human, json};
use sitrep::search::{Dimension, FacetRequest};

use super::print_result;
use crate::cli::{DimensionArg, FacetsArgs};

pub fn run(index: &Path, args: FacetsArgs) -> anyhow::Result<ExitCode> {
    let request = FacetRequest {
        dimension: match args.dimension {
            DimensionArg::Actor => Dimension::Actor,
            DimensionArg::Location => Dimension::Location,
        },
        search: sitrep::search::Request {
            facets: args.limit,
            ..super::search::request(args.query, args.filters)?
        },
        under: args.under,
    };
    let list = Reader::open(index)?.facets(&request)?;
    print_result(
        args.json,
        &list.notes,
        |out| json::facets(&mut { out }, &list),
        |out, _| human::facets(&mut { out }, &list),
    )?;
    Ok(ExitCode::SUCCESS)
}
