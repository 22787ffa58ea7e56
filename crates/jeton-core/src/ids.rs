//! Identifiers and names. Those that arrive from outside are built only by a `parse` that
//! checks them, so code past the edge never re-checks; row ids are typed by what they name.

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

/// Stamps out an id type: a row's identifier, typed by what it names, so that a user id
/// cannot be passed where a client id is expected. Built by `new` (a fresh random id) or
/// from what the store read (`From<String>`); past the edge nothing re-checks it.
macro_rules! row_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// A fresh random id (see [`new_id`]).
            pub fn new(random: &dyn Random) -> Self {
                Self(new_id(random))
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        /// What the store read back (the row's own column, trusted as written).
        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self(s)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

row_id!(
    /// A domain (tenant).
    DomainId
);
row_id!(
    /// A person of a domain.
    UserId
);
row_id!(
    /// The public `client_id` of an OAuth client. Presented ids come in through
    /// [`ClientId::parse`]; see there.
    ClientId
);
row_id!(
    /// One user's consent to one client, the root of what is issued under it.
    GrantId
);

impl ClientId {
    /// A client id as a request presents it, if it could be one of ours
    /// (`client_auth::plausible_client_id`): anything else never reaches a lookup, a
    /// rate-limit key or a log line (it may be a secret pasted by mistake).
    pub fn parse(presented: &str) -> Option<Self> {
        crate::client_auth::plausible_client_id(presented).then(|| Self(presented.to_owned()))
    }
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
    fn typed_ids_are_random_and_read_back_as_stored() {
        let a = ClientId::new(&OsRandom);
        assert_ne!(a, ClientId::new(&OsRandom));
        assert_eq!(a.as_str().len(), 22);
        assert_eq!(ClientId::from(a.as_str()), a);
        assert_eq!(UserId::from("u1".to_owned()).to_string(), "u1");
    }

    #[test]
    fn presented_client_ids_are_parsed_only_when_plausible() {
        assert_eq!(
            ClientId::parse("abc").map(|c| c.to_string()).as_deref(),
            Some("abc")
        );
        for bad in ["", "a b", "jeton\u{7f}", &"a".repeat(129)] {
            assert!(ClientId::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn roles() {
        assert!(parse_role("clients:create").is_ok());
        assert!(parse_role("a b").is_err());
        assert!(parse_role("").is_err());
    }
}
