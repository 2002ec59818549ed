//! Publication dates and reporting periods: a hand-written parser for the date shapes news data
//! really carries, and the labels (`2013-05-24`, `2013-W21`, `2013-05`, `2013`) that put
//! articles into time buckets. Nothing here panics or allocates per byte, whatever the input.
//!
//! Accepted (after trimming; month names full or 3-letter, case-insensitive, optional dot,
//! `Sept` too; weekdays are skipped; ordinals `4th` allowed):
//!
//! | shape | example |
//! |---|---|
//! | ISO 8601 date, optionally with a time | `2013-05-24`, `2013-05-24T10:00:00.5+02:00`, `2013-05-24 10:00` |
//! | year-first with `/` or `.` | `2013/05/24`, `2013.05.24` |
//! | ISO basic | `20130524`, `20130524T100000Z` |
//! | month-first words | `May 24, 2013`, `May 24 2013`, `Sept. 4, 2013`, `September 4th, 2013` |
//! | day-first words | `24 May 2013`, `24 May, 2013`, `24-May-2013` |
//! | RFC 2822 | `Fri, 24 May 2013 10:00:00 +0000` |
//! | unambiguous numeric day/month | `12/30/17`, `30.12.2017`, `4/4/2017` |
//!
//! A time may follow the date after `T`, white space, a comma or ` at `: `H:MM`, `H:MM:SS`,
//! fractions, `AM`/`p.m.`, then a zone (`Z`, `+02:00`, `+0200`, `GMT`, `EDT`, `UTC+2`) and an
//! RFC 2822 comment such as `(UTC)`. Anything else after the date makes the whole string fail.
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
//! - Two-digit years (only in those numeric forms) follow the POSIX `%y` rule: 00–68 are
//!   2000–2068, 69–99 are 1969–1999.
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
//! - Strings longer than [`MAX_DATE_LEN`] bytes are refused unread: no real date is that long.

use std::fmt;

/// Inputs longer than this (after trimming) are refused without being parsed.
pub const MAX_DATE_LEN: usize = 100;

const MIN_YEAR: i32 = 1000;
const MAX_YEAR: i32 = 9999;

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
                return from_timestamp(parts, per_second);
            }
        }
        let mut c = Cursor {
            bytes: text.as_bytes(),
            pos: 0,
        };
        let date = match c.peek()? {
            b if b.is_ascii_digit() => numeric_first(&mut c, self)?,
            b if b.is_ascii_alphabetic() => word_first(&mut c)?,
            _ => return None,
        };
        time_tail(&mut c)?;
        Some(date)
    }

    /// Why [`DateFormat::parse`] could not read `text`, for the warning: said only for the
    /// forms a corpus is likely to hold (timestamps, dates without a day, ambiguous orders).
    pub fn problem(self, text: &str) -> String {
        date_problem(text, self)
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
}

fn timestamp_parts(text: &str) -> Option<TimestampParts<'_>> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = rest.split_once('.').unwrap_or((rest, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    (!whole.is_empty() && whole.len() <= 18 && digits(whole) && digits(fraction)).then_some(
        TimestampParts {
            negative,
            whole: whole.as_bytes(),
            fraction: fraction.as_bytes(),
        },
    )
}

/// The UTC calendar day of a timestamp of `per_second` units a second. A fraction only moves
/// a negative timestamp back (−0.5 s is 31 December 1969), so it is kept as "any fraction".
fn from_timestamp(parts: TimestampParts, per_second: i64) -> Option<Date> {
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
    let (year, month, day) = civil_from_days(days);
    Date::new(i32::try_from(year).ok()?, month, day)
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

/// A read position in an ASCII-ish byte string. Every read goes through `get`, so no input can
/// make it index out of bounds; non-ASCII bytes simply match nothing.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos.saturating_add(ahead)).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.pos += 1;
        }
        found
    }

    fn advance_while(&mut self, keep: impl Fn(u8) -> bool) -> &'a [u8] {
        let start = self.pos;
        while self.peek().is_some_and(&keep) {
            self.pos += 1;
        }
        self.bytes.get(start..self.pos).unwrap_or_default()
    }

    /// Skips white space, including the no-break space scrapers leave behind; returns how many
    /// bytes it skipped.
    fn spaces(&mut self) -> usize {
        let start = self.pos;
        loop {
            if self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
                self.pos += 1;
            } else if self.peek() == Some(0xC2) && self.peek_at(1) == Some(0xA0) {
                self.pos += 2;
            } else {
                return self.pos - start;
            }
        }
    }

    /// True when a comma, white space or both came next (and skips them).
    fn separator(&mut self) -> bool {
        let comma = self.eat(b',');
        self.spaces() > 0 || comma
    }

    /// A run of digits as (value, number of digits); `None` when empty or longer than 9.
    fn number(&mut self) -> Option<(u32, usize)> {
        let digits = self.advance_while(|b| b.is_ascii_digit());
        if digits.is_empty() || digits.len() > 9 {
            return None;
        }
        let value = digits
            .iter()
            .fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0'));
        Some((value, digits.len()))
    }

    /// A number of exactly `lens` digits.
    fn number_of(&mut self, lens: &[usize]) -> Option<u32> {
        let (value, len) = self.number()?;
        lens.contains(&len).then_some(value)
    }

    fn year4(&mut self) -> Option<i32> {
        self.number_of(&[4]).and_then(|y| i32::try_from(y).ok())
    }

    fn word(&mut self) -> &'a [u8] {
        self.advance_while(|b| b.is_ascii_alphabetic())
    }

    /// Consumes `keyword` (any case) when it comes next as a whole word followed by white space.
    fn keyword(&mut self, keyword: &[u8]) -> bool {
        let start = self.pos;
        if self.word().eq_ignore_ascii_case(keyword) && self.spaces() > 0 {
            return true;
        }
        self.pos = start;
        false
    }
}

const MONTHS: [&str; 12] = [
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

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// True when `word` is `name` or its 3-letter abbreviation, in any case.
fn names(word: &[u8], name: &str) -> bool {
    let name = name.as_bytes();
    word.eq_ignore_ascii_case(name)
        || (word.len() == 3
            && name
                .get(..3)
                .is_some_and(|abbr| abbr.eq_ignore_ascii_case(word)))
}

fn month_number(word: &[u8]) -> Option<u32> {
    if word.eq_ignore_ascii_case(b"sept") {
        return Some(9);
    }
    MONTHS
        .iter()
        .zip(1..)
        .find(|(name, _)| names(word, name))
        .map(|(_, number)| number)
}

fn is_weekday(word: &[u8]) -> bool {
    WEEKDAYS.iter().any(|name| names(word, name))
        || [&b"tues"[..], b"thur", b"thurs"]
            .iter()
            .any(|abbr| word.eq_ignore_ascii_case(abbr))
}

/// An ordinal suffix after a day number (`4th`, `1st`), or nothing; `None` for other letters.
fn ordinal_suffix(c: &mut Cursor) -> Option<()> {
    let word = c.word();
    let ok = word.is_empty()
        || ["st", "nd", "rd", "th"]
            .iter()
            .any(|s| word.eq_ignore_ascii_case(s.as_bytes()));
    ok.then_some(())
}

/// POSIX `%y`: 00–68 are 2000–2068, 69–99 are 1969–1999.
fn expand_two_digit_year(year: u32) -> Option<i32> {
    let year = i32::try_from(year).ok()?;
    Some(if year < 69 { 2000 + year } else { 1900 + year })
}

/// `yy/mm/dd` read year first, when that is a date: the reading that makes a two-digit year
/// last ambiguous.
fn year_first_two_digit(first: u32, second: u32, third: u32) -> Option<Date> {
    Date::new(expand_two_digit_year(first)?, second, third)
}

/// Why `format` could not read `text` ([`DateFormat::problem`]).
fn date_problem(text: &str, format: DateFormat) -> String {
    let text = text.trim();
    if format.units_per_second().is_some() && timestamp_parts(text).is_some() {
        return format!(
            "as a timestamp (--date-format {}) it falls outside the years {MIN_YEAR}–{MAX_YEAR}",
            format.name()
        );
    }
    let digits = text.bytes().all(|b| b.is_ascii_digit());
    if digits && (9..=13).contains(&text.len()) {
        return "it looks like a Unix timestamp: give --date-format unix (seconds) or unix-ms \
                (milliseconds)"
            .into();
    }
    if let Some((year, month)) = partial_fields(text, format) {
        return if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            format!("the year is outside {MIN_YEAR}–{MAX_YEAR}")
        } else if month.is_some_and(|m| !(1..=12).contains(&m)) {
            "there is no such month".into()
        } else {
            "it has no day: only --period year, or month when it names one, reads it".into()
        };
    }
    let fields: Vec<&str> = text.split(['/', '-', '.']).map(str::trim).collect();
    if let [a, b, c] = fields[..] {
        let number = |f: &str| f.parse::<u32>().ok().filter(|_| f.len() <= 4);
        if let (Some(x), Some(y), Some(z)) = (number(a), number(b), number(c)) {
            if a.len() == 4 {
                let year = i32::try_from(x).unwrap_or(i32::MAX);
                return if (MIN_YEAR..=MAX_YEAR).contains(&year) {
                    "there is no such day".into()
                } else {
                    format!("the year is outside {MIN_YEAR}–{MAX_YEAR}")
                };
            }
            if let Some(order) = format.order_words() {
                if a.len() <= 2 {
                    return format!(
                        "it is not a date read as {order} (--date-format {})",
                        format.name()
                    );
                }
            }
            if a.len() <= 2 && b.len() <= 2 && c.len() == 2 {
                if let (Some(first), Some(last)) = (
                    year_first_two_digit(x, y, z),
                    expand_two_digit_year(z).and_then(|year| {
                        let (month, day) = day_month_order(x, y)?;
                        Date::new(year, month, day)
                    }),
                ) {
                    return format!(
                        "it is ambiguous: {first} (year first) or {last} (year last); write the \
                         year in four digits, or give --date-format ymd, dmy or mdy"
                    );
                }
            }
            if a.len() <= 2 && b.len() <= 2 && x != y && x <= 12 && y <= 12 {
                let year = match c.len() {
                    4 => i32::try_from(z).ok(),
                    2 => expand_two_digit_year(z),
                    _ => None,
                };
                let readings = year
                    .and_then(|year| Some((Date::new(year, y, x)?, Date::new(year, x, y)?)))
                    .map(|(day_first, month_first)| {
                        format!(": {day_first} (day first) or {month_first} (month first)")
                    })
                    .unwrap_or_default();
                return format!(
                    "it is ambiguous{readings}; give --date-format dmy or mdy, or write dates \
                     as 2013-05-24"
                );
            }
        }
    }
    "it is not a form slant reads (README, Dates)".into()
}

/// The month and year of `May 2013`, `Sept. 2013`.
fn month_and_year(text: &str) -> Option<(u32, i32)> {
    let mut words = text.split([' ', ',', '.']).filter(|w| !w.is_empty());
    match (words.next(), words.next(), words.next()) {
        (Some(month), Some(year), None)
            if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) =>
        {
            Some((month_number(month.as_bytes())?, year.parse().ok()?))
        }
        _ => None,
    }
}

/// The year and month (`None` for a year alone) of a form that gives only a month or a year,
/// before either is checked against its range. Under `--date-format unix` or `unix-ms` a
/// string of digits is a timestamp, never a year.
fn partial_fields(text: &str, format: DateFormat) -> Option<(i32, Option<u32>)> {
    let text = text.trim();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if digits(text) {
        return match (text.len(), format.units_per_second()) {
            (4, None) => Some((text.parse().ok()?, None)),
            _ => None,
        };
    }
    if let Some((month, year)) = month_and_year(text) {
        return Some((year, Some(month)));
    }
    let (a, b) = text.split_once(['-', '/', '.'])?;
    if !digits(a) || !digits(b) {
        return None;
    }
    match (a.len(), b.len()) {
        (4, 1 | 2) => Some((a.parse().ok()?, Some(b.parse().ok()?))),
        (1 | 2, 4) => Some((b.parse().ok()?, Some(a.parse().ok()?))),
        _ => None,
    }
}

/// A date known only to its month or its year, as archives and metadata exports give them:
/// `2013-05`, `2013/05`, `05/2013`, `May 2013`, `2013`. It has a month or year period, but no
/// day or week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Partial {
    Month { year: i32, month: u32 },
    Year(i32),
}

impl Partial {
    /// Read `text` as a month or a year alone (`None` for a whole date or anything else).
    /// Under `--date-format unix` or `unix-ms` a string of digits is a timestamp, never a
    /// year.
    pub fn parse(text: &str, format: DateFormat) -> Option<Partial> {
        let (year, month) = partial_fields(text, format)?;
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return None;
        }
        match month {
            None => Some(Partial::Year(year)),
            Some(month) => (1..=12)
                .contains(&month)
                .then_some(Partial::Month { year, month }),
        }
    }

    /// The label of this month or year for `period`, when the period is no finer than what
    /// it gives; `None` for a day or week of a month, or a month of a year.
    pub fn label(self, period: Period) -> Option<String> {
        // Its first day has the same month and year labels.
        let first_day = match (self, period) {
            (Partial::Month { year, month }, Period::Month | Period::Year) => Date {
                year,
                month,
                day: 1,
            },
            (Partial::Year(year), Period::Year) => Date {
                year,
                month: 1,
                day: 1,
            },
            _ => return None,
        };
        Some(period_label(first_day, period))
    }

    /// What it gives, for the warning when the period is finer, and which periods read it.
    pub fn gives(self) -> &'static str {
        match self {
            Partial::Month { .. } => {
                "only a month, so it has no day or week (--period month or year reads it)"
            }
            Partial::Year(_) => {
                "only a year, so it has no month, week or day (--period year reads it)"
            }
        }
    }
}

/// `(month, day)` from the first two fields of a numeric form, when their order is knowable.
fn day_month_order(first: u32, second: u32) -> Option<(u32, u32)> {
    let could_be_month = |n: u32| (1..=12).contains(&n);
    match (could_be_month(first), could_be_month(second)) {
        _ if first == second => Some((first, second)),
        (true, false) => Some((first, second)),
        (false, true) => Some((second, first)),
        // Both orders possible (refused as ambiguous) or neither (not a date).
        _ => None,
    }
}

/// Dates that begin with a digit: ISO and its relatives, numeric day/month, `24 May 2013`.
fn numeric_first(c: &mut Cursor, format: DateFormat) -> Option<Date> {
    let (first, len) = c.number()?;
    let separator = c.peek().filter(|b| matches!(b, b'-' | b'/' | b'.'));
    match (len, separator) {
        (8, _) => Date::new(
            i32::try_from(first / 10_000).ok()?,
            first / 100 % 100,
            first % 100,
        ),
        (4, Some(sep)) => {
            c.pos += 1;
            let month = c.number_of(&[1, 2])?;
            c.eat(sep).then_some(())?;
            let day = c.number_of(&[1, 2])?;
            Date::new(i32::try_from(first).ok()?, month, day)
        }
        (1 | 2, Some(sep)) => {
            c.pos += 1;
            if c.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
                // 24-May-2013
                let month = month_number(c.word())?;
                c.eat(sep).then_some(())?;
                return Date::new(c.year4()?, month, first);
            }
            let second = c.number_of(&[1, 2])?;
            c.eat(sep).then_some(())?;
            let third = c.number()?;
            let year_last = || match third {
                (year, 4) => i32::try_from(year).ok(),
                (year, 2) => expand_two_digit_year(year),
                _ => None,
            };
            match format {
                DateFormat::Dmy => return Date::new(year_last()?, second, first),
                DateFormat::Mdy => return Date::new(year_last()?, first, second),
                DateFormat::Ymd => {
                    return match (len, third) {
                        (2, (day, 1 | 2)) => Date::new(expand_two_digit_year(first)?, second, day),
                        _ => None,
                    };
                }
                DateFormat::Auto | DateFormat::Unix | DateFormat::UnixMs => {}
            }
            let year = match third {
                (year, 4) => i32::try_from(year).ok()?,
                (third, 2) => {
                    // `17/12/30` may be year first (2017-12-30) as well as day first.
                    if len == 2 && year_first_two_digit(first, second, third).is_some() {
                        return None;
                    }
                    expand_two_digit_year(third)?
                }
                _ => return None,
            };
            let (month, day) = day_month_order(first, second)?;
            Date::new(year, month, day)
        }
        (1 | 2, None) => day_month_year(c, first),
        _ => None,
    }
}

/// The rest of `24 May 2013`, `4th September, 2013` once the day has been read.
fn day_month_year(c: &mut Cursor, day: u32) -> Option<Date> {
    ordinal_suffix(c)?;
    (c.spaces() > 0).then_some(())?;
    c.keyword(b"of");
    let month = month_number(c.word())?;
    c.eat(b'.');
    c.separator().then_some(())?;
    Date::new(c.year4()?, month, day)
}

/// Dates that begin with a word: `May 24, 2013`, `Sept. 4, 2013`, RFC 2822 with its weekday.
fn word_first(c: &mut Cursor) -> Option<Date> {
    let mut word = c.word();
    if is_weekday(word) {
        c.eat(b'.');
        c.separator().then_some(())?;
        if c.peek().is_some_and(|b| b.is_ascii_digit()) {
            let day = c.number_of(&[1, 2])?;
            return day_month_year(c, day);
        }
        word = c.word();
    }
    let month = month_number(word)?;
    c.eat(b'.');
    (c.spaces() > 0).then_some(())?;
    let day = c.number_of(&[1, 2])?;
    ordinal_suffix(c)?;
    c.separator().then_some(())?;
    Date::new(c.year4()?, month, day)
}

/// What may follow a date: nothing, or a time with an optional zone. Checked, then dropped.
fn time_tail(c: &mut Cursor) -> Option<()> {
    if c.at_end() {
        return Some(());
    }
    if matches!(c.peek(), Some(b'T' | b't')) && c.peek_at(1).is_some_and(|b| b.is_ascii_digit()) {
        c.pos += 1;
        clock(c, true)?;
    } else {
        c.separator().then_some(())?;
        c.keyword(b"at");
        clock(c, false)?;
    }
    c.spaces();
    zone(c)?;
    c.spaces();
    if c.eat(b'(') {
        // An RFC 2822 comment such as `(UTC)` or `(Eastern Daylight Time)`.
        c.advance_while(|b| b.is_ascii_alphanumeric() || b" +-:".contains(&b));
        c.eat(b')').then_some(())?;
    }
    c.at_end().then_some(())
}

/// A time of day: `10:00`, `10:00:00.123`, `9:05 p.m.`, `10 AM`, or (after `T`) `100000`.
fn clock(c: &mut Cursor, after_t: bool) -> Option<()> {
    let (first, len) = c.number()?;
    let mut needs_meridiem = false;
    let (hour, minute, second) = if len <= 2 && c.eat(b':') {
        let minute = c.number_of(&[2])?;
        let second = if c.eat(b':') { c.number_of(&[2])? } else { 0 };
        (first, minute, second)
    } else {
        match (after_t, len) {
            (true, 2) => (first, 0, 0),
            (true, 4) => (first / 100, first % 100, 0),
            (true, 6) => (first / 10_000, first / 100 % 100, first % 100),
            (false, 1 | 2) => {
                needs_meridiem = true;
                (first, 0, 0)
            }
            _ => return None,
        }
    };
    if c.eat(b'.') || c.eat(b',') {
        (!c.advance_while(|b| b.is_ascii_digit()).is_empty()).then_some(())?;
    }
    let before_meridiem = c.pos;
    c.spaces();
    let meridiem = meridiem(c);
    if meridiem.is_none() {
        c.pos = before_meridiem;
    }
    let hour_ok = match meridiem {
        Some(()) => (1..=12).contains(&hour),
        None => !needs_meridiem && hour <= 23,
    };
    (hour_ok && minute <= 59 && second <= 60).then_some(())
}

/// `AM`, `pm`, `a.m.`, `P.M.` as a whole word.
fn meridiem(c: &mut Cursor) -> Option<()> {
    let start = c.pos;
    let found = matches!(c.peek(), Some(b'a' | b'A' | b'p' | b'P')) && {
        c.pos += 1;
        c.eat(b'.');
        (c.eat(b'm') || c.eat(b'M')) && {
            c.eat(b'.');
            !c.peek().is_some_and(|b| b.is_ascii_alphanumeric())
        }
    };
    if !found {
        c.pos = start;
    }
    found.then_some(())
}

/// An optional zone: `Z`, `+02:00`, `-0500`, `+2`, or an upper-case abbreviation such as `GMT`,
/// `EDT` or `UTC+2`. `None` only when something zone-like is malformed.
fn zone(c: &mut Cursor) -> Option<()> {
    if c.peek().is_some_and(|b| b.is_ascii_uppercase()) {
        let name = c.word();
        (name.len() <= 5 && name.iter().all(u8::is_ascii_uppercase)).then_some(())?;
    }
    if matches!(c.peek(), Some(b'+' | b'-')) {
        c.pos += 1;
        let (hours, minutes) = match c.number()? {
            (hours, 1 | 2) if c.eat(b':') => (hours, c.number_of(&[2])?),
            (hours, 1 | 2) => (hours, 0),
            (hhmm, 4) => (hhmm / 100, hhmm % 100),
            _ => return None,
        };
        (hours <= 23 && minutes <= 59).then_some(())?;
    }
    Some(())
}

#[cfg(test)]
mod tests;
