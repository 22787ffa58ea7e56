//! The store conformance suite (DESIGN §6): one set of tests that every `Store` backend must
//! pass. Each test asks [`support::backends`] for fresh stores, one per backend, and runs the
//! same steps against each; every assertion names the backend it failed on.
//!
//! SQLite always runs (a new database file per test). PostgreSQL runs when
//! `JETON_TEST_DATABASE_URL` is set (a new schema per test); `.ci/run` sets it. What only
//! one backend has (PostgreSQL's TLS and its one-sweeper-at-a-time lock) is in `postgres_only`;
//! SQLite's polled change log is in `sqlite_only`.
//!
//! Run with `cargo test -p jeton-store --test conformance`.

mod support;

mod client_list;
mod clients;
mod codes;
mod concurrency;
mod domains;
mod failures;
mod grants;
mod keys;
mod postgres_only;
mod scopes;
mod self_service;
mod sessions;
mod sqlite_only;
mod sweep;
mod tokens;
mod users;
mod vault;
mod vault_authorizations;
