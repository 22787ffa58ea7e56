//! One renewal per credential at a time: callers queue on the credential's flight
//! (`VaultState::flight`), and whoever gets it reads the row again (the one before may
//! have just renewed) before asking the provider. The token API and the background
//! refresh both renew through here, so a job asking while the refresh runs shares it.

use jeton_core::entities::VaultCredential;

use super::tokens::refuse_if_reauthorization_needed;
use super::{VaultCaller, VaultError, VaultToken};
use crate::Flows;

/// What a single flight came to.
pub(super) enum Renewal {
    /// Nothing to do (any more): this is the credential as stored now.
    NotNeeded(VaultCredential),
    /// Renewed here: the credential as it was before, and the new token.
    Renewed(VaultCredential, VaultToken),
}

impl Flows {
    /// Renews credential `id` unless `needed` says, once it is our turn, that it need not
    /// be (see the module's documentation).
    pub(super) async fn renew_single_flight(
        &self,
        id: &str,
        caller: &VaultCaller,
        needed: impl Fn(&Self, &VaultCredential) -> bool,
    ) -> Result<Renewal, VaultError> {
        let flight = self.vault.flight(id);
        let _one_at_a_time = flight.lock().await;
        let c = self.reread(id).await?;
        if !needed(self, &c) {
            return Ok(Renewal::NotNeeded(c));
        }
        refuse_if_reauthorization_needed(&c)?;
        let t = self.renew(&c, caller).await?;
        Ok(Renewal::Renewed(c, t))
    }

    async fn reread(&self, id: &str) -> Result<VaultCredential, VaultError> {
        self.store
            .vault_credential(id)
            .await?
            .ok_or(VaultError::NotFound)
    }
}
