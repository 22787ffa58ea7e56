//! Identifiers and names. Those that arrive from outside are built only by a `parse` that
//! checks them, so code past the edge never re-checks; row ids are typed by what they name.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::random::Random;

/// A new random identifier (128 bits, URL-safe): for rows and for public client ids, so that
/// nothing can be enumerated by counting.
pub fn new_id(random: &dyn Random) -> String {
    let mut bytes = [0u8; 16];
    random.fill(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// An identifier that the same `parts` always give, shaped like [`new_id`] (128 bits,
/// base64url, 22 characters): the first 16 bytes of SHA-256 over the parts, each prefixed
/// with its length so that `("ab", "c")` and `("a", "bc")` differ. For a row that a repeated
/// request must not create twice: the repeat derives the same id and meets the store's
/// unique key instead of making a second row.
pub fn derived_id(parts: &[&str]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part.as_bytes());
    }
    URL_SAFE_NO_PAD.encode(&hash.finalize()[..16])
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
    /// The id of the client that `user` of `domain` creates with the form carrying `once`
    /// (a random value minted when the form was shown): sending that form again gives the
    /// same id, so it cannot create a second client (see [`derived_id`]). The id is public
    /// like any client id; knowing it grants nothing.
    pub fn derived(domain: &DomainId, user: &UserId, once: &str) -> Self {
        Self(derived_id(&[
            "client",
            domain.as_str(),
            user.as_str(),
            once,
        ]))
    }

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
    fn derived_ids_repeat_for_the_same_inputs_only() {
        let (d, u) = (DomainId::from("d1"), UserId::from("u1"));
        let a = ClientId::derived(&d, &u, "once-1");
        assert_eq!(a, ClientId::derived(&d, &u, "once-1"), "a re-sent form");
        assert_eq!(a.as_str().len(), 22, "shaped like a random id");
        assert!(ClientId::parse(a.as_str()).is_some());
        assert!(
            a.as_str()
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        );
        assert_ne!(a, ClientId::derived(&d, &u, "once-2"));
        assert_ne!(a, ClientId::derived(&d, &UserId::from("u2"), "once-1"));
        assert_ne!(a, ClientId::derived(&DomainId::from("d2"), &u, "once-1"));
        // The parts are delimited: moving a character from one to the next changes the id.
        assert_ne!(derived_id(&["ab", "c"]), derived_id(&["a", "bc"]));
        assert_ne!(derived_id(&["a", ""]), derived_id(&["a"]));
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
