//! Authorization server metadata (RFC 8414 §2), generated from the capability table that
//! gates the endpoints (`jeton_core::capabilities`, DESIGN §6): it never advertises what is
//! not served.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use jeton_core::capabilities::{ClientAuthEndpoint, SERVED};
use serde_json::json;

use crate::oauth::domain::ApiDomain;
use crate::oauth::error::OAuthErrorResponse;
use crate::state::AppState;
use crate::web::urls::{Endpoint, issuer};

pub async fn metadata(
    State(state): State<AppState>,
    ApiDomain(domain): ApiDomain,
) -> Result<Response, OAuthErrorResponse> {
    let base = state.config.public_base();
    let slug = domain.slug.as_str();
    let scopes = state.flows.scope_definitions(&domain.id).await?;
    let auth_methods = |e: ClientAuthEndpoint| -> Vec<&str> {
        SERVED
            .client_auth_methods(e)
            .iter()
            .map(|m| m.as_str())
            .collect()
    };
    let doc = json!({
        "issuer": issuer(base, slug),
        "authorization_endpoint": Endpoint::Authorize.url(base, slug),
        "token_endpoint": Endpoint::Token.url(base, slug),
        "introspection_endpoint": Endpoint::Introspect.url(base, slug),
        "revocation_endpoint": Endpoint::Revoke.url(base, slug),
        "scopes_supported": scopes.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        "response_types_supported":
            SERVED.response_types.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
        "response_modes_supported":
            SERVED.response_modes.iter().map(|m| m.as_str()).collect::<Vec<_>>(),
        "grant_types_supported":
            SERVED.grant_types.iter().map(|g| g.as_str()).collect::<Vec<_>>(),
        "token_endpoint_auth_methods_supported": auth_methods(ClientAuthEndpoint::Token),
        "introspection_endpoint_auth_methods_supported":
            auth_methods(ClientAuthEndpoint::Introspection),
        "revocation_endpoint_auth_methods_supported": auth_methods(ClientAuthEndpoint::Revocation),
        // plain is served only to clients explicitly configured for it (DESIGN §6).
        "code_challenge_methods_supported":
            SERVED.code_challenge_methods.iter().map(|m| m.as_str()).collect::<Vec<_>>(),
        "authorization_response_iss_parameter_supported":
            SERVED.authorization_response_iss_parameter,
    });
    Ok(Json(doc).into_response())
}
