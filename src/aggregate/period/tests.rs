//! Tests of date parsing and period labels.
use super::*;

mod forms;

fn date(year: i32, month: u32, day: u32) -> Option<Date> {
    Some(Date { year, month, day })
}

fn label(text: &str, period: Period) -> String {
    let parsed = parse_date(text);
    assert!(parsed.is_some(), "{text:?} should parse");
    parsed.map(|d| period_label(d, period)).unwrap_or_default()
}

#[test]
fn iso_dates_and_times() {
    let d = date(2013, 5, 24);
    assert_eq!(parse_date("2013-05-24"), d);
    assert_eq!(parse_date("  2013-05-24\n"), d);
    assert_eq!(parse_date("2013-5-4"), date(2013, 5, 4));
    assert_eq!(parse_date("2013-05-24T10:00:00"), d);
    assert_eq!(parse_date("2013-05-24t10:00"), d);
    assert_eq!(parse_date("2013-05-24 10:00"), d);
    assert_eq!(parse_date("2013-05-24T10:00:00Z"), d);
    assert_eq!(parse_date("2013-05-24T10:00:00.123456Z"), d);
    assert_eq!(parse_date("2013-05-24T10:00:00,5Z"), d);
    assert_eq!(parse_date("2013-05-24T10:00:00+02:00"), d);
    assert_eq!(parse_date("2013-05-24T10:00:00-0500"), d);
    assert_eq!(parse_date("2013-05-24 10:00:00 +02"), d);
    assert_eq!(parse_date("2013-05-24 10:00 UTC"), d);
    assert_eq!(parse_date("2013-05-24 10:00 GMT+2"), d);
    assert_eq!(parse_date("2013/05/24"), d);
    assert_eq!(parse_date("2013.05.24"), d);
    assert_eq!(parse_date("20130524"), d);
    assert_eq!(parse_date("20130524T100000Z"), d);
    assert_eq!(parse_date("20130524T1000"), d);
}

#[test]
fn the_written_date_is_kept_without_zone_conversion() {
    assert_eq!(parse_date("2013-05-24T23:30:00-05:00"), date(2013, 5, 24));
    assert_eq!(parse_date("2013-05-25T00:30:00+14:00"), date(2013, 5, 25));
}

#[test]
fn month_name_forms() {
    let d = date(2013, 5, 24);
    assert_eq!(parse_date("May 24, 2013"), d);
    assert_eq!(parse_date("May 24 2013"), d);
    assert_eq!(parse_date("may 24,2013"), d);
    assert_eq!(parse_date("MAY 24, 2013"), d);
    assert_eq!(parse_date("24 May 2013"), d);
    assert_eq!(parse_date("24 May, 2013"), d);
    assert_eq!(parse_date("24th of May 2013"), d);
    assert_eq!(parse_date("24-May-2013"), d);
    assert_eq!(parse_date("24 may 2013"), d);
    assert_eq!(parse_date("Sept. 4, 2013"), date(2013, 9, 4));
    assert_eq!(parse_date("Sep 4, 2013"), date(2013, 9, 4));
    assert_eq!(parse_date("September 4th, 2013"), date(2013, 9, 4));
    assert_eq!(parse_date("September 1st 2013"), date(2013, 9, 1));
    assert_eq!(parse_date("Jan. 2, 2014"), date(2014, 1, 2));
    assert_eq!(parse_date("feb 3, 2014"), date(2014, 2, 3));
    assert_eq!(parse_date("Dec. 31, 1999"), date(1999, 12, 31));
    assert_eq!(parse_date("Friday, May 24, 2013"), d);
    assert_eq!(parse_date("Fri. May 24 2013"), d);
    assert_eq!(parse_date("Thurs., May 23, 2013"), date(2013, 5, 23));
    assert_eq!(parse_date("24\u{a0}May\u{a0}2013"), d);
}

#[test]
fn trailing_times_after_month_names() {
    let d = date(2013, 5, 24);
    assert_eq!(parse_date("May 24, 2013 10:45 AM"), d);
    assert_eq!(parse_date("May 24, 2013 10:45AM"), d);
    assert_eq!(parse_date("May 24, 2013, 9:05 p.m."), d);
    assert_eq!(parse_date("May 24, 2013 at 10:45 am EDT"), d);
    assert_eq!(parse_date("May 24, 2013 10 AM"), d);
    assert_eq!(parse_date("24 May 2013 22:10"), d);
    assert_eq!(parse_date("May 24, 2013 12:00 PM ET"), d);
}

#[test]
fn rfc_2822() {
    let d = date(2013, 5, 24);
    assert_eq!(parse_date("Fri, 24 May 2013 10:00:00 +0000"), d);
    assert_eq!(parse_date("Fri, 24 May 2013 10:00:00 GMT"), d);
    assert_eq!(parse_date("Fri, 24 May 2013 10:00 -0400 (EDT)"), d);
    assert_eq!(parse_date("24 May 2013 10:00:00 +0000"), d);
    // A wrong weekday is refused (24 May 2013 was a Friday): the date may be wrong too.
    assert_eq!(parse_date("Mon, 24 May 2013 10:00:00 +0000"), None);
}

#[test]
fn numeric_day_month_only_when_unambiguous() {
    assert_eq!(parse_date("12/30/17"), date(2017, 12, 30));
    assert_eq!(parse_date("9/16/17"), date(2017, 9, 16));
    assert_eq!(parse_date("30/12/2017"), date(2017, 12, 30));
    assert_eq!(parse_date("30.12.2017"), date(2017, 12, 30));
    assert_eq!(parse_date("30-12-2017"), date(2017, 12, 30));
    assert_eq!(parse_date("4/4/17"), date(2017, 4, 4));
    assert_eq!(parse_date("11/18/16 10:00"), date(2016, 11, 18));
    assert_eq!(parse_date("1/21/70"), date(1970, 1, 21));
    assert_eq!(parse_date("1/21/68"), date(2068, 1, 21));
    assert_eq!(parse_date("05/06/2013"), None);
    assert_eq!(parse_date("3/8/17"), None);
    assert_eq!(parse_date("13/13/2013"), None);
    assert_eq!(parse_date("12/30/2017/"), None);
    assert_eq!(parse_date("12/30-2017"), None);
    assert_eq!(parse_date("12/30/017"), None);
    // A two-digit year last is refused when year first is a date too.
    assert_eq!(parse_date("17/12/30"), None); // 2017-12-30 or 2030-12-17
    assert_eq!(parse_date("24/05/13"), None); // 2024-05-13 or 2013-05-24
    assert_eq!(parse_date("30/12/17"), None); // 2030-12-17 or 2017-12-30
    assert_eq!(parse_date("30/12/97"), date(1997, 12, 30)); // no day 97
    assert_eq!(parse_date("12/31/17"), date(2017, 12, 31)); // no month 31
}

#[test]
fn a_date_that_cannot_be_read_says_why() {
    let why = |text| DateFormat::Auto.problem(text);
    assert_eq!(
        why("17/12/30"),
        "it is ambiguous: 2017-12-30 (year first) or 2030-12-17 (year last); write the year in \
         four digits, or give --date-format ymd, dmy or mdy"
    );
    assert_eq!(
        why("05/06/2013"),
        "it is ambiguous: 2013-06-05 (day first) or 2013-05-06 (month first); give \
         --date-format dmy or mdy, or write dates as 2013-05-24"
    );
    assert!(why("4/12/19").starts_with("it is ambiguous: 2019-12-04 (day first) or 2019-04-12"));
    assert!(why("4/12/019").starts_with("it is ambiguous; give --date-format"));
    assert!(why("1369353600").contains("Unix timestamp"));
    assert!(why("1369353600000").contains("Unix timestamp"));
    assert!(why("2013").starts_with("it has no day"));
    assert!(why("May 2013").starts_with("it has no day"));
    assert!(why("Sept. 2013").starts_with("it has no day"));
    assert_eq!(why("2013-02-30"), "there is no such day");
    assert_eq!(why("0001-11-30"), "the year is outside 1000–9999");
    // A month or a year alone is read (Partial) unless its year or month is out of range.
    assert_eq!(why("0999"), "the year is outside 1000–9999");
    assert_eq!(why("May 0999"), "the year is outside 1000–9999");
    assert_eq!(why("0999-05"), "the year is outside 1000–9999");
    assert_eq!(why("2013-13"), "there is no such month");
    assert_eq!(why("13/2013"), "there is no such month");
    assert_eq!(Partial::parse("0999", DateFormat::Auto), None);
    assert_eq!(Partial::parse("2013-13", DateFormat::Auto), None);
    assert_eq!(
        why("garbage"),
        "it is not a form slant reads (README, Dates)"
    );
    // Neither order is a date: said so, not "not a form" (item 3 of the date audit).
    assert_eq!(why("13/13/2013"), "there is no such month");
}

#[test]
fn a_declared_order_reads_every_numeric_date_in_it() {
    let dmy = |text| DateFormat::Dmy.parse(text);
    let mdy = |text| DateFormat::Mdy.parse(text);
    let ymd = |text| DateFormat::Ymd.parse(text);
    assert_eq!(dmy("05/06/2013"), date(2013, 6, 5));
    assert_eq!(dmy("04.10.2024"), date(2024, 10, 4));
    assert_eq!(dmy("4.10.2024 10:00"), date(2024, 10, 4));
    assert_eq!(dmy("17/12/30"), date(2030, 12, 17));
    assert_eq!(dmy("24/05/13"), date(2013, 5, 24));
    assert_eq!(mdy("05/06/2013"), date(2013, 5, 6));
    assert_eq!(mdy("12/30/17"), date(2017, 12, 30));
    assert_eq!(ymd("17/12/30"), date(2017, 12, 30));
    assert_eq!(ymd("13.05.24"), date(2013, 5, 24));
    // A date that only the other order makes is refused: the corpus said which order it uses.
    assert_eq!(dmy("12/30/17"), None);
    assert_eq!(mdy("30.12.2017"), None);
    assert_eq!(ymd("05/06/2013"), None);
    assert_eq!(ymd("5/06/24"), None);
    // Forms that say their own order read as in `auto`.
    for format in [DateFormat::Dmy, DateFormat::Mdy, DateFormat::Ymd] {
        assert_eq!(format.parse("2013-05-24"), date(2013, 5, 24));
        assert_eq!(format.parse("2013/05/24"), date(2013, 5, 24));
        assert_eq!(format.parse("20130524"), date(2013, 5, 24));
        assert_eq!(format.parse("24 May 2013"), date(2013, 5, 24));
        assert_eq!(format.parse("24-May-2013"), date(2013, 5, 24));
        assert_eq!(format.parse("May 24, 2013"), date(2013, 5, 24));
    }
    assert_eq!(
        DateFormat::Dmy.problem("12/30/17"),
        "it is not a date read as day/month/year (--date-format dmy)"
    );
    assert_eq!(
        DateFormat::Ymd.problem("05/06/2013"),
        "it is not a date read as year/month/day (--date-format ymd)"
    );
    assert_eq!(
        DateFormat::Dmy.problem("2013-02-30"),
        "there is no such day"
    );
}

#[test]
fn timestamps_are_read_as_their_utc_day() {
    let unix = |text| DateFormat::Unix.parse(text);
    let ms = |text| DateFormat::UnixMs.parse(text);
    assert_eq!(unix("0"), date(1970, 1, 1));
    assert_eq!(unix("86399"), date(1970, 1, 1));
    assert_eq!(unix("86400"), date(1970, 1, 2));
    // 2013-05-24T00:00:00Z and one second before it.
    assert_eq!(unix("1369353600"), date(2013, 5, 24));
    assert_eq!(unix("1369353599"), date(2013, 5, 23));
    assert_eq!(unix(" 1369353600.75 "), date(2013, 5, 24));
    assert_eq!(ms("1369353600000"), date(2013, 5, 24));
    assert_eq!(ms("1369353599999"), date(2013, 5, 23));
    // Before 1970: floor, not truncation, so -1 s and -0.5 s are 31 December 1969.
    assert_eq!(unix("-1"), date(1969, 12, 31));
    assert_eq!(unix("-0.5"), date(1969, 12, 31));
    assert_eq!(unix("-0.0"), date(1970, 1, 1));
    assert_eq!(ms("-1"), date(1969, 12, 31));
    // 2000-02-29 (a leap day of a century year); the last second of 9999 is a year past the
    // years timestamps are read in (1900–2100).
    assert_eq!(unix("951782400"), date(2000, 2, 29));
    assert_eq!(unix("253402300799"), None);
    assert_eq!(unix("253402300800"), None);
    assert_eq!(unix("999999999999999999"), None);
    assert_eq!(unix("9999999999999999999"), None);
    assert_eq!(unix("1e9"), None);
    assert_eq!(unix("12.3.4"), None);
    assert_eq!(unix("-"), None);
    assert_eq!(unix("."), None);
    // 8 digits that spell a date are not read as a timestamp (1970-08-21) any more than as
    // the date; 8 digits that do not spell one are a timestamp. The other forms still read.
    assert_eq!(unix("20130524"), None);
    assert_eq!(unix("20131324"), date(1970, 8, 22));
    assert_eq!(unix("2013-05-24T10:00:00Z"), date(2013, 5, 24));
    assert_eq!(
        DateFormat::Unix.problem("253402300800"),
        "as a timestamp (--date-format unix) it falls in the year 10000, outside the years \
         1900–2100; in milliseconds it needs --date-format unix-ms"
    );
    assert!(
        DateFormat::Auto
            .problem("1369353600")
            .contains("--date-format unix")
    );
}

/// Every day from 1000 to 9999 (at noon UTC) reads back as itself through a timestamp, when
/// its year is one timestamps are read in (1900–2100).
#[test]
fn timestamps_agree_with_the_calendar() {
    for days in (days_from_civil(1000, 1, 1)..=days_from_civil(9999, 12, 31)).step_by(97) {
        let (year, month, day) = civil_from_days(days);
        assert_eq!(
            days_from_civil(year, month.into(), day.into()),
            days,
            "{year}-{month}-{day}"
        );
        let noon = days * 86_400 + 43_200;
        let expected = Date::new(i32::try_from(year).unwrap(), month, day)
            .filter(|d| TIMESTAMP_YEARS.contains(&d.year));
        // Seconds that also spell a date as written (`2036071912`) are not read either.
        let seconds = expected.filter(|_| spelled_date(noon.to_string().as_bytes()).is_none());
        assert_eq!(DateFormat::Unix.parse(&noon.to_string()), seconds);
        assert_eq!(
            DateFormat::UnixMs.parse(&(noon * 1000).to_string()),
            expected
        );
    }
}

#[test]
fn a_month_or_a_year_alone_has_a_month_or_year_period() {
    let partial = |text| Partial::parse(text, DateFormat::Auto);
    let month = |year, month| Some(Partial::Month { year, month });
    assert_eq!(partial("2013-05"), month(2013, 5));
    assert_eq!(partial("2013/5"), month(2013, 5));
    assert_eq!(partial("05/2013"), month(2013, 5));
    assert_eq!(partial("5.2013"), month(2013, 5));
    assert_eq!(partial("May 2013"), month(2013, 5));
    assert_eq!(partial(" Sept. 2013 "), month(2013, 9));
    assert_eq!(partial("2013"), Some(Partial::Year(2013)));
    for not_one in [
        "2013-13",
        "0999",
        "10000",
        "13/2013",
        "2013-05-24",
        "May",
        "2013-",
        "-05",
    ] {
        assert_eq!(partial(not_one), None, "{not_one}");
    }
    // Digits are a timestamp when the corpus says it holds timestamps.
    assert_eq!(Partial::parse("2013", DateFormat::Unix), None);
    assert_eq!(Partial::parse("2013-05", DateFormat::Unix), month(2013, 5));
    let may = Partial::Month {
        year: 2013,
        month: 5,
    };
    assert_eq!(may.label(Period::Month).as_deref(), Some("2013-05"));
    assert_eq!(may.label(Period::Year).as_deref(), Some("2013"));
    assert_eq!(may.label(Period::Week), None);
    assert_eq!(may.label(Period::Day), None);
    assert_eq!(
        Partial::Year(2013).label(Period::Year).as_deref(),
        Some("2013")
    );
    assert_eq!(Partial::Year(2013).label(Period::Month), None);
}

#[test]
fn dates_must_exist() {
    assert_eq!(parse_date("2024-02-29"), date(2024, 2, 29));
    assert_eq!(parse_date("2000-02-29"), date(2000, 2, 29));
    assert_eq!(parse_date("2023-02-29"), None);
    assert_eq!(parse_date("1900-02-29"), None);
    assert_eq!(parse_date("2013-02-30"), None);
    assert_eq!(parse_date("Feb 30, 2013"), None);
    assert_eq!(parse_date("2013-13-01"), None);
    assert_eq!(parse_date("2013-00-10"), None);
    assert_eq!(parse_date("2013-04-31"), None);
    assert_eq!(parse_date("2013-05-00"), None);
    assert_eq!(parse_date("20131301"), None);
    assert_eq!(parse_date("0001-11-30"), None);
    assert_eq!(parse_date("0999-12-31"), None);
    assert_eq!(parse_date("1000-01-01"), date(1000, 1, 1));
    assert_eq!(parse_date("9999-12-31"), date(9999, 12, 31));
    assert_eq!(Date::new(2013, 5, 24), date(2013, 5, 24));
    assert_eq!(Date::new(2013, 0, 24), None);
    assert_eq!(Date::new(10_000, 1, 1), None);
}

#[test]
fn bad_times_and_trailers_are_refused() {
    assert_eq!(parse_date("2013-05-24 25:00"), None);
    assert_eq!(parse_date("2013-05-24 10:60"), None);
    assert_eq!(parse_date("2013-05-24 10:00 +25:00"), None);
    assert_eq!(parse_date("May 24, 2013 13:00 PM"), None);
    assert_eq!(parse_date("May 24, 2013 10"), None);
    assert_eq!(parse_date("2013-05-24garbage"), None);
    assert_eq!(parse_date("2013-05-24 10:00 hello"), None);
    assert_eq!(parse_date("2013-05-24 10:00 (UTC"), None);
    assert_eq!(parse_date("May 24, 2013."), None);
    assert_eq!(parse_date("May 24th 2013 | Updated"), None);
    assert_eq!(parse_date("May 2013"), None);
    assert_eq!(parse_date("May 24"), None);
    assert_eq!(parse_date("Mayday 24, 2013"), None);
    assert_eq!(parse_date("May 24x, 2013"), None);
    assert_eq!(parse_date("24May2013"), None);
}

#[test]
fn garbage_is_refused() {
    assert_eq!(parse_date(""), None);
    assert_eq!(parse_date("   "), None);
    assert_eq!(parse_date("yesterday"), None);
    assert_eq!(parse_date("2013-5"), None);
    assert_eq!(parse_date("2013"), None);
    assert_eq!(parse_date("-2013-05-24"), None);
    assert_eq!(parse_date("\u{ff12}\u{ff10}\u{ff11}\u{ff13}-05-24"), None);
    assert_eq!(parse_date("2013-05-24\u{2014}"), None);
    assert_eq!(parse_date("99999999999999999999-05-24"), None);
    assert_eq!(parse_date(&"x".repeat(10_000)), None);
    assert_eq!(
        parse_date(&format!("2013-05-24{}", " ".repeat(10_000))),
        date(2013, 5, 24)
    );
    assert_eq!(
        parse_date(&format!("2013-05-24 10:00{}", "0".repeat(10_000))),
        None
    );
    assert_eq!(parse_date(&"9".repeat(10_000)), None);
}

#[test]
fn period_labels() {
    assert_eq!(label("2013-05-24", Period::Day), "2013-05-24");
    assert_eq!(label("2013-05-24", Period::Week), "2013-W21");
    assert_eq!(label("2013-05-24", Period::Month), "2013-05");
    assert_eq!(label("2013-05-24", Period::Year), "2013");
    assert_eq!(label("Jan. 2, 2014", Period::Day), "2014-01-02");
    assert_eq!(label("2014-01-06", Period::Week), "2014-W02");
}

#[test]
fn iso_week_edges() {
    assert_eq!(label("2021-01-03", Period::Week), "2020-W53");
    assert_eq!(label("2021-01-04", Period::Week), "2021-W01");
    assert_eq!(label("2024-12-30", Period::Week), "2025-W01");
    assert_eq!(label("2024-12-29", Period::Week), "2024-W52");
    assert_eq!(label("2015-12-31", Period::Week), "2015-W53");
    assert_eq!(label("2016-01-03", Period::Week), "2015-W53");
    assert_eq!(label("2005-01-01", Period::Week), "2004-W53");
    assert_eq!(label("2007-01-01", Period::Week), "2007-W01");
    assert_eq!(label("2008-12-28", Period::Week), "2008-W52");
    assert_eq!(label("2008-12-29", Period::Week), "2009-W01");
    assert_eq!(label("2009-12-31", Period::Week), "2009-W53");
    assert_eq!(label("2010-01-03", Period::Week), "2009-W53");
    assert_eq!(label("2026-01-01", Period::Week), "2026-W01");
    assert_eq!(label("2027-01-01", Period::Week), "2026-W53");
    assert_eq!(label("2000-02-29", Period::Week), "2000-W09");
    assert_eq!(label("1000-01-01", Period::Week), "1000-W01");
    // The ISO year of 2024-12-30 is 2025, but its calendar month and year stay 2024.
    assert_eq!(label("2024-12-30", Period::Month), "2024-12");
    assert_eq!(label("2024-12-30", Period::Year), "2024");
}

/// Walks every day from 1899 to 2101: each day follows the previous one, `Display` round-
/// trips through the parser, and week labels change exactly on Mondays, by one step.
#[test]
fn calendar_walk_is_consistent() {
    let mut previous: Option<(Date, i64, (i64, i64))> = None;
    for year in 1899..=2101 {
        for month in 1..=12 {
            for day in 1..=31 {
                let Some(d) = Date::new(year, month, day) else {
                    continue;
                };
                assert_eq!(parse_date(&d.to_string()), Some(d));
                let days = days_from_civil(year.into(), month.into(), day.into());
                let week = iso_week(d);
                assert!((1..=53).contains(&week.1));
                if let Some((prev, prev_days, prev_week)) = previous {
                    assert!(prev < d);
                    assert_eq!(days, prev_days + 1);
                    let monday = (days + 3).rem_euclid(7) == 0;
                    let next_week = if prev_week.1 == iso_weeks_in_year(prev_week.0) {
                        (prev_week.0 + 1, 1)
                    } else {
                        (prev_week.0, prev_week.1 + 1)
                    };
                    assert_eq!(week, if monday { next_week } else { prev_week }, "{d}");
                }
                previous = Some((d, days, week));
            }
        }
    }
}

#[test]
fn impossible_hand_built_dates_do_not_panic() {
    for d in [
        Date {
            year: i32::MAX,
            month: u32::MAX,
            day: u32::MAX,
        },
        Date {
            year: i32::MIN,
            month: 0,
            day: 0,
        },
        Date {
            year: -1,
            month: 13,
            day: 99,
        },
    ] {
        for period in [Period::Day, Period::Week, Period::Month, Period::Year] {
            assert!(!period_label(d, period).is_empty());
        }
    }
}

proptest::proptest! {
    #[test]
    fn never_panics_on_any_string(text in "\\PC{0,40}") {
        for format in [DateFormat::Auto, DateFormat::Dmy, DateFormat::Mdy, DateFormat::Ymd,
                       DateFormat::Unix, DateFormat::UnixMs] {
            if format.parse(&text).is_none() {
                proptest::prop_assert!(!format.problem(&text).is_empty());
            }
        }
    }

    #[test]
    fn never_panics_on_date_like_strings(text in "[0-9A-Za-z ,./:+T()-]{0,40}") {
        match parse_date(&text) {
            Some(d) => proptest::prop_assert!(Date::new(d.year, d.month, d.day).is_some()),
            None => proptest::prop_assert!(!DateFormat::Auto.problem(&text).is_empty()),
        }
    }
}
