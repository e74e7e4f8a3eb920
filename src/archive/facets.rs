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

use tantivy::collector::Count;
use tantivy::query::TermQuery;
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{DocAddress, Searcher, Term};

use super::doc_ords::{DocOrdFiles, DocOrds};
use super::facet_values::{FacetValues, NO_VALUE};

use super::schema::{actor_kind_of_root, name};
use super::{at, Error};
use crate::entities::{Extractor, Place, SpellingLists, Unknown};
use crate::search::{Dimension, FacetCount, Namesakes};

/// A matching article as facet counting sees it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Counted {
    /// Where it is.
    pub address: DocAddress,
    /// The group it counts for: its story, or itself with `--all-copies`.
    pub group: u32,
    /// Whether it is the only match of its group.
    pub alone: bool,
}

/// The `limit` most frequent values of `dimension` over `matches`, each
/// counted once per group however many of the group's articles carry it.
/// With `under`, counts the values directly below it instead, each with
/// everything below it.
///
/// An article alone in its group (most are) is counted by ordinal in a
/// plain array per segment, and only the ordinals met are decoded; articles
/// that share a group, and every article when counting `under` a place
/// (where two of an article's places may fall under one key), go through
/// (group, value) pairs that are deduplicated. Each article's ordinals come
/// from the segment's file in `files` when it has a fit one, else from
/// tantivy's column.
pub(super) fn count(
    searcher: &Searcher,
    cache: &FacetValues,
    files: &DocOrdFiles,
    matches: &[Counted],
    dimension: Dimension,
    under: Option<&Facet>,
    limit: usize,
) -> tantivy::Result<Vec<FacetCount>> {
    let mut keys = Keys::new(cache, under);
    // Per key: the matches alone in their group that carry it.
    let mut alone: Vec<u64> = Vec::new();
    // (group, key) for every other match's keys.
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut add_alone = |key: u32, count: u64| {
        if alone.len() <= key as usize {
            alone.resize(key as usize + 1, 0);
        }
        alone[key as usize] += count;
    };
    for run in matches.chunk_by(|a, b| a.address.segment_ord == b.address.segment_ord) {
        let segment = searcher.segment_reader(run[0].address.segment_ord);
        let reader = segment.facet_reader(field_name(dimension))?;
        let lists = files.lists(segment, &reader, dimension);
        let doc_ords = DocOrds::new(lists.as_deref(), dimension, &reader);
        let ords = reader.facet_dict().num_terms();
        if under.is_some() {
            // Two places of one article may fall under one key, so each
            // article's keys are deduplicated before they count.
            let ids = cache.ids(segment, &reader, dimension, 0..ords as u64)?;
            let key_by_ord: Vec<Option<u32>> = ids.iter().map(|&id| keys.of(id)).collect();
            let mut doc_keys = Vec::new();
            for m in warmed(run, &doc_ords) {
                doc_keys.clear();
                doc_ords.for_each(m.address.doc_id, |ord| {
                    if let Some(&Some(key)) = key_by_ord.get(ord as usize) {
                        doc_keys.push(key);
                    }
                });
                if m.alone {
                    doc_keys.sort_unstable();
                    doc_keys.dedup();
                    for &key in &doc_keys {
                        add_alone(key, 1);
                    }
                } else {
                    pairs.extend(doc_keys.iter().map(|&key| (m.group, key)));
                }
            }
            continue;
        }
        // Per ordinal: the articles alone in their group that carry it,
        // and whether an article in a shared group does.
        let mut by_ord = vec![0u64; ords];
        let mut in_shared = vec![false; ords];
        let mut shared_ords: Vec<(u32, u64)> = Vec::new();
        for m in warmed(run, &doc_ords) {
            if m.alone {
                // tantivy keeps a document's facet ordinals sorted, so a
                // value given twice would come twice in a row.
                let mut previous = None;
                doc_ords.for_each(m.address.doc_id, |ord| {
                    if previous != Some(ord) {
                        if let Some(count) = by_ord.get_mut(ord as usize) {
                            *count += 1;
                        }
                    }
                    previous = Some(ord);
                });
            } else {
                doc_ords.for_each(m.address.doc_id, |ord| {
                    if let Some(seen) = in_shared.get_mut(ord as usize) {
                        *seen = true;
                        shared_ords.push((m.group, ord));
                    }
                });
            }
        }
        let needed = (0..ords).filter(|&ord| by_ord[ord] > 0 || in_shared[ord]);
        let ids = cache.ids(segment, &reader, dimension, needed.map(|ord| ord as u64))?;
        for (ord, &count) in by_ord.iter().enumerate() {
            if count > 0 {
                if let Some(key) = keys.of(ids[ord]) {
                    add_alone(key, count);
                }
            }
        }
        pairs.extend(
            shared_ords
                .into_iter()
                .filter_map(|(group, ord)| Some((group, keys.of(ids[ord as usize])?))),
        );
    }
    // Per key: the stories that carry it.
    let mut counts = alone;
    for key in once_per_group(&pairs) {
        if counts.len() <= key as usize {
            counts.resize(key as usize + 1, 0);
        }
        counts[key as usize] += 1;
    }
    // Only the keys that can make the top `limit` are named and sorted.
    let mut ranked: Vec<(u64, u32)> = (0..)
        .zip(counts)
        .filter(|&(_, count)| count > 0)
        .map(|(key, count)| (count, key))
        .collect();
    if limit == 0 || ranked.is_empty() {
        return Ok(Vec::new());
    }
    if ranked.len() > limit {
        ranked.select_nth_unstable_by(limit - 1, |a, b| b.0.cmp(&a.0));
        let last = ranked[limit - 1].0;
        ranked.retain(|&(count, _)| count >= last);
    }
    let mut found: Vec<FacetCount> = ranked
        .into_iter()
        .filter_map(|(count, key)| Some(describe(dimension, &keys.facet(key)?, count)))
        .collect();
    // Places of one name in two countries are told apart by their paths,
    // so the order never depends on which value was decoded first.
    found.sort_by(|a, b| {
        (b.count.cmp(&a.count))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.path.cmp(&b.path))
            .then_with(|| a.kind.cmp(&b.kind))
    });
    found.truncate(limit);
    Ok(found)
}

/// How many matches have their lists warmed at once before they are
/// counted ([`DocOrds::warm`]).
const WARM_BATCH: usize = 32;

/// `run`'s matches in order, the lists of each batch of [`WARM_BATCH`]
/// warmed before the batch's first is given.
fn warmed<'r>(run: &'r [Counted], doc_ords: &'r DocOrds) -> impl Iterator<Item = &'r Counted> {
    run.chunks(WARM_BATCH).flat_map(move |batch| {
        doc_ords.warm(batch.iter().map(|m| m.address.doc_id));
        batch
    })
}

/// The key each facet value counts under: the value itself (its id is the
/// key's), or when counting `under` a place, the place directly below it
/// that holds the value (none for values outside it), each with a small id.
struct Keys<'a> {
    cache: &'a FacetValues,
    under: Option<&'a Facet>,
    depth: usize,
    /// The keys, by id.
    facets: Vec<Facet>,
    ids: HashMap<Facet, u32>,
    /// Per value id: its key id, once worked out.
    of_value: Vec<Option<Option<u32>>>,
}

impl<'a> Keys<'a> {
    fn new(cache: &'a FacetValues, under: Option<&'a Facet>) -> Keys<'a> {
        Keys {
            cache,
            under,
            depth: under.map_or(0, |u| u.to_path().len()),
            facets: Vec::new(),
            ids: HashMap::new(),
            of_value: Vec::new(),
        }
    }

    /// The key id of the value with this id, if it counts.
    fn of(&mut self, value: u32) -> Option<u32> {
        if value >= NO_VALUE {
            return None;
        }
        if self.under.is_none() {
            return Some(value);
        }
        let slot = value as usize;
        if self.of_value.len() <= slot {
            self.of_value.resize(slot + 1, None);
        }
        if let Some(known) = self.of_value[slot] {
            return known;
        }
        let key = self.cache.facet(value).and_then(|facet| match self.under {
            Some(under) if under.is_prefix_of(&facet) && facet.to_path().len() > self.depth => {
                Some(Facet::from_path(
                    facet.to_path().into_iter().take(self.depth + 1),
                ))
            }
            _ => None,
        });
        let id = key.map(|key| {
            let (facets, next) = (&mut self.facets, self.ids.len() as u32);
            *self.ids.entry(key.clone()).or_insert_with(|| {
                facets.push(key);
                next
            })
        });
        self.of_value[slot] = Some(id);
        id
    }

    /// The facet a key id stands for.
    fn facet(&self, key: u32) -> Option<Facet> {
        match self.under {
            None => self.cache.facet(key),
            Some(_) => self.facets.get(key as usize).cloned(),
        }
    }
}

/// The keys of `(group, key)` pairs, each once per group: the pairs are
/// ordered by group with a counting sort (groups are small dense numbers),
/// and a key counts when the group that last counted it is another.
fn once_per_group(pairs: &[(u32, u32)]) -> Vec<u32> {
    let groups = pairs
        .iter()
        .map(|&(g, _)| g as usize + 1)
        .max()
        .unwrap_or(0);
    let keys = pairs
        .iter()
        .map(|&(_, k)| k as usize + 1)
        .max()
        .unwrap_or(0);
    let mut starts = vec![0usize; groups + 1];
    for &(group, _) in pairs {
        starts[group as usize + 1] += 1;
    }
    for g in 0..groups {
        starts[g + 1] += starts[g];
    }
    let mut by_group = vec![0u32; pairs.len()];
    let mut next = starts.clone();
    for &(group, key) in pairs {
        by_group[next[group as usize]] = key;
        next[group as usize] += 1;
    }
    let mut counted_for = vec![u32::MAX; keys];
    let mut once = Vec::new();
    for group in 0..groups {
        for &key in &by_group[starts[group]..starts[group + 1]] {
            if counted_for[key as usize] != group as u32 {
                counted_for[key as usize] = group as u32;
                once.push(key);
            }
        }
    }
    once
}

/// The facets `name` stands for in `dimension`, never none: the one of a
/// name the gazetteer (or the user's own list) knows (of a place's name
/// that several places bear, [`namesake`]; a name qualified by a place it
/// lies in, "Bethlehem, West Bank", is that one), else every value the
/// index holds under that name, in any case, for a name in no list can be
/// indexed as a person and as an organisation, or spelt "YouTube" and
/// "Youtube"; else those of a surname that picks out one name. The lists
/// are read in place; `decoded` gives them decoded (tens of
/// milliseconds), which only a name nothing knows needs, for the known
/// names closest to it.
pub(super) fn resolve<'a>(
    lists: &SpellingLists,
    decoded: impl FnOnce() -> Result<&'a Extractor, Error>,
    searcher: &Searcher,
    dir: &Path,
    dimension: Dimension,
    name: &str,
) -> Result<Resolved, Error> {
    match dimension {
        Dimension::Actor => {
            if let Some(actor) = lists.actor(name) {
                return Ok(Resolved::one(super::schema::actor_facet(&actor)));
            }
        }
        Dimension::Location => {
            let mut named = (name, lists.places(name));
            if named.1.is_empty() {
                named = qualified_places(lists, name);
            }
            if !named.1.is_empty() {
                return namesake(searcher, name, named.0, &named.1).map_err(at(dir));
            }
        }
    }
    let indexed = indexed_values(searcher, dimension).map_err(at(dir))?;
    let wanted = name.trim().to_lowercase();
    let leaf = |facet: &Facet| {
        facet
            .to_path()
            .last()
            .map(|l| l.to_lowercase())
            .unwrap_or_default()
    };
    let full_name: Vec<Facet> = indexed
        .iter()
        .filter(|f| leaf(f) == wanted)
        .cloned()
        .collect();
    if !full_name.is_empty() {
        return Ok(Resolved::all(full_name));
    }
    let by_last_word: Vec<Facet> = indexed
        .iter()
        .filter(|f| leaf(f).rsplit(' ').next() == Some(wanted.as_str()))
        .cloned()
        .collect();
    let one_name = by_last_word
        .first()
        .is_some_and(|first| by_last_word.iter().all(|f| leaf(f) == leaf(first)));
    if one_name {
        return Ok(Resolved::all(by_last_word));
    }
    let decoded = decoded()?;
    let unknown = match dimension {
        Dimension::Actor => decoded.resolve_actor(name).err(),
        Dimension::Location => decoded.resolve_place(name).err(),
    };
    let unknown = unknown.unwrap_or_else(|| Unknown {
        query: name.to_string(),
        suggestions: Vec::new(),
    });
    Err(unknown_name(dimension, unknown, &indexed, &wanted))
}

/// What a user's name stands for: the facets a filter takes any of, and
/// for a place's name that others bear too, which one it took.
pub(super) struct Resolved {
    /// The facets.
    pub facets: Vec<Facet>,
    /// The place taken among its namesakes, when the index holds articles
    /// about another.
    pub namesakes: Option<Namesakes>,
}

impl Resolved {
    fn one(facet: Facet) -> Resolved {
        Resolved::all(vec![facet])
    }

    fn all(facets: Vec<Facet>) -> Resolved {
        Resolved {
            facets,
            namesakes: None,
        }
    }
}

/// Of the places a name can stand for (`places`, the likeliest before
/// context first), the one the index holds the most articles about, or a
/// place inside it: a bare "Madaya" in an archive of the Syrian war is
/// Syria's, though Myanmar's has more people, and "Bethlehem" the West
/// Bank's. Only places whose own name is the first one's or the name as
/// typed (`bare`, without its qualifiers) are its rivals: not those the
/// name is only another name of (Macomb, Illinois, once "Washington"),
/// nor a place that lies in it or holds it ("New York" the state and the
/// city). The first is taken on a tie, or where the index holds articles
/// about none of them. The namesakes are told when the index holds
/// articles about another. A name without rivals (most: "Ukraine") costs
/// no count.
fn namesake(
    searcher: &Searcher,
    typed: &str,
    bare: &str,
    places: &[Place],
) -> tantivy::Result<Resolved> {
    let field = searcher.schema().get_field(name::LOCATION)?;
    let first = &places[0];
    let rival = |place: &&Place| {
        let nested = place.path.starts_with(&first.path) || first.path.starts_with(&place.path);
        let own_name = place.name.to_lowercase();
        !nested && (own_name == first.name.to_lowercase() || own_name == bare.trim().to_lowercase())
    };
    let rivals: Vec<&Place> = places[1..].iter().filter(rival).collect();
    if rivals.is_empty() {
        return Ok(Resolved::one(super::schema::location_facet(&first.path)));
    }
    let mut counted: Vec<(Facet, u64)> = Vec::with_capacity(rivals.len() + 1);
    for place in std::iter::once(first).chain(rivals) {
        let facet = super::schema::location_facet(&place.path);
        // Live articles only: a refresh or a replacement leaves deleted
        // ones in a segment's counts until it is merged.
        let query = TermQuery::new(Term::from_facet(field, &facet), IndexRecordOption::Basic);
        let articles = searcher.search(&query, &Count)? as u64;
        counted.push((facet, articles));
    }
    // The most articles; on a tie, the likeliest (stable, and first).
    let best = (0..counted.len())
        .max_by(|&a, &b| counted[a].1.cmp(&counted[b].1).then(b.cmp(&a)))
        .unwrap_or(0);
    let (facet, articles) = counted.swap_remove(best);
    let mut others: Vec<FacetCount> = counted
        .into_iter()
        .filter(|(_, articles)| *articles > 0)
        .map(|(facet, articles)| describe(Dimension::Location, &facet, articles))
        .collect();
    others.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.path.cmp(&b.path)));
    let namesakes = (!others.is_empty()).then(|| Namesakes {
        typed: typed.to_string(),
        chosen: describe(Dimension::Location, &facet, articles),
        others,
    });
    Ok(Resolved {
        facets: vec![facet],
        namesakes,
    })
}

/// The places of a name qualified by places it lies in, as the user may
/// write it, likeliest first: "Bethlehem, West Bank", "Bethlehem (West
/// Bank)", "West Bank/Bethlehem", or as `sitrep facets location` lists it,
/// "Bethlehem (Asia / Palestinian Territories / West Bank)". A qualifier
/// is a place of the path by any of its names ("Bethlehem, Palestine");
/// qualifiers that are the whole path above a place name that place
/// alone ("Washington (North America / United States)" is the state, not
/// the capital, which lies there too). With the name without its
/// qualifiers; no places when the name is no such thing.
fn qualified_places<'n>(lists: &SpellingLists, name: &'n str) -> (&'n str, Vec<Place>) {
    let (place, qualifiers): (&str, Vec<&str>) = match name
        .trim()
        .strip_suffix(')')
        .and_then(|n| n.split_once(" ("))
    {
        Some((place, inside)) => (place, inside.split(['/', ',']).collect()),
        None => match name.split_once(',') {
            Some((place, rest)) => (place, rest.split(',').collect()),
            None => match name.rsplit_once('/') {
                Some((above, place)) => (place, above.split('/').collect()),
                None => return (name, Vec::new()),
            },
        },
    };
    let qualifiers: Vec<&str> = qualifiers
        .into_iter()
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .collect();
    if qualifiers.is_empty() {
        return (name, Vec::new());
    }
    // Each qualifier in lower case, and the known place it names, if any.
    let qualifiers: Vec<(String, Option<Place>)> = qualifiers
        .into_iter()
        .map(|q| (q.to_lowercase(), lists.place(q)))
        .collect();
    let above = |place: &Place| place.path[..place.path.len().saturating_sub(1)].to_vec();
    let lies_in = |above: &[String], (lower, known): &(String, Option<Place>)| {
        above
            .iter()
            .any(|component| component.to_lowercase() == *lower)
            || known.as_ref().is_some_and(|q| above.starts_with(&q.path))
    };
    let places: Vec<Place> = lists
        .places(place.trim())
        .into_iter()
        .filter(|p| qualifiers.iter().all(|q| lies_in(&above(p), q)))
        .collect();
    let whole_path = |place: &Place| {
        let above = above(place);
        above.len() == qualifiers.len()
            && (above.iter().zip(&qualifiers)).all(|(a, (lower, _))| a.to_lowercase() == *lower)
    };
    match places.iter().position(whole_path) {
        Some(at) => (place, vec![places[at].clone()]),
        None => (place, places),
    }
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

/// A facet value as the user sees it: its name, for places its path, and
/// for actors their kind.
pub(super) fn describe(dimension: Dimension, facet: &Facet, count: u64) -> FacetCount {
    let path: Vec<String> = facet.to_path().into_iter().map(str::to_string).collect();
    let name = path.last().cloned().unwrap_or_default();
    match dimension {
        Dimension::Actor => FacetCount {
            kind: path.first().and_then(|root| actor_kind_of_root(root)),
            name,
            path: Vec::new(),
            count,
        },
        Dimension::Location => FacetCount {
            name,
            path,
            kind: None,
            count,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::two_segment_index;
    use crate::entities::ActorKind;
    use tantivy::collector::DocSetCollector;
    use tantivy::query::AllQuery;
    use tantivy::{Index, TantivyDocument};

    fn place(path: &[&str]) -> Facet {
        Facet::from_path(path)
    }

    fn zelenskyy() -> Facet {
        Facet::from_path(["person", "Volodymyr Zelenskyy"])
    }

    /// An index of articles, each a story key and the facets it carries,
    /// split over two segments as a real index would be; every article
    /// matched, grouped by story.
    fn matched(articles: &[(u64, Vec<Facet>)]) -> Matched {
        let dir = tempfile::tempdir().unwrap();
        let (index, _writer) =
            two_segment_index(dir.path(), articles, |fields, (story, facets)| {
                let mut doc = TantivyDocument::new();
                doc.add_u64(fields.story_key, *story);
                for facet in facets {
                    let field = match facet.to_path().first() {
                        Some(&"person" | &"organisation") => fields.actor,
                        _ => fields.location,
                    };
                    doc.add_facet(field, facet.clone());
                }
                doc
            });
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let mut addresses: Vec<DocAddress> = searcher
            .search(&AllQuery, &DocSetCollector)
            .unwrap()
            .into_iter()
            .collect();
        addresses.sort();
        let stories: Vec<u64> = addresses
            .iter()
            .map(|a| {
                let column = searcher
                    .segment_reader(a.segment_ord)
                    .fast_fields()
                    .u64(name::STORY_KEY)
                    .unwrap();
                column.first(a.doc_id).unwrap()
            })
            .collect();
        let counted = addresses
            .iter()
            .zip(&stories)
            .map(|(&address, story)| Counted {
                address,
                group: *story as u32,
                alone: stories.iter().filter(|s| *s == story).count() == 1,
            })
            .collect();
        Matched {
            dir,
            index,
            matches: counted,
        }
    }

    /// An index in a directory of its own, and its articles as matched.
    struct Matched {
        dir: tempfile::TempDir,
        index: Index,
        matches: Vec<Counted>,
    }

    fn counts(
        matched: &Matched,
        dimension: Dimension,
        under: Option<&Facet>,
        limit: usize,
    ) -> Vec<(String, u64)> {
        let Matched {
            dir,
            index,
            matches,
        } = matched;
        let searcher = index.reader().unwrap().searcher();
        let cache = FacetValues::default();
        let none = DocOrdFiles::none();
        let once = count(&searcher, &cache, &none, matches, dimension, under, limit).unwrap();
        // Counting again with what the first count decoded gives the same,
        // and so does counting from the files of ordinals `sitrep index` saves.
        let again = count(&searcher, &cache, &none, matches, dimension, under, limit).unwrap();
        assert_eq!(once, again);
        super::super::doc_ords::save(dir.path(), &searcher).unwrap();
        let files = DocOrdFiles::new(dir.path());
        let from_files =
            count(&searcher, &cache, &files, matches, dimension, under, limit).unwrap();
        assert_eq!(once, from_files);
        once.into_iter().map(|c| (c.name, c.count)).collect()
    }

    #[test]
    fn a_story_counts_once_however_many_of_its_articles_match() {
        let kyiv = place(&["Europe", "Ukraine", "Kyiv City", "Kyiv"]);
        let matched = matched(&[
            (1, vec![kyiv.clone()]),
            (2, vec![kyiv.clone(), zelenskyy()]),
            (1, vec![kyiv.clone(), zelenskyy()]),
            (3, vec![zelenskyy()]),
        ]);
        assert_eq!(
            counts(&matched, Dimension::Location, None, 10),
            [("Kyiv".to_string(), 2)]
        );
        assert_eq!(
            counts(&matched, Dimension::Actor, None, 10),
            [("Volodymyr Zelenskyy".to_string(), 3)]
        );
    }

    #[test]
    fn every_match_counts_across_warmed_batches() {
        // Stories 0..150 over two segments: batches of `WARM_BATCH` end
        // inside each segment; every third story also has a copy.
        let kyiv = place(&["Europe", "Ukraine", "Kyiv City", "Kyiv"]);
        let articles: Vec<(u64, Vec<Facet>)> = (0..150u64)
            .map(|story| match story % 2 {
                0 => (story, vec![kyiv.clone(), zelenskyy()]),
                _ => (story, vec![zelenskyy()]),
            })
            .chain(
                (0..150u64)
                    .step_by(3)
                    .map(|story| (story, vec![kyiv.clone()])),
            )
            .collect();
        assert!(articles.len() > 3 * WARM_BATCH);
        let matched = matched(&articles);
        assert_eq!(
            counts(&matched, Dimension::Actor, None, 10),
            [("Volodymyr Zelenskyy".to_string(), 150)]
        );
        // The even stories, and the odd ones with a copy in Kyiv.
        assert_eq!(
            counts(&matched, Dimension::Location, None, 10),
            [("Kyiv".to_string(), 75 + 25)]
        );
        let europe = place(&["Europe"]);
        assert_eq!(
            counts(&matched, Dimension::Location, Some(&europe), 10),
            [("Ukraine".to_string(), 75 + 25)]
        );
    }

    #[test]
    fn values_are_ordered_by_count_then_name_and_cut_at_the_limit() {
        let odesa = place(&["Europe", "Ukraine", "Odesa Oblast", "Odesa"]);
        let lviv = place(&["Europe", "Ukraine", "Lviv Oblast", "Lviv"]);
        let kyiv = place(&["Europe", "Ukraine", "Kyiv City", "Kyiv"]);
        let matched = matched(&[
            (1, vec![odesa.clone(), lviv.clone()]),
            (2, vec![lviv.clone(), kyiv.clone()]),
            (3, vec![odesa.clone()]),
            (4, vec![kyiv.clone()]),
            (5, vec![lviv.clone()]),
        ]);
        let all = counts(&matched, Dimension::Location, None, 10);
        let named: Vec<(&str, u64)> = all.iter().map(|(n, c)| (n.as_str(), *c)).collect();
        assert_eq!(named, [("Lviv", 3), ("Kyiv", 2), ("Odesa", 2)]);
        let top = counts(&matched, Dimension::Location, None, 2);
        assert_eq!(top, all[..2]);
        assert!(counts(&matched, Dimension::Location, None, 0).is_empty());
    }

    /// The values of `dimension` listed over two articles carrying `a` and
    /// `b`, indexed in both orders: both lists, which must agree.
    fn listed_either_way(a: &Facet, b: &Facet, dimension: Dimension) -> Vec<FacetCount> {
        let lists: Vec<Vec<FacetCount>> = [[a, b], [b, a]]
            .into_iter()
            .map(|[first, second]| {
                let Matched {
                    dir: _dir,
                    index,
                    matches,
                } = matched(&[(1, vec![first.clone()]), (2, vec![second.clone()])]);
                let searcher = index.reader().unwrap().searcher();
                let (cache, none) = (FacetValues::default(), DocOrdFiles::none());
                count(&searcher, &cache, &none, &matches, dimension, None, 10).unwrap()
            })
            .collect();
        assert_eq!(lists[0], lists[1], "the order depends on the index");
        lists[0].clone()
    }

    #[test]
    fn actors_of_one_name_are_ordered_by_their_kind() {
        let person = Facet::from_path(["person", "Mekelle"]);
        let organisation = Facet::from_path(["organisation", "Mekelle"]);
        let found = listed_either_way(&organisation, &person, Dimension::Actor);
        let kinds: Vec<Option<ActorKind>> = found.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [Some(ActorKind::Person), Some(ActorKind::Organisation)]
        );
    }

    #[test]
    fn places_of_one_name_are_ordered_by_their_path() {
        let russian = place(&["Europe", "Russia", "Moscow Oblast", "House"]);
        let chinese = place(&["Asia", "China", "Hebei", "House"]);
        let found = listed_either_way(&russian, &chinese, Dimension::Location);
        let paths: Vec<String> = found.iter().map(|c| c.path.join("/")).collect();
        assert_eq!(
            paths,
            [
                "Asia/China/Hebei/House",
                "Europe/Russia/Moscow Oblast/House"
            ]
        );
    }

    #[test]
    fn under_a_place_counts_its_children_once_per_story() {
        let kharkiv = place(&["Europe", "Ukraine", "Kharkiv Oblast", "Kharkiv"]);
        let kupiansk = place(&["Europe", "Ukraine", "Kharkiv Oblast", "Kupiansk"]);
        let matched = matched(&[
            // One article with two places in one oblast counts it once.
            (1, vec![kharkiv.clone(), kupiansk.clone()]),
            (2, vec![kupiansk.clone()]),
            (2, vec![kharkiv.clone()]),
            (
                3,
                vec![place(&["Europe", "Ukraine", "Odesa Oblast", "Odesa"])],
            ),
            (4, vec![place(&["Europe", "Poland", "Warsaw"])]),
            (5, vec![place(&["Europe", "Ukraine"])]),
        ]);
        let ukraine = place(&["Europe", "Ukraine"]);
        let under = counts(&matched, Dimension::Location, Some(&ukraine), 10);
        let named: Vec<(&str, u64)> = under.iter().map(|(n, c)| (n.as_str(), *c)).collect();
        assert_eq!(named, [("Kharkiv Oblast", 2), ("Odesa Oblast", 1)]);
        assert_eq!(
            counts(&matched, Dimension::Location, Some(&ukraine), 1).len(),
            1
        );
    }

    #[test]
    fn once_per_group_drops_repeats_within_a_group_only() {
        let mut once = once_per_group(&[(2, 7), (0, 7), (2, 7), (0, 5), (1, 7), (0, 7)]);
        once.sort_unstable();
        assert_eq!(once, [5, 7, 7, 7]);
        assert!(once_per_group(&[]).is_empty());
    }

    #[test]
    fn a_name_is_qualified_by_the_places_it_lies_in() {
        let lists = SpellingLists::new(None);
        let paths = |name: &str| -> Vec<String> {
            qualified_places(&lists, name)
                .1
                .iter()
                .map(|p| p.path.join("/"))
                .collect()
        };
        let palestine = paths("Bethlehem, Palestine");
        assert_eq!(
            palestine,
            ["Asia/Palestinian Territories/West Bank/Bethlehem"]
        );
        assert_eq!(paths("Bethlehem (West Bank)"), palestine);
        assert_eq!(paths("West Bank/Bethlehem"), palestine);
        let american = paths("Bethlehem, United States");
        assert!(american.len() > 1, "{american:?}");
        assert!(american
            .iter()
            .all(|p| p.starts_with("North America/United States/")));
        // The whole path above names the place that lies there, not one
        // below it of the same name.
        assert_eq!(
            paths("Washington (North America / United States)"),
            ["North America/United States/Washington"]
        );
        for nothing in [
            "Bethlehem",
            "Bethlehem, Kenya",
            "Bethlehem, ",
            "Nowhere, Ukraine",
        ] {
            assert!(paths(nothing).is_empty(), "{nothing}");
        }
    }

    #[test]
    fn namesakes_are_counted_by_their_live_articles() {
        let dir = tempfile::tempdir().unwrap();
        let west_bank = ["Asia", "Palestinian Territories", "West Bank", "Bethlehem"];
        let pennsylvania = [
            "North America",
            "United States",
            "Pennsylvania",
            "Bethlehem",
        ];
        let articles = [
            ("a", west_bank),
            ("b", pennsylvania),
            ("c", pennsylvania),
            ("d", west_bank),
            ("e", pennsylvania),
            ("f", west_bank),
        ];
        let (index, mut writer) = two_segment_index(dir.path(), &articles, |fields, (id, path)| {
            let mut doc = TantivyDocument::new();
            doc.add_text(fields.id, id);
            doc.add_facet(fields.location, Facet::from_path(path));
            doc
        });
        // Deleted as a refresh or a replacement deletes, and not merged
        // away yet: the segments still count them.
        let id = crate::archive::schema::fields_of(&index.schema())
            .unwrap()
            .id;
        for deleted in ["b", "e"] {
            writer.delete_term(Term::from_field_text(id, deleted));
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let places = SpellingLists::new(None).places("Bethlehem");
        let resolved = namesake(&searcher, "Bethlehem", "Bethlehem", &places).unwrap();
        assert_eq!(resolved.facets, [Facet::from_path(west_bank)]);
        let namesakes = resolved.namesakes.unwrap();
        assert_eq!(namesakes.chosen.count, 3);
        let others: Vec<(String, u64)> = (namesakes.others.iter())
            .map(|o| (o.path.join("/"), o.count))
            .collect();
        assert_eq!(
            others,
            [(
                "North America/United States/Pennsylvania/Bethlehem".to_string(),
                1
            )]
        );
        // With no article about any of them, the likeliest before context.
        let madayas = SpellingLists::new(None).places("Madaya");
        assert!(madayas.len() > 1, "{madayas:?}");
        let resolved = namesake(&searcher, "Madaya", "Madaya", &madayas).unwrap();
        assert_eq!(resolved.facets, [Facet::from_path(&madayas[0].path)]);
        assert!(resolved.namesakes.is_none());
    }
}
