//! Background jobs: each runs on its own interval for as long as the server runs. Sweeping
//! expired rows is the first; signing-key rotation and vault token refresh come next.
//!
//! A job that must run once per database rather than once per instance (on PostgreSQL,
//! several instances share it) takes a lock in the store for each run, as the sweep does
//! (`pg_try_advisory_xact_lock`): the instance that gets it leads that run, the others skip.

use std::sync::Arc;
use std::time::Duration;

use futures_util::FutureExt;
use tokio::task::JoinSet;

use crate::Flows;
use crate::metrics::JobLabel;

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
                    // A job that panics loses that run, not the runner: it runs again next time.
                    let run = std::panic::AssertUnwindSafe(job.run(&flows)).catch_unwind();
                    flows
                        .metrics
                        .job_runs
                        .get_or_create(&JobLabel { job: job.name() })
                        .inc();
                    if run.await.is_err() {
                        flows
                            .metrics
                            .job_panics
                            .get_or_create(&JobLabel { job: job.name() })
                            .inc();
                        tracing::error!(
                            job = job.name(),
                            "background job panicked; it runs again at its next interval"
                        );
                    }
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

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    struct PanicsOnce(Arc<AtomicU32>);

    #[async_trait::async_trait]
    impl Job for PanicsOnce {
        fn name(&self) -> &'static str {
            "panics-once"
        }
        fn interval(&self) -> Duration {
            Duration::from_millis(5)
        }
        async fn run(&self, _: &Flows) {
            if self.0.fetch_add(1, Ordering::SeqCst) == 0 {
                panic!("the first run fails");
            }
        }
    }

    #[tokio::test]
    async fn a_job_that_panics_runs_again() {
        let store = jeton_store::connect("sqlite::memory:", &Default::default())
            .await
            .unwrap();
        let flows = Arc::new(Flows::new(
            store,
            Arc::new(jeton_core::SystemClock),
            Arc::new(jeton_core::OsRandom),
            crate::FlowSettings::ephemeral(60),
        ));
        let runs = Arc::new(AtomicU32::new(0));
        let mut runner = JobRunner::spawn(flows, vec![Box::new(PanicsOnce(runs.clone()))]);
        for _ in 0..200 {
            if runs.load(Ordering::SeqCst) >= 3 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        runner.abort_all();
        assert!(runs.load(Ordering::SeqCst) >= 3, "runs after the panic");
    }
}
