//! Who calls the JSON API. Today: a person signed in to the domain's pages (the session
//! cookie), proving with the `X-CSRF-Token` header that the call comes from our pages when it
//! changes anything. Never an access token issued to a client: those carry a third party's
//! delegated rights, and this API is first-party only (a token sent anyway is refused, not
//! ignored, so that the mistake is seen).

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Method, header};
use axum_extra::extract::cookie::CookieJar;
use jeton_core::entities::Actor;
use jeton_core::roles::Authority;
use jeton_store::{Domain, User};

use crate::api::problem::{ApiError, Kind};
use crate::state::AppState;
use crate::web::client_ip::ClientOrigin;
use crate::web::manager::{self, Standing};
use crate::web::{csrf, domain, session};

/// A person signed in to the domain of the path's `{d}`.
pub struct SessionCaller {
    pub domain: Arc<Domain>,
    pub user: User,
    /// For the audit log: the person, from their address.
    pub actor: Actor,
}

impl FromRequestParts<AppState> for SessionCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if parts.headers.contains_key(header::AUTHORIZATION) {
            return Err(ApiError::new(
                Kind::Unauthenticated,
                "this API accepts the session of Jeton's own pages; access tokens issued to \
                 clients are not accepted here",
            ));
        }
        let domain = domain::resolve(parts, state)
            .await?
            .ok_or_else(|| ApiError::not_found("domain"))?;
        let jar = CookieJar::from_headers(&parts.headers);
        let user = session::current_user(state, &jar, &domain)
            .await?
            .ok_or_else(|| ApiError::new(Kind::Unauthenticated, "sign in to this domain first"))?;
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe && !csrf::verify_header(state, &jar, &parts.headers) {
            return Err(ApiError::new(
                Kind::CsrfFailed,
                "send the CSRF cookie's value in the X-CSRF-Token header, from this site",
            ));
        }
        let Ok(origin) = ClientOrigin::from_request_parts(parts, state).await;
        let actor = manager::actor(&user, origin.ip);
        Ok(Self {
            domain,
            user,
            actor,
        })
    }
}

/// A manager of the path's domain (`web::manager::standing`: a person signed in to it with the
/// `manager` role, or the super administrator signed in to `main`). Anyone else signed in to
/// the domain is refused (403); without a session, 401.
pub struct ManagerCaller {
    pub domain: Arc<Domain>,
    pub user: User,
    pub by: Authority,
    pub actor: Actor,
}

impl FromRequestParts<AppState> for ManagerCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if parts.headers.contains_key(header::AUTHORIZATION) {
            return Err(ApiError::new(
                Kind::Unauthenticated,
                "this API accepts the session of Jeton's own pages; access tokens issued to \
                 clients are not accepted here",
            ));
        }
        let domain = domain::resolve(parts, state)
            .await?
            .ok_or_else(|| ApiError::not_found("domain"))?;
        let jar = CookieJar::from_headers(&parts.headers);
        let (user, by) = match manager::standing(state, &jar, &domain).await? {
            Standing::Manages { user, by } => (user, by),
            Standing::SignedIn(_) => {
                return Err(ApiError::new(
                    Kind::Forbidden,
                    "you do not manage this domain",
                ));
            }
            Standing::SignedOut => {
                return Err(ApiError::new(
                    Kind::Unauthenticated,
                    "sign in to this domain first",
                ));
            }
        };
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe && !csrf::verify_header(state, &jar, &parts.headers) {
            return Err(ApiError::new(
                Kind::CsrfFailed,
                "send the CSRF cookie's value in the X-CSRF-Token header, from this site",
            ));
        }
        let Ok(origin) = ClientOrigin::from_request_parts(parts, state).await;
        let actor = manager::actor(&user, origin.ip);
        Ok(Self {
            domain,
            user,
            by,
            actor,
        })
    }
}
