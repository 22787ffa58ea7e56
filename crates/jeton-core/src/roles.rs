//! The roles Jeton itself gives meaning to. A domain may define any other role (for scopes
//! restricted to roles); these few decide what a person may do in the pages and the API.

/// The super administrator: every domain, the `/admin` pages. Held by a user of the domain
/// created on first start.
pub const SUPER_ADMIN: &str = "super-admin";

/// A manager of the domain the user belongs to: users, clients, scopes, settings, audit.
pub const MANAGER: &str = "manager";

/// May create personal OAuth clients (when the domain has them on). A personal client stops
/// working the moment its owner loses this role.
pub const PERSONAL_CLIENTS: &str = "personal-clients";

/// Whether `roles` holds `role`.
pub fn holds(roles: &[String], role: &str) -> bool {
    roles.iter().any(|r| r == role)
}

/// Whether a holder of `roles` manages the domain they belong to (a super administrator
/// manages every domain).
pub fn manages_domain(roles: &[String]) -> bool {
    holds(roles, MANAGER) || holds(roles, SUPER_ADMIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holding_is_exact() {
        let roles = vec!["managers".to_owned(), "personal-clients".to_owned()];
        assert!(!holds(&roles, MANAGER), "no prefix or suffix match");
        assert!(holds(&roles, PERSONAL_CLIENTS));
        assert!(!manages_domain(&roles));
        assert!(manages_domain(&["super-admin".to_owned()]));
        assert!(manages_domain(&["manager".to_owned()]));
    }
}
