//! What can go wrong with a call. Every error that comes from a response
//! keeps its status, headers and raw body.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::rate_limit::RateLimit;

/// The error of a call; `E` is the type of the API's error bodies.
#[derive(Debug, thiserror::Error)]
pub enum Error<E> {
    /// The request broke a rule of the spec; nothing was sent.
    #[error("invalid request, nothing was sent: {0}")]
    Validation(#[from] ValidationError),
    /// A body or parameter could not be serialised; nothing was sent.
    #[error("could not serialise the request: {0}")]
    Serialize(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// No response arrived: connection, TLS, timeout or redirect trouble.
    #[error("request failed: {0}")]
    Transport(#[source] reqwest::Error),
    /// No access token could be had from the OAuth token endpoint.
    #[error(transparent)]
    Auth(crate::oauth::AuthError),
    /// The server answered with an error status.
    #[error("{0}")]
    Api(Box<ApiError<E>>),
    /// The server answered with success, but the body did not match the spec.
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// The response body was larger than the client's limit
    /// (`ClientBuilder::max_response_body`); it was not read past it.
    #[error("{0}")]
    BodyTooLarge(Box<BodyTooLarge>),
}

impl<E> Error<E> {
    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(e) => Some(e.status),
            Self::Decode(e) => Some(e.status),
            Self::BodyTooLarge(e) => Some(e.status),
            Self::Transport(e) => e.status(),
            Self::Auth(e) => e.status.and_then(|s| StatusCode::from_u16(s).ok()),
            Self::Validation(_) | Self::Serialize(_) => None,
        }
    }

    /// The response headers, when a response arrived.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Self::Api(e) => Some(&e.headers),
            Self::Decode(e) => Some(&e.headers),
            Self::BodyTooLarge(e) => Some(&e.headers),
            _ => None,
        }
    }

    /// What the rate-limit headers of the error response said.
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        match self {
            Self::Api(e) => e.rate_limit.as_ref(),
            _ => None,
        }
    }

    /// The raw response body, when a response arrived.
    pub fn body(&self) -> Option<&Bytes> {
        match self {
            Self::Api(e) => Some(&e.body),
            Self::Decode(e) => Some(&e.body),
            _ => None,
        }
    }
}

/// An error status from the server, with everything it sent.
///
/// `Display` and `Debug` show the status and the parsed body but never the
/// raw body or credential headers: a body can echo secrets. Read
/// [`ApiError::body`] to see it.
#[derive(Clone)]
pub struct ApiError<E> {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body exactly as received.
    pub body: Bytes,
    /// The body read as the API's error type, when it is one.
    pub parsed: Option<E>,
    /// What the rate-limit headers said (a 429's `Retry-After` included).
    pub rate_limit: Option<RateLimit>,
}

impl<E> ApiError<E> {
    /// The body as text (invalid UTF-8 replaced).
    pub fn body_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

impl<E: fmt::Debug> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the server answered {}", self.status)?;
        match &self.parsed {
            Some(parsed) => write!(f, ": {parsed:?}"),
            None => write!(f, " with {} bytes of {}", self.body.len(), content_type(&self.headers)),
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .field("parsed", &self.parsed)
            .field("rate_limit", &self.rate_limit)
            .finish()
    }
}

/// The body of an error response for which the spec documents no schema,
/// read as JSON when it is JSON.
///
/// Its `Debug` shows only the shape of the value, never its content: an
/// undocumented body can echo anything the request carried, credentials
/// included. Read [`UndocumentedError::value`] (or [`ApiError::body`]) for it.
#[derive(Clone, PartialEq, serde::Deserialize)]
#[serde(transparent)]
pub struct UndocumentedError(serde_json::Value);

impl UndocumentedError {
    /// The body as JSON.
    pub fn value(&self) -> &serde_json::Value {
        &self.0
    }

    pub fn into_value(self) -> serde_json::Value {
        self.0
    }
}

impl fmt::Debug for UndocumentedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shape = match &self.0 {
            serde_json::Value::Object(map) => format!("<JSON object, {} keys>", map.len()),
            serde_json::Value::Array(items) => format!("<JSON array, {} items>", items.len()),
            serde_json::Value::String(_) => "<JSON string>".to_string(),
            serde_json::Value::Number(_) => "<JSON number>".to_string(),
            serde_json::Value::Bool(_) => "<JSON boolean>".to_string(),
            serde_json::Value::Null => "<JSON null>".to_string(),
        };
        f.debug_tuple("UndocumentedError").field(&format_args!("{shape}")).finish()
    }
}

/// A success status whose body is not what the spec promised.
///
/// `Display` and `Debug` say where the body went wrong, never what it
/// holds (a success body can carry credentials, and serde's messages quote
/// values). Read [`DecodeError::body`] and [`DecodeError::source`] for that.
pub struct DecodeError {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body exactly as received.
    pub body: Bytes,
    pub source: serde_json::Error,
}

impl DecodeError {
    fn problem(&self) -> &'static str {
        match self.source.classify() {
            serde_json::error::Category::Io => "could not be read",
            serde_json::error::Category::Syntax => "is not valid JSON",
            serde_json::error::Category::Data => "does not have the shape the spec gives",
            serde_json::error::Category::Eof => "ends too early",
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {} response body ({} bytes of {}) {} at line {}, column {}",
            self.status,
            self.body.len(),
            content_type(&self.headers),
            self.problem(),
            self.source.line(),
            self.source.column()
        )
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .field("problem", &self.problem())
            .field("line", &self.source.line())
            .field("column", &self.source.column())
            .finish()
    }
}

/// A response whose body was larger than the client's limit, with the
/// status and headers it came with; the body was not read past the limit.
pub struct BodyTooLarge {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The limit, in bytes.
    pub limit: usize,
    /// The body's `Content-Length`, when it gave one.
    pub declared: Option<u64>,
}

impl fmt::Display for BodyTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {} response body ({}) is larger than the {}-byte limit",
            self.status,
            content_type(&self.headers),
            self.limit
        )?;
        match self.declared {
            Some(length) => write!(f, " (Content-Length: {length})"),
            None => Ok(()),
        }
    }
}

impl fmt::Debug for BodyTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BodyTooLarge")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("limit", &self.limit)
            .field("declared", &self.declared)
            .finish()
    }
}

fn content_type(headers: &HeaderMap) -> &str {
    headers.get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("no stated type")
}

/// Headers whose values are credentials.
const CREDENTIAL_HEADERS: &[&str] = &["authorization", "proxy-authorization", "cookie", "set-cookie"];

/// Prints headers with credential values replaced.
pub(crate) struct RedactedHeaders<'h>(pub(crate) &'h HeaderMap);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            if CREDENTIAL_HEADERS.contains(&name.as_str()) || value.is_sensitive() {
                map.entry(&name.as_str(), &"[redacted]");
            } else {
                map.entry(&name.as_str(), &value);
            }
        }
        map.finish()
    }
}

/// A rule of the spec that a request broke, naming the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{field}` {problem}")]
pub struct ValidationError {
    /// Where the value is, e.g. `app_name` or `items[2].email`.
    pub field: String,
    /// What is wrong, without the value (it may be a credential).
    pub problem: String,
}

impl ValidationError {
    pub fn new(field: impl Into<String>, problem: impl Into<String>) -> Self {
        Self { field: field.into(), problem: problem.into() }
    }

    /// The same error seen from the value that contains the field.
    pub fn within(mut self, outer: &str) -> Self {
        self.field = if self.field.starts_with('[') {
            format!("{outer}{}", self.field)
        } else {
            format!("{outer}.{}", self.field)
        };
        self
    }
}

/// A client that could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("no base URL: the spec names no absolute server URL, so set one with `ClientBuilder::base_url`")]
    NoBaseUrl,
    #[error("the base URL `{0}` is not an absolute http(s) URL")]
    BadBaseUrl(String),
    #[error("could not build the HTTP client: {0}")]
    Http(#[source] reqwest::Error),
}

impl<E> From<serde_json::Error> for Error<E> {
    fn from(e: serde_json::Error) -> Self {
        Self::Serialize(Box::new(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_paths_compose() {
        let e = ValidationError::new("email", "is not an email address").within("[2]").within("contacts");
        assert_eq!(e.field, "contacts[2].email");
        assert_eq!(e.to_string(), "`contacts[2].email` is not an email address");
    }

    #[test]
    fn an_undocumented_error_body_prints_its_shape_only() {
        let body = br#"{"error": "bad", "echo": {"api_key": "SECRET-IN-BODY"}}"#;
        let parsed: UndocumentedError = serde_json::from_slice(body).expect("the body is JSON");
        assert_eq!(parsed.value()["echo"]["api_key"], "SECRET-IN-BODY", "the value is kept");
        let e = ApiError {
            status: StatusCode::BAD_REQUEST,
            headers: HeaderMap::new(),
            body: Bytes::from_static(body),
            parsed: Some(parsed),
            rate_limit: None,
        };
        for shown in [e.to_string(), format!("{e:?}")] {
            assert!(!shown.contains("SECRET-IN-BODY"), "the body's content is shown: {shown}");
            assert!(shown.contains("<JSON object, 2 keys>"), "the body's shape is not shown: {shown}");
        }
    }

    #[test]
    fn api_error_shows_status_and_parsed_body_but_not_the_raw_body() {
        let mut headers = HeaderMap::new();
        headers.insert("set-cookie", reqwest::header::HeaderValue::from_static("session=abc123"));
        let e: ApiError<String> = ApiError {
            status: StatusCode::NOT_FOUND,
            headers,
            body: Bytes::from_static(b"token=abc123"),
            parsed: Some("no such user".to_string()),
            rate_limit: None,
        };
        assert_eq!(e.to_string(), "the server answered 404 Not Found: \"no such user\"");
        let debug = format!("{e:?}");
        assert!(!debug.contains("abc123") && debug.contains("<12 bytes>"), "{debug}");
    }

    #[test]
    fn decode_error_says_where_not_what() {
        let source = serde_json::from_str::<u8>("\"s3cret\"").map(|_| ()).unwrap_err();
        let body = Bytes::from_static(b"\"s3cret\"");
        let e = DecodeError { status: StatusCode::OK, headers: HeaderMap::new(), body, source };
        let (display, debug) = (e.to_string(), format!("{e:?}"));
        assert!(!display.contains("s3cret") && !debug.contains("s3cret"), "{display} / {debug}");
        assert!(display.contains("does not have the shape the spec gives at line 1"), "{display}");
    }
}
