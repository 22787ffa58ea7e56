//! Jeton's persistence. [`Store`] is the one API the server talks to; each backend implements
//! it in its own module with its own migrations, and the conformance suite in
//! `tests/conformance` runs the same tests against every backend.
//!
//! Rules that must hold under concurrency on any SQL database (one winner when a code is
//! redeemed or a refresh token rotated) are written as conditional `UPDATE ... RETURNING`
//! inside a transaction, never as "read, then write" relying on a single writer.

mod batch;
mod migrations;
mod model;
pub mod postgres;
mod sql;
pub mod sqlite;
mod unavailable;

use async_trait::async_trait;
use jeton_core::clock::UnixTime;
use jeton_core::scope::ScopeSet;
use jeton_core::secret::SecretDigest;

pub use model::*;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A uniqueness rule was broken: the string names what already exists.
    #[error("{0} already exists")]
    Conflict(&'static str),
    /// A row that the operation refers to does not exist.
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("stored data is malformed: {0}")]
    Corrupt(String),
    #[error("group commit failed: {0}")]
    Batch(String),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Opens the store named by a database URL: `sqlite://PATH` or `postgres://...`.
pub async fn connect(url: &str, options: &ConnectOptions) -> Result<std::sync::Arc<dyn Store>> {
    if url.starts_with("sqlite:") {
        Ok(std::sync::Arc::new(
            sqlite::SqliteStore::connect(url, options).await?,
        ))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(std::sync::Arc::new(
            postgres::PgStore::connect(url, options).await?,
        ))
    } else {
        Err(StoreError::Database(sqlx::Error::Configuration(
            "unsupported database URL: use sqlite://PATH or postgres://USER@HOST/DATABASE".into(),
        )))
    }
}

#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// Run pending migrations on connect.
    pub migrate: bool,
    /// Largest number of pooled connections (SQLite: for reads; writes use one).
    pub max_connections: u32,
    /// PostgreSQL: how long one statement may run before the server cancels it.
    pub statement_timeout: Option<std::time::Duration>,
    /// How long a request waits for a pooled connection before failing.
    pub acquire_timeout: std::time::Duration,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        Self {
            migrate: true,
            max_connections: 8,
            statement_timeout: Some(std::time::Duration::from_secs(10)),
            acquire_timeout: std::time::Duration::from_secs(10),
        }
    }
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Whether other processes may change this database at the same time (several
    /// instances): then an instance must not trust what it cached about revocable things.
    fn is_shared(&self) -> bool;

    /// Answers when the database can be reached (readiness).
    async fn ping(&self) -> Result<()>;
    /// Applies pending migrations.
    async fn migrate(&self) -> Result<()>;

    // Domains
    async fn create_domain(&self, new: NewDomain) -> Result<Domain>;
    async fn domain_by_slug(&self, slug: &str) -> Result<Option<Domain>>;
    async fn count_domains(&self) -> Result<u64>;

    // Users
    async fn create_user(&self, new: NewUser) -> Result<User>;
    async fn user_by_username(&self, domain_id: &str, username: &str) -> Result<Option<User>>;
    async fn user_by_id(&self, domain_id: &str, id: &str) -> Result<Option<User>>;

    // Scopes
    async fn create_scope(&self, domain_id: &str, new: NewScope) -> Result<()>;
    async fn scopes(&self, domain_id: &str) -> Result<Vec<jeton_core::scope::ScopeDefinition>>;

    // Clients
    async fn create_client(&self, new: NewClient) -> Result<Client>;
    async fn client_by_id(&self, domain_id: &str, client_id: &str) -> Result<Option<Client>>;

    // Grants (consents)
    async fn active_grant(
        &self,
        domain_id: &str,
        user_id: &str,
        client_id: &str,
    ) -> Result<Option<Grant>>;
    /// Records consent: creates the active grant, or widens it to include `scopes`.
    async fn save_consent(&self, new: NewConsent) -> Result<Grant>;
    async fn grants_of_user(&self, domain_id: &str, user_id: &str) -> Result<Vec<Grant>>;
    /// Revokes a grant and with it every code and token issued under it. Answers whether an
    /// active grant was revoked.
    async fn revoke_grant(&self, domain_id: &str, grant_id: &str, now: UnixTime) -> Result<bool>;

    // Authorization codes
    async fn insert_code(&self, code: NewAuthCode) -> Result<()>;
    async fn code_by_digest(
        &self,
        domain_id: &str,
        digest: &SecretDigest,
    ) -> Result<Option<AuthCode>>;
    /// Consumes the code and stores the tokens in one transaction. Exactly one caller wins for
    /// a given code; every other gets [`Redemption::AlreadyUsed`] and the grant is revoked
    /// (RFC 6749 §4.1.2, DESIGN §5).
    async fn redeem_code(
        &self,
        domain_id: &str,
        digest: &SecretDigest,
        now: UnixTime,
        tokens: IssuedTokens,
    ) -> Result<Redemption>;

    // Tokens
    /// Stores an access token. Durable when this returns (group commit may batch it with
    /// others into one transaction).
    async fn insert_access_token(&self, token: NewAccessToken) -> Result<()>;
    async fn access_token(
        &self,
        domain_id: &str,
        digest: &SecretDigest,
    ) -> Result<Option<TokenRecord>>;
    async fn refresh_token(
        &self,
        domain_id: &str,
        digest: &SecretDigest,
    ) -> Result<Option<TokenRecord>>;
    /// Marks the refresh token used and stores its successors in one transaction. Exactly one
    /// caller wins; any other presentation of a used token revokes the grant (RFC 9700 §4.14).
    async fn rotate_refresh_token(
        &self,
        domain_id: &str,
        digest: &SecretDigest,
        now: UnixTime,
        tokens: IssuedTokens,
    ) -> Result<Redemption>;
    /// Revokes one access token. Answers the revoked token, if there was an active one.
    async fn revoke_access_token(
        &self,
        domain_id: &str,
        digest: &SecretDigest,
        now: UnixTime,
    ) -> Result<bool>;
    /// Revokes a refresh token and every token issued under the same grant (RFC 7009 §2.1).
    /// The user's consent stays. Answers the grant id, if the token existed.
    async fn revoke_refresh_token(
        &self,
        domain_id: &str,
        digest: &SecretDigest,
        now: UnixTime,
    ) -> Result<Option<String>>;

    // Failure counters (account lockout), shared by every instance
    /// Counts one failure for `key` in the fixed window of `window_secs` that contains
    /// `now`, atomically; answers the count in that window so far.
    async fn record_failure(&self, key: &str, now: UnixTime, window_secs: i64) -> Result<u32>;
    /// The failures counted for `key` in the window that contains `now`.
    async fn failures(&self, key: &str, now: UnixTime, window_secs: i64) -> Result<u32>;

    // Login sessions
    async fn create_session(&self, new: NewSession) -> Result<()>;
    /// The live session with this digest, with its user, if both exist and are usable.
    async fn session(
        &self,
        domain_id: &str,
        digest: &SecretDigest,
        now: UnixTime,
    ) -> Result<Option<(Session, User)>>;
    async fn delete_session(&self, domain_id: &str, digest: &SecretDigest) -> Result<()>;

    /// Deletes expired codes, tokens and sessions, at most `batch` rows per table per call, so
    /// that no call holds a lock for long. Answers how many rows went.
    async fn sweep_expired(&self, now: UnixTime, batch: u32) -> Result<u64>;
}

/// Scopes as stored: the canonical space-separated string.
pub(crate) fn parse_scopes(s: &str) -> Result<ScopeSet> {
    ScopeSet::parse(s).map_err(|e| StoreError::Corrupt(e.to_string()))
}
