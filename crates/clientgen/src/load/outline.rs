//! One streaming pass over a document, before the direct parse: its
//! `openapi` version, and whether any object repeats a key.
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
        while let Some(key) = map.next_key::<String>()? {
            // Anything but a string is no version: the slow way says what is wrong with it.
            let text = map.next_value_seed(Node { keep_text: key == "openapi" })?;
            if key == "openapi" {
                openapi = text;
            }
            if !keys.insert(key) {
                return Err(de::Error::custom("a key is repeated"));
            }
        }
        Ok(Outline { openapi })
    }
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

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<String>, A::Error> {
        let mut keys = BTreeSet::new();
        while let Some(key) = map.next_key::<String>()? {
            map.next_value_seed(ANY)?;
            if !keys.insert(key) {
                return Err(de::Error::custom("a key is repeated"));
            }
        }
        Ok(None)
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
