//! The client a generated crate wraps: base URL, HTTP client, credentials
//! and timeout.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use crate::auth::Auth;
use crate::error::BuildError;
use crate::operation::OperationInfo;
use crate::rate_limit::RateLimitHeaders;
use crate::request::Request;
use crate::retry::RetryPolicy;

/// How long a call may take, from sending to the last byte of the response,
/// unless the builder says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest response body a call reads, unless the builder says
/// otherwise: far above any JSON answer, low enough that a runaway or
/// hostile server cannot exhaust memory.
pub const DEFAULT_MAX_RESPONSE_BODY: usize = 32 << 20;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Sends the requests of one API. Cheap to clone: clones share one
/// connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    auth: Auth,
    timeout: Duration,
    max_response_body: usize,
    retry: RetryPolicy,
    rate_limit_headers: RateLimitHeaders,
}

impl Client {
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Starts a request for `operation` to `path` (already expanded and
    /// percent-encoded), relative to the base URL.
    pub fn request(&self, operation: &'static OperationInfo, path: &str) -> Request<'_> {
        let method = reqwest::Method::from_bytes(operation.method.as_bytes()).unwrap_or(reqwest::Method::GET);
        let url = format!("{}{path}", self.inner.base_url);
        let builder = self.inner.http.request(method, url).timeout(self.inner.timeout);
        Request::new(self, operation, builder)
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    pub(crate) fn auth(&self) -> &Auth {
        &self.inner.auth
    }

    pub(crate) fn max_response_body(&self) -> usize {
        self.inner.max_response_body
    }

    pub(crate) fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    pub(crate) fn rate_limit_headers(&self) -> &RateLimitHeaders {
        &self.inner.rate_limit_headers
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("auth", &self.inner.auth)
            .field("timeout", &self.inner.timeout)
            .field("max_response_body", &self.inner.max_response_body)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// Builds a client; `C` is the generated client type that wraps it.
pub struct ClientBuilder<C = Client> {
    base_url: Option<String>,
    http: Option<reqwest::Client>,
    timeout: Duration,
    max_response_body: usize,
    auth: Auth,
    user_agent: String,
    redirects: Option<reqwest::redirect::Policy>,
    retry: RetryPolicy,
    rate_limit_headers: RateLimitHeaders,
    into: PhantomData<fn() -> C>,
}

impl<C: From<Client>> ClientBuilder<C> {
    /// A builder whose base URL is the spec's server, if it names one.
    pub fn new(default_base_url: Option<&str>, user_agent: &str) -> Self {
        Self {
            base_url: default_base_url.map(str::to_string),
            http: None,
            timeout: DEFAULT_TIMEOUT,
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
            auth: Auth::None,
            user_agent: user_agent.to_string(),
            redirects: None,
            retry: RetryPolicy::default(),
            rate_limit_headers: RateLimitHeaders::default(),
            into: PhantomData,
        }
    }

    /// Sends requests to this URL instead of the spec's server.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sends requests through this HTTP client (its proxy, TLS and pool
    /// settings apply; the timeout set here still applies per request).
    /// Call [`install_tls_provider`](crate::install_tls_provider) before
    /// building it: reqwest panics when no TLS crypto provider is installed.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The longest a call may take, response body included.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest response body a call reads, in bytes
    /// ([`DEFAULT_MAX_RESPONSE_BODY`] unless set). A larger one, whether its
    /// `Content-Length` says so or it turns out so, is not read past the
    /// limit: the call fails with [`Error::BodyTooLarge`](crate::Error::BodyTooLarge),
    /// which keeps the status and headers.
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.max_response_body = bytes;
        self
    }

    /// Whether and how far to follow redirects; by default up to 10 are
    /// (APIs move uploads and downloads to other hosts this way). With
    /// `Policy::none()` a 3xx comes back as the spec describes it: a
    /// documented success, or an error whose headers hold `Location`.
    /// Ignored with [`http_client`](Self::http_client).
    pub fn redirect_policy(mut self, policy: reqwest::redirect::Policy) -> Self {
        self.redirects = Some(policy);
        self
    }

    /// How failed calls are retried (by default: 429s, and 5xx and lost
    /// connections for idempotent methods, up to 4 attempts).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Which headers hold the API's rate limits.
    pub fn rate_limit_headers(mut self, headers: RateLimitHeaders) -> Self {
        self.rate_limit_headers = headers;
        self
    }

    /// How to authenticate: a bearer token, OAuth with a token endpoint
    /// (e.g. `clientgen_runtime::zoom::ServerToServer`), basic auth or an
    /// API key.
    pub fn auth(mut self, auth: impl Into<Auth>) -> Self {
        self.auth = auth.into();
        self
    }

    /// Authenticates with `Authorization: Bearer <token>`.
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        self.auth(Auth::bearer(token))
    }

    pub fn build(self) -> Result<C, BuildError> {
        let base_url = self.base_url.ok_or(BuildError::NoBaseUrl)?;
        if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
            return Err(BuildError::BadBaseUrl(base_url));
        }
        let http = match self.http {
            Some(http) => http,
            None => {
                crate::install_tls_provider();
                reqwest::Client::builder()
                    .user_agent(self.user_agent)
                    .connect_timeout(CONNECT_TIMEOUT)
                    .redirect(self.redirects.unwrap_or_default())
                    .build()
                    .map_err(BuildError::Http)?
            }
        };
        let inner = Inner {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            auth: self.auth,
            timeout: self.timeout,
            max_response_body: self.max_response_body,
            retry: self.retry,
            rate_limit_headers: self.rate_limit_headers,
        };
        Ok(C::from(Client { inner: Arc::new(inner) }))
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("auth", &self.auth)
            .field("timeout", &self.timeout)
            .field("max_response_body", &self.max_response_body)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}
