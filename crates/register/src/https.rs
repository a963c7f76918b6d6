//! A small HTTP/1.1 client for the register's own calls to identity providers: https with the
//! trusted roots of [`TrustRoots`](crate::TrustRoots), or plain http to this machine only (a provider
//! on the loopback address, as in tests and local trials). Each call opens one connection, has a
//! time limit and reads at most [`MAX_BODY`] bytes.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::header;
use tokio::io::{AsyncRead, AsyncWrite};

/// The largest answer read.
const MAX_BODY: usize = 1 << 20;
/// The longest a call (connecting, sending, reading) may take.
const TIMEOUT: Duration = Duration::from_secs(15);

/// An answer: its status and body.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: u16,
    pub body: Bytes,
}

#[derive(Clone)]
pub(crate) struct HttpClient {
    tls: Arc<rustls::ClientConfig>,
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient").finish_non_exhaustive()
    }
}

/// Whether `url` may be called: https anywhere, http only on this machine.
pub(crate) fn allowed_url(url: &url::Url) -> Result<(), String> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        "http" => Err(format!(
            "{url}: plain http is only allowed to this machine (127.0.0.1, ::1, localhost); use https"
        )),
        other => Err(format!("{url}: scheme {other} is not http or https")),
    }
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

impl HttpClient {
    pub(crate) fn new(roots: &crate::TrustRoots) -> Result<Self, String> {
        Ok(Self {
            tls: roots.client_config()?,
        })
    }

    /// `GET url`, asking for JSON.
    pub(crate) async fn get(&self, url: &url::Url) -> Result<Reply, String> {
        self.call(url, hyper::Method::GET, None, None).await
    }

    /// `POST url` with a form body, and HTTP Basic credentials when given.
    pub(crate) async fn post_form(
        &self,
        url: &url::Url,
        form: &[(&str, &str)],
        basic: Option<(&str, &str)>,
    ) -> Result<Reply, String> {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let auth = basic.map(|(user, password)| {
            use base64::Engine;
            // RFC 6749 2.3.1: the id and secret are form-encoded before they are joined.
            let enc =
                |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!(
                    "{}:{}",
                    enc(user),
                    enc(password)
                ))
            )
        });
        self.call(url, hyper::Method::POST, Some(body), auth).await
    }

    async fn call(
        &self,
        url: &url::Url,
        method: hyper::Method,
        form: Option<String>,
        auth: Option<String>,
    ) -> Result<Reply, String> {
        allowed_url(url)?;
        let host = url.host_str().ok_or_else(|| format!("{url}: no host"))?;
        let port = url
            .port_or_known_default()
            .ok_or_else(|| format!("{url}: no port"))?;
        let authority = match url.port() {
            Some(p) => format!("{host}:{p}"),
            None => host.to_owned(),
        };
        let target = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        };
        let mut req = hyper::Request::builder()
            .method(method)
            .uri(target)
            .header(header::HOST, authority)
            .header(header::ACCEPT, "application/json")
            .header(header::USER_AGENT, "algoreg");
        if form.is_some() {
            req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        }
        if let Some(a) = auth {
            req = req.header(header::AUTHORIZATION, a);
        }
        let req = req
            .body(Full::new(Bytes::from(form.unwrap_or_default())))
            .map_err(|e| e.to_string())?;
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let https = url.scheme() == "https";
        let tls = self.tls.clone();
        let work = async move {
            let tcp = tokio::net::TcpStream::connect((host.as_str(), port))
                .await
                .map_err(|e| format!("cannot connect to {host}:{port}: {e}"))?;
            if https {
                let name = rustls::pki_types::ServerName::try_from(host.clone())
                    .map_err(|e| format!("{host}: {e}"))?;
                let stream = tokio_rustls::TlsConnector::from(tls)
                    .connect(name, tcp)
                    .await
                    .map_err(|e| format!("TLS with {host}:{port} failed: {e}"))?;
                exchange(stream, req).await
            } else {
                exchange(tcp, req).await
            }
        };
        match tokio::time::timeout(TIMEOUT, work).await {
            Ok(r) => r,
            Err(_) => Err(format!("{url}: no answer within {} s", TIMEOUT.as_secs())),
        }
    }
}

async fn exchange<S>(stream: S, req: hyper::Request<Full<Bytes>>) -> Result<Reply, String>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .map_err(|e| e.to_string())?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    let res = sender.send_request(req).await.map_err(|e| e.to_string())?;
    let status = res.status().as_u16();
    let body = Limited::new(res.into_body(), MAX_BODY)
        .collect()
        .await
        .map_err(|e| format!("the answer could not be read: {e}"))?
        .to_bytes();
    Ok(Reply { status, body })
}
