//! The audit log: who did what, when, from where (DESIGN §5). Written by the flows for every
//! change made through the pages, the API or the CLI, so the record is the same whichever
//! way a change comes.

use crate::clock::UnixTime;
use crate::ids::{DomainId, UserId};

/// Who acts: a signed-in person, an admin API token, or the operator at the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<UserId>,
    /// What the log shows: a username, `cli`, or `token:NAME`.
    pub name: String,
    /// The client address, when the change came over HTTP.
    pub address: Option<String>,
}

impl Actor {
    /// The operator running `jeton` commands on the server itself.
    pub fn cli() -> Self {
        Self {
            user_id: None,
            name: "cli".to_owned(),
            address: None,
        }
    }

    /// Automation presenting an admin API token.
    pub fn token(name: &str, address: Option<String>) -> Self {
        Self {
            user_id: None,
            name: format!("token:{name}"),
            address,
        }
    }

    /// A person signed in to the pages (or calling the API with their session).
    pub fn user(user_id: UserId, username: &str, address: Option<String>) -> Self {
        Self {
            user_id: Some(user_id),
            name: username.to_owned(),
            address,
        }
    }
}

/// What happened, as a stable dotted name: what the log filter and the API's consumers
/// match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    GrantRevoke,
    ClientCreate,
    ClientRevoke,
    ClientRotateSecret,
    ClientUpdate,
    ClientDelete,
    UserCreate,
    UserUpdate,
    UserDisable,
    UserEnable,
    UserRoles,
    UserPassword,
    ScopeCreate,
    DomainCreate,
    DomainUpdate,
    DomainSettings,
    SignIn,
    AdminTokenCreate,
    AdminTokenRevoke,
    KeysRotate,
    VaultCreate,
    VaultDelete,
    VaultUse,
    VaultRenew,
    VaultNeedsReauthorization,
    VaultPermit,
    VaultEdit,
    VaultRevokePermission,
    /// "Authorize and save": tokens obtained through a person's browser.
    VaultAuthorize,
}

impl AuditAction {
    pub const ALL: [Self; 29] = [
        Self::GrantRevoke,
        Self::ClientCreate,
        Self::ClientRevoke,
        Self::ClientRotateSecret,
        Self::ClientUpdate,
        Self::ClientDelete,
        Self::UserCreate,
        Self::UserUpdate,
        Self::UserDisable,
        Self::UserEnable,
        Self::UserRoles,
        Self::UserPassword,
        Self::ScopeCreate,
        Self::DomainCreate,
        Self::DomainUpdate,
        Self::DomainSettings,
        Self::SignIn,
        Self::AdminTokenCreate,
        Self::AdminTokenRevoke,
        Self::KeysRotate,
        Self::VaultCreate,
        Self::VaultDelete,
        Self::VaultUse,
        Self::VaultRenew,
        Self::VaultNeedsReauthorization,
        Self::VaultPermit,
        Self::VaultEdit,
        Self::VaultRevokePermission,
        Self::VaultAuthorize,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::GrantRevoke => "grant.revoke",
            Self::ClientCreate => "client.create",
            Self::ClientRevoke => "client.revoke",
            Self::ClientRotateSecret => "client.rotate_secret",
            Self::ClientUpdate => "client.update",
            Self::ClientDelete => "client.delete",
            Self::UserCreate => "user.create",
            Self::UserUpdate => "user.update",
            Self::UserDisable => "user.disable",
            Self::UserEnable => "user.enable",
            Self::UserRoles => "user.roles",
            Self::UserPassword => "user.password",
            Self::ScopeCreate => "scope.create",
            Self::DomainCreate => "domain.create",
            Self::DomainUpdate => "domain.update",
            Self::DomainSettings => "domain.settings",
            Self::SignIn => "sign_in",
            Self::AdminTokenCreate => "admin_token.create",
            Self::AdminTokenRevoke => "admin_token.revoke",
            Self::KeysRotate => "keys.rotate",
            Self::VaultCreate => "vault.create",
            Self::VaultDelete => "vault.delete",
            Self::VaultUse => "vault.use",
            Self::VaultRenew => "vault.renew",
            Self::VaultNeedsReauthorization => "vault.needs_reauthorization",
            Self::VaultPermit => "vault.permit",
            Self::VaultEdit => "vault.edit",
            Self::VaultRevokePermission => "vault.revoke_permission",
            Self::VaultAuthorize => "vault.authorize",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub id: String,
    pub domain_id: Option<DomainId>,
    pub at: UnixTime,
    pub actor: Actor,
    pub action: AuditAction,
    /// What was acted on, as `kind:id` (e.g. `client:abc`, `user:u1`).
    pub target: String,
    /// Details that help read the event (a client's name, the roles given); never a secret.
    pub detail: serde_json::Value,
}

/// Which events to read, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// One domain's events; `None` reads every domain's and the global ones.
    pub domain_id: Option<DomainId>,
    pub action: Option<AuditAction>,
    /// Only events whose actor's name is this.
    pub actor: Option<String>,
    /// Only events about this target (`kind:id`).
    pub target: Option<String>,
    /// Continue after this event (the last one of the previous page): `(at, id)`.
    pub before: Option<(UnixTime, String)>,
    pub limit: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_names_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(a));
            assert!(seen.insert(a.as_str()), "{} twice", a.as_str());
        }
        assert_eq!(AuditAction::parse("client.nope"), None);
    }
}
