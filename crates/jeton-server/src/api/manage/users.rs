//! Managers' API: a domain's users (list, create, disable/enable, roles, attributes, email).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jeton_core::dates;
use jeton_flows::users::NewUserRequest;
use jeton_store::User;
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
