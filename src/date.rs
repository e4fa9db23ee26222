//! Article dates: `YYYY-MM-DD` or RFC 3339 (`2026-03-27T08:30:00+08:00`), checked strictly.
//! Small enough to own rather than pull in a date-time crate.

use std::cmp::Ordering;
use std::fmt;

/// A publication date, with a time of day and UTC offset when the article gives one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    /// Seconds since midnight and the offset from UTC in minutes.
    pub time: Option<(u32, i32)>,
}

impl Date {
    /// Parses `text`; on failure, says what was expected (column offsets are not needed: the
    /// caller points at the value).
    pub fn parse(text: &str) -> Result<Date, String> {
        let bad = || {
            format!(
                "`{text}` is not a date: write it as YYYY-MM-DD (2026-03-27) or RFC 3339 (2026-03-27T08:30:00+08:00)"
            )
        };
        let bytes = text.as_bytes();
        if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(bad());
        }
        let number = |range: std::ops::Range<usize>| -> Result<u32, String> {
            let part = text.get(range).ok_or_else(bad)?;
            if part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let year = number(0..4)? as i32;
        let month = number(5..7)?;
        let day = number(8..10)?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(format!(
                "`{text}` is not a day of the calendar: check the month and day"
            ));
        }
        let time = match &text[10..] {
            "" => None,
            rest => {
                let rest = rest.strip_prefix(['T', 't', ' ']).ok_or_else(bad)?;
                let clock = rest.get(..8).ok_or_else(bad)?;
                let cb = clock.as_bytes();
                if cb[2] != b':' || cb[5] != b':' {
                    return Err(bad());
                }
                let offset_from = 10 + 1 + 8;
                let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
                if hour > 23 || minute > 59 || second > 60 {
                    return Err(format!(
                        "`{text}` has no such time of day: hours run from 00 to 23, minutes and seconds from 00 to 59"
                    ));
                }
                // RFC 3339 allows a leap second, but it would be written as the next minute
                // (a day later at 23:59:60), and feed readers and browsers refuse `:60`.
                if second == 60 {
                    return Err(format!(
                        "`{text}` has a leap second (:60), which feeds and browsers cannot read: write {hour:02}:{minute:02}:59"
                    ));
                }
                let mut zone = &text[offset_from..];
                if let Some(fraction) = zone.strip_prefix('.') {
                    let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
                    if digits == 0 {
                        return Err(bad());
                    }
                    zone = &fraction[digits..];
                }
                let offset = match zone {
                    "Z" | "z" => 0,
                    _ if zone.len() == 6
                        && (zone.starts_with('+') || zone.starts_with('-'))
                        && zone.as_bytes()[3] == b':' =>
                    {
                        let start = text.len() - 6;
                        let (hours, minutes) =
                            (number(start + 1..start + 3)?, number(start + 4..start + 6)?);
                        if hours > 23 || minutes > 59 {
                            return Err(format!(
                                "`{text}` has no such UTC offset `{zone}`: offsets run from -23:59 to +23:59, such as +08:00"
                            ));
                        }
                        let minutes = (hours * 60 + minutes) as i32;
                        if zone.starts_with('-') {
                            -minutes
                        } else {
                            minutes
                        }
                    }
                    _ => return Err(bad()),
                };
                Some((hour * 3600 + minute * 60 + second, offset))
            }
        };
        Ok(Date {
            year,
            month,
            day,
            time,
        })
    }

    /// Seconds since 1970-01-01T00:00:00Z; a date without a time counts as midnight UTC.
    /// For ordering articles within a day; [`Date::instant`] is when the date happens.
    pub fn timestamp(&self) -> i64 {
        let (seconds, offset) = self.time.unwrap_or((0, 0));
        days_from_civil(self.year, self.month, self.day) * 86_400 + i64::from(seconds)
            - i64::from(offset) * 60
    }

    /// The moment this date stands for, in seconds since 1970-01-01T00:00:00Z: its own time
    /// and offset, or, for a date without a time, the start of that day in the site's zone
    /// ([`SITE_UTC_OFFSET`]). When an article is due, or expires.
    pub fn instant(&self) -> i64 {
        let (seconds, offset) = self.time.unwrap_or((0, SITE_UTC_OFFSET));
        days_from_civil(self.year, self.month, self.day) * 86_400 + i64::from(seconds)
            - i64::from(offset) * 60
    }

    /// The start of this date's day (as written) in the site's zone.
    pub fn day_start(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86_400 - i64::from(SITE_UTC_OFFSET) * 60
    }

    /// `2026-03-27`, for `<time datetime>` and sorting in templates.
    pub fn iso_date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The day of the week: 0 for Monday to 6 for Sunday (1970-01-01 was a Thursday).
    pub fn weekday(&self) -> u32 {
        (days_from_civil(self.year, self.month, self.day) + 3).rem_euclid(7) as u32
    }

    /// `星期五`, as a paper's dateline prints the day of the week.
    pub fn chinese_weekday(&self) -> &'static str {
        [
            "星期一",
            "星期二",
            "星期三",
            "星期四",
            "星期五",
            "星期六",
            "星期日",
        ][self.weekday() as usize]
    }

    /// `2026年3月27日`, as Chinese papers print it.
    pub fn chinese(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Self) -> Ordering {
        self.timestamp().cmp(&other.timestamp())
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// RFC 3339, always with a time and offset (midnight UTC for a bare date).
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (seconds, offset) = self.time.unwrap_or((0, 0));
        write!(
            f,
            "{}T{:02}:{:02}:{:02}",
            self.iso_date(),
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        )?;
        match offset {
            0 => f.write_str("Z"),
            _ => write!(
                f,
                "{}{:02}:{:02}",
                if offset < 0 { '-' } else { '+' },
                offset.abs() / 60,
                offset.abs() % 60
            ),
        }
    }
}

/// The site's time zone, as minutes east of UTC: Beijing time (UTC+8, which keeps no summer
/// time), the zone of a Chinese paper. A date written without a time (`date: 2026-03-28`,
/// `expires: 2026-04-01`, `--now 2026-03-27`) is that day at 00:00 here.
pub const SITE_UTC_OFFSET: i32 = 8 * 60;

/// A moment (seconds since 1970-01-01T00:00:00Z) as the site's zone reads it, to the minute:
/// `2026-03-28 06:00 +08:00`.
pub fn local_minute(instant: i64) -> String {
    let local = instant + i64::from(SITE_UTC_OFFSET) * 60;
    let (year, month, day) = civil_from_days(local.div_euclid(86_400));
    let seconds = local.rem_euclid(86_400);
    let offset = SITE_UTC_OFFSET.abs();
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} {}{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        if SITE_UTC_OFFSET < 0 { '-' } else { '+' },
        offset / 60,
        offset % 60
    )
}

/// A moment as RFC 3339 in the site's zone, to the second: `2026-03-28T06:00:00+08:00`.
pub fn local_rfc3339(instant: i64) -> String {
    let local = instant + i64::from(SITE_UTC_OFFSET) * 60;
    let (year, month, day) = civil_from_days(local.div_euclid(86_400));
    let seconds = local.rem_euclid(86_400) as u32;
    Date {
        year: year as i32,
        month,
        day,
        time: Some((seconds, SITE_UTC_OFFSET)),
    }
    .to_string()
}

/// The moment a command line's `--now` names: RFC 3339, or a date (its start in the site's
/// zone). Says what was expected when it is neither.
pub fn parse_moment(text: &str) -> Result<i64, String> {
    Date::parse(text).map(|date| date.instant())
}

/// The moment the system clock says it is.
pub fn system_now() -> i64 {
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(since) => since.as_secs() as i64,
        Err(before) => -(before.duration().as_secs() as i64),
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's algorithm,
/// the inverse of `days_from_civil`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_day_of_the_week() {
        let day = |text: &str| Date::parse(text).unwrap().chinese_weekday();
        assert_eq!(day("2026-03-27"), "星期五");
        assert_eq!(day("2026-03-29"), "星期日");
        assert_eq!(day("1970-01-01"), "星期四");
        assert_eq!(day("1949-10-01"), "星期六");
        assert_eq!(day("2000-02-29"), "星期二");
        assert_eq!(day("1969-12-31"), "星期三");
        assert_eq!(day("0001-01-01"), "星期一");
        // The calendar day as written, whatever the offset.
        assert_eq!(day("2026-03-27T23:30:00-08:00"), "星期五");
    }

    #[test]
    fn parses_a_plain_date() {
        let date = Date::parse("2026-03-27").unwrap();
        assert_eq!(
            (date.year, date.month, date.day, date.time),
            (2026, 3, 27, None)
        );
        assert_eq!(date.chinese(), "2026年3月27日");
        assert_eq!(date.to_string(), "2026-03-27T00:00:00Z");
        assert_eq!(date.timestamp(), 1_774_569_600);
    }

    #[test]
    fn parses_rfc_3339_with_offsets_and_fractions() {
        let date = Date::parse("2026-03-27T08:30:00+08:00").unwrap();
        assert_eq!(date.to_string(), "2026-03-27T08:30:00+08:00");
        assert_eq!(date.timestamp(), 1_774_569_600 + 30 * 60);
        assert_eq!(
            Date::parse("2026-03-27T00:30:00.250Z").unwrap().timestamp(),
            1_774_569_600 + 1800
        );
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for text in [
            "2026-3-27",
            "27.03.2026",
            "2026-02-30",
            "2026-13-01",
            "2026-03-27T25:00:00Z",
            "2026-03-27T08:30",
            "二〇二六年",
        ] {
            assert!(Date::parse(text).is_err(), "{text}");
        }
        assert!(Date::parse("2024-02-29").is_ok());
    }

    #[test]
    fn refuses_a_leap_second_rather_than_writing_the_next_minute() {
        assert_eq!(
            Date::parse("2026-03-27T23:59:60Z").unwrap_err(),
            "`2026-03-27T23:59:60Z` has a leap second (:60), which feeds and browsers cannot read: write 23:59:59"
        );
    }

    #[test]
    fn refuses_offsets_beyond_a_day_and_minutes_past_59() {
        for zone in ["+24:00", "-24:00", "+99:99", "+08:60", "-00:75"] {
            let text = format!("2026-03-27T08:30:00{zone}");
            assert_eq!(
                Date::parse(&text).unwrap_err(),
                format!(
                    "`{text}` has no such UTC offset `{zone}`: offsets run from -23:59 to +23:59, such as +08:00"
                )
            );
        }
        assert!(Date::parse("2026-03-27T08:30:00+23:59").is_ok());
        assert!(Date::parse("2026-03-27T08:30:00-23:59").is_ok());
    }

    #[test]
    fn refuses_hours_minutes_seconds_months_and_days_out_of_range() {
        for text in [
            "2026-03-27T24:00:00Z",
            "2026-03-27T23:60:00Z",
            "2026-03-27T23:59:61Z",
            "2026-00-10",
            "2026-13-10",
            "2026-04-31",
            "2026-01-00",
            "2026-01-32",
            "2025-02-29",
            "2100-02-29",
        ] {
            assert!(Date::parse(text).is_err(), "{text}");
        }
        assert!(Date::parse("2000-02-29").is_ok());
    }

    #[test]
    fn writes_back_every_accepted_value_as_the_same_instant_and_local_time() {
        // What is accepted is written as it was given, but for what RFC 3339 lets be spelled
        // two ways (`t`, `z`, a space, `-00:00`) and a fraction of a second, which is dropped.
        for (given, written) in [
            ("2026-03-27T23:59:59Z", "2026-03-27T23:59:59Z"),
            ("2026-03-27T00:00:00+23:59", "2026-03-27T00:00:00+23:59"),
            ("2026-03-27T00:00:00-23:59", "2026-03-27T00:00:00-23:59"),
            ("2026-12-31T23:59:59+08:00", "2026-12-31T23:59:59+08:00"),
            ("2026-03-27t08:30:00z", "2026-03-27T08:30:00Z"),
            ("2026-03-27 08:30:00+08:00", "2026-03-27T08:30:00+08:00"),
            ("2026-03-27T08:30:00-00:00", "2026-03-27T08:30:00Z"),
            ("2026-03-27T08:30:00.999+05:30", "2026-03-27T08:30:00+05:30"),
            ("0001-01-01", "0001-01-01T00:00:00Z"),
            ("9999-12-31", "9999-12-31T00:00:00Z"),
        ] {
            let date = Date::parse(given).unwrap();
            assert_eq!(date.to_string(), written, "{given}");
            assert_eq!(Date::parse(written).unwrap().timestamp(), date.timestamp());
            assert_eq!(date.iso_date(), given[..10], "{given}");
        }
    }

    #[test]
    fn a_date_without_a_time_starts_at_midnight_in_beijing() {
        let day = Date::parse("2026-03-28").unwrap();
        assert_eq!(day.instant(), day.timestamp() - 8 * 3600);
        assert_eq!(local_minute(day.instant()), "2026-03-28 00:00 +08:00");
        let timed = Date::parse("2026-03-27T22:00:00Z").unwrap();
        assert_eq!(local_minute(timed.instant()), "2026-03-28 06:00 +08:00");
        assert_eq!(local_rfc3339(timed.instant()), "2026-03-28T06:00:00+08:00");
        assert_eq!(
            timed.day_start(),
            Date::parse("2026-03-27").unwrap().instant()
        );
        assert_eq!(
            parse_moment("2026-03-27T08:00:00+08:00").unwrap(),
            Date::parse("2026-03-27").unwrap().instant() + 8 * 3600
        );
        assert!(parse_moment("tomorrow").is_err());
    }

    #[test]
    fn days_round_trip_through_the_calendar() {
        for days in [-719_468, -1, 0, 1, 59, 60, 11_016, 20_539, 2_932_896] {
            let (year, month, day) = civil_from_days(days);
            assert_eq!(days_from_civil(year as i32, month, day), days, "{days}");
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn orders_by_instant() {
        let early = Date::parse("2026-03-27T08:00:00+08:00").unwrap();
        let late = Date::parse("2026-03-27T01:00:00Z").unwrap();
        assert!(early < late);
    }
}
