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

/// Where a sign-in with nowhere to return to takes someone (the issue: "people land where
/// their role takes them").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Landing {
    /// The super administrator's pages (`super-admin`, in the administrators' domain only).
    Admin,
    /// The domain's manager pages.
    Manage,
    /// The person's own account pages.
    Account,
}

pub fn landing(roles: &[String], in_admin_domain: bool) -> Landing {
    if in_admin_domain && holds(roles, SUPER_ADMIN) {
        Landing::Admin
    } else if holds(roles, MANAGER) {
        Landing::Manage
    } else {
        Landing::Account
    }
}

/// Who is changing a domain's people: its manager, or the super administrator (the CLI's
/// operator counts as one: they hold the database).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Authority {
    Manager,
    SuperAdmin,
}

/// Whether `by` may give or take `role` in a domain. Appointing managers is the super
/// administrator's (DESIGN §1), and `super-admin` exists only in the administrators' domain,
/// so that no manager of any domain can make anyone an administrator of all of them.
pub fn may_assign(role: &str, by: Authority, in_admin_domain: bool) -> Result<(), &'static str> {
    match (role, by) {
        (SUPER_ADMIN, Authority::SuperAdmin) if in_admin_domain => Ok(()),
        (SUPER_ADMIN, _) => Err(
            "the super-admin role exists only in the administrators' domain, given by a super administrator",
        ),
        (MANAGER, Authority::Manager) => {
            Err("only a super administrator appoints or removes managers")
        }
        _ => Ok(()),
    }
}

/// Whether `by` may change a user holding `target_roles` (disable, roles, attributes): a
/// manager may not change a fellow manager or an administrator.
pub fn may_change_user(target_roles: &[String], by: Authority) -> bool {
    by == Authority::SuperAdmin
        || !(holds(target_roles, MANAGER) || holds(target_roles, SUPER_ADMIN))
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

    #[test]
    fn sign_ins_land_by_role() {
        let r = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(landing(&r(&[SUPER_ADMIN]), true), Landing::Admin);
        assert_eq!(
            landing(&r(&[SUPER_ADMIN]), false),
            Landing::Account,
            "not outside main"
        );
        assert_eq!(landing(&r(&[MANAGER, "editor"]), false), Landing::Manage);
        assert_eq!(landing(&r(&["editor"]), true), Landing::Account);
    }

    #[test]
    fn managers_cannot_make_managers_or_administrators() {
        use Authority::*;
        assert!(may_assign("editor", Manager, false).is_ok());
        assert!(may_assign(PERSONAL_CLIENTS, Manager, false).is_ok());
        assert!(may_assign(MANAGER, Manager, false).is_err());
        assert!(may_assign(MANAGER, SuperAdmin, false).is_ok());
        assert!(may_assign(SUPER_ADMIN, Manager, true).is_err());
        assert!(
            may_assign(SUPER_ADMIN, SuperAdmin, false).is_err(),
            "not outside the admin domain"
        );
        assert!(may_assign(SUPER_ADMIN, SuperAdmin, true).is_ok());
        let manager = vec![MANAGER.to_owned()];
        assert!(!may_change_user(&manager, Manager));
        assert!(may_change_user(&manager, SuperAdmin));
        assert!(may_change_user(&["editor".to_owned()], Manager));
    }
}
