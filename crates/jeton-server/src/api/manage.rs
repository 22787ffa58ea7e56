//! `/api/v1/domains/{d}/...` for the domain's managers (and the super administrator): users,
//! the domain's clients, scopes, settings and the audit log. The same flows as the manager
//! pages and the CLI; every call is limited to the path's domain by `ManagerCaller`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jeton_core::dates;
use jeton_core::entities::{AuditAction, AuditEvent, AuditQuery};
use jeton_flows::users::NewUserRequest;
use jeton_store::{
    ClientCursor, ClientId, ClientListQuery, ClientSort, ClientStatus, DomainSettings, User,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::caller::ManagerCaller;
use crate::api::json::{ApiJson, ApiQuery};
use crate::api::problem::{ApiError, ApiResult, Problem};
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct UserJson {
    pub id: String,
    pub username: String,
    pub email: Option<String>,
    pub roles: Vec<String>,
    /// Key → value; scopes can be derived from them.
    #[schema(value_type = Object)]
    pub attributes: serde_json::Value,
    pub disabled: bool,
    pub created_at: String,
}

fn user_json(u: User) -> UserJson {
    UserJson {
        id: u.id.to_string(),
        username: u.username,
        email: u.email,
        roles: u.roles,
        attributes: u.attributes,
        disabled: u.disabled,
        created_at: dates::rfc3339(u.created_at),
    }
}

#[derive(Serialize, ToSchema)]
pub struct UserPage {
    pub users: Vec<UserJson>,
    /// Pass as `after` for the next page; absent on the last.
    pub next: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserListParams {
    /// Only usernames containing this (ignoring case).
    pub search: Option<String>,
    /// The `next` of the previous page.
    pub after: Option<String>,
    /// 1 to 500 (default 50).
    pub limit: Option<u32>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserJson {
    pub username: String,
    pub email: Option<String>,
    /// Omitted: the user cannot sign in until a password is set.
    pub password: Option<String>,
    #[serde(default)]
    pub roles: Vec<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RolesJson {
    pub roles: Vec<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttributesJson {
    #[schema(value_type = Object)]
    pub attributes: serde_json::Value,
}

#[utoipa::path(get, path = "/api/v1/domains/{d}/users", tag = "manage",
    params(("d" = String, Path, description = "The domain's slug"), UserListParams),
    responses((status = 200, body = UserPage), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list_users(
    State(state): State<AppState>,
    caller: ManagerCaller,
    ApiQuery(q): ApiQuery<UserListParams>,
) -> ApiResult<axum::Json<UserPage>> {
    let limit = q.limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::invalid("limit", "1 to 500"));
    }
    let users = state
        .flows
        .list_users(
            &caller.domain,
            q.search.as_deref(),
            q.after.as_deref(),
            limit,
        )
        .await?;
    let next = (users.len() == limit as usize)
        .then(|| users.last().map(|u| u.username.clone()))
        .flatten();
    Ok(axum::Json(UserPage {
        users: users.into_iter().map(user_json).collect(),
        next,
    }))
}

#[utoipa::path(post, path = "/api/v1/domains/{d}/users", tag = "manage",
    params(("d" = String, Path, description = "The domain's slug")), request_body = NewUserJson,
    responses((status = 201, body = UserJson), (status = 400, body = Problem), (status = 409, body = Problem)))]
pub async fn create_user(
    State(state): State<AppState>,
    caller: ManagerCaller,
    ApiJson(body): ApiJson<NewUserJson>,
) -> ApiResult<Response> {
    let request = NewUserRequest {
        username: body.username,
        email: body.email,
        password: body.password,
        roles: body.roles,
    };
    let user = state
        .flows
        .create_user(&caller.domain, &request, &caller.actor, caller.by)
        .await?;
    Ok((StatusCode::CREATED, axum::Json(user_json(user))).into_response())
}

async fn named(state: &AppState, caller: &ManagerCaller, username: &str) -> ApiResult<User> {
    Ok(state.flows.user_by_name(&caller.domain, username).await?)
}

#[utoipa::path(get, path = "/api/v1/domains/{d}/users/{username}", tag = "manage",
    params(("d" = String, Path, description = "The domain's slug"), ("username" = String, Path)),
    responses((status = 200, body = UserJson), (status = 404, body = Problem)))]
pub async fn show_user(
    State(state): State<AppState>,
    caller: ManagerCaller,
    Path((_, username)): Path<(String, String)>,
) -> ApiResult<axum::Json<UserJson>> {
    Ok(axum::Json(user_json(
        named(&state, &caller, &username).await?,
    )))
}

#[utoipa::path(post, path = "/api/v1/domains/{d}/users/{username}/disable", tag = "manage",
    params(("d" = String, Path, description = "The domain's slug"), ("username" = String, Path)),
    responses((status = 204, description = "Disabled: sessions end, tokens and personal clients stop working"),
        (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn disable_user(
    State(state): State<AppState>,
    caller: ManagerCaller,
    Path((_, username)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let u = named(&state, &caller, &username).await?;
    state
        .flows
        .set_user_disabled(&caller.domain, &u.id, true, &caller.actor, caller.by)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/domains/{d}/users/{username}/enable", tag = "manage",
    params(("d" = String, Path, description = "The domain's slug"), ("username" = String, Path)),
    responses((status = 204, description = "Enabled"), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn enable_user(
    State(state): State<AppState>,
    caller: ManagerCaller,
    Path((_, username)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let u = named(&state, &caller, &username).await?;
    state
        .flows
        .set_user_disabled(&caller.domain, &u.id, false, &caller.actor, caller.by)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/api/v1/domains/{d}/users/{username}/roles", tag = "manage",
    params(("d" = String, Path, description = "The domain's slug"), ("username" = String, Path)),
    request_body = RolesJson,
    responses((status = 200, body = UserJson), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn set_roles(
    State(state): State<AppState>,
    caller: ManagerCaller,
    Path((_, username)): Path<(String, String)>,
    ApiJson(body): ApiJson<RolesJson>,
) -> ApiResult<axum::Json<UserJson>> {
    let u = named(&state, &caller, &username).await?;
    state
        .flows
        .set_user_roles(&caller.domain, &u.id, &body.roles, &caller.actor, caller.by)
        .await?;
    Ok(axum::Json(user_json(
        state.flows.user_by_id(&caller.domain, &u.id).await?,
    )))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailJson {
    pub email: String,
}

#[utoipa::path(put, path = "/api/v1/domains/{d}/users/{username}/email", tag = "manage",
    params(("d" = String, Path, description = "The domain's slug"), ("username" = String, Path)),
    request_body = EmailJson,
    responses((status = 200, body = UserJson), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn set_email(
    State(state): State<AppState>,
    caller: ManagerCaller,
    Path((_, username)): Path<(String, String)>,
    ApiJson(body): ApiJson<EmailJson>,
) -> ApiResult<axum::Json<UserJson>> {
    let u = named(&state, &caller, &username).await?;
    state
        .flows
        .set_user_email(&caller.domain, &u.id, &body.email, &caller.actor, caller.by)
        .await?;
    Ok(axum::Json(user_json(
        state.flows.user_by_id(&caller.domain, &u.id).await?,
    )))
}

#[utoipa::path(put, path = "/api/v1/domains/{d}/users/{username}/attributes", tag = "manage",
    params(("d" = String, Path, description = "The domain's slug"), ("username" = String, Path)),
    request_body = AttributesJson,
    responses((status = 200, body = UserJson), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn set_attributes(
    State(state): State<AppState>,
    caller: ManagerCaller,
    Path((_, username)): Path<(String, String)>,
    ApiJson(body): ApiJson<AttributesJson>,
) -> ApiResult<axum::Json<UserJson>> {
    let u = named(&state, &caller, &username).await?;
    state
        .flows
        .set_user_attributes(
            &caller.domain,
            &u.id,
            &body.attributes,
            &caller.actor,
            caller.by,
        )
        .await?;
    Ok(axum::Json(user_json(
        state.flows.user_by_id(&caller.domain, &u.id).await?,
    )))
}

#[derive(Serialize, ToSchema)]
pub struct ClientRowJson {
    pub client_id: String,
    pub name: String,
    /// `application`, `personal` or `consumer`.
    pub kind: &'static str,
    pub owner: Option<String>,
    pub status: &'static str,
    pub scopes: Vec<String>,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ClientPageJson {
    pub clients: Vec<ClientRowJson>,
    /// Pass as `cursor` (with the same sort and filters) for the next page.
    pub next: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClientListParams {
    /// `name`, `owner`, `created` (default), `expires` or `last_used`.
    pub sort: Option<String>,
    /// `asc` (default) or `desc`.
    pub order: Option<String>,
    /// Only the clients of this username.
    pub owner: Option<String>,
    /// `active`, `expired` or `revoked`.
    pub status: Option<String>,
    /// Only names containing this (ignoring case).
    pub q: Option<String>,
    pub cursor: Option<String>,
    /// 1 to 500 (default 50).
    pub limit: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/domains/{d}/clients", tag = "manage",
    params(("d" = String, Path, description = "The domain's slug"), ClientListParams),
    responses((status = 200, body = ClientPageJson), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn list_clients(
    State(state): State<AppState>,
    caller: ManagerCaller,
    ApiQuery(q): ApiQuery<ClientListParams>,
) -> ApiResult<axum::Json<ClientPageJson>> {
    let sort = match q.sort.as_deref().unwrap_or("created") {
        "name" => ClientSort::Name,
        "owner" => ClientSort::Owner,
        "created" => ClientSort::Created,
        "expires" => ClientSort::Expires,
        "last_used" => ClientSort::LastUsed,
        _ => {
            return Err(ApiError::invalid(
                "sort",
                "name, owner, created, expires or last_used",
            ));
        }
    };
    let descending = match q.order.as_deref().unwrap_or("asc") {
        "asc" => false,
        "desc" => true,
        _ => return Err(ApiError::invalid("order", "asc or desc")),
    };
    let status = match q.status.as_deref() {
        None | Some("") => None,
        Some("active") => Some(ClientStatus::Active),
        Some("expired") => Some(ClientStatus::Expired),
        Some("revoked") => Some(ClientStatus::Revoked),
        Some(_) => return Err(ApiError::invalid("status", "active, expired or revoked")),
    };
    let owner_user_id = match q.owner.as_deref().filter(|o| !o.is_empty()) {
        // An unknown owner has no clients: an empty page, not an error.
        Some(name) => Some(match state.flows.user_by_name(&caller.domain, name).await {
            Ok(u) => u.id,
            Err(jeton_flows::error::ManageError::NotFound(_)) => {
                return Ok(axum::Json(ClientPageJson {
                    clients: vec![],
                    next: None,
                }));
            }
            Err(e) => return Err(e.into()),
        }),
        None => None,
    };
    let after = match q.cursor.as_deref().filter(|c| !c.is_empty()) {
        Some(c) => Some(
            ClientCursor::decode(c)
                .ok_or_else(|| ApiError::invalid("cursor", "not a cursor this list gave"))?,
        ),
        None => None,
    };
    let limit = q.limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::invalid("limit", "1 to 500"));
    }
    let page = state
        .flows
        .list_clients(
            &caller.domain,
            ClientListQuery {
                domain_id: caller.domain.id.clone(),
                sort,
                descending,
                owner_user_id,
                status,
                name_contains: q.q.filter(|s| !s.is_empty()),
                now: 0,
                after,
                limit,
            },
        )
        .await
        .map_err(|e| match e {
            jeton_flows::error::ManageError::Store(jeton_store::StoreError::Invalid(m)) => {
                ApiError::invalid("cursor", m)
            }
            other => other.into(),
        })?;
    let now = state.flows.now();
    Ok(axum::Json(ClientPageJson {
        clients: page
            .clients
            .into_iter()
            .map(|i| {
                let c = i.client;
                ClientRowJson {
                    client_id: c.id.to_string(),
                    name: c.name.clone(),
                    kind: c.kind.as_str(),
                    owner: i.owner_username,
                    status: c.status(now).as_str(),
                    scopes: c.allowed_scopes.iter().map(str::to_owned).collect(),
                    created_at: dates::rfc3339(c.created_at),
                    expires_at: c.expires_at.map(dates::rfc3339),
                    last_used_at: c.last_used_at.map(dates::rfc3339),
                    revoked_at: c.revoked_at.map(dates::rfc3339),
                }
            })
            .collect(),
        next: page.next.map(|c| c.encode()),
    }))
}

#[utoipa::path(post, path = "/api/v1/domains/{d}/clients/{client_id}/revoke", tag = "manage",
    params(("d" = String, Path, description = "The domain's slug"), ("client_id" = String, Path)),
    responses((status = 204, description = "Revoked: its grants and tokens end at once"), (status = 404, body = Problem)))]
pub async fn revoke_client(
    State(state): State<AppState>,
    caller: ManagerCaller,
    Path((_, client_id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let id = ClientId::parse(&client_id).ok_or_else(|| ApiError::not_found("client"))?;
    state
        .flows
        .revoke_domain_client(&caller.domain, &id, &caller.actor)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScopeDefJson {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Only users with one of these roles may get it; empty: anyone.
    #[serde(default)]
    pub roles: Vec<String>,
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
            &caller.actor,
        )
        .await?;
    Ok((StatusCode::CREATED, axum::Json(body)).into_response())
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsJson {
    pub access_token_ttl_secs: i64,
    pub refresh_token_ttl_secs: i64,
    /// 0 (off) to 60.
    pub refresh_grace_secs: i64,
    pub personal_clients_enabled: bool,
    pub personal_client_max_lifetime_secs: i64,
}

fn settings_json(s: &DomainSettings) -> SettingsJson {
    SettingsJson {
        access_token_ttl_secs: s.access_token_ttl_secs,
        refresh_token_ttl_secs: s.refresh_token_ttl_secs,
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
    let settings = DomainSettings {
        access_token_ttl_secs: body.access_token_ttl_secs,
        refresh_token_ttl_secs: body.refresh_token_ttl_secs,
        refresh_grace_secs: body.refresh_grace_secs,
        personal_clients_enabled: body.personal_clients_enabled,
        personal_client_max_lifetime_secs: body.personal_client_max_lifetime_secs,
    };
    state
        .flows
        .update_settings(&caller.domain, &settings, &caller.actor)
        .await?;
    Ok(axum::Json(settings_json(&settings)))
}

#[derive(Serialize, ToSchema)]
pub struct AuditEventJson {
    pub id: String,
    pub at: String,
    pub actor: String,
    pub address: Option<String>,
    pub action: &'static str,
    pub target: String,
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

#[derive(Serialize, ToSchema)]
pub struct AuditPageJson {
    pub events: Vec<AuditEventJson>,
    /// Pass as `before` for the next (older) page.
    pub next: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// e.g. `client.revoke`, `user.roles`, `sign_in`.
    pub action: Option<String>,
    /// A username, `cli`, …
    pub actor: Option<String>,
    /// `kind:id`, e.g. `client:abc`.
    pub target: Option<String>,
    pub before: Option<String>,
    /// 1 to 500 (default 50).
    pub limit: Option<u32>,
}

pub fn audit_json(e: AuditEvent) -> AuditEventJson {
    AuditEventJson {
        id: e.id,
        at: dates::rfc3339(e.at),
        actor: e.actor.name,
        address: e.actor.address,
        action: e.action.as_str(),
        target: e.target,
        detail: e.detail,
    }
}

/// The audit query of `params` within `domain` (None: every domain).
pub fn audit_query(
    params: AuditParams,
    domain: Option<jeton_store::DomainId>,
) -> ApiResult<AuditQuery> {
    let action = match params.action.as_deref().filter(|a| !a.is_empty()) {
        Some(a) => Some(
            AuditAction::parse(a)
                .ok_or_else(|| ApiError::invalid("action", "not an audit action"))?,
        ),
        None => None,
    };
    let before = match params.before.as_deref().filter(|b| !b.is_empty()) {
        Some(b) => {
            let (at, id) = b
                .split_once('.')
                .and_then(|(at, id)| Some((at.parse::<i64>().ok()?, id.to_owned())))
                .ok_or_else(|| ApiError::invalid("before", "not a position this log gave"))?;
            Some((at, id))
        }
        None => None,
    };
    let limit = params.limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::invalid("limit", "1 to 500"));
    }
    Ok(AuditQuery {
        domain_id: domain,
        action,
        actor: params.actor.filter(|a| !a.is_empty()),
        target: params.target.filter(|t| !t.is_empty()),
        before,
        limit,
    })
}

pub fn audit_page(events: Vec<AuditEvent>, limit: u32) -> AuditPageJson {
    let next = (events.len() == limit as usize)
        .then(|| events.last().map(|e| format!("{}.{}", e.at, e.id)))
        .flatten();
    AuditPageJson {
        events: events.into_iter().map(audit_json).collect(),
        next,
    }
}

#[utoipa::path(get, path = "/api/v1/domains/{d}/audit", tag = "manage",
    params(("d" = String, Path, description = "The domain's slug"), AuditParams),
    responses((status = 200, body = AuditPageJson), (status = 400, body = Problem)))]
pub async fn audit(
    State(state): State<AppState>,
    caller: ManagerCaller,
    ApiQuery(params): ApiQuery<AuditParams>,
) -> ApiResult<axum::Json<AuditPageJson>> {
    let query = audit_query(params, Some(caller.domain.id.clone()))?;
    let events = state.flows.audit_log(&query).await?;
    Ok(axum::Json(audit_page(events, query.limit)))
}
