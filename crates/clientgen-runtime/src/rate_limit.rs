//! Rate-limit headers, read into a typed value on every response and error.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};

/// The names of the headers an API reports its rate limits in. The
/// defaults are the common `X-RateLimit-*` trio; a vendor's profile can name
/// others (Zoom adds `X-RateLimit-Category` and `X-RateLimit-Type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitHeaders {
    pub limit: Option<&'static str>,
    pub remaining: Option<&'static str>,
    pub reset: Option<&'static str>,
    pub category: Option<&'static str>,
    pub kind: Option<&'static str>,
}

impl Default for RateLimitHeaders {
    fn default() -> Self {
        Self {
            limit: Some("x-ratelimit-limit"),
            remaining: Some("x-ratelimit-remaining"),
            reset: Some("x-ratelimit-reset"),
            category: None,
            kind: None,
        }
    }
}

/// What a response said about rate limits; every part is optional, since
/// servers send some headers on some responses only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed in the current window.
    pub limit: Option<u64>,
    /// Requests left in the current window.
    pub remaining: Option<u64>,
    /// The server's reset value, as sent (seconds or a timestamp, by API).
    pub reset: Option<String>,
    /// The vendor's category of the operation (e.g. Zoom's `Light`, `Heavy`).
    pub category: Option<String>,
    /// The kind of limit that applies (e.g. Zoom's `QPS` or `Daily-limit`).
    pub kind: Option<String>,
    /// How long to wait before trying again (`Retry-After`).
    pub retry_after: Option<Duration>,
}

impl RateLimit {
    /// Reads the headers; `None` when none of them is present.
    pub fn from_headers(headers: &HeaderMap, names: &RateLimitHeaders) -> Option<Self> {
        let text = |name: Option<&'static str>| {
            name.and_then(|n| headers.get(n)).and_then(|v| v.to_str().ok()).map(|v| v.trim().to_string())
        };
        let found = Self {
            limit: text(names.limit).and_then(|v| v.parse().ok()),
            remaining: text(names.remaining).and_then(|v| v.parse().ok()),
            reset: text(names.reset),
            category: text(names.category),
            kind: text(names.kind),
            retry_after: retry_after(headers, SystemTime::now()),
        };
        (found != Self::default()).then_some(found)
    }
}

/// `Retry-After` as a delay: delta-seconds or an HTTP date (RFC 9110).
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn reads_zoom_style_headers() {
        let names = RateLimitHeaders {
            category: Some("x-ratelimit-category"),
            kind: Some("x-ratelimit-type"),
            ..Default::default()
        };
        let map = headers(&[
            ("x-ratelimit-category", "Heavy"),
            ("x-ratelimit-type", "QPS"),
            ("x-ratelimit-limit", "30"),
            ("x-ratelimit-remaining", "0"),
            ("retry-after", "2"),
        ]);
        let limit = RateLimit::from_headers(&map, &names);
        assert_eq!(
            limit,
            Some(RateLimit {
                limit: Some(30),
                remaining: Some(0),
                reset: None,
                category: Some("Heavy".into()),
                kind: Some("QPS".into()),
                retry_after: Some(Duration::from_secs(2)),
            })
        );
        assert_eq!(RateLimit::from_headers(&HeaderMap::new(), &names), None);
    }

    #[test]
    fn retry_after_reads_dates_too() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2026 07:28:00 GMT").unwrap_or(SystemTime::UNIX_EPOCH);
        let map = headers(&[("retry-after", "Wed, 21 Oct 2026 07:28:30 GMT")]);
        assert_eq!(retry_after(&map, now), Some(Duration::from_secs(30)));
        let past = headers(&[("retry-after", "Wed, 21 Oct 2026 07:00:00 GMT")]);
        assert_eq!(retry_after(&past, now), Some(Duration::ZERO));
        assert_eq!(retry_after(&headers(&[("retry-after", "soon")]), now), None);
    }
}
