//! One streaming pass over a document, before the direct parse: its
//! `openapi` version, whether any object repeats a key, and the keys of
//! `paths` that `openapiv3` leaves out without a word (not starting with
//! `/`, nor an `x-` extension).
//!
//! A repeated key must keep a document off the direct parse: `openapiv3`
//! reads a `$ref`-or-node twice, once from serde's buffer (where a repeated
//! field is an error) and once from a JSON tree (where the last one wins),
//! and panics when the second succeeds. Through a JSON tree first, the last
//! key wins everywhere and the document reads as any parser would read it.

use std::collections::BTreeSet;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// What the pass found; it fails (as a parse error) on a repeated key.
pub struct Outline {
    pub openapi: Option<String>,
    /// Keys of `paths` that are neither paths nor extensions.
    pub stray_paths: Vec<String>,
}

impl<'de> Deserialize<'de> for Outline {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(TopLevel)
    }
}

struct TopLevel;

impl<'de> Visitor<'de> for TopLevel {
    type Value = Outline;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an OpenAPI document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Outline, A::Error> {
        let mut keys = BTreeSet::new();
        let mut openapi = None;
        let mut stray_paths = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == "paths" {
                stray_paths = map.next_value_seed(PathKeys)?;
            } else {
                // Anything but a string is no version: the slow way says what is wrong with it.
                let text = map.next_value_seed(Node { keep_text: key == "openapi" })?;
                if key == "openapi" {
                    openapi = text;
                }
            }
            if !keys.insert(key) {
                return Err(de::Error::custom("a key is repeated"));
            }
        }
        Ok(Outline { openapi, stray_paths })
    }
}

/// Is this key of `paths` one that `openapiv3` reads (a path or an extension)?
pub fn is_path_key(key: &str) -> bool {
    key.starts_with('/') || key.starts_with("x-")
}

/// The `paths` object: walked like any other, keeping the stray keys. Not
/// an object: an error, which sends the document the slow way, which says so.
struct PathKeys;

impl<'de> DeserializeSeed<'de> for PathKeys {
    type Value = Vec<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<String>, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PathKeys {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the paths object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<String>, A::Error> {
        let mut stray = Vec::new();
        walk_object(map, |key| {
            if !is_path_key(key) {
                stray.push(key.to_string());
            }
        })?;
        Ok(stray)
    }
}

/// Walks an object's values, refusing a repeated key; `seen` gets each key.
fn walk_object<'de, A: MapAccess<'de>>(mut map: A, mut seen: impl FnMut(&str)) -> Result<(), A::Error> {
    let mut keys = BTreeSet::new();
    while let Some(key) = map.next_key::<String>()? {
        map.next_value_seed(ANY)?;
        seen(&key);
        if !keys.insert(key) {
            return Err(de::Error::custom("a key is repeated"));
        }
    }
    Ok(())
}

/// Walks a value without keeping it (but for a string, if `keep_text`),
/// refusing an object with a repeated key. Every error is passed on: a
/// parser left halfway through a value cannot go on.
#[derive(Clone, Copy)]
struct Node {
    keep_text: bool,
}

const ANY: Node = Node { keep_text: false };

impl<'de> DeserializeSeed<'de> for Node {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<String>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<String>, A::Error> {
        walk_object(map, |_| {}).map(|()| None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<String>, A::Error> {
        while seq.next_element_seed(ANY)?.is_some() {}
        Ok(None)
    }

    fn visit_str<E>(self, text: &str) -> Result<Option<String>, E> {
        Ok(self.keep_text.then(|| text.to_string()))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Option<String>, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Option<String>, E> {
        Ok(None)
    }
    fn visit_i128<E>(self, _: i128) -> Result<Option<String>, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Option<String>, E> {
        Ok(None)
    }
    fn visit_u128<E>(self, _: u128) -> Result<Option<String>, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Option<String>, E> {
        Ok(None)
    }
    fn visit_bytes<E>(self, _: &[u8]) -> Result<Option<String>, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Option<String>, E> {
        Ok(None)
    }
    fn visit_none<E>(self) -> Result<Option<String>, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<String>, D::Error> {
        deserializer.deserialize_any(self)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<String>, D::Error> {
        deserializer.deserialize_any(self)
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Option<String>, A::Error> {
        // A YAML tag (`!Tag value`): no version, and its value is checked like any other.
        let (_, variant) = data.variant::<de::IgnoredAny>()?;
        de::VariantAccess::newtype_variant_seed(variant, ANY).map(|_| None)
    }
}
