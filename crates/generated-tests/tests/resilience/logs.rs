//! Tracing: a call is one `api_call` span naming the operation, method,
//! path template, status and attempt, and nothing traced or in an error
//! ever shows a credential.
//!
//! Each test installs its own subscriber for its own thread (tokio's
//! default current-thread test runtime runs the whole call there), writing
//! formatted output into a buffer.

use std::future::Future;
use std::io;
use std::net::TcpListener;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde_json::json;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};
use zoom_users_master::zoom::ServerToServer;
use zoom_users_master::{Client, Error, RetryPolicy};

use super::{
    BASIC_CREDENTIALS, CLIENT_ID, CLIENT_SECRET, S2S_ACCOUNT_ID, TOKEN, TOKEN_PATH, access_token, bearer_client,
    builder_for, list_users, mount_users, no_users, quick_retries, received, s2s_client, token_server, users_client_at,
    users_server, zoom_error,
};

/// Formatted trace output, shared with the subscriber that writes it.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }
}

impl io::Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Buffer {
    type Writer = Buffer;

    fn make_writer(&'a self) -> Buffer {
        self.clone()
    }
}

/// Runs `call` with a subscriber that records everything (every level, and
/// spans as they open and close) on this thread; returns its output and
/// what was recorded.
async fn traced<F: Future>(call: F) -> (F::Output, String) {
    let buffer = Buffer::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(buffer.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::NEW | FmtSpan::CLOSE)
        .finish();
    let output = {
        let _guard = tracing::subscriber::set_default(subscriber);
        // Callsites first reached by tests on other threads, with no
        // subscriber, may have cached "never": ask again.
        tracing::callsite::rebuild_interest_cache();
        call.await
    };
    (output, buffer.text())
}

/// The lines where an `api_call` span closes (they list its fields).
fn closed_calls(trace: &str) -> Vec<&str> {
    trace.lines().filter(|line| line.contains("api_call{") && line.contains(" close time.busy=")).collect()
}

/// The value last recorded for `field` in a span line: the formatter
/// appends a field recorded again (`attempt=1 attempt=2`), so the last one
/// is the span's value.
fn last_recorded<'l>(line: &'l str, field: &str) -> Option<&'l str> {
    let fields = &line[line.find("api_call{")? + "api_call{".len()..];
    let fields = &fields[..fields.find("}: ")?];
    let prefix = format!("{field}=");
    fields.split(' ').filter_map(|pair| pair.strip_prefix(prefix.as_str())).next_back()
}

/// Checks that `text` shows none of the credentials of these tests.
fn assert_no_secret(text: &str, what: &str) {
    let tokens = [access_token(1), access_token(2)];
    for secret in [TOKEN, CLIENT_SECRET, BASIC_CREDENTIALS, &tokens[0], &tokens[1]] {
        assert!(!text.contains(secret), "{what} shows {secret:?}:\n{text}");
    }
}

#[tokio::test]
async fn a_call_is_one_span_with_operation_method_path_status_and_attempt() {
    let api = users_server(no_users()).await;
    let client = bearer_client(&api);

    let (result, trace) = traced(list_users(&client)).await;

    result.expect("the call succeeds");
    let closed = closed_calls(&trace);
    assert_eq!(closed.len(), 1, "one api_call span:\n{trace}");
    let span = closed[0];
    let expected = [
        ("operation", "\"users\""),
        ("method", "\"GET\""),
        ("path", "\"/accounts/{accountId}/users\""),
        ("attempt", "1"),
        ("status", "200"),
    ];
    for (field, value) in expected {
        assert_eq!(last_recorded(span, field), Some(value), "field {field} of the span: {span}");
    }
    assert_no_secret(&trace, "the trace");
}

#[tokio::test]
async fn a_retried_call_records_the_attempt_that_answered() {
    let api = MockServer::start().await;
    mount_users(&api, ResponseTemplate::new(503), Some(1)).await;
    mount_users(&api, no_users(), None).await;
    let client = bearer_client(&api);

    let (result, trace) = traced(list_users(&client)).await;

    result.expect("the retry succeeds");
    let closed = closed_calls(&trace);
    assert_eq!(closed.len(), 1, "retries stay inside the call's one span:\n{trace}");
    assert_eq!(last_recorded(closed[0], "attempt"), Some("2"), "{}", closed[0]);
    assert_eq!(last_recorded(closed[0], "status"), Some("200"), "{}", closed[0]);
    assert_eq!(trace.matches("retrying").count(), 1, "the one retry is traced:\n{trace}");
    assert!(trace.contains("status=503"), "the 503 is traced:\n{trace}");
    assert_no_secret(&trace, "the trace");
}

#[tokio::test]
async fn an_s2s_call_with_a_renewed_token_traces_no_credential() {
    let tokens = token_server(3600, Duration::ZERO).await;
    // The first token is rejected: the trace covers two token requests.
    let api = MockServer::start().await;
    mount_users(&api, zoom_error(401, 124, "Invalid access token."), Some(1)).await;
    mount_users(&api, no_users(), None).await;
    let client = s2s_client(&api, &tokens);

    let (result, trace) = traced(list_users(&client)).await;

    result.expect("the call succeeds");
    assert_eq!(received(&tokens).await.len(), 2, "the token was renewed");
    assert_eq!(closed_calls(&trace).len(), 1, "one api_call span:\n{trace}");
    assert_no_secret(&trace, "the trace");
}

/// A client whose token endpoint is `token_url`.
fn client_with_token_url(api: &MockServer, token_url: String) -> Client {
    let credentials = ServerToServer::new(S2S_ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET).with_token_url(token_url);
    builder_for(api).auth(credentials).build().expect("client builds")
}

/// Checks that `result` is `Error::Auth`, and that neither it nor `trace`
/// shows a credential.
fn assert_auth_error_keeps_secrets<T: std::fmt::Debug>(
    result: Result<T, Error<zoom_users_master::types::ZoomError>>,
    trace: &str,
) -> String {
    let error = match result {
        Err(error @ Error::Auth(_)) => error,
        other => panic!("expected Error::Auth, got {other:?}"),
    };
    let (display, debug) = (error.to_string(), format!("{error:?}"));
    assert_no_secret(&display, "Display of Error::Auth");
    assert_no_secret(&debug, "Debug of Error::Auth");
    assert_no_secret(trace, "the trace");
    display
}

#[tokio::test]
async fn a_refused_token_request_is_an_auth_error_without_secrets() {
    let tokens = MockServer::start().await;
    let refusal = json!({ "reason": "Invalid client_id or client_secret", "error": "invalid_client" });
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(401).set_body_json(refusal)).mount(&tokens).await;
    let api = users_server(no_users()).await;
    let client = client_with_token_url(&api, format!("{}{TOKEN_PATH}", tokens.uri()));

    let (result, trace) = traced(list_users(&client)).await;

    let status = result.as_ref().err().and_then(Error::status).map(|s| s.as_u16());
    let display = assert_auth_error_keeps_secrets(result, &trace);
    assert_eq!(status, Some(401), "the token endpoint's status");
    assert!(display.contains("Invalid client_id or client_secret"), "the endpoint's reason is kept: {display}");
    assert_eq!(received(&tokens).await.len(), 1);
    assert!(received(&api).await.is_empty(), "no API request without a token");
}

#[tokio::test]
async fn an_unreachable_token_endpoint_is_an_auth_error_without_secrets() {
    let port = closed_port();
    let api = users_server(no_users()).await;
    let client = client_with_token_url(&api, format!("http://127.0.0.1:{port}{TOKEN_PATH}"));

    let (result, trace) = traced(list_users(&client)).await;

    assert_auth_error_keeps_secrets(result, &trace);
    assert!(received(&api).await.is_empty(), "no API request without a token");
}

/// A port on 127.0.0.1 that nothing listens on (it was bound, then freed).
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local listener");
    listener.local_addr().expect("the listener has an address").port()
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_fails_as_transport() {
    let url = format!("http://127.0.0.1:{}", closed_port());
    let client = users_client_at(url, RetryPolicy { max_attempts: 3, ..quick_retries() });

    let started = Instant::now();
    let (result, trace) = traced(list_users(&client)).await;
    let elapsed = started.elapsed();

    match &result {
        Err(Error::Transport(source)) => assert!(source.is_connect(), "expected a connect error, got {source:?}"),
        other => panic!("expected Error::Transport, got {other:?}"),
    }
    let retries = trace.matches("retrying after a transport error").count();
    assert_eq!(retries, 2, "max_attempts 3: two retries traced:\n{trace}");
    let closed = closed_calls(&trace);
    assert_eq!(closed.len(), 1, "one api_call span:\n{trace}");
    assert_eq!(last_recorded(closed[0], "attempt"), Some("3"), "the third attempt was the last: {}", closed[0]);
    assert_eq!(last_recorded(closed[0], "status"), None, "no answer, no status: {}", closed[0]);
    assert!(elapsed < Duration::from_secs(5), "backoffs of 10-40 ms took {elapsed:?}");
    assert_no_secret(&trace, "the trace");
    assert_no_secret(&format!("{result:?}"), "Debug of the transport error");
}

#[tokio::test]
async fn a_body_over_the_limit_still_records_its_status() {
    let big = ResponseTemplate::new(200).set_body_string("x".repeat(4096));
    let api = users_server(big).await;
    let client = Client::builder()
        .base_url(api.uri())
        .bearer_token(TOKEN)
        .max_response_body(1024)
        .build()
        .expect("client builds");

    let (result, trace) = traced(list_users(&client)).await;

    assert!(matches!(result, Err(Error::BodyTooLarge(_))), "{result:?}");
    let closed = closed_calls(&trace);
    assert_eq!(closed.len(), 1, "one api_call span:\n{trace}");
    assert_eq!(last_recorded(closed[0], "status"), Some("200"), "{}", closed[0]);
}
