//! Token revocation (RFC 7009): parse, authenticate the client, revoke.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jeton_core::capabilities::{ClientAuthEndpoint, SERVED};

use crate::oauth::client_auth;
use crate::oauth::domain::ApiDomain;
use crate::oauth::error::OAuthErrorResponse;
use crate::oauth::form::OAuthForm;
use crate::state::AppState;
use crate::web::client_ip::ClientOrigin;

pub async fn revoke(
    State(state): State<AppState>,
    ApiDomain(domain): ApiDomain,
    origin: ClientOrigin,
    headers: HeaderMap,
    form: OAuthForm,
) -> Result<Response, OAuthErrorResponse> {
    let client = client_auth::authenticate(&state, &domain, &headers, &form, origin).await?;
    SERVED.check_client_auth(ClientAuthEndpoint::Revocation, client.auth_method)?;
    let token = form.require("token")?;
    state
        .flows
        .revoke_token(&domain, &client, token, form.get("token_type_hint"))
        .await?;
    // §2.2: 200 whether or not the token existed: the client's goal, a dead token, holds.
    let mut res = StatusCode::OK.into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}
