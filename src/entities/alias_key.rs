//! The hashed lookup key of a known name (an alias), and of the word
//! prefixes the longest-match scan probes on its way to it.
//!
//! The gazetteer hashes every alias it holds. The built-in aliases (about
//! 234,000) are hashed once, at build time, by `build.rs`, which includes
//! this file and `text.rs` so that both sides compute exactly the same keys;
//! the aliases of a user's own entity file are hashed when it is loaded.

use super::text::{is_all_caps, is_plain_name, name_key};

/// The FNV-1a offset basis.
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// One FNV-1a step.
pub fn fnv_step(hash: u64, byte: u8) -> u64 {
    (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
}

/// What the gazetteer keeps of an alias.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasKey {
    /// Hash of the alias's name key (lower-case words, single spaces).
    pub hash: u64,
    /// Hashes of the key's leading words, one per word boundary: "kryvyi"
    /// for "kryvyi rih".
    pub prefixes: Vec<u64>,
    /// An all-capitals alias of at most five letters and one word ("UN"),
    /// which only matches text in capitals.
    pub acronym: bool,
}

/// The key of `alias`; `None` when it has no words.
pub fn alias_key(alias: &str) -> Option<AliasKey> {
    let normalised;
    let key = if is_plain_name(alias) {
        alias
    } else {
        normalised = name_key(alias);
        normalised.as_str()
    };
    let mut hash = FNV_OFFSET;
    let mut prefixes = Vec::new();
    let (mut started, mut space_pending) = (false, false);
    for byte in key.bytes() {
        if byte.is_ascii_whitespace() {
            space_pending = started;
            continue;
        }
        if space_pending {
            prefixes.push(hash);
            hash = fnv_step(hash, b' ');
            space_pending = false;
        }
        hash = fnv_step(hash, byte.to_ascii_lowercase());
        started = true;
    }
    if !started {
        return None;
    }
    let letters = alias.chars().filter(|c| c.is_alphanumeric()).count();
    Some(AliasKey {
        hash,
        prefixes,
        acronym: letters <= 5 && is_all_caps(alias) && !alias.contains(' '),
    })
}

/// The names a line of `places.tsv` gives its place: the canonical name
/// (second field), then the aliases (fifth field, separated by `|`).
pub fn place_names(line: &str) -> impl Iterator<Item = &str> {
    let mut fields = line.split('\t');
    let name = fields.nth(1).unwrap_or("");
    let aliases = fields.nth(2).unwrap_or("");
    std::iter::once(name).chain(aliases.split('|').filter(|a| !a.is_empty()))
}

/// The fields of a line of `actors.tsv` that holds an actor: its kind, its
/// canonical name and its aliases (separated by `|`); `None` for comments,
/// blank lines and lines without a name.
pub fn actor_fields(line: &str) -> Option<(&str, &str, &str)> {
    if line.starts_with('#') || line.trim().is_empty() {
        return None;
    }
    let mut fields = line.split('\t');
    let (Some(kind), Some(name)) = (fields.next(), fields.next()) else {
        return None;
    };
    Some((kind, name, fields.next().unwrap_or("")))
}

/// An actor line's canonical name, then its aliases.
pub fn actor_names<'a>(name: &'a str, aliases: &'a str) -> impl Iterator<Item = &'a str> {
    std::iter::once(name).chain(aliases.split('|').filter(|a| !a.is_empty()))
}
