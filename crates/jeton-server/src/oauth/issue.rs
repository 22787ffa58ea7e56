//! Minting the tokens of a successful grant and the token response (RFC 6749 §5.1).

use axum::Json;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use jeton_core::scope::ScopeSet;
use jeton_core::secret::{self, SecretKind};
use jeton_store::{Client, Domain, IssuedTokens, NewAccessToken, NewRefreshToken};
use serde::Serialize;

use crate::state::AppState;

#[derive(Serialize)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_in: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    pub scope: String,
}

impl IntoResponse for TokenResponse {
    fn into_response(self) -> Response {
        let mut res = Json(self).into_response();
        let h = res.headers_mut();
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
        res
    }
}

/// Who the tokens are for.
pub struct Subject<'a> {
    pub user_id: Option<&'a str>,
    pub grant_id: Option<&'a str>,
}

/// Mints an access token with `scopes`, and a refresh token with `refresh_scopes` when given
/// (RFC 6749 §6: a rotated refresh token keeps the scope of the one it replaces, even when
/// the access token was narrowed). Answers what to store and what to send; stores nothing.
pub fn mint(
    state: &AppState,
    domain: &Domain,
    client: &Client,
    subject: &Subject<'_>,
    scopes: &ScopeSet,
    refresh_scopes: Option<&ScopeSet>,
) -> (IssuedTokens, TokenResponse) {
    let now = state.now();
    let random = state.random.as_ref();
    let access = secret::mint_ordered(SecretKind::AccessToken, random, now);
    let ttl = domain.settings.access_token_ttl_secs;
    let access_row = NewAccessToken {
        digest: access.digest,
        domain_id: domain.id.clone(),
        client_id: client.id.clone(),
        user_id: subject.user_id.map(str::to_owned),
        grant_id: subject.grant_id.map(str::to_owned),
        scopes: scopes.clone(),
        issued_at: now,
        expires_at: now + ttl,
    };
    let refresh = match (refresh_scopes, subject.user_id, subject.grant_id) {
        (Some(refresh_scopes), Some(user_id), Some(grant_id)) => {
            let minted = secret::mint_ordered(SecretKind::RefreshToken, random, now);
            let row = NewRefreshToken {
                digest: minted.digest,
                domain_id: domain.id.clone(),
                client_id: client.id.clone(),
                user_id: user_id.to_owned(),
                grant_id: grant_id.to_owned(),
                scopes: refresh_scopes.clone(),
                issued_at: now,
                expires_at: now + domain.settings.refresh_token_ttl_secs,
            };
            Some((minted.value, row))
        }
        _ => None,
    };
    let (refresh_value, refresh_row) = match refresh {
        Some((v, r)) => (Some(v), Some(r)),
        None => (None, None),
    };
    let response = TokenResponse {
        access_token: access.value,
        token_type: "Bearer",
        expires_in: ttl,
        refresh_token: refresh_value,
        scope: scopes.to_string(),
    };
    (
        IssuedTokens {
            access: access_row,
            refresh: refresh_row,
        },
        response,
    )
}
