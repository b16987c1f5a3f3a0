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
use clientgen_runtime::{Error, Response, RetryPolicy, reqwest};
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

impl Clients {
    fn new(url: &str) -> Self {
        // A fresh connection per call: a case's answer must not leave a
        // connection half-read for the next.
        let http = || reqwest::Client::builder().pool_max_idle_per_host(0).build().expect("an HTTP client builds");
        let marketplace = zoom_marketplace_master::Client::builder()
            .base_url(url)
            .http_client(http())
            .bearer_token(TOKEN)
            .timeout(TIMEOUT)
            .max_response_body(LIMIT)
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("the client builds");
        let users = zoom_users_master::Client::builder()
            .base_url(url)
            .http_client(http())
            .bearer_token(TOKEN)
            .timeout(TIMEOUT)
            .max_response_body(LIMIT)
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("the client builds");
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
