//! Token revocation (RFC 7009). Revoking a refresh token revokes every token of its grant
//! (§2.1). Unknown tokens answer 200: the client's goal, a dead token, holds (§2.2).
//! Revocation ignores expiry: any token can always be revoked.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jeton_core::OAuthError;
use jeton_core::capabilities::{ClientAuthEndpoint, SERVED};
use jeton_core::secret::SecretDigest;

use crate::oauth::client_auth;
use crate::oauth::error::OAuthErrorResponse;
use crate::oauth::form::OAuthForm;
use crate::oauth::introspect::{Kind, lookup_order};
use crate::state::AppState;
use crate::web::client_ip::ClientOrigin;
use crate::web::domain::CurrentDomain;

pub async fn revoke(
    State(state): State<AppState>,
    CurrentDomain(domain): CurrentDomain,
    origin: ClientOrigin,
    headers: HeaderMap,
    form: OAuthForm,
) -> Result<Response, OAuthErrorResponse> {
    let client = client_auth::authenticate(&state, &domain, &headers, &form, origin).await?;
    SERVED.check_client_auth(ClientAuthEndpoint::Revocation, client.auth_method)?;
    let token = form.require("token")?;
    let digest = SecretDigest::of(token);
    let now = state.now();
    for kind in lookup_order(token, form.get("token_type_hint")) {
        let record = match kind {
            Kind::Access => state.store.access_token(&domain.id, &digest).await?,
            Kind::Refresh => state.store.refresh_token(&domain.id, &digest).await?,
        };
        let Some(record) = record else { continue };
        // §2.1: a client may only revoke its own tokens.
        if record.client_id != client.id {
            return Err(
                OAuthError::unauthorized_client("the token was not issued to this client").into(),
            );
        }
        match kind {
            Kind::Access => {
                state
                    .store
                    .revoke_access_token(&domain.id, &digest, now)
                    .await?;
                state.cache.invalidate_access_token(&digest);
            }
            Kind::Refresh => {
                if let Some(grant_id) = state
                    .store
                    .revoke_refresh_token(&domain.id, &digest, now)
                    .await?
                {
                    state.cache.invalidate_grant(&grant_id);
                }
            }
        }
        break;
    }
    let mut res = StatusCode::OK.into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}
