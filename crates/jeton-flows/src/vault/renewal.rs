//! One renewal per credential at a time, in this process and across processes. The token
//! API and the background refresh both renew through here, so a job asking while the
//! refresh runs shares it.
//!
//! In this process, callers queue on the credential's flight (`VaultState::flight`), so 50
//! callers at once cost one database round trip each, not 50 polls. Across processes (the
//! instances on one PostgreSQL database, or the CLI next to `jeton serve` on one SQLite
//! file) the flight's holder must also take the credential's *renewal lease*: a conditional
//! UPDATE of `renewing_until`/`renewing_by` that succeeds only when no live lease is there
//! (rows affected = 1 → held). The holder reads the row again (another process may have
//! just renewed), asks the provider, commits what it issued (a rotated refresh token
//! included) and only then releases. Everyone else polls the row with a short, growing
//! pause until the token is fresh, the lease is free, or `WAIT_AT_MOST` has passed.
//!
//! Why a lease column rather than a PostgreSQL advisory lock: it works the same on SQLite,
//! where the CLI is a second process; it holds no database connection or transaction open
//! while the provider takes its time (up to its 15 s timeout); and a holder that dies
//! (crash, kill) leaves a lease that simply runs out after `LEASE_SECS`.

use std::time::{Duration, Instant};

use jeton_core::entities::VaultCredential;
use jeton_core::ids::new_id;

use super::tokens::refuse_if_reauthorization_needed;
use super::{VaultCaller, VaultError, VaultToken};
use crate::Flows;

/// How long a renewal lease lasts: longer than the provider's total timeout (15 s) plus
/// the store's writes, so a live holder never loses it.
pub(super) const LEASE_SECS: i64 = 30;

/// How long a caller waits for another process's renewal before giving up (`RenewalBusy`).
const WAIT_AT_MOST: Duration = Duration::from_secs(20);

/// What a single flight came to.
pub(super) enum Renewal {
    /// Nothing to do (any more): this is the credential as stored now.
    NotNeeded(VaultCredential),
    /// Renewed here: the credential as it was before, and the new token.
    Renewed(VaultCredential, VaultToken),
}

impl Flows {
    /// Renews credential `id` unless `needed` says, once it is our turn, that it need not
    /// be (see the module's documentation). `needed` is asked of every fresh read.
    pub(super) async fn renew_single_flight(
        &self,
        id: &str,
        caller: &VaultCaller,
        needed: impl Fn(&Self, &VaultCredential) -> bool,
    ) -> Result<Renewal, VaultError> {
        let flight = self.vault.flight(id);
        let _one_at_a_time = flight.lock().await;
        let started = Instant::now();
        let mut pause = Duration::from_millis(10);
        loop {
            let c = self.reread(id).await?;
            if !needed(self, &c) {
                return Ok(Renewal::NotNeeded(c));
            }
            refuse_if_reauthorization_needed(&c)?;
            let holder = new_id(self.random.as_ref());
            let now = self.now();
            if self
                .store
                .take_vault_renewal(id, &holder, now, now.saturating_add(LEASE_SECS))
                .await?
            {
                let result: Result<Renewal, VaultError> = async {
                    // Someone may have renewed between our read and the lease.
                    let c = self.reread(id).await?;
                    if !needed(self, &c) {
                        return Ok(Renewal::NotNeeded(c));
                    }
                    refuse_if_reauthorization_needed(&c)?;
                    let t = self.renew(&c, caller).await?;
                    Ok(Renewal::Renewed(c, t))
                }
                .await;
                // Released on every path once the outcome is stored; a crash leaves the
                // lease to run out.
                if let Err(e) = self.store.release_vault_renewal(id, &holder).await {
                    tracing::warn!(credential = id, error = %e, "releasing a vault renewal lease failed; it runs out on its own");
                }
                return result;
            }
            if started.elapsed() >= WAIT_AT_MOST {
                return Err(VaultError::RenewalBusy);
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_millis(200));
        }
    }

    async fn reread(&self, id: &str) -> Result<VaultCredential, VaultError> {
        self.store
            .vault_credential(id)
            .await?
            .ok_or(VaultError::NotFound)
    }
}
