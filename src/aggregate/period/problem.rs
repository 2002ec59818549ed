//! Why a date could not be read, in the words of the warning; and the dates known only to their
//! month or year ([`Partial`]), which the reason has to tell apart from dates that are wrong.

use super::grammar::{self, Flaw, WEEKDAYS, month_number};
use super::{
    Date, DateFormat, MAX_DATE_LEN, MAX_YEAR, MIN_YEAR, Period, StampFlaw, TIMESTAMP_YEARS,
    from_timestamp, period_label, timestamp_date, timestamp_parts,
};

/// Why `format` could not read `text` ([`DateFormat::problem`]).
pub(super) fn date_problem(text: &str, format: DateFormat) -> String {
    let text = text.trim();
    if text.len() > MAX_DATE_LEN {
        return format!("it is longer than {MAX_DATE_LEN} bytes, longer than any date");
    }
    if let (Some(per_second), Some(parts)) = (format.units_per_second(), timestamp_parts(text)) {
        return match timestamp_date(&parts, per_second) {
            Err(StampFlaw::SpellsDate(date, year_only)) => {
                let spelled = if year_only {
                    format!("the year {}", date.year)
                } else {
                    date.to_string()
                };
                format!(
                    "its digits spell {spelled} as written as much as a timestamp, so --date-format \
                     {} does not read it (write dates as 2013-05-24)",
                    format.name()
                )
            }
            Err(StampFlaw::Outside(civil)) => {
                let when =
                    civil.map_or_else(String::new, |(year, ..)| format!(" in the year {year},"));
                let hint = match (format, civil) {
                    (DateFormat::Unix, Some((year, ..))) if year > 2100 => {
                        "; in milliseconds it needs --date-format unix-ms"
                    }
                    _ => "",
                };
                format!(
                    "as a timestamp (--date-format {}) it falls{when} outside the years {}–{}{hint}",
                    format.name(),
                    TIMESTAMP_YEARS.start(),
                    TIMESTAMP_YEARS.end()
                )
            }
            // Read after all: cannot happen, but the message must still say something.
            Ok(date) => format!("it is the timestamp of {date}"),
        };
    }
    let digits = text.bytes().all(|b| b.is_ascii_digit());
    if digits && (9..=13).contains(&text.len()) {
        if let Some(why) = digits_problem(text) {
            return why;
        }
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
    match grammar::read(text, format) {
        Some(Err(flaw)) => flaw_problem(flaw, format),
        _ => "it is not a form slant reads (README, Dates)".into(),
    }
}

/// Why 9 to 13 digits are not read under `auto` (or an order): a timestamp, or `YYYYMMDDhh`
/// and a timestamp at once. `None` when they are neither.
fn digits_problem(text: &str) -> Option<String> {
    let parts = timestamp_parts(text)?;
    let stamp = |per_second| {
        from_timestamp(&parts, per_second)
            .filter(|&(year, ..)| TIMESTAMP_YEARS.contains(&i32::try_from(year).unwrap_or(0)))
            .map(|(year, month, day)| format!("{year:04}-{month:02}-{day:02}"))
    };
    let (seconds, millis) = (stamp(1), stamp(1000));
    if let Some(Ok(date)) = grammar::compact(text.as_bytes()).filter(|_| text.len() == 10) {
        let hour = text.get(8..).unwrap_or_default();
        let stamps: Vec<String> = [(seconds, "seconds"), (millis, "milliseconds")]
            .into_iter()
            .filter_map(|(day, unit)| Some(format!("{} in {unit}", day?)))
            .collect();
        let stamps = if stamps.is_empty() {
            String::new()
        } else {
            format!(", or a Unix timestamp of {}", stamps.join(" or "))
        };
        return Some(format!(
            "it is ambiguous: {date} at {hour} h written YYYYMMDDhh{stamps}; slant reads \
             neither, and no --date-format settles it: write dates as {date}T{hour}:00"
        ));
    }
    let readings: Vec<String> = [
        (DateFormat::Unix, 1, seconds, "seconds"),
        (DateFormat::UnixMs, 1000, millis, "milliseconds"),
    ]
    .into_iter()
    .filter(|&(_, per_second, ..)| timestamp_date(&parts, per_second).is_ok())
    .filter_map(|(format, _, day, unit)| Some(format!("{} ({unit}: {})", format.name(), day?)))
    .collect();
    (!readings.is_empty()).then(|| {
        format!(
            "it looks like a Unix timestamp: give --date-format {}",
            readings.join(" or ")
        )
    })
}

/// The capitalised English name of ISO weekday `number` (Monday = 1).
fn weekday_name(number: u32) -> String {
    let name = WEEKDAYS
        .get(number.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("?");
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// The words of the warning for a date-shaped string the calendar refuses.
fn flaw_problem(flaw: Flaw, format: DateFormat) -> String {
    let timestamps = format.units_per_second().is_some();
    match flaw {
        Flaw::Year => format!("the year is outside {MIN_YEAR}–{MAX_YEAR}"),
        Flaw::Month => "there is no such month".into(),
        Flaw::Day => "there is no such day".into(),
        Flaw::Week => "there is no such week: that year has 52 or 53 ISO weeks".into(),
        Flaw::NeitherOrder => {
            "it is not a date: read day first or month first, there is no such day or month".into()
        }
        Flaw::Order {
            day_first,
            month_first,
        } => {
            let readings = match (day_first, month_first) {
                (Some(d), Some(m)) => format!(": {d} (day first) or {m} (month first)"),
                _ => String::new(),
            };
            if timestamps {
                format!(
                    "it is ambiguous{readings}; --date-format {} reads digits as timestamps and \
                     cannot also give the order (one --date-format a run), so write dates as \
                     2013-05-24",
                    format.name()
                )
            } else {
                format!(
                    "it is ambiguous{readings}; give --date-format dmy or mdy, or write dates \
                     as 2013-05-24"
                )
            }
        }
        Flaw::TwoDigitYear { first, last } => {
            let flags = if timestamps {
                ""
            } else {
                ", or give --date-format ymd, dmy or mdy"
            };
            format!(
                "it is ambiguous: {first} (year first) or {last} (year last); write the year in \
                 four digits{flags}"
            )
        }
        Flaw::YearFirst(date) => {
            let flag = if timestamps {
                ""
            } else {
                ", or give --date-format ymd"
            };
            format!(
                "only {date}, year first, is a date, and a year first needs four digits: write \
                 it as {date}{flag}"
            )
        }
        Flaw::NotInOrder => format!(
            "it is not a date read as {} (--date-format {})",
            format.order_words().unwrap_or("declared"),
            format.name()
        ),
        Flaw::Weekday { named, date } => format!(
            "the weekday does not match the date: {date} was a {}, not a {}",
            weekday_name(super::weekday(date)),
            weekday_name(named)
        ),
    }
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
