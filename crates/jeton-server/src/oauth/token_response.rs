//! The successful token response (RFC 6749 §5.1): JSON, never cached.

use axum::Json;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use jeton_flows::tokens::TokenAnswer;
use serde::Serialize;

#[derive(Serialize)]
struct Body<'a> {
    access_token: &'a str,
    token_type: &'a str,
    expires_in: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    refresh_token: Option<&'a str>,
    scope: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id_token: Option<&'a str>,
}

pub struct TokenResponse(pub TokenAnswer);

impl IntoResponse for TokenResponse {
    fn into_response(self) -> Response {
        let a = &self.0;
        let mut res = Json(Body {
            access_token: &a.access_token,
            token_type: a.token_type,
            expires_in: a.expires_in,
            refresh_token: a.refresh_token.as_deref(),
            scope: &a.scope,
            id_token: a.id_token.as_deref(),
        })
        .into_response();
        let h = res.headers_mut();
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
        res
    }
}
