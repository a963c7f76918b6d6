//! Helpers for tests of the register's TLS connections (here and in other crates).

use std::sync::Arc;

use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// A new certificate authority and a server certificate for `127.0.0.1` signed by it: the
/// authority in PEM (for [`TrustRoots::with_pem`](crate::TrustRoots::with_pem)) and a TLS server
/// configuration presenting the certificate.
pub fn test_pki() -> (String, Arc<rustls::ServerConfig>) {
    let ca_key = rcgen::KeyPair::generate().expect("a key");
    let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).expect("parameters");
    ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(rcgen::DnType::CommonName, "algoreg test CA");
    let ca_cert = ca.self_signed(&ca_key).expect("a CA certificate");
    let key = rcgen::KeyPair::generate().expect("a key");
    let leaf = rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned()])
        .expect("parameters")
        .signed_by(&key, &ca_cert, &ca_key)
        .expect("a server certificate");
    let chain: Vec<CertificateDer<'static>> = vec![leaf.der().clone()];
    let key = PrivateKeyDer::Pkcs8(key.serialize_der().into());
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("TLS versions")
    .with_no_client_auth()
    .with_single_cert(chain, key)
    .expect("a server configuration");
    (ca_cert.pem(), Arc::new(config))
}
