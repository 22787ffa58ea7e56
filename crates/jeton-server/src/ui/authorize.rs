//! The authorization endpoint (RFC 6749 §4.1.1, RFC 7636, RFC 9207). It serves people — it
//! answers with pages and redirects, never JSON — so it lives with the pages, and shares the
//! authorization flow (`jeton_flows::consent`) with the consent page.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::cookie::CookieJar;
use jeton_core::authorize::{AuthorizeParams, PageError, RedirectError};
use jeton_core::capabilities::SERVED;
use jeton_flows::consent::{Authorization, AuthorizeStop};
use jeton_store::{Domain, GrantId};

use crate::state::AppState;
use crate::ui::domain::PageDomain;
use crate::ui::form::{PageForm, pairs};
use crate::ui::pages::{error_page_text, see_other, unavailable};
use crate::web::locale::{Locale, Tr};
use crate::web::session;
use crate::web::urls::{Endpoint, issuer, with_query};

pub async fn authorize_get(
    State(state): State<AppState>,
    PageDomain(domain): PageDomain,
    Locale(tr): Locale,
    jar: CookieJar,
    RawQuery(query): RawQuery,
) -> Response {
    let raw = pairs(query.unwrap_or_default().as_bytes());
    authorize(state, domain, tr, jar, &raw).await
}

pub async fn authorize_post(
    State(state): State<AppState>,
    PageDomain(domain): PageDomain,
    Locale(tr): Locale,
    jar: CookieJar,
    PageForm(raw): PageForm,
) -> Response {
    authorize(state, domain, tr, jar, &raw).await
}

async fn authorize(
    state: AppState,
    domain: Arc<Domain>,
    tr: Tr,
    jar: CookieJar,
    raw: &[(String, String)],
) -> Response {
    let flow = match prepare(&state, &domain, &tr, params_of(raw), &jar).await {
        Ok(flow) => flow,
        Err(res) => return res,
    };
    // Consent remembered: the same or fewer scopes are not asked again.
    match state.flows.remembered_consent(&domain, &flow).await {
        Ok(Some(grant_id)) => issue_code(&state, &domain, &tr, &flow, &grant_id).await,
        Ok(None) => see_other(
            &tr,
            &with_query(
                &Endpoint::Consent.path(&domain.slug),
                &flow.params.to_pairs(),
            ),
        ),
        Err(e) => unavailable(&tr, e),
    }
}

pub fn params_of(raw: &[(String, String)]) -> AuthorizeParams {
    AuthorizeParams::from_pairs(raw.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// Runs the authorization flow's checks; `Err` is the response to give instead: an error
/// page, an error redirect to the client, or the login page.
pub async fn prepare(
    state: &AppState,
    domain: &Domain,
    tr: &Tr,
    params: AuthorizeParams,
    jar: &CookieJar,
) -> Result<Authorization, Response> {
    let here = with_query(&Endpoint::Authorize.path(&domain.slug), &params.to_pairs());
    match state
        .flows
        .prepare_authorization(domain, params, session::value(jar, &domain.slug))
        .await
    {
        Ok(flow) => Ok(flow),
        Err(AuthorizeStop::Page(e)) => Err(page_error(tr, domain, &e)),
        Err(AuthorizeStop::Redirect(e)) => Err(redirect_error(state, domain, tr, &e)),
        Err(AuthorizeStop::SignIn) => Err(see_other(
            tr,
            &with_query(&Endpoint::Login.path(&domain.slug), &[("return_to", &here)]),
        )),
        Err(AuthorizeStop::Store(e)) => Err(unavailable(tr, e)),
    }
}

fn page_error(tr: &Tr, domain: &Domain, e: &PageError) -> Response {
    let message = match e {
        PageError::MissingClientId => tr.t("authorize-missing-client-id"),
        PageError::UnknownClient => tr.t("authorize-unknown-client"),
        PageError::RepeatedParameter(name) => tr.t1("authorize-repeated-parameter", "name", name),
        PageError::MissingRedirectUri => tr.t("authorize-missing-redirect-uri"),
        PageError::UnregisteredRedirectUri => tr.t("authorize-unregistered-redirect-uri"),
    };
    error_page_text(
        tr,
        StatusCode::BAD_REQUEST,
        "authorize-error-title",
        message,
        Some(&domain.name),
    )
}

/// Back to the client with `pairs`, then `state` and `iss` (RFC 6749 §4.1.2, RFC 9207).
fn back_to_client(
    state: &AppState,
    domain: &Domain,
    tr: &Tr,
    redirect_uri: &str,
    answer: &[(&str, &str)],
    client_state: Option<&str>,
) -> Response {
    let iss = issuer(state.config.public_base(), &domain.slug);
    let mut pairs = answer.to_vec();
    if let Some(s) = client_state {
        pairs.push(("state", s));
    }
    if SERVED.authorization_response_iss_parameter {
        pairs.push(("iss", &iss));
    }
    see_other(tr, &with_query(redirect_uri, &pairs))
}

/// RFC 6749 §4.1.2.1.
pub fn redirect_error(state: &AppState, domain: &Domain, tr: &Tr, e: &RedirectError) -> Response {
    let pairs = [
        ("error", e.error.code.as_str()),
        ("error_description", e.error.description.as_ref()),
    ];
    back_to_client(
        state,
        domain,
        tr,
        &e.redirect_uri,
        &pairs,
        e.state.as_deref(),
    )
}

/// Issues a code under `grant_id` and sends the person back to the client with it.
pub async fn issue_code(
    state: &AppState,
    domain: &Domain,
    tr: &Tr,
    flow: &Authorization,
    grant_id: &GrantId,
) -> Response {
    match state.flows.issue_code(domain, flow, grant_id).await {
        Ok(code) => back_to_client(
            state,
            domain,
            tr,
            &flow.valid.redirect_uri,
            &[("code", code.as_str())],
            flow.valid.state.as_deref(),
        ),
        Err(e) => unavailable(tr, e),
    }
}
