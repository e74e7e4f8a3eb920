//! Every kind of dedup, end to end: repeats inside an article, exact copies,
//! near copies, different articles on the same event, and incremental runs.

mod common;

use common::{paragraph, Decision, Workspace};

/// A story of `n` paragraphs about `topic`, as JSON Lines fields.
fn story(topic: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| paragraph(topic, i)).collect()
}

fn jsonl_line(id: &str, title: &str, source: &str, paragraphs: &[String]) -> String {
    serde_json::json!({"id": id, "title": title, "source": source, "body": paragraphs.join("\n\n")})
        .to_string()
}

#[test]
fn repeated_paragraphs_inside_an_article_are_dropped() {
    let ws = Workspace::new();
    let body = story("ceasefire", 4);
    let mut doubled = body.clone();
    doubled.extend(body.clone());
    ws.write(
        "a.txt",
        format!("Ceasefire holds\n{}\n", doubled.join("\n")),
    );
    ws.write("b.json", serde_json::json!({"id": "blob", "title": "One block", "body": format!("{0} {0}", story("convoy", 3).join(" "))}).to_string());
    let summary = ws.index();
    assert_eq!(summary.repeated_paragraphs, 5, "{summary:?}");
    let a = ws.show("corpus/a.txt");
    assert_eq!(a.paragraphs, body);
    assert_eq!(a.repeated_paragraphs, 4);
    assert_eq!(ws.show("blob").paragraphs, [story("convoy", 3).join(" ")]);
}

#[test]
fn exact_and_near_copies_join_one_story() {
    let ws = Workspace::new();
    let original = story("evacuation", 6);
    // Exact: the same text in other typography and paragraph breaks.
    let exact: Vec<String> = vec![original.join("  ").replace("day", "DAY")];
    // Near: a new lede, a dropped paragraph, one edited word.
    let mut near = vec![
        "EDITOR'S NOTE: this report was updated with new figures from the regional governor."
            .to_string(),
    ];
    near.extend(original[..5].iter().cloned());
    near[2] = near[2].replace("residents", "people");
    // Same event, different wording: a story of its own.
    let other = vec![
        "Regional authorities ordered a new evacuation after overnight shelling damaged bridges.".to_string(),
        "Residents were told to leave by bus; engineers were still assessing power lines on Friday.".to_string(),
    ];
    ws.write(
        "feed.jsonl",
        [
            jsonl_line("orig", "Evacuation ordered", "Wire", &original),
            jsonl_line("exact", "Evacuation ordered | Daily", "Daily", &exact),
            jsonl_line("near", "Evacuation widened", "Herald", &near),
            jsonl_line("other", "New evacuation order", "Post", &other),
        ]
        .join("\n"),
    );
    let decisions_file = ws.path().join("decisions.jsonl");
    let out = ws
        .sitrep()
        .args(["index", "--json", "corpus", "--decisions"])
        .arg(&decisions_file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let summary: common::Summary = common::parse(&out.stdout);
    assert_eq!(
        (
            summary.new,
            summary.exact_duplicates,
            summary.near_duplicates
        ),
        (2, 1, 1),
        "{summary:?}"
    );

    let decisions = common::read_decisions(&decisions_file);
    let verdicts: Vec<_> = decisions.iter().map(Decision::named).collect();
    assert_eq!(
        verdicts,
        [
            ("orig", "new", None),
            ("exact", "exact", Some("orig")),
            ("near", "near", Some("orig")),
            ("other", "new", None)
        ]
    );
    assert!(decisions[2].containment.unwrap() >= 0.5);
    assert_eq!(decisions[3].line, Some(4));

    let shown = ws.show("orig");
    let copies: Vec<(&str, &str)> = shown
        .duplicates
        .iter()
        .map(|d| (d.id.as_str(), d.kind.as_str()))
        .collect();
    assert_eq!(copies, [("exact", "exact"), ("near", "near")]);
    assert_eq!(ws.show("near").story, "orig");
    // The exact copy is recorded, its text not indexed again, but with its
    // own headline; a search for it finds the story, the copy under it.
    let exact_record = ws.show("exact");
    assert_eq!(
        (exact_record.kind.as_str(), exact_record.paragraphs.len()),
        ("exact", 0)
    );
    assert_eq!(exact_record.source.as_deref(), Some("Daily"));
    assert_eq!(exact_record.title, "Evacuation ordered | Daily");
    let found = ws.search("title:daily", &[]);
    assert_eq!(found.total, 0, "{found:?}");
}

#[test]
fn the_commit_cadence_does_not_change_what_a_copy_names() {
    let original = story("evacuation", 6);
    let mut with_lede = vec![
        "KYIV (Wire) - Officials widened the evacuation on Friday after more shelling.".to_string(),
    ];
    with_lede.extend(original.iter().cloned());
    let lines: Vec<String> = [
        ("orig", &original[..]),
        ("exact-1", &original[..]),
        ("lede", &with_lede[..]),
        ("exact-2", &original[..]),
        ("exact-3", &original[..]),
        // Stands as much in "lede" as in "orig": the story's first is named.
        ("shorter", &original[..5]),
        ("exact-of-lede", &with_lede[..]),
    ]
    .iter()
    .map(|(id, paragraphs)| jsonl_line(id, "Evacuation", "Wire", paragraphs))
    .collect();
    // All decided before any commit, then a commit after every article.
    let decisions = |every: &str| {
        let ws = Workspace::new();
        ws.write("feed.jsonl", lines.join("\n"));
        let file = ws.path().join("decisions.jsonl");
        ws.sitrep()
            .args([
                "index",
                "corpus",
                "--quiet",
                "--commit-every",
                every,
                "--decisions",
            ])
            .arg(&file)
            .assert()
            .success();
        common::read_decisions(&file)
    };
    let batched = decisions("1000");
    let named: Vec<_> = batched.iter().map(Decision::named).collect();
    assert_eq!(
        named,
        [
            ("orig", "new", None),
            ("exact-1", "exact", Some("orig")),
            ("lede", "near", Some("orig")),
            ("exact-2", "exact", Some("orig")),
            ("exact-3", "exact", Some("orig")),
            ("shorter", "near", Some("orig")),
            ("exact-of-lede", "exact", Some("lede")),
        ]
    );
    assert_eq!(decisions("1"), batched);
}

#[test]
fn reflowed_copy_of_a_multi_paragraph_story_is_a_copy() {
    let ws = Workspace::new();
    let original = story("bridge", 5);
    ws.write(
        "a.txt",
        format!("Bridge hit\n\n{}\n", original.join("\n\n")),
    );
    // Scraped as one block, and with a line of its own added.
    ws.write(
        "b.txt",
        format!(
            "Bridge hit again\n\n{} Local media also reported a fire.\n",
            original.join(" ")
        ),
    );
    let summary = ws.index();
    assert_eq!(
        (summary.new, summary.near_duplicates),
        (1, 1),
        "{summary:?}"
    );
}

#[test]
fn unchanged_corpus_adds_nothing_and_says_so() {
    let ws = Workspace::new();
    ws.write(
        "a.txt",
        format!("Talks\n{}\n", story("talks", 3).join("\n")),
    );
    ws.write(
        "b.jsonl",
        jsonl_line("b1", "Other", "Wire", &story("harvest", 3)),
    );
    let first = ws.index();
    assert_eq!((first.new, first.unchanged), (2, 0));
    let second = ws.index();
    assert_eq!(
        (second.articles, second.new, second.unchanged),
        (2, 0, 2),
        "{second:?}"
    );
    let human = ws.sitrep().args(["index", "corpus"]).output().unwrap();
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(
        text.contains("nothing new: all 2 articles are already in the index"),
        "{text}"
    );
    let stats: common::Stats = common::parse(
        &ws.sitrep()
            .args(["stats", "--json"])
            .output()
            .unwrap()
            .stdout,
    );
    assert_eq!((stats.articles, stats.stories), (2, 2));
}

#[test]
fn a_copy_added_later_joins_the_story_already_indexed() {
    let ws = Workspace::new();
    let original = story("grain", 6);
    ws.write(
        "1.jsonl",
        jsonl_line("first", "Grain ships sail", "Wire", &original),
    );
    ws.index();
    let mut copy = original.clone();
    copy.insert(
        0,
        "Syndicated from the wire, with additional reporting from our correspondent in Odesa."
            .into(),
    );
    ws.write(
        "2.jsonl",
        [
            jsonl_line("later", "Grain ships sail (update)", "Herald", &copy),
            jsonl_line("later-exact", "Grain ships sail", "Post", &original),
        ]
        .join("\n"),
    );
    let summary = ws.index();
    assert_eq!(
        (
            summary.unchanged,
            summary.near_duplicates,
            summary.exact_duplicates
        ),
        (1, 1, 1),
        "{summary:?}"
    );
    assert_eq!(ws.show("later").story, "first");
    let results = ws.search("grain", &[]);
    assert_eq!(results.total, 1);
    assert_eq!(results.hits[0].duplicates.len(), 2);
}

#[test]
fn a_short_excerpt_added_later_joins_the_long_story_it_quotes() {
    // A long article keeps a sparser fingerprint sample than a short one;
    // the index must say which, so that a later excerpt is measured against
    // the sample the long article kept.
    let ws = Workspace::new();
    let original = story("pipeline", 40);
    ws.write(
        "1.jsonl",
        jsonl_line("long", "Pipeline report", "Wire", &original),
    );
    ws.index();
    let mut excerpt = vec![
        "Our correspondent adds: the regional council met again on Monday evening and heard          from engineers, farmers, two mayors and a delegation of volunteers from the villages          downstream, who asked for water trucks, generators and a timetable for the repairs."
            .to_string(),
    ];
    excerpt.extend(original[..4].iter().cloned());
    let words = |paragraphs: &[String]| paragraphs.join(" ").split_whitespace().count();
    // About 1,500 words against 190: one long article, one short.
    assert!(words(&original) > 1000 && words(&excerpt) < 200);
    ws.write(
        "2.jsonl",
        jsonl_line("excerpt", "Pipeline report, abridged", "Herald", &excerpt),
    );
    let summary = ws.index();
    assert_eq!(summary.near_duplicates, 1, "{summary:?}");
    assert_eq!(ws.show("excerpt").story, "long");
}

#[test]
fn a_changed_article_replaces_its_old_version() {
    let ws = Workspace::new();
    ws.write(
        "a.jsonl",
        jsonl_line("a", "Old title", "Wire", &story("quarry", 3)),
    );
    ws.index();
    ws.write(
        "a.jsonl",
        jsonl_line("a", "New title", "Wire", &story("orchard", 3)),
    );
    let summary = ws.index();
    assert_eq!(
        (summary.replaced, summary.new, summary.unchanged),
        (1, 0, 0),
        "{summary:?}"
    );
    assert_eq!(ws.show("a").title, "New title");
    assert_eq!(ws.search("quarry", &[]).total, 0);
    assert_eq!(ws.search("orchard", &[]).total, 1);
}

/// The files beside the index in `ws` whose names start with `prefix`.
fn files_beside_the_index(ws: &Workspace, prefix: &str) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = std::fs::read_dir(ws.index_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.starts_with(prefix) && name.ends_with(".bin")
        })
        .collect();
    found.sort();
    found
}

#[test]
fn near_copies_are_found_whatever_became_of_the_fingerprint_tables() {
    let ws = Workspace::new();
    let original = story("quarantine", 6);
    ws.write(
        "feed.jsonl",
        jsonl_line("orig", "Quarantine declared", "Wire", &original),
    );
    ws.index();
    // One table per segment, as there is one file of facet ordinals.
    let tables = files_beside_the_index(&ws, "sitrep-fingerprints-");
    let segments = files_beside_the_index(&ws, "sitrep-ords-");
    assert_eq!(tables.len(), segments.len());
    assert!(!tables.is_empty(), "indexing writes the fingerprint tables");
    // Damaged or missing: the next run writes them again from the index.
    std::fs::write(&tables[0], b"SRFPTABLE1").unwrap();
    for lost in &tables[1..] {
        std::fs::remove_file(lost).unwrap();
    }
    let mut near = original[1..].to_vec();
    near.push("Officials added that the quarantine would be reviewed within a week.".to_string());
    ws.write(
        "more.jsonl",
        jsonl_line("near", "Quarantine widened", "Herald", &near),
    );
    let summary = ws.index();
    assert_eq!(
        (summary.new, summary.near_duplicates),
        (0, 1),
        "{summary:?}"
    );
    let tables = files_beside_the_index(&ws, "sitrep-fingerprints-");
    assert_eq!(
        tables.len(),
        files_beside_the_index(&ws, "sitrep-ords-").len()
    );
    // A header of 32 bytes, then 12 bytes a fingerprint.
    let sizes: Vec<u64> = tables
        .iter()
        .map(|table| std::fs::metadata(table).unwrap().len())
        .collect();
    assert!(sizes.iter().all(|&size| size >= 32), "{sizes:?}");
    assert!(sizes.iter().any(|&size| size > 32), "{sizes:?}");
}
