//! What must hold when many callers race (DESIGN §5): one winner per code and per refresh
//! token, and group-committed access tokens that are all durable and readable.

use std::sync::Arc;

use jeton_store::{Redemption, Store};
use tokio::task::JoinSet;

use crate::support::*;

const RACERS: usize = 20;

/// Counts the outcomes of the racers: (issued, already used with the world's grant, other).
fn tally(n: &str, w: &World, outcomes: &[Redemption]) -> (usize, usize, Vec<Redemption>) {
    let issued = outcomes
        .iter()
        .filter(|o| **o == Redemption::Issued)
        .count();
    let replay = Redemption::AlreadyUsed {
        grant_id: w.grant.id.clone(),
    };
    let used = outcomes.iter().filter(|o| **o == replay).count();
    let other: Vec<Redemption> = outcomes
        .iter()
        .filter(|o| **o != Redemption::Issued && **o != replay)
        .cloned()
        .collect();
    assert_eq!(outcomes.len(), RACERS, "[{n}] every racer answered");
    (issued, used, other)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_redemptions_of_one_code_have_exactly_one_winner() {
    for b in backends().await {
        let n = b.name;
        let s: Arc<dyn Store> = b.store.clone();
        let w = World::new(&*s, n).await;
        let (code, new) = w.code(NOW + 60);
        s.insert_code(new).await.must(n, "insert_code");

        let mut racers = JoinSet::new();
        let mut access_digests = Vec::new();
        for _ in 0..RACERS {
            let issued = w.tokens(NOW);
            access_digests.push(issued.access);
            let s = s.clone();
            let d = w.d().to_owned();
            racers.spawn(async move {
                (
                    issued.access,
                    s.redeem_code(&d, &code, NOW, issued.tokens).await,
                )
            });
        }
        let mut outcomes = Vec::new();
        let mut winners = Vec::new();
        while let Some(joined) = racers.join_next().await {
            let (access, outcome) = joined.expect("racer did not panic");
            let outcome = outcome.must(n, "redeem_code");
            if outcome == Redemption::Issued {
                winners.push(access);
            }
            outcomes.push(outcome);
        }
        let (issued, used, other) = tally(n, &w, &outcomes);
        assert_eq!(issued, 1, "[{n}] exactly one redemption wins: {outcomes:?}");
        assert_eq!(
            used,
            RACERS - 1,
            "[{n}] every other one is AlreadyUsed: {outcomes:?}"
        );
        assert!(other.is_empty(), "[{n}] no other outcome: {other:?}");

        assert_eq!(
            s.active_grant(w.d(), &w.user.id, &w.client.id)
                .await
                .must(n, "active_grant"),
            None,
            "[{n}] grant revoked"
        );
        let mut stored = 0;
        for access in &access_digests {
            if let Some(record) = s.access_token(w.d(), access).await.must(n, "access_token") {
                stored += 1;
                assert_eq!(
                    Some(*access),
                    winners.first().copied(),
                    "[{n}] only the winner's token is stored"
                );
                assert!(
                    !record.is_active(NOW),
                    "[{n}] the winner's token died with the grant"
                );
            }
        }
        assert_eq!(stored, 1, "[{n}] exactly one access token was stored");
        let code = s
            .code_by_digest(w.d(), &code)
            .await
            .must(n, "code_by_digest")
            .expect("kept");
        assert_eq!(code.used_at, Some(NOW), "[{n}] the code is used");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_rotations_of_one_refresh_token_have_exactly_one_winner() {
    for b in backends().await {
        let n = b.name;
        let s: Arc<dyn Store> = b.store.clone();
        let w = World::new(&*s, n).await;
        let first = w.issue(&*s, n).await;
        let refresh = first.refresh;

        let mut racers = JoinSet::new();
        let mut successors = Vec::new();
        for _ in 0..RACERS {
            let issued = w.tokens(NOW + 60);
            successors.push((issued.access, issued.refresh));
            let s = s.clone();
            let d = w.d().to_owned();
            racers.spawn(async move {
                s.rotate_refresh_token(&d, &refresh, NOW + 60, issued.tokens)
                    .await
            });
        }
        let mut outcomes = Vec::new();
        while let Some(joined) = racers.join_next().await {
            outcomes.push(
                joined
                    .expect("racer did not panic")
                    .must(n, "rotate_refresh_token"),
            );
        }
        let (issued, used, other) = tally(n, &w, &outcomes);
        assert_eq!(issued, 1, "[{n}] exactly one rotation wins: {outcomes:?}");
        assert_eq!(
            used,
            RACERS - 1,
            "[{n}] every other one is AlreadyUsed: {outcomes:?}"
        );
        assert!(other.is_empty(), "[{n}] no other outcome: {other:?}");

        assert_eq!(
            s.active_grant(w.d(), &w.user.id, &w.client.id)
                .await
                .must(n, "active_grant"),
            None,
            "[{n}] grant revoked"
        );
        let mut stored = 0;
        for (access, refresh) in &successors {
            let a = s.access_token(w.d(), access).await.must(n, "access_token");
            let r = s
                .refresh_token(w.d(), refresh)
                .await
                .must(n, "refresh_token");
            assert_eq!(
                a.is_some(),
                r.is_some(),
                "[{n}] a successor pair is stored whole or not at all"
            );
            if let (Some(a), Some(r)) = (a, r) {
                stored += 1;
                assert!(
                    !a.is_active(NOW + 60) && !r.is_active(NOW + 60),
                    "[{n}] the winner's tokens died with the grant"
                );
            }
        }
        assert_eq!(stored, 1, "[{n}] exactly one successor pair was stored");
        let old = s
            .refresh_token(w.d(), &refresh)
            .await
            .must(n, "refresh_token")
            .expect("kept");
        assert_eq!(
            old.used_at,
            Some(NOW + 60),
            "[{n}] the rotated token is used"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_access_token_inserts_all_land() {
    const TOKENS: usize = 200;
    for b in backends().await {
        let n = b.name;
        let s: Arc<dyn Store> = b.store.clone();
        let w = World::new(&*s, n).await;
        let mut writers = JoinSet::new();
        let mut digests = Vec::new();
        for _ in 0..TOKENS {
            let token = w.access_token(NOW, NOW + 3600);
            digests.push(token.digest);
            let s = s.clone();
            writers.spawn(async move { s.insert_access_token(token).await });
        }
        let mut ok = 0;
        while let Some(joined) = writers.join_next().await {
            joined
                .expect("writer did not panic")
                .must(n, "insert_access_token");
            ok += 1;
        }
        assert_eq!(ok, TOKENS, "[{n}] every insert answered Ok");
        for d in &digests {
            let record = s.access_token(w.d(), d).await.must(n, "access_token");
            let record =
                record.unwrap_or_else(|| panic!("[{n}] an acknowledged token is readable"));
            assert!(record.is_active(NOW), "[{n}] and active");
        }
    }
}
