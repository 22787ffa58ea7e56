//! The consent page: names the application, explains each scope, and records the person's
//! answer as a grant.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use jeton_core::{ErrorCode, OAuthError};

use crate::state::AppState;
use crate::ui::authorize::{issue_code, params_of, prepare, redirect_error};
use crate::ui::domain::PageDomain;
use crate::ui::form::{PageForm, pairs};
use crate::ui::pages::{
    ConsentPage, ScopeView, WithCsrf, error_page, expired_form, render_form, unavailable,
};
use crate::web::client_ip::ClientOrigin;
use crate::web::csrf;
use crate::web::locale::Locale;
use crate::web::urls::Endpoint;

pub async fn consent_get(
    State(state): State<AppState>,
    PageDomain(domain): PageDomain,
    Locale(tr): Locale,
    origin: ClientOrigin,
    jar: CookieJar,
    RawQuery(query): RawQuery,
) -> Response {
    let raw = pairs(query.unwrap_or_default().as_bytes());
    let flow = match prepare(&state, &domain, &tr, params_of(&raw), &jar, false).await {
        Ok(f) => f,
        Err(res) => return res,
    };
    let definitions = match state.flows.scope_definitions(&domain.id).await {
        Ok(d) => d,
        Err(e) => return unavailable(&tr, e),
    };
    let scopes =
        ScopeView::with_standard(ScopeView::describe(flow.scopes.iter(), &definitions), &tr);
    let extra_claims = flow
        .valid
        .claims
        .beyond_scopes(&flow.scopes)
        .into_iter()
        .filter_map(|c| {
            Some(ScopeView {
                name: c.to_owned(),
                description: tr.t(claim_label(c)?),
            })
        })
        .collect();
    let (jar, token) = csrf::token(&state, jar, origin.https);
    let page = ConsentPage {
        extra_claims,
        tr,
        domain_name: domain.name.clone(),
        action: Endpoint::Consent.path(&domain.slug),
        client_name: flow.client.name.clone(),
        username: flow.user.username.clone(),
        logout_url: Endpoint::Logout.path(&domain.slug),
        scopes,
        hidden: flow
            .params
            .to_pairs()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        redirect_host: redirect_host(&flow.valid.redirect_uri),
    };
    let page = WithCsrf::new(token, page);
    (jar, render_form(StatusCode::OK, &page)).into_response()
}

/// The message naming a claim about the person, for those `claims` may ask beyond the
/// scopes (`jeton_core::oidc::PROFILE_CLAIMS`, `EMAIL_CLAIMS`).
fn claim_label(claim: &str) -> Option<&'static str> {
    Some(match claim {
        "preferred_username" => "consent-claims-preferred-username",
        "name" => "consent-claims-name",
        "given_name" => "consent-claims-given-name",
        "family_name" => "consent-claims-family-name",
        "locale" => "consent-claims-locale",
        "zoneinfo" => "consent-claims-zoneinfo",
        "email" => "consent-claims-email",
        "email_verified" => "consent-claims-email-verified",
        _ => return None,
    })
}

/// What to tell the person about where they will be sent: the host, or the app's scheme.
fn redirect_host(uri: &str) -> String {
    match url::Url::parse(uri) {
        Ok(u) => match u.host_str() {
            Some(h) => match u.port() {
                Some(p) => format!("{h}:{p}"),
                None => h.to_owned(),
            },
            None => format!("{}:", u.scheme()),
        },
        Err(_) => uri.to_owned(),
    }
}

pub async fn consent_post(
    State(state): State<AppState>,
    PageDomain(domain): PageDomain,
    Locale(tr): Locale,
    headers: axum::http::HeaderMap,
    jar: CookieJar,
    form: PageForm,
) -> Response {
    if !csrf::verify(&state, &jar, &headers, form.get("csrf")) {
        return expired_form(&tr, &domain);
    }
    let flow = match prepare(&state, &domain, &tr, params_of(&form.0), &jar, false).await {
        Ok(f) => f,
        Err(res) => return res,
    };
    match form.get("decision") {
        Some("allow") => {}
        Some("deny") => {
            let e = flow.redirect_error(OAuthError::new(
                ErrorCode::AccessDenied,
                "the user denied the request",
            ));
            return redirect_error(&state, &domain, &tr, &e);
        }
        _ => {
            return error_page(
                &tr,
                StatusCode::BAD_REQUEST,
                "error-bad-request-title",
                "consent-choose",
                Some(&domain.name),
            );
        }
    }
    match state.flows.approve(&domain, &flow).await {
        Ok(grant_id) => issue_code(&state, &domain, &tr, &flow, &grant_id).await,
        Err(e) => unavailable(&tr, e),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_claim_the_consent_page_may_name_has_a_label() {
        let all = jeton_core::oidc::PROFILE_CLAIMS
            .iter()
            .chain(&jeton_core::oidc::EMAIL_CLAIMS);
        for claim in all {
            assert!(super::claim_label(claim).is_some(), "{claim}");
        }
    }
}
