//! Access and refresh tokens: what minting hands the store, and what introspection reads
//! back with the state of the grant and client it hangs on.

use crate::clock::UnixTime;
use crate::ids::{ClientId, DomainId, GrantId, UserId};
use crate::scope::ScopeSet;
use crate::secret::SecretDigest;

#[derive(Debug, Clone)]
pub struct NewAccessToken {
    pub digest: SecretDigest,
    pub domain_id: DomainId,
    pub client_id: ClientId,
    pub user_id: Option<UserId>,
    pub grant_id: Option<GrantId>,
    pub scopes: ScopeSet,
    pub issued_at: UnixTime,
    pub expires_at: UnixTime,
}

#[derive(Debug, Clone)]
pub struct NewRefreshToken {
    pub digest: SecretDigest,
    pub domain_id: DomainId,
    pub client_id: ClientId,
    pub user_id: UserId,
    pub grant_id: GrantId,
    pub scopes: ScopeSet,
    pub issued_at: UnixTime,
    pub expires_at: UnixTime,
    pub chain: RefreshChain,
}

/// Where a chain of refresh tokens (one and its successors by rotation) began: bounds its
/// absolute lifetime (`DomainSettings::refresh_token_absolute_ttl_secs`) and keeps when the
/// person signed in, for the `auth_time` of what a refresh issues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefreshChain {
    /// The code exchange or password grant that issued the first token.
    pub started_at: UnixTime,
    pub auth_time: Option<UnixTime>,
}

/// What a code redemption or refresh rotation stores.
#[derive(Debug, Clone)]
pub struct IssuedTokens {
    pub access: NewAccessToken,
    pub refresh: Option<NewRefreshToken>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redemption {
    /// This caller won: the code or refresh token is spent and the tokens are stored.
    Issued,
    /// It was spent before (or concurrently): the grant has been revoked.
    AlreadyUsed { grant_id: GrantId },
    /// Unknown, expired, or its grant is revoked.
    Invalid,
}

/// An access or refresh token as introspection sees it, with what it needs to answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRecord {
    pub domain_id: DomainId,
    pub client_id: ClientId,
    pub user_id: Option<UserId>,
    pub username: Option<String>,
    pub grant_id: Option<GrantId>,
    pub scopes: ScopeSet,
    pub issued_at: UnixTime,
    pub expires_at: UnixTime,
    /// Set when the token itself was revoked, or (refresh) used up by rotation.
    pub revoked_at: Option<UnixTime>,
    pub used_at: Option<UnixTime>,
    /// Set when the grant it belongs to was revoked.
    pub grant_revoked: bool,
    /// The client is revoked or expired as of `client_expires_at`.
    pub client_revoked: bool,
    pub client_expires_at: Option<UnixTime>,
    /// The token's user (for a personal client: its owner) is disabled.
    pub user_disabled: bool,
    /// The client is a personal client and its owner no longer holds the role that allows
    /// them (`Client::owner_lets_act`).
    pub owner_forbids: bool,
    /// The token's user's attributes (a JSON object; `Null` without a user), for the
    /// domain's `TokenCheck::attributes`.
    pub user_attributes: serde_json::Value,
}

impl TokenRecord {
    /// RFC 7662 §2.2 `active`: not expired, not revoked, not used, grant and client live.
    /// Expiry is exclusive: a token is inactive from its `expires_at` instant on, as the
    /// store's conditional spends (`expires_at > now`) treat it.
    pub fn is_active(&self, now: UnixTime) -> bool {
        now < self.expires_at
            && self.revoked_at.is_none()
            && self.used_at.is_none()
            && !self.grant_revoked
            && !self.client_revoked
            && self.client_expires_at.is_none_or(|e| now < e)
            && !self.user_disabled
            && !self.owner_forbids
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A live access token of a user's grant, issued at 0, expiring at 100.
    pub(crate) fn record() -> TokenRecord {
        TokenRecord {
            domain_id: "d1".into(),
            client_id: "c1".into(),
            user_id: Some("u1".into()),
            username: Some("alice".into()),
            grant_id: Some("g1".into()),
            scopes: ScopeSet::parse("read").unwrap(),
            issued_at: 0,
            expires_at: 100,
            revoked_at: None,
            used_at: None,
            grant_revoked: false,
            client_revoked: false,
            client_expires_at: None,
            user_disabled: false,
            owner_forbids: false,
            user_attributes: serde_json::json!({"department": "finance"}),
        }
    }

    #[test]
    fn a_disabled_user_or_an_owner_without_the_role_takes_the_token() {
        assert!(
            !TokenRecord {
                user_disabled: true,
                ..record()
            }
            .is_active(1)
        );
        assert!(
            !TokenRecord {
                owner_forbids: true,
                ..record()
            }
            .is_active(1)
        );
    }

    #[test]
    fn live_until_just_before_expiry() {
        assert!(record().is_active(0));
        assert!(record().is_active(99));
    }

    #[test]
    fn inactive_exactly_at_expiry() {
        assert!(!record().is_active(100));
        assert!(!record().is_active(101));
    }

    #[test]
    fn a_revoked_token_is_inactive() {
        let r = TokenRecord {
            revoked_at: Some(10),
            ..record()
        };
        assert!(!r.is_active(20));
    }

    #[test]
    fn a_used_refresh_token_is_inactive() {
        let r = TokenRecord {
            used_at: Some(10),
            ..record()
        };
        assert!(!r.is_active(20));
    }

    #[test]
    fn a_revoked_grant_takes_its_tokens() {
        let r = TokenRecord {
            grant_revoked: true,
            ..record()
        };
        assert!(!r.is_active(20));
    }

    #[test]
    fn a_revoked_client_takes_its_tokens() {
        let r = TokenRecord {
            client_revoked: true,
            ..record()
        };
        assert!(!r.is_active(20));
    }

    #[test]
    fn an_expired_client_takes_its_tokens_from_its_expiry_on() {
        let r = TokenRecord {
            client_expires_at: Some(50),
            ..record()
        };
        assert!(r.is_active(49));
        assert!(!r.is_active(50), "inactive exactly at the client's expiry");
    }

    #[test]
    fn a_client_credentials_token_needs_no_grant() {
        let r = TokenRecord {
            user_id: None,
            username: None,
            grant_id: None,
            ..record()
        };
        assert!(r.is_active(20));
    }
}
