//! Every input format, read through the real binary: what `show` prints is
//! what the file said.

mod common;

use std::io::Write;

use common::{paragraph, Workspace};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn plain_text_with_single_line_paragraphs() {
    let ws = Workspace::new();
    ws.write(
        "a.txt",
        format!(
            "\nTalks resume in Geneva\n{}\n{}\n",
            paragraph("talks", 1),
            paragraph("talks", 2)
        ),
    );
    assert_eq!(ws.index().new, 1);
    let article = ws.show("corpus/a.txt");
    assert_eq!(article.title, "Talks resume in Geneva");
    assert_eq!(
        article.paragraphs,
        [paragraph("talks", 1), paragraph("talks", 2)]
    );
    assert_eq!(article.path, "corpus/a.txt");
}

#[test]
fn plain_text_with_blank_line_paragraphs() {
    let ws = Workspace::new();
    ws.write(
        "b.txt",
        "Title line\n\nFirst paragraph,\nwrapped over two lines.\n\nSecond paragraph.\n",
    );
    ws.index();
    let article = ws.show("corpus/b.txt");
    assert_eq!(
        article.paragraphs,
        [
            "First paragraph, wrapped over two lines.",
            "Second paragraph."
        ]
    );
}

#[test]
fn markdown_with_front_matter() {
    let ws = Workspace::new();
    ws.write(
        "c.md",
        "---\nid: md-1\ntitle: Strikes on Odesa port\ndate: 2024-03-02T08:30:00+02:00\nsource: Kyiv Ledger\nurl: https://example.org/odesa\n---\n\n\
         The **port** was hit [overnight](https://example.org).\n\n- Two cranes burned.\n",
    );
    ws.index();
    let article = ws.show("md-1");
    assert_eq!(article.title, "Strikes on Odesa port");
    assert_eq!(article.published.as_deref(), Some("2024-03-02T06:30:00Z"));
    assert_eq!(article.source.as_deref(), Some("Kyiv Ledger"));
    assert_eq!(article.url.as_deref(), Some("https://example.org/odesa"));
    assert_eq!(
        article.paragraphs,
        ["The port was hit overnight.", "Two cranes burned."]
    );
}

#[test]
fn markdown_heading_is_the_title() {
    let ws = Workspace::new();
    ws.write(
        "d.md",
        "# Grain corridor reopens\n\nShips left Odesa on Monday.\n",
    );
    ws.index();
    let article = ws.show("corpus/d.md");
    assert_eq!(article.title, "Grain corridor reopens");
    assert_eq!(article.paragraphs, ["Ships left Odesa on Monday."]);
}

#[test]
fn json_object_array_and_field_aliases() {
    let ws = Workspace::new();
    ws.write(
        "one.json",
        r#"{"guid": 77, "headline": "Envoys meet", "content": "First.\n\nSecond.", "publish_date": "Tue, 1 Jul 2025 10:00:00 +0100", "publisher": {"name": "Wire"}, "link": "https://example.org/77"}"#,
    );
    ws.write(
        "many.json",
        r#"[{"title": "No id here", "text": "Line one\nLine two", "datetime": 1735689600}, {"title": "Second element", "article": ["Para A", "Para B"]}]"#,
    );
    ws.index();
    let one = ws.show("77");
    assert_eq!(one.title, "Envoys meet");
    assert_eq!(one.paragraphs, ["First.", "Second."]);
    assert_eq!(one.published.as_deref(), Some("2025-07-01T09:00:00Z"));
    assert_eq!(one.source.as_deref(), Some("Wire"));
    assert_eq!(one.url.as_deref(), Some("https://example.org/77"));
    let first = ws.show("corpus/many.json[0]");
    assert_eq!(first.paragraphs, ["Line one", "Line two"]);
    assert_eq!(first.published.as_deref(), Some("2025-01-01T00:00:00Z"));
    assert_eq!(
        ws.show("corpus/many.json[1]").paragraphs,
        ["Para A", "Para B"]
    );
}

#[test]
fn json_lines_ids_carry_the_line() {
    let ws = Workspace::new();
    ws.write(
        "feed.jsonl",
        format!(
            "{}\n\n{}\n",
            serde_json::json!({"title": "First", "body": paragraph("feed", 1), "date": "2024-05-01"}),
            serde_json::json!({"id": "own-id", "title": "Second", "body": paragraph("feed", 2)}),
        ),
    );
    ws.index();
    assert_eq!(
        ws.show("corpus/feed.jsonl:1").published.as_deref(),
        Some("2024-05-01T00:00:00Z")
    );
    assert_eq!(ws.show("own-id").title, "Second");
}

#[test]
fn html_article_without_boilerplate() {
    let ws = Workspace::new();
    ws.write(
        "page.html",
        r#"<html><head><title>Site | Page</title><meta property="og:title" content="Drone strike on Kharkiv">
        <meta property="og:site_name" content="Kharkiv Daily"><meta property="article:published_time" content="2024-06-01T12:00:00Z">
        <link rel="canonical" href="https://example.org/kharkiv"><script>var x = "<p>not text</p>";</script></head>
        <body><nav><p>Home | News</p></nav><article><h1>Drone strike</h1><p>A drone hit a depot &amp; a shop.</p>
        <div class="newsletter"><p>Subscribe now</p></div><p>Nobody was hurt.</p></article><footer><p>(c) Kharkiv Daily</p></footer></body></html>"#,
    );
    ws.index();
    let article = ws.show("corpus/page.html");
    assert_eq!(article.title, "Drone strike on Kharkiv");
    assert_eq!(article.source.as_deref(), Some("Kharkiv Daily"));
    assert_eq!(article.url.as_deref(), Some("https://example.org/kharkiv"));
    assert_eq!(article.published.as_deref(), Some("2024-06-01T12:00:00Z"));
    assert_eq!(
        article.paragraphs,
        ["A drone hit a depot & a shop.", "Nobody was hurt."]
    );
}

#[test]
fn gzipped_files_of_every_format() {
    let ws = Workspace::new();
    ws.write(
        "a.txt.gz",
        gzip(format!("Gz text\n{}\n", paragraph("gz", 1)).as_bytes()),
    );
    ws.write(
        "b.md.gz",
        gzip(format!("# Gz markdown\n\n{}\n", paragraph("gz", 2)).as_bytes()),
    );
    ws.write(
        "c.json.gz",
        gzip(
            serde_json::json!({"id": "gz-json", "title": "Gz json", "body": paragraph("gz", 3)})
                .to_string()
                .as_bytes(),
        ),
    );
    ws.write("d.jsonl.gz", gzip(format!("{}\n", serde_json::json!({"id": "gz-jsonl", "title": "Gz jsonl", "body": paragraph("gz", 4)})).as_bytes()));
    ws.write(
        "e.html.gz",
        gzip(format!("<title>Gz html</title><p>{}</p>", paragraph("gz", 5)).as_bytes()),
    );
    let summary = ws.index();
    assert_eq!(
        (summary.files, summary.new, summary.skipped.len()),
        (5, 5, 0),
        "{summary:?}"
    );
    assert_eq!(ws.show("corpus/a.txt.gz").title, "Gz text");
    assert_eq!(ws.show("corpus/b.md.gz").title, "Gz markdown");
    assert_eq!(ws.show("gz-json").paragraphs, [paragraph("gz", 3)]);
    assert_eq!(ws.show("gz-jsonl").title, "Gz jsonl");
    assert_eq!(ws.show("corpus/e.html.gz").paragraphs, [paragraph("gz", 5)]);
}

#[test]
fn other_files_and_hidden_ones_are_passed_over() {
    let ws = Workspace::new();
    ws.write("notes.docx", "binary-ish");
    ws.write("README", "no extension");
    ws.write(".hidden.txt", "Hidden\nnot to be read");
    ws.write(".git/config.txt", "Hidden folder\nnot to be read");
    ws.write("real.txt", format!("Real\n{}", paragraph("real", 1)));
    let summary = ws.index();
    assert_eq!(
        (summary.files, summary.ignored_files, summary.articles),
        (1, 2, 1),
        "{summary:?}"
    );
}

#[test]
fn same_id_twice_keeps_both_under_a_derived_id() {
    let ws = Workspace::new();
    ws.write(
        "dup-ids.jsonl",
        format!(
            "{}\n{}\n",
            serde_json::json!({"id": "x1", "title": "First", "body": paragraph("first", 1)}),
            serde_json::json!({"id": "x1", "title": "Second", "body": paragraph("second", 7)}),
        ),
    );
    let summary = ws.index();
    assert_eq!((summary.new, summary.id_collisions), (2, 1), "{summary:?}");
    assert!(
        summary
            .warnings
            .iter()
            .any(|w| w.error.contains("x1#2") && w.line == Some(2)),
        "{summary:?}"
    );
    assert_eq!(ws.show("x1").title, "First");
    assert_eq!(ws.show("x1#2").title, "Second");
    // A second run derives the same id and finds nothing changed.
    let again = ws.index();
    assert_eq!(
        (again.unchanged, again.new, again.id_collisions),
        (2, 0, 0),
        "{again:?}"
    );
}
