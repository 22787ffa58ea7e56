//! The domain's entities: what the store keeps and hands back, as plain data with the rules
//! that read them (is this client active, when does this token expire). No I/O here: the
//! store fills these from its rows, the flows decide with their methods.
//!
//! `New*` structs are what a caller hands the store to create a row; the others are what
//! comes back.

mod admin_token;
mod audit;
mod change;
mod client;
mod client_policy;
mod code;
mod domain;
mod grant;
mod scope;
mod session;
mod token;
mod user;
mod vault;

pub use admin_token::{
    ADMIN_TOKEN_MAX_LIFETIME_SECS, AdminScope, AdminToken, admin_token_expiry_dates,
    check_admin_token, derived_admin_token_id,
};
pub use audit::{Actor, AuditAction, AuditEvent, AuditQuery};
pub use change::{Change, ChangeKind};
pub use client::{Client, ClientKind, ClientOptions, ClientState, NewClient};
pub use client_policy::{ClientPolicy, PolicyRefusal};
pub use code::{AuthCode, CODE_TTL_SECS, NewAuthCode};
pub use domain::{Domain, DomainSettings, NewDomain, TokenCheck, chain_end, refresh_token_expiry};
pub use grant::{AuthorizedApp, Grant, NewConsent};
pub use scope::NewScope;
pub use session::{NewSession, Session};
pub use token::{
    IssuedTokens, NewAccessToken, NewRefreshToken, Redemption, RefreshChain, TokenRecord,
};
pub use user::{NewUser, User, check_attributes, check_email};
pub use vault::{StoredVaultPermission, VaultCredential, VaultTokens};

/// Sample entities for other modules' unit tests.
#[cfg(test)]
pub(crate) mod samples {
    pub(crate) use super::client::tests::client;
    pub(crate) use super::token::tests::record;
}
