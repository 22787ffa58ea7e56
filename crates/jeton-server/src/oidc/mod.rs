//! The OpenID Connect endpoints (DESIGN §3): discovery (the metadata document, at its OpenID
//! location), the published signing keys, and UserInfo.

pub mod jwks;
pub mod userinfo;
