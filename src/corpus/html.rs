//! Reading saved web pages (`.html`, `.htm`).
//!
//! A saved news page holds the story among navigation, share buttons,
//! newsletter boxes and related links. This reader keeps only the story's
//! `<p>` paragraphs and takes the metadata from the tags that publishers fill
//! in for social cards and search engines (`og:*`, `article:*`, canonical).

use scraper::{ElementRef, Html, Node, Selector};

use super::{collapse_whitespace, parse_date, unparseable_date};
use super::{FileContents, Locator, SourceFile};

/// Elements whose paragraphs are never the story.
const BOILERPLATE_TAGS: &[&str] = &[
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "script",
    "style",
    "noscript",
    "figure",
    "figcaption",
];

/// Words that, inside an element's class or id, mark it as boilerplate.
const BOILERPLATE_WORDS: &[&str] = &[
    "newsletter",
    "related",
    "share",
    "promo",
    "advert",
    "cookie",
    "subscribe",
    "comment",
];

/// Where the social-card title is.
const OG_TITLE: &[(&str, &str)] = &[(r#"meta[property="og:title"]"#, "content")];

/// Where the publication date may be, best first.
const PUBLISHED: &[(&str, &str)] = &[
    (r#"meta[property="article:published_time"]"#, "content"),
    (r#"meta[name="date"]"#, "content"),
    (r#"meta[name="pubdate"]"#, "content"),
    (r#"meta[itemprop="datePublished"]"#, "content"),
    ("time[datetime]", "datetime"),
];

/// Where the outlet's name may be.
const SOURCE: &[(&str, &str)] = &[(r#"meta[property="og:site_name"]"#, "content")];

/// Where the page's address may be, best first.
const URL: &[(&str, &str)] = &[
    (r#"link[rel="canonical"]"#, "href"),
    (r#"meta[property="og:url"]"#, "content"),
];

/// Reads a web page: the story's paragraphs and the page's metadata.
///
/// The paragraphs are the `<p>` elements inside `<article>` elements if the
/// page has any, else inside `<body>`, less those in boilerplate (see
/// [`BOILERPLATE_TAGS`] and [`BOILERPLATE_WORDS`]).
pub(super) fn parse(file: &SourceFile, text: &str) -> FileContents {
    let page = Html::parse_document(text);
    let scope = if select(&page, "article").next().is_some() {
        "article p"
    } else {
        "body p"
    };
    let paragraphs: Vec<String> = select(&page, scope)
        .filter(|p| !in_boilerplate(*p))
        .map(paragraph_text)
        .filter(|text| !text.is_empty())
        .collect();
    if paragraphs.is_empty() {
        return FileContents::failed(
            file.problem(None, "no article text found (no <p> paragraphs)"),
        );
    }

    let mut contents = FileContents::default();
    let mut article = file.article(Locator::Whole);
    // The title: og:title, else <title>, else the first <h1>.
    article.title = attributes(&page, OG_TITLE)
        .next()
        .map(collapse_whitespace)
        .or_else(|| first_text(&page, "title"))
        .or_else(|| first_text(&page, "h1"))
        .unwrap_or_default();
    let dates: Vec<&str> = attributes(&page, PUBLISHED).collect();
    article.published = dates.iter().find_map(|date| parse_date(date));
    if let (None, Some(first)) = (article.published, dates.first()) {
        contents
            .problems
            .push(file.problem(None, unparseable_date(first.trim())));
    }
    // After the date: a body that opens with a dateline may fill it.
    article.set_body(paragraphs);
    article.source = attributes(&page, SOURCE).next().map(collapse_whitespace);
    article.url = attributes(&page, URL)
        .next()
        .map(|url| url.trim().to_string());
    contents.articles.push(article);
    contents
}

/// The elements `css` selects, in document order (none if `css` is invalid).
fn select<'a>(page: &'a Html, css: &str) -> impl Iterator<Item = ElementRef<'a>> + 'a {
    let selector = Selector::parse(css).ok();
    let elements: Vec<ElementRef<'a>> = selector
        .map(|selector| page.select(&selector).collect())
        .unwrap_or_default();
    elements.into_iter()
}

/// The text of the first element `css` selects that has any, whitespace collapsed.
fn first_text(page: &Html, css: &str) -> Option<String> {
    select(page, css)
        .map(|element| collapse_whitespace(&element.text().collect::<String>()))
        .find(|text| !text.is_empty())
}

/// The non-blank values of the attributes `places` name, best first.
fn attributes<'a>(
    page: &'a Html,
    places: &'a [(&str, &str)],
) -> impl Iterator<Item = &'a str> + 'a {
    places
        .iter()
        .flat_map(move |&(css, attr)| select(page, css).filter_map(move |e| e.value().attr(attr)))
        .filter(|value| !value.trim().is_empty())
}

/// Whether `p` is inside boilerplate (or is itself marked as such).
fn in_boilerplate(p: ElementRef<'_>) -> bool {
    std::iter::once(p)
        .chain(p.ancestors().filter_map(ElementRef::wrap))
        .any(|element| {
            let element = element.value();
            let name = element.name();
            if name == "body" || name == "html" {
                return false;
            }
            let marked = |value: &str| {
                let value = value.to_lowercase();
                BOILERPLATE_WORDS.iter().any(|word| value.contains(word))
            };
            BOILERPLATE_TAGS.contains(&name)
                || element.attr("class").is_some_and(marked)
                || element.id().is_some_and(marked)
        })
}

/// The text of a paragraph, whitespace collapsed; `<br>` counts as a space.
fn paragraph_text(p: ElementRef<'_>) -> String {
    let mut text = String::new();
    for node in p.descendants() {
        match node.value() {
            Node::Text(chunk) => text.push_str(chunk),
            Node::Element(element) if element.name() == "br" => text.push(' '),
            _ => {}
        }
    }
    collapse_whitespace(&text)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{source, text_of};
    use super::super::{parse as parse_file, FileContents, Format};

    fn html(text: &str) -> FileContents {
        parse_file(&source("a.html", Format::Html), text.as_bytes())
    }

    const PAGE: &str = r#"<!doctype html>
<html><head>
  <title>Page title | Site</title>
  <meta property="og:title" content=" Story   title ">
  <meta property="og:site_name" content="The Wire">
  <meta property="og:url" content="https://example.com/og">
  <link rel="canonical" href="https://example.com/story">
  <meta property="article:published_time" content="2024-05-01T14:00:00+02:00">
</head><body class="has-comments">
  <nav><p>Home</p></nav>
  <header><p>Header text</p></header>
  <p>Outside the article</p>
  <article>
    <h1>Heading</h1>
    <p>First &amp; <b>bold</b>
       paragraph.</p>
    <p>   </p>
    <div class="share-buttons"><p>Share this</p></div>
    <p>Line one<br>line two</p>
    <figure><img src="x"><figcaption><p>Caption</p></figcaption></figure>
    <div id="newsletter-box"><p>Sign up</p></div>
    <aside><p>Aside</p></aside>
    <section class="Related-Links"><p>Related</p></section>
    <form><p>Form</p></form>
    <div class="cookie-banner"><p>Cookies</p></div>
    <div class="promo"><p>Promo</p></div>
    <div class="advertisement"><p>Ad</p></div>
    <div class="subscribe"><p>Subscribe</p></div>
    <div id="comments"><p>A comment</p></div>
    <noscript><p>No script</p></noscript>
    <p>Last paragraph.</p>
  </article>
  <footer><p>Footer</p></footer>
</body></html>"#;

    #[test]
    fn story_paragraphs_without_boilerplate() {
        let contents = html(PAGE);
        assert!(contents.problems.is_empty(), "{:?}", contents.problems);
        assert_eq!(
            text_of(&contents),
            [[
                "First & bold paragraph.",
                "Line one line two",
                "Last paragraph."
            ]]
        );
    }

    #[test]
    fn meta_tags() {
        let contents = html(PAGE);
        let article = &contents.articles[0];
        assert_eq!(article.title, "Story title");
        assert_eq!(article.source.as_deref(), Some("The Wire"));
        assert_eq!(article.url.as_deref(), Some("https://example.com/story"));
        assert_eq!(
            article.published.map(|d| d.to_rfc3339()),
            Some("2024-05-01T12:00:00+00:00".to_string())
        );
        assert_eq!(article.id, None);
        assert_eq!(article.location_id(), "a.html");
    }

    #[test]
    fn fallbacks_title_tag_h1_og_url_and_other_dates() {
        let contents = html(
            r#"<html><head><title> Plain
             title </title><meta property="og:url" content="https://e.com/og">
             <meta name="date" content="2024-05-01"></head>
             <body><h1>H</h1><p>Body.</p></body></html>"#,
        );
        let article = &contents.articles[0];
        assert_eq!(article.title, "Plain title");
        assert_eq!(article.url.as_deref(), Some("https://e.com/og"));
        assert!(article.published.is_some());
        assert_eq!(text_of(&contents), [["Body."]]);

        let contents = html(
            r#"<body><h1> The <i>H1</i> </h1><time datetime="nonsense">x</time>
               <time datetime="2024-05-01T12:00:00Z">May 1</time><p>Body.</p></body>"#,
        );
        let article = &contents.articles[0];
        assert_eq!(article.title, "The H1");
        assert!(article.published.is_some());
        assert!(contents.problems.is_empty());

        for (name, attr) in [("name", "pubdate"), ("itemprop", "datePublished")] {
            let contents = html(&format!(
                r#"<head><meta {name}="{attr}" content="May 1, 2024"></head><p>x</p>"#
            ));
            assert!(contents.articles[0].published.is_some(), "{attr}");
        }
    }

    #[test]
    fn unparseable_date_is_a_warning() {
        let contents = html(r#"<meta name="date" content="someday"><p>x</p>"#);
        assert_eq!(contents.articles.len(), 1);
        assert!(contents.problems[0]
            .error
            .starts_with("warning: unparseable date \"someday\""));
    }

    #[test]
    fn every_article_element_counts() {
        let contents = html(
            "<body><p>out</p><article><p>one</p></article><article><p>two</p></article></body>",
        );
        assert_eq!(text_of(&contents), [["one", "two"]]);
    }

    #[test]
    fn no_paragraphs_is_a_problem() {
        let contents =
            html("<html><body><div>text but no p</div><nav><p>x</p></nav></body></html>");
        assert!(contents.articles.is_empty());
        assert_eq!(
            contents.problems[0].error,
            "no article text found (no <p> paragraphs)"
        );
    }
}
