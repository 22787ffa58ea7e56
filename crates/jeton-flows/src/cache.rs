//! Short-lived in-process caches for the hot lookups (DESIGN §6): domain by slug, client by
//! id, registered scopes, and token by digest.
//!
//! Correctness of revocation, by [`Mode`]:
//! - **Feed** (SQLite; PostgreSQL with `postgres_cache = "feed"`, the default). This
//!   process's flows invalidate what they change before they answer, so introspection sees
//!   its own revocations at once; but other instances and the CLI write too. Every such
//!   write records a change in its own transaction, and `feed.rs` applies each one here when
//!   its notification arrives (PostgreSQL: milliseconds after the commit; SQLite, where the
//!   log is polled: within `jeton_store::sqlite::POLL_EVERY`, 200 ms). The caches are used
//!   only while the [`FeedGate`] is open: the listener is
//!   connected, has caught up on what it missed, and has had one of its own heartbeats back
//!   within [`STALE_BOUND`] (a heartbeat travels behind every change committed before it, so
//!   its return proves that all of those were applied). Otherwise every lookup reads the
//!   database and nothing is cached: an answer is never staler than `STALE_BOUND`, even
//!   when the connection hangs without an error.
//! - **Local** (a store without a change log: none today). Only this process's flows change
//!   what it caches; the TTLs bound what another process changes.
//! - **Off** (PostgreSQL, `postgres_cache = "off"`). Tokens are never cached: introspection
//!   reads the database, so a revocation anywhere is seen at once. Domains, clients and
//!   scopes are kept for their TTL, so a change made elsewhere shows within 30 s.
//!
//! In every mode, a read that raced with an invalidation must not put a stale record back:
//! each invalidation bumps an epoch, and a record read from the database is cached only if
//! no invalidation happened meanwhile (closing the gate bumps it too). The TTLs below bound
//! every entry's life anyway.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use jeton_core::scope::ScopeDefinition;
use jeton_core::secret::{DIGEST_LEN, SecretDigest};
use jeton_store::{Client, ClientId, Domain, DomainId, GrantId, Store, StoreError, TokenRecord};
use moka::sync::Cache as Moka;
use prometheus_client::metrics::counter::Counter;

use crate::cache_expiry::Jittered;
use crate::metrics::{CacheLabel, FlowMetrics};

/// How long an entry may live without the change feed (PostgreSQL with
/// `postgres_cache = "off"`): what a change made elsewhere waits for.
pub const DOMAIN_TTL: Duration = Duration::from_secs(30);
pub const CLIENT_TTL: Duration = Duration::from_secs(30);
pub const SCOPES_TTL: Duration = Duration::from_secs(30);
pub const TOKEN_TTL: Duration = Duration::from_secs(30);
/// Feed mode: the feed forgets what changed, so the TTL is only a backstop. A short one cost
/// a database read per tenant and per TTL: with 10,000 domains in round-robin, 30 s meant
/// ~700 reads a second, in bursts, and introspection at 0.3–0.6 of one domain's rate.
pub const FEED_TTL: Duration = Duration::from_secs(600);
/// Feed mode: the caches are used only if a heartbeat sent at most this long ago came back.
pub const STALE_BOUND: Duration = Duration::from_secs(2);

/// How an instance on a shared database (PostgreSQL) caches: the `postgres_cache` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SharedCache {
    /// Cache everything, and forget what the change feed says changed.
    #[default]
    Feed,
    /// Read tokens from the database on every call (zero staleness for revocation).
    Off,
}

/// How this process may trust what it cached (see the module comment).
pub enum Mode {
    Local,
    Feed(FeedGate),
    Off,
}

/// Whether the change feed is live and fresh enough for the caches to be used.
pub struct FeedGate {
    open: AtomicBool,
    /// Milliseconds after `origin` when the newest heartbeat that came back was sent.
    confirmed_ms: AtomicU64,
    origin: Instant,
}

impl FeedGate {
    fn new() -> Self {
        Self {
            open: AtomicBool::new(false),
            confirmed_ms: AtomicU64::new(0),
            origin: Instant::now(),
        }
    }

    /// Milliseconds on this gate's clock (monotonic, not the injected protocol clock).
    pub fn now_ms(&self) -> u64 {
        self.origin.elapsed().as_millis() as u64
    }

    pub fn is_open(&self) -> bool {
        self.open.load(Ordering::SeqCst)
            && self.now_ms()
                <= self.confirmed_ms.load(Ordering::SeqCst) + STALE_BOUND.as_millis() as u64
    }

    /// Everything committed before `at_ms` has been applied.
    pub fn confirm(&self, at_ms: u64) {
        self.confirmed_ms.fetch_max(at_ms, Ordering::SeqCst);
    }

    /// How long since the newest confirmation's heartbeat was sent.
    pub fn unconfirmed_for(&self) -> Duration {
        Duration::from_millis(
            self.now_ms()
                .saturating_sub(self.confirmed_ms.load(Ordering::SeqCst)),
        )
    }

    pub(crate) fn set_open(&self, open: bool) {
        self.open.store(open, Ordering::SeqCst);
    }
}

pub struct Cache {
    store: Arc<dyn Store>,
    domains: Moka<String, Arc<Domain>>,
    clients: Moka<(DomainId, ClientId), Arc<Client>>,
    scopes: Moka<DomainId, Arc<Vec<ScopeDefinition>>>,
    access_tokens: Moka<[u8; DIGEST_LEN], Arc<TokenRecord>>,
    mode: Mode,
    revocation_epoch: AtomicU64,
    /// Hit and miss counters per cache, made once so that counting costs one atomic add.
    counted: [(Counter, Counter); 4],
}

/// How many entries each cache holds at most (the `cache_*` configuration keys). A domain
/// holds one entry in the domain cache and one in the scope cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheSizes {
    pub domains: u64,
    pub clients: u64,
    pub access_tokens: u64,
}

impl Default for CacheSizes {
    fn default() -> Self {
        Self {
            domains: 10_000,
            clients: 100_000,
            access_tokens: 200_000,
        }
    }
}

impl CacheSizes {
    /// The domain caches' size for a database with `count` domains: all of them with room to
    /// grow (a quarter more), never below the default. Past its size a cache evicts, and a
    /// round-robin over more domains than it holds misses on every request.
    pub fn domains_for(count: u64) -> u64 {
        count.saturating_add(count / 4).max(Self::default().domains)
    }
}

/// The caches, in the order of `Cache::counted`.
const DOMAINS: usize = 0;
const CLIENTS: usize = 1;
const SCOPES: usize = 2;
const TOKENS: usize = 3;

impl Cache {
    pub fn new(
        store: Arc<dyn Store>,
        metrics: &FlowMetrics,
        shared: SharedCache,
        sizes: CacheSizes,
    ) -> Self {
        let counters = |cache: &'static str| {
            let label = CacheLabel { cache };
            (
                metrics.cache_hits.get_or_create_owned(&label),
                metrics.cache_misses.get_or_create_owned(&label),
            )
        };
        // `postgres_cache` chooses only on a shared database; everywhere else (SQLite, whose
        // CLI writes through the polled log) the feed decides.
        let mode = if store.is_shared() && shared == SharedCache::Off {
            Mode::Off
        } else if store.has_change_feed() {
            Mode::Feed(FeedGate::new())
        } else {
            Mode::Local
        };
        let feed = matches!(mode, Mode::Feed(_));
        let ttl = |without_feed: Duration| if feed { FEED_TTL } else { without_feed };
        Self {
            counted: [
                counters("domains"),
                counters("clients"),
                counters("scopes"),
                counters("access_tokens"),
            ],
            store: store.clone(),
            domains: Moka::builder()
                .max_capacity(sizes.domains)
                .expire_after(Jittered::new(ttl(DOMAIN_TTL)))
                .build(),
            clients: Moka::builder()
                .max_capacity(sizes.clients)
                .expire_after(Jittered::new(ttl(CLIENT_TTL)))
                .build(),
            scopes: Moka::builder()
                .max_capacity(sizes.domains)
                .expire_after(Jittered::new(ttl(SCOPES_TTL)))
                .build(),
            access_tokens: Moka::builder()
                .max_capacity(sizes.access_tokens)
                .expire_after(Jittered::new(ttl(TOKEN_TTL)))
                .support_invalidation_closures()
                .build(),
            mode,
            revocation_epoch: AtomicU64::new(0),
        }
    }

    /// The change feed's gate, in feed mode.
    pub fn gate(&self) -> Option<&FeedGate> {
        match &self.mode {
            Mode::Feed(gate) => Some(gate),
            _ => None,
        }
    }

    /// May domains, clients and scopes be served from (and put into) the cache right now?
    fn entities_cached(&self) -> bool {
        match &self.mode {
            Mode::Local | Mode::Off => true,
            Mode::Feed(gate) => gate.is_open(),
        }
    }

    /// May tokens be served from (and put into) the cache right now?
    fn tokens_cached(&self) -> bool {
        match &self.mode {
            Mode::Local => true,
            Mode::Feed(gate) => gate.is_open(),
            Mode::Off => false,
        }
    }

    /// Only existing domains are cached: unknown slugs are not, so they cannot fill memory.
    pub async fn domain(&self, slug: &str) -> Result<Option<Arc<Domain>>, StoreError> {
        if !self.entities_cached() {
            return Ok(self.store.domain_by_slug(slug).await?.map(Arc::new));
        }
        if let Some(d) = self.domains.get(slug) {
            self.count(DOMAINS, true);
            return Ok(Some(d));
        }
        self.count(DOMAINS, false);
        let epoch = self.epoch();
        let found = self.store.domain_by_slug(slug).await?.map(Arc::new);
        if let Some(d) = &found
            && self.epoch() == epoch
        {
            self.domains.insert(slug.to_owned(), d.clone());
            if self.epoch() != epoch {
                self.domains.invalidate(slug);
            }
        }
        Ok(found)
    }

    pub async fn client(
        &self,
        domain_id: &DomainId,
        client_id: &ClientId,
    ) -> Result<Option<Arc<Client>>, StoreError> {
        if !self.entities_cached() {
            let found = self.store.client_by_id(domain_id, client_id).await?;
            return Ok(found.map(Arc::new));
        }
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
        if !self.entities_cached() {
            return Ok(Arc::new(self.store.scopes(domain_id).await?));
        }
        if let Some(s) = self.scopes.get(domain_id) {
            self.count(SCOPES, true);
            return Ok(s);
        }
        self.count(SCOPES, false);
        let epoch = self.epoch();
        let found = Arc::new(self.store.scopes(domain_id).await?);
        if self.epoch() == epoch {
            self.scopes.insert(domain_id.clone(), found.clone());
            if self.epoch() != epoch {
                self.scopes.invalidate(domain_id);
            }
        }
        Ok(found)
    }

    pub async fn access_token(
        &self,
        domain_id: &DomainId,
        digest: &SecretDigest,
    ) -> Result<Option<Arc<TokenRecord>>, StoreError> {
        if !self.tokens_cached() {
            return Ok(self
                .store
                .access_token(domain_id, digest)
                .await?
                .map(Arc::new));
        }
        let cache = &self.access_tokens;
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
        self.access_tokens.invalidate(digest.as_bytes());
    }

    /// A domain whose settings changed (this instance sees it at once; others when the
    /// change feed brings it, or within `DOMAIN_TTL` without the feed).
    pub fn invalidate_domain(&self, slug: &str) {
        self.bump();
        self.domains.invalidate(slug);
    }

    /// A domain that changed, known by id (as the change feed names it): domains are keyed
    /// by slug and change rarely, so all are forgotten.
    pub fn invalidate_domain_id(&self, _domain_id: &DomainId) {
        self.bump();
        self.domains.invalidate_all();
    }

    /// A domain's registered scopes, after one was added.
    pub fn invalidate_scopes(&self, domain_id: &DomainId) {
        self.bump();
        self.scopes.invalidate(domain_id);
    }

    /// Everything: when the change feed cannot tell what was missed.
    pub fn invalidate_all(&self) {
        self.bump();
        self.domains.invalidate_all();
        self.clients.invalidate_all();
        self.scopes.invalidate_all();
        self.access_tokens.invalidate_all();
    }

    /// Closes or opens the feed gate (feed mode only). Closing bumps the epoch, so a read
    /// that began before cannot cache what it found.
    pub(crate) fn set_feed_open(&self, open: bool) {
        if let Mode::Feed(gate) = &self.mode {
            if !open {
                gate.set_open(false);
                self.bump();
            } else {
                gate.set_open(true);
            }
        }
    }

    /// A client that was revoked or changed, and every cached token issued to it.
    pub fn invalidate_client(&self, domain_id: &DomainId, client_id: &ClientId) {
        self.bump();
        self.clients
            .invalidate(&(domain_id.clone(), client_id.clone()));
        let client_id = client_id.clone();
        let _ = self
            .access_tokens
            .invalidate_entries_if(move |_, t| t.client_id == client_id);
    }

    /// Every cached token of a user whose standing changed (disabled, roles).
    pub fn invalidate_user(&self, user_id: &jeton_store::UserId) {
        self.bump();
        let user_id = user_id.clone();
        let _ = self
            .access_tokens
            .invalidate_entries_if(move |_, t| t.user_id.as_ref() == Some(&user_id));
    }

    /// Every cached token of the grant.
    pub fn invalidate_grant(&self, grant_id: &GrantId) {
        self.bump();
        let grant_id = grant_id.clone();
        // Only fails if closures were not enabled at build time, which they are.
        let _ = self
            .access_tokens
            .invalidate_entries_if(move |_, t| t.grant_id.as_ref() == Some(&grant_id));
    }
}
