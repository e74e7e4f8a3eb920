//! Parsing the publication dates found in articles.
//!
//! News exports write dates in many ways: RFC 3339 from APIs, RFC 2822 from
//! RSS, SQL-style timestamps from database dumps, and prose dates like
//! "5 May 2024" from hand-made files. This module accepts all the common
//! forms and normalises them to UTC, so that date facets and sorting agree.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Utc};

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
