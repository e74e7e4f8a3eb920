//! The JSON output: one object per command, with a stable schema.
//!
//! The structs here *are* the schema documented in the README; changing a
//! name or a type here changes the interface other programs rely on, and
//! the integration tests deserialise these objects strictly to catch it.

use std::io::{self, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::corpus::Problem;
use crate::entities::ActorKind;
use crate::indexer::{Decision, Stage, Summary};
use crate::search::{
    Article, Copy, FacetCount, FacetList, Hit, Namesakes, Notes, OtherSpellings, Results, Snippet,
    SourceGuess, Stats, Timeline,
};

#[derive(Serialize)]
struct SearchJson<'a> {
    query: &'a str,
    total: u64,
    took_ms: u64,
    hits: Vec<HitJson<'a>>,
    facets: FacetsJson<'a>,
    #[serde(flatten)]
    notes: NotesJson<'a>,
}

#[derive(Serialize)]
struct NamesakesJson<'a> {
    typed: &'a str,
    chosen: LocationCountJson<'a>,
    others: Vec<LocationCountJson<'a>>,
}

/// How a request's names were read: `spellings`, `namesakes` and
/// `sources` beside the results they explain.
#[derive(Serialize)]
struct NotesJson<'a> {
    spellings: Vec<SpellingsJson<'a>>,
    namesakes: Vec<NamesakesJson<'a>>,
    sources: Vec<SourceGuessJson<'a>>,
}

impl<'a> NotesJson<'a> {
    fn of(notes: &'a Notes) -> NotesJson<'a> {
        NotesJson {
            spellings: spellings(&notes.spellings),
            namesakes: namesakes(&notes.namesakes),
            sources: sources(&notes.sources),
        }
    }
}

#[derive(Serialize)]
struct SourceGuessJson<'a> {
    typed: &'a str,
    searched: &'a [String],
}

#[derive(Serialize)]
struct SpellingsJson<'a> {
    typed: &'a str,
    dimension: &'static str,
    name: &'a str,
    searched: &'a [String],
}

#[derive(Serialize)]
struct HitJson<'a> {
    id: &'a str,
    title: &'a str,
    published: Option<String>,
    source: Option<&'a str>,
    url: Option<&'a str>,
    path: &'a str,
    score: f32,
    snippet: String,
    actors: &'a [String],
    locations: &'a [String],
    duplicates: Vec<CopyJson<'a>>,
}

#[derive(Serialize)]
struct CopyJson<'a> {
    id: &'a str,
    path: &'a str,
    source: Option<&'a str>,
    url: Option<&'a str>,
    kind: &'static str,
}

#[derive(Serialize)]
struct FacetsJson<'a> {
    actor: Vec<ActorCountJson<'a>>,
    location: Vec<LocationCountJson<'a>>,
}

#[derive(Serialize)]
struct ActorCountJson<'a> {
    name: &'a str,
    kind: Option<&'static str>,
    count: u64,
}

#[derive(Serialize)]
struct LocationCountJson<'a> {
    name: &'a str,
    path: &'a [String],
    count: u64,
}

/// A value of `sitrep facets`: a location's path, or an actor's kind (and
/// an empty path, as before kinds were listed).
#[derive(Serialize)]
struct FacetValueJson<'a> {
    name: &'a str,
    path: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    count: u64,
}

#[derive(Serialize)]
struct ArticleJson<'a> {
    id: &'a str,
    title: &'a str,
    published: Option<String>,
    source: Option<&'a str>,
    url: Option<&'a str>,
    path: &'a str,
    story: &'a str,
    kind: &'static str,
    copy_of: Option<&'a str>,
    paragraphs: &'a [String],
    repeated_paragraphs: u64,
    actors: &'a [String],
    locations: &'a [String],
    duplicates: Vec<CopyJson<'a>>,
}

#[derive(Serialize)]
struct StatsJson {
    articles: u64,
    stories: u64,
    exact_copies: u64,
    near_copies: u64,
    repeated_paragraphs: u64,
    index_bytes: u64,
    earliest: Option<String>,
    latest: Option<String>,
    entities_outdated: bool,
}

#[derive(Serialize)]
struct SummaryJson<'a> {
    files: u64,
    files_unchanged: u64,
    files_reread: u64,
    ignored_files: u64,
    bytes: u64,
    articles: u64,
    new: u64,
    exact_duplicates: u64,
    near_duplicates: u64,
    unchanged: u64,
    replaced: u64,
    repeated_paragraphs: u64,
    id_collisions: u64,
    skipped: &'a [Problem],
    warnings: &'a [Problem],
    interrupted_run: Option<&'static str>,
    completes_interrupted_run: bool,
    entities_checked: u64,
    entities_changed: u64,
    entities_outdated: bool,
    took_ms: u64,
}

#[derive(Serialize)]
struct DecisionJson<'a> {
    id: &'a str,
    path: &'a str,
    line: Option<u64>,
    verdict: &'static str,
    story: Option<&'a str>,
    copy_of: Option<&'a str>,
    containment: Option<f32>,
}

/// Prints search results as one JSON object.
pub fn results(out: &mut impl Write, results: &Results) -> io::Result<()> {
    let json = SearchJson {
        query: &results.query,
        total: results.total,
        took_ms: results.took_ms,
        hits: results.hits.iter().map(hit).collect(),
        facets: FacetsJson {
            actor: results
                .facets
                .actor
                .iter()
                .map(
                    |FacetCount {
                         name, kind, count, ..
                     }| ActorCountJson {
                        name,
                        kind: kind.map(ActorKind::as_str),
                        count: *count,
                    },
                )
                .collect(),
            location: results
                .facets
                .location
                .iter()
                .map(
                    |FacetCount {
                         name, path, count, ..
                     }| LocationCountJson {
                        name,
                        path,
                        count: *count,
                    },
                )
                .collect(),
        },
        notes: NotesJson::of(&results.notes),
    };
    write(out, &json)
}

/// The place names of the filters that other places bear too.
fn namesakes(namesakes: &[Namesakes]) -> Vec<NamesakesJson<'_>> {
    fn place(place: &FacetCount) -> LocationCountJson<'_> {
        LocationCountJson {
            name: &place.name,
            path: &place.path,
            count: place.count,
        }
    }
    namesakes
        .iter()
        .map(|n| NamesakesJson {
            typed: &n.typed,
            chosen: place(&n.chosen),
            others: n.others.iter().map(place).collect(),
        })
        .collect()
}

/// The filters' sources that no outlet is named as written.
fn sources(sources: &[SourceGuess]) -> Vec<SourceGuessJson<'_>> {
    sources
        .iter()
        .map(|guess| SourceGuessJson {
            typed: &guess.typed,
            searched: &guess.searched,
        })
        .collect()
}

/// The names of a query searched in other spellings too.
fn spellings(spellings: &[OtherSpellings]) -> Vec<SpellingsJson<'_>> {
    spellings
        .iter()
        .map(|spelling| SpellingsJson {
            typed: &spelling.typed,
            dimension: spelling.dimension.as_str(),
            name: &spelling.name,
            searched: &spelling.spellings,
        })
        .collect()
}

#[derive(Serialize)]
struct FacetListJson<'a> {
    dimension: &'static str,
    query: &'a str,
    under: Option<&'a [String]>,
    total: u64,
    values: Vec<FacetValueJson<'a>>,
    #[serde(flatten)]
    notes: NotesJson<'a>,
}

/// Prints a facet list as one JSON object.
pub fn facets(out: &mut impl Write, list: &FacetList) -> io::Result<()> {
    let json = FacetListJson {
        dimension: list.dimension.as_str(),
        query: &list.query,
        under: list.under.as_deref(),
        total: list.total,
        values: list
            .values
            .iter()
            .map(|value| FacetValueJson {
                name: &value.name,
                path: &value.path,
                kind: value.kind.map(ActorKind::as_str),
                count: value.count,
            })
            .collect(),
        notes: NotesJson::of(&list.notes),
    };
    write(out, &json)
}

#[derive(Serialize)]
struct TimelineJson<'a> {
    query: &'a str,
    total: u64,
    by: &'static str,
    undated: u64,
    periods: Vec<PeriodJson>,
    #[serde(flatten)]
    notes: NotesJson<'a>,
}

#[derive(Serialize)]
struct PeriodJson {
    start: String,
    stories: u64,
}

/// Prints a timeline as one JSON object.
pub fn timeline(out: &mut impl Write, timeline: &Timeline) -> io::Result<()> {
    let json = TimelineJson {
        query: &timeline.query,
        total: timeline.total,
        by: timeline.interval.as_str(),
        undated: timeline.undated,
        periods: (timeline.periods.iter())
            .map(|period| PeriodJson {
                start: period.start.format("%Y-%m-%d").to_string(),
                stories: period.stories,
            })
            .collect(),
        notes: NotesJson::of(&timeline.notes),
    };
    write(out, &json)
}

/// Prints one article as one JSON object.
pub fn article(out: &mut impl Write, article: &Article) -> io::Result<()> {
    let json = ArticleJson {
        id: &article.id,
        title: &article.title,
        published: article.published.map(date),
        source: article.source.as_deref(),
        url: article.url.as_deref(),
        path: &article.path,
        story: &article.story,
        kind: article.kind.as_str(),
        copy_of: article.copy_of.as_deref(),
        paragraphs: &article.paragraphs,
        repeated_paragraphs: article.repeated_paragraphs,
        actors: &article.actors,
        locations: &article.locations,
        duplicates: article.copies.iter().map(copy).collect(),
    };
    write(out, &json)
}

/// Prints the archive's statistics as one JSON object.
pub fn stats(out: &mut impl Write, stats: &Stats) -> io::Result<()> {
    let json = StatsJson {
        articles: stats.articles,
        stories: stats.stories,
        exact_copies: stats.exact_copies,
        near_copies: stats.near_copies,
        repeated_paragraphs: stats.repeated_paragraphs,
        index_bytes: stats.index_bytes,
        earliest: stats.earliest.map(date),
        latest: stats.latest.map(date),
        entities_outdated: stats.entities_outdated,
    };
    write(out, &json)
}

/// Prints an indexing run's summary as one JSON object.
pub fn summary(out: &mut impl Write, summary: &Summary) -> io::Result<()> {
    let json = SummaryJson {
        files: summary.files,
        files_unchanged: summary.files_unchanged,
        files_reread: summary.files_reread,
        ignored_files: summary.ignored_files,
        bytes: summary.bytes,
        articles: summary.articles,
        new: summary.new,
        exact_duplicates: summary.exact_duplicates,
        near_duplicates: summary.near_duplicates,
        unchanged: summary.unchanged,
        replaced: summary.replaced,
        repeated_paragraphs: summary.repeated_paragraphs,
        id_collisions: summary.id_collisions,
        skipped: &summary.skipped,
        warnings: &summary.warnings,
        interrupted_run: summary.interrupted_run.map(|stage| match stage {
            Stage::Reading => "reading",
            Stage::Refreshing => "refreshing",
        }),
        completes_interrupted_run: summary.completes_interrupted_run,
        entities_checked: summary.refresh.map_or(0, |r| r.checked),
        entities_changed: summary.refresh.map_or(0, |r| r.changed),
        entities_outdated: summary.entities_outdated,
        took_ms: summary.took_ms,
    };
    write(out, &json)
}

/// Prints one dedup decision as one line of JSON.
pub fn decision(out: &mut impl Write, decision: &Decision) -> io::Result<()> {
    write(
        out,
        &DecisionJson {
            id: decision.id,
            path: decision.path,
            line: decision.line,
            verdict: decision.verdict,
            story: decision.story,
            copy_of: decision.copy_of,
            containment: decision.containment,
        },
    )
}

fn hit(hit: &Hit) -> HitJson<'_> {
    HitJson {
        id: &hit.id,
        title: &hit.title,
        published: hit.published.map(date),
        source: hit.source.as_deref(),
        url: hit.url.as_deref(),
        path: &hit.path,
        score: hit.score,
        snippet: html_snippet(&hit.snippet),
        actors: &hit.actors,
        locations: &hit.locations,
        duplicates: hit.copies.iter().map(copy).collect(),
    }
}

fn copy(copy: &Copy) -> CopyJson<'_> {
    CopyJson {
        id: &copy.id,
        path: &copy.path,
        source: copy.source.as_deref(),
        url: copy.url.as_deref(),
        kind: copy.kind.as_str(),
    }
}

/// RFC 3339 in UTC, to the second: `2025-11-28T14:00:00Z`.
fn date(date: DateTime<Utc>) -> String {
    date.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The snippet as HTML: text escaped, matches in `<b>…</b>`.
fn html_snippet(snippet: &Snippet) -> String {
    super::render_snippet(snippet, escape_into, |word, html| {
        html.push_str("<b>");
        escape_into(word, html);
        html.push_str("</b>");
    })
}

fn escape_into(text: &str, html: &mut String) {
    for c in text.chars() {
        match c {
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '&' => html.push_str("&amp;"),
            c => html.push(c),
        }
    }
}

fn write(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_are_escaped_and_marked() {
        let mut snippet = Snippet {
            text: "a <tag> & security guarantees".into(),
            highlighted: vec![10..18, 19..29],
            cut_before: false,
            cut_after: false,
        };
        assert_eq!(
            html_snippet(&snippet),
            "a &lt;tag&gt; &amp; <b>security</b> <b>guarantees</b>"
        );
        snippet.cut_before = true;
        snippet.cut_after = true;
        assert_eq!(
            html_snippet(&snippet),
            "…a &lt;tag&gt; &amp; <b>security</b> <b>guarantees</b>…"
        );
    }
}
