//! HTTPS from end to end: a generated client calls a TLS server on
//! 127.0.0.1 whose certificate is made for the test.
//!
//! One test in a process of its own: rustls's crypto provider is
//! process-wide, and the test starts from none installed, as an
//! application does.

#[path = "shared/apps.rs"]
mod apps;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;

use apps::app_request;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use zoom_marketplace_master::{Client, ClientBuilder, Error, RetryPolicy, install_tls_provider, reqwest};

const TOKEN: &str = "tok-tls-do-not-print";
const ACCOUNT_ID: &str = "TQTvjT52Tmi_wrhASNNOEw";
const CREATED: &str = r#"{"app_id":"Bwpq5zXvQr-4PKhtYOD23g","app_name":"My App"}"#;

/// A TLS server on 127.0.0.1 that answers each request with a 201 and
/// [`CREATED`], and reports the head of each request it read.
struct HttpsServer {
    url: String,
    certificate: CertificateDer<'static>,
    heads: mpsc::Receiver<String>,
    /// Connections accepted, handshakes that failed among them.
    connections: Arc<AtomicUsize>,
}

fn https_server() -> HttpsServer {
    let made = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()]).expect("a certificate is made");
    let certificate = made.cert.der().clone();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(made.signing_key.serialize_der()));
    // The server names its provider, so the process-wide default stays unset.
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("the provider supports TLS 1.2 and 1.3")
        .with_no_client_auth()
        .with_single_cert(vec![certificate.clone()], key)
        .expect("the server takes its certificate");
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local listener");
    let port = listener.local_addr().expect("the listener has an address").port();
    let (sender, heads) = mpsc::channel();
    let connections = Arc::new(AtomicUsize::new(0));
    let accepted = Arc::clone(&connections);
    thread::spawn(move || {
        for tcp in listener.incoming().flatten() {
            accepted.fetch_add(1, Ordering::SeqCst);
            // A refused handshake ends its connection without a request.
            if let Ok(head) = answer(tcp, Arc::clone(&config)) {
                let _ = sender.send(head);
            }
        }
    });
    HttpsServer { url: format!("https://127.0.0.1:{port}"), certificate, heads, connections }
}

/// Reads one request over TLS and answers it; returns the request's head.
fn answer(tcp: TcpStream, config: Arc<rustls::ServerConfig>) -> std::io::Result<String> {
    tcp.set_read_timeout(Some(Duration::from_secs(5)))?;
    let connection = rustls::ServerConnection::new(config).map_err(std::io::Error::other)?;
    let mut tls = BufReader::new(rustls::StreamOwned::new(connection, tcp));
    let mut head = String::new();
    let mut content_length = 0;
    loop {
        let mut line = String::new();
        tls.read_line(&mut line)?;
        if line.trim().is_empty() {
            break;
        }
        match line.split_once(':') {
            Some((name, value)) if name.eq_ignore_ascii_case("content-length") => {
                content_length = value.trim().parse().map_err(std::io::Error::other)?;
            }
            _ => {}
        }
        head.push_str(&line);
    }
    tls.read_exact(&mut vec![0; content_length])?;
    let reply = format!(
        "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{CREATED}",
        CREATED.len()
    );
    let tls = tls.get_mut();
    tls.write_all(reply.as_bytes())?;
    tls.flush()?;
    tls.conn.send_close_notify();
    tls.flush()?;
    Ok(head)
}

fn builder_for(server: &HttpsServer) -> ClientBuilder {
    Client::builder().base_url(&server.url).bearer_token(TOKEN).retry_policy(RetryPolicy::none())
}

#[tokio::test]
async fn https_calls_work_through_an_own_http_client_and_the_default_one_checks_certificates() {
    assert!(CryptoProvider::get_default().is_none(), "the process starts without a TLS crypto provider");
    let server = https_server();

    // The user's own reqwest client, which trusts the test's certificate.
    install_tls_provider();
    assert!(CryptoProvider::get_default().is_some(), "install_tls_provider installs one");
    let trusted = reqwest::Certificate::from_der(&server.certificate).expect("reqwest reads the certificate");
    let http = reqwest::Client::builder().add_root_certificate(trusted).build().expect("a reqwest client builds");
    let client = builder_for(&server).http_client(http).build().expect("a client with an own HTTP client builds");
    let created = client.create_apps(ACCOUNT_ID, &app_request()).await.expect("the call over TLS succeeds");
    assert_eq!(created.status(), 201);
    assert_eq!(created.app_id.as_deref(), Some("Bwpq5zXvQr-4PKhtYOD23g"));
    let head = server.heads.recv_timeout(Duration::from_secs(5)).expect("the server read the request");
    assert!(head.starts_with(&format!("POST /accounts/{ACCOUNT_ID}/marketplace/apps HTTP/1.1")), "{head}");
    assert!(head.to_ascii_lowercase().contains(&format!("authorization: bearer {TOKEN}")), "{head}");

    // The default client trusts the system's roots only: the handshake fails
    // and no request is sent. Retrying would meet the same certificate, so
    // even a policy that retries lost connections makes one attempt.
    let before = server.connections.load(Ordering::SeqCst);
    let retrying = RetryPolicy { retry_non_idempotent: true, ..RetryPolicy::default() };
    let client = builder_for(&server).retry_policy(retrying).build().expect("a default client builds");
    match client.create_apps(ACCOUNT_ID, &app_request()).await {
        Err(error @ Error::Transport(_)) => {
            let chain = error_chain(&error);
            assert!(chain.contains("certificate"), "expected a certificate error, got: {chain}");
            assert!(!chain.contains(TOKEN), "the error shows the token: {chain}");
        }
        other => panic!("expected Error::Transport for an untrusted certificate, got {other:?}"),
    }
    assert!(server.heads.recv_timeout(Duration::from_millis(200)).is_err(), "no request went past the handshake");
    assert_eq!(server.connections.load(Ordering::SeqCst) - before, 1, "a refused certificate is not retried");
}

/// The error and its sources, as one line.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}
