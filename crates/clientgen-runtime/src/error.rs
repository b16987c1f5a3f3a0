//! What can go wrong with a call. Every error that comes from a response
//! keeps its status, headers and raw body.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

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
    /// The server answered with an error status.
    #[error("{0}")]
    Api(Box<ApiError<E>>),
    /// The server answered with success, but the body did not match the spec.
    #[error("{0}")]
    Decode(Box<DecodeError>),
}

impl<E> Error<E> {
    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(e) => Some(e.status),
            Self::Decode(e) => Some(e.status),
            Self::Transport(e) => e.status(),
            Self::Validation(_) | Self::Serialize(_) => None,
        }
    }

    /// The response headers, when a response arrived.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Self::Api(e) => Some(&e.headers),
            Self::Decode(e) => Some(&e.headers),
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
#[derive(Debug, Clone)]
pub struct ApiError<E> {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body exactly as received.
    pub body: Bytes,
    /// The body read as the API's error type, when it is one.
    pub parsed: Option<E>,
}

impl<E> ApiError<E> {
    /// The body as text (invalid UTF-8 replaced).
    pub fn body_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the server answered {}", self.status)?;
        write_snippet(f, &self.body)
    }
}

/// A success status whose body is not what the spec promised.
#[derive(Debug)]
pub struct DecodeError {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body exactly as received.
    pub body: Bytes,
    pub source: serde_json::Error,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the {} response body does not match the spec: {}", self.status, self.source)?;
        write_snippet(f, &self.body)
    }
}

/// Shows the start of a body: enough to recognise it, never pages of it.
fn write_snippet(f: &mut fmt::Formatter<'_>, body: &[u8]) -> fmt::Result {
    const SHOWN: usize = 200;
    if body.is_empty() {
        return Ok(());
    }
    let text = String::from_utf8_lossy(&body[..body.len().min(SHOWN)]);
    let more = if body.len() > SHOWN { "..." } else { "" };
    write!(f, ": {}{more}", text.trim_end())
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
    #[error("no base URL: the spec names no server, so set one with `base_url`")]
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

impl<E> From<serde_urlencoded::ser::Error> for Error<E> {
    fn from(e: serde_urlencoded::ser::Error) -> Self {
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
    fn api_error_shows_status_and_body_start() {
        let e: ApiError<()> = ApiError {
            status: StatusCode::NOT_FOUND,
            headers: HeaderMap::new(),
            body: Bytes::from(vec![b'x'; 500]),
            parsed: None,
        };
        let text = e.to_string();
        assert!(text.starts_with("the server answered 404 Not Found: xxx"));
        assert!(text.ends_with("..."));
        assert!(text.len() < 260);
    }
}
