//! A client builder installs the TLS crypto provider when none is: building
//! the default HTTP client never meets reqwest's panic. A process of its
//! own, since the provider is process-wide.

use clientgen_runtime::{Client, ClientBuilder};
use rustls::crypto::CryptoProvider;

#[test]
fn building_a_client_installs_ring_when_no_provider_is_installed() {
    assert!(CryptoProvider::get_default().is_none(), "the process starts without a TLS crypto provider");

    let built = ClientBuilder::<Client>::new(Some("https://127.0.0.1:9"), "test").build();

    assert!(built.is_ok(), "the client builds: {:?}", built.err());
    let installed = CryptoProvider::get_default().expect("a provider is installed");
    let ring = rustls::crypto::ring::default_provider();
    let names = |p: &CryptoProvider| p.cipher_suites.iter().map(|s| s.suite()).collect::<Vec<_>>();
    assert_eq!(names(installed), names(&ring), "the installed provider is ring's default");
}
