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
