//! Dates as the day ranges they denote, resolved against the publication date.
//!
//! "Sunday" in a piece dated Monday 16 October 2023 is 15 October 2023;
//! "last month" is the whole previous month; "October 2023" is all of October;
//! "two weeks ago" is the week around that day. Without a publication date,
//! relative expressions stay unresolved and say so; absolute ones resolve
//! (a day without a year keeps its year open).

use crate::nlp::numbers::find_quantities;
use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Serialize};

/// A resolved date: the first and last day it may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayRange {
    pub start: Date,
    pub end: Date,
}

impl DayRange {
    pub fn day(d: Date) -> DayRange {
        DayRange { start: d, end: d }
    }
    pub fn overlaps(&self, o: &DayRange) -> bool {
        self.start <= o.end && o.start <= self.end
    }
    pub fn is_day(&self) -> bool {
        self.start == self.end
    }
    pub fn describe(&self) -> String {
        if self.is_day() {
            self.start.to_string()
        } else if self.start.day() == 1 && self.end == self.start.last_of_month() {
            format!("{}-{:02}", self.start.year(), self.start.month())
        } else if self.start.month() == 1
            && self.start.day() == 1
            && self.end.month() == 12
            && self.end.day() == 31
            && self.start.year() == self.end.year()
        {
            self.start.year().to_string()
        } else {
            format!("{}…{}", self.start, self.end)
        }
    }
}

/// What a date expression says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DateValue {
    /// Resolved to a range of days.
    Range { range: DayRange },
    /// A day and month whose year is unknown ("October 15" with no publication date).
    DayOfYear { month: i8, day: i8 },
    /// Relative to a publication date the article does not give.
    Unresolved { relative: String },
}

impl DateValue {
    pub fn describe(&self) -> String {
        match self {
            DateValue::Range { range } => range.describe(),
            DateValue::DayOfYear { month, day } => format!("--{month:02}-{day:02} (year unknown)"),
            DateValue::Unresolved { relative } => format!("{relative} (no publication date)"),
        }
    }

    /// True when the two can denote the same day.
    pub fn compatible(&self, other: &DateValue) -> Option<bool> {
        match (self, other) {
            (DateValue::Range { range: a }, DateValue::Range { range: b }) => Some(a.overlaps(b)),
            (DateValue::DayOfYear { month, day }, DateValue::Range { range })
            | (DateValue::Range { range }, DateValue::DayOfYear { month, day }) => {
                if !range.is_day() && range.start.year() != range.end.year() {
                    return None;
                }
                Date::new(range.start.year(), *month, *day)
                    .ok()
                    .map(|d| range.overlaps(&DayRange::day(d)))
            }
            (
                DateValue::DayOfYear { month: m1, day: d1 },
                DateValue::DayOfYear { month: m2, day: d2 },
            ) => Some(m1 == m2 && d1 == d2),
            // "Wednesday" in a report with no date: a Wednesday, so never
            // a Tuesday (two reports of one incident are days apart)
            (DateValue::Unresolved { relative }, DateValue::Range { range })
            | (DateValue::Range { range }, DateValue::Unresolved { relative })
                if range.is_day() =>
            {
                Some(only_weekday(relative)? == range.start.weekday())
            }
            (DateValue::Unresolved { relative: a }, DateValue::Unresolved { relative: b }) => {
                Some(only_weekday(a)? == only_weekday(b)?)
            }
            _ => None,
        }
    }

    /// The precision in days (smaller is more precise), for "differs".
    pub fn width(&self) -> i64 {
        match self {
            DateValue::Range { range } => (range.end - range.start).get_days() as i64 + 1,
            DateValue::DayOfYear { .. } => 1,
            DateValue::Unresolved { .. } => i64::MAX,
        }
    }
}

/// The one weekday a relative date names ("Wednesday", "late on
/// Tuesday", "last Friday"), if it names one and nothing else of a date.
fn only_weekday(relative: &str) -> Option<Weekday> {
    let lower = relative.to_lowercase();
    let mut found = None;
    for w in lower
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        match weekday(w) {
            Some(d) if found.is_none() => found = Some(d),
            Some(_) => return None,
            None if matches!(
                w,
                "on" | "last"
                    | "this"
                    | "late"
                    | "early"
                    | "morning"
                    | "afternoon"
                    | "evening"
                    | "night"
            ) => {}
            None => return None,
        }
    }
    found
}

/// True for a weekday's or a month's full name, lowercase ("monday",
/// "march").
pub fn is_day_or_month(word: &str) -> bool {
    weekday(word).is_some() || crate::corpus::MONTH_NAMES.contains(&word)
}

fn weekday(name: &str) -> Option<Weekday> {
    Some(match name {
        "monday" => Weekday::Monday,
        "tuesday" => Weekday::Tuesday,
        "wednesday" => Weekday::Wednesday,
        "thursday" => Weekday::Thursday,
        "friday" => Weekday::Friday,
        "saturday" => Weekday::Saturday,
        "sunday" => Weekday::Sunday,
        _ => return None,
    })
}

fn month_range(year: i16, month: i8) -> Option<DayRange> {
    let start = Date::new(year, month, 1).ok()?;
    Some(DayRange {
        start,
        end: start.last_of_month(),
    })
}

fn year_range(year: i16) -> Option<DayRange> {
    Some(DayRange {
        start: Date::new(year, 1, 1).ok()?,
        end: Date::new(year, 12, 31).ok()?,
    })
}

/// Resolves a date expression (as spaCy labels DATE) against the
/// publication date. `None` for what is not a datable expression ("the
/// past week" is; "recent decades", "the 1990s" are too vague to compare).
pub fn resolve(text: &str, published: Option<Date>) -> Option<DateValue> {
    resolve_toward(text, published, false)
}

/// [`resolve`] for a date a clause puts ahead ("will be sworn in on 20
/// January", "is due to meet on Sunday"): a day, month or weekday without
/// a year is the first on or after publication, not the last before it.
pub fn resolve_toward(text: &str, published: Option<Date>, ahead: bool) -> Option<DateValue> {
    let lower = text.to_lowercase();
    // "next Friday", "next March"
    let next = lower.starts_with("next ") || lower.contains(" next ");
    let ahead = ahead || next;
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| {
            !w.is_empty()
                && !matches!(
                    *w,
                    "the" | "on" | "in" | "of" | "this" | "past" | "st" | "nd" | "rd" | "th"
                )
        })
        .collect();
    let relative = |make: &dyn Fn(Date) -> Option<DayRange>| -> Option<DateValue> {
        match published {
            Some(p) => make(p).map(|range| DateValue::Range { range }),
            None => Some(DateValue::Unresolved {
                relative: text.trim().to_string(),
            }),
        }
    };
    // explicit day, month, year in any order: "Sunday, October 15, 2023", "15 Oct 2023"
    let mut month = None;
    let mut day = None;
    let mut year = None;
    let mut wd = None;
    for w in &words {
        if let Some(m) = crate::corpus::month_number(w).filter(|_| w.len() >= 3) {
            month = Some(m);
        } else if let Some(d) = weekday(w) {
            wd = Some(d);
        } else if let Ok(n) = w
            .trim_end_matches(['s', 't', 'h', 'n', 'd', 'r'])
            .parse::<i32>()
        {
            if (1800..=2100).contains(&n) && w.len() == 4 {
                year = Some(n as i16);
            } else if (1..=31).contains(&n) {
                day = Some(n as i8);
            }
        }
    }
    if lower.contains(" ago")
        || lower.starts_with("last ")
        || lower.starts_with("earlier")
        || lower.starts_with("this ")
        || lower.contains("yesterday")
        || lower.contains("today")
        || lower.contains("tonight")
        || lower.contains("week")
    {
        return relative_expression(&lower, published, text);
    }
    match (year, month, day) {
        (Some(y), Some(m), Some(d)) => {
            return Date::new(y, m, d).ok().map(|d| DateValue::Range {
                range: DayRange::day(d),
            });
        }
        (Some(y), Some(m), None) => {
            return month_range(y, m).map(|range| DateValue::Range { range });
        }
        (Some(y), None, None) if words.len() <= 2 => {
            return year_range(y).map(|range| DateValue::Range { range });
        }
        (None, Some(m), Some(d)) => {
            return match published {
                // the most recent such day on or before publication (news reports the past)
                Some(p) => {
                    let this = Date::new(p.year(), m, d).ok()?;
                    let day = match (ahead, this <= p) {
                        (false, true) | (true, false) => this,
                        (false, false) => Date::new(p.year() - 1, m, d).ok()?,
                        (true, true) if this == p => this,
                        (true, true) => Date::new(p.year() + 1, m, d).ok()?,
                    };
                    Some(DateValue::Range {
                        range: DayRange::day(day),
                    })
                }
                None => Some(DateValue::DayOfYear { month: m, day: d }),
            };
        }
        (None, Some(m), None) if words.len() <= 2 => {
            return relative(&|p: Date| {
                let y = match (ahead, m <= p.month()) {
                    (false, true) => p.year(),
                    (false, false) => p.year() - 1,
                    (true, _) if m >= p.month() => p.year(),
                    (true, _) => p.year() + 1,
                };
                month_range(y, m)
            });
        }
        _ => {}
    }
    if let Some(w) = wd {
        // "Sunday": the most recent Sunday on or before publication
        // ("on Sunday" in a clause ahead: the next Sunday on or after it)
        return relative(&|p: Date| {
            let (from, to) = (
                p.weekday().to_monday_zero_offset(),
                w.to_monday_zero_offset(),
            );
            if ahead {
                // ("next Friday" on a Friday is a week on)
                let days = match (to - from + 7) % 7 {
                    0 if next => 7,
                    d => d,
                };
                shift_days(p, days as i64).map(DayRange::day)
            } else {
                shift_days(p, -(((from - to + 7) % 7) as i64)).map(DayRange::day)
            }
        });
    }
    None
}

/// The day a time of day names, when it names one: "Wednesday morning",
/// "late Thursday night", "the early hours of Sunday" (that weekday),
/// "last night" (the day before publication), "this morning", "tonight"
/// (the day of publication). A clock time alone ("6.10am") names none.
pub fn day_of_time(text: &str, published: Option<Date>, ahead: bool) -> Option<DateValue> {
    let lower = text.to_lowercase();
    let day = |back: i64| {
        let p = published?;
        let d = shift_days(p, -back)?;
        Some(DateValue::Range {
            range: DayRange::day(d),
        })
    };
    if lower.contains("last night") || lower.contains("yesterday") {
        return day(1);
    }
    if [
        "this morning",
        "this afternoon",
        "this evening",
        "tonight",
        "today",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        return day(0);
    }
    let words = || lower.split(|c: char| !c.is_alphabetic());
    let named = words().any(|w| weekday(w).is_some())
        || words().any(|w| w.len() >= 3 && crate::corpus::month_number(w).is_some());
    if !named {
        return None;
    }
    resolve_toward(text, published, ahead).filter(|v| matches!(v, DateValue::Range { .. }))
}

/// The part of the day a time names: "morning", "afternoon", "evening" or
/// "night" ("dawn" is the morning, "the early hours" and "midnight" the
/// night; a clock time by its hour).
pub fn day_part(text: &str, clock: Option<(i32, i32)>) -> Option<&'static str> {
    let lower = text.to_lowercase();
    let has = |w: &str| lower.split(|c: char| !c.is_alphabetic()).any(|x| x == w);
    if has("morning") || has("dawn") || has("daybreak") {
        // ("the early hours of Wednesday morning" are the small hours)
        return Some(if lower.contains("early hours") {
            "night"
        } else {
            "morning"
        });
    }
    if has("afternoon") {
        return Some("afternoon");
    }
    if has("evening") || has("dusk") {
        return Some("evening");
    }
    if has("night") || has("overnight") || has("midnight") || has("tonight") {
        return Some("night");
    }
    if lower.contains("early hours") {
        return Some("night");
    }
    // a clock time: its hour (a span of times, by its middle)
    let (a, b) = clock?;
    let hour = ((a + b) / 2 / 60).rem_euclid(24);
    Some(match hour {
        5..=11 => "morning",
        12..=16 => "afternoon",
        17..=20 => "evening",
        _ => "night",
    })
}

/// Two parts of a day that can be one moment: the same, or an evening and
/// a night (reports name ten at night either).
pub fn day_parts_agree(a: &str, b: &str) -> bool {
    a == b || matches!((a, b), ("evening", "night") | ("night", "evening"))
}

/// `date` moved by `days` (negative: back), or `None` outside the calendar
/// (jiff's years -9999 to 9999).
fn shift_days(date: Date, days: i64) -> Option<Date> {
    let span = jiff::Span::new().try_days(days).ok()?;
    date.checked_add(span).ok()
}

/// "last week", "two weeks ago", "earlier this month", "yesterday"…
fn relative_expression(lower: &str, published: Option<Date>, text: &str) -> Option<DateValue> {
    let Some(p) = published else {
        return Some(DateValue::Unresolved {
            relative: text.trim().to_string(),
        });
    };
    let range = |start: Date, end: Date| {
        Some(DateValue::Range {
            range: DayRange { start, end },
        })
    };
    if lower.contains("yesterday") {
        let d = p.yesterday().ok()?;
        return range(d, d);
    }
    if lower.contains("today") || lower.contains("tonight") {
        return range(p, p);
    }
    if lower.contains("earlier this month") || lower.trim() == "this month" {
        return range(p.first_of_month(), p);
    }
    if lower.trim() == "this week" || lower.contains("earlier this week") {
        let back = p.weekday().to_monday_zero_offset() as i64;
        return range(shift_days(p, -back)?, p);
    }
    if lower.contains("earlier this year") {
        return range(Date::new(p.year(), 1, 1).ok()?, p);
    }
    if lower.contains("last month") || lower.contains("previous month") {
        let m = p.first_of_month().yesterday().ok()?;
        return range(m.first_of_month(), m);
    }
    if lower.contains("last year") || lower.contains("previous year") {
        let y = year_range(p.year() - 1)?;
        return range(y.start, y.end);
    }
    if lower.contains("last week") || lower.contains("past week") || lower.contains("previous week")
    {
        return range(shift_days(p, -7)?, p);
    }
    if lower.contains(" ago") {
        // "two weeks ago": a count of units before publication, give or take one unit's slack
        let q = find_quantities(lower, crate::corpus::Span::new(0, lower.len()));
        let n = q
            .first()
            .and_then(|q| q.value)
            .or_else(|| lower.trim_start().starts_with("a ").then_some(1.0))?
            as i64;
        let (unit, slack) = if lower.contains("fortnight") {
            (14, 3)
        } else if lower.contains("day") {
            (1, 1)
        } else if lower.contains("week") {
            (7, 3)
        } else if lower.contains("month") {
            (30, 10)
        } else if lower.contains("year") {
            (365, 90)
        } else {
            return None;
        };
        // "66 million years ago" is no datable day: beyond the calendar, not a panic
        let at = shift_days(p, n.checked_mul(unit)?.checked_neg()?)?;
        return range(shift_days(at, -slack)?, shift_days(at, slack)?.min(p));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn r(text: &str, p: Option<Date>) -> String {
        resolve(text, p)
            .map(|v| v.describe())
            .unwrap_or_else(|| "-".into())
    }

    #[test]
    fn an_undated_weekday_is_compatible_only_with_that_weekday() {
        let wed = DateValue::Unresolved {
            relative: "Wednesday".into(),
        };
        let tue = resolve("Tuesday", Some(Date::constant(2024, 8, 2))).unwrap();
        assert_eq!(wed.compatible(&tue), Some(false));
        let wed2 = resolve("Wednesday", Some(Date::constant(2024, 8, 2))).unwrap();
        assert_eq!(wed.compatible(&wed2), Some(true));
        let last = DateValue::Unresolved {
            relative: "last Tuesday".into(),
        };
        assert_eq!(wed.compatible(&last), Some(false));
        let month = DateValue::Unresolved {
            relative: "last month".into(),
        };
        assert_eq!(wed.compatible(&month), None);
    }

    #[test]
    fn a_time_of_day_names_its_day_and_its_part() {
        let fri = Some(date(2024, 5, 10));
        let day = |t: &str| {
            day_of_time(t, fri, false)
                .map(|v| v.describe())
                .unwrap_or_else(|| "-".into())
        };
        assert_eq!(day("Wednesday morning"), "2024-05-08");
        assert_eq!(day("the early hours of Thursday"), "2024-05-09");
        assert_eq!(day("late last night"), "2024-05-09");
        assert_eq!(day("this afternoon"), "2024-05-10");
        // a clock time or a span of hours names no day
        assert_eq!(day("6.10am"), "-");
        assert_eq!(day("more than 85 hours"), "-");
        assert_eq!(day_of_time("last night", None, false), None);
        let part = |t: &str| day_part(t, crate::nlp::frames::clock_interval(t));
        assert_eq!(part("the early hours of Wednesday morning"), Some("night"));
        assert_eq!(part("shortly after dawn"), Some("morning"));
        assert_eq!(part("around 11.30pm"), Some("night"));
        assert_eq!(part("at 6.10am"), Some("morning"));
        assert_eq!(part("at 15:20"), Some("afternoon"));
        assert_eq!(part("Sunday"), None);
        assert!(day_parts_agree("evening", "night"));
        assert!(!day_parts_agree("morning", "night"));
    }

    #[test]
    fn weekdays_resolve_to_the_most_recent_on_or_before_publication() {
        let sunday_9_march = Some(date(2025, 3, 9));
        assert_eq!(r("Saturday", sunday_9_march), "2025-03-08");
        assert_eq!(r("Saturday, March 8", sunday_9_march), "2025-03-08");
        assert_eq!(r("Sunday", sunday_9_march), "2025-03-09");
        assert_eq!(r("Sunday", Some(date(2023, 10, 16))), "2023-10-15");
    }

    #[test]
    fn a_date_ahead_is_the_next_one_on_or_after_publication() {
        let ahead = |text: &str, p: Date| {
            resolve_toward(text, Some(p), true)
                .map(|v| v.describe())
                .unwrap_or_else(|| "-".into())
        };
        // Wednesday 9 November 2016
        let p = date(2016, 11, 9);
        assert_eq!(ahead("January 20", p), "2017-01-20");
        assert_eq!(ahead("20 January", p), "2017-01-20");
        assert_eq!(ahead("November 9", p), "2016-11-09");
        assert_eq!(ahead("December 1", p), "2016-12-01");
        assert_eq!(ahead("Friday", p), "2016-11-11");
        assert_eq!(ahead("Wednesday", p), "2016-11-09");
        assert_eq!(ahead("Monday", p), "2016-11-14");
        assert_eq!(ahead("January", p), "2017-01");
        assert_eq!(ahead("November", p), "2016-11");
        // a year given is the year, ahead or not
        assert_eq!(ahead("January 20, 2016", p), "2016-01-20");
        assert_eq!(r("next Friday", Some(p)), "2016-11-11");
        // and the past stays the past
        assert_eq!(r("January 20", Some(p)), "2016-01-20");
        assert_eq!(r("Friday", Some(p)), "2016-11-04");
    }

    #[test]
    fn absolute_dates() {
        assert_eq!(r("Sunday, October 15, 2023", None), "2023-10-15");
        assert_eq!(r("October 14, 2023", None), "2023-10-14");
        assert_eq!(r("October 2023", None), "2023-10");
        assert_eq!(r("2021", None), "2021");
        assert_eq!(r("in March 2019", None), "2019-03");
        assert_eq!(r("Sunday October 15", None), "--10-15 (year unknown)");
        assert_eq!(r("October 15", Some(date(2023, 10, 16))), "2023-10-15");
    }

    #[test]
    fn relative_dates() {
        let p = Some(date(2023, 6, 12));
        assert_eq!(r("last month", p), "2023-05");
        assert_eq!(r("Last year", p), "2022");
        assert_eq!(r("two weeks ago", p), "2023-05-26…2023-06-01");
        assert_eq!(r("earlier this month", p), "2023-06-01…2023-06-12");
        assert_eq!(r("yesterday", p), "2023-06-11");
        assert_eq!(r("this week", p), "2023-06-12");
        assert_eq!(r("this month", p), "2023-06-01…2023-06-12");
        assert_eq!(r("A fortnight ago", p), "2023-05-26…2023-06-01");
        assert_eq!(r("last month", None), "last month (no publication date)");
        assert_eq!(r("recent decades", p), "-");
    }

    #[test]
    fn spans_beyond_the_calendar_are_not_dates() {
        let p = Some(date(2023, 6, 12));
        assert_eq!(r("66 million years ago", p), "-");
        assert_eq!(r("4.5 billion years ago", p), "-");
        assert_eq!(r("99999999999999999999 days ago", p), "-");
        assert_eq!(r("yesterday", Some(date(-9999, 1, 1))), "-");
        assert_eq!(r("two years ago", p), "2021-03-14…2021-09-10");
    }

    #[test]
    fn compatibility() {
        let a = resolve("Saturday", Some(date(2025, 3, 9))).unwrap();
        let b = resolve("March 8, 2025", None).unwrap();
        assert_eq!(a.compatible(&b), Some(true));
        let c = resolve("2019", None).unwrap();
        let d = resolve("2020", None).unwrap();
        assert_eq!(c.compatible(&d), Some(false));
        let e = resolve("October 15", None).unwrap();
        assert_eq!(
            e.compatible(&resolve("October 15, 2023", None).unwrap()),
            Some(true)
        );
        assert!(resolve("October 2023", None).unwrap().width() > b.width());
    }
}
