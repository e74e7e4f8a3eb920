//! Incremental runs and crash safety: unchanged folders are recognised
//! without re-reading, new files and lines are added, a changed article is
//! replaced, a deleted file's articles stay; a run killed at any moment is
//! completed by the next with nothing lost and nothing twice, and so is a
//! killed refresh of entities; searches while indexing see the last commit.

mod common;

use std::collections::BTreeSet;
use std::fs::OpenOptions;
use std::io::Write;
use std::time::{Duration, Instant};

use common::{paragraph, parse, Summary, Workspace};

fn line(id: &str, topic: &str, n: usize) -> String {
    let body = (0..3)
        .map(|i| paragraph(topic, n * 10 + i))
        .collect::<Vec<_>>()
        .join("\n\n");
    serde_json::json!({"id": id, "title": format!("{topic} {n}"), "body": body}).to_string() + "\n"
}

#[test]
fn an_unchanged_folder_is_not_read_again() {
    let ws = Workspace::new();
    ws.write(
        "a.jsonl",
        format!("{}{}", line("a1", "alpha", 1), line("a2", "alpha", 2)),
    );
    ws.write("b.txt", format!("Beta\n{}\n", paragraph("beta", 1)));
    let first = ws.index();
    assert_eq!((first.files, first.files_unchanged, first.new), (2, 0, 3));
    let second = ws.index();
    assert_eq!(
        (
            second.files,
            second.files_unchanged,
            second.articles,
            second.unchanged,
            second.new
        ),
        (2, 2, 3, 3, 0)
    );
    // Touched but not changed: read, recognised by its hash, nothing added.
    let path = ws.corpus().join("b.txt");
    let text = std::fs::read(&path).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&path, text).unwrap();
    let third = ws.index();
    assert_eq!(
        (
            third.files_unchanged,
            third.files_reread,
            third.unchanged,
            third.new
        ),
        (2, 1, 3, 0),
        "{third:?}"
    );
    assert_eq!(second.files_reread, 0);
}

#[test]
fn added_files_and_grown_json_lines_add_only_what_is_new() {
    let ws = Workspace::new();
    ws.write(
        "feed.jsonl",
        format!("{}{}", line("f1", "gamma", 1), line("f2", "gamma", 2)),
    );
    ws.index();
    ws.write("more.jsonl", line("m1", "delta", 1));
    let mut feed = OpenOptions::new()
        .append(true)
        .open(ws.corpus().join("feed.jsonl"))
        .unwrap();
    feed.write_all(
        format!(
            "{}{{not json\n{}",
            line("f3", "gamma", 3),
            line("f4", "gamma", 4)
        )
        .as_bytes(),
    )
    .unwrap();
    drop(feed);
    let decisions = ws.path().join("decisions.jsonl");
    let out = ws
        .sitrep()
        .args(["index", "--json", "corpus", "--decisions"])
        .arg(&decisions)
        .output()
        .unwrap();
    assert!(out.status.success());
    let summary: common::Summary = common::parse(&out.stdout);
    assert_eq!(
        (summary.new, summary.unchanged, summary.articles),
        (3, 2, 5),
        "{summary:?}"
    );
    assert_eq!(summary.skipped.len(), 1);
    assert_eq!(
        summary.skipped[0].line,
        Some(4),
        "line numbers continue where the file was read up to"
    );
    let decided = common::read_decisions(&decisions);
    let read: Vec<(&str, Option<u64>)> = decided.iter().map(|d| (d.id.as_str(), d.line)).collect();
    assert_eq!(
        read,
        [("f3", Some(3)), ("f4", Some(5)), ("m1", Some(1))],
        "only the new lines were read"
    );
    // Next time neither file is read again, and the bad line is reported
    // again, until it is fixed.
    let again = ws.index();
    assert_eq!(
        (again.new, again.unchanged, again.files_unchanged),
        (0, 5, 2),
        "{again:?}"
    );
    assert_eq!(again.skipped.len(), 1, "{again:?}");
    assert_eq!(again.skipped[0].line, Some(4));
}

#[test]
fn a_changed_article_is_replaced_and_a_deleted_file_kept() {
    let ws = Workspace::new();
    ws.write(
        "feed.jsonl",
        format!(
            "{}{}{}",
            line("c1", "epsilon", 1),
            line("c2", "epsilon", 2),
            line("c3", "epsilon", 3)
        ),
    );
    ws.write("gone.txt", format!("Zeta\n{}\n", paragraph("zeta", 1)));
    ws.index();
    ws.write(
        "feed.jsonl",
        format!(
            "{}{}{}",
            line("c1", "epsilon", 1),
            line("c2", "eta", 9),
            line("c3", "epsilon", 3)
        ),
    );
    std::fs::remove_file(ws.corpus().join("gone.txt")).unwrap();
    let summary = ws.index();
    assert_eq!(
        (
            summary.replaced,
            summary.unchanged,
            summary.new,
            summary.files
        ),
        (1, 2, 0, 1),
        "{summary:?}"
    );
    assert_eq!(ws.show("c2").title, "eta 9");
    // Articles of a deleted file stay in the archive.
    assert_eq!(ws.search("zeta", &[]).total, 1);
}

#[test]
fn articles_that_trade_places_keep_their_entities() {
    // Two articles under one id: the second is indexed as `d1#2`. Swapped,
    // each is a changed version of the article read from its line before,
    // although the index holds its text under the id it asks for.
    let article = |topic: &str, actor: &str, place: &str| {
        let body = format!("{actor} spoke in {place} on Monday about the {topic}.");
        serde_json::json!({"id": "d1", "title": topic, "body": body}).to_string() + "\n"
    };
    let talks = article("talks", "Volodymyr Zelenskyy", "Kyiv");
    let grain = article("grain deal", "Recep Tayyip Erdoğan", "Ankara");
    let ws = Workspace::new();
    ws.write("feed.jsonl", format!("{talks}{grain}"));
    ws.index();
    ws.write("feed.jsonl", format!("{grain}{talks}"));
    let summary = ws.index();
    assert_eq!((summary.replaced, summary.unchanged), (2, 0), "{summary:?}");
    for (id, title, actor, place) in [
        ("d1", "grain deal", "Recep Tayyip Erdoğan", "Ankara"),
        ("d1#2", "talks", "Volodymyr Zelenskyy", "Kyiv"),
    ] {
        let shown = ws.show(id);
        assert_eq!(shown.title, title);
        assert!(shown.actors.iter().any(|a| a == actor), "{shown:?}");
        assert!(shown.locations.iter().any(|l| l == place), "{shown:?}");
    }
}

#[test]
fn a_replaced_copy_is_no_longer_listed_under_its_old_story() {
    let ws = Workspace::new();
    let copy = line("c1", "theta", 1).replace("\"c1\"", "\"c2\"");
    ws.write("feed.jsonl", format!("{}{copy}", line("c1", "theta", 1)));
    // One writer thread keeps the two in one segment, which the copy's
    // deletion then leaves in place (a segment of deleted articles alone
    // is dropped whole).
    let index =
        || -> Summary { parse(&ws.succeed(["index", "--json", "--threads", "1", "corpus"])) };
    index();
    let listed = |ws: &Workspace| -> Vec<String> {
        let found = ws.search("theta", &[]);
        assert_eq!(found.hits[0].id, "c1");
        found.hits[0]
            .duplicates
            .iter()
            .map(|d| d.id.clone())
            .collect()
    };
    assert_eq!(listed(&ws), ["c2"]);
    // c2 now tells another story: its old version, deleted from the index
    // but still in its segment, is no copy of c1's.
    ws.write(
        "feed.jsonl",
        format!("{}{}", line("c1", "theta", 1), line("c2", "iota", 7)),
    );
    assert_eq!(index().replaced, 1);
    assert!(listed(&ws).is_empty(), "{:?}", listed(&ws));
    assert_eq!(ws.show("c1").duplicates.len(), 0);
}

/// A corpus big enough that indexing it takes a while: files of articles,
/// with exact and near copies among them.
fn big_corpus(ws: &Workspace, files: usize, per_file: usize) {
    for f in 0..files {
        let mut text = String::new();
        for a in 0..per_file {
            let n = f * per_file + a;
            let topic = format!("topic{}", n / 3);
            match n % 3 {
                0 => text.push_str(&line(&format!("n{n}"), &topic, n)),
                // An exact copy of the article before.
                1 => text.push_str(&line(&format!("n{n}"), &topic, n - 1)),
                // Unrelated.
                _ => text.push_str(&line(&format!("n{n}"), &format!("other{n}"), n)),
            }
        }
        ws.write(&format!("part{f:03}.jsonl"), text);
    }
}

/// What an index holds: every indexed article with the other articles of
/// its story, and the archive's counts (articles, stories, exact, near).
type Contents = (BTreeSet<(String, Vec<String>)>, (u64, u64, u64, u64));

fn contents(ws: &Workspace) -> Contents {
    let results = ws.search("*", &["--all-copies", "--limit", "100000", "--facets", "0"]);
    let articles = results
        .hits
        .into_iter()
        .map(|h| {
            let mut copies: Vec<String> = h
                .duplicates
                .into_iter()
                .map(|d| format!("{}:{}", d.id, d.kind))
                .collect();
            copies.sort();
            (h.id, copies)
        })
        .collect();
    let out = ws.sitrep().args(["stats", "--json"]).output().unwrap();
    let stats: common::Stats = common::parse(&out.stdout);
    (
        articles,
        (
            stats.articles,
            stats.stories,
            stats.exact_copies,
            stats.near_copies,
        ),
    )
}

#[test]
fn a_killed_run_is_completed_with_nothing_lost_and_nothing_twice() {
    let clean = Workspace::new();
    big_corpus(&clean, 24, 40);
    clean.index();
    let expected = contents(&clean);
    assert_eq!(expected.1 .0, 640, "{:?}", expected.1);

    let ws = Workspace::new();
    big_corpus(&ws, 24, 40);
    let mut interrupted = 0;
    for delay_ms in [300u64, 700, 1200, 2000, 3000] {
        let mut child = ws.spawn(&["index", "--quiet", "--commit-every", "25", "corpus"]);
        std::thread::sleep(Duration::from_millis(delay_ms));
        if child.try_wait().unwrap().is_none() {
            interrupted += 1;
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // What the kill left opens and searches (once the run got as far
        // as creating the index).
        if ws.index_dir().join("meta.json").exists() {
            ws.search("*", &[]);
        }
    }
    assert!(
        interrupted > 0,
        "no run was interrupted: make the corpus bigger"
    );
    let last = ws.index();
    assert!(last.skipped.is_empty());
    assert_eq!(contents(&ws), expected);
}

#[test]
fn searches_while_indexing_see_the_last_commit() {
    let ws = Workspace::new();
    ws.write("first.jsonl", line("first", "theta", 1));
    ws.index();
    big_corpus(&ws, 12, 40);
    let mut child = ws.spawn(&["index", "--quiet", "--commit-every", "20", "corpus"]);
    let started = Instant::now();
    let mut searches = 0;
    let mut seen = Vec::new();
    while child.try_wait().unwrap().is_none() && started.elapsed() < Duration::from_secs(120) {
        let results = ws.search("*", &["--facets", "0", "--limit", "1"]);
        seen.push(results.total);
        searches += 1;
    }
    assert!(child.wait().unwrap().success());
    assert!(searches > 0);
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "totals never go back: {seen:?}"
    );
    assert!(
        seen.iter().all(|&t| t >= 1),
        "the first commit is always visible: {seen:?}"
    );
}

#[test]
fn a_killed_refresh_of_entities_is_completed_by_the_next() {
    // Every article names a place that only the user's file knows.
    let with_place = |ws: &Workspace| {
        for f in 0..16 {
            let text: String = (0..40)
                .map(|a| {
                    let n = f * 40 + a;
                    let body = format!(
                        "Shelling hit Novoselivka-T on day {n}.\n\n{}",
                        paragraph(&format!("topic{n}"), n)
                    );
                    serde_json::json!({"id": format!("n{n}"), "title": format!("Report {n}"), "body": body})
                        .to_string()
                        + "\n"
                })
                .collect();
            ws.write(&format!("part{f:03}.jsonl"), text);
        }
        let entities = ws.path().join("mine.tsv");
        std::fs::write(
            &entities,
            "location\tNovoselivka Testova\tNovoselivka-T\tDonetsk Oblast\n",
        )
        .unwrap();
        ws.index();
        ws.succeed(["index", "corpus", "--entities", entities.to_str().unwrap()]);
    };
    let ws = Workspace::new();
    with_place(&ws);
    let expected = contents(&ws);
    let mut interrupted = 0;
    let mut said_so = 0;
    for delay_ms in [200u64, 500, 900, 1400] {
        let mut child = ws.spawn(&[
            "index",
            "--quiet",
            "--refresh-entities",
            "--commit-every",
            "25",
        ]);
        std::thread::sleep(Duration::from_millis(delay_ms));
        let killed_running = child.try_wait().unwrap().is_none();
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // What the kill left opens and searches.
        ws.search("*", &[]);
        if killed_running {
            interrupted += 1;
            // A run that only reads files says the refresh is left to do
            // (unless the kill came before the refresh's first commit).
            let plain: Summary = parse(&ws.succeed(["index", "--json"]));
            assert!(!plain.completes_interrupted_run, "{plain:?}");
            match plain.interrupted_run.as_deref() {
                Some("refreshing") => said_so += 1,
                None => {}
                other => panic!("interrupted in {other:?}"),
            }
        }
    }
    assert!(
        interrupted > 0 && said_so > 0,
        "no refresh was interrupted: make the corpus bigger"
    );
    let last: Summary = parse(&ws.succeed(["index", "--json", "--refresh-entities"]));
    assert!(!last.entities_outdated);
    // Every article has the place, once, and nothing else changed.
    assert_eq!(contents(&ws), expected);
    let placed = ws.search("*", &["--location", "Novoselivka Testova", "--facets", "0"]);
    assert_eq!(placed.total, 640);
}
