//! Dates as people and programs write them: RFC 3339 date-times, or a calendar date (what a
//! date field in a form sends), which means "through the end of that day, UTC".

use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, Time, UtcOffset};

use crate::clock::UnixTime;

/// An expiry given as `2027-01-31T12:00:00Z` (that instant) or `2027-01-31` (valid through
/// that day: it ends at the next midnight, UTC).
pub fn parse_expiry(s: &str) -> Result<UnixTime, String> {
    let s = s.trim();
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Ok(t.unix_timestamp());
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    match Date::parse(s, &format) {
        Ok(d) => Ok(d
            .with_time(Time::MIDNIGHT)
            .assume_offset(UtcOffset::UTC)
            .unix_timestamp()
            + 86_400),
        Err(_) => Err(format!(
            "{s:?} is neither a date (2027-01-31) nor an RFC 3339 date-time (2027-01-31T00:00:00Z)"
        )),
    }
}

/// `2027-01-31T12:00:00Z`.
pub fn rfc3339(t: UnixTime) -> String {
    OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

/// `2027-01-31 12:00 UTC`, for pages.
pub fn display(t: UnixTime) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_default()
}

/// The calendar date a form's date field shows for an expiry (the inverse of
/// [`parse_expiry`] for expiries at midnight).
pub fn date_field(t: UnixTime) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_default()
}

/// The last day an expiry leaves whole, for pages: `2027-01-31` for `2027-02-01T00:00:00Z`
/// (what `parse_expiry("2027-01-31")` gives, so a list shows the date that was chosen), and
/// the day itself for an expiry later in a day.
pub fn last_day(expires_at: UnixTime) -> String {
    date_field(expires_at - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_lasts_through_its_day() {
        let end = parse_expiry("2027-01-31").unwrap();
        assert_eq!(rfc3339(end), "2027-02-01T00:00:00Z");
        assert_eq!(
            parse_expiry("2027-01-31T12:00:00Z").unwrap(),
            end - 12 * 3600
        );
        assert_eq!(
            parse_expiry("2027-01-31T13:00:00+01:00").unwrap(),
            end - 12 * 3600
        );
        assert!(parse_expiry("31/01/2027").is_err());
        assert!(parse_expiry("2027-02-30").is_err());
        assert!(parse_expiry("").is_err());
        assert_eq!(display(end), "2027-02-01 00:00 UTC");
        assert_eq!(date_field(end - 1), "2027-01-31");
        assert_eq!(last_day(end), "2027-01-31", "the date that was chosen");
        assert_eq!(last_day(end - 12 * 3600), "2027-01-31");
    }
}
