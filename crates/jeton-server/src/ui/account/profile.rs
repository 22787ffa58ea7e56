//! The profile (`/d/{d}/account`): who the person is, and what they change themselves there,
//! each with its own form: their email address (`update_my_email`) and their password
//! (`change_my_password`: the current one is required, every other session of theirs ends,
//! this one stays). A refused field comes back with its message next to it (400); a change
//! made answers 303 to the profile, which says what happened.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jeton_core::client_registration::FieldError;
use jeton_flows::error::ManageError;

use super::{Back, Posted, Visit, refused};
use crate::state::AppState;
use crate::ui::form::{get, pairs};
use crate::ui::pages::{AccountPage, FieldErrors, Section, WithCsrf, render_form, see_other};
use crate::web::locale::Tr;
use crate::web::urls::{Endpoint, with_query};
use crate::web::{csrf, session};

/// What the profile's `?done=` can say after a change.
const DONE_EMAIL: &str = "email";
const DONE_PASSWORD: &str = "password";

/// The profile. Also what `GET /account/email` and `GET /account/password` show: the
/// addresses the forms are sent to, where someone whose session ended comes back after
/// signing in.
pub async fn account(
    State(state): State<AppState>,
    v: Visit,
    RawQuery(query): RawQuery,
) -> Response {
    let q = pairs(query.unwrap_or_default().as_bytes());
    let done = match get(&q, "done") {
        Some(DONE_EMAIL) => Some(v.tr.t("account-done-email")),
        Some(DONE_PASSWORD) => Some(v.tr.t("account-done-password")),
        _ => None,
    };
    let email = v.user.email.clone().unwrap_or_default();
    profile(
        &state,
        v,
        StatusCode::OK,
        email,
        FieldErrors::default(),
        done,
    )
}

pub async fn change_email(
    State(state): State<AppState>,
    Posted { visit: v, form }: Posted,
) -> Response {
    let typed = form.get("email").unwrap_or("").trim().to_owned();
    let changed = state
        .flows
        .update_my_email(&v.domain, &v.user, &typed, &v.actor())
        .await;
    match changed {
        Ok(()) => done(&v, DONE_EMAIL),
        Err(ManageError::Invalid(e)) => {
            tracing::debug!(field = e.field, message = %e.message, "email refused");
            let mut errors = FieldErrors::default();
            errors.add("email", v.tr.t("account-error-email"));
            profile(&state, v, StatusCode::BAD_REQUEST, typed, errors, None)
        }
        Err(e) => {
            let nav = v.nav(&state, Section::Profile);
            refused(&v.tr, nav, e, &back(&v))
        }
    }
}

pub async fn change_password(
    State(state): State<AppState>,
    Posted { visit: v, form }: Posted,
) -> Response {
    let current = form.get("current_password").unwrap_or("");
    let new_password = form.get("new_password").unwrap_or("");
    let email = v.user.email.clone().unwrap_or_default();
    // The repeat is the page's own check (a typo in a field nobody sees), not a rule.
    if form.get("new_password_repeat").unwrap_or("") != new_password {
        let mut errors = FieldErrors::default();
        errors.add(
            "new_password_repeat",
            v.tr.t("account-error-password-repeat"),
        );
        return profile(&state, v, StatusCode::BAD_REQUEST, email, errors, None);
    }
    // The session that stays: this one (`Visit` found it, so the cookie is there).
    let session = session::value(&v.jar, &v.domain.slug)
        .unwrap_or_default()
        .to_owned();
    let changed = state
        .flows
        .change_my_password(
            &v.domain,
            &v.user,
            current,
            new_password,
            &session,
            &v.actor(),
        )
        .await;
    match changed {
        Ok(()) => done(&v, DONE_PASSWORD),
        Err(ManageError::Invalid(e)) => {
            let (field, message) = password_refused(&v.tr, &e);
            let mut errors = FieldErrors::default();
            errors.add(field, message);
            profile(&state, v, StatusCode::BAD_REQUEST, email, errors, None)
        }
        Err(e) => {
            let nav = v.nav(&state, Section::Profile);
            refused(&v.tr, nav, e, &back(&v))
        }
    }
}

/// The field a refused password change is about, and what to say there.
fn password_refused(tr: &Tr, e: &FieldError) -> (&'static str, String) {
    match e.field {
        "current_password" => ("current_password", tr.t("account-error-current-password")),
        _ => ("new_password", tr.t("account-error-new-password")),
    }
}

/// 303 to the profile, which says what `what` changed.
fn done(v: &Visit, what: &str) -> Response {
    let profile = Endpoint::Account.path(&v.domain.slug);
    see_other(&v.tr, &with_query(&profile, &[("done", what)]))
}

fn back(v: &Visit) -> Back {
    Back {
        url: Endpoint::Account.path(&v.domain.slug),
        label: "account-back-profile",
        not_found: "error-not-found",
    }
}

/// The profile page; `email` is what its email field holds.
fn profile(
    state: &AppState,
    v: Visit,
    status: StatusCode,
    email: String,
    errors: FieldErrors,
    done: Option<String>,
) -> Response {
    let nav = v.nav(state, Section::Profile);
    let slug = &v.domain.slug;
    let (jar, token) = csrf::token(state, v.jar, v.origin.https);
    let page = AccountPage {
        email_action: Endpoint::AccountEmail.path(slug),
        password_action: Endpoint::AccountPassword.path(slug),
        tr: v.tr,
        nav,
        email: v.user.email,
        roles: v.user.roles,
        email_value: email,
        errors,
        done,
    };
    (jar, render_form(status, &WithCsrf::new(token, page))).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::locale::{Lang, take_missing};

    #[test]
    fn every_refusal_reads_in_both_languages() {
        take_missing();
        for lang in [Lang::En, Lang::Fr] {
            let tr = Tr::new(lang, "/");
            let (field, _) = password_refused(&tr, &FieldError::new("current_password", "x"));
            assert_eq!(field, "current_password");
            let (field, m) = password_refused(&tr, &FieldError::new("new_password", "x"));
            assert_eq!(field, "new_password");
            assert!(m.contains('8'), "{m}");
        }
        assert_eq!(take_missing(), Vec::<String>::new());
    }
}
