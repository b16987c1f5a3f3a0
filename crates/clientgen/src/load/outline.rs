//! One streaming pass over a document, before the direct parse: its
//! `openapi` version, whether any object repeats a key, the keys of
//! `paths` that `openapiv3` leaves out without a word (not starting with
//! `/`, nor an `x-` extension), and how deeply its schemas nest.
//!
//! A repeated key must keep a document off the direct parse: `openapiv3`
//! reads a `$ref`-or-node twice, once from serde's buffer (where a repeated
//! field is an error) and once from a JSON tree (where the last one wins),
//! and panics when the second succeeds. Through a JSON tree first, the last
//! key wins everywhere and the document reads as any parser would read it.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// What the pass found; it fails (as a parse error) on a repeated key.
pub struct Outline {
    pub openapi: Option<String>,
    /// Keys of `paths` that are neither paths nor extensions.
    pub stray_paths: Vec<String>,
    /// The most [nesting keys](is_nesting_key) on any one path from the
    /// root: an upper bound on how deeply schemas nest in `$ref`-or-node
    /// enums (see `load::MAX_DIRECT_NESTING`).
    pub nesting: usize,
}

impl<'de> Deserialize<'de> for Outline {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let deepest = Cell::new(0);
        let (openapi, stray_paths) = deserializer.deserialize_map(TopLevel { deepest: &deepest })?;
        Ok(Outline { openapi, stray_paths, nesting: deepest.get() })
    }
}

/// A key under which `openapiv3` reads one more level of `$ref`-or-schema
/// (or, for `callbacks`, of path items). Counted wherever it appears, so
/// a property or extension that happens to bear the name only overstates
/// the depth.
fn is_nesting_key(key: &str) -> bool {
    matches!(key, "items" | "properties" | "additionalProperties" | "allOf" | "anyOf" | "oneOf" | "not" | "callbacks")
}

/// Where a walk is: how many nesting keys lead to it, and the deepest so far.
#[derive(Clone, Copy)]
struct Depth<'a> {
    nesting: usize,
    deepest: &'a Cell<usize>,
}

impl<'a> Depth<'a> {
    fn under(self, key: &str) -> Depth<'a> {
        let nesting = self.nesting + usize::from(is_nesting_key(key));
        self.deepest.set(self.deepest.get().max(nesting));
        Depth { nesting, deepest: self.deepest }
    }
}

struct TopLevel<'a> {
    deepest: &'a Cell<usize>,
}

impl<'de> Visitor<'de> for TopLevel<'_> {
    /// The version and the stray path keys.
    type Value = (Option<String>, Vec<String>);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an OpenAPI document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let root = Depth { nesting: 0, deepest: self.deepest };
        let mut keys = BTreeSet::new();
        let mut openapi = None;
        let mut stray_paths = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == "paths" {
                stray_paths = map.next_value_seed(PathKeys { depth: root })?;
            } else {
                // Anything but a string is no version: the slow way says what is wrong with it.
                let text = map.next_value_seed(Node { keep_text: key == "openapi", depth: root.under(&key) })?;
                if key == "openapi" {
                    openapi = text;
                }
            }
            if !keys.insert(key) {
                return Err(de::Error::custom("a key is repeated"));
            }
        }
        Ok((openapi, stray_paths))
    }
}

/// Is this key of `paths` one that `openapiv3` reads (a path or an extension)?
pub fn is_path_key(key: &str) -> bool {
    key.starts_with('/') || key.starts_with("x-")
}

/// The `paths` object: walked like any other, keeping the stray keys. Not
/// an object: an error, which sends the document the slow way, which says so.
struct PathKeys<'a> {
    depth: Depth<'a>,
}

impl<'de> DeserializeSeed<'de> for PathKeys<'_> {
    type Value = Vec<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<String>, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PathKeys<'_> {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the paths object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<String>, A::Error> {
        let mut stray = Vec::new();
        walk_object(map, self.depth, |key| {
            if !is_path_key(key) {
                stray.push(key.to_string());
            }
        })?;
        Ok(stray)
    }
}

/// Walks an object's values, refusing a repeated key; `seen` gets each key.
fn walk_object<'de, A: MapAccess<'de>>(mut map: A, depth: Depth, mut seen: impl FnMut(&str)) -> Result<(), A::Error> {
    let mut keys = BTreeSet::new();
    while let Some(key) = map.next_key::<String>()? {
        map.next_value_seed(Node { keep_text: false, depth: depth.under(&key) })?;
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
struct Node<'a> {
    keep_text: bool,
    depth: Depth<'a>,
}

impl Node<'_> {
    /// The same walk one level down, where no text is kept.
    fn any(self) -> Self {
        Node { keep_text: false, ..self }
    }
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<String>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<String>, A::Error> {
        walk_object(map, self.depth, |_| {}).map(|()| None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<String>, A::Error> {
        while seq.next_element_seed(self.any())?.is_some() {}
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
        de::VariantAccess::newtype_variant_seed(variant, self.any()).map(|_| None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nesting(json: &str) -> Option<usize> {
        serde_json::from_str::<Outline>(json).ok().map(|outline| outline.nesting)
    }

    #[test]
    fn nesting_counts_the_keys_that_nest_schemas_on_the_deepest_path() {
        let schema = r#"{"type": "object", "properties": {"a": {"items": {"anyOf": [{}, {"not": {}}]}}}}"#;
        let doc = format!(r#"{{"openapi": "3.0.3", "components": {{"schemas": {{"A": {schema}, "B": {{}}}}}}}}"#);
        assert_eq!(nesting(&doc), Some(4));
        assert_eq!(nesting(r#"{"openapi": "3.0.3", "paths": {"/a": {"x": {"items": {}}}}}"#), Some(1));
        assert_eq!(nesting(r#"{"openapi": "3.0.3", "paths": {}}"#), Some(0));
    }
}
