//! The schema migrations of each backend, embedded in the binary.
//!
//! Built by hand rather than with sqlx's `migrate!` macro: that macro needs sqlx's `macros`
//! feature, which compiles a second (host) copy of sqlx, SQLite's C code and its TLS stack
//! just to read these files at build time. `include_str!` embeds the same text, and sqlx
//! computes the same checksum from it, so databases migrated by either way agree.

use std::sync::LazyLock;

use sqlx::migrate::{Migration, MigrationType, Migrator};

/// One migration: its version, its description (the file name after the version) and SQL.
type Step = (i64, &'static str, &'static str);

const SQLITE: &[Step] = &[
    (
        1,
        "init",
        include_str!("../migrations/sqlite/0001_init.sql"),
    ),
    (
        2,
        "failure counters",
        include_str!("../migrations/sqlite/0002_failure_counters.sql"),
    ),
    (
        3,
        "client list",
        include_str!("../migrations/sqlite/0003_client_list.sql"),
    ),
    (
        4,
        "self service",
        include_str!("../migrations/sqlite/0004_self_service.sql"),
    ),
    (
        5,
        "oidc",
        include_str!("../migrations/sqlite/0005_oidc.sql"),
    ),
    (
        6,
        "access token format",
        include_str!("../migrations/sqlite/0006_access_token_format.sql"),
    ),
    (
        7,
        "vault",
        include_str!("../migrations/sqlite/0007_vault.sql"),
    ),
    (
        8,
        "scope attributes",
        include_str!("../migrations/sqlite/0008_scope_attributes.sql"),
    ),
    (
        9,
        "refresh grace",
        include_str!("../migrations/sqlite/0009_refresh_grace.sql"),
    ),
    (
        10,
        "token check",
        include_str!("../migrations/sqlite/0010_token_check.sql"),
    ),
    (
        11,
        "lifetimes",
        include_str!("../migrations/sqlite/0011_lifetimes.sql"),
    ),
    (
        12,
        "claims pairwise",
        include_str!("../migrations/sqlite/0012_claims_pairwise.sql"),
    ),
    (
        13,
        "vault renewal",
        include_str!("../migrations/sqlite/0013_vault_renewal.sql"),
    ),
    (
        14,
        "vault authorizations",
        include_str!("../migrations/sqlite/0014_vault_authorizations.sql"),
    ),
    (
        15,
        "change feed",
        include_str!("../migrations/sqlite/0015_change_feed.sql"),
    ),
];

const POSTGRES: &[Step] = &[
    (
        1,
        "init",
        include_str!("../migrations/postgres/0001_init.sql"),
    ),
    (
        2,
        "failure counters",
        include_str!("../migrations/postgres/0002_failure_counters.sql"),
    ),
    (
        3,
        "client list",
        include_str!("../migrations/postgres/0003_client_list.sql"),
    ),
    (
        4,
        "self service",
        include_str!("../migrations/postgres/0004_self_service.sql"),
    ),
    (
        5,
        "change feed",
        include_str!("../migrations/postgres/0005_change_feed.sql"),
    ),
    (
        6,
        "oidc",
        include_str!("../migrations/postgres/0006_oidc.sql"),
    ),
    (
        7,
        "access token format",
        include_str!("../migrations/postgres/0007_access_token_format.sql"),
    ),
    (
        8,
        "vault",
        include_str!("../migrations/postgres/0008_vault.sql"),
    ),
    (
        9,
        "scope attributes",
        include_str!("../migrations/postgres/0009_scope_attributes.sql"),
    ),
    (
        10,
        "refresh grace",
        include_str!("../migrations/postgres/0010_refresh_grace.sql"),
    ),
    (
        11,
        "token check",
        include_str!("../migrations/postgres/0011_token_check.sql"),
    ),
    (
        12,
        "lifetimes",
        include_str!("../migrations/postgres/0012_lifetimes.sql"),
    ),
    (
        13,
        "claims pairwise",
        include_str!("../migrations/postgres/0013_claims_pairwise.sql"),
    ),
    (
        14,
        "vault renewal",
        include_str!("../migrations/postgres/0014_vault_renewal.sql"),
    ),
    (
        15,
        "vault authorizations",
        include_str!("../migrations/postgres/0015_vault_authorizations.sql"),
    ),
];

pub(crate) static SQLITE_MIGRATOR: LazyLock<Migrator> = LazyLock::new(|| migrator(SQLITE));
pub(crate) static POSTGRES_MIGRATOR: LazyLock<Migrator> = LazyLock::new(|| migrator(POSTGRES));

fn migrator(steps: &[Step]) -> Migrator {
    Migrator::with_migrations(
        steps
            .iter()
            .map(|&(version, description, sql)| {
                Migration::new(
                    version,
                    description.into(),
                    MigrationType::Simple,
                    sqlx::SqlSafeStr::into_sql_str(sql),
                    false,
                )
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file in the migration folders is listed above, in order, once.
    #[test]
    fn every_migration_file_is_embedded() {
        for (dir, steps) in [("sqlite", SQLITE), ("postgres", POSTGRES)] {
            let path = format!("{}/migrations/{dir}", env!("CARGO_MANIFEST_DIR"));
            let mut files: Vec<String> = std::fs::read_dir(&path)
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect();
            files.sort();
            let listed: Vec<String> = steps
                .iter()
                .map(|(v, d, _)| format!("{v:04}_{}.sql", d.replace(' ', "_")))
                .collect();
            assert_eq!(
                files, listed,
                "migrations/{dir} and the embedded list differ"
            );
        }
    }
}
