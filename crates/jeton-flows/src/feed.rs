//! The change feed's listener: keeps this instance's caches true to what other instances
//! and the CLI change in the database (PostgreSQL: notifications; SQLite, where the CLI is
//! the other writer: a poll of the log every 200 ms, `jeton-store`'s `sqlite/feed.rs`). What
//! is recorded, and why the log misses nothing, is in `jeton-store`'s `changes.rs`; how the
//! caches use the gate is in `cache.rs`. This task's part:
//!
//! 1. The gate starts closed: every lookup reads the database and nothing is cached.
//! 2. Connect and `LISTEN`. From then on, every change committed is delivered.
//! 3. Catch up: every change after the last `seq` applied is read from the log and applied
//!    (a change committed between 2 and 3 arrives both ways; applying twice is harmless). If
//!    the log cannot vouch for all of them (swept past, too many, unknown kinds), or on the
//!    first start, everything cached is forgotten instead.
//! 4. Open the gate, confirmed as of the moment before the catch-up was read (all committed
//!    before it is applied). Apply each notification as it comes. Send a heartbeat every
//!    [`HEARTBEAT_EVERY`]; each of our own that comes back confirms the gate again. Without
//!    a confirmation for `STALE_BOUND` the gate closes by itself (the caches are bypassed)
//!    and, after [`RECONNECT_AFTER`], the connection is replaced.
//! 5. A lost connection closes the gate (and bumps the epoch, so reads under way cannot
//!    cache what they found), then back to 2 after a short, growing pause.
//!
//! So the caches are only used while every change committed more than `STALE_BOUND` ago,
//! and normally every change up to a few milliseconds ago, has been applied.

use std::sync::Arc;
use std::time::{Duration, Instant};

use jeton_store::{ChangeKind, Notice, StoreError};
use tokio::task::JoinHandle;

use crate::Flows;

/// How often this instance sends itself a heartbeat through the channel.
pub const HEARTBEAT_EVERY: Duration = Duration::from_millis(500);
/// Without a heartbeat back for this long, the listening connection is replaced.
pub const RECONNECT_AFTER: Duration = Duration::from_secs(5);
/// The pause before reconnecting grows from the first to the last.
const PAUSES: (Duration, Duration) = (Duration::from_millis(250), Duration::from_secs(5));

impl Flows {
    /// Starts the listener, when this instance caches through the feed (SQLite; PostgreSQL
    /// with `postgres_cache = "feed"`). Aborting the task leaves the gate closed.
    pub fn spawn_change_feed(self: &Arc<Self>) -> Option<JoinHandle<()>> {
        self.cache.gate()?;
        if !self.store.has_change_feed() {
            return None;
        }
        let flows = self.clone();
        Some(tokio::spawn(async move { follow(flows).await }))
    }
}

async fn follow(flows: Arc<Flows>) {
    let cache = &flows.cache;
    // None until the first catch-up: then nothing is known to be applied.
    let mut last_seen: Option<i64> = None;
    let mut pause = PAUSES.0;
    loop {
        cache.set_feed_open(false);
        let started = Instant::now();
        let why = match session(&flows, &mut last_seen).await {
            Ok(why) => why,
            Err(e) => e.to_string(),
        };
        cache.set_feed_open(false);
        if started.elapsed() > Duration::from_secs(30) {
            pause = PAUSES.0;
        }
        tracing::warn!(
            reason = %why,
            retry_in_ms = pause.as_millis() as u64,
            "change feed lost; reading the database until it is back"
        );
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(PAUSES.1);
    }
}

/// One connection's life: answers why it ended.
async fn session(flows: &Arc<Flows>, last_seen: &mut Option<i64>) -> Result<String, StoreError> {
    let cache = &flows.cache;
    let gate = cache.gate().expect("feed mode");
    let mut listener = flows.store.listen_changes().await?;
    let as_of = gate.now_ms();
    match *last_seen {
        None => {
            let seq = flows.store.latest_change().await?;
            flows.forget_all_cached();
            *last_seen = Some(seq);
            tracing::info!(seq, "change feed listening");
        }
        Some(after) => {
            let caught = flows.store.changes_after(after).await?;
            for change in &caught.changes {
                apply(flows, &change.kind);
            }
            if !caught.complete {
                flows.forget_all_cached();
            }
            *last_seen = Some(caught.last_seq.max(after));
            tracing::info!(
                after,
                applied = caught.changes.len(),
                complete = caught.complete,
                "change feed caught up"
            );
        }
    }
    gate.confirm(as_of);
    cache.set_feed_open(true);

    let beats = tokio::spawn({
        let flows = flows.clone();
        async move {
            let mut tick = tokio::time::interval(HEARTBEAT_EVERY);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                let Some(gate) = flows.cache.gate() else {
                    return;
                };
                let tag = format!("{} {}", flows.instance, gate.now_ms());
                if let Err(e) = flows.store.send_heartbeat(&tag).await {
                    tracing::debug!(error = %e, "change feed heartbeat not sent");
                }
            }
        }
    });
    let _stop_beats = AbortOnDrop(beats);
    let mut check = tokio::time::interval(HEARTBEAT_EVERY);
    loop {
        tokio::select! {
            notice = listener.next() => match notice {
                Notice::Change(change) => {
                    apply(flows, &change.kind);
                    *last_seen = Some(last_seen.unwrap_or(0).max(change.seq));
                }
                Notice::Unknown { seq } => {
                    tracing::warn!(?seq, "change of an unknown kind; forgetting every cached entry");
                    flows.forget_all_cached();
                    if let Some(seq) = seq {
                        *last_seen = Some(last_seen.unwrap_or(0).max(seq));
                    }
                }
                Notice::Heartbeat(tag) => {
                    if let Some(sent) = own_heartbeat(&flows.instance, &tag) {
                        gate.confirm(sent);
                    }
                }
                Notice::Lost(why) => return Ok(why),
            },
            _ = check.tick() => {
                if gate.unconfirmed_for() > RECONNECT_AFTER {
                    return Ok("no heartbeat came back".into());
                }
            }
        }
    }
}

/// When our own heartbeat `tag` was sent (other instances' heartbeats prove nothing here).
fn own_heartbeat(instance: &str, tag: &str) -> Option<u64> {
    let (from, sent) = tag.split_once(' ')?;
    (from == instance).then(|| sent.parse().ok())?
}

fn apply(flows: &Flows, kind: &ChangeKind) {
    let cache = &flows.cache;
    match kind {
        ChangeKind::AccessToken { digest } => cache.invalidate_access_token(digest),
        ChangeKind::Grant { grant_id } => cache.invalidate_grant(grant_id),
        ChangeKind::Client {
            domain_id,
            client_id,
        } => cache.invalidate_client(domain_id, client_id),
        ChangeKind::User { user_id, .. } => cache.invalidate_user(user_id),
        ChangeKind::Domain { domain_id } => cache.invalidate_domain_id(domain_id),
        ChangeKind::Scopes { domain_id } => cache.invalidate_scopes(domain_id),
        ChangeKind::Keys { domain_id } => flows.forget_signers(domain_id),
    }
}

struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::own_heartbeat;

    #[test]
    fn only_our_own_heartbeats_confirm() {
        assert_eq!(own_heartbeat("me", "me 1234"), Some(1234));
        assert_eq!(own_heartbeat("me", "other 1234"), None);
        assert_eq!(own_heartbeat("me", "me x"), None);
        assert_eq!(own_heartbeat("me", "me"), None);
    }
}
