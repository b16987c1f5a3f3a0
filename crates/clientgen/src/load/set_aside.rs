//! Nodes that do not read, set aside before the whole document is read.
//!
//! `openapiv3` reads a `$ref`-or-node (`ReferenceOr`) a second time when it
//! fails, to give a better message: a node that fails is read twice by its
//! parent, four times by its grandparent and so on. One bad schema nested
//! n levels deep costs some 2ⁿ reads: seconds at 20 levels, hours at 30.
//! Read bottom-up, each node on its own once its children are known to
//! read, no failure is ever repeated: a node that fails is replaced by a
//! marker node of its kind, and the whole document then reads in time
//! linear in its depth.
//!
//! A bad node where `openapiv3` reads none (a sibling of a `$ref`) leaves
//! no trace in what is read and is no error, as in a direct read; one
//! whose marker is read is the error the document has.

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
    visit(document, Kind::Document, Pointer::root(), &mut found);
    found
}

fn visit(value: &mut Value, kind: Kind, ptr: Pointer, found: &mut Vec<SetAside>) {
    for (key, child_kind) in nodes::children(kind, value) {
        if let Some(child) = nodes::child_mut(value, &key) {
            visit(child, child_kind, ptr.join(&key), found);
        }
    }
    let Some(mut marker) = marker_of(kind) else { return };
    if let Some(message) = nodes::read_error(value, kind) {
        marker.insert(MARKER.to_string(), Value::from(found.len()));
        let node = std::mem::replace(value, Value::Object(marker));
        found.push(SetAside { pointer: ptr, kind, node, message });
    }
}

/// The least node of a kind that is set aside, without its marker's
/// extension; `None` for the kinds that never nest deeply.
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
        let (set_aside, read) = outcome(r##"{"A": {"$ref": "#/components/schemas/B", "items": {"type": 5}}, "B": {}}"##);
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
