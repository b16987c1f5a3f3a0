//! Behaviour tests of what every generated client does around a call:
//! Zoom Server-to-Server OAuth (token requests, caching, single-flight
//! refresh, renewal after a rejected token), retries (429, 5xx, lost
//! connections), timeouts, rate-limit headers, pagination streams, and tracing that
//! never shows a credential.
//!
//! Every client talks to real HTTP servers on 127.0.0.1: a wiremock
//! `MockServer` for the API, another for the OAuth token endpoint (pointed
//! at with `ServerToServer::with_token_url`), or a plain local listener.
//! Nothing leaves the machine. Helpers shared by the modules live here.

// The modules sit in `resilience/` so that cargo does not take them for
// test crates of their own.
#[path = "shared/apps.rs"]
mod apps;
#[path = "resilience/logs.rs"]
mod logs;
#[path = "resilience/oauth.rs"]
mod oauth;
#[path = "resilience/pagination.rs"]
mod pagination;
#[path = "resilience/retries.rs"]
mod retries;
#[path = "resilience/timeouts.rs"]
mod timeouts;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use apps::app_request;
use serde_json::{Value, json};
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};
use zoom_users_master::types::UsersParams;
use zoom_users_master::zoom::ServerToServer;
use zoom_users_master::{Client, ClientBuilder, RetryPolicy};

/// The static bearer token of the clients that do not use OAuth.
const TOKEN: &str = "tok-Rz41mK-do-not-print";

/// The Zoom account whose users are listed (the `{accountId}` path segment).
const ACCOUNT_ID: &str = "TQTvjT52Tmi_wrhASNNOEw";

/// The Server-to-Server OAuth app's credentials.
const S2S_ACCOUNT_ID: &str = "s2s-acct-9Kq";
const CLIENT_ID: &str = "cid-Qx81nZ";
const CLIENT_SECRET: &str = "csec-Vb93-never-print";
/// `base64("cid-Qx81nZ:csec-Vb93-never-print")`, worked out independently of
/// the code under test: the HTTP Basic credentials of the token request.
const BASIC_CREDENTIALS: &str = "Y2lkLVF4ODFuWjpjc2VjLVZiOTMtbmV2ZXItcHJpbnQ=";

/// Where the mock token endpoint listens.
const TOKEN_PATH: &str = "/oauth/token";

/// The path `users` is sent to.
fn users_path() -> String {
    format!("/accounts/{ACCOUNT_ID}/users")
}

/// The `n`th access token the mock token endpoint hands out (from 1).
fn access_token(n: usize) -> String {
    format!("at{n}-Pq7Ws2kV-never-print")
}

/// A token endpoint on 127.0.0.1 that answers every POST to [`TOKEN_PATH`]
/// with the next of [`access_token`]`(1)`, `(2)`, ..., valid for
/// `expires_in` seconds, after `delay`.
async fn token_server(expires_in: u64, delay: Duration) -> MockServer {
    let server = MockServer::start().await;
    let handed_out = AtomicUsize::new(0);
    let respond = move |_: &Request| {
        let n = handed_out.fetch_add(1, Ordering::SeqCst) + 1;
        let body = json!({
            "access_token": access_token(n),
            "token_type": "bearer",
            "expires_in": expires_in,
            "scope": "user:master",
            "api_url": "https://api.zoom.us"
        });
        ResponseTemplate::new(200).set_body_json(body).set_delay(delay)
    };
    Mock::given(method("POST")).and(path(TOKEN_PATH)).respond_with(respond).mount(&server).await;
    server
}

/// Server-to-Server OAuth credentials whose token URL is `tokens`.
fn s2s(tokens: &MockServer) -> ServerToServer {
    ServerToServer::new(S2S_ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET)
        .with_token_url(format!("{}{TOKEN_PATH}", tokens.uri()))
}

/// Retries as by default, but with backoffs of at most a few tens of
/// milliseconds, so tests stay fast.
fn quick_retries() -> RetryPolicy {
    RetryPolicy {
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(40),
        ..RetryPolicy::default()
    }
}

/// A builder of a Users API client for `api`, retrying with [`quick_retries`].
fn builder_for(api: &MockServer) -> ClientBuilder {
    Client::builder().base_url(api.uri()).retry_policy(quick_retries())
}

/// A Users API client for the server at `url` that sends [`TOKEN`] and
/// retries as `policy` says.
fn users_client_at(url: String, policy: RetryPolicy) -> Client {
    Client::builder().base_url(url).bearer_token(TOKEN).retry_policy(policy).build().expect("client builds")
}

/// A marketplace client (whose one operation, `create_apps`, is a POST)
/// for the server at `url`, sending [`TOKEN`], retrying as `policy` says.
fn marketplace_client(url: &str, policy: RetryPolicy) -> zoom_marketplace_master::Client {
    zoom_marketplace_master::Client::builder()
        .base_url(url)
        .bearer_token(TOKEN)
        .retry_policy(policy)
        .build()
        .expect("a client for the mock server builds")
}

/// A Users API client for `api` that sends [`TOKEN`].
fn bearer_client(api: &MockServer) -> Client {
    builder_for(api).bearer_token(TOKEN).build().expect("a client for the mock server builds")
}

/// A Users API client for `api` that gets its tokens from `tokens`.
fn s2s_client(api: &MockServer, tokens: &MockServer) -> Client {
    builder_for(api).auth(s2s(tokens)).build().expect("a client for the mock server builds")
}

/// `GET /accounts/{ACCOUNT_ID}/users` on `api` answers `reply` (from now on,
/// or only `times` times when given).
async fn mount_users(api: &MockServer, reply: ResponseTemplate, times: Option<u64>) {
    let mock = Mock::given(method("GET")).and(path(users_path())).respond_with(reply);
    let mock = match times {
        Some(n) => mock.up_to_n_times(n),
        None => mock,
    };
    mock.mount(api).await;
}

/// A mock API server whose `users` answers `reply`.
async fn users_server(reply: ResponseTemplate) -> MockServer {
    let api = MockServer::start().await;
    mount_users(&api, reply, None).await;
    api
}

/// A 200 with an empty list of users.
fn no_users() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({ "page_size": 30, "total_records": 0, "users": [] }))
}

/// A user, as `users` lists them, whose id is `id`.
fn user(id: &str) -> Value {
    json!({ "id": id, "email": format!("{id}@example.com"), "type": 1, "status": "active" })
}

/// Zoom's error body, `{"code": .., "message": ..}`.
fn zoom_error(status: u16, code: i64, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({ "code": code, "message": message }))
}

/// Lists the users of [`ACCOUNT_ID`] with no parameters.
async fn list_users(
    client: &Client,
) -> Result<
    zoom_users_master::Response<zoom_users_master::types::UsersResponse>,
    zoom_users_master::Error<zoom_users_master::types::ZoomError>,
> {
    client.users(ACCOUNT_ID, &UsersParams::default()).await
}

/// Every request `server` received, in order.
async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("wiremock records requests by default")
}

/// Every value of the header `name` in `request`, in order.
fn header_values<'r>(request: &'r Request, name: &str) -> Vec<&'r str> {
    request
        .headers
        .get_all(name)
        .iter()
        .map(|value| value.to_str().expect("header values sent by the client are ASCII"))
        .collect()
}

/// The `Authorization` headers of every request `server` received: one
/// list per request.
async fn authorizations(server: &MockServer) -> Vec<Vec<String>> {
    received(server)
        .await
        .iter()
        .map(|request| header_values(request, "authorization").into_iter().map(str::to_string).collect())
        .collect()
}

/// `["Bearer <token>"]`: what one request must carry.
fn bearer(token: &str) -> Vec<String> {
    vec![format!("Bearer {token}")]
}

/// What [`unanswering_server`] does with a request it has read.
#[derive(Clone, Copy)]
enum Unanswered {
    /// Closes the connection: a lost connection.
    HangUp,
    /// Keeps the connection open and says nothing: a timeout.
    KeepOpen,
}

/// A listener on 127.0.0.1 that reads each request and never answers it.
/// Returns its base URL and the count of connections it accepted. It runs
/// until the test's runtime shuts down.
async fn unanswering_server(then: Unanswered) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a local listener");
    let url = format!("http://{}", listener.local_addr().expect("the listener has an address"));
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&accepted);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buffer = [0; 4096];
                match then {
                    Unanswered::HangUp => drop(stream.read(&mut buffer).await),
                    // Read until the client gives up.
                    Unanswered::KeepOpen => while matches!(stream.read(&mut buffer).await, Ok(n) if n > 0) {},
                }
            });
        }
    });
    (url, accepted)
}
