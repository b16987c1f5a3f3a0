//! Credentials a client sends. Whatever the spec's security schemes, a
//! request carries one credential, set once (never appended), so a spec
//! that lists an OAuth scheme and an `Authorization` API key together still
//! yields exactly one `Authorization` header.

use std::fmt;

use base64::Engine;
use base64::prelude::BASE64_STANDARD;

use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use crate::error::ValidationError;
use crate::secret::Secret;

/// How the client authenticates.
#[derive(Clone, Default)]
pub enum Auth {
    /// Send no credentials.
    #[default]
    None,
    /// `Authorization: Bearer <token>`: OAuth 2 access tokens and HTTP bearer auth.
    Bearer(Secret),
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

    /// Puts the credential on a request, replacing any already there.
    pub(crate) fn apply(&self, request: &mut reqwest::Request) -> Result<(), ValidationError> {
        match self {
            Self::None => Ok(()),
            Self::Bearer(token) => set_header(request, AUTHORIZATION, &format!("Bearer {}", token.expose())),
            Self::Basic { username, password } => {
                let encoded = BASE64_STANDARD.encode(format!("{username}:{}", password.expose()));
                set_header(request, AUTHORIZATION, &format!("Basic {encoded}"))
            }
            Self::ApiKeyHeader { name, key } => {
                let name = HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| ValidationError::new(name.clone(), "is not a valid header name"))?;
                set_header(request, name, key.expose())
            }
            Self::ApiKeyQuery { name, key } => {
                request.url_mut().query_pairs_mut().append_pair(name, key.expose());
                Ok(())
            }
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
        let kind = match self {
            Self::None => "None",
            Self::Bearer(_) => "Bearer([redacted])",
            Self::Basic { .. } => "Basic([redacted])",
            Self::ApiKeyHeader { .. } => "ApiKeyHeader([redacted])",
            Self::ApiKeyQuery { .. } => "ApiKeyQuery([redacted])",
        };
        f.write_str(kind)
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
    }
}
