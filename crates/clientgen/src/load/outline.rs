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
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

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
            if key == "openapi" {
                // Anything but a string sends the document the slow way, which says what is wrong.
                openapi = map.next_value::<UniqueKeys<Option<String>>>().ok().and_then(|v| v.0);
            } else {
                map.next_value::<UniqueKeys<()>>()?;
            }
            if !keys.insert(key) {
                return Err(de::Error::custom("a key is repeated"));
            }
        }
        Ok(Outline { openapi })
    }
}

/// Any value, checked for repeated keys; a string is kept when `T` asks for one.
struct UniqueKeys<T>(T);

impl<'de> Deserialize<'de> for UniqueKeys<()> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Node).map(UniqueKeys)
    }
}

impl<'de> Deserialize<'de> for UniqueKeys<Option<String>> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<String>::deserialize(deserializer).map(UniqueKeys)
    }
}

/// Walks a value without keeping it, refusing an object with a repeated key.
struct Node;

impl<'de> Visitor<'de> for Node {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut keys = BTreeSet::new();
        while let Some(key) = map.next_key::<String>()? {
            map.next_value::<UniqueKeys<()>>()?;
            if !keys.insert(key) {
                return Err(de::Error::custom("a key is repeated"));
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<UniqueKeys<()>>()?.is_some() {}
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_i128<E>(self, _: i128) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u128<E>(self, _: u128) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_bytes<E>(self, _: &[u8]) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(Node)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(Node)
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        // A YAML tag (`!Tag value`): its value is checked like any other.
        let (_, variant) = data.variant::<de::IgnoredAny>()?;
        de::VariantAccess::newtype_variant::<UniqueKeys<()>>(variant).map(|_| ())
    }
}
