//! A credential for an outside OAuth provider, as the vault keeps it (issue 15). Every
//! secret is sealed (`sealing::Sealed`, associated data `vault::sealing_aad(id, field)`);
//! only the flows open them, and only to send them to the provider or hand out a token.

use crate::clock::UnixTime;
use crate::ids::{DomainId, UserId};
use crate::sealing::Sealed;
use crate::vault::{ClientAuth, ContainerPath, CredentialStatus, VaultGrant, VaultPermission};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultCredential {
    /// Random and global (the token API names a credential by it alone).
    pub id: String,
    pub domain_id: DomainId,
    /// Unique within its domain and container.
    pub name: String,
    pub container: ContainerPath,
    pub grant: VaultGrant,
    pub authorization_endpoint: Option<String>,
    pub token_endpoint: String,
    /// RFC 7009, where the provider has one: deleting the credential revokes there.
    pub revocation_endpoint: Option<String>,
    pub client_id: String,
    pub client_secret: Option<Sealed>,
    /// Space-separated, as sent.
    pub scope: Option<String>,
    pub client_auth: ClientAuth,
    pub username: Option<Sealed>,
    pub password: Option<Sealed>,
    /// Extra token-request parameters (`audience`, `resource`, ...), in order.
    pub extra_params: Vec<(String, String)>,
    /// Whether jobs may obtain its tokens over the HTTP API.
    pub allow_jobs: bool,
    /// Whether the browser authorization sends PKCE (authorization code only; on by
    /// default, `vault::pkce_setting`).
    pub pkce: bool,
    pub tokens: VaultTokens,
    pub status: CredentialStatus,
    pub last_used_at: Option<UnixTime>,
    /// Who edits it without a permission (the person who created it, or `--owner`).
    pub owner_id: Option<UserId>,
    pub created_at: UnixTime,
    pub updated_at: UnixTime,
}

/// The tokens the provider issued, sealed, and when the access token expires.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VaultTokens {
    pub access_token: Option<Sealed>,
    pub refresh_token: Option<Sealed>,
    pub token_type: Option<String>,
    pub expires_at: Option<UnixTime>,
}

/// A permission as stored: in a domain, with when it was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredVaultPermission {
    pub id: String,
    pub domain_id: DomainId,
    pub permission: VaultPermission,
    pub created_at: UnixTime,
}
