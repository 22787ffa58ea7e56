//! Reads the client credentials of a token, introspection or revocation request (RFC 6749
//! §2.3: `Authorization: Basic`, or `client_id`/`client_secret` in the body, never both) and
//! hands them to the flow that authenticates them.

use std::sync::Arc;

use axum::http::{HeaderMap, header};
use jeton_core::client_auth;
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
    Ok(state
        .flows
        .authenticate_client(domain, &presented, origin.ip)
        .await?)
}
