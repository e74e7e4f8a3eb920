//! The other spellings of a name typed in a search.
//!
//! Stories spell transliterated names in several ways (Zelensky, Zelenskyy,
//! Zelenskiy), and an archive spans the years in which outlets changed
//! theirs (Kiev, then Kyiv). A search for one spelling should find the
//! stories that use another, as a filter by the entity does. The lists know
//! each entity's spellings: here a name is resolved to its entity as
//! [`Extractor::resolve_actor`](super::Extractor::resolve_actor), then
//! [`Extractor::resolve_place`](super::Extractor::resolve_place), would
//! resolve it, and the entity's other names are given back.
//!
//! A search looks up a handful of names, so the built-in lists are read in
//! place (the embedded key table searched, the few lines needed parsed)
//! rather than decoded whole, which costs about 20 ms, more than most
//! searches.

use super::alias_key::{actor_names, place_names};
use super::gazetteer::{self, PlaceRecord, Target};
use super::text::{is_common_word, name_key};
use super::user::{self, UserEntities, UserKind};
use super::{Actor, Place};

/// How alike (1 − edits / length) a place's other name must be to the name
/// typed or to the place's own to count as a spelling of it: Kiev and Kyiv
/// are 0.5, Kharkov and Kharkiv 0.86, Stalin and Donetsk 0.
const MIN_PLACE_LIKENESS: f64 = 0.5;

/// The hand-made list of places' former names: country, place, former
/// names (`|` between them), year renamed. A place's former name is
/// searched with it however unlike its spelling (Artemivsk for Bakhmut).
const FORMER_NAMES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/entities/former-names.tsv"
));

/// The keys of the former names that [`FORMER_NAMES`] gives the places
/// named `place`.
fn former_name_keys(place: &str) -> Vec<String> {
    let rows = FORMER_NAMES.lines().filter(|line| !line.starts_with('#'));
    rows.filter_map(|line| {
        let mut fields = line.split('\t').skip(1);
        let (name, formers) = (fields.next()?, fields.next()?);
        (name == place).then_some(formers)
    })
    .flat_map(|formers| formers.split('|').map(name_key))
    .collect()
}

/// Whether a name is an actor's or a place's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// A person or organisation.
    Actor,
    /// A place.
    Place,
}

/// A known entity's names, for a name typed in a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spellings {
    /// Whether the entity is an actor or a place.
    pub kind: NameKind,
    /// Its canonical name ("Volodymyr Zelenskyy").
    pub name: String,
    /// Its names other than the one typed, as the lists write them, each
    /// standing for this entity alone; common words left out ("WHO" is
    /// never searched as "who").
    pub others: Vec<String>,
}

/// The lists of known names as a search reads them: the built-in ones,
/// with a user's own laid over them as extraction lays them.
#[derive(Debug, Clone, Copy, Default)]
pub struct SpellingLists<'a> {
    user: Option<&'a UserEntities>,
}

/// An entity of the lists: built-in by id, or a user's by its place in
/// their file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entity {
    Builtin(Target),
    User(usize),
}

impl<'a> SpellingLists<'a> {
    /// The built-in lists, with `user`'s entities if given.
    pub fn new(user: Option<&'a UserEntities>) -> SpellingLists<'a> {
        SpellingLists { user }
    }

    /// The names of the entity that `typed` names, other than `typed`
    /// itself; `None` for a name no list knows and for a common word that
    /// some list gives as a name ("house", for Casablanca).
    pub fn spellings(&self, typed: &str) -> Option<Spellings> {
        let key = name_key(typed);
        if key.is_empty() || is_common_word(&key) {
            return None;
        }
        let entity = self.entity(&key)?;
        let (kind, name, names) = self.names(entity)?;
        // GeoNames gives a place every name that any language or era has
        // used, some of them other entities' (Donetsk was "Stalin" for
        // five years, and "Victoria" is Hong Kong's old capital): a built-in
        // place's names are spellings of each other only when spelt alike,
        // the name typed like the place's own and each other name like one
        // of them, or when the hand-made list gives them as the place's
        // former names. The other lists are made by hand.
        let from_geonames = matches!(entity, Entity::Builtin(Target::Place(_)));
        let former = match from_geonames {
            true => former_name_keys(name),
            false => Vec::new(),
        };
        let canonical_key = name_key(name);
        let is_spelling = |other: &str| {
            let likeness = |to: &str| strsim::normalized_levenshtein(other, to);
            !from_geonames
                || former.iter().any(|f| f == other)
                || likeness(&key).max(likeness(&canonical_key)) >= MIN_PLACE_LIKENESS
        };
        let typed_alike = strsim::normalized_levenshtein(&key, &canonical_key);
        if from_geonames && typed_alike < MIN_PLACE_LIKENESS && !former.contains(&key) {
            return None;
        }
        let mut seen = vec![key.clone()];
        let mut others = Vec::new();
        for other in names {
            let other_key = name_key(other);
            if other_key.is_empty() || is_common_word(&other_key) || seen.contains(&other_key) {
                continue;
            }
            // A name the lists give two entities stands for the other one
            // as often: only a name that resolves back is this entity's.
            if is_spelling(&other_key) && self.entity(&other_key) == Some(entity) {
                others.push(other.to_string());
            }
            seen.push(other_key);
        }
        Some(Spellings {
            kind,
            name: name.to_string(),
            others,
        })
    }

    /// The known actor a name or alias stands for, any case, as
    /// [`Extractor::resolve_actor`](super::Extractor::resolve_actor) finds
    /// it, without decoding the lists.
    pub fn actor(&self, name: &str) -> Option<Actor> {
        let entity = self.actor_entity(&name_key(name))?;
        match entity {
            Entity::Builtin(Target::Actor(id)) => {
                let (kind, name, _) = gazetteer::builtin_actor_fields(id)?;
                Some(Actor {
                    name: name.to_string(),
                    kind: gazetteer::actor_kind(kind),
                })
            }
            Entity::Builtin(Target::Place(_)) => None,
            Entity::User(at) => {
                let entity = self.user?.entities.get(at)?;
                Some(Actor {
                    name: entity.name.clone(),
                    kind: entity.kind.actor_kind()?,
                })
            }
        }
    }

    /// The known place a name or alias stands for, any case, with its path,
    /// as [`Extractor::resolve_place`](super::Extractor::resolve_place)
    /// finds it, without decoding the lists.
    pub fn place(&self, name: &str) -> Option<Place> {
        let entity = self.place_entity(&name_key(name), self.user_lines())?;
        self.place_of(entity)
    }

    /// Every known place a name or alias can stand for, any case, each
    /// once: first the one [`place`](Self::place) gives, then its
    /// namesakes, likeliest first.
    pub fn places(&self, name: &str) -> Vec<Place> {
        let key = name_key(name);
        let likeliest = self.place_entity(&key, self.user_lines());
        let mut places: Vec<(Entity, f64)> = self
            .candidates(&key, self.user_lines())
            .into_iter()
            .filter(|&e| Some(e) != likeliest)
            .filter_map(|e| Some((e, self.place_record(e)?.prior())))
            .collect();
        places.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut found: Vec<Place> = Vec::new();
        for entity in likeliest
            .into_iter()
            .chain(places.into_iter().map(|(e, _)| e))
        {
            if let Some(place) = self.place_of(entity) {
                if !found.iter().any(|f| f.path == place.path) {
                    found.push(place);
                }
            }
        }
        found
    }

    /// A place with its path.
    fn place_of(&self, entity: Entity) -> Option<Place> {
        let mut entity = Some(entity);
        let mut path = Vec::new();
        // As `Names::path`: from the place up, at most nine names.
        while let Some(place) = entity {
            let (_, name, _) = self.names(place)?;
            path.push(name.to_string());
            if path.len() > 8 {
                break;
            }
            entity = self.parent(place);
        }
        path.reverse();
        Some(Place {
            name: path.last()?.clone(),
            path,
        })
    }

    /// The place a place lies in.
    fn parent(&self, place: Entity) -> Option<Entity> {
        match place {
            Entity::Builtin(Target::Place(id)) => {
                let parent = gazetteer::place_record(gazetteer::builtin_place_line(id)?).parent?;
                Some(Entity::Builtin(Target::Place(parent)))
            }
            Entity::Builtin(Target::Actor(_)) => None,
            // A user's place lies in the place its parent's name stood for
            // when it was read: built-in, or on an earlier line.
            Entity::User(at) => {
                let parent = self.user?.entities.get(at)?.parent.as_deref()?;
                self.place_entity(&name_key(parent), at)
            }
        }
    }

    /// The entity a name key stands for: an actor if any has the name,
    /// else a place.
    fn entity(&self, key: &str) -> Option<Entity> {
        self.actor_entity(key)
            .or_else(|| self.place_entity(key, self.user_lines()))
    }

    /// The first actor with this name key, the user's before the built-in
    /// ones.
    fn actor_entity(&self, key: &str) -> Option<Entity> {
        self.candidates(key, self.user_lines())
            .into_iter()
            .find(|&e| self.is_actor(e))
    }

    /// Of the places with this name key, the likeliest; of the user's, only
    /// those of their first `users` lines.
    fn place_entity(&self, key: &str, users: usize) -> Option<Entity> {
        self.candidates(key, users)
            .into_iter()
            .filter_map(|e| Some((e, self.place_record(e)?.prior())))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(e, _)| e)
    }

    /// How many entities the user's file holds.
    fn user_lines(&self) -> usize {
        self.user.map_or(0, |user| user.entities.len())
    }

    /// The entities of the user's first `users` lines with this name key,
    /// in file order (which of two namesakes of one kind comes first is all
    /// that order decides), then the built-in ones, in the order of
    /// `Names::lookup`.
    fn candidates(&self, key: &str, users: usize) -> Vec<Entity> {
        let user = self.user.map_or(&[][..], |user| &user.entities);
        let has_name = |entity: &user::UserEntity| {
            let mut names = std::iter::once(&entity.name).chain(&entity.aliases);
            names.any(|name| name_key(name) == key)
        };
        let mut candidates: Vec<Entity> = (0..users.min(user.len()))
            .filter(|&at| has_name(&user[at]))
            .map(Entity::User)
            .collect();
        let builtin = gazetteer::builtin_lookup(key).into_iter();
        candidates.extend(builtin.map(|alias| Entity::Builtin(alias.target)));
        candidates
    }

    fn is_actor(&self, entity: Entity) -> bool {
        match entity {
            Entity::Builtin(target) => matches!(target, Target::Actor(_)),
            Entity::User(at) => self
                .user
                .and_then(|user| user.entities.get(at))
                .is_some_and(|e| e.kind.actor_kind().is_some()),
        }
    }

    /// The record of a place, as far as choosing between namesakes needs
    /// it; `None` for an actor.
    fn place_record(&self, entity: Entity) -> Option<PlaceRecord> {
        match entity {
            Entity::Builtin(Target::Place(id)) => {
                gazetteer::builtin_place_line(id).map(gazetteer::place_record)
            }
            Entity::Builtin(Target::Actor(_)) => None,
            Entity::User(at) => {
                let entity = self.user?.entities.get(at)?;
                (entity.kind == UserKind::Location).then(|| user::place_record(entity, None))
            }
        }
    }

    /// Whether an entity is an actor or a place, its canonical name, and
    /// all its names, the canonical one first.
    fn names(&self, entity: Entity) -> Option<(NameKind, &'a str, Vec<&'a str>)> {
        match entity {
            Entity::Builtin(Target::Actor(id)) => {
                let (_, name, aliases) = gazetteer::builtin_actor_fields(id)?;
                Some((NameKind::Actor, name, actor_names(name, aliases).collect()))
            }
            Entity::Builtin(Target::Place(id)) => {
                let line = gazetteer::builtin_place_line(id)?;
                let names: Vec<&str> = place_names(line).collect();
                Some((NameKind::Place, names.first()?, names))
            }
            Entity::User(at) => {
                let entity = self.user?.entities.get(at)?;
                let kind = match entity.kind.actor_kind() {
                    Some(_) => NameKind::Actor,
                    None => NameKind::Place,
                };
                let names = std::iter::once(&entity.name).chain(&entity.aliases);
                Some((kind, &entity.name, names.map(String::as_str).collect()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::alias_key::actor_fields;
    use crate::entities::Extractor;

    fn others(lists: &SpellingLists, typed: &str) -> Vec<String> {
        lists.spellings(typed).map(|s| s.others).unwrap_or_default()
    }

    #[test]
    fn a_name_gives_its_entitys_other_names() {
        let lists = SpellingLists::new(None);
        let zelensky = lists.spellings("zelensky").expect("a known name");
        assert_eq!(zelensky.kind, NameKind::Actor);
        assert_eq!(zelensky.name, "Volodymyr Zelenskyy");
        for spelling in ["Zelenskyy", "Zelenskiy", "Volodymyr Zelenskyy"] {
            assert!(zelensky.others.iter().any(|o| o == spelling), "{spelling}");
        }
        assert!(!zelensky.others.iter().any(|o| o == "Zelensky"));
        // A town's names from other eras and languages count only when
        // spelt alike: Donetsk was "Stalin" and "Yuzovka", not "Donetsk".
        let donetsk = others(&lists, "donetsk");
        assert!(donetsk.iter().any(|o| o == "Donezk"), "{donetsk:?}");
        assert!(!donetsk.iter().any(|o| o == "Stalin" || o == "Yuzovka"));
        // A town's former name, spelt otherwise, counts only when the
        // hand-made list gives it: Artemivsk was Bakhmut until 2016.
        let bakhmut = others(&lists, "bakhmut");
        assert!(bakhmut.iter().any(|o| o == "Bakhmout"), "{bakhmut:?}");
        for former in ["Artemivsk", "Artemovsk"] {
            assert!(bakhmut.iter().any(|o| o == former), "{former}: {bakhmut:?}");
        }
        assert!(!others(&lists, "kypuche").iter().any(|o| o == "Artemivsk"));
        let artemivsk = lists.spellings("Artemivsk").expect("a former name");
        assert_eq!(artemivsk.name, "Bakhmut");
        assert!(artemivsk.others.iter().any(|o| o == "Bakhmut"));
        assert!(others(&lists, "myanmar").iter().any(|o| o == "Burma"));
        // Nor does a name typed that is not spelt like the place's own: the
        // lists resolve "Victoria" to Hong Kong, but a search for it is no
        // search for Hong Kong.
        assert_eq!(lists.spellings("victoria"), None);
        // A name that stands for another entity is not this one's: Gazakh,
        // a town of Azerbaijan, is also "Kazakh", the Kazakhs' country.
        let gazakh = others(&lists, "gazakh");
        assert!(gazakh.iter().any(|o| o == "Qazakh"), "{gazakh:?}");
        assert!(!gazakh.iter().any(|o| o == "Kazakh"), "{gazakh:?}");
        let kiev = lists.spellings("Kiev").expect("a known name");
        assert_eq!((kiev.kind, kiev.name.as_str()), (NameKind::Place, "Kyiv"));
        assert!(kiev.others.iter().any(|o| o == "Kyiv"));
        assert!(kiev.others.iter().any(|o| o == "Kiyev"));
        // The canonical spelling finds the old ones.
        assert!(others(&lists, "kyiv").iter().any(|o| o == "Kiev"));
    }

    #[test]
    fn a_former_name_another_place_bears_today_means_that_place() {
        let lists = SpellingLists::new(None);
        // Engels was Pokrovsk until 1931; Pokrovsk is a town of Ukraine's
        // Donetsk Oblast, formerly Krasnoarmiisk.
        let pokrovsk = lists.place("Pokrovsk").expect("a known place");
        assert_eq!(pokrovsk.path[..3], ["Europe", "Ukraine", "Donetsk Oblast"]);
        let spellings = lists.spellings("pokrovsk").expect("a known place");
        assert!(spellings.others.iter().any(|o| o == "Krasnoarmiisk"));
        assert!(!others(&lists, "engels").iter().any(|o| o == "Pokrovsk"));
    }

    #[test]
    fn every_former_name_listed_names_its_place_or_one_that_bears_it() {
        let lists = SpellingLists::new(None);
        let rows = FORMER_NAMES.lines();
        for row in rows.filter(|line| !line.trim().is_empty() && !line.starts_with('#')) {
            let fields: Vec<&str> = row.split('\t').collect();
            assert_eq!(fields.len(), 4, "{row:?}");
            let place = fields[1];
            let known = lists.place(place).expect(place);
            assert_eq!(known.name, place);
            for former in fields[2].split('|') {
                let found = lists.place(former).expect(former);
                let bears_it = name_key(&found.name) == name_key(former);
                assert!(found.name == place || bears_it, "{former}: {found:?}");
                if !bears_it {
                    let spellings = lists.spellings(place).expect(place);
                    assert!(spellings.others.iter().any(|o| o == former), "{former}");
                }
            }
        }
    }

    #[test]
    fn common_words_and_unknown_names_have_no_spellings() {
        let lists = SpellingLists::new(None);
        assert_eq!(lists.spellings("house"), None);
        assert_eq!(lists.spellings("ceasefire"), None);
        assert_eq!(lists.spellings("qwxzyv"), None);
        assert_eq!(lists.spellings("  "), None);
        // The World Health Organization is also "WHO", which would search
        // for "who".
        let who = others(&lists, "world health organization");
        assert_eq!(who, ["World Health Organisation"]);
    }

    #[test]
    fn a_users_entity_comes_before_the_builtin_one_of_the_same_name() {
        let user = UserEntities::parse("person\tZelya Zelensky\tZelensky|Z. Zelensky\n").unwrap();
        let lists = SpellingLists::new(Some(&user));
        let found = lists.spellings("Zelensky").expect("the user's name");
        assert_eq!(found.name, "Zelya Zelensky");
        assert_eq!(found.others, ["Zelya Zelensky", "Z. Zelensky"]);
        // The built-in person's other names are still his.
        assert_eq!(
            lists.spellings("zelenskyy").map(|s| s.name).as_deref(),
            Some("Volodymyr Zelenskyy")
        );
    }

    /// Each name resolves, read in place, as the decoded lists resolve it:
    /// the entity a search spells out, and the actor or place (with its
    /// path) a filter takes. Every name of every actor, and every name of
    /// one place line in 25.
    #[test]
    fn names_resolve_as_the_decoded_lists_resolve_them() {
        let lists = SpellingLists::new(None);
        let decoded = Extractor::resolver(None);
        let actors = include_str!("../../data/entities/actors.tsv");
        let places = include_str!("../../data/entities/places.tsv");
        let mut names: Vec<&str> = actors
            .lines()
            .filter_map(actor_fields)
            .flat_map(|(_, name, aliases)| actor_names(name, aliases))
            .collect();
        names.extend(places.lines().step_by(25).flat_map(place_names));
        let mut checked = 0;
        for name in names {
            let key = name_key(name);
            let decoded_aliases = decoded.names.lookup(&key);
            let names_a = |actor: bool| {
                decoded_aliases
                    .iter()
                    .any(|alias| matches!(alias.target, Target::Actor(_)) == actor)
            };
            // A failed decoded lookup ranks every known name for its
            // suggestions: asked only where it succeeds.
            let actor = names_a(true).then(|| decoded.resolve_actor(name).ok());
            assert_eq!(lists.actor(name), actor.flatten(), "{name:?}");
            let place = names_a(false).then(|| decoded.resolve_place(name).ok());
            assert_eq!(lists.place(name), place.flatten(), "{name:?}");
            let Some(entity) = lists.entity(&key) else {
                assert!(decoded_aliases.is_empty(), "{name:?}");
                continue;
            };
            let (kind, _, _) = lists.names(entity).expect("the entity's names");
            assert_eq!(kind == NameKind::Actor, names_a(true), "{name:?}");
            checked += 1;
        }
        assert!(checked > 10_000, "only {checked} names checked");
    }

    #[test]
    fn a_users_place_lies_where_its_parent_stood_when_it_was_read() {
        let user = UserEntities::parse(
            "location\tPisky Front\tPisky line\tDonetsk Oblast\n\
             location\tPisky Trench\t\tPisky Front\n\
             organisation\tKyiv Ledger\tLedger\n",
        )
        .unwrap();
        let lists = SpellingLists::new(Some(&user));
        let decoded = Extractor::resolver(Some(&user));
        for name in ["pisky line", "Pisky Trench", "Donetsk", "kyiv"] {
            assert_eq!(
                lists.place(name),
                decoded.resolve_place(name).ok(),
                "{name}"
            );
        }
        let trench = lists.place("pisky trench").expect("the user's place");
        assert_eq!(trench.path.last().map(String::as_str), Some("Pisky Trench"));
        assert!(
            trench.path.contains(&"Donetsk Oblast".to_string()),
            "{:?}",
            trench.path
        );
        assert_eq!(lists.actor("ledger"), decoded.resolve_actor("ledger").ok());
        assert_eq!(lists.actor("pisky line"), None);
    }
}
