//! Fuzzing the generated clients with what a server may really send back:
//! every answer a seeded generator makes up (`response_fuzz/cases.rs`:
//! broken status lines, missing and duplicate headers, lying lengths,
//! truncated or wrongly typed JSON, HTML, invalid UTF-8, bodies over the
//! limit, trickling, stalled and missing bodies) must end each call in a
//! value or a typed error, never a panic, and within the client's timeout.
//!
//! The answers come from a raw server on 127.0.0.1 (`response_fuzz/server.rs`).
//! The run is bounded by time and determined by its first seed, as the
//! generator's fuzz test is: `CLIENTGEN_FUZZ_SECONDS` (default 2),
//! `CLIENTGEN_FUZZ_SEED` (default 1), `CLIENTGEN_FUZZ_INPUTS` (`1` replays
//! one seed). `cargo xtask fuzz --seconds 60` is the long run CI does.

#[path = "response_fuzz/cases.rs"]
mod cases;
#[path = "response_fuzz/server.rs"]
mod server;

use std::time::{Duration, Instant};

use cases::{Case, Expect};
use clientgen_runtime::{ClientBuilder, Error, Response, RetryPolicy, reqwest};
use server::CaseServer;

/// The per-request timeout of the fuzzed clients.
const TIMEOUT: Duration = Duration::from_millis(300);
/// How long a call may take at most: its timeout and then some. A call
/// still running after it hangs.
const GUARD: Duration = Duration::from_secs(3);
/// The fuzzed clients' body limit, small so that bodies over it are cheap.
const LIMIT: usize = 64 << 10;

const TOKEN: &str = "tok-fuzz-Jq81-do-not-print";
const ACCOUNT_ID: &str = "TQTvjT52Tmi_wrhASNNOEw";

/// The clients under test: one per generated crate, both pointed at the server.
struct Clients {
    marketplace: zoom_marketplace_master::Client,
    users: zoom_users_master::Client,
}

/// `builder` pointed at `url`, with the limits every case runs under.
fn configured<C: From<clientgen_runtime::Client>>(builder: ClientBuilder<C>, url: &str) -> ClientBuilder<C> {
    // A fresh connection per call: a case's answer must not leave a
    // connection half-read for the next.
    clientgen_runtime::install_tls_provider();
    let http = reqwest::Client::builder().pool_max_idle_per_host(0).build().expect("an HTTP client builds");
    builder
        .base_url(url)
        .http_client(http)
        .bearer_token(TOKEN)
        .timeout(TIMEOUT)
        .max_response_body(LIMIT)
        .retry_policy(RetryPolicy::none())
}

impl Clients {
    fn new(url: &str) -> Self {
        let marketplace =
            configured(zoom_marketplace_master::Client::builder(), url).build().expect("the client builds");
        let users = configured(zoom_users_master::Client::builder(), url).build().expect("the client builds");
        Self { marketplace, users }
    }

    /// One of a JSON POST, a JSON GET and a body-less DELETE, by `which`.
    async fn call(&self, which: u64) -> Outcome {
        match which % 3 {
            0 => {
                let app = zoom_marketplace_master::types::CreateAppsRequest::new(
                    zoom_marketplace_master::types::CreateAppsRequestAppType::S2sOauth,
                    "My App".into(),
                    "Jane".into(),
                    "jane@example.com".into(),
                    "Example".into(),
                );
                Outcome::of(self.marketplace.create_apps(ACCOUNT_ID, &app).await)
            }
            1 => Outcome::of(self.users.group(ACCOUNT_ID, "g1").await),
            _ => Outcome::of(self.users.group_delete(ACCOUNT_ID, "g1").await),
        }
    }
}

/// What a call ended in, as far as the checks care.
enum Outcome {
    Value(u16),
    TooLarge(u16),
    Timeout,
    OtherError(String),
}

impl std::fmt::Debug for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Value(status) => write!(f, "a value with status {status}"),
            Self::TooLarge(status) => write!(f, "BodyTooLarge with status {status}"),
            Self::Timeout => f.write_str("a timeout"),
            Self::OtherError(error) => write!(f, "the error {error}"),
        }
    }
}

impl Outcome {
    fn of<T, E: std::fmt::Debug>(result: Result<Response<T>, Error<E>>) -> Self {
        match result {
            Ok(response) => Self::Value(response.status().as_u16()),
            Err(Error::BodyTooLarge(e)) => Self::TooLarge(e.status.as_u16()),
            Err(Error::Transport(e)) if e.is_timeout() => Self::Timeout,
            // Display and Debug of every error run too: they must not panic either.
            Err(e) => Self::OtherError(format!("{e} / {e:?}")),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_gives_a_value_or_a_typed_error_in_bounded_time() {
    let budget = Duration::from_secs_f64(env_number("CLIENTGEN_FUZZ_SECONDS").unwrap_or(2.0));
    let first = env_number("CLIENTGEN_FUZZ_SEED").map_or(1, |s| s as u64);
    let max_inputs = env_number("CLIENTGEN_FUZZ_INPUTS").map_or(u64::MAX, |n| n as u64);
    let (server, url) = CaseServer::start().await;
    let clients = std::sync::Arc::new(Clients::new(&url));
    let started = Instant::now();
    let mut count = 0;
    while count < max_inputs && (count == 0 || started.elapsed() < budget) {
        let seed = first + count;
        let case = cases::random(seed, LIMIT);
        server.set(case.clone());
        if let Err(problem) = run_one(&clients, seed, &case).await {
            panic!(
                "seed {seed}: {problem}\n  answer: {}\n  replay with CLIENTGEN_FUZZ_SEED={seed} CLIENTGEN_FUZZ_INPUTS=1 \
                 cargo test -p generated-tests --test response_fuzz",
                case.what
            );
        }
        count += 1;
    }
    println!("{count} answers in {:?}, each gave a value or a typed error", started.elapsed());
}

/// One call against the case's answer, on a task of its own so that a
/// panic is seen as one, within [`GUARD`].
async fn run_one(clients: &std::sync::Arc<Clients>, seed: u64, case: &Case) -> Result<(), String> {
    let clients = clients.clone();
    let started = Instant::now();
    let call = tokio::spawn(async move { clients.call(seed).await });
    let outcome = match tokio::time::timeout(GUARD, call).await {
        Err(_) => return Err(format!("the call was still running after {GUARD:?}")),
        Ok(Err(join)) if join.is_panic() => return Err("the call panicked".into()),
        Ok(Err(join)) => return Err(format!("the call did not finish: {join}")),
        Ok(Ok(outcome)) => outcome,
    };
    let elapsed = started.elapsed();
    match (case.expect, &outcome) {
        (Expect::Anything, _) => Ok(()),
        (Expect::TooLarge(status), Outcome::TooLarge(got)) if *got == status => Ok(()),
        (Expect::Timeout, Outcome::Timeout) if elapsed >= TIMEOUT => Ok(()),
        (Expect::TransportError, Outcome::OtherError(_)) => Ok(()),
        (expected, got) => Err(format!("expected {expected:?}, got {got:?} after {elapsed:?}")),
    }
}

fn env_number(name: &str) -> Option<f64> {
    let text = std::env::var(name).ok()?;
    match text.trim().parse() {
        Ok(number) => Some(number),
        Err(_) => panic!("{name}={text:?} is not a number"),
    }
}

/// A hand-made answer: `head` (status line and headers), then `body`.
fn answer(head: &str, body: Vec<u8>, framing: cases::Framing, delivery: cases::Delivery) -> Case {
    let what = head.lines().next().unwrap_or_default().to_string();
    Case { head: head.as_bytes().to_vec(), body, framing, delivery, expect: Expect::Anything, what }
}

async fn group_against(
    case: Case,
) -> (Result<Response<zoom_users_master::types::GroupResponse>, Error<zoom_users_master::types::ZoomError>>, Duration) {
    let (server, url) = CaseServer::start().await;
    server.set(case);
    let clients = Clients::new(&url);
    let started = Instant::now();
    let result = tokio::time::timeout(GUARD, clients.users.group(ACCOUNT_ID, "g1")).await.expect("the call ends");
    (result, started.elapsed())
}

#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_before_the_body_is_read() {
    // The body never comes: only refusing on the header ends the call before the timeout.
    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-RateLimit-Remaining: 7\r\n";
    let case = answer(head, vec![b' '; 2 * LIMIT], cases::Framing::Length(100 << 20), cases::Delivery::StallMidBody);
    let (result, elapsed) = group_against(case).await;
    match result {
        Err(Error::BodyTooLarge(e)) => {
            assert_eq!((e.status.as_u16(), e.limit, e.declared), (200, LIMIT, Some(100 << 20)));
            assert_eq!(e.headers.get("x-ratelimit-remaining").map(|v| v.as_bytes()), Some(&b"7"[..]));
        }
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
    assert!(elapsed < TIMEOUT, "refusing on Content-Length took {elapsed:?}");
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_refused_while_streaming() {
    let head = "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\n";
    let case = answer(head, vec![b'x'; 10 * LIMIT], cases::Framing::Chunked, cases::Delivery::AllAtOnce);
    let (result, _) = group_against(case).await;
    match result {
        Err(e @ Error::BodyTooLarge(_)) => {
            assert_eq!(e.status().map(|s| s.as_u16()), Some(500));
            assert_eq!(e.headers().and_then(|h| h.get("content-type")).map(|v| v.as_bytes()), Some(&b"text/html"[..]));
            assert!(e.to_string().contains(&format!("larger than the {LIMIT}-byte limit")), "{e}");
        }
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
}

#[tokio::test]
async fn a_body_of_exactly_the_limit_is_read() {
    let mut body = br#"{"id":"g1","name":"Group"}"#.to_vec();
    body.resize(LIMIT, b' ');
    let case = answer(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n",
        body,
        cases::Framing::Close,
        cases::Delivery::AllAtOnce,
    );
    let (result, _) = group_against(case).await;
    let group = result.expect("a body of exactly the limit is read");
    assert_eq!(group.id.as_deref(), Some("g1"));
}

#[tokio::test]
async fn a_connection_closed_without_an_answer_is_a_transport_error() {
    // Seed 4700 once expected `BodyTooLarge` here, from a head that is never sent.
    let head = "HTTP/1.1 404 Whatever\r\n";
    let case = answer(head, vec![b'a'; LIMIT], cases::Framing::Length(LIMIT + 2), cases::Delivery::Hangup);
    let (result, elapsed) = group_against(case).await;
    assert!(matches!(result, Err(Error::Transport(ref e)) if !e.is_timeout()), "got {result:?}");
    assert!(elapsed < TIMEOUT, "a closed connection took {elapsed:?}");
}
