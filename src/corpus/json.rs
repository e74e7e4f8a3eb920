//! Reading JSON exports (`.json`) and JSON Lines dumps (`.jsonl`, `.ndjson`).
//!
//! Scrapers, news APIs and database exports all write articles as JSON
//! objects, but each names its fields differently. This reader knows the
//! common names (see [`ID`], [`TITLE`], [`BODY`], [`PUBLISHED`], [`SOURCE`],
//! [`URL`]; the first present, non-null one wins) and keeps one bad record
//! from losing the rest of the file. The metadata part is shared with the
//! Markdown reader's front matter.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::{
    collapse_whitespace, decode_utf8, parse_date, split_lines, split_paragraphs, unparseable_date,
};
use super::{Article, FileContents, Locator, SourceFile};

/// Field names for the record's own id.
const ID: &[&str] = &["id", "guid", "uuid"];
/// Field names for the headline.
const TITLE: &[&str] = &["title", "headline"];
/// Field names for the body text.
const BODY: &[&str] = &["body", "text", "content", "article"];
/// Field names for the publication date.
const PUBLISHED: &[&str] = &[
    "published",
    "date",
    "published_at",
    "publish_date",
    "datetime",
];
/// Field names for the outlet.
const SOURCE: &[&str] = &["source", "publisher", "outlet", "site_name", "domain"];
/// Field names for the address.
const URL: &[&str] = &["url", "link"];

/// A numeric date above this is Unix milliseconds, not seconds.
const MILLIS_ABOVE: i64 = 100_000_000_000;

/// Reads a JSON file: one object, or an array of objects.
pub(super) fn parse(file: &SourceFile, text: &str) -> FileContents {
    let mut contents = FileContents::default();
    match serde_json::from_str::<Value>(text) {
        Err(err) => contents
            .problems
            .push(file.problem(Some(err.line() as u64), syntax_error(&err))),
        Ok(Value::Object(map)) => {
            add_record(file, &map, Locator::Whole, None, "", &mut contents);
        }
        Ok(Value::Array(items)) => {
            for (index, item) in (0u64..).zip(&items) {
                let context = format!("element {index}: ");
                match item {
                    Value::Object(map) => add_record(
                        file,
                        map,
                        Locator::Element(index),
                        None,
                        &context,
                        &mut contents,
                    ),
                    _ => contents
                        .problems
                        .push(file.problem(None, format!("{context}{NOT_OBJECT}"))),
                }
            }
        }
        Ok(_) => contents.problems.push(file.problem(
            None,
            "not a JSON object or array of objects; write one article object or an array of them",
        )),
    }
    contents
}

/// Reads a JSON Lines file: one object per line, blank lines skipped.
///
/// `offset` is where `bytes` starts in the file (after any BOM), for messages.
/// Each line is checked for UTF-8 on its own, so a bad line loses only itself.
pub(super) fn parse_lines(file: &SourceFile, bytes: &[u8], offset: usize) -> FileContents {
    let mut contents = FileContents::default();
    for (number, (start, line)) in (1u64..).zip(split_lines(bytes)) {
        let text = match decode_utf8(line, offset + start, number - 1) {
            Ok(text) => text,
            Err(err) => {
                contents
                    .problems
                    .push(file.problem(Some(err.line), err.message));
                continue;
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => add_record(
                file,
                &map,
                Locator::Line(number),
                Some(number),
                "",
                &mut contents,
            ),
            Ok(_) => contents
                .problems
                .push(file.problem(Some(number), NOT_OBJECT)),
            Err(err) => contents
                .problems
                .push(file.problem(Some(number), syntax_error(&err))),
        }
    }
    contents
}

/// The problem for a record that is not an object.
const NOT_OBJECT: &str = "not a JSON object; each article must be an object with a body field";

/// The problem for JSON that does not parse.
fn syntax_error(err: &serde_json::Error) -> String {
    format!("invalid JSON: {err}; fix the syntax")
}

/// Turns one record into an article (or a problem), with any warnings.
///
/// `line` and `context` (a prefix such as "element 3: ") say where the
/// record is, in the problems.
fn add_record(
    file: &SourceFile,
    map: &Map<String, Value>,
    locator: Locator,
    line: Option<u64>,
    context: &str,
    contents: &mut FileContents,
) {
    let mut report = |error: String| {
        contents
            .problems
            .push(file.problem(line, format!("{context}{error}")));
    };
    let paragraphs = match body(map) {
        Ok(paragraphs) => paragraphs,
        Err(error) => return report(error),
    };
    let (meta, warnings) = Meta::from_object(map);
    warnings.into_iter().for_each(&mut report);
    let mut article = file.article(locator);
    meta.fill(&mut article);
    article.set_body(paragraphs);
    contents.articles.push(article);
}

/// The body paragraphs of a record.
fn body(map: &Map<String, Value>) -> Result<Vec<String>, String> {
    let paragraphs = match field(map, BODY) {
        None => return Err(format!("no body field (looked for {})", BODY.join(", "))),
        Some(Value::String(text)) => split_paragraphs(text),
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(Value::as_str)
            .map(collapse_whitespace)
            .filter(|paragraph| !paragraph.is_empty())
            .collect(),
        Some(_) => {
            return Err(
                "body is not a string or an array of strings; write the text as a string"
                    .to_string(),
            )
        }
    };
    if paragraphs.is_empty() {
        return Err("empty body".to_string());
    }
    Ok(paragraphs)
}

/// An article's metadata: everything but the body.
#[derive(Debug, Default)]
pub(super) struct Meta {
    /// The record's own id.
    pub(super) id: Option<String>,
    /// The headline, whitespace collapsed; `None` if absent or blank.
    pub(super) title: Option<String>,
    /// The publication date, if present and parseable.
    pub(super) published: Option<DateTime<Utc>>,
    /// The outlet.
    pub(super) source: Option<String>,
    /// The address.
    pub(super) url: Option<String>,
}

impl Meta {
    /// Reads the metadata fields of an object, with warnings (as
    /// [`super::Problem`] errors) for a date that is present but unparseable.
    pub(super) fn from_object(map: &Map<String, Value>) -> (Meta, Vec<String>) {
        let mut warnings = Vec::new();
        let published = field(map, PUBLISHED).and_then(|value| {
            let date = date(value);
            if date.is_none() {
                let shown = value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_string);
                warnings.push(unparseable_date(&shown));
            }
            date
        });
        let meta = Meta {
            id: field(map, ID).and_then(|value| match value {
                Value::String(id) => non_empty(id.trim()),
                Value::Number(id) => Some(id.to_string()),
                _ => None,
            }),
            title: field(map, TITLE)
                .and_then(Value::as_str)
                .and_then(|title| non_empty(&collapse_whitespace(title))),
            published,
            source: field(map, SOURCE)
                .and_then(|value| match value {
                    Value::Object(outlet) => outlet.get("name").and_then(Value::as_str),
                    _ => value.as_str(),
                })
                .and_then(|source| non_empty(&collapse_whitespace(source))),
            url: field(map, URL)
                .and_then(Value::as_str)
                .and_then(|url| non_empty(url.trim())),
        };
        (meta, warnings)
    }

    /// Copies the metadata into `article`.
    pub(super) fn fill(self, article: &mut Article) {
        article.id = self.id;
        article.title = self.title.unwrap_or_default();
        article.published = self.published;
        article.source = self.source;
        article.url = self.url;
    }
}

/// The first of `names` present in `map` with a non-null value.
fn field<'a>(map: &'a Map<String, Value>, names: &[&str]) -> Option<&'a Value> {
    names
        .iter()
        .find_map(|name| map.get(*name).filter(|value| !value.is_null()))
}

/// A date from a string, or from Unix seconds (milliseconds above 10^11).
fn date(value: &Value) -> Option<DateTime<Utc>> {
    match value {
        Value::String(text) => parse_date(text),
        Value::Number(number) => {
            let number = number.as_i64()?;
            if number > MILLIS_ABOVE {
                DateTime::from_timestamp_millis(number)
            } else {
                DateTime::from_timestamp(number, 0)
            }
        }
        _ => None,
    }
}

/// `Some` owned text unless it is empty.
fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::super::tests::{source, text_of};
    use super::super::{parse as parse_file, FileContents, Format, Locator};
    use chrono::TimeZone;

    fn json(text: &str) -> FileContents {
        parse_file(&source("a.json", Format::Json), text.as_bytes())
    }

    fn lines(bytes: &[u8]) -> FileContents {
        parse_file(&source("a.jsonl", Format::JsonLines), bytes)
    }

    #[test]
    fn one_object_with_every_field() {
        let contents = json(
            r#"{"id": "x1", "title": " A  title ", "body": "One\n\nTwo\nlines",
                "published": "2024-05-01T12:00:00Z", "source": "Wire",
                "url": "https://example.com/a"}"#,
        );
        assert!(contents.problems.is_empty(), "{:?}", contents.problems);
        let article = &contents.articles[0];
        assert_eq!(article.id.as_deref(), Some("x1"));
        assert_eq!(article.title, "A title");
        assert_eq!(article.paragraphs, ["One", "Two lines"]);
        assert_eq!(
            article.published,
            chrono::Utc.with_ymd_and_hms(2024, 5, 1, 12, 0, 0).single()
        );
        assert_eq!(article.source.as_deref(), Some("Wire"));
        assert_eq!(article.url.as_deref(), Some("https://example.com/a"));
        assert_eq!(article.locator, Locator::Whole);
        assert_eq!(article.location_id(), "a.json");
    }

    #[test]
    fn field_aliases_first_present_wins() {
        let contents = json(
            r#"{"guid": 42, "uuid": "ignored", "headline": "H", "text": "T",
                "content": "ignored", "date": 1714564800, "publisher": {"name": "Pub"},
                "link": "https://example.com/l", "id": null}"#,
        );
        let article = &contents.articles[0];
        assert_eq!(article.id.as_deref(), Some("42"));
        assert_eq!(article.title, "H");
        assert_eq!(article.paragraphs, ["T"]);
        assert_eq!(
            article.published.map(|d| d.timestamp()),
            Some(1_714_564_800)
        );
        assert_eq!(article.source.as_deref(), Some("Pub"));
        assert_eq!(article.url.as_deref(), Some("https://example.com/l"));

        let contents = json(
            r#"{"uuid": "u", "article": ["  a  b ", "", "c"], "published_at": 1714564800123,
                "outlet": "O"}"#,
        );
        let article = &contents.articles[0];
        assert_eq!(article.id.as_deref(), Some("u"));
        assert_eq!(article.title, "");
        assert_eq!(article.paragraphs, ["a b", "c"]);
        assert_eq!(
            article.published.map(|d| d.timestamp_millis()),
            Some(1_714_564_800_123)
        );
        assert_eq!(article.source.as_deref(), Some("O"));

        for (key, value) in [
            ("publish_date", r#""2024-05-01""#),
            ("datetime", r#""2024-05-01""#),
        ] {
            let contents = json(&format!(r#"{{"content": "c", "{key}": {value}}}"#));
            assert!(contents.articles[0].published.is_some(), "{key}");
        }
        for key in ["site_name", "domain"] {
            let contents = json(&format!(r#"{{"body": "b", "{key}": "S"}}"#));
            assert_eq!(contents.articles[0].source.as_deref(), Some("S"), "{key}");
        }
    }

    #[test]
    fn body_without_blank_lines_gives_one_paragraph_per_line() {
        let contents = json(r#"{"body": "One\r\nTwo\nThree"}"#);
        assert_eq!(text_of(&contents), [["One", "Two", "Three"]]);
    }

    #[test]
    fn array_of_objects() {
        let contents = json(r#"[{"body": "a"}, 7, {"title": "no body"}, {"body": "d"}]"#);
        let ids: Vec<_> = contents.articles.iter().map(|a| a.location_id()).collect();
        assert_eq!(ids, ["a.json[0]", "a.json[3]"]);
        assert_eq!(contents.articles[1].locator, Locator::Element(3));
        let errors: Vec<_> = contents.problems.iter().map(|p| p.error.as_str()).collect();
        assert_eq!(
            errors,
            [
                "element 1: not a JSON object; each article must be an object with a body field",
                "element 2: no body field (looked for body, text, content, article)",
            ]
        );
    }

    #[test]
    fn object_without_body_and_empty_body() {
        let contents = json(r#"{"title": "t"}"#);
        assert!(contents.articles.is_empty());
        assert_eq!(
            contents.problems[0].error,
            "no body field (looked for body, text, content, article)"
        );
        let contents = json(r#"{"body": " \n\n  "}"#);
        assert_eq!(contents.problems[0].error, "empty body");
        let contents = json(r#"{"body": ["", "  "]}"#);
        assert_eq!(contents.problems[0].error, "empty body");
        let contents = json(r#"{"body": {"x": 1}}"#);
        assert!(contents.problems[0]
            .error
            .starts_with("body is not a string"));
    }

    #[test]
    fn unparseable_date_keeps_the_article_with_a_warning() {
        let contents = json(r#"{"body": "b", "date": "last Tuesday"}"#);
        assert_eq!(contents.articles.len(), 1);
        assert_eq!(contents.articles[0].published, None);
        assert!(contents.problems[0]
            .error
            .starts_with("warning: unparseable date \"last Tuesday\""));
        assert!(contents.problems[0].is_warning());
    }

    #[test]
    fn syntax_error_and_non_object_top_level() {
        let contents = json("{\n\"body\": \"x\",\n}");
        assert!(contents.articles.is_empty());
        assert_eq!(contents.problems[0].line, Some(3));
        assert!(contents.problems[0].error.starts_with("invalid JSON: "));
        let contents = json("\"just a string\"");
        assert!(contents.problems[0]
            .error
            .starts_with("not a JSON object or array"));
    }

    #[test]
    fn json_lines_with_a_bad_line_among_good_ones() {
        let contents = lines(
            b"{\"id\": 1, \"body\": \"one\"}\r\n\r\n{\"body\": \"two\"\n[1]\n{\"body\": \"four\"}",
        );
        let ids: Vec<_> = contents.articles.iter().map(|a| a.location_id()).collect();
        assert_eq!(ids, ["a.jsonl:1", "a.jsonl:5"]);
        assert_eq!(contents.articles[1].locator, Locator::Line(5));
        assert_eq!(contents.problems.len(), 2);
        assert_eq!(contents.problems[0].line, Some(3));
        assert!(contents.problems[0].error.starts_with("invalid JSON: EOF"));
        assert_eq!(contents.problems[1].line, Some(4));
        assert!(contents.problems[1].error.starts_with("not a JSON object"));
    }

    #[test]
    fn json_lines_invalid_utf8_loses_only_its_line() {
        let contents = lines(
            b"\xEF\xBB\xBF{\"body\": \"one\"}\n{\"body\": \"t\xffo\"}\n{\"body\": \"three\"}\n",
        );
        assert_eq!(text_of(&contents), [["one"], ["three"]]);
        assert_eq!(contents.problems.len(), 1);
        assert_eq!(contents.problems[0].line, Some(2));
        assert_eq!(
            contents.problems[0].error,
            "invalid UTF-8 at byte 30; re-encode the file as UTF-8"
        );
    }

    #[test]
    fn json_lines_per_line_problems_carry_the_line() {
        let contents = lines(b"{\"body\": \"a\", \"date\": \"soon\"}\n{\"text\": \"\"}\n");
        assert_eq!(contents.articles.len(), 1);
        assert_eq!(contents.problems[0].line, Some(1));
        assert!(contents.problems[0].is_warning());
        assert_eq!(contents.problems[1].line, Some(2));
        assert_eq!(contents.problems[1].error, "empty body");
    }
}
