//! Grants: one user's consent to one client, and the root of everything issued under it
//! (DESIGN §5).

use crate::clock::UnixTime;
use crate::ids::{ClientId, DomainId, GrantId, UserId};
use crate::scope::ScopeSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub id: GrantId,
    pub domain_id: DomainId,
    pub user_id: UserId,
    pub client_id: ClientId,
    pub scopes: ScopeSet,
    pub created_at: UnixTime,
    pub updated_at: UnixTime,
    pub revoked_at: Option<UnixTime>,
    /// When a token was last issued under it (informational, may lag by a few seconds).
    pub last_used_at: Option<UnixTime>,
}

impl Grant {
    /// A grant has no expiry of its own: it lives until the person (or reuse detection)
    /// revokes it, and everything under it dies with it.
    pub fn is_active(&self) -> bool {
        self.revoked_at.is_none()
    }
}

/// A grant as its person sees it in "Authorized applications".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizedApp {
    pub grant: Grant,
    pub client_name: String,
    pub client_description: String,
}

#[derive(Debug, Clone)]
pub struct NewConsent {
    /// Used only if a new grant row is created.
    pub new_id: GrantId,
    pub domain_id: DomainId,
    pub user_id: UserId,
    pub client_id: ClientId,
    pub scopes: ScopeSet,
    pub now: UnixTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(revoked_at: Option<UnixTime>) -> Grant {
        Grant {
            id: "g1".into(),
            domain_id: "d1".into(),
            user_id: "u1".into(),
            client_id: "c1".into(),
            scopes: ScopeSet::empty(),
            created_at: 0,
            updated_at: 0,
            revoked_at,
            last_used_at: None,
        }
    }

    #[test]
    fn a_grant_is_active_until_revoked() {
        assert!(grant(None).is_active());
        assert!(!grant(Some(5)).is_active());
    }
}
