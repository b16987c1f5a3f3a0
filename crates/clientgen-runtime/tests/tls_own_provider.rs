//! A provider the application installed first is kept: neither the client
//! builder nor `install_tls_provider` replaces it. A process of its own,
//! since the provider is process-wide.

use std::sync::Arc;

use clientgen_runtime::{Client, ClientBuilder, install_tls_provider};
use rustls::crypto::CryptoProvider;

#[test]
fn a_provider_installed_by_the_application_is_kept() {
    // The application's choice: ring limited to one TLS 1.3 cipher suite.
    let mut own = rustls::crypto::ring::default_provider();
    own.cipher_suites.retain(|s| s.suite() == rustls::CipherSuite::TLS13_CHACHA20_POLY1305_SHA256);
    assert_eq!(own.cipher_suites.len(), 1);
    own.install_default().expect("nothing was installed before");

    install_tls_provider();
    let built = ClientBuilder::<Client>::new(Some("https://127.0.0.1:9"), "test").build();

    assert!(built.is_ok(), "the client builds: {:?}", built.err());
    let installed: &Arc<CryptoProvider> = CryptoProvider::get_default().expect("a provider is installed");
    let suites: Vec<_> = installed.cipher_suites.iter().map(|s| s.suite()).collect();
    assert_eq!(suites, [rustls::CipherSuite::TLS13_CHACHA20_POLY1305_SHA256], "the application's provider is kept");
}
