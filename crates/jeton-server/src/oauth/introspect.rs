//! Token introspection (RFC 7662). Only confidential clients may ask (resource servers);
//! anything unknown, expired, revoked or from another domain is `{"active": false}`.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use jeton_core::capabilities::{ClientAuthEndpoint, SERVED};
use jeton_core::client_auth as client_rules;
use jeton_core::secret::{SecretDigest, SecretKind};
use jeton_store::{Domain, TokenRecord};
use serde::Serialize;

use crate::oauth::client_auth;
use crate::oauth::error::OAuthErrorResponse;
use crate::oauth::form::OAuthForm;
use crate::state::AppState;
use crate::web::client_ip::ClientOrigin;
use crate::web::domain::CurrentDomain;
use crate::web::urls;

#[derive(Serialize, Default)]
pub struct Introspection {
    pub active: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exp: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Access,
    Refresh,
}

/// Which tables to look in, in order: the hint first (RFC 7662 §2.1), but never a table
/// the token's prefix rules out.
pub fn lookup_order(token: &str, hint: Option<&str>) -> Vec<Kind> {
    match SecretKind::of(token) {
        Some(SecretKind::AccessToken) => vec![Kind::Access],
        Some(SecretKind::RefreshToken) => vec![Kind::Refresh],
        Some(_) => vec![],
        None if hint == Some("refresh_token") => vec![Kind::Refresh, Kind::Access],
        None => vec![Kind::Access, Kind::Refresh],
    }
}

pub async fn introspect(
    State(state): State<AppState>,
    CurrentDomain(domain): CurrentDomain,
    origin: ClientOrigin,
    headers: HeaderMap,
    form: OAuthForm,
) -> Result<Response, OAuthErrorResponse> {
    let client = client_auth::authenticate(&state, &domain, &headers, &form, origin).await?;
    SERVED.check_client_auth(ClientAuthEndpoint::Introspection, client.auth_method)?;
    let token = form.require("token")?;
    let mut answer = find(&state, &domain, token, form.get("token_type_hint")).await?;
    if answer.active
        && !client_rules::may_introspect(
            &client.id,
            client.owner_user_id.is_some(),
            answer.client_id.as_deref().unwrap_or(""),
        )
    {
        answer = Introspection::default();
    }
    let mut res = Json(answer).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

async fn find(
    state: &AppState,
    domain: &Domain,
    token: &str,
    hint: Option<&str>,
) -> Result<Introspection, OAuthErrorResponse> {
    let digest = SecretDigest::of(token);
    let now = state.now();
    for kind in lookup_order(token, hint) {
        let record = match kind {
            Kind::Access => state.cache.access_token(&domain.id, &digest).await?,
            Kind::Refresh => state
                .store
                .refresh_token(&domain.id, &digest)
                .await?
                .map(std::sync::Arc::new),
        };
        if let Some(r) = record {
            if !r.is_active(now) {
                return Ok(Introspection::default());
            }
            return Ok(describe(state, domain, &r, kind));
        }
    }
    Ok(Introspection::default())
}

fn describe(state: &AppState, domain: &Domain, r: &TokenRecord, kind: Kind) -> Introspection {
    Introspection {
        active: true,
        scope: Some(r.scopes.to_string()),
        client_id: Some(r.client_id.clone()),
        username: r.username.clone(),
        token_type: (kind == Kind::Access).then_some("Bearer"),
        exp: Some(r.expires_at),
        iat: Some(r.issued_at),
        // A token of a client acting for itself has the client as its subject.
        sub: Some(r.user_id.clone().unwrap_or_else(|| r.client_id.clone())),
        iss: Some(urls::issuer(state.config.public_base(), &domain.slug)),
    }
}
