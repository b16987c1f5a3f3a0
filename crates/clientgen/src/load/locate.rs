//! Finds the deepest node that fails to read, for a precise diagnostic.
//!
//! `openapiv3` reads several objects through `#[serde(flatten)]`, which
//! hides where inside them an error happened. So when a document fails,
//! its parts are read one by one, descending into the part that fails.

use serde_json::Value;

use super::nodes::{self, Kind};
use crate::diagnostics::Pointer;

/// The pointer and message of the deepest failing node under the document.
pub fn locate_error(document: &Value) -> Option<(Pointer, String)> {
    deepest_failure(document, Kind::Document, Pointer::root())
}

/// The same under a node of the given kind found at `ptr`.
pub fn deepest_failure(value: &Value, kind: Kind, ptr: Pointer) -> Option<(Pointer, String)> {
    for (key, child_kind) in nodes::children(kind, value) {
        let Some(child) = nodes::child(value, &key) else { continue };
        if let Some(found) = deepest_failure(child, child_kind, ptr.join(&key)) {
            return Some(found);
        }
    }
    nodes::read_error(value, kind).map(|message| (ptr, message))
}
