//! Plumbing shared by the OAuth endpoints and the pages: URLs, the current domain, client
//! addresses behind proxies, cookies (session, CSRF), the language of pages, security
//! headers and rate limits.

pub mod client_ip;
pub mod csrf;
pub mod domain;
pub mod headers;
pub mod locale;
pub mod manager;
pub mod request_id;
pub mod session;
pub mod urls;

/// How long a client is asked to wait (`Retry-After`) when the database cannot serve: it
/// recovers by itself (space comes back, the server restarts).
pub const RETRY_AFTER_SECS: u64 = 5;
