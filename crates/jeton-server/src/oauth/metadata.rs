//! Authorization server metadata (RFC 8414 §2) and OpenID Connect Discovery (§3), generated
//! from the capability table that gates the endpoints (`jeton_core::capabilities`, DESIGN
//! §6): they never advertise what is not served. Both well-known locations answer the same
//! document, so the two can never disagree; the OpenID Connect members are registered for
//! RFC 8414 documents too (RFC 8414 §7.1.2).

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use jeton_core::capabilities::{ClientAuthEndpoint, SERVED};
use jeton_core::oidc;
use jeton_store::Domain;
use serde_json::{Value, json};

use crate::oauth::domain::ApiDomain;
use crate::oauth::error::OAuthErrorResponse;
use crate::state::AppState;
use crate::web::urls::{Endpoint, issuer};

pub async fn metadata(
    State(state): State<AppState>,
    ApiDomain(domain): ApiDomain,
) -> Result<Response, OAuthErrorResponse> {
    Ok(Json(document(&state, &domain).await?).into_response())
}

pub async fn document(state: &AppState, domain: &Domain) -> Result<Value, OAuthErrorResponse> {
    let base = state.config.public_base();
    let slug = domain.slug.as_str();
    let registered = state.flows.scope_definitions(&domain.id).await?;
    let mut scopes: Vec<&str> = oidc::STANDARD_SCOPES.to_vec();
    scopes.extend(
        registered
            .iter()
            .map(|s| s.name.as_str())
            .filter(|s| !oidc::is_standard_scope(s)),
    );
    let auth_methods = |e: ClientAuthEndpoint| -> Vec<&str> {
        SERVED
            .client_auth_methods(e)
            .iter()
            .map(|m| m.as_str())
            .collect()
    };
    let mut doc = json!({
        "issuer": issuer(base, slug),
        "authorization_endpoint": Endpoint::Authorize.url(base, slug),
        "token_endpoint": Endpoint::Token.url(base, slug),
        "introspection_endpoint": Endpoint::Introspect.url(base, slug),
        "revocation_endpoint": Endpoint::Revoke.url(base, slug),
        "userinfo_endpoint": Endpoint::UserInfo.url(base, slug),
        "jwks_uri": Endpoint::Jwks.url(base, slug),
        "scopes_supported": scopes,
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
        "subject_types_supported":
            SERVED.subject_types.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
        "id_token_signing_alg_values_supported":
            SERVED.id_token_signing_algs.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
        "claims_supported": oidc::claims_supported(),
        "claims_parameter_supported": SERVED.claims_parameter,
        // Discovery §3: these default to true when absent, and are not served.
        "request_uri_parameter_supported": false,
        "request_parameter_supported": false,
    });
    if SERVED.end_session {
        doc["end_session_endpoint"] = Endpoint::EndSession.url(base, slug).into();
    }
    Ok(doc)
}
