//! Who may see, use or change a credential: permissions on containers (inherited by
//! everything inside, at any depth) and on credentials, to users, roles or API consumers.
//! Giving, listing and removing them needs *edit* on their target; each change is audited
//! (`vault.permit`, `vault.revoke_permission`).

use jeton_core::clock::UnixTime;
use jeton_core::entities::{AuditAction, StoredVaultPermission, VaultCredential};
use jeton_core::ids::new_id;
use jeton_core::vault::{self, Grantee, PermissionTarget, Subject, VaultPermission};
use jeton_store::Domain;
use serde_json::json;

use super::{VaultCaller, VaultError, invalid, subject};
use crate::Flows;

/// A permission as the pages, the API and the CLI show it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct VaultPermissionView {
    pub id: String,
    /// `container` or `credential`.
    pub target: &'static str,
    /// The container it is given on (for a container permission).
    pub container: Option<String>,
    /// The credential it is given on (for a credential permission), and its name.
    pub credential_id: Option<String>,
    pub credential_name: Option<String>,
    /// `user`, `role` or `client` (an API consumer).
    pub grantee_kind: &'static str,
    /// The username (or the user's id if the user is gone), the role, or the client id.
    pub grantee: String,
    /// `view`, `use` or `edit`.
    pub access: &'static str,
    /// Given on a container that holds what was asked about, rather than on it.
    pub inherited: bool,
    pub created_at: UnixTime,
}

fn grantee_kind(g: &Grantee) -> &'static str {
    match g {
        Grantee::User(_) => "user",
        Grantee::Role(_) => "role",
        Grantee::Client(_) => "client",
    }
}

fn grantee_text(g: &Grantee) -> String {
    match g {
        Grantee::User(u) => u.to_string(),
        Grantee::Role(r) => r.clone(),
        Grantee::Client(c) => c.to_string(),
    }
}

impl Flows {
    /// Grants a permission on a container or credential of `domain`; only who may edit
    /// the target may.
    pub async fn vault_permit(
        &self,
        domain: &Domain,
        target: PermissionTarget,
        grantee: Grantee,
        access: vault::Access,
        caller: &VaultCaller,
    ) -> Result<(), VaultError> {
        let perms = self.vault_permissions_of(domain).await?;
        let allowed = match &target {
            PermissionTarget::Container(path) => vault::may_edit(
                &caller.principal,
                Subject {
                    id: "",
                    container: path,
                    owner: None,
                },
                &perms,
            ),
            PermissionTarget::Credential(id) => {
                let c = self
                    .store
                    .vault_credential(id)
                    .await?
                    .filter(|c| c.domain_id == domain.id)
                    .ok_or(VaultError::NotFound)?;
                vault::may_edit(&caller.principal, subject(&c), &perms)
            }
        };
        if !allowed {
            return Err(VaultError::Forbidden(
                "you may not give permissions on this",
            ));
        }
        let p = StoredVaultPermission {
            id: new_id(self.random.as_ref()),
            domain_id: domain.id.clone(),
            permission: VaultPermission {
                target,
                grantee,
                access,
            },
            created_at: self.now(),
        };
        let audit = self.audit_event(
            Some(&domain.id),
            &caller.actor,
            AuditAction::VaultPermit,
            target_name(&p.permission.target),
            json!({"grantee_kind": grantee_kind(&p.permission.grantee),
                   "grantee": grantee_text(&p.permission.grantee), "access": access.as_str()}),
        );
        self.store.set_vault_permission(&p, &audit).await?;
        Ok(())
    }

    /// Who a permission would be given to: `user` (a username of the domain), `role` (a
    /// role name) or `client` (an API consumer's client id, which must exist in the
    /// domain). `consumer` is accepted for `client`.
    pub async fn vault_grantee(
        &self,
        domain: &Domain,
        kind: &str,
        name: &str,
    ) -> Result<Grantee, VaultError> {
        let name = name.trim();
        match kind {
            "user" => self
                .store
                .user_by_username(&domain.id, name)
                .await?
                .map(|u| Grantee::User(u.id))
                .ok_or_else(|| invalid("user", format!("no user {name:?} in this domain"))),
            "role" => {
                if name.is_empty()
                    || name.len() > 64
                    || name.chars().any(|c| c.is_whitespace() || c.is_control())
                {
                    return Err(invalid(
                        "role",
                        "a role is 1-64 characters, without spaces or control characters",
                    ));
                }
                Ok(Grantee::Role(name.to_owned()))
            }
            "client" | "consumer" => {
                let id = name.into();
                match self.store.client_by_id(&domain.id, &id).await? {
                    Some(c) if c.revoked_at.is_none() => Ok(Grantee::Client(id)),
                    _ => Err(invalid(
                        "consumer",
                        format!("no client {name:?} in this domain"),
                    )),
                }
            }
            _ => Err(invalid("grantee_kind", "one of user, role, client")),
        }
    }

    /// The permissions that apply to `target` (given on it, or inherited from a container
    /// that holds it), or with `None` every permission of the domain on something `caller`
    /// may edit. Listing needs *edit* on the target.
    pub async fn vault_permissions_on(
        &self,
        domain: &Domain,
        target: Option<&PermissionTarget>,
        caller: &VaultCaller,
    ) -> Result<Vec<VaultPermissionView>, VaultError> {
        let stored = self.store.vault_permissions(&domain.id).await?;
        let perms: Vec<VaultPermission> = stored.iter().map(|p| p.permission.clone()).collect();
        let credentials: Vec<VaultCredential> = self.store.vault_credentials(&domain.id).await?;
        let credential = |id: &str| credentials.iter().find(|c| c.id == id);
        let may_edit_target = |t: &PermissionTarget| match t {
            PermissionTarget::Container(path) => vault::may_edit(
                &caller.principal,
                Subject {
                    id: "",
                    container: path,
                    owner: None,
                },
                &perms,
            ),
            PermissionTarget::Credential(id) => credential(id)
                .is_some_and(|c| vault::may_edit(&caller.principal, subject(c), &perms)),
        };
        let mut out = Vec::new();
        // Which stored permissions to show, and whether each is inherited.
        let chosen: Vec<(&StoredVaultPermission, bool)> = match target {
            None => stored
                .iter()
                .filter(|p| may_edit_target(&p.permission.target))
                .map(|p| (p, false))
                .collect(),
            Some(t) => {
                let held = match t {
                    PermissionTarget::Credential(id) => credential(id)
                        .ok_or(VaultError::NotFound)?
                        .container
                        .clone(),
                    PermissionTarget::Container(path) => path.clone(),
                };
                if !may_edit_target(t) {
                    return Err(VaultError::Forbidden(
                        "you may not see the permissions on this",
                    ));
                }
                stored
                    .iter()
                    .filter_map(|p| match &p.permission.target {
                        x if x == t => Some((p, false)),
                        PermissionTarget::Container(c) if c.holds(&held) => Some((p, true)),
                        _ => None,
                    })
                    .collect()
            }
        };
        for (p, inherited) in chosen {
            let grantee = match &p.permission.grantee {
                Grantee::User(u) => self
                    .store
                    .user_by_id(&domain.id, u)
                    .await?
                    .map(|u| u.username)
                    .unwrap_or_else(|| u.to_string()),
                g => grantee_text(g),
            };
            let (kind, container, credential_id, credential_name) = match &p.permission.target {
                PermissionTarget::Container(c) => ("container", Some(c.to_string()), None, None),
                PermissionTarget::Credential(id) => (
                    "credential",
                    None,
                    Some(id.clone()),
                    credential(id).map(|c| c.name.clone()),
                ),
            };
            out.push(VaultPermissionView {
                id: p.id.clone(),
                target: kind,
                container,
                credential_id,
                credential_name,
                grantee_kind: grantee_kind(&p.permission.grantee),
                grantee,
                access: p.permission.access.as_str(),
                inherited,
                created_at: p.created_at,
            });
        }
        Ok(out)
    }

    /// Removes a permission of `domain` by its id; only who may edit its target may.
    pub async fn vault_revoke_permission(
        &self,
        domain: &Domain,
        permission_id: &str,
        caller: &VaultCaller,
    ) -> Result<(), VaultError> {
        let stored = self.store.vault_permissions(&domain.id).await?;
        let p = stored
            .iter()
            .find(|p| p.id == permission_id)
            .ok_or(VaultError::NoSuchPermission)?;
        let perms: Vec<VaultPermission> = stored.iter().map(|p| p.permission.clone()).collect();
        let allowed = match &p.permission.target {
            PermissionTarget::Container(path) => vault::may_edit(
                &caller.principal,
                Subject {
                    id: "",
                    container: path,
                    owner: None,
                },
                &perms,
            ),
            PermissionTarget::Credential(id) => match self.store.vault_credential(id).await? {
                Some(c) if c.domain_id == domain.id => {
                    vault::may_edit(&caller.principal, subject(&c), &perms)
                }
                _ => false,
            },
        };
        if !allowed {
            return Err(VaultError::Forbidden(
                "you may not remove permissions on this",
            ));
        }
        let audit = self.audit_event(
            Some(&domain.id),
            &caller.actor,
            AuditAction::VaultRevokePermission,
            target_name(&p.permission.target),
            json!({"grantee_kind": grantee_kind(&p.permission.grantee),
                   "grantee": grantee_text(&p.permission.grantee),
                   "access": p.permission.access.as_str()}),
        );
        if !self
            .store
            .delete_vault_permission(&domain.id, permission_id, &audit)
            .await?
        {
            return Err(VaultError::NoSuchPermission);
        }
        Ok(())
    }
}

fn target_name(t: &PermissionTarget) -> String {
    match t {
        PermissionTarget::Container(c) => format!("vault-container:{c}"),
        PermissionTarget::Credential(id) => format!("vault:{id}"),
    }
}
