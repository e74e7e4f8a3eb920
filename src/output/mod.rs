//! How results look: [`human`] for people at a terminal, [`json`] for
//! programs.
//!
//! Only this module decides what is printed and how. Every printer is
//! generic over [`std::io::Write`], so tests print into a buffer and the
//! binary into a locked stdout; a write error (such as a closed pipe) is
//! returned, never ignored and never a panic.

pub mod human;
pub mod json;

use crate::search::Snippet;

/// Renders a snippet: each plain stretch of text through `plain`, each
/// matched word through `matched`, with "…" where the article goes on
/// before or after the passage.
fn render_snippet(
    snippet: &Snippet,
    plain: impl Fn(&str, &mut String),
    matched: impl Fn(&str, &mut String),
) -> String {
    let mut out = String::with_capacity(snippet.text.len() + 16);
    if snippet.cut_before {
        out.push('…');
    }
    let mut at = 0;
    for range in &snippet.highlighted {
        if let (Some(before), Some(word)) = (
            snippet.text.get(at..range.start),
            snippet.text.get(range.clone()),
        ) {
            plain(before, &mut out);
            matched(word, &mut out);
            at = range.end;
        }
    }
    plain(snippet.text.get(at..).unwrap_or_default(), &mut out);
    if snippet.cut_after {
        out.push('…');
    }
    out
}
