//! Dedup on real news from ../shared/data/news (FA-KES, Syrian war): its 15
//! known exact duplicates must be found, with the copies that differ from
//! them only in their dateline. Skips, saying so, where the shared
//! data is absent (a fresh clone of the repository alone).

mod common;

use std::path::Path;

use common::Workspace;

#[test]
fn fa_kes_exact_duplicates_are_found() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/news/syria_fakes.jsonl");
    if !data.exists() {
        eprintln!(
            "skipping: {} is absent (it comes with the project's shared data)",
            data.display()
        );
        return;
    }
    let ws = Workspace::new();
    let out = ws
        .sitrep()
        .args(["index", "--json"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(out.status.success());
    let summary: common::Summary = common::parse(&out.stdout);
    assert_eq!(summary.articles, 804);
    // The 15 byte for byte, and three pairs that differ only in their
    // dateline ("Saturday 23 April 2016 18:20" against "Saturday 23 April
    // 2016"), which the reader takes out with the headline after it.
    assert_eq!(summary.exact_duplicates, 15 + 3, "{summary:?}");
    // Syndicated copies across Al-Ahram, Al-Araby and the Jordan Times.
    assert!(summary.near_duplicates >= 30, "{summary:?}");
    assert!(summary.skipped.is_empty());
}
