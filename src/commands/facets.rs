//! `sitrep facets`: list actors or locations with the number of stories
//! about each, over the whole archive or the stories a query matches.

use std::path::Path;
use std::process::ExitCode;

use sitrep::archive::Reader;
use sitrep::output::{human, json};
use sitrep::search::{Dimension, FacetRequest};

use super::print_out;
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
    print_out(|out, _| {
        if args.json {
            json::facets(&mut { out }, &list)
        } else {
            human::facets(&mut { out }, &list)
        }
    })?;
    if !args.json {
        let _ = human::notes(&mut std::io::stderr().lock(), &list.notes);
    }
    Ok(ExitCode::SUCCESS)
}
