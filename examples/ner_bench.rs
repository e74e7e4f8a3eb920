//! Benchmark of the entities module (not a test): mention-level precision,
//! recall and F1 on CoNLL-2003 dev, and extraction speed over news JSONL.
//!
//! `cargo run --release --example ner_bench -- --conll DEV --news DIR [--show N] [--truth FILE]`
//!
//! Quality is CoNLL-style: a predicted PER/ORG/LOC span counts only with the
//! exact boundaries and type of a gold span; MISC is ignored. Speed covers
//! the whole `Extractor::extract` (tokenising, known names, tagger,
//! resolution) on every article of every `*.jsonl` in DIR, per file and for
//! all files on one thread, then for all files on two rayon threads.
//! `--show N` prints the entities of N articles. `--truth FILE` scores the
//! articles of DIR against a ground truth of their actors and places, one
//! JSON object a line in the same order (`{"actors": [...], "locations":
//! [...]}`, as `../shared/tools/gen_corpus.py` writes `truth.jsonl`; that
//! file is not read as news): precision, recall and F1 by name, an actor by
//! its name and a place by the last part of its path; with the generator's
//! `entities.json` beside FILE, again with each name found taken as the
//! canonical name it is an alias of.

use std::collections::{HashMap, HashSet};
use std::error::Error;
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;
use sitrep::entities::tagger::{SpanScore, Tagger};
use sitrep::entities::{parse_conll, EntityType, Extractor};

/// The allocator of the `sitrep` binary, so the figures and profiles are
/// the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// One news article as the extractor takes it.
struct Article {
    title: String,
    paragraphs: Vec<String>,
    bytes: usize,
}

/// The articles of one JSONL file, with the file's name.
type NewsFile = (String, Vec<Article>);

/// Every article of every `*.jsonl` in `dir` but `skip`, grouped by file,
/// files sorted.
fn read_news(dir: &Path, skip: Option<&Path>) -> Result<Vec<NewsFile>, Box<dyn Error>> {
    let skip = skip.and_then(|p| p.canonicalize().ok());
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .filter(|p| skip.is_none() || p.canonicalize().ok() != skip)
        .collect();
    files.sort();
    let mut groups = Vec::new();
    for file in files {
        let mut articles = Vec::new();
        for line in std::fs::read_to_string(&file)?.lines() {
            let value: serde_json::Value = serde_json::from_str(line)?;
            let title = value["title"].as_str().unwrap_or("").to_string();
            let body = value["body"].as_str().unwrap_or("");
            let paragraphs = body
                .split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(String::from)
                .collect();
            articles.push(Article {
                bytes: title.len() + body.len(),
                title,
                paragraphs,
            });
        }
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        groups.push((name, articles));
    }
    Ok(groups)
}

/// Found, expected and both, for one kind of name.
#[derive(Default)]
struct Tally {
    found: usize,
    expected: usize,
    right: usize,
}

impl Tally {
    fn add(&mut self, found: &HashSet<String>, expected: &HashSet<String>) {
        self.found += found.len();
        self.expected += expected.len();
        self.right += found.intersection(expected).count();
    }

    fn print(&self, label: &str) {
        let precision = self.right as f64 / self.found.max(1) as f64;
        let recall = self.right as f64 / self.expected.max(1) as f64;
        let f1 = 2.0 * self.right as f64 / (self.found + self.expected).max(1) as f64;
        println!(
            "  {label}: precision {precision:.4}  recall {recall:.4}  F1 {f1:.4}  \
             ({} right of {} found, {} expected)",
            self.right, self.found, self.expected
        );
    }
}

/// Scores `articles` against the ground truth in `path`, line by line.
fn truth_scores(
    extractor: &Extractor,
    articles: &[Article],
    path: &str,
) -> Result<(), Box<dyn Error>> {
    let names = |value: &serde_json::Value, key: &str| -> HashSet<String> {
        value[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|name| name.as_str().map(String::from))
            .collect()
    };
    let truth: Vec<serde_json::Value> = std::fs::read_to_string(path)?
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    if truth.len() != articles.len() {
        return Err(format!(
            "{path} has {} lines for {} articles: it must give one line per article, in order",
            truth.len(),
            articles.len()
        )
        .into());
    }
    let found: Vec<(HashSet<String>, HashSet<String>)> = articles
        .par_iter()
        .map(|article| {
            let entities = extractor.extract(&article.title, &article.paragraphs);
            let actors = entities.actors.into_iter().map(|a| a.name).collect();
            let places = entities
                .locations
                .into_iter()
                .filter_map(|p| p.path.last().cloned())
                .collect();
            (actors, places)
        })
        .collect();
    // Found names are counted under the canonical name they are an alias
    // of in `actor_names` and `place_names`, else as they are.
    let report = |heading: &str,
                  actor_names: &HashMap<String, String>,
                  place_names: &HashMap<String, String>| {
        let renamed = |found: &HashSet<String>, by_alias: &HashMap<String, String>| {
            found
                .iter()
                .map(|name| by_alias.get(&alias_key(name)).unwrap_or(name).clone())
                .collect::<HashSet<String>>()
        };
        let (mut actors, mut places) = (Tally::default(), Tally::default());
        for ((found_actors, found_places), expected) in found.iter().zip(&truth) {
            let found_actors = renamed(found_actors, actor_names);
            let found_places = renamed(found_places, place_names);
            actors.add(&found_actors, &names(expected, "actors"));
            places.add(&found_places, &names(expected, "locations"));
        }
        println!("{heading}");
        actors.print("actors");
        places.print("places");
    };
    let as_written = HashMap::new();
    report(
        &format!(
            "ground truth ({path}, {} articles), names as written:",
            articles.len()
        ),
        &as_written,
        &as_written,
    );
    // The generator's own aliases, when its entity list lies beside the
    // truth: a name found counts under the canonical name it is an alias
    // of ("IAEA", "Kupyansk"), so that other spellings are not errors.
    let listed = Path::new(path).with_file_name("entities.json");
    let Ok(text) = std::fs::read_to_string(&listed) else {
        return Ok(());
    };
    let list: serde_json::Value = serde_json::from_str(&text)?;
    let canonical = |key: &str| -> HashMap<String, String> {
        let mut by_alias = HashMap::new();
        for entity in list[key].as_array().into_iter().flatten() {
            let Some(name) = entity["canonical"].as_str() else {
                continue;
            };
            let aliases = entity["aliases"].as_array().into_iter().flatten();
            for alias in aliases.filter_map(|a| a.as_str()).chain([name]) {
                by_alias.insert(alias_key(alias), name.to_string());
            }
        }
        by_alias
    };
    report(
        &format!("  through the aliases of {}:", listed.display()),
        &canonical("actors"),
        &canonical("locations"),
    );
    Ok(())
}

/// A name as the generator's aliases are compared: lower case, without a
/// leading "the".
fn alias_key(name: &str) -> String {
    let lower = name.to_lowercase();
    lower.strip_prefix("the ").unwrap_or(&lower).to_string()
}

/// Extracts every article on this thread; returns seconds and entities found.
fn time_one_thread(extractor: &Extractor, articles: &[Article]) -> (f64, usize) {
    let started = Instant::now();
    let mut found = 0usize;
    for article in articles {
        let entities = extractor.extract(&article.title, &article.paragraphs);
        found += entities.actors.len() + entities.locations.len();
    }
    (started.elapsed().as_secs_f64(), found)
}

/// Extracts every article on a pool of `threads`; returns seconds and entities found.
fn time_threads(
    extractor: &Extractor,
    articles: &[Article],
    threads: usize,
) -> Result<(f64, usize), Box<dyn Error>> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let started = Instant::now();
    let found = pool.install(|| {
        articles
            .par_iter()
            .map(|a| {
                let entities = extractor.extract(&a.title, &a.paragraphs);
                entities.actors.len() + entities.locations.len()
            })
            .sum()
    });
    Ok((started.elapsed().as_secs_f64(), found))
}

fn print_speed(label: &str, articles: usize, megabytes: f64, seconds: f64) {
    println!(
        "  {label}: {articles} articles, {megabytes:.2} MB in {seconds:.2} s: {:.0} articles/s, {:.2} MB/s",
        articles as f64 / seconds,
        megabytes / seconds
    );
}

fn conll_scores(path: &str) -> Result<(), Box<dyn Error>> {
    let tagger = Tagger::builtin();
    let mut score = SpanScore::default();
    for document in parse_conll(&std::fs::read_to_string(path)?) {
        let words: Vec<Vec<String>> = document.sentences.iter().map(|(w, _)| w.clone()).collect();
        for ((_, gold), predicted) in document.sentences.iter().zip(tagger.tag_document(&words)) {
            score.add(gold, &predicted);
        }
    }
    println!("CoNLL-2003 dev ({path}), exact span + type:");
    for (label, kind) in [
        ("PER", EntityType::Person),
        ("ORG", EntityType::Organisation),
        ("LOC", EntityType::Location),
    ] {
        let (p, r, f) = score.prf(kind);
        println!("  {label}: precision {p:.3}  recall {r:.3}  F1 {f:.3}");
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let (mut conll, mut news, mut show, mut truth) = (None, None, 0usize, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--conll" => conll = args.next(),
            "--news" => news = args.next(),
            "--truth" => truth = args.next(),
            "--show" => show = args.next().ok_or("--show needs a number")?.parse()?,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let started = Instant::now();
    let extractor = Extractor::new(None);
    extractor.extract("", &["Warm-up in Kyiv.".to_string()]);
    println!(
        "load (gazetteer + tagger, first extract): {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    if Tagger::builtin().is_empty() {
        println!("warning: data/entities/tagger.bin is empty; run the train_tagger example first");
    }

    if let Some(path) = conll {
        conll_scores(&path)?;
    }
    let Some(dir) = news else { return Ok(()) };
    println!("news speed ({dir}):");
    let groups = read_news(Path::new(&dir), truth.as_deref().map(Path::new))?;
    for (name, articles) in &groups {
        let megabytes = articles.iter().map(|a| a.bytes).sum::<usize>() as f64 / 1e6;
        let (seconds, _) = time_one_thread(&extractor, articles);
        print_speed(
            &format!("{name}, 1 thread"),
            articles.len(),
            megabytes,
            seconds,
        );
    }
    let articles: Vec<Article> = groups.into_iter().flat_map(|(_, a)| a).collect();
    let megabytes = articles.iter().map(|a| a.bytes).sum::<usize>() as f64 / 1e6;
    let (seconds, found) = time_one_thread(&extractor, &articles);
    print_speed(
        &format!("all files, 1 thread ({found} entities)"),
        articles.len(),
        megabytes,
        seconds,
    );
    let (seconds, found) = time_threads(&extractor, &articles, 2)?;
    print_speed(
        &format!("all files, 2 threads ({found} entities)"),
        articles.len(),
        megabytes,
        seconds,
    );

    if let Some(path) = truth {
        truth_scores(&extractor, &articles, &path)?;
    }

    for article in articles
        .iter()
        .filter(|a| !a.paragraphs.is_empty())
        .take(show)
    {
        let entities = extractor.extract(&article.title, &article.paragraphs);
        println!("\n# {}", article.title);
        let actors: Vec<String> = entities
            .actors
            .iter()
            .map(|a| format!("{} ({:?})", a.name, a.kind))
            .collect();
        println!("actors: {}", actors.join("; "));
        let places: Vec<String> = entities
            .locations
            .iter()
            .map(|p| p.path.join("/"))
            .collect();
        println!("places: {}", places.join("; "));
    }
    Ok(())
}
