//! Background jobs: each runs on its own interval for as long as the server runs. Sweeping
//! expired rows is the first; signing-key rotation and vault token refresh come next.
//!
//! A job that must run once per database rather than once per instance (on PostgreSQL,
//! several instances share it) takes a lock in the store for each run, as the sweep does
//! (`pg_try_advisory_xact_lock`): the instance that gets it leads that run, the others skip.

use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinSet;

use crate::Flows;

/// One kind of background work.
#[async_trait::async_trait]
pub trait Job: Send + Sync + 'static {
    /// For the logs.
    fn name(&self) -> &'static str;
    /// How long between the starts of two runs (a run that overruns delays the next one; runs
    /// never overlap).
    fn interval(&self) -> Duration;
    /// One run. Failures are the job's to log; the runner carries on.
    async fn run(&self, flows: &Flows);
}

/// Runs every job on its interval until dropped (or `abort_all`).
pub struct JobRunner {
    tasks: JoinSet<()>,
}

impl JobRunner {
    pub fn spawn(flows: Arc<Flows>, jobs: Vec<Box<dyn Job>>) -> Self {
        let mut tasks = JoinSet::new();
        for job in jobs {
            let flows = flows.clone();
            tasks.spawn(async move {
                let mut tick = tokio::time::interval(job.interval());
                tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                loop {
                    tick.tick().await;
                    let started = std::time::Instant::now();
                    job.run(&flows).await;
                    tracing::trace!(
                        job = job.name(),
                        micros = started.elapsed().as_micros() as u64,
                        "job ran"
                    );
                }
            });
        }
        Self { tasks }
    }

    pub fn abort_all(&mut self) {
        self.tasks.abort_all();
    }
}

/// Deletes expired codes, tokens, sessions and counters in small batches, so that no sweep
/// holds the database for long (DESIGN §5); and lets the failure limiter forget idle keys.
pub struct Sweep {
    pub every: Duration,
}

const SWEEP_BATCH: u32 = 1000;

impl Sweep {
    /// One sweep: batches until less than a full batch is left. Answers how many rows went.
    pub async fn once(flows: &Flows) -> u64 {
        let mut total = 0;
        loop {
            match flows.store.sweep_expired(flows.now(), SWEEP_BATCH).await {
                Ok(n) => {
                    total += n;
                    if n < u64::from(SWEEP_BATCH) {
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
        flows.client_failures.forget_idle();
        if total > 0 {
            tracing::debug!(rows = total, "swept expired rows");
        }
        total
    }
}

#[async_trait::async_trait]
impl Job for Sweep {
    fn name(&self) -> &'static str {
        "sweep"
    }
    fn interval(&self) -> Duration {
        self.every
    }
    async fn run(&self, flows: &Flows) {
        Self::once(flows).await;
    }
}
