//! Zola's `date(locale = "fr_FR")`: month and day names, AM/PM and the locale's own
//! date and time formats, from glibc's locale data as `pure-rust-locales` holds it (the
//! data chrono's localized formatting, and so Zola, reads).
//!
//! jiff formats dates in English only, so the locale's words are written into the
//! format string before jiff formats the rest; the `date` filter in `functions` calls
//! this and leaves everything else to jiff.

use jiff::ZonedDateTime as Zoned;
use jiff::civil::Weekday;
use pure_rust_locales::{Locale, locale_match};

/// The words and formats of one locale that a date format can ask for.
struct Words {
    short_months: &'static [&'static str],
    months: &'static [&'static str],
    short_days: &'static [&'static str],
    days: &'static [&'static str],
    am_pm: &'static [&'static str],
    date: &'static str,
    date_time: &'static str,
    time: &'static str,
    time_am_pm: &'static str,
}

fn words(locale: Locale) -> Words {
    Words {
        short_months: locale_match!(locale => LC_TIME::ABMON),
        months: locale_match!(locale => LC_TIME::MON),
        short_days: locale_match!(locale => LC_TIME::ABDAY),
        days: locale_match!(locale => LC_TIME::DAY),
        am_pm: locale_match!(locale => LC_TIME::AM_PM),
        date: locale_match!(locale => LC_TIME::D_FMT),
        date_time: locale_match!(locale => LC_TIME::D_T_FMT),
        time: locale_match!(locale => LC_TIME::T_FMT),
        time_am_pm: locale_match!(locale => LC_TIME::T_FMT_AMPM),
    }
}

/// `format` with what `locale` says for `date` written in: `%a %A %b %h %B %p %P` as
/// words, `%c %x %X %r` as the locale's formats (as chrono reads them). Everything else
/// is left for jiff. `locale` is a name such as `fr_FR` or `de_DE`, as in Zola.
pub fn localize(format: &str, locale: &str, date: &Zoned) -> Result<String, String> {
    let found = Locale::try_from(locale).map_err(|_| {
        format!("date: unknown locale `{locale}` (names such as `fr_FR`, `de_DE`, `en_US`)")
    })?;
    let w = words(found);
    let expanded = replace_specs(format, |_, conv| {
        Some(
            match conv {
                'c' => w.date_time,
                'x' => w.date,
                'X' => w.time,
                'r' if !w.time_am_pm.is_empty() => w.time_am_pm,
                'r' => w.time,
                _ => return None,
            }
            .to_string(),
        )
    });
    let month = usize::try_from(date.month() - 1).unwrap_or(0);
    let day = usize::from(Weekday::Sunday.until(date.weekday()).unsigned_abs());
    let pm = usize::from(date.hour() >= 12);
    let pick = |list: &[&str], i: usize| list.get(i).copied().unwrap_or("").to_string();
    Ok(replace_specs(&expanded, |flags, conv| {
        let word = match conv {
            'a' => pick(w.short_days, day),
            'A' => pick(w.days, day),
            'b' | 'h' => pick(w.short_months, month),
            'B' => pick(w.months, month),
            'p' => pick(w.am_pm, pm),
            'P' => pick(w.am_pm, pm).to_lowercase(),
            _ => return None,
        };
        let word = if flags.contains('^') {
            word.to_uppercase()
        } else {
            word
        };
        // The word is literal text in the format jiff reads.
        Some(word.replace('%', "%%"))
    }))
}

/// `format` with each conversion (`%` with its flags, width and conversion character)
/// for which `with(flags, conversion)` answers replaced by the answer; `%%` and the
/// others are kept as written.
fn replace_specs(format: &str, with: impl Fn(&str, char) -> Option<String>) -> String {
    let mut out = String::with_capacity(format.len());
    let mut chars = format.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        // Flags, width and jiff's and chrono's modifiers (`%-d`, `%^B`, `%:z`, `%.3f`).
        let mut end = start + 1;
        while let Some(&(i, f)) = chars.peek() {
            if "-_0^#:.".contains(f) || f.is_ascii_digit() {
                chars.next();
                end = i + f.len_utf8();
            } else {
                break;
            }
        }
        match chars.next() {
            Some((i, conv)) => {
                let flags = &format[start + 1..end];
                let whole = &format[start..i + conv.len_utf8()];
                match (conv != '%').then(|| with(flags, conv)).flatten() {
                    Some(replaced) => out.push_str(&replaced),
                    None => out.push_str(whole),
                }
            }
            None => out.push_str(&format[start..]),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(format: &str, locale: &str, expected: &str) {
        let date: Zoned = "2024-03-05T14:07:00+00:00[UTC]".parse().expect("a date");
        let localized = localize(format, locale, &date).expect("a known locale");
        assert_eq!(date.strftime(&localized).to_string(), expected, "{format}");
    }

    // Zola's `date` filter with `locale` (Tera 1's `date-locale` feature through
    // chrono's `format_localized`): names, AM/PM and `%x`/`%c` come from the locale.
    #[test]
    fn writes_names_in_the_locale() {
        check("%A %d %B %Y", "fr_FR", "mardi 05 mars 2024");
        check("%a %e %b", "de_DE", "Di  5 Mär");
        check("%x", "fr_FR", "05/03/2024");
        check("%x", "de_DE", "05.03.2024");
        check("%c", "fr_FR", "mar. 05 mars 2024 14:07:00 UTC");
        check("%I:%M %p", "en_US", "02:07 PM");
        check("%r", "en_US", "02:07:00 PM");
        check("%B %%B %^B", "es_ES", "marzo %B MARZO");
        check("%Y-%m-%d %-d", "fr_FR", "2024-03-05 5");
    }

    #[test]
    fn an_unknown_locale_is_an_error_naming_it() {
        let date: Zoned = "2024-03-05T00:00:00+00:00[UTC]".parse().expect("a date");
        let e = localize("%B", "xx_YY", &date).unwrap_err();
        assert!(e.contains("`xx_YY`"), "{e}");
    }

    #[test]
    fn keeps_what_it_does_not_know() {
        let keep = replace_specs("%Y %-d %:z %.3f 100%% %", |_, _| None);
        assert_eq!(keep, "%Y %-d %:z %.3f 100%% %");
        assert_eq!(
            replace_specs("%^B!", |f, c| Some(format!("[{f}{c}]"))),
            "[^B]!"
        );
    }
}
