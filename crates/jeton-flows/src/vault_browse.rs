//! What the vault's pages read (issue 15): one credential with the access the person has to
//! it, for its page. Who sees what is `vault::access` (view, use, edit; the `vault-admin`
//! role and the owner edit): a credential the person may not view is "not found".

use jeton_core::entities::VaultCredential;
use jeton_core::vault::{self, Access};
use jeton_store::Domain;

use crate::Flows;
use crate::vault::{VaultCaller, VaultCredentialView, VaultError, subject};

/// A credential as its page shows it, with what the person may do with it.
#[derive(Debug)]
pub struct VaultEntry {
    pub credential: VaultCredential,
    pub view: VaultCredentialView,
    pub access: Access,
}

impl Flows {
    /// Credential `id` of `domain`, if `caller` may view it.
    pub async fn vault_entry(
        &self,
        domain: &Domain,
        id: &str,
        caller: &VaultCaller,
    ) -> Result<VaultEntry, VaultError> {
        let c = self
            .store
            .vault_credential(id)
            .await?
            .filter(|c| c.domain_id == domain.id)
            .ok_or(VaultError::NotFound)?;
        let perms = self.vault_permissions_of(domain).await?;
        let access =
            vault::access(&caller.principal, subject(&c), &perms).ok_or(VaultError::NotFound)?;
        Ok(VaultEntry {
            view: self.view(&c).await?,
            credential: c,
            access,
        })
    }
}
