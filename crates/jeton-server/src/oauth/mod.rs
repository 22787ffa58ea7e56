//! The OAuth 2.0 endpoints of DESIGN §3. Each handler parses, calls the rules of
//! `jeton-core`, calls the store and answers; the decisions live in `jeton-core`.

pub mod authorize;
pub mod client_auth;
pub mod error;
pub mod form;
pub mod introspect;
pub mod issue;
pub mod metadata;
pub mod revoke;
pub mod token;
