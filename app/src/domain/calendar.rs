//! Dates as people read and type them (YYYY-MM-DD, UTC), to and from the seconds since 1970
//! that storage keeps. Two small conversions do not justify a date crate in the browser bundle.

/// A date for people, from seconds since 1970 (UTC), as YYYY-MM-DD.
pub fn date_text(seconds: i64) -> String {
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    format!("{year:04}-{month:02}-{day:02}")
}

/// A moment for people, from seconds since 1970, as YYYY-MM-DD HH:MM UTC.
pub fn datetime_text(seconds: i64) -> String {
    let minutes = seconds.rem_euclid(86_400) / 60;
    format!("{} {:02}:{:02} UTC", date_text(seconds), minutes / 60, minutes % 60)
}

/// A moment as an XML Schema dateTime in UTC, such as `2026-11-30T14:05:09Z`: how signed
/// credentials write their dates.
pub fn xml_date_time(seconds: i64) -> String {
    let of_day = seconds.rem_euclid(86_400);
    format!("{}T{:02}:{:02}:{:02}Z", date_text(seconds), of_day / 3600, of_day % 3600 / 60, of_day % 60)
}

/// Parses an `<input type="date">` value (YYYY-MM-DD) to the last second of that day, UTC.
/// Dates that do not exist, such as 2027-02-31, are refused rather than rolled over.
pub fn parse_end_of_day(text: &str) -> Option<i64> {
    let mut parts = text.trim().splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: i64 = parts.next()?.parse().ok()?;
    let day: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || !(1970..=9999).contains(&year) {
        return None;
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + 86_399;
    (civil_from_days(seconds.div_euclid(86_400)) == (year, month, day)).then_some(seconds)
}

/// The same moment `months` calendar months later; a day that the later month lacks becomes its
/// last day (31 January plus one month is 28 or 29 February), as people count validity periods.
pub fn add_months(seconds: i64, months: u32) -> i64 {
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let total = year * 12 + (month - 1) + i64::from(months);
    let (new_year, new_month) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    let last_day = (28..=31).rev().find(|&d| civil_from_days(days_from_civil(new_year, new_month, d)) == (new_year, new_month, d)).unwrap_or(28);
    days_from_civil(new_year, new_month, day.min(last_day)) * 86_400 + seconds.rem_euclid(86_400)
}

/// The first second (UTC) of each of the `count` calendar months that end with the month of
/// `seconds`, oldest first: the buckets of a chart by month.
pub fn month_starts(seconds: i64, count: u32) -> Vec<i64> {
    let (year, month, _) = civil_from_days(seconds.div_euclid(86_400));
    let this_month = year * 12 + (month - 1);
    (0..i64::from(count))
        .rev()
        .map(|back| {
            let total = this_month - back;
            days_from_civil(total.div_euclid(12), total.rem_euclid(12) + 1, 1) * 86_400
        })
        .collect()
}

// Howard Hinnant's civil calendar algorithms, each the inverse of the other.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_added_by_the_calendar() {
        let day = |text: &str| parse_end_of_day(text).unwrap();
        assert_eq!(date_text(add_months(day("2026-11-30"), 12)), "2027-11-30");
        assert_eq!(date_text(add_months(day("2027-01-31"), 1)), "2027-02-28");
        assert_eq!(date_text(add_months(day("2028-01-31"), 1)), "2028-02-29");
        assert_eq!(date_text(add_months(day("2026-11-30"), 3)), "2027-02-28");
        assert_eq!(add_months(day("2026-05-15"), 0), day("2026-05-15"));
    }

    #[test]
    fn moments_are_shown_to_the_minute_in_utc() {
        assert_eq!(datetime_text(0), "1970-01-01 00:00 UTC");
        assert_eq!(datetime_text(1_796_083_199), "2026-11-30 23:59 UTC");
        assert_eq!(xml_date_time(1_796_083_199), "2026-11-30T23:59:59Z");
        assert_eq!(xml_date_time(3_661), "1970-01-01T01:01:01Z");
    }

    #[test]
    fn due_dates_are_whole_days_and_impossible_dates_are_refused() {
        let due = parse_end_of_day("2027-03-31").unwrap();
        assert_eq!(date_text(due), "2027-03-31");
        assert_eq!(due % 86_400, 86_399, "the end of the day");
        assert_eq!(parse_end_of_day("2027-02-31"), None);
        assert_eq!(parse_end_of_day("31.03.2027"), None);
        assert_eq!(parse_end_of_day(""), None);
        assert!(parse_end_of_day("2028-02-29").is_some());
    }

    #[test]
    fn month_starts_count_back_across_the_new_year() {
        let starts = month_starts(parse_end_of_day("2027-02-14").unwrap(), 3);
        let shown: Vec<String> = starts.iter().map(|s| datetime_text(*s)).collect();
        assert_eq!(shown, ["2026-12-01 00:00 UTC", "2027-01-01 00:00 UTC", "2027-02-01 00:00 UTC"]);
        assert_eq!(month_starts(0, 1), vec![0]);
    }

    #[test]
    fn dates_are_shown_in_utc() {
        assert_eq!(date_text(0), "1970-01-01");
        assert_eq!(date_text(1_795_996_800), "2026-11-30");
        assert_eq!(date_text(-1), "1969-12-31");
    }
}
