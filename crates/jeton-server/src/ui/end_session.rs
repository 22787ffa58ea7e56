//! The end-session endpoint (OpenID Connect RP-Initiated Logout 1.0), `/d/{d}/oauth/logout`:
//! an application sends the browser here to sign the person out of the domain, then
//! (optionally) back to one of its registered `post_logout_redirect_uris`.
//!
//! - GET or POST with the request (§2: `id_token_hint`, `client_id`,
//!   `post_logout_redirect_uri`, `state`, `ui_locales`; `logout_hint` is accepted and
//!   ignored: the session that ends is the one this browser holds).
//! - Signed in to the domain: a confirmation page (§2: the OP asks the person; a link or
//!   an image must not sign anyone out), whose form carries the request back with the CSRF
//!   token and `confirm`. Confirming ends the session (`session::end`, as the people's
//!   sign-out page does), then redirects.
//! - Not signed in: straight to the redirect, or the "signed out" page.
//!
//! The redirect (§3) happens only to a URI registered for the client that `client_id` or
//! the hint's `aud` names (both, if given, agreeing) and only with a hint that verified, if
//! one was given; in every other case the person gets the "signed out" page
//! (`jeton_core::end_session`). The request is checked again when the form comes back.
//!
//! A hint about another user than the signed-in one (the application's session is someone
//! else's): the spec leaves it to the OP. Jeton still asks, names the signed-in account and
//! says the application signed in another one, and ends this browser's session only if the
//! person confirms — signing out is what the person asked for by following the link, and
//! refusing would leave them signed in with no way to understand why.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use jeton_core::capabilities::SERVED;
use jeton_core::end_session::NoRedirect;
use jeton_flows::end_session::{LogoutPlan, LogoutRequest};
use jeton_store::Domain;

use crate::state::AppState;
use crate::ui::domain::PageDomain;
use crate::ui::form::{PageForm, get, pairs};
use crate::ui::pages::{
    EndSessionPage, SignedOutPage, WithCsrf, error_page, expired_form, render, render_form,
    see_other, unavailable,
};
use crate::web::client_ip::ClientOrigin;
use crate::web::locale::{Locale, Tr, choose_suggested, from_ui_locales};
use crate::web::urls::{Endpoint, issuer};
use crate::web::{csrf, session};

/// The parameters the confirmation form carries back, in this order.
const CARRIED: [&str; 5] = [
    "id_token_hint",
    "client_id",
    "post_logout_redirect_uri",
    "state",
    "ui_locales",
];

/// The submit button's name: a POST with it is the person confirming, and needs the CSRF
/// token; a POST without it is an application's logout request (§2 allows POST).
const CONFIRM: &str = "confirm";

pub async fn end_session_get(
    State(state): State<AppState>,
    PageDomain(domain): PageDomain,
    Locale(tr): Locale,
    origin: ClientOrigin,
    headers: HeaderMap,
    jar: CookieJar,
    RawQuery(query): RawQuery,
) -> Response {
    let raw = pairs(query.as_deref().unwrap_or_default().as_bytes());
    let tr = suggested(tr, query.as_deref(), &headers, &raw);
    request(&state, &domain, tr, origin, jar, &raw).await
}

pub async fn end_session_post(
    State(state): State<AppState>,
    PageDomain(domain): PageDomain,
    Locale(tr): Locale,
    origin: ClientOrigin,
    headers: HeaderMap,
    jar: CookieJar,
    PageForm(raw): PageForm,
) -> Response {
    let tr = suggested(tr, None, &headers, &raw);
    if get(&raw, CONFIRM).is_none() {
        return request(&state, &domain, tr, origin, jar, &raw).await;
    }
    if !csrf::verify(&state, &jar, &headers, get(&raw, "csrf")) {
        return expired_form(&tr, &domain);
    }
    let plan = match plan(&state, &domain, &tr, &raw).await {
        Ok(p) => p,
        Err(res) => return res,
    };
    match session::end(&state, jar, &domain.slug, &domain.id).await {
        Ok(jar) => (jar, signed_out(&tr, &domain, plan)).into_response(),
        Err(e) => unavailable(&tr, e),
    }
}

/// The application's request: confirm when signed in, else go on at once.
async fn request(
    state: &AppState,
    domain: &Arc<Domain>,
    tr: Tr,
    origin: ClientOrigin,
    jar: CookieJar,
    raw: &[(String, String)],
) -> Response {
    let plan = match plan(state, domain, &tr, raw).await {
        Ok(p) => p,
        Err(res) => return res,
    };
    let user = match session::current_user(state, &jar, domain).await {
        Ok(Some(user)) => user,
        Ok(None) => return signed_out(&tr, domain, plan),
        Err(e) => return unavailable(&tr, e),
    };
    let (jar, token) = csrf::token(state, jar, origin.https);
    let hidden = CARRIED
        .iter()
        .filter_map(|&name| get(raw, name).map(|v| (name.to_owned(), v.to_owned())))
        .collect();
    let page = EndSessionPage {
        // The language switch comes back to this address, request included (a GET's).
        tr,
        domain_name: domain.name.clone(),
        action: Endpoint::EndSession.path(&domain.slug),
        username: user.username.clone(),
        other_account: plan.hint_is_about_another(&user.id),
        client_name: plan.client_name,
        hidden,
        stay_url: Endpoint::DomainStart.path(&domain.slug),
    };
    (
        jar,
        render_form(StatusCode::OK, &WithCsrf::new(token, page)),
    )
        .into_response()
}

async fn plan(
    state: &AppState,
    domain: &Domain,
    tr: &Tr,
    raw: &[(String, String)],
) -> Result<LogoutPlan, Response> {
    if !SERVED.end_session {
        return Err(error_page(
            tr,
            StatusCode::NOT_FOUND,
            "error-not-found-title",
            "error-not-found",
            None,
        ));
    }
    let req = LogoutRequest {
        id_token_hint: get(raw, "id_token_hint").filter(|v| !v.is_empty()),
        client_id: get(raw, "client_id").filter(|v| !v.is_empty()),
        post_logout_redirect_uri: get(raw, "post_logout_redirect_uri").filter(|v| !v.is_empty()),
        state: get(raw, "state"),
    };
    let issuer = issuer(state.config.public_base(), &domain.slug);
    state
        .flows
        .plan_logout(domain, req, &issuer)
        .await
        .map_err(|e| unavailable(tr, e))
}

/// After signing out (or with no session): the client's registered URI, or the page.
fn signed_out(tr: &Tr, domain: &Domain, plan: LogoutPlan) -> Response {
    match plan.redirect {
        Ok(location) => see_other(tr, &location),
        Err(why) => render(
            StatusCode::OK,
            &SignedOutPage {
                tr: tr.at(&Endpoint::Logout.path(&domain.slug)),
                domain_name: domain.name.clone(),
                login_url: Endpoint::Login.path(&domain.slug),
                // Which check failed is for the logs; the person learns only that the
                // application asked to be returned to and was not.
                note: (why != NoRedirect::NoUri).then(|| tr.t("end-session-not-returned")),
            },
        ),
    }
}

/// The request's translator, with the client's `ui_locales` taken into account.
fn suggested(tr: Tr, query: Option<&str>, headers: &HeaderMap, raw: &[(String, String)]) -> Tr {
    match get(raw, "ui_locales").and_then(from_ui_locales) {
        Some(lang) => tr.in_lang(choose_suggested(query, headers, Some(lang))),
        None => tr,
    }
}
