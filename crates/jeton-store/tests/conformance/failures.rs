//! Failure counters (account lockout): counted atomically per key and window, reset by a new
//! window, swept when their window is over.

use crate::support::*;

const WINDOW: i64 = 900;

#[tokio::test]
async fn failures_count_per_key_and_window() {
    for b in backends().await {
        let (s, n) = (b.store.as_ref(), b.name);
        assert_eq!(
            s.failures("login:d:alice", NOW, WINDOW)
                .await
                .must(n, "failures"),
            0,
            "[{n}]"
        );
        for expected in 1..=3 {
            let got = s
                .record_failure("login:d:alice", NOW, WINDOW)
                .await
                .must(n, "record_failure");
            assert_eq!(got, expected, "[{n}] the count so far");
        }
        assert_eq!(
            s.failures("login:d:alice", NOW + 10, WINDOW)
                .await
                .must(n, "failures"),
            3,
            "[{n}]"
        );
        assert_eq!(
            s.failures("login:d:bob", NOW, WINDOW)
                .await
                .must(n, "failures"),
            0,
            "[{n}] per key"
        );
        // The next window starts from zero.
        let next = NOW - NOW.rem_euclid(WINDOW) + WINDOW;
        assert_eq!(
            s.failures("login:d:alice", next, WINDOW)
                .await
                .must(n, "failures"),
            0,
            "[{n}]"
        );
        assert_eq!(
            s.record_failure("login:d:alice", next, WINDOW)
                .await
                .must(n, "record"),
            1,
            "[{n}]"
        );
        // Swept once their window is over.
        let later = next + WINDOW;
        let swept = s.sweep_expired(later, 100).await.must(n, "sweep");
        assert!(swept >= 1, "[{n}] the finished counter is swept");
        assert_eq!(
            s.failures("login:d:alice", next, WINDOW)
                .await
                .must(n, "failures"),
            0,
            "[{n}]"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_failures_all_count() {
    for b in backends().await {
        let n = b.name;
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let s = b.store.clone();
                tokio::spawn(async move { s.record_failure("login:d:carol", NOW, WINDOW).await })
            })
            .collect();
        let mut counts = Vec::new();
        for t in tasks {
            counts.push(t.await.expect("task").must(n, "record_failure"));
        }
        counts.sort();
        assert_eq!(
            counts,
            (1..=20).collect::<Vec<u32>>(),
            "[{n}] each failure got its own count"
        );
        assert_eq!(
            b.store
                .failures("login:d:carol", NOW, WINDOW)
                .await
                .must(n, "failures"),
            20,
            "[{n}]"
        );
    }
}

#[tokio::test]
async fn a_forgiven_failure_is_taken_back_never_below_zero() {
    for b in backends().await {
        let (s, n) = (b.store.as_ref(), b.name);
        let key = "login d1 198.51.100.1 alice";
        for _ in 0..2 {
            s.record_failure(key, NOW, WINDOW).await.must(n, "record");
        }
        s.forgive_failure(key, NOW, WINDOW).await.must(n, "forgive");
        assert_eq!(
            s.failures(key, NOW, WINDOW).await.must(n, "failures"),
            1,
            "[{n}]"
        );
        for _ in 0..3 {
            s.forgive_failure(key, NOW, WINDOW).await.must(n, "forgive");
        }
        assert_eq!(
            s.failures(key, NOW, WINDOW).await.must(n, "failures"),
            0,
            "[{n}] not below zero"
        );
        // Forgiving a key that was never counted is no error and creates nothing.
        s.forgive_failure("never", NOW, WINDOW)
            .await
            .must(n, "forgive unknown");
        assert_eq!(
            s.failures("never", NOW, WINDOW).await.must(n, "failures"),
            0,
            "[{n}]"
        );
    }
}
