//! The vault's token API for jobs (issue 15): `POST /api/v1/vault/credentials/{id}/token`.
//! Changing credentials and their permissions: `edit.rs`, `permissions.rs` (who may call
//! them: `caller.rs`).
//!
//! Unlike the rest of `/api/v1`, it takes a Jeton-issued **access token** (client
//! credentials of an API consumer, or a personal client's, or a person's), since jobs have
//! no session: the token must be live in the credential's own domain and carry the scope
//! `vault:use`; the credential must allow use by jobs, and the token's principal (its user,
//! or the API consumer) must have *use* on it. The id is global and random, so the path
//! names no domain.
//!
//! Answers: 200 `{"access_token", "token_type", "expires_at"}` with `Cache-Control:
//! no-store`; 401 without a bearer token or with one that is not live in the credential's
//! domain; 403 without `vault:use`, without *use* permission, or when jobs are not allowed;
//! 404 for an unknown id; 409 `needs-reauthorization` when the provider refused to renew
//! (a person must act); 502 `provider-failed` when the provider is down or answered
//! something unusable (retrying later may work).

mod caller;
pub mod edit;
pub mod permissions;

use axum::extract::{FromRequestParts, Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use jeton_core::dates;
use jeton_core::entities::Actor;
use jeton_flows::vault::{VaultCaller, VaultError};
use secrecy::ExposeSecret;
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::problem::{ApiError, ApiResult, Kind, Problem};
use crate::state::AppState;
use crate::web::client_ip::ClientOrigin;

/// A token for the job, valid for at least a minute.
#[derive(Serialize, ToSchema)]
pub struct VaultTokenJson {
    pub access_token: String,
    pub token_type: String,
    /// RFC 3339.
    pub expires_at: String,
}

#[utoipa::path(post, path = "/api/v1/vault/credentials/{id}/token", tag = "vault",
    params(("id" = String, Path, description = "The credential's id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = VaultTokenJson),
        (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 502, body = Problem)))]
pub async fn credential_token(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    origin: Origin,
) -> ApiResult<Response> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| {
            ApiError::new(
                Kind::Unauthenticated,
                "send a Jeton access token carrying the scope vault:use as Authorization: Bearer …",
            )
        })?;
    let flows = &state.flows;
    let (domain, credential) = flows
        .vault_credential_by_id(&id)
        .await
        .map_err(vault_error)?
        .ok_or_else(|| ApiError::not_found("vault credential"))?;
    let record = flows
        .active_access_token(&domain, bearer)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                Kind::Unauthenticated,
                "the access token is not a live token of this credential's domain",
            )
        })?;
    if !record.scopes.contains(jeton_core::vault::USE_SCOPE) {
        return Err(ApiError::new(
            Kind::Forbidden,
            "the access token does not carry the scope vault:use",
        ));
    }
    let principal = flows
        .vault_principal(&domain, &record)
        .await
        .map_err(vault_error)?
        .ok_or_else(|| ApiError::new(Kind::Unauthenticated, "the token's user is disabled"))?;
    let actor = Actor {
        user_id: record.user_id.clone(),
        name: match &record.username {
            Some(u) => format!("{u} (client:{})", record.client_id),
            None => format!("client:{}", record.client_id),
        },
        address: Some(origin.0),
    };
    let caller = VaultCaller {
        principal,
        actor,
        via: jeton_flows::vault::Via::Api,
    };
    let token = flows
        .vault_token(credential, &caller)
        .await
        .map_err(vault_error)?;
    let body = VaultTokenJson {
        access_token: token.access_token.expose_secret().to_owned(),
        token_type: token.token_type,
        expires_at: dates::rfc3339(token.expires_at),
    };
    let mut res = axum::Json(body).into_response();
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    Ok(res)
}

/// The caller's address, for the audit log.
pub struct Origin(String);

impl FromRequestParts<AppState> for Origin {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Ok(o) = ClientOrigin::from_request_parts(parts, state).await;
        Ok(Self(o.ip.to_string()))
    }
}

pub(crate) fn vault_error(e: VaultError) -> ApiError {
    match e {
        VaultError::Invalid(f) => ApiError::invalid(f.field, f.message),
        VaultError::NotFound => ApiError::not_found("vault credential"),
        VaultError::NoSuchPermission => ApiError::not_found("vault permission"),
        VaultError::Forbidden(why) => ApiError::new(Kind::Forbidden, why),
        VaultError::Conflict(what) => {
            ApiError::new(Kind::Conflict, format!("{what} already exists"))
        }
        e @ VaultError::NeedsReauthorization(_) => {
            ApiError::new(Kind::NeedsReauthorization, e.to_string())
        }
        VaultError::Provider(p) => ApiError::new(Kind::ProviderFailed, p.to_string()),
        e @ VaultError::RenewalBusy => ApiError::new(Kind::Unavailable, e.to_string()),
        VaultError::Sealing(_) => ApiError::new(
            Kind::Internal,
            "a stored secret cannot be opened; the error is logged",
        ),
        VaultError::Store(s) => s.into(),
    }
}
