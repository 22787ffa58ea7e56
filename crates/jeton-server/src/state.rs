//! What every handler can reach: configuration, the store, the injected clock and random
//! source, caches and limiters. Two servers with two states can run in one process.

use std::ops::Deref;
use std::sync::Arc;

use jeton_core::{Clock, Random};
use jeton_store::Store;

use crate::cache::Cache;
use crate::config::Config;
use crate::passwords::PasswordPool;
use crate::web::rate_limit::FailureLimiter;

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub config: Config,
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub random: Arc<dyn Random>,
    pub cache: Cache,
    /// Failed client authentications, keyed per client id and per client IP.
    pub client_auth_failures: FailureLimiter,
    pub passwords: PasswordPool,
}

impl AppState {
    pub fn new(
        config: Config,
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        random: Arc<dyn Random>,
    ) -> Self {
        Self(Arc::new(Inner {
            config,
            cache: Cache::new(store.clone()),
            store,
            clock,
            random,
            // Machines do not mistype: a client that fails 20 times waits 3 s per try.
            client_auth_failures: FailureLimiter::new(20, std::time::Duration::from_secs(3)),
            passwords: PasswordPool::new(),
        }))
    }

    pub fn now(&self) -> i64 {
        self.clock.now()
    }
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
