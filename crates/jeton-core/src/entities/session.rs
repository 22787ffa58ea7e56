//! A person's sign-in session on the pages (the store keeps only the value's digest).

use crate::clock::UnixTime;
use crate::ids::{DomainId, UserId};
use crate::secret::SecretDigest;

#[derive(Debug, Clone)]
pub struct NewSession {
    pub digest: SecretDigest,
    pub domain_id: DomainId,
    pub user_id: UserId,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub domain_id: DomainId,
    pub user_id: UserId,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
}
