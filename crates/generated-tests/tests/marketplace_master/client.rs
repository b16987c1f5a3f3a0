//! The client itself: TLS, timeouts, what its `Debug` shows, and the
//! operation metadata it is generated with.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use clientgen_runtime::reqwest;
use wiremock::ResponseTemplate;
use zoom_marketplace_master::operations::{ALL_OPERATIONS, CREATE_APPS};
use zoom_marketplace_master::{Client, Error};

use super::{ACCOUNT_ID, TOKEN, app_request, builder_for, client_for, created, created_app, server_replying};

/// TLS record type of a handshake, and handshake type of a ClientHello.
const TLS_HANDSHAKE_RECORD: u8 = 0x16;
const TLS_CLIENT_HELLO: u8 = 0x01;

/// Accepts one connection on `listener` in a thread, and sends back the first
/// `n` bytes the peer writes; then closes the connection.
fn first_bytes_received(listener: TcpListener, n: usize) -> mpsc::Receiver<std::io::Result<Vec<u8>>> {
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let first = listener.accept().and_then(|(mut stream, _)| {
            stream.set_read_timeout(Some(Duration::from_secs(5)))?;
            let mut bytes = vec![0; n];
            stream.read_exact(&mut bytes)?;
            Ok(bytes)
        });
        // The test may already have failed and dropped the receiver.
        let _ = sender.send(first);
    });
    receiver
}

#[tokio::test]
async fn default_client_speaks_tls_to_an_https_base_url() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local listener");
    let port = listener.local_addr().expect("the listener has an address").port();
    let first = first_bytes_received(listener, 6);

    let client = Client::builder()
        .base_url(format!("https://127.0.0.1:{port}"))
        .bearer_token(TOKEN)
        .build()
        .expect("a default client builds");
    let result = client.create_apps(ACCOUNT_ID, &app_request()).await;

    let first = first
        .recv_timeout(Duration::from_secs(10))
        .expect("the listener thread reports")
        .expect("the client connected and wrote at least 6 bytes");
    assert_eq!(first[0], TLS_HANDSHAKE_RECORD, "first record is a TLS handshake: {first:02x?}");
    assert_eq!(first[1], 0x03, "TLS record version major byte: {first:02x?}");
    assert_eq!(first[5], TLS_CLIENT_HELLO, "the handshake is a ClientHello: {first:02x?}");

    match result {
        Err(error @ Error::Transport(_)) => {
            assert!(!error.to_string().contains(TOKEN), "Display shows the token: {error}");
            assert!(!format!("{error:?}").contains(TOKEN), "Debug shows the token: {error:?}");
        }
        other => panic!("expected Error::Transport after the server hung up, got {other:?}"),
    }
}

/// Checks that `client` gives up on a reply that takes 2 s, as a timeout,
/// well before those 2 s.
async fn assert_times_out(client: &Client) {
    let started = Instant::now();
    let result = client.create_apps(ACCOUNT_ID, &app_request()).await;
    let elapsed = started.elapsed();
    match result {
        Err(Error::Transport(source)) => assert!(source.is_timeout(), "expected a timeout, got {source:?}"),
        other => panic!("expected Error::Transport, got {other:?}"),
    }
    assert!(elapsed < Duration::from_secs(1), "gave up only after {elapsed:?}");
}

fn slow_reply() -> ResponseTemplate {
    created(&created_app()).set_delay(Duration::from_secs(2))
}

#[tokio::test]
async fn timeout_cuts_a_slow_response_short() {
    let server = server_replying(slow_reply()).await;
    let client = builder_for(&server).timeout(Duration::from_millis(200)).build().expect("client builds");
    assert_times_out(&client).await;
}

#[tokio::test]
async fn timeout_applies_to_an_own_http_client_too() {
    let server = server_replying(slow_reply()).await;
    zoom_marketplace_master::install_tls_provider();
    let http = reqwest::Client::builder().build().expect("a reqwest client builds");
    let client =
        builder_for(&server).http_client(http).timeout(Duration::from_millis(200)).build().expect("client builds");
    assert_times_out(&client).await;
}

/// A one-connection HTTP server on 127.0.0.1 that sends a 201's headers and
/// the first byte of its body, then stalls for 2 s. Returns its base URL.
fn server_stalling_mid_body() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local listener");
    let port = listener.local_addr().expect("the listener has an address").port();
    thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else { return };
        let mut request = [0; 4096];
        let _ = stream.read(&mut request);
        let head = "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 20\r\n\r\n{";
        let _ = stream.write_all(head.as_bytes());
        thread::sleep(Duration::from_secs(2));
    });
    format!("http://127.0.0.1:{port}")
}

#[tokio::test]
async fn timeout_covers_a_body_that_stalls_after_the_headers() {
    let client = Client::builder()
        .base_url(server_stalling_mid_body())
        .bearer_token(TOKEN)
        .timeout(Duration::from_millis(200))
        .build()
        .expect("client builds");
    assert_times_out(&client).await;
}

#[tokio::test]
async fn default_timeout_is_30_seconds() {
    assert_eq!(clientgen_runtime::DEFAULT_TIMEOUT, Duration::from_secs(30));
    let server = server_replying(created(&created_app())).await;
    let debug = format!("{:?}", client_for(&server));
    assert!(debug.contains("timeout: 30s"), "Debug should show the 30 s default: {debug}");
}

#[tokio::test]
async fn client_debug_does_not_show_the_token() {
    let server = server_replying(created(&created_app())).await;
    let client = client_for(&server);
    for debug in [format!("{client:?}"), format!("{client:#?}"), format!("{:?}", builder_for(&server))] {
        assert!(!debug.contains(TOKEN), "Debug shows the token: {debug}");
        // Not an empty Debug: it still says where requests go.
        assert!(debug.contains(&server.uri()), "Debug should show the base URL: {debug}");
    }
}

#[test]
fn create_apps_operation_metadata_matches_the_spec() {
    assert_eq!(CREATE_APPS.id, "CreateApps");
    assert_eq!(CREATE_APPS.method, "POST");
    assert_eq!(CREATE_APPS.path, "/accounts/{accountId}/marketplace/apps");
    assert_eq!(CREATE_APPS.scope_set("macro"), ["marketplace_app:master"]);
    assert_eq!(CREATE_APPS.scope_set("granular"), ["marketplace:write:app:master"]);
    assert_eq!(CREATE_APPS.rate_limit_label, Some("HEAVY"));

    assert_eq!(ALL_OPERATIONS.len(), 1, "master.json has one operation");
    let listed = ALL_OPERATIONS.iter().find(|op| op.id == "CreateApps").expect("ALL_OPERATIONS lists CreateApps");
    assert_eq!(listed, &CREATE_APPS);
    assert!(listed.requires_auth, "CreateApps needs credentials");
}
