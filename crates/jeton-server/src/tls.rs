//! Serving HTTPS directly (`tls_cert` / `tls_key`): the certificate and key loaded from PEM
//! files, and picked up again when the files change, without a restart.
//!
//! Why `tokio-rustls` under our own accept loop rather than `axum-server`'s `tls-rustls`
//! (DESIGN §7): `listener.rs` already is a custom hyper loop with a connection cap, a
//! header-read timeout, an idle timeout and graceful shutdown, none of which `axum-server`
//! offers in the same shape. With `tokio-rustls` the handshake runs inside that loop, on the
//! same watched socket, so the header-read timeout bounds the handshake too (a client that
//! never sends its ClientHello is closed like one that never sends its request line).
//!
//! Crypto is `aws-lc-rs`, the one backend of DESIGN §7. The provider is always named
//! explicitly: rustls also has `ring` enabled in this build (for sqlx), and with two
//! providers compiled in it cannot pick a process default by itself.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use tokio_rustls::TlsAcceptor;

use crate::config::Config;

/// A problem with the certificate or key, naming the configuration key it is about.
#[derive(Debug, thiserror::Error)]
#[error("{key}: {problem}")]
pub struct TlsError {
    /// `tls_cert` or `tls_key`.
    pub key: &'static str,
    pub problem: String,
}

fn problem(key: &'static str, problem: String) -> TlsError {
    TlsError { key, problem }
}

/// The provider for everything TLS that Jeton serves.
fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

/// Makes `aws-lc-rs` the process's default rustls provider. Code that asks rustls for the
/// default (sqlx's certificate verifier for `sslmode=verify-ca`/`verify-full` does) would
/// otherwise panic now that two providers are compiled in. Harmless if already done.
pub fn install_default_provider() {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
}

/// The two files, as configured.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

impl TlsFiles {
    /// The configured files, if TLS is on (the configuration ensures both or neither).
    pub fn from_config(config: &Config) -> Option<Self> {
        match (&config.tls_cert, &config.tls_key) {
            (Some(cert), Some(key)) => Some(Self {
                cert: cert.clone(),
                key: key.clone(),
            }),
            _ => None,
        }
    }

    /// Reads and checks both files: a chain of certificates, a private key that matches the
    /// first one. Blocking file I/O: at start-up, or on a blocking thread.
    fn load(&self, provider: &CryptoProvider) -> Result<Loaded, TlsError> {
        let (cert_pem, key_pem) = self.read()?;
        Ok(Loaded {
            fingerprint: fingerprint(&cert_pem, &key_pem),
            key: self.parse(&cert_pem, &key_pem, provider).map(Arc::new)?,
        })
    }

    fn read(&self) -> Result<(Vec<u8>, Vec<u8>), TlsError> {
        Ok((read("tls_cert", &self.cert)?, read("tls_key", &self.key)?))
    }

    fn parse(
        &self,
        cert_pem: &[u8],
        key_pem: &[u8],
        provider: &CryptoProvider,
    ) -> Result<CertifiedKey, TlsError> {
        let chain = CertificateDer::pem_slice_iter(cert_pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| not_pem("tls_cert", &self.cert, "certificate", e))?;
        if chain.is_empty() {
            let none = rustls::pki_types::pem::Error::NoItemsFound;
            return Err(not_pem("tls_cert", &self.cert, "certificate", none));
        }
        let key = PrivateKeyDer::from_pem_slice(key_pem)
            .map_err(|e| not_pem("tls_key", &self.key, "private key", e))?;
        CertifiedKey::from_der(chain, key, provider).map_err(|e| match e {
            rustls::Error::InconsistentKeys(_) => problem(
                "tls_key",
                format!(
                    "{} does not match the certificate in {}",
                    self.key.display(),
                    self.cert.display()
                ),
            ),
            // The key parsed as PEM but is not one aws-lc-rs can sign with.
            rustls::Error::General(m) => problem(
                "tls_key",
                format!("{}: unusable private key: {m}", self.key.display()),
            ),
            other => problem(
                "tls_cert",
                format!("{}: unusable certificate: {other}", self.cert.display()),
            ),
        })
    }
}

struct Loaded {
    key: Arc<CertifiedKey>,
    fingerprint: u64,
}

fn read(key: &'static str, path: &Path) -> Result<Vec<u8>, TlsError> {
    std::fs::read(path).map_err(|e| problem(key, format!("cannot read {}: {e}", path.display())))
}

fn not_pem(
    key: &'static str,
    path: &Path,
    what: &str,
    e: rustls::pki_types::pem::Error,
) -> TlsError {
    let detail = match e {
        rustls::pki_types::pem::Error::NoItemsFound => "none found".to_owned(),
        other => other.to_string(),
    };
    problem(
        key,
        format!("{} is not a PEM {what} ({detail})", path.display()),
    )
}

/// What the files held when last looked at, to notice a change. A content hash rather than
/// the modification time: reading two small files every few seconds costs nothing, and a
/// copy that keeps the old time (`cp -p`, some secret mounts) is still noticed. Not a
/// security check: a collision would only delay a reload.
fn fingerprint(cert: &[u8], key: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    cert.hash(&mut h);
    key.hash(&mut h);
    h.finish()
}

/// Hands every new handshake the current certificate; [`Tls::watch`] swaps it.
#[derive(Debug)]
struct CurrentCert {
    key: RwLock<Arc<CertifiedKey>>,
}

impl CurrentCert {
    fn get(&self) -> Arc<CertifiedKey> {
        // A poisoned lock still holds a whole `Arc` (it is only ever replaced at once).
        self.key.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn set(&self, key: Arc<CertifiedKey>) {
        *self.key.write().unwrap_or_else(|e| e.into_inner()) = key;
    }
}

impl ResolvesServerCert for CurrentCert {
    fn resolve(&self, _: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        // One certificate for every server name: Jeton has one public_url.
        Some(self.get())
    }
}

/// TLS for the listener: the acceptor, and the certificate it currently serves.
pub struct Tls {
    files: TlsFiles,
    provider: Arc<CryptoProvider>,
    current: Arc<CurrentCert>,
    fingerprint: u64,
    failing: Option<Failing>,
    acceptor: TlsAcceptor,
}

impl Tls {
    /// Loads the configured files, or `None` when TLS is off. Every problem is an error that
    /// names its key, meant to stop the start-up.
    pub fn from_config(config: &Config) -> Result<Option<Self>, TlsError> {
        TlsFiles::from_config(config).map(Self::load).transpose()
    }

    pub fn load(files: TlsFiles) -> Result<Self, TlsError> {
        let provider = provider();
        let loaded = files.load(&provider)?;
        let current = Arc::new(CurrentCert {
            key: RwLock::new(loaded.key),
        });
        let mut server = rustls::ServerConfig::builder_with_provider(provider.clone())
            .with_protocol_versions(rustls::DEFAULT_VERSIONS)
            .map_err(|e| problem("tls_cert", format!("cannot set up TLS: {e}")))?
            .with_no_client_auth()
            .with_cert_resolver(current.clone());
        // The listener speaks HTTP/1.1 only (listener.rs); a client that offers only h2
        // is refused in the handshake (RFC 7301 §3.2) rather than misunderstood after it.
        server.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Self {
            files,
            provider,
            current,
            fingerprint: loaded.fingerprint,
            failing: None,
            acceptor: TlsAcceptor::from(Arc::new(server)),
        })
    }

    pub fn acceptor(&self) -> TlsAcceptor {
        self.acceptor.clone()
    }

    /// Looks at the files every `every` and serves what they hold once it changed and is
    /// valid; new connections get it, open ones keep theirs. Files that do not load (half
    /// written, garbage, a key that does not match, missing) leave the previous certificate
    /// in place and are logged once, when they are still the same at the next look: a pair
    /// of files replaced one after the other fails once in passing, and that is no error.
    /// Runs until dropped (aborted).
    pub async fn watch(mut self, every: Duration) {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tick.tick().await;
        loop {
            tick.tick().await;
            if let Some(e) = self.look().await {
                tracing::error!(error = %e, "the new TLS certificate or key does not load; still serving the previous one");
            }
        }
    }

    /// One look at the files; answers the failure to report, if one is due.
    async fn look(&mut self) -> Option<TlsError> {
        let files = self.files.clone();
        let provider = self.provider.clone();
        let seen = self.fingerprint;
        // Reading and parsing are blocking: off the runtime's threads.
        let looked = tokio::task::spawn_blocking(move || {
            let (cert, key) = files.read().map_err(|e| (None, e))?;
            let now = fingerprint(&cert, &key);
            if now == seen {
                return Ok(None);
            }
            match files.parse(&cert, &key, &provider) {
                Ok(key) => Ok(Some((now, key))),
                Err(e) => Err((Some(now), e)),
            }
        })
        .await
        .unwrap_or_else(|e| Err((None, problem("tls_cert", format!("reloading failed: {e}")))));
        let (what, e) = match looked {
            Ok(None) => {
                self.failing = None;
                return None;
            }
            Ok(Some((now, key))) => {
                self.current.set(Arc::new(key));
                self.fingerprint = now;
                self.failing = None;
                tracing::info!(cert = %self.files.cert.display(), "serving the new TLS certificate");
                return None;
            }
            Err(failed) => failed,
        };
        match &mut self.failing {
            // The same failure as at the last look: said once.
            Some(failing) if failing.what == what => {
                (!std::mem::replace(&mut failing.reported, true)).then_some(e)
            }
            _ => {
                self.failing = Some(Failing {
                    what,
                    reported: false,
                });
                None
            }
        }
    }
}

/// Files that did not load at the last look.
struct Failing {
    /// What they held (`None`: they could not be read).
    what: Option<u64>,
    reported: bool,
}

/// The start-up warning for plain http where others can reach it, or `None`. Loopback is
/// for a proxy on the same host; `trusted_proxies` says a proxy (that terminates TLS) is in
/// front.
pub fn plain_http_warning(config: &Config, addr: std::net::SocketAddr) -> Option<&'static str> {
    let plain = TlsFiles::from_config(config).is_none();
    (plain && !addr.ip().is_loopback() && config.trusted_proxies.is_empty()).then_some(
        "serving plain http on a non-loopback address: configure tls_cert and tls_key, \
         or put a TLS proxy in front (and list it in trusted_proxies)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_is_warned_about_only_where_others_can_reach_it() {
        let plain = Config::with_overrides(&[]).unwrap();
        let at = |a: &str| a.parse::<std::net::SocketAddr>().unwrap();
        assert!(plain_http_warning(&plain, at("127.0.0.1:8080")).is_none());
        assert!(plain_http_warning(&plain, at("[::1]:8080")).is_none());
        let w = plain_http_warning(&plain, at("0.0.0.0:8080")).unwrap();
        assert!(w.contains("tls_cert") && w.contains("proxy"), "{w}");
        assert!(plain_http_warning(&plain, at("[::]:8080")).is_some());
        assert!(plain_http_warning(&plain, at("10.0.2.21:8080")).is_some());
        let proxied = Config::with_overrides(&[("trusted_proxies", "10.0.1.10")]).unwrap();
        assert!(plain_http_warning(&proxied, at("0.0.0.0:8080")).is_none());
        let tls =
            Config::with_overrides(&[("tls_cert", "/x/c.pem"), ("tls_key", "/x/k.pem")]).unwrap();
        assert!(plain_http_warning(&tls, at("0.0.0.0:8443")).is_none());
    }

    #[test]
    fn a_missing_file_names_its_key() {
        let files = TlsFiles {
            cert: "/nonexistent/jeton/cert.pem".into(),
            key: "/nonexistent/jeton/key.pem".into(),
        };
        let e = Tls::load(files).err().unwrap();
        assert_eq!(e.key, "tls_cert");
        assert!(
            e.to_string()
                .starts_with("tls_cert: cannot read /nonexistent"),
            "{e}"
        );
    }
}
