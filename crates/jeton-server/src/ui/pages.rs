//! The page templates (in `templates/`) and their contexts. A template cannot render without
//! every field it uses: askama checks them at compile time.

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub domain_name: String,
    pub action: String,
    pub csrf: String,
    pub return_to: String,
    pub username: String,
    pub error: Option<String>,
    pub client_name: Option<String>,
}

pub struct ScopeView {
    pub name: String,
    pub description: String,
}

#[derive(Template)]
#[template(path = "consent.html")]
pub struct ConsentPage {
    pub domain_name: String,
    pub action: String,
    pub csrf: String,
    pub client_name: String,
    pub username: String,
    pub logout_url: String,
    pub scopes: Vec<ScopeView>,
    pub hidden: Vec<(String, String)>,
    pub redirect_host: String,
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub title: String,
    pub message: String,
    pub domain_name: Option<String>,
}

#[derive(Template)]
#[template(path = "account.html")]
pub struct AccountPage {
    pub domain_name: String,
    pub username: String,
    pub email: Option<String>,
    pub roles: Vec<String>,
    pub logout_url: String,
}

#[derive(Template)]
#[template(path = "logout.html")]
pub struct LogoutPage {
    pub domain_name: String,
    pub action: String,
    pub csrf: String,
    pub username: String,
}

#[derive(Template)]
#[template(path = "signed_out.html")]
pub struct SignedOutPage {
    pub domain_name: String,
    pub login_url: String,
}

/// Renders a page with a status. A template that fails to render is a bug: it is logged and
/// the person gets a plain apology rather than half a page.
pub fn render<T: Template>(status: StatusCode, page: &T) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed to render");
            let mut res = (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong on our side.",
            )
                .into_response();
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            res
        }
    }
}

pub fn error_page(
    status: StatusCode,
    title: &str,
    message: &str,
    domain_name: Option<&str>,
) -> Response {
    render(
        status,
        &ErrorPage {
            title: title.to_owned(),
            message: message.to_owned(),
            domain_name: domain_name.map(str::to_owned),
        },
    )
}

/// The page for a database failure while serving a person.
/// A store failure on a page: 503 with `Retry-After` when the database cannot serve right now
/// (it recovers by itself), 409 when a concurrent change won, 500 otherwise; the detail goes
/// to the log only.
pub fn unavailable(e: jeton_store::StoreError) -> Response {
    use jeton_store::StoreError;
    if matches!(e, StoreError::Conflict(_)) {
        tracing::info!(error = %e, "conflicting change while serving a page");
        return error_page(
            StatusCode::CONFLICT,
            "Changed meanwhile",
            "Something changed while your request was handled. Please go back and try again.",
            None,
        );
    }
    if !e.is_unavailable() {
        tracing::error!(error = %e, "store failure while serving a page");
        return error_page(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something went wrong",
            "The server could not complete your request. The error has been logged.",
            None,
        );
    }
    tracing::warn!(error = %e, "database unavailable while serving a page");
    let mut res = error_page(
        StatusCode::SERVICE_UNAVAILABLE,
        "Temporarily unavailable",
        "The server could not complete your request. Please try again in a moment.",
        None,
    );
    res.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from(crate::web::RETRY_AFTER_SECS),
    );
    res
}

pub fn see_other(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(v) => {
            let mut res = StatusCode::SEE_OTHER.into_response();
            res.headers_mut().insert(header::LOCATION, v);
            res
        }
        Err(_) => error_page(
            StatusCode::BAD_REQUEST,
            "Bad request",
            "The redirect address is malformed.",
            None,
        ),
    }
}
