//! Argon2 runs on the blocking thread pool behind a semaphore sized to the cores (DESIGN §6),
//! so a burst of logins neither stalls the async runtime nor runs away with memory.

use jeton_core::password;
use tokio::sync::Semaphore;

pub struct PasswordPool {
    permits: Semaphore,
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
        Self {
            permits: Semaphore::new(cores),
        }
    }

    /// Verifies `password` against `stored`; with no stored hash, verifies against a dummy so
    /// that the answer takes as long either way.
    pub async fn verify(&self, password: String, stored: Option<String>) -> bool {
        let _permit = self
            .permits
            .acquire()
            .await
            .expect("the semaphore is never closed");
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| password::DUMMY_HASH.to_owned());
        let ok = tokio::task::spawn_blocking(move || password::verify(&password, &stored))
            .await
            .unwrap_or(false);
        ok && known
    }
}
