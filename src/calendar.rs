//! The names of months and weekdays. The reader needs them to recognise a
//! dateline at the start of a body, entity extraction to know that "May"
//! or "Sunday" alone is no name; both take them from here. `build.rs`
//! includes this file with the entity text helpers, so it stands alone.

/// The months, January first, in lower case.
pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The days of the week, Monday first, in lower case.
pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
