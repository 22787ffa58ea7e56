//! Jeton's use cases, each written once: authenticate a client, issue tokens, redeem a code,
//! rotate a refresh token, revoke a grant with everything under it, introspect, approve
//! consent, sign in, provision domains, users, scopes and clients.
//!
//! A flow asks `jeton-core` to decide and the store to keep; it knows no HTTP. The OAuth
//! handlers, the pages and the CLI call the same flows, so a rule and its side effects (cache
//! invalidation, logs) cannot differ by the way a request came in.

pub mod account;
pub mod admin;
pub mod audit;
pub mod cache;
mod cache_expiry;
pub mod client_auth;
pub mod clients;
pub mod consent;
pub mod end_session;
pub mod error;
pub mod failure_limit;
pub mod feed;
pub mod introspection;
pub mod jobs;
pub mod keys;
pub mod metrics;
pub mod my_apps;
pub mod oidc;
pub mod passwords;
pub mod provision;
pub mod revocation;
pub mod sessions;
pub mod settings;
pub mod sign_in;
pub mod token_grants;
pub mod tokens;
pub mod usage;
pub mod users;
pub mod vault;
pub mod vault_authorize;
pub mod vault_browse;

use std::sync::Arc;
use std::time::Duration;

use jeton_core::clock::UnixTime;
use jeton_core::{Clock, Random};
use jeton_store::Store;

pub use error::FlowError;

use crate::cache::Cache;
use crate::failure_limit::FailureLimiter;
use crate::passwords::PasswordPool;

/// What the flows need from configuration.
#[derive(Debug, Clone)]
pub struct FlowSettings {
    /// How long a sign-in lasts.
    pub session_ttl_secs: i64,
    /// On a shared database (PostgreSQL): cache through the change feed, or not at all.
    pub shared_cache: cache::SharedCache,
    /// Seals and opens secrets at rest (signing keys), under the configured keys.
    pub sealer: Arc<jeton_core::sealing::Sealer>,
    /// The caches' capacities.
    pub cache_sizes: cache::CacheSizes,
}

impl FlowSettings {
    /// For tests and in-memory databases: a session lifetime and a random encryption key
    /// that lives as long as the process (nothing it seals outlives it).
    pub fn ephemeral(session_ttl_secs: i64) -> Self {
        let text =
            jeton_core::sealing::SealingKey::generate_text("ephemeral", &jeton_core::OsRandom);
        let key = jeton_core::sealing::SealingKey::parse(&text).expect("a generated key parses");
        Self {
            session_ttl_secs,
            shared_cache: Default::default(),
            cache_sizes: Default::default(),
            sealer: Arc::new(
                jeton_core::sealing::Sealer::new(key, vec![]).expect("one key has no duplicate"),
            ),
        }
    }
}

/// Everything a flow reaches: the store, the injected clock and random source, the caches
/// and limiters. Cheap to share behind an `Arc`; two servers may hold two in one process.
pub struct Flows {
    // Private: callers go through a named flow, so that each rule and its side effects
    // (caching, counting, logging) stay in one place.
    pub(crate) store: Arc<dyn Store>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) random: Arc<dyn Random>,
    pub(crate) cache: Cache,
    /// Parsed signing keys (see `keys`).
    pub(crate) signers: keys::SignerCache,
    /// Failed client authentications, per client IP and per client id from an IP.
    pub(crate) client_failures: FailureLimiter,
    pub(crate) passwords: PasswordPool,
    /// When clients and grants were last used, until the next flush.
    pub(crate) usage: usage::Usage,
    pub settings: FlowSettings,
    /// What the flows count for operators; the server registers it for `/metrics`.
    pub metrics: Arc<metrics::FlowMetrics>,
    /// The vault's client to outside providers and its per-credential flights.
    pub(crate) vault: vault::VaultState,
    /// This process among the instances that share the database (random): keys the write
    /// that readiness makes, so instances do not contend for one row.
    instance: String,
}

impl Flows {
    pub fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        random: Arc<dyn Random>,
        settings: FlowSettings,
    ) -> Self {
        let metrics = Arc::new(metrics::FlowMetrics::default());
        Self {
            cache: Cache::new(
                store.clone(),
                &metrics,
                settings.shared_cache,
                settings.cache_sizes,
            ),
            signers: keys::SignerCache::default(),
            metrics,
            store,
            clock,
            // Machines do not mistype: past 20 failures, further failures wait 3 s each.
            client_failures: FailureLimiter::new(20, Duration::from_secs(3)),
            passwords: PasswordPool::new(),
            usage: usage::Usage::default(),
            vault: vault::VaultState::default(),
            instance: jeton_core::ids::new_id(random.as_ref()),
            random,
            settings,
        }
    }

    /// The injected random source (e.g. for CSRF tokens).
    pub fn random(&self) -> &dyn Random {
        self.random.as_ref()
    }

    /// The domain a URL's `{d}` names (cached for at most `cache::DOMAIN_TTL`, or
    /// `cache::FEED_TTL` with the change feed).
    pub async fn domain_by_slug(
        &self,
        slug: &str,
    ) -> Result<Option<Arc<jeton_store::Domain>>, jeton_store::StoreError> {
        self.cache.domain(slug).await
    }

    /// The domain's registered scopes with their descriptions, for metadata and the
    /// consent page (cached for at most `cache::SCOPES_TTL`).
    pub async fn scope_definitions(
        &self,
        domain_id: &jeton_store::DomainId,
    ) -> Result<Arc<Vec<jeton_core::scope::ScopeDefinition>>, jeton_store::StoreError> {
        self.cache.scopes(domain_id).await
    }

    /// The name of an active client, to show people which application asks ("to continue to
    /// …"); none for an unknown, revoked or expired one.
    pub async fn client_display_name(
        &self,
        domain_id: &jeton_store::DomainId,
        client_id: &jeton_store::ClientId,
    ) -> Option<String> {
        let client = self.cache.client(domain_id, client_id).await.ok()??;
        client.is_active(self.now()).then(|| client.name.clone())
    }

    /// Connections of the database pools right now (for metrics).
    pub fn pool_use(&self) -> jeton_store::PoolUse {
        self.store.pool_use()
    }

    /// Readiness: the store answers *and takes a write* (SQLite: and has room for more). A
    /// database that reads but cannot write (disk full, a read-only replica, a failed-over
    /// primary) would answer every token request with 503, so the instance is not ready.
    pub async fn check_ready(&self) -> Result<(), jeton_store::StoreError> {
        self.store.ping().await?;
        // A failure counter that nothing reads and that expires like any other.
        let key = format!("readyz {}", self.instance);
        self.store.record_failure(&key, self.now(), 60).await?;
        Ok(())
    }

    pub fn now(&self) -> UnixTime {
        self.clock.now()
    }

    /// Provisioning with the same store, clock and random source.
    pub fn provisioner(&self) -> provision::Provisioner {
        provision::Provisioner {
            store: self.store.clone(),
            clock: self.clock.clone(),
            random: self.random.clone(),
        }
    }
}
