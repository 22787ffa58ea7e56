//! Who calls the vault's management API (edit, permissions): a person signed in to the
//! credential's domain (the session cookie of its pages, with `X-CSRF-Token` on changes),
//! or a job or script presenting a Jeton access token of that domain carrying the scope
//! `vault:manage`. Either way the vault's own permissions decide what they may do; admin
//! API tokens do not open the vault (managers get no vault rights by their role alone).

use axum::http::{HeaderMap, Method, header};
use axum_extra::extract::cookie::CookieJar;
use jeton_core::entities::Actor;
use jeton_core::vault::{MANAGE_SCOPE, Principal};
use jeton_flows::vault::VaultCaller;
use jeton_store::Domain;

use crate::api::problem::{ApiError, ApiResult, Kind};
use crate::state::AppState;
use crate::web::{csrf, session};

use super::vault_error;

pub(super) async fn vault_caller(
    state: &AppState,
    domain: &Domain,
    method: &Method,
    headers: &HeaderMap,
    address: String,
) -> ApiResult<VaultCaller> {
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let bearer = value
            .to_str()
            .ok()
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| {
                ApiError::new(
                    Kind::Unauthenticated,
                    "send Authorization: Bearer with a Jeton access token carrying vault:manage",
                )
            })?;
        if bearer.starts_with("jeton_adm_") {
            return Err(ApiError::new(
                Kind::Unauthenticated,
                "admin API tokens do not open the vault: sign in to the domain's pages, or \
                 send a Jeton access token of the domain carrying the scope vault:manage",
            ));
        }
        let record = state
            .flows
            .active_access_token(domain, bearer)
            .await?
            .ok_or_else(|| {
                ApiError::new(
                    Kind::Unauthenticated,
                    "the access token is not a live token of this credential's domain",
                )
            })?;
        if !record.scopes.contains(MANAGE_SCOPE) {
            return Err(ApiError::new(
                Kind::Forbidden,
                "the access token does not carry the scope vault:manage",
            ));
        }
        let principal = state
            .flows
            .vault_principal(domain, &record)
            .await
            .map_err(vault_error)?
            .ok_or_else(|| ApiError::new(Kind::Unauthenticated, "the token's user is disabled"))?;
        let actor = Actor {
            user_id: record.user_id.clone(),
            name: match &record.username {
                Some(u) => format!("{u} (client:{})", record.client_id),
                None => format!("client:{}", record.client_id),
            },
            address: Some(address),
        };
        return Ok(VaultCaller {
            principal,
            actor,
            via: jeton_flows::vault::Via::Api,
        });
    }
    let jar = CookieJar::from_headers(headers);
    let user = session::current_user(state, &jar, domain)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                Kind::Unauthenticated,
                "sign in to this domain first, or send a Jeton access token carrying vault:manage",
            )
        })?;
    let safe = matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && !csrf::verify_header(state, &jar, headers) {
        return Err(ApiError::new(
            Kind::CsrfFailed,
            "send the CSRF cookie's value in the X-CSRF-Token header, from this site",
        ));
    }
    let actor = Actor::user(user.id.clone(), &user.username, Some(address));
    Ok(VaultCaller {
        principal: Principal::User {
            id: user.id,
            roles: user.roles,
        },
        actor,
        via: jeton_flows::vault::Via::Api,
    })
}
