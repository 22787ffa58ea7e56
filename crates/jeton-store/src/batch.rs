//! Group commit: many concurrent writers hand their rows to one task, which writes whatever
//! has queued up in a single transaction and then answers each writer. Under load, one
//! fsync covers dozens of rows; with no load, a row is written at once (no timer, no delay).
//! Each writer is answered only after the transaction commits, so a 200 never reports a
//! token that a crash could lose.

use std::future::Future;
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use crate::{Result, StoreError};

/// What a waiting writer learns of a failed commit: the message, and whether the database
/// could not serve (then the caller answers 503 and retries later).
type Failure = Arc<(String, bool)>;
type Reply = oneshot::Sender<Result<(), Failure>>;

pub(crate) struct Batcher<T> {
    tx: mpsc::Sender<(T, Reply)>,
}

/// What writes the batches. One task owns it and calls it for one batch at a time.
pub(crate) trait Write<T>: Send + 'static {
    fn write(&mut self, batch: Vec<T>) -> impl Future<Output = Result<()>> + Send;
    /// Nothing is waiting: a writer that keeps a connection between batches gives it back.
    fn idle(&mut self) {}
}

impl<T: Send + 'static> Batcher<T> {
    pub fn spawn(max_batch: usize, mut writer: impl Write<T>) -> Self {
        let (tx, mut rx) = mpsc::channel::<(T, Reply)>(max_batch * 4);
        tokio::spawn(async move {
            let mut items = Vec::with_capacity(max_batch);
            let mut replies = Vec::with_capacity(max_batch);
            loop {
                let (item, reply) = match rx.try_recv() {
                    Ok(next) => next,
                    Err(mpsc::error::TryRecvError::Disconnected) => break,
                    Err(mpsc::error::TryRecvError::Empty) => {
                        writer.idle();
                        match rx.recv().await {
                            Some(next) => next,
                            None => break,
                        }
                    }
                };
                items.push(item);
                replies.push(reply);
                while items.len() < max_batch {
                    match rx.try_recv() {
                        Ok((item, reply)) => {
                            items.push(item);
                            replies.push(reply);
                        }
                        Err(_) => break,
                    }
                }
                let started = std::time::Instant::now();
                let outcome = writer.write(std::mem::take(&mut items)).await;
                tracing::trace!(
                    rows = replies.len(),
                    micros = started.elapsed().as_micros() as u64,
                    "group commit"
                );
                let outcome = outcome.map_err(|e| {
                    tracing::error!(error = %e, rows = replies.len(), "group commit failed");
                    Arc::new((e.to_string(), e.is_unavailable()))
                });
                for reply in replies.drain(..) {
                    // A writer that went away (request cancelled) needs no answer.
                    let _ = reply.send(outcome.clone());
                }
            }
        });
        Self { tx }
    }

    pub async fn submit(&self, item: T) -> Result<()> {
        let (reply, answer) = oneshot::channel();
        self.tx.send((item, reply)).await.map_err(|_| stopped())?;
        match answer.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(failure)) => Err(StoreError::Batch {
                message: failure.0.clone(),
                unavailable: failure.1,
            }),
            Err(_) => Err(stopped()),
        }
    }
}

/// The writer task is gone (the runtime is shutting down): retry on another instance.
fn stopped() -> StoreError {
    StoreError::Batch {
        message: "the writer task has stopped".into(),
        unavailable: true,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    /// Records what the loop asked of it; each write takes a little while, so that rows queue.
    #[derive(Clone, Default)]
    struct Recorder(Arc<Mutex<Vec<Option<usize>>>>);

    impl Write<u32> for Recorder {
        async fn write(&mut self, batch: Vec<u32>) -> Result<()> {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            self.0.lock().unwrap().push(Some(batch.len()));
            Ok(())
        }

        fn idle(&mut self) {
            self.0.lock().unwrap().push(None);
        }
    }

    #[tokio::test]
    async fn queued_rows_share_commits_and_the_writer_hears_when_nothing_waits() {
        let events = Recorder::default();
        let batcher = Arc::new(Batcher::spawn(16, events.clone()));
        let submits: Vec<_> = (0..40)
            .map(|i| {
                let b = batcher.clone();
                tokio::spawn(async move { b.submit(i).await })
            })
            .collect();
        for s in submits {
            s.await.unwrap().unwrap();
        }
        // The task calls `idle` once the queue is empty, after answering the last batch.
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        let events = events.0.lock().unwrap().clone();
        let writes: Vec<usize> = events.iter().flatten().copied().collect();
        assert_eq!(writes.iter().sum::<usize>(), 40, "{events:?}");
        assert!(writes.iter().all(|&n| n <= 16), "{events:?}");
        assert!(
            writes.len() < 40,
            "rows that queued shared a commit: {events:?}"
        );
        assert_eq!(
            events.last(),
            Some(&None),
            "a writer holding a connection gives it back when idle: {events:?}"
        );
    }
}
