//! Random and adversarial answers: odd status lines, missing, duplicate and
//! malformed headers, lying `Content-Length`s, truncated or wrongly typed
//! JSON, HTML error pages, invalid UTF-8, bodies over the client's limit,
//! and bodies that trickle, stall or never come.

use fastrand::Rng;

/// One answer the server gives, and what the client must make of it.
#[derive(Clone, Debug)]
pub struct Case {
    pub head: Vec<u8>,
    pub body: Vec<u8>,
    pub framing: Framing,
    pub delivery: Delivery,
    pub expect: Expect,
    pub what: String,
}

#[derive(Clone, Copy, Debug)]
pub enum Framing {
    /// `Content-Length: n`, which may not be the body's length.
    Length(usize),
    Chunked,
    /// No length: the body ends when the connection closes.
    Close,
}

#[derive(Clone, Copy, Debug)]
pub enum Delivery {
    AllAtOnce,
    /// In pieces, with short pauses between them.
    Trickle,
    /// Part of the body, then nothing more, the connection left open.
    StallMidBody,
    /// The request is read and never answered.
    NoAnswer,
    /// The connection is closed without an answer.
    Hangup,
}

/// What the outcome must be, when the case decides it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Expect {
    /// Ok, or any typed error.
    Anything,
    /// `Error::BodyTooLarge` with this status.
    TooLarge(u16),
    /// `Error::Transport` that is a timeout.
    Timeout,
    /// An error other than a timeout or `BodyTooLarge`: the connection failed.
    TransportError,
}

/// The answer of `seed`, for a client that reads at most `limit` bytes.
pub fn random(seed: u64, limit: usize) -> Case {
    let mut rng = Rng::with_seed(seed);
    let (status_line, status) = status_line(&mut rng);
    let (body, body_kind) = body(&mut rng, limit);
    let delivery = match rng.u8(0..100) {
        _ if body.len() > limit => Delivery::AllAtOnce,
        0..70 => Delivery::AllAtOnce,
        70..85 => Delivery::Trickle,
        85..93 => Delivery::StallMidBody,
        93..97 => Delivery::NoAnswer,
        _ => Delivery::Hangup,
    };
    let framing = match rng.u8(0..10) {
        0..5 => Framing::Length(body.len()),
        5 => Framing::Length(body.len().saturating_sub(rng.usize(1..10))),
        6 => Framing::Length(body.len() + rng.usize(1..10)),
        7..9 => Framing::Chunked,
        _ => Framing::Close,
    };
    let (headers, header_kinds) = headers(&mut rng);
    let mut head = status_line.clone();
    head.extend_from_slice(&headers);
    let length = match framing {
        Framing::Length(declared) => declared,
        Framing::Chunked | Framing::Close => body.len(),
    };
    // Only a well-formed HTTP/1.1 head says for sure how long the body is.
    const MALFORMED: &[&str] = &["duplicate length", "bad length", "without colon"];
    let well_formed = status_line.starts_with(b"HTTP/1.1") && !MALFORMED.iter().any(|k| header_kinds.contains(k));
    let bodied = status.is_some_and(bodied);
    let expect = match delivery {
        Delivery::NoAnswer => Expect::Timeout,
        // No head is sent, so there is nothing to refuse or wait for.
        Delivery::Hangup => Expect::TransportError,
        // A head that declares too much is refused before the body is waited for.
        _ if well_formed && bodied && length > limit => Expect::TooLarge(status.unwrap_or_default()),
        // Half the body is sent: a call waits for the rest only if the head says there is more.
        Delivery::StallMidBody if well_formed && bodied && length > body.len() / 2 => Expect::Timeout,
        _ => Expect::Anything,
    };
    let what = format!(
        "{:?}, {header_kinds}, {body_kind} body of {} bytes, {framing:?}, {delivery:?}",
        String::from_utf8_lossy(&status_line).trim(),
        body.len()
    );
    Case { head, body, framing, delivery, expect, what }
}

/// Statuses whose answers have bodies (and are not followed as redirects).
fn bodied(status: u16) -> bool {
    !(status < 200 || status == 204 || status == 304 || (300..400).contains(&status))
}

fn status_line(rng: &mut Rng) -> (Vec<u8>, Option<u16>) {
    const VALID: &[u16] = &[200, 200, 200, 201, 202, 204, 302, 304, 400, 401, 403, 404, 409, 429, 500, 502, 503, 599];
    match rng.u8(0..12) {
        0 => (b"HTTP/1.1 abc Broken\r\n".to_vec(), None),
        1 => (b"HTTP/1.0 200 OK\r\n".to_vec(), Some(200)),
        2 => (b"<html>not http</html>\r\n".to_vec(), None),
        3 => (b"HTTP/1.1 200\r\n".to_vec(), Some(200)),
        _ => {
            let status = VALID[rng.usize(0..VALID.len())];
            (format!("HTTP/1.1 {status} Whatever\r\n").into_bytes(), Some(status))
        }
    }
}

/// Up to five headers from a pool of plausible and malformed ones; says which kinds.
fn headers(rng: &mut Rng) -> (Vec<u8>, String) {
    const POOL: &[(&str, &[u8])] = &[
        ("json", b"Content-Type: application/json\r\n"),
        ("html", b"Content-Type: text/html; charset=utf-8\r\n"),
        ("problem+json", b"Content-Type: application/problem+json\r\n"),
        ("octet-stream", b"Content-Type: application/octet-stream\r\n"),
        ("latin-1 json", b"Content-Type: application/json; charset=iso-8859-1\r\n"),
        ("non-ASCII type", b"Content-Type: \xff\xfe/\x80\r\n"),
        ("empty type", b"Content-Type: \r\n"),
        ("two types", b"Content-Type: application/json\r\nContent-Type: text/html\r\n"),
        ("rate limits", b"X-RateLimit-Limit: 30\r\nX-RateLimit-Remaining: 0\r\nX-RateLimit-Category: Heavy\r\n"),
        ("bad rate limits", b"X-RateLimit-Limit: abc\r\nX-RateLimit-Remaining: 99999999999999999999999\r\n"),
        ("two rate limits", b"X-RateLimit-Remaining: 1\r\nX-RateLimit-Remaining: -4\r\n"),
        ("retry-after date", b"Retry-After: Wed, 21 Oct 2015 07:28:00 GMT\r\n"),
        ("odd retry-after", b"Retry-After: 1e99\r\n"),
        ("cookie", b"Set-Cookie: session=s3cret; HttpOnly\r\n"),
        ("duplicate length", b"Content-Length: 3\r\nContent-Length: 7\r\n"),
        ("bad length", b"Content-Length: lots\r\n"),
        ("gzip claimed", b"Content-Encoding: gzip\r\n"),
        ("header without colon", b"Nonsense\r\n"),
        ("redirect away", b"Location: http://127.0.0.1:9/elsewhere\r\n"),
    ];
    let mut bytes = Vec::new();
    let mut kinds = Vec::new();
    for _ in 0..rng.usize(0..=5) {
        let (kind, header) = POOL[rng.usize(0..POOL.len())];
        bytes.extend_from_slice(header);
        kinds.push(kind);
    }
    let kinds = if kinds.is_empty() { "no headers".to_string() } else { kinds.join(" + ") };
    (bytes, kinds)
}

/// A body, and what kind it is.
fn body(rng: &mut Rng, limit: usize) -> (Vec<u8>, &'static str) {
    const VALID: &str = r#"{"app_id":"a1","app_name":"My App","id":"g1","name":"Group","total_members":3,"code":124,"message":"Invalid access token."}"#;
    match rng.u8(0..13) {
        0..2 => (VALID.as_bytes().to_vec(), "well-formed"),
        2 => (VALID.as_bytes()[..rng.usize(0..VALID.len())].to_vec(), "truncated JSON"),
        3..5 => (random_json(rng, 0).to_string().into_bytes(), "random JSON"),
        5 => (b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>".to_vec(), "HTML"),
        6 => (b"{\"app_id\":\"\xff\xfe\",\"message\":\"\xc3\x28\"}".to_vec(), "invalid UTF-8"),
        7 => (Vec::new(), "empty"),
        8 => ("[".repeat(rng.usize(100..5_000)).into_bytes(), "deeply nested"),
        9 => (b"\xef\xbb\xbf{\"code\":1}".to_vec(), "BOM-prefixed"),
        10 => (b"a".repeat(limit), "exactly the limit"),
        _ => (b"7,".repeat(rng.usize(limit / 2 + 1..limit * 3)), "over the limit"),
    }
}

fn random_json(rng: &mut Rng, depth: usize) -> serde_json::Value {
    use serde_json::{Value, json};
    match rng.u8(0..if depth > 3 { 6 } else { 8 }) {
        0 => Value::Null,
        1 => json!(rng.bool()),
        2 => json!(rng.i64(..)),
        3 => json!(rng.f64() * 1e300),
        4 => json!("text"),
        5 => json!(u64::MAX),
        6 => Value::Array((0..rng.usize(0..4)).map(|_| random_json(rng, depth + 1)).collect()),
        _ => {
            const KEYS: &[&str] = &["app_id", "id", "name", "code", "message", "total_members", "type", ""];
            let entries =
                (0..rng.usize(0..5)).map(|_| (KEYS[rng.usize(0..KEYS.len())].to_string(), random_json(rng, depth + 1)));
            Value::Object(entries.collect())
        }
    }
}
