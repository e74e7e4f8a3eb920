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

use rustc_hash::FxHashMap;
use tantivy::schema::Facet;
use tantivy::Searcher;

use super::schema::name;
use super::{at, Error};
use crate::entities::{Extractor, Unknown};
use crate::search::{Dimension, FacetCount};

/// The facet values of an index, each with a small integer id: a search
/// gathers ids, and counting works on integers rather than strings.
#[derive(Debug, Default, Clone)]
pub(super) struct Values {
    list: Vec<(Dimension, Facet)>,
    ids: HashMap<(Dimension, Facet), u32>,
}

impl Values {
    /// The id of a value, added if new.
    pub(super) fn intern(&mut self, dimension: Dimension, facet: Facet) -> u32 {
        let next = self.list.len() as u32;
        *self
            .ids
            .entry((dimension, facet.clone()))
            .or_insert_with(|| {
                self.list.push((dimension, facet));
                next
            })
    }
}

/// The facet values carried by matching articles, by id in [`Values`],
/// with the group each article counts for: its story, or the article itself
/// with `--all-copies`.
#[derive(Debug, Default)]
pub(super) struct Tally {
    /// Per article: its group and the end of its values in `values`.
    articles: Vec<(u64, usize)>,
    values: Vec<u32>,
}

/// In [`Tally::count`]: a value not looked at yet, or one that does not count.
const UNSEEN: u32 = u32::MAX;
const IGNORED: u32 = u32::MAX - 1;

impl Tally {
    /// Notes a matching article of `group` that carries `values`.
    pub(super) fn add(&mut self, group: u64, values: impl IntoIterator<Item = u32>) {
        self.values.extend(values);
        self.articles.push((group, self.values.len()));
    }

    /// Adds another tally's articles to this one.
    pub(super) fn merge(&mut self, other: Tally) {
        let offset = self.values.len();
        self.values.extend(other.values);
        self.articles.extend(
            other
                .articles
                .into_iter()
                .map(|(group, end)| (group, end + offset)),
        );
    }

    /// The `limit` most frequent values of `dimension`, each counted once
    /// per group. With `under`, counts the values directly below it
    /// instead, each with everything below it.
    pub(super) fn count(
        &self,
        values: &Values,
        dimension: Dimension,
        under: Option<&Facet>,
        limit: usize,
    ) -> Vec<FacetCount> {
        let depth = under.map_or(0, |u| u.to_path().len());
        // The key each value counts under, worked out once per value seen.
        let mut key_of = vec![UNSEEN; values.list.len()];
        let mut keys: Vec<Facet> = Vec::new();
        let mut key_ids: HashMap<Facet, u32> = HashMap::new();
        let mut key = |value: u32| -> u32 {
            let Some(slot) = key_of.get_mut(value as usize) else {
                return IGNORED;
            };
            if *slot == UNSEEN {
                let (seen, facet) = &values.list[value as usize];
                let counted = match under {
                    _ if *seen != dimension => None,
                    None => Some(facet.clone()),
                    Some(under) if under.is_prefix_of(facet) && facet.to_path().len() > depth => {
                        Some(Facet::from_path(
                            facet.to_path().into_iter().take(depth + 1),
                        ))
                    }
                    Some(_) => None,
                };
                *slot = counted.map_or(IGNORED, |facet| {
                    let next = keys.len() as u32;
                    *key_ids.entry(facet.clone()).or_insert_with(|| {
                        keys.push(facet);
                        next
                    })
                });
            }
            *slot
        };
        // A group with one matching article counts each of its keys once
        // as it is; only groups of several need their keys deduplicated.
        let mut articles_of: FxHashMap<u64, u32> = FxHashMap::default();
        for (group, _) in &self.articles {
            *articles_of.entry(*group).or_default() += 1;
        }
        let mut counts: Vec<u64> = Vec::new();
        let mut shared: Vec<(u32, u64)> = Vec::new();
        let mut start = 0;
        for &(group, end) in &self.articles {
            let alone = articles_of.get(&group) == Some(&1);
            for &value in &self.values[start..end] {
                let key = key(value);
                if key == IGNORED {
                    continue;
                }
                if alone {
                    if counts.len() <= key as usize {
                        counts.resize(key as usize + 1, 0);
                    }
                    counts[key as usize] += 1;
                } else {
                    shared.push((key, group));
                }
            }
            start = end;
        }
        shared.sort_unstable();
        shared.dedup();
        counts.resize(keys.len(), 0);
        for (key, _) in shared {
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

    /// A tally of articles, each a group and one value, split over two
    /// "segments" and merged as searches do; with the values it refers to.
    fn tally(sightings: &[(u64, Dimension, Facet)]) -> (Tally, Values) {
        let mut values = Values::default();
        let (left, right) = sightings.split_at(sightings.len() / 2);
        let mut whole = Tally::default();
        for half in [left, right] {
            let mut part = Tally::default();
            for (group, dimension, facet) in half {
                let id = values.intern(*dimension, facet.clone());
                part.add(*group, [id]);
            }
            whole.merge(part);
        }
        (whole, values)
    }

    #[test]
    fn a_story_counts_once() {
        let kyiv = place(&["Europe", "Ukraine", "Kyiv"]);
        let (tally, values) = tally(&[
            (1, Dimension::Location, kyiv.clone()),
            (1, Dimension::Location, kyiv.clone()),
            (2, Dimension::Location, kyiv.clone()),
            (
                2,
                Dimension::Actor,
                Facet::from_path(["person", "Volodymyr Zelenskyy"]),
            ),
        ]);
        let counts = tally.count(&values, Dimension::Location, None, 10);
        assert_eq!(counts.len(), 1);
        assert_eq!((counts[0].name.as_str(), counts[0].count), ("Kyiv", 2));
        assert_eq!(counts[0].path, ["Europe", "Ukraine", "Kyiv"]);
        let actors = tally.count(&values, Dimension::Actor, None, 10);
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
        let (tally, values) = tally(&[
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
        let counts = tally.count(&values, Dimension::Location, Some(&ukraine), 10);
        let named: Vec<(&str, u64)> = counts.iter().map(|c| (c.name.as_str(), c.count)).collect();
        assert_eq!(named, [("Kharkiv Oblast", 2), ("Odesa Oblast", 1)]);
        assert_eq!(
            tally
                .count(&values, Dimension::Location, Some(&ukraine), 1)
                .len(),
            1
        );
    }
}
