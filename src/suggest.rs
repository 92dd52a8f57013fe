//! "Did you mean …?": the known name closest to a misspelt one, and the names a
//! `Deserialize` struct accepts, so that lists of known keys follow the structs.
//!
//! It only suggests; the callers decide what is unknown and word the message.

use serde::Deserialize;
use serde::de::{self, Visitor};

/// How alike two names must be (Jaro-Winkler similarity, 0 to 1) for a suggestion.
/// 0.8 takes one or two typos (`titel`, `figur`, `smart_punctuaton`) and leaves
/// unrelated words alone (`colour` is not `title`).
const THRESHOLD: f64 = 0.8;

/// The name in `known` most like `name`, if one is alike enough. Of equally alike
/// names the first in sorted order wins, so the answer does not depend on the order
/// of `known` (Tera lists its templates in no particular order).
pub fn closest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in known {
        let score = strsim::jaro_winkler(name, candidate);
        let better = match best {
            None => true,
            Some((s, b)) => score > s || (score == s && candidate < b),
        };
        if score >= THRESHOLD && better {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// What to say of a key no field takes: serde's wording, with the close name when
/// there is one and the whole list when there is none. `place` says where the key
/// is when it is not at the top (`` in `[markdown]` ``), else it is empty.
pub fn unknown_field(name: &str, place: &str, known: &[&str]) -> String {
    match closest(name, known.iter().copied()) {
        Some(c) => format!("unknown field `{name}`{place}, did you mean `{c}`?"),
        None => {
            let list: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
            format!(
                "unknown field `{name}`{place}, expected one of {}",
                list.join(", ")
            )
        }
    }
}

/// The field names a struct deriving `Deserialize` accepts, in declaration order
/// (renames applied), as serde hands them to a deserializer.
pub fn field_names<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    let mut probe = FieldProbe(&[]);
    // The probe always fails once it has seen the fields; the error carries nothing.
    let _ = T::deserialize(&mut probe);
    probe.0
}

/// A deserializer that records the field list of the struct asked of it.
struct FieldProbe(&'static [&'static str]);

impl<'de> de::Deserializer<'de> for &mut FieldProbe {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        self.0 = fields;
        Err(de::Error::custom("fields recorded"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
        enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_only_close_names() {
        let known = [
            "title",
            "description",
            "draft",
            "figure",
            "smart_punctuation",
        ];
        let check = |name: &str, want: Option<&str>| {
            assert_eq!(closest(name, known), want, "{name}");
        };
        check("titel", Some("title"));
        check("Title", Some("title"));
        check("draftt", Some("draft"));
        check("figur", Some("figure"));
        check("descripton", Some("description"));
        check("smart_punctuaton", Some("smart_punctuation"));
        check("colour", None);
        check("x", None);
        check("", None);
        assert_eq!(closest("ab", ["ac", "aa"]), closest("ab", ["aa", "ac"]));
        assert_eq!(
            unknown_field("titel", "", &known),
            "unknown field `titel`, did you mean `title`?"
        );
        assert_eq!(
            unknown_field("colour", " in `[x]`", &known[..2]),
            "unknown field `colour` in `[x]`, expected one of `title`, `description`"
        );
    }

    #[test]
    fn field_names_follow_the_struct() {
        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct S {
            a: u8,
            #[serde(rename = "b-c")]
            b: String,
            #[serde(default)]
            d: bool,
        }
        assert_eq!(field_names::<S>(), ["a", "b-c", "d"]);
    }
}
