//! Dates from front matter: TOML dates (`date = 2024-03-05`) or RFC 3339 strings.

use jiff::{Timestamp, civil};

/// A page date, kept as written (for display) and as an instant (for sorting and feeds).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub timestamp: Timestamp,
    /// `YYYY-MM-DD`.
    pub ymd: String,
}

impl Date {
    /// Accepts a TOML date or date-time, or a string holding an RFC 3339 date-time or a
    /// `YYYY-MM-DD` date. A date without a time is midnight UTC.
    pub fn from_toml(value: &toml::Value) -> Result<Date, String> {
        match value {
            toml::Value::Datetime(dt) => Date::parse(&dt.to_string()),
            toml::Value::String(s) => Date::parse(s),
            other => Err(format!(
                "expected a date such as 2024-03-05 or \"2024-03-05T10:00:00Z\", found a {}",
                other.type_str()
            )),
        }
    }

    /// Parses `2024-03-05`, `2024-03-05T10:00:00`, `2024-03-05T10:00:00Z` or with an offset.
    pub fn parse(s: &str) -> Result<Date, String> {
        let s = s.trim();
        let bad = || {
            format!(
                "`{s}` is not a date: use 2024-03-05 or an RFC 3339 date-time such as 2024-03-05T10:00:00Z"
            )
        };
        let timestamp = if let Ok(ts) = s.parse::<Timestamp>() {
            ts
        } else if let Ok(dt) = s.parse::<civil::DateTime>() {
            dt.to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .map_err(|_| bad())?
                .timestamp()
        } else if let Ok(d) = s.parse::<civil::Date>() {
            d.to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .map_err(|_| bad())?
                .timestamp()
        } else {
            return Err(bad());
        };
        let ymd = timestamp
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .date()
            .to_string();
        Ok(Date { timestamp, ymd })
    }

    /// RFC 3339, for feeds and sitemaps.
    pub fn rfc3339(&self) -> String {
        self.timestamp.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_forms() {
        for (input, ymd) in [
            ("2024-03-05", "2024-03-05"),
            ("2024-03-05T10:00:00Z", "2024-03-05"),
            ("2024-03-05T23:30:00-02:00", "2024-03-06"),
            ("2024-03-05T10:00:00", "2024-03-05"),
        ] {
            assert_eq!(Date::parse(input).unwrap().ymd, ymd, "{input}");
        }
    }

    #[test]
    fn rejected_forms() {
        for input in ["yesterday", "2024-13-01", "05/03/2024", ""] {
            assert!(Date::parse(input).is_err(), "{input}");
        }
        assert!(Date::from_toml(&toml::Value::Integer(3)).is_err());
    }

    #[test]
    fn toml_datetime() {
        let v: toml::Table = toml::from_str("d = 2024-03-05").unwrap();
        assert_eq!(Date::from_toml(&v["d"]).unwrap().ymd, "2024-03-05");
    }
}
