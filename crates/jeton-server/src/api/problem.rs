//! Errors of the JSON API as problem details (RFC 9457): `application/problem+json` with a
//! stable `type` that programs match on, a `title` for people, and `field` naming the input
//! that was refused.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jeton_flows::error::ManageError;
use jeton_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// A problem details object (RFC 9457 §3).
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A stable URI naming the kind of problem, e.g. `urn:jeton:problem:not-found`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: &'static str,
    pub status: u16,
    pub detail: String,
    /// For `invalid-input`: the request field that was refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
}

/// The kinds of problem, each with its status and its `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// No valid session or token (401).
    Unauthenticated,
    /// A session call without the CSRF header, or from another origin (403).
    CsrfFailed,
    /// Signed in, but not allowed to do this (403).
    Forbidden,
    /// Nothing the caller may see by that name (404).
    NotFound,
    /// The request body or a parameter cannot be accepted (400).
    InvalidInput,
    /// What the request creates already exists (409).
    Conflict,
    /// The database cannot serve right now (503, with `Retry-After`).
    Unavailable,
    /// A bug on our side, logged (500).
    Internal,
    /// A vault credential the provider refused to renew: a person must authorize it again
    /// (409).
    NeedsReauthorization,
    /// An outside provider could not be reached or answered something unusable (502).
    ProviderFailed,
}

impl Kind {
    fn status(self) -> StatusCode {
        match self {
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::CsrfFailed | Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::InvalidInput => StatusCode::BAD_REQUEST,
            Self::Conflict => StatusCode::CONFLICT,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            Self::NeedsReauthorization => StatusCode::CONFLICT,
            Self::ProviderFailed => StatusCode::BAD_GATEWAY,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Unauthenticated => "unauthenticated",
            Self::CsrfFailed => "csrf-failed",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not-found",
            Self::InvalidInput => "invalid-input",
            Self::Conflict => "conflict",
            Self::Unavailable => "unavailable",
            Self::Internal => "internal",
            Self::NeedsReauthorization => "needs-reauthorization",
            Self::ProviderFailed => "provider-failed",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Self::Unauthenticated => "Authentication required",
            Self::CsrfFailed => "Missing or wrong CSRF token",
            Self::Forbidden => "Not allowed",
            Self::NotFound => "Not found",
            Self::InvalidInput => "Invalid input",
            Self::Conflict => "Already exists",
            Self::Unavailable => "Temporarily unavailable",
            Self::Internal => "Internal error",
            Self::NeedsReauthorization => "Needs re-authorization",
            Self::ProviderFailed => "The outside provider failed",
        }
    }
}

/// An API error on its way out.
#[derive(Debug)]
pub struct ApiError {
    pub kind: Kind,
    pub detail: String,
    pub field: Option<&'static str>,
}

impl ApiError {
    pub fn new(kind: Kind, detail: impl Into<String>) -> Self {
        Self {
            kind,
            detail: detail.into(),
            field: None,
        }
    }

    pub fn invalid(field: &'static str, detail: impl Into<String>) -> Self {
        Self {
            kind: Kind::InvalidInput,
            detail: detail.into(),
            field: Some(field),
        }
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(Kind::NotFound, format!("{what} not found"))
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ManageError::from(e).into()
    }
}

impl From<ManageError> for ApiError {
    fn from(e: ManageError) -> Self {
        match e {
            ManageError::Invalid(f) => Self::invalid(f.field, f.message),
            ManageError::NotFound(what) => Self::not_found(what),
            ManageError::Forbidden(why) => Self::new(Kind::Forbidden, why),
            ManageError::Conflict(what) => {
                Self::new(Kind::Conflict, format!("{what} already exists"))
            }
            ManageError::Store(s) if s.is_unavailable() => {
                tracing::warn!(error = %s, "database unavailable during an API call");
                Self::new(
                    Kind::Unavailable,
                    "the database cannot serve right now; retry shortly",
                )
            }
            ManageError::Store(s) => {
                tracing::error!(error = %s, "store failure during an API call");
                Self::new(
                    Kind::Internal,
                    "the server could not complete the request; the error is logged",
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.kind.status();
        let body = Problem {
            kind: format!("urn:jeton:problem:{}", self.kind.name()),
            title: self.kind.title(),
            status: status.as_u16(),
            detail: self.detail,
            field: self.field,
        };
        let mut res = (status, axum::Json(body)).into_response();
        let h = res.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        match self.kind {
            Kind::Unavailable => {
                h.insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(crate::web::RETRY_AFTER_SECS),
                );
            }
            Kind::Unauthenticated => {
                // RFC 9110 §15.5.2: a 401 names how to authenticate.
                h.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"jeton-api\""),
                );
            }
            _ => {}
        }
        res
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
