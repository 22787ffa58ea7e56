//! The authorization endpoint (RFC 6749 §4.1.1, RFC 7636, RFC 9207) and the steps it shares
//! with the consent page: validate the request, find the signed-in person, work out the
//! scopes, then either answer at once (consent already given) or ask.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::cookie::CookieJar;
use jeton_core::authorize::{
    self, AuthorizeParams, ClientRegistration, PageError, RedirectError, Rejection, ValidRequest,
};
use jeton_core::capabilities::SERVED;
use jeton_core::scope::{self, ScopeSet};
use jeton_core::secret::{self, SecretKind};
use jeton_core::{ErrorCode, OAuthError};
use jeton_store::{Client, Domain, NewAuthCode, User};

use crate::state::AppState;
use crate::ui::form::{PageForm, pairs};
use crate::ui::pages::{error_page, see_other, unavailable};
use crate::web::domain::CurrentDomain;
use crate::web::session;
use crate::web::urls::{Endpoint, issuer, with_query};

/// Codes live at most 60 s (DESIGN §5).
pub const CODE_TTL_SECS: i64 = 60;

/// A request that passed every check, for a signed-in person.
pub struct Flow {
    pub client: Arc<Client>,
    pub params: AuthorizeParams,
    pub valid: ValidRequest,
    pub user: User,
    /// requested ∩ client's allowed ∩ user's entitled.
    pub scopes: ScopeSet,
}

pub async fn authorize_get(
    State(state): State<AppState>,
    CurrentDomain(domain): CurrentDomain,
    jar: CookieJar,
    RawQuery(query): RawQuery,
) -> Response {
    let raw = pairs(query.unwrap_or_default().as_bytes());
    authorize(state, domain, jar, &raw).await
}

pub async fn authorize_post(
    State(state): State<AppState>,
    CurrentDomain(domain): CurrentDomain,
    jar: CookieJar,
    PageForm(raw): PageForm,
) -> Response {
    authorize(state, domain, jar, &raw).await
}

async fn authorize(
    state: AppState,
    domain: Arc<Domain>,
    jar: CookieJar,
    raw: &[(String, String)],
) -> Response {
    let params = AuthorizeParams::from_pairs(raw.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let flow = match prepare(&state, &domain, params, &jar).await {
        Ok(flow) => flow,
        Err(res) => return res,
    };
    // Consent remembered: the same or fewer scopes are not asked again.
    let grant = match state
        .store
        .active_grant(&domain.id, &flow.user.id, &flow.client.id)
        .await
    {
        Ok(g) => g,
        Err(e) => return unavailable(e),
    };
    match grant {
        Some(g)
            if authorize::may_skip_consent(
                flow.client.auth_method.is_public(),
                &g.scopes,
                &flow.scopes,
            ) =>
        {
            issue_code(&state, &domain, &flow, &g.id).await
        }
        _ => see_other(&with_query(
            &Endpoint::Consent.path(&domain.slug),
            &flow.params.to_pairs(),
        )),
    }
}

/// Validates the request and finds who is signed in. `Err` is the response to give instead:
/// an error page, an error redirect to the client, or the login page.
pub async fn prepare(
    state: &AppState,
    domain: &Domain,
    params: AuthorizeParams,
    jar: &CookieJar,
) -> Result<Flow, Response> {
    let now = state.now();
    let client = match params.client_id.as_deref() {
        Some(id) => state
            .cache
            .client(&domain.id, id)
            .await
            .map_err(unavailable)?,
        None => None,
    };
    // A revoked or expired client is as good as unknown.
    let client = client.filter(|c| c.is_active(now));
    let registration = client.as_deref().map(|c| ClientRegistration {
        redirect_uris: &c.redirect_uris,
        grant_types: &c.grant_types,
        auth_method: c.auth_method,
        allowed_scopes: &c.allowed_scopes,
        default_scopes: &c.default_scopes,
        require_pkce: c.require_pkce,
        allow_plain_pkce: c.allow_plain_pkce,
    });
    let valid = match authorize::validate(&params, registration.as_ref()) {
        Ok(v) => v,
        Err(Rejection::Page(e)) => return Err(page_error(domain, &e)),
        Err(Rejection::Redirect(e)) => return Err(redirect_error(state, domain, &e)),
    };
    let client = client.expect("validate succeeds only with a client");

    let Some(user) = session::current_user(state, jar, &domain.id)
        .await
        .map_err(unavailable)?
    else {
        let here = with_query(&Endpoint::Authorize.path(&domain.slug), &params.to_pairs());
        return Err(see_other(&with_query(
            &Endpoint::Login.path(&domain.slug),
            &[("return_to", &here)],
        )));
    };

    if let Err(error) = authorize::check_personal_client(client.owner_user_id.as_deref(), &user.id)
    {
        let e = RedirectError {
            redirect_uri: valid.redirect_uri.clone(),
            state: valid.state.clone(),
            error,
        };
        return Err(redirect_error(state, domain, &e));
    }
    let definitions = state.cache.scopes(&domain.id).await.map_err(unavailable)?;
    let entitled = scope::entitled_scopes(&definitions, &user.roles);
    let scopes = valid.scopes.intersection(&entitled);
    if scopes.is_empty() && !valid.scopes.is_empty() {
        let e = RedirectError {
            redirect_uri: valid.redirect_uri.clone(),
            state: valid.state.clone(),
            error: OAuthError::new(
                ErrorCode::AccessDenied,
                "this account may not grant any of the requested scopes",
            ),
        };
        return Err(redirect_error(state, domain, &e));
    }
    Ok(Flow {
        client,
        params,
        valid,
        user,
        scopes,
    })
}

fn page_error(domain: &Domain, e: &PageError) -> Response {
    error_page(
        StatusCode::BAD_REQUEST,
        "This sign-in request cannot be completed",
        &e.message(),
        Some(&domain.name),
    )
}

/// RFC 6749 §4.1.2.1 with `iss` (RFC 9207).
pub fn redirect_error(state: &AppState, domain: &Domain, e: &RedirectError) -> Response {
    let iss = issuer(state.config.public_base(), &domain.slug);
    let mut pairs = vec![
        ("error", e.error.code.as_str()),
        ("error_description", e.error.description.as_ref()),
    ];
    if let Some(s) = &e.state {
        pairs.push(("state", s));
    }
    if SERVED.authorization_response_iss_parameter {
        pairs.push(("iss", &iss));
    }
    see_other(&with_query(&e.redirect_uri, &pairs))
}

/// Mints and stores a code, and sends the person back to the client with it.
pub async fn issue_code(
    state: &AppState,
    domain: &Domain,
    flow: &Flow,
    grant_id: &str,
) -> Response {
    let now = state.now();
    let code = secret::mint_ordered(SecretKind::AuthorizationCode, state.random.as_ref(), now);
    let row = NewAuthCode {
        digest: code.digest,
        domain_id: domain.id.clone(),
        client_id: flow.client.id.clone(),
        user_id: flow.user.id.clone(),
        grant_id: grant_id.to_owned(),
        redirect_uri: flow.valid.redirect_uri.clone(),
        redirect_uri_given: flow.valid.redirect_uri_given,
        scopes: flow.scopes.clone(),
        code_challenge: flow.valid.code_challenge.clone(),
        created_at: now,
        expires_at: now + CODE_TTL_SECS,
    };
    if let Err(e) = state.store.insert_code(row).await {
        return unavailable(e);
    }
    let iss = issuer(state.config.public_base(), &domain.slug);
    let mut pairs = vec![("code", code.value.as_str())];
    if let Some(s) = &flow.valid.state {
        pairs.push(("state", s));
    }
    if SERVED.authorization_response_iss_parameter {
        pairs.push(("iss", &iss));
    }
    see_other(&with_query(&flow.valid.redirect_uri, &pairs))
}
