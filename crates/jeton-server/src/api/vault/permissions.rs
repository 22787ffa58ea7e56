//! Who may see, use or change vault credentials, over the API (needs *edit* on the
//! target): on one credential,
//! `GET|POST /api/v1/vault/credentials/{id}/permissions` and
//! `DELETE /api/v1/vault/credentials/{id}/permissions/{permission_id}`; on a container
//! (inherited by everything inside it),
//! `GET|POST /api/v1/domains/{d}/vault/permissions` (`?container=/path` to list one
//! container's, without it every permission the caller may change) and
//! `DELETE /api/v1/domains/{d}/vault/permissions/{permission_id}`.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use jeton_core::dates;
use jeton_core::vault::{Access, ContainerPath, PermissionTarget};
use jeton_flows::vault::{VaultCaller, VaultPermissionView};
use jeton_store::Domain;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::json::{ApiJson, ApiQuery};
use crate::api::problem::{ApiError, ApiResult, Problem};
use crate::state::AppState;

use super::caller::vault_caller;
use super::{Origin, vault_error};

#[derive(Serialize, ToSchema)]
pub struct VaultPermissionJson {
    pub id: String,
    /// container or credential.
    pub target: String,
    pub container: Option<String>,
    pub credential_id: Option<String>,
    pub credential_name: Option<String>,
    /// user, role or client.
    pub grantee_kind: String,
    /// The username, the role, or the API consumer's client id.
    pub grantee: String,
    /// view, use or edit.
    pub access: String,
    /// Given on a container that holds the target rather than on the target itself.
    pub inherited: bool,
    pub created_at: String,
}

fn permission_json(p: VaultPermissionView) -> VaultPermissionJson {
    VaultPermissionJson {
        id: p.id,
        target: p.target.to_owned(),
        container: p.container,
        credential_id: p.credential_id,
        credential_name: p.credential_name,
        grantee_kind: p.grantee_kind.to_owned(),
        grantee: p.grantee,
        access: p.access.to_owned(),
        inherited: p.inherited,
        created_at: dates::rfc3339(p.created_at),
    }
}

#[derive(Serialize, ToSchema)]
pub struct VaultPermissionsJson {
    pub permissions: Vec<VaultPermissionJson>,
}

/// A permission to give. Exactly one of `user`, `role`, `consumer`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewVaultPermissionJson {
    /// The container (only on the domain's endpoint).
    pub container: Option<String>,
    /// A username of the domain.
    pub user: Option<String>,
    pub role: Option<String>,
    /// An API consumer's client id.
    pub consumer: Option<String>,
    /// view, use or edit.
    pub access: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContainerParams {
    /// The container, e.g. /team/crm.
    pub container: Option<String>,
}

async fn credential_target(
    state: &AppState,
    id: &str,
) -> ApiResult<(std::sync::Arc<Domain>, PermissionTarget)> {
    let (d, c) = state
        .flows
        .vault_credential_by_id(id)
        .await
        .map_err(vault_error)?
        .ok_or_else(|| ApiError::not_found("vault credential"))?;
    Ok((d, PermissionTarget::Credential(c.id)))
}

fn container(s: &str) -> ApiResult<ContainerPath> {
    ContainerPath::parse(s).map_err(|m| ApiError::invalid("container", m))
}

async fn domain_of(state: &AppState, slug: &str) -> ApiResult<std::sync::Arc<Domain>> {
    // A disabled domain is answered as if it did not exist (as `web::domain::resolve`).
    state
        .flows
        .domain_by_slug(slug)
        .await?
        .filter(|d| d.disabled_at.is_none())
        .ok_or_else(|| ApiError::not_found("domain"))
}

async fn list(
    state: &AppState,
    d: &Domain,
    target: Option<&PermissionTarget>,
    caller: &VaultCaller,
) -> ApiResult<axum::Json<VaultPermissionsJson>> {
    let list = state
        .flows
        .vault_permissions_on(d, target, caller)
        .await
        .map_err(vault_error)?;
    Ok(axum::Json(VaultPermissionsJson {
        permissions: list.into_iter().map(permission_json).collect(),
    }))
}

async fn grant(
    state: &AppState,
    d: &Domain,
    target: PermissionTarget,
    body: NewVaultPermissionJson,
    caller: &VaultCaller,
) -> ApiResult<Response> {
    let access = Access::parse(body.access.trim())
        .ok_or_else(|| ApiError::invalid("access", "one of view, use, edit"))?;
    let (kind, name) = match (body.user, body.role, body.consumer) {
        (Some(u), None, None) => ("user", u),
        (None, Some(r), None) => ("role", r),
        (None, None, Some(c)) => ("client", c),
        _ => {
            return Err(ApiError::invalid(
                "grantee",
                "give exactly one of user, role, consumer",
            ));
        }
    };
    let flows = &state.flows;
    let grantee = flows
        .vault_grantee(d, kind, &name)
        .await
        .map_err(vault_error)?;
    flows
        .vault_permit(d, target.clone(), grantee, access, caller)
        .await
        .map_err(vault_error)?;
    let listed = list(state, d, Some(&target), caller).await?;
    Ok((StatusCode::CREATED, listed).into_response())
}

#[utoipa::path(get, path = "/api/v1/vault/credentials/{id}/permissions", tag = "vault",
    params(("id" = String, Path, description = "The credential's id")),
    security(("session" = []), ("bearer" = [])),
    responses((status = 200, body = VaultPermissionsJson), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn credential_permissions(
    State(state): State<AppState>,
    Path(id): Path<String>,
    method: Method,
    headers: HeaderMap,
    origin: Origin,
) -> ApiResult<axum::Json<VaultPermissionsJson>> {
    let (d, target) = credential_target(&state, &id).await?;
    let caller = vault_caller(&state, &d, &method, &headers, origin.0).await?;
    list(&state, &d, Some(&target), &caller).await
}

#[utoipa::path(post, path = "/api/v1/vault/credentials/{id}/permissions", tag = "vault",
    params(("id" = String, Path, description = "The credential's id")),
    request_body = NewVaultPermissionJson,
    security(("session" = [], "csrf" = []), ("bearer" = [])),
    responses((status = 201, body = VaultPermissionsJson), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem)))]
pub async fn grant_credential_permission(
    State(state): State<AppState>,
    Path(id): Path<String>,
    method: Method,
    headers: HeaderMap,
    origin: Origin,
    ApiJson(body): ApiJson<NewVaultPermissionJson>,
) -> ApiResult<Response> {
    let (d, target) = credential_target(&state, &id).await?;
    let caller = vault_caller(&state, &d, &method, &headers, origin.0).await?;
    if body.container.is_some() {
        return Err(ApiError::invalid(
            "container",
            "a credential's permission names no container; use /api/v1/domains/{d}/vault/permissions",
        ));
    }
    grant(&state, &d, target, body, &caller).await
}

#[utoipa::path(delete, path = "/api/v1/vault/credentials/{id}/permissions/{permission_id}",
    tag = "vault",
    params(("id" = String, Path, description = "The credential's id"),
        ("permission_id" = String, Path)),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem)))]
pub async fn revoke_credential_permission(
    State(state): State<AppState>,
    Path((id, permission_id)): Path<(String, String)>,
    method: Method,
    headers: HeaderMap,
    origin: Origin,
) -> ApiResult<StatusCode> {
    let (d, target) = credential_target(&state, &id).await?;
    let caller = vault_caller(&state, &d, &method, &headers, origin.0).await?;
    // Only a permission given on this credential (not one inherited from a container).
    let on_it = state
        .flows
        .vault_permissions_on(&d, Some(&target), &caller)
        .await
        .map_err(vault_error)?
        .into_iter()
        .any(|p| p.id == permission_id && !p.inherited);
    if !on_it {
        return Err(ApiError::not_found("vault permission"));
    }
    state
        .flows
        .vault_revoke_permission(&d, &permission_id, &caller)
        .await
        .map_err(vault_error)?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/domains/{d}/vault/permissions", tag = "vault",
    params(("d" = String, Path, description = "The domain's slug"), ContainerParams),
    security(("session" = []), ("bearer" = [])),
    responses((status = 200, body = VaultPermissionsJson), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn domain_permissions(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    method: Method,
    headers: HeaderMap,
    origin: Origin,
    ApiQuery(q): ApiQuery<ContainerParams>,
) -> ApiResult<axum::Json<VaultPermissionsJson>> {
    let d = domain_of(&state, &slug).await?;
    let caller = vault_caller(&state, &d, &method, &headers, origin.0).await?;
    let target = q
        .container
        .as_deref()
        .map(container)
        .transpose()?
        .map(PermissionTarget::Container);
    list(&state, &d, target.as_ref(), &caller).await
}

#[utoipa::path(post, path = "/api/v1/domains/{d}/vault/permissions", tag = "vault",
    params(("d" = String, Path, description = "The domain's slug")),
    request_body = NewVaultPermissionJson,
    security(("session" = [], "csrf" = []), ("bearer" = [])),
    responses((status = 201, body = VaultPermissionsJson), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn grant_container_permission(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    method: Method,
    headers: HeaderMap,
    origin: Origin,
    ApiJson(body): ApiJson<NewVaultPermissionJson>,
) -> ApiResult<Response> {
    let d = domain_of(&state, &slug).await?;
    let caller = vault_caller(&state, &d, &method, &headers, origin.0).await?;
    let path = container(
        body.container
            .as_deref()
            .ok_or_else(|| ApiError::invalid("container", "name the container, e.g. /team"))?,
    )?;
    grant(&state, &d, PermissionTarget::Container(path), body, &caller).await
}

#[utoipa::path(delete, path = "/api/v1/domains/{d}/vault/permissions/{permission_id}",
    tag = "vault",
    params(("d" = String, Path, description = "The domain's slug"),
        ("permission_id" = String, Path)),
    security(("session" = [], "csrf" = []), ("bearer" = [])),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem)))]
pub async fn revoke_permission(
    State(state): State<AppState>,
    Path((slug, permission_id)): Path<(String, String)>,
    method: Method,
    headers: HeaderMap,
    origin: Origin,
) -> ApiResult<StatusCode> {
    let d = domain_of(&state, &slug).await?;
    let caller = vault_caller(&state, &d, &method, &headers, origin.0).await?;
    state
        .flows
        .vault_revoke_permission(&d, &permission_id, &caller)
        .await
        .map_err(vault_error)?;
    Ok(StatusCode::NO_CONTENT)
}
