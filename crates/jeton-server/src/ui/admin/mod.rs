//! The super administrator's pages (`/admin/...`, DESIGN §3): the domains (`domains.rs`),
//! with their managers (`managers.rs`) and API consumers (`consumers.rs`), the admin API tokens
//! (`tokens.rs`) and the global audit log (`audit.rs`). They call the same flows as the admin
//! JSON API (`api::admin`) and the CLI, so the rules and the audit records are the same
//! whichever way a change comes.
//!
//! Every handler takes a [`PageAdmin`]: without a session of the administrators' domain
//! (`main`), the person is sent to its login and back; signed in to it without
//! `super-admin`, a 403 page. The rule is `web::manager::admin_standing`, which the API's
//! `AdminCaller` uses too.

pub mod audit;
pub mod consumers;
pub mod domains;
mod fields;
pub mod managers;
pub mod tokens;

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use jeton_core::entities::Actor;
use jeton_core::redirect_uri::is_admin_return_path;
use jeton_flows::error::ManageError;
use jeton_flows::provision::MAIN_DOMAIN;
use jeton_store::User;

use crate::state::AppState;
use crate::ui::form::PageForm;
use crate::ui::manage::refusal;
use crate::ui::pages::{
    AdminNoticePage, AdminOverviewPage, AdminSection, AdminShell, FormPage, WithCsrf, error_page,
    render, render_form, see_other, unavailable,
};
use crate::web::client_ip::ClientOrigin;
use crate::web::csrf;
use crate::web::locale::{Locale, Tr};
use crate::web::manager::{self, AdminStanding};
use crate::web::urls::{ADMIN, AdminPage, Endpoint, with_query};

/// The super administrator, signed in to `main`, on one of the admin pages (the page-side
/// twin of `api::caller::AdminCaller`).
pub struct PageAdmin {
    pub user: User,
    /// For the audit log: who, from where.
    pub actor: Actor,
    pub tr: Tr,
    https: bool,
    jar: CookieJar,
}

impl FromRequestParts<AppState> for PageAdmin {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Ok(Locale(tr)) = Locale::from_request_parts(parts, state).await;
        let jar = CookieJar::from_headers(&parts.headers);
        let user = match manager::admin_standing(state, &jar).await {
            Ok(AdminStanding::Admin(u)) => u,
            Ok(AdminStanding::SignedIn(_)) => {
                return Err(error_page(
                    &tr,
                    StatusCode::FORBIDDEN,
                    "admin-forbidden-title",
                    "admin-forbidden",
                    None,
                ));
            }
            Ok(AdminStanding::SignedOut) => {
                // Back here after signing in; a form's target is not a page to come back to.
                let here = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("");
                let back = if parts.method == Method::GET && is_admin_return_path(here) {
                    here
                } else {
                    ADMIN
                };
                let login = with_query(&Endpoint::Login.path(MAIN_DOMAIN), &[("return_to", back)]);
                return Err(see_other(&tr, &login));
            }
            Err(e) => return Err(unavailable(&tr, e)),
        };
        let Ok(origin) = ClientOrigin::from_request_parts(parts, state).await;
        Ok(Self {
            actor: manager::actor(&user, origin.ip),
            user,
            tr,
            https: origin.https,
            jar,
        })
    }
}

impl PageAdmin {
    /// The frame of a page of `section`, with the outcome of the last action if any.
    pub fn shell(&self, section: AdminSection, notice: Option<String>) -> AdminShell {
        AdminShell {
            section,
            overview_url: AdminPage::Overview.path(&[]),
            domains_url: AdminPage::Domains.path(&[]),
            tokens_url: AdminPage::Tokens.path(&[]),
            audit_url: AdminPage::Audit.path(&[]),
            admin: self.user.username.clone(),
            start_url: Endpoint::DomainStart.path(MAIN_DOMAIN),
            notice,
            problem: None,
        }
    }

    /// Renders a form page with a fresh CSRF token (the jar sets its cookie if the browser
    /// had none).
    pub fn form<T: FormPage>(&self, state: &AppState, status: StatusCode, page: T) -> Response {
        let (jar, token) = csrf::token(state, self.jar.clone(), self.https);
        (jar, render_form(status, &WithCsrf::new(token, page))).into_response()
    }

    /// Whether a form POST carries the token (DESIGN §6).
    pub fn verified(&self, state: &AppState, headers: &HeaderMap, form: &PageForm) -> bool {
        csrf::verify(state, &self.jar, headers, form.get("csrf"))
    }

    /// The answer to a form whose CSRF token is missing, wrong, or from another site.
    pub fn expired(&self) -> Response {
        error_page(
            &self.tr,
            StatusCode::FORBIDDEN,
            "error-expired-title",
            "error-expired",
            None,
        )
    }

    /// A message in the admin frame instead of what was asked (`title`, `message` and
    /// `link_label` are message keys), with a way on.
    pub fn notice(
        &self,
        section: AdminSection,
        status: StatusCode,
        (title, message): (&str, &str),
        link: (&str, &str),
    ) -> Response {
        let (link_url, link_label) = link;
        render(
            status,
            &AdminNoticePage {
                // Often the answer to a POST: the language switch leads to the page linked.
                tr: self.tr.at(link_url),
                shell: self.shell(section, None),
                title: self.tr.t(title),
                message: self.tr.t(message),
                link_url: link_url.to_owned(),
                link_label: self.tr.t(link_label),
            },
        )
    }

    /// What a flow refused that belongs to no field: not found (what the admin pages look up
    /// by name), a conflict, or the refusal page the manager pages use.
    pub fn refused(&self, section: AdminSection, e: ManageError) -> Response {
        let back = match section {
            AdminSection::Tokens => (AdminPage::Tokens.path(&[]), "admin-back-tokens"),
            _ => (AdminPage::Domains.path(&[]), "admin-back-domains"),
        };
        let not_found = |message| {
            self.notice(
                section,
                StatusCode::NOT_FOUND,
                ("error-not-found-title", message),
                (&back.0, back.1),
            )
        };
        match e {
            ManageError::NotFound("domain") => not_found("admin-domain-not-found"),
            ManageError::NotFound("user" | "manager") => not_found("admin-manager-not-found"),
            ManageError::NotFound("client" | "live client" | "consumer") => {
                not_found("admin-consumer-not-found")
            }
            ManageError::NotFound("live admin token" | "admin token") => {
                not_found("admin-token-not-found")
            }
            ManageError::Forbidden(_) => self.notice(
                section,
                StatusCode::FORBIDDEN,
                ("manage-refused-title", "admin-refused"),
                (&back.0, back.1),
            ),
            other => refusal::page_in(&self.tr, None, other),
        }
    }
}

/// `/admin/`: what each section is for, with a few counts.
pub async fn overview(State(state): State<AppState>, a: PageAdmin) -> Response {
    let (domains, tokens) = match (
        state.flows.list_domains().await,
        state.flows.admin_tokens().await,
    ) {
        (Ok(d), Ok(t)) => (d, t),
        (Err(e), _) | (_, Err(e)) => return a.refused(AdminSection::Overview, e),
    };
    let now = state.flows.now();
    let count = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    render(
        StatusCode::OK,
        &AdminOverviewPage {
            tr: a.tr.clone(),
            shell: a.shell(AdminSection::Overview, None),
            domains: count(domains.len()),
            disabled_domains: count(domains.iter().filter(|d| d.disabled_at.is_some()).count()),
            live_tokens: count(tokens.iter().filter(|t| t.is_active(now)).count()),
        },
    )
}

/// A form field as sent, trimmed.
fn field(form: &PageForm, name: &str) -> String {
    form.get(name).unwrap_or("").trim().to_owned()
}

/// The form's `once`, if it kept one.
fn once(form: &PageForm) -> Option<&str> {
    form.get("once").map(str::trim).filter(|o| !o.is_empty())
}
