//! "Last used" of clients and grants, for the pages. Written in batches by the
//! [`FlushUsage`] job rather than on every token request: the token endpoint is the hot path,
//! and one more write per request would cost more than the figure is worth. The figure can
//! therefore lag by the flush interval, and a crash loses at most that much of it; nothing
//! decides anything from it.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use jeton_core::clock::UnixTime;
use jeton_store::{ClientId, GrantId};

use crate::Flows;
use crate::jobs::Job;

#[derive(Default)]
pub struct Usage {
    clients: Mutex<HashMap<ClientId, UnixTime>>,
    grants: Mutex<HashMap<GrantId, UnixTime>>,
}

impl Usage {
    /// Notes a token issued to `client` (under `grant`, if any) at `now`. Allocates only the
    /// first time a client or grant is seen between two flushes.
    pub fn note(&self, client: &ClientId, grant: Option<&GrantId>, now: UnixTime) {
        note(&self.clients, client, now);
        if let Some(g) = grant {
            note(&self.grants, g, now);
        }
    }

    fn take(&self) -> (Noted<ClientId>, Noted<GrantId>) {
        (drain(&self.clients), drain(&self.grants))
    }
}

/// What was noted of one kind: each id with its latest use.
type Noted<K> = Vec<(K, UnixTime)>;

fn drain<K>(map: &Mutex<HashMap<K, UnixTime>>) -> Noted<K> {
    std::mem::take(&mut *map.lock().unwrap_or_else(|e| e.into_inner()))
        .into_iter()
        .collect()
}

fn note<K: std::hash::Hash + Eq + Clone>(
    map: &Mutex<HashMap<K, UnixTime>>,
    key: &K,
    now: UnixTime,
) {
    let mut m = map.lock().unwrap_or_else(|e| e.into_inner());
    match m.get_mut(key) {
        Some(at) => *at = (*at).max(now),
        None => {
            m.insert(key.clone(), now);
        }
    }
}

impl Flows {
    /// Writes what [`Usage`] noted since the last flush. On failure the figures are put back
    /// for the next run (keeping the later of two times).
    pub async fn flush_usage(&self) -> Result<(), jeton_store::StoreError> {
        let (clients, grants) = self.usage.take();
        let result = async {
            self.store.touch_clients(&clients).await?;
            self.store.touch_grants(&grants).await
        }
        .await;
        if result.is_err() {
            for (c, at) in &clients {
                note(&self.usage.clients, c, *at);
            }
            for (g, at) in &grants {
                note(&self.usage.grants, g, *at);
            }
        }
        result
    }
}

/// Flushes [`Usage`] on an interval.
pub struct FlushUsage {
    pub every: Duration,
}

#[async_trait::async_trait]
impl Job for FlushUsage {
    fn name(&self) -> &'static str {
        "flush_usage"
    }

    fn interval(&self) -> Duration {
        self.every
    }

    async fn run(&self, flows: &Flows) {
        if let Err(e) = flows.flush_usage().await {
            tracing::warn!(error = %e, "could not record when clients were last used; retrying");
        }
    }
}
