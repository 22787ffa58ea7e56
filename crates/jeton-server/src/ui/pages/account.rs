//! The contexts of the account pages (`/d/{d}/account/...`, templates `account*.html`). Each
//! carries the navigation those pages share (`account_base.html`); the handlers are in
//! `ui/account/`.

use jeton_core::clock::UnixTime;
use jeton_core::dates;
use jeton_core::entities::ClientState;

use super::*;

/// Which account page is showing (its link in the navigation gets `aria-current="page"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Profile,
    Applications,
    Clients,
    /// The applications the person registered as their developer.
    MyApps,
    /// The vault: credentials for outside providers (`ui::vault`).
    Vault,
}

/// The navigation of the account pages, and who is signed in.
pub struct AccountNav {
    pub domain_name: String,
    pub username: String,
    pub current: Section,
    pub profile_url: String,
    pub applications_url: String,
    /// Only for those who may have personal clients.
    pub clients_url: Option<String>,
    pub my_apps_url: String,
    pub vault_url: String,
    pub start_url: String,
    pub logout_url: String,
}

/// An instant, for people (`text`) and machines (`iso`, the `datetime` of `<time>`).
pub struct DateView {
    pub iso: String,
    pub text: String,
}

impl DateView {
    /// Date and time: `2027-01-31 12:00 UTC`.
    pub fn of(t: UnixTime) -> Self {
        Self::shown_as(t, dates::display(t))
    }

    /// The day only: `2027-01-31`.
    pub fn day(t: UnixTime) -> Self {
        Self::shown_as(t, dates::date_field(t))
    }

    /// An expiry as the last day it leaves whole (`dates::last_day`): the date people chose.
    pub fn last_day(expires_at: UnixTime) -> Self {
        Self::shown_as(expires_at, dates::last_day(expires_at))
    }

    fn shown_as(t: UnixTime, text: String) -> Self {
        Self {
            iso: dates::rfc3339(t),
            text,
        }
    }
}

/// The profile, with its two forms: the email address, and the password.
pub struct AccountPage {
    pub tr: Tr,
    pub nav: AccountNav,
    /// The address on file.
    pub email: Option<String>,
    pub roles: Vec<String>,
    pub email_action: String,
    /// What the email field holds: as typed when it was refused, else the address on file.
    pub email_value: String,
    pub password_action: String,
    /// Messages next to `email`, `current_password`, `new_password`, `new_password_repeat`
    /// (the password fields are never filled in again).
    pub errors: FieldErrors,
    /// An already translated message about the last change.
    pub done: Option<String>,
}
form_page!(AccountPage, AccountTemplate, "account.html");

/// An application the person authorized.
pub struct AppView {
    pub name: String,
    pub description: String,
    pub scopes: Vec<ScopeView>,
    pub approved: DateView,
    pub last_used: Option<DateView>,
    pub revoke_url: String,
}

#[derive(Template)]
#[template(path = "account_applications.html")]
pub struct ApplicationsPage {
    pub tr: Tr,
    pub nav: AccountNav,
    pub apps: Vec<AppView>,
    /// An already translated message about the last action.
    pub done: Option<String>,
}

/// What a confirmation page asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    RevokeApplication,
    RotateSecret,
    RevokeClient,
    /// A new secret for an application the person registered.
    RotateAppSecret,
    /// Deleting an application the person registered: everyone's grants to it end.
    DeleteApp,
}

/// "Do you really want to …?", with the POST form that does it.
pub struct ConfirmPage {
    pub tr: Tr,
    pub nav: AccountNav,
    pub what: Confirm,
    /// The application's or the client's name.
    pub name: String,
    /// The client id of a personal client or a registered application (not shown for an
    /// authorized application).
    pub client_id: Option<String>,
    /// For a rotation: the fingerprint of the secret this page saw (a re-sent form then
    /// replaces nothing more).
    pub seen: Option<String>,
    pub action: String,
    pub cancel_url: String,
}
form_page!(ConfirmPage, ConfirmTemplate, "account_confirm.html");

/// A personal client, as the list shows it (never its secret).
pub struct ClientRow {
    pub name: String,
    pub id: String,
    pub status: ClientState,
    pub created: DateView,
    pub expires: Option<DateView>,
    pub last_used: Option<DateView>,
    /// Only while it is active.
    pub rotate_url: Option<String>,
    /// Only while it is not revoked.
    pub revoke_url: Option<String>,
}

/// A scope the new client may get.
pub struct ScopeChoice {
    pub scope: ScopeView,
    pub checked: bool,
}

/// The field a message of the create form is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Expiry,
    Scopes,
    /// The form as a whole.
    Form,
}

/// The create form, as first shown or as sent (with what went wrong).
pub struct NewClientForm {
    pub action: String,
    /// The random value that makes a re-sent form create nothing more (`ClientId::derived`).
    pub once: String,
    pub name: String,
    pub expires: String,
    pub earliest: String,
    pub latest: String,
    pub scopes: Vec<ScopeChoice>,
    /// An already translated message, and the field it is about.
    pub error: Option<(Field, String)>,
}

impl NewClientForm {
    /// The message about `field`, if the last attempt failed there.
    pub fn error_on(&self, field: Field) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

pub struct ClientsPage {
    pub tr: Tr,
    pub nav: AccountNav,
    pub token_endpoint: String,
    pub clients: Vec<ClientRow>,
    pub new: NewClientForm,
    pub done: Option<String>,
}
form_page!(ClientsPage, ClientsTemplate, "account_clients.html");

/// A client's secret, shown this once: after it was created or its secret replaced.
#[derive(Template)]
#[template(path = "account_secret.html")]
pub struct SecretPage {
    pub tr: Tr,
    pub nav: AccountNav,
    pub rotated: bool,
    pub client_name: String,
    pub client_id: String,
    pub secret: String,
    pub token_endpoint: String,
    pub list_url: String,
    /// For a registered application (its use is the code flow, for other people); `None`
    /// for a personal client (client credentials, with its owner's rights).
    pub app: Option<AppSecretView>,
}

/// How a registered application uses its secret, as the secret page explains it.
pub struct AppSecretView {
    /// The domain's RFC 8414 metadata, where OAuth libraries find every endpoint.
    pub metadata_url: String,
    pub authorize_url: String,
    /// The first of its redirect URIs, for the example.
    pub redirect_uri: String,
    /// `client_secret_post` (the secret in the body) rather than HTTP Basic.
    pub auth_post: bool,
}

/// An application the person registered, as their list shows it (never its secret).
pub struct MyAppRow {
    pub name: String,
    pub id: String,
    pub description: String,
    pub redirect_uris: Vec<String>,
    pub scopes: Vec<String>,
    /// `client_secret_post` rather than `client_secret_basic`.
    pub auth_post: bool,
    pub created: DateView,
    pub last_used: Option<DateView>,
    pub edit_url: String,
    pub rotate_url: String,
    pub delete_url: String,
}

/// The fields of an application (`account_app_form.html`): as first shown, as it is, or as
/// sent with what was refused.
pub struct AppForm {
    pub action: String,
    /// The register form's random value (`ClientId::derived`: a re-sent form registers
    /// nothing more); `None` in the edit form.
    pub once: Option<String>,
    pub name: String,
    pub description: String,
    /// One per line, as typed.
    pub redirect_uris: String,
    /// Every scope of the domain, checked or not.
    pub scopes: Vec<ScopeChoice>,
    /// `client_secret_post` chosen rather than `client_secret_basic`.
    pub auth_post: bool,
    /// Messages next to `name`, `description`, `redirect_uris`, `scopes`, `auth_method`, or
    /// about the form as a whole (`form`).
    pub errors: FieldErrors,
}

/// "My applications": what a registered application is, the person's, and the register form.
pub struct MyAppsPage {
    pub tr: Tr,
    pub nav: AccountNav,
    pub metadata_url: String,
    pub apps: Vec<MyAppRow>,
    pub app_form: AppForm,
    pub done: Option<String>,
}
form_page!(MyAppsPage, MyAppsTemplate, "account_my_apps.html");

/// One registered application: its edit form, and the ways to its rotation and deletion.
pub struct MyAppPage {
    pub tr: Tr,
    pub nav: AccountNav,
    pub client_id: String,
    /// Its name as saved (the form may hold another, refused).
    pub saved_name: String,
    pub created: DateView,
    pub app_form: AppForm,
    pub rotate_url: String,
    pub delete_url: String,
    pub list_url: String,
}
form_page!(MyAppPage, MyAppTemplate, "account_my_app.html");

/// A message instead of what was asked for (not found, already done), and where to go.
#[derive(Template)]
#[template(path = "account_notice.html")]
pub struct NoticePage {
    pub tr: Tr,
    pub nav: AccountNav,
    /// Already translated, like `message` and `link_label`.
    pub title: String,
    pub message: String,
    pub link_url: String,
    pub link_label: String,
}

localized!(
    AccountPage,
    ApplicationsPage,
    MyAppsPage,
    MyAppPage,
    ConfirmPage,
    ClientsPage,
    SecretPage,
    NoticePage,
);
