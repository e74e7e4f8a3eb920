//! Bad input never stops a run and never loses the good articles around it:
//! each problem is reported with its path (and line), counted, and the run
//! goes on.

mod common;

use std::os::unix::fs::symlink;

use common::{paragraph, Problem, Workspace};

fn good_line(id: &str, n: usize) -> String {
    serde_json::json!({"id": id, "title": format!("Good {n}"), "body": paragraph("good", n)})
        .to_string()
}

/// A corpus with every kind of bad input beside good articles.
fn messy() -> Workspace {
    let ws = Workspace::new();
    ws.write("good.txt", format!("Good text\n{}\n", paragraph("good", 0)));
    ws.write("bad-utf8.txt", b"Title\nfine line\nbroken \xff\xfe byte\n");
    let mut mixed = Vec::new();
    mixed.extend(good_line("g1", 1).into_bytes());
    mixed.extend(b"\n{\"id\": \"broken\", \"title\": \n");
    mixed.extend(good_line("g2", 2).into_bytes());
    mixed.extend(b"\n{\"id\": \"nobody\", \"title\": \"No body\"}\n");
    mixed.extend(b"{\"id\": \"bad\", \"body\": \"caf\xe9\"}\n");
    mixed.extend(good_line("g3", 3).into_bytes());
    ws.write("mixed.jsonl", mixed);
    ws.write("empty.txt", "");
    ws.write("binary.json", b"\x00\x01\x02PK\x03\x04 not text");
    ws.write(
        "object-without-body.json",
        r#"{"id": "x", "title": "Where is the text?"}"#,
    );
    let corpus = ws.corpus();
    symlink(
        corpus.join("does-not-exist.txt"),
        corpus.join("broken-link.txt"),
    )
    .unwrap();
    std::fs::create_dir(corpus.join("loop")).unwrap();
    symlink(corpus.join("loop"), corpus.join("loop/again")).unwrap();
    // Unreadable even for root: reading a process's memory at offset 0 fails.
    symlink("/proc/self/mem", corpus.join("unreadable.txt")).unwrap();
    ws
}

fn find<'a>(skipped: &'a [Problem], path_end: &str) -> &'a Problem {
    skipped
        .iter()
        .find(|p| p.path.ends_with(path_end))
        .unwrap_or_else(|| panic!("no problem reported for {path_end}: {skipped:#?}"))
}

#[test]
fn every_bad_input_is_reported_and_the_good_articles_indexed() {
    let ws = messy();
    let summary = ws.index();
    assert_eq!(summary.articles, 4, "{summary:#?}");
    assert_eq!(summary.new, 4);
    for id in ["corpus/good.txt", "g1", "g2", "g3"] {
        ws.show(id);
    }
    let skipped = &summary.skipped;
    assert_eq!(find(skipped, "bad-utf8.txt").line, Some(3));
    assert!(find(skipped, "bad-utf8.txt")
        .error
        .contains("invalid UTF-8"));
    let lines: Vec<Option<u64>> = skipped
        .iter()
        .filter(|p| p.path.ends_with("mixed.jsonl"))
        .map(|p| p.line)
        .collect();
    assert_eq!(lines, [Some(2), Some(4), Some(5)], "{skipped:#?}");
    assert!(find(skipped, "empty.txt").error.contains("empty"));
    assert!(find(skipped, "binary.json").error.contains("binary"));
    assert!(find(skipped, "object-without-body.json")
        .error
        .contains("no body field"));
    assert!(find(skipped, "broken-link.txt")
        .error
        .contains("broken symlink"));
    assert!(
        find(skipped, "again").error.contains("loop"),
        "{skipped:#?}"
    );
    find(skipped, "unreadable.txt");
    assert_eq!(skipped.len(), 10, "{skipped:#?}");
}

#[test]
fn human_summary_lists_what_was_skipped() {
    let ws = messy();
    let out = ws.sitrep().args(["index", "corpus"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("skipped (10):"), "{text}");
    assert!(text.contains("corpus/mixed.jsonl:2: "), "{text}");
}

#[test]
fn a_long_list_of_bad_lines_is_cut_for_people_and_whole_in_json() {
    let ws = Workspace::new();
    let mut lines: Vec<String> = (0..60).map(|n| format!("{{broken {n}")).collect();
    lines.push(good_line("good", 1));
    ws.write("feed.jsonl", lines.join("\n"));
    let out = ws.sitrep().args(["index", "corpus"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("skipped (60):"), "{text}");
    assert!(text.contains("corpus/feed.jsonl:50: "), "{text}");
    assert!(!text.contains("corpus/feed.jsonl:51: "), "{text}");
    assert!(
        text.contains("… and 10 more (`--json` lists them all)"),
        "{text}"
    );

    let again = Workspace::new();
    again.write("feed.jsonl", lines.join("\n"));
    let summary = again.index();
    assert_eq!(summary.skipped.len(), 60);
    assert_eq!(summary.articles, 1);
}

#[test]
fn strict_runs_fail_on_skipped_input() {
    let ws = messy();
    let out = ws
        .sitrep()
        .args(["index", "--strict", "--json", "corpus"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let summary: common::Summary = common::parse(&out.stdout);
    assert_eq!(summary.new, 4, "the good articles are indexed all the same");
}

#[test]
fn nothing_to_index_is_an_error() {
    let ws = Workspace::new();
    ws.write("empty.txt", "");
    let out = ws.sitrep().args(["index", "corpus"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no article could be read"));

    let ws = Workspace::new();
    ws.write("notes.docx", "x");
    let out = ws.sitrep().args(["index", "corpus"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("found no articles"));
}

#[test]
fn a_locked_index_is_reported() {
    let ws = Workspace::new();
    ws.write("a.txt", format!("A\n{}\n", paragraph("lock", 1)));
    ws.index();
    // Another writer holds the index.
    let _writer = sitrep::archive::Writer::open(&ws.index_dir(), 20_000_000, 1).unwrap();
    let out = ws.sitrep().args(["index", "corpus"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("is locked"), "{err}");
    // Searching still works while it is being written.
    assert_eq!(ws.search("lock", &[]).total, 1);
}

#[test]
fn an_index_of_an_earlier_version_is_searched_but_not_added_to() {
    use sitrep::archive::schema;
    use tantivy::schema::{FieldEntry, NumericOptions};

    // The version before fingerprint samples were recorded, and the one
    // that kept fingerprints as terms of the inverted index.
    let without_samples = |entry: &FieldEntry| {
        (entry.name() != schema::name::FINGERPRINT_SAMPLE).then(|| entry.clone())
    };
    let fingerprints_as_terms = |entry: &FieldEntry| {
        Some(match entry.name() {
            schema::name::FINGERPRINT => FieldEntry::new_u64(
                schema::name::FINGERPRINT.to_string(),
                NumericOptions::default().set_indexed(),
            ),
            _ => entry.clone(),
        })
    };
    let earlier: [&FieldThen; 2] = [&without_samples, &fingerprints_as_terms];
    for field_of_then in earlier {
        a_searchable_index_that_cannot_be_added_to(field_of_then);
    }
}

/// A field of the current schema as an earlier version had it, or `None`
/// when it had no such field.
type FieldThen = dyn Fn(&tantivy::schema::FieldEntry) -> Option<tantivy::schema::FieldEntry>;

/// Makes an index whose schema is the current one with each field as
/// `field_of_then` has it, and checks that it is searched but `sitrep
/// index` refuses to add to it.
fn a_searchable_index_that_cannot_be_added_to(field_of_then: &FieldThen) {
    use sitrep::archive::schema;
    use tantivy::schema::Schema;

    let ws = Workspace::new();
    let (current, _) = schema::build();
    let mut earlier = Schema::builder();
    for (_, entry) in current.fields() {
        if let Some(then) = field_of_then(entry) {
            earlier.add_field(then);
        }
    }
    std::fs::create_dir_all(ws.index_dir()).unwrap();
    let index = tantivy::Index::create_in_dir(ws.index_dir(), earlier.build()).unwrap();
    schema::register_tokenizers(&index);
    let fields = schema::fields_of(&index.schema()).unwrap();
    let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
    let mut doc = tantivy::TantivyDocument::default();
    doc.add_text(fields.id, "old-1");
    doc.add_text(fields.title, "Envoys meet in Geneva");
    doc.add_text(
        fields.body,
        "Talks on the grain corridor resumed on Friday.",
    );
    doc.add_text(fields.story, "old-1");
    doc.add_u64(fields.story_key, sitrep::dedup::story_key("old-1"));
    doc.add_text(fields.kind, "original");
    doc.add_u64(fields.fingerprint, 0x1234_5678_9abc_def0);
    writer.add_document(doc).unwrap();
    writer.commit().unwrap();
    drop(writer);

    assert_eq!(ws.search("corridor", &[]).total, 1);
    ws.write("a.txt", format!("A\n{}\n", paragraph("upgrade", 1)));
    let out = ws.sitrep().args(["index", "corpus"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("earlier version of sitrep"), "{err}");
    assert!(err.contains("searching it still works"), "{err}");
    assert_eq!(ws.search("corridor", &[]).total, 1);
}

#[test]
fn arbitrary_bytes_never_crash_the_indexer() {
    let ws = Workspace::new();
    let mut state = 0x2545F4914F6CDD1Du64;
    for (n, ext) in ["txt", "md", "json", "jsonl", "html", "txt.gz"]
        .iter()
        .enumerate()
    {
        let bytes: Vec<u8> = (0..4000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect();
        ws.write(&format!("noise{n}.{ext}"), bytes);
    }
    ws.write("good.txt", format!("Good\n{}\n", paragraph("noise", 1)));
    assert!(ws.index().new >= 1);
}
