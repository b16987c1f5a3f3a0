//! Runtime support shared by every client that clientgen emits.
//!
//! The generated crates hold what is particular to an API (its types and
//! one method per operation); the behaviour common to all calls lives here
//! once: sending, auth, error handling, validation and credential hygiene.
//!
//! TLS is rustls with the `ring` crypto provider, which
//! [`ClientBuilder::build`] installs as rustls's process-wide default when
//! none is. Building a `reqwest::Client` yourself (to hand it to
//! [`ClientBuilder::http_client`]) needs one installed first: call
//! [`install_tls_provider`] before, or reqwest panics.

mod auth;
mod body;
mod client;
mod enums;
mod error;
mod oauth;
mod operation;
pub mod paginate;
pub mod path;
mod query;
mod rate_limit;
mod read;
mod request;
mod response;
mod retry;
mod secret;
mod send;
mod tls;
pub mod union;
pub mod validate;
pub mod zoom;

pub use auth::Auth;
pub use body::{File, Multipart};
pub use client::{Client, ClientBuilder, DEFAULT_MAX_RESPONSE_BODY, DEFAULT_TIMEOUT};
pub use error::{ApiError, BodyTooLarge, BuildError, DecodeError, Error, UndocumentedError, ValidationError};
pub use oauth::{AuthError, TokenCache, TokenEndpoint};
pub use operation::{OperationInfo, ScopeSet};
pub use query::QueryPairs;
pub use rate_limit::{RateLimit, RateLimitHeaders};
pub use request::{RawResponse, Request};
pub use response::Response;
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use tls::install_tls_provider;
pub use validate::Validate;

/// What the macros of generated crates refer to; not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use serde;
}

/// Raw response bodies.
pub use bytes::Bytes;
/// Paginated operations return streams; `StreamExt` reads them.
pub use futures_core::Stream;
pub use futures_util::StreamExt;
/// The HTTP client the runtime is built on, for callers who bring their own.
pub use reqwest;
