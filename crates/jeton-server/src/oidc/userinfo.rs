//! UserInfo (OpenID Connect Core §5.3): GET or POST with a bearer access token (RFC 6750
//! §2.1 header, or §2.2 form body on POST), answered with the claims its scopes release.
//! Errors follow RFC 6750 §3: `WWW-Authenticate: Bearer` with `error` when a token was
//! presented, without when none was.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jeton_flows::oidc::UserInfoError;

use crate::oauth::domain::ApiDomain;
use crate::oauth::form::OAuthForm;
use crate::state::AppState;

pub async fn userinfo_get(
    State(state): State<AppState>,
    ApiDomain(domain): ApiDomain,
    headers: HeaderMap,
) -> Response {
    match bearer(&headers, None) {
        Ok(token) => answer(&state, &domain, token).await,
        Err(e) => e.into_response(),
    }
}

pub async fn userinfo_post(
    State(state): State<AppState>,
    ApiDomain(domain): ApiDomain,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // The body is optional: a form only when it carries the token (RFC 6750 §2.2).
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .starts_with("application/x-www-form-urlencoded")
        });
    let form = if is_form && !body.is_empty() {
        match OAuthForm::parse(&body) {
            Ok(f) => Some(f),
            Err(_) => return BearerError::InvalidRequest.into_response(),
        }
    } else {
        None
    };
    match bearer(&headers, form.as_ref().and_then(|f| f.get("access_token"))) {
        Ok(token) => answer(&state, &domain, token).await,
        Err(e) => e.into_response(),
    }
}

async fn answer(state: &AppState, domain: &jeton_store::Domain, token: &str) -> Response {
    match state.flows.userinfo(domain, token).await {
        Ok(claims) => {
            let mut res = Json(claims).into_response();
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Err(UserInfoError::InvalidToken) => BearerError::InvalidToken.into_response(),
        Err(UserInfoError::InsufficientScope) => BearerError::InsufficientScope.into_response(),
        Err(UserInfoError::Store(e)) => {
            crate::oauth::error::OAuthErrorResponse::from(e).into_response()
        }
    }
}

/// The access token, from exactly one place (RFC 6750 §2: a client must not use more than
/// one method).
fn bearer<'a>(headers: &'a HeaderMap, in_body: Option<&'a str>) -> Result<&'a str, BearerError> {
    let in_header = match headers.get(header::AUTHORIZATION) {
        None => None,
        Some(v) => {
            let v = v.to_str().map_err(|_| BearerError::InvalidRequest)?;
            match v.split_once(' ') {
                Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => {
                    Some(token.trim())
                }
                _ => return Err(BearerError::InvalidRequest),
            }
        }
    };
    match (in_header, in_body) {
        (Some(_), Some(_)) => Err(BearerError::InvalidRequest),
        (Some(t), None) | (None, Some(t)) if !t.is_empty() => Ok(t),
        (Some(_), None) | (None, Some(_)) => Err(BearerError::InvalidRequest),
        (None, None) => Err(BearerError::Missing),
    }
}

/// RFC 6750 §3.1.
enum BearerError {
    /// No credentials: the challenge alone.
    Missing,
    InvalidRequest,
    InvalidToken,
    InsufficientScope,
}

impl IntoResponse for BearerError {
    fn into_response(self) -> Response {
        let (status, challenge, body) = match self {
            Self::Missing => (StatusCode::UNAUTHORIZED, r#"Bearer realm="jeton""#, None),
            Self::InvalidRequest => (
                StatusCode::BAD_REQUEST,
                r#"Bearer realm="jeton", error="invalid_request", error_description="send the access token once, in the Authorization header as Bearer""#,
                Some((
                    "invalid_request",
                    "send the access token once, in the Authorization header as Bearer",
                )),
            ),
            Self::InvalidToken => (
                StatusCode::UNAUTHORIZED,
                r#"Bearer realm="jeton", error="invalid_token", error_description="the access token is invalid, expired or revoked""#,
                Some((
                    "invalid_token",
                    "the access token is invalid, expired or revoked",
                )),
            ),
            Self::InsufficientScope => (
                StatusCode::FORBIDDEN,
                r#"Bearer realm="jeton", error="insufficient_scope", scope="openid", error_description="the access token was not granted the openid scope""#,
                Some((
                    "insufficient_scope",
                    "the access token was not granted the openid scope",
                )),
            ),
        };
        let mut res = match body {
            Some((error, description)) => (
                status,
                Json(serde_json::json!({"error": error, "error_description": description})),
            )
                .into_response(),
            None => status.into_response(),
        };
        let h = res.headers_mut();
        h.insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static(challenge),
        );
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        res
    }
}
