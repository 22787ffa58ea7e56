//! "Authorized applications": what the person approved, each with the scopes as the consent
//! page described them, and its revocation (a confirmation page, then a POST; every code
//! and token under the grant ends at once).

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jeton_store::{Domain, GrantId};

use super::{Back, ItemId, Posted, Visit, refused};
use crate::state::AppState;
use crate::ui::form::{get, pairs};
use crate::ui::pages::{
    AppView, ApplicationsPage, Confirm, ConfirmPage, DateView, ScopeView, Section, WithCsrf,
    render, render_form, see_other, unavailable,
};
use crate::web::csrf;
use crate::web::urls::{Endpoint, with_query};

/// What the list's `?done=` can say after an action.
const DONE_REVOKED: &str = "revoked";

fn back(domain: &Domain) -> Back {
    Back {
        url: Endpoint::AccountApplications.path(&domain.slug),
        label: "apps-back",
        not_found: "apps-not-found",
    }
}

pub async fn list(State(state): State<AppState>, v: Visit, RawQuery(query): RawQuery) -> Response {
    let (domain, tr) = (&v.domain, &v.tr);
    let nav = v.nav(&state, Section::Applications);
    let apps = match state.flows.authorized_apps(domain, &v.user).await {
        Ok(a) => a,
        Err(e) => return refused(tr, nav, e, &back(domain)),
    };
    let definitions = match state.flows.scope_definitions(&domain.id).await {
        Ok(d) => d,
        Err(e) => return unavailable(tr, e),
    };
    let apps = apps
        .into_iter()
        .map(|a| AppView {
            scopes: ScopeView::with_standard(
                ScopeView::describe(a.grant.scopes.iter(), &definitions),
                tr,
            ),
            approved: DateView::of(a.grant.created_at),
            last_used: a.grant.last_used_at.map(DateView::of),
            revoke_url: Endpoint::AccountApplicationRevoke
                .item_path(&domain.slug, a.grant.id.as_str()),
            name: a.client_name,
            description: a.client_description,
        })
        .collect();
    let q = pairs(query.unwrap_or_default().as_bytes());
    let done = (get(&q, "done") == Some(DONE_REVOKED)).then(|| tr.t("apps-done-revoked"));
    render(
        StatusCode::OK,
        &ApplicationsPage {
            tr: v.tr,
            nav,
            apps,
            done,
        },
    )
}

/// "Revoke this application?": names it and says what ends with it.
pub async fn confirm_revoke(
    State(state): State<AppState>,
    ItemId(id): ItemId,
    v: Visit,
) -> Response {
    let nav = v.nav(&state, Section::Applications);
    let found = state
        .flows
        .my_authorized_app(&v.domain, &v.user, &GrantId::from(id.as_str()))
        .await;
    let app = match found {
        Ok(a) => a,
        Err(e) => return refused(&v.tr, nav, e, &back(&v.domain)),
    };
    let (jar, token) = csrf::token(&state, v.jar, v.origin.https);
    let page = ConfirmPage {
        tr: v.tr,
        nav,
        what: Confirm::RevokeApplication,
        name: app.client_name,
        client_id: None,
        seen: None,
        action: Endpoint::AccountApplicationRevoke.item_path(&v.domain.slug, &id),
        cancel_url: back(&v.domain).url,
    };
    (
        jar,
        render_form(StatusCode::OK, &WithCsrf::new(token, page)),
    )
        .into_response()
}

pub async fn revoke(
    State(state): State<AppState>,
    ItemId(id): ItemId,
    Posted { visit: v, .. }: Posted,
) -> Response {
    let back = back(&v.domain);
    let done = state
        .flows
        .revoke_my_grant(&v.domain, &v.user, &GrantId::from(id), &v.actor())
        .await;
    match done {
        Ok(()) => see_other(&v.tr, &with_query(&back.url, &[("done", DONE_REVOKED)])),
        Err(e) => {
            let nav = v.nav(&state, Section::Applications);
            refused(&v.tr, nav, e, &back)
        }
    }
}
