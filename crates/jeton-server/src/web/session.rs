//! The session cookie: `jeton_session`, `HttpOnly; SameSite=Lax`, scoped to the domain's
//! path. What it names is kept by the session flows (`jeton_flows::sessions`).

use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use jeton_store::{DomainId, StoreError, User};
use time::Duration;

use crate::state::AppState;

pub const COOKIE: &str = "jeton_session";

/// The session value the browser sent, if any.
pub fn value(jar: &CookieJar) -> Option<&str> {
    jar.get(COOKIE).map(|c| c.value())
}

/// The signed-in user of this domain, if the cookie names a live session.
pub async fn current_user(
    state: &AppState,
    jar: &CookieJar,
    domain_id: &DomainId,
) -> Result<Option<User>, StoreError> {
    match value(jar) {
        Some(v) => state.flows.session_user(domain_id, v).await,
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
    let cookie = Cookie::build((COOKIE, value))
        .path(format!("/d/{slug}/"))
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
    if let Some(v) = value(&jar) {
        state.flows.end_session(domain_id, v).await?;
    }
    Ok(jar.remove(Cookie::build(COOKIE).path(format!("/d/{slug}/"))))
}
