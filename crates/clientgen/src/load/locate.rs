//! Finds the deepest node that fails to read, for a precise diagnostic.
//!
//! `openapiv3` reads several objects through `#[serde(flatten)]`, which
//! hides where inside them an error happened. So when a document fails,
//! its parts are read one by one, descending into the part that fails.

use openapiv3::{
    MediaType, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema, SecurityScheme,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diagnostics::Pointer;

/// The kinds of node whose children are worth descending into.
#[derive(Clone, Copy)]
enum Kind {
    Document,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    MediaType,
    Schema,
    SecurityScheme,
    /// A map whose every value is of the given kind.
    MapOf(&'static Kind),
    /// A list whose every item is of the given kind.
    ListOf(&'static Kind),
}

/// The pointer and message of the deepest failing node under the document.
pub fn locate_error(document: &Value) -> Option<(Pointer, String)> {
    deepest_failure(document, Kind::Document, Pointer::root())
}

fn deepest_failure(value: &Value, kind: Kind, ptr: Pointer) -> Option<(Pointer, String)> {
    for (key, child_kind) in children(kind, value) {
        let Some(child) = child_value(value, &key) else { continue };
        if let Some(found) = deepest_failure(child, child_kind, ptr.join(&key)) {
            return Some(found);
        }
    }
    read_error(value, kind).map(|message| (ptr, message))
}

/// The children of a node that are themselves typed nodes.
fn children(kind: Kind, value: &Value) -> Vec<(String, Kind)> {
    const SCHEMA: Kind = Kind::Schema;
    const PARAMETERS: Kind = Kind::ListOf(&Kind::Parameter);
    const MEDIA: Kind = Kind::MapOf(&Kind::MediaType);
    let fixed: &[(&str, Kind)] = match kind {
        Kind::Document => &[("paths", Kind::MapOf(&Kind::PathItem)), ("components", Kind::Document)],
        Kind::PathItem => &[
            ("parameters", PARAMETERS),
            ("get", Kind::Operation),
            ("put", Kind::Operation),
            ("post", Kind::Operation),
            ("delete", Kind::Operation),
            ("options", Kind::Operation),
            ("head", Kind::Operation),
            ("patch", Kind::Operation),
            ("trace", Kind::Operation),
        ],
        Kind::Operation => &[
            ("parameters", PARAMETERS),
            ("requestBody", Kind::RequestBody),
            ("responses", Kind::MapOf(&Kind::Response)),
        ],
        Kind::Parameter => &[("schema", SCHEMA), ("content", MEDIA)],
        Kind::RequestBody | Kind::Response => &[("content", MEDIA)],
        Kind::MediaType => &[("schema", SCHEMA)],
        Kind::Schema => &[
            ("properties", Kind::MapOf(&SCHEMA)),
            ("items", SCHEMA),
            ("additionalProperties", SCHEMA),
            ("allOf", Kind::ListOf(&SCHEMA)),
            ("oneOf", Kind::ListOf(&SCHEMA)),
            ("anyOf", Kind::ListOf(&SCHEMA)),
            ("not", SCHEMA),
        ],
        Kind::SecurityScheme => &[],
        Kind::MapOf(inner) => return keys(value).map(|k| (k, *inner)).collect(),
        Kind::ListOf(inner) => {
            return (0..value.as_array().map_or(0, Vec::len)).map(|i| (i.to_string(), *inner)).collect();
        }
    };
    let mut found: Vec<(String, Kind)> = fixed.iter().map(|(k, kind)| (k.to_string(), *kind)).collect();
    if matches!(kind, Kind::Document) && value.get("openapi").is_none() {
        // Inside `components`: each section maps names to nodes of one kind.
        found = components_sections();
    }
    found
}

fn components_sections() -> Vec<(String, Kind)> {
    [
        ("schemas", Kind::MapOf(&Kind::Schema)),
        ("parameters", Kind::MapOf(&Kind::Parameter)),
        ("requestBodies", Kind::MapOf(&Kind::RequestBody)),
        ("responses", Kind::MapOf(&Kind::Response)),
        ("securitySchemes", Kind::MapOf(&Kind::SecurityScheme)),
    ]
    .into_iter()
    .map(|(k, kind)| (k.to_string(), kind))
    .collect()
}

fn keys(value: &Value) -> impl Iterator<Item = String> + '_ {
    value.as_object().into_iter().flat_map(|o| o.keys().cloned())
}

fn child_value<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    match value {
        Value::Object(map) => map.get(key),
        Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    }
}

/// Why the node does not read as its kind, if it does not. A `$ref` is
/// always acceptable where a node is.
fn read_error(value: &Value, kind: Kind) -> Option<String> {
    match kind {
        Kind::Document | Kind::MapOf(_) | Kind::ListOf(_) => None,
        Kind::PathItem => try_read::<ReferenceOr<PathItem>>(value),
        Kind::Operation => try_read::<Operation>(value),
        Kind::Parameter => try_read::<ReferenceOr<Parameter>>(value),
        Kind::RequestBody => try_read::<ReferenceOr<RequestBody>>(value),
        Kind::Response => try_read::<ReferenceOr<Response>>(value),
        Kind::MediaType => try_read::<MediaType>(value),
        Kind::Schema => match value {
            Value::Bool(_) => None, // `additionalProperties: true`
            _ => try_read::<ReferenceOr<Schema>>(value),
        },
        Kind::SecurityScheme => try_read::<ReferenceOr<SecurityScheme>>(value),
    }
}

fn try_read<T: DeserializeOwned>(value: &Value) -> Option<String> {
    T::deserialize(value).err().map(|e| e.to_string())
}
