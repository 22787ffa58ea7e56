//! The domain of an OAuth endpoint; unknown domains and store failures answer in RFC 6749's
//! JSON error format.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use jeton_store::Domain;

use crate::oauth::error::OAuthErrorResponse;
use crate::state::AppState;
use crate::web::domain::resolve;

pub struct ApiDomain(pub Arc<Domain>);

impl FromRequestParts<AppState> for ApiDomain {
    type Rejection = OAuthErrorResponse;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match resolve(parts, state).await? {
            Some(d) => Ok(Self(d)),
            None => Err(OAuthErrorResponse::not_found("no such domain")),
        }
    }
}
