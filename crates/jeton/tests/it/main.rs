//! Jeton's integration tests: the real server on an ephemeral port, a real SQLite file, and
//! HTTP. One test binary with modules, so that it links once.

mod helpers;

mod account_pages;
mod admin_pages;
mod api_account;
mod api_admin;
mod api_manage;
mod authorize;
mod browser;
mod cli;
mod client_policy;
mod code_flow;
mod concurrency;
mod consent;
mod crash;
mod domains;
mod end_session;
mod entitlement;
mod faults;
mod feed;
mod implicit;
mod introspect_revoke;
mod jwt_access_tokens;
mod lifetimes;
mod login;
mod manage_pages;
mod metadata;
mod metrics;
mod multi_instance;
mod oauth2_crate;
mod oidc;
mod oidc_authorize;
mod oidc_claims;
mod ops;
mod pages;
mod password_grant;
mod proxies;
mod refresh;
mod slow_clients;
mod snapshots;
mod tls;
mod token;
mod token_check;
mod vault;
mod vault_manage;
