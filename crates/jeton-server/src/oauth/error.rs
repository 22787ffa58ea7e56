//! Error answers of the OAuth endpoints (RFC 6749 §5.2): JSON with `error` and
//! `error_description`, never cached, 401 + `WWW-Authenticate` for client authentication.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jeton_core::{ErrorCode, OAuthError};
use jeton_store::StoreError;
use serde::Serialize;

#[derive(Debug)]
pub struct OAuthErrorResponse {
    pub error: OAuthError,
    pub status: StatusCode,
    pub retry_after: Option<u64>,
}

#[derive(Serialize)]
struct Body<'a> {
    error: &'a str,
    error_description: &'a str,
}

impl OAuthErrorResponse {
    pub fn new(error: OAuthError) -> Self {
        let status = match error.code {
            ErrorCode::InvalidClient => StatusCode::UNAUTHORIZED,
            ErrorCode::ServerError => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::TemporarilyUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::BAD_REQUEST,
        };
        Self {
            error,
            status,
            retry_after: None,
        }
    }

    pub fn server_error() -> Self {
        Self::new(OAuthError::new(
            ErrorCode::ServerError,
            "the server could not complete the request",
        ))
    }

    pub fn not_found(description: &'static str) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            ..Self::new(OAuthError::invalid_request(description))
        }
    }

    pub fn too_many_attempts(wait_secs: u64) -> Self {
        Self {
            status: StatusCode::TOO_MANY_REQUESTS,
            retry_after: Some(wait_secs.max(1)),
            ..Self::new(OAuthError::invalid_request(format!(
                "too many failed authentication attempts; retry in {} s",
                wait_secs.max(1)
            )))
        }
    }
}

impl From<OAuthError> for OAuthErrorResponse {
    fn from(e: OAuthError) -> Self {
        Self::new(e)
    }
}

/// Database failures are logged with their detail and answered without it: an outage of the
/// database (unreachable, full, busy) or contention is 503 `temporarily_unavailable` with
/// `Retry-After`, because the same request will work later (RFC 6749 §4.1.2.1 defines the
/// code for the authorization endpoint; the token endpoint uses it the same way, as other
/// servers do); anything else is a bug here, 500 `server_error`.
impl From<StoreError> for OAuthErrorResponse {
    fn from(e: StoreError) -> Self {
        if e.is_unavailable() {
            tracing::warn!(error = %e, "database unavailable in an OAuth endpoint");
            return Self {
                retry_after: Some(crate::web::RETRY_AFTER_SECS),
                ..Self::new(OAuthError::new(
                    ErrorCode::TemporarilyUnavailable,
                    "the server cannot complete the request right now; retry shortly",
                ))
            };
        }
        tracing::error!(error = %e, "store failure in an OAuth endpoint");
        Self::server_error()
    }
}

/// Every flow failure of the OAuth endpoints is answered here.
impl From<jeton_flows::FlowError> for OAuthErrorResponse {
    fn from(e: jeton_flows::FlowError) -> Self {
        use jeton_flows::FlowError;
        match e {
            FlowError::Refused(e) => Self::new(e),
            FlowError::Throttled { retry_after_secs } => Self::too_many_attempts(retry_after_secs),
            FlowError::Store(e) => Self::from(e),
        }
    }
}

impl IntoResponse for OAuthErrorResponse {
    fn into_response(self) -> Response {
        let body = Body {
            error: self.error.code.as_str(),
            error_description: &self.error.description,
        };
        let mut res = (self.status, Json(body)).into_response();
        let h = res.headers_mut();
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
        if self.status == StatusCode::UNAUTHORIZED {
            // RFC 6749 §5.2 and RFC 9110 §15.5.2: a 401 names the scheme to use.
            h.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"jeton\", error=\"invalid_client\""),
            );
        }
        if let Some(secs) = self.retry_after {
            h.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}
