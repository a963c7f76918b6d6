//! Trusted certificate authorities for the register's own connections over TLS (to identity
//! providers and to the SMTP relay): the system's (`/etc/ssl/certs` and the like) and, when the
//! configuration names one, a PEM file with more (a government's private PKI, a test CA).

use std::sync::Arc;

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

/// The certificate authorities trusted besides the system's. Cheap to clone.
#[derive(Clone, Default)]
pub struct TrustRoots {
    extra: Arc<Vec<CertificateDer<'static>>>,
}

impl std::fmt::Debug for TrustRoots {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrustRoots")
            .field("extra", &self.extra.len())
            .finish()
    }
}

impl TrustRoots {
    /// Only the system's certificate authorities.
    pub fn system() -> Self {
        Self::default()
    }

    /// The system's certificate authorities and those in the PEM file at `path`.
    pub fn with_file(path: &std::path::Path) -> Result<Self, String> {
        let bytes =
            std::fs::read(path).map_err(|e| format!("tls_ca_file {}: {e}", path.display()))?;
        Self::with_pem(&bytes).map_err(|e| format!("tls_ca_file {}: {e}", path.display()))
    }

    /// The system's certificate authorities and those in `pem` (one or more certificates).
    pub fn with_pem(pem: &[u8]) -> Result<Self, String> {
        let certs = CertificateDer::pem_slice_iter(pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("not a PEM certificate file: {e}"))?;
        if certs.is_empty() {
            return Err("no certificate in the file".into());
        }
        Ok(Self {
            extra: Arc::new(certs),
        })
    }

    /// The extra certificates, DER-encoded (for the SMTP client's own TLS settings).
    pub(crate) fn extra(&self) -> &[CertificateDer<'static>] {
        &self.extra
    }

    /// A TLS client configuration trusting the system's certificate authorities and the extra ones.
    pub(crate) fn client_config(&self) -> Result<Arc<rustls::ClientConfig>, String> {
        let mut roots = rustls::RootCertStore::empty();
        let native = rustls_native_certs::load_native_certs();
        let (added, _ignored) = roots.add_parsable_certificates(native.certs);
        for c in self.extra.iter() {
            roots
                .add(c.clone())
                .map_err(|e| format!("an extra certificate authority cannot be used: {e}"))?;
        }
        if added == 0 && self.extra.is_empty() {
            tracing::warn!("no trusted certificate authorities found: TLS connections will fail");
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(Arc::new(config))
    }
}
