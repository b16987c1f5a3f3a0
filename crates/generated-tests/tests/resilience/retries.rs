//! Retries: a 429 waits for its `Retry-After` (or backs off), a 5xx and a
//! lost connection are retried for idempotent methods only, attempts are
//! bounded, and a daily limit comes back at once. Also the rate-limit
//! headers of a successful answer.

use std::time::{Duration, Instant};

use tokio::time::timeout;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_users_master::{Error, RateLimit, RetryPolicy};

use super::{
    TOKEN, Unanswered, app_request, bearer_client, builder_for, list_users, marketplace_client, mount_users, no_users,
    quick_retries, received, unanswering_server, users_client_at,
};

fn created_app() -> ResponseTemplate {
    ResponseTemplate::new(201).set_body_json(serde_json::json!({
        "app_id": "Bwpq5zXvQr-4PKhtYOD23g",
        "app_name": "My App",
        "app_type": "s2s_oauth"
    }))
}

/// A server whose POSTs are answered `first` (`times` times), then `then`.
async fn posts_answered(first: ResponseTemplate, times: u64, then: ResponseTemplate) -> MockServer {
    let api = MockServer::start().await;
    Mock::given(method("POST")).respond_with(first).up_to_n_times(times).mount(&api).await;
    Mock::given(method("POST")).respond_with(then).mount(&api).await;
    api
}

/// A `users` server that answers `first` `times` times, then lists no users.
async fn users_answered(first: ResponseTemplate, times: u64) -> MockServer {
    let api = MockServer::start().await;
    mount_users(&api, first, Some(times)).await;
    mount_users(&api, no_users(), None).await;
    api
}

fn too_many_requests() -> ResponseTemplate {
    super::zoom_error(429, 429, "You have reached the maximum per-second rate limit for this API.")
}

fn unavailable() -> ResponseTemplate {
    ResponseTemplate::new(503).set_body_raw("upstream unavailable", "text/plain")
}

// ---- 429 ----

#[tokio::test]
async fn a_429_with_retry_after_is_retried_after_that_long_even_for_a_post() {
    let api = posts_answered(too_many_requests().insert_header("retry-after", "1"), 1, created_app()).await;
    let client = marketplace_client(&api.uri(), quick_retries());

    let started = Instant::now();
    let result = client.create_apps(super::ACCOUNT_ID, &app_request()).await;
    let elapsed = started.elapsed();

    let created = result.expect("the retry succeeds");
    assert_eq!(created.status().as_u16(), 201);
    let requests = received(&api).await;
    assert_eq!(requests.len(), 2, "one 429, one retry");
    assert_eq!(requests[0].body, requests[1].body, "the retry sends the same body");
    assert!(elapsed >= Duration::from_secs(1), "retried after {elapsed:?}, before the 1 s Retry-After");
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
}

#[tokio::test]
async fn a_429_without_retry_after_backs_off_and_retries() {
    let api = users_answered(too_many_requests(), 2).await;

    let started = Instant::now();
    let response = list_users(&bearer_client(&api)).await.expect("the third attempt succeeds");

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(received(&api).await.len(), 3, "two 429s, then the 200");
    assert!(started.elapsed() < Duration::from_secs(3), "backoffs of 10-40 ms took {:?}", started.elapsed());
}

#[tokio::test]
async fn a_429_for_a_daily_limit_is_returned_at_once_with_its_rate_limit() {
    let reply = too_many_requests()
        .insert_header("retry-after", "86400")
        .insert_header("x-ratelimit-type", "Daily-limit")
        .insert_header("x-ratelimit-category", "Heavy");
    let api = super::users_server(reply).await;

    let started = Instant::now();
    // Bounded, so that a client sleeping for a day fails here instead of hanging.
    let result = timeout(Duration::from_secs(5), list_users(&bearer_client(&api))).await;

    let result = result.expect("the call returns at once instead of waiting a day");
    assert!(started.elapsed() < Duration::from_secs(5), "waited {:?} instead of returning", started.elapsed());
    let error = match result {
        Err(error @ Error::Api(_)) => error,
        other => panic!("expected Error::Api, got {other:?}"),
    };
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    let rate_limit = error.rate_limit().expect("the 429's rate-limit headers are read");
    assert_eq!(rate_limit.retry_after, Some(Duration::from_secs(86400)));
    assert_eq!(rate_limit.kind.as_deref(), Some("Daily-limit"));
    assert_eq!(rate_limit.category.as_deref(), Some("Heavy"));
    assert_eq!(received(&api).await.len(), 1, "a daily limit is not waited for: one request");
}

// ---- 5xx ----

#[tokio::test]
async fn a_503_to_a_get_is_retried() {
    let api = users_answered(unavailable(), 1).await;

    let response = list_users(&bearer_client(&api)).await.expect("the retry succeeds");

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(received(&api).await.len(), 2, "the 503, then the 200");
}

#[tokio::test]
async fn a_503_to_a_post_is_not_retried() {
    let api = posts_answered(unavailable(), 1, created_app()).await;
    let client = marketplace_client(&api.uri(), quick_retries());

    let result = client.create_apps(super::ACCOUNT_ID, &app_request()).await;

    match result {
        Err(zoom_marketplace_master::Error::Api(error)) => assert_eq!(error.status.as_u16(), 503),
        other => panic!("expected Error::Api with status 503, got {other:?}"),
    }
    assert_eq!(received(&api).await.len(), 1, "a POST may have taken effect: not sent again");
}

#[tokio::test]
async fn a_503_to_a_post_is_retried_when_the_policy_allows_it() {
    let api = posts_answered(unavailable(), 1, created_app()).await;
    let client = marketplace_client(&api.uri(), RetryPolicy { retry_non_idempotent: true, ..quick_retries() });

    client.create_apps(super::ACCOUNT_ID, &app_request()).await.expect("the retry succeeds");

    assert_eq!(received(&api).await.len(), 2);
}

#[tokio::test]
async fn max_attempts_bounds_the_retries_of_a_5xx() {
    let api = super::users_server(unavailable()).await;
    let client = builder_for(&api)
        .bearer_token(TOKEN)
        .retry_policy(RetryPolicy { max_attempts: 3, ..quick_retries() })
        .build()
        .expect("client builds");

    let result = list_users(&client).await;

    match result {
        Err(Error::Api(error)) => {
            assert_eq!(error.status.as_u16(), 503);
            assert_eq!(error.body_text(), "upstream unavailable", "the last 503 is returned as it came");
        }
        other => panic!("expected Error::Api with status 503, got {other:?}"),
    }
    assert_eq!(received(&api).await.len(), 3, "max_attempts: 3");
}

#[tokio::test]
async fn no_retries_with_retry_policy_none() {
    let api = users_answered(unavailable(), 1).await;
    let client = builder_for(&api).bearer_token(TOKEN).retry_policy(RetryPolicy::none()).build().expect("builds");

    let error = list_users(&client).await.expect_err("the 503 is returned");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(received(&api).await.len(), 1);
}

// ---- lost connections ----

#[tokio::test]
async fn a_get_whose_connection_is_dropped_is_retried_then_fails_as_transport() {
    let (url, accepted) = unanswering_server(Unanswered::HangUp).await;
    let client = users_client_at(url, RetryPolicy { max_attempts: 3, ..quick_retries() });

    let started = Instant::now();
    let result = list_users(&client).await;

    assert!(matches!(result, Err(Error::Transport(_))), "expected Error::Transport, got {result:?}");
    assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 3, "connections: max_attempts");
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
}

#[tokio::test]
async fn a_post_whose_connection_is_dropped_is_not_retried() {
    let (url, accepted) = unanswering_server(Unanswered::HangUp).await;
    let client = marketplace_client(&url, quick_retries());

    let result = client.create_apps(super::ACCOUNT_ID, &app_request()).await;

    assert!(matches!(result, Err(zoom_marketplace_master::Error::Transport(_))), "got {result:?}");
    assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 1, "the POST may have arrived: not sent again");
}

// A refused connection is retried too: see `logs::a_refused_connection_is_retried_then_fails_as_transport`,
// which counts the attempts in the trace.

// ---- rate-limit headers ----

#[tokio::test]
async fn rate_limit_headers_of_a_success_are_read() {
    let reply = no_users()
        .insert_header("x-ratelimit-category", "Light")
        .insert_header("x-ratelimit-type", "QPS")
        .insert_header("x-ratelimit-limit", "30")
        .insert_header("x-ratelimit-remaining", "29");
    let api = super::users_server(reply).await;

    let response = list_users(&bearer_client(&api)).await.expect("the call succeeds");

    let expected = RateLimit {
        limit: Some(30),
        remaining: Some(29),
        reset: None,
        category: Some("Light".into()),
        kind: Some("QPS".into()),
        retry_after: None,
    };
    assert_eq!(response.rate_limit(), Some(&expected));
}

#[tokio::test]
async fn a_success_without_rate_limit_headers_has_no_rate_limit() {
    let api = super::users_server(no_users()).await;
    let response = list_users(&bearer_client(&api)).await.expect("the call succeeds");
    assert_eq!(response.rate_limit(), None);
}
