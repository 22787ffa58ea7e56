//! Who manages a domain, for the JSON API (`api::caller::ManagerCaller`) and the manager pages
//! (`ui::manage::PageManager`), and who is the super administrator, for the admin API
//! (`api::caller::AdminCaller`) and pages (`ui::admin::PageAdmin`): each rule lives here
//! once, and each caller answers in its own format (a problem, or a page and a redirect to
//! the login).
//!
//! A manager of a domain is a person signed in to it with the `manager` role, or the super
//! administrator signed in to the administrators' domain (`main`), who manages every domain.
//! Sessions are per domain (`jeton_session_{slug}`), so being a manager of one domain says
//! nothing about another.

use std::net::IpAddr;

use axum_extra::extract::cookie::CookieJar;
use jeton_core::entities::Actor;
use jeton_core::roles::{self, Authority};
use jeton_flows::provision::MAIN_DOMAIN;
use jeton_store::{Domain, StoreError, User};

use crate::state::AppState;
use crate::web::session;

/// What the browser's sessions make of someone asking to manage a domain.
pub enum Standing {
    /// Manages it: `user` is the domain's manager, or the super administrator (a user of
    /// `main`, which is then not the domain's own user unless the domain is `main`).
    Manages { user: User, by: Authority },
    /// Signed in to the domain, but not one of its managers.
    SignedIn(User),
    /// Neither signed in to the domain nor the super administrator.
    SignedOut,
}

/// What the browser's session of the administrators' domain (`main`) makes of someone asking
/// for the super administrator's pages or API (`/admin/...`, `/api/v1/admin/...`).
pub enum AdminStanding {
    /// The super administrator: a user of `main` holding `super-admin`, signed in to `main`.
    Admin(User),
    /// Signed in to `main` without `super-admin`.
    SignedIn(User),
    /// No session of `main`.
    SignedOut,
}

/// The standing of the browser whose cookies are in `jar`, towards the super administrator's
/// pages: the one rule behind `api::caller::AdminCaller` and `ui::admin::PageAdmin`.
pub async fn admin_standing(
    state: &AppState,
    jar: &CookieJar,
) -> Result<AdminStanding, StoreError> {
    let Some(main) = state.flows.domain_by_slug(MAIN_DOMAIN).await? else {
        return Ok(AdminStanding::SignedOut);
    };
    Ok(match session::current_user(state, jar, &main).await? {
        Some(u) if roles::holds(&u.roles, roles::SUPER_ADMIN) => AdminStanding::Admin(u),
        Some(u) => AdminStanding::SignedIn(u),
        None => AdminStanding::SignedOut,
    })
}

/// The standing of the browser whose cookies are in `jar`, towards `domain`.
pub async fn standing(
    state: &AppState,
    jar: &CookieJar,
    domain: &Domain,
) -> Result<Standing, StoreError> {
    let here = session::current_user(state, jar, domain).await?;
    // In `main` itself, `here` is that session (read once).
    let admin = if domain.slug == MAIN_DOMAIN {
        None
    } else {
        match admin_standing(state, jar).await? {
            AdminStanding::Admin(u) => Some(u),
            AdminStanding::SignedIn(_) | AdminStanding::SignedOut => None,
        }
    };
    Ok(match (here, admin) {
        (_, Some(a)) => Standing::Manages {
            user: a,
            by: Authority::SuperAdmin,
        },
        (Some(u), None)
            if domain.slug == MAIN_DOMAIN && roles::holds(&u.roles, roles::SUPER_ADMIN) =>
        {
            Standing::Manages {
                user: u,
                by: Authority::SuperAdmin,
            }
        }
        (Some(u), None) if roles::holds(&u.roles, roles::MANAGER) => Standing::Manages {
            user: u,
            by: Authority::Manager,
        },
        (Some(u), None) => Standing::SignedIn(u),
        (None, None) => Standing::SignedOut,
    })
}

/// The audit log's "who" and "from where" for a change `user` makes over HTTP from `ip`.
pub fn actor(user: &User, ip: IpAddr) -> Actor {
    Actor::user(user.id.clone(), &user.username, Some(ip.to_string()))
}
