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

impl<T: Send + 'static> Batcher<T> {
    pub fn spawn<F, Fut>(max_batch: usize, write: F) -> Self
    where
        F: Fn(Vec<T>) -> Fut + Send + 'static,
        Fut: Future<Output = Result<()>> + Send,
    {
        let (tx, mut rx) = mpsc::channel::<(T, Reply)>(max_batch * 4);
        tokio::spawn(async move {
            let mut items = Vec::with_capacity(max_batch);
            let mut replies = Vec::with_capacity(max_batch);
            while let Some((item, reply)) = rx.recv().await {
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
                let outcome = write(std::mem::take(&mut items)).await;
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
