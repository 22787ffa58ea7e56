//! The domain's users: the list (search, pages) with the create form. One user's page is in
//! `user.rs`.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use jeton_core::dates;
use jeton_flows::error::ManageError;
use jeton_flows::provision::MAIN_DOMAIN;
use jeton_flows::users::NewUserRequest;

use crate::state::AppState;
use crate::ui::form::{PageForm, pairs};
use crate::ui::manage::{PageManager, form_response, name_list, page_size, param, refusal};
use crate::ui::pages::{
    FieldErrors, ManageUserRow, ManageUsersPage, WithCsrf, expired_form, see_other,
};
use crate::web::locale::{Locale, Tr};
use crate::web::urls::{Endpoint, with_query};

/// The create form as typed, shown again with what was refused.
#[derive(Default)]
struct Typed {
    username: String,
    email: String,
    roles: String,
}

pub async fn list(
    State(state): State<AppState>,
    m: PageManager,
    Locale(tr): Locale,
    RawQuery(query): RawQuery,
) -> Response {
    let q = pairs(query.unwrap_or_default().as_bytes());
    users_page(
        &state,
        &m,
        tr,
        StatusCode::OK,
        &q,
        Typed::default(),
        FieldErrors::default(),
    )
    .await
}

async fn users_page(
    state: &AppState,
    m: &PageManager,
    tr: Tr,
    status: StatusCode,
    q: &[(String, String)],
    typed: Typed,
    errors: FieldErrors,
) -> Response {
    let slug = &m.domain.slug;
    let search = param(q, "search").unwrap_or("");
    let after = param(q, "after");
    let limit = page_size(q);
    let users = match state
        .flows
        .list_users(&m.domain, Some(search), after, limit)
        .await
    {
        Ok(u) => u,
        Err(e) => return refusal::page(&tr, &m.domain, e),
    };
    let list_url = Endpoint::ManageUsers.path(slug);
    let mut kept: Vec<(&str, String)> = Vec::new();
    if !search.is_empty() {
        kept.push(("search", search.to_owned()));
    }
    if limit != super::DEFAULT_PAGE {
        kept.push(("limit", limit.to_string()));
    }
    let url_with = |extra: Option<(&str, &str)>| {
        let mut p: Vec<(&str, &str)> = kept.iter().map(|(k, v)| (*k, v.as_str())).collect();
        p.extend(extra);
        with_query(&list_url, &p)
    };
    let next_url = (users.len() == limit as usize)
        .then(|| users.last())
        .flatten()
        .map(|u| url_with(Some(("after", &u.username))));
    let first_url = after.map(|_| url_with(None));
    let rows = users
        .into_iter()
        .map(|u| ManageUserRow {
            url: Endpoint::ManageUser.path_with(slug, &u.username),
            created: dates::display(u.created_at),
            username: u.username,
            email: u.email,
            roles: u.roles,
            disabled: u.disabled,
        })
        .collect();
    let page = ManageUsersPage {
        tr,
        shell: m.shell("users", None),
        search_action: list_url.clone(),
        search: search.to_owned(),
        users: rows,
        next_url,
        first_url,
        create_action: list_url,
        new_username: typed.username,
        new_email: typed.email,
        new_roles: typed.roles,
        errors,
    };
    form_response(state, m, status, |t| WithCsrf::new(t, page))
}

pub async fn create(
    State(state): State<AppState>,
    m: PageManager,
    Locale(tr): Locale,
    headers: HeaderMap,
    form: PageForm,
) -> Response {
    if !m.verified(&state, &headers, &form) {
        return expired_form(&tr, &m.domain);
    }
    let tr = tr.at(&Endpoint::ManageUsers.path(&m.domain.slug));
    let field = |name| form.get(name).unwrap_or("").trim().to_owned();
    let typed = Typed {
        username: field("username"),
        email: field("email"),
        roles: form.get("roles").unwrap_or("").to_owned(),
    };
    let roles = name_list(&typed.roles);
    let request = NewUserRequest {
        username: typed.username.clone(),
        email: Some(typed.email.clone()).filter(|e| !e.is_empty()),
        // An empty password field: no password yet (the user cannot sign in until one is set).
        password: form
            .get("password")
            .filter(|p| !p.is_empty())
            .map(str::to_owned),
        roles: roles.clone(),
    };
    let e = match state
        .flows
        .create_user(&m.domain, &request, &m.actor, m.by)
        .await
    {
        Ok(u) => return see_other(&tr, &done(&m, &u.username, "created")),
        Err(e) => e,
    };
    let status = refusal::status(&e);
    let mut errors = FieldErrors::default();
    match &e {
        ManageError::Invalid(f) if f.field == "roles" => {
            let in_main = m.domain.slug == MAIN_DOMAIN;
            errors.add(
                "roles",
                refusal::roles_refused(&tr, &[], &roles, m.by, in_main),
            );
        }
        ManageError::Invalid(f) if ["username", "email", "password"].contains(&f.field) => {
            errors.add(f.field, refusal::field(&tr, f));
        }
        ManageError::Conflict(_) => errors.add("username", tr.t("manage-error-username-taken")),
        _ => return refusal::page(&tr, &m.domain, e),
    }
    users_page(&state, &m, tr, status, &[], typed, errors).await
}

/// The user's page, saying that `what` was done.
pub(super) fn done(m: &PageManager, username: &str, what: &str) -> String {
    with_query(
        &Endpoint::ManageUser.path_with(&m.domain.slug, username),
        &[("done", what)],
    )
}
