//! Login sessions: a random `jeton_ss_` value in an `HttpOnly; SameSite=Lax` cookie scoped to
//! the domain's path; the database keeps only its digest, so sessions work across instances.

use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use jeton_core::secret::{self, SecretDigest, SecretKind};
use jeton_store::{NewSession, StoreError, User};
use time::Duration;

use crate::state::AppState;

pub const COOKIE: &str = "jeton_session";

/// The signed-in user of this domain, if the cookie names a live session.
pub async fn current_user(
    state: &AppState,
    jar: &CookieJar,
    domain_id: &str,
) -> Result<Option<User>, StoreError> {
    let Some(c) = jar.get(COOKIE) else {
        return Ok(None);
    };
    if SecretKind::of(c.value()) != Some(SecretKind::Session) {
        return Ok(None);
    }
    let digest = SecretDigest::of(c.value());
    Ok(state
        .store
        .session(domain_id, &digest, state.now())
        .await?
        .map(|(_, u)| u))
}

/// Starts a session for `user` and returns the jar with its cookie.
pub async fn start(
    state: &AppState,
    jar: CookieJar,
    slug: &str,
    user: &User,
    https: bool,
) -> Result<CookieJar, StoreError> {
    let now = state.now();
    let minted = secret::mint_ordered(SecretKind::Session, state.random.as_ref(), now);
    let ttl = state.config.session_ttl_secs;
    state
        .store
        .create_session(NewSession {
            digest: minted.digest,
            domain_id: user.domain_id.clone(),
            user_id: user.id.clone(),
            created_at: now,
            expires_at: now + ttl,
        })
        .await?;
    let cookie = Cookie::build((COOKIE, minted.value))
        .path(format!("/d/{slug}/"))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(https || state.config.is_https())
        .max_age(Duration::seconds(ttl))
        .build();
    Ok(jar.add(cookie))
}

/// Ends the session named by the cookie and removes the cookie.
pub async fn end(
    state: &AppState,
    jar: CookieJar,
    slug: &str,
    domain_id: &str,
) -> Result<CookieJar, StoreError> {
    if let Some(c) = jar.get(COOKIE) {
        state
            .store
            .delete_session(domain_id, &SecretDigest::of(c.value()))
            .await?;
    }
    Ok(jar.remove(Cookie::build(COOKIE).path(format!("/d/{slug}/"))))
}
