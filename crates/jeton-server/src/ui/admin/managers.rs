//! A domain's managers, on its page (`domains.rs`): appointed by username, removed after a
//! confirmation. After a change, 303 to the domain's page with `?appointed=` or `?removed=`,
//! whose message names the person only if they are what the page then shows.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use jeton_core::roles;
use jeton_flows::error::ManageError;

use super::domains::{Typed, domain_of, refused_field};
use super::fields::{self, Form};
use super::{PageAdmin, field};
use crate::state::AppState;
use crate::ui::form::PageForm;
use crate::ui::pages::{AdminConfirm, AdminConfirmPage, AdminSection, see_other};
use crate::web::urls::{AdminPage, with_query};

pub async fn appoint(
    State(state): State<AppState>,
    a: PageAdmin,
    Path(slug): Path<String>,
    headers: HeaderMap,
    form: PageForm,
) -> Response {
    if !a.verified(&state, &headers, &form) {
        return a.expired();
    }
    let domain = match domain_of(&state, &a, &slug).await {
        Ok(d) => d,
        Err(res) => return *res,
    };
    let username = field(&form, "username");
    let typed = || Typed {
        appoint: username.clone(),
        ..Typed::default()
    };
    match state
        .flows
        .appoint_manager(&domain, &username, &a.actor)
        .await
    {
        Ok(u) => see_other(
            &a.tr,
            &with_query(
                &AdminPage::Domain.path(&[&domain.slug]),
                &[("appointed", &u.username)],
            ),
        ),
        Err(ManageError::NotFound(_)) => {
            let m = a.tr.t2(
                "admin-error-no-such-user",
                "user",
                &username,
                "domain",
                &domain.name,
            );
            refused_field(
                &state,
                &a,
                &domain,
                typed(),
                ("username", m),
                StatusCode::NOT_FOUND,
            )
            .await
        }
        Err(ManageError::Invalid(f)) => {
            let m = fields::message(&a.tr, Form::Appoint, &f, &[], None);
            refused_field(&state, &a, &domain, typed(), m, StatusCode::BAD_REQUEST).await
        }
        Err(e) => a.refused(AdminSection::Domains, e),
    }
}

/// "Remove this manager?"
pub async fn remove_get(
    State(state): State<AppState>,
    a: PageAdmin,
    Path((slug, username)): Path<(String, String)>,
) -> Response {
    let domain = match domain_of(&state, &a, &slug).await {
        Ok(d) => d,
        Err(res) => return *res,
    };
    match state.flows.user_by_name(&domain, &username).await {
        Ok(u) if roles::holds(&u.roles, roles::MANAGER) => {}
        Ok(_) => return a.refused(AdminSection::Domains, ManageError::NotFound("manager")),
        Err(e) => return a.refused(AdminSection::Domains, e),
    }
    let page = AdminConfirmPage {
        tr: a.tr.clone(),
        shell: a.shell(AdminSection::Domains, None),
        what: AdminConfirm::RemoveManager,
        subject: username.clone(),
        domain_name: domain.name.clone(),
        id: None,
        seen: None,
        action: AdminPage::DomainManagerRemove.path(&[&domain.slug, &username]),
        cancel_url: AdminPage::Domain.path(&[&domain.slug]),
    };
    a.form(&state, StatusCode::OK, page)
}

pub async fn remove_post(
    State(state): State<AppState>,
    a: PageAdmin,
    Path((slug, username)): Path<(String, String)>,
    headers: HeaderMap,
    form: PageForm,
) -> Response {
    if !a.verified(&state, &headers, &form) {
        return a.expired();
    }
    let domain = match domain_of(&state, &a, &slug).await {
        Ok(d) => d,
        Err(res) => return *res,
    };
    match state
        .flows
        .remove_manager(&domain, &username, &a.actor)
        .await
    {
        Ok(u) => see_other(
            &a.tr,
            &with_query(
                &AdminPage::Domain.path(&[&domain.slug]),
                &[("removed", &u.username)],
            ),
        ),
        Err(e) => a.refused(AdminSection::Domains, e),
    }
}
