//! Managers' API: the domain's audit log (and the query and page shapes the admin API shares).

use axum::extract::State;
use jeton_core::dates;
use jeton_core::entities::{AuditAction, AuditEvent, AuditQuery};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::caller::ManagerCaller;
use crate::api::json::ApiQuery;
use crate::api::problem::{ApiError, ApiResult, Problem};
use crate::state::AppState;

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
