//! Serving HTTPS directly (`tls_cert` / `tls_key`, jeton-server/src/tls.rs): real TLS
//! handshakes with certificates made here by `rcgen`, a client built on `tokio-rustls` so the
//! test can see which certificate the server presented, and HTTP/1.1 over it with hyper.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use rustls::pki_types::{CertificateDer, ServerName};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

use crate::cli::{jeton, run_cmd, serve, sigterm};
use crate::helpers::*;

/// A test certificate authority.
struct Ca(CertifiedIssuer<'static, KeyPair>);

impl Ca {
    fn new(name: &str) -> Self {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, name);
        Self(CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap())
    }

    /// A server certificate for 127.0.0.1 and localhost: (chain PEM with the CA after the
    /// server certificate, key PEM, the server certificate's DER).
    fn leaf(&self) -> Leaf {
        let params = CertificateParams::new(vec!["127.0.0.1".into(), "localhost".into()]).unwrap();
        let key = KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &self.0).unwrap();
        Leaf {
            chain: format!("{}{}", cert.pem(), self.0.pem()),
            key: key.serialize_pem(),
            der: cert.der().to_vec(),
        }
    }
}

struct Leaf {
    chain: String,
    key: String,
    der: Vec<u8>,
}

/// The two files a server is configured with, in a directory of their own.
struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new(leaf: &Leaf) -> Self {
        let files = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        files.write(leaf);
        files
    }
    fn cert(&self) -> PathBuf {
        self.dir.path().join("cert.pem")
    }
    fn key(&self) -> PathBuf {
        self.dir.path().join("key.pem")
    }
    /// Replaces both files the way deployment tools do: write aside, then rename.
    fn write(&self, leaf: &Leaf) {
        replace(&self.cert(), leaf.chain.as_bytes());
        replace(&self.key(), leaf.key.as_bytes());
    }
    fn overrides(&self) -> Vec<(&'static str, String)> {
        vec![
            ("tls_cert", self.cert().display().to_string()),
            ("tls_key", self.key().display().to_string()),
            ("tls_reload_interval_secs", "1".into()),
        ]
    }
}

fn replace(path: &Path, content: &[u8]) {
    let aside = path.with_extension("new");
    std::fs::write(&aside, content).unwrap();
    std::fs::rename(&aside, path).unwrap();
}

async fn spawn_tls(files: &Files, more: &[(&str, &str)]) -> TestApp {
    let owned = files.overrides();
    let mut overrides: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    overrides.extend_from_slice(more);
    spawn_with(&overrides).await
}

fn addr(app: &TestApp) -> String {
    app.base.trim_start_matches("http://").to_owned()
}

/// A client that trusts exactly `cas` and offers `alpn`.
fn client(cas: &[&Ca], alpn: &[&[u8]]) -> TlsConnector {
    let mut roots = rustls::RootCertStore::empty();
    for ca in cas {
        roots.add(ca.0.der().clone()).unwrap();
    }
    let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    TlsConnector::from(Arc::new(config))
}

async fn handshake(connector: &TlsConnector, addr: &str) -> std::io::Result<TlsStream<TcpStream>> {
    let tcp = TcpStream::connect(addr).await?;
    let name = ServerName::try_from("127.0.0.1").unwrap();
    connector.connect(name, tcp).await
}

/// The DER of the server certificate that a new connection is shown.
async fn presented(connector: &TlsConnector, addr: &str) -> Vec<u8> {
    let tls = handshake(connector, addr).await.expect("TLS handshake");
    let (_, session) = tls.get_ref();
    let chain: &[CertificateDer] = session.peer_certificates().expect("a certificate");
    chain[0].to_vec()
}

/// An HTTP/1.1 connection over TLS, kept alive for several requests.
async fn http_over(tls: TlsStream<TcpStream>) -> SendRequest<Full<Bytes>> {
    let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(tls))
        .await
        .expect("HTTP over TLS");
    tokio::spawn(conn);
    sender
}

async fn send(
    sender: &mut SendRequest<Full<Bytes>>,
    request: hyper::Request<Full<Bytes>>,
) -> (u16, hyper::HeaderMap, String) {
    let res = sender.send_request(request).await.expect("an answer");
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn get(path: &str) -> hyper::Request<Full<Bytes>> {
    hyper::Request::get(path)
        .header("host", "127.0.0.1")
        .body(Full::default())
        .unwrap()
}

/// Polls until a new connection is shown `want`, for at most 10 s.
async fn wait_for_cert(connector: &TlsConnector, addr: &str, want: &[u8]) -> bool {
    let until = Instant::now() + Duration::from_secs(10);
    while Instant::now() < until {
        if presented(connector, addr).await == want {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    false
}

#[tokio::test]
async fn https_serves_health_and_tokens_and_refuses_plain_http() {
    let ca = Ca::new("Test CA 1");
    let leaf = ca.leaf();
    let files = Files::new(&leaf);
    let app = spawn_tls(&files, &[]).await;
    let svc = app.svc_client().await;
    let connector = client(&[&ca], &[b"http/1.1"]);

    let tls = handshake(&connector, &addr(&app)).await.expect("handshake");
    assert_eq!(tls.get_ref().1.alpn_protocol(), Some(&b"http/1.1"[..]));
    assert_eq!(
        tls.get_ref().1.peer_certificates().unwrap().len(),
        2,
        "the whole chain of tls_cert is sent"
    );
    let mut http = http_over(tls).await;
    let (status, _, body) = send(&mut http, get("/healthz")).await;
    assert_eq!((status, body.contains("ok")), (200, true), "{body}");

    // A client-credentials token request on the same kept-alive connection.
    let basic = base64::engine::general_purpose::STANDARD.encode(format!(
        "{}:{}",
        svc.id,
        svc.secret.as_deref().unwrap()
    ));
    let token = hyper::Request::post("/d/main/oauth/token")
        .header("host", "127.0.0.1")
        .header("authorization", format!("Basic {basic}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Full::new(Bytes::from_static(
            b"grant_type=client_credentials",
        )))
        .unwrap();
    let (status, _, body) = send(&mut http, token).await;
    assert_eq!(status, 200, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    let access = json["access_token"].as_str().unwrap();
    assert!(access.starts_with("jeton_at_"), "{body}");
    assert_eq!(json["token_type"], "Bearer", "{body}");

    // Cookies are `Secure` over a direct TLS connection, even though this test's
    // public_url says http: what the connection is decides, as behind a proxy.
    let (status, headers, _) = send(&mut http, get("/d/main/login")).await;
    assert_eq!(status, 200);
    let cookies: Vec<_> = headers.get_all("set-cookie").iter().collect();
    assert!(!cookies.is_empty());
    assert!(
        cookies
            .iter()
            .all(|c| c.to_str().unwrap().contains("Secure")),
        "{cookies:?}"
    );

    // Plain http to the same port gets no HTTP answer.
    let mut tcp = TcpStream::connect(addr(&app)).await.unwrap();
    tcp.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), tcp.read_to_end(&mut answer)).await;
    assert!(
        !String::from_utf8_lossy(&answer).contains("HTTP/1.1"),
        "{answer:?}"
    );
    assert!(reqwest::get(app.url("/healthz")).await.is_err());

    // A client that trusts another authority refuses the server; one that speaks only h2
    // is refused in the handshake (the listener is HTTP/1.1 only).
    let stranger = client(&[&Ca::new("Someone else")], &[b"http/1.1"]);
    assert!(handshake(&stranger, &addr(&app)).await.is_err());
    let h2_only = client(&[&ca], &[b"h2"]);
    assert!(handshake(&h2_only, &addr(&app)).await.is_err());
}

#[tokio::test]
async fn a_changed_certificate_is_served_to_new_connections_without_a_restart() {
    let (ca1, ca2) = (Ca::new("Test CA 1"), Ca::new("Test CA 2"));
    let (a, b) = (ca1.leaf(), ca2.leaf());
    let files = Files::new(&a);
    let app = spawn_tls(&files, &[]).await;
    let connector = client(&[&ca1, &ca2], &[b"http/1.1"]);
    let addr = addr(&app);

    let kept = handshake(&connector, &addr).await.unwrap();
    assert_eq!(
        kept.get_ref().1.peer_certificates().unwrap()[0].to_vec(),
        a.der
    );
    let mut kept = http_over(kept).await;
    assert_eq!(send(&mut kept, get("/healthz")).await.0, 200);

    files.write(&b);
    assert!(
        wait_for_cert(&connector, &addr, &b.der).await,
        "new connections get certificate B within 10 s"
    );
    // The same server (in this process), and the connection opened before goes on.
    assert_eq!(send(&mut kept, get("/healthz")).await.0, 200);
    let mut fresh = http_over(handshake(&connector, &addr).await.unwrap()).await;
    assert_eq!(send(&mut fresh, get("/healthz")).await.0, 200);
}

#[tokio::test]
async fn a_bad_replacement_keeps_the_old_certificate_and_is_logged() {
    let ca = Ca::new("Test CA 1");
    let (a, b) = (ca.leaf(), ca.leaf());
    let files = Files::new(&a);
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = jeton(&dir);
    cmd.env("JETON_TLS_CERT", files.cert())
        .env("JETON_TLS_KEY", files.key())
        .env("JETON_TLS_RELOAD_INTERVAL_SECS", "1");
    let mut s = serve(cmd).await;
    let addr = s.base.trim_start_matches("http://").to_owned();
    let connector = client(&[&ca], &[b"http/1.1"]);
    assert_eq!(presented(&connector, &addr).await, a.der);
    let serving = s.logs();
    assert!(
        serving.contains(r#""public_url":"https://127.0.0.1:0/""#),
        "with TLS the default public_url is https: {serving}"
    );
    let pid = s.child.id();

    replace(
        &files.cert(),
        b"-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n",
    );
    let until = Instant::now() + Duration::from_secs(10);
    while !s.logs().contains("does not load") && Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let logs = s.logs();
    let line = logs
        .lines()
        .find(|l| l.contains("does not load"))
        .unwrap_or_else(|| panic!("the bad file is logged: {logs}"));
    assert!(
        line.contains("ERROR") && line.contains("tls_cert"),
        "{line}"
    );
    assert_eq!(
        presented(&connector, &addr).await,
        a.der,
        "still certificate A"
    );
    let mut http = http_over(handshake(&connector, &addr).await.unwrap()).await;
    assert_eq!(send(&mut http, get("/healthz")).await.0, 200);

    // Said once, not at every look.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(s.logs().matches("does not load").count(), 1);
    // A pair replaced one file at a time, within one look (1 s) of each other, is taken
    // without an error for the mismatch seen in passing.
    replace(&files.cert(), b.chain.as_bytes());
    tokio::time::sleep(Duration::from_millis(900)).await;
    replace(&files.key(), b.key.as_bytes());
    assert!(wait_for_cert(&connector, &addr, &b.der).await);
    assert_eq!(s.logs().matches("does not load").count(), 1, "{}", s.logs());
    assert!(s.logs().contains("serving the new TLS certificate"));
    assert_eq!(s.child.id(), pid, "no restart");
    assert!(!s.logs().contains("plain http"), "no warning with TLS");
    sigterm(&s.child);
    s.child.wait().await.unwrap();
}

#[tokio::test]
async fn bad_tls_configuration_stops_start_up_naming_the_key() {
    let ca = Ca::new("Test CA 1");
    let (a, other) = (ca.leaf(), ca.leaf());
    let files = Files::new(&a);
    let dir = tempfile::tempdir().unwrap();
    let cert = files.cert().display().to_string();
    let key = files.key().display().to_string();
    let missing = files.dir.path().join("missing.pem").display().to_string();
    let garbage = files.dir.path().join("garbage.pem");
    std::fs::write(&garbage, "not a certificate").unwrap();
    let garbage = garbage.display().to_string();
    let other_key = files.dir.path().join("other.key");
    std::fs::write(&other_key, &other.key).unwrap();
    let other_key = other_key.display().to_string();

    // (environment, the key the message names, what it says)
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);
    let cases: &[Case] = &[
        (&[("JETON_TLS_CERT", &cert)], "tls_key", "neither"),
        (&[("JETON_TLS_KEY", &key)], "tls_cert", "neither"),
        (
            &[("JETON_TLS_CERT", &missing), ("JETON_TLS_KEY", &key)],
            "tls_cert",
            "cannot read",
        ),
        (
            &[("JETON_TLS_CERT", &cert), ("JETON_TLS_KEY", &missing)],
            "tls_key",
            "cannot read",
        ),
        (
            &[("JETON_TLS_CERT", &garbage), ("JETON_TLS_KEY", &key)],
            "tls_cert",
            "not a PEM",
        ),
        (
            &[("JETON_TLS_CERT", &cert), ("JETON_TLS_KEY", &garbage)],
            "tls_key",
            "not a PEM",
        ),
        (
            &[("JETON_TLS_CERT", &cert), ("JETON_TLS_KEY", &other_key)],
            "tls_key",
            "does not match",
        ),
    ];
    for (env, key, says) in cases {
        let mut cmd = jeton(&dir);
        for (k, v) in *env {
            cmd.env(k, v);
        }
        let (ok, out, err) = run_cmd(cmd, &["serve"], None).await;
        assert!(!ok, "{env:?}: {out} {err}");
        let first = err.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("error: ") && first.contains(key) && first.contains(says),
            "{env:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        // Stopped before the first start's bootstrap: no one-time password was lost.
        assert!(!out.contains("One-time password"), "{out}");
    }
}

#[tokio::test]
async fn plain_http_on_a_non_loopback_address_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = jeton(&dir);
    cmd.env("JETON_LISTEN", "0.0.0.0:0");
    let mut s = serve(cmd).await;
    let until = Instant::now() + Duration::from_secs(5);
    while !s.logs().contains("plain http") && Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let logs = s.logs();
    let line = logs
        .lines()
        .find(|l| l.contains("plain http"))
        .unwrap_or_else(|| panic!("a warning: {logs}"));
    assert!(
        line.contains("WARN") && line.contains("tls_cert") && line.contains("proxy"),
        "{line}"
    );
    sigterm(&s.child);
    s.child.wait().await.unwrap();
}

#[tokio::test]
async fn a_connection_that_never_says_hello_is_closed_after_the_header_timeout() {
    let ca = Ca::new("Test CA 1");
    let files = Files::new(&ca.leaf());
    let app = spawn_tls(&files, &[("header_read_timeout_secs", "1")]).await;
    let started = Instant::now();
    let mut silent = TcpStream::connect(addr(&app)).await.unwrap();
    // Half a ClientHello record header, then nothing.
    let mut half = TcpStream::connect(addr(&app)).await.unwrap();
    half.write_all(&[0x16, 0x03, 0x01]).await.unwrap();
    for s in [&mut silent, &mut half] {
        let mut b = [0u8; 64];
        let read = tokio::time::timeout(Duration::from_secs(5), s.read(&mut b)).await;
        assert!(
            matches!(read, Ok(Ok(0)) | Ok(Err(_))),
            "closed within 5 s: {read:?}"
        );
    }
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(900),
        "not before the timeout: {took:?}"
    );
    // Meanwhile, a real client is served.
    let connector = client(&[&ca], &[b"http/1.1"]);
    let mut http = http_over(handshake(&connector, &addr(&app)).await.unwrap()).await;
    assert_eq!(send(&mut http, get("/healthz")).await.0, 200);
}
