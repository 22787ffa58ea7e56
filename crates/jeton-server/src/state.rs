//! What every handler can reach: configuration and the flows (which hold the store, the
//! injected clock and random source, caches and limiters). Two servers with two states can
//! run in one process.

use std::ops::Deref;
use std::sync::Arc;

use jeton_core::sealing::Sealer;
use jeton_core::{Clock, Random};
use jeton_flows::{FlowSettings, Flows};
use jeton_store::Store;

use crate::config::Config;
use crate::metrics::Metrics;

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub config: Config,
    pub flows: Arc<Flows>,
    pub metrics: Arc<Metrics>,
}

impl AppState {
    pub fn new(
        config: Config,
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        random: Arc<dyn Random>,
        sealer: Arc<Sealer>,
    ) -> Self {
        let settings = FlowSettings {
            session_ttl_secs: config.session_ttl_secs,
            shared_cache: config.postgres_cache.into(),
            sealer,
            cache_sizes: config.cache_sizes(),
        };
        let flows = Arc::new(Flows::new(store, clock, random, settings));
        let metrics = Arc::new(Metrics::new(&flows.metrics));
        Self(Arc::new(Inner {
            config,
            flows,
            metrics,
        }))
    }

    pub fn now(&self) -> i64 {
        self.flows.now()
    }
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
