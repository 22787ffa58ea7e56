//! The domain managers' pages (`/d/{d}/manage/...`, DESIGN §3): users, the domain's OAuth
//! clients, scopes, settings and the audit log. They call the same flows as the managers' JSON
//! API (`api::manage`) and the CLI, so the rules and the audit records are the same whichever
//! way a change comes; what a flow refuses becomes a message next to the field it names, or
//! a 403/404 page.
//!
//! Every handler takes a [`PageManager`]: without a session it sends the person to the
//! domain's login and back; signed in without managing the domain, a 403 page.

pub mod audit;
pub mod client_policy;
pub mod clients;
pub mod refusal;
pub mod scopes;
pub mod settings;
pub mod user;
pub mod users;

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use jeton_core::entities::Actor;
use jeton_core::redirect_uri::is_safe_return_path;
use jeton_core::roles::Authority;
use jeton_store::{Domain, User};

use crate::state::AppState;
use crate::ui::domain::PageDomain;
use crate::ui::pages::{
    ManageOverviewPage, ManageShell, error_page, render, see_other, unavailable,
};
use crate::web::client_ip::ClientOrigin;
use crate::web::csrf::{self, CsrfToken};
use crate::web::locale::Locale;
use crate::web::manager::{self, Standing};
use crate::web::urls::{Endpoint, with_query};

/// A manager of the path's domain, for a page (the page-side twin of
/// `api::caller::ManagerCaller`, with the same rule: `web::manager::standing`).
pub struct PageManager {
    pub domain: Arc<Domain>,
    /// The domain's manager, or the super administrator (a user of `main`).
    pub user: User,
    pub by: Authority,
    /// For the audit log: who, from where.
    pub actor: Actor,
    pub https: bool,
    pub jar: CookieJar,
}

impl FromRequestParts<AppState> for PageManager {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let PageDomain(domain) = PageDomain::from_request_parts(parts, state).await?;
        let Ok(Locale(tr)) = Locale::from_request_parts(parts, state).await;
        let jar = CookieJar::from_headers(&parts.headers);
        let (user, by) = match manager::standing(state, &jar, &domain).await {
            Ok(Standing::Manages { user, by }) => (user, by),
            Ok(Standing::SignedIn(_)) => {
                return Err(error_page(
                    &tr,
                    StatusCode::FORBIDDEN,
                    "manage-forbidden-title",
                    "manage-forbidden",
                    Some(&domain.name),
                ));
            }
            Ok(Standing::SignedOut) => {
                // Back here after signing in; a form's target is not a page to come back to.
                let here = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("");
                let back = if parts.method == Method::GET && is_safe_return_path(here, &domain.slug)
                {
                    here.to_owned()
                } else {
                    Endpoint::Manage.path(&domain.slug)
                };
                let login =
                    with_query(&Endpoint::Login.path(&domain.slug), &[("return_to", &back)]);
                return Err(see_other(&tr, &login));
            }
            Err(e) => return Err(unavailable(&tr, e)),
        };
        let Ok(origin) = ClientOrigin::from_request_parts(parts, state).await;
        Ok(Self {
            actor: manager::actor(&user, origin.ip),
            domain,
            user,
            by,
            https: origin.https,
            jar,
        })
    }
}

impl PageManager {
    /// The frame of a page of `section`, with the outcome of the last action if any.
    pub fn shell(&self, section: &'static str, notice: Option<String>) -> ManageShell {
        let slug = &self.domain.slug;
        ManageShell {
            domain_name: self.domain.name.clone(),
            section,
            overview_url: Endpoint::Manage.path(slug),
            users_url: Endpoint::ManageUsers.path(slug),
            clients_url: Endpoint::ManageClients.path(slug),
            scopes_url: Endpoint::ManageScopes.path(slug),
            settings_url: Endpoint::ManageSettings.path(slug),
            audit_url: Endpoint::ManageAudit.path(slug),
            start_url: Endpoint::DomainStart.path(slug),
            manager: self.user.username.clone(),
            super_admin: self.by == Authority::SuperAdmin,
            notice,
            problem: None,
        }
    }

    /// The CSRF token for a form on the page, and the jar that carries its cookie.
    pub fn csrf(&self, state: &AppState) -> (CookieJar, CsrfToken) {
        csrf::token(state, self.jar.clone(), self.https)
    }

    /// Whether a form POST carries the token (DESIGN §6).
    pub fn verified(
        &self,
        state: &AppState,
        headers: &axum::http::HeaderMap,
        form: &crate::ui::form::PageForm,
    ) -> bool {
        csrf::verify(state, &self.jar, headers, form.get("csrf"))
    }
}

/// Renders a form page with a fresh token (the jar sets its cookie if the browser had none).
pub(crate) fn form_response<T: crate::ui::pages::FormPage>(
    state: &AppState,
    m: &PageManager,
    status: StatusCode,
    build: impl FnOnce(CsrfToken) -> crate::ui::pages::WithCsrf<T>,
) -> Response {
    let (jar, token) = m.csrf(state);
    (jar, crate::ui::pages::render_form(status, &build(token))).into_response()
}

/// `/d/{d}/manage/`: what each section is for.
pub async fn overview(m: PageManager, Locale(tr): Locale) -> Response {
    render(
        StatusCode::OK,
        &ManageOverviewPage {
            tr,
            shell: m.shell("overview", None),
        },
    )
}

/// Names typed into a roles field: separated by spaces (or commas), empty ones dropped.
pub(crate) fn name_list(typed: &str) -> Vec<String> {
    typed
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A query parameter, trimmed; empty counts as absent.
pub(crate) fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    crate::ui::form::get(pairs, name)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The `limit` parameter of a list (1 to 200; default 50).
pub(crate) fn page_size(pairs: &[(String, String)]) -> u32 {
    param(pairs, "limit")
        .and_then(|l| l.parse::<u32>().ok())
        .filter(|l| (1..=200).contains(l))
        .unwrap_or(DEFAULT_PAGE)
}

pub(crate) const DEFAULT_PAGE: u32 = 50;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_lists_split_on_spaces_and_commas() {
        assert_eq!(
            name_list("  editor personal-clients,viewer\n x "),
            ["editor", "personal-clients", "viewer", "x"]
        );
        assert!(name_list(" , ").is_empty());
    }
}
