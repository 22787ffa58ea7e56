//! The page templates (in `templates/`) and their contexts. A template cannot render without
//! every field it uses: askama checks them at compile time. A template with a form cannot
//! render without a CSRF token either (DESIGN §6): its context is rendered only inside a
//! [`WithCsrf`], whose token only `web::csrf::token` can make. Every context carries the
//! request's [`Tr`] (`web::locale`): templates write no text of their own, only
//! `{{ tr.t("key") }}`, and the helpers here take message keys, not sentences.

use std::ops::Deref;

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use jeton_core::scope::ScopeDefinition;

use crate::web::csrf::CsrfToken;
use crate::web::locale::Tr;

#[cfg(test)]
mod tests;

/// A form page's context together with the token its form repeats (in the spirit of
/// matrix-authentication-service's `WithCsrf<T>`). The contexts of form pages do not
/// implement `Template`: [`render_form`] of a `WithCsrf` is the only way to render them, so
/// a form page built without a token does not compile. Their templates write the token as
/// `{{ csrf }}` (this wrapper's field) and read the context's fields through `Deref`.
pub struct WithCsrf<T> {
    pub csrf: CsrfToken,
    pub page: T,
}

impl<T> WithCsrf<T> {
    pub fn new(csrf: CsrfToken, page: T) -> Self {
        Self { csrf, page }
    }
}

impl<T> Deref for WithCsrf<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.page
    }
}

/// A page context: it knows its translator, which even a page that fails to render needs.
pub trait Localized {
    fn tr(&self) -> &Tr;
}

macro_rules! localized {
    ($($context:ident),* $(,)?) => {$(
        impl Localized for $context {
            fn tr(&self) -> &Tr {
                &self.tr
            }
        }
    )*};
}

/// A context whose template contains a form; rendered only from a [`WithCsrf`].
pub trait FormPage: Localized + Sized {
    fn render_html(page: &WithCsrf<Self>) -> askama::Result<String>;
}

/// Binds a form context to its template. The template struct is private to this module and
/// holds a `WithCsrf`, so nothing else can render the template.
macro_rules! form_page {
    ($context:ident, $template:ident, $path:literal) => {
        #[derive(Template)]
        #[template(path = $path)]
        struct $template<'a> {
            form: &'a WithCsrf<$context>,
        }

        impl<'a> Deref for $template<'a> {
            type Target = WithCsrf<$context>;
            fn deref(&self) -> &Self::Target {
                self.form
            }
        }

        impl FormPage for $context {
            fn render_html(page: &WithCsrf<Self>) -> askama::Result<String> {
                $template { form: page }.render()
            }
        }
    };
}

// After the macros, which it uses.
mod account;
pub use account::*;
mod manage_client;
pub use manage_client::*;
mod vault;
pub use vault::*;

// The super administrator's pages (`ui::admin`, templates `admin_*.html`).
mod admin;
pub use admin::*;

pub struct LoginPage {
    pub tr: Tr,
    pub domain_name: String,
    pub action: String,
    pub return_to: String,
    pub username: String,
    /// An already translated message (the failure of the last attempt).
    pub error: Option<String>,
    pub client_name: Option<String>,
}
form_page!(LoginPage, LoginTemplate, "login.html");

pub struct ScopeView {
    pub name: String,
    /// As registered; empty when it has none (templates then show the name).
    pub description: String,
}

impl ScopeView {
    /// Each scope of `names` with its registered description, as people read them.
    pub fn describe<'a>(
        names: impl IntoIterator<Item = &'a str>,
        definitions: &[ScopeDefinition],
    ) -> Vec<Self> {
        names
            .into_iter()
            .map(|name| Self {
                name: name.to_owned(),
                description: definitions
                    .iter()
                    .find(|d| d.name == name)
                    .map(|d| d.description.clone())
                    .unwrap_or_default(),
            })
            .collect()
    }

    /// OpenID Connect's own scopes, which no domain registers, described in the reader's
    /// language when the domain gave them no description of its own.
    pub fn with_standard(mut scopes: Vec<Self>, tr: &Tr) -> Vec<Self> {
        use jeton_core::oidc::{EMAIL, OFFLINE_ACCESS, OPENID, PROFILE};
        for s in &mut scopes {
            let key = match s.name.as_str() {
                OPENID => "scope-standard-openid",
                PROFILE => "scope-standard-profile",
                EMAIL => "scope-standard-email",
                OFFLINE_ACCESS => "scope-standard-offline-access",
                _ => continue,
            };
            if s.description.is_empty() {
                s.description = tr.t(key);
            }
        }
        scopes
    }
}

pub struct ConsentPage {
    pub tr: Tr,
    pub domain_name: String,
    pub action: String,
    pub client_name: String,
    pub username: String,
    pub logout_url: String,
    pub scopes: Vec<ScopeView>,
    /// Claims the `claims` parameter asks for beyond what the scopes release (Core §5.5):
    /// the claim's name and what it is, in the page's language.
    pub extra_claims: Vec<ScopeView>,
    pub hidden: Vec<(String, String)>,
    pub redirect_host: String,
}
form_page!(ConsentPage, ConsentTemplate, "consent.html");

pub struct LogoutPage {
    pub tr: Tr,
    pub domain_name: String,
    pub action: String,
    pub username: String,
}
form_page!(LogoutPage, LogoutTemplate, "logout.html");

/// The confirmation of an RP-initiated logout (`ui::end_session`).
pub struct EndSessionPage {
    pub tr: Tr,
    pub domain_name: String,
    pub action: String,
    pub username: String,
    /// The application that asked, when the request names one consistently.
    pub client_name: Option<String>,
    /// The application's ID token was about another account than the signed-in one.
    pub other_account: bool,
    /// The request, carried back by the form (checked again when it comes back).
    pub hidden: Vec<(String, String)>,
    /// Where "Stay signed in" goes.
    pub stay_url: String,
}
form_page!(EndSessionPage, EndSessionTemplate, "end_session.html");

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub tr: Tr,
    /// Already translated, like `message`.
    pub title: String,
    pub message: String,
    pub domain_name: Option<String>,
}

/// The authorization response as a form the browser posts to the client (OAuth 2.0 Form
/// Post Response Mode §2).
#[derive(Template)]
#[template(path = "form_post.html")]
pub struct FormPostPage {
    pub tr: Tr,
    /// The client's registered redirect URI.
    pub action: String,
    pub fields: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "signed_out.html")]
pub struct SignedOutPage {
    pub tr: Tr,
    pub domain_name: String,
    pub login_url: String,
    /// Already translated: why an application's request to be sent back was not followed.
    pub note: Option<String>,
}

/// The `main` domain, as the home page offers it.
pub struct MainDomain {
    pub name: String,
    pub login_url: String,
    pub metadata_url: String,
}

#[derive(Template)]
#[template(path = "start.html")]
pub struct StartPage {
    pub tr: Tr,
    pub main: Option<MainDomain>,
    pub find_action: String,
    /// What was typed in the domain field, shown again with `error`.
    pub domain: String,
    /// An already translated message about `domain`.
    pub error: Option<String>,
    pub openapi_url: String,
}

/// The signed-in person, as a domain's start page shows them.
pub struct SignedIn {
    pub username: String,
    pub account_url: String,
    /// Only for those who may go there (the `manager` and `super-admin` roles).
    pub manage_url: Option<String>,
    pub admin_url: Option<String>,
    pub logout_url: String,
}

#[derive(Template)]
#[template(path = "domain_start.html")]
pub struct DomainStartPage {
    pub tr: Tr,
    pub domain_name: String,
    pub user: Option<SignedIn>,
    pub login_url: String,
    pub issuer: String,
    pub metadata_url: String,
}

// The domain managers' pages (`ui::manage`, templates `manage_*.html`).

/// What every manager page shows around its content (`manage_base.html`): the navigation,
/// with the current section marked, and the outcome of the last action.
pub struct ManageShell {
    pub domain_name: String,
    /// `overview`, `users`, `clients`, `scopes`, `settings` or `audit`.
    pub section: &'static str,
    pub overview_url: String,
    pub users_url: String,
    pub clients_url: String,
    pub scopes_url: String,
    pub settings_url: String,
    pub audit_url: String,
    pub start_url: String,
    /// Who is managing (a username).
    pub manager: String,
    /// The super administrator rather than one of the domain's managers.
    pub super_admin: bool,
    /// What the last action did, already translated (`role="status"`).
    pub notice: Option<String>,
    /// What went wrong that belongs to no field, already translated (`role="alert"`).
    pub problem: Option<String>,
}

/// Messages about a form's fields, already translated, by field name.
#[derive(Default)]
pub struct FieldErrors(Vec<(&'static str, String)>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, message: String) {
        if self.get(field).is_none() {
            self.0.push((field, message));
        }
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[derive(Template)]
#[template(path = "manage_overview.html")]
pub struct ManageOverviewPage {
    pub tr: Tr,
    pub shell: ManageShell,
}

pub struct ManageUserRow {
    pub username: String,
    pub url: String,
    pub email: Option<String>,
    pub roles: Vec<String>,
    pub disabled: bool,
    pub created: String,
}

pub struct ManageUsersPage {
    pub tr: Tr,
    pub shell: ManageShell,
    pub search_action: String,
    pub search: String,
    pub users: Vec<ManageUserRow>,
    pub next_url: Option<String>,
    pub first_url: Option<String>,
    pub create_action: String,
    /// The create form as typed (never the password).
    pub new_username: String,
    pub new_email: String,
    pub new_roles: String,
    pub errors: FieldErrors,
}
form_page!(ManageUsersPage, ManageUsersTemplate, "manage_users.html");

pub struct ManageUserPage {
    pub tr: Tr,
    pub shell: ManageShell,
    pub username: String,
    pub email: Option<String>,
    pub disabled: bool,
    pub created: String,
    pub roles: Vec<String>,
    pub attributes: Vec<(String, String)>,
    /// Whether this manager may change this user (a manager changes no fellow manager).
    pub may_change: bool,
    /// The manager's own account (which they cannot disable).
    pub is_self: bool,
    pub roles_action: String,
    /// The roles field as typed, or as they are.
    pub roles_value: String,
    pub attributes_action: String,
    pub attributes_value: String,
    pub enable_action: String,
    pub disable_url: String,
    pub clients_url: String,
    pub errors: FieldErrors,
}
form_page!(ManageUserPage, ManageUserTemplate, "manage_user.html");

pub struct ManageDisablePage {
    pub tr: Tr,
    pub shell: ManageShell,
    pub username: String,
    pub action: String,
    pub cancel_url: String,
}
form_page!(
    ManageDisablePage,
    ManageDisableTemplate,
    "manage_disable.html"
);

/// A sortable column header of the clients table.
pub struct ManageSortLink {
    pub url: String,
    /// `ascending` or `descending` on the column the table is sorted by.
    pub aria_sort: Option<&'static str>,
}

pub struct ManageClientRow {
    pub name: String,
    pub client_id: String,
    /// The message key of its kind (application, personal, consumer).
    pub kind_key: &'static str,
    pub owner: Option<String>,
    pub owner_url: Option<String>,
    /// `active`, `expired` or `revoked`, and its message key.
    pub status: &'static str,
    pub status_key: &'static str,
    pub created: String,
    pub expires: Option<String>,
    pub last_used: Option<String>,
    /// For clients not yet revoked: the confirmation page.
    pub revoke_url: Option<String>,
    /// The client's page (grants and token policies).
    pub url: String,
}

#[derive(Template)]
#[template(path = "manage_clients.html")]
pub struct ManageClientsPage {
    pub tr: Tr,
    pub shell: ManageShell,
    pub filter_action: String,
    pub owner: String,
    /// `""` (any), `active`, `expired` or `revoked`.
    pub status: &'static str,
    pub q: String,
    /// The sort, kept by the filter form: `name`, `owner`, … and `asc` or `desc`.
    pub sort: &'static str,
    pub order: &'static str,
    pub by_name: ManageSortLink,
    pub by_owner: ManageSortLink,
    pub by_created: ManageSortLink,
    pub by_expires: ManageSortLink,
    pub by_last_used: ManageSortLink,
    pub clients: Vec<ManageClientRow>,
    pub next_url: Option<String>,
    pub first_url: Option<String>,
}

pub struct ManageRevokePage {
    pub tr: Tr,
    pub shell: ManageShell,
    pub client_name: String,
    pub client_id: String,
    pub kind_key: &'static str,
    pub owner: Option<String>,
    pub action: String,
    pub cancel_url: String,
}
form_page!(ManageRevokePage, ManageRevokeTemplate, "manage_revoke.html");

pub struct ManageScopeRow {
    pub name: String,
    pub description: String,
    pub roles: Vec<String>,
    pub attributes: Vec<String>,
}

pub struct ManageScopesPage {
    pub tr: Tr,
    pub shell: ManageShell,
    pub scopes: Vec<ManageScopeRow>,
    pub action: String,
    pub new_name: String,
    pub new_description: String,
    pub new_roles: String,
    pub new_attributes: String,
    pub errors: FieldErrors,
}
form_page!(ManageScopesPage, ManageScopesTemplate, "manage_scopes.html");

/// The settings form: values as typed (or as they are), and the bounds its hints state.
pub struct ManageSettingsPage {
    pub tr: Tr,
    pub shell: ManageShell,
    pub action: String,
    pub code_ttl: String,
    pub access_ttl: String,
    pub refresh_ttl: String,
    pub absolute_ttl: String,
    pub id_ttl: String,
    pub grace: String,
    pub personal_enabled: bool,
    pub max_days: String,
    /// The maximum lifetime in seconds as it was shown, so that saving the form without
    /// touching a lifetime that is not a whole number of days keeps it.
    pub max_secs_was: String,
    /// The default format of access tokens as chosen: `opaque` or `jwt`.
    pub access_format: String,
    /// The token check (`TokenCheck`), as typed.
    pub check_attributes: String,
    pub check_scopes_array: bool,
    pub check_header: String,
    pub code_bounds: (u64, u64),
    pub access_bounds: (u64, u64),
    pub refresh_bounds: (u64, u64),
    pub absolute_bounds: (u64, u64),
    pub id_bounds: (u64, u64),
    pub grace_bounds: (u64, u64),
    pub max_days_bounds: (u64, u64),
    pub errors: FieldErrors,
}
form_page!(
    ManageSettingsPage,
    ManageSettingsTemplate,
    "manage_settings.html"
);

pub struct ManageAuditOption {
    pub value: &'static str,
    pub label_key: &'static str,
    pub selected: bool,
}

pub struct ManageAuditRow {
    /// The slug of the domain it happened in (`None`: a global event). Shown by the admin
    /// pages' global log only (`_audit_table.html`'s `domain_column`).
    pub domain: Option<String>,
    pub when: String,
    pub who: String,
    pub from: Option<String>,
    pub action: &'static str,
    pub label_key: &'static str,
    pub target: String,
    /// The event's details as `key: value` lines.
    pub details: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "manage_audit.html")]
pub struct ManageAuditPage {
    pub tr: Tr,
    pub shell: ManageShell,
    pub filter_action: String,
    pub actions: Vec<ManageAuditOption>,
    pub actor: String,
    pub events: Vec<ManageAuditRow>,
    pub older_url: Option<String>,
    pub newest_url: Option<String>,
}

localized!(
    FormPostPage,
    LoginPage,
    ConsentPage,
    LogoutPage,
    EndSessionPage,
    ErrorPage,
    SignedOutPage,
    StartPage,
    DomainStartPage,
    // Manager pages.
    ManageOverviewPage,
    ManageUsersPage,
    ManageUserPage,
    ManageDisablePage,
    ManageClientsPage,
    ManageRevokePage,
    ManageClientPage,
    ManageScopesPage,
    ManageSettingsPage,
    ManageAuditPage,
);

/// Renders a page with a form, with its CSRF token.
pub fn render_form<T: FormPage>(status: StatusCode, page: &WithCsrf<T>) -> Response {
    respond(status, page.tr(), T::render_html(page))
}

/// Renders a page with a status. A template that fails to render is a bug: it is logged and
/// the person gets a plain apology rather than half a page.
pub fn render<T: Template + Localized>(status: StatusCode, page: &T) -> Response {
    respond(status, page.tr(), page.render())
}

fn respond(status: StatusCode, tr: &Tr, rendered: askama::Result<String>) -> Response {
    match rendered {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed to render");
            let mut res = (StatusCode::INTERNAL_SERVER_ERROR, tr.t("error-render")).into_response();
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            res
        }
    }
}

/// An error page: `title` and `message` are message keys.
pub fn error_page(
    tr: &Tr,
    status: StatusCode,
    title: &str,
    message: &str,
    domain_name: Option<&str>,
) -> Response {
    error_page_text(tr, status, title, tr.t(message), domain_name)
}

/// An error page whose message is already translated (it has arguments); `title` is a key.
pub fn error_page_text(
    tr: &Tr,
    status: StatusCode,
    title: &str,
    message: String,
    domain_name: Option<&str>,
) -> Response {
    render(
        status,
        &ErrorPage {
            tr: tr.clone(),
            title: tr.t(title),
            message,
            domain_name: domain_name.map(str::to_owned),
        },
    )
}

/// A store failure on a page: 503 with `Retry-After` when the database cannot serve right now
/// (it recovers by itself, or a retry wins the race), 409 when what the form creates already
/// exists, 500 otherwise; the detail goes to the log only.
pub fn unavailable(tr: &Tr, e: jeton_store::StoreError) -> Response {
    use jeton_store::StoreError;
    if matches!(e, StoreError::Conflict(_)) {
        tracing::info!(error = %e, "a page tried to create what exists");
        return error_page(
            tr,
            StatusCode::CONFLICT,
            "error-conflict-title",
            "error-conflict",
            None,
        );
    }
    if !e.is_unavailable() {
        tracing::error!(error = %e, "store failure while serving a page");
        return error_page(
            tr,
            StatusCode::INTERNAL_SERVER_ERROR,
            "error-internal-title",
            "error-internal",
            None,
        );
    }
    tracing::warn!(error = %e, "database unavailable while serving a page");
    let mut res = error_page(
        tr,
        StatusCode::SERVICE_UNAVAILABLE,
        "error-unavailable-title",
        "error-unavailable",
        None,
    );
    res.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from(crate::web::RETRY_AFTER_SECS),
    );
    res
}

/// A form whose CSRF token is missing, wrong, or from another site.
pub fn expired_form(tr: &Tr, domain: &jeton_store::Domain) -> Response {
    error_page(
        tr,
        StatusCode::FORBIDDEN,
        "error-expired-title",
        "error-expired",
        Some(&domain.name),
    )
}

pub fn see_other(tr: &Tr, location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(v) => {
            let mut res = StatusCode::SEE_OTHER.into_response();
            res.headers_mut().insert(header::LOCATION, v);
            res
        }
        Err(_) => error_page(
            tr,
            StatusCode::BAD_REQUEST,
            "error-bad-request-title",
            "error-bad-redirect",
            None,
        ),
    }
}
