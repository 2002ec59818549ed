//! Publication dates and reporting periods: a hand-written parser for the date shapes news data
//! really carries, and the labels (`2013-05-24`, `2013-W21`, `2013-05`, `2013`) that put
//! articles into time buckets. Nothing here panics or allocates per byte, whatever the input.
//!
//! Accepted (after trimming; month names full or 3-letter, case-insensitive, optional dot,
//! `Sept` too; ordinals `4th` allowed; a weekday may come first, or after a month-name date):
//!
//! | shape | example |
//! |---|---|
//! | ISO 8601 date, optionally with a time | `2013-05-24`, `2013-05-24T10:00:00.5+02:00`, `2013-05-24 10:00` |
//! | ISO 8601 week and ordinal dates | `2023-W14-3`, `2023W143`, `2023-095` |
//! | year-first with `/` or `.` | `2013/05/24`, `2013.05.24` |
//! | ISO basic | `20130524`, `20130524T100000Z`, `201305241000`, `20130524100000` |
//! | month-first words | `May 24, 2013`, `May 24 2013`, `Sept. 4, 2013`, `September 4th, 2013` |
//! | day-first words | `24 May 2013`, `24 May, 2013`, `24-May-2013` |
//! | LexisNexis, weekday last | `April 5, 2023 Wednesday`, `5 April 2023 Wednesday` |
//! | RFC 2822, also with a two-digit year | `Fri, 24 May 2013 10:00:00 +0000`, `Wed, 05 Apr 23 13:22:01 GMT` |
//! | unambiguous numeric day/month | `12/30/17`, `30.12.2017`, `4/4/2017` |
//!
//! A time may follow the date after `T`, white space, a comma or ` at `: `H:MM`, `H:MM:SS`,
//! fractions, `AM`/`p.m.`, then a zone (`Z`, `+02:00`, `+0200`, `GMT`, `EDT`, `UTC+2`, or an
//! offset and its name as Go prints them, `+0000 UTC`) and an RFC 2822 comment such as `(UTC)`.
//! Anything else after the date makes the whole string fail.
//!
//! Decisions, so that users can rely on them:
//! - The calendar date *as written* is the article's date. Times and zones are checked for shape
//!   and then dropped, with no conversion to UTC: `2013-05-24T23:30:00-05:00` is 24 May, the day
//!   the outlet's readers saw on the page, even though it was already 25 May in UTC.
//! - Numeric day/month forms (`05/06/2013`) are refused when both orders give a real date and
//!   the two differ: nothing in the string says whether it is 6 May (US) or 5 June (most of the
//!   world), and a wrong guess silently moves articles between periods. They are accepted when
//!   only one order is a date (`12/30/17` can only be 30 December) or both orders agree
//!   (`4/4/17`). The year comes last in these forms; a year-first form needs four digits.
//! - Two-digit years in those numeric forms follow the POSIX `%y` rule: 00–68 are 2000–2068,
//!   69–99 are 1969–1999. In RFC 2822's shape (`05 Apr 23 13:22`, a time always follows) they
//!   follow RFC 2822 §4.3: below 50 are 2000–2049, 50–99 are 1950–1999.
//! - A named weekday must be the date's: `Thu, 05 Apr 2023` is refused (5 April 2023 was a
//!   Wednesday), since a wrong weekday means the date itself may be wrong.
//! - 14 and 12 digits are an ISO basic date and time (`YYYYMMDDhhmmss`, `YYYYMMDDhhmm`) when
//!   they are one; 10 digits never are read (`2023040513` is `YYYYMMDDhh` as much as a Unix
//!   timestamp), and the warning gives both readings.
//! - A date must exist (month 1–12, day within the month, Gregorian leap years) and its year must
//!   be 1000–9999, so scraper placeholders such as `0001-11-30` are refused.
//! - A month and year alone (`May 2013`, `2013-05`) or a year alone (`2013`) is not a date: it
//!   could not be put in a day or week. It is a [`Partial`] date, which has a month or year
//!   period.
//! - `--date-format` ([`DateFormat`]) settles what the string cannot: `dmy`, `mdy` or `ymd`
//!   reads every numeric form whose first field has one or two digits in that order (and
//!   refuses one that is not a date in it, even where the other order would be), and `unix` or
//!   `unix-ms` reads a string of digits as seconds or milliseconds since 1970-01-01 UTC, whose
//!   UTC calendar day is the date. Every other form reads as in the default, `auto`.
//! - A timestamp is read only when its day falls in 1900–2100 ([`TIMESTAMP_YEARS`]), and not
//!   when its digits also spell a year or a date of those years as written (`2023`,
//!   `20230405`, `2023040513`): such a number is almost always something else read as a
//!   timestamp (a year, a date, milliseconds given as seconds), and it would fill a period
//!   silently with a wrong date.
//! - Strings longer than [`MAX_DATE_LEN`] bytes are refused unread: no real date is that long.

use std::fmt;

/// Inputs longer than this (after trimming) are refused without being parsed.
pub const MAX_DATE_LEN: usize = 100;

const MIN_YEAR: i32 = 1000;
const MAX_YEAR: i32 = 9999;

/// The years a Unix timestamp may fall in, and that digits spelling a date as written are
/// checked against under `--date-format unix` (see the module docs).
pub const TIMESTAMP_YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

mod cursor;
mod grammar;
mod problem;

pub use problem::Partial;

/// The width of the time buckets that reports group articles into.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// One calendar day: `2013-05-24`.
    Day,
    /// One ISO 8601 week, Monday to Sunday, labelled by its ISO week-numbering year: `2013-W21`.
    Week,
    /// One calendar month: `2013-05`.
    Month,
    /// One calendar year: `2013`.
    Year,
}

/// How the numeric dates that the default cannot read are read (`--date-format`): a corpus
/// that writes `05/06/2013` for 5 June, or stores Unix timestamps, says so once for the run.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    clap::ValueEnum,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum DateFormat {
    /// Numeric day/month forms only when their order is unambiguous (`12/30/17`).
    #[default]
    Auto,
    /// Numeric forms are day/month/year: `05/06/2013` is 5 June 2013, `17/12/30` 17 Dec 2030.
    Dmy,
    /// Numeric forms are month/day/year: `05/06/2013` is 6 May 2013.
    Mdy,
    /// Numeric forms with a two-digit year are year/month/day: `17/12/30` is 30 Dec 2017.
    Ymd,
    /// A string of digits is seconds since 1970-01-01 UTC (a fraction is allowed): its UTC day.
    Unix,
    /// A string of digits is milliseconds since 1970-01-01 UTC: its UTC day.
    UnixMs,
}

impl DateFormat {
    /// The name `--date-format` takes.
    pub fn name(self) -> &'static str {
        match self {
            DateFormat::Auto => "auto",
            DateFormat::Dmy => "dmy",
            DateFormat::Mdy => "mdy",
            DateFormat::Ymd => "ymd",
            DateFormat::Unix => "unix",
            DateFormat::UnixMs => "unix-ms",
        }
    }

    /// Parse `text` (see the module docs); `None` when it cannot, and the caller warns with
    /// [`DateFormat::problem`].
    pub fn parse(self, text: &str) -> Option<Date> {
        let text = text.trim();
        if text.len() > MAX_DATE_LEN {
            return None;
        }
        if let Some(per_second) = self.units_per_second() {
            if let Some(parts) = timestamp_parts(text) {
                return timestamp_date(&parts, per_second).ok();
            }
        }
        grammar::read(text, self)?.ok()
    }

    /// Why [`DateFormat::parse`] could not read `text`, for the warning: said only for the
    /// forms a corpus is likely to hold (timestamps, dates without a day, ambiguous orders).
    pub fn problem(self, text: &str) -> String {
        problem::date_problem(text, self)
    }

    /// Timestamp units per second, for `unix` and `unix-ms`.
    fn units_per_second(self) -> Option<i64> {
        match self {
            DateFormat::Unix => Some(1),
            DateFormat::UnixMs => Some(1000),
            _ => None,
        }
    }

    /// The field order `dmy`, `mdy` and `ymd` name, for messages.
    fn order_words(self) -> Option<&'static str> {
        match self {
            DateFormat::Dmy => Some("day/month/year"),
            DateFormat::Mdy => Some("month/day/year"),
            DateFormat::Ymd => Some("year/month/day"),
            _ => None,
        }
    }
}

/// A calendar date in the proleptic Gregorian calendar. Ordered chronologically.
///
/// The fields are public for convenience; [`Date::new`] and [`parse_date`] only ever build
/// dates that exist with a year in 1000–9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, 1000–9999 for dates built by this module.
    pub year: i32,
    /// The month, 1–12.
    pub month: u32,
    /// The day of the month, 1–31.
    pub day: u32,
}

impl Date {
    /// The date, or `None` when it does not exist or its year is outside 1000–9999.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let valid = (MIN_YEAR..=MAX_YEAR).contains(&year)
            && (1..=days_in_month(year, month)).contains(&day);
        valid.then_some(Date { year, month, day })
    }
}

impl fmt::Display for Date {
    /// ISO 8601, `2013-05-24`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Parse the date formats news data really has (see the module docs for the list and the
/// decisions behind it) as `--date-format auto` does; `None` when it cannot.
pub fn parse_date(text: &str) -> Option<Date> {
    DateFormat::Auto.parse(text)
}

/// A timestamp's sign, whole digits and fraction digits: `-?[0-9]+(\.[0-9]*)?`, at most 18
/// whole digits (so that it fits an `i64` with room to spare).
struct TimestampParts<'a> {
    negative: bool,
    whole: &'a [u8],
    fraction: &'a [u8],
    /// True when a `.` was written, even with no digits after it.
    dotted: bool,
}

fn timestamp_parts(text: &str) -> Option<TimestampParts<'_>> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = rest.split_once('.').unwrap_or((rest, ""));
    let dotted = rest.contains('.');
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    (!whole.is_empty() && whole.len() <= 18 && digits(whole) && digits(fraction)).then_some(
        TimestampParts {
            negative,
            whole: whole.as_bytes(),
            fraction: fraction.as_bytes(),
            dotted,
        },
    )
}

/// Why a timestamp is not read (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StampFlaw {
    /// Its day falls outside [`TIMESTAMP_YEARS`] (`None` outside any `i64` day).
    Outside(Option<(i64, u32, u32)>),
    /// Its digits spell this year (a date of January 1 when only a year) or date as written.
    SpellsDate(Date, bool),
}

/// The day of a timestamp under `unix` (`per_second` 1) or `unix-ms` (1000), or why not.
fn timestamp_date(parts: &TimestampParts, per_second: i64) -> Result<Date, StampFlaw> {
    if !parts.negative && !parts.dotted {
        if let Some((date, year_only)) = spelled_date(parts.whole) {
            return Err(StampFlaw::SpellsDate(date, year_only));
        }
    }
    let civil = from_timestamp(parts, per_second);
    civil
        .filter(|&(year, ..)| TIMESTAMP_YEARS.contains(&i32::try_from(year).unwrap_or(0)))
        .and_then(|(year, month, day)| Date::new(i32::try_from(year).ok()?, month, day))
        .ok_or(StampFlaw::Outside(civil))
}

/// The year (`true`) or date that digits spell as written, as a date of [`TIMESTAMP_YEARS`]:
/// `2023`, `20230405`, `2023040513`, `202304051322`, `20230405132201`.
fn spelled_date(digits: &[u8]) -> Option<(Date, bool)> {
    let date = match digits.len() {
        4 => {
            let year = std::str::from_utf8(digits).ok()?.parse().ok()?;
            (Date::new(year, 1, 1)?, true)
        }
        _ => (grammar::compact(digits)?.ok()?, false),
    };
    TIMESTAMP_YEARS.contains(&date.0.year).then_some(date)
}

/// The UTC calendar day of a timestamp of `per_second` units a second. A fraction only moves
/// a negative timestamp back (−0.5 s is 31 December 1969), so it is kept as "any fraction".
fn from_timestamp(parts: &TimestampParts, per_second: i64) -> Option<(i64, u32, u32)> {
    let units = parts
        .whole
        .iter()
        .fold(0i64, |acc, &b| acc * 10 + i64::from(b - b'0'));
    let has_fraction = parts.fraction.iter().any(|&b| b != b'0');
    // Floor division: the second (or millisecond) a moment falls in.
    let units = if parts.negative {
        -units - i64::from(has_fraction)
    } else {
        units
    };
    let days = units.div_euclid(per_second * 86_400);
    Some(civil_from_days(days))
}

/// The ISO weekday of `date`: Monday 1 … Sunday 7.
fn weekday(date: Date) -> u32 {
    let days = days_from_civil(date.year.into(), date.month.into(), date.day.into());
    // 1970-01-01 was a Thursday.
    u32::try_from((days + 3).rem_euclid(7) + 1).unwrap_or(1)
}

/// The period label: day `2013-05-24`, week ISO 8601 `2013-W21` (with the ISO week-numbering
/// year, so 2021-01-03 is `2020-W53`), month `2013-05`, year `2013`.
///
/// Meant for dates that exist; for a hand-built impossible [`Date`] the label is unspecified,
/// but it never panics.
pub fn period_label(date: Date, period: Period) -> String {
    match period {
        Period::Day => date.to_string(),
        Period::Week => {
            let (year, week) = iso_week(date);
            format!("{year:04}-W{week:02}")
        }
        Period::Month => format!("{:04}-{:02}", date.year, date.month),
        Period::Year => format!("{:04}", date.year),
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year.into()) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 (H. Hinnant's `days_from_civil`). On `i64`, so that no field values,
/// however wrong, can overflow.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let month_from_march = (month + 9).rem_euclid(12);
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The calendar date of a day count since 1970-01-01: the inverse of [`days_from_civil`] (H.
/// Hinnant's `civil_from_days`). Any `i64` that a timestamp of 18 digits can give is safe.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // In range by construction (day 1–31, month 1–12); 0 would only make `Date::new` refuse.
    let small = |n: i64| u32::try_from(n).unwrap_or(0);
    (year, small(month), small(day))
}

/// 53 when the year has 53 ISO weeks: it starts on a Thursday, or is a leap year starting on a
/// Wednesday (that is, 31 December of it or of the year before falls on the right weekday).
fn iso_weeks_in_year(year: i64) -> i64 {
    let dec31_weekday =
        |y: i64| (y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400)).rem_euclid(7);
    if dec31_weekday(year) == 4 || dec31_weekday(year - 1) == 3 {
        53
    } else {
        52
    }
}

/// The ISO week-numbering year and week (1–53) that `date` falls in.
fn iso_week(date: Date) -> (i64, i64) {
    let year = i64::from(date.year);
    let days = days_from_civil(year, date.month.into(), date.day.into());
    // 1970-01-01 was a Thursday; Monday = 1 … Sunday = 7.
    let weekday = (days + 3).rem_euclid(7) + 1;
    let ordinal = days - days_from_civil(year, 1, 1) + 1;
    let week = (ordinal - weekday + 10).div_euclid(7);
    if week < 1 {
        (year - 1, iso_weeks_in_year(year - 1))
    } else if week > iso_weeks_in_year(year) {
        (year + 1, 1)
    } else {
        (year, week)
    }
}

#[cfg(test)]
mod tests;
