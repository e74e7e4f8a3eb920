//! Searching: collapse of copies, filters, sorting, paging, snippets,
//! `show` and `stats`, and the errors a user can run into.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use common::{paragraph, Workspace};

/// A workspace with three stories: one of them with two copies.
fn archive() -> Workspace {
    let ws = Workspace::new();
    let talks: Vec<String> = (0..5)
        .map(|i| paragraph("security guarantees talks", i))
        .collect();
    let mut near = talks.clone();
    near.push("The talks are expected to resume next week, officials in Geneva said.".into());
    let line = |id: &str, title: &str, date: &str, source: &str, body: &[String]| {
        serde_json::json!({"id": id, "title": title, "published": date, "source": source, "url": format!("https://example.org/{id}"), "body": body.join("\n\n")}).to_string()
    };
    ws.write(
        "news.jsonl",
        [
            line(
                "t1",
                "Security guarantees on the table",
                "2024-01-10T09:00:00Z",
                "Kyiv Ledger",
                &talks,
            ),
            line(
                "t2",
                "Security guarantees on the table",
                "2024-01-10T15:00:00Z",
                "Lviv Post",
                &talks,
            ),
            line(
                "t3",
                "Talks on security guarantees go on",
                "2024-01-11T08:00:00Z",
                "Odesa Herald",
                &near,
            ),
            line(
                "h1",
                "Harvest begins early",
                "2023-07-01",
                "Farm Wire",
                &(0..4).map(|i| paragraph("harvest", i)).collect::<Vec<_>>(),
            ),
            line(
                "s1",
                "Security council meets on guarantees",
                "2024-03-05",
                "Kyiv Ledger",
                &(0..4)
                    .map(|i| paragraph("council session on guarantees of security", i + 20))
                    .collect::<Vec<_>>(),
            ),
        ]
        .join("\n"),
    );
    ws.index();
    ws
}

#[test]
fn copies_collapse_into_one_hit_per_story() {
    let ws = archive();
    let results = ws.search("security guarantees", &[]);
    assert_eq!(results.query, "security guarantees");
    assert_eq!(results.total, 2, "{results:?}");
    let talks = results
        .hits
        .iter()
        .find(|h| h.id.starts_with('t'))
        .expect("the talks story");
    assert_eq!(talks.duplicates.len(), 2, "{talks:?}");
    // Facet counts count each story once, however many copies match.
    assert!(
        results.facets.location.iter().all(|f| f.count <= 2),
        "{:?}",
        results.facets
    );

    // Every indexed article: the exact copy t2 is recorded, not indexed.
    let all = ws.search("security guarantees", &["--all-copies"]);
    let mut ids: Vec<&str> = all.hits.iter().map(|h| h.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, ["s1", "t1", "t3"]);
    assert_eq!(all.total, 3);
}

#[test]
fn facet_counts_do_not_depend_on_the_facet_values_saved_beside_the_index() {
    let ws = archive();
    let saved = ws.index_dir().join("sitrep-facet-values.bin");
    assert!(saved.is_file(), "indexing saves the facet values");
    let counts = |ws: &Workspace| format!("{:?}", ws.search("*", &["--facets", "50"]).facets);
    let with = counts(&ws);
    assert!(with.contains("Geneva"), "{with}");
    std::fs::remove_file(&saved).unwrap();
    assert_eq!(counts(&ws), with);
    std::fs::write(&saved, b"sitrep facet values 1\n\x05").unwrap();
    assert_eq!(counts(&ws), with, "a damaged file is ignored");
    // The next run, with nothing new to index, writes it again.
    std::fs::remove_file(&saved).unwrap();
    ws.index();
    assert!(
        saved.is_file(),
        "the next run writes the facet values again"
    );
    assert_eq!(counts(&ws), with);
}

#[test]
fn facet_counts_do_not_depend_on_the_ordinal_files_saved_beside_the_index() {
    let ws = archive();
    let files = |ws: &Workspace| -> Vec<std::path::PathBuf> {
        let mut found: Vec<_> = std::fs::read_dir(ws.index_dir())
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| {
                let name = path.file_name().unwrap().to_string_lossy();
                name.starts_with("sitrep-ords-") && name.ends_with(".bin")
            })
            .collect();
        found.sort();
        found
    };
    let saved = files(&ws);
    assert!(!saved.is_empty(), "indexing saves the ordinal files");
    let contents: Vec<Vec<u8>> = saved.iter().map(|f| std::fs::read(f).unwrap()).collect();
    let counts = |ws: &Workspace| {
        let results = ws.search("guarantees", &["--facets", "50"]);
        format!("{:?} {:?}", results.facets, results.total)
    };
    let with = counts(&ws);
    assert!(with.contains("Geneva"), "{with}");
    // Damaged (cut short), or missing: the same counts from tantivy.
    for file in &saved {
        std::fs::write(file, b"sitrep facet ords").unwrap();
    }
    assert_eq!(counts(&ws), with, "a damaged file is ignored");
    for file in &saved {
        std::fs::remove_file(file).unwrap();
    }
    assert_eq!(counts(&ws), with, "missing files are not needed");
    // The next run, with nothing new to index, writes them again, damaged
    // ones included.
    std::fs::write(&saved[0], b"sitrep facet ords").unwrap();
    ws.index();
    assert_eq!(files(&ws), saved);
    let again: Vec<Vec<u8>> = saved.iter().map(|f| std::fs::read(f).unwrap()).collect();
    assert_eq!(again, contents, "the next run writes the same files again");
    assert_eq!(counts(&ws), with);
}

#[test]
fn hits_carry_metadata_and_a_highlighted_snippet() {
    let ws = archive();
    let results = ws.search("harvest", &[]);
    assert_eq!(results.total, 1);
    let hit = &results.hits[0];
    assert_eq!(
        (hit.id.as_str(), hit.title.as_str()),
        ("h1", "Harvest begins early")
    );
    assert_eq!(hit.published.as_deref(), Some("2023-07-01T00:00:00Z"));
    assert_eq!(hit.source.as_deref(), Some("Farm Wire"));
    assert_eq!(hit.url.as_deref(), Some("https://example.org/h1"));
    assert_eq!(hit.path, "corpus/news.jsonl");
    assert!(hit.score > 0.0);
    assert!(hit.snippet.contains("<b>harvest</b>"), "{}", hit.snippet);
    assert!(hit.duplicates.is_empty());
}

#[test]
fn words_are_required_phrases_and_fields_work() {
    let ws = archive();
    assert_eq!(ws.search("harvest guarantees", &[]).total, 0);
    assert_eq!(ws.search("harvest OR council", &[]).total, 2);
    assert_eq!(ws.search("guarantees NOT council", &[]).total, 1);
    assert_eq!(ws.search("\"council session\"", &[]).total, 1);
    assert_eq!(ws.search("title:harvest", &[]).total, 1);
    assert_eq!(ws.search("source:\"farm wire\"", &[]).total, 1);
    assert_eq!(
        ws.search(
            "published:[2024-01-01T00:00:00Z TO 2024-02-01T00:00:00Z]",
            &[]
        )
        .total,
        1
    );
    assert_eq!(ws.search("*", &[]).total, 3);
    // Stemming and folding: "guarantee" finds "guarantees", "HÀRVEST" finds "harvest".
    assert_eq!(ws.search("guarantee", &[]).total, 2);
    assert_eq!(ws.search("HÀRVEST", &[]).total, 1);
    // "AND NOT" excludes, as "NOT" does.
    assert_eq!(ws.search("guarantees AND NOT council", &[]).total, 1);
}

#[test]
fn a_word_ending_in_a_star_finds_the_words_it_starts() {
    let ws = archive();
    // "guarant" is indexed under the stem "guarante"; "harv" starts "harvest".
    let results = ws.search("guarant*", &[]);
    assert_eq!(results.total, 2, "{results:?}");
    assert_eq!(ws.search("harv*", &[]).total, 1);
    assert_eq!(ws.search("title:harv*", &[]).total, 1);
    assert_eq!(ws.search("harv* OR counc*", &[]).total, 2);
    assert_eq!(ws.search("guarant* -counc*", &[]).total, 1);
    assert_eq!(ws.search("source:farm*", &[]).total, 1);
    assert_eq!(ws.search("zzz*", &[]).total, 0);
    // The words found are marked in the snippet as typed words are.
    let hit = &ws.search("harv*", &[]).hits[0];
    assert!(hit.snippet.contains("<b>harvest</b>"), "{}", hit.snippet);
    // Facet counts and filters work on prefix searches too.
    let filtered = ws.search("guarant*", &["--source", "Kyiv Ledger"]);
    assert_eq!(filtered.total, 2, "{filtered:?}");
    let refused = ws
        .sitrep()
        .args(["search", "--", "-harv*"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
}

#[test]
fn a_word_ending_in_a_tilde_finds_other_spellings() {
    let ws = archive();
    assert_eq!(ws.search("harvst", &[]).total, 0);
    let results = ws.search("harvst~1", &[]);
    assert_eq!(results.total, 1, "{results:?}");
    assert!(
        results.hits[0].snippet.contains("<b>harvest</b>"),
        "{}",
        results.hits[0].snippet
    );
    assert_eq!(ws.search("guarantes~1", &[]).total, 2);
    assert_eq!(ws.search("guarantes~1 -councl~", &[]).total, 1);
    assert_eq!(ws.search("title:harvst~", &[]).total, 1);
}

#[test]
fn a_query_may_open_with_an_excluded_word() {
    let ws = archive();
    let opening = ws.search("-council guarantees", &[]);
    assert_eq!(opening.total, 1, "{opening:?}");
    let ids = |results: &common::SearchResults| -> Vec<String> {
        results.hits.iter().map(|hit| hit.id.clone()).collect()
    };
    assert_eq!(ids(&opening), ids(&ws.search("guarantees -council", &[])));
    // Flags still work around it, and for the facets too.
    assert_eq!(
        ws.search("-council guarantees", &["--limit", "1"])
            .hits
            .len(),
        1
    );
    let facets =
        String::from_utf8(ws.succeed(["facets", "location", "-council guarantees"])).unwrap();
    assert!(facets.contains("Geneva"), "{facets}");
}

#[test]
fn title_matches_rank_first() {
    let ws = archive();
    let results = ws.search("council", &["--all-copies"]);
    assert_eq!(results.hits[0].id, "s1");
}

#[test]
fn a_source_named_by_some_of_its_words_is_searched_and_told() {
    let ws = archive();
    // Named as it is: no guess.
    assert!(ws
        .search("*", &["--source", "kyiv ledger"])
        .sources
        .is_empty());
    // Some of its words: the outlets holding them, in a row.
    let ledger = ws.search("*", &["--source", "ledger"]);
    assert_eq!(ledger.total, 2);
    assert_eq!(
        ledger.sources,
        [common::SourceGuess {
            typed: "ledger".into(),
            searched: vec!["kyiv ledger".into()],
        }]
    );
    assert!(ledger
        .hits
        .iter()
        .all(|h| h.source.as_deref() == Some("Kyiv Ledger")));
    assert_eq!(ws.search("*", &["--source", "ledger kyiv"]).total, 0);
    // No outlet holds the words: nothing matches, and the person is told.
    let none = ws.search("*", &["--source", "Gazette"]);
    assert_eq!((none.total, none.sources[0].searched.len()), (0, 0));
    let out = ws
        .sitrep()
        .args(["search", "*", "--source", "herald", "--source", "gazette"])
        .output()
        .unwrap();
    let notes = String::from_utf8(out.stderr).unwrap();
    assert!(
        notes.contains("note: no source is named \"herald\"; searched \"odesa herald\""),
        "{notes}"
    );
    assert!(
        notes.contains("no source is named \"gazette\", and no source's name holds its words"),
        "{notes}"
    );
    let facets: common::FacetList =
        common::parse(&ws.succeed(["facets", "location", "*", "--source", "herald", "--json"]));
    assert_eq!(facets.sources[0].searched, ["odesa herald"]);
}

#[test]
fn filters_by_source_and_date() {
    let ws = archive();
    assert_eq!(ws.search("*", &["--source", "kyiv ledger"]).total, 2);
    assert_eq!(
        ws.search("*", &["--source", "Farm Wire", "--source", "Odesa Herald"])
            .total,
        2
    );
    assert_eq!(ws.search("*", &["--since", "2024-01-01"]).total, 2);
    assert_eq!(ws.search("*", &["--until", "2024-01-10"]).total, 2);
    assert_eq!(
        ws.search("*", &["--since", "2024-01-11", "--until", "2024-01-11"])
            .total,
        1
    );
    assert_eq!(ws.search("*", &["--since", "2025-01-01"]).total, 0);
    // A filter narrows a search without adding to its scores.
    let plain = ws.search("harvest", &[]);
    let filtered = ws.search(
        "harvest",
        &["--source", "Farm Wire", "--since", "2023-01-01"],
    );
    assert_eq!(filtered.hits[0].score, plain.hits[0].score);
}

#[test]
fn sorting_and_paging() {
    let ws = archive();
    let newest: Vec<String> = ws
        .search("*", &["--sort", "newest"])
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(newest[0], "s1");
    assert_eq!(newest[2], "h1");
    let oldest: Vec<String> = ws
        .search("*", &["--sort", "oldest"])
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(oldest[0], "h1");
    let page = ws.search("*", &["--sort", "oldest", "--limit", "1", "--offset", "1"]);
    assert_eq!((page.total, page.hits.len()), (3, 1));
    assert_eq!(page.hits[0].id, oldest[1]);
}

#[test]
fn human_output_lists_hits_and_copies() {
    let ws = archive();
    let out = ws
        .sitrep()
        .args(["search", "security guarantees"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("2 stories match \"security guarantees\""),
        "{text}"
    );
    assert!(text.contains("+ 2 copies:"), "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "no escapes when not on a terminal: {text}"
    );
}

#[test]
fn human_output_counts_only_the_facets_the_matches_have() {
    let ws = Workspace::new();
    ws.write(
        "flood.txt",
        "Flooding in Kharkiv\n\nThe river rose overnight in Kharkiv and water reached the old town.\n",
    );
    ws.index();
    let out = ws.sitrep().args(["search", "river"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\nlocations: Kharkiv (1)"), "{text}");
    assert!(!text.contains("actors:"), "no actor, no empty line: {text}");
}

#[test]
fn show_and_stats() {
    let ws = archive();
    let article = ws.show("t3");
    assert_eq!(
        (
            article.kind.as_str(),
            article.copy_of.as_deref(),
            article.story.as_str()
        ),
        ("near", Some("t1"), "t1")
    );
    assert_eq!(article.paragraphs.len(), 6);
    let out = ws.sitrep().args(["stats", "--json"]).output().unwrap();
    let stats: common::Stats = common::parse(&out.stdout);
    assert_eq!(
        (
            stats.articles,
            stats.stories,
            stats.exact_copies,
            stats.near_copies
        ),
        (4, 3, 1, 1)
    );
    assert_eq!(stats.earliest.as_deref(), Some("2023-07-01T00:00:00Z"));
    assert_eq!(stats.latest.as_deref(), Some("2024-03-05T00:00:00Z"));
    assert!(stats.index_bytes > 0);
    assert!(show_fails(&ws, "nope").contains("no article with id \"nope\""));
    // The start of one article's id is that article; of several, an error
    // that lists them.
    assert_eq!(ws.show("h").id, "h1");
    let err = show_fails(&ws, "t");
    assert!(
        err.contains("\"t\" is the start of the ids or file names of several articles: t1, t2, t3; type more"),
        "{err}"
    );
}

/// The error of a `sitrep show` that shows nothing and fails.
fn show_fails(ws: &Workspace, id: &str) -> String {
    let out = ws.sitrep().args(["show", id]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn an_article_read_from_a_file_is_shown_by_the_start_of_the_file_s_name() {
    let ws = Workspace::new();
    ws.write(
        "kharkiv/report-0101.txt",
        "Shelling in Kharkiv\n\nArtillery hit the northern districts of Kharkiv overnight, officials said.\n",
    );
    ws.write(
        "odesa/report-0102.txt",
        "Drones over Odesa\n\nAir defence units shot down drones over the port of Odesa before dawn.\n",
    );
    ws.index();
    let shown = ws.show("report-0101");
    assert!(
        shown.id.ends_with("kharkiv/report-0101.txt"),
        "{}",
        shown.id
    );
    assert_eq!(shown.title, "Shelling in Kharkiv");
    // Two files' names start so: the error names both, and nothing is shown.
    let err = show_fails(&ws, "report-01");
    assert!(
        err.contains("\"report-01\" is the start of the ids or file names of several articles"),
        "{err}"
    );
    assert!(
        err.contains("report-0101.txt") && err.contains("report-0102.txt"),
        "{err}"
    );
    // A folder's name is no file's name.
    let err = show_fails(&ws, "odesa");
    assert!(
        err.contains("nor one whose id or file name starts so"),
        "{err}"
    );
}

#[test]
fn timeline_counts_stories_per_period_with_the_empty_ones() {
    let ws = archive();
    let timeline = |args: &[&str]| -> common::Timeline {
        let mut all = vec!["timeline", "--json"];
        all.extend_from_slice(args);
        common::parse(&ws.succeed(all))
    };
    let period = |start: &str, stories: u64| common::Period {
        start: start.to_string(),
        stories,
    };
    // Three stories: the talks (three articles, first on 2024-01-10), the
    // harvest (2023-07-01) and the council (2024-03-05).
    let by_month = timeline(&["--by", "month"]);
    assert_eq!((by_month.total, by_month.undated), (3, 0));
    assert_eq!(by_month.by, "month");
    assert_eq!(by_month.periods.len(), 9, "{by_month:?}");
    assert_eq!(by_month.periods[0], period("2023-07-01", 1));
    assert_eq!(by_month.periods[1], period("2023-08-01", 0));
    assert_eq!(by_month.periods[6], period("2024-01-01", 1));
    assert_eq!(by_month.periods[8], period("2024-03-01", 1));
    // Each indexed article with --all-copies (the exact copy has no text
    // of its own, as in a search); a query and a filter narrow it.
    let copies = timeline(&["--by", "year", "--all-copies"]);
    assert_eq!(
        copies.periods,
        [period("2023-01-01", 1), period("2024-01-01", 3)]
    );
    let talks = timeline(&["guarantees", "--source", "Kyiv Ledger", "--by", "day"]);
    assert_eq!(talks.total, 2);
    assert_eq!(talks.periods.first(), Some(&period("2024-01-10", 1)));
    assert_eq!(talks.periods.last(), Some(&period("2024-03-05", 1)));
    // A story counts once, on the day of its earliest article: the talks
    // of the 10th, though the near copy is of the 11th.
    let by_day = timeline(&["security guarantees", "--by", "day"]);
    assert_eq!(by_day.periods[0], period("2024-01-10", 1));
    assert_eq!(by_day.periods[1], period("2024-01-11", 0));
    // --since and --until set the span; weeks start on Mondays.
    let weeks = timeline(&[
        "--since",
        "2024-01-01",
        "--until",
        "2024-01-31",
        "--by",
        "week",
    ]);
    assert_eq!(weeks.total, 1);
    let starts: Vec<&str> = weeks.periods.iter().map(|p| p.start.as_str()).collect();
    assert_eq!(
        starts,
        [
            "2024-01-01",
            "2024-01-08",
            "2024-01-15",
            "2024-01-22",
            "2024-01-29"
        ]
    );
    assert_eq!(weeks.periods[1].stories, 1);
    // Left to choose, a span of eight months goes by week.
    assert_eq!(timeline(&[]).by, "week");
    // For people: a line per period, with a bar.
    let text = String::from_utf8(ws.succeed(["timeline", "--by", "month"])).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "3 stories matching \"*\", by month", "{text}");
    assert_eq!(
        lines[1],
        format!("2023-07  1  {}", "█".repeat(40)),
        "{text}"
    );
    assert_eq!(lines[2], "2023-08  0", "{text}");
    assert_eq!(lines.len(), 10, "{text}");
    let none = String::from_utf8(ws.succeed(["timeline", "nosuchword"])).unwrap();
    assert_eq!(
        none,
        "0 stories matching \"nosuchword\"\n(no dated story)\n"
    );
    // A story with no date is counted apart.
    ws.write(
        "undated.txt",
        format!("Harvest notes\n\n{}", paragraph("harvest undated", 40)),
    );
    ws.index();
    let harvest = timeline(&["harvest", "--by", "year"]);
    assert_eq!((harvest.total, harvest.undated), (2, 1), "{harvest:?}");
    assert_eq!(harvest.periods, [period("2023-01-01", 1)]);
    let text = String::from_utf8(ws.succeed(["timeline", "harvest", "--by", "year"])).unwrap();
    assert!(
        text.starts_with("2 stories matching \"harvest\", by year; 1 undated, not shown\n"),
        "{text}"
    );
}

#[test]
fn bad_query_says_where() {
    let ws = archive();
    let out = ws
        .sitrep()
        .args(["search", "title:(harvest"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("cannot parse the query at character"), "{err}");
    assert_eq!(err.matches("cannot parse the query").count(), 1, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let out = ws
        .sitrep()
        .args(["search", "nosuchfield:x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(
            "at character 1: field does not exist: 'nosuchfield'; the fields are title, body,"
        ),
        "{err}"
    );
    let out = ws
        .sitrep()
        .args(["search", "harvest AND xfield:1"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("at character 13: field does not exist: 'xfield'"),
        "{err}"
    );
    assert!(err.contains("\n              ^"), "{err}");
    let out = ws
        .sitrep()
        .args(["search", "\"harvest festival"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("at character 18: the phrase is not closed: add the closing \""),
        "{err}"
    );
    assert!(!err.contains('\\'), "{err}");
    let out = ws
        .sitrep()
        .args(["search", "x", "--since", "last week"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--since \"last week\" is not a date"));
}

#[test]
fn missing_index_says_how_to_build_one() {
    let ws = Workspace::new();
    let out = ws.sitrep().args(["search", "anything"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("no index at") && err.contains("sitrep index"),
        "{err}"
    );
}

#[test]
fn index_location_from_the_environment() {
    let ws = archive();
    let mut cmd = assert_cmd::Command::cargo_bin("sitrep").unwrap();
    let out = cmd
        .current_dir(ws.path())
        .env("SITREP_INDEX", ws.index_dir())
        .args(["search", "--json", "harvest"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(common::parse::<common::SearchResults>(&out.stdout).total, 1);
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let ws = Workspace::new();
    let lines: Vec<String> = (0..300)
        .map(|i| serde_json::json!({"id": format!("p{i}"), "title": format!("Report {i}"), "body": paragraph(&format!("pipeline{i} report"), i)}).to_string())
        .collect();
    ws.write("many.jsonl", lines.join("\n"));
    ws.index();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("sitrep"))
        .current_dir(ws.path())
        .env("NO_COLOR", "1")
        .arg("--index")
        .arg(ws.index_dir())
        .args(["search", "report", "--limit", "300"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is gone: the pipe is closed.
    let out = child.wait_with_output().unwrap();
    assert!(first.contains("stories match"), "{first}");
    assert!(out.status.success(), "{:?}", out.status);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
