//! The embedded lists of known places and actors, and matching them in text.
//!
//! Known names are the most reliable evidence an extractor has: a match gives
//! both the canonical name and, for places, the hierarchy. The built-in table
//! is decoded once per process from `data/entities/` (GeoNames-derived places,
//! hand-curated actors), with the keys of its aliases hashed at build time
//! (`build.rs`, `alias_key`); a user table can be laid over it. Matching is a
//! longest match over token keys, probing hashed names and name prefixes.

use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use super::alias_key::{actor_fields, actor_names, alias_key, fnv_step, place_names, FNV_OFFSET};
use super::text::{has_joined_article, is_all_caps, is_capitalized, name_key, StrList, Token};
use super::ActorKind;
use crate::le_bytes::Input;

const PLACES_TSV: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/entities/places.tsv"
));
const ACTORS_TSV: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/entities/actors.tsv"
));

/// Longest name, in tokens, that matching will try (longer aliases never match).
const MAX_NAME_TOKENS: usize = 8;

/// A small, fast, non-cryptographic hasher (FNV-1a) for in-memory tables keyed
/// by our own strings and hashes; HashDoS is not a concern for embedded data.
#[derive(Default, Clone, Copy)]
pub struct FnvHasher(u64);

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 { FNV_OFFSET } else { self.0 };
        for &b in bytes {
            hash = fnv_step(hash, b);
        }
        self.0 = hash;
    }
}

/// Hash-map builder for [`FnvHasher`].
pub type FnvBuild = BuildHasherDefault<FnvHasher>;

/// What kind of place a record is, from the top of the hierarchy down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    /// Africa, Europe, …
    Continent,
    /// A macro-region such as the Middle East or Donbas.
    Region,
    /// A sovereign state or territory with an ISO code.
    Country,
    /// A first-level division: oblast, province, state.
    Division,
    /// A city, town or village.
    Town,
}

/// What each other name of a town adds to its prior (a tenth of its
/// population's order of magnitude)…
const RENOWN_PER_NAME: f64 = 0.04;

/// … up to this many names.
const RENOWNED_NAMES: u16 = 25;

/// One known place.
#[derive(Debug, Clone)]
pub struct PlaceRecord {
    /// Canonical name.
    pub name: String,
    /// Level in the hierarchy.
    pub kind: PlaceKind,
    /// Enclosing place, if any.
    pub parent: Option<u32>,
    /// Population (0 when unknown), used to prefer the bigger of two namesakes.
    pub population: u64,
    /// A country's capital, the likelier meaning of a shared name ("Washington").
    pub capital: bool,
    /// A town of a war's coverage, which the gazetteer's build names as the
    /// press does or was told of by hand: meant by its name whatever the
    /// tagger read, as a big town is ("Israeli forces raided Jenin").
    pub noted: bool,
    /// How many other names (in Latin script) the place goes by: the
    /// languages that name a town are a sign of how widely it is known,
    /// which its population alone does not tell (Geneva).
    pub other_names: u16,
}

impl PlaceRecord {
    /// How likely a bare mention of this place's name means this place,
    /// before context: bigger and higher-level places win.
    pub fn prior(&self) -> f64 {
        let size = ((self.population as f64) + 10.0).log10();
        match self.kind {
            PlaceKind::Continent => 12.0,
            PlaceKind::Region => 9.0,
            PlaceKind::Country => size + 2.0,
            PlaceKind::Division => size - 0.3,
            PlaceKind::Town if self.capital => size + 1.0,
            PlaceKind::Town => size,
        }
    }

    /// What a town's other names add to its prior against another town of
    /// the same name: up to a tenfold population's worth for a town known
    /// around the world, as every capital is. Zero for places that are not
    /// towns, whose lists of names are made, not counted.
    pub fn renown(&self) -> f64 {
        let names = match self.kind {
            PlaceKind::Town if self.capital || self.noted => RENOWNED_NAMES,
            PlaceKind::Town => self.other_names.min(RENOWNED_NAMES),
            _ => 0,
        };
        RENOWN_PER_NAME * f64::from(names)
    }
}

/// One known actor.
#[derive(Debug, Clone)]
pub struct ActorRecord {
    /// Canonical name.
    pub name: String,
    /// Person or organisation.
    pub kind: ActorKind,
    /// A news outlet or a platform (an organisation): where a story cites
    /// it as the source or medium of what it reports ("told Reuters",
    /// "(AFP)", "wrote on Telegram"), the story is not about it, and that
    /// mention names no actor.
    pub outlet: bool,
}

/// What a name refers to: a place or an actor, by id in [`Names`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// A place id.
    Place(u32),
    /// An actor id.
    Actor(u32),
}

/// One way of writing a known entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Alias {
    /// The entity named.
    pub target: Target,
    /// The alias is an upper-case initialism ("US", "UN") and only matches
    /// upper-case text, so "us" the pronoun is never the United States.
    pub acronym: bool,
}

/// A multimap from 64-bit hashes to values, as one sorted vector with a
/// bucket index on the top 16 bits: built by pushing and one sort, looked up
/// with two cache misses, and far cheaper to build than a hash map of
/// hundreds of thousands of entries.
#[derive(Debug, Clone)]
struct HashIndex<T> {
    entries: Vec<(u64, T)>,
    buckets: Vec<u32>,
}

impl<T> Default for HashIndex<T> {
    fn default() -> Self {
        HashIndex {
            entries: Vec::new(),
            buckets: Vec::new(),
        }
    }
}

impl<T: Copy + Ord> HashIndex<T> {
    /// Sorts, removes duplicates and rebuilds the bucket index.
    fn seal(&mut self) {
        self.entries.sort_unstable();
        self.entries.dedup();
        self.buckets = vec![0; (1 << 16) + 1];
        for &(hash, _) in &self.entries {
            self.buckets[(hash >> 48) as usize + 1] += 1;
        }
        for i in 1..self.buckets.len() {
            self.buckets[i] += self.buckets[i - 1];
        }
    }

    /// Every value stored under `hash`.
    fn get(&self, hash: u64) -> &[(u64, T)] {
        let bucket = (hash >> 48) as usize;
        let (Some(&from), Some(&to)) = (self.buckets.get(bucket), self.buckets.get(bucket + 1))
        else {
            return &[];
        };
        let slice = &self.entries[from as usize..to as usize];
        let start = slice.partition_point(|e| e.0 < hash);
        let end = slice.partition_point(|e| e.0 <= hash);
        &slice[start..end]
    }
}

/// A set of places and actors with their aliases: the built-in table or a
/// user's. Ids of a user table start after the built-in ones. Names are
/// stored by the 64-bit hash of their key: no strings to allocate or compare,
/// and a collision among a few hundred thousand names is vanishingly unlikely.
#[derive(Debug, Default, Clone)]
pub struct Table {
    places: Vec<PlaceRecord>,
    actors: Vec<ActorRecord>,
    keys: HashIndex<Alias>,
    /// Hashes of keys that some longer name starts with ("united" for
    /// "united states").
    prefixes: HashIndex<()>,
    /// Lookup keys of the canonical names, places then actors; computed on
    /// the first request for suggestions.
    name_keys: OnceLock<Vec<String>>,
}

impl Table {
    /// Adds a place and returns its id (offset by `first_place_id`); call
    /// [`Table::seal`] before looking names up.
    pub fn add_place(&mut self, first_place_id: u32, record: PlaceRecord, aliases: &[&str]) -> u32 {
        let id = first_place_id + self.places.len() as u32;
        for alias in std::iter::once(record.name.as_str()).chain(aliases.iter().copied()) {
            self.add_alias(alias, Target::Place(id));
        }
        self.places.push(record);
        id
    }

    /// Adds an actor and returns its id (offset by `first_actor_id`); call
    /// [`Table::seal`] before looking names up.
    pub fn add_actor(&mut self, first_actor_id: u32, record: ActorRecord, aliases: &[&str]) -> u32 {
        let id = first_actor_id + self.actors.len() as u32;
        for alias in std::iter::once(record.name.as_str()).chain(aliases.iter().copied()) {
            self.add_alias(alias, Target::Actor(id));
        }
        self.actors.push(record);
        id
    }

    /// Makes names added since the last call visible to lookups.
    pub fn seal(&mut self) {
        self.keys.seal();
        self.prefixes.seal();
        self.name_keys = OnceLock::new();
    }

    /// Lookup keys of the canonical names: places, then actors.
    fn name_keys(&self) -> &[String] {
        self.name_keys.get_or_init(|| {
            let places = self.places.iter().map(|p| name_key(&p.name));
            places
                .chain(self.actors.iter().map(|a| name_key(&a.name)))
                .collect()
        })
    }

    /// Hashes the alias's key as a stream, so that the hash of every
    /// word-boundary prefix falls out on the way with no string built (FNV
    /// is sequential: the hash of "united" is a state on the way to the
    /// hash of "united states").
    fn add_alias(&mut self, alias: &str, target: Target) {
        let Some(key) = alias_key(alias) else {
            return;
        };
        let prefixes = key.prefixes.iter().map(|&prefix| (prefix, ()));
        self.prefixes.entries.extend(prefixes);
        let acronym = key.acronym;
        self.keys
            .entries
            .push((key.hash, Alias { target, acronym }));
    }
}

/// Hash of a name key, the id under which a table stores it.
pub fn key_hash(key: &str) -> u64 {
    key.bytes().fold(FNV_OFFSET, fnv_step)
}

/// The place record of a line of `places.tsv`. Called for each of its
/// ~72,000 lines at every start-up, so the fields are found with `memchr`
/// (the fifth, the aliases, is most of the file's bytes).
pub fn place_record(line: &str) -> PlaceRecord {
    let mut fields = TabFields { line, at: 0 };
    let kind_name = fields.next().unwrap_or("");
    let kind = match kind_name {
        "continent" => PlaceKind::Continent,
        "region" => PlaceKind::Region,
        "country" => PlaceKind::Country,
        "division" => PlaceKind::Division,
        _ => PlaceKind::Town,
    };
    PlaceRecord {
        name: fields.next().unwrap_or("").to_string(),
        kind,
        capital: kind_name == "capital",
        noted: kind_name == "noted",
        parent: fields.next().and_then(|p| p.parse().ok()),
        population: fields.next().and_then(|p| p.parse().ok()).unwrap_or(0),
        other_names: fields
            .next()
            .map_or(0, count_names)
            .try_into()
            .unwrap_or(u16::MAX),
    }
}

/// The tab-separated fields of a line, found with `memchr`.
struct TabFields<'a> {
    line: &'a str,
    at: usize,
}

impl<'a> Iterator for TabFields<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.line.get(self.at..)?;
        let end = memchr::memchr(b'\t', rest.as_bytes()).unwrap_or(rest.len());
        self.at += end + 1;
        rest.get(..end)
    }
}

/// How many names a `|`-separated list holds (empty ones not counted).
fn count_names(list: &str) -> usize {
    let (mut count, mut start) = (0, 0);
    let bars = memchr::memchr_iter(b'|', list.as_bytes());
    for bar in bars.chain(std::iter::once(list.len())) {
        count += usize::from(bar > start);
        start = bar + 1;
    }
    count
}

/// The lines of `text`, found with `memchr`.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    ends.filter_map(move |end| {
        let line = text.get(start..end)?;
        start = end + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        (!line.is_empty() || end < text.len()).then_some(line)
    })
}

/// The kind of actor a line of `actors.tsv` names: `person`, or an
/// organisation (`organisation`, or `outlet` for a news outlet or a
/// platform).
pub fn actor_kind(kind: &str) -> ActorKind {
    match kind {
        "person" => ActorKind::Person,
        _ => ActorKind::Organisation,
    }
}

/// Whether a line of `actors.tsv` of this kind names a news outlet or a
/// platform.
pub fn is_outlet_kind(kind: &str) -> bool {
    kind == "outlet"
}

/// The actor records of `actors.tsv`, each with its names.
fn actor_records(text: &str) -> impl Iterator<Item = (ActorRecord, &str, &str)> {
    text.lines()
        .filter_map(actor_fields)
        .map(|(kind, name, aliases)| {
            let record = ActorRecord {
                name: name.to_string(),
                kind: actor_kind(kind),
                outlet: is_outlet_kind(kind),
            };
            (record, name, aliases)
        })
}

/// The built-in keys `build.rs` hashed (see there for the layout).
const BUILTIN_KEYS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin_keys.bin"));

/// The alias keys and prefixes of the built-in table, as `build.rs` left
/// them; `None` if the table does not decode (it always should).
fn builtin_keys() -> Option<(HashIndex<Alias>, HashIndex<()>)> {
    let mut input = Input::new(BUILTIN_KEYS);
    let keys = input.count()?;
    let mut entries = Vec::with_capacity(keys.min(BUILTIN_KEYS.len() / KEY_BYTES));
    for _ in 0..keys {
        entries.push(key_record(&input.array::<KEY_BYTES>()?)?);
    }
    let prefixes = (0..input.count()?)
        .map(|_| Some((u64::from_le_bytes(input.array()?), ())))
        .collect::<Option<Vec<_>>>()?;
    input.is_empty().then(|| {
        let keys = HashIndex {
            entries,
            buckets: Vec::new(),
        };
        let prefixes = HashIndex {
            entries: prefixes,
            buckets: Vec::new(),
        };
        (keys, prefixes)
    })
}

/// The byte offset of each line of `places.tsv`, as `build.rs` found them.
const PLACE_LINES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/place_lines.bin"));

/// Bytes of one key of [`BUILTIN_KEYS`]: hash, target, id, acronym.
const KEY_BYTES: usize = 14;

/// Every built-in entity a whole key names, in the order of
/// [`Names::lookup`], read in place from the embedded key table: for a
/// process that looks up a few names, which decoding the whole table
/// (about 20 ms) would cost more than its lookups.
pub fn builtin_lookup(key: &str) -> Vec<Alias> {
    let hash = key_hash(key);
    let records = BUILTIN_KEYS.get(4..).unwrap_or_default();
    let count = BUILTIN_KEYS
        .get(..4)
        .and_then(|n| n.try_into().ok())
        .map_or(0, |n| u32::from_le_bytes(n) as usize)
        .min(records.len() / KEY_BYTES);
    let record = |i: usize| &records[i * KEY_BYTES..(i + 1) * KEY_BYTES];
    let hash_of = |record: &[u8]| u64::from_le_bytes(record[..8].try_into().unwrap_or_default());
    let (mut low, mut high) = (0, count);
    while low < high {
        let middle = low + (high - low) / 2;
        if hash_of(record(middle)) < hash {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    (low..count)
        .map(record)
        .take_while(|record| hash_of(record) == hash)
        .filter_map(|record| Some(key_record(record.try_into().ok()?)?.1))
        .collect()
}

/// One key of [`BUILTIN_KEYS`] as `build.rs` wrote it: its hash, and the
/// alias it stands for; `None` for a target that is neither a place nor an
/// actor.
fn key_record(record: &[u8; KEY_BYTES]) -> Option<(u64, Alias)> {
    let (hash, rest) = record.split_at(8);
    let (&[target], rest) = rest.split_at(1) else {
        return None;
    };
    let (id, &[acronym]) = rest.split_at(4) else {
        return None;
    };
    let id = u32::from_le_bytes(id.try_into().ok()?);
    let target = match target {
        0 => Target::Place(id),
        1 => Target::Actor(id),
        _ => return None,
    };
    let alias = Alias {
        target,
        acronym: acronym == 1,
    };
    Some((u64::from_le_bytes(hash.try_into().ok()?), alias))
}

/// The line of `places.tsv` of the built-in place with this id, read in
/// place.
pub fn builtin_place_line(id: u32) -> Option<&'static str> {
    let offset = |line: usize| {
        let bytes = PLACE_LINES.get(line * 4..line * 4 + 4)?;
        Some(u32::from_le_bytes(bytes.try_into().ok()?) as usize)
    };
    let start = offset(id as usize)?;
    let end = offset(id as usize + 1).unwrap_or(PLACES_TSV.len());
    let line = PLACES_TSV.get(start..end)?;
    let line = line.strip_suffix('\n').unwrap_or(line);
    Some(line.strip_suffix('\r').unwrap_or(line))
}

/// The fields of the built-in actor with this id: kind, canonical name
/// and aliases, as [`actor_fields`] gives them.
pub fn builtin_actor_fields(id: u32) -> Option<(&'static str, &'static str, &'static str)> {
    ACTORS_TSV.lines().filter_map(actor_fields).nth(id as usize)
}

/// Decodes the built-in table; called once through [`builtin`]. Its alias
/// keys were hashed by `build.rs`; only the records are read here.
fn load_builtin() -> Table {
    let Some((keys, prefixes)) = builtin_keys() else {
        return hash_builtin();
    };
    let mut table = Table {
        places: lines(PLACES_TSV).map(place_record).collect(),
        actors: actor_records(ACTORS_TSV)
            .map(|(record, ..)| record)
            .collect(),
        keys,
        prefixes,
        ..Table::default()
    };
    table.seal();
    table
}

/// The built-in table with every alias hashed here, as `build.rs` does.
fn hash_builtin() -> Table {
    let mut table = Table::default();
    for line in PLACES_TSV.lines() {
        let aliases: Vec<&str> = place_names(line).skip(1).collect();
        table.add_place(0, place_record(line), &aliases);
    }
    for (record, name, aliases) in actor_records(ACTORS_TSV) {
        let aliases: Vec<&str> = actor_names(name, aliases).skip(1).collect();
        table.add_actor(0, record, &aliases);
    }
    table.seal();
    table
}

/// The built-in table, decoded on first use.
pub fn builtin() -> &'static Table {
    static BUILTIN: OnceLock<Table> = OnceLock::new();
    BUILTIN.get_or_init(load_builtin)
}

/// A name found in text: tokens `start..end` and every entity it may mean.
#[derive(Debug, Clone, PartialEq)]
pub struct NameMatch {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Every entity the name may mean (at least one).
    pub aliases: Vec<Alias>,
}

/// The built-in table with an optional user table laid over it.
#[derive(Debug, Clone)]
pub struct Names {
    builtin: &'static Table,
    user: Table,
}

impl Names {
    /// Built-in names plus `user` (whose ids start after the built-in ones).
    pub fn new(user: Table) -> Names {
        Names {
            builtin: builtin(),
            user,
        }
    }

    /// The place with this id.
    pub fn place(&self, id: u32) -> Option<&PlaceRecord> {
        let id = id as usize;
        let builtin = self.builtin.places.len();
        if id < builtin {
            self.builtin.places.get(id)
        } else {
            self.user.places.get(id - builtin)
        }
    }

    /// The actor with this id.
    pub fn actor(&self, id: u32) -> Option<&ActorRecord> {
        let id = id as usize;
        let builtin = self.builtin.actors.len();
        if id < builtin {
            self.builtin.actors.get(id)
        } else {
            self.user.actors.get(id - builtin)
        }
    }

    /// Names from the top of the hierarchy down to the place itself.
    pub fn path(&self, id: u32) -> Vec<String> {
        let mut path = Vec::new();
        let mut current = Some(id);
        while let Some(place) = current.and_then(|id| self.place(id)) {
            path.push(place.name.clone());
            current = place.parent;
            if path.len() > 8 {
                break;
            }
        }
        path.reverse();
        path
    }

    /// True for a place whose name alone is good evidence: anything above a
    /// town, and every place a user listed.
    pub fn is_strong_place(&self, id: u32) -> bool {
        self.is_user_place(id) || self.place(id).is_some_and(|p| p.kind != PlaceKind::Town)
    }

    /// True for a place from the user's list.
    pub fn is_user_place(&self, id: u32) -> bool {
        id as usize >= self.builtin.places.len()
    }

    /// True when `ancestor` encloses `id` (or is it).
    pub fn encloses(&self, ancestor: u32, id: u32) -> bool {
        self.enclosing(id).any(|place| place == ancestor)
    }

    /// The place `id`, then the places that enclose it, nearest first, as
    /// far as [`Names::encloses`] looks up: seven levels.
    pub fn enclosing(&self, id: u32) -> impl Iterator<Item = u32> + '_ {
        std::iter::successors(Some(id), |&place| self.place(place)?.parent).take(8)
    }

    /// The aliases that a whole key names, user names first.
    pub fn lookup(&self, key: &str) -> Vec<Alias> {
        let hash = key_hash(key);
        let mut found = Vec::new();
        for table in [&self.user, self.builtin] {
            found.extend(table.keys.get(hash).iter().map(|&(_, alias)| alias));
        }
        found
    }

    fn is_known_prefix(&self, key: &str) -> (bool, bool) {
        let hash = key_hash(key);
        let known = [&self.user, self.builtin]
            .iter()
            .any(|t| !t.keys.get(hash).is_empty());
        let prefix = [&self.user, self.builtin]
            .iter()
            .any(|t| !t.prefixes.get(hash).is_empty());
        (known, prefix)
    }

    /// Every known name in `source`, longest first, non-overlapping, left to
    /// right. `keys` holds the folded key of each token. A name must start
    /// with a capitalised token (or a name particle such as "al-" or "von").
    pub fn scan(&self, source: &str, tokens: &[Token], keys: &StrList) -> Vec<NameMatch> {
        let mut matches = Vec::new();
        let mut start = 0;
        let mut key = String::new();
        while start < tokens.len() {
            let first = tokens[start].text(source);
            let may_start = is_capitalized(first)
                || has_joined_article(keys.get(start))
                || matches!(keys.get(start), "von" | "al" | "el");
            if !may_start {
                start += 1;
                continue;
            }
            key.clear();
            let mut best: Option<(usize, Vec<Alias>)> = None;
            for end in start + 1..=(start + MAX_NAME_TOKENS).min(tokens.len()) {
                if end > start + 1 {
                    key.push(' ');
                }
                key.push_str(keys.get(end - 1));
                let (known, prefix) = self.is_known_prefix(&key);
                if known {
                    let text_is_caps = tokens[start..end]
                        .iter()
                        .all(|t| is_all_caps(t.text(source)));
                    let aliases: Vec<Alias> = self
                        .lookup(&key)
                        .into_iter()
                        .filter(|a| !a.acronym || text_is_caps)
                        .collect();
                    if !aliases.is_empty() {
                        best = Some((end, aliases));
                    }
                }
                if !prefix {
                    break;
                }
            }
            match best {
                Some((end, aliases)) => {
                    matches.push(NameMatch {
                        start,
                        end,
                        aliases,
                    });
                    start = end;
                }
                None => start += 1,
            }
        }
        matches
    }

    /// Every canonical name with its target and lookup key, built-in first,
    /// for suggestions.
    pub fn canonical_names(&self) -> impl Iterator<Item = (Target, &str, &str)> + '_ {
        let places = self
            .builtin
            .places
            .iter()
            .chain(self.user.places.iter())
            .enumerate()
            .map(|(i, p)| (Target::Place(i as u32), p.name.as_str()));
        let actors = self
            .builtin
            .actors
            .iter()
            .chain(self.user.actors.iter())
            .enumerate()
            .map(|(i, a)| (Target::Actor(i as u32), a.name.as_str()));
        let builtin_keys = self.builtin.name_keys();
        let user_keys = self.user.name_keys();
        let (builtin_place_keys, builtin_actor_keys) =
            builtin_keys.split_at(self.builtin.places.len().min(builtin_keys.len()));
        let (user_place_keys, user_actor_keys) =
            user_keys.split_at(self.user.places.len().min(user_keys.len()));
        let keys = builtin_place_keys
            .iter()
            .chain(user_place_keys)
            .chain(builtin_actor_keys)
            .chain(user_actor_keys);
        places
            .chain(actors)
            .zip(keys)
            .map(|((target, name), key)| (target, name, key.as_str()))
    }

    /// Adds a user place; its id follows every place already known.
    pub fn add_user_place(&mut self, record: PlaceRecord, aliases: &[&str]) -> u32 {
        let first = self.builtin.places.len() as u32;
        let id = self.user.add_place(first, record, aliases);
        self.user.seal();
        id
    }

    /// Adds a user actor; its id follows every actor already known.
    pub fn add_user_actor(&mut self, record: ActorRecord, aliases: &[&str]) -> u32 {
        let first = self.builtin.actors.len() as u32;
        let id = self.user.add_actor(first, record, aliases);
        self.user.seal();
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::text::{token_keys, tokenize};

    #[test]
    fn the_keys_hashed_at_build_time_are_those_hashed_at_run_time() {
        let built = builtin();
        let hashed = hash_builtin();
        assert!(builtin_keys().is_some(), "the embedded key table decodes");
        assert!(built.keys.entries.len() > 100_000);
        assert_eq!(built.keys.entries, hashed.keys.entries);
        assert_eq!(built.keys.buckets, hashed.keys.buckets);
        assert_eq!(built.prefixes.entries, hashed.prefixes.entries);
        assert_eq!(built.prefixes.buckets, hashed.prefixes.buckets);
        let records = |table: &Table| format!("{:?} {:?}", table.places, table.actors);
        assert_eq!(records(built), records(&hashed));
    }

    fn find(text: &str) -> Vec<(String, Vec<Alias>)> {
        let names = Names::new(Table::default());
        let tokens = tokenize(text);
        let keys = token_keys(text, &tokens);
        names
            .scan(text, &tokens, &keys)
            .into_iter()
            .map(|m| {
                (
                    text[tokens[m.start].start..tokens[m.end - 1].end].to_string(),
                    m.aliases,
                )
            })
            .collect()
    }

    #[test]
    fn longest_match_wins_and_acronyms_need_capitals() {
        let found = find("talks in the Kharkiv region with us and the US");
        let spans: Vec<&str> = found.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(spans, ["Kharkiv region", "US"]);
    }

    #[test]
    fn paths_run_from_continent_down() {
        let names = Names::new(Table::default());
        let kyiv = names.lookup("kiev");
        let path = kyiv
            .iter()
            .find_map(|a| match a.target {
                Target::Place(id) => Some(names.path(id)),
                Target::Actor(_) => None,
            })
            .unwrap_or_default();
        assert_eq!(path.first().map(String::as_str), Some("Europe"));
        assert!(path.contains(&"Ukraine".to_string()));
    }
}
