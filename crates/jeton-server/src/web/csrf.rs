//! CSRF protection for every form: a random token in an `HttpOnly; SameSite=Lax` cookie that
//! the form must repeat (double submit), compared in constant time; plus, when the browser
//! sends `Origin`, it must be our own.

use axum::http::HeaderMap;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use jeton_core::secret::{self, SecretKind};

use crate::state::AppState;

pub const COOKIE: &str = "jeton_csrf";

/// The token a form must repeat. Only [`token`] makes one, together with the cookie it is
/// checked against, so a form page (`ui::pages::WithCsrf`) cannot be built with a missing
/// or made-up token.
#[derive(Clone)]
pub struct CsrfToken(String);

impl CsrfToken {
    /// A token for rendering pages in unit tests, with no cookie behind it.
    #[cfg(test)]
    pub(crate) fn sample(value: &str) -> Self {
        Self(value.to_owned())
    }
}

/// What a template writes into the hidden `csrf` input (escaped like any other value).
impl std::fmt::Display for CsrfToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Debug for CsrfToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CsrfToken(..)")
    }
}

/// The CSRF token for a form, and the jar that carries it (a new one if the browser had
/// none). One per browser, on path `/`: the pages of every domain and the JSON API check the
/// same one (it proves the request comes from our pages, not who is signed in).
pub fn token(state: &AppState, jar: CookieJar, https: bool) -> (CookieJar, CsrfToken) {
    if let Some(c) = jar.get(COOKIE)
        && SecretKind::of(c.value()) == Some(SecretKind::Csrf)
        && c.value().len() < 100
    {
        let v = c.value().to_owned();
        return (jar, CsrfToken(v));
    }
    let minted = secret::mint(SecretKind::Csrf, state.flows.random());
    let cookie = Cookie::build((COOKIE, minted.value.clone()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(https || state.config.is_https())
        .build();
    (jar.add(cookie), CsrfToken(minted.value))
}

/// Whether a form POST carries the right token and, if the browser says where it comes
/// from, comes from us.
pub fn verify(
    state: &AppState,
    jar: &CookieJar,
    headers: &HeaderMap,
    submitted: Option<&str>,
) -> bool {
    if let Some(origin) = headers.get("origin").and_then(|v| v.to_str().ok())
        && origin != "null"
        && origin != state.config.public_url.origin().ascii_serialization()
    {
        return false;
    }
    match (jar.get(COOKIE), submitted) {
        (Some(c), Some(s)) => !s.is_empty() && secret::ct_eq_str(c.value(), s),
        _ => false,
    }
}

/// The header that API calls made with a session repeat the CSRF cookie in.
pub const HEADER: &str = "x-csrf-token";

/// Whether an API call made with a session cookie proves it comes from our pages: the
/// `X-CSRF-Token` header repeats the CSRF cookie (and `Origin`, if sent, is ours).
pub fn verify_header(state: &AppState, jar: &CookieJar, headers: &HeaderMap) -> bool {
    let submitted = headers.get(HEADER).and_then(|v| v.to_str().ok());
    verify(state, jar, headers, submitted)
}
