//! Which store failures mean "the database cannot serve right now" — unreachable, full,
//! busy, read-only, restarting — rather than a bug or bad data. Callers answer those with
//! 503 and `Retry-After` (RFC 6749 `temporarily_unavailable`), because they clear by
//! themselves: space comes back, the server restarts, the lock is released.

use crate::StoreError;

impl StoreError {
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Database(e) => sqlx_unavailable(e),
            StoreError::Batch { unavailable, .. } => *unavailable,
            // Concurrent writers kept winning a compare-and-swap: retrying works.
            StoreError::Contended(_) => true,
            StoreError::Conflict(_) => false,
            StoreError::NotFound(_)
            | StoreError::Invalid(_)
            | StoreError::Corrupt(_)
            | StoreError::Migrate(_) => false,
        }
    }
}

fn sqlx_unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => {
            let sqlite = db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some();
            db.code().is_some_and(|c| code_unavailable(sqlite, &c))
        }
        _ => false,
    }
}

/// SQLite reports numeric (extended) result codes, PostgreSQL five-character SQLSTATEs.
fn code_unavailable(sqlite: bool, code: &str) -> bool {
    if sqlite {
        let Ok(extended) = code.parse::<i64>() else {
            return false;
        };
        // The primary code is the low byte: BUSY 5, LOCKED 6, NOMEM 7, READONLY 8,
        // IOERR 10, FULL 13, CANTOPEN 14, PROTOCOL 15.
        return matches!(extended & 0xff, 5 | 6 | 7 | 8 | 10 | 13 | 14 | 15);
    }
    // 08 connection exception, 53 insufficient resources (53100 disk full), 57 operator
    // intervention (shutdown, statement timeout), 58 system error (I/O), 40001/40P01
    // serialization failure and deadlock (worth a retry), 25006 read-only transaction.
    ["08", "53", "57", "58", "40001", "40P01", "25006"]
        .iter()
        .any(|p| code.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert!(code_unavailable(true, "13"), "SQLITE_FULL");
        assert!(
            code_unavailable(true, "266"),
            "SQLITE_IOERR_READ (10 | 1<<8)"
        );
        assert!(code_unavailable(true, "5"), "SQLITE_BUSY");
        assert!(!code_unavailable(true, "2067"), "SQLITE_CONSTRAINT_UNIQUE");
        assert!(!code_unavailable(true, "19"), "SQLITE_CONSTRAINT");
        assert!(code_unavailable(false, "53100"), "PostgreSQL disk_full");
        assert!(code_unavailable(false, "57P01"), "admin_shutdown");
        assert!(code_unavailable(false, "08006"), "connection_failure");
        assert!(code_unavailable(false, "40P01"), "deadlock_detected");
        assert!(!code_unavailable(false, "23505"), "unique_violation");
        assert!(
            !code_unavailable(false, "42P01"),
            "undefined_table: a bug, not an outage"
        );
        assert!(StoreError::Database(sqlx::Error::PoolTimedOut).is_unavailable());
        assert!(!StoreError::Corrupt("x".into()).is_unavailable());
    }
}
