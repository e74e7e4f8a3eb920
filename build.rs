//! Hashes the built-in gazetteer's aliases at build time.
//!
//! Hashing the ~234,000 aliases of `data/entities/` (folding each name into
//! its lookup key) took about two thirds of the gazetteer's start-up, paid
//! by every search with `--actor` or `--location`. The keys depend only on
//! the embedded lists, so they are computed here, once, by the same code the
//! gazetteer runs (`alias_key.rs` and `text.rs` are included as they are),
//! and embedded as a table sorted as the gazetteer keeps it.
//!
//! The table, little-endian: the number of keys (u32), then per key its
//! hash (u64), 0 for a place or 1 for an actor (u8), the place's line or
//! the actor's number (u32), 1 for an acronym (u8); then the number of
//! prefixes (u32) and each prefix hash (u64).
//!
//! Beside it, the byte offset of every line of `places.tsv` (u32 each, in
//! line order): a place's id is its line, and a search that looks up a few
//! names reads their lines in place instead of decoding the whole list.
//!
//! And the version of entity extraction: a hash of everything that decides
//! which actors and places an article gets (the code of `src/entities/`
//! but its tests, the lists of `data/entities/`), so that an index can tell
//! whether its articles' entities were found by this build
//! (`entities::BUILTIN_VERSION`).

#[allow(dead_code)]
#[path = "src/calendar.rs"]
mod calendar;

#[allow(dead_code)]
#[path = "src/entities/text.rs"]
mod text;

#[allow(dead_code)]
#[path = "src/entities/alias_key.rs"]
mod alias_key;

use alias_key::{actor_fields, actor_names, alias_key, place_names};

fn main() {
    let places = "data/entities/places.tsv";
    let actors = "data/entities/actors.tsv";
    for input in [
        places,
        actors,
        "src/entities/text.rs",
        "src/calendar.rs",
        "src/entities/alias_key.rs",
    ] {
        println!("cargo:rerun-if-changed={input}");
    }
    let read = |path: &str| {
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
    };

    // (hash, 0 place / 1 actor, id, acronym), sorted as the gazetteer's
    // `(u64, Alias)` entries sort: Place before Actor, then id, then acronym.
    let mut keys: Vec<(u64, u8, u32, bool)> = Vec::new();
    let mut prefixes: Vec<u64> = Vec::new();
    let mut add = |names: &mut dyn Iterator<Item = &str>, target: u8, id: u32| {
        for name in names {
            if let Some(key) = alias_key(name) {
                prefixes.extend(&key.prefixes);
                keys.push((key.hash, target, id, key.acronym));
            }
        }
    };
    for (line_number, line) in read(places).lines().enumerate() {
        add(&mut place_names(line), 0, line_number as u32);
    }
    let actors_text = read(actors);
    let actor_lines = actors_text.lines().filter_map(actor_fields);
    for (id, (_, name, aliases)) in actor_lines.enumerate() {
        add(&mut actor_names(name, aliases), 1, id as u32);
    }
    keys.sort_unstable();
    keys.dedup();
    prefixes.sort_unstable();
    prefixes.dedup();

    let mut table = Vec::with_capacity(8 + keys.len() * 14 + prefixes.len() * 8);
    table.extend((keys.len() as u32).to_le_bytes());
    for (hash, target, id, acronym) in keys {
        table.extend(hash.to_le_bytes());
        table.push(target);
        table.extend(id.to_le_bytes());
        table.push(u8::from(acronym));
    }
    table.extend((prefixes.len() as u32).to_le_bytes());
    for prefix in prefixes {
        table.extend(prefix.to_le_bytes());
    }
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("entities_version.txt"), entities_version())
        .expect("cannot write the entities version");
    std::fs::write(out.join("builtin_keys.bin"), table).expect("cannot write the key table");

    let places_text = read(places);
    let line_starts: Vec<u8> = places_text
        .lines()
        .flat_map(|line| {
            let offset = line.as_ptr() as usize - places_text.as_ptr() as usize;
            u32::try_from(offset)
                .expect("places.tsv is under 4 GiB")
                .to_le_bytes()
        })
        .collect();
    std::fs::write(out.join("place_lines.bin"), line_starts).expect("cannot write the line table");
}

/// The hash (xxh3-64, hex) of the files that decide what entity extraction
/// finds, each named and in sorted order; asks cargo to run this again when
/// any of them changes.
fn entities_version() -> String {
    let mut inputs: Vec<std::path::PathBuf> = ["src/entities", "data/entities"]
        .iter()
        .flat_map(|dir| {
            println!("cargo:rerun-if-changed={dir}");
            std::fs::read_dir(dir)
                .unwrap_or_else(|e| panic!("cannot list {dir}: {e}"))
                .map(|entry| entry.expect("a readable directory entry").path())
        })
        .filter(|path| path.file_name().is_some_and(|name| name != "tests.rs"))
        .collect();
    inputs.extend(["src/calendar.rs", "src/le_bytes.rs"].map(std::path::PathBuf::from));
    inputs.sort();
    let mut hash = xxhash_rust::xxh3::Xxh3::new();
    for path in inputs {
        println!("cargo:rerun-if-changed={}", path.display());
        let bytes =
            std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        hash.update(path.to_string_lossy().as_bytes());
        hash.update(&(bytes.len() as u64).to_le_bytes());
        hash.update(&bytes);
    }
    format!("{:016x}", hash.digest())
}
