//! Parsing the publication dates found in articles.
//!
//! News exports write dates in many ways: RFC 3339 from APIs, RFC 2822 from
//! RSS, SQL-style timestamps from database dumps, and prose dates like
//! "5 May 2024" from hand-made files. This module accepts all the common
//! forms and normalises them to UTC, so that date facets and sorting agree.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Utc};

use crate::calendar::{MONTHS, WEEKDAYS};

/// Forms with a time and a numeric offset such as `+0200` or `+02:00`.
const WITH_OFFSET: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f %z",
    "%Y-%m-%dT%H:%M%z",
    "%Y-%m-%d %H:%M %z",
    "%Y/%m/%d %H:%M:%S %z",
    "%Y/%m/%d %H:%M %z",
    "%d %B %Y %H:%M:%S %z",
    "%d %B %Y %H:%M %z",
    "%B %d, %Y %H:%M:%S %z",
    "%B %d, %Y %H:%M %z",
];

/// Forms with a time and no offset, taken as UTC.
const NAIVE: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%d %B %Y %H:%M:%S",
    "%d %B %Y %H:%M",
    "%B %d, %Y %H:%M:%S",
    "%B %d, %Y %H:%M",
];

/// Forms with a date only, taken as midnight UTC. `%B` also accepts "May" or "Sep".
const DATE_ONLY: &[&str] = &["%Y-%m-%d", "%Y/%m/%d", "%d %B %Y", "%B %d, %Y"];

/// Years a news article can have; chrono's `%Y` also takes two digits, so
/// "May 1, 24" would otherwise be year 24.
const YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

/// Parses a publication date in any of the accepted forms, normalised to UTC.
///
/// Accepted (surrounding whitespace is ignored): RFC 3339 (`Z` or an offset,
/// with or without fractional seconds); RFC 2822; `YYYY-MM-DDTHH:MM:SS` and
/// `YYYY-MM-DD HH:MM:SS` (optional fraction; no offset means UTC);
/// `YYYY-MM-DD`; `YYYY/MM/DD`; `D Month YYYY`; `Month D, YYYY`; and those
/// with a time and an offset like `+0200`. Gives `None` for anything else,
/// and for years outside 1000–9999.
pub fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    parse_any(s.trim()).filter(|date| YEARS.contains(&date.year()))
}

/// Tries each accepted form in turn.
fn parse_any(s: &str) -> Option<DateTime<Utc>> {
    if s.is_empty() {
        return None;
    }
    if let Ok(date) = DateTime::parse_from_rfc3339(s) {
        return Some(date.to_utc());
    }
    if let Ok(date) = DateTime::parse_from_rfc2822(s) {
        return Some(date.to_utc());
    }
    if let Some(date) = WITH_OFFSET
        .iter()
        .find_map(|format| DateTime::parse_from_str(s, format).ok())
    {
        return Some(date.to_utc());
    }
    if let Some(date) = NAIVE
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(s, format).ok())
    {
        return Some(date.and_utc());
    }
    DATE_ONLY
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(s, format).ok())
        .map(|date| date.and_time(NaiveTime::MIN).and_utc())
}

/// A date that opens a scraped body, as pages print one above the
/// headline or the story: "Sun 16 Apr 2017", "Wednesday 27 Jul 2016
/// 19:11", "August 21 2013", "Date of publication 30 June 2016".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dateline<'a> {
    /// The day it gives.
    pub date: NaiveDate,
    /// Whether it was labelled as the publication date.
    pub labelled: bool,
    /// The text after it.
    pub rest: &'a str,
}

/// The label some pages print before their dateline.
const DATELINE_LABEL: &str = "date of publication";

/// The most words a dateline has: weekday, day, month, year and time.
const DATELINE_WORDS: usize = 5;

/// The dateline `text` opens with, if it opens with one: an optional
/// label ("Date of publication"), then a weekday, a day, a month name and a four-digit
/// year in any order (the weekday optional), then an optional time. Words
/// may end in a comma, a period or a colon, days in "st", "nd", "rd" or
/// "th".
pub fn dateline(text: &str) -> Option<Dateline<'_>> {
    let labelled = text
        .get(..DATELINE_LABEL.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(DATELINE_LABEL));
    let mut rest = match labelled {
        true => text[DATELINE_LABEL.len()..].trim_start_matches([':', ' ']),
        false => text,
    };
    let (mut day, mut month, mut year) = (None, None, None);
    let mut words = 0;
    while words < DATELINE_WORDS {
        let (word, after) = rest.split_once(' ').unwrap_or((rest, ""));
        let bare = word.trim_end_matches([',', '.', ':']);
        let fits = if year.is_some() {
            // After the year only a time may follow.
            day.is_some() && month.is_some() && is_time(bare)
        } else if let Some(number) = month_number(bare) {
            month.is_none() && month.replace(number).is_none()
        } else if is_weekday(bare) {
            day.is_none() && month.is_none()
        } else if let Some(number) = day_number(bare) {
            day.is_none() && day.replace(number).is_none()
        } else if bare.len() == 4 && bare.bytes().all(|b| b.is_ascii_digit()) {
            year = bare.parse::<i32>().ok().filter(|y| YEARS.contains(y));
            year.is_some()
        } else {
            false
        };
        if !fits {
            break;
        }
        words += 1;
        rest = after;
        if after.is_empty() {
            break;
        }
    }
    let date = NaiveDate::from_ymd_opt(year?, month?, day?)?;
    Some(Dateline {
        date,
        labelled,
        rest,
    })
}

/// The number of a month named in full, by its first three letters, or
/// as "Sept", in any case.
fn month_number(word: &str) -> Option<u32> {
    let index = match word.eq_ignore_ascii_case("sept") {
        true => 8,
        false => calendar_index(&MONTHS, word)?,
    };
    Some(index as u32 + 1)
}

/// Whether `word` names a day of the week, in full or by its first three
/// letters, in any case.
fn is_weekday(word: &str) -> bool {
    calendar_index(&WEEKDAYS, word).is_some()
}

/// Where `word` is among `names`, written in full or by its first three
/// letters, in any case.
fn calendar_index(names: &[&str], word: &str) -> Option<usize> {
    // Every body's first words are asked: compared in place, not lowered
    // into a new string.
    names.iter().position(|name| {
        name.eq_ignore_ascii_case(word)
            || (word.len() == 3
                && name
                    .get(..3)
                    .is_some_and(|abbr| abbr.eq_ignore_ascii_case(word)))
    })
}

/// A day of the month written as one or two digits, with or without an
/// ordinal ending.
fn day_number(word: &str) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|ending| word.strip_suffix(ending))
        .unwrap_or(word);
    let number: u32 = (digits.len() <= 2 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())??;
    (1..=31).contains(&number).then_some(number)
}

/// Whether `word` is a time of day: `19:11` or `19:11:05`.
fn is_time(word: &str) -> bool {
    let parts: Vec<&str> = word.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|part| part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).single().unwrap()
    }

    #[test]
    fn rfc3339_forms() {
        let want = utc(2024, 5, 1, 12, 0, 0);
        assert_eq!(parse_date("2024-05-01T12:00:00Z"), Some(want));
        assert_eq!(parse_date("2024-05-01T14:00:00+02:00"), Some(want));
        assert_eq!(parse_date("2024-05-01T07:00:00-05:00"), Some(want));
        let fraction = parse_date("2024-05-01T12:00:00.250Z").unwrap();
        assert_eq!(fraction.timestamp_millis(), want.timestamp_millis() + 250);
        assert_eq!(
            parse_date("2024-05-01T14:00:00.5+02:00").map(|d| d.timestamp_millis()),
            Some(want.timestamp_millis() + 500)
        );
    }

    #[test]
    fn rfc2822() {
        assert_eq!(
            parse_date("Wed, 01 May 2024 14:00:00 +0200"),
            Some(utc(2024, 5, 1, 12, 0, 0))
        );
        assert_eq!(
            parse_date("1 May 2024 12:00:00 GMT"),
            Some(utc(2024, 5, 1, 12, 0, 0))
        );
    }

    #[test]
    fn naive_date_times_are_utc() {
        let want = utc(2024, 5, 1, 12, 30, 5);
        assert_eq!(parse_date("2024-05-01T12:30:05"), Some(want));
        assert_eq!(parse_date("2024-05-01 12:30:05"), Some(want));
        assert_eq!(
            parse_date("2024-05-01 12:30:05.123").map(|d| d.timestamp_millis()),
            Some(want.timestamp_millis() + 123)
        );
        assert_eq!(
            parse_date("2024-05-01T12:30"),
            Some(utc(2024, 5, 1, 12, 30, 0))
        );
    }

    #[test]
    fn date_only_forms_are_midnight_utc() {
        let want = utc(2024, 5, 1, 0, 0, 0);
        for input in [
            "2024-05-01",
            "2024/05/01",
            "1 May 2024",
            "01 May 2024",
            "May 1, 2024",
            "May 01, 2024",
            "1 may 2024",
        ] {
            assert_eq!(parse_date(input), Some(want), "{input}");
        }
        assert_eq!(
            parse_date("3 September 2023"),
            Some(utc(2023, 9, 3, 0, 0, 0))
        );
        assert_eq!(parse_date("Sep 3, 2023"), Some(utc(2023, 9, 3, 0, 0, 0)));
    }

    #[test]
    fn offsets_like_plus_0200() {
        let want = utc(2024, 5, 1, 12, 0, 0);
        for input in [
            "2024-05-01T14:00:00+0200",
            "2024-05-01 14:00:00+0200",
            "2024-05-01 14:00:00 +0200",
            "2024-05-01 14:00:00.000 +02:00",
            "2024/05/01 14:00:00 +0200",
            "1 May 2024 14:00 +0200",
            "May 1, 2024 14:00:00 +0200",
            "2024-05-01 07:00 -0500",
        ] {
            assert_eq!(parse_date(input), Some(want), "{input}");
        }
    }

    #[test]
    fn datelines_in_the_forms_scraped_pages_print() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let cases = [
            (
                "Sun 16 Apr 2017 Death toll rises",
                day(2017, 4, 16),
                "Death toll rises",
            ),
            (
                "Wednesday 27 Jul 2016 19:11 Rebels",
                day(2016, 7, 27),
                "Rebels",
            ),
            (
                "August 21 2013 Activists say",
                day(2013, 8, 21),
                "Activists say",
            ),
            (
                "18 November 2016 Russian jets",
                day(2016, 11, 18),
                "Russian jets",
            ),
            ("Mon, Jul. 18, 2016: text", day(2016, 7, 18), "text"),
            ("Sept 3rd 2015 x", day(2015, 9, 3), "x"),
            (
                "30 April 2016 25 civilians killed",
                day(2016, 4, 30),
                "25 civilians killed",
            ),
            ("12 May 2024", day(2024, 5, 12), ""),
        ];
        for (text, date, rest) in cases {
            let found = dateline(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(
                (found.date, found.rest, found.labelled),
                (date, rest, false),
                "{text}"
            );
        }
        let labelled = dateline("Date of publication 30 June 2016 At least 70").unwrap();
        assert_eq!(
            (labelled.date, labelled.rest, labelled.labelled),
            (day(2016, 6, 30), "At least 70", true)
        );
    }

    #[test]
    fn text_that_only_starts_like_a_date_has_no_dateline() {
        for text in [
            "May 2016 was calm",
            "Mon 16 Apr troops",
            "30 April is the day",
            "2016 was a year",
            "31 February 2016 x",
            "March on Kyiv 2016",
            "May the talks 12 2016",
            "Date of publication unknown",
            "Kyiv, March 3 2022 (Reuters)",
            "",
        ] {
            assert_eq!(dateline(text), None, "{text}");
        }
    }

    #[test]
    fn input_is_trimmed() {
        assert_eq!(
            parse_date("  2024-05-01T12:00:00Z\n"),
            Some(utc(2024, 5, 1, 12, 0, 0))
        );
    }

    #[test]
    fn rejects_garbage_and_impossible_dates() {
        for input in [
            "",
            "   ",
            "yesterday",
            "2024-13-01",
            "2024-02-30",
            "2024-05-01T25:00:00Z",
            "1714564800",
            "May 2024",
            "May 1, 24",
            "0024-05-01",
        ] {
            assert_eq!(parse_date(input), None, "{input}");
        }
    }
}
