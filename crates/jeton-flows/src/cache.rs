//! Short-lived in-process caches for the hot lookups (DESIGN §6): domain by slug, client by
//! id, registered scopes, and token by digest.
//!
//! Correctness of revocation:
//! - With a database that only this process writes (SQLite), every revocation here
//!   invalidates the affected entries before it answers, so introspection sees it at once. A
//!   read that raced with a revocation must not put a stale record back: each revocation
//!   bumps an epoch, and a record read from the database is cached only if no revocation
//!   happened meanwhile.
//! - With a database that several instances share (PostgreSQL), tokens are not cached at
//!   all: introspection reads the database, so a revocation on any instance is seen on every
//!   other at once.
//! - Domains, clients and registered scopes are cached for at most the TTLs below; a change
//!   made by another process (the CLI, another instance) is seen within that bound.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use jeton_core::scope::ScopeDefinition;
use jeton_core::secret::{DIGEST_LEN, SecretDigest};
use jeton_store::{Client, ClientId, Domain, DomainId, GrantId, Store, StoreError, TokenRecord};
use moka::sync::Cache as Moka;
use prometheus_client::metrics::counter::Counter;

use crate::metrics::{CacheLabel, FlowMetrics};

pub const DOMAIN_TTL: Duration = Duration::from_secs(30);
pub const CLIENT_TTL: Duration = Duration::from_secs(30);
pub const SCOPES_TTL: Duration = Duration::from_secs(30);
pub const TOKEN_TTL: Duration = Duration::from_secs(30);

pub struct Cache {
    store: Arc<dyn Store>,
    domains: Moka<String, Arc<Domain>>,
    clients: Moka<(DomainId, ClientId), Arc<Client>>,
    scopes: Moka<DomainId, Arc<Vec<ScopeDefinition>>>,
    /// Off (`None`) when other instances share the database: then a revocation made
    /// elsewhere must be seen at once, and only the database knows.
    access_tokens: Option<Moka<[u8; DIGEST_LEN], Arc<TokenRecord>>>,
    revocation_epoch: AtomicU64,
    /// Hit and miss counters per cache, made once so that counting costs one atomic add.
    counted: [(Counter, Counter); 4],
}

/// The caches, in the order of `Cache::counted`.
const DOMAINS: usize = 0;
const CLIENTS: usize = 1;
const SCOPES: usize = 2;
const TOKENS: usize = 3;

impl Cache {
    pub fn new(store: Arc<dyn Store>, metrics: &FlowMetrics) -> Self {
        let counters = |cache: &'static str| {
            let label = CacheLabel { cache };
            (
                metrics.cache_hits.get_or_create_owned(&label),
                metrics.cache_misses.get_or_create_owned(&label),
            )
        };
        Self {
            counted: [
                counters("domains"),
                counters("clients"),
                counters("scopes"),
                counters("access_tokens"),
            ],
            store: store.clone(),
            domains: Moka::builder()
                .max_capacity(10_000)
                .time_to_live(DOMAIN_TTL)
                .build(),
            clients: Moka::builder()
                .max_capacity(100_000)
                .time_to_live(CLIENT_TTL)
                .build(),
            scopes: Moka::builder()
                .max_capacity(10_000)
                .time_to_live(SCOPES_TTL)
                .build(),
            access_tokens: (!store.is_shared()).then(|| {
                Moka::builder()
                    .max_capacity(200_000)
                    .time_to_live(TOKEN_TTL)
                    .support_invalidation_closures()
                    .build()
            }),
            revocation_epoch: AtomicU64::new(0),
        }
    }

    /// Only existing domains are cached: unknown slugs are not, so they cannot fill memory.
    pub async fn domain(&self, slug: &str) -> Result<Option<Arc<Domain>>, StoreError> {
        if let Some(d) = self.domains.get(slug) {
            self.count(DOMAINS, true);
            return Ok(Some(d));
        }
        self.count(DOMAINS, false);
        let found = self.store.domain_by_slug(slug).await?.map(Arc::new);
        if let Some(d) = &found {
            self.domains.insert(slug.to_owned(), d.clone());
        }
        Ok(found)
    }

    pub async fn client(
        &self,
        domain_id: &DomainId,
        client_id: &ClientId,
    ) -> Result<Option<Arc<Client>>, StoreError> {
        let key = (domain_id.clone(), client_id.clone());
        if let Some(c) = self.clients.get(&key) {
            self.count(CLIENTS, true);
            return Ok(Some(c));
        }
        self.count(CLIENTS, false);
        let epoch = self.epoch();
        let found = self
            .store
            .client_by_id(domain_id, client_id)
            .await?
            .map(Arc::new);
        if let Some(c) = &found
            && self.epoch() == epoch
        {
            self.clients.insert(key.clone(), c.clone());
            // A revocation that slipped in between the check and the insert undoes it.
            if self.epoch() != epoch {
                self.clients.invalidate(&key);
            }
        }
        Ok(found)
    }

    pub async fn scopes(
        &self,
        domain_id: &DomainId,
    ) -> Result<Arc<Vec<ScopeDefinition>>, StoreError> {
        if let Some(s) = self.scopes.get(domain_id) {
            self.count(SCOPES, true);
            return Ok(s);
        }
        self.count(SCOPES, false);
        let found = Arc::new(self.store.scopes(domain_id).await?);
        self.scopes.insert(domain_id.clone(), found.clone());
        Ok(found)
    }

    pub async fn access_token(
        &self,
        domain_id: &DomainId,
        digest: &SecretDigest,
    ) -> Result<Option<Arc<TokenRecord>>, StoreError> {
        let Some(cache) = &self.access_tokens else {
            return Ok(self
                .store
                .access_token(domain_id, digest)
                .await?
                .map(Arc::new));
        };
        if let Some(t) = cache.get(digest.as_bytes())
            && t.domain_id == *domain_id
        {
            self.count(TOKENS, true);
            return Ok(Some(t));
        }
        self.count(TOKENS, false);
        let epoch = self.epoch();
        let found = self
            .store
            .access_token(domain_id, digest)
            .await?
            .map(Arc::new);
        if let Some(t) = &found
            && self.epoch() == epoch
        {
            cache.insert(*digest.as_bytes(), t.clone());
            // A revocation that slipped in between the check and the insert undoes it.
            if self.epoch() != epoch {
                cache.invalidate(digest.as_bytes());
            }
        }
        Ok(found)
    }

    fn count(&self, cache: usize, hit: bool) {
        let (hits, misses) = &self.counted[cache];
        if hit {
            hits.inc()
        } else {
            misses.inc()
        };
    }

    fn epoch(&self) -> u64 {
        self.revocation_epoch.load(Ordering::SeqCst)
    }

    fn bump(&self) {
        self.revocation_epoch.fetch_add(1, Ordering::SeqCst);
    }

    pub fn invalidate_access_token(&self, digest: &SecretDigest) {
        self.bump();
        if let Some(cache) = &self.access_tokens {
            cache.invalidate(digest.as_bytes());
        }
    }

    /// A domain whose settings changed (this instance sees it at once; others within
    /// `DOMAIN_TTL`).
    pub fn invalidate_domain(&self, slug: &str) {
        self.domains.invalidate(slug);
    }

    /// A domain's registered scopes, after one was added.
    pub fn invalidate_scopes(&self, domain_id: &DomainId) {
        self.scopes.invalidate(domain_id);
    }

    /// A client that was revoked or changed, and every cached token issued to it.
    pub fn invalidate_client(&self, domain_id: &DomainId, client_id: &ClientId) {
        self.bump();
        self.clients
            .invalidate(&(domain_id.clone(), client_id.clone()));
        if let Some(cache) = &self.access_tokens {
            let client_id = client_id.clone();
            let _ = cache.invalidate_entries_if(move |_, t| t.client_id == client_id);
        }
    }

    /// Every cached token of a user whose standing changed (disabled, roles).
    pub fn invalidate_user(&self, user_id: &jeton_store::UserId) {
        self.bump();
        if let Some(cache) = &self.access_tokens {
            let user_id = user_id.clone();
            let _ = cache.invalidate_entries_if(move |_, t| t.user_id.as_ref() == Some(&user_id));
        }
    }

    /// Every cached token of the grant.
    pub fn invalidate_grant(&self, grant_id: &GrantId) {
        self.bump();
        if let Some(cache) = &self.access_tokens {
            let grant_id = grant_id.clone();
            // Only fails if closures were not enabled at build time, which they are.
            let _ = cache.invalidate_entries_if(move |_, t| t.grant_id.as_ref() == Some(&grant_id));
        }
    }
}
