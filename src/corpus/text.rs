//! Reading plain-text articles (`.txt`).
//!
//! Many archives are just text files pasted from a page: a headline line,
//! then the story. There is no metadata to find, so this reader only splits
//! the headline from the body and the body into paragraphs.

use super::{collapse_whitespace, normalize_newlines, split_paragraphs};
use super::{FileContents, Locator, SourceFile};

/// Reads a text file: the first non-empty line is the title, the rest the body.
///
/// The body is split by [`split_paragraphs`]: blank lines separate
/// paragraphs, or every line is one where there is no blank line.
pub(super) fn parse(file: &SourceFile, text: &str) -> FileContents {
    let text = normalize_newlines(text);
    let text = text.trim_start_matches(|c: char| c.is_whitespace());
    let (title, body) = text.split_once('\n').unwrap_or((text, ""));
    let paragraphs = split_paragraphs(body);
    if paragraphs.is_empty() {
        return FileContents::failed(file.problem(None, "no body text after the title"));
    }
    let mut article = file.article(Locator::Whole);
    article.title = collapse_whitespace(title);
    article.set_body(paragraphs);
    FileContents {
        articles: vec![article],
        ..FileContents::default()
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{source, text_of};
    use super::super::{parse, Format};

    fn read(text: &str) -> super::FileContents {
        parse(&source("a.txt", Format::Text), text.as_bytes())
    }

    #[test]
    fn first_non_empty_line_is_the_title() {
        let contents = read("\n  \n  The   Title \nFirst line.\nSecond line.\n");
        let article = &contents.articles[0];
        assert_eq!(article.title, "The Title");
        assert_eq!(article.paragraphs, ["First line.", "Second line."]);
        assert_eq!(article.id, None);
        assert_eq!(article.published, None);
        assert_eq!(article.source, None);
        assert_eq!(article.url, None);
        assert_eq!(article.location_id(), "a.txt");
    }

    #[test]
    fn blank_lines_separate_paragraphs_and_lines_are_joined() {
        let contents = read("Title\n\nOne a\none  b\n\n\nTwo\n   \nThree\tx\n");
        assert_eq!(text_of(&contents), [["One a one b", "Two", "Three x"]]);
    }

    #[test]
    fn without_blank_lines_every_line_is_a_paragraph() {
        let contents = read("Title\n\nOne\nTwo\n  Three  \n\n");
        assert_eq!(text_of(&contents), [["One", "Two", "Three"]]);
    }

    #[test]
    fn crlf_and_cr_line_ends() {
        let contents = read("Title\r\n\r\nOne\r\ntwo\r\n\r\nThree\r\n");
        assert_eq!(contents.articles[0].title, "Title");
        assert_eq!(text_of(&contents), [["One two", "Three"]]);
        let contents = read("Title\r\rOne\rTwo\r");
        assert_eq!(text_of(&contents), [["One", "Two"]]);
    }

    #[test]
    fn bom_is_stripped() {
        let contents = read("\u{feff}Title\nBody");
        assert_eq!(contents.articles[0].title, "Title");
    }

    #[test]
    fn title_without_body_is_a_problem() {
        for text in ["Just a title", "Just a title\n\n  \n"] {
            let contents = read(text);
            assert!(contents.articles.is_empty());
            assert_eq!(contents.problems[0].error, "no body text after the title");
            assert_eq!(contents.problems[0].path, "a.txt");
        }
    }

    #[test]
    fn invalid_utf8_gives_its_line_and_no_article() {
        let contents = parse(
            &source("a.txt", Format::Text),
            b"Title\r\nok\r\nbad \xff here\n",
        );
        assert!(contents.articles.is_empty());
        let problem = &contents.problems[0];
        assert_eq!(problem.line, Some(3));
        assert_eq!(
            problem.error,
            "invalid UTF-8 at byte 15; re-encode the file as UTF-8"
        );
    }
}
