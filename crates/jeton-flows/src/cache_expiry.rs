//! How long each cached entry lives (`cache.rs`): its TTL, drawn per key so that entries
//! cached together do not expire together.

use std::time::{Duration, Instant};

/// Each entry lives for between three quarters of `ttl` and all of it, by a hash of its key:
/// entries cached together (a restart, a burst of new tenants, `invalidate_all`) then expire
/// spread over a quarter of the TTL instead of all in the same second, which would send a
/// read per tenant to the database at once. Never longer than `ttl`: the bounds documented
/// for changes made elsewhere hold.
pub(crate) struct Jittered {
    ttl: Duration,
    hasher: std::hash::RandomState,
}

impl Jittered {
    pub(crate) fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            hasher: std::hash::RandomState::new(),
        }
    }

    fn life<K: std::hash::Hash>(&self, key: &K) -> Duration {
        use std::hash::BuildHasher;
        // The top 53 bits of the hash as a fraction in [0, 1).
        let fraction = (self.hasher.hash_one(key) >> 11) as f64 / (1u64 << 53) as f64;
        self.ttl.mul_f64(0.75 + 0.25 * fraction)
    }
}

impl<K: std::hash::Hash, V> moka::Expiry<K, V> for Jittered {
    fn expire_after_create(&self, key: &K, _: &V, _: Instant) -> Option<Duration> {
        Some(self.life(key))
    }

    /// A new value for a cached key starts a new life, as `time_to_live` did.
    fn expire_after_update(
        &self,
        key: &K,
        _: &V,
        _: Instant,
        _: Option<Duration>,
    ) -> Option<Duration> {
        Some(self.life(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jittered_lives_stay_within_the_ttl_and_spread_over_its_last_quarter() {
        let jitter = Jittered::new(Duration::from_secs(600));
        let lives: Vec<Duration> = (0..10_000)
            .map(|i| jitter.life(&format!("t{i:05}")))
            .collect();
        assert!(
            lives
                .iter()
                .all(|l| (Duration::from_secs(450)..=Duration::from_secs(600)).contains(l)),
            "never longer than the TTL, never shorter than three quarters of it"
        );
        // Spread: each 15 s slice of the last quarter holds some of the 10,000 keys.
        let mut slices = [0u32; 10];
        for l in &lives {
            slices[(((l.as_secs_f64() - 450.0) / 15.0) as usize).min(9)] += 1;
        }
        assert!(slices.iter().all(|&n| n > 500), "{slices:?}");
        assert_eq!(
            jitter.life(&"t00001"),
            jitter.life(&"t00001"),
            "one key, one life"
        );
    }
}
