//! `/api/v1/domains/{d}/account/...`: what a signed-in person manages for themselves, the
//! same flows as the account pages.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jeton_core::client_registration::PersonalClientRequest;
use jeton_core::dates;
use jeton_core::scope::{ScopeDefinition, ScopeSet};
use jeton_store::{AuthorizedApp, Client, ClientId, GrantId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::caller::SessionCaller;
use crate::api::json::ApiJson;
use crate::api::problem::{ApiError, ApiResult, Problem};
use crate::state::AppState;
use crate::web::urls::Endpoint;

pub mod my_apps;

/// The signed-in person.
#[derive(Serialize, ToSchema)]
pub struct Me {
    pub username: String,
    pub email: Option<String>,
    pub roles: Vec<String>,
    /// Whether this person may create personal OAuth clients (the domain has them on and
    /// the person holds the `personal-clients` role).
    pub personal_clients_allowed: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ScopeJson {
    pub name: String,
    /// What the scope lets an application do, as the consent page said it.
    pub description: String,
}

/// An application the person authorized (a grant).
#[derive(Serialize, ToSchema)]
pub struct AuthorizedAppJson {
    pub grant_id: String,
    pub client_id: String,
    pub client_name: String,
    pub client_description: String,
    pub scopes: Vec<ScopeJson>,
    /// RFC 3339.
    pub approved_at: String,
    /// When a token was last issued under this grant (RFC 3339; lags by up to a few seconds).
    pub last_used_at: Option<String>,
}

/// A personal OAuth client. Its secret is never part of this: it is shown once, when the
/// client is created or its secret rotated.
#[derive(Serialize, ToSchema)]
pub struct PersonalClientJson {
    pub client_id: String,
    pub name: String,
    /// `active`, `expired` or `revoked`.
    pub status: &'static str,
    pub scopes: Vec<String>,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPersonalClient {
    pub name: String,
    /// A date (`2027-01-31`: valid through that day, UTC) or an RFC 3339 date-time; at most
    /// the domain's maximum lifetime away.
    pub expires_at: String,
    /// Within the caller's own scopes; omitted: all of them.
    pub scopes: Option<Vec<String>>,
}

/// A client with its secret: shown this once.
#[derive(Serialize, ToSchema)]
pub struct PersonalClientSecret {
    pub client: PersonalClientJson,
    pub client_secret: String,
    /// Where the client gets tokens (client credentials, HTTP Basic authentication).
    pub token_endpoint: String,
}

#[utoipa::path(get, path = "/api/v1/domains/{d}/account", tag = "account",
    params(("d" = String, Path, description = "The domain's slug")),
    responses((status = 200, body = Me), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn me(State(state): State<AppState>, caller: SessionCaller) -> axum::Json<Me> {
    let allowed = state
        .flows
        .personal_clients_allowed(&caller.domain, &caller.user)
        .is_ok();
    axum::Json(Me {
        username: caller.user.username,
        email: caller.user.email,
        roles: caller.user.roles,
        personal_clients_allowed: allowed,
    })
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfilePatch {
    pub email: Option<String>,
}

#[utoipa::path(patch, path = "/api/v1/domains/{d}/account", tag = "account",
    params(("d" = String, Path, description = "The domain's slug")), request_body = ProfilePatch,
    responses((status = 200, body = Me), (status = 400, body = Problem)))]
pub async fn update_me(
    State(state): State<AppState>,
    caller: SessionCaller,
    ApiJson(body): ApiJson<ProfilePatch>,
) -> ApiResult<axum::Json<Me>> {
    if let Some(email) = &body.email {
        state
            .flows
            .update_my_email(&caller.domain, &caller.user, email, &caller.actor)
            .await?;
    }
    let user = state
        .flows
        .user_by_id(&caller.domain, &caller.user.id)
        .await?;
    let allowed = state
        .flows
        .personal_clients_allowed(&caller.domain, &user)
        .is_ok();
    Ok(axum::Json(Me {
        username: user.username,
        email: user.email,
        roles: user.roles,
        personal_clients_allowed: allowed,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

#[utoipa::path(put, path = "/api/v1/domains/{d}/account/password", tag = "account",
    params(("d" = String, Path, description = "The domain's slug")), request_body = PasswordChange,
    responses((status = 204, description = "Changed; every other session of yours has ended"),
        (status = 400, body = Problem)))]
pub async fn change_password(
    State(state): State<AppState>,
    caller: SessionCaller,
    ApiJson(body): ApiJson<PasswordChange>,
) -> ApiResult<StatusCode> {
    state
        .flows
        .change_my_password(
            &caller.domain,
            &caller.user,
            &body.current_password,
            &body.new_password,
            &caller.session,
            &caller.actor,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/domains/{d}/account/authorized-apps", tag = "account",
    params(("d" = String, Path, description = "The domain's slug")),
    responses((status = 200, body = [AuthorizedAppJson]), (status = 401, body = Problem)))]
pub async fn authorized_apps(
    State(state): State<AppState>,
    caller: SessionCaller,
) -> ApiResult<axum::Json<Vec<AuthorizedAppJson>>> {
    let apps = state
        .flows
        .authorized_apps(&caller.domain, &caller.user)
        .await?;
    let defs = state.flows.scope_definitions(&caller.domain.id).await?;
    Ok(axum::Json(
        apps.iter().map(|a| authorized_app_json(a, &defs)).collect(),
    ))
}

#[utoipa::path(delete, path = "/api/v1/domains/{d}/account/authorized-apps/{grant_id}", tag = "account",
    params(("d" = String, Path, description = "The domain's slug"), ("grant_id" = String, Path)),
    responses((status = 204, description = "Revoked, with every code and token under it"),
        (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn revoke_authorized_app(
    State(state): State<AppState>,
    caller: SessionCaller,
    Path((_, grant_id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    state
        .flows
        .revoke_my_grant(
            &caller.domain,
            &caller.user,
            &GrantId::from(grant_id),
            &caller.actor,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/domains/{d}/account/personal-clients", tag = "account",
    params(("d" = String, Path, description = "The domain's slug")),
    responses((status = 200, body = [PersonalClientJson]), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn personal_clients(
    State(state): State<AppState>,
    caller: SessionCaller,
) -> ApiResult<axum::Json<Vec<PersonalClientJson>>> {
    let clients = state
        .flows
        .my_personal_clients(&caller.domain, &caller.user)
        .await?;
    let now = state.flows.now();
    Ok(axum::Json(
        clients
            .iter()
            .map(|c| personal_client_json(c, now))
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/domains/{d}/account/personal-clients", tag = "account",
    params(("d" = String, Path, description = "The domain's slug")),
    request_body = NewPersonalClient,
    responses((status = 201, body = PersonalClientSecret, description = "Created; the secret is shown this once"),
        (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn create_personal_client(
    State(state): State<AppState>,
    caller: SessionCaller,
    ApiJson(body): ApiJson<NewPersonalClient>,
) -> ApiResult<Response> {
    let expires_at =
        dates::parse_expiry(&body.expires_at).map_err(|m| ApiError::invalid("expires_at", m))?;
    let scopes = body
        .scopes
        .map(|s| ScopeSet::from_tokens(&s))
        .transpose()
        .map_err(|e| ApiError::invalid("scopes", e.to_string()))?;
    let request = PersonalClientRequest {
        name: body.name,
        expires_at: Some(expires_at),
        scopes,
    };
    let created = state
        .flows
        // A program retries on purpose: each call creates a client (no `once`).
        .create_personal_client(&caller.domain, &caller.user, &request, &caller.actor, None)
        .await?;
    let body = secret_json(&state, &caller, &created.client, created.secret);
    Ok((StatusCode::CREATED, axum::Json(body)).into_response())
}

#[utoipa::path(post, path = "/api/v1/domains/{d}/account/personal-clients/{client_id}/rotate-secret", tag = "account",
    params(("d" = String, Path, description = "The domain's slug"), ("client_id" = String, Path)),
    responses((status = 200, body = PersonalClientSecret, description = "The new secret, shown this once; the old one no longer works"),
        (status = 404, body = Problem)))]
pub async fn rotate_personal_client_secret(
    State(state): State<AppState>,
    caller: SessionCaller,
    Path((_, client_id)): Path<(String, String)>,
) -> ApiResult<axum::Json<PersonalClientSecret>> {
    let client_id = ClientId::parse(&client_id).ok_or_else(|| ApiError::not_found("client"))?;
    let rotated = state
        .flows
        .rotate_my_client_secret(
            &caller.domain,
            &caller.user,
            &client_id,
            &caller.actor,
            None,
        )
        .await?;
    Ok(axum::Json(secret_json(
        &state,
        &caller,
        &rotated.client,
        rotated.secret,
    )))
}

#[utoipa::path(post, path = "/api/v1/domains/{d}/account/personal-clients/{client_id}/revoke", tag = "account",
    params(("d" = String, Path, description = "The domain's slug"), ("client_id" = String, Path)),
    responses((status = 204, description = "Revoked: it no longer authenticates and its tokens are inactive"),
        (status = 404, body = Problem)))]
pub async fn revoke_personal_client(
    State(state): State<AppState>,
    caller: SessionCaller,
    Path((_, client_id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let client_id = ClientId::parse(&client_id).ok_or_else(|| ApiError::not_found("client"))?;
    state
        .flows
        .revoke_my_client(&caller.domain, &caller.user, &client_id, &caller.actor)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

fn secret_json(
    state: &AppState,
    caller: &SessionCaller,
    client: &Client,
    secret: String,
) -> PersonalClientSecret {
    PersonalClientSecret {
        client: personal_client_json(client, state.flows.now()),
        client_secret: secret,
        token_endpoint: Endpoint::Token.url(state.config.public_base(), &caller.domain.slug),
    }
}

pub fn authorized_app_json(a: &AuthorizedApp, defs: &[ScopeDefinition]) -> AuthorizedAppJson {
    AuthorizedAppJson {
        grant_id: a.grant.id.to_string(),
        client_id: a.grant.client_id.to_string(),
        client_name: a.client_name.clone(),
        client_description: a.client_description.clone(),
        scopes: a
            .grant
            .scopes
            .iter()
            .map(|s| ScopeJson {
                name: s.to_owned(),
                description: defs
                    .iter()
                    .find(|d| d.name == s)
                    .map(|d| d.description.clone())
                    .unwrap_or_default(),
            })
            .collect(),
        approved_at: dates::rfc3339(a.grant.created_at),
        last_used_at: a.grant.last_used_at.map(dates::rfc3339),
    }
}

pub fn personal_client_json(c: &Client, now: i64) -> PersonalClientJson {
    PersonalClientJson {
        client_id: c.id.to_string(),
        name: c.name.clone(),
        status: c.status(now).as_str(),
        scopes: c.allowed_scopes.iter().map(str::to_owned).collect(),
        created_at: dates::rfc3339(c.created_at),
        expires_at: c.expires_at.map(dates::rfc3339),
        last_used_at: c.last_used_at.map(dates::rfc3339),
        revoked_at: c.revoked_at.map(dates::rfc3339),
    }
}
