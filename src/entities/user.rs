//! User-supplied entities: a TSV file that adds actors and places the
//! built-in lists lack (a local commander, a village) or new spellings.
//!
//! Format, one entity per line, `#` comments and blank lines ignored:
//! `kind<TAB>canonical name<TAB>alias|alias…<TAB>parent`, where kind is
//! `person`, `organisation` (or `organization`), `outlet` (a news outlet
//! or a platform, an organisation that a story citing it as its source or
//! medium is not about) or `location`;
//! aliases may be empty; parent is required for locations and names an existing place (a
//! built-in one such as `Ukraine` or `Donetsk Oblast`, or one defined on an
//! earlier line). Errors carry the 1-based line number.

use super::gazetteer::{ActorRecord, Names, PlaceKind, PlaceRecord, Table, Target};
use super::text::name_key;
use super::ActorKind;

/// The kind of a user entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserKind {
    /// A person.
    Person,
    /// An organisation.
    Organisation,
    /// A news outlet or a platform, an organisation that a story citing
    /// it as its source or medium is not about.
    Outlet,
    /// A place under an existing parent place.
    Location,
}

impl UserKind {
    /// The kind of actor a person or organisation is; `None` for a place.
    pub fn actor_kind(self) -> Option<ActorKind> {
        match self {
            UserKind::Person => Some(ActorKind::Person),
            UserKind::Organisation | UserKind::Outlet => Some(ActorKind::Organisation),
            UserKind::Location => None,
        }
    }
}

/// One user entity as written in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserEntity {
    /// Person, organisation, outlet or location.
    pub kind: UserKind,
    /// Canonical name.
    pub name: String,
    /// Other spellings.
    pub aliases: Vec<String>,
    /// For locations, the enclosing place's name.
    pub parent: Option<String>,
}

/// A parsed user entity file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserEntities {
    /// Entities in file order.
    pub entities: Vec<UserEntity>,
}

/// Why a user entity file was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UserEntitiesError {
    /// Fewer than the kind and name columns.
    #[error("line {line}: expected kind<TAB>name<TAB>aliases<TAB>parent, found {found} column(s)")]
    MissingColumns {
        /// 1-based line number.
        line: usize,
        /// Columns found.
        found: usize,
    },
    /// A kind other than person, organisation or location.
    #[error(
        "line {line}: unknown kind {kind:?} (expected person, organisation, outlet or location)"
    )]
    UnknownKind {
        /// 1-based line number.
        line: usize,
        /// The kind as written.
        kind: String,
    },
    /// An empty canonical name.
    #[error("line {line}: the name is empty")]
    EmptyName {
        /// 1-based line number.
        line: usize,
    },
    /// A location without a parent.
    #[error("line {line}: location {name:?} needs a parent place in the fourth column")]
    MissingParent {
        /// 1-based line number.
        line: usize,
        /// The location's name.
        name: String,
    },
    /// A parent that names no known place.
    #[error("line {line}: unknown parent place {parent:?}")]
    UnknownParent {
        /// 1-based line number.
        line: usize,
        /// The parent as written.
        parent: String,
    },
}

impl UserEntities {
    /// Parses the TSV text of a user entity file; parents of locations must
    /// be built-in places or locations defined on earlier lines.
    pub fn parse(text: &str) -> Result<UserEntities, UserEntitiesError> {
        let mut entities = Vec::new();
        let mut known = Names::new(Table::default());
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let trimmed = raw.trim_end_matches('\r');
            if trimmed.trim().is_empty() || trimmed.trim_start().starts_with('#') {
                continue;
            }
            let columns: Vec<&str> = trimmed.split('\t').map(str::trim).collect();
            if columns.len() < 2 {
                return Err(UserEntitiesError::MissingColumns {
                    line,
                    found: columns.len(),
                });
            }
            let kind = match columns[0].to_lowercase().as_str() {
                "person" => UserKind::Person,
                "organisation" | "organization" => UserKind::Organisation,
                "outlet" => UserKind::Outlet,
                "location" => UserKind::Location,
                other => {
                    return Err(UserEntitiesError::UnknownKind {
                        line,
                        kind: other.to_string(),
                    })
                }
            };
            let name = columns[1].to_string();
            if name_key(&name).is_empty() {
                return Err(UserEntitiesError::EmptyName { line });
            }
            let aliases = columns
                .get(2)
                .map(|a| {
                    a.split('|')
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default();
            let parent = columns
                .get(3)
                .filter(|p| !p.is_empty())
                .map(|p| p.to_string());
            if kind == UserKind::Location {
                let Some(parent_name) = &parent else {
                    return Err(UserEntitiesError::MissingParent { line, name });
                };
                if best_place(&known, parent_name).is_none() {
                    return Err(UserEntitiesError::UnknownParent {
                        line,
                        parent: parent_name.clone(),
                    });
                }
            }
            let entity = UserEntity {
                kind,
                name,
                aliases,
                parent,
            };
            add_entity(&mut known, &entity);
            entities.push(entity);
        }
        Ok(UserEntities { entities })
    }

    /// Adds every entity to `names`' user table, in file order.
    pub(crate) fn add_to(&self, names: &mut Names) {
        for entity in &self.entities {
            add_entity(names, entity);
        }
    }
}

/// The best-known place with this name or alias, if any.
fn best_place(names: &Names, name: &str) -> Option<u32> {
    names
        .lookup(&name_key(name))
        .into_iter()
        .filter_map(|a| match a.target {
            Target::Place(id) => names.place(id).map(|p| (id, p.prior())),
            Target::Actor(_) => None,
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(id, _)| id)
}

/// The record of a user's place inside `parent`.
pub(super) fn place_record(entity: &UserEntity, parent: Option<u32>) -> PlaceRecord {
    PlaceRecord {
        name: entity.name.clone(),
        kind: PlaceKind::Town,
        parent,
        // User places outrank built-in namesakes.
        population: 1_000_000_000,
        capital: false,
        noted: false,
        other_names: 0,
    }
}

fn add_entity(names: &mut Names, entity: &UserEntity) {
    let aliases: Vec<&str> = entity.aliases.iter().map(String::as_str).collect();
    match entity.kind.actor_kind() {
        None => {
            let parent = entity.parent.as_deref().and_then(|p| best_place(names, p));
            names.add_user_place(place_record(entity, parent), &aliases);
        }
        Some(kind) => {
            let name = entity.name.clone();
            let outlet = entity.kind == UserKind::Outlet;
            names.add_user_actor(ActorRecord { name, kind, outlet }, &aliases);
        }
    }
}
