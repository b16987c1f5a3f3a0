//! Stage 1, load: bytes (JSON or YAML) → `openapiv3::OpenAPI`.
//!
//! Anything that stops a document from being read at all becomes one
//! diagnostic with the JSON pointer of the offending node.

mod depth;
mod locate;
mod nodes;
mod set_aside;

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Severity};

/// A spec as read, with warnings about what the reading left out.
#[derive(Debug)]
pub struct Loaded {
    pub spec: OpenAPI,
    pub warnings: Vec<Diagnostic>,
}

/// Parses a spec. JSON is recognised by its first non-blank byte; anything
/// else is read as YAML.
///
/// Always through a JSON tree: `openapiv3` read straight from the bytes
/// reads a failing `$ref`-or-node again at every level above it (time
/// exponential in its depth; see `set_aside.rs`), and panics on a repeated
/// key, which it reads once from serde's buffer (where a repeated field is
/// an error) and once from a tree (where the last one wins). From the tree,
/// the last key wins everywhere, as any parser would read it, and each
/// node is read once before the whole.
pub fn load(bytes: &[u8]) -> Result<Loaded, Diagnostic> {
    if let Some(encoding) = wide_encoding(bytes) {
        return Err(fatal("", format!("the document is {encoding}, not UTF-8: save it as UTF-8")));
    }
    if !is_json(bytes)
        && let Some(line) = depth::too_deep_at(bytes)
    {
        let limit = depth::MAX_FLOW_DEPTH;
        return Err(fatal(
            "",
            format!("the document is not valid YAML: nested more than {limit} levels deep at line {line}"),
        ));
    }
    let mut document = parse_document(bytes)?;
    check_version(&document)?;
    let warnings = stray_path_warnings(&document);
    Ok(Loaded { spec: deserialize(&mut document)?, warnings })
}

/// `openapiv3` drops a `paths` key that starts with neither `/` nor `x-`.
fn stray_path_warnings(document: &Value) -> Vec<Diagnostic> {
    let Some(keys) = document.get("paths").and_then(Value::as_object) else { return Vec::new() };
    let paths = crate::diagnostics::Pointer::root().join("paths");
    let stray = keys.keys().filter(|key| !key.starts_with('/') && !key.starts_with("x-"));
    let warning = |key: &String| Diagnostic {
        severity: Severity::Warning,
        pointer: paths.join(key).to_string(),
        message: "a path must start with `/`; this path item is left out".to_string(),
    };
    stray.map(warning).collect()
}

/// UTF-16 or UTF-32, told by a byte-order mark or by NUL bytes among the
/// first four (which begin with ASCII in any OpenAPI document): the readers
/// would call it invalid UTF-8 YAML, which says nothing of the cause.
fn wide_encoding(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] | [0, 0, 0xFE, 0xFF, ..] => Some("UTF-32"),
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => Some("UTF-16"),
        [0, 0, 0, _, ..] | [_, 0, 0, 0, ..] => Some("UTF-32"),
        [0, _, ..] | [_, 0, ..] => Some("UTF-16"),
        _ => None,
    }
}

/// JSON starts with `{`; anything else is read as YAML.
fn is_json(bytes: &[u8]) -> bool {
    bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

fn parse_document(bytes: &[u8]) -> Result<Value, Diagnostic> {
    if is_json(bytes) {
        serde_json::from_slice(bytes).map_err(|e| {
            // serde_json stops at 128 levels; the document may be valid JSON all the same.
            if e.to_string().starts_with("recursion limit exceeded") {
                let (line, column) = (e.line(), e.column());
                fatal("", format!("the document nests more than 128 levels deep (at line {line}, column {column}), deeper than the JSON reader goes"))
            } else {
                fatal("", format!("the document is not valid JSON: {e}"))
            }
        })
    } else {
        serde_yaml::from_slice(bytes).map_err(|e| match e.to_string().strip_prefix("recursion limit exceeded ") {
            Some(place) => fatal(
                "",
                format!("the document nests more than 128 levels deep ({place}), deeper than the YAML reader goes"),
            ),
            None => fatal("", format!("the document is not valid YAML: {e}")),
        })
    }
}

fn check_version(document: &Value) -> Result<(), Diagnostic> {
    let Some(object) = document.as_object() else {
        return Err(fatal("", "the document is not an object, so it is not an OpenAPI document"));
    };
    if let Some(swagger) = object.get("swagger") {
        return Err(fatal(
            "/swagger",
            format!(
                "this is a Swagger {} document; only OpenAPI 3.0 is supported (convert it first, e.g. with swagger2openapi)",
                scalar_text(swagger)
            ),
        ));
    }
    match object.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.0") => Ok(()),
        Some(v @ Value::String(_)) => {
            let webhooks_only = object.contains_key("webhooks") && !object.contains_key("paths");
            let note = if webhooks_only {
                " (and this document describes only webhooks, requests a server sends, so there is no client to generate)"
            } else {
                ""
            };
            let message =
                format!("OpenAPI {} is not supported; this generator reads OpenAPI 3.0.x{note}", scalar_text(v));
            Err(fatal("/openapi", message))
        }
        Some(_) => Err(fatal("/openapi", "`openapi` must be a version string such as \"3.0.3\"")),
        None => Err(fatal("", "no `openapi` version field: this is not an OpenAPI document")),
    }
}

/// Reads the document into `openapiv3` types; bad schemas are set aside
/// first, so that none is read again and again (see `set_aside.rs`).
fn deserialize(document: &mut Value) -> Result<OpenAPI, Diagnostic> {
    let set_aside = set_aside::set_aside_unreadable(document);
    let spec = serde_path_to_error::deserialize(&*document).map_err(|e| {
        let (pointer, message) = match locate::locate_error(document) {
            Some((pointer, message)) => (pointer.to_string(), message),
            None => (path_to_pointer(e.path()), e.inner().to_string()),
        };
        not_valid(&pointer, &message)
    })?;
    match set_aside::first_read(&spec, &set_aside) {
        Some(bad) => {
            let deepest = locate::deepest_failure(&bad.node, bad.kind, bad.pointer.clone());
            let (pointer, message) = deepest.unwrap_or_else(|| (bad.pointer.clone(), bad.message.clone()));
            Err(not_valid(&pointer.to_string(), &message))
        }
        None => Ok(spec),
    }
}

fn not_valid(pointer: &str, message: &str) -> Diagnostic {
    fatal(pointer, format!("not a valid OpenAPI 3.0 node: {message}"))
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = crate::diagnostics::Pointer::root();
    for segment in path.iter() {
        pointer = match segment {
            Segment::Seq { index } => pointer.join(index),
            Segment::Map { key } => pointer.join(key),
            Segment::Enum { variant } => pointer.join(variant),
            Segment::Unknown => break,
        };
    }
    pointer.to_string()
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn fatal(pointer: &str, message: impl Into<String>) -> Diagnostic {
    Diagnostic { severity: Severity::Error, pointer: pointer.to_string(), message: message.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> Diagnostic {
        error_of_bytes(text.as_bytes())
    }

    #[test]
    fn reads_json_and_yaml() {
        let json = r#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{}}"#;
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";
        assert_eq!(load(json.as_bytes()).map(|l| l.spec.info.title), Ok("t".to_string()));
        assert_eq!(load(yaml.as_bytes()).map(|l| l.spec.info.title), Ok("t".to_string()));
    }

    #[test]
    fn refuses_swagger_2_with_one_clear_message() {
        let d = error_of(r#"{"swagger":"2.0","info":{}}"#);
        assert_eq!(d.pointer, "/swagger");
        assert!(d.message.contains("Swagger 2.0"), "{}", d.message);
    }

    #[test]
    fn refuses_other_versions() {
        let d = error_of(r#"{"openapi":"3.1.0","info":{"title":"t","version":"1"}}"#);
        assert_eq!(d.pointer, "/openapi");
        assert!(d.message.contains("3.1.0"));
    }

    #[test]
    fn broken_node_is_named_by_pointer() {
        let d = error_of(
            r#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":5}}}}}}"#,
        );
        assert_eq!(d.pointer, "/paths/~1a/get/responses/200");
        assert!(d.message.contains("expected a string"), "{}", d.message);
    }

    #[test]
    fn a_repeated_key_reads_as_its_last_value() {
        let schema = r#"{"type":"string","type":"object","properties":{"a":{"type":"integer"}}}"#;
        let json = format!(
            r#"{{"openapi":"3.0.0","info":{{"title":"t","version":"1"}},"paths":{{"/a":{{"get":{{"responses":{{"200":{{"description":"d","content":{{"application/json":{{"schema":{schema}}}}}}}}}}}}}}}}}"#
        );
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: string\n      type: object\n";
        assert!(load(json.as_bytes()).is_ok());
        let spec = load(yaml.as_bytes()).map_err(|d| d.to_string());
        let schemas = spec.map(|l| l.spec.components.map(|c| c.schemas.len()));
        assert_eq!(schemas, Ok(Some(1)));
    }

    #[test]
    fn a_version_that_is_no_string_is_refused() {
        let d = error_of("openapi:\n- x\n- 1\ninfo: {title: t, version: '1'}\npaths: {}\n");
        assert_eq!(d.pointer, "/openapi");
        assert!(load(b"openapi: !Tag [3.0.0]\ninfo: !Info {title: t}\npaths: {}\n").is_err());
    }

    #[test]
    fn a_path_without_its_slash_is_left_out_with_a_warning() {
        let ok = r#"{"responses":{"204":{"description":"none"}}}"#;
        let paths = format!(r#"{{"/a":{{"get":{ok}}},"b/c":{{"get":{ok}}},"x-note":1}}"#);
        let plain = format!(r#"{{"openapi":"3.0.0","info":{{"title":"t","version":"1"}},"paths":{paths}}}"#);
        let repeated = plain.replace(r#""title":"t""#, r#""title":"s","title":"t""#);
        for json in [plain, repeated] {
            let loaded = load(json.as_bytes()).map_err(|d| d.to_string());
            let warnings = loaded.map(|l| (l.spec.paths.paths.len(), l.warnings));
            let pointers = warnings.map(|(n, w)| (n, w.into_iter().map(|d| d.pointer).collect::<Vec<_>>()));
            assert_eq!(pointers, Ok((1, vec!["/paths/b~1c".to_string()])), "{json}");
        }
    }

    #[test]
    fn too_deep_json_is_called_too_deep_not_invalid() {
        let json = format!("{}1{}", r#"{"a":"#.repeat(200), "}".repeat(200));
        let message = error_of(&json).message;
        assert!(message.starts_with("the document nests more than 128 levels deep (at line 1, column"), "{message}");
        let yaml = format!("openapi: 3.0.0\nx: {}1{}\n", "[".repeat(200), "]".repeat(200));
        let message = error_of(&yaml).message;
        assert!(message.starts_with("the document nests more than 128 levels deep (at line 2"), "{message}");
    }

    #[test]
    fn a_bad_schema_among_many_in_a_deep_document_is_found_at_once() {
        // Read straight from the bytes, this took 2.5 s (and 100 s with
        // 20 000 properties): each level above reads the properties again, twice.
        let mut properties: Vec<String> = (0..1000).map(|i| format!(r#""p{i}":{{"type":"string"}}"#)).collect();
        properties.push(r##""bad":{"type":{"$ref":"#/"}}"##.to_string());
        let mut schema = format!(r#"{{"type":"object","properties":{{{}}}}}"#, properties.join(","));
        for _ in 0..10 {
            schema = format!(r#"{{"type":"array","items":{schema}}}"#);
        }
        let json = format!(
            r#"{{"openapi":"3.0.0","info":{{"title":"t","version":"1"}},"paths":{{}},"components":{{"schemas":{{"Deep":{schema}}}}}}}"#
        );
        let d = error_of(&json);
        let items = "/items".repeat(10);
        assert_eq!(d.pointer, format!("/components/schemas/Deep{items}/properties/bad"));
    }

    #[test]
    fn a_document_in_utf_16_is_called_that() {
        let json = r#"{"openapi":"3.0.0"}"#;
        let utf16: Vec<u8> = json.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let with_bom: Vec<u8> = [0xFF, 0xFE].into_iter().chain(utf16.iter().copied()).collect();
        for bytes in [utf16, with_bom] {
            assert!(error_of_bytes(&bytes).message.starts_with("the document is UTF-16, not UTF-8"));
        }
    }

    fn error_of_bytes(bytes: &[u8]) -> Diagnostic {
        match load(bytes) {
            Ok(_) => panic!("expected {:?} to be refused", String::from_utf8_lossy(bytes)),
            Err(d) => d,
        }
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(error_of("{not json").message.contains("not valid JSON"));
        assert_eq!(load(&[0xff, 0xfe, 0x00]).map(|_| ()).unwrap_err().severity, Severity::Error);
    }
}
