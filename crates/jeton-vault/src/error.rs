//! What went wrong at a provider, in plain words. Never a secret, token or body in here: a
//! provider's `error_description` is its own text (shortened, control characters dropped).

/// Why the vault got no token (or could not revoke).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// The provider answered with an OAuth error (RFC 6749 §5.2 / RFC 7009 §2.2.1).
    #[error("the provider at {host} refused: {error}{}", describe(description))]
    Refused {
        host: String,
        error: String,
        description: Option<String>,
    },
    /// No connection (refused, no route, DNS, TLS).
    #[error("could not reach the provider at {host}: {reason}")]
    Unreachable { host: String, reason: String },
    #[error("the provider at {host} did not answer within {secs} s")]
    Timeout { host: String, secs: u64 },
    /// A 3xx from an endpoint: not followed (a token request carries the client secret, and
    /// a redirect is a misconfigured URL or someone in the middle).
    #[error(
        "the provider at {host} answered with a redirect (HTTP {status}) instead of a token; redirects are not followed: check the endpoint's URL"
    )]
    Redirect { host: String, status: u16 },
    #[error("the answer of the provider at {host} is larger than {limit} bytes: refused")]
    TooLarge { host: String, limit: usize },
    /// An answer that is not what the protocol says (not JSON, a field missing or mistyped,
    /// an error status with an HTML page).
    #[error("the provider at {host} did not answer with a token response: {detail}")]
    Malformed { host: String, detail: String },
    /// The settings cannot make a request (a URL that does not parse, a TLS set-up failure).
    #[error("{0}")]
    Setup(String),
}

fn describe(description: &Option<String>) -> String {
    match description {
        Some(d) => format!(" ({d})"),
        None => String::new(),
    }
}

impl ProviderError {
    /// The provider's OAuth `error` code, when it refused.
    pub fn refusal(&self) -> Option<&str> {
        match self {
            Self::Refused { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// A provider's text, made safe to show: at most 300 characters, no control characters.
pub fn provider_text(s: &str) -> String {
    let mut out: String = s.chars().filter(|c| !c.is_control()).take(300).collect();
    if s.chars().filter(|c| !c.is_control()).count() > 300 {
        out.push('…');
    }
    out
}
