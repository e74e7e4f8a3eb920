//! Finding input files and reading articles out of them.
//!
//! The indexer needs a uniform stream of [`Article`]s no matter how a news
//! archive was saved: plain text, Markdown with front matter, JSON exports,
//! JSON Lines dumps or saved web pages, any of them possibly gzipped. This
//! module owns that: [`walk`] finds the files and names their format, [`read`]
//! (or [`parse`] for bytes already in memory) turns one file into articles.
//!
//! Nothing here fails a run: every problem with an input becomes a
//! [`Problem`] that the caller reports and counts, and the run goes on.
//!
//! The format readers live in the submodules; the text handling they share
//! (UTF-8 checks, line ends, whitespace, paragraph splitting) lives here.

pub mod date;
mod html;
mod json;
mod markdown;
mod text;

pub use date::parse_date;

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use flate2::read::MultiGzDecoder;
use walkdir::WalkDir;

/// Where in its file an article came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locator {
    /// The article is the whole file.
    Whole,
    /// The 1-based line of a JSON Lines file.
    Line(u64),
    /// The 0-based index in a JSON array.
    Element(u64),
}

/// One article as read from disk, before dedup.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The record's own id (`id`, `guid` or `uuid`), if any; numbers become strings.
    pub id: Option<String>,
    /// The headline; may be empty.
    pub title: String,
    /// The body: non-empty, trimmed paragraphs with inner whitespace collapsed
    /// to single spaces, in order. Not deduplicated (that is another module's job).
    pub paragraphs: Vec<String>,
    /// When the article was published, normalised to UTC.
    pub published: Option<DateTime<Utc>>,
    /// The outlet or site that published it.
    pub source: Option<String>,
    /// The article's address on the web.
    pub url: Option<String>,
    /// The file path as walked (the root as given joined with the relative
    /// path), with '/' separators.
    pub path: String,
    /// Where in the file the article was.
    pub locator: Locator,
}

impl Article {
    /// Sets the body to `paragraphs`, less the headline where the body
    /// opens with it: scraped pages often keep the headline in the text
    /// ("Barrel bombs kill 11 civilians in IS town in Syria AFP Thursday 16
    /// Jul 2015 At least 11…"), where it would read as the story's first
    /// sentence, run its last words into the next ones as one name ("Aleppo
    /// Monitor AFP") and open every snippet. The title keeps it. Taken only
    /// when the headline has [`MIN_HEADLINE_WORDS`] words or more, ends at a
    /// word's end, and leaves some body.
    ///
    /// A dateline before the headline ("Sun 16 Apr 2017 Death toll from
    /// Aleppo…"), or one labelled "Date of publication" before anything,
    /// goes with it; an article with no publication date takes the
    /// dateline's.
    pub fn set_body(&mut self, mut paragraphs: Vec<String>) {
        let opening = paragraphs.first().and_then(|first| {
            if let Some(rest) = after_headline(&self.title, first) {
                return Some((rest.to_string(), None));
            }
            let dated = date::dateline(first)?;
            let rest = after_headline(&self.title, dated.rest);
            if rest.is_none() && !dated.labelled {
                return None;
            }
            Some((rest.unwrap_or(dated.rest).to_string(), Some(dated.date)))
        });
        if let Some((rest, dated)) = opening {
            let taken = if !rest.is_empty() {
                paragraphs[0] = rest;
                true
            } else if paragraphs.len() > 1 {
                paragraphs.remove(0);
                true
            } else {
                false
            };
            if let (true, None, Some(day)) = (taken, self.published, dated) {
                self.published = Some(day.and_time(chrono::NaiveTime::MIN).and_utc());
            }
        }
        self.paragraphs = paragraphs;
    }

    /// The headline without the outlet's name that scraped pages append to
    /// it: [`headline`] of the article's title and source.
    pub fn headline(&self) -> &str {
        headline(&self.title, self.source.as_deref())
    }

    /// The JSON Lines line the article was read from, if it came from one.
    pub fn line(&self) -> Option<u64> {
        match self.locator {
            Locator::Line(line) => Some(line),
            Locator::Whole | Locator::Element(_) => None,
        }
    }

    /// The id derived from where the article was read: `path`, `path:LINE`, or `path[INDEX]`.
    pub fn location_id(&self) -> String {
        match self.locator {
            Locator::Whole => self.path.clone(),
            Locator::Line(line) => format!("{}:{line}", self.path),
            Locator::Element(index) => format!("{}[{index}]", self.path),
        }
    }
}

/// The headline `title` without the outlet's name that scraped pages append
/// to it ("… | Jordan Times", "… - Ahram Online"), when that name is the
/// article's own `source` ("jordantimes", "ahram"): the outlet is not what
/// the story is about, and "Jordan Times" made Jordan a place of every
/// story that outlet ran. The title itself is kept as read.
pub fn headline<'a>(title: &'a str, source: Option<&str>) -> &'a str {
    let Some(source) = source.map(letters_and_digits) else {
        return title;
    };
    for separator in [" | ", " - ", " \u{2013} ", " \u{2014} "] {
        let Some((head, tail)) = title.rsplit_once(separator) else {
            continue;
        };
        let tail = letters_and_digits(tail);
        let names_the_source = tail.len() >= MIN_OUTLET_LETTERS
            && source.len() >= MIN_OUTLET_LETTERS
            && (tail.starts_with(&source) || source.starts_with(&tail));
        if names_the_source && !head.trim().is_empty() {
            return head.trim_end();
        }
    }
    title
}

/// A problem with one input: reported, counted, and the run goes on.
///
/// Most problems mean the input (a file, a JSON Lines line, an array element)
/// gave no article. A problem whose `error` starts with `"warning:"` is only a
/// warning: the article was still read, with something missing (for example
/// an unparseable date, kept as `None`). See [`Problem::is_warning`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// The file, '/'-separated as walked.
    pub path: String,
    /// The 1-based line the problem is on, where known.
    pub line: Option<u64>,
    /// What failed and what to do about it: lower-case, no trailing period.
    pub error: String,
}

impl Problem {
    /// Whether this is a warning (the input was still read) rather than a skip.
    pub fn is_warning(&self) -> bool {
        self.error.starts_with(WARNING)
    }
}

/// The prefix of a [`Problem`] error that is only a warning.
const WARNING: &str = "warning:";

/// An input format, as told by a file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.txt`: title line, then paragraphs.
    Text,
    /// `.md` / `.markdown`: optional YAML front matter, then CommonMark.
    Markdown,
    /// `.json`: one object or an array of objects.
    Json,
    /// `.jsonl` / `.ndjson`: one object per line.
    JsonLines,
    /// `.html` / `.htm`: a saved web page.
    Html,
}

impl Format {
    /// The format a (lower-case, `.gz`-stripped) extension names.
    fn from_extension(ext: &str) -> Option<Format> {
        match ext {
            "txt" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }
}

/// A file the walk found, with the format its name says.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path to open.
    pub path: PathBuf,
    /// The '/'-separated path as walked, used in articles and problems.
    pub display: String,
    /// The format its extension names.
    pub format: Format,
    /// Whether it is gzipped (its name ends in `.gz`).
    pub gzip: bool,
}

impl SourceFile {
    /// Names the format of `path` from its extension, or `None` if unsupported.
    fn classify(path: &Path) -> Option<SourceFile> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        let (stem, gzip) = match name.strip_suffix(".gz") {
            Some(stem) => (stem, true),
            None => (name.as_str(), false),
        };
        let ext = Path::new(stem).extension()?.to_str()?;
        Some(SourceFile {
            path: path.to_path_buf(),
            display: display_path(path),
            format: Format::from_extension(ext)?,
            gzip,
        })
    }

    /// A problem with this file.
    fn problem(&self, line: Option<u64>, error: impl Into<String>) -> Problem {
        Problem {
            path: self.display.clone(),
            line,
            error: error.into(),
        }
    }

    /// An empty article from this file, for a reader to fill in.
    fn article(&self, locator: Locator) -> Article {
        Article {
            id: None,
            title: String::new(),
            paragraphs: Vec::new(),
            published: None,
            source: None,
            url: None,
            path: self.display.clone(),
            locator,
        }
    }
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walk {
    /// Supported files, in walk order.
    pub files: Vec<SourceFile>,
    /// Files with other extensions.
    pub ignored: u64,
    /// Roots that do not exist, broken symlinks, symlink loops, unreadable folders.
    pub problems: Vec<Problem>,
}

/// What reading one file gave: its articles and the problems met (a file can give both).
#[derive(Debug, Default)]
pub struct FileContents {
    /// The articles read, in file order.
    pub articles: Vec<Article>,
    /// The problems met.
    pub problems: Vec<Problem>,
    /// Bytes read from disk (before decompression).
    pub bytes: u64,
    /// Hash (xxh3-64) of the bytes on disk; 0 when the file could not be read.
    pub hash: u64,
    /// Line breaks in the bytes on disk.
    pub lines: u64,
    /// The file is byte for byte what [`Seen`] describes: nothing was parsed.
    pub unchanged: bool,
    /// Only what the file gained since [`Seen`] was parsed (a JSON Lines file
    /// that grew); `articles` holds the new ones only.
    pub resumed: bool,
}

/// What an earlier run read of a file, so that a later one can tell whether
/// it changed and, for a JSON Lines file that only grew, read just the
/// lines it gained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    /// Its size on disk then.
    pub bytes: u64,
    /// The hash of its bytes then.
    pub hash: u64,
    /// Its line breaks then.
    pub lines: u64,
}

impl FileContents {
    /// The totals of these contents, without articles or problems.
    pub fn clone_totals(&self) -> FileContents {
        FileContents {
            articles: Vec::new(),
            problems: Vec::new(),
            bytes: self.bytes,
            hash: self.hash,
            lines: self.lines,
            unchanged: self.unchanged,
            resumed: self.resumed,
        }
    }

    /// Contents holding just one problem.
    fn failed(problem: Problem) -> FileContents {
        FileContents {
            problems: vec![problem],
            ..FileContents::default()
        }
    }
}

/// Finds the supported files under `roots`, in a deterministic order.
///
/// Each root is a file or a folder; folders are walked recursively in
/// file-name order, following symlinks. Hidden files and folders (name
/// starting with '.') are skipped, except a root itself.
pub fn walk(roots: &[PathBuf]) -> Walk {
    let mut walk = Walk::default();
    for root in roots {
        walk_root(root, &mut walk);
    }
    walk
}

/// Adds what one root holds to `walk`.
fn walk_root(root: &Path, walk: &mut Walk) {
    let problem = |error: String| Problem {
        path: display_path(root),
        line: None,
        error,
    };
    match std::fs::metadata(root) {
        Err(err) if is_symlink(root) && err.kind() == std::io::ErrorKind::NotFound => {
            walk.problems.push(problem(BROKEN_SYMLINK.to_string()));
            return;
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            walk.problems.push(problem(
                "no such file or folder; check the path".to_string(),
            ));
            return;
        }
        Err(err) => {
            walk.problems.push(problem(format!(
                "cannot read: {}; check the path and its permissions",
                lower_first(&err.to_string())
            )));
            return;
        }
        Ok(meta) if meta.is_file() => {
            add_file(root, walk);
            return;
        }
        Ok(meta) if !meta.is_dir() => {
            walk.problems.push(problem(
                "not a regular file or folder; give files or folders of articles".to_string(),
            ));
            return;
        }
        Ok(_) => {}
    }

    let entries = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for entry in entries {
        match entry {
            Ok(entry) if entry.file_type().is_file() => add_file(entry.path(), walk),
            // Folders are walked into; sockets, FIFOs and devices are not articles.
            Ok(_) => {}
            Err(err) => walk.problems.push(walk_problem(root, &err)),
        }
    }
}

/// What a broken symlink is reported as.
const BROKEN_SYMLINK: &str = "broken symlink";

/// Counts `path` as a supported file or an ignored one.
fn add_file(path: &Path, walk: &mut Walk) {
    match SourceFile::classify(path) {
        Some(file) => walk.files.push(file),
        None => walk.ignored += 1,
    }
}

/// The problem a walkdir error stands for.
fn walk_problem(root: &Path, err: &walkdir::Error) -> Problem {
    let path = err.path().unwrap_or(root);
    let error = if let Some(ancestor) = err.loop_ancestor() {
        format!(
            "symlink loop (leads back to {}); remove or fix the link",
            display_path(ancestor)
        )
    } else if is_symlink(path)
        && err
            .io_error()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
    {
        BROKEN_SYMLINK.to_string()
    } else {
        let cause = err
            .io_error()
            .map_or_else(|| err.to_string(), ToString::to_string);
        format!(
            "cannot read: {}; check its permissions",
            lower_first(&cause)
        )
    };
    Problem {
        path: display_path(path),
        line: None,
        error,
    }
}

/// Whether `path` itself is a symlink.
fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink())
}

/// Whether a file name is hidden.
fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b".")
}

/// A path with '/' separators, as shown to the user.
fn display_path(path: &Path) -> String {
    let shown = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        shown.into_owned()
    } else {
        shown.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// OS error messages start with a capital ("Permission denied"); ours don't.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The most a gzipped file may decompress to, against decompression bombs.
const MAX_GUNZIPPED: u64 = 1 << 30;

/// Reads one file (gunzipping it if its name says so) and parses it. With
/// `seen`, what an earlier run read of it: a file still the same is not
/// parsed at all, and a plain JSON Lines file that only gained lines has
/// just those parsed.
///
/// Never fails: an unreadable or corrupt file gives a [`Problem`].
pub fn read(file: &SourceFile, seen: Option<&Seen>) -> FileContents {
    let mut all = FileContents::default();
    let totals = read_in_chunks(file, seen, usize::MAX, |chunk| {
        all.articles.extend(chunk.articles);
        all.problems.extend(chunk.problems);
        Ok::<(), std::convert::Infallible>(())
    });
    let Ok(totals) = totals;
    FileContents {
        articles: all.articles,
        problems: all.problems,
        ..totals
    }
}

/// Reads `file` as [`read`] does, but hands its articles and problems to
/// `on_chunk` a chunk of about `chunk_bytes` of input at a time, so that a
/// JSON Lines file of gigabytes never sits in memory whole. Other formats
/// (one article or one JSON document per file) come in one chunk. Returns
/// the totals — bytes, hash, lines, whether unchanged or resumed — with no
/// articles or problems; stops at the first error `on_chunk` returns.
pub fn read_in_chunks<E>(
    file: &SourceFile,
    seen: Option<&Seen>,
    chunk_bytes: usize,
    mut on_chunk: impl FnMut(FileContents) -> Result<(), E>,
) -> Result<FileContents, E> {
    if file.format != Format::JsonLines || file.gzip {
        let whole = read_whole(file, seen);
        let totals = whole.clone_totals();
        on_chunk(whole)?;
        return Ok(totals);
    }
    match stream_lines(file, seen, chunk_bytes, &mut on_chunk) {
        Ok(totals) => totals,
        Err(error) => {
            let problem = file.problem(
                None,
                format!(
                    "cannot read file: {}; check that it exists and is readable",
                    lower_first(&error.to_string())
                ),
            );
            on_chunk(FileContents::failed(problem))?;
            Ok(FileContents::default())
        }
    }
}

/// Streams a plain JSON Lines file in chunks of whole lines. The outer
/// `Result` is the file's I/O, the inner one `on_chunk`'s.
fn stream_lines<E>(
    file: &SourceFile,
    seen: Option<&Seen>,
    chunk_bytes: usize,
    on_chunk: &mut impl FnMut(FileContents) -> Result<(), E>,
) -> std::io::Result<Result<FileContents, E>> {
    use std::io::{Seek, SeekFrom};
    let mut input = std::fs::File::open(&file.path)?;
    let size = input.metadata()?.len();
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut totals = FileContents {
        bytes: size,
        ..FileContents::default()
    };
    // What an earlier run read: the same file, or the same file grown.
    if let Some(seen) = seen.filter(|seen| seen.bytes > 0 && size >= seen.bytes) {
        let mut prefix = (&mut input).take(seen.bytes);
        let mut last = 0u8;
        let mut buffer = vec![0u8; 1 << 20];
        loop {
            let n = prefix.read(&mut buffer)?;
            if n == 0 {
                break;
            }
            hasher.update(&buffer[..n]);
            last = buffer[n - 1];
        }
        if hasher.digest() == seen.hash {
            if size == seen.bytes {
                totals.hash = seen.hash;
                totals.lines = seen.lines;
                totals.unchanged = true;
                return Ok(Ok(totals));
            }
            if last == b'\n' {
                totals.resumed = true;
                totals.lines = seen.lines;
            }
        }
        if !totals.resumed {
            hasher.reset();
            input.seek(SeekFrom::Start(0))?;
        }
    }
    let mut carry: Vec<u8> = Vec::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = input.read(&mut buffer)?;
        hasher.update(&buffer[..n]);
        carry.extend_from_slice(&buffer[..n]);
        let at_end = n == 0;
        // Hand over every whole chunk of lines the carry holds (at the end,
        // whatever is left).
        while !carry.is_empty() && (at_end || carry.len() >= chunk_bytes) {
            let Some(cut) = chunk_end(&carry, chunk_bytes, at_end) else {
                break;
            };
            let mut chunk = parse(file, &carry[..cut]);
            shift_lines(&mut chunk, totals.lines);
            totals.lines += count_lines(&carry[..cut]);
            carry.drain(..cut);
            if let Err(error) = on_chunk(chunk) {
                return Ok(Err(error));
            }
        }
        if at_end {
            break;
        }
    }
    totals.hash = hasher.digest();
    Ok(Ok(totals))
}

/// Where the next chunk of `carry` ends: after the last line break within
/// `chunk_bytes`, else after the first one beyond; at the end of the file,
/// the end of `carry`. `None` while a line longer than a chunk is still
/// incomplete.
fn chunk_end(carry: &[u8], chunk_bytes: usize, at_end: bool) -> Option<usize> {
    let limit = chunk_bytes.min(carry.len());
    if at_end && carry.len() <= chunk_bytes {
        return Some(carry.len());
    }
    if let Some(newline) = carry[..limit].iter().rposition(|&b| b == b'\n') {
        return Some(newline + 1);
    }
    match carry[limit..].iter().position(|&b| b == b'\n') {
        Some(newline) => Some(limit + newline + 1),
        None if at_end => Some(carry.len()),
        None => None,
    }
}

/// Reads and parses a whole file, recognising it unchanged from `seen`.
fn read_whole(file: &SourceFile, seen: Option<&Seen>) -> FileContents {
    let raw = match std::fs::read(&file.path) {
        Ok(raw) => raw,
        Err(err) => {
            return FileContents::failed(file.problem(
                None,
                format!(
                    "cannot read file: {}; check that it exists and is readable",
                    lower_first(&err.to_string())
                ),
            ))
        }
    };
    let on_disk = raw.len() as u64;
    let hash = xxhash_rust::xxh3::xxh3_64(&raw);
    let mut contents = match seen {
        Some(seen) if seen.hash == hash && seen.bytes == on_disk => FileContents {
            unchanged: true,
            ..FileContents::default()
        },
        _ if file.gzip => match gunzip(&raw) {
            Ok(bytes) => parse(file, &bytes),
            Err(error) => FileContents::failed(file.problem(None, error)),
        },
        _ => parse(file, &raw),
    };
    contents.bytes = on_disk;
    contents.hash = hash;
    contents.lines = count_lines(&raw);
    contents
}

/// Moves the line numbers of articles and problems read from the tail of
/// a file down by the `before` lines that precede the tail.
fn shift_lines(contents: &mut FileContents, before: u64) {
    for article in &mut contents.articles {
        if let Locator::Line(line) = &mut article.locator {
            *line += before;
        }
    }
    for problem in &mut contents.problems {
        if let Some(line) = &mut problem.line {
            *line += before;
        }
    }
}

/// Line breaks in `bytes`.
fn count_lines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

/// Decompresses (possibly multi-member) gzip data.
fn gunzip(raw: &[u8]) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    MultiGzDecoder::new(raw)
        .take(MAX_GUNZIPPED + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| {
            format!("corrupt gzip data: {err}; re-compress the file or remove the .gz suffix")
        })?;
    if bytes.len() as u64 > MAX_GUNZIPPED {
        return Err(format!(
            "decompresses to more than {} MiB; split the file",
            MAX_GUNZIPPED >> 20
        ));
    }
    Ok(bytes)
}

/// Parses the (already decompressed) bytes of `file` by its format.
///
/// Never fails: problems go in [`FileContents::problems`]. `bytes` in the
/// result is the length of `bytes`; [`read`] replaces it by the size on disk.
pub fn parse(file: &SourceFile, bytes: &[u8]) -> FileContents {
    let mut contents = match check_text(file, bytes) {
        Err(problem) => FileContents::failed(problem),
        Ok(text) => {
            // Where the text starts in the file: after any BOM.
            let offset = bytes.len() - text.len();
            match file.format {
                Format::Text => with_utf8(file, text, offset, text::parse),
                Format::Markdown => with_utf8(file, text, offset, markdown::parse),
                Format::Json => with_utf8(file, text, offset, json::parse),
                Format::Html => with_utf8(file, text, offset, html::parse),
                // Checked line by line, so one bad line does not lose the file.
                Format::JsonLines => json::parse_lines(file, text, offset),
            }
        }
    };
    contents.bytes = bytes.len() as u64;
    contents
}

/// Runs `reader` on `bytes` if they are UTF-8, else gives the problem.
fn with_utf8(
    file: &SourceFile,
    bytes: &[u8],
    offset: usize,
    reader: fn(&SourceFile, &str) -> FileContents,
) -> FileContents {
    match decode_utf8(bytes, offset, 0) {
        Ok(text) => reader(file, text),
        Err(err) => FileContents::failed(file.problem(Some(err.line), err.message)),
    }
}

/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How far into a file to look for a NUL byte.
const BINARY_SNIFF: usize = 8 * 1024;

/// Rejects empty and binary files; gives the bytes with any BOM stripped.
fn check_text<'a>(file: &SourceFile, bytes: &'a [u8]) -> Result<&'a [u8], Problem> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(file.problem(None, "empty file"));
    }
    if bytes.iter().take(BINARY_SNIFF).any(|&b| b == 0) {
        return Err(file.problem(None, "binary file, not text"));
    }
    Ok(bytes)
}

/// Invalid UTF-8, located.
struct Utf8Error {
    /// The 1-based line of the first bad byte.
    line: u64,
    /// The message for the [`Problem`].
    message: String,
}

/// Decodes `bytes` as UTF-8, or says where the first bad byte is.
///
/// `offset` is where `bytes` starts in the file (for the message) and
/// `first_line` the number of line ends before it.
fn decode_utf8(bytes: &[u8], offset: usize, first_line: u64) -> Result<&str, Utf8Error> {
    std::str::from_utf8(bytes).map_err(|err| {
        let bad = err.valid_up_to();
        let before = bytes.get(..bad).unwrap_or(bytes);
        Utf8Error {
            line: first_line + line_ends(before) + 1,
            message: format!(
                "invalid UTF-8 at byte {}; re-encode the file as UTF-8",
                offset + bad
            ),
        }
    })
}

/// Counts the line ends (LF, CRLF or CR) in `bytes`.
fn line_ends(bytes: &[u8]) -> u64 {
    let mut count = 0;
    let mut iter = bytes.iter().peekable();
    while let Some(&b) = iter.next() {
        if b == b'\n' || (b == b'\r' && iter.peek() != Some(&&b'\n')) {
            count += 1;
        }
    }
    count
}

/// Splits `bytes` into lines ended by LF, CRLF or CR: `(start offset, line)`.
fn split_lines(bytes: &[u8]) -> Vec<(usize, &[u8])> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut ends = memchr::memchr2_iter(b'\n', b'\r', bytes);
    while let Some(end) = ends.next() {
        lines.push((start, bytes.get(start..end).unwrap_or_default()));
        start = end + 1;
        if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
            // The LF of a CRLF.
            ends.next();
            start = end + 2;
        }
    }
    if start < bytes.len() {
        lines.push((start, &bytes[start..]));
    }
    lines
}

/// Turns CRLF and CR line ends into LF.
fn normalize_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    }
}

/// The fewest words of a headline [`Article::set_body`] takes out of a
/// body: a short one ("Ceasefire", "Kharkiv under fire") may well be how
/// the story's own first sentence begins.
pub const MIN_HEADLINE_WORDS: usize = 4;

/// What follows `title` at the start of `paragraph`, less the separators
/// between them (spaces, colons, dashes, bars), if the paragraph opens
/// with it (letter case aside) and it is a headline to take out.
fn after_headline<'a>(title: &str, paragraph: &'a str) -> Option<&'a str> {
    if title.split_whitespace().count() < MIN_HEADLINE_WORDS {
        return None;
    }
    let head = paragraph.get(..title.len())?;
    let rest = &paragraph[title.len()..];
    let ends_word = !rest.starts_with(|c: char| c.is_alphanumeric());
    (head.eq_ignore_ascii_case(title) && ends_word)
        .then(|| rest.trim_start_matches(|c: char| c.is_whitespace() || ".:-|–—".contains(c)))
}

/// The fewest letters an outlet's name in a headline and its source may
/// have to be matched: "AP" and "A" say too little.
const MIN_OUTLET_LETTERS: usize = 3;

/// `text`'s letters and digits, in lower case: "Jordan Times" and
/// "jordantimes" are one name.
fn letters_and_digits(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Trims `text` and collapses each run of whitespace inside it to one space.
fn collapse_whitespace(text: &str) -> String {
    if is_collapsed(text) {
        // Most text is collapsed already.
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether [`collapse_whitespace`] would leave `text` as it is: no white
/// space but single spaces between words. Checking costs a fraction of
/// collapsing.
fn is_collapsed(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && memchr::memmem::find(bytes, b"  ").is_none()
        // ASCII white space other than the space: tab to carriage return.
        && !any_byte(bytes, |b| (b'\t'..=b'\r').contains(&b))
        && (text.is_ascii() || !has_non_ascii_space(text))
}

/// The first bytes of the UTF-8 of every white-space character outside
/// ASCII: U+0085 and U+00A0 (`C2`), U+1680 (`E1`), U+2000 to U+205F
/// (`E2`) and U+3000 (`E3`).
const NON_ASCII_SPACE_LEADS: [u8; 4] = [0xC2, 0xE1, 0xE2, 0xE3];

/// Whether `text` holds white space outside ASCII (a no-break space, a
/// thin space, a line separator…). Only the characters that start with
/// one of [`NON_ASCII_SPACE_LEADS`] are decoded, found by vector search.
fn has_non_ascii_space(text: &str) -> bool {
    let [c2, e1, e2, e3] = NON_ASCII_SPACE_LEADS;
    let bytes = text.as_bytes();
    let is_space_at = |at: usize| {
        text.get(at..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(char::is_whitespace)
    };
    memchr::memchr3_iter(c2, e1, e2, bytes).any(is_space_at)
        || memchr::memchr_iter(e3, bytes).any(is_space_at)
}

/// Whether `text` is printable ASCII with its white space as
/// [`collapse_whitespace`] leaves it: single spaces between words, none at
/// either end. Checking costs a fraction of collapsing.
pub(crate) fn is_plain_ascii(text: &str) -> bool {
    !any_byte(text.as_bytes(), |b| !(b' '..=b'~').contains(&b)) && is_collapsed(text)
}

/// Whether any of `bytes` passes `test`, checked a block at a time with no
/// early exit inside a block, so that the check compiles to vector
/// instructions.
fn any_byte(bytes: &[u8], test: impl Fn(u8) -> bool) -> bool {
    bytes
        .chunks(64)
        .any(|block| block.iter().fold(false, |found, &b| found | test(b)))
}

/// Splits a body of text into paragraphs.
///
/// Paragraphs are separated by blank lines, and the lines of one paragraph
/// are joined with a space; but where the body has no blank line at all,
/// every line is a paragraph. Blank lines before and after the body do not
/// count. Line ends may be LF, CRLF or CR.
fn split_paragraphs(body: &str) -> Vec<String> {
    let body = normalize_newlines(body);
    let lines: Vec<&str> = body.lines().collect();
    let Some(first) = lines.iter().position(|line| !line.trim().is_empty()) else {
        return Vec::new();
    };
    let last = lines
        .iter()
        .rposition(|line| !line.trim().is_empty())
        .unwrap_or(first);
    let lines = lines.get(first..=last).unwrap_or_default();
    if lines.iter().any(|line| line.trim().is_empty()) {
        lines
            .split(|line| line.trim().is_empty())
            .map(|group| match group {
                [line] => collapse_whitespace(line),
                lines => collapse_whitespace(&lines.join(" ")),
            })
            .filter(|paragraph| !paragraph.is_empty())
            .collect()
    } else {
        lines.iter().map(|line| collapse_whitespace(line)).collect()
    }
}

/// The warning for a date that is present but does not parse.
fn unparseable_date(value: &str) -> String {
    format!(
        "{WARNING} unparseable date {value:?}, article kept without a date; \
         use RFC 3339 such as 2024-05-01T12:00:00Z"
    )
}

#[cfg(test)]
pub(super) mod tests {
    #[test]
    fn a_big_json_lines_file_comes_in_chunks_of_whole_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.jsonl");
        let mut text = String::new();
        for n in 1..=400 {
            if n == 250 {
                text.push_str("{broken\n");
            } else {
                text.push_str(&format!(
                    "{{\"title\": \"T{n}\", \"body\": \"Body number {n} of the big file.\"}}\n"
                ));
            }
        }
        std::fs::write(&path, &text).unwrap();
        let file = walk(std::slice::from_ref(&path)).files.remove(0);
        let mut chunks = 0;
        let mut lines = Vec::new();
        let mut problems = Vec::new();
        let totals = read_in_chunks(&file, None, 4096, |chunk| {
            chunks += 1;
            lines.extend(chunk.articles.iter().map(|a| a.line()));
            problems.extend(chunk.problems.iter().map(|p| p.line));
            Ok::<(), ()>(())
        })
        .unwrap();
        assert!(chunks > 5, "{chunks} chunks");
        assert_eq!(lines.len(), 399);
        assert_eq!(lines[0], Some(1));
        assert_eq!((lines[248], lines[249]), (Some(249), Some(251)));
        assert_eq!(lines[398], Some(400));
        assert_eq!(problems, [Some(250)]);
        assert_eq!(totals.hash, xxhash_rust::xxh3::xxh3_64(text.as_bytes()));
        assert_eq!((totals.lines, totals.bytes), (400, text.len() as u64));
        // The same totals as reading it whole.
        let whole = read(&file, None);
        assert_eq!(
            (whole.hash, whole.lines, whole.articles.len()),
            (totals.hash, 400, 399)
        );
    }

    #[test]
    fn a_grown_json_lines_file_is_read_from_where_it_ended() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feed.jsonl");
        let line = |n: u32| format!("{{\"title\": \"T{n}\", \"body\": \"Body {n}.\"}}\n");
        std::fs::write(&path, format!("{}{}", line(1), line(2))).unwrap();
        let file = walk(std::slice::from_ref(&path)).files.remove(0);
        let first = read(&file, None);
        assert_eq!(
            (
                first.articles.len(),
                first.lines,
                first.unchanged,
                first.resumed
            ),
            (2, 2, false, false)
        );
        let seen = Seen {
            bytes: first.bytes,
            hash: first.hash,
            lines: first.lines,
        };

        let again = read(&file, Some(&seen));
        assert!(again.unchanged && again.articles.is_empty());

        std::fs::write(
            &path,
            format!("{}{}{}{{broken\n", line(1), line(2), line(3)),
        )
        .unwrap();
        let grown = read(&file, Some(&seen));
        assert!(grown.resumed);
        assert_eq!(grown.articles.len(), 1);
        assert_eq!(grown.articles[0].title, "T3");
        assert_eq!(grown.articles[0].locator, Locator::Line(3));
        assert_eq!(grown.problems[0].line, Some(4));

        // An edit before the end: everything is read again.
        std::fs::write(&path, format!("{}{}{}", line(9), line(2), line(3))).unwrap();
        let edited = read(&file, Some(&seen));
        assert!(!edited.resumed && !edited.unchanged);
        assert_eq!(edited.articles.len(), 3);
    }

    use super::*;
    use flate2::write::GzEncoder;
    use flate2::Compression;
    use proptest::prelude::*;
    use std::io::Write;
    use std::os::unix::fs::symlink;

    /// An in-memory source file for the readers' tests.
    pub(crate) fn source(display: &str, format: Format) -> SourceFile {
        SourceFile {
            path: PathBuf::from(display),
            display: display.to_string(),
            format,
            gzip: false,
        }
    }

    /// The paragraphs of each article read.
    pub(crate) fn text_of(contents: &FileContents) -> Vec<Vec<String>> {
        contents
            .articles
            .iter()
            .map(|article| article.paragraphs.clone())
            .collect()
    }

    const ALL_FORMATS: [Format; 5] = [
        Format::Text,
        Format::Markdown,
        Format::Json,
        Format::JsonLines,
        Format::Html,
    ];

    /// A small valid file of each format, and the paragraphs it gives.
    fn sample(format: Format) -> (&'static str, &'static str) {
        match format {
            Format::Text => ("a.txt", "Title\n\nBody text.\n"),
            Format::Markdown => ("a.md", "# Title\n\nBody text.\n"),
            Format::Json => ("a.json", r#"{"body": "Body text."}"#),
            Format::JsonLines => ("a.jsonl", "{\"body\": \"Body text.\"}\n"),
            Format::Html => ("a.html", "<p>Body text.</p>"),
        }
    }

    #[test]
    fn the_headline_drops_the_outlet_name_that_is_the_article_s_source() {
        let headline = |title: &str, outlet: Option<&str>| {
            let mut article = source("a.json", Format::Json).article(Locator::Whole);
            article.title = title.to_string();
            article.source = outlet.map(str::to_string);
            article.headline().to_string()
        };
        // From the bundled corpus (`fa-kes/jordantimes-0301.html`).
        let aleppo = "At least 70 killed in north of Syrias Aleppo monitor";
        assert_eq!(
            headline(&format!("{aleppo} | Jordan Times"), Some("jordantimes")),
            aleppo
        );
        assert_eq!(
            headline(
                "Deadly bomb blast hits Aleppo - Ahram Online",
                Some("ahram")
            ),
            "Deadly bomb blast hits Aleppo"
        );
        assert_eq!(
            headline(
                "Russia targets Qamishli \u{2013} Daily Sabah",
                Some("Daily Sabah")
            ),
            "Russia targets Qamishli"
        );
        // Another outlet's name, no source, too short a name, or nothing
        // left: the title as it is.
        for (title, outlet) in [
            ("Kremlin answers - Reuters", Some("tass")),
            ("Talks resume | Jordan Times", None),
            ("Talks resume - AP", Some("ap")),
            (" - Jordan Times", Some("jordantimes")),
            ("Russia-Ukraine war - live updates", Some("guardian")),
        ] {
            assert_eq!(headline(title, outlet), title, "{title}");
        }
    }

    #[test]
    fn a_body_that_opens_with_its_headline_loses_it() {
        let body = |title: &str, paragraphs: &[&str]| {
            let mut article = source("a.json", Format::Json).article(Locator::Whole);
            article.title = title.to_string();
            article.set_body(paragraphs.iter().map(|p| p.to_string()).collect());
            article.paragraphs
        };
        // From the bundled corpus (`fa-kes/ahram.json`).
        let title = "At least 70 killed in north of Syrias Aleppo Monitor";
        assert_eq!(
            body(
                title,
                &[&format!(
                    "{title} AFP Thursday 30 Jun 2016 At least 70 died."
                )]
            ),
            ["AFP Thursday 30 Jun 2016 At least 70 died."]
        );
        // Letter case aside, after a separator, or as a paragraph of its own.
        let title = "Talks end without a deal";
        assert_eq!(
            body(title, &["TALKS END WITHOUT A DEAL: Envoys left.", "More."]),
            ["Envoys left.", "More."]
        );
        assert_eq!(body(title, &[title, "Envoys left."]), ["Envoys left."]);
        // Kept: a short headline, one that ends inside a word, a headline
        // that is the whole body, and one that is not at the start.
        assert_eq!(
            body("Kyiv under fire", &["Kyiv under fire again."]),
            ["Kyiv under fire again."]
        );
        assert_eq!(
            body(title, &["Talks end without a dealmaker in the room."]),
            ["Talks end without a dealmaker in the room."]
        );
        assert_eq!(body(title, &[title]), [title]);
        assert_eq!(
            body(title, &["Envoys left.", title]),
            ["Envoys left.", title]
        );
    }

    #[test]
    fn a_dateline_goes_with_the_headline_it_opens() {
        let read = |title: &str, paragraphs: &[&str], published: Option<&str>| {
            let mut article = source("a.json", Format::Json).article(Locator::Whole);
            article.title = title.to_string();
            article.published = published.and_then(parse_date);
            article.set_body(paragraphs.iter().map(|p| p.to_string()).collect());
            let published = article.published.map(|d| d.to_rfc3339());
            (article.paragraphs, published)
        };
        // From FA-KES (`fa-kes/nna.jsonl.gz`, fakes-0003).
        let title = "Death toll from Aleppo bomb attack at least 112";
        let first = format!("Sun 16 Apr 2017 {title}. The death toll rose.");
        assert_eq!(
            read(title, &[&first], None),
            (
                vec!["The death toll rose.".to_string()],
                Some("2017-04-16T00:00:00+00:00".to_string())
            )
        );
        // A date the article has already is kept.
        let (_, published) = read(title, &[&first], Some("2017-04-17T09:30:00Z"));
        assert_eq!(published.as_deref(), Some("2017-04-17T09:30:00+00:00"));
        // A dateline and headline as a paragraph of their own.
        let alone = format!("Wednesday 27 Jul 2016 19:11 {title}");
        assert_eq!(read(title, &[&alone, "Text."], None).0, ["Text."]);
        // Labelled, it goes whatever follows.
        assert_eq!(
            read(
                "Regime offensive leaves 70 dead",
                &["Date of publication 30 June 2016 At least 70 died."],
                None
            ),
            (
                vec!["At least 70 died.".to_string()],
                Some("2016-06-30T00:00:00+00:00".to_string())
            )
        );
        // Kept: a dateline not followed by the headline, and a dateline and
        // headline that are the whole body.
        assert_eq!(
            read(title, &["30 April 2016 25 civilians killed."], None),
            (vec!["30 April 2016 25 civilians killed.".to_string()], None)
        );
        assert_eq!(read(title, &[&alone], None).0, [alone.as_str()]);
    }

    /// A file of each format titled `headline`, its body `text`.
    fn in_every_format(headline: &str, text: &str) -> [(&'static str, String); 5] {
        [
            ("a.txt", format!("{headline}\n\n{text}\n")),
            ("a.md", format!("# {headline}\n\n{text}\n")),
            (
                "a.json",
                format!(r#"{{"title": "{headline}", "body": "{text}"}}"#),
            ),
            (
                "a.jsonl",
                format!("{{\"title\": \"{headline}\", \"body\": \"{text}\"}}\n"),
            ),
            ("a.html", format!("<title>{headline}</title><p>{text}</p>")),
        ]
    }

    #[test]
    fn every_format_takes_the_headline_out_of_the_body() {
        let headline = "Envoys leave Geneva without deal";
        let files = in_every_format(headline, &format!("{headline}: talks will resume."));
        for ((name, file), format) in files.iter().zip(ALL_FORMATS) {
            let contents = parse(&source(name, format), file.as_bytes());
            assert!(
                contents.problems.is_empty(),
                "{name}: {:?}",
                contents.problems
            );
            assert_eq!(contents.articles[0].title, headline, "{name}");
            assert_eq!(
                contents.articles[0].paragraphs,
                ["talks will resume."],
                "{name}"
            );
            assert_eq!(contents.articles[0].published, None, "{name}");
        }
        // With a dateline before the headline: both go, and the dateline
        // dates an article that has no date of its own.
        let text = format!("Mon Jul 18 2016 {headline}: talks will resume.");
        for ((name, file), format) in in_every_format(headline, &text).iter().zip(ALL_FORMATS) {
            let contents = parse(&source(name, format), file.as_bytes());
            let article = &contents.articles[0];
            assert_eq!(article.paragraphs, ["talks will resume."], "{name}");
            assert_eq!(
                article.published.map(|d| d.to_rfc3339()).as_deref(),
                Some("2016-07-18T00:00:00+00:00"),
                "{name}"
            );
        }
        // A page's own date stands.
        let page = format!(
            r#"<meta property="article:published_time" content="2016-07-19T08:00:00Z"><title>{headline}</title><p>{text}</p>"#
        );
        let contents = parse(&source("b.html", Format::Html), page.as_bytes());
        assert_eq!(
            contents.articles[0]
                .published
                .map(|d| d.to_rfc3339())
                .as_deref(),
            Some("2016-07-19T08:00:00+00:00")
        );
    }

    #[test]
    fn location_id_forms() {
        let mut article = source("dir/a.jsonl", Format::JsonLines).article(Locator::Whole);
        assert_eq!(article.location_id(), "dir/a.jsonl");
        article.locator = Locator::Line(7);
        assert_eq!(article.location_id(), "dir/a.jsonl:7");
        article.locator = Locator::Element(0);
        assert_eq!(article.location_id(), "dir/a.jsonl[0]");
    }

    #[test]
    fn format_from_name() {
        let cases = [
            ("a.txt", Some((Format::Text, false))),
            ("A.TXT", Some((Format::Text, false))),
            ("a.md", Some((Format::Markdown, false))),
            ("a.Markdown", Some((Format::Markdown, false))),
            ("a.json", Some((Format::Json, false))),
            ("a.jsonl", Some((Format::JsonLines, false))),
            ("a.ndjson.GZ", Some((Format::JsonLines, true))),
            ("a.html", Some((Format::Html, false))),
            ("a.htm.gz", Some((Format::Html, true))),
            ("a.tar.gz", None),
            ("a.gz", None),
            ("txt", None),
            ("a.pdf", None),
        ];
        for (name, want) in cases {
            let got = SourceFile::classify(Path::new(name)).map(|f| (f.format, f.gzip));
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn paragraph_splitting_rules() {
        assert_eq!(split_paragraphs("\n\n a \n b\n\n"), ["a", "b"]);
        assert_eq!(split_paragraphs("a\nb\n\nc  d\n e"), ["a b", "c d e"]);
        assert_eq!(split_paragraphs("a\r\nb\r\n\r\nc"), ["a b", "c"]);
        assert_eq!(split_paragraphs("a\rb"), ["a", "b"]);
        assert!(split_paragraphs(" \n\t\n").is_empty());
        assert_eq!(collapse_whitespace("  a \t\n b\u{a0}c  "), "a b c");
        assert!(is_plain_ascii("a b c"));
        for not_plain in [" a", "a ", "a  b", "a\tb", "a\u{7f}", "a\u{a0}b", "\u{e9}"] {
            assert!(!is_plain_ascii(not_plain), "{not_plain:?}");
        }
    }

    #[test]
    fn every_white_space_outside_ascii_starts_with_a_known_byte() {
        let spaces = (0x80..=0x10_FFFF)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace());
        for space in spaces {
            let first = space.to_string().as_bytes()[0];
            assert!(NON_ASCII_SPACE_LEADS.contains(&first), "{space:?}");
            assert!(
                has_non_ascii_space(&format!("a\u{2019}{space}b")),
                "{space:?}"
            );
        }
        assert!(!has_non_ascii_space(
            "\u{2018}quoted\u{2019} \u{e9}t\u{e9}\u{3001}"
        ));
    }

    #[test]
    fn line_splitting_and_counting() {
        let lines: Vec<_> = split_lines(b"a\r\nb\rc\n\nd").into_iter().collect();
        assert_eq!(
            lines,
            [(0, &b"a"[..]), (3, b"b"), (5, b"c"), (7, b""), (8, b"d")]
        );
        assert_eq!(line_ends(b"a\r\nb\rc\n"), 3);
        assert_eq!(line_ends(b"abc"), 0);
    }

    #[test]
    fn empty_file_in_every_format() {
        for format in ALL_FORMATS {
            for bytes in [&b""[..], b" \n\t\r\n", b"\xEF\xBB\xBF\n"] {
                let contents = parse(&source("x", format), bytes);
                assert!(contents.articles.is_empty());
                assert_eq!(contents.problems[0].error, "empty file", "{format:?}");
                assert_eq!(contents.bytes, bytes.len() as u64);
            }
        }
    }

    #[test]
    fn binary_file_in_every_format() {
        for format in ALL_FORMATS {
            let mut bytes = b"Title\n\nBody\0text".to_vec();
            let contents = parse(&source("x", format), &bytes);
            assert_eq!(contents.problems[0].error, "binary file, not text");
            // Only the first 8 KiB are looked at.
            bytes.splice(..0, std::iter::repeat_n(b' ', BINARY_SNIFF));
            let contents = parse(&source("x", format), &bytes);
            assert_ne!(
                contents.problems.first().map(|p| p.error.as_str()),
                Some("binary file, not text")
            );
        }
    }

    #[test]
    fn invalid_utf8_in_whole_file_formats() {
        for format in [Format::Markdown, Format::Html, Format::Json] {
            let contents = parse(&source("x", format), b"\xEF\xBB\xBFok\n\xC3(");
            assert!(contents.articles.is_empty(), "{format:?}");
            assert_eq!(contents.problems.len(), 1);
            assert_eq!(contents.problems[0].line, Some(2));
            assert_eq!(
                contents.problems[0].error,
                "invalid UTF-8 at byte 6; re-encode the file as UTF-8"
            );
        }
    }

    #[test]
    fn problem_warning_flag() {
        let problem = |error: &str| Problem {
            path: "p".to_string(),
            line: None,
            error: error.to_string(),
        };
        assert!(problem(&unparseable_date("x")).is_warning());
        assert!(!problem("empty file").is_warning());
    }

    /// Gzips `data` into `path`, as `members` concatenated gzip members.
    fn write_gz(path: &Path, data: &[u8], members: usize) {
        let mut out = Vec::new();
        let chunk = data.len().div_ceil(members).max(1);
        for part in data.chunks(chunk) {
            let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
            encoder.write_all(part).unwrap();
            out.extend(encoder.finish().unwrap());
        }
        std::fs::write(path, out).unwrap();
    }

    #[test]
    fn gzip_of_each_format() {
        let dir = tempfile::tempdir().unwrap();
        for format in ALL_FORMATS {
            for members in [1, 2] {
                let (name, text) = sample(format);
                let path = dir.path().join(format!("{members}{name}.gz"));
                write_gz(&path, text.as_bytes(), members);
                let walk = walk(std::slice::from_ref(&path));
                let file = &walk.files[0];
                assert_eq!((file.format, file.gzip), (format, true));
                let contents = read(file, None);
                assert!(
                    contents.problems.is_empty(),
                    "{format:?}: {:?}",
                    contents.problems
                );
                assert_eq!(text_of(&contents), [["Body text."]], "{format:?}");
                let on_disk = std::fs::metadata(&path).unwrap().len();
                assert_eq!(contents.bytes, on_disk);
            }
        }
    }

    #[test]
    fn corrupt_gzip_is_a_problem() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt.gz");
        std::fs::write(&path, b"not gzip at all").unwrap();
        let contents = read(&walk(&[path]).files[0], None);
        assert!(contents.articles.is_empty());
        assert!(contents.problems[0]
            .error
            .starts_with("corrupt gzip data: "));
        assert_eq!(contents.bytes, 15);
    }

    #[test]
    fn plain_read_counts_bytes_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "Title\n\nBody.\n").unwrap();
        let contents = read(&walk(&[path]).files[0], None);
        assert_eq!(text_of(&contents), [["Body."]]);
        assert_eq!(contents.bytes, 13);
    }

    #[test]
    fn unreadable_file_is_a_problem() {
        let dir = tempfile::tempdir().unwrap();
        let mut file = source("x.txt", Format::Text);
        // Reading a folder fails whoever runs the tests (root reads any file).
        file.path = dir.path().to_path_buf();
        let contents = read(&file, None);
        assert!(contents.articles.is_empty());
        assert!(contents.problems[0]
            .error
            .starts_with("cannot read file: is a directory"));
        assert_eq!(contents.problems[0].path, "x.txt");
    }

    /// Makes the files and folders `names` (folders end in '/') under `root`.
    fn make(root: &Path, names: &[&str]) {
        for name in names {
            let path = root.join(name);
            if name.ends_with('/') {
                std::fs::create_dir_all(&path).unwrap();
            } else {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, "Title\n\nBody.\n").unwrap();
            }
        }
    }

    fn displays(walk: &Walk) -> Vec<String> {
        walk.files.iter().map(|file| file.display.clone()).collect()
    }

    #[test]
    fn walk_is_sorted_skips_hidden_and_counts_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        make(
            &root,
            &[
                "b.txt",
                "a/z.md",
                "a/b.json",
                "c.pdf",
                "a/notes.doc",
                ".hidden.txt",
                ".git/x.txt",
                "d/.e/f.txt",
                "e.HTML.gz",
                "empty/",
            ],
        );
        let walk = walk(std::slice::from_ref(&root));
        let shown = root.display().to_string();
        assert_eq!(
            displays(&walk),
            [
                format!("{shown}/a/b.json"),
                format!("{shown}/a/z.md"),
                format!("{shown}/b.txt"),
                format!("{shown}/e.HTML.gz"),
            ]
        );
        assert_eq!(walk.ignored, 2);
        assert!(walk.problems.is_empty());
    }

    #[test]
    fn hidden_roots_and_dotted_paths_are_walked() {
        let dir = tempfile::tempdir().unwrap();
        make(dir.path(), &[".hidden/a.txt", "x/y.txt"]);
        let hidden = dir.path().join(".hidden");
        let dotted = dir.path().join("x/../x/.");
        let walk = walk(&[hidden.clone(), dotted.clone()]);
        assert_eq!(
            displays(&walk),
            [
                format!("{}/a.txt", hidden.display()),
                format!("{}/y.txt", dotted.display()),
            ]
        );
    }

    #[test]
    fn root_files_missing_roots_and_ignored_roots() {
        let dir = tempfile::tempdir().unwrap();
        make(dir.path(), &["a.txt", "b.csv", ".c.md"]);
        let roots = ["a.txt", "b.csv", "missing", ".c.md"].map(|name| dir.path().join(name));
        let walk = walk(&roots);
        assert_eq!(
            displays(&walk),
            [
                roots[0].display().to_string(),
                roots[3].display().to_string()
            ]
        );
        assert_eq!(walk.ignored, 1);
        assert_eq!(walk.problems.len(), 1);
        assert_eq!(walk.problems[0].path, roots[2].display().to_string());
        assert!(walk.problems[0].error.starts_with("no such file or folder"));
    }

    #[test]
    fn special_file_root_is_a_problem() {
        let walk = walk(&[PathBuf::from("/dev/null")]);
        assert!(walk.files.is_empty());
        assert_eq!(walk.ignored, 0);
        assert!(walk.problems[0].error.starts_with("not a regular file"));
    }

    #[test]
    fn broken_symlinks_are_problems() {
        let dir = tempfile::tempdir().unwrap();
        make(dir.path(), &["root/a.txt"]);
        let root = dir.path().join("root");
        symlink(dir.path().join("nowhere.txt"), root.join("b.txt")).unwrap();
        let walk = walk(&[root.clone(), root.join("b.txt")]);
        assert_eq!(displays(&walk), [root.join("a.txt").display().to_string()]);
        let broken = root.join("b.txt").display().to_string();
        assert_eq!(
            walk.problems,
            [
                Problem {
                    path: broken.clone(),
                    line: None,
                    error: BROKEN_SYMLINK.to_string()
                },
                Problem {
                    path: broken,
                    line: None,
                    error: BROKEN_SYMLINK.to_string()
                },
            ]
        );
    }

    #[test]
    fn symlinks_are_followed_and_loops_reported() {
        let dir = tempfile::tempdir().unwrap();
        make(dir.path(), &["root/sub/a.txt", "elsewhere/b.txt"]);
        let root = dir.path().join("root");
        symlink(&root, root.join("sub/loop")).unwrap();
        symlink(dir.path().join("elsewhere"), root.join("linked")).unwrap();
        let walk = walk(std::slice::from_ref(&root));
        assert_eq!(
            displays(&walk),
            [
                root.join("linked/b.txt").display().to_string(),
                root.join("sub/a.txt").display().to_string(),
            ]
        );
        assert_eq!(walk.problems.len(), 1);
        assert_eq!(
            walk.problems[0].path,
            root.join("sub/loop").display().to_string()
        );
        assert!(walk.problems[0].error.starts_with("symlink loop"));
    }

    /// The article [`Article::set_body`] makes of `paragraphs` under
    /// `title`, once checked for what it keeps whatever it takes out: a
    /// body, of trimmed paragraphs, that ends as the text did and has lost
    /// no paragraph but the first.
    fn set_body_checked(
        title: &str,
        paragraphs: &[String],
    ) -> Result<Article, proptest::test_runner::TestCaseError> {
        let mut article = source("a.json", Format::Json).article(Locator::Whole);
        article.title = title.to_string();
        article.set_body(paragraphs.to_vec());
        prop_assert!(!article.paragraphs.is_empty());
        prop_assert!(article
            .paragraphs
            .iter()
            .all(|p| !p.is_empty() && p.trim() == p));
        prop_assert!(paragraphs
            .join("\n")
            .ends_with(&article.paragraphs.join("\n")));
        prop_assert!(article.paragraphs.len() + 1 >= paragraphs.len());
        Ok(article)
    }

    proptest! {
        #[test]
        fn parse_never_panics_on_bytes(format in 0..5usize, bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let contents = parse(&source("x", ALL_FORMATS[format]), &bytes);
            for article in &contents.articles {
                prop_assert!(!article.paragraphs.is_empty());
                prop_assert!(article.paragraphs.iter().all(|p| !p.is_empty() && p.trim() == p));
            }
        }

        #[test]
        fn parse_never_panics_on_structured_text(
            format in 0..5usize,
            text in r#"(---\n|\{|\}|\[|\]|"[a-z]*"|:|,|\n|\r|<p>|</p>|<article>|# |\* |`|title|body|date|[ a-z0-9\u{feff}é])*"#,
        ) {
            let contents = parse(&source("x", ALL_FORMATS[format]), text.as_bytes());
            for article in &contents.articles {
                prop_assert!(!article.paragraphs.is_empty());
            }
        }

        #[test]
        fn taking_the_headline_out_leaves_a_body_that_ends_the_same(
            title in "[A-Za-z]{1,3}( [A-Za-z]{1,3}){0,5}",
            paragraphs in proptest::collection::vec("[A-Za-z:| -]{0,3}( [A-Za-z]{1,3}){0,8}", 1..4),
        ) {
            let paragraphs: Vec<String> = paragraphs.iter().map(|p| collapse_whitespace(&format!("{title}{p}"))).filter(|p| !p.is_empty()).collect();
            prop_assume!(!paragraphs.is_empty());
            set_body_checked(&title, &paragraphs)?;
        }

        #[test]
        fn taking_a_dated_headline_out_leaves_a_body_that_ends_the_same(
            date in "((Mon|Sunday|16|Apr|April|2017|19:11|May|3rd),? ){0,5}",
            title in "[A-Za-z]{1,3}( [A-Za-z]{1,3}){3,5}",
            rest in "[A-Za-z:|. -]{0,3}( [A-Za-z0-9]{1,3}){0,8}",
            more in proptest::collection::vec("[A-Za-z ]{1,9}", 0..3),
        ) {
            let first = collapse_whitespace(&format!("{date}{title}{rest}"));
            let mut paragraphs = vec![first];
            paragraphs.extend(more.iter().map(|p| collapse_whitespace(p)).filter(|p| !p.is_empty()));
            let article = set_body_checked(&title, &paragraphs)?;
            // A date is only ever taken from the text that was taken out.
            if article.paragraphs == paragraphs {
                prop_assert_eq!(article.published, None);
            }
        }

        #[test]
        fn collapsing_white_space_keeps_the_words_in_order(text in "(\\PC|[\\x00-\\x7F]){0,200}") {
            let words: Vec<&str> = text.split_whitespace().collect();
            prop_assert_eq!(collapse_whitespace(&text), words.join(" "));
        }

        #[test]
        fn parse_date_never_panics(text in "\\PC*") {
            let _ = parse_date(&text);
        }

        #[test]
        fn collapsing_keeps_words_and_single_spaces(
            text in prop_oneof!["[ a\t\n\r\u{b}\u{c}]{0,40}", "( ?[a-z]{1,4}){0,10}", "\\PC{0,60}", "[ a\u{a0}\u{2009}\u{3000}\u{201c}]{0,30}"],
        ) {
            let words: Vec<&str> = text.split_whitespace().collect();
            prop_assert_eq!(collapse_whitespace(&text), words.join(" "));
        }

        #[test]
        fn lines_split_at_every_kind_of_line_end(text in "[ab\r\n]{0,40}") {
            let bytes = text.as_bytes();
            let lines = split_lines(bytes);
            // The definition: every line end made LF, then split there; a
            // last line end ends the last line rather than starting one.
            let unified = text.replace("\r\n", "\n").replace('\r', "\n");
            let mut contents: Vec<&str> = unified.split('\n').collect();
            if unified.ends_with('\n') || unified.is_empty() {
                contents.pop();
            }
            let found: Vec<&[u8]> = lines.iter().map(|&(_, line)| line).collect();
            let wanted: Vec<&[u8]> = contents.iter().map(|line| line.as_bytes()).collect();
            prop_assert_eq!(found, wanted);
            for &(start, line) in &lines {
                prop_assert_eq!(&bytes[start..start + line.len()], line);
            }
            prop_assert_eq!(count_lines(bytes), text.matches('\n').count() as u64);
        }
    }
}
