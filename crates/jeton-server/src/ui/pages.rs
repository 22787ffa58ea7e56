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
}

pub struct ConsentPage {
    pub tr: Tr,
    pub domain_name: String,
    pub action: String,
    pub client_name: String,
    pub username: String,
    pub logout_url: String,
    pub scopes: Vec<ScopeView>,
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

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub tr: Tr,
    /// Already translated, like `message`.
    pub title: String,
    pub message: String,
    pub domain_name: Option<String>,
}

#[derive(Template)]
#[template(path = "signed_out.html")]
pub struct SignedOutPage {
    pub tr: Tr,
    pub domain_name: String,
    pub login_url: String,
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

localized!(
    LoginPage,
    ConsentPage,
    LogoutPage,
    ErrorPage,
    SignedOutPage,
    StartPage,
    DomainStartPage,
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
