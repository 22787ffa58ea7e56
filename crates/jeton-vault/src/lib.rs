//! The client side of OAuth for Jeton's vault (DESIGN §1 "Vault", §7): given a credential's
//! settings, obtain an access token at an outside provider's token endpoint (client
//! credentials, RFC 6749 §4.4; resource-owner password, §4.3), renew it with a refresh
//! token (§6), and revoke at the end (RFC 7009). Nothing here stores anything or knows
//! Jeton's tables: `jeton-flows` opens the sealed secrets, calls [`ProviderClient`], and
//! seals what comes back.
//!
//! **Why the `oauth2` crate, and where it stops.** DESIGN §7 names it, and it earns its
//! place for the protocol half: it builds the form bodies, encodes `client_secret_basic`
//! per RFC 6749 §2.3.1 (form-urlencoding id and secret *before* base64 — the step
//! hand-written clients get wrong, and that providers with `:` or `%` in secrets trip on),
//! puts `client_secret_post` in the body instead, adds scope and extra parameters, and
//! parses RFC 6749 §5.1/§5.2 answers. It hurts in three places, all kept out of it: its
//! bundled reqwest client follows no size limit and would be the workspace's reqwest 0.12
//! (see Cargo.toml); its standard token response refuses an `expires_in` sent as a string,
//! which some providers do; and its RFC 7009 request refuses any non-`https` endpoint,
//! where the vault admits plain http to this machine, so revocation is a dozen lines of
//! our own (`grants::revoke`). So the HTTP exchange is ours
//! ([`http`]: redirects never followed, connect and total timeouts, the answer read up to
//! [`Limits::max_response_bytes`]) and handed to `oauth2` as its `AsyncHttpClient`, and the
//! token response is our own type (`grants::TokenBody`) behind its `TokenResponse` trait.
//!
//! **Secrets.** Secrets come in and go out as `secrecy::SecretString` (their `Debug` prints
//! nothing). Errors ([`ProviderError`]) name the provider's host, the HTTP status and the
//! provider's `error` / `error_description`, never a secret, a token or a response body.

mod error;
mod grants;
pub mod http;

use std::sync::Arc;
use std::time::Duration;

pub use error::{ProviderError, provider_text};
pub use grants::{Grant, Provider, Tokens};
pub use jeton_core::vault::ClientAuth;
pub use secrecy::{ExposeSecret, SecretString};

/// How long and how much the vault waits for a provider.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// To open the TCP (and TLS) connection.
    pub connect_timeout: Duration,
    /// For the whole exchange, the answer's body included.
    pub total_timeout: Duration,
    /// A larger answer is an error, not read further (a token response is a few KiB).
    pub max_response_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            total_timeout: Duration::from_secs(15),
            max_response_bytes: 64 * 1024,
        }
    }
}

/// Talks to providers. Cheap to clone (one connection pool inside); build once per process.
#[derive(Clone)]
pub struct ProviderClient {
    http: Arc<http::BoundedHttp>,
}

impl std::fmt::Debug for ProviderClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderClient").finish_non_exhaustive()
    }
}

impl ProviderClient {
    pub fn new(limits: Limits) -> Result<Self, ProviderError> {
        Ok(Self {
            http: Arc::new(http::BoundedHttp::new(limits)?),
        })
    }

    /// Requests a token for `grant` at the provider's token endpoint.
    pub async fn request_token(
        &self,
        provider: &Provider<'_>,
        grant: Grant<'_>,
    ) -> Result<Tokens, ProviderError> {
        grants::request_token(&self.http, provider, grant).await
    }

    /// Revokes `token` (RFC 7009) at `revocation_endpoint`; `refresh` says which kind it is
    /// (`token_type_hint`).
    pub async fn revoke(
        &self,
        provider: &Provider<'_>,
        revocation_endpoint: &str,
        token: &SecretString,
        refresh: bool,
    ) -> Result<(), ProviderError> {
        grants::revoke(&self.http, provider, revocation_endpoint, token, refresh).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A provider that accepts the connection and never answers: the total timeout ends
    /// the wait, with the host in the error and no secret.
    #[tokio::test]
    async fn a_silent_provider_times_out_in_bounded_time() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((socket, _)) = listener.accept().await {
                held.push(socket);
            }
        });
        let client = ProviderClient::new(Limits {
            connect_timeout: Duration::from_millis(300),
            total_timeout: Duration::from_millis(500),
            max_response_bytes: 1024,
        })
        .expect("the TLS set-up (aws-lc-rs) builds");
        let secret = SecretString::from("very-secret-value");
        let endpoint = format!("http://{addr}/token");
        let provider = Provider {
            token_endpoint: &endpoint,
            client_id: "c",
            client_secret: Some(&secret),
            client_auth: ClientAuth::Header,
            scope: None,
            extra_params: &[],
        };
        let started = std::time::Instant::now();
        let e = client
            .request_token(&provider, Grant::ClientCredentials)
            .await
            .unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(3));
        assert!(matches!(e, ProviderError::Timeout { .. }), "{e:?}");
        let text = e.to_string();
        assert!(text.contains(&addr.to_string()), "{text}");
        assert!(!text.contains("very-secret-value"), "{text}");
    }
}
