//! The authorization endpoint (RFC 6749 §4.1.1, RFC 7636, RFC 9207). It serves people — it
//! answers with pages and redirects, never JSON — so it lives with the pages, and shares the
//! authorization flow (`jeton_flows::consent`) with the consent page.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::cookie::CookieJar;
use jeton_core::authorize::{AuthorizeParams, PageError, Prompt, RedirectError};
use jeton_core::capabilities::{ResponseMode, SERVED};
use jeton_flows::consent::{Authorization, AuthorizeStop, ConsentStep};
use jeton_store::{Domain, GrantId};

use crate::state::AppState;
use crate::ui::domain::PageDomain;
use crate::ui::form::{PageForm, pairs};
use crate::ui::pages::{FormPostPage, error_page_text, render, see_other, unavailable};
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
    let flow = match prepare(&state, &domain, &tr, params_of(raw), &jar, true).await {
        Ok(flow) => flow,
        Err(res) => return res,
    };
    // Consent remembered: the same or fewer scopes are not asked again (unless
    // `prompt=consent`; with `prompt=none`, asking is refused).
    match state.flows.consent_step(&domain, &flow).await {
        Ok(ConsentStep::Remembered(grant_id)) => {
            issue_code(&state, &domain, &tr, &flow, &grant_id).await
        }
        Ok(ConsentStep::Ask) => see_other(
            &tr,
            &with_query(
                &Endpoint::Consent.path(&domain.slug),
                &flow.params.to_pairs(),
            ),
        ),
        Ok(ConsentStep::Refuse(e)) => redirect_error(&state, &domain, &tr, &e),
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
    at_endpoint: bool,
) -> Result<Authorization, Response> {
    let login_hint = params.login_hint.clone();
    // Where to come back after signing in: the same request, without `prompt=login` (the
    // sign-in it asks for will just have happened).
    let mut again = params.clone();
    again.prompt = Prompt::parse(params.prompt.as_deref())
        .ok()
        .and_then(Prompt::after_sign_in)
        .map(str::to_owned);
    let here = with_query(&Endpoint::Authorize.path(&domain.slug), &again.to_pairs());
    let iss = issuer(state.config.public_base(), &domain.slug);
    match state
        .flows
        .prepare_authorization(
            domain,
            params,
            session::value(jar, &domain.slug),
            at_endpoint,
            &iss,
        )
        .await
    {
        Ok(flow) => Ok(flow),
        Err(AuthorizeStop::Page(e)) => Err(page_error(tr, domain, &e)),
        Err(AuthorizeStop::Redirect(e)) => Err(redirect_error(state, domain, tr, &e)),
        Err(AuthorizeStop::SignIn { fresh }) => {
            let mut login: Vec<(&str, &str)> = vec![("return_to", &here)];
            if fresh {
                // The login page asks even though a session exists.
                login.push(("prompt", "login"));
            }
            if let Some(hint) = login_hint.as_deref() {
                login.push(("login_hint", hint));
            }
            Err(see_other(
                tr,
                &with_query(&Endpoint::Login.path(&domain.slug), &login),
            ))
        }
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

/// Back to the client with `pairs`, then `state` and `iss` (RFC 6749 §4.1.2, RFC 9207), in
/// the query (the code flow's default), the fragment (OAuth 2.0 Multiple Response Type
/// Encoding Practices §2.1) or a form posted by the browser (OAuth 2.0 Form Post Response
/// Mode §2).
fn back_to_client(
    state: &AppState,
    domain: &Domain,
    tr: &Tr,
    redirect_uri: &str,
    answer: &[(&str, &str)],
    client_state: Option<&str>,
    mode: ResponseMode,
) -> Response {
    let iss = issuer(state.config.public_base(), &domain.slug);
    let mut pairs = answer.to_vec();
    if let Some(s) = client_state {
        pairs.push(("state", s));
    }
    if SERVED.authorization_response_iss_parameter {
        pairs.push(("iss", &iss));
    }
    match mode {
        ResponseMode::Query => see_other(tr, &with_query(redirect_uri, &pairs)),
        ResponseMode::Fragment => {
            // A registered redirect URI has no fragment (RFC 6749 §3.1.2).
            let fragment = url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(&pairs)
                .finish();
            see_other(tr, &format!("{redirect_uri}#{fragment}"))
        }
        ResponseMode::FormPost => form_post(tr, redirect_uri, &pairs),
    }
}

/// The page that posts the answer to the client: a form the browser submits by itself
/// (`static/jeton.js`, as the CSP allows no inline script), with a button when scripts are
/// off.
fn form_post(tr: &Tr, redirect_uri: &str, pairs: &[(&str, &str)]) -> Response {
    let page = FormPostPage {
        tr: tr.clone(),
        action: redirect_uri.to_owned(),
        fields: pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    };
    render(StatusCode::OK, &page)
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
        e.response_mode,
    )
}

/// Issues a code under `grant_id` (or, for the implicit response types, the tokens) and
/// sends the person back to the client with it.
pub async fn issue_code(
    state: &AppState,
    domain: &Domain,
    tr: &Tr,
    flow: &Authorization,
    grant_id: &GrantId,
) -> Response {
    if flow.valid.response_type.is_implicit() {
        return issue_implicit(state, domain, tr, flow, grant_id).await;
    }
    match state.flows.issue_code(domain, flow, grant_id).await {
        Ok(code) => back_to_client(
            state,
            domain,
            tr,
            &flow.valid.redirect_uri,
            &[("code", code.as_str())],
            flow.valid.state.as_deref(),
            flow.valid.response_mode,
        ),
        Err(e) => unavailable(tr, e),
    }
}

/// The implicit grant's answer (RFC 6749 §4.2.2, OpenID Connect Core §3.2.2.5).
async fn issue_implicit(
    state: &AppState,
    domain: &Domain,
    tr: &Tr,
    flow: &Authorization,
    grant_id: &GrantId,
) -> Response {
    let iss = issuer(state.config.public_base(), &domain.slug);
    let answer = match state
        .flows
        .issue_implicit(domain, flow, grant_id, &iss)
        .await
    {
        Ok(a) => a,
        Err(jeton_flows::FlowError::Store(e)) => return unavailable(tr, e),
        Err(jeton_flows::FlowError::Refused(e)) => {
            return redirect_error(state, domain, tr, &flow.redirect_error(e));
        }
        // Issuing counts no failures, so nothing throttles it; said as the RFC would.
        Err(jeton_flows::FlowError::Throttled { .. }) => {
            let e = jeton_core::OAuthError::new(
                jeton_core::ErrorCode::TemporarilyUnavailable,
                "retry shortly",
            );
            return redirect_error(state, domain, tr, &flow.redirect_error(e));
        }
    };
    let expires_in = answer
        .access_token
        .as_ref()
        .map(|(_, secs)| secs.to_string());
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    if let (Some((token, _)), Some(secs)) = (&answer.access_token, &expires_in) {
        pairs.push(("access_token", token));
        pairs.push(("token_type", "Bearer"));
        pairs.push(("expires_in", secs));
    }
    if let Some(id_token) = &answer.id_token {
        pairs.push(("id_token", id_token));
    }
    pairs.push(("scope", &answer.scope));
    back_to_client(
        state,
        domain,
        tr,
        &flow.valid.redirect_uri,
        &pairs,
        flow.valid.state.as_deref(),
        flow.valid.response_mode,
    )
}
