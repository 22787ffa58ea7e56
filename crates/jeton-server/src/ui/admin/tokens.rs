//! Admin API tokens: what automation sends as `Authorization: Bearer` to the JSON API
//! instead of a person's session. The list, the create form (name, scope, expiry date at most
//! a year away), the token shown once on the form's answer, revocation after a confirmation.
//! The form carries a `once` value from which the token's id is derived
//! (`derived_admin_token_id`), so that sending it again creates no second token (409).

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use jeton_core::client_registration::FieldError;
use jeton_core::dates;
use jeton_core::entities::{
    AdminScope, AdminToken, admin_token_expiry_dates, derived_admin_token_id,
};
use jeton_core::ids::new_id;
use jeton_flows::error::ManageError;

use super::fields::{self, Form};
use super::{PageAdmin, field, once};
use crate::state::AppState;
use crate::ui::form::{PageForm, get, pairs};
use crate::ui::manage::clients::status_key;
use crate::ui::pages::{
    AdminConfirm, AdminConfirmPage, AdminScopeOption, AdminSection, AdminTokenRow,
    AdminTokenSecretPage, AdminTokensPage, FieldErrors, render, see_other,
};
use crate::web::urls::{AdminPage, with_query};

/// How far away the form's expiry date starts (people may pick any other).
const SUGGESTED_DAYS: i64 = 90;

/// The create form as typed.
struct Typed {
    once: String,
    name: String,
    scope: String,
    expires: String,
}

pub async fn list(
    State(state): State<AppState>,
    a: PageAdmin,
    RawQuery(query): RawQuery,
) -> Response {
    let q = pairs(query.unwrap_or_default().as_bytes());
    let typed = Typed {
        once: new_id(state.flows.random()),
        name: String::new(),
        scope: AdminScope::All.as_string(),
        expires: dates::date_field(state.flows.now() + SUGGESTED_DAYS * 86_400),
    };
    tokens_page(
        &state,
        &a,
        StatusCode::OK,
        get(&q, "revoked"),
        typed,
        FieldErrors::default(),
    )
    .await
}

async fn tokens_page(
    state: &AppState,
    a: &PageAdmin,
    status: StatusCode,
    revoked: Option<&str>,
    typed: Typed,
    errors: FieldErrors,
) -> Response {
    let (tokens, domains) = match (
        state.flows.admin_tokens().await,
        state.flows.list_domains().await,
    ) {
        (Ok(t), Ok(d)) => (t, d),
        (Err(e), _) | (_, Err(e)) => return a.refused(AdminSection::Tokens, e),
    };
    let now = state.flows.now();
    // "Token revoked", only if the token named is.
    let notice = revoked
        .and_then(|id| tokens.iter().find(|t| t.id == id && t.revoked_at.is_some()))
        .map(|t| a.tr.t1("admin-tokens-done-revoked", "token", &t.name));
    let offered = admin_token_expiry_dates(now);
    let all = AdminScope::All.as_string();
    let mut scopes = vec![AdminScopeOption {
        selected: typed.scope == all,
        value: all,
        domain_name: None,
    }];
    scopes.extend(domains.into_iter().map(|d| {
        let value = AdminScope::Domain(d.slug).as_string();
        AdminScopeOption {
            selected: typed.scope == value,
            value,
            domain_name: Some(d.name),
        }
    }));
    let page = AdminTokensPage {
        tr: a.tr.at(&AdminPage::Tokens.path(&[])),
        shell: a.shell(AdminSection::Tokens, notice),
        tokens: tokens.into_iter().map(|t| row(t, now)).collect(),
        create_action: AdminPage::Tokens.path(&[]),
        once: typed.once,
        new_name: typed.name,
        scopes,
        new_expires: typed.expires,
        earliest: offered.earliest,
        latest: offered.latest,
        errors,
    };
    a.form(state, status, page)
}

fn row(t: AdminToken, now: i64) -> AdminTokenRow {
    let status = t.status(now);
    AdminTokenRow {
        revoke_url: t
            .revoked_at
            .is_none()
            .then(|| AdminPage::TokenRevoke.path(&[&t.id])),
        scope: t.scope.as_string(),
        status: status.as_str(),
        status_key: status_key(status),
        created: dates::display(t.created_at),
        expires: dates::last_day(t.expires_at),
        last_used: t.last_used_at.map(dates::display),
        created_by: t.created_by,
        name: t.name,
        id: t.id,
    }
}

pub async fn create(
    State(state): State<AppState>,
    a: PageAdmin,
    headers: HeaderMap,
    form: PageForm,
) -> Response {
    if !a.verified(&state, &headers, &form) {
        return a.expired();
    }
    let typed = Typed {
        once: once(&form).unwrap_or("").to_owned(),
        name: form.get("name").unwrap_or("").to_owned(),
        scope: field(&form, "scope"),
        expires: field(&form, "expires_at"),
    };
    let offered = admin_token_expiry_dates(state.flows.now());
    let refused = |typed: Typed, e: FieldError, status| {
        let (at, message) = fields::message(&a.tr, Form::Token, &e, &[], Some(&offered));
        let mut errors = FieldErrors::default();
        errors.add(at, message);
        let (state, a) = (&state, &a);
        async move { tokens_page(state, a, status, None, typed, errors).await }
    };
    let Some(scope) = AdminScope::parse(&typed.scope) else {
        let e = FieldError::new("scope", "admin or domain:SLUG");
        return refused(typed, e, StatusCode::BAD_REQUEST).await;
    };
    // A date that does not parse is no date: the same message as one out of bounds.
    let Ok(expires_at) = dates::parse_expiry(&typed.expires) else {
        let e = FieldError::new("expires_at", "not a date");
        return refused(typed, e, StatusCode::BAD_REQUEST).await;
    };
    let id = once(&form).map(|o| derived_admin_token_id(&a.user.id, o));
    match state
        .flows
        .create_admin_token(&typed.name, scope, expires_at, &a.actor, id)
        .await
    {
        Ok(created) => secret_page(&state, &a, created.token, created.secret),
        Err(ManageError::Invalid(e)) => refused(typed, e, StatusCode::BAD_REQUEST).await,
        // The same form again: the token exists, and it was shown once.
        Err(ManageError::Conflict(_)) => a.notice(
            AdminSection::Tokens,
            StatusCode::CONFLICT,
            ("admin-token-already-title", "admin-token-already"),
            (&AdminPage::Tokens.path(&[]), "admin-back-tokens"),
        ),
        Err(e) => a.refused(AdminSection::Tokens, e),
    }
}

/// The new token, this once, with a call it may make.
fn secret_page(state: &AppState, a: &PageAdmin, token: AdminToken, secret: String) -> Response {
    let back = AdminPage::Tokens.path(&[]);
    let base = state.config.public_base();
    let example_url = match &token.scope {
        AdminScope::All => format!("{base}/api/v1/admin/domains"),
        AdminScope::Domain(slug) => format!("{base}/api/v1/domains/{slug}/users"),
    };
    render(
        StatusCode::OK,
        &AdminTokenSecretPage {
            tr: a.tr.at(&back),
            shell: a.shell(AdminSection::Tokens, None),
            scope: token.scope.as_string(),
            expires: dates::last_day(token.expires_at),
            name: token.name,
            secret,
            example_url,
            back_url: back,
        },
    )
}

/// The token the path names, if it is not revoked.
async fn live_token(state: &AppState, id: &str) -> Result<AdminToken, ManageError> {
    state
        .flows
        .admin_tokens()
        .await?
        .into_iter()
        .find(|t| t.id == id && t.revoked_at.is_none())
        .ok_or(ManageError::NotFound("live admin token"))
}

/// "Revoke this token?"
pub async fn revoke_get(
    State(state): State<AppState>,
    a: PageAdmin,
    Path(id): Path<String>,
) -> Response {
    let token = match live_token(&state, &id).await {
        Ok(t) => t,
        Err(e) => return a.refused(AdminSection::Tokens, e),
    };
    let page = AdminConfirmPage {
        tr: a.tr.clone(),
        shell: a.shell(AdminSection::Tokens, None),
        what: AdminConfirm::RevokeToken,
        subject: token.name,
        domain_name: String::new(),
        action: AdminPage::TokenRevoke.path(&[&token.id]),
        id: Some(token.id),
        seen: None,
        cancel_url: AdminPage::Tokens.path(&[]),
    };
    a.form(&state, StatusCode::OK, page)
}

/// It stops working at once, on every instance; back to the list.
pub async fn revoke_post(
    State(state): State<AppState>,
    a: PageAdmin,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: PageForm,
) -> Response {
    if !a.verified(&state, &headers, &form) {
        return a.expired();
    }
    match state.flows.revoke_admin_token(&id, &a.actor).await {
        Ok(()) => see_other(
            &a.tr,
            &with_query(&AdminPage::Tokens.path(&[]), &[("revoked", &id)]),
        ),
        Err(e) => a.refused(AdminSection::Tokens, e),
    }
}
