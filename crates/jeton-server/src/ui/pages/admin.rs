//! The contexts of the super administrator's pages (`/admin/...`, templates `admin_*.html`).
//! Each carries the frame those pages share (`admin_base.html`); the handlers are in
//! `ui/admin/`.

use super::*;

/// Which section of the admin pages is showing (its link gets `aria-current="page"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminSection {
    Overview,
    Domains,
    Tokens,
    Audit,
}

/// What every admin page shows around its content: the navigation, who is signed in, and the
/// outcome of the last action.
pub struct AdminShell {
    pub section: AdminSection,
    pub overview_url: String,
    pub domains_url: String,
    pub tokens_url: String,
    pub audit_url: String,
    /// The super administrator's username.
    pub admin: String,
    /// The administrators' domain's start page (where signing out is).
    pub start_url: String,
    /// What the last action did, already translated (`role="status"`).
    pub notice: Option<String>,
    /// What went wrong that belongs to no field, already translated (`role="alert"`).
    pub problem: Option<String>,
}

#[derive(Template)]
#[template(path = "admin_overview.html")]
pub struct AdminOverviewPage {
    pub tr: Tr,
    pub shell: AdminShell,
    pub domains: u64,
    pub disabled_domains: u64,
    pub live_tokens: u64,
}

pub struct AdminDomainRow {
    pub slug: String,
    pub name: String,
    pub url: String,
    pub issuer: String,
    pub enabled: bool,
    pub created: String,
}

pub struct AdminDomainsPage {
    pub tr: Tr,
    pub shell: AdminShell,
    pub domains: Vec<AdminDomainRow>,
    pub create_action: String,
    /// The create form as typed.
    pub new_slug: String,
    pub new_name: String,
    /// By field: `slug`, `name`.
    pub errors: FieldErrors,
}
form_page!(AdminDomainsPage, AdminDomainsTemplate, "admin_domains.html");

/// A manager of the domain, as its page lists them.
pub struct AdminManagerRow {
    pub username: String,
    pub email: Option<String>,
    /// The confirmation page that removes the role.
    pub remove_url: String,
}

/// An API consumer, as the domain's page lists it (never its secret).
pub struct AdminConsumerRow {
    pub name: String,
    pub client_id: String,
    pub grant_types: Vec<&'static str>,
    /// `active`, `expired` or `revoked`, and its message key.
    pub status: &'static str,
    pub status_key: &'static str,
    pub created: String,
    pub last_used: Option<String>,
    /// While it is not revoked.
    pub rotate_url: Option<String>,
    pub revoke_url: Option<String>,
}

/// A checkbox of the grant types a new consumer may use.
pub struct AdminGrantChoice {
    /// The form value (`client_credentials`, or `authorization_code`, which brings
    /// `refresh_token` with it).
    pub value: &'static str,
    pub label_key: &'static str,
    pub hint_key: &'static str,
    pub checked: bool,
}

/// A checkbox of the domain's registered scopes.
pub struct AdminScopeChoice {
    pub scope: ScopeView,
    pub checked: bool,
}

/// The form that creates an API consumer, as first shown or as sent.
pub struct AdminConsumerForm {
    pub action: String,
    /// The random value that makes a re-sent form create nothing more (`ClientId::derived`).
    pub once: String,
    pub name: String,
    /// One per line.
    pub redirect_uris: String,
    pub grants: Vec<AdminGrantChoice>,
    pub scopes: Vec<AdminScopeChoice>,
}

pub struct AdminDomainPage {
    pub tr: Tr,
    pub shell: AdminShell,
    pub slug: String,
    pub name: String,
    pub issuer: String,
    pub metadata_url: String,
    pub enabled: bool,
    pub created: String,
    /// The administrators' own domain, which cannot be disabled.
    pub is_main: bool,
    /// The domain's manager pages (which the super administrator may open).
    pub manage_url: String,
    pub rename_action: String,
    /// The name field as typed, or as it is.
    pub rename_value: String,
    pub disable_url: String,
    pub enable_action: String,
    pub managers: Vec<AdminManagerRow>,
    pub appoint_action: String,
    pub appoint_username: String,
    pub consumers: Vec<AdminConsumerRow>,
    pub consumer: AdminConsumerForm,
    /// By field: `domain_name` (rename), `username` (appoint), `consumer_name`,
    /// `redirect_uris`, `grant_types`, `scopes` (the consumer form).
    pub errors: FieldErrors,
}
form_page!(AdminDomainPage, AdminDomainTemplate, "admin_domain.html");

/// What an admin confirmation page asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminConfirm {
    DisableDomain,
    RemoveManager,
    RotateConsumer,
    RevokeConsumer,
    RevokeToken,
}

/// "Do you really want to …?", with the POST form that does it.
pub struct AdminConfirmPage {
    pub tr: Tr,
    pub shell: AdminShell,
    pub what: AdminConfirm,
    /// What is named: the domain's name, the manager's username, the consumer's or the
    /// token's name.
    pub subject: String,
    /// The domain it happens in (for a manager or a consumer).
    pub domain_name: String,
    /// A client id or a token id, shown as code.
    pub id: Option<String>,
    /// For a rotation: the fingerprint of the secret this page saw (a re-sent form then
    /// replaces nothing more).
    pub seen: Option<String>,
    pub action: String,
    pub cancel_url: String,
}
form_page!(AdminConfirmPage, AdminConfirmTemplate, "admin_confirm.html");

/// An API consumer's secret, shown this once: after it was created or its secret replaced.
#[derive(Template)]
#[template(path = "admin_consumer_secret.html")]
pub struct AdminConsumerSecretPage {
    pub tr: Tr,
    pub shell: AdminShell,
    pub rotated: bool,
    pub domain_name: String,
    pub client_name: String,
    pub client_id: String,
    pub secret: String,
    pub token_endpoint: String,
    /// Whether it may use client credentials (the example shows that grant).
    pub client_credentials: bool,
    pub back_url: String,
}

/// An admin API token, as the list shows it (never its value).
pub struct AdminTokenRow {
    pub name: String,
    pub id: String,
    /// `admin` or `domain:SLUG`.
    pub scope: String,
    pub status: &'static str,
    pub status_key: &'static str,
    pub created_by: String,
    pub created: String,
    /// The last day it works.
    pub expires: String,
    pub last_used: Option<String>,
    /// While it is not revoked.
    pub revoke_url: Option<String>,
}

/// A choice of the token form's scope: every domain (`admin`) or one (`domain:SLUG`).
pub struct AdminScopeOption {
    pub value: String,
    /// The domain's name; `None` for `admin`.
    pub domain_name: Option<String>,
    pub selected: bool,
}

pub struct AdminTokensPage {
    pub tr: Tr,
    pub shell: AdminShell,
    pub tokens: Vec<AdminTokenRow>,
    pub create_action: String,
    /// The random value that makes a re-sent form create nothing more.
    pub once: String,
    pub new_name: String,
    pub scopes: Vec<AdminScopeOption>,
    pub new_expires: String,
    /// The `min` and `max` of the date field: what the flow accepts.
    pub earliest: String,
    pub latest: String,
    /// By field: `name`, `scope`, `expires_at`.
    pub errors: FieldErrors,
}
form_page!(AdminTokensPage, AdminTokensTemplate, "admin_tokens.html");

/// A new admin API token's value, shown this once, with how to use it.
#[derive(Template)]
#[template(path = "admin_token_secret.html")]
pub struct AdminTokenSecretPage {
    pub tr: Tr,
    pub shell: AdminShell,
    pub name: String,
    pub scope: String,
    pub expires: String,
    pub secret: String,
    /// A call the token may make, for the example.
    pub example_url: String,
    pub back_url: String,
}

/// A domain in the audit log's filter.
pub struct AdminDomainOption {
    pub slug: String,
    pub name: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "admin_audit.html")]
pub struct AdminAuditPage {
    pub tr: Tr,
    pub shell: AdminShell,
    pub filter_action: String,
    pub actions: Vec<ManageAuditOption>,
    pub domains: Vec<AdminDomainOption>,
    pub actor: String,
    pub events: Vec<ManageAuditRow>,
    pub older_url: Option<String>,
    pub newest_url: Option<String>,
}

/// A message instead of what was asked for (already done, not found), and where to go.
#[derive(Template)]
#[template(path = "admin_notice.html")]
pub struct AdminNoticePage {
    pub tr: Tr,
    pub shell: AdminShell,
    /// Already translated, like `message` and `link_label`.
    pub title: String,
    pub message: String,
    pub link_url: String,
    pub link_label: String,
}

localized!(
    AdminOverviewPage,
    AdminDomainsPage,
    AdminDomainPage,
    AdminConfirmPage,
    AdminConsumerSecretPage,
    AdminTokensPage,
    AdminTokenSecretPage,
    AdminAuditPage,
    AdminNoticePage,
);
