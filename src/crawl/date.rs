//! Dates as archives know them: a month (`2022-01`) or a day (`2022-01-18`).

use std::fmt;
use std::str::FromStr;
use time::{Date, Month};

const SECONDS_PER_DAY: i64 = 86_400;
/// The Julian day number of 1970-01-01.
const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;

/// A calendar date known to month or to day precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PartialDate {
    pub year: i32,
    pub month: u32,
    pub day: Option<u32>,
}

/// Why a text is not a `YYYY-MM` or `YYYY-MM-DD` date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022, 2022-01 or 2022-01-18")]
pub struct DateError(pub String);

/// A span of time given as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, for date filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// Seconds since the Unix epoch of the first moment of the period.
    pub start_secs: i64,
    /// Seconds since the Unix epoch of the first moment after the period.
    pub end_secs: i64,
}

impl FromStr for Period {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, DateError> {
        let text = text.trim();
        if let Some(year) = parse_digits(Some(text), 4) {
            let year = year as i32;
            let start_secs = days_from_civil(year, 1, 1) * SECONDS_PER_DAY;
            return Ok(Period {
                start_secs,
                end_secs: start_secs + i64::from(time::util::days_in_year(year)) * SECONDS_PER_DAY,
            });
        }
        let date: PartialDate = text.parse().map_err(|_| DateError(text.to_string()))?;
        let start_secs = date.timestamp_secs();
        let days = match date.day {
            Some(_) => 1,
            None => days_in_month(date.year, date.month),
        };
        Ok(Period {
            start_secs,
            end_secs: start_secs + i64::from(days) * SECONDS_PER_DAY,
        })
    }
}

impl PartialDate {
    /// Seconds since the Unix epoch at 00:00 UTC of the first day the date covers.
    pub fn timestamp_secs(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day.unwrap_or(1)) * SECONDS_PER_DAY
    }
}

impl PartialDate {
    /// Reads the date at the start of a date or timestamp as archives write them:
    /// `2016-03-15T10:00:00Z`, `2016-03-15 10:00`, `2016-03`, `2016/03/15`, `15.03.2016`,
    /// `15. März 2016`, `Tue, 15 Mar 2016 10:00:00 +0000`. The time of day is dropped.
    pub fn parse_loose(text: &str) -> Option<PartialDate> {
        let text = text.trim();
        let iso: String = text
            .chars()
            .take_while(|c| c.is_ascii_digit() || matches!(c, '-' | '/'))
            .map(|c| if c == '/' { '-' } else { c })
            .collect();
        if let Ok(date) = iso.trim_end_matches('-').parse() {
            return Some(date);
        }
        let words: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
            .filter(|word| !word.is_empty())
            .collect();
        // Day, month (number or name), year, in that order, anywhere in the first words.
        for window in words.windows(3).take(3) {
            let (Ok(day), Some(month), Ok(year)) = (
                window[0].parse::<u32>(),
                month_number(window[1]),
                window[2].parse::<i32>(),
            ) else {
                continue;
            };
            let candidate = format!("{year:04}-{month:02}-{day:02}");
            if let Ok(date) = candidate.parse() {
                return Some(date);
            }
        }
        None
    }
}

fn month_number(word: &str) -> Option<u32> {
    if let Ok(number) = word.parse::<u32>() {
        return (1..=12).contains(&number).then_some(number);
    }
    const NAMES: [&[&str]; 12] = [
        &["jan", "januar", "jänner", "january"],
        &["feb", "februar", "february"],
        &["mar", "mär", "märz", "march"],
        &["apr", "april"],
        &["may", "mai"],
        &["jun", "juni", "june"],
        &["jul", "juli", "july"],
        &["aug", "august"],
        &["sep", "sept", "september"],
        &["oct", "okt", "oktober", "october"],
        &["nov", "november"],
        &["dec", "dez", "dezember", "december"],
    ];
    let word = word.to_lowercase();
    NAMES
        .iter()
        .position(|names| names.contains(&word.as_str()))
        .map(|index| index as u32 + 1)
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, DateError> {
        let error = || DateError(text.to_string());
        let mut parts = text.split('-');
        let year = parse_digits(parts.next(), 4).ok_or_else(error)?;
        let month = parse_digits(parts.next(), 2).ok_or_else(error)?;
        let day = match parts.next() {
            None => None,
            Some(day) => Some(parse_digits(Some(day), 2).ok_or_else(error)?),
        };
        if parts.next().is_some() || !(1..=12).contains(&month) {
            return Err(error());
        }
        let year = year as i32;
        if let Some(day) = day {
            if day == 0 || day > days_in_month(year, month) {
                return Err(error());
            }
        }
        Ok(PartialDate { year, month, day })
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)?;
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

fn parse_digits(part: Option<&str>, len: usize) -> Option<u32> {
    let part = part?;
    if part.len() != len || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

/// Days in a month of the proleptic Gregorian calendar; 0 for a month that is not 1–12.
fn days_in_month(year: i32, month: u32) -> u32 {
    calendar_month(month).map_or(0, |month| u32::from(time::util::days_in_month(month, year)))
}

fn calendar_month(month: u32) -> Option<Month> {
    u8::try_from(month)
        .ok()
        .and_then(|month| Month::try_from(month).ok())
}

/// Days since 1970-01-01 of a proleptic Gregorian date. Dates come from [`PartialDate`]'s
/// parser, which checks them; one out of `time`'s range (years ±9999) counts as the epoch.
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let date = calendar_month(month).and_then(|month| {
        let day = u8::try_from(day).ok()?;
        Date::from_calendar_date(year, month, day).ok()
    });
    date.map_or(0, |date| {
        i64::from(date.to_julian_day() - UNIX_EPOCH_JULIAN_DAY)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_months_and_days() {
        let table = [
            ("2022-01", Some((2022, 1, None))),
            ("2022-01-18", Some((2022, 1, Some(18)))),
            ("2024-02-29", Some((2024, 2, Some(29)))),
            ("2023-02-29", None),
            ("2022-13", None),
            ("2022-1", None),
            ("22-01", None),
            ("2022-01-18-1", None),
            ("2022", None),
            ("", None),
        ];
        for (text, expected) in table {
            let parsed = text.parse::<PartialDate>().ok();
            let expected = expected.map(|(year, month, day)| PartialDate { year, month, day });
            assert_eq!(parsed, expected, "parsing {text:?}");
        }
    }

    #[test]
    fn parses_dates_as_archives_write_them() {
        let table = [
            ("2016-03-15T10:00:00Z", Some("2016-03-15")),
            ("2016-03-15 10:00", Some("2016-03-15")),
            ("2016-03", Some("2016-03")),
            ("2016/03/15", Some("2016-03-15")),
            ("15.03.2016", Some("2016-03-15")),
            ("15.3.2016, 10:00", Some("2016-03-15")),
            ("15. März 2016", Some("2016-03-15")),
            ("Tue, 15 Mar 2016 10:00:00 +0000", Some("2016-03-15")),
            ("gestern", None),
            ("31.02.2016", None),
            ("", None),
        ];
        for (text, expected) in table {
            let expected = expected.map(|d| d.parse::<PartialDate>().unwrap());
            assert_eq!(PartialDate::parse_loose(text), expected, "parsing {text:?}");
        }
    }

    #[test]
    fn periods() {
        let day = 86_400;
        let table = [
            ("2022", Some((1_640_995_200, 1_672_531_200))),
            ("2022-01", Some((1_640_995_200, 1_640_995_200 + 31 * day))),
            ("2022-12", Some((1_669_852_800, 1_672_531_200))),
            (
                "2022-01-18",
                Some((1_640_995_200 + 17 * day, 1_640_995_200 + 18 * day)),
            ),
            // 2024 is a leap year, 1900 is not, 2000 is.
            ("2024-02", Some((1_706_745_600, 1_706_745_600 + 29 * day))),
            ("1900-02", Some((-2_206_310_400, -2_206_310_400 + 28 * day))),
            ("2000", Some((946_684_800, 946_684_800 + 366 * day))),
            ("9999-12", Some((253_399_622_400, 253_402_300_800))),
            ("22", None),
            ("2022-13", None),
            ("2023-02-29", None),
            ("gestern", None),
        ];
        for (text, expected) in table {
            let period = text
                .parse::<Period>()
                .ok()
                .map(|p| (p.start_secs, p.end_secs));
            assert_eq!(period, expected, "period {text:?}");
        }
    }

    #[test]
    fn timestamps_and_display() {
        let date: PartialDate = "2022-01".parse().unwrap();
        assert_eq!(date.timestamp_secs(), 1_640_995_200);
        assert_eq!(date.to_string(), "2022-01");
        let day: PartialDate = "1970-01-02".parse().unwrap();
        assert_eq!(day.timestamp_secs(), 86_400);
        assert_eq!(day.to_string(), "1970-01-02");
    }
}
