//! How `create_apps` reads a 201: enums that outgrow the spec, bodies that
//! do not match it, and client secrets.

use clientgen_runtime::reqwest::StatusCode;
use serde_json::{Value, json};
use wiremock::ResponseTemplate;
use zoom_marketplace_master::types::{CreateAppsResponse, CreateAppsResponseAppType, ZoomError};
use zoom_marketplace_master::{Error, Response, Secret};

use super::{ACCOUNT_ID, app_request, client_for, created, created_app, raw_json_reply, received, server_replying};

/// Calls `create_apps` against a server that answers `reply`; `case` names
/// the case in failure messages.
async fn create_app_answered_with(
    reply: ResponseTemplate,
    case: &str,
) -> Result<Response<CreateAppsResponse>, Error<ZoomError>> {
    let server = server_replying(reply).await;
    let result = client_for(&server).create_apps(ACCOUNT_ID, &app_request()).await;
    assert_eq!(received(&server).await.len(), 1, "{case}: one request should have been sent");
    result
}

/// `created_app()` with `app_type` set to `app_type`.
fn created_app_of_type(app_type: &str) -> Value {
    let mut body = created_app();
    body["app_type"] = json!(app_type);
    body
}

#[tokio::test]
async fn app_types_the_response_enum_does_not_list_are_kept_verbatim() {
    // `general` is a request app type the response enum lacks; `future_type`
    // is one no version of the spec has.
    for raw in ["general", "future_type"] {
        let sent = created_app_of_type(raw);
        let reply = created(&sent).insert_header("x-request-id", "req-201");
        let response = create_app_answered_with(reply, raw)
            .await
            .unwrap_or_else(|e| panic!("app_type {raw:?}: the call should succeed, got {e}"));

        assert_eq!(response.status(), StatusCode::CREATED, "app_type {raw:?}");
        let request_id = response.headers().get("x-request-id").map(|v| v.to_str().ok());
        assert_eq!(request_id, Some(Some("req-201")), "app_type {raw:?}: x-request-id header");
        assert_eq!(
            response.app_type,
            Some(CreateAppsResponseAppType::UnknownValue(raw.to_string())),
            "app_type {raw:?}"
        );

        let app_type = serde_json::to_value(&response.app_type).expect("app_type serialises");
        assert_eq!(app_type, json!(raw), "app_type {raw:?}: serialises back unchanged");
        let body = serde_json::to_value(response.body()).expect("the response body serialises");
        assert_eq!(body, sent, "app_type {raw:?}: the whole body serialises back unchanged");
    }
}

#[tokio::test]
async fn app_types_the_response_enum_lists_map_to_their_variants() {
    let cases =
        [("meeting_sdk", CreateAppsResponseAppType::MeetingSdk), ("s2s_oauth", CreateAppsResponseAppType::S2sOauth)];
    for (raw, variant) in cases {
        let response = create_app_answered_with(created(&created_app_of_type(raw)), raw)
            .await
            .unwrap_or_else(|e| panic!("app_type {raw:?}: the call should succeed, got {e}"));
        assert_eq!(response.app_type, Some(variant), "app_type {raw:?}");
    }
}

#[tokio::test]
async fn malformed_201_body_is_a_decode_error_that_keeps_the_raw_bytes() {
    let bodies: [&[u8]; 3] = [br#"{"app_id": 5}"#, br#"{"app_id": "x""#, b"<html>Created</html>"];
    for raw in bodies {
        let case = String::from_utf8_lossy(raw).into_owned();
        match create_app_answered_with(raw_json_reply(201, raw), &case).await {
            Err(Error::Decode(error)) => {
                assert_eq!(error.status, StatusCode::CREATED, "body {case}: status");
                assert_eq!(error.body.as_ref(), raw, "body {case}: raw bytes");
                assert!(error.to_string().contains("201"), "body {case}: Display names the status");
            }
            other => panic!("body {case}: expected Error::Decode, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn client_secrets_are_hidden_from_debug_but_exposed_and_serialised() {
    const PRODUCTION_SECRET: &str = "BzFOrwgq1Gw6KCsyeYnmETU5e4zakGwQ";
    const DEVELOPMENT_SECRET: &str = "dev-9c1F0aQm2Lr8Zt5Wp3Yx";
    let mut sent = created_app_of_type("meeting_sdk");
    sent["production_credentials"] = json!({ "client_id": "prod-client-id", "client_secret": PRODUCTION_SECRET });
    sent["development_credentials"] = json!({ "client_id": "dev-client-id", "client_secret": DEVELOPMENT_SECRET });

    let response = create_app_answered_with(created(&sent), "credentials").await.expect("the call should succeed");

    for debug in [format!("{response:?}"), format!("{:?}", response.body()), format!("{:#?}", response.body())] {
        assert!(!debug.contains(PRODUCTION_SECRET), "Debug shows the production secret: {debug}");
        assert!(!debug.contains(DEVELOPMENT_SECRET), "Debug shows the development secret: {debug}");
        // The rest of the body is still there to read.
        assert!(
            debug.contains("prod-client-id") && debug.contains("dev-client-id"),
            "Debug lost the client ids: {debug}"
        );
    }

    let production = response.production_credentials.as_ref().and_then(|c| c.client_secret.as_ref());
    let development = response.development_credentials.as_ref().and_then(|c| c.client_secret.as_ref());
    assert_eq!(production.map(Secret::expose), Some(PRODUCTION_SECRET));
    assert_eq!(development.map(Secret::expose), Some(DEVELOPMENT_SECRET));

    let body = serde_json::to_value(response.body()).expect("the response body serialises");
    assert_eq!(body["production_credentials"]["client_secret"], json!(PRODUCTION_SECRET));
    assert_eq!(body["development_credentials"]["client_secret"], json!(DEVELOPMENT_SECRET));
    assert_eq!(body, sent, "the whole body serialises back unchanged");
}

#[tokio::test]
async fn decode_error_does_not_show_a_client_secret_from_the_body() {
    const SECRET: &str = "dev-9c1F0aQm2Lr8Zt5Wp3Yx";
    let raw = format!(r#"{{"app_id": 5, "development_credentials": {{"client_secret": "{SECRET}"}}}}"#);
    match create_app_answered_with(raw_json_reply(201, raw.as_bytes()), "secret in a malformed body").await {
        Err(error @ Error::Decode(_)) => {
            assert_eq!(error.body().map(|b| b.as_ref()), Some(raw.as_bytes()), "the raw body is still kept");
            assert!(!error.to_string().contains(SECRET), "Display shows the secret: {error}");
            assert!(!format!("{error:?}").contains(SECRET), "Debug shows the secret: {error:?}");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn response_debug_hides_cookies_the_server_sets() {
    const COOKIE: &str = "session=ck-5Rz8Qw1-do-not-print";
    let reply = created(&created_app()).insert_header("set-cookie", COOKIE).insert_header("x-request-id", "req-7");
    let response = create_app_answered_with(reply, "a 201 that sets a cookie").await.expect("a 201 reads");
    assert_eq!(response.headers()["set-cookie"], COOKIE, "the header is kept");
    let shown = format!("{response:?}");
    assert!(!shown.contains("ck-5Rz8Qw1"), "Debug shows the cookie: {shown}");
    assert!(shown.contains("req-7"), "Debug hides ordinary headers too: {shown}");
}
