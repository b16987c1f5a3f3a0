//! Credentials a client sends. Whatever the spec's security schemes, a
//! request carries one credential, set once (never appended), so a spec
//! that lists an OAuth scheme and an `Authorization` API key together still
//! yields exactly one `Authorization` header.

use std::fmt;
use std::sync::Arc;

use base64::Engine;
use base64::prelude::BASE64_STANDARD;
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use crate::error::{Error, ValidationError};
use crate::oauth::{TokenCache, TokenEndpoint};
use crate::secret::Secret;

/// How the client authenticates.
#[derive(Clone, Default)]
pub enum Auth {
    /// Send no credentials.
    #[default]
    None,
    /// `Authorization: Bearer <token>`: OAuth 2 access tokens and HTTP bearer auth.
    Bearer(Secret),
    /// `Authorization: Bearer <token>` with tokens fetched from an OAuth 2
    /// token endpoint, cached, and renewed before they expire or when the
    /// API rejects one (see [`Auth::oauth`]).
    OAuth(Arc<TokenCache>),
    /// `Authorization: Basic ...`.
    Basic { username: String, password: Secret },
    /// An API key in the named header.
    ApiKeyHeader { name: String, key: Secret },
    /// An API key in the named query parameter.
    ApiKeyQuery { name: String, key: Secret },
}

impl Auth {
    pub fn bearer(token: impl Into<String>) -> Self {
        Self::Bearer(Secret::new(token))
    }

    /// Tokens from `endpoint` (client credentials grant, or a vendor's
    /// variant such as Zoom's Server-to-Server OAuth: see `crate::zoom`).
    pub fn oauth(endpoint: TokenEndpoint) -> Self {
        Self::OAuth(Arc::new(TokenCache::new(endpoint)))
    }

    /// Puts the credential on a request, replacing any already there.
    /// Returns the OAuth token it used, so a rejected one can be dropped.
    pub(crate) async fn authorize<E>(
        &self,
        http: &reqwest::Client,
        request: &mut reqwest::Request,
    ) -> Result<Option<Secret>, Error<E>> {
        match self {
            Self::None => {}
            Self::Bearer(token) => set_header(request, AUTHORIZATION, &format!("Bearer {}", token.expose()))?,
            Self::OAuth(source) => {
                let token = source.token(http, request.timeout().copied()).await.map_err(Error::Auth)?;
                set_header(request, AUTHORIZATION, &format!("Bearer {}", token.expose()))?;
                return Ok(Some(token));
            }
            Self::Basic { username, password } => {
                let encoded = BASE64_STANDARD.encode(format!("{username}:{}", password.expose()));
                set_header(request, AUTHORIZATION, &format!("Basic {encoded}"))?;
            }
            Self::ApiKeyHeader { name, key } => {
                let name = HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| ValidationError::new(name.clone(), "is not a valid header name"))?;
                set_header(request, name, key.expose())?;
            }
            Self::ApiKeyQuery { name, key } => {
                request.url_mut().query_pairs_mut().append_pair(name, key.expose());
            }
        }
        Ok(None)
    }

    /// After the API rejected `used`: whether a fresh token may help (only
    /// OAuth tokens can be renewed), dropping `used` from the cache.
    pub(crate) async fn renew_after_rejection(&self, used: &Secret) -> bool {
        match self {
            Self::OAuth(source) => {
                source.invalidate(used).await;
                true
            }
            _ => false,
        }
    }
}

fn set_header(request: &mut reqwest::Request, name: HeaderName, value: &str) -> Result<(), ValidationError> {
    let mut value = HeaderValue::from_str(value)
        .map_err(|_| ValidationError::new(name.as_str(), "credential holds characters a header cannot carry"))?;
    value.set_sensitive(true);
    request.headers_mut().insert(name, value);
    Ok(())
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::None => f.write_str("None"),
            Self::Bearer(_) => f.write_str("Bearer([redacted])"),
            Self::OAuth(source) => f.debug_tuple("OAuth").field(source.endpoint()).finish(),
            Self::Basic { .. } => f.write_str("Basic([redacted])"),
            Self::ApiKeyHeader { name, .. } => write!(f, "ApiKeyHeader({name}: [redacted])"),
            Self::ApiKeyQuery { name, .. } => write!(f, "ApiKeyQuery({name}: [redacted])"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_credentials() {
        let auth = Auth::Basic { username: "u".into(), password: Secret::new("pw-123") };
        assert!(!format!("{auth:?}").contains("pw-123"));
        assert!(!format!("{:?}", Auth::bearer("tok-456")).contains("tok-456"));
        let endpoint = TokenEndpoint {
            url: "https://example.test/token".into(),
            form: vec![("account_id".into(), "acct".into())],
            client_id: "id".into(),
            client_secret: Secret::new("s3cr3t"),
        };
        let debug = format!("{:?}", Auth::oauth(endpoint));
        assert!(debug.contains("example.test") && !debug.contains("s3cr3t"), "{debug}");
    }
}
