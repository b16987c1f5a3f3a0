//! Stage 1, load: bytes (JSON or YAML) → `openapiv3::OpenAPI`.
//!
//! Anything that stops a document from being read at all becomes one
//! diagnostic with the JSON pointer of the offending node.

mod depth;
mod locate;
mod outline;

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Severity};

/// Parses a spec. JSON is recognised by its first non-blank byte; anything
/// else is read as YAML.
pub fn load(bytes: &[u8]) -> Result<OpenAPI, Diagnostic> {
    if !is_json(bytes)
        && let Some(line) = depth::too_deep_at(bytes)
    {
        let limit = depth::MAX_FLOW_DEPTH;
        return Err(fatal(
            "",
            format!("the document is not valid YAML: nested more than {limit} levels deep at line {line}"),
        ));
    }
    if let Some(spec) = load_directly(bytes) {
        return Ok(spec);
    }
    // The slow path, through a JSON tree: it says what is wrong and where,
    // and reads what a strict parse refuses (duplicate keys: the last wins).
    let document = parse_document(bytes)?;
    check_version(&document)?;
    deserialize(document)
}

/// The fast path for a well-formed OpenAPI 3.0 document: parsed straight
/// into `openapiv3` types, never held as a JSON tree too. A document with a
/// repeated key goes the slow way (see `outline.rs`).
fn load_directly(bytes: &[u8]) -> Option<OpenAPI> {
    let is_json = is_json(bytes);
    let outline: outline::Outline =
        if is_json { serde_json::from_slice(bytes).ok()? } else { serde_yaml::from_slice(bytes).ok()? };
    if !outline.openapi?.starts_with("3.0") {
        return None;
    }
    if is_json { serde_json::from_slice(bytes).ok() } else { serde_yaml::from_slice(bytes).ok() }
}

/// JSON starts with `{`; anything else is read as YAML.
fn is_json(bytes: &[u8]) -> bool {
    bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

fn parse_document(bytes: &[u8]) -> Result<Value, Diagnostic> {
    if is_json(bytes) {
        serde_json::from_slice(bytes).map_err(|e| fatal("", format!("the document is not valid JSON: {e}")))
    } else {
        serde_yaml::from_slice(bytes).map_err(|e| fatal("", format!("the document is not valid YAML: {e}")))
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

fn deserialize(document: Value) -> Result<OpenAPI, Diagnostic> {
    serde_path_to_error::deserialize(&document).map_err(|e| {
        let (pointer, message) = match locate::locate_error(&document) {
            Some((pointer, message)) => (pointer.to_string(), message),
            None => (path_to_pointer(e.path()), e.inner().to_string()),
        };
        fatal(&pointer, format!("not a valid OpenAPI 3.0 node: {message}"))
    })
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
        match load(text.as_bytes()) {
            Ok(_) => panic!("expected {text:?} to be refused"),
            Err(d) => d,
        }
    }

    #[test]
    fn reads_json_and_yaml() {
        let json = r#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{}}"#;
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";
        assert_eq!(load(json.as_bytes()).map(|s| s.info.title), Ok("t".to_string()));
        assert_eq!(load(yaml.as_bytes()).map(|s| s.info.title), Ok("t".to_string()));
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
        let schemas = spec.map(|s| s.components.map(|c| c.schemas.len()));
        assert_eq!(schemas, Ok(Some(1)));
    }

    #[test]
    fn a_version_that_is_no_string_is_refused() {
        let d = error_of("openapi:\n- x\n- 1\ninfo: {title: t, version: '1'}\npaths: {}\n");
        assert_eq!(d.pointer, "/openapi");
        assert!(load(b"openapi: !Tag [3.0.0]\ninfo: !Info {title: t}\npaths: {}\n").is_err());
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(error_of("{not json").message.contains("not valid JSON"));
        assert_eq!(load(&[0xff, 0xfe, 0x00]).map(|_| ()).unwrap_err().severity, Severity::Error);
    }
}
