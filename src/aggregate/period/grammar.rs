//! The date grammar: which strings have the shape of a date, and what the calendar says about
//! the date they spell. A shape slant does not read gives `None`; a shape it reads that is no
//! date (30 February, an ambiguous order, a wrong weekday) gives the [`Flaw`], so that the
//! warning can say why. Every read goes through [`Cursor`], so no input can make it panic.

use super::cursor::Cursor;
use super::{
    Date, DateFormat, MAX_YEAR, MIN_YEAR, civil_from_days, days_from_civil, iso_weeks_in_year,
    weekday,
};

/// Why a string with the shape of a date is not one (or not one slant may pick).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flaw {
    /// The year is outside 1000–9999.
    Year,
    /// The month is not 1–12.
    Month,
    /// The day is not in the month (or, for an ordinal date, in the year).
    Day,
    /// The ISO week is not in the year.
    Week,
    /// Numeric day/month where neither field can be the month.
    NeitherOrder,
    /// Numeric day/month where both orders are dates (`None` where the year is unreadable).
    Order {
        day_first: Option<Date>,
        month_first: Option<Date>,
    },
    /// `17/12/30`: year first and year last are both dates.
    TwoDigitYear { first: Date, last: Date },
    /// `99/12/30`: only year first is a date, and a year first needs four digits.
    YearFirst(Date),
    /// Not a date in the order `--date-format` declared.
    NotInOrder,
    /// The weekday named (1 = Monday) is not the date's.
    Weekday { named: u32, date: Date },
}

pub(super) type Reading = Result<Date, Flaw>;

/// The date `text` spells under `format` (after trimming), or the flaw that stops it; `None`
/// when it has no shape slant reads. Timestamps are not read here.
pub(super) fn read(text: &str, format: DateFormat) -> Option<Reading> {
    let mut c = Cursor {
        bytes: text.trim().as_bytes(),
        pos: 0,
    };
    let reading = match c.peek()? {
        b if b.is_ascii_digit() => numeric_first(&mut c, format)?,
        b if b.is_ascii_alphabetic() => word_first(&mut c)?,
        _ => return None,
    };
    time_tail(&mut c)?;
    Some(reading)
}

/// The date of `year`, `month`, `day` as written, or which of them is wrong.
pub(super) fn checked(year: i64, month: u32, day: u32) -> Reading {
    let year = i32::try_from(year)
        .ok()
        .filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y))
        .ok_or(Flaw::Year)?;
    if !(1..=12).contains(&month) {
        return Err(Flaw::Month);
    }
    Date::new(year, month, day).ok_or(Flaw::Day)
}

/// The date of a day count since 1970-01-01, when its year is 1000–9999.
fn from_days(days: i64) -> Reading {
    let (year, month, day) = civil_from_days(days);
    checked(year, month, day)
}

/// A compact `YYYYMMDD` followed by `hh`, `hhmm` or `hhmmss` (10, 12 or 14 digits): the date,
/// or its flaw; `None` when the length is another or the time is not one.
pub(super) fn compact(digits: &[u8]) -> Option<Reading> {
    let field = |at: usize| -> Option<u32> {
        let pair = digits.get(at..at + 2)?;
        Some(
            pair.iter()
                .fold(0, |acc, &b| acc * 10 + u32::from(b - b'0')),
        )
    };
    if !digits.iter().all(u8::is_ascii_digit) || !matches!(digits.len(), 8 | 10 | 12 | 14) {
        return None;
    }
    let year = i64::from(field(0)? * 100 + field(2)?);
    let time_ok = field(8).is_none_or(|h| h <= 23)
        && field(10).is_none_or(|m| m <= 59)
        && field(12).is_none_or(|s| s <= 60);
    time_ok.then(|| checked(year, field(4).unwrap_or(0), field(6).unwrap_or(0)))
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

/// Monday first, as ISO 8601 numbers them.
pub(super) const WEEKDAYS: [&str; 7] = [
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

pub(super) fn month_number(word: &[u8]) -> Option<u32> {
    if word.eq_ignore_ascii_case(b"sept") {
        return Some(9);
    }
    MONTHS
        .iter()
        .zip(1..)
        .find(|(name, _)| names(word, name))
        .map(|(_, number)| number)
}

/// The ISO number (Monday = 1) of a weekday name, its 3-letter abbreviation, `Tues`, `Thur`
/// or `Thurs`.
fn weekday_number(word: &[u8]) -> Option<u32> {
    let extra = [(&b"tues"[..], 2), (b"thur", 4), (b"thurs", 4)];
    WEEKDAYS
        .iter()
        .zip(1..)
        .find(|(name, _)| names(word, name))
        .map(|(_, number)| number)
        .or_else(|| {
            extra
                .iter()
                .find(|(abbr, _)| word.eq_ignore_ascii_case(abbr))
                .map(|&(_, number)| number)
        })
}

/// `reading`, refused when a weekday was named and it is not the date's: a wrong weekday says
/// the date itself may be wrong.
fn with_weekday(reading: Reading, named: Option<u32>) -> Reading {
    match (reading, named) {
        (Ok(date), Some(named)) if weekday(date) != named => Err(Flaw::Weekday { named, date }),
        (reading, _) => reading,
    }
}

/// A weekday after the date, as LexisNexis writes them (`April 5, 2023 Wednesday`), when no
/// weekday came before it; the cursor is left where it was when there is none.
fn trailing_weekday(c: &mut Cursor, named: &mut Option<u32>) {
    let start = c.pos;
    if named.is_none() && c.separator() {
        if let Some(number) = weekday_number(c.word()) {
            c.eat(b'.');
            *named = Some(number);
            return;
        }
    }
    c.pos = start;
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
pub(super) fn expand_two_digit_year(year: u32) -> Option<i32> {
    let year = i32::try_from(year).ok()?;
    Some(if year < 69 { 2000 + year } else { 1900 + year })
}

/// `yy/mm/dd` read year first, when that is a date: the reading that makes a two-digit year
/// last ambiguous.
fn year_first_two_digit(first: u32, second: u32, third: u32) -> Option<Date> {
    Date::new(expand_two_digit_year(first)?, second, third)
}

/// Dates that begin with a digit: ISO and its relatives, numeric day/month, `24 May 2013`.
fn numeric_first(c: &mut Cursor, format: DateFormat) -> Option<Reading> {
    let digits = c.advance_while(|b| b.is_ascii_digit());
    let separator = c.peek().filter(|b| matches!(b, b'-' | b'/' | b'.'));
    if let Some(reading) = compact(digits) {
        // 10 digits are a Unix timestamp as much as YYYYMMDDhh: never read.
        return (digits.len() != 10).then_some(reading);
    }
    let first = digits.iter().try_fold(0u32, |acc, &b| {
        acc.checked_mul(10)?.checked_add(u32::from(b - b'0'))
    })?;
    match (digits.len(), separator) {
        (4, _)
            if c.peek() == Some(b'W') || (c.peek() == Some(b'-') && c.peek_at(1) == Some(b'W')) =>
        {
            week_date(c, first.into())
        }
        (4, Some(sep)) => {
            c.pos += 1;
            let (month, len) = c.number()?;
            if len == 3 && sep == b'-' {
                // Ordinal date: 2023-095 is the 95th day of 2023.
                let year = i64::from(first);
                let last = if super::is_leap(year) { 366 } else { 365 };
                return Some(match checked(year, 1, 1) {
                    Err(flaw) => Err(flaw),
                    Ok(_) if !(1..=last).contains(&month) => Err(Flaw::Day),
                    Ok(_) => from_days(days_from_civil(year, 1, 1) + i64::from(month) - 1),
                });
            }
            (len <= 2).then_some(())?;
            c.eat(sep).then_some(())?;
            let day = c.number_of(&[1, 2])?;
            Some(checked(first.into(), month, day))
        }
        (len @ (1 | 2), Some(sep)) => {
            c.pos += 1;
            if c.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
                // 24-May-2013
                let month = month_number(c.word())?;
                c.eat(sep).then_some(())?;
                return Some(checked(c.year4()?, month, first));
            }
            let second = c.number_of(&[1, 2])?;
            c.eat(sep).then_some(())?;
            let third = c.number()?;
            Some(day_month_numbers(format, (first, len), second, third))
        }
        (1 | 2, None) => day_month_year(c, first, None),
        _ => None,
    }
}

/// `2023-W14-3` or `2023W143` once the year has been read: ISO week 14, its third day.
fn week_date(c: &mut Cursor, year: i64) -> Option<Reading> {
    let extended = c.eat(b'-');
    c.eat(b'W').then_some(())?;
    let (week, day) = if extended {
        let week = c.number_of(&[2])?;
        c.eat(b'-').then_some(())?;
        (week, c.number_of(&[1])?)
    } else {
        let both = c.number_of(&[3])?;
        (both / 10, both % 10)
    };
    Some(checked(year, 1, 4).and_then(|_| {
        if !(1..=iso_weeks_in_year(year)).contains(&i64::from(week)) {
            return Err(Flaw::Week);
        }
        if !(1..=7).contains(&day) {
            return Err(Flaw::Day);
        }
        // Week 1 is the week of 4 January.
        let jan4 = days_from_civil(year, 1, 4);
        let monday = jan4 - (jan4 + 3).rem_euclid(7);
        from_days(monday + 7 * (i64::from(week) - 1) + i64::from(day) - 1)
    }))
}

/// A numeric form whose first field has one or two digits (`first` and its length): day and
/// month in the order `format` declares, or, under `auto`, in the only order that is a date.
fn day_month_numbers(
    format: DateFormat,
    (first, len): (u32, usize),
    second: u32,
    third: (u32, usize),
) -> Reading {
    let year_last = match third {
        (year, 4) => Some(i64::from(year)),
        (year, 2) => expand_two_digit_year(year).map(i64::from),
        _ => None,
    };
    let declared = |year: Option<i64>, month, day| {
        year.ok_or(Flaw::NotInOrder)
            .and_then(|y| checked(y, month, day))
            .map_err(|flaw| {
                if flaw == Flaw::Year {
                    flaw
                } else {
                    Flaw::NotInOrder
                }
            })
    };
    match format {
        DateFormat::Dmy => return declared(year_last, second, first),
        DateFormat::Mdy => return declared(year_last, first, second),
        DateFormat::Ymd => {
            return match (len, third) {
                (2, (day, 1 | 2)) => {
                    declared(expand_two_digit_year(first).map(i64::from), second, day)
                }
                _ => Err(Flaw::NotInOrder),
            };
        }
        DateFormat::Auto | DateFormat::Unix | DateFormat::UnixMs => {}
    }
    let could_be_month = |n: u32| (1..=12).contains(&n);
    let both_months = could_be_month(first) && could_be_month(second) && first != second;
    if len == 2 && third.1 == 2 {
        // `17/12/30` may be year first (2017-12-30) as well as day first.
        if let Some(year_first) = year_first_two_digit(first, second, third.0) {
            let year = year_last.unwrap_or(0);
            let last = if both_months {
                None
            } else {
                day_month_numbers(format, (first, 1), second, third).ok()
            };
            return Err(match last {
                // `12/12/12`: every order is the same date.
                Some(last) if last == year_first => return Ok(last),
                Some(last) => Flaw::TwoDigitYear {
                    first: year_first,
                    last,
                },
                None if both_months => Flaw::Order {
                    day_first: checked(year, second, first).ok(),
                    month_first: checked(year, first, second).ok(),
                },
                None => Flaw::YearFirst(year_first),
            });
        }
    }
    let Some(year) = year_last else {
        return Err(if both_months {
            Flaw::Order {
                day_first: None,
                month_first: None,
            }
        } else {
            Flaw::NeitherOrder
        });
    };
    match (could_be_month(first), could_be_month(second)) {
        _ if first == second => checked(year, first, second),
        (true, true) => {
            checked(year, 1, 1)?;
            Err(Flaw::Order {
                day_first: checked(year, second, first).ok(),
                month_first: checked(year, first, second).ok(),
            })
        }
        (true, false) => checked(year, first, second),
        (false, true) => checked(year, second, first),
        (false, false) => {
            checked(year, 1, 1)?;
            Err(Flaw::NeitherOrder)
        }
    }
}

/// The rest of `24 May 2013`, `4th September, 2013` or RFC 2822's `Wed, 05 Apr 23 13:22`
/// once the day (and any weekday before it) has been read.
fn day_month_year(c: &mut Cursor, day: u32, mut named: Option<u32>) -> Option<Reading> {
    ordinal_suffix(c)?;
    (c.spaces() > 0).then_some(())?;
    c.keyword(b"of");
    let month = month_number(c.word())?;
    c.eat(b'.');
    c.separator().then_some(())?;
    let year = match c.number()? {
        (year, 4) => i64::from(year),
        // RFC 2822 §4.3 (obsolete syntax): a two-digit year is 2000 + it below 50, else
        // 1900 + it; only in that shape, which a time always follows.
        (year, 2) if time_follows(c) => {
            i64::from(if year < 50 { 2000 + year } else { 1900 + year })
        }
        _ => return None,
    };
    let reading = checked(year, month, day);
    trailing_weekday(c, &mut named);
    Some(with_weekday(reading, named))
}

/// True when white space and `h:mm` come next (the cursor does not move).
fn time_follows(c: &mut Cursor) -> bool {
    let start = c.pos;
    let found =
        c.spaces() > 0 && c.number().is_some_and(|(_, len)| len <= 2) && c.peek() == Some(b':');
    c.pos = start;
    found
}

/// Dates that begin with a word: `May 24, 2013`, `Sept. 4, 2013`, RFC 2822 with its weekday.
fn word_first(c: &mut Cursor) -> Option<Reading> {
    let mut word = c.word();
    let mut named = weekday_number(word);
    if named.is_some() {
        c.eat(b'.');
        c.separator().then_some(())?;
        if c.peek().is_some_and(|b| b.is_ascii_digit()) {
            let day = c.number_of(&[1, 2])?;
            return day_month_year(c, day, named);
        }
        word = c.word();
    }
    let month = month_number(word)?;
    c.eat(b'.');
    (c.spaces() > 0).then_some(())?;
    let day = c.number_of(&[1, 2])?;
    ordinal_suffix(c)?;
    c.separator().then_some(())?;
    let reading = checked(c.year4()?, month, day);
    trailing_weekday(c, &mut named);
    Some(with_weekday(reading, named))
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

/// An upper-case zone abbreviation of at most 5 letters (`GMT`, `EDT`, `UTC`).
fn zone_name(c: &mut Cursor) -> Option<()> {
    let name = c.word();
    (name.len() <= 5 && name.iter().all(u8::is_ascii_uppercase)).then_some(())
}

/// An optional zone: `Z`, `+02:00`, `-0500`, `+2`, an upper-case abbreviation such as `GMT`,
/// `EDT` or `UTC+2`, or an offset and then its name, as Go writes them (`+0000 UTC`). `None`
/// only when something zone-like is malformed.
fn zone(c: &mut Cursor) -> Option<()> {
    let named = c.peek().is_some_and(|b| b.is_ascii_uppercase());
    if named {
        zone_name(c)?;
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
        let before_name = c.pos;
        if !named && c.spaces() > 0 && c.peek().is_some_and(|b| b.is_ascii_uppercase()) {
            zone_name(c)?;
        } else {
            c.pos = before_name;
        }
    }
    Some(())
}
