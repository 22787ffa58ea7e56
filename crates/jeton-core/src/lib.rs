//! Jeton's protocol and domain rules. Nothing in this crate does I/O: every function takes
//! what it needs (the clock's reading, random bytes, a client's settings) and answers, so each
//! rule is a plain function with unit tests next to it.

pub mod access_token;
pub mod authorize;
pub mod capabilities;
pub mod claims_request;
pub mod client_auth;
pub mod client_registration;
pub mod clock;
pub mod dates;
pub mod end_session;
pub mod entities;
pub mod error;
pub mod grant_type;
pub mod ids;
pub mod introspection;
pub mod lockout;
pub mod oidc;
pub mod pairwise;
pub mod password;
pub mod pkce;
pub mod random;
pub mod redirect_uri;
pub mod refresh;
pub mod roles;
pub mod scope;
pub mod sealing;
pub mod secret;
pub mod signing;
pub mod token_lookup;
pub mod vault;
pub mod vault_authorization;

pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{ErrorCode, OAuthError};
pub use random::{OsRandom, Random};
