//! The SQLite side of the change feed (see `changes.rs` for what is recorded). One server
//! process writes the file, but the CLI is another process writing the same file: so the
//! changes are logged in `changes` as on PostgreSQL, and the server polls the log instead
//! of listening (SQLite has no notifications between processes).
//!
//! Heartbeats keep their meaning: one sent with [`Feed::send_heartbeat`] comes back from the
//! poller only after a poll that *started after it was sent*, so every change committed
//! before it was sent has been delivered first. The cache's gate (`jeton-flows`' `cache.rs`)
//! then works as on PostgreSQL: caches are used only while polls keep succeeding.
//!
//! Ordering: SQLite has one writer at a time, so `seq` (AUTOINCREMENT) order is commit order
//! and "every row after the last `seq` I applied" misses nothing.

use std::collections::VecDeque;
use std::time::Duration;

use tokio::sync::broadcast;
use tokio::time::Instant;

use crate::changes::{ChangeListener, Notice, read_changes_after};
use crate::sql::db::Pool;

/// How often the server reads the log: the delay for a change made by the CLI.
pub const POLL_EVERY: Duration = Duration::from_millis(200);

/// The heartbeats on their way to this process's pollers.
#[derive(Clone)]
pub(crate) struct Feed {
    heartbeats: broadcast::Sender<String>,
}

impl Feed {
    pub fn new() -> Self {
        Self {
            heartbeats: broadcast::channel(64).0,
        }
    }

    /// Hands `tag` to every poller; none listening is not an error.
    pub fn send_heartbeat(&self, tag: &str) {
        let _ = self.heartbeats.send(tag.to_owned());
    }

    /// A poller that delivers every change with `seq > after`.
    pub fn poller(&self, reader: Pool, after: i64) -> Poller {
        Poller {
            reader,
            after,
            heartbeats: self.heartbeats.subscribe(),
            ready: VecDeque::new(),
            next_poll: Instant::now(),
        }
    }
}

pub(crate) struct Poller {
    reader: Pool,
    after: i64,
    heartbeats: broadcast::Receiver<String>,
    /// What the last poll found, not yet handed out.
    ready: VecDeque<Notice>,
    next_poll: Instant,
}

#[async_trait::async_trait]
impl ChangeListener for Poller {
    /// Cancel-safe (the feed calls it inside `select!`): `after` and `ready` change only
    /// once a poll has returned, and the timer is a deadline, not restarted by a new call.
    async fn next(&mut self) -> Notice {
        loop {
            if let Some(notice) = self.ready.pop_front() {
                return notice;
            }
            tokio::time::sleep_until(self.next_poll).await;
            self.next_poll = Instant::now() + POLL_EVERY;
            // The heartbeats sent before this poll starts; they come back after its changes.
            let mut beats = Vec::new();
            loop {
                match self.heartbeats.try_recv() {
                    Ok(tag) => beats.push(tag),
                    Err(broadcast::error::TryRecvError::Lagged(_)) => continue,
                    Err(_) => break,
                }
            }
            let caught = match read_changes_after(&self.reader, self.after).await {
                Ok(caught) => caught,
                Err(e) => return Notice::Lost(e.to_string()),
            };
            let nothing_new = caught.changes.is_empty() && caught.last_seq <= self.after;
            self.ready
                .extend(caught.changes.into_iter().map(Notice::Change));
            // An empty log cannot vouch for itself (`changes_after`), but with nothing new
            // there is nothing to have missed yet: a gap shows on the poll that finds rows.
            if !caught.complete && !nothing_new {
                // Swept past, too many at once, or a kind this version does not know.
                self.ready.push_back(Notice::Unknown {
                    seq: Some(caught.last_seq),
                });
            }
            self.after = caught.last_seq.max(self.after);
            self.ready.extend(beats.into_iter().map(Notice::Heartbeat));
        }
    }
}
