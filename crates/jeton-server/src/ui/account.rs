//! The signed-in person's account page (the start of the self-service pages of DESIGN §3).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::cookie::CookieJar;

use crate::state::AppState;
use crate::ui::domain::PageDomain;
use crate::ui::pages::{AccountPage, render, see_other, unavailable};
use crate::web::locale::Locale;
use crate::web::session;
use crate::web::urls::{Endpoint, with_query};

pub async fn account(
    State(state): State<AppState>,
    PageDomain(domain): PageDomain,
    Locale(tr): Locale,
    jar: CookieJar,
) -> Response {
    match session::current_user(&state, &jar, &domain).await {
        Ok(Some(user)) => render(
            StatusCode::OK,
            &AccountPage {
                tr,
                domain_name: domain.name.clone(),
                username: user.username,
                email: user.email,
                roles: user.roles,
                logout_url: Endpoint::Logout.path(&domain.slug),
                start_url: Endpoint::DomainStart.path(&domain.slug),
            },
        ),
        Ok(None) => see_other(
            &tr,
            &with_query(
                &Endpoint::Login.path(&domain.slug),
                &[("return_to", &Endpoint::Account.path(&domain.slug))],
            ),
        ),
        Err(e) => unavailable(&tr, e),
    }
}
