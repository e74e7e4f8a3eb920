//! What a search asks and what it finds, as plain data.
//!
//! The `archive` module turns a [`Request`] into [`Results`] with tantivy;
//! the `output` module turns [`Results`] into text or JSON. Neither knows
//! the other, and this module knows neither tantivy nor how anything looks.

use std::ops::Range;

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};

use crate::entities::ActorKind;

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Most recently published first; undated articles last.
    Newest,
    /// Earliest published first; undated articles last.
    Oldest,
}

/// One search: a query in tantivy's syntax and the filters around it.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The query, e.g. `"security guarantees" AND title:kyiv`.
    pub query: String,
    /// Keep articles from any of these outlets (case-insensitive); all when empty.
    pub sources: Vec<String>,
    /// Keep articles published at or after this time.
    pub since: Option<DateTime<Utc>>,
    /// Keep articles published at or before this time.
    pub until: Option<DateTime<Utc>>,
    /// Order of the hits.
    pub sort: Sort,
    /// Most hits to return.
    pub limit: usize,
    /// Hits to skip, for paging.
    pub offset: usize,
    /// One hit per indexed article instead of one per story.
    pub all_copies: bool,
    /// Keep articles about every one of these actors (names or aliases,
    /// any case).
    pub actors: Vec<String>,
    /// Keep articles about every one of these places, or anywhere inside
    /// them (names or aliases, any case).
    pub locations: Vec<String>,
    /// How many top actors and locations to count over all matches (0: none).
    pub facets: usize,
    /// Search the query's names only as typed, not also in the other
    /// spellings the lists give them.
    pub as_typed: bool,
}

/// The two facets every article carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// People and organisations.
    Actor,
    /// Places.
    Location,
}

impl Dimension {
    /// `actor` or `location`.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Actor => "actor",
            Dimension::Location => "location",
        }
    }
}

/// A name of the query that was searched in its other spellings too
/// ("kiev" also as "Kyiv"): the stories that spell it otherwise are found
/// as well.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherSpellings {
    /// The word or phrase as typed ("kiev").
    pub typed: String,
    /// Whether the name is an actor's or a place's.
    pub dimension: Dimension,
    /// The entity's name in the lists ("Kyiv"), which its filter takes.
    pub name: String,
    /// The other spellings searched (those the index holds and that find
    /// more than the name typed), as the lists write them.
    pub spellings: Vec<String>,
}

/// A `--source` that no outlet of the archive is named as written
/// ("guardian"): the outlets whose names hold its words ("the guardian")
/// were searched instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceGuess {
    /// The source as typed.
    pub typed: String,
    /// The outlets searched in its place, as the index holds them (in
    /// lower case); none when no outlet's name holds its words, and then
    /// nothing matches.
    pub searched: Vec<String>,
}

/// A browse of one facet: its values over the articles matching a request.
#[derive(Debug, Clone, PartialEq)]
pub struct FacetRequest {
    /// Which facet.
    pub dimension: Dimension,
    /// The articles to count over (`*` for all), with their filters; its
    /// `facets` member is the number of values to return.
    pub search: Request,
    /// For locations: count the places directly inside this one (each
    /// with everything inside it) instead of every place.
    pub under: Option<String>,
}

/// The values of one facet with their counts.
#[derive(Debug, Clone, PartialEq)]
pub struct FacetList {
    /// Which facet.
    pub dimension: Dimension,
    /// The query counted over.
    pub query: String,
    /// The place counted under, as a path from the continent down.
    pub under: Option<Vec<String>>,
    /// Stories that matched.
    pub total: u64,
    /// The values, most frequent first.
    pub values: Vec<FacetCount>,
    /// How the request's names were read.
    pub notes: Notes,
}

/// A place's name that other places bear too, and which of them a
/// `--location` or `--under` took: the one the index holds the most
/// articles about, unless the name was qualified ("Bethlehem, West Bank").
#[derive(Debug, Clone, PartialEq)]
pub struct Namesakes {
    /// The name as given.
    pub typed: String,
    /// The place taken, with the number of articles about it (or a place
    /// inside it).
    pub chosen: FacetCount,
    /// The other places of that name that articles are about, most first.
    pub others: Vec<FacetCount>,
}

/// How an article relates to the story it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The first article of its story.
    Original,
    /// A near copy: indexed, most of its text stands in an earlier article.
    Near,
    /// An exact copy: the same text as an indexed article; recorded, not
    /// indexed again.
    Exact,
}

impl Kind {
    /// The name stored in the index and printed: `original`, `near`, `exact`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Original => "original",
            Kind::Near => "near",
            Kind::Exact => "exact",
        }
    }

    /// What the indexer calls its decision to index an article of this
    /// kind: `new`, `near` or `exact`.
    pub fn verdict(self) -> &'static str {
        match self {
            Kind::Original => "new",
            Kind::Near => "near",
            Kind::Exact => "exact",
        }
    }

    /// The kind with this name, if any.
    pub fn from_name(name: &str) -> Option<Kind> {
        [Kind::Original, Kind::Near, Kind::Exact]
            .into_iter()
            .find(|kind| kind.as_str() == name)
    }
}

/// Another article of a hit's story.
#[derive(Debug, Clone, PartialEq)]
pub struct Copy {
    /// Its id.
    pub id: String,
    /// The file it was read from.
    pub path: String,
    /// Its outlet.
    pub source: Option<String>,
    /// Its address.
    pub url: Option<String>,
    /// How it relates to the story.
    pub kind: Kind,
}

/// A passage of an article with the words that matched the query marked.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Snippet {
    /// The passage.
    pub text: String,
    /// Byte ranges of `text` that matched.
    pub highlighted: Vec<Range<usize>>,
    /// Whether the article's text goes on before the passage.
    pub cut_before: bool,
    /// Whether the article's text goes on after the passage.
    pub cut_after: bool,
}

/// One story found (or one article, with `all_copies`).
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Id of the best-matching article of the story.
    pub id: String,
    /// Its headline.
    pub title: String,
    /// When it was published.
    pub published: Option<DateTime<Utc>>,
    /// Its outlet.
    pub source: Option<String>,
    /// Its address.
    pub url: Option<String>,
    /// The file it was read from.
    pub path: String,
    /// Relevance score.
    pub score: f32,
    /// The best passage, matches marked.
    pub snippet: Snippet,
    /// Actors the article is about (canonical names).
    pub actors: Vec<String>,
    /// Places the article is about (canonical names).
    pub locations: Vec<String>,
    /// The other articles of its story, earliest published first.
    pub copies: Vec<Copy>,
}

/// A facet value and how many matching stories carry it.
#[derive(Debug, Clone, PartialEq)]
pub struct FacetCount {
    /// Canonical name.
    pub name: String,
    /// For locations, the path from continent down to the name; empty for actors.
    pub path: Vec<String>,
    /// For actors, whether the name is a person's or an organisation's (one
    /// name can be both: a tagger's guess can differ between articles);
    /// `None` for locations.
    pub kind: Option<ActorKind>,
    /// Matching stories that carry it.
    pub count: u64,
}

/// Facet counts over every matching story.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Facets {
    /// Most frequent actors.
    pub actor: Vec<FacetCount>,
    /// Most frequent locations.
    pub location: Vec<FacetCount>,
}

/// How a request's names were read, for the person or program to be told:
/// the query's names searched in other spellings, the filters' places
/// taken among namesakes and their sources taken by some of their words.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Notes {
    /// The query's names searched in other spellings too.
    pub spellings: Vec<OtherSpellings>,
    /// The place names of the filters that other places bear too.
    pub namesakes: Vec<Namesakes>,
    /// The filters' sources that no outlet is named as written.
    pub sources: Vec<SourceGuess>,
}

/// What a search found.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    /// The query as given.
    pub query: String,
    /// Matching stories (articles, with `all_copies`), not just those shown.
    pub total: u64,
    /// Time taken by the search, in milliseconds.
    pub took_ms: u64,
    /// The page of hits asked for.
    pub hits: Vec<Hit>,
    /// Facet counts over all matches.
    pub facets: Facets,
    /// How the request's names were read.
    pub notes: Notes,
}

/// One article, whole, as `sitrep show` prints it.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Its id.
    pub id: String,
    /// Its headline (empty for exact-copy records).
    pub title: String,
    /// When it was published.
    pub published: Option<DateTime<Utc>>,
    /// Its outlet.
    pub source: Option<String>,
    /// Its address.
    pub url: Option<String>,
    /// The file it was read from.
    pub path: String,
    /// The story it belongs to.
    pub story: String,
    /// How it relates to its story.
    pub kind: Kind,
    /// The article it copies, for copies.
    pub copy_of: Option<String>,
    /// Its paragraphs, each once (empty for exact-copy records: see `copy_of`).
    pub paragraphs: Vec<String>,
    /// How many repeated paragraphs were dropped.
    pub repeated_paragraphs: u64,
    /// Actors it is about.
    pub actors: Vec<String>,
    /// Places it is about.
    pub locations: Vec<String>,
    /// The other articles of its story.
    pub copies: Vec<Copy>,
}

/// How long each period of a timeline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Interval {
    /// A calendar day (UTC).
    Day,
    /// A week, Monday to Sunday (ISO 8601).
    Week,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
}

impl Interval {
    /// `day`, `week`, `month` or `year`.
    pub fn as_str(self) -> &'static str {
        match self {
            Interval::Day => "day",
            Interval::Week => "week",
            Interval::Month => "month",
            Interval::Year => "year",
        }
    }

    /// The first day of the period that holds `day`.
    pub fn start_of(self, day: NaiveDate) -> NaiveDate {
        match self {
            Interval::Day => day,
            Interval::Week => day - Days::new(u64::from(day.weekday().num_days_from_monday())),
            Interval::Month => day.with_day(1).unwrap_or(day),
            Interval::Year => day.with_ordinal(1).unwrap_or(day),
        }
    }

    /// The first day of the period after the one that starts on `start`
    /// (`None` past the end of the calendar chrono knows).
    fn next(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Interval::Day => start.checked_add_days(Days::new(1)),
            Interval::Week => start.checked_add_days(Days::new(7)),
            Interval::Month => start.checked_add_months(Months::new(1)),
            Interval::Year => start.checked_add_months(Months::new(12)),
        }
    }

    /// The finest interval that lays the days from `first` to `last` out in
    /// a screenful of periods, about 60 (62 at most): days over two months, weeks
    /// over 60 weeks, months over five years, else years.
    pub fn to_show(first: NaiveDate, last: NaiveDate) -> Interval {
        match (last - first).num_days() {
            ..=60 => Interval::Day,
            61..=420 => Interval::Week,
            421..=1_826 => Interval::Month,
            _ => Interval::Year,
        }
    }
}

/// One period of a timeline and the stories first published in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// Its first day.
    pub start: NaiveDate,
    /// Matching stories whose earliest matching article was published in it.
    pub stories: u64,
}

/// The span of days a timeline shows: from `since`, else the earliest of
/// `days`, to `until`, else the latest; `None` when there is neither.
pub fn span(
    days: &[NaiveDate],
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> Option<(NaiveDate, NaiveDate)> {
    let first = since.or_else(|| days.iter().min().copied())?;
    let last = until.or_else(|| days.iter().max().copied())?;
    Some((first, last.max(first)))
}

/// The stories of `days` (each story's day of publication) counted per
/// period of `interval`, over the periods from the one that holds `first`
/// to the one that holds `last`, every period listed, those with no story
/// too; a day outside them is not counted.
pub fn periods(
    days: &[NaiveDate],
    interval: Interval,
    (first, last): (NaiveDate, NaiveDate),
) -> Vec<Period> {
    let mut periods = Vec::new();
    let mut start = Some(interval.start_of(first));
    while let Some(day) = start.filter(|&day| day <= last) {
        periods.push(Period {
            start: day,
            stories: 0,
        });
        start = interval.next(day);
    }
    for &day in days {
        let start = interval.start_of(day);
        // The periods are in order and one apart: a binary search finds
        // the one that starts on `start`.
        if let Ok(at) = periods.binary_search_by(|p| p.start.cmp(&start)) {
            periods[at].stories += 1;
        }
    }
    periods
}

/// A timeline: the matching stories counted per day, week, month or year.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// The query counted over.
    pub query: String,
    /// Stories that matched (articles, with `all_copies`), dated or not.
    pub total: u64,
    /// How long each period is.
    pub interval: Interval,
    /// The periods, earliest first: from the one of `--since`, else of the
    /// earliest story, to the one of `--until`, else of the latest.
    pub periods: Vec<Period>,
    /// Matching stories none of whose matching articles gives a date.
    pub undated: u64,
    /// How the request's names were read.
    pub notes: Notes,
}

/// A timeline of the stories a request matches.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineRequest {
    /// The articles to count (`*` for all), with their filters.
    pub search: Request,
    /// How long each period is; `None` for [`Interval::to_show`].
    pub interval: Option<Interval>,
}

/// The size of the archive, as `sitrep stats` prints it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stats {
    /// Indexed articles (originals and near copies).
    pub articles: u64,
    /// Stories (clusters of copies).
    pub stories: u64,
    /// Exact copies recorded.
    pub exact_copies: u64,
    /// Near copies indexed.
    pub near_copies: u64,
    /// Repeated paragraphs dropped inside articles.
    pub repeated_paragraphs: u64,
    /// Bytes the index takes on disk.
    pub index_bytes: u64,
    /// Earliest publication date.
    pub earliest: Option<DateTime<Utc>>,
    /// Latest publication date.
    pub latest: Option<DateTime<Utc>>,
    /// Whether articles' actors and places were found by another version
    /// of the extraction (`indexer::entities_outdated`).
    pub entities_outdated: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_period_starts_on_its_first_day() {
        let thursday = day("2024-02-29");
        assert_eq!(Interval::Day.start_of(thursday), thursday);
        assert_eq!(Interval::Week.start_of(thursday), day("2024-02-26"));
        assert_eq!(
            Interval::Week.start_of(day("2024-03-03")),
            day("2024-02-26")
        );
        assert_eq!(Interval::Month.start_of(thursday), day("2024-02-01"));
        assert_eq!(Interval::Year.start_of(thursday), day("2024-01-01"));
    }

    #[test]
    fn periods_run_from_the_first_to_the_last_with_the_empty_ones() {
        let days = [day("2024-01-31"), day("2024-04-02"), day("2024-01-01")];
        let whole = span(&days, None, None).unwrap();
        assert_eq!(whole, (day("2024-01-01"), day("2024-04-02")));
        let counted: Vec<(String, u64)> = periods(&days, Interval::Month, whole)
            .iter()
            .map(|p| (p.start.to_string(), p.stories))
            .collect();
        assert_eq!(
            counted,
            [
                ("2024-01-01".to_string(), 2),
                ("2024-02-01".to_string(), 0),
                ("2024-03-01".to_string(), 0),
                ("2024-04-01".to_string(), 1),
            ]
        );
        // A span given by --since and --until; a day outside is left out.
        let given = span(&days, Some(day("2024-02-01")), Some(day("2024-02-29")));
        let weeks = periods(&days, Interval::Week, given.unwrap());
        assert_eq!(weeks.first().map(|p| p.start), Some(day("2024-01-29")));
        assert_eq!(weeks.last().map(|p| p.start), Some(day("2024-02-26")));
        assert_eq!(weeks.iter().map(|p| p.stories).sum::<u64>(), 1);
        assert_eq!(span(&[], None, None), None);
    }

    #[test]
    fn the_interval_to_show_keeps_a_screenful() {
        let first = day("2022-02-24");
        let after = |days: u64| first + Days::new(days);
        assert_eq!(Interval::to_show(first, after(60)), Interval::Day);
        assert_eq!(Interval::to_show(first, after(61)), Interval::Week);
        assert_eq!(Interval::to_show(first, after(420)), Interval::Week);
        assert_eq!(Interval::to_show(first, after(421)), Interval::Month);
        assert_eq!(Interval::to_show(first, after(1_826)), Interval::Month);
        assert_eq!(Interval::to_show(first, after(1_827)), Interval::Year);
        // At most 61 periods, whatever the span.
        for days in [0, 60, 61, 420, 421, 1_826, 1_827, 20_000] {
            let interval = Interval::to_show(first, after(days));
            let periods = periods(&[first, after(days)], interval, (first, after(days)));
            assert!(
                periods.len() <= 62,
                "{days} days: {} periods",
                periods.len()
            );
        }
    }

    fn interval() -> impl Strategy<Value = Interval> {
        prop_oneof![
            Just(Interval::Day),
            Just(Interval::Week),
            Just(Interval::Month),
            Just(Interval::Year),
        ]
    }

    proptest! {
        #[test]
        fn every_day_counts_once_in_the_period_that_holds_it(
            offsets in proptest::collection::vec(0u64..3_000, 1..40),
            interval in interval(),
        ) {
            let base = day("2011-03-15");
            let days: Vec<NaiveDate> = offsets.iter().map(|&d| base + Days::new(d)).collect();
            let whole = span(&days, None, None).unwrap();
            let periods = periods(&days, interval, whole);
            prop_assert_eq!(periods.iter().map(|p| p.stories).sum::<u64>(), days.len() as u64);
            for pair in periods.windows(2) {
                prop_assert_eq!(interval.next(pair[0].start), Some(pair[1].start));
            }
            for &d in &days {
                let holder = periods.iter().find(|p| p.start == interval.start_of(d));
                prop_assert!(holder.is_some_and(|p| p.start <= d && p.stories > 0));
                prop_assert!(interval.next(interval.start_of(d)).is_some_and(|next| d < next));
            }
        }
    }
}
