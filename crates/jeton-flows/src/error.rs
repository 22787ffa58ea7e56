//! What a flow answers when it does not succeed. Each family of endpoints maps it in one
//! place: OAuth endpoints to RFC 6749 JSON, pages to a readable page.

use jeton_core::OAuthError;
use jeton_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum FlowError {
    /// Refused for a reason the protocol lets us tell the caller.
    #[error("{0}")]
    Refused(OAuthError),
    /// Too many failures from this caller; retry after this many seconds.
    #[error("too many failed attempts; retry in {retry_after_secs} s")]
    Throttled { retry_after_secs: u64 },
    /// The store failed: logged with its detail, answered without it.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<OAuthError> for FlowError {
    fn from(e: OAuthError) -> Self {
        Self::Refused(e)
    }
}

pub type FlowResult<T> = Result<T, FlowError>;

/// Why a change asked for in the pages, the API or the CLI was not made. Each caller maps it
/// once: the API to problem+json (400 naming the field, 403, 404, 409), the pages to a form
/// with the error, the CLI to a message and an exit code.
#[derive(Debug, thiserror::Error)]
pub enum ManageError {
    /// The input cannot be accepted; `field` names which part.
    #[error(transparent)]
    Invalid(#[from] jeton_core::client_registration::FieldError),
    /// Nothing the caller may see goes by this name (what exists but is someone else's is
    /// "not found" too: its existence is not the caller's to learn).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The caller sees it but may not do this (e.g. create personal clients without the role).
    #[error("{0}")]
    Forbidden(&'static str),
    /// What the caller asks to create already exists.
    #[error("{0} already exists")]
    Conflict(&'static str),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for ManageError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(what) => Self::Conflict(what),
            other => Self::Store(other),
        }
    }
}

impl From<FlowError> for ManageError {
    fn from(e: FlowError) -> Self {
        match e {
            FlowError::Store(s) => s.into(),
            // Flows that revoke or rotate refuse nothing on protocol grounds; should one, it
            // is the caller's input that was wrong.
            other => Self::Invalid(jeton_core::client_registration::FieldError::new(
                "request",
                other.to_string(),
            )),
        }
    }
}

pub type ManageResult<T> = Result<T, ManageError>;
