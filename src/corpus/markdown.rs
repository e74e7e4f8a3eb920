//! Reading Markdown articles (`.md`, `.markdown`), with optional YAML front matter.
//!
//! Static-site archives and note-taking exports keep articles as Markdown,
//! often with a YAML block on top for the title and date. The index wants
//! plain text, so this reader renders the Markdown to text paragraphs (markup
//! gone, code and raw HTML dropped) and reads the front matter with the same
//! field names as the JSON reader.
//!
//! The title is, in order: the front matter's `title` (or `headline`); else a
//! level-1 heading that is the first block; else the first line of the first
//! block, like a `.txt` title line. Whatever becomes the title is not also a
//! paragraph.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde_json::Value;

use super::json::Meta;
use super::{collapse_whitespace, normalize_newlines};
use super::{FileContents, Locator, Problem, SourceFile};

/// Reads a Markdown file.
pub(super) fn parse(file: &SourceFile, text: &str) -> FileContents {
    let text = normalize_newlines(text);
    let mut problems = Vec::new();
    let (meta, body) = match split_front_matter(&text) {
        None => (Meta::default(), text.as_ref()),
        Some((yaml, body)) => (front_matter(file, yaml, &mut problems), body),
    };
    let mut blocks = blocks(body);
    let title = match meta.title.clone() {
        Some(title) => title,
        None => title_from(&mut blocks),
    };
    let paragraphs: Vec<String> = blocks
        .map(|block| collapse_whitespace(&block.text))
        .filter(|paragraph| !paragraph.is_empty())
        .collect();
    if paragraphs.is_empty() {
        problems.push(file.problem(None, "no body text after the title"));
        return FileContents {
            problems,
            ..FileContents::default()
        };
    }
    let mut article = file.article(Locator::Whole);
    meta.fill(&mut article);
    article.title = title;
    article.set_body(paragraphs);
    FileContents {
        articles: vec![article],
        problems,
        ..FileContents::default()
    }
}

/// Splits off YAML front matter: a first line `---`, ended by a `---` or
/// `...` line. Gives `(yaml, rest)`, where `yaml` keeps the opening `---`
/// (a YAML document start) so that YAML error lines are file lines; or
/// `None` if there is no closed block.
fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let first = text.split_inclusive('\n').next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut end = first.len();
    for line in text.get(end..)?.split_inclusive('\n') {
        let fence = line.trim_end();
        if fence == "---" || fence == "..." {
            return Some((text.get(..end)?, text.get(end + line.len()..)?));
        }
        end += line.len();
    }
    None
}

/// The metadata in the front matter; a problem (with its line) if it is not
/// a YAML mapping, and warnings for an unparseable date.
fn front_matter(file: &SourceFile, yaml: &str, problems: &mut Vec<Problem>) -> Meta {
    let value = match serde_yaml_ng::from_str::<serde_yaml_ng::Value>(yaml) {
        Ok(serde_yaml_ng::Value::Null) => return Meta::default(),
        Ok(value) => value,
        Err(err) => {
            let line = err.location().map(|at| at.line() as u64);
            problems.push(file.problem(
                line,
                format!("bad YAML front matter: {err}; fix it (the body is still read)"),
            ));
            return Meta::default();
        }
    };
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => {
            let (meta, warnings) = Meta::from_object(&map);
            problems.extend(warnings.into_iter().map(|error| file.problem(None, error)));
            meta
        }
        _ => {
            problems.push(file.problem(
                Some(2),
                "front matter is not a mapping of keys to values; write it as `key: value` lines",
            ));
            Meta::default()
        }
    }
}

/// One block of rendered text.
struct Block {
    /// The plain text; line breaks inside it are kept as '\n'.
    text: String,
    /// Whether it is a level-1 heading.
    h1: bool,
}

/// The title when the front matter has none: a leading H1 block, else the
/// first line of the first block (the rest of that block stays a paragraph).
fn title_from(blocks: &mut std::iter::Peekable<std::vec::IntoIter<Block>>) -> String {
    let Some(first) = blocks.peek_mut() else {
        return String::new();
    };
    if first.h1 {
        return blocks
            .next()
            .map(|block| collapse_whitespace(&block.text))
            .unwrap_or_default();
    }
    let (title, rest) = first.text.split_once('\n').unwrap_or((&first.text, ""));
    let title = collapse_whitespace(title);
    first.text = rest.to_string();
    title
}

/// Renders Markdown to plain-text blocks: each paragraph, heading and list
/// item is one block. Inline markup gives its text; code blocks, HTML and
/// images are dropped.
fn blocks(markdown: &str) -> std::iter::Peekable<std::vec::IntoIter<Block>> {
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    // How many dropped elements (code blocks, HTML blocks, images) we are inside.
    let mut dropped = 0usize;
    for event in Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::Image { .. }) => dropped += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::Image) => {
                dropped = dropped.saturating_sub(1);
            }
            _ if dropped > 0 => {}
            Event::Start(tag @ (Tag::Paragraph | Tag::Heading { .. } | Tag::Item)) => {
                flush(&mut current, &mut blocks);
                current = Some(Block {
                    text: String::new(),
                    h1: blocks.is_empty()
                        && matches!(
                            tag,
                            Tag::Heading {
                                level: HeadingLevel::H1,
                                ..
                            }
                        ),
                });
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                flush(&mut current, &mut blocks);
            }
            Event::Text(text) | Event::Code(text) => {
                current
                    .get_or_insert_with(|| Block {
                        text: String::new(),
                        h1: false,
                    })
                    .text
                    .push_str(&text);
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(block) = current.as_mut() {
                    block.text.push('\n');
                }
            }
            _ => {}
        }
    }
    flush(&mut current, &mut blocks);
    blocks.into_iter().peekable()
}

/// Ends the current block, keeping it if it has text.
fn flush(current: &mut Option<Block>, blocks: &mut Vec<Block>) {
    if let Some(block) = current.take() {
        if !block.text.trim().is_empty() {
            blocks.push(block);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{source, text_of};
    use super::super::{parse as parse_file, FileContents, Format};

    fn md(text: &str) -> FileContents {
        parse_file(&source("a.md", Format::Markdown), text.as_bytes())
    }

    #[test]
    fn front_matter_fields() {
        let contents = md("---\ntitle: From YAML\ndate: 2024-05-01\nsource: Wire\n\
             url: https://example.com/a\nid: 17\n---\n# Heading\n\nBody text.\n");
        assert!(contents.problems.is_empty(), "{:?}", contents.problems);
        let article = &contents.articles[0];
        assert_eq!(article.title, "From YAML");
        assert_eq!(article.paragraphs, ["Heading", "Body text."]);
        assert_eq!(
            article.published.map(|d| d.to_rfc3339()),
            Some("2024-05-01T00:00:00+00:00".to_string())
        );
        assert_eq!(article.source.as_deref(), Some("Wire"));
        assert_eq!(article.url.as_deref(), Some("https://example.com/a"));
        assert_eq!(article.id.as_deref(), Some("17"));
    }

    #[test]
    fn front_matter_ended_by_dots_and_published_alias() {
        let contents = md("---\npublished: \"2024-05-01T12:00:00Z\"\n...\nTitle line\n\nBody.\n");
        let article = &contents.articles[0];
        assert!(article.published.is_some());
        assert_eq!(article.title, "Title line");
        assert_eq!(article.paragraphs, ["Body."]);
    }

    #[test]
    fn bad_yaml_is_a_problem_but_the_body_is_read() {
        let contents = md("---\ntitle: ok\nbad: [unclosed\n---\n# T\n\nBody.\n");
        assert_eq!(text_of(&contents), [["Body."]]);
        assert_eq!(contents.articles[0].title, "T");
        let problem = &contents.problems[0];
        assert!(
            problem.error.starts_with("bad YAML front matter: "),
            "{problem:?}"
        );
        assert_eq!(problem.line, Some(4), "{problem:?}");
        assert!(problem.error.contains("at line 4 column 1"), "{problem:?}");
    }

    #[test]
    fn front_matter_that_is_not_a_mapping() {
        let contents = md("---\n- a\n- b\n---\nT\n\nBody.\n");
        assert_eq!(text_of(&contents), [["Body."]]);
        assert!(contents.problems[0]
            .error
            .starts_with("front matter is not a mapping"));
    }

    #[test]
    fn unparseable_front_matter_date_is_a_warning() {
        let contents = md("---\ndate: someday\n---\nT\n\nBody.\n");
        assert_eq!(contents.articles.len(), 1);
        assert!(contents.problems[0].is_warning());
    }

    #[test]
    fn leading_h1_is_the_title() {
        let contents = md("# The *Title*\n\nFirst para.\n\n## Sub\n\nSecond.\n");
        let article = &contents.articles[0];
        assert_eq!(article.title, "The Title");
        assert_eq!(article.paragraphs, ["First para.", "Sub", "Second."]);
    }

    #[test]
    fn otherwise_the_first_line_is_the_title() {
        let contents = md("Title line\nrest of block\n\n# Later H1\n\nBody.\n");
        let article = &contents.articles[0];
        assert_eq!(article.title, "Title line");
        assert_eq!(article.paragraphs, ["rest of block", "Later H1", "Body."]);
        let contents = md("## Small heading\n\nBody.\n");
        assert_eq!(contents.articles[0].title, "Small heading");
        assert_eq!(contents.articles[0].paragraphs, ["Body."]);
    }

    #[test]
    fn inline_markup_becomes_text() {
        let contents = md("# T\n\nSome *emphasis*, **strong**, `code`, [a link](http://x) \
             and ~~gone~~ text\nwith a soft break.  \nAnd a hard one. <b>inline</b> ![alt](i.png)\n");
        assert_eq!(
            text_of(&contents),
            [[
                "Some emphasis, strong, code, a link and gone text with a soft break. \
                 And a hard one. inline"
            ]]
        );
    }

    #[test]
    fn lists_quotes_and_dropped_blocks() {
        let contents = md("# T\n\n- one\n- two *x*\n  - nested\n\n> quoted\n> text\n\n\
             ```\ncode block\n```\n\n    indented code\n\n<div>\nhtml block\n</div>\n\n1. loose\n\n2. items\n");
        assert_eq!(
            text_of(&contents),
            [["one", "two x", "nested", "quoted text", "loose", "items"]]
        );
    }

    #[test]
    fn title_only_is_a_problem() {
        let contents = md("# Only a title\n");
        assert!(contents.articles.is_empty());
        assert_eq!(contents.problems[0].error, "no body text after the title");
        let contents = md("---\ntitle: t\n---\n```\ncode\n```\n");
        assert_eq!(contents.problems[0].error, "no body text after the title");
    }

    #[test]
    fn empty_front_matter() {
        let contents = md("---\n---\nT\n\nBody.\n");
        assert!(contents.problems.is_empty(), "{:?}", contents.problems);
        assert_eq!(contents.articles[0].title, "T");
    }

    #[test]
    fn crlf_front_matter() {
        let contents = md("---\r\ntitle: T\r\n---\r\nBody one.\r\n\r\nBody two.\r\n");
        assert_eq!(contents.articles[0].title, "T");
        assert_eq!(text_of(&contents), [["Body one.", "Body two."]]);
    }

    #[test]
    fn unclosed_front_matter_is_markdown() {
        let contents = md("---\nTitle\n\nBody.\n");
        assert_eq!(contents.articles[0].title, "Title");
        assert_eq!(text_of(&contents), [["Body."]]);
    }
}
