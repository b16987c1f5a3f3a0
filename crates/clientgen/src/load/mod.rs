//! Stage 1, load: bytes (JSON or YAML) → `openapiv3::OpenAPI`.
//!
//! Anything that stops a document from being read at all becomes one
//! diagnostic with the JSON pointer of the offending node.

mod depth;
mod locate;
mod nodes;
mod outline;
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
pub fn load(bytes: &[u8]) -> Result<Loaded, Diagnostic> {
    if !is_json(bytes)
        && let Some(line) = depth::too_deep_at(bytes)
    {
        let limit = depth::MAX_FLOW_DEPTH;
        return Err(fatal(
            "",
            format!("the document is not valid YAML: nested more than {limit} levels deep at line {line}"),
        ));
    }
    if let Some(loaded) = load_directly(bytes) {
        return Ok(loaded);
    }
    // The slow path, through a JSON tree: it says what is wrong and where,
    // and reads what a strict parse refuses (duplicate keys: the last wins).
    let mut document = parse_document(bytes)?;
    check_version(&document)?;
    let stray: Vec<String> = match document.get("paths").and_then(Value::as_object) {
        Some(paths) => paths.keys().filter(|k| !outline::is_path_key(k)).cloned().collect(),
        None => Vec::new(),
    };
    Ok(Loaded { spec: deserialize(&mut document)?, warnings: stray_path_warnings(&stray) })
}

/// `openapiv3` drops a `paths` key that starts with neither `/` nor `x-`.
fn stray_path_warnings(keys: &[String]) -> Vec<Diagnostic> {
    let paths = crate::diagnostics::Pointer::root().join("paths");
    let warning = |key: &String| Diagnostic {
        severity: Severity::Warning,
        pointer: paths.join(key).to_string(),
        message: "a path must start with `/`; this path item is left out".to_string(),
    };
    keys.iter().map(warning).collect()
}

/// How deeply schemas may nest (as `Outline::nesting` counts) for a
/// document to be read directly. A direct read that fails takes time
/// exponential in that depth (see `set_aside.rs`), a fraction of a second
/// at this one; the deepest of Zoom's specs nest 10 levels.
const MAX_DIRECT_NESTING: usize = 12;

/// The fast path for a well-formed OpenAPI 3.0 document: parsed straight
/// into `openapiv3` types, never held as a JSON tree too. A document with a
/// repeated key goes the slow way (see `outline.rs`), and so does one
/// nested too deeply to fail fast.
fn load_directly(bytes: &[u8]) -> Option<Loaded> {
    let is_json = is_json(bytes);
    let outline: outline::Outline =
        if is_json { serde_json::from_slice(bytes).ok()? } else { serde_yaml::from_slice(bytes).ok()? };
    if !outline.openapi?.starts_with("3.0") || outline.nesting > MAX_DIRECT_NESTING {
        return None;
    }
    let spec = if is_json { serde_json::from_slice(bytes).ok()? } else { serde_yaml::from_slice(bytes).ok()? };
    Some(Loaded { spec, warnings: stray_path_warnings(&outline.stray_paths) })
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
        match load(text.as_bytes()) {
            Ok(_) => panic!("expected {text:?} to be refused"),
            Err(d) => d,
        }
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
    fn a_path_without_its_slash_is_left_out_with_a_warning_either_way() {
        let ok = r#"{"responses":{"204":{"description":"none"}}}"#;
        let paths = format!(r#"{{"/a":{{"get":{ok}}},"b/c":{{"get":{ok}}},"x-note":1}}"#);
        let direct = format!(r#"{{"openapi":"3.0.0","info":{{"title":"t","version":"1"}},"paths":{paths}}}"#);
        // A repeated key sends a document the slow way.
        let slow = direct.replace(r#""title":"t""#, r#""title":"s","title":"t""#);
        for json in [direct, slow] {
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
    fn garbage_is_an_error_not_a_panic() {
        assert!(error_of("{not json").message.contains("not valid JSON"));
        assert_eq!(load(&[0xff, 0xfe, 0x00]).map(|_| ()).unwrap_err().severity, Severity::Error);
    }
}
