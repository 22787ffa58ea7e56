//! The account pages (`/d/{d}/account/...`, DESIGN §3): the profile with its email and
//! password forms (`profile.rs`), the applications the person authorized
//! (`applications.rs`), their personal OAuth clients (`clients.rs`, with its create form in
//! `client_form.rs`) and the applications they registered as a developer (`my_apps.rs`, with
//! its form in `app_form.rs`).
//! Every page needs a session of its domain (without one: sign in, then come back), every
//! POST its CSRF token. The handlers call the account flows (`jeton_flows::account`,
//! `jeton_flows::my_apps`), which decide, and touch only what is the person's own.

mod app_form;
pub mod applications;
mod client_form;
pub mod clients;
pub mod my_apps;
pub mod profile;

pub use profile::account;

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use axum_extra::extract::cookie::CookieJar;
use jeton_core::entities::Actor;
use jeton_flows::error::ManageError;
use jeton_store::{Domain, User};

use crate::state::AppState;
use crate::ui::domain::PageDomain;
use crate::ui::form::PageForm;
use crate::ui::pages::{
    AccountNav, NoticePage, Section, error_page, expired_form, render, see_other, unavailable,
};
use crate::web::client_ip::ClientOrigin;
use crate::web::locale::{Locale, Tr};
use crate::web::urls::{Endpoint, with_query};
use crate::web::{csrf, session};

/// A visit to an account page by the person signed in to the path's domain. Without a
/// session, the answer is the way to sign in, and back to this page.
pub struct Visit {
    pub domain: Arc<Domain>,
    pub tr: Tr,
    pub user: User,
    pub origin: ClientOrigin,
    pub jar: CookieJar,
}

impl Visit {
    /// Who the audit log says made a change: the person, from their address.
    fn actor(&self) -> Actor {
        let user = &self.user;
        Actor::user(
            user.id.clone(),
            &user.username,
            Some(self.origin.ip.to_string()),
        )
    }

    fn nav(&self, state: &AppState, current: Section) -> AccountNav {
        nav(state, &self.domain, &self.user, current)
    }
}

impl FromRequestParts<AppState> for Visit {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let PageDomain(domain) = PageDomain::from_request_parts(parts, state).await?;
        let Ok(Locale(tr)) = Locale::from_request_parts(parts, state).await;
        let Ok(origin) = ClientOrigin::from_request_parts(parts, state).await;
        let jar = CookieJar::from_headers(&parts.headers);
        let user = signed_in(state, &jar, &domain, &tr, parts.uri.path()).await?;
        Ok(Self {
            domain,
            tr,
            user,
            origin,
            jar,
        })
    }
}

/// A form of the account pages: its CSRF token is checked first, then the session (without
/// one: sign in, and come back to this address, whose GET shows the form again). The page
/// that answers links its language switch to that GET too.
pub struct Posted {
    pub visit: Visit,
    pub form: PageForm,
}

impl FromRequest<AppState> for Posted {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let PageDomain(domain) = PageDomain::from_request_parts(&mut parts, state).await?;
        let Ok(Locale(tr)) = Locale::from_request_parts(&mut parts, state).await;
        let Ok(origin) = ClientOrigin::from_request_parts(&mut parts, state).await;
        let jar = CookieJar::from_headers(&parts.headers);
        let path = parts.uri.path().to_owned();
        // `Origin` is checked with the token, after the body is read.
        let headers = parts.headers.clone();
        let form = PageForm::from_request(Request::from_parts(parts, body), state).await?;
        if !csrf::verify(state, &jar, &headers, form.get("csrf")) {
            return Err(expired_form(&tr, &domain));
        }
        let user = signed_in(state, &jar, &domain, &tr, &path).await?;
        let visit = Visit {
            tr: tr.at(&path),
            domain,
            user,
            origin,
            jar,
        };
        Ok(Self { visit, form })
    }
}

/// The person signed in to `domain`; without a session, the answer that has them sign in
/// and come back to `back_to`.
async fn signed_in(
    state: &AppState,
    jar: &CookieJar,
    domain: &Domain,
    tr: &Tr,
    back_to: &str,
) -> Result<User, Response> {
    match session::current_user(state, jar, domain).await {
        Ok(Some(user)) => Ok(user),
        Ok(None) => Err(see_other(
            tr,
            &with_query(
                &Endpoint::Login.path(&domain.slug),
                &[("return_to", back_to)],
            ),
        )),
        Err(e) => Err(unavailable(tr, e)),
    }
}

/// The navigation of the account pages: "My OAuth clients" only for those who may have
/// personal clients; "My applications" for everyone.
pub(crate) fn nav(state: &AppState, domain: &Domain, user: &User, current: Section) -> AccountNav {
    let slug = &domain.slug;
    let clients = state.flows.personal_clients_allowed(domain, user).is_ok();
    AccountNav {
        domain_name: domain.name.clone(),
        username: user.username.clone(),
        current,
        profile_url: Endpoint::Account.path(slug),
        applications_url: Endpoint::AccountApplications.path(slug),
        clients_url: clients.then(|| Endpoint::AccountClients.path(slug)),
        my_apps_url: Endpoint::AccountMyApps.path(slug),
        vault_url: Endpoint::Vault.path(slug),
        start_url: Endpoint::DomainStart.path(slug),
        logout_url: Endpoint::Logout.path(slug),
    }
}

/// The `{id}` of an account page's path (a grant or a client id). A path that does not
/// decode gets the not-found page, not axum's plain-text rejection.
pub struct ItemId(pub String);

impl FromRequestParts<AppState> for ItemId {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let found = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .ok()
            .and_then(|Path(mut params)| params.remove("id"));
        found.map(Self).ok_or_else(|| {
            error_page(
                &Tr::of_request(&parts.uri, &parts.headers),
                StatusCode::NOT_FOUND,
                "error-not-found-title",
                "error-not-found",
                None,
            )
        })
    }
}

/// Where a page about one thing leads back to: its list, and what to say when the thing is
/// not the person's (or no longer there).
struct Back {
    url: String,
    /// Message keys.
    label: &'static str,
    not_found: &'static str,
}

/// A page instead of what was asked for; `title`, `message` and `back.label` are keys.
fn notice(
    tr: &Tr,
    nav: AccountNav,
    status: StatusCode,
    title: &str,
    message: &str,
    back: &Back,
) -> Response {
    render(
        status,
        &NoticePage {
            tr: tr.clone(),
            nav,
            title: tr.t(title),
            message: tr.t(message),
            link_url: back.url.clone(),
            link_label: tr.t(back.label),
        },
    )
}

/// What the flows refused, as a page. What is not the person's, or not theirs to reach
/// (personal clients without the role), is "not found", with the way back to the list.
fn refused(tr: &Tr, nav: AccountNav, e: ManageError, back: &Back) -> Response {
    match e {
        ManageError::NotFound(_) | ManageError::Forbidden(_) => notice(
            tr,
            nav,
            StatusCode::NOT_FOUND,
            "error-not-found-title",
            back.not_found,
            back,
        ),
        ManageError::Invalid(f) => {
            tracing::info!(field = f.field, message = %f.message, "an account page was refused");
            notice(
                tr,
                nav,
                StatusCode::BAD_REQUEST,
                "error-bad-request-title",
                "account-refused",
                back,
            )
        }
        ManageError::Conflict(what) => unavailable(tr, jeton_store::StoreError::Conflict(what)),
        ManageError::Store(e) => unavailable(tr, e),
    }
}
