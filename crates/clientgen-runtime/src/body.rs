//! Request bodies that are not JSON: forms, multipart uploads and files.

use std::fmt::{self, Display};

use bytes::Bytes;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::error::ValidationError;

/// A file to upload: its bytes, and optionally the name and media type to
/// send with it.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct File {
    pub bytes: Bytes,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
}

impl File {
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        Self { bytes: bytes.into(), file_name: None, content_type: None }
    }

    pub fn with_file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    pub fn with_content_type(mut self, media_type: impl Into<String>) -> Self {
        self.content_type = Some(media_type.into());
        self
    }
}

impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("bytes", &format_args!("<{} bytes>", self.bytes.len()))
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// Inside JSON (where a spec says `format: binary`), a file travels as text.
impl Serialize for File {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.bytes))
    }
}

impl<'de> Deserialize<'de> for File {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| Self::new(text.into_bytes()))
    }
}

/// A `multipart/form-data` body, built part by part.
#[derive(Debug, Default)]
#[must_use]
pub struct Multipart {
    form: reqwest::multipart::Form,
}

impl Multipart {
    pub fn new() -> Self {
        Self::default()
    }

    /// A text part.
    pub fn text(mut self, name: &'static str, value: impl Display) -> Self {
        self.form = self.form.text(name, value.to_string());
        self
    }

    /// A part holding JSON, for values that are not text.
    pub fn json<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Result<Self, serde_json::Error> {
        let part = reqwest::multipart::Part::bytes(serde_json::to_vec(value)?);
        let part = part.mime_str("application/json").unwrap_or_else(|_| reqwest::multipart::Part::bytes(Vec::new()));
        self.form = self.form.part(name, part);
        Ok(self)
    }

    /// A file part, with the file's name and media type when it has them.
    pub fn file(mut self, name: &'static str, file: &File) -> Result<Self, ValidationError> {
        let mut part = reqwest::multipart::Part::stream(file.bytes.clone());
        if let Some(file_name) = &file.file_name {
            part = part.file_name(file_name.clone());
        }
        if let Some(media_type) = &file.content_type {
            part = part.mime_str(media_type).map_err(|_| ValidationError::new(name, "has an invalid content type"))?;
        }
        self.form = self.form.part(name, part);
        Ok(self)
    }

    pub(crate) fn into_form(self) -> reqwest::multipart::Form {
        self.form
    }
}

/// The pairs of an `application/x-www-form-urlencoded` body: each property
/// of the serialised object once, arrays as repeated keys, objects as JSON
/// text, absent and null values left out.
pub(crate) fn form_pairs<B: Serialize + ?Sized>(body: &B) -> Result<Vec<(String, String)>, serde_json::Error> {
    let value = serde_json::to_value(body)?;
    let mut pairs = Vec::new();
    for (key, value) in value.as_object().into_iter().flatten() {
        match value {
            Value::Array(items) => pairs.extend(items.iter().filter_map(form_text).map(|text| (key.clone(), text))),
            other => pairs.extend(form_text(other).map(|text| (key.clone(), text))),
        }
    }
    Ok(pairs)
}

fn form_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_pairs_repeat_arrays_and_skip_nulls() {
        let body = serde_json::json!({"A.b": "x y", "List": ["1", 2], "None": null, "Flag": true, "Obj": {"k": 1}});
        let pairs = form_pairs(&body).unwrap_or_default();
        let expected = [("A.b", "x y"), ("List", "1"), ("List", "2"), ("Flag", "true"), ("Obj", "{\"k\":1}")];
        let expected: Vec<(String, String)> = expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        assert_eq!(pairs, expected);
    }

    #[test]
    fn file_debug_shows_size_not_content() {
        let file = File::new(b"secret bytes".to_vec()).with_file_name("a.png");
        assert_eq!(format!("{file:?}"), "File { bytes: <12 bytes>, file_name: Some(\"a.png\"), content_type: None }");
    }
}
