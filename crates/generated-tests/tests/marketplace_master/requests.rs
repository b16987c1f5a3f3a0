//! What `create_apps` puts on the wire, and what it refuses to send.

use clientgen_runtime::reqwest;
use serde_json::{Map, Value, json};
use zoom_marketplace_master::Error;
use zoom_marketplace_master::types::CreateAppsRequest;

use super::{
    ACCOUNT_ID, TOKEN, app_request, builder_for, client_for, created, created_app, header_values, only_request,
    received, server_replying,
};

/// Sends `body` for `account_id` to a server that answers 201, and returns
/// the one request it received.
async fn send_and_capture(account_id: &str, body: &CreateAppsRequest) -> wiremock::Request {
    let server = server_replying(created(&created_app())).await;
    client_for(&server)
        .create_apps(account_id, body)
        .await
        .unwrap_or_else(|e| panic!("accountId {account_id:?}: the call should succeed, got {e}"));
    only_request(&server).await
}

/// The body the server received, as JSON.
fn sent_json(request: &wiremock::Request) -> Value {
    serde_json::from_slice(&request.body).expect("the request body is JSON")
}

/// A free-form manifest, with nesting, numbers and a null to pass through.
fn manifest() -> Map<String, Value> {
    let value = json!({
        "display_information": { "display_name": "My App", "description": null },
        "oauth_information": { "usage": "USER_OPERATION", "scopes": [{ "scope": "meeting:read", "optional": false }] },
        "features": { "products": ["ZOOM_MEETING"], "version": 1.5 }
    });
    match value {
        Value::Object(map) => map,
        _ => unreachable!("a JSON object literal"),
    }
}

#[tokio::test]
async fn create_apps_keeps_reserved_characters_inside_the_account_segment() {
    let cases = [
        ("a/b?c#d", "/accounts/a%2Fb%3Fc%23d/marketplace/apps"),
        ("50% of a b", "/accounts/50%25%20of%20a%20b/marketplace/apps"),
        (ACCOUNT_ID, "/accounts/TQTvjT52Tmi_wrhASNNOEw/marketplace/apps"),
    ];
    for (account_id, expected_path) in cases {
        let request = send_and_capture(account_id, &app_request()).await;
        assert_eq!(request.url.path(), expected_path, "accountId {account_id:?}: raw path");
        assert_eq!(request.url.query(), None, "accountId {account_id:?}: no query string");
    }
}

#[tokio::test]
async fn create_apps_posts_json_with_exactly_one_bearer_header() {
    let request = send_and_capture(ACCOUNT_ID, &app_request()).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(header_values(&request, "authorization"), [format!("Bearer {TOKEN}")]);
    assert_eq!(header_values(&request, "content-type"), ["application/json"]);
    assert_eq!(header_values(&request, "accept"), ["application/json"]);
}

#[tokio::test]
async fn create_apps_body_omits_absent_optionals_and_passes_the_manifest_through() {
    let mut body = app_request();
    body.active = Some(true);
    body.manifest = Some(manifest());
    let request = send_and_capture(ACCOUNT_ID, &body).await;
    // `scopes` and `publish` are None: absent, not `null`.
    let expected = json!({
        "app_type": "s2s_oauth",
        "app_name": "My App",
        "contact_name": "ZOOM",
        "contact_email": "example@example.com",
        "company_name": "ZOOM",
        "active": true,
        "manifest": Value::Object(manifest())
    });
    assert_eq!(sent_json(&request), expected);
}

#[tokio::test]
async fn create_apps_body_with_only_required_fields_has_nothing_else() {
    let request = send_and_capture(ACCOUNT_ID, &app_request()).await;
    let expected = json!({
        "app_type": "s2s_oauth",
        "app_name": "My App",
        "contact_name": "ZOOM",
        "contact_email": "example@example.com",
        "company_name": "ZOOM"
    });
    assert_eq!(sent_json(&request), expected);
}

#[tokio::test]
async fn own_http_client_default_authorization_is_replaced_by_the_token() {
    let mut defaults = reqwest::header::HeaderMap::new();
    defaults.insert(reqwest::header::AUTHORIZATION, reqwest::header::HeaderValue::from_static("Bearer other"));
    zoom_marketplace_master::install_tls_provider();
    let http = reqwest::Client::builder().default_headers(defaults).build().expect("a reqwest client builds");

    let server = server_replying(created(&created_app())).await;
    let client = builder_for(&server).http_client(http).build().expect("a client with an own reqwest client builds");
    client.create_apps(ACCOUNT_ID, &app_request()).await.expect("the call should succeed");

    let request = only_request(&server).await;
    assert_eq!(header_values(&request, "authorization"), [format!("Bearer {TOKEN}")]);
}

/// Checks that `body` fails validation on `field` and that nothing reached
/// the server (which would have answered 201).
async fn assert_rejected_unsent(body: &CreateAppsRequest, field: &str) {
    let server = server_replying(created(&created_app())).await;
    match client_for(&server).create_apps(ACCOUNT_ID, body).await {
        Err(Error::Validation(error)) => assert_eq!(error.field, field, "{body:?}: the error should name `{field}`"),
        other => panic!("{body:?}: expected Error::Validation on `{field}`, got {other:?}"),
    }
    assert_eq!(received(&server).await.len(), 0, "{body:?}: the server should have received nothing");
}

#[tokio::test]
async fn app_name_of_51_characters_is_rejected_before_sending() {
    let mut body = app_request();
    body.app_name = "a".repeat(51);
    assert_rejected_unsent(&body, "app_name").await;
}

#[tokio::test]
async fn contact_email_that_is_not_an_email_is_rejected_before_sending() {
    for email in ["not an email", "jane.example.com", "jane@"] {
        let mut body = app_request();
        body.contact_email = email.into();
        assert_rejected_unsent(&body, "contact_email").await;
    }
}

#[tokio::test]
async fn contact_name_may_have_150_characters_but_not_151() {
    let mut body = app_request();
    body.contact_name = "n".repeat(150);
    let request = send_and_capture(ACCOUNT_ID, &body).await;
    assert_eq!(sent_json(&request)["contact_name"], json!("n".repeat(150)));

    body.contact_name = "n".repeat(151);
    assert_rejected_unsent(&body, "contact_name").await;
}

#[tokio::test]
async fn app_name_length_counts_characters_not_bytes() {
    let name = "é".repeat(50); // 100 bytes in UTF-8
    let mut body = app_request();
    body.app_name = name.clone();
    let request = send_and_capture(ACCOUNT_ID, &body).await;
    assert_eq!(sent_json(&request)["app_name"], json!(name));

    body.app_name = "é".repeat(51);
    assert_rejected_unsent(&body, "app_name").await;
}

#[tokio::test]
async fn account_ids_that_would_leave_their_segment_are_rejected_before_sending() {
    for account_id in [".", "..", ""] {
        let server = server_replying(created(&created_app())).await;
        let result = client_for(&server).create_apps(account_id, &app_request()).await;
        match result {
            Err(Error::Validation(error)) => assert_eq!(error.field, "accountId", "{account_id:?}"),
            other => panic!("accountId {account_id:?}: expected a validation error, got {other:?}"),
        }
        assert_eq!(received(&server).await.len(), 0, "accountId {account_id:?} was sent");
    }
}
