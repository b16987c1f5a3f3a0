//! The typed nodes of an OpenAPI 3.0 document as a JSON tree: which
//! child of a node is itself a node, and of what kind, as `openapiv3`
//! reads them. `locate.rs` and `set_aside.rs` walk documents with it.
//!
//! Only fixed keys of typed nodes lead to children, so a walk never takes
//! an extension or an example for a node. Of `paths` and `responses` only
//! the keys `openapiv3` reads are children (paths start with `/`;
//! responses are `default` or status codes).

use openapiv3::{
    Callback, Encoding, Header, MediaType, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema,
    SecurityScheme, StatusCode,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The kinds of node whose children are worth descending into.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Document,
    Components,
    Paths,
    PathItem,
    Operation,
    Responses,
    Callback,
    Parameter,
    RequestBody,
    Response,
    Header,
    MediaType,
    Encoding,
    Schema,
    SecurityScheme,
    /// A map whose every value is of the given kind.
    MapOf(&'static Kind),
    /// A list whose every item is of the given kind.
    ListOf(&'static Kind),
}

const SCHEMA: Kind = Kind::Schema;
const PARAMETERS: Kind = Kind::ListOf(&Kind::Parameter);
const CONTENT: Kind = Kind::MapOf(&Kind::MediaType);
const HEADERS: Kind = Kind::MapOf(&Kind::Header);

/// The children of a node that are themselves typed nodes, with their keys.
pub fn children(kind: Kind, value: &Value) -> Vec<(String, Kind)> {
    let fixed: &[(&str, Kind)] = match kind {
        Kind::Document => &[("paths", Kind::Paths), ("components", Kind::Components)],
        Kind::Components => &[
            ("schemas", Kind::MapOf(&SCHEMA)),
            ("responses", Kind::MapOf(&Kind::Response)),
            ("parameters", Kind::MapOf(&Kind::Parameter)),
            ("requestBodies", Kind::MapOf(&Kind::RequestBody)),
            ("headers", HEADERS),
            ("securitySchemes", Kind::MapOf(&Kind::SecurityScheme)),
            ("callbacks", Kind::MapOf(&Kind::Callback)),
        ],
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
            ("responses", Kind::Responses),
            ("callbacks", Kind::MapOf(&Kind::Callback)),
        ],
        Kind::Parameter | Kind::Header => &[("schema", SCHEMA), ("content", CONTENT)],
        Kind::RequestBody => &[("content", CONTENT)],
        Kind::Response => &[("headers", HEADERS), ("content", CONTENT)],
        Kind::MediaType => &[("schema", SCHEMA), ("encoding", Kind::MapOf(&Kind::Encoding))],
        Kind::Encoding => &[("headers", HEADERS)],
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
        Kind::Paths => return keys(value).filter(|k| k.starts_with('/')).map(|k| (k, Kind::PathItem)).collect(),
        Kind::Responses => return keys(value).filter(|k| is_response_key(k)).map(|k| (k, Kind::Response)).collect(),
        Kind::Callback | Kind::MapOf(_) => {
            let inner = if let Kind::MapOf(inner) = kind { *inner } else { Kind::PathItem };
            return keys(value).map(|k| (k, inner)).collect();
        }
        Kind::ListOf(inner) => {
            return (0..value.as_array().map_or(0, Vec::len)).map(|i| (i.to_string(), *inner)).collect();
        }
    };
    let present = |(key, _): &&(&str, Kind)| value.get(key).is_some();
    fixed.iter().filter(present).map(|(key, kind)| (key.to_string(), *kind)).collect()
}

/// `default`, or a key `openapiv3` reads as a status code (`200`, `4XX`).
fn is_response_key(key: &str) -> bool {
    key == "default" || serde_json::from_value::<StatusCode>(Value::String(key.to_string())).is_ok()
}

fn keys(value: &Value) -> impl Iterator<Item = String> + '_ {
    value.as_object().into_iter().flat_map(|o| o.keys().cloned())
}

/// The child of an object or list under `key`.
pub fn child<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    match value {
        Value::Object(map) => map.get(key),
        Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    }
}

/// The child of an object or list under `key`, to change it.
pub fn child_mut<'v>(value: &'v mut Value, key: &str) -> Option<&'v mut Value> {
    match value {
        Value::Object(map) => map.get_mut(key),
        Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    }
}

/// Why the node, read on its own, does not read as its kind, if it does
/// not. A `$ref` is always acceptable where `openapiv3` allows one.
pub fn read_error(value: &Value, kind: Kind) -> Option<String> {
    match kind {
        // A container of the wrong shape is named itself, not its parent.
        Kind::Paths | Kind::Responses | Kind::MapOf(_) => try_read::<serde_json::Map<String, Value>>(value),
        Kind::ListOf(_) => try_read::<Vec<Value>>(value),
        Kind::Document | Kind::Components => None,
        Kind::PathItem => try_read::<ReferenceOr<PathItem>>(value),
        Kind::Operation => try_read::<Operation>(value),
        Kind::Callback => try_read::<ReferenceOr<Callback>>(value),
        Kind::Parameter => try_read::<ReferenceOr<Parameter>>(value),
        Kind::RequestBody => try_read::<ReferenceOr<RequestBody>>(value),
        Kind::Response => try_read::<ReferenceOr<Response>>(value),
        Kind::Header => try_read::<ReferenceOr<Header>>(value),
        Kind::MediaType => try_read::<MediaType>(value),
        Kind::Encoding => try_read::<Encoding>(value),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn child_keys(kind: Kind, json: &str) -> Vec<String> {
        let value: Value = serde_json::from_str(json).unwrap_or(Value::Null);
        children(kind, &value).into_iter().map(|(key, _)| key).collect()
    }

    #[test]
    fn a_container_of_the_wrong_shape_is_an_error_of_its_own() {
        let read = |kind, json| read_error(&serde_json::from_str(json).unwrap_or(Value::Null), kind);
        assert_eq!(read(Kind::Responses, "[]").as_deref(), Some("invalid type: sequence, expected a map"));
        assert_eq!(read(PARAMETERS, "{}").as_deref(), Some("invalid type: map, expected a sequence"));
        assert_eq!(read(Kind::Responses, "{}"), None);
    }

    #[test]
    fn only_keys_openapiv3_reads_are_children() {
        let paths = r#"{"/a": {}, "x-note": 1, "b": {}}"#;
        assert_eq!(child_keys(Kind::Paths, paths), ["/a"]);
        let responses = r#"{"200": {}, "4XX": {}, "default": {}, "x-note": 1, "ok": {}}"#;
        assert_eq!(child_keys(Kind::Responses, responses), ["200", "4XX", "default"]);
        let schema = r#"{"type": "object", "x-items": {}, "example": {"items": 1}, "items": {}}"#;
        assert_eq!(child_keys(Kind::Schema, schema), ["items"]);
    }
}
