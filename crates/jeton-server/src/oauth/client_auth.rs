//! Authenticates the client of a token, introspection or revocation request
//! (RFC 6749 §2.3), with the failure limits of DESIGN §6 (failures only: correct credentials
//! always pass). No slow hash: client secrets are
//! 256 random bits, checked by SHA-256 digest in constant time.

use std::sync::Arc;

use axum::http::{HeaderMap, header};
use jeton_core::OAuthError;
use jeton_core::client_auth::{self, RegisteredClient};
use jeton_store::{Client, Domain};

use crate::oauth::error::OAuthErrorResponse;
use crate::oauth::form::OAuthForm;
use crate::state::AppState;
use crate::web::client_ip::ClientOrigin;

pub async fn authenticate(
    state: &AppState,
    domain: &Domain,
    headers: &HeaderMap,
    form: &OAuthForm,
    origin: ClientOrigin,
) -> Result<Arc<Client>, OAuthErrorResponse> {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let presented = client_auth::presented_credentials(
        authorization,
        form.get("client_id"),
        form.get("client_secret"),
    )
    .map_err(|e| OAuthErrorResponse::new(e.error))?;

    if !client_auth::plausible_client_id(presented.client_id()) {
        return Err(OAuthError::invalid_client("client authentication failed").into());
    }
    let client = state
        .cache
        .client(&domain.id, presented.client_id())
        .await?;
    let now = state.now();
    let registered = client.as_deref().map(|c| RegisteredClient {
        auth_method: c.auth_method,
        secret_digest: c.secret_digest.as_ref(),
        // A domain can switch personal clients off (DESIGN §1).
        active: c.is_active(now)
            && (c.owner_user_id.is_none() || domain.settings.personal_clients_enabled),
    });
    match client_auth::authenticate(&presented, registered) {
        Ok(()) => Ok(client.expect("authenticate succeeds only for a registered client")),
        Err(e) => {
            // Failures are counted per IP, and per client *from that IP*. The limit caps what
            // failures cost (a log line, an answer); it never refuses correct credentials
            // (DESIGN §6): a client id is public and a host may run many jobs, so refusing on
            // the count alone would let a stranger or a misconfigured neighbour lock a
            // correctly configured client out. Secrets are 256 random bits checked with one
            // SHA-256, so letting every attempt be checked lets no one guess.
            let ip_key = format!("ip:{}", origin.ip);
            let client_key = format!(
                "client:{}:{}:{}",
                domain.id,
                presented.client_id(),
                origin.ip
            );
            state.client_auth_failures.record_failure(&ip_key);
            state.client_auth_failures.record_failure(&client_key);
            if let Some(wait) = state
                .client_auth_failures
                .blocked_for_any(&[&ip_key, &client_key])
            {
                return Err(OAuthErrorResponse::too_many_attempts(wait.as_secs()));
            }
            // Only a registered id is logged: an unknown one may be a secret pasted by mistake.
            let client_id = client
                .as_deref()
                .map(|c| c.id.as_str())
                .unwrap_or("(unknown)");
            tracing::info!(client_id, ip = %origin.ip, "client authentication failed");
            Err(OAuthErrorResponse::new(e.error))
        }
    }
}
