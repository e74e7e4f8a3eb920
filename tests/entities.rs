//! Actors and locations, end to end: extraction on the seed article, alias
//! and hierarchy filters, names resolved within an article, the user's own
//! entities (and articles indexed before them found again), facet counts
//! that count a story once, and no junk.

mod common;

use common::{FacetList, Spellings, Summary, Workspace};

const SEED: &str = include_str!("../corpus/000_d889c6ce5bc20b57.txt");

fn article(id: &str, title: &str, body: &str) -> String {
    serde_json::json!({"id": id, "title": title, "body": body}).to_string()
}

#[test]
fn seed_article_actors_and_places_without_junk() {
    let ws = Workspace::new();
    ws.write("seed.txt", SEED);
    ws.index();
    let seed = ws.show("corpus/seed.txt");
    for actor in [
        "Donald Trump",
        "Jared Kushner",
        "Volodymyr Zelenskyy",
        "Vladimir Putin",
        "Rustem Umerov",
        "Steve Witkoff",
        "Yuri Ushakov",
        "Emmanuel Macron",
        "Xi Jinping",
    ] {
        assert!(
            seed.actors.iter().any(|a| a == actor),
            "{actor} missing from {:?}",
            seed.actors
        );
    }
    for place in ["Ukraine", "Russia", "United States", "Florida", "Europe"] {
        assert!(
            seed.locations.iter().any(|l| l == place),
            "{place} missing from {:?}",
            seed.locations
        );
    }
    let junk = [
        "Thursday",
        "Friday",
        "President",
        "Minister",
        "Kremlin foreign affairs",
        "US Special Envoy",
        "Ukrainian",
        "Russian",
        "French",
        "Chinese",
        "Meanwhile",
        "Kushner",
        "Zelenskyy",
        "Ushakov",
        "Americans",
        "Europeans",
        "US",
    ];
    for name in seed.actors.iter().chain(&seed.locations) {
        assert!(
            !junk.contains(&name.as_str()),
            "junk value {name:?}: {:?} {:?}",
            seed.actors,
            seed.locations
        );
    }
}

#[test]
fn names_resolve_through_aliases_in_any_case() {
    let ws = Workspace::new();
    ws.write("seed.txt", SEED);
    ws.write(
        "other.jsonl",
        article(
            "o1",
            "Harvest",
            "Farmers near Lviv began the harvest early this year, officials said.",
        ),
    );
    ws.index();
    for alias in [
        "zelensky",
        "ZELENSKIY",
        "Volodymyr Zelensky",
        "putin",
        "umerov",
    ] {
        let results = ws.search("*", &["--actor", alias]);
        assert_eq!(results.total, 1, "--actor {alias}");
        assert_eq!(results.hits[0].id, "corpus/seed.txt");
    }
    assert_eq!(
        ws.search("*", &["--actor", "zelensky", "--actor", "xi jinping"])
            .total,
        1
    );
    assert_eq!(
        ws.search("*", &["--actor", "zelensky", "--location", "lviv"])
            .total,
        0
    );
}

#[test]
fn a_place_is_found_by_its_former_name_and_the_town_that_bears_a_name_today_by_it() {
    let ws = Workspace::new();
    ws.write(
        "news.jsonl",
        [
            article(
                "old",
                "Shelling in the east",
                "Shells hit Artemivsk on Tuesday, the regional governor said.",
            ),
            article(
                "new",
                "Fighting in the east",
                "Fighting raged around Bakhmut on Friday, officials said.",
            ),
            article(
                "pk",
                "Shelling overnight",
                "Residents of Pokrovsk said shelling continued overnight.",
            ),
        ]
        .join("\n"),
    );
    ws.index();
    // Artemivsk was Bakhmut's name until 2016: each name finds both.
    for typed in ["bakhmut", "artemivsk"] {
        let found = ws.search(typed, &[]);
        assert_eq!(found.total, 2, "{typed}");
        assert_eq!(found.spellings[0].name, "Bakhmut", "{typed}");
    }
    assert_eq!(ws.search("bakhmut", &["--as-typed"]).total, 1);
    // Pokrovsk is the Ukrainian town, not Engels in Russia, its name until
    // 1931: in the story, in its facet and in the filter.
    let pokrovsk = ws.search("*", &["--location", "Pokrovsk"]);
    assert_eq!(pokrovsk.total, 1);
    assert_eq!(pokrovsk.hits[0].id, "pk");
    let places: FacetList = common::parse(&ws.succeed(["facets", "location", "--json"]));
    let names: Vec<&str> = places.values.iter().map(|f| f.name.as_str()).collect();
    assert!(
        names.contains(&"Pokrovsk") && !names.contains(&"Engels"),
        "{names:?}"
    );
}

#[test]
fn a_name_finds_the_stories_that_spell_it_otherwise() {
    let ws = Workspace::new();
    ws.write(
        "news.jsonl",
        [
            article(
                "k1",
                "Drones over the capital",
                "Air defences shot down drones over Kyiv on Sunday, the city's mayor said.",
            ),
            article(
                "k2",
                "Talks in the capital",
                "Envoys met President Zelenskiy in Kiev on Monday to discuss the plan.",
            ),
            article(
                "k3",
                "Harvest in the south",
                "Farmers began the harvest early, the ministry said.",
            ),
        ]
        .join("\n"),
    );
    ws.index();
    let search = |args: &[&str]| {
        let out = ws.sitrep().arg("search").args(args).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    // Each spelling finds both stories, the other spelling marked in the
    // snippet, and a note says what else was searched.
    let (stdout, stderr) = search(&["kiev"]);
    assert!(stdout.starts_with("2 stories match"), "{stdout}");
    assert!(stdout.contains("over Kyiv on Sunday"), "{stdout}");
    assert_eq!(
        stderr,
        "note: \"kiev\" was also searched as Kyiv, another name of the place Kyiv; \
         --as-typed searches the words as typed\n"
    );
    let kyiv = ws.search("kyiv", &[]);
    assert_eq!(kyiv.total, 2);
    let with_kiev = kyiv
        .hits
        .iter()
        .find(|hit| hit.id == "k2")
        .expect("k2 found");
    assert!(
        with_kiev.snippet.contains("<b>Kiev</b>"),
        "{}",
        with_kiev.snippet
    );
    assert_eq!(
        kyiv.spellings,
        [Spellings {
            typed: "kyiv".into(),
            dimension: "location".into(),
            name: "Kyiv".into(),
            searched: vec!["Kiev".into()],
        }]
    );
    let zelensky = ws.search("zelensky", &[]);
    assert_eq!(zelensky.total, 1);
    assert_eq!(zelensky.spellings[0].dimension, "actor");
    assert_eq!(zelensky.spellings[0].name, "Volodymyr Zelenskyy");
    assert_eq!(zelensky.spellings[0].searched, ["Zelenskiy"]);
    // Excluding a name excludes every spelling of it.
    assert_eq!(ws.search("capital -kiev", &[]).total, 0);
    // As typed, a word finds only itself, and there is nothing to note.
    assert_eq!(ws.search("kiev", &["--as-typed"]).total, 1);
    assert_eq!(ws.search("zelensky", &["--as-typed"]).total, 0);
    let (stdout, stderr) = search(&["kiev", "--as-typed"]);
    assert!(stdout.starts_with("1 story match"), "{stdout}");
    assert!(stderr.is_empty(), "{stderr}");
    // Words no list knows as a name are searched as typed.
    let harvest = ws.search("harvest", &[]);
    assert_eq!((harvest.total, harvest.spellings.len()), (1, 0));
    // Facet counts take the same query.
    let facets = |args: &[&str]| -> FacetList {
        let mut all = vec!["facets", "location", "kiev", "--json"];
        all.extend_from_slice(args);
        common::parse(&ws.succeed(all))
    };
    let places = facets(&[]);
    assert_eq!((places.total, places.spellings.len()), (2, 1));
    assert_eq!(facets(&["--as-typed"]).total, 1);
}

#[test]
fn a_place_includes_everything_inside_it() {
    let ws = Workspace::new();
    ws.write(
        "news.jsonl",
        [
            article("k1", "Strike on Kharkiv", "A missile hit an apartment block in Kharkiv on Tuesday, the regional governor said."),
            article("o1", "Port of Odesa reopens", "Ships left the port of Odesa on Monday after a week of attacks."),
            article("w1", "Warsaw summit", "Leaders met in Warsaw on Monday to discuss aid."),
        ]
        .join("\n"),
    );
    ws.index();
    let ids = |args: &[&str]| {
        let mut ids: Vec<String> = ws
            .search("*", args)
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(&["--location", "Ukraine"]), ["k1", "o1"]);
    assert_eq!(ids(&["--location", "Kharkov"]), ["k1"]);
    assert_eq!(ids(&["--location", "europe"]), ["k1", "o1", "w1"]);
    assert_eq!(ids(&["--location", "Poland"]), ["w1"]);
    let kharkiv = ws.show("k1");
    assert_eq!(kharkiv.locations, ["Kharkiv"]);

    let out = ws
        .sitrep()
        .args(["facets", "location", "--under", "ukraine", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let list: FacetList = common::parse(&out.stdout);
    assert_eq!(list.dimension, "location");
    assert_eq!(
        list.under.as_deref().map(|u| u.last().map(String::as_str)),
        Some(Some("Ukraine"))
    );
    let oblasts: Vec<&str> = list.values.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(oblasts.len(), 2, "{oblasts:?}");
    assert!(
        oblasts
            .iter()
            .all(|o| o.contains("Kharkiv") || o.contains("Odes")),
        "{oblasts:?}"
    );
}

#[test]
fn a_later_short_mention_is_the_full_name() {
    let ws = Workspace::new();
    ws.write(
        "a.jsonl",
        article("a", "Envoys meet", "Jared Kushner flew to Miami on Sunday. Later Kushner told reporters that the talks had gone well."),
    );
    ws.index();
    let shown = ws.show("a");
    assert!(
        shown.actors.contains(&"Jared Kushner".to_string()),
        "{:?}",
        shown.actors
    );
    assert!(
        !shown.actors.contains(&"Kushner".to_string()),
        "{:?}",
        shown.actors
    );
}

#[test]
fn facet_counts_count_a_story_once() {
    let ws = Workspace::new();
    let body = "Drones struck an oil depot in Kharkiv overnight, the governor of the region said on Tuesday. \
                Firefighters worked through the morning to contain the blaze, and rail traffic was halted for hours.";
    ws.write(
        "news.jsonl",
        [
            article("s1", "Depot hit in Kharkiv", body),
            article("s2", "Depot hit in Kharkiv", body),
            article(
                "s3",
                "Depot ablaze",
                &format!("{body} Officials later said two workers were hurt."),
            ),
            article(
                "t1",
                "Kharkiv metro reopens",
                "The metro in Kharkiv reopened on Friday after repairs to two stations.",
            ),
        ]
        .join("\n"),
    );
    ws.index();
    let results = ws.search("kharkiv", &[]);
    assert_eq!(results.total, 2);
    let kharkiv = results
        .facets
        .location
        .iter()
        .find(|f| f.name == "Kharkiv")
        .expect("Kharkiv counted");
    assert_eq!(kharkiv.count, 2, "{:?}", results.facets);
    assert_eq!(kharkiv.path.last().map(String::as_str), Some("Kharkiv"));
    assert!(
        kharkiv.path.iter().any(|p| p == "Ukraine"),
        "{:?}",
        kharkiv.path
    );
    let all = ws.search("kharkiv", &["--all-copies"]);
    assert_eq!(
        all.facets
            .location
            .iter()
            .find(|f| f.name == "Kharkiv")
            .unwrap()
            .count,
        3
    );
    let none = ws.search("kharkiv", &["--facets", "0"]);
    assert!(none.facets.actor.is_empty() && none.facets.location.is_empty());
}

#[test]
fn users_add_their_own_actors_and_places() {
    let ws = Workspace::new();
    let entities = ws.path().join("mine.tsv");
    std::fs::write(
        &entities,
        "# kind\tname\taliases\tparent\n\
         person\tMykola Testenko\tTestenko|Col. Testenko\t\n\
         organisation\tBlue Harbour Brigade\tBHB\t\n\
         location\tNovoselivka Testova\tNovoselivka-T\tDonetsk Oblast\n",
    )
    .unwrap();
    ws.write(
        "a.jsonl",
        article(
            "a",
            "Brigade moves",
            "Col. Testenko said the BHB had pulled back from Novoselivka-T overnight.",
        ),
    );
    let entities_arg = entities.to_str().expect("a UTF-8 path");
    ws.succeed(["index", "--json", "corpus", "--entities", entities_arg]);
    let shown = ws.show("a");
    assert!(
        shown.actors.contains(&"Mykola Testenko".to_string()),
        "{:?}",
        shown.actors
    );
    assert!(
        shown.actors.contains(&"Blue Harbour Brigade".to_string()),
        "{:?}",
        shown.actors
    );
    assert!(
        shown.locations.contains(&"Novoselivka Testova".to_string()),
        "{:?}",
        shown.locations
    );
    // Kept with the index: searches resolve the user's aliases.
    assert_eq!(ws.search("*", &["--actor", "testenko"]).total, 1);
    assert_eq!(ws.search("*", &["--location", "Donetsk Oblast"]).total, 1);
    // ... and a later run without --entities still finds them.
    ws.write(
        "b.jsonl",
        article(
            "b",
            "Brigade again",
            "The BHB returned to its positions on Friday.",
        ),
    );
    ws.index();
    assert!(ws
        .show("b")
        .actors
        .contains(&"Blue Harbour Brigade".to_string()));

    std::fs::write(&entities, "person\tGood Name\t\t\nplanet\tMars\t\t\n").unwrap();
    let out = ws
        .sitrep()
        .args(["index", "corpus", "--entities"])
        .arg(&entities)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("line 2"), "{err}");
    // The message quotes its cause, once.
    assert_eq!(err.matches("unknown kind").count(), 1, "{err}");
}

#[test]
fn an_unknown_name_gets_the_closest_known_ones() {
    let ws = Workspace::new();
    ws.write("seed.txt", SEED);
    ws.index();
    let out = ws
        .sitrep()
        .args(["search", "*", "--actor", "Zelenskyyy"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("no actor is known as \"Zelenskyyy\"") && err.contains("Volodymyr Zelenskyy"),
        "{err}"
    );
    let out = ws
        .sitrep()
        .args(["search", "*", "--location", "Kharkvi"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Kharkiv"));
}

#[test]
fn facets_tell_a_person_from_an_organisation_of_the_same_name() {
    // Articles indexed before an entities file changed keep the kind they
    // got, so one name can be counted as a person and as an organisation.
    let ws = Workspace::new();
    let entities = ws.path().join("mine.tsv");
    let run = |kind: &str| {
        std::fs::write(&entities, format!("{kind}\tBlue Harbour\t\t\n")).unwrap();
        let entities_arg = entities.to_str().expect("a UTF-8 path");
        ws.succeed(["index", "--json", "corpus", "--entities", entities_arg]);
    };
    ws.write(
        "a.jsonl",
        article(
            "a",
            "Harbour",
            "Blue Harbour said on Monday that the port was shut.",
        ),
    );
    run("person");
    ws.write(
        "b.jsonl",
        article(
            "b",
            "Harbour again",
            "Blue Harbour said on Friday that the port had opened.",
        ),
    );
    run("organisation");

    let list: FacetList = common::parse(&ws.succeed(["facets", "actor", "--json"]));
    let mut kinds: Vec<(&str, Option<&str>, u64)> = list
        .values
        .iter()
        .map(|v| (v.name.as_str(), v.kind.as_deref(), v.count))
        .collect();
    kinds.sort();
    assert_eq!(
        kinds,
        [
            ("Blue Harbour", Some("organisation"), 1),
            ("Blue Harbour", Some("person"), 1)
        ]
    );
    let places: FacetList = common::parse(&ws.succeed(["facets", "location", "--json"]));
    assert!(places.values.iter().all(|v| v.kind.is_none()), "{places:?}");

    let human = String::from_utf8(ws.succeed(["facets", "actor"])).unwrap();
    assert!(human.contains("1  Blue Harbour  (person)\n"), "{human}");
    assert!(
        human.contains("1  Blue Harbour  (organisation)\n"),
        "{human}"
    );

    let results = ws.search("port", &[]);
    let mut kinds: Vec<&str> = results
        .facets
        .actor
        .iter()
        .map(|a| a.kind.as_str())
        .collect();
    kinds.sort();
    assert_eq!(kinds, ["organisation", "person"]);
    let human = String::from_utf8(ws.succeed(["search", "port"])).unwrap();
    assert!(human.contains("Blue Harbour (person, 1)"), "{human}");
    assert!(human.contains("Blue Harbour (organisation, 1)"), "{human}");

    // Once no list knows the name, a filter by it takes both kinds, in
    // any case, as a surname too.
    std::fs::write(&entities, "person\tSomeone Else\t\t\n").unwrap();
    let entities_arg = entities.to_str().expect("a UTF-8 path");
    ws.succeed(["index", "--json", "corpus", "--entities", entities_arg]);
    for name in ["Blue Harbour", "blue harbour", "harbour"] {
        assert_eq!(ws.search("*", &["--actor", name]).total, 2, "{name}");
    }
}

#[test]
fn facets_browse_the_archive() {
    let ws = Workspace::new();
    ws.write("seed.txt", SEED);
    ws.index();
    let out = ws
        .sitrep()
        .args(["facets", "actor", "--json", "--limit", "3"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let list: FacetList = common::parse(&out.stdout);
    assert_eq!(
        (
            list.dimension.as_str(),
            list.query.as_str(),
            list.total,
            list.values.len()
        ),
        ("actor", "*", 1, 3)
    );
    let human = ws.sitrep().args(["facets", "location"]).output().unwrap();
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(
        text.starts_with("locations in 1 story matching \"*\""),
        "{text}"
    );
    assert!(text.contains("Florida"), "{text}");
    // The plural, as the search output heads its facet lines, means the same.
    for (plural, singular) in [
        ("locations", "location"),
        ("places", "location"),
        ("actors", "actor"),
    ] {
        let listed = |dimension: &str| ws.succeed(["facets", dimension]);
        assert_eq!(listed(plural), listed(singular), "{plural}");
    }
    let empty = ws
        .sitrep()
        .args(["facets", "location", "--under", "Poland"])
        .output()
        .unwrap();
    assert!(String::from_utf8(empty.stdout)
        .unwrap()
        .ends_with("(none)\n"));
}

#[test]
fn a_refresh_finds_the_entities_of_articles_indexed_earlier_again() {
    let ws = Workspace::new();
    let report = |n: usize| {
        (0..3)
            .map(|i| common::paragraph("harbour", n * 10 + i))
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    let mention = "Col. Testenko said the BHB had pulled back from Novoselivka-T overnight.";
    let story = format!("{mention}\n\n{}", report(1));
    ws.write(
        "feed.jsonl",
        [
            article("a", "Brigade moves", &story),
            article("b", "Other news", &report(2)),
            // The same text again: an exact copy, which keeps none of its own.
            article("c", "Brigade moves (copy)", &story),
        ]
        .join("\n"),
    );
    assert!(!ws.index().entities_outdated);
    let before = ws.show("a");
    assert!(!before.locations.iter().any(|l| l == "Novoselivka Testova"));

    // A new entity file applies to articles indexed from now on; the index
    // says that the others' entities were found without it.
    let entities = ws.path().join("mine.tsv");
    std::fs::write(
        &entities,
        "person\tMykola Testenko\tTestenko|Col. Testenko\t\n\
         organisation\tBlue Harbour Brigade\tBHB\t\n\
         location\tNovoselivka Testova\tNovoselivka-T\tDonetsk Oblast\n",
    )
    .unwrap();
    let entities_arg = entities.to_str().expect("a UTF-8 path");
    let out = ws
        .sitrep()
        .args(["index", "--json", "corpus", "--entities", entities_arg])
        .output()
        .unwrap();
    assert!(out.status.success());
    let summary: Summary = common::parse(&out.stdout);
    assert!(summary.entities_outdated);
    let note = String::from_utf8(out.stderr).unwrap();
    assert!(note.contains("sitrep index --refresh-entities"), "{note}");
    let stats =
        |ws: &Workspace| -> common::Stats { common::parse(&ws.succeed(["stats", "--json"])) };
    assert!(stats(&ws).entities_outdated);
    let human = String::from_utf8(ws.succeed(["stats"])).unwrap();
    assert!(human.contains("actors and places   outdated"), "{human}");
    assert_eq!(ws.show("a").locations, before.locations);

    // The refresh finds them again from the index alone: the file is gone.
    std::fs::remove_file(ws.corpus().join("feed.jsonl")).unwrap();
    let refreshed: Summary = common::parse(&ws.succeed(["index", "--json", "--refresh-entities"]));
    assert_eq!(
        (
            refreshed.entities_checked,
            refreshed.entities_changed,
            refreshed.entities_outdated
        ),
        (3, 2, false),
        "b names nothing of the file and is left as it was"
    );
    assert!(!stats(&ws).entities_outdated);
    let after = ws.show("a");
    for (list, name) in [
        (&after.actors, "Mykola Testenko"),
        (&after.actors, "Blue Harbour Brigade"),
        (&after.locations, "Novoselivka Testova"),
    ] {
        assert!(list.iter().any(|n| n == name), "{name} not in {list:?}");
    }
    // Nothing but the entities changed.
    assert_eq!(
        (&after.title, &after.paragraphs, &after.story, &after.kind),
        (
            &before.title,
            &before.paragraphs,
            &before.story,
            &before.kind
        )
    );
    let copy = ws.show("c");
    assert_eq!(
        (
            copy.kind.as_str(),
            copy.copy_of.as_deref(),
            copy.story.as_str()
        ),
        ("exact", Some("a"), after.story.as_str())
    );
    assert!(copy.locations.iter().any(|l| l == "Novoselivka Testova"));
    assert_eq!(ws.search("*", &["--location", "Donetsk Oblast"]).total, 1);
    assert_eq!(ws.search("*", &[]).total, 2);

    // A refresh of an index that is not there is an error, and makes none.
    let elsewhere = ws.path().join("no-index");
    let out = ws
        .sitrep()
        .args(["index", "--refresh-entities", "--index"])
        .arg(&elsewhere)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("no index at"), "{err}");
    assert!(!elsewhere.exists());

    // Done once, not again …
    let again: Summary = common::parse(&ws.succeed(["index", "--json", "--refresh-entities"]));
    assert_eq!((again.entities_checked, again.entities_changed), (0, 0));
    let human = String::from_utf8(ws.succeed(["index", "--refresh-entities"])).unwrap();
    assert!(
        human.starts_with("actors and places are up to date"),
        "{human}"
    );
    // … and dedup still knows the refreshed article's text: a near copy
    // of it joins its story.
    let near = format!("{mention} Officials confirmed it.\n\n{}", report(1));
    ws.write("later.jsonl", article("d", "Brigade moves back", &near));
    let later = ws.index();
    assert_eq!(later.near_duplicates, 1);
    assert_eq!(ws.show("d").story, after.story);
}

#[test]
fn a_place_name_that_several_places_bear_is_the_one_the_archive_is_about() {
    let ws = Workspace::new();
    ws.write(
        "feed.jsonl",
        [
            article(
                "wb1",
                "West Bank raids",
                "Israeli troops raided homes in Bethlehem and Hebron in the occupied West Bank overnight.",
            ),
            article(
                "wb2",
                "Checkpoint closed",
                "The checkpoint north of Bethlehem in the West Bank stayed shut on Monday, Palestinian officials said.",
            ),
            article(
                "us1",
                "Polls",
                "Voters in Bethlehem, Pennsylvania, went to the polls on Tuesday.",
            ),
        ]
        .join("\n"),
    );
    ws.index();
    let placed = |id: &str| -> Vec<String> {
        let facets: FacetList = common::parse(&ws.succeed(["facets", "location", "--json", id]));
        facets.values.iter().map(|v| v.path.join("/")).collect()
    };
    let west_bank = "Asia/Palestinian Territories/West Bank/Bethlehem";
    let us = "North America/United States/Pennsylvania/Bethlehem";
    assert!(placed("id:wb1").contains(&west_bank.to_string()));
    assert!(placed("id:us1").contains(&us.to_string()));

    // Bare, the name is the Bethlehem most articles are about, and the
    // others are told.
    let bare = ws.search("*", &["--location", "Bethlehem"]);
    let ids: Vec<&str> = bare.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!((bare.total, ids.contains(&"us1")), (2, false), "{ids:?}");
    let path = |p: &str| p.split('/').map(str::to_string).collect::<Vec<_>>();
    assert_eq!(
        bare.namesakes,
        [common::Namesakes {
            typed: "Bethlehem".into(),
            chosen: common::LocationCount {
                name: "Bethlehem".into(),
                path: path(west_bank),
                count: 2
            },
            others: vec![common::LocationCount {
                name: "Bethlehem".into(),
                path: path(us),
                count: 1
            }],
        }]
    );
    let out = ws
        .sitrep()
        .args(["search", "*", "--location", "Bethlehem"])
        .output()
        .unwrap();
    let note = String::from_utf8(out.stderr).unwrap();
    assert!(
        note.contains("note: \"Bethlehem\" is taken as Bethlehem (Asia / Palestinian Territories / West Bank), 2 articles")
            && note.contains("\"Bethlehem, United States\" names it"),
        "{note}"
    );

    // Qualified, as the note says, as a path, or as the facets list it.
    for qualified in [
        "Bethlehem, United States",
        "Pennsylvania/Bethlehem",
        "Bethlehem (North America / United States / Pennsylvania)",
    ] {
        let found = ws.search("*", &["--location", qualified]);
        let ids: Vec<&str> = found.hits.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["us1"], "{qualified}");
        assert!(found.namesakes.is_empty(), "{qualified}");
    }
    assert_eq!(
        ws.search("*", &["--location", "Bethlehem, Palestine"])
            .total,
        2
    );
    let nowhere = ws
        .sitrep()
        .args(["search", "*", "--location", "Bethlehem, Kenya"])
        .output()
        .unwrap();
    assert_eq!(nowhere.status.code(), Some(1));
    // And so for the place facets are counted under.
    let under = |place: &str| -> FacetList {
        common::parse(&ws.succeed(["facets", "location", "--json", "--under", place]))
    };
    let bare_under = under("Bethlehem");
    let at = |p: &str| Some(path(p));
    assert_eq!(bare_under.under, at(west_bank));
    assert_eq!(bare_under.namesakes, bare.namesakes);
    let named_under = under("Bethlehem, United States");
    assert_eq!(
        (named_under.under, named_under.namesakes.len()),
        (at(us), 0)
    );
    // A name one place bears says nothing.
    assert!(ws
        .search("*", &["--location", "Hebron"])
        .namesakes
        .is_empty());

    // Articles written again by a refresh count once.
    let entities = ws.path().join("mine.tsv");
    std::fs::write(&entities, "location\tHebron Old City\tHebron\tWest Bank\n").unwrap();
    let entities_arg = entities.to_str().expect("a UTF-8 path");
    ws.succeed(["index", "--entities", entities_arg]);
    let refreshed: Summary = common::parse(&ws.succeed(["index", "--json", "--refresh-entities"]));
    assert!(refreshed.entities_changed > 0);
    let again = ws.search("*", &["--location", "Bethlehem"]);
    assert_eq!(again.namesakes, bare.namesakes);
}
