//! Jeton's persistence. [`Store`] is the one object the server holds; it is made of one trait
//! per aggregate (domains, users, clients, ...), each in its own file with its SQL. Both
//! backends share that SQL (see `sql/`); `sqlite/` and `postgres/` hold only what differs.
//! The conformance suite in `tests/conformance` runs the same tests against every backend.
//!
//! Rules that must hold under concurrency on any SQL database (one winner when a code is
//! redeemed or a refresh token rotated) are written as conditional `UPDATE ... RETURNING`
//! inside a transaction, never as "read, then write" relying on a single writer.

mod batch;
mod migrations;
pub mod postgres;
mod sql;
pub mod sqlite;
mod unavailable;

// The aggregates, one file each: its trait and its SQL. To add one, add its file, its two
// lines here and its trait to `Store` below.
mod admin_tokens;
mod audit;
mod changes;
mod clients;
mod codes;
mod domains;
mod failures;
mod grants;
mod keys;
mod maintenance;
mod scopes;
mod sessions;
mod tokens;
mod users;
mod vault;
mod vault_authorizations;

/// The aggregate traits, for code that calls them on a concrete store rather than through
/// `dyn Store` (which needs no import): `use jeton_store::prelude::*;`.
pub mod prelude {
    pub use crate::Store;
    pub use crate::admin_tokens::AdminTokens;
    pub use crate::audit::Audit;
    pub use crate::changes::Changes;
    pub use crate::clients::Clients;
    pub use crate::codes::Codes;
    pub use crate::domains::Domains;
    pub use crate::failures::FailureCounters;
    pub use crate::grants::Grants;
    pub use crate::keys::SigningKeys;
    pub use crate::maintenance::Maintenance;
    pub use crate::scopes::Scopes;
    pub use crate::sessions::Sessions;
    pub use crate::tokens::Tokens;
    pub use crate::users::Users;
    pub use crate::vault::Vault;
    pub use crate::vault_authorizations::VaultAuthorizations;
}

pub use changes::{CATCH_UP_LIMIT, CatchUp, ChangeListener, Notice};
pub use clients::{
    ClientCursor, ClientDetails, ClientListItem, ClientListQuery, ClientPage, ClientSort,
    ClientStatus,
};
// The entities live in core (pure data and the rules that read them); the store keeps them.
pub use jeton_core::entities::*;
pub use jeton_core::ids::{ClientId, DomainId, GrantId, UserId};
pub use keys::SigningKeyRow;
pub use maintenance::PoolUse;
pub use prelude::*;
pub use sql::SqlStore;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A uniqueness rule was broken: the string names what already exists.
    #[error("{0} already exists")]
    Conflict(&'static str),
    /// Concurrent writers kept winning a compare-and-swap: nothing is wrong with the request,
    /// and the same request will work when retried.
    #[error("{0}: too many concurrent changes")]
    Contended(&'static str),
    /// A row that the operation refers to does not exist.
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The caller asked for something that cannot be answered (e.g. a page cursor that
    /// belongs to another sort order).
    #[error("invalid request: {0}")]
    Invalid(&'static str),
    #[error("stored data is malformed: {0}")]
    Corrupt(String),
    /// The group commit that held this row failed; `unavailable` keeps whether the database
    /// could not serve (see `unavailable.rs`) rather than the error itself, which several
    /// waiting writers share.
    #[error("group commit failed: {message}")]
    Batch { message: String, unavailable: bool },
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Opens the store named by a database URL: `sqlite://PATH` or `postgres://...`.
pub async fn connect(url: &str, options: &ConnectOptions) -> Result<std::sync::Arc<dyn Store>> {
    if url.starts_with("sqlite:") {
        Ok(std::sync::Arc::new(sqlite::connect(url, options).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(std::sync::Arc::new(postgres::connect(url, options).await?))
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

/// Everything the server keeps: the one object it holds (`Arc<dyn Store>`). Methods of the
/// aggregate traits can be called on `dyn Store` without importing them.
pub trait Store:
    Domains
    + AdminTokens
    + Audit
    + Users
    + Scopes
    + Clients
    + Grants
    + SigningKeys
    + Codes
    + Tokens
    + Sessions
    + FailureCounters
    + Maintenance
    + Changes
    + Vault
    + VaultAuthorizations
    + Send
    + Sync
    + 'static
{
}
