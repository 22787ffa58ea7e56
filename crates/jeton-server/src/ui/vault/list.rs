//! The vault's list: the containers (folders) the person can see into, and the credentials
//! of the one shown (`?container=/path`, the root by default), with the status messages the
//! other pages send back here (`?done=`).

use std::collections::BTreeSet;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use jeton_core::vault::{ContainerPath, CredentialStatus, PermissionTarget, VaultGrant};

use super::{caller, credential_url, grant_key, home, nav, refused, status_key};
use crate::state::AppState;
use crate::ui::account::Visit;
use crate::ui::form::{get, pairs};
use crate::ui::pages::{DateView, VaultContainerRow, VaultListPage, VaultRow, render};
use crate::web::urls::{Endpoint, with_query};

/// What `?done=` may say, and the message key of each.
pub(crate) const DONE: [(&str, &str); 3] = [
    ("deleted", "vault-done-deleted"),
    ("deleted_revoked", "vault-done-deleted-revoked"),
    ("deleted_not_revoked", "vault-done-deleted-not-revoked"),
];

pub async fn list(State(state): State<AppState>, v: Visit, RawQuery(query): RawQuery) -> Response {
    let q = pairs(query.unwrap_or_default().as_bytes());
    let current = get(&q, "container")
        .and_then(|c| ContainerPath::parse(c).ok())
        .unwrap_or_else(ContainerPath::root);
    let done = get(&q, "done")
        .and_then(|d| DONE.iter().find(|(k, _)| *k == d))
        .map(|(_, key)| v.tr.t(key));
    let nav = nav(&state, &v);
    let views = match state.flows.vault_list(&v.domain, &caller(&v)).await {
        Ok(views) => views,
        Err(e) => return refused(&v.tr, nav, &v.domain.slug, e),
    };
    let slug = &v.domain.slug;
    // Every container that holds something the person sees, with the ones above it.
    let mut containers = BTreeSet::from([ContainerPath::root(), current.clone()]);
    for view in &views {
        let mut path = String::new();
        for seg in view.container.split('/').filter(|s| !s.is_empty()) {
            path.push('/');
            path.push_str(seg);
            if let Ok(p) = ContainerPath::parse(&path) {
                containers.insert(p);
            }
        }
    }
    let credentials = views
        .into_iter()
        .filter(|view| view.container == current.as_str())
        .map(|view| VaultRow {
            url: credential_url(slug, &view.id),
            grant_key: VaultGrant::parse(view.grant).map_or("vault-none", grant_key),
            status_key: CredentialStatus::parse(view.status).map_or("vault-none", status_key),
            expires: view.expires_at.map(DateView::of),
            name: view.name,
        })
        .collect();
    // The link to the container's permissions, for who may edit the container (the flow
    // answers Forbidden to anyone else; the list does not need to say why).
    let target = PermissionTarget::Container(current.clone());
    let permissions_url = state
        .flows
        .vault_permissions_on(&v.domain, Some(&target), &caller(&v))
        .await
        .is_ok()
        .then(|| super::container_permissions::url(slug, &current));
    let page = VaultListPage {
        container: current.to_string(),
        containers: containers
            .into_iter()
            .map(|c| VaultContainerRow {
                url: home(slug, Some(c.as_str())),
                current: c == current,
                path: c.to_string(),
            })
            .collect(),
        credentials,
        new_url: with_query(
            &Endpoint::VaultNew.path(slug),
            &[("container", current.as_str())],
        ),
        permissions_url,
        done,
        tr: v.tr,
        nav,
    };
    render(StatusCode::OK, &page)
}
