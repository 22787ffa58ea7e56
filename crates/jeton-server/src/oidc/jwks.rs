//! The domain's public signing keys (RFC 7517 §5), at `jwks_uri`.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::oauth::domain::ApiDomain;
use crate::oauth::error::OAuthErrorResponse;
use crate::state::AppState;

/// How long relying parties may keep the set: a key signs as soon as it exists, so a client
/// that meets an unknown `kid` should fetch again; this bounds how stale a cached set is for
/// those that do not.
const MAX_AGE: &str = "public, max-age=60";

pub async fn jwks(
    State(state): State<AppState>,
    ApiDomain(domain): ApiDomain,
) -> Result<Response, OAuthErrorResponse> {
    let keys = state.flows.published_keys(&domain).await?;
    let mut res = Json(json!({ "keys": keys })).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(MAX_AGE));
    Ok(res)
}
