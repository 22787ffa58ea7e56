//! Signing out: a confirmation page (a GET must not change state: a link or an image could
//! sign people out), then a CSRF-protected POST.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;

use crate::state::AppState;
use crate::ui::domain::PageDomain;
use crate::ui::form::PageForm;
use crate::ui::pages::{
    LogoutPage, SignedOutPage, WithCsrf, expired_form, render, render_form, see_other, unavailable,
};
use crate::web::client_ip::ClientOrigin;
use crate::web::locale::Locale;
use crate::web::urls::Endpoint;
use crate::web::{csrf, session};

pub async fn logout_get(
    State(state): State<AppState>,
    PageDomain(domain): PageDomain,
    Locale(tr): Locale,
    origin: ClientOrigin,
    jar: CookieJar,
) -> Response {
    match session::current_user(&state, &jar, &domain).await {
        Ok(Some(user)) => {
            let (jar, token) = csrf::token(&state, jar, origin.https);
            let page = LogoutPage {
                tr,
                domain_name: domain.name.clone(),
                action: Endpoint::Logout.path(&domain.slug),
                username: user.username,
            };
            let page = WithCsrf::new(token, page);
            (jar, render_form(StatusCode::OK, &page)).into_response()
        }
        Ok(None) => render(
            StatusCode::OK,
            &SignedOutPage {
                tr,
                domain_name: domain.name.clone(),
                login_url: Endpoint::Login.path(&domain.slug),
                note: None,
            },
        ),
        Err(e) => unavailable(&tr, e),
    }
}

pub async fn logout_post(
    State(state): State<AppState>,
    PageDomain(domain): PageDomain,
    Locale(tr): Locale,
    headers: HeaderMap,
    jar: CookieJar,
    form: PageForm,
) -> Response {
    if !csrf::verify(&state, &jar, &headers, form.get("csrf")) {
        return expired_form(&tr, &domain);
    }
    match session::end(&state, jar, &domain.slug, &domain.id).await {
        Ok(jar) => (jar, see_other(&tr, &Endpoint::Logout.path(&domain.slug))).into_response(),
        Err(e) => unavailable(&tr, e),
    }
}
