//! One request on its way out, and the raw response that comes back.

use std::fmt::Display;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::body::{Multipart, form_pairs};
use crate::client::Client;
use crate::error::{ApiError, DecodeError, Error, ValidationError};
use crate::operation::OperationInfo;
use crate::query::QueryPairs;
use crate::rate_limit::RateLimit;
use crate::response::Response;

/// A request being built by a generated operation method.
#[must_use]
pub struct Request<'c> {
    client: &'c Client,
    operation: &'static OperationInfo,
    builder: reqwest::RequestBuilder,
}

impl<'c> Request<'c> {
    pub(crate) fn new(client: &'c Client, operation: &'static OperationInfo, builder: reqwest::RequestBuilder) -> Self {
        Self { client, operation, builder }
    }

    pub fn query(mut self, query: &QueryPairs) -> Self {
        if !query.is_empty() {
            self.builder = self.builder.query(query.pairs());
        }
        self
    }

    /// A header parameter. A value a header cannot carry is a validation
    /// error naming the parameter.
    pub fn header(mut self, name: &'static str, value: impl Display) -> Result<Self, ValidationError> {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| ValidationError::new(name, "is not a valid header name"))?;
        let value = HeaderValue::from_str(&value.to_string())
            .map_err(|_| ValidationError::new(name.as_str(), "holds characters a header cannot carry"))?;
        self.builder = self.builder.header(name, value);
        Ok(self)
    }

    /// The media type the operation answers with.
    pub fn accept(mut self, media_type: &'static str) -> Self {
        self.builder = self.builder.header(ACCEPT, media_type);
        self
    }

    /// A JSON body, sent as `media_type` (`application/json` or a vendor
    /// type such as `application/scim+json`). Serialised here, so a failure
    /// means nothing is sent.
    pub fn json<B: Serialize + ?Sized>(
        mut self,
        media_type: &'static str,
        body: &B,
    ) -> Result<Self, serde_json::Error> {
        let bytes = serde_json::to_vec(body)?;
        self.builder = self.builder.header(CONTENT_TYPE, media_type).body(bytes);
        Ok(self)
    }

    /// Cookie parameters, as one `Cookie` header (values percent-encoded
    /// where a cookie cannot hold them).
    pub fn cookies(mut self, cookies: &QueryPairs) -> Result<Self, ValidationError> {
        let text: Vec<String> =
            cookies.pairs().iter().map(|(name, value)| format!("{name}={}", cookie_value(value))).collect();
        let value = HeaderValue::from_str(&text.join("; "))
            .map_err(|_| ValidationError::new("Cookie", "holds characters a header cannot carry"))?;
        self.builder = self.builder.header(reqwest::header::COOKIE, value);
        Ok(self)
    }

    /// An `application/x-www-form-urlencoded` body: each property of the
    /// serialised object once, arrays as repeated keys, objects as JSON
    /// text, absent and null values left out.
    pub fn form<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Self, serde_json::Error> {
        let text = serde_urlencoded::to_string(form_pairs(body)?).unwrap_or_default();
        self.builder = self.builder.header(CONTENT_TYPE, "application/x-www-form-urlencoded").body(text);
        Ok(self)
    }

    /// A `multipart/form-data` body.
    pub fn multipart(mut self, body: Multipart) -> Self {
        self.builder = self.builder.multipart(body.into_form());
        self
    }

    /// A raw body of the given media type.
    pub fn body(mut self, content_type: &'static str, body: impl Into<reqwest::Body>) -> Self {
        self.builder = self.builder.header(CONTENT_TYPE, content_type).body(body);
        self
    }

    /// Sends the request with the client's credentials (when the operation
    /// takes any), retrying as the client's policy says, and reads the
    /// whole response.
    pub async fn send<E>(self) -> Result<RawResponse, Error<E>> {
        let request = self.builder.build().map_err(|e| Error::Transport(e.without_url()))?;
        crate::send::send(self.client, self.operation, request).await
    }
}

/// RFC 6265 cookie-octets: no controls, spaces, quotes, commas,
/// semicolons or backslashes.
fn cookie_value(value: &str) -> String {
    const NOT_COOKIE_OCTET: &percent_encoding::AsciiSet =
        &percent_encoding::CONTROLS.add(b' ').add(b'"').add(b',').add(b';').add(b'\\').add(b'%');
    percent_encoding::utf8_percent_encode(value, NOT_COOKIE_OCTET).to_string()
}

/// A response read in full, before its body is decoded.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// What the rate-limit headers said.
    pub rate_limit: Option<RateLimit>,
}

impl RawResponse {
    /// A JSON body of type `T` on success.
    pub fn json<T: DeserializeOwned, E: DeserializeOwned>(self) -> Result<Response<T>, Error<E>> {
        if !self.status.is_success() {
            return Err(self.into_error());
        }
        let body = self.decode_json()?;
        Ok(self.into_response(body))
    }

    /// No body on success (any body sent is ignored).
    pub fn empty<E: DeserializeOwned>(self) -> Result<Response<()>, Error<E>> {
        self.map_success(|_| ())
    }

    /// The body as bytes on success.
    pub fn bytes<E: DeserializeOwned>(self) -> Result<Response<Bytes>, Error<E>> {
        self.map_success(|body| body)
    }

    /// The body as text on success (invalid UTF-8 replaced).
    pub fn text<E: DeserializeOwned>(self) -> Result<Response<String>, Error<E>> {
        self.map_success(|body| String::from_utf8_lossy(&body).into_owned())
    }

    fn map_success<T, E: DeserializeOwned>(self, read: impl FnOnce(Bytes) -> T) -> Result<Response<T>, Error<E>> {
        if !self.status.is_success() {
            return Err(self.into_error());
        }
        let body = read(self.body.clone());
        Ok(self.into_response(body))
    }

    /// Itself when the status is a success (2xx, or one of `redirects` the
    /// operation documents as a success), else the error it stands for.
    pub fn success_or<E: DeserializeOwned>(self, redirects: &[u16]) -> Result<Self, Error<E>> {
        if self.status.is_success() || redirects.contains(&self.status.as_u16()) {
            Ok(self)
        } else {
            Err(self.into_error())
        }
    }

    /// The body read as JSON of type `T`.
    pub fn decode_json<T: DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        serde_json::from_slice(&self.body).map_err(|source| {
            Error::Decode(Box::new(DecodeError {
                status: self.status,
                headers: self.headers.clone(),
                body: self.body.clone(),
                source,
            }))
        })
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text_body(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The status and headers with a body read from this response.
    pub fn into_response<T>(self, body: T) -> Response<T> {
        Response::new(self.status, self.headers, body).with_rate_limit(self.rate_limit)
    }

    /// An error status: the body is kept as received, and parsed as `E`
    /// when it is one.
    pub fn into_error<E: DeserializeOwned>(self) -> Error<E> {
        let parsed = serde_json::from_slice(&self.body).ok();
        Error::Api(Box::new(ApiError {
            status: self.status,
            headers: self.headers,
            body: self.body,
            parsed,
            rate_limit: self.rate_limit,
        }))
    }
}
