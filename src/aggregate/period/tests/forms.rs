//! Tests of the forms and reasons added after the date audit: times after unreadable dates,
//! impossible days in month-name forms, compact date-times, timestamps that spell dates, new
//! export forms and weekdays that do not match.
use super::super::*;

fn date(year: i32, month: u32, day: u32) -> Option<Date> {
    Some(Date { year, month, day })
}

#[test]
fn a_trailing_time_does_not_change_the_reason() {
    let why = |text: &str| DateFormat::Auto.problem(text);
    for (date, time) in [
        ("04/05/2023", " 13:22"),
        ("04/05/2023", "T13:22:01Z"),
        ("04/05/2023", ", 1:22 PM"),
        ("17/12/30", " 10:00"),
        ("2023-04-31", " 10:00 +0200"),
        ("April 31, 2023", " at 10:45 am EDT"),
        ("00/04/2023", " 13:22"),
        ("Thu, 05 Apr 2023", " 13:22:01 GMT"),
    ] {
        assert_eq!(why(&format!("{date}{time}")), why(date), "{date}{time}");
    }
    assert!(why("04/05/2023 13:22").starts_with("it is ambiguous: 2023-05-04 (day first)"));
    assert_eq!(
        DateFormat::Dmy.problem("12/30/2017 10:00"),
        "it is not a date read as day/month/year (--date-format dmy)"
    );
}

#[test]
fn month_name_dates_that_do_not_exist_say_so() {
    let why = |text| DateFormat::Auto.problem(text);
    for text in [
        "April 31, 2023",
        "31 April 2023",
        "31-Apr-2023",
        "Feb 29, 2023",
        "Monday, April 31, 2023",
        "April 31, 2023 Monday",
        "Sun, 31 Apr 2023 10:00:00 GMT",
    ] {
        assert_eq!(why(text), "there is no such day", "{text}");
    }
    assert_eq!(why("May 0, 2023"), "there is no such day");
    assert_eq!(why("May 24, 0999"), "the year is outside 1000–9999");
}

#[test]
fn a_numeric_date_in_neither_order_is_no_date() {
    let why = |text| DateFormat::Auto.problem(text);
    assert_eq!(why("00/04/2023"), "there is no such day");
    assert_eq!(why("04/00/2023"), "there is no such day");
    assert_eq!(why("00/00/2023"), "there is no such month");
    assert_eq!(why("31/02/2023"), "there is no such day");
    assert_eq!(
        why("45/13/2023"),
        "it is not a date: read day first or month first, there is no such day or month"
    );
    assert_eq!(
        why("99/12/30"),
        "only 1999-12-30, year first, is a date, and a year first needs four digits: write it \
         as 1999-12-30, or give --date-format ymd"
    );
    // Every order is the same date: read.
    assert_eq!(parse_date("12/12/12"), date(2012, 12, 12));
    assert_eq!(parse_date("05/05/05"), date(2005, 5, 5));
}

#[test]
fn compact_date_times() {
    let d = date(2023, 4, 5);
    assert_eq!(parse_date("202304051322"), d);
    assert_eq!(parse_date("20230405132201"), d);
    assert_eq!(parse_date("20230405235960"), d);
    assert_eq!(DateFormat::Dmy.parse("202304051322"), d);
    for refused in [
        "202304052422",
        "202304051360",
        "20230405132261",
        "20231305132201",
    ] {
        assert_eq!(parse_date(refused), None, "{refused}");
    }
    // 10 digits are YYYYMMDDhh as much as a timestamp: refused, with both readings and no
    // advice that leads to one of them.
    assert_eq!(parse_date("2023040513"), None);
    let why = DateFormat::Auto.problem("2023040513");
    assert_eq!(
        why,
        "it is ambiguous: 2023-04-05 at 13 h written YYYYMMDDhh, or a Unix timestamp of \
         2034-02-08 in seconds or 1970-01-24 in milliseconds; slant reads neither, and no \
         --date-format settles it: write dates as 2023-04-05T13:00"
    );
    // Digits that are no date as written are timestamps, with the day each unit gives.
    assert_eq!(
        DateFormat::Auto.problem("1369353600"),
        "it looks like a Unix timestamp: give --date-format unix (seconds: 2013-05-24) or \
         unix-ms (milliseconds: 1970-01-16)"
    );
    assert_eq!(
        DateFormat::Auto.problem("1369353600000"),
        "it looks like a Unix timestamp: give --date-format unix-ms (milliseconds: 2013-05-24)"
    );
    // An invalid date-time of 12 digits that is a plausible timestamp in milliseconds.
    assert!(
        DateFormat::Auto
            .problem("946684800000")
            .ends_with("unix-ms (milliseconds: 2000-01-01)")
    );
}

#[test]
fn timestamps_that_are_dates_or_implausible_are_refused_with_a_reason() {
    let unix = |text| DateFormat::Unix.parse(text);
    let ms = |text| DateFormat::UnixMs.parse(text);
    // A year, a date or a date-time as written is not also read as a timestamp.
    for text in [
        "2023",
        "20230405",
        "2023040513",
        "202304051322",
        "20230405132201",
    ] {
        assert_eq!(unix(text), None, "{text}");
        assert_eq!(ms(text), None, "{text}");
    }
    assert_eq!(
        DateFormat::Unix.problem("2023"),
        "its digits spell the year 2023 as written as much as a timestamp, so --date-format \
         unix does not read it (write dates as 2013-05-24)"
    );
    assert!(
        DateFormat::Unix
            .problem("2023040513")
            .starts_with("its digits spell 2023-04-05 as written")
    );
    // Outside 1900–2100: milliseconds given as seconds, or a wild number.
    assert_eq!(unix("1369353600000"), None);
    assert_eq!(unix("4133980799"), date(2100, 12, 31));
    assert_eq!(unix("4133980800"), None);
    assert_eq!(unix("-2208988800"), date(1900, 1, 1));
    assert_eq!(unix("-2208988801"), None);
    assert_eq!(
        DateFormat::UnixMs.problem("-2208988801000"),
        "as a timestamp (--date-format unix-ms) it falls in the year 1899, outside the years \
         1900–2100"
    );
    // Signs and fractions never spell a date.
    assert_eq!(unix("20230405.0"), date(1970, 8, 23));
}

#[test]
fn under_unix_an_ambiguous_order_does_not_send_to_another_date_format() {
    let why = DateFormat::Unix.problem("04/05/2023");
    assert!(!why.contains("dmy"), "{why}");
    assert_eq!(
        why,
        "it is ambiguous: 2023-05-04 (day first) or 2023-04-05 (month first); --date-format \
         unix reads digits as timestamps and cannot also give the order (one --date-format a \
         run), so write dates as 2013-05-24"
    );
    assert!(
        !DateFormat::UnixMs
            .problem("17/12/30")
            .contains("--date-format ymd")
    );
}

#[test]
fn two_digit_years() {
    // Numeric forms: POSIX %y, 00–68 are 2000–2068, 69–99 are 1969–1999.
    assert_eq!(parse_date("12/31/68"), date(2068, 12, 31));
    assert_eq!(parse_date("12/31/69"), date(1969, 12, 31));
    // RFC 2822 §4.3, only in its shape (a time follows): below 50 is 20xx, else 19xx.
    assert_eq!(parse_date("Wed, 05 Apr 23 13:22:01 GMT"), date(2023, 4, 5));
    assert_eq!(parse_date("05 Apr 49 13:22 +0000"), date(2049, 4, 5));
    assert_eq!(parse_date("Wed, 05 Apr 50 13:22 +0000"), date(1950, 4, 5));
    assert_eq!(parse_date("05 Apr 99 13:22"), date(1999, 4, 5));
    assert_eq!(parse_date("05 Apr 23"), None);
    assert_eq!(parse_date("Wed, 05 Apr 23"), None);
    assert_eq!(parse_date("Apr 05, 23 13:22"), None);
}

#[test]
fn forms_that_exports_use() {
    let d = date(2023, 4, 5);
    // LexisNexis date lines: the weekday after the date, and a time after that.
    assert_eq!(parse_date("April 5, 2023 Wednesday"), d);
    assert_eq!(parse_date("5 April 2023 Wednesday"), d);
    assert_eq!(parse_date("April 5, 2023, Wed."), d);
    assert_eq!(parse_date("April 5, 2023 Wednesday 6:50 PM EST"), d);
    assert_eq!(parse_date("Wednesday 5 April 2023"), d);
    assert_eq!(parse_date("Wednesday, April 5, 2023 Wednesday"), None);
    // Go's default time format: an offset and then the zone's name.
    assert_eq!(parse_date("2023-04-05 13:22:01 +0000 UTC"), d);
    assert_eq!(parse_date("2023-04-05 13:22:01.123456789 -0700 MST"), d);
    assert_eq!(parse_date("2023-04-05 13:22:01 +0000 utc"), None);
    assert_eq!(parse_date("2023-04-05 13:22:01 +0000 UTCPLUS"), None);
    // ISO 8601 week dates and ordinal dates.
    assert_eq!(parse_date("2023-W14-3"), d);
    assert_eq!(parse_date("2023W143"), d);
    assert_eq!(parse_date("2023-W14-3T13:22:01Z"), d);
    assert_eq!(parse_date("2023-095"), d);
    assert_eq!(parse_date("2023-095T13:22"), d);
    assert_eq!(parse_date("2020-W53-5"), date(2021, 1, 1));
    assert_eq!(parse_date("2023-W01-1"), date(2023, 1, 2));
    assert_eq!(parse_date("2024-366"), date(2024, 12, 31));
    assert_eq!(parse_date("2023-001"), date(2023, 1, 1));
    let why = |text| DateFormat::Auto.problem(text);
    assert_eq!(parse_date("2021-W53-1"), None);
    assert_eq!(
        why("2021-W53-1"),
        "there is no such week: that year has 52 or 53 ISO weeks"
    );
    assert_eq!(why("2023-W14-8"), "there is no such day");
    assert_eq!(why("2023-366"), "there is no such day");
    assert_eq!(why("2023-000"), "there is no such day");
    for refused in [
        "2023-W14",
        "2023-W1-3",
        "2023/095",
        "2023.095",
        "2023-95",
        "2023-0950",
    ] {
        assert_eq!(parse_date(refused), None, "{refused}");
    }
}

/// Every day from 1899 to 2101 reads back as itself from its ISO week date and its ordinal
/// date.
#[test]
fn week_and_ordinal_dates_agree_with_the_calendar() {
    for days in days_from_civil(1899, 1, 1)..=days_from_civil(2101, 12, 31) {
        let (year, month, day) = civil_from_days(days);
        let d = Date::new(i32::try_from(year).unwrap(), month, day).unwrap();
        let (week_year, week) = iso_week(d);
        let week_date = format!("{week_year:04}-W{week:02}-{}", weekday(d));
        assert_eq!(parse_date(&week_date), Some(d), "{week_date}");
        let ordinal = format!("{year:04}-{:03}", days - days_from_civil(year, 1, 1) + 1);
        assert_eq!(parse_date(&ordinal), Some(d), "{ordinal}");
    }
}

#[test]
fn a_weekday_that_is_not_the_dates_is_refused() {
    let why = |text| DateFormat::Auto.problem(text);
    for text in [
        "Thu, 05 Apr 2023",
        "Thu, 05 Apr 2023 13:22:01 GMT",
        "Thursday, April 5, 2023",
        "April 5, 2023 Thursday",
        "5 April 2023 Thurs.",
    ] {
        assert_eq!(parse_date(text), None, "{text}");
        assert_eq!(
            why(text),
            "the weekday does not match the date: 2023-04-05 was a Wednesday, not a Thursday",
            "{text}"
        );
    }
    assert_eq!(parse_date("Wed, 05 Apr 2023"), date(2023, 4, 5));
    assert_eq!(parse_date("wed 05 apr 2023"), date(2023, 4, 5));
}
