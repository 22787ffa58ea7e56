//! The permissions section of a credential's page: grant *view*, *use* or *edit* on the
//! credential to a user, a role or an API consumer, and remove a permission given on it
//! (those inherited from a container are listed, and changed on that container's page,
//! `container_permissions.rs`).
//! `Flows::vault_permit` and `Flows::vault_revoke_permission` decide who may (whoever may
//! edit the credential).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use jeton_core::vault::{Access, PermissionTarget};
use jeton_flows::vault::{VaultError, VaultPermissionView};

use super::credential::page;
use super::{caller, credential_url, nav, refused};
use crate::state::AppState;
use crate::ui::account::{ItemId, Posted, Visit};
use crate::ui::pages::{VaultPermissionRow, see_other};
use crate::web::urls::with_query;

pub async fn grant(
    State(state): State<AppState>,
    ItemId(id): ItemId,
    Posted { visit: v, form }: Posted,
) -> Response {
    let who = caller(&v);
    let kind = form.get("kind").unwrap_or("");
    let name = form.get("name").unwrap_or("");
    let Some(access) = form.get("access").and_then(Access::parse) else {
        return again(&state, v, &id, "vault-permission-invalid").await;
    };
    let grantee = match state.flows.vault_grantee(&v.domain, kind, name).await {
        Ok(g) => g,
        Err(VaultError::Invalid(_)) => {
            return again(&state, v, &id, "vault-permission-no-grantee").await;
        }
        Err(e) => return refused(&v.tr, nav(&state, &v), &v.domain.slug, e),
    };
    match state
        .flows
        .vault_permit(
            &v.domain,
            PermissionTarget::Credential(id.clone()),
            grantee,
            access,
            &who,
        )
        .await
    {
        Ok(()) => done(&v, &id, "permitted"),
        Err(e) => refused(&v.tr, nav(&state, &v), &v.domain.slug, e),
    }
}

pub async fn remove(
    State(state): State<AppState>,
    ItemId(id): ItemId,
    Posted { visit: v, form }: Posted,
) -> Response {
    let permission = form.get("permission").unwrap_or("");
    // Only the permissions given on this credential are removed from its page.
    let target = PermissionTarget::Credential(id.clone());
    let who = caller(&v);
    let here = match state
        .flows
        .vault_permissions_on(&v.domain, Some(&target), &who)
        .await
    {
        Ok(list) => list.iter().any(|p| p.id == permission && !p.inherited),
        Err(e) => return refused(&v.tr, nav(&state, &v), &v.domain.slug, e),
    };
    if !here {
        return refused(
            &v.tr,
            nav(&state, &v),
            &v.domain.slug,
            VaultError::NoSuchPermission,
        );
    }
    match state
        .flows
        .vault_revoke_permission(&v.domain, permission, &who)
        .await
    {
        Ok(()) => done(&v, &id, "unpermitted"),
        Err(e) => refused(&v.tr, nav(&state, &v), &v.domain.slug, e),
    }
}

fn done(v: &Visit, id: &str, what: &str) -> Response {
    see_other(
        &v.tr,
        &with_query(&credential_url(&v.domain.slug, id), &[("done", what)]),
    )
}

/// The credential's page again, with `problem` (a key) about the grant form.
async fn again(state: &AppState, v: Visit, id: &str, problem: &str) -> Response {
    let problem = v.tr.t(problem);
    match state.flows.vault_entry(&v.domain, id, &caller(&v)).await {
        Ok(entry) => {
            page(
                state,
                v,
                entry,
                StatusCode::BAD_REQUEST,
                None,
                Some(problem),
            )
            .await
        }
        Err(e) => refused(&v.tr, nav(state, &v), &v.domain.slug, e),
    }
}

/// The permissions that apply to something, as the credential and container pages list
/// them (message keys for the kind and the access; where an inherited one comes from).
pub(crate) fn rows(list: Vec<VaultPermissionView>) -> Vec<VaultPermissionRow> {
    list.into_iter()
        .map(|p| VaultPermissionRow {
            kind_key: match p.grantee_kind {
                "user" => "vault-grantee-user",
                "role" => "vault-grantee-role",
                _ => "vault-grantee-client",
            },
            access_key: match p.access {
                "view" => "vault-access-view",
                "use" => "vault-access-use",
                _ => "vault-access-edit",
            },
            grantee: p.grantee,
            from_container: p.inherited.then_some(p.container).flatten(),
            id: p.id,
        })
        .collect()
}
