//! Helpers for the integration tests: a temporary workspace with a corpus
//! and an index, the real `sitrep` binary run in it, and the JSON output
//! schemas deserialised strictly (an unknown or missing member fails).

#![allow(dead_code)] // each test binary uses its own share of these helpers

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde::Deserialize;
use tempfile::TempDir;

/// A temporary folder with `corpus/` for input and `index/` for the index.
pub struct Workspace {
    dir: TempDir,
}

impl Workspace {
    pub fn new() -> Workspace {
        let dir = TempDir::new().expect("temporary directory");
        fs::create_dir(dir.path().join("corpus")).expect("corpus directory");
        Workspace { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn corpus(&self) -> PathBuf {
        self.path().join("corpus")
    }

    pub fn index_dir(&self) -> PathBuf {
        self.path().join("index")
    }

    /// Writes `contents` to `corpus/NAME`, making folders as needed.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.corpus().join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("folder");
        }
        fs::write(&path, contents).expect("write fixture");
        path
    }

    /// `sitrep` run in the workspace, on its index, with a clean environment.
    pub fn sitrep(&self) -> Command {
        let mut cmd = Command::cargo_bin("sitrep").expect("sitrep binary");
        cmd.current_dir(self.path())
            .env_remove("SITREP_INDEX")
            .env("NO_COLOR", "1")
            .arg("--index")
            .arg(self.index_dir());
        cmd
    }

    /// Starts `sitrep ARGS...` in the workspace, on its index, in the
    /// background, with its output thrown away.
    pub fn spawn(&self, args: &[&str]) -> std::process::Child {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("sitrep"))
            .current_dir(self.path())
            .env_remove("SITREP_INDEX")
            .arg("--index")
            .arg(self.index_dir())
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start sitrep")
    }

    /// Runs `sitrep ARGS...` in the workspace; asserts that it succeeds
    /// and returns its standard output.
    pub fn succeed<I, S>(&self, args: I) -> Vec<u8>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let out = self.sitrep().args(args).output().expect("run");
        assert!(
            out.status.success(),
            "sitrep failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    /// Runs `sitrep index --json corpus` in the workspace (so ids derived
    /// from paths read `corpus/NAME`); asserts success.
    pub fn index(&self) -> Summary {
        parse(&self.succeed(["index", "--json", "corpus"]))
    }

    /// Runs `sitrep search --json QUERY ARGS...`; asserts success.
    pub fn search(&self, query: &str, args: &[&str]) -> SearchResults {
        let mut all = vec!["search", "--json", query];
        all.extend_from_slice(args);
        parse(&self.succeed(all))
    }

    /// Runs `sitrep show --json ID`; asserts success.
    pub fn show(&self, id: &str) -> ShownArticle {
        parse(&self.succeed(["show", "--json", id]))
    }
}

/// Parses one JSON object printed on stdout, strictly.
pub fn parse<T: for<'de> Deserialize<'de>>(stdout: &[u8]) -> T {
    let text = std::str::from_utf8(stdout).expect("stdout is UTF-8");
    serde_json::from_str(text).unwrap_or_else(|e| panic!("bad JSON ({e}): {text}"))
}

/// The decisions `sitrep index --decisions FILE` wrote, one a line.
pub fn read_decisions(file: &Path) -> Vec<Decision> {
    fs::read_to_string(file)
        .expect("decisions file")
        .lines()
        .map(|line| parse(line.as_bytes()))
        .collect()
}

/// A paragraph of news-like text, different for every `topic` and `n`:
/// its words are drawn from a vocabulary by a hash of both, so two topics
/// share no more than stock words. Tests search for the topic itself, so
/// the vocabulary holds none of the words they use as topics.
pub fn paragraph(topic: &str, n: usize) -> String {
    const WORDS: [&str; 48] = [
        "convoy",
        "bridge",
        "governor",
        "shelling",
        "drone",
        "ministry",
        "envoy",
        "runway",
        "border",
        "refinery",
        "port",
        "quay",
        "granary",
        "assembly",
        "ceasefire",
        "brigade",
        "artillery",
        "reservoir",
        "dam",
        "hospital",
        "school",
        "power",
        "line",
        "village",
        "district",
        "mayor",
        "agency",
        "ambassador",
        "summit",
        "sanctions",
        "exports",
        "railway",
        "depot",
        "trench",
        "frontline",
        "evacuation",
        "volunteers",
        "engineers",
        "prosecutor",
        "tribunal",
        "observers",
        "monitors",
        "negotiators",
        "delegation",
        "parliament",
        "budget",
        "checkpoint",
        "airfield",
    ];
    let mut state = topic
        .bytes()
        .fold(n as u64 ^ 0x9E37_79B9_7F4A_7C15, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
        });
    let mut word = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        WORDS[(state % WORDS.len() as u64) as usize]
    };
    let words: Vec<&str> = (0..24).map(|_| word()).collect();
    format!(
        "Officials said the {} {} near the {} {} had {} the {} {}, while the {} {} and {} {} {} \
         {} {} {} {} in the {} {} {} {} on {} {} {} {} ({topic}, report {n}).",
        words[0],
        words[1],
        words[2],
        words[3],
        words[4],
        words[5],
        words[6],
        words[7],
        words[8],
        words[9],
        words[10],
        words[11],
        words[12],
        words[13],
        words[14],
        words[15],
        words[16],
        words[17],
        words[18],
        words[19],
        words[20],
        words[21],
        words[22],
        words[23]
    )
}

/// The index run's summary (`sitrep index --json`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    pub files: u64,
    pub files_unchanged: u64,
    pub files_reread: u64,
    pub ignored_files: u64,
    pub bytes: u64,
    pub articles: u64,
    pub new: u64,
    pub exact_duplicates: u64,
    pub near_duplicates: u64,
    pub unchanged: u64,
    pub replaced: u64,
    pub repeated_paragraphs: u64,
    pub id_collisions: u64,
    pub skipped: Vec<Problem>,
    pub warnings: Vec<Problem>,
    pub interrupted_run: Option<String>,
    pub completes_interrupted_run: bool,
    pub entities_checked: u64,
    pub entities_changed: u64,
    pub entities_outdated: bool,
    pub took_ms: u64,
}

/// One input problem.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    pub path: String,
    pub line: Option<u64>,
    pub error: String,
}

/// `sitrep search --json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchResults {
    pub query: String,
    pub total: u64,
    pub took_ms: u64,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    pub spellings: Vec<Spellings>,
    pub namesakes: Vec<Namesakes>,
    pub sources: Vec<SourceGuess>,
}

/// A source of the filters that no outlet is named as written, and the
/// outlets searched instead.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SourceGuess {
    pub typed: String,
    pub searched: Vec<String>,
}

/// A place name of the filters that other places bear too.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Namesakes {
    pub typed: String,
    pub chosen: LocationCount,
    pub others: Vec<LocationCount>,
}

/// A name of the query searched in other spellings too.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Spellings {
    pub typed: String,
    pub dimension: String,
    pub name: String,
    pub searched: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hit {
    pub id: String,
    pub title: String,
    pub published: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub path: String,
    pub score: f32,
    pub snippet: String,
    pub actors: Vec<String>,
    pub locations: Vec<String>,
    pub duplicates: Vec<Duplicate>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Duplicate {
    pub id: String,
    pub path: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub kind: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facets {
    pub actor: Vec<ActorCount>,
    pub location: Vec<LocationCount>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorCount {
    pub name: String,
    pub kind: String,
    pub count: u64,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LocationCount {
    pub name: String,
    pub path: Vec<String>,
    pub count: u64,
}

/// `sitrep show --json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShownArticle {
    pub id: String,
    pub title: String,
    pub published: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub path: String,
    pub story: String,
    pub kind: String,
    pub copy_of: Option<String>,
    pub paragraphs: Vec<String>,
    pub repeated_paragraphs: u64,
    pub actors: Vec<String>,
    pub locations: Vec<String>,
    pub duplicates: Vec<Duplicate>,
}

/// `sitrep facets --json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FacetList {
    pub dimension: String,
    pub query: String,
    pub under: Option<Vec<String>>,
    pub total: u64,
    pub values: Vec<FacetValue>,
    pub spellings: Vec<Spellings>,
    pub namesakes: Vec<Namesakes>,
    pub sources: Vec<SourceGuess>,
}

/// `sitrep timeline --json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timeline {
    pub query: String,
    pub total: u64,
    pub by: String,
    pub undated: u64,
    pub periods: Vec<Period>,
    pub spellings: Vec<Spellings>,
    pub namesakes: Vec<Namesakes>,
    pub sources: Vec<SourceGuess>,
}

/// A period of `sitrep timeline --json`.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub start: String,
    pub stories: u64,
}

/// A value of `sitrep facets --json`: `kind` only for actors.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FacetValue {
    pub name: String,
    pub path: Vec<String>,
    pub kind: Option<String>,
    pub count: u64,
}

/// `sitrep stats --json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stats {
    pub articles: u64,
    pub stories: u64,
    pub exact_copies: u64,
    pub near_copies: u64,
    pub repeated_paragraphs: u64,
    pub index_bytes: u64,
    pub earliest: Option<String>,
    pub latest: Option<String>,
    pub entities_outdated: bool,
}

/// One line of `sitrep index --decisions FILE`.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub id: String,
    pub path: String,
    pub line: Option<u64>,
    pub verdict: String,
    pub story: Option<String>,
    pub copy_of: Option<String>,
    pub containment: Option<f32>,
}

impl Decision {
    /// The article, its verdict and the article it copies, to compare.
    pub fn named(&self) -> (&str, &str, Option<&str>) {
        (&self.id, &self.verdict, self.copy_of.as_deref())
    }
}
