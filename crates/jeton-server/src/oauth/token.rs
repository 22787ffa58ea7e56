//! The token endpoint (RFC 6749 §3.2): parse, authenticate the client, run the grant's flow.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use jeton_core::OAuthError;
use jeton_core::access_token::Resource;
use jeton_core::capabilities::{ClientAuthEndpoint, SERVED};
use jeton_core::grant_type::{GrantType, check_grant_allowed};
use jeton_core::scope::ScopeSet;
use jeton_flows::token_grants::{CodeRedemption, PasswordRequest};
use jeton_flows::tokens::Issuance;

use crate::oauth::client_auth;
use crate::oauth::domain::ApiDomain;
use crate::oauth::error::OAuthErrorResponse;
use crate::oauth::form::OAuthForm;
use crate::oauth::token_response::TokenResponse;
use crate::state::AppState;
use crate::web::client_ip::ClientOrigin;
use crate::web::urls::issuer;

pub async fn token(
    State(state): State<AppState>,
    ApiDomain(domain): ApiDomain,
    origin: ClientOrigin,
    headers: HeaderMap,
    form: OAuthForm,
) -> Result<Response, OAuthErrorResponse> {
    let grant_type = form.require("grant_type")?;
    // Unknown grant types are refused before authenticating, as RFC 6749 §5.2 allows either.
    let grant = SERVED.grant_type(grant_type)?;
    let client = client_auth::authenticate(&state, &domain, &headers, &form, origin).await?;
    SERVED.check_client_auth(ClientAuthEndpoint::Token, client.auth_method)?;
    check_grant_allowed(&client.grant_types, grant)?;
    let flows = &state.flows;
    let issuer = issuer(state.config.public_base(), &domain.slug);
    let resources = resources(&form)?;
    let issuance = Issuance {
        issuer: &issuer,
        resources: &resources,
        max_lifetime_secs: None,
    };
    let answer = match grant {
        GrantType::AuthorizationCode => {
            let req = CodeRedemption {
                code: form.require("code")?,
                redirect_uri: form.get("redirect_uri"),
                code_verifier: form.get("code_verifier"),
                issuance,
            };
            flows.redeem_code(&domain, &client, req).await?
        }
        GrantType::ClientCredentials => {
            let requested = requested_scope(&form)?;
            flows
                .client_credentials(&domain, &client, requested.as_ref(), issuance)
                .await?
        }
        GrantType::RefreshToken => {
            let presented = form.require("refresh_token")?;
            let requested = requested_scope(&form)?;
            flows
                .refresh(&domain, &client, presented, requested.as_ref(), issuance)
                .await?
        }
        GrantType::Password => {
            let requested = requested_scope(&form)?;
            flows
                .password_grant(
                    &domain,
                    &client,
                    PasswordRequest {
                        username: form.require("username")?,
                        password: form.require("password")?,
                        ip: origin.ip,
                    },
                    requested.as_ref(),
                    issuance,
                )
                .await?
        }
        GrantType::Implicit => {
            // The implicit grant has no token request (RFC 6749 §4.2); `SERVED.grant_type`
            // refuses it before this, and so does this line if that ever changes.
            return Err(OAuthError::new(
                jeton_core::ErrorCode::UnsupportedGrantType,
                "the implicit grant has no token request",
            )
            .into());
        }
    };
    // The domain's choice (`TokenCheck::access_token_header`): the token in a header too.
    let header = domain
        .settings
        .token_check
        .access_token_header
        .as_deref()
        .and_then(|h| axum::http::HeaderName::from_bytes(h.as_bytes()).ok())
        .zip(axum::http::HeaderValue::from_str(&answer.access_token).ok());
    let mut res = TokenResponse(answer).into_response();
    if let Some((name, value)) = header {
        res.headers_mut().insert(name, value);
    }
    Ok(res)
}

/// RFC 8707 §2: each `resource` is an absolute URI without a fragment (`invalid_target`
/// otherwise). Accepted on every grant; it becomes a JWT access token's `aud`.
fn resources(form: &OAuthForm) -> Result<Vec<Resource>, OAuthError> {
    form.get_all("resource").map(Resource::parse).collect()
}

fn requested_scope(form: &OAuthForm) -> Result<Option<ScopeSet>, OAuthError> {
    form.get("scope")
        .map(ScopeSet::parse)
        .transpose()
        .map_err(|e| OAuthError::invalid_scope(e.to_string()))
}
