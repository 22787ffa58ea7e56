//! The SQL that SQLite and PostgreSQL share, and the one store type that runs it.
//!
//! Both backends take the same statements, with `$N` placeholders (sqlx binds them by
//! number on SQLite too), so each aggregate's SQL is written once, in that aggregate's file
//! (`domains.rs`, `tokens.rs`, ...), against [`SqlStore`]. How a statement reaches the
//! driver of the backend at hand is `db.rs` (and why it is done that way). What differs
//! per backend — connecting, pools, migrations, sweeping — lives in `sqlite/` and
//! `postgres/`.

pub(crate) mod db;
pub(crate) mod rows;

use jeton_core::secret::SecretDigest;

use crate::batch::Batcher;
use crate::{NewAccessToken, Store, StoreError};
use db::Pool;

/// The store on either backend: the pools that [`crate::sqlite::connect`] or
/// [`crate::postgres::connect`] opened, and the group commit for access tokens.
pub struct SqlStore {
    /// Where writes go (SQLite: the single writer connection).
    pub(crate) writer: Pool,
    /// Where reads go (SQLite: a read-only pool; PostgreSQL: the same pool as `writer`).
    pub(crate) reader: Pool,
    pub(crate) access_tokens: Batcher<NewAccessToken>,
    /// SQLite: the folder of the database file, whose free space readiness checks.
    pub(crate) free_space_under: Option<std::path::PathBuf>,
    /// How changes reach the other processes on this database (`changes.rs`).
    pub(crate) feed: Option<crate::changes::Feed>,
}

impl SqlStore {
    pub(crate) fn new(writer: Pool, reader: Pool) -> Self {
        let access_tokens = Batcher::spawn(
            crate::tokens::MAX_BATCH,
            crate::tokens::BatchWriter::new(writer.clone()),
        );
        Self {
            writer,
            reader,
            access_tokens,
            free_space_under: None,
            feed: None,
        }
    }
}

impl Store for SqlStore {}

/// Maps a unique-constraint violation to a 409-style conflict naming what exists.
pub(crate) fn conflict_or(e: sqlx::Error, what: &'static str) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(what),
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
            StoreError::NotFound("referenced row")
        }
        _ => StoreError::Database(e),
    }
}

pub(crate) fn bytes(d: &SecretDigest) -> Vec<u8> {
    d.as_bytes().to_vec()
}

/// The tables with expiring rows, and each one's key column: what the sweeper deletes.
pub(crate) const SWEPT: [(&str, &str); 6] = [
    ("authorization_codes", "digest"),
    ("access_tokens", "digest"),
    ("refresh_tokens", "digest"),
    ("sessions", "digest"),
    ("failure_counters", "key"),
    ("vault_authorizations", "digest"),
];
