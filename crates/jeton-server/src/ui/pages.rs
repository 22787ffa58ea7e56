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
pub fn unavailable(e: jeton_store::StoreError) -> Response {
    tracing::error!(error = %e, "store failure while serving a page");
    error_page(
        StatusCode::SERVICE_UNAVAILABLE,
        "Temporarily unavailable",
        "The server could not complete your request. Please try again in a moment.",
        None,
    )
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
