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
use jeton_core::entities::{Actor, AdminScope, AdminToken};
use jeton_core::roles::Authority;
use jeton_store::{Domain, User};

use crate::api::problem::{ApiError, Kind};
use crate::state::AppState;
use crate::web::client_ip::ClientOrigin;
use crate::web::manager::{self, AdminStanding, Standing};
use crate::web::{csrf, domain, session};

/// A person signed in to the domain of the path's `{d}`.
pub struct SessionCaller {
    pub domain: Arc<Domain>,
    pub user: User,
    /// The session cookie's value (a password change keeps this one session).
    pub session: String,
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
        let actor = Actor::user(user.id.clone(), &user.username, Some(origin.ip.to_string()));
        let session = session::value(&jar, &domain.slug)
            .unwrap_or_default()
            .to_owned();
        Ok(Self {
            domain,
            user,
            session,
            actor,
        })
    }
}

/// What the `Authorization` header holds: nothing, or a live admin API token. Anything else
/// (an access token issued to a client, a wrong or revoked admin token) is refused.
async fn admin_token(parts: &Parts, state: &AppState) -> Result<Option<Arc<AdminToken>>, ApiError> {
    let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let presented = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|v| v.starts_with("jeton_adm_"));
    let Some(presented) = presented else {
        return Err(ApiError::new(
            Kind::Unauthenticated,
            "this API accepts the session of Jeton's own pages or an admin API token \
             (Bearer jeton_adm_…); access tokens issued to clients are not accepted here",
        ));
    };
    match state.flows.authenticate_admin_token(presented).await? {
        Some(t) => Ok(Some(t)),
        None => Err(ApiError::new(
            Kind::Unauthenticated,
            "the admin API token is unknown, expired or revoked",
        )),
    }
}

/// A manager of the path's domain: a person signed in to it with the `manager` role, the
/// super administrator (signed in to the administrators' domain, `main`), who manages every
/// domain, or an admin API token whose scope covers the domain. Anyone else signed in to the
/// domain is refused (403); without a session, 401.
pub struct ManagerCaller {
    pub domain: Arc<Domain>,
    pub by: Authority,
    pub actor: Actor,
}

impl FromRequestParts<AppState> for ManagerCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = admin_token(parts, state).await?;
        let domain = domain::resolve(parts, state)
            .await?
            .ok_or_else(|| ApiError::not_found("domain"))?;
        let Ok(origin) = ClientOrigin::from_request_parts(parts, state).await;
        let address = Some(origin.ip.to_string());
        if let Some(t) = token {
            // Tokens are not sent by browsers on their own: no CSRF check.
            if !t.scope.covers(&domain.slug) {
                return Err(ApiError::not_found("domain"));
            }
            let by = match t.scope {
                AdminScope::All => Authority::SuperAdmin,
                AdminScope::Domain(_) => Authority::Manager,
            };
            return Ok(Self {
                domain,
                by,
                actor: Actor::token(&t.name, address),
            });
        }
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
        check_csrf(parts, state, &jar)?;
        Ok(Self {
            domain,
            by,
            actor: manager::actor(&user, origin.ip),
        })
    }
}

fn check_csrf(parts: &Parts, state: &AppState, jar: &CookieJar) -> Result<(), ApiError> {
    let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && !csrf::verify_header(state, jar, &parts.headers) {
        return Err(ApiError::new(
            Kind::CsrfFailed,
            "send the CSRF cookie's value in the X-CSRF-Token header, from this site",
        ));
    }
    Ok(())
}

/// The super administrator: signed in to `main` with `super-admin`, or an admin API token of
/// scope `admin`.
pub struct AdminCaller {
    pub actor: Actor,
}

impl FromRequestParts<AppState> for AdminCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = admin_token(parts, state).await?;
        let Ok(origin) = ClientOrigin::from_request_parts(parts, state).await;
        let address = Some(origin.ip.to_string());
        if let Some(t) = token {
            if t.scope != AdminScope::All {
                return Err(ApiError::new(
                    Kind::Forbidden,
                    "this token manages one domain only",
                ));
            }
            return Ok(Self {
                actor: Actor::token(&t.name, address),
            });
        }
        let jar = CookieJar::from_headers(&parts.headers);
        let user = match manager::admin_standing(state, &jar).await? {
            AdminStanding::Admin(u) => u,
            AdminStanding::SignedIn(_) => {
                return Err(ApiError::new(
                    Kind::Forbidden,
                    "only the super administrator may do this",
                ));
            }
            AdminStanding::SignedOut => {
                return Err(ApiError::new(
                    Kind::Unauthenticated,
                    "sign in to the administrators' domain (main) as a super administrator",
                ));
            }
        };
        check_csrf(parts, state, &jar)?;
        Ok(Self {
            actor: manager::actor(&user, origin.ip),
        })
    }
}
