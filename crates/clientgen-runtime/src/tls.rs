//! The crypto provider of the TLS stack.
//!
//! reqwest is built on rustls without a compiled-in crypto provider (its
//! default, `aws-lc-rs`, is a C library that dominates a cold build), so
//! rustls's process-wide default provider has to be installed before any
//! `reqwest::Client` is built; reqwest panics otherwise.

use rustls::crypto::CryptoProvider;

/// Makes `ring` rustls's process-wide crypto provider, unless one is
/// installed already (by the application, or an earlier call).
///
/// [`ClientBuilder::build`](crate::ClientBuilder::build) calls this itself.
/// Call it before building your own `reqwest::Client` for
/// [`ClientBuilder::http_client`](crate::ClientBuilder::http_client):
///
/// ```
/// clientgen_runtime::install_tls_provider();
/// let http = clientgen_runtime::reqwest::Client::builder().build()?;
/// # Ok::<(), clientgen_runtime::reqwest::Error>(())
/// ```
///
/// An application that wants another provider installs it first, with
/// `CryptoProvider::install_default`; it is then kept.
pub fn install_tls_provider() {
    // The process-wide default, rather than a TLS config handed to reqwest,
    // keeps reqwest's own setup unchanged: certificates checked by the
    // platform verifier (the system's roots plus any added to the builder),
    // ALPN for HTTP/2, and the builder's TLS options.
    if CryptoProvider::get_default().is_none() {
        // Fails only when another thread installed one in between: a
        // provider is installed either way.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}
