//! When a failed attempt is tried again, and after how long.
//!
//! A 429 is always retried (the server did not act on the request), after
//! its `Retry-After` or else an exponential backoff with full jitter. A 5xx
//! or a lost connection is retried only for idempotent methods, since a
//! POST may have taken effect. Attempts and total time are bounded, and a
//! `Retry-After` longer than `max_retry_after` (a daily limit, say) is
//! handed back to the caller rather than slept on. A server certificate
//! the client refuses is never retried: it would be refused again.

use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

/// How a client retries; see the module docs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 means no retries.
    pub max_attempts: u32,
    /// Time from the first attempt after which no retry starts.
    pub max_elapsed: Duration,
    /// The first backoff; each later one may be twice as long.
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
    /// The longest `Retry-After` worth waiting for.
    pub max_retry_after: Duration,
    /// Also retry 5xx answers and lost connections for POST and PATCH.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            max_elapsed: Duration::from_secs(120),
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// Every call is tried once.
    pub fn none() -> Self {
        Self { max_attempts: 1, ..Self::default() }
    }

    /// After attempt `attempt` (1-based) answered `status`: the delay before
    /// the next attempt, or `None` to return this answer.
    pub(crate) fn after_status(
        &self,
        method: &Method,
        status: StatusCode,
        headers: &HeaderMap,
        attempt: u32,
        elapsed: Duration,
    ) -> Option<Duration> {
        let delay = if status == StatusCode::TOO_MANY_REQUESTS {
            match crate::rate_limit::retry_after(headers, std::time::SystemTime::now()) {
                Some(wait) if wait > self.max_retry_after => return None,
                Some(wait) => wait,
                None => self.backoff(attempt),
            }
        } else if status.is_server_error() && (self.retry_non_idempotent || is_idempotent(method)) {
            self.backoff(attempt)
        } else {
            return None;
        };
        self.within_budget(attempt, elapsed, delay)
    }

    /// After attempt `attempt` failed without an answer.
    pub(crate) fn after_transport_error(
        &self,
        method: &Method,
        error: &reqwest::Error,
        attempt: u32,
        elapsed: Duration,
    ) -> Option<Duration> {
        // A refused connection never reached the server: safe for any method.
        let safe = error.is_connect() || self.retry_non_idempotent || is_idempotent(method);
        if !safe || error.is_builder() || error.is_decode() || is_certificate_refusal(error) {
            return None;
        }
        self.within_budget(attempt, elapsed, self.backoff(attempt))
    }

    fn within_budget(&self, attempt: u32, elapsed: Duration, delay: Duration) -> Option<Duration> {
        (attempt < self.max_attempts && elapsed + delay <= self.max_elapsed).then_some(delay)
    }

    /// Full jitter: a random delay up to `initial * 2^(attempt-1)`, capped.
    fn backoff(&self, attempt: u32) -> Duration {
        let ceiling =
            self.initial_backoff.saturating_mul(1u32 << attempt.saturating_sub(1).min(16)).min(self.max_backoff);
        ceiling.mul_f64(fastrand::f64())
    }
}

/// Did the TLS handshake fail on the server's certificate? rustls's error
/// sits in the chain of sources, within `io::Error`s of the connection.
fn is_certificate_refusal(error: &reqwest::Error) -> bool {
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = next {
        if let Some(tls) = current.downcast_ref::<rustls::Error>() {
            return matches!(
                tls,
                rustls::Error::InvalidCertificate(_)
                    | rustls::Error::NoCertificatesPresented
                    | rustls::Error::UnsupportedNameType
                    | rustls::Error::InvalidCertRevocationList(_)
            );
        }
        // An `io::Error`'s `source()` skips the error it wraps; `get_ref()` does not.
        next = match current.downcast_ref::<std::io::Error>() {
            Some(io) => io.get_ref().map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => current.source(),
        };
    }
    false
}

/// Methods that RFC 9110 makes safe to repeat.
fn is_idempotent(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn retry_after(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn a_429_waits_as_told_unless_it_is_too_long() {
        let policy = RetryPolicy::default();
        let wait =
            policy.after_status(&Method::POST, StatusCode::TOO_MANY_REQUESTS, &retry_after("3"), 1, Duration::ZERO);
        assert_eq!(wait, Some(Duration::from_secs(3)));
        let daily =
            policy.after_status(&Method::GET, StatusCode::TOO_MANY_REQUESTS, &retry_after("86400"), 1, Duration::ZERO);
        assert_eq!(daily, None);
    }

    #[test]
    fn a_429_without_retry_after_backs_off_within_the_cap() {
        let policy = RetryPolicy::default();
        for attempt in 1..4 {
            let wait = policy.after_status(
                &Method::GET,
                StatusCode::TOO_MANY_REQUESTS,
                &HeaderMap::new(),
                attempt,
                Duration::ZERO,
            );
            let ceiling = Duration::from_millis(500) * (1 << (attempt - 1));
            assert!(wait.is_some_and(|w| w <= ceiling), "attempt {attempt}: {wait:?}");
        }
    }

    #[test]
    fn server_errors_are_retried_for_idempotent_methods_only() {
        let policy = RetryPolicy::default();
        let get = policy.after_status(&Method::GET, StatusCode::BAD_GATEWAY, &HeaderMap::new(), 1, Duration::ZERO);
        let post = policy.after_status(&Method::POST, StatusCode::BAD_GATEWAY, &HeaderMap::new(), 1, Duration::ZERO);
        assert!(get.is_some());
        assert_eq!(post, None);
        let lenient = RetryPolicy { retry_non_idempotent: true, ..RetryPolicy::default() };
        assert!(
            lenient
                .after_status(&Method::POST, StatusCode::BAD_GATEWAY, &HeaderMap::new(), 1, Duration::ZERO)
                .is_some()
        );
    }

    #[test]
    fn attempts_and_time_are_bounded() {
        let policy = RetryPolicy::default();
        let headers = retry_after("1");
        assert_eq!(policy.after_status(&Method::GET, StatusCode::TOO_MANY_REQUESTS, &headers, 4, Duration::ZERO), None);
        let late =
            policy.after_status(&Method::GET, StatusCode::TOO_MANY_REQUESTS, &headers, 1, Duration::from_secs(120));
        assert_eq!(late, None);
        assert_eq!(
            RetryPolicy::none().after_status(
                &Method::GET,
                StatusCode::SERVICE_UNAVAILABLE,
                &headers,
                1,
                Duration::ZERO
            ),
            None
        );
        assert_eq!(policy.after_status(&Method::GET, StatusCode::NOT_FOUND, &headers, 1, Duration::ZERO), None);
    }
}
