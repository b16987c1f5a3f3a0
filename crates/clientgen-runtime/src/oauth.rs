//! OAuth 2 access tokens fetched from a token endpoint with client
//! credentials, cached until shortly before they expire.
//!
//! One fetch serves every call waiting for a token: the cache's lock is
//! held while fetching, so a hundred calls that find the token stale cause
//! one request to the endpoint, and all of them get its answer.

use std::fmt;
use std::time::{Duration, Instant};

use reqwest::header::{ACCEPT, CONTENT_TYPE};
use serde::Deserialize;
use tokio::sync::Mutex;

use crate::read::{ReadError, read_limited};
use crate::secret::Secret;

/// A token is renewed this long before the endpoint said it expires.
const EXPIRY_MARGIN: Duration = Duration::from_secs(60);
/// The largest token answer read: a real one is a few hundred bytes.
const MAX_ANSWER: usize = 1 << 20;
/// When the endpoint does not say, a token is taken to last this long.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);

/// Where and how to fetch tokens: the endpoint's URL, the form fields of
/// the grant (e.g. `grant_type=client_credentials`), and the client's
/// credentials, sent with HTTP Basic auth.
#[derive(Clone)]
pub struct TokenEndpoint {
    pub url: String,
    pub form: Vec<(String, String)>,
    pub client_id: String,
    pub client_secret: Secret,
}

impl fmt::Debug for TokenEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fields: Vec<&str> = self.form.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("TokenEndpoint")
            .field("url", &self.url)
            .field("form_fields", &fields)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .finish()
    }
}

/// The token endpoint refused or could not be reached. Never holds the
/// client's credentials or a token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("could not get an access token from {url}: {problem}")]
pub struct AuthError {
    pub url: String,
    pub status: Option<u16>,
    /// The endpoint's own error text (`error`, `error_description`,
    /// `reason`), or what went wrong on the way.
    pub problem: String,
}

#[derive(Debug)]
struct CachedToken {
    token: Secret,
    renew_at: Instant,
}

/// Tokens for one endpoint, shared by every clone of a client.
pub struct TokenCache {
    endpoint: TokenEndpoint,
    cached: Mutex<Option<CachedToken>>,
}

impl TokenCache {
    pub(crate) fn new(endpoint: TokenEndpoint) -> Self {
        Self { endpoint, cached: Mutex::new(None) }
    }

    pub(crate) fn endpoint(&self) -> &TokenEndpoint {
        &self.endpoint
    }

    /// A token that is not about to expire, fetched if need be, within
    /// `timeout` (the API call's own, so a silent token endpoint cannot
    /// hang a call whose HTTP client has no timeout of its own).
    pub(crate) async fn token(&self, http: &reqwest::Client, timeout: Option<Duration>) -> Result<Secret, AuthError> {
        let mut cached = self.cached.lock().await;
        if let Some(current) = cached.as_ref().filter(|c| Instant::now() < c.renew_at) {
            return Ok(current.token.clone());
        }
        let fresh = fetch(&self.endpoint, http, timeout).await?;
        let token = fresh.token.clone();
        *cached = Some(fresh);
        Ok(token)
    }

    /// Forgets `used` after the API rejected it, unless another call has
    /// already replaced it.
    pub(crate) async fn invalidate(&self, used: &Secret) {
        let mut cached = self.cached.lock().await;
        if cached.as_ref().is_some_and(|c| &c.token == used) {
            *cached = None;
        }
    }
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Secret,
    expires_in: Option<u64>,
}

/// The fields of an OAuth error answer (RFC 6749 and Zoom's `reason`).
#[derive(Deserialize)]
struct TokenRefusal {
    error: Option<String>,
    error_description: Option<String>,
    reason: Option<String>,
}

async fn fetch(
    endpoint: &TokenEndpoint,
    http: &reqwest::Client,
    timeout: Option<Duration>,
) -> Result<CachedToken, AuthError> {
    let failed = |status: Option<u16>, problem: String| AuthError { url: endpoint.url.clone(), status, problem };
    let form = serde_urlencoded::to_string(&endpoint.form).map_err(|e| failed(None, e.to_string()))?;
    let started = Instant::now();
    let mut request = http.post(&endpoint.url);
    if let Some(timeout) = timeout {
        request = request.timeout(timeout);
    }
    let response = request
        .basic_auth(&endpoint.client_id, Some(endpoint.client_secret.expose()))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(ACCEPT, "application/json")
        .body(form)
        .send()
        .await
        .map_err(|e| failed(None, e.without_url().to_string()))?;
    let status = response.status();
    let body = read_limited(response, MAX_ANSWER).await.map_err(|e| {
        let problem = match e {
            ReadError::Transport(e) => e.without_url().to_string(),
            ReadError::TooLarge { limit, .. } => format!("the answer is larger than {limit} bytes"),
        };
        failed(Some(status.as_u16()), problem)
    })?;
    if !status.is_success() {
        return Err(failed(Some(status.as_u16()), refusal_text(&body, status)));
    }
    let answer: TokenAnswer = serde_json::from_slice(&body)
        .map_err(|_| failed(Some(status.as_u16()), "the answer has no `access_token`".to_string()))?;
    let lifetime = answer.expires_in.map_or(DEFAULT_LIFETIME, Duration::from_secs);
    let renew_at = started + lifetime.saturating_sub(EXPIRY_MARGIN).max(lifetime / 2);
    Ok(CachedToken { token: answer.access_token, renew_at })
}

fn refusal_text(body: &[u8], status: reqwest::StatusCode) -> String {
    let refusal: Option<TokenRefusal> = serde_json::from_slice(body).ok();
    let parts: Vec<String> =
        refusal.into_iter().flat_map(|r| [r.error, r.error_description, r.reason]).flatten().collect();
    if parts.is_empty() { format!("the endpoint answered {status}") } else { format!("{status}: {}", parts.join(": ")) }
}
