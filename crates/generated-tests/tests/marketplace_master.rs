//! Behaviour tests of `zoom-marketplace-master`, the client generated from
//! `specs/master.json`, against a real HTTP server (wiremock) on 127.0.0.1.
//!
//! Every client here is pointed at that in-process server, or (for the TLS
//! and stalled-body tests) at a plain listener on 127.0.0.1: nothing leaves
//! the machine. The helpers shared by the modules below live in this file.

// The modules sit in `marketplace_master/` so that cargo does not take
// them for test crates of their own.
#[path = "shared/apps.rs"]
mod apps;
#[path = "marketplace_master/client.rs"]
mod client;
#[path = "marketplace_master/errors.rs"]
mod errors;
#[path = "marketplace_master/requests.rs"]
mod requests;
#[path = "marketplace_master/responses.rs"]
mod responses;

use apps::app_request;
use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};
use zoom_marketplace_master::{Client, ClientBuilder};

/// The bearer token every test client sends; no output may ever show it.
const TOKEN: &str = "tok-7Hq2xL9-do-not-print";

/// An account id that needs no escaping.
const ACCOUNT_ID: &str = "TQTvjT52Tmi_wrhASNNOEw";

/// A builder for a client of `server` that authenticates with [`TOKEN`].
/// It does not retry: these tests look at single answers (retries have
/// tests of their own).
fn builder_for(server: &MockServer) -> ClientBuilder {
    Client::builder().base_url(server.uri()).bearer_token(TOKEN).retry_policy(clientgen_runtime::RetryPolicy::none())
}

/// A client of `server` that authenticates with [`TOKEN`].
fn client_for(server: &MockServer) -> Client {
    builder_for(server).build().expect("a client for the mock server builds")
}

/// A mock server that answers every POST with `reply`.
async fn server_replying(reply: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(reply).mount(&server).await;
    server
}

/// A 201 whose body is `body`, sent as JSON.
fn created(body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(201).set_body_json(body)
}

/// A small valid 201 body.
fn created_app() -> Value {
    json!({
        "created_at": "2023-02-16T17:32:28Z",
        "app_id": "Bwpq5zXvQr-4PKhtYOD23g",
        "app_name": "My App",
        "app_type": "s2s_oauth",
        "scopes": ["meeting:read"]
    })
}

/// A reply of `status` whose body is exactly `body`, labelled as JSON.
fn raw_json_reply(status: u16, body: &[u8]) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_vec(), "application/json")
}

/// Zoom's error body, `{"code": .., "message": ..}`, as bytes.
fn zoom_error_body(code: i64, message: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({ "code": code, "message": message })).expect("a JSON literal serialises")
}

/// Every request the server received.
async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("wiremock records requests by default")
}

/// The one request the server received (fails when there were more or none).
async fn only_request(server: &MockServer) -> Request {
    let mut requests = received(server).await;
    assert_eq!(requests.len(), 1, "the server should have received exactly one request");
    requests.remove(0)
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
