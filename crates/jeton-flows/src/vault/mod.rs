//! The vault's use cases (issue 15): save a credential for an outside OAuth provider
//! (obtaining its first token at once for client credentials and password), list and show
//! it without its secrets, change it (`edit.rs`), delete it (revoking at the provider,
//! RFC 7009, where it has an endpoint for that), give and remove permissions
//! (`permissions.rs`), and hand a job a token that is valid now.
//!
//! **A token for a job.** The stored access token, unless it expires within
//! `vault::REFRESH_MARGIN_SECS`; otherwise one renewal per credential (`renewal.rs`: a
//! flight in this process, a lease row across processes and instances) renews it: with the
//! refresh token if there is one, else with a new client credentials or password request.
//! Whoever waited reads the renewed token from the store. What the provider issued, a
//! rotated refresh token included, is committed before anyone gets the access token. A
//! refusal that asking again will not cure (`vault::refusal_needs_reauthorization`) marks
//! the credential "needs re-authorization" and drops its access token: the caller gets that
//! error, never a stale token. The background refresh (`refresh.rs`) renews recently used
//! credentials ahead of time through the same path.
//!
//! Every use and every change is in the audit log.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, Weak};

use jeton_core::client_registration::FieldError;
use jeton_core::clock::UnixTime;
use jeton_core::entities::{Actor, VaultCredential};
use jeton_core::sealing::Sealed;
use jeton_core::vault::{self, Principal, Subject, VaultPermission};
use jeton_store::{Domain, StoreError, TokenRecord};
use jeton_vault::{Limits, ProviderClient, ProviderError, SecretString};

use crate::Flows;

mod credentials;
mod edit;
mod fields;
mod permissions;
mod refresh;
mod renewal;
mod tokens;

pub use edit::{VaultEdit, VaultEdited};
pub use permissions::VaultPermissionView;
pub use refresh::{RefreshRun, VaultRefresh};

/// Why a vault action was not done.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("{}: {}", .0.field, .0.message)]
    Invalid(FieldError),
    #[error("no such vault credential")]
    NotFound,
    #[error("no such vault permission")]
    NoSuchPermission,
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("{0} already exists")]
    Conflict(&'static str),
    /// The provider refused for good: a person must authorize again or fix the credential.
    #[error("the credential needs re-authorization: {0}")]
    NeedsReauthorization(String),
    /// Another process holds the credential's renewal and did not finish in time (it may
    /// have died: its lease runs out and the next request renews).
    #[error("another instance is renewing this credential's token; try again shortly")]
    RenewalBusy,
    /// The provider could not be reached, or answered something unusable.
    #[error(transparent)]
    Provider(ProviderError),
    /// A stored secret does not open with the configured keys (logged; never its value).
    #[error("a stored secret of this credential cannot be opened: {0}")]
    Sealing(String),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for VaultError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(what) => Self::Conflict(what),
            other => Self::Store(other),
        }
    }
}

fn invalid(field: &'static str, message: impl Into<String>) -> VaultError {
    VaultError::Invalid(FieldError::new(field, message))
}

/// Who asks, and how: the principal decides with the permissions, the actor is what the
/// audit log records, and `via` how the request came.
#[derive(Debug, Clone)]
pub struct VaultCaller {
    pub principal: Principal,
    pub actor: Actor,
    pub via: Via,
}

/// How a caller reached the vault: what a use's audit entry says (`"via"`), and whether the
/// credential's "allow use by jobs" applies (to the API only: people on the pages and the
/// operator at the command line use what their permissions allow).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Cli,
    Page,
    Api,
    /// The server's own background refresh.
    Job,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Cli => "cli",
            Via::Page => "page",
            Via::Api => "api",
            Via::Job => "job",
        }
    }
}

impl VaultCaller {
    /// The operator at the command line.
    pub fn cli() -> Self {
        Self {
            principal: Principal::Operator,
            actor: Actor::cli(),
            via: Via::Cli,
        }
    }
}

/// What `vault create` asks for.
#[derive(Debug, Default)]
pub struct NewVaultCredential {
    pub name: String,
    pub container: Option<String>,
    pub grant: String,
    pub token_endpoint: String,
    pub authorization_endpoint: Option<String>,
    pub revocation_endpoint: Option<String>,
    pub client_id: String,
    pub client_secret: Option<SecretString>,
    pub scope: Option<String>,
    /// `header` / `body` (or the RFC 7591 names); `header` when not given.
    pub client_auth: Option<String>,
    pub username: Option<String>,
    pub password: Option<SecretString>,
    pub extra_params: Vec<(String, String)>,
    pub allow_jobs: bool,
    /// PKCE in the browser authorization (authorization code only): on when not given.
    pub pkce: Option<bool>,
    /// A username of the domain; the creating person when not given.
    pub owner: Option<String>,
}

/// A credential as anyone with *view* sees it: every field, no secret in full.
#[derive(Debug, Clone, serde::Serialize)]
pub struct VaultCredentialView {
    pub id: String,
    pub name: String,
    pub container: String,
    pub grant: &'static str,
    pub token_endpoint: String,
    pub authorization_endpoint: Option<String>,
    pub revocation_endpoint: Option<String>,
    pub client_id: String,
    /// "set" or "set (…abcd)"; absent when there is none.
    pub client_secret: Option<String>,
    pub scope: Option<String>,
    pub client_auth: &'static str,
    pub username: Option<String>,
    pub password: Option<String>,
    pub extra_params: Vec<(String, String)>,
    pub allow_jobs: bool,
    pub pkce: bool,
    pub status: &'static str,
    pub has_access_token: bool,
    pub has_refresh_token: bool,
    pub expires_at: Option<UnixTime>,
    pub last_used_at: Option<UnixTime>,
    pub owner: Option<String>,
    pub created_at: UnixTime,
    pub updated_at: UnixTime,
}

/// What a job gets.
#[derive(Debug)]
pub struct VaultToken {
    pub access_token: SecretString,
    pub token_type: String,
    pub expires_at: UnixTime,
}

/// What deleting (or an edit that drops the tokens) did at the provider. In JSON:
/// `"not_attempted"`, `"revoked"` or `{"failed": "why"}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Revocation {
    /// No revocation endpoint configured, or no token to revoke.
    NotAttempted,
    Revoked,
    /// The credential is deleted (or changed) anyway; this is why the provider did not
    /// confirm.
    Failed(String),
}

impl Revocation {
    /// The outcome's name, as in JSON: `not_attempted`, `revoked` or `failed`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Revocation::NotAttempted => "not_attempted",
            Revocation::Revoked => "revoked",
            Revocation::Failed(_) => "failed",
        }
    }

    /// Why the provider did not confirm, if it did not.
    pub fn failure(&self) -> Option<&str> {
        match self {
            Revocation::Failed(why) => Some(why),
            _ => None,
        }
    }
}

/// The per-instance state: the HTTP client to providers (built on first use) and one
/// flight per credential being renewed.
#[derive(Default)]
pub struct VaultState {
    client: OnceLock<Result<ProviderClient, ProviderError>>,
    flights: Mutex<HashMap<String, Weak<tokio::sync::Mutex<()>>>>,
}

impl VaultState {
    /// The one lock of a credential's renewal: everyone asking at once gets the same one
    /// (held through a `Weak`, so the map forgets credentials nobody is renewing).
    fn flight(&self, id: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut map = self.flights.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(f) = map.get(id).and_then(Weak::upgrade) {
            return f;
        }
        if map.len() > 1024 {
            map.retain(|_, w| w.strong_count() > 0);
        }
        let f = Arc::new(tokio::sync::Mutex::new(()));
        map.insert(id.to_owned(), Arc::downgrade(&f));
        f
    }

    pub(crate) fn client(&self) -> Result<&ProviderClient, VaultError> {
        self.client
            .get_or_init(|| ProviderClient::new(Limits::default()))
            .as_ref()
            .map_err(|e| VaultError::Provider(e.clone()))
    }
}

/// The credential's secrets, opened, for one exchange with the provider.
struct Opened {
    client_secret: Option<SecretString>,
    username: Option<SecretString>,
    password: Option<SecretString>,
    refresh_token: Option<SecretString>,
}

impl Flows {
    pub(crate) fn seal(&self, id: &str, field: &str, value: &str) -> Sealed {
        self.settings.sealer.seal(
            value.as_bytes(),
            &vault::sealing_aad(id, field),
            self.random.as_ref(),
        )
    }

    pub(crate) fn open(
        &self,
        id: &str,
        field: &str,
        s: &Option<Sealed>,
    ) -> Result<Option<SecretString>, VaultError> {
        let Some(s) = s else { return Ok(None) };
        let bytes = self
            .settings
            .sealer
            .open(s, &vault::sealing_aad(id, field))
            .map_err(|e| {
                tracing::error!(credential = id, field, error = %e, "a vault secret does not open");
                VaultError::Sealing(e.to_string())
            })?;
        let text =
            String::from_utf8(bytes).map_err(|_| VaultError::Sealing("not text".to_owned()))?;
        Ok(Some(SecretString::from(text)))
    }

    fn open_all(&self, c: &VaultCredential) -> Result<Opened, VaultError> {
        Ok(Opened {
            client_secret: self.open(&c.id, "client_secret", &c.client_secret)?,
            username: self.open(&c.id, "username", &c.username)?,
            password: self.open(&c.id, "password", &c.password)?,
            refresh_token: self.open(&c.id, "refresh_token", &c.tokens.refresh_token)?,
        })
    }

    pub(crate) async fn vault_permissions_of(
        &self,
        domain: &Domain,
    ) -> Result<Vec<VaultPermission>, VaultError> {
        Ok(self
            .store
            .vault_permissions(&domain.id)
            .await?
            .into_iter()
            .map(|p| p.permission)
            .collect())
    }

    /// Who a live Jeton access token of `domain` speaks for: its user (a person's grant, or
    /// the owner of a personal client), with their roles; or the API consumer that
    /// obtained it with client credentials.
    pub async fn vault_principal(
        &self,
        domain: &Domain,
        token: &TokenRecord,
    ) -> Result<Option<Principal>, VaultError> {
        match &token.user_id {
            Some(uid) => Ok(self
                .store
                .user_by_id(&domain.id, uid)
                .await?
                .filter(|u| !u.disabled)
                .map(|u| Principal::User {
                    id: u.id,
                    roles: u.roles,
                })),
            None => Ok(Some(Principal::Client(token.client_id.clone()))),
        }
    }
}

pub(crate) fn subject(c: &VaultCredential) -> Subject<'_> {
    Subject {
        id: &c.id,
        container: &c.container,
        owner: c.owner_id.as_ref(),
    }
}
