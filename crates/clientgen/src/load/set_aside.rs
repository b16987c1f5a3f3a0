//! Nodes that do not read, set aside before the whole document is read.
//!
//! `openapiv3` reads a `$ref`-or-node (`ReferenceOr`) a second time when it
//! fails, to give a better message: a node that fails is read twice by its
//! parent, four times by its grandparent and so on. One bad schema nested
//! n levels deep costs some 2ⁿ reads: seconds at 20 levels, hours at 30.
//! Read bottom-up, each node on its own once its children are known to
//! read, no failure is ever repeated: a node that fails is replaced by a
//! marker node of its kind, and the whole document then reads in time
//! linear in its size. While a node is read, each child already read
//! stands aside for the least node of its kind, so no node is read twice
//! either.
//!
//! A bad node where `openapiv3` reads none (a sibling of a `$ref`) leaves
//! no trace in what is read and is no error, as when the document is read
//! straight from its bytes; one whose marker is read is the error the
//! document has.

use openapiv3::OpenAPI;
use serde_json::Value;

use super::nodes::{self, Kind};
use crate::diagnostics::Pointer;

/// The extension a marker node carries; its value is the index of the
/// node it stands for.
const MARKER: &str = "x-clientgen-unreadable-node";

/// A node that did not read, as it was, with why.
#[derive(Debug)]
pub struct SetAside {
    pub pointer: Pointer,
    pub kind: Kind,
    pub node: Value,
    pub message: String,
}

/// Replaces every `$ref`-or-node that can nest without bound (schemas, and
/// through callbacks the rest) and does not read on its own with a
/// marker, deepest first, and lists them in that order.
pub fn set_aside_unreadable(document: &mut Value) -> Vec<SetAside> {
    let mut found = Vec::new();
    let held = visit(document, Kind::Document, Pointer::root(), &mut found);
    put_back(document, held);
    found
}

/// A node that read, taken out of the tree while its ancestors are read;
/// `path` leads to it from the node holding it, innermost key first.
struct Held {
    path: Vec<String>,
    node: Value,
}

/// Reads the nodes under `value` and then `value` itself, setting aside
/// those that fail; returns the nodes that read and now stand aside for a
/// least node of their kind, for the nearest ancestor that is read to put
/// back after reading itself.
fn visit(value: &mut Value, kind: Kind, ptr: Pointer, found: &mut Vec<SetAside>) -> Vec<Held> {
    let mut held = Vec::new();
    for (key, child_kind) in nodes::children(kind, value) {
        if let Some(child) = nodes::child_mut(value, &key) {
            for mut inner in visit(child, child_kind, ptr.join(&key), found) {
                inner.path.push(key.clone());
                held.push(inner);
            }
        }
    }
    let Some(mut least) = marker_of(kind) else { return held };
    let error = nodes::read_error(value, kind);
    put_back(value, held);
    match error {
        None => vec![Held { path: Vec::new(), node: std::mem::replace(value, Value::Object(least)) }],
        Some(message) => {
            least.insert(MARKER.to_string(), Value::from(found.len()));
            let node = std::mem::replace(value, Value::Object(least));
            found.push(SetAside { pointer: ptr, kind, node, message });
            Vec::new()
        }
    }
}

/// Puts each held node back where it stood. Nothing moves in between: a
/// marker only ever replaces a node whose held nodes are back in it.
fn put_back(value: &mut Value, held: Vec<Held>) {
    for Held { path, node } in held {
        let slot = path.iter().rev().try_fold(&mut *value, |at, key| nodes::child_mut(at, key));
        if let Some(slot) = slot {
            *slot = node;
        }
    }
}

/// The least node of a kind that is set aside, without its marker's
/// extension; `None` for the kinds that never nest deeply, which are
/// neither read on their own nor set aside.
fn marker_of(kind: Kind) -> Option<serde_json::Map<String, Value>> {
    let fields: &[(&str, Value)] = match kind {
        Kind::Schema | Kind::PathItem => &[],
        Kind::Response => &[("description", Value::String(String::new()))],
        Kind::RequestBody => &[("content", Value::Object(serde_json::Map::new()))],
        Kind::Header => &[("schema", Value::Object(serde_json::Map::new()))],
        Kind::Parameter => &[
            ("name", Value::String(String::new())),
            ("in", Value::String("query".to_string())),
            ("schema", Value::Object(serde_json::Map::new())),
        ],
        _ => return None,
    };
    Some(fields.iter().map(|(key, value)| (key.to_string(), value.clone())).collect())
}

/// The first set-aside node whose marker `openapiv3` read into the spec:
/// the document does not read as it is. `None` when every one stood where
/// nothing is read.
pub fn first_read<'s>(spec: &OpenAPI, set_aside: &'s [SetAside]) -> Option<&'s SetAside> {
    if set_aside.is_empty() {
        return None;
    }
    // Written out as JSON, the spec holds exactly the markers that were read.
    let written = serde_json::to_value(spec).ok()?;
    let mut read = Vec::new();
    markers_in(&written, &mut read);
    read.into_iter().min().and_then(|index| set_aside.get(index))
}

fn markers_in(value: &Value, read: &mut Vec<usize>) {
    match value {
        Value::Object(map) => {
            if let Some(index) = map.get(MARKER).and_then(Value::as_u64) {
                read.extend(usize::try_from(index).ok());
            }
            map.values().for_each(|v| markers_in(v, read));
        }
        Value::Array(items) => items.iter().for_each(|v| markers_in(v, read)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(schemas: &str) -> Value {
        let text = format!(
            r#"{{"openapi":"3.0.3","info":{{"title":"t","version":"1"}},"paths":{{}},"components":{{"schemas":{schemas}}}}}"#
        );
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    fn outcome(schemas: &str) -> (Vec<String>, Option<String>) {
        let mut doc = document(schemas);
        let set_aside = set_aside_unreadable(&mut doc);
        let pointers = set_aside.iter().map(|s| s.pointer.to_string()).collect();
        let spec: OpenAPI = match serde_json::from_value(doc) {
            Ok(spec) => spec,
            Err(e) => return (pointers, Some(format!("the marked document did not read: {e}"))),
        };
        (pointers, first_read(&spec, &set_aside).map(|s| s.pointer.to_string()))
    }

    #[test]
    fn a_bad_schema_that_is_read_is_named() {
        let (set_aside, read) = outcome(r##"{"A": {"type": "array", "items": {"type": {"$ref": "#/"}}}}"##);
        assert_eq!(set_aside, ["/components/schemas/A/items"]);
        assert_eq!(read.as_deref(), Some("/components/schemas/A/items"));
    }

    #[test]
    fn a_bad_schema_where_nothing_is_read_is_no_error() {
        let (set_aside, read) =
            outcome(r##"{"A": {"$ref": "#/components/schemas/B", "items": {"type": 5}}, "B": {}}"##);
        assert_eq!(set_aside, ["/components/schemas/A/items"]);
        assert_eq!(read, None);
    }

    #[test]
    fn the_deepest_bad_schema_is_set_aside_first() {
        let inner = r#"{"type": "object", "properties": {"b": {"type": "array", "items": {"maxItems": -1}}}}"#;
        let (set_aside, read) = outcome(&format!(r#"{{"A": {{"anyOf": [{inner}, {{"type": 7}}]}}}}"#));
        let deepest = "/components/schemas/A/anyOf/0/properties/b/items";
        assert_eq!(set_aside, [deepest, "/components/schemas/A/anyOf/1"]);
        assert_eq!(read.as_deref(), Some(deepest));
    }

    #[test]
    fn nodes_that_read_are_put_back_as_they_were() {
        let schemas = r##"{"A": {"type": "object", "properties": {"b": {"type": "array", "items": {"$ref": "#/components/schemas/C"}},
            "c": {"allOf": [{"type": "string"}, {"not": {"type": "integer"}}]}, "d": {"type": 5}}, "additionalProperties": true},
            "C": {"oneOf": [{"type": "object", "additionalProperties": {"type": "string"}}]}}"##;
        let original = document(schemas);
        let mut doc = original.clone();
        let set_aside = set_aside_unreadable(&mut doc);
        assert_eq!(set_aside.len(), 1);
        let marker = doc.pointer_mut("/components/schemas/A/properties/d").map(std::mem::take);
        assert_eq!(marker, Some(serde_json::json!({ MARKER: 0 })));
        let mut expected = original;
        if let Some(slot) = expected.pointer_mut("/components/schemas/A/properties/d") {
            *slot = Value::Null;
        }
        assert_eq!(doc, expected);
    }

    #[test]
    fn a_deep_bad_schema_is_found_at_once() {
        // 2²⁵ reads if failures were retried (and within the JSON reader's 128 levels).
        let mut schema = r##"{"type": {"$ref": "#/"}}"##.to_string();
        for _ in 0..25 {
            schema = format!(r#"{{"anyOf": [{{"type": "array", "items": {schema}}}, {{"type": "string"}}]}}"#);
        }
        let (set_aside, read) = outcome(&format!(r#"{{"A": {schema}}}"#));
        assert_eq!(set_aside.len(), 1);
        assert!(read.is_some_and(|p| p.ends_with("/items")));
    }
}
