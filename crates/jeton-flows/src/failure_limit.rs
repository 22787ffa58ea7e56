//! Limits on failures (wrong client secrets), per key: a client id from an address, an
//! address. A `governor` GCRA limiter counts the failures; once a key runs out, it is blocked
//! until the limiter would admit it again. What a blocked key means is the caller's choice:
//! client authentication still checks every attempt and lets correct credentials through,
//! and only answers further *failures* with 429 (DESIGN §6).

use std::num::NonZeroU32;
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

pub struct FailureLimiter {
    limiter: DefaultKeyedRateLimiter<String>,
    clock: DefaultClock,
    blocked: moka::sync::Cache<String, Instant>,
}

impl FailureLimiter {
    /// Allows `burst` failures at once, then one per `replenish`.
    pub fn new(burst: u32, replenish: Duration) -> Self {
        let quota = Quota::with_period(replenish)
            .expect("a non-zero period")
            .allow_burst(NonZeroU32::new(burst.max(1)).expect("non-zero"));
        Self {
            limiter: RateLimiter::keyed(quota),
            clock: DefaultClock::default(),
            blocked: moka::sync::Cache::builder()
                .max_capacity(100_000)
                .time_to_live(Duration::from_secs(3600))
                .build(),
        }
    }

    /// How long the key must still wait, if it is blocked.
    pub fn blocked_for(&self, key: &str) -> Option<Duration> {
        let until = self.blocked.get(key)?;
        let now = Instant::now();
        if until > now {
            Some(until - now)
        } else {
            self.blocked.invalidate(key);
            None
        }
    }

    /// The longest wait among several keys (e.g. account and IP).
    pub fn blocked_for_any(&self, keys: &[&str]) -> Option<Duration> {
        keys.iter().filter_map(|k| self.blocked_for(k)).max()
    }

    pub fn record_failure(&self, key: &str) {
        let key = key.to_owned();
        if let Err(not_until) = self.limiter.check_key(&key) {
            let wait = not_until.wait_time_from(self.clock.now());
            self.blocked.insert(key, Instant::now() + wait);
        }
    }

    /// Forgets keys that have fully recovered; called by the background sweeper.
    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_burst_and_only_that_key() {
        let l = FailureLimiter::new(3, Duration::from_secs(60));
        for _ in 0..3 {
            assert!(l.blocked_for("a").is_none());
            l.record_failure("a");
        }
        assert!(l.blocked_for("a").is_none(), "the burst itself is allowed");
        l.record_failure("a");
        let wait = l.blocked_for("a").expect("blocked after the burst");
        assert!(wait <= Duration::from_secs(60));
        assert!(l.blocked_for("b").is_none());
        assert!(l.blocked_for_any(&["b", "a"]).is_some());
    }
}
