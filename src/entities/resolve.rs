//! From raw evidence to canonical entities for one article.
//!
//! Two sources of evidence meet here: known names (gazetteer matches) and
//! tagger spans. Known names win where they are reliable (curated actors,
//! countries, divisions, regions); towns, whose names collide with common
//! words and surnames, need the tagger or a locative cue to agree. Tagger
//! spans that name nothing known become new actors or places after role
//! words, demonyms and sentence-initial words are trimmed off. Then, across
//! the whole article, short person and organisation mentions are linked to
//! the full names it gives, a name it gives a place stays that place where
//! the tagger took it for an actor, namesake places are told apart by the
//! other places mentioned (Georgia with Tbilisi or with Atlanta), and
//! everything is counted so the most-mentioned entities come first.

use std::ops::{Range, RangeInclusive};

use rustc_hash::{FxHashMap, FxHashSet};

use super::gazetteer::{key_hash, Alias, NameMatch, Names, PlaceKind, PlaceRecord, Target};
use super::tagger::{spans, EntityType, Memory, Sentence, Tagger};
use super::text::{
    ends_sentence, fold, has_joined_article, is_all_caps, is_calendar_word, is_capitalized,
    is_common_word, is_demonym, is_department_word, is_function_word, is_initials, is_key_of,
    is_name_particle, is_name_with_joined_article, is_possessive, is_role_word,
    joined_article_name, name_key, token_keys, tokenize, StrList, Token,
};
use super::{Actor, ActorKind, Entities, Place};

/// Weight of one other place of the article that encloses, or lies within, a
/// candidate place.
const CONTEXT_BONUS: f64 = 3.0;

/// Weight of a country (or region, or continent) of the article that
/// encloses a candidate place. Naming a country says far less about which
/// of its towns a name means than naming their province does: a story that
/// names the United States and Paris is still about Paris, France, unless
/// it names Texas too.
const COUNTRY_BONUS: f64 = 1.0;

/// At most this many supporting places count (the weightiest), so that a
/// village named "China" in a Japanese prefecture never outranks the
/// country.
const MAX_CONTEXT_SUPPORT: usize = 2;

/// Population from which a town's name outweighs the tagger calling it a
/// person or organisation ("Kherson", "Mariupol").
const BIG_TOWN: u64 = 50_000;

/// How much bigger (in prior, about a factor of ten in population) a place
/// named by its own name must be to rule out the places the same words name
/// only by an alternate ([`without_lesser_alternates`]).
const ALTERNATE_MARGIN: f64 = 1.0;

/// A town this big is a city whose name a possessive that lost its
/// apostrophe stands for ("Aleppos offensive").
const CITY: u64 = 500_000;

/// Words before a name that make it a place ("in Pokrovsk", "near Bakhmut").
fn is_locative_cue(folded: &str) -> bool {
    const LOCATIVE_CUES: &[&str] = &[
        "in", "near", "outside", "from", "at", "to", "around", "into", "toward", "towards",
        "village", "town", "city", "of",
    ];
    LOCATIVE_CUES.contains(&folded)
}

/// Oceans whose bare name means the ocean ("across the Atlantic", "the
/// Pacific"), which the lists do not hold, never the towns named after
/// them: Pacific, Missouri, or East Rockaway, New York, which GeoNames also
/// calls Atlantic. Waters the lists hold (the Mediterranean and Caribbean,
/// as regions) and names no town shares ("the Arctic", a place of the
/// tagger's) are not here.
fn is_ocean_name(folded: &str) -> bool {
    matches!(folded, "atlantic" | "pacific")
}

/// Words that are no place's name on their own: kinds of place ("River",
/// "Bridge", [`is_generic_place_word`]), oceans ([`is_ocean_name`]) and
/// buildings ([`is_building_word`]).
fn names_no_place_alone(folded: &str) -> bool {
    is_generic_place_word(folded) || is_ocean_name(folded) || is_building_word(folded)
}

/// The last words of buildings' and bodies' names ("the White House", "the
/// House of Representatives", "the University Hospital"): no place alone,
/// though GeoNames gives Casablanca (Dar el Beida) the alternate name
/// "House"; alone, they may still be the tagger's organisation ("the House
/// voted").
fn is_building_word(folded: &str) -> bool {
    matches!(folded, "house" | "hospital")
}

/// Kinds of place that are no place's name on their own ("River", "Bridge").
fn is_generic_place_word(folded: &str) -> bool {
    const GENERIC_PLACE_WORDS: &[&str] = &[
        "river",
        "bridge",
        "ocean",
        "sea",
        "lake",
        "mountain",
        "mountains",
        "city",
        "region",
        "province",
        "village",
        "street",
        "square",
        "district",
        "island",
        "islands",
        "port",
        "airport",
        "border",
        "front",
        "north",
        "south",
        "east",
        "west",
        // Bare, these are Ghana's, Zambia's or Sri Lanka's divisions of
        // that name, never what "Northern Syria" or "Western-backed" mean.
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "centre",
        "center",
        "capital",
        "valley",
        "bay",
        "gulf",
        "coast",
        "peninsula",
        "plant",
        "station",
        "county",
        "strait",
        "fort",
        "mount",
        // Syrian news writes "Aleppo Countryside" for the land around a
        // city; bare, it is a town in Illinois.
        "countryside",
        // Part of a country's or a company's name ("Republic of Venezuela",
        // "Union's posted prices" after "Union Oil Co"), not the towns of
        // Missouri and New Jersey.
        "republic",
        "union",
    ];
    GENERIC_PLACE_WORDS.contains(&folded)
}

/// Words that make the name before them a street's ("Castello Road" in
/// Aleppo is no mention of Castelló in Spain).
fn is_thoroughfare_word(folded: &str) -> bool {
    // Not "lane" or "prospect": surnames and common words too ("Richard
    // Lane", "Placer Prospect").
    const THOROUGHFARE_WORDS: &[&str] = &[
        "road",
        "street",
        "avenue",
        "highway",
        "boulevard",
        "prospekt",
        "embankment",
    ];
    THOROUGHFARE_WORDS.contains(&folded)
}

/// Whether a known person's name of one word stands before "County" or a
/// company's legal form: "Harris County" and "Harris Corp" name neither
/// Kamala Harris nor a place ([`with_name_ends_joined`] makes them a
/// county's and a company's names).
fn surname_names_a_body(names: &Names, sentence: &Sentence, words: &[&str], m: &NameMatch) -> bool {
    let before_a_name_end = words.get(m.end).is_some_and(|word| is_capitalized(word)) && {
        let next = sentence.key(m.end);
        next == "county" || is_company_suffix(next)
    };
    before_a_name_end
        && m.aliases.iter().any(|alias| match alias.target {
            Target::Actor(id) => names.actor(id).is_some_and(|a| a.kind == ActorKind::Person),
            Target::Place(_) => false,
        })
}

/// Whether the name ending before token `end` is part of a street's name:
/// "Castello Road", "Khreshchatyk Street".
fn names_a_street(sentence: &Sentence, words: &[&str], end: usize) -> bool {
    capitalised_at(words, end) && is_thoroughfare_word(sentence.key(end))
}

/// Whether token `at` is there and capitalised.
fn capitalised_at(words: &[&str], at: usize) -> bool {
    words.get(at).is_some_and(|w| is_capitalized(w))
}

/// The `aliases` of the one word at `at` without the towns they name, when
/// the word names a building or a square ("Chatham House", "the Damascus
/// Opera House", where GeoNames calls a district of Paris Opera; "Pushkin
/// Square" in Moscow) or, as one of a town's other names, a road ("the
/// Castello road" in Aleppo, not Castelló in Spain; "the Aleppo road"
/// keeps Aleppo). Countries, divisions and regions stay ("Ukraine House").
/// `None` when the next word is neither.
fn without_towns_named_in_a_landmark(
    names: &Names,
    sentence: &Sentence,
    words: &[&str],
    at: usize,
    aliases: &[Alias],
) -> Option<Vec<Alias>> {
    let next = words.get(at + 1)?;
    let next_key = sentence.key(at + 1);
    let before_a_building = is_capitalized(next) && matches!(next_key, "house" | "square");
    let before_a_road = next.starts_with(char::is_lowercase) && is_thoroughfare_word(next_key);
    if !before_a_building && !before_a_road {
        return None;
    }
    let key = sentence.key(at);
    let kept = aliases.iter().copied().filter(|a| match a.target {
        Target::Actor(_) => true,
        Target::Place(id) => {
            names.is_strong_place(id)
                || (before_a_road && names.place(id).is_some_and(|p| is_key_of(&p.name, key)))
        }
    });
    Some(kept.collect())
}

/// Whether tokens `start..end` are a name that every town has a part
/// called ("Aleppos Old City", "the Old City" of Homs, "Downtown"), which
/// GeoNames gives to one of them (Jerusalem's Old City, Downtown
/// Baltimore): no mention of that one.
fn names_a_part_of_any_town(sentence: &Sentence, start: usize, end: usize) -> bool {
    let key = |i: usize| sentence.key(i);
    match end - start {
        1 => key(start) == "downtown",
        2 => matches!((key(start), key(start + 1)), ("old", "city" | "town")),
        _ => false,
    }
}

/// The feasts and holy months that news names, alone never an entity: "the
/// holy month of Ramadan" is no Turabah in Saudi Arabia, which GeoNames
/// also calls Ramadan, and "prepared for Christmas" names no person. A
/// surname keeps the word ("Hani Ramadan").
fn is_feast_word(folded: &str) -> bool {
    matches!(
        folded,
        "ramadan"
            | "muharram"
            | "eid"
            | "christmas"
            | "easter"
            | "hanukkah"
            | "passover"
            | "thanksgiving"
            | "nowruz"
    )
}

/// Whether the one word at `at` is part of a longer Arabic name: before a
/// name with its article ("Ras al-Ain", "Bustan Al-Qasr", "Bab al Hawa"),
/// a word that starts place names before any name ("Khan Tuman", "Bani
/// Zeid"), the name after such a word ("al-Ain" of "Ras al-Ain", "Batna"
/// of "Kafr Batna", "Numan" of "Maaret Al Numan"), or
/// after "Abu", "Umm", "Bin" or "Ibn" ("Abu Hassan"). The word alone then
/// names no town of its own: not Rās or Hassan in India, Al Ain in the
/// Emirates, the town Al-Bab, or Haan in Germany, which GeoNames also
/// calls Khan; a country it still names ("Syria al-Nusra" in a list of
/// tags).
fn in_a_longer_arabic_name(sentence: &Sentence, words: &[&str], at: usize) -> bool {
    let article_follows = match words.get(at + 1) {
        Some(next) if joined_article_name(next).is_some() => true,
        Some(_) if matches!(sentence.key(at + 1), "al" | "el") => capitalised_at(words, at + 2),
        _ => false,
    };
    let before = at.checked_sub(1);
    let after_a_kunya =
        before.is_some_and(|b| matches!(sentence.key(b), "abu" | "umm" | "bin" | "ibn"));
    // "al-Ain" of "Ras al-Ain", "al-Hawa" of "Bab al-Hawa"; "Batna" of
    // "Kafr Batna", "Numan" of "Maaret Al Numan"; but not after "Sheikh",
    // a title as often ("Sheikh Abdul-Aziz").
    let after_a_head =
        |b: usize| is_arabic_place_head_only(sentence.key(b)) && is_capitalized(words[b]);
    let second_part = before.is_some_and(|b| {
        (has_joined_article(sentence.key(at)) && is_arabic_place_head(sentence.key(b)))
            || (is_capitalized(words[at]) && after_a_head(b))
            || (matches!(sentence.key(b), "al" | "el")
                && b.checked_sub(1).is_some_and(after_a_head))
    });
    let head_of_a_name = is_arabic_place_head(sentence.key(at)) && capitalised_at(words, at + 1);
    article_follows || after_a_kunya || second_part || head_of_a_name
}

/// Words that start Arabic place names before a name with its article:
/// "Ras" (cape), "Bab" (gate), "Deir" (monastery), "Tell" (hill), "Jisr"
/// (bridge), "Kafr" (village), "Ain" (spring), "Khan", "Maaret", …
fn is_arabic_place_head(folded: &str) -> bool {
    const HEADS: &[&str] = &[
        "ras", "bab", "deir", "dayr", "tell", "tal", "tel", "jisr", "kafr", "kfar", "ain", "ayn",
        "khan", "maaret", "maarat", "maara", "maarrat", "jabal", "jebel", "wadi", "beit", "bayt",
        "bir", "qasr", "marj", "hayy", "souq", "suq", "bustan", "sheikh", "sheik", "jubb", "tall",
        "bani", "beni",
    ];
    HEADS.contains(&folded)
}

/// Whether `folded` starts Arabic place names and nothing else: every
/// [`is_arabic_place_head`] but "Sheikh", a title as often ("Sheikh
/// Abdul-Aziz", "Sheikh Hasina").
fn is_arabic_place_head_only(folded: &str) -> bool {
    is_arabic_place_head(folded) && !matches!(folded, "sheikh" | "sheik")
}

/// Whether the word at token `at` is a time zone's abbreviation after a
/// clock time ("1630 EST (2130 GMT)", "9 a.m. EDT"): never a place, though
/// Est is a region of Burkina Faso.
fn names_a_time_zone(sentence: &Sentence, words: &[&str], at: usize) -> bool {
    const TIME_ZONES: &[&str] = &[
        "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "gmt", "bst", "utc", "cet", "cest",
        "eet", "eest", "msk", "jst", "hkt",
    ];
    let after_a_time = at > 0
        && (words[at - 1].contains(|c: char| c.is_ascii_digit())
            || matches!(sentence.key(at - 1), "a.m." | "p.m." | "am" | "pm"));
    after_a_time && is_all_caps(words[at]) && TIME_ZONES.contains(&sentence.key(at))
}

/// Whether a place name of several words the tagger found ends in a word
/// that makes it an organisation's: "the Export-Import Bank" is no mention
/// of Bānk in India, nor of any place.
fn names_an_organisation(sentence: &Sentence, (start, end): (usize, usize)) -> bool {
    end - start > 1 && is_organisation_head(sentence.key(end - 1))
}

/// Whether a name's words are a document's, a law's or a plan's, which is
/// neither an actor nor a place: the last word says so ("Tax Reform Act",
/// "Louvre Accord", "International Coffee Agreement", "Chemical Weapons
/// Convention", Reuters' "Thomson Reuters Trust Principles", TRT World's
/// "Watch Live TV Schedule"), unless "of" comes before it, which makes the
/// name a body's ("College of Law").
fn is_document_title(name: &[&str]) -> bool {
    const DOCUMENT_HEADS: &[&str] = &[
        "accord",
        "accords",
        "act",
        "agreement",
        "agreements",
        "code",
        "convention",
        "declaration",
        "doctrine",
        "guidelines",
        "initiative",
        "law",
        "memorandum",
        "plan",
        "principles",
        "protocol",
        "schedule",
        "standards",
        "treaty",
    ];
    match name {
        [.., before, last] => {
            DOCUMENT_HEADS.contains(&last.to_lowercase().as_str()) && *before != "of"
        }
        _ => false,
    }
}

/// Last words that make a name an organisation's: a person is never
/// called "… News" or "… Battalion".
fn is_organisation_head(folded: &str) -> bool {
    const ORGANISATION_HEADS: &[&str] = &[
        "agency",
        "alliance",
        "army",
        "assembly",
        "association",
        "bank",
        "battalion",
        "brigade",
        "brigades",
        "bureau",
        "coalition",
        "command",
        "commission",
        "committee",
        "company",
        "corporation",
        "council",
        "court",
        "department",
        "directorate",
        "federation",
        "forces",
        "foundation",
        "institute",
        "ministry",
        "movement",
        "network",
        "news",
        "ngo",
        "ngos",
        "observatory",
        "office",
        "organisation",
        "organization",
        "parliament",
        "party",
        "press",
        "radio",
        "regiment",
        "television",
        "tribunal",
        "tv",
        "union",
        "university",
    ];
    ORGANISATION_HEADS.contains(&folded)
}

/// Words of a web page's furniture, which scraped bodies keep ("Get short
/// URL", "Comment via FacebookComment", "SUBSCRIBE TRT World on Youtube
/// Subscribe", "Facebook Like Follow Follow Copyright", "Related News",
/// "| Episode | Showcase Category News"): a name the tagger finds with one
/// in it is the page's, not the story's.
fn is_web_page_word(folded: &str) -> bool {
    matches!(
        folded,
        "url"
            | "subscribe"
            | "copyright"
            | "follow"
            | "facebookcomment"
            // Sputnik's footer, glued: "Community standardsDiscussion".
            | "standardsdiscussion"
            | "newsletter"
            | "login"
            | "android"
            | "ios"
            | "related"
            | "showcase"
            | "episode"
    )
}

/// Whether the tagger's name from token `start` to `end` is a web page's
/// furniture: it holds one of its words ([`is_web_page_word`]) or follows
/// one written as a button is ("FOLLOW TRTWORLD", not "banks follow
/// Citicorp").
fn is_page_furniture(sentence: &Sentence, words: &[&str], (start, end): (usize, usize)) -> bool {
    let after_button = start.checked_sub(1).is_some_and(|before| {
        is_web_page_word(sentence.key(before)) && capitalised_at(words, before)
    });
    after_button || (start..end).any(|i| is_web_page_word(sentence.key(i)))
}

/// Whether the capitalised words before token `start` open with
/// "Operation", naming a military operation ("Operation Euphrates Shield",
/// "Operation Inherent Resolve"), which is neither an actor nor a place:
/// the tagger read "Shield" as a person. A known name inside stays
/// ("Euphrates"). A lower-case "operation" after a name says nothing:
/// "its Planters operation" is the company's.
fn names_an_operation(words: &[&str], start: usize) -> bool {
    let mut first = start;
    while first > 0 && capitalised_at(words, first - 1) {
        first -= 1;
    }
    words.get(first) == Some(&"Operation") && capitalised_at(words, first + 1)
}

/// Whether the words `start..end` are a numbered part of a text or a
/// programme, or a numeral alone: "Chapter VII" (of the UN Charter),
/// "Article 51", "Title II", "Phase VI", "VI". None is an actor or a
/// place, whatever the tagger read.
fn names_a_numbered_part(words: &[&str], (start, end): (usize, usize)) -> bool {
    const PART_HEADS: &[&str] = &[
        "annex",
        "article",
        "chapter",
        "clause",
        "paragraph",
        "part",
        "phase",
        "resolution",
        "section",
        "stage",
        "title",
    ];
    match words.get(start..end) {
        // One letter alone may be an initial ("V") or a name ("X").
        Some([numeral]) => numeral.len() > 1 && is_roman_numeral(numeral),
        Some([head, number]) => {
            PART_HEADS.contains(&head.to_lowercase().as_str())
                && (is_roman_numeral(number) || number.bytes().all(|b| b.is_ascii_digit()))
        }
        _ => false,
    }
}

/// Whether `word` is a Roman numeral from I to XXXIX, in capitals.
fn is_roman_numeral(word: &str) -> bool {
    let units = word.trim_start_matches('X');
    let tens = word.len() - units.len();
    !word.is_empty()
        && tens <= 3
        && matches!(
            units,
            "" | "I" | "II" | "III" | "IV" | "V" | "VI" | "VII" | "VIII" | "IX"
        )
}

/// Legal-form abbreviations, part of a company's name but none on their own.
fn is_company_suffix(folded: &str) -> bool {
    const COMPANY_SUFFIXES: &[&str] = &[
        "co", "corp", "inc", "ltd", "plc", "llc", "cos", "bhd", "ag", "nv", "gmbh",
    ];
    COMPANY_SUFFIXES.contains(&folded)
}

/// What one mention is evidence of.
#[derive(Debug, Clone)]
enum Evidence {
    /// A known name, with every entity it may mean.
    Known(Vec<Alias>),
    /// A person name that is in no list, as its words.
    NewPerson(Vec<String>),
    /// An organisation name that is in no list.
    NewOrganisation(String),
    /// A place name in no list; `within` are the candidates of a place named
    /// right after it ("Novoselivka, Donetsk Oblast"), or of one it is said
    /// to be `beside` ("Al-Maleh north of Aleppo": not inside the town, in
    /// its division); `cued` when a word right before it says it is a
    /// place ("in Jobar", "the village of Tokhar", [`is_locative_cue`]).
    NewPlace {
        name: String,
        within: Vec<Alias>,
        beside: bool,
        cued: bool,
    },
    /// A news outlet cited as the source of what the story reports
    /// ([`cited_outlet`]): no actor, but a full name that later short
    /// mentions ("the Times said") stand for.
    Cited(Vec<Alias>),
}

/// Entities of one article.
pub fn extract(names: &Names, tagger: &Tagger, title: &str, paragraphs: &[String]) -> Entities {
    let mut article = Article::default();
    let mut memory = Memory::default();
    if !title.trim().is_empty() {
        paragraph_mentions(names, tagger, &mut memory, title, Part::Title, &mut article);
    }
    for (at, paragraph) in paragraphs.iter().enumerate() {
        let part = if at == 0 { Part::Opening } else { Part::Body };
        paragraph_mentions(names, tagger, &mut memory, paragraph, part, &mut article);
    }
    let Article {
        mut mentions,
        lower_case_words,
        placed_near,
        ..
    } = article;
    restore_possessives(names, &mut mentions);
    link_people(names, &mut mentions);
    link_organisations(names, &mut mentions);
    keep_places_places(names, &mut mentions);
    keep_places_near(&placed_near, &mut mentions);
    // A new name whose every word the article also uses in lower case is a
    // capitalised common word ("Temporary", "Site"), not a name; so is a
    // new name of one word that news at large writes in lower case
    // ("Civil", "Defeat", "Because"), unless in capitals, a new
    // organisation that is a body's head word alone ("Office"), and a new
    // person that is initials alone.
    mentions.retain(|m| {
        let words: Vec<&str> = match m {
            Evidence::Known(_) => return true,
            // Done with: it named no actor, and its short mentions are
            // linked to it.
            Evidence::Cited(_) => return false,
            Evidence::NewPerson(words) => words.iter().map(String::as_str).collect(),
            Evidence::NewOrganisation(name) | Evidence::NewPlace { name, .. } => {
                name.split(' ').collect()
            }
        };
        let keys: Vec<String> = words.iter().map(|w| fold(w)).collect();
        let used_in_lower_case = keys
            .iter()
            .all(|key| lower_case_words.contains(&key_hash(key)));
        let no_name_alone = match (&words[..], &keys[..]) {
            ([word], [key]) => {
                let organisation = matches!(m, Evidence::NewOrganisation(_));
                // A body's head word that names no body of the article ("the
                // Oval Office", "Syrian TV"); a common word, but not an
                // organisation's acronym ("IS" is Islamic State, "KUNA"
                // Kuwait's news agency), though a place or person in
                // capitals is a word of a wire's table ("YEN", "CAN").
                (organisation && is_organisation_head(key))
                    || (is_common_word(key) && (!is_all_caps(word) || !organisation))
            }
            _ => false,
        };
        // Initials alone ("P.", "J. R.", "J.P.") are what is left of a
        // name the tagger cut, and name no one.
        let only_initials =
            matches!(m, Evidence::NewPerson(_)) && words.iter().all(|word| is_initials(word));
        !used_in_lower_case && !no_name_alone && !only_initials
    });
    tally(names, &mentions)
}

/// One of the tagger's names: first token, end, kind.
type Span = (usize, usize, EntityType);

/// What the paragraphs of one article yield: mentions in order, the
/// (hashed keys of) words the article writes in lower case, and the
/// namesake towns it says are near another place ([`said_to_be_near`]).
#[derive(Default)]
struct Article {
    mentions: Vec<Evidence>,
    lower_case_words: FxHashSet<u64>,
    placed_near: Vec<PlacedNear>,
    /// The acronyms the article has spelt out so far, with the names they
    /// stand for ([`acronym_definitions`]).
    acronyms: FxHashMap<String, String>,
    /// The words of the names of several words the tagger has found in
    /// the article so far, this paragraph's included ([`ActorWords`]).
    actor_words: ActorWords,
    /// The headline's token keys, when it is in title case
    /// ([`repeated_headline`]).
    title_case_headline: Vec<String>,
}

/// The words by which a wire shortens the names of several words it has
/// given in full: an organisation's first word ("Toyota" of "Toyota Motor
/// Corp") and a person's last ("Moore" of "Mike Moore").
#[derive(Default)]
struct ActorWords {
    organisation_heads: FxHashSet<String>,
    person_surnames: FxHashSet<String>,
}

impl ActorWords {
    /// Takes in the tagger's names of several words of one paragraph.
    fn add(&mut self, sentence: &Sentence, words: &[&str], tagged: &[Span]) {
        for &(start, end, kind) in tagged {
            if end - start < 2 {
                continue;
            }
            match kind {
                EntityType::Organisation if is_capitalized(words[start]) => {
                    self.organisation_heads
                        .insert(sentence.key(start).to_string());
                }
                EntityType::Person if is_capitalized(words[end - 1]) => {
                    self.person_surnames
                        .insert(sentence.key(end - 1).to_string());
                }
                _ => {}
            }
        }
    }

    /// The kind of actor a one-word name the tagger did not call a place
    /// rather names: the short name of an organisation or person the
    /// article names in full, when the places it may be are towns, none of
    /// them a city. Wires name a company or person in full, then by one
    /// word ("Hartford Insurance Group … Hartford said", "Mike Moore …
    /// Moore said"); a town of that name (Hartford, Connecticut; Moore,
    /// Oklahoma) is rarely meant.
    fn short_name(&self, names: &Names, key: &str, aliases: &[Alias]) -> Option<EntityType> {
        if !only_towns(names, aliases) || !no_city(names, aliases) {
            None
        } else if self.organisation_heads.contains(key) {
            Some(EntityType::Organisation)
        } else if self.person_surnames.contains(key) {
            Some(EntityType::Person)
        } else {
            None
        }
    }
}

/// Acronyms spelt out in `words`: a run of capitalised words (with
/// particles inside) right before a word in capitals, in brackets or
/// between commas, whose initials it is — "the Syrian Democratic Forces
/// (SDF)", "International Coffee Organization, ICO,", "Organization of the
/// Petroleum Exporting Countries (OPEC)", "Hayat Tahrir al-Sham (HTS)".
/// Each comes with the name it stands for.
fn acronym_definitions(words: &[&str]) -> Vec<AcronymDefinition> {
    const MAX_PARTICLES: usize = 4;
    let mut found = Vec::new();
    for i in 2..words.len() {
        let acronym = words[i];
        let letters = acronym.as_bytes();
        if !(2..=8).contains(&letters.len()) || !letters.iter().all(u8::is_ascii_uppercase) {
            continue;
        }
        let spelt_out_before = matches!(
            (words[i - 1], words.get(i + 1).copied()),
            ("(", Some(")")) | (",", Some(","))
        );
        if !spelt_out_before {
            continue;
        }
        // Back from the word before the bracket or comma, one initial a
        // capitalised word.
        let mut needed = letters.iter().map(|&b| char::from(b)).rev().peekable();
        let mut start = i - 1;
        let mut particles = 0;
        while needed.peek().is_some() && start > 0 && particles <= MAX_PARTICLES {
            let word = words[start - 1];
            let key = fold(word);
            let initial = if has_joined_article(&key) {
                word.chars().nth(3)
            } else {
                word.chars().next()
            };
            if is_capitalized(word) || has_joined_article(&key) {
                match (initial, needed.peek()) {
                    (Some(initial), Some(&letter)) if initial.to_ascii_uppercase() == letter => {
                        needed.next();
                    }
                    _ => break,
                }
            } else if is_name_particle(&key) && start < i - 1 {
                particles += 1;
            } else {
                break;
            }
            start -= 1;
        }
        if needed.peek().is_none() && is_capitalized(words[start]) {
            found.push(AcronymDefinition {
                acronym: acronym.to_string(),
                name: words[start..i - 1].join(" "),
                spelt_out: start..i - 1,
            });
        }
    }
    found
}

/// An acronym and the name it stands for, as an article spells it out.
struct AcronymDefinition {
    acronym: String,
    name: String,
    /// The tokens of the name.
    spelt_out: std::ops::Range<usize>,
}

/// What a word in capitals that the article spelt out stands for: the
/// known actor of that name, else the known actor of the acronym itself
/// ("OPEC" after "Organization of Petroleum Exporting Countries (OPEC)",
/// which the list spells with "the"), else the known place of that name,
/// else a new organisation.
fn named_by_acronym(names: &Names, acronym: &str, name: &str) -> Evidence {
    let actors_of = |key: &str| -> Vec<Alias> {
        names
            .lookup(key)
            .into_iter()
            .filter(|a| matches!(a.target, Target::Actor(_)))
            .collect()
    };
    let full_name = actors_of(&name_key(name));
    if !full_name.is_empty() {
        return Evidence::Known(full_name);
    }
    let short_name = actors_of(&name_key(acronym));
    if !short_name.is_empty() {
        return Evidence::Known(short_name);
    }
    let places = names.lookup(&name_key(name));
    if !places.is_empty() {
        return Evidence::Known(places);
    }
    Evidence::NewOrganisation(name.to_string())
}

/// A one-word mention judged as `evidence` at token `at`, or what the
/// acronym there stands for when the article spelt it out: "ICO" the
/// International Coffee Organization, not Icó in Brazil. Only a word
/// already judged a name is renamed: "Gross Domestic Product (GDP)" makes
/// no organisation of "GDP".
fn spelt_out(
    names: &Names,
    acronyms: &FxHashMap<String, String>,
    words: &[&str],
    (at, end): (usize, usize),
    evidence: Evidence,
) -> Evidence {
    if acronyms.is_empty() || end != at + 1 {
        return evidence;
    }
    match acronyms.get(words[at]) {
        Some(name) => named_by_acronym(names, words[at], name),
        None => evidence,
    }
}

/// A name of namesake places that the article puts near another place, or
/// in it: every candidate, and those in that place's country (near) or
/// within that place (in).
struct PlacedNear {
    candidates: Vec<u32>,
    kept: Vec<u32>,
}

/// Tokens that open a sentence: the first, and any after . ! ? : ; (and an
/// opening quote or bracket after those: "[Click to enlarge]").
fn sentence_starts(source: &str, tokens: &[Token]) -> Vec<bool> {
    let mut starts = vec![false; tokens.len()];
    let mut next_starts = true;
    for (i, token) in tokens.iter().enumerate() {
        let word = token.text(source);
        let is_quote = matches!(word, "\"" | "“" | "‘" | "'" | "(" | "[" | "«");
        if next_starts && !is_quote {
            starts[i] = true;
            next_starts = false;
        }
        if ends_sentence(word) {
            next_starts = true;
        }
    }
    starts
}

/// Which part of an article a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The headline.
    Title,
    /// The body's first paragraph, where a byline may stand.
    Opening,
    /// Any later paragraph.
    Body,
}

/// Whether a headline is in title case ("Chemical Attack Kills Five
/// Syrians in Aleppo SANA"): four in five of its words of four letters or
/// more capitalised, and at least three of them.
fn is_title_case(words: &[&str]) -> bool {
    let long = || {
        words
            .iter()
            .filter(|w| w.chars().count() >= 4 && w.starts_with(char::is_alphabetic))
    };
    let capitalised = long().filter(|w| is_capitalized(w)).count();
    capitalised >= 3 && capitalised * 5 >= long().count() * 4
}

/// The tokens of a body's first paragraph that repeat a headline in title
/// case, whose capitals say nothing, so that they are read as the headline
/// is, with known names only: Al-Manar, SANA and Ahram open their stories
/// with it ("03-08-2016 Chemical Attack Kills Five Syrians in Aleppo SANA.
/// At least five …", where the tagger found the actor "Kills Five").
/// `None` when the headline is not in title case (`headline` is empty) or
/// not repeated.
fn repeated_headline(sentence: &Sentence, headline: &[String]) -> Option<Range<usize>> {
    if headline.len() < 3 {
        return None;
    }
    let repeats_at = |at: usize| (0..headline.len()).all(|k| sentence.key(at + k) == headline[k]);
    let last_start = sentence.len().checked_sub(headline.len())?;
    let at = (0..=last_start).find(|&at| repeats_at(at))?;
    Some(at..at + headline.len())
}

/// A person's name key without the initials between its first and last
/// words ("antony j blinken" → "antony blinken"); `None` when it has none.
fn without_middle_initials(key: &str) -> Option<String> {
    let words: Vec<&str> = key.split(' ').collect();
    let [first, middle @ .., last] = words.as_slice() else {
        return None;
    };
    if !middle.iter().any(|word| is_initials(word)) {
        return None;
    }
    let kept = middle.iter().filter(|word| !is_initials(word));
    let words: Vec<&str> = std::iter::once(*first)
        .chain(kept.copied())
        .chain([*last])
        .collect();
    Some(words.join(" "))
}

/// The lists of tags that Al-Araby's pages run into their stories'
/// text: a sentence that opens with "Tags" and a capitalised word,
/// up to the story's first "The", "A" or "An" or the sentence's end
/// ("… continue. Tags Syria Free Syrian Army opposition groups Sawaiq
/// al-Rahman brigade al-Nusra Front Idlib The Sawaiq al-Rahman brigade
/// announced …", where the tagger found "al-Nusra Front Idlib The Sawaiq
/// al-Rahman").
fn tag_lists(sentence: &Sentence, words: &[&str]) -> Vec<Range<usize>> {
    let mut lists = Vec::new();
    for at in 0..words.len() {
        let opens = words[at] == "Tags" && sentence.starts_sentence(at);
        if !opens || !words.get(at + 1).is_some_and(|w| is_capitalized(w)) {
            continue;
        }
        let sentence_end = (at + 1..words.len())
            .find(|&i| sentence.starts_sentence(i))
            .unwrap_or(words.len());
        let story = (at + 2..sentence_end).find(|&i| matches!(words[i], "The" | "A" | "An"));
        lists.push(at..story.unwrap_or(sentence_end));
    }
    lists
}

/// The tokens of a body's first paragraph that are its byline: a
/// sentence of two to eight capitalised words, none in a name the tagger
/// reads as a place's and one at least in a person's, with the story
/// after it (a sentence with a lower-case word). It opens the paragraph,
/// or follows a first sentence that opens with a date (the headline,
/// dated, as Reuters' stories in FA-KES begin: "October 5 2017 Syria
/// fighting worst since Aleppo air strikes deadly: aid agencies. Stephanie
/// Nebehay. Syria is in the throes of …"). The journalists who wrote a
/// story are not what it is about (as with a credit line,
/// [`credit_lines`]); a list of names that opens a story is ("Brittney
/// Griner. Austin Tice. The Citgo 6.").
fn opening_byline(sentence: &Sentence, words: &[&str], tagged: &[Span]) -> Range<usize> {
    let sentence_end = |from: usize| {
        (from + 1..words.len())
            .find(|&i| sentence.starts_sentence(i))
            .unwrap_or(words.len())
    };
    // A dated headline runs to its full stop, through any colon.
    let start = match opens_with_a_date(sentence, words) {
        true => words
            .iter()
            .position(|&w| w == ".")
            .map_or(words.len(), |at| at + 1),
        false => 0,
    };
    let end = sentence_end(start);
    let name_words = start..end.saturating_sub(1);
    let closed = words.get(end.saturating_sub(1)) == Some(&".");
    let story_follows = (end..sentence_end(end)).any(|i| words[i].starts_with(char::is_lowercase));
    if !closed || !story_follows || !(2..=8).contains(&name_words.len()) {
        return 0..0;
    }
    let kind_at = |i: usize| {
        tagged
            .iter()
            .find(|&&(from, to, _)| (from..to).contains(&i))
            .map(|&(_, _, kind)| kind)
    };
    let in_names = name_words.clone().all(|i| {
        capitalised_at(words, i)
            && matches!(
                kind_at(i),
                None | Some(EntityType::Person | EntityType::Organisation)
            )
    });
    let a_person = name_words
        .clone()
        .any(|i| kind_at(i) == Some(EntityType::Person));
    if in_names && a_person {
        start..end
    } else {
        0..0
    }
}

/// Whether a paragraph opens with a date: a month's name, a day and a
/// year ("October 5 2017").
fn opens_with_a_date(sentence: &Sentence, words: &[&str]) -> bool {
    let digits = |i: usize, len: RangeInclusive<usize>| {
        words
            .get(i)
            .is_some_and(|w| len.contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit()))
    };
    words.len() > 3
        && crate::calendar::MONTHS.contains(&sentence.key(0))
        && digits(1, 1..=2)
        && digits(2, 4..=4)
}

/// Words in a row, each capitalised, that make a site's menu and no prose
/// (a title and a long name, "Russian General Staffs Main Operational
/// Directorate Col. Gen. Sergei Rudskoi", make ten).
const MENU_WORDS: usize = 14;

/// The runs of a paragraph that are a site's navigation scraped with its
/// story: fourteen words or more in a row that all open with a capital
/// ("… Connect with TRT World iOS Android Youtube Satellite Coverage
/// Partner Hotels Corporate About TRT World Careers Press Releases
/// Documentary Contact Us Legal Terms"), where the tagger found people
/// such as "Partner Hotels", or the headlines of other stories run
/// together. Prose, even a headline in title case, has a lower-case word
/// or a comma sooner. Not a run mostly in capitals: a wire's table ("…
/// CENTS PER BUSHEL FOB EASTERN STATES …").
fn site_menus(words: &[&str]) -> Vec<Range<usize>> {
    let mut menus = Vec::new();
    let mut start = 0;
    for end in 0..=words.len() {
        if words.get(end).is_some_and(|w| is_capitalized(w)) {
            continue;
        }
        let run = start..end;
        let in_capitals = words[run.clone()].iter().filter(|w| is_all_caps(w));
        if run.len() >= MENU_WORDS && in_capitals.count() * 2 <= run.len() {
            menus.push(run);
        }
        start = end + 1;
    }
    menus
}

/// The news outlets the known name `m` may mean, with the tokens of the
/// credit, where the story cites it as the source of what it reports
/// rather than naming it as one of its actors: "told Reuters", "(AFP)",
/// "the state news agency SANA reported", "according to the BBC", "an AFP
/// photographer saw", "(With AFP and Reuters)", or a credit that ends the
/// paragraph ("… the Turkish border. --Reuters"). A story is not about the
/// agency it quotes; "Russia blocked the BBC" and "Al Jazeera journalist
/// Shireen Abu Akleh was killed" name the outlet as an actor.
/// `previous_end` is where the last outlet cited in the paragraph ended,
/// for lists of them.
fn cited_outlet(
    names: &Names,
    sentence: &Sentence,
    words: &[&str],
    m: &NameMatch,
    previous_end: Option<usize>,
) -> Option<(Vec<Alias>, Range<usize>)> {
    let outlets: Vec<Alias> = (m.aliases.iter())
        .filter(|alias| match alias.target {
            Target::Actor(id) => names.actor(id).is_some_and(|actor| actor.outlet),
            Target::Place(_) => false,
        })
        .copied()
        .collect();
    if outlets.is_empty() {
        return None;
    }
    let key = |i: usize| if i < words.len() { sentence.key(i) } else { "" };
    // Past the words that describe an outlet, before the name ("told the
    // state news agency SANA") and after it ("the Reuters news agency
    // reported"), and past a possessive ("AFP's correspondent").
    let mut before = m.start;
    while before > 0
        && m.start - before < 4
        && (matches!(key(before - 1), "a" | "an" | "the") || describes_an_outlet(key(before - 1)))
    {
        before -= 1;
    }
    let mut after = m.end + usize::from(words.get(m.end).is_some_and(|w| is_possessive(w)));
    while after < words.len() && after - m.end < 3 && describes_an_outlet(key(after)) {
        after += 1;
    }
    // … and past when: "SANA also reported", "SANA on Saturday reported".
    if matches!(key(after), "also" | "earlier" | "later" | "previously") {
        after += 1;
    } else if key(after) == "on" && is_calendar_word(key(after + 1)) {
        after += 2;
    }
    let (b1, b2) = match before {
        0 => ("", ""),
        1 => (key(0), ""),
        _ => (key(before - 1), key(before - 2)),
    };
    let (a1, a2) = (key(after), key(after + 1));
    let in_a_list = previous_end
        .is_some_and(|end| end == before || (end + 1 == before && matches!(b1, "and" | "," | "&")));
    // "an AFP photographer saw": the outlet's eyes; "Al Jazeera journalist
    // Shireen Abu Akleh", one of its own named, is the story.
    let staff_cited =
        is_outlet_staff(a1) && !words.get(after + 1).is_some_and(|w| is_capitalized(w));
    // "(AFP)", "(TRT World and Agencies)", "(Reuters, AP)".
    let bracketed = b1 == "("
        && (a1 == ")"
            || matches!(a1, "and" | "," | "&")
                && (words[after..].iter().take(5)).any(|&word| word == ")"));
    // A credit: the outlet alone after a dash or at a sentence's start,
    // ending its paragraph, or before the date of a scraped source line
    // ("Monitor AFP Friday 23 May 2014").
    let opens = (before == 0
        || ends_sentence(words[before - 1])
        || is_dash(words[before - 1])
        || words[before - 1] == ")")
        && before == m.start;
    let ends_paragraph =
        (words[after.min(words.len())..].iter()).all(|w| ends_sentence(w) || is_dash(w));
    let dated = is_calendar_word(a1);
    let cited = cites_before(b1, b2)
        || cites_after(a1, a2)
        || staff_cited
        || in_a_list
        || bracketed
        || (opens && ends_paragraph)
        || dated;
    if !cited {
        return None;
    }
    // A picture's credit takes its words along: "(Photo AFP)", "AP Photo
    // Hussein Malla" (at most two words of a photographer's name).
    let photo = |folded: &str| matches!(folded, "photo" | "photos");
    let start = if photo(b1) { before - 1 } else { m.start };
    let mut end = m.end;
    if photo(a1) {
        end = after + 1;
        let mut name_words = 0;
        while let Some(&word) = words.get(end) {
            if word != "/" && (name_words == 2 || !is_capitalized(word)) {
                break;
            }
            name_words += usize::from(word != "/");
            end += 1;
        }
    }
    Some((outlets, start..end))
}

/// A word that describes a news outlet beside its name: "the state news
/// agency SANA", "the Reuters news agency".
fn describes_an_outlet(folded: &str) -> bool {
    matches!(
        folded,
        "state"
            | "state-run"
            | "state-owned"
            | "official"
            | "semi-official"
            | "news"
            | "agency"
            | "media"
            | "wire"
            | "service"
            | "broadcaster"
            | "newspaper"
            | "television"
            | "tv"
            | "radio"
            | "outlet"
            | "exclusive"
    )
}

/// Whether the words before an outlet's name (past its description) cite
/// it: "told Reuters", "according to SANA", "quoted by AFP", "in an
/// interview with the BBC", "questions from Reuters".
fn cites_before(b1: &str, b2: &str) -> bool {
    match b1 {
        "told" | "tells" | "telling" | "tell" | "via" | "per" | "source" | "sources" | "photo"
        | "photos" | "/" | "subscribe" | "copyright" | "©" => true,
        // A dateline's date or a footer's: "8 November 2016 SANA Members
        // of ISIS …", "Copyright • 2018 TRT World".
        year if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) => {
            is_calendar_word(b2)
                || b2.bytes().all(|b| b.is_ascii_digit())
                || matches!(b2, "copyright" | "©" | "•")
        }
        "to" => matches!(
            b2,
            "according"
                | "said"
                | "say"
                | "says"
                | "spoke"
                | "speak"
                | "speaking"
                | "talking"
                | "told"
                | "interview"
                | "statement"
                | "comments"
                | "remarks"
                | "added"
                | "explained"
                | "confirmed"
                | "wrote"
                | "gave"
                | "sent"
                | "email"
                | "e-mail"
                | "letter"
                | "message"
                | "supplied"
                | "provided"
                | "leaked"
                | "released"
                | "available"
                | "officially"
                | "reply"
                | "response"
        ),
        "by" => matches!(
            b2,
            "reported"
                | "quoted"
                | "cited"
                | "carried"
                | "published"
                | "broadcast"
                | "aired"
                | "obtained"
                | "seen"
                | "reviewed"
                | "verified"
                | "released"
                | "posted"
                | "compiled"
                | "interviewed"
                | "contacted"
                | "asked"
                | "reached"
                | "questioned"
                | "polled"
                | "surveyed"
                | "filmed"
                | "taken"
                | "provided"
                | "supplied"
                | "distributed"
        ),
        "with" => matches!(
            b2,
            "interview" | "interviews" | "call" | "conversation" | "("
        ),
        // The platform a statement was posted on: "wrote on Telegram",
        // "Follow us on Instagram".
        "on" => matches!(
            b2,
            "wrote"
                | "writing"
                | "said"
                | "saying"
                | "posted"
                | "posting"
                | "published"
                | "noted"
                | "announced"
                | "shared"
                | "tweeted"
                | "uploaded"
                | "circulated"
                | "circulating"
                | "appeared"
                | "streamed"
                | "broadcast"
                | "live"
                | "us"
                | "statement"
                | "message"
                | "video"
                | "post"
        ),
        // "Follow AFP", and an app store's menu: "iOS Android Youtube".
        "follow" | "android" => true,
        "from" => matches!(
            b2,
            "question" | "questions" | "query" | "queries" | "request" | "requests" | "inquiry"
        ),
        _ => false,
    }
}

/// Whether the words after an outlet's name (past its description) cite
/// it: "Reuters reported", "SANA news agency quoted", "a Reuters tally",
/// "Reuters could not verify".
fn cites_after(a1: &str, a2: &str) -> bool {
    match a1 {
        "reported" | "reports" | "reporting" | "report" | "quoted" | "quotes" | "cited"
        | "cites" | "learned" | "learnt" | "understands" | "said" | "says" | "saying"
        | "mentioned" | "confirmed" | "confirming" | "broadcast" | "aired" | "carried"
        | "tally" | "count" | "estimate" | "query" | "inquiry" | "survey" | "poll"
        | "calculations" | "analysis" | "interview" | "inquiries" | "queries" | "photo"
        | "photos" | "photograph" | "photographs" | "footage" | "citing" | "quoting" | "/" => true,
        // Where a statement was posted: "in a Telegram update", "its
        // Facebook page", "his Twitter account".
        "update" | "post" | "posts" | "page" | "pages" | "channel" | "account" | "accounts"
        | "feed" | "video" | "videos" | "message" | "messages" | "messaging" => true,
        // A site's buttons and an embedded video's credit: "SUBSCRIBE TRT
        // World on Youtube Subscribe to …", "Facebook Like Follow",
        // "… - YouTube Source TRT World".
        "subscribe" | "like" | "source" => true,
        "," => matches!(a2, "citing" | "quoting"),
        "could" | "cannot" | "was" | "has" | "had" => matches!(
            a2,
            "not"
                | "unable"
                | "reported"
                | "said"
                | "announced"
                | "called"
                | "quoted"
                | "cited"
                | "learned"
                | "learnt"
                | "seen"
                | "confirmed"
                | "obtained"
                | "verify"
                | "independently"
        ),
        _ => false,
    }
}

/// The people an outlet sends, after its name: "an AFP photographer".
fn is_outlet_staff(folded: &str) -> bool {
    matches!(
        folded,
        "correspondent"
            | "correspondents"
            | "reporter"
            | "reporters"
            | "photographer"
            | "photographers"
            | "journalist"
            | "journalists"
            | "witness"
            | "witnesses"
            | "cameraman"
            | "stringer"
            | "team"
            | "crew"
    )
}

/// True for a dash, as scraped text writes one.
fn is_dash(word: &str) -> bool {
    matches!(word, "-" | "--" | "\u{2013}" | "\u{2014}")
}

/// Which tokens of a paragraph are a wire's credit line: "Reporting by
/// Oliver Holmes; Editing by John Stonestreet", "(Writing by David Cutler
/// London Editorial Reference Unit)", "Reuters contributed to this
/// report". The journalists and agencies that wrote a story, and where
/// they filed it from, are not what it is about. A line opens a sentence
/// (or a bracket) with "Reporting by", "Writing by", "Editing by" or
/// "Additional reporting by" before a capitalised name, and runs to the
/// end of the sentence or bracket, with no lower-case word but those of
/// credits ("Reporting by the BBC found", "Editing by Ukraine's censors
/// was heavy" are prose); a sentence that says someone "contributed
/// reporting" or "contributed to this report" is a credit line whole, and
/// so is a picture's credit ([`picture_credit_end`]).
fn credit_lines(words: &[&str], keys: &StrList, starts: &[bool]) -> Vec<bool> {
    let mut credits = vec![false; words.len()];
    let mut start = 0;
    while start < words.len() {
        let end = (start + 1..words.len())
            .find(|&i| starts[i])
            .unwrap_or(words.len());
        let key = |i: usize| if i < end { keys.get(i) } else { "" };
        let credits_whole = (start..end).any(|i| {
            key(i) == "contributed"
                && (key(i + 1) == "reporting"
                    || (key(i + 1) == "to"
                        && key(i + 2) == "this"
                        && matches!(key(i + 3), "report" | "article" | "story")))
        });
        if credits_whole {
            credits[start..end].iter_mut().for_each(|c| *c = true);
        }
        let mut i = start;
        while i < end && !credits_whole {
            if let Some(close) = picture_credit_end(words, keys, i) {
                credits[i..close].iter_mut().for_each(|c| *c = true);
                i = close;
                continue;
            }
            let opens = i == start || matches!(words[i - 1], "(" | "[");
            let by = match key(i) {
                "reporting" | "writing" | "editing" => i + 1,
                "additional" if key(i + 1) == "reporting" => i + 2,
                _ => end,
            };
            let names_follow = key(by) == "by" && capitalised_at(words, by + 1) && by + 1 < end;
            if opens && names_follow {
                let close = (by..end)
                    .find(|&j| matches!(words[j], ")" | "]"))
                    .unwrap_or(end);
                let names_only = (i..close)
                    .all(|j| !words[j].starts_with(char::is_lowercase) || is_credit_word(key(j)));
                if names_only {
                    credits[i..close].iter_mut().for_each(|c| *c = true);
                }
                i = close;
            }
            i += 1;
        }
        start = end;
    }
    credits
}

/// Where a picture's credit that starts at token `at` ends, if one does:
/// "Photograph: Kevin Winter/Getty Images", "Photograph: Anadolu
/// Agency/Getty Images", "Photo: Reuters". The Guardian's captions are
/// flattened into its bodies with no full stop after the credit
/// ("Photograph: Getty Images They came on the same day …"), so the credit
/// runs over the capitalised words and slashes after the colon to the
/// agency's name after the last slash (AFP, Getty Images), and no further:
/// "Photograph: Reuters Jill Biden with Olena Zelenska" keeps the names of
/// who is in the picture.
fn picture_credit_end(words: &[&str], keys: &StrList, at: usize) -> Option<usize> {
    let credit_word = matches!(
        keys.get(at),
        "photograph" | "photographs" | "photo" | "photos" | "illustration" | "composite"
    );
    if !credit_word || words.get(at + 1) != Some(&":") {
        return None;
    }
    let names = at + 2;
    // The colon ends a sentence: the credit runs on past it, over
    // possessives ("Santa Fe County Sheriff's Office/AFP/Getty Images");
    // "via" joins as a slash does ("Handout/AFP via Getty Images").
    let joins = |i: usize| words[i] == "/" || keys.get(i) == "via";
    let possessive = |i: usize| matches!(keys.get(i), "'s" | "\u{2019}s");
    let run_end = (names..words.len())
        .find(|&i| !(joins(i) || possessive(i) || capitalised_at(words, i)))
        .unwrap_or(words.len());
    let last_slash = (names..run_end).rev().find(|&i| joins(i));
    let agency_start = last_slash.map_or(names, |slash| slash + 1);
    // The agency's one word, and the words that go on its name.
    let mut close = (agency_start + 1).min(run_end);
    while close < run_end && is_agency_tail(keys.get(close)) {
        close += 1;
    }
    (run_end > names).then_some(close)
}

/// Words that go on after the first of a picture agency's name: "Getty
/// Images", "Anadolu Agency", "The Guardian", "Zuma Press Wire".
fn is_agency_tail(folded: &str) -> bool {
    matches!(
        folded,
        "images" | "agency" | "press" | "wire" | "pictures" | "photos" | "guardian" | "service"
    )
}

/// The lower-case words of a wire's credit line: "Reporting by Erika
/// Solomon in Beirut and Tom Perry; additional reporting by …", "Amman
/// newsroom".
fn is_credit_word(folded: &str) -> bool {
    matches!(
        folded,
        "by" | "and"
            | "in"
            | "from"
            | "at"
            | "of"
            | "reporting"
            | "writing"
            | "editing"
            | "additional"
            | "newsroom"
            | "bureau"
    )
}

/// Collects the mentions of one paragraph. A title is read with known names
/// only: headline capitalisation makes every word look like a name.
fn paragraph_mentions(
    names: &Names,
    tagger: &Tagger,
    memory: &mut Memory,
    source: &str,
    part: Part,
    article: &mut Article,
) {
    let is_title = part == Part::Title;
    let tokens = tokenize(source);
    if tokens.is_empty() {
        return;
    }
    let keys = token_keys(source, &tokens);
    for (i, token) in tokens.iter().enumerate() {
        let text = token.text(source);
        if text.starts_with(char::is_lowercase) && !is_name_with_joined_article(text) {
            article.lower_case_words.insert(key_hash(keys.get(i)));
        }
    }
    let starts = sentence_starts(source, &tokens);
    let words: Vec<&str> = tokens.iter().map(|t| t.text(source)).collect();
    if is_title && is_title_case(&words) {
        article.title_case_headline = (0..keys.len()).map(|i| keys.get(i).to_string()).collect();
    }
    let mut credits = credit_lines(&words, &keys, &starts);
    for menu in site_menus(&words) {
        credits[menu].iter_mut().for_each(|c| *c = true);
    }
    let sentence = Sentence::new(names, source, &tokens, keys, starts);
    let tagged = if is_title {
        Vec::new()
    } else {
        spans(&tagger.tag(&sentence, memory))
    };
    let tagged = with_arabic_places_as_places(&sentence, &words, tagged);
    let tagged = with_bodies_named_whole(names, &sentence, &words, tagged);
    let tagged = with_heads_after_organisations(&sentence, &words, tagged);
    let tagged = with_towns_in_organisations(names, &sentence, tagged);
    let tagged = with_known_names_whole(&sentence, tagged);
    let tagged = with_name_ends_joined(&sentence, tagged);
    let tagged = with_countries_possessives_apart(names, &sentence, &words, tagged);
    let tagged = with_outlets_and_countries_apart(names, &sentence, tagged);
    // Runs of words whose capitals say nothing: a headline in title case
    // that the body repeats, and a list of tags.
    let mut as_headline = tag_lists(&sentence, &words);
    if part == Part::Opening {
        let byline = opening_byline(&sentence, &words, &tagged);
        credits[byline].iter_mut().for_each(|c| *c = true);
        as_headline.extend(repeated_headline(&sentence, &article.title_case_headline));
    }
    let in_headline = |start: usize, end: usize| {
        (as_headline.iter()).any(|range| start < range.end && range.start < end)
    };
    // Of the tagger's names there, only places of one word are kept: what
    // capitals run together is a place's name rarely ("Missile Attack
    // Northwest"), a town's alone often ("in Syrias Aleppo"), and no list
    // would place that town without them.
    let run_on = |start: usize, end: usize, kind: EntityType| {
        in_headline(start, end) && (kind != EntityType::Location || end - start > 1)
    };
    let tagged: Vec<Span> = (tagged.into_iter())
        .filter(|&(start, end, kind)| !credits[start] && !run_on(start, end, kind))
        .collect();
    article.actor_words.add(&sentence, &words, &tagged);
    let actor_words = &article.actor_words;
    // A credit line's names are covered from the start: no list or rule
    // finds anything there.
    let mut covered = credits;
    let mut found: Vec<(usize, Evidence)> = Vec::new();

    // The words an acronym spells out are one name where they hold a name
    // the tagger or the lists found: "the Food and Drug Administration
    // (FDA)", which the tagger read as a place "Food" and an organisation
    // "Administration" (and "Drug" was Durg in India); not "Gross Domestic
    // Product (GDP)".
    for definition in acronym_definitions(&words) {
        let range = definition.spelt_out.clone();
        let holds_a_name = tagged
            .iter()
            .any(|&(s, e, kind)| kind != EntityType::Misc && s < range.end && range.start < e)
            || sentence
                .matches()
                .iter()
                .any(|m| range.start <= m.start && m.end <= range.end);
        if holds_a_name && !covered[range.clone()].contains(&true) {
            covered[range.clone()].iter_mut().for_each(|c| *c = true);
            if !is_document_title(&words[range.clone()]) {
                let evidence = named_by_acronym(names, &definition.acronym, &definition.name);
                found.push((range.start, evidence));
            }
        }
        article.acronyms.insert(definition.acronym, definition.name);
    }
    let acronyms = &article.acronyms;

    // "Pittsburgh, Pa.": the wire's abbreviation of a US state.
    for (at, is_covered) in covered.iter_mut().enumerate() {
        if *is_covered {
            continue;
        }
        if let Some(state) = state_abbreviation(&words, at).map(|state| us_state(names, state)) {
            if !state.is_empty() {
                *is_covered = true;
                found.push((at, Evidence::Known(state)));
            }
        }
    }

    // Where the known names judged to be towns end, for lists of places.
    let mut town_ends = Vec::new();
    // Where the last outlet cited as a source ended, for lists of them,
    // and where each such credit starts, for what the tagger ran into it.
    let mut cited_end = None;
    let mut credit_starts: Vec<usize> = Vec::new();
    for m in sentence.matches() {
        if covered[m.start..m.end].contains(&true) {
            continue;
        }
        if let Some((outlets, credit)) = cited_outlet(names, &sentence, &words, m, cited_end) {
            cited_end = Some(m.end);
            credit_starts.push(credit.start);
            covered[credit].iter_mut().for_each(|c| *c = true);
            found.push((m.start, Evidence::Cited(outlets)));
            continue;
        }
        if names_a_part_of_any_town(&sentence, m.start, m.end) {
            // Explained, and no place: "Aleppos Old City" leaves Aleppo.
            covered[m.start..m.end].iter_mut().for_each(|c| *c = true);
            continue;
        }
        let as_title = is_title
            || (as_headline.iter()).any(|range| range.start <= m.start && m.end <= range.end);
        if let Some(evidence) =
            judge_match(names, &sentence, &words, &tagged, m, as_title, actor_words)
        {
            let evidence = spelt_out(names, acronyms, &words, (m.start, m.end), evidence);
            if is_town(names, &evidence) {
                town_ends.push(m.end);
            }
            covered[m.start..m.end].iter_mut().for_each(|c| *c = true);
            found.push((m.start, evidence));
        }
    }
    article
        .placed_near
        .extend(said_to_be_near(names, &sentence, &found));
    for (i, word) in words.iter().enumerate() {
        if !covered[i] && is_capitalized(word) && word.contains('-') {
            // "the Britain-based Syrian Observatory for Human Rights", "a
            // London-based group": where a body is based, which the story
            // is not about; no name of the tagger's there either.
            if is_where_based(word) {
                covered[i] = true;
                continue;
            }
            let previous = i.checked_sub(1).map(|before| words[before]);
            for evidence in hyphen_parts(names, previous, word) {
                covered[i] = true;
                found.push((i, evidence));
            }
        }
    }
    for &(start, end, kind) in &tagged {
        if kind == EntityType::Misc
            || is_page_furniture(&sentence, &words, (start, end))
            || names_an_operation(&words, start)
            || names_a_numbered_part(&words, (start, end))
        {
            continue;
        }
        // "Al Masdar News", "Azure Shield Battalion": the last word says
        // what the tagger's "person" is.
        let kind = match kind {
            EntityType::Person | EntityType::Organisation
                if end - start == 1
                    && in_list_of_places(&sentence, &words, &tagged, &town_ends, start) =>
            {
                EntityType::Location
            }
            EntityType::Person
                if is_organisation_head(sentence.key(end - 1))
                    || is_company_suffix(sentence.key(end - 1)) =>
            {
                EntityType::Organisation
            }
            // "Harris County": a county's name, whatever the tagger read.
            EntityType::Person if end - start > 1 && sentence.key(end - 1) == "county" => {
                EntityType::Location
            }
            EntityType::Location if names_an_organisation(&sentence, (start, end)) => {
                EntityType::Organisation
            }
            // "Chatham House": a building's name is a body's, not a place's
            // (a known place before it keeps its name: "U.S. House").
            EntityType::Location
                if sentence.key(end - 1) == "house"
                    && covered[start..end].iter().filter(|&&c| !c).count() > 1 =>
            {
                EntityType::Organisation
            }
            kind => kind,
        };
        // "Al-Maleh north of Aleppo": a place whatever the tagger read.
        let beside = placed_beside(&sentence, &found, end);
        let kind = match (kind, &beside) {
            (EntityType::Person | EntityType::Organisation, Some(_)) => EntityType::Location,
            (kind, _) => kind,
        };
        for (run_start, run_end) in name_runs(&sentence, &words, &covered, (start, end), kind) {
            // What the tagger ran into an outlet's credit before it is the
            // end of a scraped headline or a label ("… in Aleppo Monitor
            // AFP Friday"); what follows it is often a name ("(Reuters)
            // MITI said").
            if run_end < end && credit_starts.contains(&run_end) {
                continue;
            }
            let stands_for_a_document = run_end == run_start + 1
                && acronyms.get(words[run_start]).is_some_and(|name| {
                    is_document_title(&name.split_whitespace().collect::<Vec<_>>())
                });
            if stands_for_a_document || is_document_title(&words[run_start..run_end]) {
                continue;
            }
            let judged = judge_span(
                names,
                &sentence,
                &words,
                (run_start, run_end),
                kind,
                actor_words,
            );
            let judged =
                judged.map(|e| spelt_out(names, acronyms, &words, (run_start, run_end), e));
            let evidence = match (judged, &beside) {
                (
                    Some(Evidence::NewPlace {
                        name, within, cued, ..
                    }),
                    Some(anchor),
                ) if run_end == end && within.is_empty() => Some(Evidence::NewPlace {
                    name,
                    within: anchor.clone(),
                    beside: true,
                    cued,
                }),
                (judged, _) => judged,
            };
            if let Some(evidence) = evidence {
                found.push((run_start, evidence));
            }
        }
    }
    // "al-Maleh north of Aleppo": a village written with its article in
    // lower case is one word the tagger reads as no name at all.
    for (i, word) in words.iter().enumerate() {
        if covered[i] || !is_name_with_joined_article(word) {
            continue;
        }
        if tagged.iter().any(|&(s, e, _)| s <= i && i < e) {
            continue;
        }
        if let Some(anchor) = placed_beside(&sentence, &found, i + 1) {
            found.push((
                i,
                Evidence::NewPlace {
                    name: with_joined_article(&words, i, word.to_string()),
                    within: anchor,
                    beside: true,
                    cued: i > 0 && is_locative_cue(sentence.key(i - 1)),
                },
            ));
        }
    }
    found.sort_by_key(|(start, _)| *start);
    article.mentions.extend(found.into_iter().map(|(_, m)| m));
}

/// The US states by the abbreviations news agencies write after a town
/// ("Pittsburgh, Pa.", "Trenton, N.J."), without their dots.
const STATE_ABBREVIATIONS: &[(&str, &str)] = &[
    ("ala", "Alabama"),
    ("ariz", "Arizona"),
    ("ark", "Arkansas"),
    ("calif", "California"),
    ("colo", "Colorado"),
    ("conn", "Connecticut"),
    ("del", "Delaware"),
    ("fla", "Florida"),
    ("ga", "Georgia"),
    ("ill", "Illinois"),
    ("ind", "Indiana"),
    ("kan", "Kansas"),
    ("kans", "Kansas"),
    ("ky", "Kentucky"),
    ("la", "Louisiana"),
    ("md", "Maryland"),
    ("mass", "Massachusetts"),
    ("mich", "Michigan"),
    ("minn", "Minnesota"),
    ("miss", "Mississippi"),
    ("mo", "Missouri"),
    ("mont", "Montana"),
    ("neb", "Nebraska"),
    ("nebr", "Nebraska"),
    ("nev", "Nevada"),
    ("nh", "New Hampshire"),
    ("nj", "New Jersey"),
    ("nm", "New Mexico"),
    ("ny", "New York"),
    ("nc", "North Carolina"),
    ("nd", "North Dakota"),
    ("okla", "Oklahoma"),
    ("ore", "Oregon"),
    ("pa", "Pennsylvania"),
    ("ri", "Rhode Island"),
    ("sc", "South Carolina"),
    ("sd", "South Dakota"),
    ("tenn", "Tennessee"),
    ("tex", "Texas"),
    ("vt", "Vermont"),
    ("va", "Virginia"),
    ("wash", "Washington"),
    ("wva", "West Virginia"),
    ("wis", "Wisconsin"),
    ("wyo", "Wyoming"),
];

/// The US state that the word at `at` abbreviates, when it is written as
/// the wires write a state after a town: capitalised but not in capitals,
/// after a comma that follows a capitalised word, and with its dot ("Pa."
/// in "Pittsburgh, Pa.", "N.J." in "Trenton, N.J."). "Pa" alone is a town
/// of Burkina Faso, "Ore" one of Nigeria.
fn state_abbreviation(words: &[&str], at: usize) -> Option<&'static str> {
    let word = *words.get(at)?;
    // Looked at for every word: what rules most out is tested first.
    let after_a_town = at >= 2 && words[at - 1] == "," && is_capitalized(words[at - 2]);
    if !after_a_town || !is_capitalized(word) {
        return None;
    }
    // "Haifa, PA said": in capitals and without dots, the Palestinian
    // Authority, not the wires' Pennsylvania.
    if is_all_caps(word) && !word.contains('.') {
        return None;
    }
    // Without its dot only when of two letters and before no name: "King
    // of Prussia, Pa which", not "Britain, Mo Farah".
    let next = words.get(at + 1);
    let dotted = word.contains('.')
        || next == Some(&".")
        || (word.len() == 2 && !next.is_some_and(|next| is_capitalized(next)));
    if !dotted {
        return None;
    }
    // Compared letter by letter, dots aside, with no string built.
    let letters = || {
        word.bytes()
            .filter(|&b| b != b'.')
            .map(|b| b.to_ascii_lowercase())
    };
    STATE_ABBREVIATIONS
        .iter()
        .find(|(abbreviation, _)| abbreviation.bytes().eq(letters()))
        .map(|&(_, state)| state)
}

/// The US state of this name, as a mention's candidates: none if the
/// gazetteer has no such state.
fn us_state(names: &Names, state: &str) -> Vec<Alias> {
    let in_the_united_states = |id: u32| {
        names
            .place(id)
            .is_some_and(|p| p.kind == PlaceKind::Division)
            && country_of(names, id)
                .and_then(|country| names.place(country))
                .is_some_and(|country| country.name == "United States")
    };
    names
        .lookup(&name_key(state))
        .into_iter()
        .filter(|a| matches!(a.target, Target::Place(id) if in_the_united_states(id)))
        .collect()
}

/// Names of namesake places that the sentence puts near a known place,
/// "Madaya, a town near Damascus", "Ariha, south of Idlib", or in one,
/// "Paris, Texas". `found` holds the known names judged so far, by first
/// token.
fn said_to_be_near(
    names: &Names,
    sentence: &Sentence,
    found: &[(usize, Evidence)],
) -> Vec<PlacedNear> {
    let place_ids = |evidence: &Evidence| -> Vec<u32> {
        match evidence {
            Evidence::Known(aliases) => place_targets(aliases),
            _ => Vec::new(),
        }
    };
    let mut placed = Vec::new();
    for (start, evidence) in found {
        let Some(end) = sentence
            .matches()
            .iter()
            .find(|m| m.start == *start)
            .map(|m| m.end)
        else {
            continue;
        };
        let candidates = place_ids(evidence);
        if candidates.len() < 2 {
            continue;
        }
        // "Paris, Texas": the state or province after the comma encloses
        // the town. Not a country, which as often opens a clause ("in
        // Moscow, US officials said"), and not for a name that may be a
        // country: "China, Japan and Korea" is a list, not China, Kagoshima.
        let may_be_country = || {
            candidates.iter().any(|&id| {
                names.place(id).is_some_and(|p| {
                    matches!(
                        p.kind,
                        PlaceKind::Country | PlaceKind::Region | PlaceKind::Continent
                    )
                })
            })
        };
        if sentence.key(end) == "," && !may_be_country() {
            if let Some((_, after)) = found.iter().find(|(s, _)| *s == end + 1) {
                let enclosing: Vec<u32> = place_ids(after)
                    .into_iter()
                    .filter(|&id| {
                        names
                            .place(id)
                            .is_some_and(|p| p.kind == PlaceKind::Division)
                    })
                    .collect();
                let kept: Vec<u32> = candidates
                    .iter()
                    .copied()
                    .filter(|&id| enclosing.iter().any(|&e| names.encloses(e, id)))
                    .collect();
                if !kept.is_empty() && kept.len() < candidates.len() {
                    placed.push(PlacedNear { candidates, kept });
                    continue;
                }
            }
        }
        let Some((anchor, _)) = near_anchor(sentence, end) else {
            continue;
        };
        let Some((_, near)) = found.iter().find(|(s, _)| *s == anchor) else {
            continue;
        };
        let countries: Vec<u32> = place_ids(near)
            .into_iter()
            .filter_map(|id| country_of(names, id))
            .collect();
        let kept: Vec<u32> = candidates
            .iter()
            .copied()
            .filter(|&id| country_of(names, id).is_some_and(|c| countries.contains(&c)))
            .collect();
        if !kept.is_empty() && kept.len() < candidates.len() {
            placed.push(PlacedNear { candidates, kept });
        }
    }
    placed
}

/// The place named as near the name ending before token `end`: where it
/// starts, after an optional comma, article and settlement noun, "near",
/// "outside" or a compass point with "of"; and whether the words say the
/// name is a place whatever it is ("Al-Maleh north of Aleppo", "Madaya, a
/// town near Damascus"), which a bare "near" does not ("troops near Kyiv").
fn near_anchor(sentence: &Sentence, end: usize) -> Option<(usize, bool)> {
    let mut i = end;
    if sentence.key(i) == "," {
        i += 1;
    }
    if matches!(sentence.key(i), "a" | "an" | "the") {
        i += 1;
    }
    let settlement =
        is_settlement_noun(sentence.key(i)) || matches!(sentence.key(i), "suburb" | "district");
    if settlement {
        i += 1;
    }
    match sentence.key(i) {
        "near" | "outside" => Some((i + 1, settlement)),
        "north" | "south" | "east" | "west" | "northeast" | "northwest" | "southeast"
        | "southwest"
            if sentence.key(i + 1) == "of" =>
        {
            Some((i + 2, true))
        }
        _ => None,
    }
}

/// The known place that the words after a name ending before token `end`
/// put it beside, when they also say the name is a place (see
/// [`near_anchor`]): its candidates.
fn placed_beside(
    sentence: &Sentence,
    found: &[(usize, Evidence)],
    end: usize,
) -> Option<Vec<Alias>> {
    let (anchor, says_place) = near_anchor(sentence, end)?;
    if !says_place {
        return None;
    }
    found.iter().find_map(|(start, evidence)| match evidence {
        Evidence::Known(aliases)
            if *start == anchor && aliases.iter().any(|a| matches!(a.target, Target::Place(_))) =>
        {
            Some(aliases.clone())
        }
        _ => None,
    })
}

/// The place ids among `aliases`.
fn place_targets(aliases: &[Alias]) -> Vec<u32> {
    aliases
        .iter()
        .filter_map(|a| match a.target {
            Target::Place(id) => Some(id),
            Target::Actor(_) => None,
        })
        .collect()
}

/// Every mention of a name the article put near another place
/// ([`said_to_be_near`]) keeps only the namesakes in that place's country:
/// "Madaya evacuees said" after "Madaya, a town near Damascus".
fn keep_places_near(placed_near: &[PlacedNear], mentions: &mut [Evidence]) {
    if placed_near.is_empty() {
        return;
    }
    for mention in mentions.iter_mut() {
        let Evidence::Known(aliases) = mention else {
            continue;
        };
        let ids = place_targets(aliases);
        if let Some(placed) = placed_near.iter().find(|p| p.candidates == ids) {
            aliases.retain(|a| match a.target {
                Target::Place(id) => placed.kept.contains(&id),
                Target::Actor(_) => true,
            });
        }
    }
}

/// Nouns that introduce a list of settlements ("the villages of …").
fn is_settlement_noun(folded: &str) -> bool {
    const SETTLEMENT_NOUNS: &[&str] = &[
        "village", "villages", "town", "towns", "city", "cities", "hamlet", "hamlets",
    ];
    SETTLEMENT_NOUNS.contains(&folded)
}

/// Whether token `at` is a noun that makes the name before it a part of a
/// town or a town ("the Jobar neighbourhood", "Sheikh Maqsud district",
/// "Khan Tuman town").
fn is_place_noun_after(sentence: &Sentence, at: usize) -> bool {
    matches!(
        sentence.key(at),
        "district"
            | "districts"
            | "neighbourhood"
            | "neighborhood"
            | "neighbourhoods"
            | "neighborhoods"
            | "suburb"
            | "suburbs"
            | "town"
            | "village"
            | "countryside"
    )
}

/// True for a known name judged to be a town and nothing else.
fn is_town(names: &Names, evidence: &Evidence) -> bool {
    let Evidence::Known(aliases) = evidence else {
        return false;
    };
    !aliases.is_empty()
        && aliases.iter().all(|a| match a.target {
            Target::Place(id) => names.place(id).is_some_and(|p| p.kind == PlaceKind::Town),
            Target::Actor(_) => false,
        })
}

/// True when the one-word name at token `at` is a member of a list of
/// places, whatever the tagger made of it: after "the villages of" with
/// only names, commas and "and" between ("the villages of al-Foua and
/// Kefraya"), or right after "and" that follows a town (one of
/// `town_ends`) or a one-word name in no list that the tagger read as a
/// place ("Fuaa and Kafraya"). Neither word may be an ordinary English word
/// ("Food and Agriculture") nor the pair part of a longer name, and a
/// country or region before "and" is no such evidence ("Ukraine and
/// Naftogaz").
fn in_list_of_places(
    sentence: &Sentence,
    words: &[&str],
    tagged: &[Span],
    town_ends: &[usize],
    at: usize,
) -> bool {
    const MAX_LIST_TOKENS: usize = 6;
    // "Donaldson, Lufkin and Jenrette Securities", "Pratt and Whitney
    // Canada": a list inside a longer name.
    let inside_a_longer_name =
        capitalised_at(words, at + 1) || (at >= 3 && capitalised_at(words, at - 3));
    if at >= 2
        && sentence.key(at - 1) == "and"
        && !is_common_word(sentence.key(at))
        && !inside_a_longer_name
    {
        let before = at - 1;
        let new_place_before = tagged.iter().any(|&(s, e, kind)| {
            (s, e) == (before - 1, before)
                && kind == EntityType::Location
                && !is_common_word(sentence.key(s))
                && !sentence.matches().iter().any(|m| m.start < e && s < m.end)
        });
        if town_ends.contains(&before) || new_place_before {
            return true;
        }
    }
    let mut i = at;
    while i > 0 && at - i < MAX_LIST_TOKENS {
        i -= 1;
        match sentence.key(i) {
            "of" => return i > 0 && is_settlement_noun(sentence.key(i - 1)),
            "and" | "," => {}
            key if is_name_particle(key) || has_joined_article(key) => {}
            _ if is_capitalized(words[i]) => {}
            _ => return false,
        }
    }
    false
}

/// The tagger's span that overlaps tokens `start..end` the most.
fn overlapping(tagged: &[Span], start: usize, end: usize) -> Option<Span> {
    tagged
        .iter()
        .copied()
        .filter(|&(s, e, _)| s < end && start < e)
        .max_by_key(|&(s, e, _)| e.min(end) - s.max(start))
}

/// True for a word that says nothing about which entity is meant.
fn is_noise_word(word: &str, key: &str) -> bool {
    is_role_word(key)
        || is_demonym(key)
        || is_function_word(key)
        || is_calendar_word(key)
        || is_possessive(word)
        || !word.chars().any(char::is_alphanumeric)
}

/// `aliases` of the one word `word` (folded: `key`) without the places it
/// names only as one of their GeoNames alternates, when news writes the
/// word in lower case: such a word names a place only as the place's own
/// name, spelt as it is ("Nice"), never as an alternate ("Can" of Caen,
/// "Tall" of At Tall in Syria) or a name that differs by its accents
/// ("Çan"). A dot makes it an abbreviation and keeps it ("U.S.", "Ore."
/// of "Portland, Ore.": `dot_after`); capitals keep the countries,
/// divisions and regions it names ("US"), but no town's alternate: the
/// "YEN" of a wire's table of rates is no Vĩnh Yên in Vietnam. `None`
/// when nothing is dropped, as for most words.
fn without_common_word_alternates(
    names: &Names,
    word: &str,
    key: &str,
    dot_after: bool,
    aliases: &[Alias],
) -> Option<Vec<Alias>> {
    if !is_common_word(key) || word.contains('.') || dot_after {
        return None;
    }
    let in_capitals = is_all_caps(word);
    let lower = |text: &str| {
        text.chars()
            .flat_map(char::to_lowercase)
            .collect::<Vec<char>>()
    };
    let word = lower(word);
    let own_name_or_actor = |a: &Alias| match a.target {
        Target::Place(id) => {
            (in_capitals && names.is_strong_place(id))
                || names.place(id).is_some_and(|p| lower(&p.name) == word)
        }
        Target::Actor(_) => true,
    };
    if aliases.iter().all(own_name_or_actor) {
        return None;
    }
    Some(aliases.iter().copied().filter(own_name_or_actor).collect())
}

/// Decides whether a known-name match is a mention, and of what.
fn judge_match(
    names: &Names,
    sentence: &Sentence,
    words: &[&str],
    tagged: &[Span],
    m: &NameMatch,
    is_title: bool,
    actor_words: &ActorWords,
) -> Option<Evidence> {
    let single = m.end - m.start == 1;
    let key = sentence.key(m.start);
    // "Abu" alone is a name's particle, not Mount Abu in India.
    if single
        && (is_noise_word(words[m.start], key)
            || names_no_place_alone(key)
            || is_name_particle(key)
            || is_feast_word(key))
    {
        return None;
    }
    if names_a_street(sentence, words, m.end)
        || (single && names_a_time_zone(sentence, words, m.start))
        || (single && surname_names_a_body(names, sentence, words, m))
    {
        return None;
    }
    // A one word's aliases, narrowed by what the words around it say.
    let mut narrowed: Option<Vec<Alias>> = None;
    if single {
        let dot_after = words.get(m.end) == Some(&".");
        narrowed =
            without_common_word_alternates(names, words[m.start], key, dot_after, &m.aliases);
        let aliases = narrowed.as_deref().unwrap_or(&m.aliases);
        if let Some(kept) =
            without_towns_named_in_a_landmark(names, sentence, words, m.start, aliases)
        {
            narrowed = Some(kept);
        }
    }
    let narrowed_match;
    let m = match narrowed {
        Some(aliases) if aliases.is_empty() => return None,
        Some(aliases) => {
            narrowed_match = NameMatch {
                start: m.start,
                end: m.end,
                aliases,
            };
            &narrowed_match
        }
        None => m,
    };
    let span = overlapping(tagged, m.start, m.end).map(|(s, e, kind)| match kind {
        EntityType::Location if names_an_organisation(sentence, (s, e)) => {
            (s, e, EntityType::Organisation)
        }
        _ => (s, e, kind),
    });
    let full_actor_name = !single
        && m.aliases
            .iter()
            .any(|a| matches!(a.target, Target::Actor(_)));
    // Inside a longer name of another kind ("Bank of England", "Jordan
    // Peterson"); but a known actor's full name after a capitalised common
    // word is that actor ("Rebels Bashar al-Assad" in a list of tags).
    if let Some((s, e, kind)) = span {
        let longer = s <= m.start && e >= m.end && e - s > m.end - m.start;
        let is_name_word =
            |i: usize| is_capitalized(words[i]) && !is_noise_word(words[i], sentence.key(i));
        let other_name_words = (s..e)
            .filter(|&i| i < m.start || i >= m.end)
            .any(&is_name_word);
        let only_common_words_before = full_actor_name
            && e == m.end
            && (s..m.start).all(|i| !is_name_word(i) || is_common_word(sentence.key(i)));
        if longer && other_name_words && kind != EntityType::Location && !only_common_words_before {
            return None;
        }
    }
    let tagged_kind = span.map(|(_, _, k)| k);
    let actors: Vec<Alias> = m
        .aliases
        .iter()
        .copied()
        .filter(|a| matches!(a.target, Target::Actor(_)))
        .collect();
    let in_a_longer_name = single && in_a_longer_arabic_name(sentence, words, m.start);
    let places: Vec<Alias> = m
        .aliases
        .iter()
        .copied()
        .filter(|a| match a.target {
            Target::Place(id) => !in_a_longer_name || names.is_strong_place(id),
            Target::Actor(_) => false,
        })
        .collect();
    let strong = places.iter().any(|a| match a.target {
        Target::Place(id) => names.is_strong_place(id),
        Target::Actor(_) => false,
    });
    // A curated actor beats a town ("White House", Tennessee); only a
    // country, division or region the tagger also calls a location beats it.
    let place_confirmed = strong && tagged_kind == Some(EntityType::Location);
    if !actors.is_empty() && !place_confirmed {
        return Some(Evidence::Known(actors));
    }
    let listed_by_user = places
        .iter()
        .any(|a| matches!(a.target, Target::Place(id) if names.is_user_place(id)));
    // The tagger reading a known place's name of several words as names of
    // two kinds, each inside it ("Khan" a person, "Sheikhoun" an
    // organisation), has not recognised one name: the list has. A span
    // reaching past the name is a longer name ("New York Stock Exchange").
    let tagger_split = {
        let mut spans = tagged.iter().filter(|&&(s, e, _)| s < m.end && m.start < e);
        let all_within = spans.clone().all(|&(s, e, _)| s >= m.start && e <= m.end);
        let first_kind = spans.next().map(|&(_, _, kind)| kind);
        all_within && spans.any(|&(_, _, kind)| Some(kind) != first_kind)
    };
    // "the Kurdish-majority Sheikh Maqsud district": a noun after a known
    // place's name of several words says it is that place whatever the
    // tagger read. Not a name of one word, which is too often a namesake
    // abroad of a neighbourhood that no list has ("the Ferdous district"
    // of Aleppo is no Ferdows in Iran).
    let place_noun_after = !single && !places.is_empty() && is_place_noun_after(sentence, m.end);
    // "Sheikh Maqsoud", "Khan Tuman": a known place's name of several words
    // that opens with a word that starts Arabic place names is no person's,
    // though "Sheikh" is a title too (in a body; a title's towns keep the
    // title's rule).
    let arabic_place_name =
        !single && !is_title && !places.is_empty() && is_arabic_place_head(sentence.key(m.start));
    let agreed = listed_by_user
        || tagger_split
        || place_noun_after
        || arabic_place_name
        || match tagged_kind {
            Some(EntityType::Location) => true,
            // "Clashes raged in Salah Eddin": a town of a war's coverage by
            // any of its names, right after "in", "near", "outside" or
            // "around", is the place the tagger took for a person.
            Some(EntityType::Person) | Some(EntityType::Organisation) => {
                m.start > 0
                    && matches!(
                        sentence.key(m.start - 1),
                        "in" | "near" | "outside" | "around"
                    )
                    && war_town(names, &places, key, TownName::Any)
            }
            Some(EntityType::Misc) => strong,
            None => {
                let cue = m.start > 0 && is_locative_cue(sentence.key(m.start - 1));
                strong
                    || (cue && !is_title && !sentence.starts_sentence(m.start))
                    || war_town(names, &places, key, TownName::Own)
            }
        };
    // "Hartford said" after "Hartford Insurance Group": the company, not
    // the town in Connecticut.
    if agreed && single && tagged_kind != Some(EntityType::Location) {
        match actor_words.short_name(names, key, &places) {
            Some(EntityType::Organisation) => {
                return Some(Evidence::NewOrganisation(words[m.start].to_string()))
            }
            Some(_) => return Some(Evidence::NewPerson(vec![words[m.start].to_string()])),
            None => {}
        }
    }
    (agreed && !places.is_empty()).then(|| {
        let key = (m.start..m.end)
            .map(|i| sentence.key(i))
            .collect::<Vec<_>>()
            .join(" ");
        Evidence::Known(without_lesser_alternates(names, &key, places))
    })
}

/// The tagger's names, with a one-word place it read right before an
/// organisation joined to the organisation when the word names only
/// towns (no country, division or region) and the organisation's name
/// ends as a company's or body's does ("Co", "Corp", "Bank", "Command"):
/// "Atlantic Richfield Co", "Midland Montagu Capital Markets Inc.",
/// "Aleppo Police Command", which the lists' towns had split, their names
/// making the tagger see a place ("San Miguel Corp", not San in Mali).
/// Not names after a place in text that lost its full stops ("… in Hama
/// Beirut Doctors Without Borders said"), which end otherwise.
fn with_towns_in_organisations(names: &Names, sentence: &Sentence, tagged: Vec<Span>) -> Vec<Span> {
    let names_only_towns = |at: usize| {
        let known = names.lookup(sentence.key(at));
        !known.is_empty() && only_towns(names, &known)
    };
    let ends_as_an_organisation = |end: usize| {
        let last = sentence.key(end - 1);
        is_company_suffix(last) || is_organisation_head(last)
    };
    joined_where(tagged, |town, (start, end, kind)| {
        (town.2 == EntityType::Location
            && town.1 == start
            && town.1 - town.0 == 1
            && kind == EntityType::Organisation
            && ends_as_an_organisation(end)
            && names_only_towns(town.0))
        .then_some(EntityType::Organisation)
    })
}

/// The tagger's people and organisations with a company's legal form or
/// the word "County" after them joined to them, as the company's or the
/// county's name: the tagger reads "Harris Corp" as a person "Harris" and
/// an organisation "Corp", "Harris County" as a person and a place
/// "County", and the person would be Kamala Harris. Not after a place's
/// name ("Anglo American Corp of South Africa Ltd") nor a legal form's
/// ("Co Inc").
fn with_name_ends_joined(sentence: &Sentence, tagged: Vec<Span>) -> Vec<Span> {
    joined_where(tagged, |name, (start, end, _)| {
        let joins = name.1 == start
            && end - start == 1
            && matches!(name.2, EntityType::Person | EntityType::Organisation)
            && !is_company_suffix(sentence.key(name.1 - 1));
        match sentence.key(start) {
            _ if !joins => None,
            "county" => Some(EntityType::Location),
            key if is_company_suffix(key) => Some(EntityType::Organisation),
            _ => None,
        }
    })
}

/// The tagger's names with two that a known name of several words runs
/// across joined, when the second goes on past it: the tagger reads "the
/// New York Times" as a place "New" and an organisation "York Times", but
/// "New York" is one name, so the organisation is "New York Times". (Where
/// the known name ends with the second, it is that name: the rule on known
/// places read as two kinds of name.)
fn with_known_names_whole(sentence: &Sentence, tagged: Vec<Span>) -> Vec<Span> {
    joined_where(tagged, |first, (start, end, kind)| {
        (first.1 == start
            && first.2 != EntityType::Misc
            && kind != EntityType::Misc
            && sentence
                .matches()
                .iter()
                .any(|m| m.start == first.0 && start < m.end && m.end < end))
        .then_some(kind)
    })
}

/// The tagger's people of several words that open with a word that starts
/// Arabic place names ([`is_arabic_place_head`]) made places: "Kafr
/// Batna", "Maaret Masrin", "Deir Ezour" are towns, which the tagger read
/// as people ([`is_arabic_place_head_only`]).
fn with_arabic_places_as_places(
    sentence: &Sentence,
    words: &[&str],
    tagged: Vec<Span>,
) -> Vec<Span> {
    tagged
        .into_iter()
        .map(|(start, end, kind)| {
            let place = kind == EntityType::Person
                && end - start > 1
                && is_capitalized(words[start])
                && is_arabic_place_head_only(sentence.key(start));
            (start, end, if place { EntityType::Location } else { kind })
        })
        .collect()
}

/// The tagger's names with a body's name of the form "[Name] Head for|of
/// Name" made one organisation where the tagger read a name in it: "the
/// Syrian Center for Policy Research", which it cut into "Syrian Center",
/// a person "Policy" and an organisation "Research". The name runs from
/// the capitalised words before the head word (not a sentence's first
/// word, a function word, a known place's name, a hyphenated word such as
/// "British-based" or a role word) to the last capitalised word after it,
/// through "of", "for" and "the", and through "and" to one last word that
/// is no known name ("Office of Management and Budget", not "Bank of
/// England and U.S."); it stops at a role word ("Bank of Japan Governor
/// Satoshi Sumita"). Not where a known name other than a lone town's is
/// inside or across it.
fn with_bodies_named_whole(
    names: &Names,
    sentence: &Sentence,
    words: &[&str],
    tagged: Vec<Span>,
) -> Vec<Span> {
    let name_word = |at: usize| {
        capitalised_at(words, at)
            && !is_role_word(sentence.key(at))
            && !matches!(
                sentence.key(at),
                "chairman" | "director" | "spokesman" | "head"
            )
    };
    let joins = |at: usize| matches!(sentence.key(at), "of" | "for" | "the");
    let known = |at: usize| !names.lookup(sentence.key(at)).is_empty();
    let mut bodies: Vec<(usize, usize)> = Vec::new();
    let mut head = 0;
    while head + 2 < words.len() {
        let is_head = capitalised_at(words, head)
            && (is_organisation_head(sentence.key(head))
                || matches!(sentence.key(head), "center" | "centre"))
            && matches!(sentence.key(head + 1), "for" | "of")
            && name_word(head + 2);
        if !is_head {
            head += 1;
            continue;
        }
        let mut end = head + 2;
        loop {
            while name_word(end) && !joins(end) {
                end += 1;
            }
            if joins(end) && name_word(end + 1) && !joins(end + 1) {
                end += 1;
                continue;
            }
            let last_word = name_word(end + 1) && !name_word(end + 2);
            if sentence.key(end) == "and" && last_word && !known(end + 1) {
                end += 2;
            }
            break;
        }
        let mut start = head;
        while start > 0
            && name_word(start - 1)
            && !is_function_word(sentence.key(start - 1))
            && !sentence.starts_sentence(start - 1)
            && !words[start - 1].contains('-')
            && !names
                .lookup(sentence.key(start - 1))
                .iter()
                .any(|a| matches!(a.target, Target::Place(_)))
        {
            start -= 1;
        }
        bodies.push((start, end));
        head = end;
    }
    if bodies.is_empty() {
        return tagged;
    }
    // A known name inside or across it is the lists' to judge ("Syrian
    // Observatory for Human Rights Rami Abdel-Rahman" where scraped text
    // lost its full stops), but for a lone town's name ("Center").
    let holds_known_name = |(start, end): (usize, usize)| {
        sentence.matches().iter().any(|m| {
            m.start < end
                && start < m.end
                && (m.end - m.start > 1 || !only_towns(names, &m.aliases))
        })
    };
    bodies.retain(|&body| !holds_known_name(body));
    let mut result: Vec<Span> = Vec::with_capacity(tagged.len());
    let overlaps = |(s, e, _): &Span, (start, end): (usize, usize)| *s < end && start < *e;
    for &(start, end) in &bodies {
        let read_as_names: Vec<&Span> = tagged
            .iter()
            .filter(|t| overlaps(t, (start, end)))
            .collect();
        let named = read_as_names.iter().any(|t| t.2 != EntityType::Location)
            && read_as_names.iter().all(|t| t.0 >= start && t.1 <= end);
        if named {
            result.push((start, end, EntityType::Organisation));
        }
    }
    let merged: Vec<(usize, usize)> = result.iter().map(|&(s, e, _)| (s, e)).collect();
    result.extend(
        tagged
            .into_iter()
            .filter(|t| !merged.iter().any(|&body| overlaps(t, body))),
    );
    result.sort_unstable_by_key(|&(start, _, _)| start);
    result
}

/// The tagger's organisations with the capitalised words right after them
/// that end a body's name taken in, whether the tagger left them out or
/// read them as a name of their own: "Aleppo Health Directorate", of which
/// the tagger read "Health" as an organisation and "Directorate" as a
/// person.
fn with_heads_after_organisations(
    sentence: &Sentence,
    words: &[&str],
    tagged: Vec<Span>,
) -> Vec<Span> {
    let is_head = |at: usize| is_capitalized(words[at]) && is_organisation_head(sentence.key(at));
    let mut extended: Vec<Span> = Vec::with_capacity(tagged.len());
    for span in tagged {
        if let Some(before) = extended.last_mut() {
            let only_heads = (span.0..span.1).all(is_head);
            if before.2 == EntityType::Organisation && before.1 == span.0 && only_heads {
                before.1 = span.1;
                continue;
            }
        }
        extended.push(span);
    }
    for at in 0..extended.len() {
        if extended[at].2 != EntityType::Organisation {
            continue;
        }
        let next_start = extended.get(at + 1).map_or(words.len(), |next| next.0);
        while extended[at].1 < next_start && is_head(extended[at].1) {
            extended[at].1 += 1;
        }
    }
    extended
}

/// `tagged` with each name joined to the one before it, as one name of
/// the kind `join` gives, where `join` gives one.
fn joined_where(tagged: Vec<Span>, join: impl Fn(Span, Span) -> Option<EntityType>) -> Vec<Span> {
    let mut joined: Vec<Span> = Vec::with_capacity(tagged.len());
    for span in tagged {
        match joined.last_mut() {
            Some(before) => match join(*before, span) {
                Some(kind) => *before = (before.0, span.1, kind),
                None => joined.push(span),
            },
            None => joined.push(span),
        }
    }
    joined
}

/// The tagger's names with a country's possessive that lost its
/// apostrophe at their start or end taken apart: "Syrias Raqqa" is Syria
/// and Raqqa, "Russias Aerospace Forces" Russia and the Aerospace Forces,
/// "Hama Syrias" Hama and Syria. Not at a person's end, where the word is
/// more likely a surname ("Lawton Chiles"), unless the rest is a
/// country's, a capital's or a city's name ("Aleppo Syrias largest
/// city"), nor where the word is a known name of its own. A known
/// organisation's acronym in the possessive is taken apart at a name's
/// start too: "EUs Mogherini" is the EU and Mogherini.
fn with_countries_possessives_apart(
    names: &Names,
    sentence: &Sentence,
    words: &[&str],
    tagged: Vec<Span>,
) -> Vec<Span> {
    let is_country_possessive = |at: usize| {
        let key = sentence.key(at);
        is_capitalized(words[at])
            && names.lookup(key).is_empty()
            && possessive_without_apostrophe(key).is_some_and(|name| {
                names.lookup(name).iter().any(|a| match a.target {
                    Target::Place(id) => names
                        .place(id)
                        .is_some_and(|p| p.kind == PlaceKind::Country),
                    Target::Actor(_) => false,
                })
            })
    };
    let is_organisation_acronym_possessive = |at: usize| {
        names.lookup(sentence.key(at)).is_empty()
            && !organisation_of_acronym_possessive(names, words[at]).is_empty()
    };
    // "Aleppo Syrias largest city": no person's name starts with a
    // city's name, so the word after one is the country's possessive
    // (Lawton, Oklahoma, of "Lawton Chiles", is no city of that size).
    let names_a_known_place = |start: usize, end: usize| {
        let key = (start..end)
            .map(|i| sentence.key(i))
            .collect::<Vec<_>>()
            .join(" ");
        names.lookup(&key).iter().any(|a| match a.target {
            Target::Place(id) => {
                names.is_strong_place(id)
                    || names
                        .place(id)
                        .is_some_and(|p| p.capital || p.population >= CITY)
            }
            Target::Actor(_) => false,
        })
    };
    let mut apart = Vec::with_capacity(tagged.len());
    for (start, end, kind) in tagged {
        if end - start < 2 || kind == EntityType::Misc {
            apart.push((start, end, kind));
        } else if is_country_possessive(start) {
            apart.push((start, start + 1, EntityType::Location));
            apart.push((start + 1, end, kind));
        } else if is_organisation_acronym_possessive(start) {
            apart.push((start, start + 1, EntityType::Organisation));
            apart.push((start + 1, end, kind));
        } else if is_country_possessive(end - 1)
            && (kind != EntityType::Person || names_a_known_place(start, end - 1))
        {
            let first_kind = match kind {
                EntityType::Person => EntityType::Location,
                other => other,
            };
            apart.push((start, end - 1, first_kind));
            apart.push((end - 1, end, EntityType::Location));
        } else {
            apart.push((start, end, kind));
        }
    }
    apart
}

/// The tagger's names that are a known organisation's name and then a
/// country's taken apart, where text lost the dash or full stop between
/// them: a wire's credit before its dateline ("Reuters Taiwan", "Al
/// Jazeera Syria At least 45 civilians …") is the outlet and the
/// country, not an organisation "Al Jazeera Syria". Common words the
/// tagger ran on into after the country are dropped, and so is the start
/// of a known name it ran into. Not a name known whole.
fn with_outlets_and_countries_apart(
    names: &Names,
    sentence: &Sentence,
    tagged: Vec<Span>,
) -> Vec<Span> {
    let matches = sentence.matches();
    let known = |start: usize, end: usize, is: &dyn Fn(Target) -> bool| {
        (matches.iter())
            .any(|m| m.start == start && m.end == end && m.aliases.iter().any(|a| is(a.target)))
    };
    let organisation = |target: Target| match target {
        Target::Actor(id) => names
            .actor(id)
            .is_some_and(|actor| actor.kind == ActorKind::Organisation),
        Target::Place(_) => false,
    };
    let country = |target: Target| match target {
        Target::Place(id) => names
            .place(id)
            .is_some_and(|place| place.kind == PlaceKind::Country),
        Target::Actor(_) => false,
    };
    // After the country the tagger may have run on into the next
    // sentence's first words ("Syria At least …") or into a known name
    // that goes on past its own ("Syria The Syrian army"): those go.
    let runs_past =
        |i: usize, end: usize| (matches.iter()).any(|m| m.start <= i && i < m.end && m.end > end);
    let country_then_run_on = |at: usize, end: usize| {
        (at + 1..=end).rev().find(|&country_end| {
            known(at, country_end, &country)
                && (country_end..end).all(|i| is_common_word(sentence.key(i)) || runs_past(i, end))
        })
    };
    let mut apart = Vec::with_capacity(tagged.len());
    for (start, end, kind) in tagged {
        let split = (start + 1..end).find_map(|at| {
            known(start, at, &organisation)
                .then(|| country_then_run_on(at, end).map(|country_end| (at, country_end)))
                .flatten()
        });
        match split {
            Some((at, country_end)) if !known(start, end, &|_| true) => {
                apart.push((start, at, EntityType::Organisation));
                apart.push((at, country_end, EntityType::Location));
            }
            _ => apart.push((start, end, kind)),
        }
    }
    apart
}

/// The known organisations whose acronym `word` is in the possessive
/// without its apostrophe: "EUs", "UNs", "ISISs" (capitals, then a lower-case
/// "s", which no plural of a known body's acronym is).
fn organisation_of_acronym_possessive(names: &Names, word: &str) -> Vec<Alias> {
    let Some(acronym) = word.strip_suffix('s') else {
        return Vec::new();
    };
    if acronym.len() < 2 || !is_all_caps(acronym) {
        return Vec::new();
    }
    names
        .lookup(&fold(acronym))
        .into_iter()
        .filter(|a| match a.target {
            Target::Actor(id) => names
                .actor(id)
                .is_some_and(|actor| actor.kind == ActorKind::Organisation),
            Target::Place(_) => false,
        })
        .collect()
}

/// Whether every entity of `aliases` is a town: a name that may be a
/// country, division, region or known actor is never taken for a word of
/// another name.
fn only_towns(names: &Names, aliases: &[Alias]) -> bool {
    aliases.iter().all(|a| match a.target {
        Target::Place(id) => !names.is_strong_place(id),
        Target::Actor(_) => false,
    })
}

/// Whether no place of `aliases` is a city ([`CITY`]).
fn no_city(names: &Names, aliases: &[Alias]) -> bool {
    aliases.iter().all(|a| match a.target {
        Target::Place(id) => names.place(id).is_some_and(|p| p.population < CITY),
        Target::Actor(_) => true,
    })
}

/// Whether the place `id`, called `key`, is known well enough to be meant
/// whatever the tagger read: a country, division or region, a city (of
/// [`CITY`]) by any of its names, a big town (of [`BIG_TOWN`]) by its own
/// name, or a town of a war's coverage ([`PlaceRecord::noted`]) by its own
/// name where it is the likeliest place of that name.
/// "Frankfurt" is Frankfurt am Main, but "Drug" in "Food and Drug
/// Administration" is no Durg, which GeoNames also calls Drug, and "Chi"
/// in "Chi-cheng" no Jizhou.
fn is_well_known_place(names: &Names, id: u32, key: &str) -> bool {
    names.is_strong_place(id)
        || names.place(id).is_some_and(|p| {
            p.population >= CITY
                || (p.population >= BIG_TOWN && is_key_of(&p.name, key))
                || is_war_town_by_its_name(names, p, key)
        })
}

/// By which of its names a town of a war's coverage is meant where the
/// tagger read something else ([`war_town`]).
#[derive(Debug, Clone, Copy)]
enum TownName {
    /// By its own name only, whatever the tagger read, and where it read
    /// no name at all ("Israeli troops stormed Tulkarm.", which the tagger
    /// left untagged at the sentence's end).
    Own,
    /// By any of its names: after "in" or "near" ("fighting went on in
    /// Salah Eddin").
    Any,
}

/// Whether one of `places`, called `key`, is a town of a war's coverage
/// named as `by` says and the likeliest place of that name.
fn war_town(names: &Names, places: &[Alias], key: &str, by: TownName) -> bool {
    places.iter().any(|a| match a.target {
        Target::Place(id) => names.place(id).is_some_and(|p| match by {
            TownName::Own => is_war_town_by_its_name(names, p, key),
            TownName::Any => p.noted && is_likeliest_place(names, p, key),
        }),
        Target::Actor(_) => false,
    })
}

/// Whether `place` is a town of a war's coverage ([`PlaceRecord::noted`])
/// that `key` calls by its own name, and the likeliest place of that name.
fn is_war_town_by_its_name(names: &Names, place: &PlaceRecord, key: &str) -> bool {
    place.noted && is_key_of(&place.name, key) && is_likeliest_place(names, place, key)
}

/// Whether no other place that `key` names is likelier (by prior) than
/// `place`: a town of a war's coverage outweighs the tagger only where it
/// is the name's likeliest place, and so the one meant ("Madaya evacuees"
/// alone would be of Madaya in Myanmar, bigger than Syria's).
fn is_likeliest_place(names: &Names, place: &PlaceRecord, key: &str) -> bool {
    names.lookup(key).iter().all(|a| match a.target {
        Target::Place(id) => names
            .place(id)
            .is_none_or(|other| other.prior() <= place.prior()),
        Target::Actor(_) => true,
    })
}

/// Whether `key` calls the place `id` by one of its alternate names and the
/// place is a town (no country, division or region) and no capital.
fn names_a_town_by_an_alternate(names: &Names, id: u32, key: &str) -> bool {
    !names.is_strong_place(id)
        && names
            .place(id)
            .is_some_and(|p| !p.capital && !is_key_of(&p.name, key))
}

/// `aliases` without the places that the name calls only by one of their
/// alternate names when a place an order of magnitude bigger (by prior:
/// level, population) has it as its own: "Washington" is the capital,
/// never Watervliet, New York, whatever else of New York the article
/// names, and "Moscow" the city, not its oblast; "Canton" stays
/// Guangzhou, bigger than Canton, Ohio, and "New York" may be the city
/// (GeoNames' "New York City"), as big as the state.
fn without_lesser_alternates(names: &Names, key: &str, aliases: Vec<Alias>) -> Vec<Alias> {
    if aliases.len() < 2 {
        return aliases;
    }
    // Per alias: whether it is a place named by its own name, and its prior.
    let judged: Vec<(bool, f64)> = aliases
        .iter()
        .map(|a| match a.target {
            Target::Place(id) => names
                .place(id)
                .map_or((false, f64::MIN), |p| (is_key_of(&p.name, key), p.prior())),
            Target::Actor(_) => (false, f64::MIN),
        })
        .collect();
    let biggest_own = judged
        .iter()
        .filter(|(own, _)| *own)
        .map(|&(_, prior)| prior)
        .max_by(f64::total_cmp);
    let Some(biggest_own) = biggest_own else {
        return aliases;
    };
    aliases
        .into_iter()
        .zip(judged)
        .filter(|(a, (own, prior))| {
            matches!(a.target, Target::Actor(_)) || *own || prior + ALTERNATE_MARGIN > biggest_own
        })
        .map(|(a, _)| a)
        .collect()
}

/// Whether a hyphenated word says where a body is based: "Britain-based",
/// "New York-based" (of which it is the second word).
fn is_where_based(word: &str) -> bool {
    word.rsplit_once('-')
        .is_some_and(|(_, last)| last.eq_ignore_ascii_case("based"))
}

/// Known countries, regions, well-known towns ([`is_well_known_place`])
/// and actors inside a hyphenated word ("Ukraine-Russia border",
/// "Iran-backed"), its first part read with the word before when the two
/// are a known name ("New York-born"; `previous`). A word after an
/// Arabic article is read with it first ("al-Mayadin" is Al Mayadin, a
/// name of Mayadin); alone it is a town only by the town's own name and
/// only where no capitalised name word comes before, which would make it
/// the end of a longer name: "Sami Al-Ahmad" names no Ahmad (an alternate
/// name of Al Ahmadi in Kuwait), "Maara Al-Numan" no Numan in Nigeria,
/// but "Syrian Al-Raqqa province" is Raqqa and "Al-Nusra-affiliated" the
/// Nusra Front.
fn hyphen_parts(names: &Names, previous: Option<&str>, word: &str) -> Vec<Evidence> {
    let mut found = Vec::new();
    let ends_a_name = previous.is_some_and(|p| {
        let key = fold(p);
        is_capitalized(p) && !is_all_caps(p) && !is_common_word(&key) && !is_demonym(&key)
    });
    let mut article: Option<String> = None;
    for (at, part) in word.split('-').enumerate() {
        let folded = fold(part);
        let after_article = article.take();
        let follows_article = after_article.is_some();
        if matches!(folded.as_str(), "al" | "el") {
            article = Some(folded);
            continue;
        }
        if !is_capitalized(part) || names_no_place_alone(&folded) {
            continue;
        }
        let caps = part.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
        // "New York-born": the first part ends a name the word before
        // begins, which is the name meant, not York in England.
        let longer = previous
            .filter(|p| at == 0 && is_capitalized(p))
            .map(|p| format!("{} {}", fold(p), folded))
            .or_else(|| after_article.map(|article| format!("{article} {folded}")))
            .filter(|longer| !names.lookup(longer).is_empty());
        // After an article: no town at the end of a longer name, else one
        // the two words name together ("al-Mayadin" is Al Mayadin, a name
        // of Mayadin, and well known as Mayadin is) or the word by the
        // town's own name.
        let no_town = follows_article && ends_a_name;
        let town_by_own_name_only = follows_article && longer.is_none();
        let bare = follows_article.then(|| folded.clone());
        let key = longer.unwrap_or(folded);
        let well_known = |id: u32| {
            is_well_known_place(names, id, &key)
                || bare
                    .as_deref()
                    .is_some_and(|bare| is_well_known_place(names, id, bare))
        };
        // "Euro-Yen", "PRE-APPROVED": a common word names a place here only
        // as the place's own name, not as an alternate (Vĩnh Yên's "Yen",
        // Prato's "Pre"); "US-led" by its acronym.
        let common_word = is_common_word(&key);
        let aliases: Vec<Alias> = names
            .lookup(&key)
            .into_iter()
            .filter(|a| !a.acronym || caps)
            .filter(|a| match a.target {
                Target::Place(id) if common_word && !a.acronym => {
                    names.place(id).is_some_and(|p| is_key_of(&p.name, &key))
                }
                _ => true,
            })
            .filter(|a| match a.target {
                Target::Place(id) => {
                    names.is_strong_place(id)
                        || (well_known(id)
                            && !no_town
                            && (!town_by_own_name_only
                                || names.place(id).is_some_and(|p| is_key_of(&p.name, &key))))
                }
                Target::Actor(_) => true,
            })
            .collect();
        if !aliases.is_empty() {
            found.push(Evidence::Known(aliases));
        }
    }
    found
}

/// The parts of tagger span `start..end` that can be a name: tokens not
/// already explained by a known name, split at lower-case words (other than
/// particles such as "of" or "von") and trimmed of role words, demonyms and
/// other noise at both ends. An organisation keeps a leading demonym
/// ("Syrian Observatory for Human Rights") or capitalised particle ("Al
/// Masdar News") when real name words follow.
fn name_runs(
    sentence: &Sentence,
    words: &[&str],
    covered: &[bool],
    (start, end): (usize, usize),
    kind: EntityType,
) -> Vec<(usize, usize)> {
    let noise =
        |i: usize| is_noise_word(words[i], sentence.key(i)) || is_name_particle(sentence.key(i));
    let mut runs = Vec::new();
    let mut run_start = start;
    for i in start..=end {
        // "Ras al-Ain", "Bashar al-Assad": a name with its article in lower
        // case goes on the name.
        let breaks = i == end
            || covered[i]
            || is_possessive(words[i])
            || (!is_capitalized(words[i])
                && !words[i].starts_with(|c: char| c.is_ascii_digit())
                && !is_name_particle(sentence.key(i))
                && !is_name_with_joined_article(words[i]));
        if !breaks {
            continue;
        }
        let (mut a, mut b) = (run_start, i);
        // "Abu Hassan", "Abu Kamal": a person's or a place's first word,
        // not Hassan in India.
        let is_kunya = |a: usize| {
            matches!(sentence.key(a), "abu" | "umm") && is_capitalized(words[a]) && a + 1 < b
        };
        // "Syrian Observatory …", "Al Masdar News": an organisation's first
        // word, not noise before it, nor one before a body's head word that
        // would be left alone ("National Bank", "Defense Department");
        // "Al Maleh": a place's Arabic article.
        let keeps_first = |a: usize| match kind {
            EntityType::Person => is_kunya(a),
            EntityType::Organisation => {
                is_demonym(sentence.key(a))
                    || (b == a + 2
                        && is_capitalized(words[a])
                        && is_organisation_head(sentence.key(a + 1)))
                    || (is_name_particle(sentence.key(a))
                        && !is_function_word(sentence.key(a))
                        && is_capitalized(words[a])
                        && a + 1 < b)
            }
            EntityType::Location => {
                (matches!(sentence.key(a), "al" | "el") && is_capitalized(words[a]) && a + 1 < b)
                    || is_kunya(a)
            }
            _ => false,
        };
        // "New York Times": a known name of several words opens the run
        // ("New York"), and its first word is no noise there.
        let opens_known_name = |a: usize| {
            sentence
                .matches()
                .iter()
                .any(|m| m.start == a && m.end > a + 1 && m.end <= b)
        };
        while a < b && noise(a) && !keeps_first(a) && !opens_known_name(a) {
            a += 1;
        }
        // "Civil Defence": an organisation's last word.
        let keeps_last = |b: usize| {
            kind == EntityType::Organisation
                && b > a + 1
                && is_department_word(sentence.key(b - 1))
                && is_capitalized(words[b - 1])
        };
        while b > a && noise(b - 1) && !keeps_last(b) {
            b -= 1;
        }
        if (a..b).any(|j| !noise(j)) {
            runs.push((a, b));
        }
        run_start = i + 1;
    }
    runs
}

/// `key` without the final "s" of a possessive that lost its apostrophe
/// ("syrias" → "syria"), when it could be one: a word of four letters or
/// more ending in a single "s".
fn possessive_without_apostrophe(key: &str) -> Option<&str> {
    let name = key.strip_suffix('s')?;
    (name.chars().count() >= 3 && !name.ends_with('s')).then_some(name)
}

/// The known names a span keyed `key` stands for if it is a possessive that
/// lost its apostrophe ("Syrias government", "Al-Qaedas affiliate"), as
/// scraped or converted text often has; none if it cannot be one. Only
/// names a writer puts in the possessive and that no surname or plural is
/// likely to end in: countries, capitals and cities, and organisations
/// ("Stores" is not Store, a town in Slovenia; "the Carolinas" are not
/// Carolina, Puerto Rico; "Jacobs" is not Jacob).
fn names_without_apostrophe(names: &Names, key: &str) -> Vec<Alias> {
    lookup_without_apostrophe(names, key)
        .into_iter()
        .filter(|a| match a.target {
            Target::Place(id) => names
                .place(id)
                .is_some_and(|p| p.kind == PlaceKind::Country || p.capital || p.population >= CITY),
            Target::Actor(id) => names
                .actor(id)
                .is_some_and(|a| a.kind == ActorKind::Organisation),
        })
        .collect()
}

/// Every known name `key` ends if it is a possessive that lost its
/// apostrophe ([`possessive_without_apostrophe`]); none if it cannot be one.
fn lookup_without_apostrophe(names: &Names, key: &str) -> Vec<Alias> {
    possessive_without_apostrophe(key).map_or_else(Vec::new, |name| names.lookup(name))
}

/// The most words, particles aside, that a name the tagger finds may have:
/// "National Coalition for Syrian Revolutionary and Opposition Forces" has
/// six.
const MAX_NAME_WORDS: usize = 6;

/// Turns a cleaned tagger span into evidence: a known name if it is one
/// (of the tagged kind), else a new actor or place.
fn judge_span(
    names: &Names,
    sentence: &Sentence,
    words: &[&str],
    (start, end): (usize, usize),
    kind: EntityType,
    actor_words: &ActorWords,
) -> Option<Evidence> {
    let key = (start..end)
        .map(|i| sentence.key(i))
        .collect::<Vec<_>>()
        .join(" ");
    if names_a_street(sentence, words, end)
        || (end - start == 1 && names_a_time_zone(sentence, words, start))
    {
        return None;
    }
    let in_a_longer_name = end - start == 1 && in_a_longer_arabic_name(sentence, words, start);
    // "Hotels Corporate About TRT World Careers Press Releases …": a page's
    // menu, not a name.
    let name_words = (start..end)
        .filter(|&i| !is_name_particle(sentence.key(i)))
        .count();
    if name_words > MAX_NAME_WORDS {
        return None;
    }
    // "God willing", "God is greatest": invoked in quotes, not an actor of
    // the story. Longer names keep the word ("Party of God"). Nor is a
    // greeting ("Hello, this is Helen Livingstone").
    let one_word = end - start == 1;
    if one_word
        && (matches!(
            key.as_str(),
            "god" | "allah" | "hello" | "hi" | "welcome" | "goodbye" | "thanks"
        ) || is_feast_word(&key))
    {
        return None;
    }
    // What is left of "Northern Syria" once Syria is known: no name, and
    // not Ghana's Northern Region either. A building's word may still be
    // the tagger's organisation ("the House voted"), never a place.
    let building = one_word && is_building_word(&key);
    if one_word && names_no_place_alone(&key) && (!building || kind == EntityType::Location) {
        return None;
    }
    let mut known = names.lookup(&key);
    if building {
        known.retain(|a| matches!(a.target, Target::Actor(_)));
    }
    if one_word {
        if let Some(kept) = without_towns_named_in_a_landmark(names, sentence, words, start, &known)
        {
            known = kept;
        }
    }
    if in_a_longer_name {
        // One word of a longer name is only an actor or a country, division
        // or region the lists know by it, never a town nor a new name.
        known.retain(|a| match a.target {
            Target::Place(id) => names.is_strong_place(id),
            Target::Actor(_) => true,
        });
        if known.is_empty() {
            return None;
        }
    }
    if end - start == 1 {
        let dot_after = words.get(end) == Some(&".");
        if let Some(kept) =
            without_common_word_alternates(names, words[start], &key, dot_after, &known)
        {
            known = kept;
        }
    }
    // "Al Nusra Front" is the known Nusra Front; an unknown name keeps its
    // particle ("Al Masdar News").
    if known.is_empty() && end - start > 1 && is_name_particle(sentence.key(start)) {
        let without = key.split_once(' ').map_or("", |(_, rest)| rest);
        if !names.lookup(without).is_empty() {
            return judge_span(names, sentence, words, (start + 1, end), kind, actor_words);
        }
    }
    // Not for a person (the tagger's "Chiles" is the senator) nor a word in
    // capitals ("SANAs" is the Syrian agency, not Sanaa).
    let mut lost_apostrophe = false;
    if known.is_empty() && kind != EntityType::Person && !is_all_caps(words[end - 1]) {
        known = names_without_apostrophe(names, &key);
        if known.is_empty() && end - start == 1 {
            known = organisation_of_acronym_possessive(names, words[start]);
        }
        lost_apostrophe = !known.is_empty();
    }
    // But a known person's full name is ("Bashar al-Assads regime").
    if known.is_empty() && kind == EntityType::Person && end - start > 1 {
        let is_person = |a: &Alias| match a.target {
            Target::Actor(id) => names
                .actor(id)
                .is_some_and(|actor| actor.kind == ActorKind::Person),
            Target::Place(_) => false,
        };
        known = lookup_without_apostrophe(names, &key)
            .into_iter()
            .filter(is_person)
            .collect();
        // Nor is one written with a middle initial ("Antony J. Blinken",
        // "Sergey V. Lavrov") another person.
        if known.is_empty() {
            if let Some(without) = without_middle_initials(&key) {
                known = names
                    .lookup(&without)
                    .into_iter()
                    .filter(is_person)
                    .collect();
            }
        }
    }
    let wanted: Vec<Alias> = known
        .iter()
        .copied()
        .filter(|a| {
            matches!(
                (kind, a.target),
                (EntityType::Location, Target::Place(_))
                    | (
                        EntityType::Person | EntityType::Organisation,
                        Target::Actor(_)
                    )
            )
        })
        .collect();
    if !wanted.is_empty() {
        return Some(Evidence::Known(without_lesser_alternates(
            names, &key, wanted,
        )));
    }
    // The tagger may have typed such a word wrongly too.
    if lost_apostrophe {
        return Some(Evidence::Known(known));
    }
    // The tagger confused a well-known place for an actor; but a person's
    // one name is a town only by the town's own name, or a capital by any
    // ("Kiev"): "a witness named Ahmad" is no Al Ahmadi in Kuwait, which
    // GeoNames also calls Ahmad.
    let well_known_place = known.iter().any(|a| match a.target {
        Target::Place(id) => {
            is_well_known_place(names, id, &key)
                && !(kind == EntityType::Person
                    && one_word
                    && names_a_town_by_an_alternate(names, id, &key))
        }
        Target::Actor(_) => false,
    });
    let short_name = end - start == 1 && actor_words.short_name(names, &key, &known).is_some();
    if well_known_place && !short_name {
        let places = known
            .into_iter()
            .filter(|a| matches!(a.target, Target::Place(_)))
            .collect();
        return Some(Evidence::Known(without_lesser_alternates(
            names, &key, places,
        )));
    }
    // A lone sentence-initial word the tagger liked is too often just a capitalised word.
    if end - start == 1 && sentence.starts_sentence(start) && kind != EntityType::Person {
        return None;
    }
    if end - start == 1
        && (is_thoroughfare_word(sentence.key(start)) || is_company_suffix(sentence.key(start)))
    {
        return None;
    }
    let text = words[start..end].join(" ");
    match kind {
        EntityType::Person => Some(Evidence::NewPerson(
            words[start..end].iter().map(|w| w.to_string()).collect(),
        )),
        EntityType::Organisation => Some(Evidence::NewOrganisation(text)),
        EntityType::Location => {
            let next_known = || {
                let state = state_abbreviation(words, end + 1).map(|state| us_state(names, state));
                match state {
                    Some(state) if !state.is_empty() => Some(state),
                    _ => sentence
                        .matches()
                        .iter()
                        .find(|m| m.start == end + 1)
                        .map(|m| m.aliases.clone()),
                }
            };
            let within = match words.get(end) {
                Some(&",") => next_known().unwrap_or_default(),
                _ => Vec::new(),
            };
            // The word before the name, over an Arabic article standing
            // apart ("in al Maleh").
            let before = match start.checked_sub(1) {
                Some(at) if matches!(words[at], "Al" | "al") => at.checked_sub(1),
                at => at,
            };
            Some(Evidence::NewPlace {
                name: with_joined_article(words, start, text),
                within,
                beside: false,
                cued: before.is_some_and(|at| is_locative_cue(sentence.key(at))),
            })
        }
        EntityType::Misc => None,
    }
}

/// A new place's name `text`, of the tokens from `start`, with the Arabic
/// article that leads it or stands right before it joined to it as the
/// wires mostly write it: "Al Maleh", "al Maleh" and "Al-Maleh" are all
/// "Al-Maleh", so that one village is one facet value however an outlet
/// spaced it. Not "El", which is Spanish as often ("El Salado").
fn with_joined_article(words: &[&str], start: usize, text: String) -> String {
    let is_article = |word: &str| matches!(word, "Al" | "al");
    if let Some((first, rest)) = text.split_once(' ') {
        if is_article(first) && !rest.is_empty() {
            return format!("Al-{rest}");
        }
    }
    match start.checked_sub(1).map(|before| words[before]) {
        Some(before) if is_article(before) => format!("Al-{text}"),
        _ => match text.strip_prefix("al-") {
            Some(rest) => format!("Al-{rest}"),
            None => text,
        },
    }
}

/// A one-word name in no list that is a possessive which lost its
/// apostrophe ("Aleppos outskirts", "Assads forces", "Idlibs countryside",
/// as scraped text often has) is the name it ends when the article also
/// names that entity plainly, whatever the tagger took it for, or when
/// that entity is a known organisation ("SANAs reporter", "al-Qaedas
/// affiliate"; an acronym only from capitals, so "NGOs" stays a plural).
/// Without that evidence it stays what it was: "Chiles" is the senator in
/// an article that never names Chile.
fn restore_possessives(names: &Names, mentions: &mut [Evidence]) {
    let named: FxHashSet<Target> = mentions
        .iter()
        .filter_map(|m| match m {
            Evidence::Known(aliases) => Some(aliases.iter().map(|a| a.target)),
            _ => None,
        })
        .flatten()
        .collect();
    for mention in mentions.iter_mut() {
        // A known actor's name of several words with an "s" run on
        // ("Donald Trumps new abortion policies") is that actor: no name
        // of several words ends so by chance.
        let several_words = match mention {
            Evidence::NewPerson(words) if words.len() > 1 => Some(words.join(" ")),
            Evidence::NewOrganisation(name) if name.contains(' ') => Some(name.clone()),
            _ => None,
        };
        if let Some(name) = several_words {
            let actors: Vec<Alias> = lookup_without_apostrophe(names, &name_key(&name))
                .into_iter()
                .filter(|a| matches!(a.target, Target::Actor(_)) && !a.acronym)
                .collect();
            if !actors.is_empty() {
                *mention = Evidence::Known(actors);
            }
            continue;
        }
        let word = match mention {
            Evidence::NewPerson(words) if words.len() == 1 => &words[0],
            Evidence::NewOrganisation(name) | Evidence::NewPlace { name, .. }
                if !name.contains(' ') =>
            {
                name
            }
            _ => continue,
        };
        let capitals = word
            .strip_suffix('s')
            .is_some_and(|stem| stem.len() > 1 && is_all_caps(stem));
        let is_organisation = |target: Target| match target {
            Target::Actor(id) => names
                .actor(id)
                .is_some_and(|actor| actor.kind == ActorKind::Organisation),
            Target::Place(_) => false,
        };
        let plainly_named: Vec<Alias> = lookup_without_apostrophe(names, &fold(word))
            .into_iter()
            .filter(|a| !a.acronym || capitals)
            .filter(|a| named.contains(&a.target) || is_organisation(a.target))
            .collect();
        if !plainly_named.is_empty() {
            *mention = Evidence::Known(plainly_named);
        }
    }
}

/// Links short person mentions to a full name in the same article:
/// "Kushner" → Jared Kushner, "Ushakov" → Yuri Ushakov, "Abdel Rahman" →
/// Rami Abdel Rahman. A single word that the tagger took for a place or
/// organisation is linked too when it is the surname of a person named in
/// the article.
fn link_people(names: &Names, mentions: &mut [Evidence]) {
    let mut known_people: Vec<(Alias, String)> = Vec::new();
    let mut new_people: Vec<Vec<String>> = Vec::new();
    for mention in mentions.iter() {
        match mention {
            Evidence::Known(aliases) => {
                for alias in aliases {
                    if let Target::Actor(id) = alias.target {
                        if let Some(actor) = names.actor(id).filter(|a| a.kind == ActorKind::Person)
                        {
                            known_people.push((*alias, actor.name.clone()));
                        }
                    }
                }
            }
            Evidence::NewPerson(words) if words.len() > 1 => new_people.push(words.clone()),
            _ => {}
        }
    }
    let known_folded: Vec<Vec<String>> = known_people
        .iter()
        .map(|(_, name)| folded_words(name))
        .collect();
    let new_folded: Vec<Vec<String>> = new_people
        .iter()
        .map(|words| folded_words(&words.join(" ")))
        .collect();
    for mention in mentions.iter_mut() {
        if let Evidence::NewPerson(words) = mention {
            if words.len() > 1 {
                let short = folded_words(&words.join(" "));
                let ends = |full: &Vec<String>| is_proper_suffix(&short, full);
                if let Some(at) = known_folded.iter().position(ends) {
                    *mention = Evidence::Known(vec![known_people[at].0]);
                } else if let Some(at) = new_folded.iter().position(ends) {
                    *mention = Evidence::NewPerson(new_people[at].clone());
                }
                continue;
            }
        }
        let single = match mention {
            Evidence::NewPerson(words) if words.len() == 1 => words[0].clone(),
            Evidence::NewOrganisation(name) | Evidence::NewPlace { name, .. }
                if !name.contains(' ') =>
            {
                name.clone()
            }
            _ => continue,
        };
        let key = fold(&single);
        let same_word = |name: &str| name.split(' ').any(|w| fold(w) == key);
        if let Some((alias, _)) = known_people.iter().find(|(_, name)| same_word(name)) {
            *mention = Evidence::Known(vec![*alias]);
        } else if let Some(full) = new_people
            .iter()
            .find(|words| words.iter().any(|w| fold(w) == key))
        {
            *mention = Evidence::NewPerson(full.clone());
        }
    }
}

/// The folded words of a name, split at spaces and hyphens: "Al-Masdar
/// News" → al, masdar, news.
fn folded_words(name: &str) -> Vec<String> {
    name.split([' ', '-'])
        .filter(|w| !w.is_empty())
        .map(fold)
        .collect()
}

/// Whether `short` is the end of `full` and shorter: "Abdel Rahman" of
/// "Rami Abdel Rahman".
fn is_proper_suffix(short: &[String], full: &[String]) -> bool {
    short.len() < full.len() && full.ends_with(short)
}

/// Whether `short` is a run of consecutive words of `full`, and shorter,
/// and not only function words: "Observatory" of "Syrian Observatory for
/// Human Rights", "Masdar News" of "Al-Masdar News".
fn is_part_of(short: &[String], full: &[String]) -> bool {
    short.len() < full.len()
        && !short.iter().all(|w| is_function_word(w))
        && full.windows(short.len()).any(|run| run == short)
}

/// An organisation's full name as the article gives it, which shorter
/// mentions may stand for ([`link_organisations`]).
struct FullName {
    /// Where in the article's mentions it is.
    at: usize,
    /// Its folded words.
    words: Vec<String>,
    /// What a shorter mention linked to it becomes.
    evidence: Evidence,
    /// Whether a list has it.
    known: bool,
}

impl FullName {
    /// Whether the folded words `short` of a mention stand for this name:
    /// a run of its words. A place in no list (`as_place`) stands only for
    /// an organisation that is surely one — known, or named as a body's or
    /// company's name ends — and for a body's first word only if a company's:
    /// "Fairchild" of "Fairchild Industries Inc", but not "Tokhar" of
    /// "Tokhar Martyrs Brigade", named after the village, nor "Housh" of the
    /// tagger's run of villages "Housh Salhiya Nishabiya".
    fn is_shortened_to(&self, short: &[String], as_place: bool) -> bool {
        let allowed = !as_place
            || match self.words.last() {
                Some(last) if is_company_suffix(last) => true,
                Some(last) if self.known || is_organisation_head(last) => {
                    self.words.first().map(String::as_str) != short.first().map(String::as_str)
                }
                _ => false,
            };
        allowed && is_part_of(short, &self.words)
    }

    /// Whether `acronym` (folded) is made of the initials of this name's
    /// words, leaving out "of", "for", "the" and the like: "IS" of Islamic
    /// State, "SOHR" of the Syrian Observatory for Human Rights.
    fn has_initials(&self, acronym: &str) -> bool {
        let initials: String = self
            .words
            .iter()
            .filter(|w| !is_function_word(w))
            .filter_map(|w| w.chars().next())
            .collect();
        initials.chars().count() >= 2 && initials == acronym
    }
}

/// Links short organisation mentions to the longer name of an organisation
/// the same article names: "the Observatory" after the Syrian Observatory
/// for Human Rights, "Masdar News" beside Al-Masdar News. A writer shortens
/// a name they have given, or will give, in full; the nearest full name
/// before the mention wins, else the first after it. So is a one-word place
/// in no list that nothing marks as a place (no "in" or "village of" before
/// it, no place named after it), for the tagger reads many a short name as
/// one: "the Observatory said", "Fairchild said" after Fairchild Industries
/// Inc, "Stearns" of Bear Stearns ([`FullName::is_shortened_to`]). And so
/// is an acronym the article never spells out, for the body whose initials
/// it has: "the SEC" after the Securities and Exchange Commission
/// ([`FullName::has_initials`]).
fn link_organisations(names: &Names, mentions: &mut [Evidence]) {
    let mut full_names: Vec<FullName> = Vec::new();
    for (at, mention) in mentions.iter().enumerate() {
        match mention {
            // A cited outlet stands for its short mentions too, which are
            // cited with it ("the New York Times said … the Times said").
            Evidence::Known(aliases) | Evidence::Cited(aliases) => {
                let cited = matches!(mention, Evidence::Cited(_));
                for alias in aliases {
                    if let Target::Actor(id) = alias.target {
                        if let Some(actor) = names
                            .actor(id)
                            .filter(|a| a.kind == ActorKind::Organisation)
                        {
                            full_names.push(FullName {
                                at,
                                words: folded_words(&actor.name),
                                evidence: if cited {
                                    Evidence::Cited(vec![*alias])
                                } else {
                                    Evidence::Known(vec![*alias])
                                },
                                known: true,
                            });
                        }
                    }
                }
            }
            Evidence::NewOrganisation(name) => full_names.push(FullName {
                at,
                words: folded_words(name),
                evidence: mention.clone(),
                known: false,
            }),
            _ => {}
        }
    }
    for (at, mention) in mentions.iter_mut().enumerate() {
        let (name, as_place, as_person) = match &*mention {
            Evidence::NewOrganisation(name) => (name, false, false),
            Evidence::NewPlace {
                name,
                within,
                beside: false,
                cued: false,
            } if within.is_empty() && !name.contains(' ') => (name, true, false),
            Evidence::NewPerson(words) if words.len() == 1 => (&words[0], false, true),
            _ => continue,
        };
        let short = folded_words(name);
        // An acronym in capitals that the article never spelt out ("IS"
        // beside Islamic State), of up to six letters.
        let acronym = (!as_place
            && name.chars().count() <= 6
            && is_all_caps(name)
            && name.chars().all(char::is_alphabetic))
        .then(|| fold(name));
        // A surname alone stands only for a company named after a person:
        // "Emery said" after Emery Air Freight Corp.
        let stands_for = |full: &&FullName| {
            if as_person {
                return full
                    .words
                    .last()
                    .is_some_and(|last| is_company_suffix(last))
                    && is_part_of(&short, &full.words);
            }
            full.is_shortened_to(&short, as_place)
                || acronym
                    .as_deref()
                    .is_some_and(|acronym| full.has_initials(acronym))
        };
        let before = full_names
            .iter()
            .rev()
            .filter(|full| full.at < at)
            .find(stands_for);
        let after = || {
            full_names
                .iter()
                .filter(|full| full.at > at)
                .find(stands_for)
        };
        if let Some(full) = before.or_else(after) {
            *mention = full.evidence.clone();
        }
    }
}

/// A name the article gives a known place is that place wherever the
/// tagger took it for an actor: "Madaya evacuees said …" after "safe
/// passage out of Madaya". Towns too small to outweigh the tagger on their
/// own ([`BIG_TOWN`]) are otherwise counted as people or organisations too.
/// A name in no list that the tagger read both ways is what most of its
/// mentions say: "Kafraya" is a place after "the villages of Fuaa and
/// Kafraya" twice, "Tesla" an organisation that a stray "in Tesla" does not
/// make a place; a tie leaves both. A place the words said lay beside
/// another ("Al-Maleh north of Aleppo") is a place in every mention, and
/// mentions with and without the article are one name ("Al Maleh",
/// "Maleh").
fn keep_places_places(names: &Names, mentions: &mut [Evidence]) {
    let mut known_places: FxHashSet<u32> = FxHashSet::default();
    // Per folded name in no list: its first place mention, its first actor
    // mention, and how many mentions read it as either.
    let mut unlisted: FxHashMap<String, Readings> = FxHashMap::default();
    for mention in mentions.iter() {
        if let Evidence::Known(aliases) = mention {
            known_places.extend(aliases.iter().filter_map(|a| match a.target {
                Target::Place(id) => Some(id),
                Target::Actor(_) => None,
            }));
        } else if let Some((name, is_place)) = unlisted_name(mention) {
            let readings = unlisted.entry(unlisted_key(&name)).or_default();
            readings.beside |= matches!(mention, Evidence::NewPlace { beside: true, .. });
            let (first, count) = match is_place {
                true => (&mut readings.place, &mut readings.as_place),
                false => (&mut readings.actor, &mut readings.as_actor),
            };
            first.get_or_insert_with(|| mention.clone());
            *count += 1;
        }
    }
    for mention in mentions.iter_mut() {
        let Some((name, is_place)) = unlisted_name(mention) else {
            continue;
        };
        if !is_place {
            let same_place: Vec<Alias> = names
                .lookup(&name_key(&name))
                .into_iter()
                .filter(|a| matches!(a.target, Target::Place(id) if known_places.contains(&id)))
                .collect();
            if !same_place.is_empty() {
                *mention = Evidence::Known(same_place);
                continue;
            }
        }
        let Some(readings) = unlisted.get(&unlisted_key(&name)) else {
            continue;
        };
        if readings.beside {
            if let Some(place) = &readings.place {
                *mention = place.clone();
            }
            continue;
        }
        let majority = match readings.as_place.cmp(&readings.as_actor) {
            std::cmp::Ordering::Greater => &readings.place,
            std::cmp::Ordering::Less => &readings.actor,
            std::cmp::Ordering::Equal => &None,
        };
        if let Some(reading) = majority {
            *mention = reading.clone();
        }
    }
}

/// How the mentions of one name in no list read it.
#[derive(Default)]
struct Readings {
    /// The first mention as a place, and how many there are.
    place: Option<Evidence>,
    as_place: usize,
    /// The first mention as a person or organisation, and how many there are.
    actor: Option<Evidence>,
    as_actor: usize,
    /// Whether a mention put it beside a known place.
    beside: bool,
}

/// The key that groups the mentions of a name in no list: its folded
/// words, without a leading Arabic article ("Al-Maleh", "al Maleh" and
/// "Maleh" are one name).
fn unlisted_key(name: &str) -> String {
    let words = folded_words(name);
    let without_article = match &words[..] {
        [article, rest @ ..] if !rest.is_empty() && matches!(article.as_str(), "al" | "el") => rest,
        all => all,
    };
    without_article.join(" ")
}

/// The name of a mention in no list, and whether it reads as a place;
/// none for a known name.
fn unlisted_name(mention: &Evidence) -> Option<(String, bool)> {
    match mention {
        Evidence::NewPerson(words) => Some((words.join(" "), false)),
        Evidence::NewOrganisation(name) => Some((name.clone(), false)),
        Evidence::NewPlace { name, .. } => Some((name.clone(), true)),
        Evidence::Known(_) | Evidence::Cited(_) => None,
    }
}

/// The place a set of candidates most likely means, given the other places
/// of the article: prior (size, level) plus a bonus for every other mention
/// that encloses it or lies within it, smaller for a country around it
/// ([`support_weight`]); between towns of one name, their renown too
/// ([`best_of`]).
fn choose_place(
    names: &Names,
    candidates: &[u32],
    context: &PlaceContext,
    own: usize,
) -> Option<u32> {
    let scored: Vec<(u32, f64)> = candidates
        .iter()
        .copied()
        .map(|id| {
            let prior = names.place(id).map_or(0.0, |p| p.prior());
            let mut supporters = context.related_elsewhere(names, id, own);
            supporters.sort_unstable();
            supporters.dedup();
            // The weightiest supporters, at most MAX_CONTEXT_SUPPORT.
            let mut weightiest = [0.0f64; MAX_CONTEXT_SUPPORT];
            for other in supporters {
                let weight = support_weight(names, other, id);
                if let Some(lightest) = weightiest.iter_mut().min_by(|a, b| a.total_cmp(b)) {
                    if weight > *lightest {
                        *lightest = weight;
                    }
                }
            }
            (id, prior + weightiest.iter().sum::<f64>())
        })
        .collect();
    best_of(names, &scored)
}

/// The places an article's mentions may mean, indexed for
/// [`choose_place`], which asks of each candidate of each mention which
/// places of the other mentions enclose it or lie within it. Asked pair by
/// pair, that was quadratic in the mentions of an article, and a long
/// article names dozens of places.
struct PlaceContext {
    /// For each place some mention may mean, the first two mentions (by
    /// index) that may mean it: enough to tell whether a mention other
    /// than a given one does.
    mentioned_by: FxHashMap<u32, [Option<usize>; 2]>,
    /// For each place that encloses a place some mention may mean, those
    /// places.
    within: FxHashMap<u32, Vec<u32>>,
}

impl PlaceContext {
    /// Indexes the candidate places of every mention, by mention.
    fn of(names: &Names, mentions: &[Vec<u32>]) -> PlaceContext {
        let mut mentioned_by: FxHashMap<u32, [Option<usize>; 2]> = FxHashMap::default();
        for (mention, places) in mentions.iter().enumerate() {
            for &place in places {
                let by = mentioned_by.entry(place).or_default();
                match by {
                    [None, _] => by[0] = Some(mention),
                    [Some(first), None] if *first != mention => by[1] = Some(mention),
                    _ => {}
                }
            }
        }
        let mut within: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
        for &place in mentioned_by.keys() {
            for ancestor in names.enclosing(place).skip(1) {
                within.entry(ancestor).or_default().push(place);
            }
        }
        PlaceContext {
            mentioned_by,
            within,
        }
    }

    /// Whether a mention other than `own` may mean `place`.
    fn mentioned_elsewhere(&self, place: u32, own: usize) -> bool {
        self.mentioned_by
            .get(&place)
            .is_some_and(|by| by.iter().flatten().any(|&mention| mention != own))
    }

    /// The places other than `id` that a mention other than `own` may mean
    /// and that enclose `id` or lie within it ([`Names::encloses`]), in no
    /// order and perhaps more than once.
    fn related_elsewhere(&self, names: &Names, id: u32, own: usize) -> Vec<u32> {
        let enclosing = names.enclosing(id).skip(1);
        let inside = self.within.get(&id).into_iter().flatten().copied();
        enclosing
            .chain(inside)
            .filter(|&other| other != id && self.mentioned_elsewhere(other, own))
            .collect()
    }
}

/// The best of the scored candidates of one mention. Towns first meet each
/// other, and the one that wins meets the other places on its score alone.
/// Among the towns, the name is taken for the own name of the likeliest
/// (by prior), and if other towns bear that name too, the renown of those
/// namesakes counts ([`PlaceRecord::renown`]): Geneva, Switzerland, against
/// Geneva, Illinois, in a story that names the United States. A town that
/// bears the name only as one of its others gets nothing for being widely
/// known (Frankfort, Kentucky, against Frankfurt am Main), nor does a town
/// with no namesake (Amman, once Philadelphia, against Philadelphia).
fn best_of(names: &Names, scored: &[(u32, f64)]) -> Option<u32> {
    let best = |a: &(u32, f64), b: &(u32, f64)| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0));
    let towns: Vec<(u32, f64, &PlaceRecord)> = scored
        .iter()
        .filter_map(|&(id, score)| {
            let place = names.place(id).filter(|p| p.kind == PlaceKind::Town)?;
            Some((id, score, place))
        })
        .collect();
    let likeliest = towns
        .iter()
        .max_by(|a, b| a.2.prior().total_cmp(&b.2.prior()).then(b.0.cmp(&a.0)))
        .map(|(_, _, place)| name_key(&place.name))
        .unwrap_or_default();
    let is_namesake = |place: &PlaceRecord| is_key_of(&place.name, &likeliest);
    let contest = towns
        .iter()
        .filter(|(_, _, place)| is_namesake(place))
        .count()
        > 1;
    let with_renown =
        |&(id, score, place): &(u32, f64, &PlaceRecord)| match contest && is_namesake(place) {
            true => (id, score + place.renown()),
            false => (id, score),
        };
    let best_town = towns
        .iter()
        .max_by(|a, b| best(&with_renown(a), &with_renown(b)))
        .map(|&(id, score, _)| (id, score));
    scored
        .iter()
        .copied()
        .filter(|(id, _)| !towns.iter().any(|(town, _, _)| town == id))
        .chain(best_town)
        .max_by(best)
        .map(|(id, _)| id)
}

/// How much the article's mention of `other` supports reading a name as
/// the place `candidate`, which `other` encloses or lies within: less when
/// `other` is a country (or bigger) around it.
fn support_weight(names: &Names, other: u32, candidate: u32) -> f64 {
    let broad = names.place(other).is_some_and(|p| {
        matches!(
            p.kind,
            PlaceKind::Country | PlaceKind::Region | PlaceKind::Continent
        )
    });
    if broad && names.encloses(other, candidate) {
        COUNTRY_BONUS
    } else {
        CONTEXT_BONUS
    }
}

/// Resolves every mention and counts canonical entities.
fn tally(names: &Names, mentions: &[Evidence]) -> Entities {
    let candidates: Vec<Vec<u32>> = mentions
        .iter()
        .map(|m| match m {
            Evidence::Known(aliases) => place_targets(aliases),
            Evidence::NewPlace { within, .. } => place_targets(within),
            _ => Vec::new(),
        })
        .collect();
    let context = PlaceContext::of(names, &candidates);

    let mut actors: Counter<Actor> = Counter::default();
    let mut places: Counter<Place> = Counter::default();
    let mut unplaced: Vec<(usize, String, Vec<u32>, bool)> = Vec::new();
    let mut countries: Counter<u32> = Counter::default();
    for (i, mention) in mentions.iter().enumerate() {
        match mention {
            Evidence::Known(aliases) => {
                if let Some(id) = choose_place(names, &candidates[i], &context, i) {
                    places.add(
                        Place {
                            name: names.place(id).map(|p| p.name.clone()).unwrap_or_default(),
                            path: names.path(id),
                        },
                        i,
                    );
                    if let Some(country) = country_of(names, id) {
                        countries.add(country, i);
                    }
                } else if let Some(actor) = aliases.iter().find_map(|a| match a.target {
                    Target::Actor(id) => names.actor(id),
                    Target::Place(_) => None,
                }) {
                    actors.add(
                        Actor {
                            name: actor.name.clone(),
                            kind: actor.kind,
                        },
                        i,
                    );
                }
            }
            Evidence::NewPerson(words) => {
                actors.add(
                    Actor {
                        name: words.join(" "),
                        kind: ActorKind::Person,
                    },
                    i,
                );
            }
            Evidence::NewOrganisation(name) => {
                actors.add(
                    Actor {
                        name: name.clone(),
                        kind: ActorKind::Organisation,
                    },
                    i,
                );
            }
            Evidence::NewPlace {
                name,
                within,
                beside,
                ..
            } => unplaced.push((i, name.clone(), place_targets(within), *beside)),
            // Dropped once its short mentions were linked to it.
            Evidence::Cited(_) => {}
        }
    }
    // New places go under the place named right after them (beside a town:
    // under the town's division), else under the
    // article's most-mentioned country (of two as often, the one named
    // first: the title is read first), else stand alone.
    let main_country = countries.ranked().first().copied();
    for (i, name, within, beside) in unplaced {
        let chosen = choose_place(names, &within, &context, i);
        let parent = match chosen.and_then(|id| names.place(id)) {
            Some(place) if beside && place.kind == PlaceKind::Town => place.parent,
            _ => chosen,
        }
        .or(main_country);
        let mut path = parent.map(|id| names.path(id)).unwrap_or_default();
        path.push(name.clone());
        places.add(Place { name, path }, i);
    }
    // One name, one actor: when the tagger called the same new name a person
    // here and an organisation there, the more frequent reading wins.
    let mut actors = actors.ranked();
    let mut seen = FxHashSet::default();
    actors.retain(|a| seen.insert(a.name.clone()));
    Entities {
        actors,
        locations: places.ranked(),
    }
}

/// The country a place lies in (itself, if it is one).
fn country_of(names: &Names, id: u32) -> Option<u32> {
    names.enclosing(id).find(|&place| {
        names
            .place(place)
            .is_some_and(|p| p.kind == PlaceKind::Country)
    })
}

/// Mention counts with first positions, for ranking.
struct Counter<T> {
    seen: FxHashMap<T, (usize, usize)>,
}

impl<T> Default for Counter<T> {
    fn default() -> Self {
        Counter {
            seen: FxHashMap::default(),
        }
    }
}

impl<T: std::hash::Hash + Eq + Clone> Counter<T> {
    fn add(&mut self, item: T, position: usize) {
        let entry = self.seen.entry(item).or_insert((0, position));
        entry.0 += 1;
    }

    /// Most-mentioned first, ties by first mention.
    fn ranked(self) -> Vec<T> {
        let mut items: Vec<(T, (usize, usize))> = self.seen.into_iter().collect();
        items.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.1 .1.cmp(&b.1 .1)));
        items.into_iter().map(|(item, _)| item).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(name: &str) -> Vec<String> {
        folded_words(name)
    }

    #[test]
    fn a_known_person_s_name_that_lost_its_apostrophe_is_that_person() {
        let names = &crate::entities::Extractor::new(None).names;
        let source = "deals between Bashar al-Assads regime and rebels";
        let tokens = tokenize(source);
        let keys = token_keys(source, &tokens);
        let starts = sentence_starts(source, &tokens);
        let sentence = Sentence::new(names, source, &tokens, keys, starts);
        let words: Vec<&str> = tokens.iter().map(|t| t.text(source)).collect();
        let judged = judge_span(
            names,
            &sentence,
            &words,
            (2, 4),
            EntityType::Person,
            &ActorWords::default(),
        );
        let Some(Evidence::Known(aliases)) = judged else {
            panic!("not a known name: {judged:?}");
        };
        let actors: Vec<&str> = aliases
            .iter()
            .filter_map(|a| match a.target {
                Target::Actor(id) => names.actor(id).map(|actor| actor.name.as_str()),
                Target::Place(_) => None,
            })
            .collect();
        assert_eq!(actors, ["Bashar al-Assad"]);
    }

    #[test]
    fn the_place_context_relates_the_places_of_other_mentions_as_pairwise_comparison_does() {
        let names = &crate::entities::Extractor::new(None).names;
        let places = |name: &str| place_targets(&names.lookup(&name_key(name)));
        let (tbilisi, georgia, atlanta) = (places("Tbilisi"), places("Georgia"), places("Atlanta"));
        assert!(
            georgia.len() >= 2,
            "the country and the US state: {georgia:?}"
        );
        let tbilisi_city = tbilisi[0];
        // Tbilisi beside Georgia in one mention: neither supports the
        // other there, as a mention does not support itself.
        let mut together = tbilisi.clone();
        together.extend(&georgia);
        let mentions = [together, georgia.clone(), atlanta, tbilisi, Vec::new()];
        let context = PlaceContext::of(names, &mentions);
        let pairwise = |id: u32, own: usize| {
            let mut related: Vec<u32> = (mentions.iter().enumerate())
                .filter(|&(mention, _)| mention != own)
                .flat_map(|(_, places)| places.iter().copied())
                .filter(|&o| o != id && (names.encloses(o, id) || names.encloses(id, o)))
                .collect();
            related.sort_unstable();
            related.dedup();
            related
        };
        let mut supported = 0;
        for (own, candidates) in mentions.iter().enumerate() {
            for &id in candidates {
                let mut related = context.related_elsewhere(names, id, own);
                related.sort_unstable();
                related.dedup();
                assert_eq!(related, pairwise(id, own), "place {id}, mention {own}");
                supported += usize::from(!related.is_empty());
            }
        }
        assert!(supported >= 4, "{supported}");
        // The country Georgia, in the first mention, has for it the
        // Tbilisi of the fourth, not the Tbilisi beside it.
        let country = georgia
            .iter()
            .copied()
            .find(|&g| names.encloses(g, tbilisi_city));
        let country = country.expect("a Georgia that encloses Tbilisi");
        assert!(context
            .related_elsewhere(names, country, 0)
            .contains(&tbilisi_city));
        let without_the_fourth = PlaceContext::of(names, &mentions[..3]);
        assert!(!without_the_fourth
            .related_elsewhere(names, country, 0)
            .contains(&tbilisi_city));
    }

    #[test]
    fn short_forms_are_runs_of_the_full_name() {
        let full = words("Syrian Observatory for Human Rights");
        assert!(is_part_of(&words("Observatory"), &full));
        assert!(is_part_of(&words("Human Rights"), &full));
        // Not in a row, not shorter, or function words alone: no.
        assert!(!is_part_of(&words("Syrian Rights"), &full));
        assert!(!is_part_of(&full, &full));
        assert!(!is_part_of(&words("for"), &full));
        // Hyphens split words as spaces do.
        assert!(is_part_of(&words("Masdar News"), &words("Al-Masdar News")));
        assert!(is_proper_suffix(
            &words("Abdel Rahman"),
            &words("Rami Abdel Rahman")
        ));
        assert!(!is_proper_suffix(
            &words("Rami Abdel"),
            &words("Rami Abdel Rahman")
        ));
        assert!(!is_proper_suffix(
            &words("Rami Abdel Rahman"),
            &words("Rami Abdel Rahman")
        ));
    }
}
