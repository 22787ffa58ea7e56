//! The `{d}` of every per-domain URL, resolved to its domain (through the cache).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use jeton_store::Domain;

use crate::oauth::error::OAuthErrorResponse;
use crate::state::AppState;
use crate::ui::pages::error_page;

pub struct CurrentDomain(pub Arc<Domain>);

impl FromRequestParts<AppState> for CurrentDomain {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        // Machine endpoints answer JSON, pages answer a page.
        let is_api =
            parts.uri.path().contains("/oauth/") || parts.uri.path().contains("/.well-known/");
        let not_found = |is_api: bool| -> Response {
            if is_api {
                OAuthErrorResponse::not_found("no such domain").into_response()
            } else {
                error_page(
                    axum::http::StatusCode::NOT_FOUND,
                    "Not found",
                    "There is no such domain on this server.",
                    None,
                )
            }
        };
        let Ok(Path(params)) =
            Path::<HashMap<String, String>>::from_request_parts(parts, state).await
        else {
            return Err(not_found(is_api));
        };
        let Some(slug) = params.get("d") else {
            return Err(not_found(is_api));
        };
        match state.cache.domain(slug).await {
            Ok(Some(d)) => Ok(Self(d)),
            Ok(None) => Err(not_found(is_api)),
            Err(e) => Err(if is_api {
                OAuthErrorResponse::from(e).into_response()
            } else {
                crate::ui::pages::unavailable(e)
            }),
        }
    }
}
