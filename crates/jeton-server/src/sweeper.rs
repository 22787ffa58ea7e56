//! Deletes expired codes, tokens and sessions in the background, in small batches so that no
//! sweep holds the database for long (DESIGN §5).

use std::time::Duration;

use tokio::task::JoinHandle;

use crate::state::AppState;

const BATCH: u32 = 1000;

pub fn spawn(state: AppState) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(state.config.sweep_interval_secs));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            sweep_once(&state).await;
        }
    })
}

/// One sweep: batches until less than a full batch is left.
pub async fn sweep_once(state: &AppState) -> u64 {
    let mut total = 0;
    loop {
        match state.store.sweep_expired(state.now(), BATCH).await {
            Ok(n) => {
                total += n;
                if n < u64::from(BATCH) {
                    break;
                }
                // Give other writers the database between batches.
                tokio::task::yield_now().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "sweeping expired rows failed");
                break;
            }
        }
    }
    state.client_auth_failures.forget_idle();
    if total > 0 {
        tracing::debug!(rows = total, "swept expired rows");
    }
    total
}
