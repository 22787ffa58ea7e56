//! Managers' API: the domain's client table (sorted, filtered, keyset pages) and revocation.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use jeton_core::dates;
use jeton_store::{ClientCursor, ClientId, ClientListQuery, ClientSort, ClientStatus};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::caller::ManagerCaller;
use crate::api::json::ApiQuery;
use crate::api::problem::{ApiError, ApiResult, Problem};
use crate::state::AppState;

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
