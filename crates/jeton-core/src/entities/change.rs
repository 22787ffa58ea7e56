//! A change that other instances must hear about: something they may have cached (a token,
//! a grant's tokens, a client, a user's tokens, a domain, a domain's scopes) is no longer
//! what it was, or a domain's signing keys were rotated. The store writes one with the change itself (PostgreSQL: the `changes` table
//! and a notification); every instance forgets what it cached of it.

use crate::ids::{ClientId, DomainId, GrantId, UserId};
use crate::secret::SecretDigest;

/// What changed; each names exactly what a cache must forget.
#[derive(Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// One access token was revoked.
    AccessToken { digest: SecretDigest },
    /// A grant, or every token under it, was revoked.
    Grant { grant_id: GrantId },
    /// A client was revoked or changed (secret, details), and so were its tokens' standing.
    Client {
        domain_id: DomainId,
        client_id: ClientId,
    },
    /// A user's standing changed (disabled, roles): their tokens' answers may differ.
    User {
        domain_id: DomainId,
        user_id: UserId,
    },
    /// A domain's settings, name or enabled state.
    Domain { domain_id: DomainId },
    /// A domain's registered scopes.
    Scopes { domain_id: DomainId },
    /// A domain's signing keys were rotated: sign with the new ones from now on.
    Keys { domain_id: DomainId },
}

/// A change as the log keeps it: `seq` orders the log (see the store's `changes.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub seq: i64,
    pub kind: ChangeKind,
}

/// Names the kind and its ids; a token is shown only as `AccessToken` (its digest stays out of
/// logs, like every secret's).
impl std::fmt::Debug for ChangeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChangeKind::AccessToken { .. } => f.write_str("AccessToken"),
            ChangeKind::Grant { grant_id } => write!(f, "Grant({grant_id})"),
            ChangeKind::Client {
                domain_id,
                client_id,
            } => write!(f, "Client({domain_id}, {client_id})"),
            ChangeKind::User { domain_id, user_id } => write!(f, "User({domain_id}, {user_id})"),
            ChangeKind::Domain { domain_id } => write!(f, "Domain({domain_id})"),
            ChangeKind::Scopes { domain_id } => write!(f, "Scopes({domain_id})"),
            ChangeKind::Keys { domain_id } => write!(f, "Keys({domain_id})"),
        }
    }
}
