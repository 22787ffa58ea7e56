//! What the flows count for operators (Prometheus, `/metrics`): tokens issued by grant,
//! client-authentication failures and refusals, sign-in failures and refusals, cache hits and
//! misses, background job runs. The counters live here, with the flows that bump them; the
//! server registers them in its registry (one per server: no global recorder, so tests can run
//! several servers in one process).

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::registry::Registry;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct GrantLabel {
    pub grant_type: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct CacheLabel {
    pub cache: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct JobLabel {
    pub job: &'static str,
}

#[derive(Debug, Default)]
pub struct FlowMetrics {
    pub tokens_issued: Family<GrantLabel, Counter>,
    pub client_auth_failures: Counter,
    pub client_auth_throttled: Counter,
    pub sign_in_failures: Counter,
    pub sign_in_throttled: Counter,
    pub cache_hits: Family<CacheLabel, Counter>,
    pub cache_misses: Family<CacheLabel, Counter>,
    pub job_runs: Family<JobLabel, Counter>,
    pub job_panics: Family<JobLabel, Counter>,
}

impl FlowMetrics {
    pub fn issued(&self, grant_type: &'static str) {
        self.tokens_issued
            .get_or_create(&GrantLabel { grant_type })
            .inc();
    }

    pub fn cache(&self, cache: &'static str, hit: bool) {
        let family = if hit {
            &self.cache_hits
        } else {
            &self.cache_misses
        };
        family.get_or_create(&CacheLabel { cache }).inc();
    }

    /// Adds the counters to `registry` (names get the registry's prefix, e.g. `jeton_`).
    pub fn register(&self, registry: &mut Registry) {
        registry.register(
            "tokens_issued",
            "Access tokens issued, by grant type",
            self.tokens_issued.clone(),
        );
        registry.register(
            "client_auth_failures",
            "Failed client authentications (wrong or unknown credentials)",
            self.client_auth_failures.clone(),
        );
        registry.register(
            "client_auth_throttled",
            "Failed client authentications answered 429 by the failure limit",
            self.client_auth_throttled.clone(),
        );
        registry.register(
            "sign_in_failures",
            "Failed sign-ins (wrong username or password)",
            self.sign_in_failures.clone(),
        );
        registry.register(
            "sign_in_throttled",
            "Sign-in attempts refused by the failure limits before the password was checked",
            self.sign_in_throttled.clone(),
        );
        registry.register(
            "cache_hits",
            "In-process cache lookups answered from the cache",
            self.cache_hits.clone(),
        );
        registry.register(
            "cache_misses",
            "In-process cache lookups that went to the database",
            self.cache_misses.clone(),
        );
        registry.register("job_runs", "Background job runs", self.job_runs.clone());
        registry.register(
            "job_panics",
            "Background job runs that panicked",
            self.job_panics.clone(),
        );
    }
}
