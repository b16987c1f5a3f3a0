//! Zoom Server-to-Server OAuth: what the token request looks like, how
//! tokens are cached and shared by concurrent calls, how a rejected token is
//! renewed once, and that credentials never show in `Debug`.

use std::time::{Duration, Instant};

use futures_util::future::join_all;
use tokio::time::timeout;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer};
use zoom_users_master::types::ZoomError;
use zoom_users_master::zoom::ServerToServer;
use zoom_users_master::{Client, Error};

use super::{
    BASIC_CREDENTIALS, CLIENT_ID, CLIENT_SECRET, S2S_ACCOUNT_ID, TOKEN_PATH, access_token, authorizations, bearer,
    builder_for, header_values, list_users, no_users, received, s2s, s2s_client, token_server, users_path,
    users_server, zoom_error,
};

/// Long enough that a token never expires during a test.
const AN_HOUR: u64 = 3600;

#[tokio::test]
async fn s2s_token_request_is_a_form_post_with_basic_credentials_and_the_call_carries_its_token() {
    let tokens = token_server(AN_HOUR, Duration::ZERO).await;
    let api = users_server(no_users()).await;

    list_users(&s2s_client(&api, &tokens)).await.expect("the call succeeds");

    let token_requests = received(&tokens).await;
    assert_eq!(token_requests.len(), 1, "one token request");
    let token_request = &token_requests[0];
    assert_eq!(token_request.method.as_str(), "POST");
    assert_eq!(token_request.url.path(), TOKEN_PATH);
    assert_eq!(token_request.url.query(), None, "the grant travels in the body, not the query");
    assert_eq!(
        String::from_utf8_lossy(&token_request.body),
        format!("grant_type=account_credentials&account_id={S2S_ACCOUNT_ID}"),
        "form body of the token request"
    );
    assert_eq!(header_values(token_request, "content-type"), ["application/x-www-form-urlencoded"]);
    assert_eq!(header_values(token_request, "authorization"), [format!("Basic {BASIC_CREDENTIALS}")]);

    assert_eq!(authorizations(&api).await, [bearer(&access_token(1))], "the API call carries exactly the token");
}

#[tokio::test]
async fn s2s_account_id_is_form_encoded_in_the_token_request() {
    let tokens = token_server(AN_HOUR, Duration::ZERO).await;
    let api = users_server(no_users()).await;
    let credentials = ServerToServer::new("acct id&x=1+2", CLIENT_ID, CLIENT_SECRET)
        .with_token_url(format!("{}{TOKEN_PATH}", tokens.uri()));
    let client = builder_for(&api).auth(credentials).build().expect("client builds");

    list_users(&client).await.expect("the call succeeds");

    let token_requests = received(&tokens).await;
    assert_eq!(token_requests.len(), 1, "one token request");
    assert_eq!(
        String::from_utf8_lossy(&token_requests[0].body),
        "grant_type=account_credentials&account_id=acct+id%26x%3D1%2B2",
        "the account id must not break out of its form field"
    );
}

#[tokio::test]
async fn a_cached_token_serves_sequential_calls() {
    let tokens = token_server(AN_HOUR, Duration::ZERO).await;
    let api = users_server(no_users()).await;
    let client = s2s_client(&api, &tokens);

    list_users(&client).await.expect("first call succeeds");
    list_users(&client).await.expect("second call succeeds");
    // A clone shares the cache.
    list_users(&client.clone()).await.expect("a clone's call succeeds");

    assert_eq!(received(&tokens).await.len(), 1, "the token is fetched once");
    let token = access_token(1);
    assert_eq!(authorizations(&api).await, [bearer(&token), bearer(&token), bearer(&token)]);
}

#[tokio::test]
async fn a_token_that_expires_at_once_is_fetched_anew_for_each_call() {
    let tokens = token_server(0, Duration::ZERO).await;
    let api = users_server(no_users()).await;
    let client = s2s_client(&api, &tokens);

    list_users(&client).await.expect("first call succeeds");
    list_users(&client).await.expect("second call succeeds");

    assert_eq!(received(&tokens).await.len(), 2, "`expires_in: 0`: one token request per call");
    assert_eq!(authorizations(&api).await, [bearer(&access_token(1)), bearer(&access_token(2))]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_on_a_cold_client_share_one_token_request() {
    const CALLS: usize = 100;
    // The delay keeps the first token request open while every call starts.
    let tokens = token_server(AN_HOUR, Duration::from_millis(200)).await;
    let api = users_server(no_users()).await;
    let client = s2s_client(&api, &tokens);

    let results = join_all((0..CALLS).map(|_| list_users(&client))).await;

    let failures: Vec<String> = results.iter().filter_map(|r| r.as_ref().err()).map(|e| e.to_string()).collect();
    assert!(failures.is_empty(), "{} of {CALLS} calls failed: {failures:?}", failures.len());
    assert_eq!(received(&tokens).await.len(), 1, "exactly one token request for {CALLS} concurrent calls");
    let sent = authorizations(&api).await;
    assert_eq!(sent.len(), CALLS, "every call reached the API once");
    assert!(sent.iter().all(|a| *a == bearer(&access_token(1))), "every call carries the one token: {sent:?}");
}

/// An API that rejects [`access_token`]`(1)` as Zoom does (401, code 124)
/// and accepts [`access_token`]`(2)`.
async fn api_rejecting_the_first_token() -> MockServer {
    let api = MockServer::start().await;
    for (n, reply) in [(1, zoom_error(401, 124, "Invalid access token.")), (2, no_users())] {
        Mock::given(method("GET"))
            .and(path(users_path()))
            .and(header("authorization", format!("Bearer {}", access_token(n))))
            .respond_with(reply)
            .mount(&api)
            .await;
    }
    api
}

#[tokio::test]
async fn a_rejected_token_is_renewed_and_the_call_retried_once() {
    let tokens = token_server(AN_HOUR, Duration::ZERO).await;
    let api = api_rejecting_the_first_token().await;
    let client = s2s_client(&api, &tokens);

    list_users(&client).await.expect("the call succeeds with the renewed token");

    assert_eq!(received(&tokens).await.len(), 2, "token requests: the first, and one after the 401");
    assert_eq!(authorizations(&api).await, [bearer(&access_token(1)), bearer(&access_token(2))]);

    // The renewed token is the one cached.
    list_users(&client).await.expect("a later call succeeds");
    assert_eq!(received(&tokens).await.len(), 2, "the renewed token is reused");
    assert_eq!(received(&api).await.len(), 3);
}

#[tokio::test]
async fn a_401_after_renewing_the_token_is_returned() {
    let tokens = token_server(AN_HOUR, Duration::ZERO).await;
    let api = users_server(zoom_error(401, 124, "Invalid access token.")).await;
    let client = s2s_client(&api, &tokens);

    let started = Instant::now();
    // Bounded, so that a client renewing for ever fails here instead of hanging.
    let result = timeout(Duration::from_secs(10), list_users(&client)).await.expect("the call ends");

    match result {
        Err(Error::Api(error)) => {
            assert_eq!(error.status.as_u16(), 401);
            assert_eq!(
                error.parsed,
                Some(ZoomError { code: Some(124), message: Some("Invalid access token.".into()) })
            );
        }
        other => panic!("expected Error::Api with status 401, got {other:?}"),
    }
    assert_eq!(received(&tokens).await.len(), 2, "one renewal, no more");
    assert_eq!(authorizations(&api).await, [bearer(&access_token(1)), bearer(&access_token(2))]);
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
}

#[tokio::test]
async fn a_401_with_a_static_bearer_token_is_not_retried() {
    let api = users_server(zoom_error(401, 124, "Invalid access token.")).await;
    let client = super::bearer_client(&api);

    let error = list_users(&client).await.expect_err("a 401 is an error");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(received(&api).await.len(), 1, "a static token cannot be renewed: one request");
}

/// Everything that must never be printed: the client secret, the Basic
/// credentials made from it, and the access tokens.
fn assert_no_secret(text: &str, what: &str) {
    for secret in [CLIENT_SECRET, BASIC_CREDENTIALS, &access_token(1), &access_token(2)] {
        assert!(!text.contains(secret), "{what} shows {secret:?}: {text}");
    }
}

#[tokio::test]
async fn debug_of_an_s2s_client_shows_no_secret() {
    let tokens = token_server(AN_HOUR, Duration::ZERO).await;
    let api = users_server(no_users()).await;
    let builder = builder_for(&api).auth(s2s(&tokens));
    assert_no_secret(&format!("{builder:?}"), "Debug of the builder");
    let client: Client = builder.build().expect("client builds");

    // Before and after a call (when a token is cached).
    for moment in ["before a call", "after a call"] {
        for debug in [format!("{client:?}"), format!("{client:#?}"), format!("{:?}", client.runtime())] {
            assert_no_secret(&debug, &format!("Debug of the client {moment}"));
            // Not an empty Debug: it still says where requests go.
            assert!(debug.contains(&api.uri()), "Debug should show the base URL: {debug}");
        }
        if moment == "before a call" {
            list_users(&client).await.expect("the call succeeds");
        }
    }
    assert_no_secret(&format!("{:?}", s2s(&tokens)), "Debug of ServerToServer");
    assert_no_secret(&format!("{:?}", s2s(&tokens).endpoint()), "Debug of the token endpoint");
}
