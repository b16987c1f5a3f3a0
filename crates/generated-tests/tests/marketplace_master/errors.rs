//! The documented error statuses of `create_apps`: everything the server
//! sent is kept, and Zoom's `{code, message}` is parsed when it is there.

use wiremock::ResponseTemplate;
use zoom_marketplace_master::types::ZoomError;
use zoom_marketplace_master::{ApiError, Error};

use super::{ACCOUNT_ID, app_request, client_for, server_replying, zoom_error_body};

/// The error statuses `specs/master.json` documents for `CreateApps`.
const DOCUMENTED_STATUSES: [u16; 4] = [400, 401, 404, 429];

const RETRY_AFTER: &str = "17";

const HTML_PAGE: &str =
    "<!DOCTYPE html>\n<html><head><title>502 &amp; co</title></head>\n<body><h1>Oops</h1></body></html>\n";

fn request_id(status: u16) -> String {
    format!("req-{status}-7f3a")
}

/// An error reply of `status` with an `x-request-id` (and, for 429, a
/// `retry-after`) header; the body is up to the caller.
fn error_reply(status: u16) -> ResponseTemplate {
    let reply = ResponseTemplate::new(status).insert_header("x-request-id", request_id(status).as_str());
    if status == 429 { reply.insert_header("retry-after", RETRY_AFTER) } else { reply }
}

/// Calls `create_apps` against a server that answers `reply`, expecting
/// `Error::Api`.
async fn api_error(status: u16, reply: ResponseTemplate) -> ApiError<ZoomError> {
    let server = server_replying(reply).await;
    match client_for(&server).create_apps(ACCOUNT_ID, &app_request()).await {
        Err(Error::Api(error)) => *error,
        other => panic!("status {status}: expected Error::Api, got {other:?}"),
    }
}

/// Checks the status, headers and raw body of `error` against what
/// [`error_reply`] sent with `body`.
fn assert_kept(status: u16, error: &ApiError<ZoomError>, body: &[u8], case: &str) {
    let header = |name: &str| error.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    assert_eq!(error.status.as_u16(), status, "status {status}, {case}: status");
    assert_eq!(header("x-request-id"), Some(request_id(status)), "status {status}, {case}: x-request-id");
    if status == 429 {
        assert_eq!(header("retry-after").as_deref(), Some(RETRY_AFTER), "status {status}, {case}: retry-after");
    }
    assert_eq!(error.body.as_ref(), body, "status {status}, {case}: raw body");
}

#[tokio::test]
async fn documented_error_statuses_keep_everything_and_parse_zoom_errors() {
    let body = zoom_error_body(300, "Validation Failed.");
    for status in DOCUMENTED_STATUSES {
        let reply = error_reply(status).set_body_raw(body.clone(), "application/json");
        let error = api_error(status, reply).await;
        assert_kept(status, &error, &body, "Zoom error body");
        let expected = ZoomError { code: Some(300), message: Some("Validation Failed.".into()) };
        assert_eq!(error.parsed, Some(expected), "status {status}: parsed body");
    }
}

#[tokio::test]
async fn documented_error_statuses_without_a_body_parse_nothing() {
    for status in DOCUMENTED_STATUSES {
        let error = api_error(status, error_reply(status)).await;
        assert_kept(status, &error, b"", "empty body");
        assert_eq!(error.parsed, None, "status {status}: an empty body parses as nothing");
    }
}

#[tokio::test]
async fn documented_error_statuses_with_an_html_page_keep_it_verbatim() {
    for status in DOCUMENTED_STATUSES {
        let reply = error_reply(status).set_body_raw(HTML_PAGE, "text/html; charset=utf-8");
        let error = api_error(status, reply).await;
        assert_kept(status, &error, HTML_PAGE.as_bytes(), "HTML body");
        assert_eq!(error.parsed, None, "status {status}: an HTML page parses as nothing");
        assert_eq!(error.body_text(), HTML_PAGE, "status {status}: body_text");
    }
}

#[tokio::test]
async fn error_accessors_agree_with_the_api_error() {
    let body = zoom_error_body(124, "Invalid access token.");
    let server = server_replying(error_reply(401).set_body_raw(body.clone(), "application/json")).await;
    let error = client_for(&server).create_apps(ACCOUNT_ID, &app_request()).await.expect_err("401 is an error");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(error.body().map(|b| b.to_vec()), Some(body));
    let request_id_header = error.headers().and_then(|h| h.get("x-request-id")).and_then(|v| v.to_str().ok());
    assert_eq!(request_id_header, Some(request_id(401).as_str()));
}
