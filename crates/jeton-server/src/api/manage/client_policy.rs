//! Managers' API: an application's policy — the grants it may use (the password and
//! implicit grants are switched on here, per client) and what it overrides of the domain's
//! token policies. The same flow as the manager's client page.

use axum::extract::{Path, State};
use jeton_core::entities::ClientPolicy;
use jeton_store::{Client, ClientId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::caller::ManagerCaller;
use crate::api::json::ApiJson;
use crate::api::problem::{ApiError, ApiResult, Problem};
use crate::state::AppState;

/// A client's policy. On PUT every member is replaced: an omitted override goes back to
/// the domain's value.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientPolicyJson {
    /// `authorization_code`, `refresh_token`, `client_credentials`, `password`, `implicit`.
    pub grant_types: Vec<String>,
    /// `opaque` or `jwt`; absent: the domain's default.
    #[serde(default)]
    pub access_token_format: Option<String>,
    /// `ES256` (the default when absent), `RS256` or `EdDSA`.
    #[serde(default)]
    pub id_token_signed_response_alg: Option<String>,
    /// Lifetime overrides in seconds, within the bounds of the domain's settings; absent:
    /// the domain's. `refresh_token_ttl_secs` is the idle lifetime;
    /// `refresh_token_absolute_ttl_secs` 0 lifts the domain's absolute limit.
    #[serde(default)]
    pub code_ttl_secs: Option<i64>,
    #[serde(default)]
    pub access_token_ttl_secs: Option<i64>,
    #[serde(default)]
    pub refresh_token_ttl_secs: Option<i64>,
    #[serde(default)]
    pub refresh_token_absolute_ttl_secs: Option<i64>,
    #[serde(default)]
    pub id_token_ttl_secs: Option<i64>,
}

impl From<&Client> for ClientPolicyJson {
    fn from(c: &Client) -> Self {
        let p = ClientPolicy::of(c);
        Self {
            grant_types: p
                .grant_types
                .iter()
                .map(|g| g.as_str().to_owned())
                .collect(),
            access_token_format: p.access_token_format.map(|f| f.as_str().to_owned()),
            id_token_signed_response_alg: p
                .id_token_signed_response_alg
                .map(|a| a.as_str().to_owned()),
            code_ttl_secs: p.code_ttl_secs,
            access_token_ttl_secs: p.access_token_ttl_secs,
            refresh_token_ttl_secs: p.refresh_token_ttl_secs,
            refresh_token_absolute_ttl_secs: p.refresh_token_absolute_ttl_secs,
            id_token_ttl_secs: p.id_token_ttl_secs,
        }
    }
}

impl ClientPolicyJson {
    fn policy(&self) -> Result<ClientPolicy, ApiError> {
        let invalid =
            |e: jeton_core::client_registration::FieldError| ApiError::invalid(e.field, e.message);
        Ok(ClientPolicy {
            grant_types: ClientPolicy::parse_grant_types(&self.grant_types).map_err(invalid)?,
            access_token_format: ClientPolicy::parse_format(self.access_token_format.as_deref())
                .map_err(invalid)?,
            id_token_signed_response_alg: ClientPolicy::parse_alg(
                self.id_token_signed_response_alg.as_deref(),
            )
            .map_err(invalid)?,
            code_ttl_secs: self.code_ttl_secs,
            access_token_ttl_secs: self.access_token_ttl_secs,
            refresh_token_ttl_secs: self.refresh_token_ttl_secs,
            refresh_token_absolute_ttl_secs: self.refresh_token_absolute_ttl_secs,
            id_token_ttl_secs: self.id_token_ttl_secs,
        })
    }
}

fn client_id(raw: &str) -> Result<ClientId, ApiError> {
    ClientId::parse(raw).ok_or_else(|| ApiError::not_found("client"))
}

#[utoipa::path(get, path = "/api/v1/domains/{d}/clients/{client_id}/policy", tag = "manage",
    params(("d" = String, Path, description = "The domain's slug"), ("client_id" = String, Path)),
    responses((status = 200, body = ClientPolicyJson), (status = 404, body = Problem)))]
pub async fn get_client_policy(
    State(state): State<AppState>,
    caller: ManagerCaller,
    Path((_, raw)): Path<(String, String)>,
) -> ApiResult<axum::Json<ClientPolicyJson>> {
    let client = state
        .flows
        .client(&caller.domain, &client_id(&raw)?)
        .await?;
    Ok(axum::Json((&client).into()))
}

#[utoipa::path(put, path = "/api/v1/domains/{d}/clients/{client_id}/policy", tag = "manage",
    params(("d" = String, Path, description = "The domain's slug"), ("client_id" = String, Path)),
    request_body = ClientPolicyJson,
    responses((status = 200, body = ClientPolicyJson),
        (status = 400, body = Problem, description = "A grant that does not fit the client's registration, or a lifetime out of bounds"),
        (status = 403, body = Problem, description = "A personal client or an API consumer"),
        (status = 404, body = Problem)))]
pub async fn put_client_policy(
    State(state): State<AppState>,
    caller: ManagerCaller,
    Path((_, raw)): Path<(String, String)>,
    ApiJson(body): ApiJson<ClientPolicyJson>,
) -> ApiResult<axum::Json<ClientPolicyJson>> {
    let policy = body.policy()?;
    let client = state
        .flows
        .update_client_policy(&caller.domain, &client_id(&raw)?, &policy, &caller.actor)
        .await?;
    Ok(axum::Json((&client).into()))
}
