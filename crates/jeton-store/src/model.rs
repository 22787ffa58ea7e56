//! The rows the Store reads and writes. `New*` structs are what callers hand in; the others
//! are what comes back.

use jeton_core::clock::UnixTime;
use jeton_core::grant_type::{AuthMethod, GrantType};
use jeton_core::pkce::ChallengeMethod;
use jeton_core::scope::ScopeSet;
use jeton_core::secret::SecretDigest;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainSettings {
    pub access_token_ttl_secs: i64,
    pub refresh_token_ttl_secs: i64,
    /// DESIGN §5: how long a just-rotated refresh token may be presented again. 0 = off.
    pub refresh_grace_secs: i64,
    pub personal_clients_enabled: bool,
}

impl Default for DomainSettings {
    fn default() -> Self {
        Self {
            access_token_ttl_secs: 3600,
            refresh_token_ttl_secs: 30 * 24 * 3600,
            refresh_grace_secs: 0,
            personal_clients_enabled: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Domain {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub settings: DomainSettings,
    pub created_at: UnixTime,
}

#[derive(Debug, Clone)]
pub struct NewDomain {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub settings: DomainSettings,
    pub created_at: UnixTime,
}

#[derive(Clone, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub domain_id: String,
    pub username: String,
    pub email: Option<String>,
    pub password_hash: Option<String>,
    pub roles: Vec<String>,
    pub attributes: serde_json::Value,
    pub disabled: bool,
    pub created_at: UnixTime,
}

impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The password hash stays out of logs.
        f.debug_struct("User")
            .field("id", &self.id)
            .field("domain_id", &self.domain_id)
            .field("username", &self.username)
            .field("roles", &self.roles)
            .field("disabled", &self.disabled)
            .finish_non_exhaustive()
    }
}

#[derive(Clone)]
pub struct NewUser {
    pub id: String,
    pub domain_id: String,
    pub username: String,
    pub email: Option<String>,
    pub password_hash: Option<String>,
    pub roles: Vec<String>,
    pub created_at: UnixTime,
}

#[derive(Debug, Clone)]
pub struct NewScope {
    pub name: String,
    pub description: String,
    pub roles: Vec<String>,
    pub created_at: UnixTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    /// The public `client_id`.
    pub id: String,
    pub domain_id: String,
    pub name: String,
    pub secret_digest: Option<SecretDigest>,
    pub auth_method: AuthMethod,
    pub redirect_uris: Vec<String>,
    pub grant_types: Vec<GrantType>,
    pub allowed_scopes: ScopeSet,
    pub default_scopes: ScopeSet,
    pub require_pkce: bool,
    pub allow_plain_pkce: bool,
    /// A personal client acts for its owner, with exactly the owner's rights.
    pub owner_user_id: Option<String>,
    pub expires_at: Option<UnixTime>,
    pub created_at: UnixTime,
    pub revoked_at: Option<UnixTime>,
}

impl Client {
    /// Neither revoked nor past its expiry date.
    pub fn is_active(&self, now: UnixTime) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|e| now < e)
    }
}

#[derive(Debug, Clone)]
pub struct NewClient {
    pub id: String,
    pub domain_id: String,
    pub name: String,
    pub secret_digest: Option<SecretDigest>,
    pub auth_method: AuthMethod,
    pub redirect_uris: Vec<String>,
    pub grant_types: Vec<GrantType>,
    pub allowed_scopes: ScopeSet,
    pub default_scopes: ScopeSet,
    pub require_pkce: bool,
    pub allow_plain_pkce: bool,
    pub owner_user_id: Option<String>,
    pub expires_at: Option<UnixTime>,
    pub created_at: UnixTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub id: String,
    pub domain_id: String,
    pub user_id: String,
    pub client_id: String,
    pub scopes: ScopeSet,
    pub created_at: UnixTime,
    pub updated_at: UnixTime,
    pub revoked_at: Option<UnixTime>,
}

#[derive(Debug, Clone)]
pub struct NewConsent {
    /// Used only if a new grant row is created.
    pub new_id: String,
    pub domain_id: String,
    pub user_id: String,
    pub client_id: String,
    pub scopes: ScopeSet,
    pub now: UnixTime,
}

#[derive(Debug, Clone)]
pub struct NewAuthCode {
    pub digest: SecretDigest,
    pub domain_id: String,
    pub client_id: String,
    pub user_id: String,
    pub grant_id: String,
    pub redirect_uri: String,
    pub redirect_uri_given: bool,
    pub scopes: ScopeSet,
    pub code_challenge: Option<(String, ChallengeMethod)>,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthCode {
    pub domain_id: String,
    pub client_id: String,
    pub user_id: String,
    pub grant_id: String,
    pub redirect_uri: String,
    pub redirect_uri_given: bool,
    pub scopes: ScopeSet,
    pub code_challenge: Option<(String, ChallengeMethod)>,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
    pub used_at: Option<UnixTime>,
}

#[derive(Debug, Clone)]
pub struct NewAccessToken {
    pub digest: SecretDigest,
    pub domain_id: String,
    pub client_id: String,
    pub user_id: Option<String>,
    pub grant_id: Option<String>,
    pub scopes: ScopeSet,
    pub issued_at: UnixTime,
    pub expires_at: UnixTime,
}

#[derive(Debug, Clone)]
pub struct NewRefreshToken {
    pub digest: SecretDigest,
    pub domain_id: String,
    pub client_id: String,
    pub user_id: String,
    pub grant_id: String,
    pub scopes: ScopeSet,
    pub issued_at: UnixTime,
    pub expires_at: UnixTime,
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
    AlreadyUsed { grant_id: String },
    /// Unknown, expired, or its grant is revoked.
    Invalid,
}

/// An access or refresh token as introspection sees it, with what it needs to answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRecord {
    pub domain_id: String,
    pub client_id: String,
    pub user_id: Option<String>,
    pub username: Option<String>,
    pub grant_id: Option<String>,
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
}

impl TokenRecord {
    /// RFC 7662 §2.2 `active`: not expired, not revoked, not used, grant and client live.
    pub fn is_active(&self, now: UnixTime) -> bool {
        now < self.expires_at
            && self.revoked_at.is_none()
            && self.used_at.is_none()
            && !self.grant_revoked
            && !self.client_revoked
            && self.client_expires_at.is_none_or(|e| now < e)
    }
}

#[derive(Debug, Clone)]
pub struct NewSession {
    pub digest: SecretDigest,
    pub domain_id: String,
    pub user_id: String,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub domain_id: String,
    pub user_id: String,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
}
