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
