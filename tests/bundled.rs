//! The bundled corpus and the user's seed article: the README's quick start
//! must do what it says.

mod common;

use std::path::Path;

use common::{SearchResults, Summary, Workspace};

/// Indexes the repository's own `corpus/` into a temporary index.
fn index_bundled(ws: &Workspace) -> Summary {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let corpus = corpus.to_str().expect("a UTF-8 path");
    common::parse(&ws.succeed(["index", "--json", corpus]))
}

#[test]
fn bundled_corpus_shows_every_kind_of_dedup() {
    let ws = Workspace::new();
    let summary = index_bundled(&ws);
    assert!(summary.skipped.is_empty(), "{summary:#?}");
    assert_eq!(summary.ignored_files, 1, "the data licence file");
    assert_eq!(
        summary.repeated_paragraphs, 9,
        "the seed's body stands twice"
    );
    assert!(summary.exact_duplicates >= 1, "{summary:#?}");
    assert!(summary.near_duplicates >= 1, "{summary:#?}");
}

#[test]
fn seed_article_is_found_once_with_each_paragraph_once() {
    let ws = Workspace::new();
    index_bundled(&ws);
    let results: SearchResults = ws.search("security guarantees", &[]);
    assert_eq!(results.total, 1, "{results:#?}");
    let hit = &results.hits[0];
    assert_eq!(
        hit.title,
        "US and Ukrainian Officials Make Progress on Peace Plan as Tensions Remain High"
    );
    assert!(
        hit.snippet.contains("<b>security</b> <b>guarantees</b>"),
        "{}",
        hit.snippet
    );

    let article = ws.show(&hit.id);
    assert_eq!(article.paragraphs.len(), 9);
    // As a user types it from the file's name, without its folders.
    assert_eq!(ws.show("000_d889").id, hit.id);
    assert_eq!(ws.show("000_d889c6ce5bc20b57.txt").id, hit.id);
    let mut unique = article.paragraphs.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 9, "each paragraph once");
    assert_eq!(article.repeated_paragraphs, 9);
    // The seed in corpus/ is the user's file, unchanged.
    let seed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seed/000_d889c6ce5bc20b57.txt");
    if seed.exists() {
        let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/000_d889c6ce5bc20b57.txt");
        assert_eq!(
            std::fs::read(seed).unwrap(),
            std::fs::read(bundled).unwrap()
        );
    } else {
        eprintln!("skipping the comparison with ../shared/seed: not present in this checkout");
    }
}

#[test]
fn an_outlet_named_in_a_headline_is_no_place_of_the_story() {
    let ws = Workspace::new();
    index_bundled(&ws);
    // The Jordan Times' page of the Aleppo story: "… | Jordan Times".
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/fa-kes/jordantimes-0301.html");
    let article = ws.show(page.to_str().expect("a UTF-8 path"));
    assert!(
        article.title.ends_with("| Jordan Times"),
        "{}",
        article.title
    );
    let placed = |name: &str| {
        article
            .locations
            .iter()
            .any(|l| l.rsplit('/').next() == Some(name))
    };
    assert!(!placed("Jordan"), "{:?}", article.locations);
    assert!(placed("Aleppo"), "{:?}", article.locations);
}
