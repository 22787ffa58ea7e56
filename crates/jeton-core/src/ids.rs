//! Identifiers and names that arrive from outside: each is built only by a `parse` that checks
//! it, so code past the edge never re-checks.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::random::Random;

/// A new random identifier (128 bits, URL-safe): for rows and for public client ids, so that
/// nothing can be enumerated by counting.
pub fn new_id(random: &dyn Random) -> String {
    let mut bytes = [0u8; 16];
    random.fill(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidName(pub &'static str);

/// A domain's slug: the `{d}` in every per-domain URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DomainSlug(String);

impl DomainSlug {
    pub fn parse(s: &str) -> Result<Self, InvalidName> {
        let ok_chars = s
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if s.is_empty() || s.len() > 63 {
            return Err(InvalidName("a domain slug has 1 to 63 characters"));
        }
        if !ok_chars || s.starts_with('-') || s.ends_with('-') {
            return Err(InvalidName(
                "a domain slug uses lowercase letters, digits and inner hyphens only",
            ));
        }
        Ok(Self(s.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DomainSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A person's login name within a domain. Compared case-insensitively (stored lowercased) so
/// that `Alice` and `alice` cannot be two accounts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    pub fn parse(s: &str) -> Result<Self, InvalidName> {
        let s = s.trim();
        if s.is_empty() || s.chars().count() > 128 {
            return Err(InvalidName("a username has 1 to 128 characters"));
        }
        if s.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(InvalidName(
                "a username has no spaces or control characters",
            ));
        }
        Ok(Self(s.to_lowercase()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A role name, e.g. `admin` or `clients:create`.
pub fn parse_role(s: &str) -> Result<String, InvalidName> {
    let ok = !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_:.".contains(&b));
    if ok {
        Ok(s.to_owned())
    } else {
        Err(InvalidName(
            "a role has 1 to 64 letters, digits, '-', '_', ':' or '.'",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::OsRandom;

    #[test]
    fn slugs() {
        assert!(DomainSlug::parse("main").is_ok());
        assert!(DomainSlug::parse("acme-2").is_ok());
        for bad in ["", "Main", "-a", "a-", "a b", "a/b", &"a".repeat(64)] {
            assert!(DomainSlug::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn usernames_are_case_folded_and_checked() {
        assert_eq!(Username::parse(" Alice ").unwrap().as_str(), "alice");
        assert!(Username::parse("").is_err());
        assert!(Username::parse("a b").is_err());
        assert!(Username::parse("a\u{0}").is_err());
    }

    #[test]
    fn ids_are_random_and_url_safe() {
        let a = new_id(&OsRandom);
        let b = new_id(&OsRandom);
        assert_ne!(a, b);
        assert_eq!(a.len(), 22);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        );
    }

    #[test]
    fn roles() {
        assert!(parse_role("clients:create").is_ok());
        assert!(parse_role("a b").is_err());
        assert!(parse_role("").is_err());
    }
}
