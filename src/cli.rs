//! The command line, as clap types. Raw values only: turning them into
//! requests and options is each command's job.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Index and search an archive of conflict news: exact and syndicated
/// copies collapsed into stories.
#[derive(Debug, Parser)]
#[command(name = "sitrep", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// The index directory.
    #[arg(
        long,
        global = true,
        env = "SITREP_INDEX",
        default_value = "index",
        value_name = "DIR"
    )]
    pub index: PathBuf,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read articles from files and folders into the index, dropping copies.
    Index(IndexArgs),
    /// Search the index: one hit per story, copies listed under it.
    Search(SearchArgs),
    /// List actors or locations with the number of stories about each.
    Facets(FacetsArgs),
    /// Count the stories per day, week, month or year: when coverage rose and fell.
    Timeline(TimelineArgs),
    /// Print one article by its id.
    Show(ShowArgs),
    /// Print the size of the archive.
    Stats(StatsArgs),
}

/// `sitrep index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files and folders to read (.txt .md .json .jsonl .ndjson .html .htm, each optionally .gz) [default: corpus, or none with --refresh-entities].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Print the run's summary as one JSON object.
    #[arg(long)]
    pub json: bool,

    /// Exit with status 3 if any input had to be skipped.
    #[arg(long)]
    pub strict: bool,

    /// Memory the index writer may use, in MB.
    #[arg(long, default_value_t = 512, value_name = "MB")]
    pub memory: usize,

    /// Indexing threads [default: the number of cores].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Your own actors and places, as a TSV file (kind, name, aliases, parent); kept with the index for later runs and searches.
    #[arg(long, value_name = "FILE")]
    pub entities: Option<PathBuf>,

    /// Find again the actors and places of the articles already indexed, from the text the index holds, with this sitrep and entity file (after an upgrade, or a change to --entities).
    #[arg(long)]
    pub refresh_entities: bool,

    /// Write every dedup decision to FILE, one JSON object per line (id, path, line, verdict, story, copy_of, containment).
    #[arg(long, value_name = "FILE")]
    pub decisions: Option<PathBuf>,

    /// Commit to disk after this many articles …
    #[arg(long, default_value_t = 50_000, value_name = "N")]
    pub commit_every: usize,

    /// … or after this many seconds, whichever comes first. A run killed at any moment loses at most this much work.
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    pub commit_interval: u64,

    /// No progress bar (there is none anyway when standard error is not a terminal).
    #[arg(long, short)]
    pub quiet: bool,
}

/// How `sitrep search` orders hits.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Most recent first.
    Newest,
    /// Earliest first.
    Oldest,
}

/// Filters shared by `sitrep search`, `sitrep facets` and `sitrep timeline`.
#[derive(Debug, Args)]
pub struct Filters {
    /// Only articles from this outlet (case-insensitive; repeat for any of
    /// several); where no outlet is named so, those whose names hold its
    /// words ("guardian": The Guardian).
    #[arg(long, value_name = "SOURCE")]
    pub source: Vec<String>,

    /// Only articles published on or after this date (YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Only articles published on or before this date (a whole day when given as YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,

    /// Only articles about this actor: a name or alias, any case (repeat: each must match).
    #[arg(long, value_name = "NAME")]
    pub actor: Vec<String>,

    /// Only articles about this place or anywhere inside it: a name or alias, any case (repeat: each must match).
    #[arg(long, value_name = "NAME")]
    pub location: Vec<String>,

    /// One hit per indexed article instead of one per story.
    #[arg(long)]
    pub all_copies: bool,

    /// Search names only as typed: "kiev" finds Kiev, not also Kyiv and the lists' other spellings.
    #[arg(long)]
    pub as_typed: bool,
}

/// `sitrep search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query, in tantivy's syntax: words (all required), "phrases", AND/OR/NOT, field:term, ranges; * for everything; word* for words that start so, word~1 or word~ for words one or two edits away.
    // A query may open with an excluded word ("-kiev kyiv").
    #[arg(allow_hyphen_values = true)]
    pub query: String,

    #[command(flatten)]
    pub filters: Filters,

    /// Order of the hits.
    #[arg(long, value_enum, default_value = "relevance")]
    pub sort: SortArg,

    /// Most hits to print.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub limit: usize,

    /// Hits to skip, for paging.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,

    /// How many top actors and locations to count over all matching stories (0: none).
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub facets: usize,

    /// Print the results as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// Which facet `sitrep facets` lists.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DimensionArg {
    /// People and organisations.
    #[value(alias = "actors")]
    Actor,
    /// Places.
    #[value(aliases = ["locations", "place", "places"])]
    Location,
}

/// `sitrep facets`.
#[derive(Debug, Args)]
pub struct FacetsArgs {
    /// Which facet to list.
    #[arg(value_enum)]
    pub dimension: DimensionArg,

    /// Count over the stories matching this query only (tantivy's syntax).
    #[arg(default_value = "*", allow_hyphen_values = true)]
    pub query: String,

    /// For locations: list the places directly inside this one, each counted with everything inside it.
    #[arg(long, value_name = "PLACE")]
    pub under: Option<String>,

    #[command(flatten)]
    pub filters: Filters,

    /// Most values to list.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub limit: usize,

    /// Print the list as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// How long each period of `sitrep timeline` is.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum IntervalArg {
    /// The finest that shows at most about 60 periods: days over two months, weeks over 60 weeks, months over five years, else years.
    Auto,
    /// Calendar days (UTC).
    Day,
    /// Weeks, Monday to Sunday.
    Week,
    /// Calendar months.
    Month,
    /// Calendar years.
    Year,
}

/// `sitrep timeline`.
#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// Count the stories matching this query only (tantivy's syntax).
    #[arg(default_value = "*", allow_hyphen_values = true)]
    pub query: String,

    #[command(flatten)]
    pub filters: Filters,

    /// How long each period is.
    #[arg(long, value_enum, default_value = "auto")]
    pub by: IntervalArg,

    /// Print the timeline as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `sitrep show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article's id, as search prints it.
    pub id: String,

    /// Print the article as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `sitrep stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print the statistics as one JSON object.
    #[arg(long)]
    pub json: bool,
}
