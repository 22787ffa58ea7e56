//! The start pages. The server's home (`/`) says what Jeton is, signs people in to the `main`
//! domain and finds another organization's domain (`/start?domain=SLUG`); a domain's start
//! page (`/d/{d}/`) says who is signed in and where they can go. Login lands there too.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::cookie::CookieJar;
use jeton_core::ids::DomainSlug;
use jeton_core::roles::manages_domain;
use jeton_flows::provision::{MAIN_DOMAIN, SUPER_ADMIN_ROLE};
use jeton_store::{StoreError, User};

use crate::state::AppState;
use crate::ui::domain::PageDomain;
use crate::ui::form::{get, pairs};
use crate::ui::pages::{
    DomainStartPage, MainDomain, SignedIn, StartPage, render, see_other, unavailable,
};
use crate::web::locale::{Locale, Tr};
use crate::web::session;
use crate::web::urls::{ADMIN, Endpoint, FIND_DOMAIN, OPENAPI, issuer, with_query};

pub async fn home(State(state): State<AppState>, Locale(tr): Locale) -> Response {
    start_page(&state, tr, StatusCode::OK, "", None).await
}

/// The home page's domain form: to the domain's start page, or the home page again with
/// what is wrong (malformed: 400; unknown: 404, saying no more than "not found").
pub async fn find_domain(
    State(state): State<AppState>,
    Locale(tr): Locale,
    RawQuery(query): RawQuery,
) -> Response {
    let q = pairs(query.unwrap_or_default().as_bytes());
    let typed = get(&q, "domain").unwrap_or("").trim();
    // Slugs are lowercase; people type "Acme".
    let slug = typed.to_ascii_lowercase();
    let (status, error) = if slug.is_empty() {
        (StatusCode::BAD_REQUEST, "start-domain-empty")
    } else if DomainSlug::parse(&slug).is_err() {
        (StatusCode::BAD_REQUEST, "start-domain-malformed")
    } else {
        match state.flows.domain_by_slug(&slug).await {
            Ok(Some(d)) => return see_other(&tr, &Endpoint::DomainStart.path(&d.slug)),
            Ok(None) => (StatusCode::NOT_FOUND, "start-domain-not-found"),
            Err(e) => return unavailable(&tr, e),
        }
    };
    let error = tr.t(error);
    start_page(&state, tr, status, typed, Some(error)).await
}

async fn start_page(
    state: &AppState,
    tr: Tr,
    status: StatusCode,
    typed: &str,
    error: Option<String>,
) -> Response {
    let main = match main_domain(state).await {
        Ok(m) => m,
        Err(e) => return unavailable(&tr, e),
    };
    render(
        status,
        &StartPage {
            tr,
            main,
            find_action: FIND_DOMAIN.to_owned(),
            domain: typed.to_owned(),
            error,
            openapi_url: OPENAPI.to_owned(),
        },
    )
}

/// The `main` domain, if this server has one (it is created on first start, but may have
/// been removed).
async fn main_domain(state: &AppState) -> Result<Option<MainDomain>, StoreError> {
    Ok(state
        .flows
        .domain_by_slug(MAIN_DOMAIN)
        .await?
        .map(|d| MainDomain {
            name: d.name.clone(),
            login_url: Endpoint::Login.path(&d.slug),
            metadata_url: Endpoint::Metadata.path(&d.slug),
        }))
}

pub async fn domain_start(
    State(state): State<AppState>,
    PageDomain(domain): PageDomain,
    Locale(tr): Locale,
    jar: CookieJar,
) -> Response {
    let user = match session::current_user(&state, &jar, &domain).await {
        Ok(u) => u,
        Err(e) => return unavailable(&tr, e),
    };
    let slug = &domain.slug;
    let here = Endpoint::DomainStart.path(slug);
    render(
        StatusCode::OK,
        &DomainStartPage {
            tr,
            domain_name: domain.name.clone(),
            user: user.map(|u| signed_in(slug, u)),
            login_url: with_query(&Endpoint::Login.path(slug), &[("return_to", &here)]),
            issuer: issuer(state.config.public_base(), slug),
            metadata_url: Endpoint::Metadata.path(slug),
        },
    )
}

/// What the start page offers the signed-in `user`: the manager's and the administrator's
/// pages only to those with the role (the pages check it again themselves). The super
/// administrator manages their domain too (`roles::manages_domain`).
fn signed_in(slug: &str, user: User) -> SignedIn {
    let has = |role: &str| user.roles.iter().any(|r| r == role);
    SignedIn {
        manage_url: manages_domain(&user.roles).then(|| Endpoint::Manage.path(slug)),
        admin_url: has(SUPER_ADMIN_ROLE).then(|| ADMIN.to_owned()),
        account_url: Endpoint::Account.path(slug),
        logout_url: Endpoint::Logout.path(slug),
        username: user.username,
    }
}
