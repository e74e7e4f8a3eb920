//! The output for people: short, aligned, matches in bold on a terminal.

use std::io::{self, Write};

use chrono::{DateTime, Utc};

use crate::corpus::Problem;
use crate::indexer::{Refresh, Stage, Summary};
use crate::search::{
    Article, Copy, Dimension, FacetCount, FacetList, Hit, Interval, Namesakes, Notes,
    OtherSpellings, Period, Results, Snippet, SourceGuess, Stats, Timeline,
};

/// How much styling the terminal gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Mark matches and titles in bold (ANSI escapes).
    pub bold: bool,
}

impl Style {
    fn bold(self, text: &str) -> String {
        if self.bold {
            format!("\x1b[1m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// Most copies listed under a hit; the rest are counted.
const COPIES_LISTED: usize = 5;

/// A query as the user typed it, quoted: in double quotes, or in single
/// quotes when it holds a phrase's double quotes (as a shell would take it:
/// `'"chemical attack" idlib'`, not `"\"chemical attack\" idlib"`); escaped
/// only when it holds both kinds or a control character.
fn quoted(query: &str) -> String {
    let plain = !query.chars().any(char::is_control);
    match (query.contains('"'), query.contains('\'')) {
        (false, _) if plain => format!("\"{query}\""),
        (true, false) if plain => format!("'{query}'"),
        _ => format!("{query:?}"),
    }
}

/// Most other spellings a note names; the rest are counted.
const SPELLINGS_LISTED: usize = 6;

/// Prints the notes on how a request's names were read, on standard
/// error: a diagnostic for a person, which the JSON gives a program.
pub fn notes(out: &mut impl Write, notes: &Notes) -> io::Result<()> {
    other_spellings(out, &notes.spellings)?;
    namesakes(out, &notes.namesakes)?;
    source_guesses(out, &notes.sources)
}

/// Prints a note for each name of a query that was searched in its other
/// spellings too, and how not to: `note: "kiev" was also searched as Kyiv
/// and Kiyev, other names of the place Kyiv; --as-typed searches the
/// words as typed`. Results that hold words the user did not type need
/// saying.
fn other_spellings(out: &mut impl Write, spellings: &[OtherSpellings]) -> io::Result<()> {
    for spelling in spellings {
        let entity = match spelling.dimension {
            Dimension::Actor => "",
            Dimension::Location => "the place ",
        };
        let all = &spelling.spellings;
        let names = match all.split_last() {
            _ if all.len() > SPELLINGS_LISTED => format!(
                "{} and {} more",
                all[..SPELLINGS_LISTED].join(", "),
                all.len() - SPELLINGS_LISTED
            ),
            Some((last, [])) => last.clone(),
            Some((last, before)) => format!("{} and {last}", before.join(", ")),
            None => continue,
        };
        let spellings = match spelling.spellings.len() {
            1 => "another name",
            _ => "other names",
        };
        writeln!(
            out,
            "note: {} was also searched as {names}, {spellings} of {entity}{}; --as-typed searches the words as typed",
            quoted(&spelling.typed),
            spelling.name,
        )?;
    }
    Ok(())
}

/// Prints a note for each source of the filters that no outlet is named
/// as written: `note: no source is named "guardian"; searched "the
/// guardian"`, or that no source's name holds its words.
fn source_guesses(out: &mut impl Write, guesses: &[SourceGuess]) -> io::Result<()> {
    for guess in guesses {
        let quoted: Vec<String> = guess.searched.iter().map(|s| format!("{s:?}")).collect();
        match quoted.len() {
            0 => writeln!(
                out,
                "note: no source is named {:?}, and no source's name holds its words",
                guess.typed
            )?,
            _ => writeln!(
                out,
                "note: no source is named {:?}; searched {}",
                guess.typed,
                quoted.join(", ")
            )?,
        }
    }
    Ok(())
}

/// Prints a note for each place name of the filters that other places
/// bear too, saying which was taken and how to take another:
/// `note: "Madaya" is taken as Madaya (Asia / Syria / Rif Dimashq
/// Governorate), 12 articles; also Madaya (Asia / Myanmar / Mandalay
/// Region), 1: "Madaya, Myanmar" names it` (by its whole path where no
/// place above it tells it apart).
fn namesakes(out: &mut impl Write, namesakes: &[Namesakes]) -> io::Result<()> {
    let place = |p: &FacetCount| format!("{} ({})", p.name, places_above(&p.path));
    for namesake in namesakes {
        let chosen = &namesake.chosen;
        let articles = match chosen.count {
            1 => "article",
            _ => "articles",
        };
        let others: Vec<String> = namesake
            .others
            .iter()
            .map(|other| {
                // The first place above it, below the continents, that
                // the chosen one lies not in: "Madaya, Myanmar".
                let differs = (other.path.iter().zip(&chosen.path))
                    .skip(1)
                    .position(|(a, b)| a != b)
                    .and_then(|at| other.path.get(at + 1))
                    .filter(|&part| part != &other.name);
                let named = match differs {
                    Some(part) => format!("{}, {part}", other.name),
                    None => place(other),
                };
                format!("{}, {}: \"{named}\" names it", place(other), other.count)
            })
            .collect();
        writeln!(
            out,
            "note: {} is taken as {}, {} {articles}; also {}",
            quoted(&namesake.typed),
            place(chosen),
            chosen.count,
            others.join("; ")
        )?;
    }
    Ok(())
}

/// "story" or "stories", as `count` needs.
fn stories(count: u64) -> &'static str {
    if count == 1 {
        "story"
    } else {
        "stories"
    }
}

/// Prints search results.
pub fn results(out: &mut impl Write, results: &Results, style: Style) -> io::Result<()> {
    let noun = stories(results.total);
    writeln!(
        out,
        "{} {noun} match {} ({} ms)",
        results.total,
        quoted(&results.query),
        results.took_ms
    )?;
    for (n, hit) in results.hits.iter().enumerate() {
        writeln!(out)?;
        self::hit(out, n + 1, hit, style)?;
    }
    if results.hits.is_empty() && results.total > 0 {
        writeln!(out, "\n(no hits on this page; lower --offset)")?;
    }
    if !results.facets.actor.is_empty() || !results.facets.location.is_empty() {
        writeln!(out)?;
        let list = |counts: &[crate::search::FacetCount]| {
            counts
                .iter()
                .map(|c| match c.kind {
                    // One name as a person and as an organisation: say which.
                    Some(kind) if counts.iter().filter(|o| o.name == c.name).count() > 1 => {
                        format!("{} ({}, {})", c.name, kind.as_str(), c.count)
                    }
                    _ => format!("{} ({})", c.name, c.count),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        // A dimension that no matching story has is left out, not
        // printed empty.
        if !results.facets.actor.is_empty() {
            writeln!(out, "actors:    {}", list(&results.facets.actor))?;
        }
        if !results.facets.location.is_empty() {
            writeln!(out, "locations: {}", list(&results.facets.location))?;
        }
    }
    Ok(())
}

fn hit(out: &mut impl Write, n: usize, hit: &Hit, style: Style) -> io::Result<()> {
    let title = if hit.title.is_empty() {
        "(untitled)"
    } else {
        &hit.title
    };
    writeln!(out, "{n}. {}", style.bold(title))?;
    writeln!(
        out,
        "   {}",
        byline(hit.published, hit.source.as_deref(), &hit.id)
    )?;
    writeln!(out, "   {}", snippet(&hit.snippet, style))?;
    if let Some(line) = entities(&hit.actors, &hit.locations) {
        writeln!(out, "   {line}")?;
    }
    if !hit.copies.is_empty() {
        writeln!(out, "   {}", copies(&hit.copies))?;
    }
    Ok(())
}

/// The places a place lies in, as its path gives them, from the
/// continent down: "Asia / Syria / Idlib Governorate".
fn places_above(path: &[String]) -> String {
    path[..path.len().saturating_sub(1)].join(" / ")
}

/// Prints a facet list: one value a line, with its count.
pub fn facets(out: &mut impl Write, list: &FacetList) -> io::Result<()> {
    let scope = match &list.under {
        Some(path) => format!(" inside {}", path.join(" / ")),
        None => String::new(),
    };
    let noun = stories(list.total);
    writeln!(
        out,
        "{}s{scope} in {} {noun} matching {}",
        list.dimension.as_str(),
        list.total,
        quoted(&list.query)
    )?;
    if list.values.is_empty() {
        writeln!(out, "(none)")?;
    }
    let width = list
        .values
        .iter()
        .map(|v| v.count.to_string().len())
        .max()
        .unwrap_or(1);
    for value in &list.values {
        let context = if let Some(kind) = value.kind {
            format!("  ({})", kind.as_str())
        } else if value.path.len() > 1 {
            format!("  ({})", places_above(&value.path))
        } else {
            String::new()
        };
        writeln!(out, "{:>width$}  {}{context}", value.count, value.name)?;
    }
    Ok(())
}

/// The width of the longest bar of a timeline, in characters.
const TIMELINE_BAR_CHARS: u64 = 40;

/// Prints a timeline: a line per period with its count and a bar.
pub fn timeline(out: &mut impl Write, timeline: &Timeline) -> io::Result<()> {
    let noun = stories(timeline.total);
    let interval = match timeline.interval {
        Interval::Week => "week (Monday to Sunday, each by its Monday)",
        other => other.as_str(),
    };
    write!(
        out,
        "{} {noun} matching {}",
        timeline.total,
        quoted(&timeline.query)
    )?;
    if !timeline.periods.is_empty() {
        write!(out, ", by {interval}")?;
    }
    if timeline.undated > 0 {
        write!(out, "; {} undated, not shown", timeline.undated)?;
    }
    writeln!(out)?;
    if timeline.periods.is_empty() {
        return writeln!(out, "(no dated story)");
    }
    let most = timeline
        .periods
        .iter()
        .map(|p| p.stories)
        .max()
        .unwrap_or(0);
    let width = most.to_string().len();
    for period in &timeline.periods {
        let label = period_label(period, timeline.interval);
        write!(out, "{label}  {:>width$}", period.stories)?;
        match bar(period.stories, most) {
            bar if bar.is_empty() => writeln!(out)?,
            bar => writeln!(out, "  {bar}")?,
        }
    }
    Ok(())
}

/// How a period is named: `2022-03-01`, `2022-02-28` (a week by its
/// Monday), `2022-03`, `2022`.
fn period_label(period: &Period, interval: Interval) -> String {
    let format = match interval {
        Interval::Day | Interval::Week => "%Y-%m-%d",
        Interval::Month => "%Y-%m",
        Interval::Year => "%Y",
    };
    period.start.format(format).to_string()
}

/// A bar of `count` against the longest, `most`, in eighths of a
/// character; a count above zero shows at least one eighth.
fn bar(count: u64, most: u64) -> String {
    const EIGHTHS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];
    if count == 0 || most == 0 {
        return String::new();
    }
    let eighths = (count * TIMELINE_BAR_CHARS * 8 / most).max(1);
    let mut bar = "█".repeat((eighths / 8) as usize);
    if eighths % 8 > 0 {
        bar.push(EIGHTHS[(eighths % 8 - 1) as usize]);
    }
    bar
}

/// Prints one article whole.
pub fn article(out: &mut impl Write, article: &Article, style: Style) -> io::Result<()> {
    let title = if article.title.is_empty() {
        "(untitled)"
    } else {
        &article.title
    };
    writeln!(out, "{}", style.bold(title))?;
    writeln!(
        out,
        "{}",
        byline(article.published, article.source.as_deref(), &article.id)
    )?;
    if let Some(url) = &article.url {
        writeln!(out, "{url}")?;
    }
    writeln!(out, "file: {}", article.path)?;
    match &article.copy_of {
        Some(original) => writeln!(
            out,
            "{} copy of {original} (story {})",
            article.kind.as_str(),
            article.story
        )?,
        None => writeln!(out, "story {}", article.story)?,
    }
    if let Some(line) = entities(&article.actors, &article.locations) {
        writeln!(out, "{line}")?;
    }
    if article.repeated_paragraphs > 0 {
        writeln!(
            out,
            "{} repeated paragraphs dropped",
            article.repeated_paragraphs
        )?;
    }
    for paragraph in &article.paragraphs {
        writeln!(out, "\n{paragraph}")?;
    }
    if !article.copies.is_empty() {
        writeln!(out, "\n{}", copies(&article.copies))?;
    }
    Ok(())
}

/// Prints what a refresh of entities did.
fn refreshed(out: &mut impl Write, refresh: Refresh) -> io::Result<()> {
    if refresh.checked == 0 {
        return writeln!(
            out,
            "actors and places are up to date: this version of sitrep and entity file found them all"
        );
    }
    writeln!(
        out,
        "actors and places found again in {} articles: {} changed",
        refresh.checked, refresh.changed
    )
}

/// Prints the archive's statistics.
pub fn stats(out: &mut impl Write, stats: &Stats) -> io::Result<()> {
    // An indexing run counts every article it read; here an exact copy,
    // which keeps no text, is counted apart, so say which is which.
    writeln!(
        out,
        "articles            {} with their own text",
        stats.articles
    )?;
    writeln!(out, "stories             {}", stats.stories)?;
    writeln!(
        out,
        "near copies         {} of those articles",
        stats.near_copies
    )?;
    writeln!(
        out,
        "exact copies        {} more, each with its original's text",
        stats.exact_copies
    )?;
    writeln!(out, "repeated paragraphs {}", stats.repeated_paragraphs)?;
    writeln!(out, "index size          {}", bytes(stats.index_bytes))?;
    match (stats.earliest, stats.latest) {
        (Some(first), Some(last)) => {
            writeln!(out, "published           {} to {}", day(first), day(last))?
        }
        _ => writeln!(out, "published           (no dates)")?,
    }
    match stats.entities_outdated {
        false => writeln!(out, "actors and places   up to date"),
        true => writeln!(
            out,
            "actors and places   outdated: found by another version of sitrep or entity file; `sitrep index --refresh-entities` finds them again"
        ),
    }
}

/// Prints an indexing run's summary.
pub fn summary(out: &mut impl Write, summary: &Summary) -> io::Result<()> {
    match summary.refresh {
        // Asked for a refresh alone.
        Some(refresh) if summary.files == 0 && summary.ignored_files == 0 => {
            refreshed(out, refresh)?;
            return writeln!(out, "took {:.1} s", summary.took_ms as f64 / 1000.0);
        }
        Some(refresh) => refreshed(out, refresh)?,
        None => {}
    }
    writeln!(
        out,
        "{} articles in {} files; read {} in {:.1} s",
        summary.articles,
        summary.files,
        bytes(summary.bytes),
        summary.took_ms as f64 / 1000.0
    )?;
    match (summary.interrupted_run, summary.completes_interrupted_run) {
        (None, _) => {}
        (Some(Stage::Reading), true) => {
            writeln!(out, "the last run was interrupted: this one completed it")?
        }
        (Some(Stage::Refreshing), true) => writeln!(
            out,
            "the last run, a refresh of actors and places, was interrupted: this one completed it"
        )?,
        (Some(Stage::Reading), false) => writeln!(
            out,
            "the last run was interrupted while reading files: `sitrep index` on the same paths completes it"
        )?,
        (Some(Stage::Refreshing), false) => writeln!(
            out,
            "the last run, a refresh of actors and places, was interrupted: `sitrep index --refresh-entities` completes it"
        )?,
    }
    match (summary.files_unchanged, summary.files_reread) {
        (0, _) => {}
        (unchanged, 0) => writeln!(out, "  unchanged files      {unchanged} (not read again)")?,
        (unchanged, reread) => writeln!(
            out,
            "  unchanged files      {unchanged} ({reread} touched since the last run: read again, same content)"
        )?,
    }
    if summary.added() == 0 && summary.unchanged > 0 {
        writeln!(
            out,
            "nothing new: all {} articles are already in the index",
            summary.unchanged
        )?;
    } else {
        writeln!(out, "  new stories          {}", summary.new)?;
        writeln!(out, "  near copies          {}", summary.near_duplicates)?;
        writeln!(out, "  exact copies         {}", summary.exact_duplicates)?;
        writeln!(out, "  unchanged            {}", summary.unchanged)?;
        if summary.replaced > 0 {
            writeln!(out, "  changed, replaced    {}", summary.replaced)?;
        }
    }
    writeln!(
        out,
        "  repeated paragraphs  {} dropped",
        summary.repeated_paragraphs
    )?;
    if summary.ignored_files > 0 {
        writeln!(out, "  other files ignored  {}", summary.ignored_files)?;
    }
    if summary.id_collisions > 0 {
        writeln!(
            out,
            "  id collisions        {} (indexed under derived ids)",
            summary.id_collisions
        )?;
    }
    problems(out, "skipped", &summary.skipped)?;
    problems(out, "warnings", &summary.warnings)
}

fn problems(out: &mut impl Write, heading: &str, problems: &[Problem]) -> io::Result<()> {
    if problems.is_empty() {
        return Ok(());
    }
    writeln!(out, "{heading} ({}):", problems.len())?;
    for problem in problems.iter().take(PROBLEMS_LISTED) {
        match problem.line {
            Some(line) => writeln!(out, "  {}:{line}: {}", problem.path, problem.error)?,
            None => writeln!(out, "  {}: {}", problem.path, problem.error)?,
        }
    }
    if problems.len() > PROBLEMS_LISTED {
        writeln!(
            out,
            "  … and {} more (`--json` lists them all)",
            problems.len() - PROBLEMS_LISTED
        )?;
    }
    Ok(())
}

/// Problems of one kind listed by the human summary: a file of a million
/// bad lines must not bury the rest of it.
const PROBLEMS_LISTED: usize = 50;

/// "who: …  where: …", the first few of each; `None` when there are none.
fn entities(actors: &[String], locations: &[String]) -> Option<String> {
    const LISTED: usize = 5;
    let list = |names: &[String]| {
        let mut text = names
            .iter()
            .take(LISTED)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if names.len() > LISTED {
            text.push_str(&format!(" +{}", names.len() - LISTED));
        }
        text
    };
    match (actors.is_empty(), locations.is_empty()) {
        (true, true) => None,
        (false, true) => Some(format!("who: {}", list(actors))),
        (true, false) => Some(format!("where: {}", list(locations))),
        (false, false) => Some(format!("who: {}  where: {}", list(actors), list(locations))),
    }
}

fn byline(published: Option<DateTime<Utc>>, source: Option<&str>, id: &str) -> String {
    let mut parts = Vec::new();
    if let Some(published) = published {
        parts.push(day(published));
    }
    if let Some(source) = source {
        parts.push(source.to_string());
    }
    parts.push(id.to_string());
    parts.join(" · ")
}

fn snippet(snippet: &Snippet, style: Style) -> String {
    let plain = |text: &str, out: &mut String| out.push_str(&text.replace('\n', " "));
    super::render_snippet(snippet, plain, |word, out| out.push_str(&style.bold(word)))
}

fn copies(copies: &[Copy]) -> String {
    let noun = if copies.len() == 1 { "copy" } else { "copies" };
    let listed: Vec<String> = copies
        .iter()
        .take(COPIES_LISTED)
        .map(|c| match &c.source {
            Some(source) => format!("{} ({}, {})", c.id, source, c.kind.as_str()),
            None => format!("{} ({})", c.id, c.kind.as_str()),
        })
        .collect();
    let more = copies.len().saturating_sub(COPIES_LISTED);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!("+ {} {noun}: {}{more}", copies.len(), listed.join(", "))
}

fn day(date: DateTime<Utc>) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_is_in_eighths_of_the_longest() {
        assert_eq!(bar(0, 10), "");
        assert_eq!(bar(10, 10), "█".repeat(40));
        assert_eq!(bar(5, 10), "█".repeat(20));
        assert_eq!(bar(1, 1000), "▏");
        assert_eq!(bar(1, 3), format!("{}▎", "█".repeat(13)));
    }

    #[test]
    fn a_query_is_quoted_as_a_shell_would_take_it() {
        assert_eq!(quoted("security guarantees"), r#""security guarantees""#);
        assert_eq!(
            quoted(r#""chemical attack" idlib"#),
            r#"'"chemical attack" idlib'"#
        );
        // Both kinds of quote, or a control character: escaped.
        assert_eq!(quoted(r#""kyiv's" mayor"#), r#""\"kyiv's\" mayor""#);
        assert_eq!(quoted("a\tb"), r#""a\tb""#);
    }

    #[test]
    fn a_spelling_note_names_the_spellings_searched() {
        let note = |spellings: &[&str], dimension| {
            let mut out = Vec::new();
            let spelling = OtherSpellings {
                typed: "kiev".into(),
                dimension,
                name: "Kyiv".into(),
                spellings: spellings.iter().map(|s| s.to_string()).collect(),
            };
            other_spellings(&mut out, &[spelling]).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(
            note(&["Kyiv", "Kiyev"], Dimension::Location),
            "note: \"kiev\" was also searched as Kyiv and Kiyev, other names of the \
             place Kyiv; --as-typed searches the words as typed\n"
        );
        assert!(note(&["Kyiv"], Dimension::Actor)
            .starts_with("note: \"kiev\" was also searched as Kyiv, another name of Kyiv;"));
        let many = ["A", "B", "C", "D", "E", "F", "G", "H"];
        assert!(note(&many, Dimension::Location).contains(" as A, B, C, D, E, F and 2 more, "));
    }

    #[test]
    fn a_namesake_note_says_how_to_name_the_others() {
        let place = |path: &str, count| FacetCount {
            name: path.rsplit('/').next().unwrap().to_string(),
            path: path.split('/').map(str::to_string).collect(),
            kind: None,
            count,
        };
        let namesakes = Namesakes {
            typed: "Washington".into(),
            chosen: place(
                "North America/United States/Washington, D.C./Washington",
                612,
            ),
            others: vec![
                place("North America/United States/Washington", 72),
                place("Europe/United Kingdom/England/Washington", 1),
            ],
        };
        let mut out = Vec::new();
        super::namesakes(&mut out, &[namesakes]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "note: \"Washington\" is taken as Washington (North America / United States / \
             Washington, D.C.), 612 articles; also Washington (North America / United States), \
             72: \"Washington (North America / United States)\" names it; Washington (Europe / \
             United Kingdom / England), 1: \"Washington, United Kingdom\" names it\n"
        );
    }

    #[test]
    fn bold_only_when_asked() {
        let s = Snippet {
            text: "strong security guarantees".into(),
            highlighted: std::iter::once(7..15).collect(),
            cut_before: false,
            cut_after: true,
        };
        assert_eq!(
            snippet(&s, Style { bold: false }),
            "strong security guarantees…"
        );
        assert_eq!(
            snippet(&s, Style { bold: true }),
            "strong \x1b[1msecurity\x1b[0m guarantees…"
        );
    }

    /// The summary as printed for people.
    fn printed(summary: &Summary) -> String {
        let mut out = Vec::new();
        super::summary(&mut out, summary).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_summary_says_which_unchanged_files_were_read_again() {
        let printed = |files_unchanged, files_reread| {
            printed(&Summary {
                files: 3,
                files_unchanged,
                files_reread,
                ..Summary::default()
            })
        };
        assert!(printed(3, 0).contains("unchanged files      3 (not read again)"));
        assert!(printed(3, 1).contains(
            "unchanged files      3 (1 touched since the last run: read again, same content)"
        ));
        assert!(!printed(0, 0).contains("unchanged files"));
    }

    #[test]
    fn stats_say_that_exact_copies_are_counted_apart() {
        let mut out = Vec::new();
        super::stats(
            &mut out,
            &Stats {
                articles: 8,
                stories: 5,
                near_copies: 3,
                exact_copies: 1,
                ..Stats::default()
            },
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("articles            8 with their own text\n"),
            "{text}"
        );
        assert!(
            text.contains("near copies         3 of those articles\n"),
            "{text}"
        );
        assert!(
            text.contains("exact copies        1 more, each with its original's text\n"),
            "{text}"
        );
    }

    #[test]
    fn a_summary_says_what_completes_an_interrupted_run() {
        let interrupted = |stage, completed| {
            printed(&Summary {
                interrupted_run: Some(stage),
                completes_interrupted_run: completed,
                ..Summary::default()
            })
        };
        assert!(interrupted(Stage::Reading, true)
            .contains("the last run was interrupted: this one completed it"));
        assert!(interrupted(Stage::Reading, false)
            .contains("interrupted while reading files: `sitrep index` on the same paths"));
        assert!(interrupted(Stage::Refreshing, true)
            .contains("a refresh of actors and places, was interrupted: this one completed it"));
        assert!(interrupted(Stage::Refreshing, false).contains(
            "a refresh of actors and places, was interrupted: `sitrep index --refresh-entities` completes it"
        ));
        assert!(!interrupted(Stage::Reading, false).contains("completed it"));
        assert!(!printed(&Summary::default()).contains("interrupted"));
    }

    #[test]
    fn a_summary_lists_the_first_problems_and_counts_the_rest() {
        let skipped = (1..=PROBLEMS_LISTED as u64 + 7)
            .map(|line| Problem {
                path: "feed.jsonl".into(),
                line: Some(line),
                error: "invalid JSON".into(),
            })
            .collect();
        let text = printed(&Summary {
            skipped,
            ..Summary::default()
        });
        assert!(text.contains(&format!("skipped ({}):", PROBLEMS_LISTED + 7)));
        assert!(text.contains(&format!("feed.jsonl:{PROBLEMS_LISTED}: invalid JSON")));
        assert!(!text.contains(&format!("feed.jsonl:{}: ", PROBLEMS_LISTED + 1)));
        assert!(
            text.contains("… and 7 more (`--json` lists them all)"),
            "{text}"
        );
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(1_260_679), "1.3 MB");
    }
}
