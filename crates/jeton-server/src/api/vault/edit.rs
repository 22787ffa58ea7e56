//! `PUT /api/v1/vault/credentials/{id}`: change a credential (needs *edit*). Every field
//! is optional: what is left out stays; for the optional ones an empty string removes
//! what was there. Secrets are replaced, never shown. A change to what the tokens depend
//! on (endpoints, client, secret, scope, grant, username/password, extra parameters)
//! drops the stored tokens: the answer says so (`tokens_dropped`) and the credential's
//! status is `new` again.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method};
use jeton_core::dates;
use jeton_flows::vault::{VaultCredentialView, VaultEdit};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::json::ApiJson;
use crate::api::problem::{ApiError, ApiResult, Problem};
use crate::state::AppState;

use super::caller::vault_caller;
use super::{Origin, vault_error};

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct VaultEditJson {
    pub name: Option<String>,
    pub container: Option<String>,
    /// client_credentials, password, authorization_code or implicit.
    pub grant: Option<String>,
    pub token_endpoint: Option<String>,
    pub authorization_endpoint: Option<String>,
    pub revocation_endpoint: Option<String>,
    pub client_id: Option<String>,
    /// A new client secret (never shown again); "" removes it.
    pub client_secret: Option<String>,
    pub scope: Option<String>,
    /// header (client_secret_basic) or body (client_secret_post).
    pub client_auth: Option<String>,
    pub username: Option<String>,
    /// A new password (never shown again); "" removes it.
    pub password: Option<String>,
    /// Replaces every extra token-request parameter: `[["audience", "https://…"]]`.
    #[schema(value_type = Option<Vec<Vec<String>>>)]
    pub extra_params: Option<Vec<(String, String)>>,
    pub pkce: Option<bool>,
    pub allow_jobs: Option<bool>,
}

/// A credential as whoever may view it sees it: no secret in full.
#[derive(Serialize, ToSchema)]
pub struct VaultCredentialJson {
    pub id: String,
    pub name: String,
    pub container: String,
    pub grant: String,
    pub token_endpoint: String,
    pub authorization_endpoint: Option<String>,
    pub revocation_endpoint: Option<String>,
    pub client_id: String,
    /// "set" or "set (…abcd)"; absent when there is none.
    pub client_secret: Option<String>,
    pub scope: Option<String>,
    pub client_auth: String,
    pub username: Option<String>,
    /// "set" when there is one.
    pub password: Option<String>,
    #[schema(value_type = Vec<Vec<String>>)]
    pub extra_params: Vec<(String, String)>,
    pub allow_jobs: bool,
    pub pkce: bool,
    /// new, authorized or needs_reauthorization.
    pub status: String,
    pub has_access_token: bool,
    pub has_refresh_token: bool,
    /// RFC 3339.
    pub expires_at: Option<String>,
    pub last_used_at: Option<String>,
    pub owner: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

pub(super) fn credential_json(v: VaultCredentialView) -> VaultCredentialJson {
    VaultCredentialJson {
        id: v.id,
        name: v.name,
        container: v.container,
        grant: v.grant.to_owned(),
        token_endpoint: v.token_endpoint,
        authorization_endpoint: v.authorization_endpoint,
        revocation_endpoint: v.revocation_endpoint,
        client_id: v.client_id,
        client_secret: v.client_secret,
        scope: v.scope,
        client_auth: v.client_auth.to_owned(),
        username: v.username,
        password: v.password,
        extra_params: v.extra_params,
        allow_jobs: v.allow_jobs,
        pkce: v.pkce,
        status: v.status.to_owned(),
        has_access_token: v.has_access_token,
        has_refresh_token: v.has_refresh_token,
        expires_at: v.expires_at.map(dates::rfc3339),
        last_used_at: v.last_used_at.map(dates::rfc3339),
        owner: v.owner,
        created_at: dates::rfc3339(v.created_at),
        updated_at: dates::rfc3339(v.updated_at),
    }
}

#[derive(Serialize, ToSchema)]
pub struct VaultEditedJson {
    pub credential: VaultCredentialJson,
    /// The names of the fields that changed.
    pub changed: Vec<String>,
    /// Whether the stored tokens were dropped: authorize it again (code, implicit), or it
    /// obtains a token on its next use (client credentials, password).
    pub tokens_dropped: bool,
    /// What revoking the dropped tokens at the provider (RFC 7009, at the credential's
    /// revocation endpoint as it was) did: `not_attempted` (no tokens dropped, none stored,
    /// or no revocation endpoint), `revoked` or `failed` (the change is saved anyway).
    #[schema(example = "revoked")]
    pub revocation: &'static str,
    /// Why the provider did not confirm, when `revocation` is `failed`.
    pub revocation_error: Option<String>,
}

#[utoipa::path(put, path = "/api/v1/vault/credentials/{id}", tag = "vault",
    params(("id" = String, Path, description = "The credential's id")),
    request_body = VaultEditJson,
    security(("session" = [], "csrf" = []), ("bearer" = [])),
    responses(
        (status = 200, body = VaultEditedJson),
        (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem)))]
pub async fn edit_credential(
    State(state): State<AppState>,
    Path(id): Path<String>,
    method: Method,
    headers: HeaderMap,
    origin: Origin,
    ApiJson(body): ApiJson<VaultEditJson>,
) -> ApiResult<axum::Json<VaultEditedJson>> {
    let flows = &state.flows;
    let (domain, credential) = flows
        .vault_credential_by_id(&id)
        .await
        .map_err(vault_error)?
        .ok_or_else(|| ApiError::not_found("vault credential"))?;
    let caller = vault_caller(&state, &domain, &method, &headers, origin.0).await?;
    let edit = VaultEdit {
        name: body.name,
        container: body.container,
        grant: body.grant,
        token_endpoint: body.token_endpoint,
        authorization_endpoint: body.authorization_endpoint,
        revocation_endpoint: body.revocation_endpoint,
        client_id: body.client_id,
        client_secret: body.client_secret.map(SecretString::from),
        scope: body.scope,
        client_auth: body.client_auth,
        username: body.username,
        password: body.password.map(SecretString::from),
        extra_params: body.extra_params,
        pkce: body.pkce,
        allow_jobs: body.allow_jobs,
    };
    let edited = flows
        .vault_edit(&credential, edit, &caller)
        .await
        .map_err(vault_error)?;
    Ok(axum::Json(VaultEditedJson {
        credential: credential_json(edited.credential),
        changed: edited.changed.iter().map(|s| s.to_string()).collect(),
        tokens_dropped: edited.tokens_dropped,
        revocation: edited.revocation.as_str(),
        revocation_error: edited.revocation.failure().map(str::to_owned),
    }))
}
