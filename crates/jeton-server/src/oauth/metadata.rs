//! Authorization server metadata (RFC 8414), generated from the same tables that gate the
//! endpoints (DESIGN §6): it never advertises what is not served.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use jeton_core::grant_type::{AuthMethod, GrantType};
use serde_json::json;

use crate::oauth::error::OAuthErrorResponse;
use crate::state::AppState;
use crate::web::domain::CurrentDomain;
use crate::web::urls::{Endpoint, issuer};

pub async fn metadata(
    State(state): State<AppState>,
    CurrentDomain(domain): CurrentDomain,
) -> Result<Response, OAuthErrorResponse> {
    let base = state.config.public_base();
    let slug = domain.slug.as_str();
    let scopes = state.cache.scopes(&domain.id).await?;
    let grants: Vec<&str> = GrantType::ALL
        .into_iter()
        .filter(|g| g.served_by_token_endpoint())
        .map(GrantType::as_str)
        .collect();
    let all_methods: Vec<&str> = AuthMethod::SERVED
        .into_iter()
        .map(AuthMethod::as_str)
        .collect();
    let confidential_methods: Vec<&str> = AuthMethod::SERVED
        .into_iter()
        .filter(|m| !m.is_public())
        .map(AuthMethod::as_str)
        .collect();
    let doc = json!({
        "issuer": issuer(base, slug),
        "authorization_endpoint": Endpoint::Authorize.url(base, slug),
        "token_endpoint": Endpoint::Token.url(base, slug),
        "introspection_endpoint": Endpoint::Introspect.url(base, slug),
        "revocation_endpoint": Endpoint::Revoke.url(base, slug),
        "scopes_supported": scopes.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": grants,
        "token_endpoint_auth_methods_supported": all_methods,
        "introspection_endpoint_auth_methods_supported": confidential_methods,
        "revocation_endpoint_auth_methods_supported": all_methods,
        // plain is served only to clients explicitly configured for it (DESIGN §6).
        "code_challenge_methods_supported": ["S256", "plain"],
        "authorization_response_iss_parameter_supported": true,
    });
    Ok(Json(doc).into_response())
}
