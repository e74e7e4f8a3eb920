//! Actor and location facets: turning a user's name into the facet it is
//! indexed under, and counting facet values over the stories that match.
//!
//! Names resolve first through the entity gazetteer (aliases, any case:
//! "zelensky" → `/person/Volodymyr Zelenskyy`, "Kiev" →
//! `/Europe/Ukraine/Kyiv City/Kyiv`), then against the values the index
//! actually holds, so actors and places found in the text but in no list
//! ("Rustem Umerov") can be filtered on too. Counts count a story once,
//! however many of its copies match and mention the value.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use tantivy::schema::Facet;
use tantivy::Searcher;

use super::schema::name;
use super::{at, Error};
use crate::entities::{Extractor, Unknown};
use crate::search::{Dimension, FacetCount};

/// The facet values carried by matching articles, each with the groups it
/// counts for: the group is a story, or the article itself with
/// `--all-copies`. Values are interned, so counting sorts integers rather
/// than hashing strings.
#[derive(Debug, Default)]
pub(super) struct Tally {
    values: Vec<(Dimension, Facet)>,
    ids: HashMap<(Dimension, Facet), u32>,
    pairs: Vec<(u32, u64)>,
}

impl Tally {
    /// The id of a value, added if new.
    pub(super) fn intern(&mut self, dimension: Dimension, facet: Facet) -> u32 {
        let next = self.values.len() as u32;
        *self
            .ids
            .entry((dimension, facet.clone()))
            .or_insert_with(|| {
                self.values.push((dimension, facet));
                next
            })
    }

    /// Notes that `group` carries the value with id `value`.
    pub(super) fn add(&mut self, value: u32, group: u64) {
        self.pairs.push((value, group));
    }

    /// Adds another tally's values and sightings to this one.
    pub(super) fn merge(&mut self, other: Tally) {
        let mapped: Vec<u32> = other
            .values
            .into_iter()
            .map(|(dimension, facet)| self.intern(dimension, facet))
            .collect();
        self.pairs.extend(
            other
                .pairs
                .into_iter()
                .map(|(value, group)| (mapped[value as usize], group)),
        );
    }

    /// The `limit` most frequent values of `dimension`, each counted once
    /// per group. With `under`, counts the values directly below it
    /// instead, each with everything below it.
    pub(super) fn count(
        &self,
        dimension: Dimension,
        under: Option<&Facet>,
        limit: usize,
    ) -> Vec<FacetCount> {
        let depth = under.map_or(0, |u| u.to_path().len());
        // The key each value counts under, if it counts at all.
        let mut keys: Vec<Facet> = Vec::new();
        let mut key_ids: HashMap<Facet, u32> = HashMap::new();
        let key_of: Vec<Option<u32>> = self
            .values
            .iter()
            .map(|(seen, facet)| {
                if *seen != dimension {
                    return None;
                }
                let key = match under {
                    None => facet.clone(),
                    Some(under) if under.is_prefix_of(facet) && facet.to_path().len() > depth => {
                        Facet::from_path(facet.to_path().into_iter().take(depth + 1))
                    }
                    Some(_) => return None,
                };
                let next = keys.len() as u32;
                Some(*key_ids.entry(key.clone()).or_insert_with(|| {
                    keys.push(key);
                    next
                }))
            })
            .collect();
        let mut pairs: Vec<(u32, u64)> = self
            .pairs
            .iter()
            .filter_map(|&(value, group)| key_of[value as usize].map(|key| (key, group)))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let mut counts = vec![0u64; keys.len()];
        for (key, _) in pairs {
            counts[key as usize] += 1;
        }
        let mut found: Vec<FacetCount> = keys
            .iter()
            .zip(counts)
            .map(|(facet, count)| describe(dimension, facet, count))
            .collect();
        found.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        found.truncate(limit);
        found
    }
}

/// The facet `name` stands for in `dimension`.
pub(super) fn resolve(
    extractor: &Extractor,
    searcher: &Searcher,
    dir: &Path,
    dimension: Dimension,
    name: &str,
) -> Result<Facet, Error> {
    let known = match dimension {
        Dimension::Actor => extractor
            .resolve_actor(name)
            .map(|actor| super::schema::actor_facet(&actor)),
        Dimension::Location => extractor
            .resolve_place(name)
            .map(|place| super::schema::location_facet(&place.path)),
    };
    let unknown = match known {
        Ok(facet) => return Ok(facet),
        Err(unknown) => unknown,
    };
    let indexed = indexed_values(searcher, dimension).map_err(at(dir))?;
    let wanted = name.trim().to_lowercase();
    let leaf = |facet: &Facet| {
        facet
            .to_path()
            .last()
            .map(|l| l.to_lowercase())
            .unwrap_or_default()
    };
    // The full name, else a surname that picks out one person.
    if let Some(facet) = indexed.iter().find(|f| leaf(f) == wanted) {
        return Ok(facet.clone());
    }
    let by_last_word: Vec<&Facet> = indexed
        .iter()
        .filter(|f| leaf(f).rsplit(' ').next() == Some(wanted.as_str()))
        .collect();
    if let [only] = by_last_word[..] {
        return Ok(only.clone());
    }
    Err(unknown_name(dimension, unknown, &indexed, &wanted))
}

/// The error for a name nothing matches, with the closest names from the
/// gazetteer and from the index.
fn unknown_name(dimension: Dimension, unknown: Unknown, indexed: &[Facet], wanted: &str) -> Error {
    let mut suggestions = unknown.suggestions;
    let mut close: Vec<(usize, String)> = indexed
        .iter()
        .filter_map(|facet| facet.to_path().last().map(|l| l.to_string()))
        .filter_map(|leaf| {
            let distance = strsim::levenshtein(&leaf.to_lowercase(), wanted);
            let starts = leaf.to_lowercase().starts_with(wanted);
            (starts || distance <= (wanted.chars().count() / 3).max(2)).then_some((distance, leaf))
        })
        .collect();
    close.sort();
    for (_, leaf) in close {
        if suggestions.len() >= 5 {
            break;
        }
        if !suggestions.contains(&leaf) {
            suggestions.push(leaf);
        }
    }
    Error::UnknownName {
        dimension: dimension.as_str(),
        query: unknown.query,
        suggestions,
    }
}

/// Every value of `dimension` in the index.
fn indexed_values(searcher: &Searcher, dimension: Dimension) -> tantivy::Result<Vec<Facet>> {
    let mut values = HashSet::new();
    for segment in searcher.segment_readers() {
        let reader = segment.facet_reader(field_name(dimension))?;
        let mut stream = reader.facet_dict().stream()?;
        while stream.advance() {
            if let Ok(facet) = Facet::from_encoded(stream.key().to_vec()) {
                values.insert(facet);
            }
        }
    }
    let mut values: Vec<Facet> = values.into_iter().collect();
    values.sort();
    Ok(values)
}

/// The index field of a dimension.
pub(super) fn field_name(dimension: Dimension) -> &'static str {
    match dimension {
        Dimension::Actor => name::ACTOR,
        Dimension::Location => name::LOCATION,
    }
}

/// A facet value as the user sees it: its name, and for places its path.
pub(super) fn describe(dimension: Dimension, facet: &Facet, count: u64) -> FacetCount {
    let path: Vec<String> = facet.to_path().into_iter().map(str::to_string).collect();
    FacetCount {
        name: path.last().cloned().unwrap_or_default(),
        path: match dimension {
            Dimension::Actor => Vec::new(),
            Dimension::Location => path,
        },
        count,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(path: &[&str]) -> Facet {
        Facet::from_path(path)
    }

    fn tally(sightings: &[(u64, Dimension, Facet)]) -> Tally {
        // Split over two "segments" and merged, as searches do.
        let (left, right) = sightings.split_at(sightings.len() / 2);
        let mut whole = Tally::default();
        for half in [left, right] {
            let mut part = Tally::default();
            for (group, dimension, facet) in half {
                let id = part.intern(*dimension, facet.clone());
                part.add(id, *group);
            }
            whole.merge(part);
        }
        whole
    }

    #[test]
    fn a_story_counts_once() {
        let kyiv = place(&["Europe", "Ukraine", "Kyiv"]);
        let tally = tally(&[
            (1, Dimension::Location, kyiv.clone()),
            (1, Dimension::Location, kyiv.clone()),
            (2, Dimension::Location, kyiv.clone()),
            (
                2,
                Dimension::Actor,
                Facet::from_path(["person", "Volodymyr Zelenskyy"]),
            ),
        ]);
        let counts = tally.count(Dimension::Location, None, 10);
        assert_eq!(counts.len(), 1);
        assert_eq!((counts[0].name.as_str(), counts[0].count), ("Kyiv", 2));
        assert_eq!(counts[0].path, ["Europe", "Ukraine", "Kyiv"]);
        let actors = tally.count(Dimension::Actor, None, 10);
        assert_eq!(
            (
                actors[0].name.as_str(),
                actors[0].count,
                actors[0].path.len()
            ),
            ("Volodymyr Zelenskyy", 1, 0)
        );
    }

    #[test]
    fn under_a_place_counts_its_children_with_everything_inside() {
        let tally = tally(&[
            (
                1,
                Dimension::Location,
                place(&["Europe", "Ukraine", "Kharkiv Oblast", "Kharkiv"]),
            ),
            (
                2,
                Dimension::Location,
                place(&["Europe", "Ukraine", "Kharkiv Oblast", "Kupiansk"]),
            ),
            (
                2,
                Dimension::Location,
                place(&["Europe", "Ukraine", "Kharkiv Oblast", "Kharkiv"]),
            ),
            (
                3,
                Dimension::Location,
                place(&["Europe", "Ukraine", "Odesa Oblast", "Odesa"]),
            ),
            (
                4,
                Dimension::Location,
                place(&["Europe", "Poland", "Warsaw"]),
            ),
            (5, Dimension::Location, place(&["Europe", "Ukraine"])),
        ]);
        let ukraine = place(&["Europe", "Ukraine"]);
        let counts = tally.count(Dimension::Location, Some(&ukraine), 10);
        let named: Vec<(&str, u64)> = counts.iter().map(|c| (c.name.as_str(), c.count)).collect();
        assert_eq!(named, [("Kharkiv Oblast", 2), ("Odesa Oblast", 1)]);
        assert_eq!(tally.count(Dimension::Location, Some(&ukraine), 1).len(), 1);
    }
}
