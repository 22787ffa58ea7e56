//! Authorization codes (RFC 6749 §4.1.2): short-lived, spent once.

use crate::clock::UnixTime;
use crate::ids::{ClientId, DomainId, GrantId, UserId};
use crate::pkce::ChallengeMethod;
use crate::scope::ScopeSet;
use crate::secret::SecretDigest;

/// DESIGN §5: an authorization code lives at most 60 s (a domain or client may choose less:
/// `DomainSettings::code_ttl_secs`).
pub const CODE_TTL_SECS: i64 = 60;

#[derive(Debug, Clone)]
pub struct NewAuthCode {
    pub digest: SecretDigest,
    pub domain_id: DomainId,
    pub client_id: ClientId,
    pub user_id: UserId,
    pub grant_id: GrantId,
    pub redirect_uri: String,
    pub redirect_uri_given: bool,
    pub scopes: ScopeSet,
    pub code_challenge: Option<(String, ChallengeMethod)>,
    /// OpenID Connect: the request's `nonce`, echoed in the ID token.
    pub nonce: Option<String>,
    /// When the person signed in (the session's start), for the ID token's `auth_time`.
    pub auth_time: Option<UnixTime>,
    /// OpenID Connect: the request's `claims` parameter (Core §5.5), for the ID token.
    pub claims: crate::claims_request::ClaimsRequest,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthCode {
    pub domain_id: DomainId,
    pub client_id: ClientId,
    pub user_id: UserId,
    pub grant_id: GrantId,
    pub redirect_uri: String,
    pub redirect_uri_given: bool,
    pub scopes: ScopeSet,
    pub code_challenge: Option<(String, ChallengeMethod)>,
    /// OpenID Connect: the request's `nonce`, echoed in the ID token.
    pub nonce: Option<String>,
    /// When the person signed in (the session's start), for the ID token's `auth_time`.
    pub auth_time: Option<UnixTime>,
    /// OpenID Connect: the request's `claims` parameter (Core §5.5), for the ID token.
    pub claims: crate::claims_request::ClaimsRequest,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
    pub used_at: Option<UnixTime>,
}

impl AuthCode {
    /// Past its lifetime: not redeemable from the `expires_at` instant on, as the store's
    /// conditional spend (`expires_at > now`) has it.
    pub fn is_expired(&self, now: UnixTime) -> bool {
        now >= self.expires_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(expires_at: UnixTime) -> AuthCode {
        AuthCode {
            domain_id: "d1".into(),
            client_id: "c1".into(),
            user_id: "u1".into(),
            grant_id: "g1".into(),
            redirect_uri: "https://app.example/cb".into(),
            redirect_uri_given: true,
            scopes: ScopeSet::empty(),
            code_challenge: None,
            nonce: None,
            auth_time: None,
            claims: Default::default(),
            created_at: expires_at - CODE_TTL_SECS,
            expires_at,
            used_at: None,
        }
    }

    #[test]
    fn a_code_expires_exactly_at_its_expiry() {
        let c = code(1_000 + CODE_TTL_SECS);
        assert!(!c.is_expired(1_000));
        assert!(!c.is_expired(1_059));
        assert!(c.is_expired(1_060), "expired exactly at expires_at");
        assert!(c.is_expired(1_061));
    }
}
