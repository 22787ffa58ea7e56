//! The `{d}` of every per-domain URL, resolved to its domain (through the cache). The
//! extractors that answer with the right kind of error are `oauth::domain::ApiDomain`
//! (JSON, for programs) and `ui::domain::PageDomain` (a page, for people): each route says
//! which it serves by the one it takes.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use jeton_store::{Domain, StoreError};

use crate::state::AppState;

/// The domain the path names; `Ok(None)` when there is none by that slug, it is disabled,
/// or there is no `{d}`.
pub async fn resolve(
    parts: &mut Parts,
    state: &AppState,
) -> Result<Option<Arc<Domain>>, StoreError> {
    let Ok(Path(params)) = Path::<HashMap<String, String>>::from_request_parts(parts, state).await
    else {
        return Ok(None);
    };
    match params.get("d") {
        // A disabled domain is answered as if it did not exist.
        Some(slug) => Ok(state
            .flows
            .domain_by_slug(slug)
            .await?
            .filter(|d| d.disabled_at.is_none())),
        None => Ok(None),
    }
}
