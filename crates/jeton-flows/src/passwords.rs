//! Argon2 runs on the blocking thread pool behind a semaphore sized to the cores (DESIGN §6),
//! so a burst of logins neither stalls the async runtime nor runs away with memory.
//!
//! The permit moves into the blocking task and is released when the hash ends, not when the
//! request does: a sign-in whose client hangs up mid-hash drops its future, but the hash runs
//! on regardless, and its slot must stay taken until then — otherwise a burst of cancelled
//! sign-ins runs more hashes at once than there are cores.

use std::sync::Arc;

use jeton_core::password;
use tokio::sync::Semaphore;

pub struct PasswordPool {
    permits: Arc<Semaphore>,
}

impl Default for PasswordPool {
    fn default() -> Self {
        Self::new()
    }
}

impl PasswordPool {
    pub fn new() -> Self {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        Self::with_slots(cores)
    }

    /// A pool that runs at most `slots` hashes at once.
    pub fn with_slots(slots: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(slots.max(1))),
        }
    }

    /// Hashes running right now (slots taken), for tests.
    #[cfg(test)]
    fn busy(&self, slots: usize) -> usize {
        slots - self.permits.available_permits().min(slots)
    }

    /// Verifies `password` against `stored`; with no stored hash, verifies against a dummy so
    /// that the answer takes as long either way.
    pub async fn verify(&self, password: String, stored: Option<String>) -> bool {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| password::DUMMY_HASH.to_owned());
        let ok = tokio::task::spawn_blocking(move || {
            let ok = password::verify(&password, &stored);
            drop(permit);
            ok
        })
        .await
        .unwrap_or(false);
        ok && known
    }

    /// Hashes a new password (Argon2id) off the async runtime, under the same limit.
    pub async fn hash(
        &self,
        password: String,
        random: std::sync::Arc<dyn jeton_core::Random>,
    ) -> Option<String> {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        tokio::task::spawn_blocking(move || {
            let h = password::hash(&password, random.as_ref());
            drop(permit);
            h
        })
        .await
        .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A verification whose caller gives up mid-hash keeps its slot until the hash ends.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_cancelled_verification_holds_its_slot_until_the_hash_ends() {
        let pool = Arc::new(PasswordPool::with_slots(1));
        let hash = password::hash("correct horse", &jeton_core::OsRandom);
        let p = pool.clone();
        let h = hash.clone();
        let task = tokio::spawn(async move { p.verify("wrong".into(), Some(h)).await });
        // Wait until the hash is running, then cancel its caller.
        for _ in 0..200 {
            if pool.busy(1) == 1 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
        assert_eq!(pool.busy(1), 1, "the hash started");
        task.abort();
        let _ = task.await;
        assert_eq!(
            pool.busy(1),
            1,
            "the slot is still taken after the caller left"
        );
        // It frees when the hash ends, and the next verification runs.
        assert!(pool.verify("correct horse".into(), Some(hash)).await);
        assert_eq!(pool.busy(1), 0);
    }
}
