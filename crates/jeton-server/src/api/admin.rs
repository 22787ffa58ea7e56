//! `/api/v1/admin/...`: what only the super administrator does: domains, their API
//! consumers, admin API tokens, the global audit log. Same flows as the CLI.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jeton_core::dates;
use jeton_core::entities::{AdminScope, AdminToken};
use jeton_flows::provision::ClientSpec;
use jeton_store::{Client, ClientId, Domain};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::caller::AdminCaller;
use crate::api::json::{ApiJson, ApiQuery};
use crate::api::manage::audit::{AuditPageJson, AuditParams, audit_page, audit_query};
use crate::api::problem::{ApiError, ApiResult, Problem};
use crate::state::AppState;
use crate::web::urls::{Endpoint, issuer};

#[derive(Serialize, ToSchema)]
pub struct DomainJson {
    pub slug: String,
    pub name: String,
    pub issuer: String,
    pub enabled: bool,
    pub created_at: String,
}

fn domain_json(state: &AppState, d: &Domain) -> DomainJson {
    DomainJson {
        slug: d.slug.clone(),
        name: d.name.clone(),
        issuer: issuer(state.config.public_base(), &d.slug),
        enabled: d.disabled_at.is_none(),
        created_at: dates::rfc3339(d.created_at),
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDomainJson {
    /// Lowercase letters, digits and hyphens; part of the issuer, never changes.
    pub slug: String,
    pub name: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DomainPatchJson {
    pub name: Option<String>,
    pub enabled: Option<bool>,
}

#[utoipa::path(get, path = "/api/v1/admin/domains", tag = "admin",
    responses((status = 200, body = [DomainJson]), (status = 401, body = Problem)))]
pub async fn list_domains(
    State(state): State<AppState>,
    _caller: AdminCaller,
) -> ApiResult<axum::Json<Vec<DomainJson>>> {
    let domains = state.flows.list_domains().await?;
    Ok(axum::Json(
        domains.iter().map(|d| domain_json(&state, d)).collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/admin/domains", tag = "admin", request_body = NewDomainJson,
    responses((status = 201, body = DomainJson), (status = 400, body = Problem), (status = 409, body = Problem)))]
pub async fn create_domain(
    State(state): State<AppState>,
    caller: AdminCaller,
    ApiJson(body): ApiJson<NewDomainJson>,
) -> ApiResult<Response> {
    let d = state
        .flows
        .create_domain(&body.slug, body.name.as_deref(), &caller.actor)
        .await?;
    Ok((StatusCode::CREATED, axum::Json(domain_json(&state, &d))).into_response())
}

#[utoipa::path(patch, path = "/api/v1/admin/domains/{d}", tag = "admin",
    params(("d" = String, Path, description = "The domain's slug")), request_body = DomainPatchJson,
    responses((status = 200, body = DomainJson), (status = 400, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn update_domain(
    State(state): State<AppState>,
    caller: AdminCaller,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<DomainPatchJson>,
) -> ApiResult<axum::Json<DomainJson>> {
    let d = state.flows.any_domain(&slug).await?;
    if let Some(name) = &body.name {
        state.flows.rename_domain(&d, name, &caller.actor).await?;
    }
    if let Some(enabled) = body.enabled {
        state
            .flows
            .set_domain_enabled(&d, enabled, &caller.actor)
            .await?;
    }
    let d = state.flows.any_domain(&slug).await?;
    Ok(axum::Json(domain_json(&state, &d)))
}

#[derive(Serialize, ToSchema)]
pub struct ConsumerJson {
    pub client_id: String,
    pub name: String,
    pub status: &'static str,
    pub grant_types: Vec<&'static str>,
    pub redirect_uris: Vec<String>,
    pub scopes: Vec<String>,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

fn consumer_json(c: &Client, now: i64) -> ConsumerJson {
    ConsumerJson {
        client_id: c.id.to_string(),
        name: c.name.clone(),
        status: c.status(now).as_str(),
        grant_types: c.grant_types.iter().map(|g| g.as_str()).collect(),
        redirect_uris: c.redirect_uris.clone(),
        scopes: c.allowed_scopes.iter().map(str::to_owned).collect(),
        created_at: dates::rfc3339(c.created_at),
        last_used_at: c.last_used_at.map(dates::rfc3339),
        revoked_at: c.revoked_at.map(dates::rfc3339),
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewConsumerJson {
    pub name: String,
    /// `client_credentials` (default without redirect URIs), `authorization_code`, `refresh_token`.
    #[serde(default)]
    pub grant_types: Vec<String>,
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    #[serde(default)]
    pub scopes: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ConsumerSecretJson {
    pub client: ConsumerJson,
    /// Shown this once.
    pub client_secret: String,
    pub token_endpoint: String,
}

#[utoipa::path(get, path = "/api/v1/admin/domains/{d}/consumers", tag = "admin",
    params(("d" = String, Path, description = "The domain's slug")),
    responses((status = 200, body = [ConsumerJson]), (status = 404, body = Problem)))]
pub async fn list_consumers(
    State(state): State<AppState>,
    _caller: AdminCaller,
    Path(slug): Path<String>,
) -> ApiResult<axum::Json<Vec<ConsumerJson>>> {
    let d = state.flows.any_domain(&slug).await?;
    let now = state.flows.now();
    let list = state.flows.consumers(&d).await?;
    Ok(axum::Json(
        list.iter().map(|c| consumer_json(c, now)).collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/admin/domains/{d}/consumers", tag = "admin",
    params(("d" = String, Path, description = "The domain's slug")), request_body = NewConsumerJson,
    responses((status = 201, body = ConsumerSecretJson), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub async fn create_consumer(
    State(state): State<AppState>,
    caller: AdminCaller,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<NewConsumerJson>,
) -> ApiResult<Response> {
    let d = state.flows.any_domain(&slug).await?;
    let spec = ClientSpec {
        name: body.name,
        redirect_uris: body.redirect_uris,
        grants: body.grant_types,
        scopes: body.scopes,
        ..Default::default()
    };
    let created = state
        .flows
        .create_consumer(&d, &spec, &caller.actor)
        .await?;
    let body = ConsumerSecretJson {
        client: consumer_json(&created.client, state.flows.now()),
        client_secret: created.secret,
        token_endpoint: Endpoint::Token.url(state.config.public_base(), &d.slug),
    };
    Ok((StatusCode::CREATED, axum::Json(body)).into_response())
}

async fn consumer_of(state: &AppState, slug: &str, id: &str) -> ApiResult<(Domain, ClientId)> {
    let d = state.flows.any_domain(slug).await?;
    let c = state.flows.consumer(&d, id).await?;
    Ok((d, c.id))
}

#[utoipa::path(post, path = "/api/v1/admin/domains/{d}/consumers/{client_id}/rotate-secret", tag = "admin",
    params(("d" = String, Path, description = "The domain's slug"), ("client_id" = String, Path)),
    responses((status = 200, body = ConsumerSecretJson), (status = 404, body = Problem)))]
pub async fn rotate_consumer_secret(
    State(state): State<AppState>,
    caller: AdminCaller,
    Path((slug, id)): Path<(String, String)>,
) -> ApiResult<axum::Json<ConsumerSecretJson>> {
    let (d, id) = consumer_of(&state, &slug, &id).await?;
    let rotated = state
        .flows
        .rotate_domain_client_secret(&d, &id, &caller.actor, None)
        .await?;
    Ok(axum::Json(ConsumerSecretJson {
        client: consumer_json(&rotated.client, state.flows.now()),
        client_secret: rotated.secret,
        token_endpoint: Endpoint::Token.url(state.config.public_base(), &d.slug),
    }))
}

#[utoipa::path(post, path = "/api/v1/admin/domains/{d}/consumers/{client_id}/revoke", tag = "admin",
    params(("d" = String, Path, description = "The domain's slug"), ("client_id" = String, Path)),
    responses((status = 204, description = "Revoked"), (status = 404, body = Problem)))]
pub async fn revoke_consumer(
    State(state): State<AppState>,
    caller: AdminCaller,
    Path((slug, id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let (d, id) = consumer_of(&state, &slug, &id).await?;
    state
        .flows
        .revoke_domain_client(&d, &id, &caller.actor)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct AdminTokenJson {
    pub id: String,
    pub name: String,
    /// `admin` (everything) or `domain:SLUG` (that domain's management API).
    pub scope: String,
    pub status: &'static str,
    pub created_by: String,
    pub created_at: String,
    pub expires_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

fn token_json(t: &AdminToken, now: i64) -> AdminTokenJson {
    AdminTokenJson {
        id: t.id.clone(),
        name: t.name.clone(),
        scope: t.scope.as_string(),
        status: t.status(now).as_str(),
        created_by: t.created_by.clone(),
        created_at: dates::rfc3339(t.created_at),
        expires_at: dates::rfc3339(t.expires_at),
        last_used_at: t.last_used_at.map(dates::rfc3339),
        revoked_at: t.revoked_at.map(dates::rfc3339),
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAdminTokenJson {
    pub name: String,
    /// `admin` or `domain:SLUG`.
    pub scope: String,
    /// A date (through that day, UTC) or an RFC 3339 date-time, at most a year away.
    pub expires_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct AdminTokenSecretJson {
    pub token: AdminTokenJson,
    /// Send as `Authorization: Bearer …`; shown this once.
    pub secret: String,
}

#[utoipa::path(get, path = "/api/v1/admin/tokens", tag = "admin",
    responses((status = 200, body = [AdminTokenJson])))]
pub async fn list_tokens(
    State(state): State<AppState>,
    _caller: AdminCaller,
) -> ApiResult<axum::Json<Vec<AdminTokenJson>>> {
    let now = state.flows.now();
    let list = state.flows.admin_tokens().await?;
    Ok(axum::Json(
        list.iter().map(|t| token_json(t, now)).collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/admin/tokens", tag = "admin", request_body = NewAdminTokenJson,
    responses((status = 201, body = AdminTokenSecretJson), (status = 400, body = Problem)))]
pub async fn create_token(
    State(state): State<AppState>,
    caller: AdminCaller,
    ApiJson(body): ApiJson<NewAdminTokenJson>,
) -> ApiResult<Response> {
    let scope = AdminScope::parse(&body.scope)
        .ok_or_else(|| ApiError::invalid("scope", "admin or domain:SLUG"))?;
    let expires_at =
        dates::parse_expiry(&body.expires_at).map_err(|m| ApiError::invalid("expires_at", m))?;
    let created = state
        .flows
        .create_admin_token(&body.name, scope, expires_at, &caller.actor, None)
        .await?;
    let body = AdminTokenSecretJson {
        token: token_json(&created.token, state.flows.now()),
        secret: created.secret,
    };
    Ok((StatusCode::CREATED, axum::Json(body)).into_response())
}

#[utoipa::path(post, path = "/api/v1/admin/tokens/{id}/revoke", tag = "admin",
    params(("id" = String, Path)),
    responses((status = 204, description = "Revoked: it stops working at once, on every instance"), (status = 404, body = Problem)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    caller: AdminCaller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state.flows.revoke_admin_token(&id, &caller.actor).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/admin/audit", tag = "admin",
    params(AuditParams),
    responses((status = 200, body = AuditPageJson), (status = 400, body = Problem)))]
pub async fn audit(
    State(state): State<AppState>,
    _caller: AdminCaller,
    ApiQuery(params): ApiQuery<AuditParams>,
) -> ApiResult<axum::Json<AuditPageJson>> {
    let query = audit_query(params, None)?;
    let events = state.flows.audit_log(&query).await?;
    Ok(axum::Json(audit_page(events, query.limit)))
}
