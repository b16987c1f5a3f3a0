//! Timeouts: a server that takes a request and never answers costs a call
//! at most its timeout per attempt, for the API and for the token endpoint
//! alike, and a timed-out POST is not sent again.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use tokio::time::timeout;
use zoom_users_master::zoom::ServerToServer;
use zoom_users_master::{Client, Error, RetryPolicy};

use super::{
    CLIENT_ID, CLIENT_SECRET, S2S_ACCOUNT_ID, TOKEN, TOKEN_PATH, Unanswered, app_request, list_users, quick_retries,
    unanswering_server, users_server,
};

/// The per-request timeout of these tests' clients.
const TIMEOUT: Duration = Duration::from_millis(300);

/// Far beyond what any of these calls may take: a guard so that a call that
/// hangs fails the test instead of stalling the run.
const GUARD: Duration = Duration::from_secs(10);

fn assert_timed_out<T: std::fmt::Debug, E: std::fmt::Debug>(result: &Result<T, Error<E>>) {
    match result {
        Err(Error::Transport(source)) => assert!(source.is_timeout(), "expected a timeout, got {source:?}"),
        other => panic!("expected Error::Transport, got {other:?}"),
    }
}

#[tokio::test]
async fn a_get_that_is_never_answered_times_out_on_each_attempt() {
    let (url, accepted) = unanswering_server(Unanswered::KeepOpen).await;
    let client = Client::builder()
        .base_url(url)
        .bearer_token(TOKEN)
        .timeout(TIMEOUT)
        .retry_policy(RetryPolicy { max_attempts: 2, ..quick_retries() })
        .build()
        .expect("client builds");

    let started = Instant::now();
    let result = timeout(GUARD, list_users(&client)).await.expect("the timeout ends the call");
    let elapsed = started.elapsed();

    assert_timed_out(&result);
    assert_eq!(accepted.load(Ordering::SeqCst), 2, "a GET that timed out is tried again, max_attempts times");
    assert!(elapsed >= TIMEOUT * 2, "two attempts of {TIMEOUT:?} each took only {elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "two attempts of {TIMEOUT:?} each took {elapsed:?}");
}

#[tokio::test]
async fn a_post_that_is_never_answered_times_out_once() {
    let (url, accepted) = unanswering_server(Unanswered::KeepOpen).await;
    let client = zoom_marketplace_master::Client::builder()
        .base_url(url)
        .bearer_token(TOKEN)
        .timeout(TIMEOUT)
        .retry_policy(quick_retries())
        .build()
        .expect("client builds");

    let result =
        timeout(GUARD, client.create_apps(super::ACCOUNT_ID, &app_request())).await.expect("the timeout ends the call");

    match &result {
        Err(zoom_marketplace_master::Error::Transport(source)) => assert!(source.is_timeout(), "got {source:?}"),
        other => panic!("expected Error::Transport, got {other:?}"),
    }
    assert_eq!(accepted.load(Ordering::SeqCst), 1, "the POST may have arrived: not sent again");
}

#[tokio::test]
async fn a_silent_token_endpoint_times_out_as_an_auth_error() {
    let (token_url, _) = unanswering_server(Unanswered::KeepOpen).await;
    let api = users_server(super::no_users()).await;
    // An HTTP client of the caller's own, with no timeout: the client's
    // per-request timeout must still bound the token request.
    let credentials = ServerToServer::new(S2S_ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET)
        .with_token_url(format!("{token_url}{TOKEN_PATH}"));
    clientgen_runtime::install_tls_provider();
    let client = Client::builder()
        .base_url(api.uri())
        .http_client(clientgen_runtime::reqwest::Client::new())
        .timeout(TIMEOUT)
        .auth(credentials)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds");

    let started = Instant::now();
    let result = timeout(GUARD, list_users(&client)).await.expect("the timeout ends the call");

    assert!(matches!(result, Err(Error::Auth(_))), "expected Error::Auth, got {result:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
    assert!(super::received(&api).await.is_empty(), "no API request without a token");
}
