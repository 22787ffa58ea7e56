//! The background refresh (issue 15, "so jobs rarely wait"): every `interval`, the
//! credentials used within `vault::RECENT_USE_SECS` whose access token expires within
//! `vault::BACKGROUND_REFRESH_MARGIN_SECS` are renewed before a job has to wait for it,
//! through the same single flight (and lease) as the token API, so a job asking at the
//! same moment shares the renewal. A refused refresh marks the credential "needs
//! re-authorization" exactly as the token API would; every renewal is audited
//! (`vault.renew`, actor `job:vault-refresh`). A background renewal is not a use: it does
//! not move `last_used_at`, so an unused credential stops being kept fresh.

use std::time::Duration;

use jeton_core::entities::Actor;
use jeton_core::vault::{self, Principal};

use super::renewal::Renewal;
use super::{VaultCaller, Via};
use crate::Flows;
use crate::jobs::Job;

/// At most this many credentials per run (the next run takes the rest).
const BATCH: u32 = 200;

/// What one run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RefreshRun {
    /// Renewed at the provider.
    pub renewed: usize,
    /// Already renewed by someone else when our turn came.
    pub skipped: usize,
    /// The provider refused or failed (logged; refusals mark the credential).
    pub failed: usize,
}

impl Flows {
    /// Renews the credentials that are due (see the module's documentation).
    pub async fn vault_refresh_due(&self) -> RefreshRun {
        let now = self.now();
        let mut run = RefreshRun::default();
        let due = match self
            .store
            .vault_credentials_due(
                now.saturating_add(vault::BACKGROUND_REFRESH_MARGIN_SECS),
                now.saturating_sub(vault::RECENT_USE_SECS),
                BATCH,
            )
            .await
        {
            Ok(d) => d,
            Err(e) => {
                tracing::warn!(error = %e, "listing the vault credentials to refresh failed");
                return run;
            }
        };
        let caller = VaultCaller {
            principal: Principal::Operator,
            actor: Actor {
                user_id: None,
                name: "job:vault-refresh".to_owned(),
                address: None,
            },
            via: Via::Job,
        };
        for c in due {
            if !vault::is_renewable(c.grant, c.tokens.refresh_token.is_some()) {
                continue;
            }
            let outcome = self
                .renew_single_flight(&c.id, &caller, |f, c| {
                    vault::due_for_background_refresh(
                        c.status,
                        c.tokens.expires_at,
                        c.last_used_at,
                        f.now(),
                    )
                })
                .await;
            match outcome {
                Ok(Renewal::Renewed(..)) => run.renewed += 1,
                Ok(Renewal::NotNeeded(_)) => run.skipped += 1,
                Err(e) => {
                    run.failed += 1;
                    tracing::warn!(credential = %c.id, error = %e, "background refresh of a vault credential failed");
                }
            }
        }
        if run != RefreshRun::default() {
            tracing::debug!(?run, "vault background refresh");
        }
        run
    }
}

/// The job: `jeton serve` runs it every `every` (setting `vault_refresh_interval_secs`).
pub struct VaultRefresh {
    pub every: Duration,
}

#[async_trait::async_trait]
impl Job for VaultRefresh {
    fn name(&self) -> &'static str {
        "vault-refresh"
    }
    fn interval(&self) -> Duration {
        self.every
    }
    async fn run(&self, flows: &Flows) {
        flows.vault_refresh_due().await;
    }
}
