//! The people of a domain.

use crate::clock::UnixTime;
use crate::ids::{DomainId, UserId};

#[derive(Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub domain_id: DomainId,
    pub username: String,
    pub email: Option<String>,
    pub password_hash: Option<String>,
    pub roles: Vec<String>,
    pub attributes: serde_json::Value,
    pub disabled: bool,
    pub created_at: UnixTime,
}

impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The password hash stays out of logs.
        f.debug_struct("User")
            .field("id", &self.id)
            .field("domain_id", &self.domain_id)
            .field("username", &self.username)
            .field("roles", &self.roles)
            .field("disabled", &self.disabled)
            .finish_non_exhaustive()
    }
}

/// User attributes as a manager sets them: at most 50, keys of 1 to 64 lowercase letters,
/// digits, `_`, `-` or `.`, string values of at most 256 characters. Scopes can be derived
/// from them, so they stay simple and comparable.
pub fn check_attributes(
    attributes: &serde_json::Value,
) -> Result<(), crate::client_registration::FieldError> {
    use crate::client_registration::FieldError;
    let bad = |m: String| Err(FieldError::new("attributes", m));
    let Some(map) = attributes.as_object() else {
        return bad("a JSON object of strings".into());
    };
    if map.len() > 50 {
        return bad("at most 50 attributes".into());
    }
    for (k, v) in map {
        let key_ok = !k.is_empty()
            && k.len() <= 64
            && k.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-.".contains(&b));
        if !key_ok {
            return bad(format!(
                "{k:?}: a key has 1 to 64 lowercase letters, digits, '_', '-' or '.'"
            ));
        }
        match v.as_str() {
            Some(s) if s.chars().count() <= 256 => {}
            _ => {
                return bad(format!(
                    "{k:?}: a value is a string of at most 256 characters"
                ));
            }
        }
    }
    Ok(())
}

/// An email address as people type it: one `@`, no spaces, at most 254 characters. (Whether
/// it reaches anyone is not ours to know without sending mail.)
pub fn check_email(email: &str) -> Result<(), crate::client_registration::FieldError> {
    let ok = email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && email
            .split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && !d.is_empty() && !d.contains('@'));
    if ok {
        Ok(())
    } else {
        Err(crate::client_registration::FieldError::new(
            "email",
            format!("{email:?} is not an email address"),
        ))
    }
}

#[derive(Clone)]
pub struct NewUser {
    pub id: UserId,
    pub domain_id: DomainId,
    pub username: String,
    pub email: Option<String>,
    pub password_hash: Option<String>,
    pub roles: Vec<String>,
    pub created_at: UnixTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_have_one_at_and_no_spaces() {
        assert!(check_email("ann@example.com").is_ok());
        for bad in ["ann", "@example.com", "ann@", "a b@c.d", "a@b@c"] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn attributes_are_a_small_flat_object_of_strings() {
        use serde_json::json;
        assert!(check_attributes(&json!({"department": "finance", "cost.centre": "42"})).is_ok());
        assert!(check_attributes(&json!({"Dept": "x"})).is_err());
        assert!(check_attributes(&json!({"n": 3})).is_err());
        assert!(check_attributes(&json!(["a"])).is_err());
        assert!(check_attributes(&json!({"k": "é".repeat(257)})).is_err());
    }

    #[test]
    fn debug_hides_the_password_hash() {
        let user = User {
            id: "u1".into(),
            domain_id: "d1".into(),
            username: "alice".into(),
            email: Some("alice@example.com".into()),
            password_hash: Some("$argon2id$secret-hash".into()),
            roles: vec!["admin".into()],
            attributes: serde_json::json!({}),
            disabled: false,
            created_at: 0,
        };
        let printed = format!("{user:?}");
        assert!(printed.contains("alice"));
        assert!(!printed.contains("argon2id"), "{printed}");
        assert!(!printed.contains("secret-hash"), "{printed}");
    }
}
