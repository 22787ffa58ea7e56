//! The OAuth 2.0 endpoints that programs call (DESIGN §3): token, introspection,
//! revocation, metadata. Each handler parses, calls a flow of `jeton-flows` and answers in
//! RFC 6749's formats. (The authorization endpoint serves people: it is in `ui`.)

pub mod client_auth;
pub mod domain;
pub mod error;
pub mod form;
pub mod introspect;
pub mod metadata;
pub mod revoke;
pub mod token;
pub mod token_response;
