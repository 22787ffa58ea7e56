//! Who may see, use or change a credential: permissions on containers and credentials.

use jeton_core::entities::{AuditAction, StoredVaultPermission};
use jeton_core::ids::new_id;
use jeton_core::vault::{self, Grantee, PermissionTarget, Subject, VaultPermission};
use jeton_store::Domain;
use serde_json::json;

use super::{VaultCaller, VaultError, subject};
use crate::Flows;

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
            match &p.permission.target {
                PermissionTarget::Container(c) => format!("vault-container:{c}"),
                PermissionTarget::Credential(id) => format!("vault:{id}"),
            },
            json!({"grantee": format!("{:?}", p.permission.grantee), "access": access.as_str()}),
        );
        self.store.set_vault_permission(&p, &audit).await?;
        Ok(())
    }
}
