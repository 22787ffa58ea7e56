//! `/api/v1/domains/{d}/account/my-apps`: the third-party applications a person registered
//! as their developer ("My applications").

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jeton_core::dates;
use jeton_store::{Client, ClientId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::caller::SessionCaller;
use crate::api::json::ApiJson;
use crate::api::problem::{ApiError, ApiResult, Problem};
use crate::state::AppState;
use crate::web::urls::Endpoint;

/// A third-party application the person registered as its developer.
#[derive(Serialize, ToSchema)]
pub struct MyAppJson {
    pub client_id: String,
    pub name: String,
    pub description: String,
    pub redirect_uris: Vec<String>,
    pub scopes: Vec<String>,
    /// `client_secret_basic` or `client_secret_post`.
    pub auth_method: &'static str,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

fn my_app_json(c: &Client) -> MyAppJson {
    MyAppJson {
        client_id: c.id.to_string(),
        name: c.name.clone(),
        description: c.description.clone(),
        redirect_uris: c.redirect_uris.clone(),
        scopes: c.allowed_scopes.iter().map(str::to_owned).collect(),
        auth_method: c.auth_method.as_str(),
        created_at: dates::rfc3339(c.created_at),
        last_used_at: c.last_used_at.map(dates::rfc3339),
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MyAppInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// 1 to 10 exact redirect URIs (https, or loopback for native apps).
    pub redirect_uris: Vec<String>,
    #[serde(default)]
    pub scopes: Vec<String>,
    /// `client_secret_basic` (default) or `client_secret_post`.
    pub auth_method: Option<String>,
}

impl MyAppInput {
    fn request(self) -> jeton_core::client_registration::ApplicationRequest {
        jeton_core::client_registration::ApplicationRequest {
            name: self.name,
            description: self.description,
            redirect_uris: self.redirect_uris,
            scopes: self.scopes,
            auth_method: self.auth_method,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MyAppSecret {
    pub application: MyAppJson,
    /// Shown this once.
    pub client_secret: String,
    /// Where its OAuth client library finds every endpoint (RFC 8414).
    pub metadata: String,
}

fn app_secret(state: &AppState, caller: &SessionCaller, c: &Client, secret: String) -> MyAppSecret {
    MyAppSecret {
        application: my_app_json(c),
        client_secret: secret,
        metadata: Endpoint::Metadata.url(state.config.public_base(), &caller.domain.slug),
    }
}

#[utoipa::path(get, path = "/api/v1/domains/{d}/account/my-apps", tag = "account",
    params(("d" = String, Path, description = "The domain's slug")),
    responses((status = 200, body = [MyAppJson])))]
pub async fn my_apps(
    State(state): State<AppState>,
    caller: SessionCaller,
) -> ApiResult<axum::Json<Vec<MyAppJson>>> {
    let apps = state.flows.my_apps(&caller.domain, &caller.user).await?;
    Ok(axum::Json(
        apps.iter()
            .filter(|c| c.revoked_at.is_none())
            .map(my_app_json)
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/domains/{d}/account/my-apps", tag = "account",
    params(("d" = String, Path, description = "The domain's slug")), request_body = MyAppInput,
    responses((status = 201, body = MyAppSecret), (status = 400, body = Problem)))]
pub async fn create_my_app(
    State(state): State<AppState>,
    caller: SessionCaller,
    ApiJson(body): ApiJson<MyAppInput>,
) -> ApiResult<Response> {
    let created = state
        .flows
        // A program retries on purpose: each call registers an application (no `once`).
        .create_my_app(
            &caller.domain,
            &caller.user,
            &body.request(),
            &caller.actor,
            None,
        )
        .await?;
    let body = app_secret(&state, &caller, &created.client, created.secret);
    Ok((StatusCode::CREATED, axum::Json(body)).into_response())
}

#[utoipa::path(put, path = "/api/v1/domains/{d}/account/my-apps/{client_id}", tag = "account",
    params(("d" = String, Path, description = "The domain's slug"), ("client_id" = String, Path)),
    request_body = MyAppInput,
    responses((status = 200, body = MyAppJson), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub async fn update_my_app(
    State(state): State<AppState>,
    caller: SessionCaller,
    Path((_, client_id)): Path<(String, String)>,
    ApiJson(body): ApiJson<MyAppInput>,
) -> ApiResult<axum::Json<MyAppJson>> {
    let id = ClientId::parse(&client_id).ok_or_else(|| ApiError::not_found("application"))?;
    let c = state
        .flows
        .update_my_app(
            &caller.domain,
            &caller.user,
            &id,
            &body.request(),
            &caller.actor,
        )
        .await?;
    Ok(axum::Json(my_app_json(&c)))
}

#[utoipa::path(delete, path = "/api/v1/domains/{d}/account/my-apps/{client_id}", tag = "account",
    params(("d" = String, Path, description = "The domain's slug"), ("client_id" = String, Path)),
    responses((status = 204, description = "Deleted: every grant people gave it, and every token, ends"), (status = 404, body = Problem)))]
pub async fn delete_my_app(
    State(state): State<AppState>,
    caller: SessionCaller,
    Path((_, client_id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let id = ClientId::parse(&client_id).ok_or_else(|| ApiError::not_found("application"))?;
    state
        .flows
        .delete_my_app(&caller.domain, &caller.user, &id, &caller.actor)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/domains/{d}/account/my-apps/{client_id}/rotate-secret", tag = "account",
    params(("d" = String, Path, description = "The domain's slug"), ("client_id" = String, Path)),
    responses((status = 200, body = MyAppSecret), (status = 404, body = Problem)))]
pub async fn rotate_my_app_secret(
    State(state): State<AppState>,
    caller: SessionCaller,
    Path((_, client_id)): Path<(String, String)>,
) -> ApiResult<axum::Json<MyAppSecret>> {
    let id = ClientId::parse(&client_id).ok_or_else(|| ApiError::not_found("application"))?;
    let rotated = state
        .flows
        .rotate_my_app_secret(&caller.domain, &caller.user, &id, &caller.actor, None)
        .await?;
    Ok(axum::Json(app_secret(
        &state,
        &caller,
        &rotated.client,
        rotated.secret,
    )))
}
