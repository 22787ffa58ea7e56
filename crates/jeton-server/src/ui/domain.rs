//! The domain of a page; unknown domains and store failures answer with a page.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use jeton_store::Domain;

use crate::state::AppState;
use crate::ui::pages::{error_page, unavailable};
use crate::web::domain::resolve;
use crate::web::locale::Tr;

pub struct PageDomain(pub Arc<Domain>);

impl FromRequestParts<AppState> for PageDomain {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let found = resolve(parts, state).await;
        let tr = || Tr::of_request(&parts.uri, &parts.headers);
        match found {
            Ok(Some(d)) => Ok(Self(d)),
            Ok(None) => Err(error_page(
                &tr(),
                StatusCode::NOT_FOUND,
                "error-not-found-title",
                "error-no-such-domain",
                None,
            )),
            Err(e) => Err(unavailable(&tr(), e)),
        }
    }
}
