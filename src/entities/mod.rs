//! Entities: which actors (people, organisations) and locations an article is
//! about, each under one canonical name, locations placed in the hierarchy
//! continent / country / first-level division / place.
//!
//! It runs at index time, offline, with everything it needs compiled in:
//! a GeoNames-derived place table and a curated actor list (`gazetteer`), a
//! perceptron name tagger trained on CoNLL-2003 (`tagger`), and the rules that
//! combine them, disambiguate places by context and link short mentions to
//! full names within an article (`resolve`). See `ENTITIES.md` for the why.
//! It does no I/O: callers hand it text and get values back.

mod alias_key;
mod gazetteer;
mod resolve;
mod spellings;
pub mod tagger;
mod text;
mod user;
mod weights;

pub use spellings::{NameKind, SpellingLists, Spellings};
pub use tagger::{parse_conll, ConllDocument, EntityType};
pub use user::{UserEntities, UserEntitiesError, UserEntity, UserKind};

use std::num::NonZeroUsize;
use std::sync::Mutex;

use gazetteer::{Names, PlaceRecord, Table, Target};
use lru::LruCache;
use tagger::Tagger;
use xxhash_rust::xxh3::Xxh3;

/// The version of entity extraction built into this binary: a hash of the
/// code and lists that decide which actors and places an article gets
/// (`build.rs`). Any change to them, even one that finds the same, makes
/// another version.
pub const BUILTIN_VERSION: &str = include_str!(concat!(env!("OUT_DIR"), "/entities_version.txt"));

/// The version of the extraction that finds entities with this build and
/// the user's entity file whose text is `user_entities`, if any: equal
/// versions find the same actors and places in the same text.
pub fn extraction_version(user_entities: Option<&str>) -> String {
    match user_entities {
        Some(text) => format!(
            "{BUILTIN_VERSION}+{:016x}",
            xxhash_rust::xxh3::xxh3_64(text.as_bytes())
        ),
        None => BUILTIN_VERSION.to_string(),
    }
}

/// Whether an actor is a person or an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActorKind {
    /// A named human being.
    Person,
    /// A government body, armed group, company, agency, alliance, …
    Organisation,
}

impl ActorKind {
    /// Both kinds.
    pub const ALL: [ActorKind; 2] = [ActorKind::Person, ActorKind::Organisation];

    /// The kind's name as the user reads it: `person` or `organisation`.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Person => "person",
            ActorKind::Organisation => "organisation",
        }
    }
}

/// An actor under its canonical name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Actor {
    /// Canonical name ("Volodymyr Zelenskyy").
    pub name: String,
    /// Person or organisation.
    pub kind: ActorKind,
}

/// A location under its canonical name, with its place in the hierarchy.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Place {
    /// Canonical name ("Kyiv").
    pub name: String,
    /// From the top of the hierarchy down to `name` itself:
    /// continent → country → division → place ("Europe", "Ukraine", "Kyiv City", "Kyiv").
    pub path: Vec<String>,
}

/// What an article is about: each canonical name once, most-mentioned first
/// (ties in order of first mention).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entities {
    /// People and organisations.
    pub actors: Vec<Actor>,
    /// Places.
    pub locations: Vec<Place>,
}

/// The entities of the texts extracted last, by a hash of their text, so
/// that a text seen again byte for byte — a wire story filed twice, an
/// exact copy under the same headline — is not searched again. What
/// extraction finds depends on the text alone, so what is remembered is
/// what it would find again. Shared by threads: the lock is held for the
/// lookup and the insert, not for the extraction.
#[derive(Debug)]
pub struct Recent {
    by_text: Mutex<LruCache<u128, Entities>>,
    /// How many texts were extracted rather than remembered.
    #[cfg(test)]
    extractions: std::sync::atomic::AtomicUsize,
}

impl Recent {
    /// Remembers the entities of the last `texts` texts.
    pub fn new(texts: NonZeroUsize) -> Recent {
        Recent {
            by_text: Mutex::new(LruCache::new(texts)),
            #[cfg(test)]
            extractions: Default::default(),
        }
    }

    /// A hash of a headline and paragraphs; `0xff`, which UTF-8 never
    /// holds, between them.
    fn key(title: &str, paragraphs: &[String]) -> u128 {
        let mut hasher = Xxh3::new();
        hasher.update(title.as_bytes());
        for paragraph in paragraphs {
            hasher.update(&[0xff]);
            hasher.update(paragraph.as_bytes());
        }
        hasher.digest128()
    }
}

/// A query that names nothing known, with the closest known names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown name {query:?}{}", did_you_mean(.suggestions))]
pub struct Unknown {
    /// The query as given.
    pub query: String,
    /// Closest known canonical names, best first (for "did you mean").
    pub suggestions: Vec<String>,
}

fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", suggestions.join(", "))
    }
}

/// Finds and resolves entities. Cheap to share across threads (`Sync`);
/// build it once and call [`Extractor::extract`] per article.
#[derive(Debug, Clone)]
pub struct Extractor {
    names: Names,
}

impl Extractor {
    /// The built-in gazetteer and tagger, plus `user` names if given. User
    /// names win over built-in ones with the same alias.
    pub fn new(user: Option<&UserEntities>) -> Extractor {
        // Decode the tagger while the gazetteer is being built.
        std::thread::scope(|scope| {
            let tagger = scope.spawn(Tagger::builtin);
            let extractor = Extractor::resolver(user);
            // Should decoding have failed, `extract` decodes it again.
            let _ = tagger.join();
            extractor
        })
    }

    /// The same, for resolving names only: the tagger, which only
    /// [`Extractor::extract`] needs, is not decoded until it is called.
    /// Decoding it beside the gazetteer took a search with `--actor` or
    /// `--location` about 15 ms of its two cores.
    pub fn resolver(user: Option<&UserEntities>) -> Extractor {
        let mut names = Names::new(Table::default());
        if let Some(user) = user {
            user.add_to(&mut names);
        }
        Extractor { names }
    }

    /// The actors and locations of one article. `title` may be empty;
    /// `paragraphs` are the body's paragraphs in order.
    pub fn extract(&self, title: &str, paragraphs: &[String]) -> Entities {
        resolve::extract(&self.names, Tagger::builtin(), title, paragraphs)
    }

    /// [`Extractor::extract`], or what it found when `recent` last saw the
    /// same headline and paragraphs, byte for byte.
    pub fn extract_recent(&self, recent: &Recent, title: &str, paragraphs: &[String]) -> Entities {
        let key = Recent::key(title, paragraphs);
        let remembered = recent
            .by_text
            .lock()
            .ok()
            .and_then(|mut by_text| by_text.get(&key).cloned());
        if let Some(entities) = remembered {
            return entities;
        }
        #[cfg(test)]
        recent
            .extractions
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let entities = self.extract(title, paragraphs);
        if let Ok(mut by_text) = recent.by_text.lock() {
            by_text.put(key, entities.clone());
        }
        entities
    }

    /// The known actor a name or alias stands for, case-insensitively
    /// ("zelensky" → Volodymyr Zelenskyy).
    pub fn resolve_actor(&self, query: &str) -> Result<Actor, Unknown> {
        let key = text::name_key(query);
        let found = self
            .names
            .lookup(&key)
            .into_iter()
            .find_map(|alias| match alias.target {
                Target::Actor(id) => self.names.actor(id),
                Target::Place(_) => None,
            });
        match found {
            Some(record) => Ok(Actor {
                name: record.name.clone(),
                kind: record.kind,
            }),
            None => Err(self.unknown(query, true)),
        }
    }

    /// The known place a name or alias stands for, case-insensitively; of
    /// namesakes the biggest, highest-level one ("Kiev" → Kyiv, with its path).
    pub fn resolve_place(&self, query: &str) -> Result<Place, Unknown> {
        let key = text::name_key(query);
        let best = self
            .names
            .lookup(&key)
            .into_iter()
            .filter_map(|alias| match alias.target {
                Target::Place(id) => self.names.place(id).map(|p| (id, p.prior())),
                Target::Actor(_) => None,
            })
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((id, _)) => Ok(self.place(id)),
            None => Err(self.unknown(query, false)),
        }
    }

    fn place(&self, id: u32) -> Place {
        let name = self
            .names
            .place(id)
            .map(|p: &PlaceRecord| p.name.clone())
            .unwrap_or_default();
        Place {
            name,
            path: self.names.path(id),
        }
    }

    /// Closest known names to `query`: same prefix or small edit distance,
    /// among actors (or places), best first, at most five.
    fn unknown(&self, query: &str, actors: bool) -> Unknown {
        let folded = text::name_key(query);
        let length = folded.chars().count();
        let limit = (length / 3).max(2);
        let close = |a: &str| a.chars().count().abs_diff(length) <= limit;
        let mut scored: Vec<(usize, f64, String)> = Vec::new();
        for (target, name, candidate) in self.names.canonical_names() {
            let weight = match target {
                Target::Actor(_) if actors => 0.0,
                Target::Place(id) if !actors => {
                    -self.names.place(id).map_or(0.0, PlaceRecord::prior)
                }
                _ => continue,
            };
            let last_word = candidate.rsplit(' ').next().unwrap_or("");
            let distance = if !folded.is_empty() && candidate.starts_with(&folded) {
                0
            } else if close(candidate) {
                strsim::levenshtein(&folded, candidate)
            } else if close(last_word) {
                strsim::levenshtein(&folded, last_word) + 1
            } else {
                continue;
            };
            if distance <= limit {
                scored.push((distance, weight, name.to_string()));
            }
        }
        scored.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut suggestions: Vec<String> = Vec::new();
        for (_, _, name) in scored {
            if !suggestions.contains(&name) {
                suggestions.push(name);
            }
            if suggestions.len() == 5 {
                break;
            }
        }
        Unknown {
            query: query.to_string(),
            suggestions,
        }
    }
}

#[cfg(test)]
mod tests;
