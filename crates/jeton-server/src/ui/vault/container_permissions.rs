//! The permissions on a container (`/d/{d}/vault/permissions?container=/path`): the ones
//! given on it and those inherited from the containers above, the grant form, and removing
//! one given on it. What is given here applies to everything the container holds, by whole
//! path segments. `Flows::vault_permissions_on`, `vault_permit` and `vault_revoke_permission`
//! decide who may (whoever may edit the container: `vault-admin`, or *edit* on it or above).

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jeton_core::vault::{Access, ContainerPath, PermissionTarget};
use jeton_flows::vault::VaultError;

use super::permissions::rows;
use super::{caller, home, nav, refused};
use crate::state::AppState;
use crate::ui::account::{Posted, Visit};
use crate::ui::form::{get, pairs};
use crate::ui::pages::{VaultContainerPermissionsPage, WithCsrf, render_form};
use crate::web::csrf;
use crate::web::urls::{Endpoint, with_query};

/// What `?done=` may say, and the message key of each.
const DONE: [(&str, &str); 2] = [
    ("permitted", "vault-done-permitted"),
    ("unpermitted", "vault-done-unpermitted"),
];

pub async fn show(State(state): State<AppState>, v: Visit, RawQuery(query): RawQuery) -> Response {
    let q = pairs(query.unwrap_or_default().as_bytes());
    let Some(container) = get(&q, "container")
        .map_or(Ok(ContainerPath::root()), |c| {
            ContainerPath::parse(c).map_err(|_| ())
        })
        .ok()
    else {
        let nav = nav(&state, &v);
        return refused(&v.tr, nav, &v.domain.slug, invalid_container());
    };
    let done = get(&q, "done")
        .and_then(|d| DONE.iter().find(|(k, _)| *k == d))
        .map(|(_, key)| v.tr.t(key));
    page(&state, v, container, StatusCode::OK, done, None).await
}

pub async fn grant(State(state): State<AppState>, Posted { visit: v, form }: Posted) -> Response {
    let Some(container) = form
        .get("container")
        .and_then(|c| ContainerPath::parse(c).ok())
    else {
        let nav = nav(&state, &v);
        return refused(&v.tr, nav, &v.domain.slug, invalid_container());
    };
    let who = caller(&v);
    let kind = form.get("kind").unwrap_or("");
    let name = form.get("name").unwrap_or("");
    let Some(access) = form.get("access").and_then(Access::parse) else {
        return again(&state, v, container, "vault-permission-invalid").await;
    };
    let grantee = match state.flows.vault_grantee(&v.domain, kind, name).await {
        Ok(g) => g,
        Err(VaultError::Invalid(_)) => {
            return again(&state, v, container, "vault-permission-no-grantee").await;
        }
        Err(e) => return refused(&v.tr, nav(&state, &v), &v.domain.slug, e),
    };
    let target = PermissionTarget::Container(container.clone());
    match state
        .flows
        .vault_permit(&v.domain, target, grantee, access, &who)
        .await
    {
        Ok(()) => done(&v, &container, "permitted"),
        Err(e) => refused(&v.tr, nav(&state, &v), &v.domain.slug, e),
    }
}

pub async fn remove(State(state): State<AppState>, Posted { visit: v, form }: Posted) -> Response {
    let Some(container) = form
        .get("container")
        .and_then(|c| ContainerPath::parse(c).ok())
    else {
        let nav = nav(&state, &v);
        return refused(&v.tr, nav, &v.domain.slug, invalid_container());
    };
    let permission = form.get("permission").unwrap_or("");
    // Only a permission given on this container is removed from its page (an inherited one
    // is removed on the container it was given on).
    let target = PermissionTarget::Container(container.clone());
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
        let nav = nav(&state, &v);
        return refused(&v.tr, nav, &v.domain.slug, VaultError::NoSuchPermission);
    }
    match state
        .flows
        .vault_revoke_permission(&v.domain, permission, &who)
        .await
    {
        Ok(()) => done(&v, &container, "unpermitted"),
        Err(e) => refused(&v.tr, nav(&state, &v), &v.domain.slug, e),
    }
}

fn invalid_container() -> VaultError {
    VaultError::Invalid(jeton_core::client_registration::FieldError::new(
        "container",
        "not a container path",
    ))
}

/// The permissions page's address for `container`.
pub(crate) fn url(slug: &str, container: &ContainerPath) -> String {
    with_query(
        &Endpoint::VaultContainerPermissions.path(slug),
        &[("container", container.as_str())],
    )
}

fn done(v: &Visit, container: &ContainerPath, what: &str) -> Response {
    crate::ui::pages::see_other(
        &v.tr,
        &with_query(&url(&v.domain.slug, container), &[("done", what)]),
    )
}

/// The page again, with `problem` (a key) about the grant form.
async fn again(state: &AppState, v: Visit, container: ContainerPath, problem: &str) -> Response {
    let problem = v.tr.t(problem);
    page(
        state,
        v,
        container,
        StatusCode::BAD_REQUEST,
        None,
        Some(problem),
    )
    .await
}

async fn page(
    state: &AppState,
    v: Visit,
    container: ContainerPath,
    status: StatusCode,
    done: Option<String>,
    problem: Option<String>,
) -> Response {
    let nav = nav(state, &v);
    let slug = v.domain.slug.clone();
    let target = PermissionTarget::Container(container.clone());
    let permissions = match state
        .flows
        .vault_permissions_on(&v.domain, Some(&target), &caller(&v))
        .await
    {
        Ok(list) => rows(list),
        Err(e) => return refused(&v.tr, nav, &slug, e),
    };
    let (jar, token) = csrf::token(state, v.jar, v.origin.https);
    let page = VaultContainerPermissionsPage {
        container: container.to_string(),
        back_url: home(&slug, Some(container.as_str())),
        permissions,
        permit_action: Endpoint::VaultContainerPermissions.path(&slug),
        unpermit_action: Endpoint::VaultContainerUnpermit.path(&slug),
        done,
        problem,
        tr: v.tr,
        nav,
    };
    (jar, render_form(status, &WithCsrf::new(token, page))).into_response()
}
