//! Managers' API: the domain's scopes and settings.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jeton_core::access_token::AccessTokenFormat;
use jeton_store::DomainSettings;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::caller::ManagerCaller;
use crate::api::json::ApiJson;
use crate::api::problem::{ApiResult, Problem};
use crate::state::AppState;

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScopeDefJson {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Only users with one of these roles may get it; empty: anyone.
    #[serde(default)]
    pub roles: Vec<String>,
    /// User attributes that grant it too, each `key=value` (e.g. `department=finance`).
    #[serde(default)]
    pub attributes: Vec<String>,
}

#[utoipa::path(get, path = "/api/v1/domains/{d}/scopes", tag = "manage",
    params(("d" = String, Path, description = "The domain's slug")),
    responses((status = 200, body = [ScopeDefJson])))]
pub async fn list_scopes(
    State(state): State<AppState>,
    caller: ManagerCaller,
) -> ApiResult<axum::Json<Vec<ScopeDefJson>>> {
    let defs = state.flows.scope_definitions(&caller.domain.id).await?;
    Ok(axum::Json(
        defs.iter()
            .map(|d| ScopeDefJson {
                name: d.name.clone(),
                description: d.description.clone(),
                roles: d.roles.clone(),
                attributes: d.attributes.clone(),
            })
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/domains/{d}/scopes", tag = "manage",
    params(("d" = String, Path, description = "The domain's slug")), request_body = ScopeDefJson,
    responses((status = 201, body = ScopeDefJson), (status = 400, body = Problem), (status = 409, body = Problem)))]
pub async fn create_scope(
    State(state): State<AppState>,
    caller: ManagerCaller,
    ApiJson(body): ApiJson<ScopeDefJson>,
) -> ApiResult<Response> {
    state
        .flows
        .create_scope(
            &caller.domain,
            &body.name,
            &body.description,
            &body.roles,
            &body.attributes,
            &caller.actor,
        )
        .await?;
    Ok((StatusCode::CREATED, axum::Json(body)).into_response())
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsJson {
    pub access_token_ttl_secs: i64,
    /// The idle lifetime: a refresh token unused this long expires (each rotation starts
    /// it again).
    pub refresh_token_ttl_secs: i64,
    /// The most a chain of refresh tokens may last from the sign-in that started it: 0
    /// (none) or 3600 to five years. Always answered; left unchanged when a PUT omits it
    /// (as are the next two).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_absolute_ttl_secs: Option<i64>,
    /// 10 to 60.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_ttl_secs: Option<i64>,
    /// 60 to 86400.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token_ttl_secs: Option<i64>,
    /// 0 (off) to 60.
    pub refresh_grace_secs: i64,
    pub personal_clients_enabled: bool,
    pub personal_client_max_lifetime_secs: i64,
    /// The access tokens of clients that do not choose their own: `opaque` or `jwt`
    /// (RFC 9068). Always answered; left unchanged when a PUT omits it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_format: Option<AccessTokenFormatJson>,
    /// What introspection says beyond RFC 7662, and a header that carries the access
    /// token too. Always answered; left unchanged when a PUT omits it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_check: Option<TokenCheckJson>,
}

/// `TokenCheck` on the wire.
#[derive(Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenCheckJson {
    /// User attribute keys introspection returns as claims (tokens about a user).
    #[serde(default)]
    pub attributes: Vec<String>,
    /// Also return `scopes`, a JSON array, next to the `scope` string.
    #[serde(default)]
    pub scopes_array: bool,
    /// A token-endpoint response header that carries the access token as well.
    #[serde(default)]
    pub access_token_header: Option<String>,
}

impl From<&jeton_core::entities::TokenCheck> for TokenCheckJson {
    fn from(t: &jeton_core::entities::TokenCheck) -> Self {
        Self {
            attributes: t.attributes.clone(),
            scopes_array: t.scopes_array,
            access_token_header: t.access_token_header.clone(),
        }
    }
}

impl From<TokenCheckJson> for jeton_core::entities::TokenCheck {
    fn from(t: TokenCheckJson) -> Self {
        Self {
            attributes: t.attributes,
            scopes_array: t.scopes_array,
            access_token_header: t.access_token_header,
        }
    }
}

/// `opaque` (`jeton_at_…`, checked by introspection) or `jwt` (RFC 9068, signed).
#[derive(Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum AccessTokenFormatJson {
    Opaque,
    Jwt,
}

impl From<AccessTokenFormat> for AccessTokenFormatJson {
    fn from(f: AccessTokenFormat) -> Self {
        match f {
            AccessTokenFormat::Opaque => Self::Opaque,
            AccessTokenFormat::Jwt => Self::Jwt,
        }
    }
}

impl From<AccessTokenFormatJson> for AccessTokenFormat {
    fn from(f: AccessTokenFormatJson) -> Self {
        match f {
            AccessTokenFormatJson::Opaque => Self::Opaque,
            AccessTokenFormatJson::Jwt => Self::Jwt,
        }
    }
}

fn settings_json(s: &DomainSettings) -> SettingsJson {
    SettingsJson {
        access_token_format: Some(s.access_token_format.into()),
        token_check: Some((&s.token_check).into()),
        access_token_ttl_secs: s.access_token_ttl_secs,
        refresh_token_ttl_secs: s.refresh_token_ttl_secs,
        refresh_token_absolute_ttl_secs: Some(s.refresh_token_absolute_ttl_secs),
        code_ttl_secs: Some(s.code_ttl_secs),
        id_token_ttl_secs: Some(s.id_token_ttl_secs),
        refresh_grace_secs: s.refresh_grace_secs,
        personal_clients_enabled: s.personal_clients_enabled,
        personal_client_max_lifetime_secs: s.personal_client_max_lifetime_secs,
    }
}

#[utoipa::path(get, path = "/api/v1/domains/{d}/settings", tag = "manage",
    params(("d" = String, Path, description = "The domain's slug")),
    responses((status = 200, body = SettingsJson)))]
pub async fn get_settings(caller: ManagerCaller) -> axum::Json<SettingsJson> {
    axum::Json(settings_json(&caller.domain.settings))
}

#[utoipa::path(put, path = "/api/v1/domains/{d}/settings", tag = "manage",
    params(("d" = String, Path, description = "The domain's slug")), request_body = SettingsJson,
    responses((status = 200, body = SettingsJson), (status = 400, body = Problem)))]
pub async fn put_settings(
    State(state): State<AppState>,
    caller: ManagerCaller,
    ApiJson(body): ApiJson<SettingsJson>,
) -> ApiResult<axum::Json<SettingsJson>> {
    let now = &caller.domain.settings;
    let settings = DomainSettings {
        code_ttl_secs: body.code_ttl_secs.unwrap_or(now.code_ttl_secs),
        access_token_ttl_secs: body.access_token_ttl_secs,
        refresh_token_ttl_secs: body.refresh_token_ttl_secs,
        refresh_token_absolute_ttl_secs: body
            .refresh_token_absolute_ttl_secs
            .unwrap_or(now.refresh_token_absolute_ttl_secs),
        id_token_ttl_secs: body.id_token_ttl_secs.unwrap_or(now.id_token_ttl_secs),
        refresh_grace_secs: body.refresh_grace_secs,
        personal_clients_enabled: body.personal_clients_enabled,
        personal_client_max_lifetime_secs: body.personal_client_max_lifetime_secs,
        access_token_format: body
            .access_token_format
            .map_or(caller.domain.settings.access_token_format, Into::into),
        token_check: body
            .token_check
            .clone()
            .map_or_else(|| caller.domain.settings.token_check.clone(), Into::into),
    };
    state
        .flows
        .update_settings(&caller.domain, &settings, &caller.actor)
        .await?;
    Ok(axum::Json(settings_json(&settings)))
}
