//! The login page. Failures are limited per account and address, and briefly per account
//! (`jeton_core::lockout`), take as long whether or not the account exists, and say the same
//! thing either way (DESIGN §6).

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use jeton_core::redirect_uri::{is_admin_return_path, is_safe_return_path};
use jeton_flows::provision::MAIN_DOMAIN;
use jeton_flows::sign_in::SignInError;
use jeton_store::{ClientId, Domain};

use crate::state::AppState;
use crate::ui::domain::PageDomain;
use crate::ui::form::{PageForm, get, pairs};
use crate::ui::pages::{LoginPage, WithCsrf, expired_form, render_form, see_other, unavailable};
use crate::web::client_ip::ClientOrigin;
use crate::web::locale::{Locale, Tr};
use crate::web::urls::{Endpoint, with_query};
use crate::web::{csrf, session};

/// Where to go after login: the requested page if it is one of this domain's (or, for the
/// administrators' domain, one of the super administrator's pages, which need its
/// session), else the domain's start page.
/// Where a sign-in goes: where it was asked to return, or where the person's role takes
/// them (the admin pages, the manager pages, or their account).
fn destination(domain: &Domain, return_to: Option<&str>, user: &jeton_store::User) -> String {
    use jeton_core::roles::{Landing, landing};
    match return_to {
        Some(p) if !p.is_empty() && may_return_to(p, domain) => p.to_owned(),
        _ => match landing(&user.roles, domain.slug == MAIN_DOMAIN) {
            Landing::Admin => crate::web::urls::ADMIN.to_owned(),
            Landing::Manage => Endpoint::Manage.path(&domain.slug),
            Landing::Account => Endpoint::Account.path(&domain.slug),
        },
    }
}

/// Whether a login to `domain` may send the person on to `path` (never another site).
fn may_return_to(path: &str, domain: &Domain) -> bool {
    is_safe_return_path(path, &domain.slug)
        || (domain.slug == MAIN_DOMAIN && is_admin_return_path(path))
}

/// The application a login is for, to name it on the page ("to continue to …").
async fn client_name(state: &AppState, domain: &Domain, return_to: &str) -> Option<String> {
    let (path, query) = return_to.split_once('?')?;
    if path != Endpoint::Authorize.path(&domain.slug) {
        return None;
    }
    let q = pairs(query.as_bytes());
    // The edge for the presented client id: an implausible one names no application.
    let client_id = ClientId::parse(get(&q, "client_id")?)?;
    state
        .flows
        .client_display_name(&domain.id, &client_id)
        .await
}

#[allow(clippy::too_many_arguments)]
async fn page(
    state: &AppState,
    domain: &Domain,
    tr: Tr,
    jar: CookieJar,
    https: bool,
    status: StatusCode,
    return_to: &str,
    username: &str,
    error: Option<String>,
) -> Response {
    let (jar, token) = csrf::token(state, jar, https);
    let page = LoginPage {
        tr,
        domain_name: domain.name.clone(),
        action: Endpoint::Login.path(&domain.slug),
        return_to: return_to.to_owned(),
        username: username.to_owned(),
        error,
        client_name: client_name(state, domain, return_to).await,
    };
    let page = WithCsrf::new(token, page);
    (jar, render_form(status, &page)).into_response()
}

pub async fn login_get(
    State(state): State<AppState>,
    PageDomain(domain): PageDomain,
    Locale(tr): Locale,
    origin: ClientOrigin,
    jar: CookieJar,
    RawQuery(query): RawQuery,
) -> Response {
    let q = pairs(query.unwrap_or_default().as_bytes());
    let return_to = get(&q, "return_to")
        .filter(|p| may_return_to(p, &domain))
        .unwrap_or("");
    // OpenID Connect `prompt=login` / `max_age`: the application asks for a new sign-in,
    // so the form is shown even to someone signed in; `login_hint` fills in the username.
    let again = get(&q, "prompt") == Some("login");
    let hint = get(&q, "login_hint").unwrap_or("");
    match session::current_user(&state, &jar, &domain).await {
        Ok(Some(u)) if !again => see_other(&tr, &destination(&domain, Some(return_to), &u)),
        Ok(_) => {
            page(
                &state,
                &domain,
                tr,
                jar,
                origin.https,
                StatusCode::OK,
                return_to,
                // A username is short; a longer hint is no help to anyone.
                if hint.len() <= 256 { hint } else { "" },
                None,
            )
            .await
        }
        Err(e) => unavailable(&tr, e),
    }
}

pub async fn login_post(
    State(state): State<AppState>,
    PageDomain(domain): PageDomain,
    Locale(tr): Locale,
    origin: ClientOrigin,
    headers: HeaderMap,
    jar: CookieJar,
    form: PageForm,
) -> Response {
    if !csrf::verify(&state, &jar, &headers, form.get("csrf")) {
        return expired_form(&tr, &domain);
    }
    let return_to = form
        .get("return_to")
        .filter(|p| may_return_to(p, &domain))
        .unwrap_or("");
    let typed = form.get("username").unwrap_or("").trim();
    let password = form.get("password").unwrap_or("");
    let (status, msg, retry_after) = match state
        .flows
        .sign_in(&domain, typed, password, origin.ip)
        .await
    {
        Ok(user) => {
            return match session::start(&state, jar, &domain.slug, &user, origin.https).await {
                Ok(jar) => (
                    jar,
                    see_other(&tr, &destination(&domain, Some(return_to), &user)),
                )
                    .into_response(),
                Err(e) => unavailable(&tr, e),
            };
        }
        Err(SignInError::Store(e)) => return unavailable(&tr, e),
        // The message keys of the sign-in failures: the same whether or not the account exists.
        Err(SignInError::Throttled { retry_after_secs }) => {
            let minutes = retry_after_secs.div_ceil(60).max(1);
            let msg = tr.t1("login-throttled", "minutes", minutes);
            (StatusCode::TOO_MANY_REQUESTS, msg, Some(retry_after_secs))
        }
        Err(SignInError::Incorrect) => (StatusCode::UNAUTHORIZED, tr.t("login-incorrect"), None),
    };
    // The language switch of this answer to a POST shows the login page again.
    let login_again = match return_to {
        "" => Endpoint::Login.path(&domain.slug),
        r => with_query(&Endpoint::Login.path(&domain.slug), &[("return_to", r)]),
    };
    let mut res = page(
        &state,
        &domain,
        tr.at(&login_again),
        jar,
        origin.https,
        status,
        return_to,
        typed,
        Some(msg),
    )
    .await;
    if let Some(secs) = retry_after {
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    res
}
