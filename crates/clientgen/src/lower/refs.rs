//! `$ref` resolution for components.

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema};

use crate::diagnostics::Pointer;

/// References followed before a chain is called a loop.
const MAX_REF_HOPS: usize = 32;

/// The `$ref` text that names component schema `key`.
pub fn schema_ref(key: &str) -> String {
    format!("#/components/schemas/{}", escape_token(key))
}

/// Normalises a `$ref` so that spellings of the same target compare equal:
/// percent-escapes (legal in a URI fragment) are decoded.
pub fn normalize_ref(reference: &str) -> String {
    let bytes = reference.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn escape_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Follows `$ref`s through one component table (e.g. `parameters`) to the
/// item; returns it with its pointer, or a sentence saying what is wrong.
pub fn resolve<'s, T>(
    item: &'s ReferenceOr<T>,
    table: Option<&'s IndexMap<String, ReferenceOr<T>>>,
    section: &str,
    ptr: &Pointer,
) -> Result<(&'s T, Pointer), String> {
    match item {
        ReferenceOr::Item(value) => Ok((value, ptr.clone())),
        ReferenceOr::Reference { reference } => resolve_ref(reference, table, section),
    }
}

/// Follows a `$ref` (and any it leads to) through one component table.
pub fn resolve_ref<'s, T>(
    reference: &str,
    table: Option<&'s IndexMap<String, ReferenceOr<T>>>,
    section: &str,
) -> Result<(&'s T, Pointer), String> {
    let prefix = format!("#/components/{section}/");
    let mut reference = normalize_ref(reference);
    for _ in 0..MAX_REF_HOPS {
        let Some(key) = reference.strip_prefix(&prefix).map(unescape_token) else {
            return Err(format!("`{reference}` is not a reference into `#/components/{section}`"));
        };
        let Some(next) = table.and_then(|t| t.get(&key)) else {
            return Err(format!("`{reference}` points at nothing"));
        };
        match next {
            ReferenceOr::Item(value) => {
                return Ok((value, Pointer::root().join("components").join(section).join(&key)));
            }
            ReferenceOr::Reference { reference: further } => reference = normalize_ref(further),
        }
    }
    Err(format!("`$ref`s from here form a loop (more than {MAX_REF_HOPS} hops)"))
}

pub fn description_of(schema: &ReferenceOr<Schema>) -> Option<String> {
    match schema {
        ReferenceOr::Item(schema) => schema.schema_data.description.clone(),
        ReferenceOr::Reference { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_compare_after_decoding() {
        assert_eq!(normalize_ref("#/components/schemas/My%20Pet"), "#/components/schemas/My Pet");
        assert_eq!(schema_ref("a/b"), "#/components/schemas/a~1b");
    }

    #[test]
    fn a_loop_of_refs_is_reported() {
        let mut table: IndexMap<String, ReferenceOr<u8>> = IndexMap::new();
        table.insert("a".into(), ReferenceOr::ref_("#/components/parameters/b"));
        table.insert("b".into(), ReferenceOr::ref_("#/components/parameters/a"));
        let start = ReferenceOr::ref_("#/components/parameters/a");
        let result = resolve(&start, Some(&table), "parameters", &Pointer::root());
        assert!(result.unwrap_err().contains("loop"));
    }
}
