//! The session cookie: `jeton_session_{slug}`, `HttpOnly; SameSite=Lax`, one per domain. Its
//! path is `/` so that it also reaches the JSON API (`/api/v1/domains/{d}/...`) and, for the
//! super administrator, `/admin`; the name keeps domains apart, so a browser may be signed in
//! to several at once. What it names is kept by the session flows (`jeton_flows::sessions`).

use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use jeton_store::{Domain, DomainId, StoreError, User};
use time::Duration;

use crate::state::AppState;

/// The name of a domain's session cookie (slugs are `[a-z0-9-]`, valid in a cookie name).
pub fn cookie_name(slug: &str) -> String {
    format!("jeton_session_{slug}")
}

/// The session value the browser sent for the domain, if any.
pub fn value<'a>(jar: &'a CookieJar, slug: &str) -> Option<&'a str> {
    jar.get(&cookie_name(slug)).map(|c| c.value())
}

/// The signed-in user of this domain, if the cookie names a live session.
pub async fn current_user(
    state: &AppState,
    jar: &CookieJar,
    domain: &Domain,
) -> Result<Option<User>, StoreError> {
    match value(jar, &domain.slug) {
        Some(v) => state.flows.session_user(&domain.id, v).await,
        None => Ok(None),
    }
}

/// Starts a session for `user` and returns the jar with its cookie.
pub async fn start(
    state: &AppState,
    jar: CookieJar,
    slug: &str,
    user: &User,
    https: bool,
) -> Result<CookieJar, StoreError> {
    let value = state.flows.start_session(user).await?;
    let cookie = Cookie::build((cookie_name(slug), value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(https || state.config.is_https())
        .max_age(Duration::seconds(state.flows.settings.session_ttl_secs))
        .build();
    Ok(jar.add(cookie))
}

/// Ends the session named by the cookie and removes the cookie.
pub async fn end(
    state: &AppState,
    jar: CookieJar,
    slug: &str,
    domain_id: &DomainId,
) -> Result<CookieJar, StoreError> {
    if let Some(v) = value(&jar, slug) {
        state.flows.end_session(domain_id, v).await?;
    }
    Ok(jar.remove(Cookie::build(cookie_name(slug)).path("/")))
}
