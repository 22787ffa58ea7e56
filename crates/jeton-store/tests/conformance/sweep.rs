//! `sweep_expired`: expired rows go, live rows stay, a batch bounds each call.

use jeton_core::secret::{SecretDigest, SecretKind};
use jeton_store::{NewSession, Redemption, Store};

use crate::support::*;

/// When the sweeps below run: everything that expires at or before it is expired.
const LATER: i64 = NOW + 1000;

/// Rows in all four swept tables, some expired at `LATER`, some live.
struct Rows {
    expired_codes: Vec<SecretDigest>,
    live_codes: Vec<SecretDigest>,
    expired_access: Vec<SecretDigest>,
    live_access: Vec<SecretDigest>,
    expired_refresh: Vec<SecretDigest>,
    live_refresh: Vec<SecretDigest>,
    expired_sessions: Vec<SecretDigest>,
    live_sessions: Vec<SecretDigest>,
}

/// Stores `expired` expired rows and `live` live rows in each swept table.
async fn fill(s: &dyn Store, n: &str, w: &World, expired: usize, live: usize) -> Rows {
    let mut rows = Rows {
        expired_codes: vec![],
        live_codes: vec![],
        expired_access: vec![],
        live_access: vec![],
        expired_refresh: vec![],
        live_refresh: vec![],
        expired_sessions: vec![],
        live_sessions: vec![],
    };
    for i in 0..expired.max(live) {
        if i < expired {
            // An unused code that expired; a redeemed code that is itself live and stored a
            // live access token and an expired refresh token.
            let (code, new) = w.code(NOW + 60);
            s.insert_code(new).await.must(n, "insert_code");
            rows.expired_codes.push(code);
            let token = w.access_token(NOW, NOW + 100);
            s.insert_access_token(token.clone())
                .await
                .must(n, "insert_access_token");
            rows.expired_access.push(token.digest);
            let (code, new) = w.code(LATER + 1);
            s.insert_code(new).await.must(n, "insert_code");
            let issued = w.tokens_expiring(NOW, LATER + 3600, LATER);
            let outcome = s
                .redeem_code(w.d(), &code, NOW, issued.tokens)
                .await
                .must(n, "redeem_code");
            assert_eq!(outcome, Redemption::Issued, "[{n}] redeemed");
            rows.live_codes.push(code);
            rows.live_access.push(issued.access);
            rows.expired_refresh.push(issued.refresh);
            let session = session(w, LATER);
            s.create_session(session.clone())
                .await
                .must(n, "create_session");
            rows.expired_sessions.push(session.digest);
        }
        if i < live {
            let issued = w.tokens_expiring(NOW, LATER + 1, LATER + 1);
            let (code, new) = w.code(LATER + 1);
            s.insert_code(new).await.must(n, "insert_code");
            let outcome = s
                .redeem_code(w.d(), &code, NOW, issued.tokens)
                .await
                .must(n, "redeem_code");
            assert_eq!(outcome, Redemption::Issued, "[{n}] redeemed");
            rows.live_codes.push(code);
            rows.live_access.push(issued.access);
            rows.live_refresh.push(issued.refresh);
            let session = session(w, LATER + 1);
            s.create_session(session.clone())
                .await
                .must(n, "create_session");
            rows.live_sessions.push(session.digest);
        }
    }
    rows
}

fn session(w: &World, expires_at: i64) -> NewSession {
    NewSession {
        digest: digest(SecretKind::Session),
        domain_id: w.domain.id.clone(),
        user_id: w.user.id.clone(),
        created_at: NOW,
        expires_at,
    }
}

/// How many of each list of rows are still stored: (codes, access, refresh, sessions).
async fn still_stored(
    s: &dyn Store,
    n: &str,
    w: &World,
    codes: &[SecretDigest],
    access: &[SecretDigest],
    refresh: &[SecretDigest],
    sessions: &[SecretDigest],
) -> (usize, usize, usize, usize) {
    let mut counts = (0, 0, 0, 0);
    for d in codes {
        counts.0 += s
            .code_by_digest(w.d(), d)
            .await
            .must(n, "code_by_digest")
            .is_some() as usize;
    }
    for d in access {
        counts.1 += s
            .access_token(w.d(), d)
            .await
            .must(n, "access_token")
            .is_some() as usize;
    }
    for d in refresh {
        counts.2 += s
            .refresh_token(w.d(), d)
            .await
            .must(n, "refresh_token")
            .is_some() as usize;
    }
    for d in sessions {
        // Asked as of NOW, when every session was live: answers whether the row exists.
        counts.3 += s.session(w.d(), d, NOW).await.must(n, "session").is_some() as usize;
    }
    counts
}

async fn expired_left(s: &dyn Store, n: &str, w: &World, r: &Rows) -> (usize, usize, usize, usize) {
    still_stored(
        s,
        n,
        w,
        &r.expired_codes,
        &r.expired_access,
        &r.expired_refresh,
        &r.expired_sessions,
    )
    .await
}

async fn live_left(s: &dyn Store, n: &str, w: &World, r: &Rows) -> (usize, usize, usize, usize) {
    still_stored(
        s,
        n,
        w,
        &r.live_codes,
        &r.live_access,
        &r.live_refresh,
        &r.live_sessions,
    )
    .await
}

#[tokio::test]
async fn sweep_removes_expired_rows_and_keeps_live_ones() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let rows = fill(s, n, &w, 3, 2).await;
        // Live: 3 + 2 codes, 3 + 2 access tokens, 2 refresh tokens, 2 sessions.
        assert_eq!(
            live_left(s, n, &w, &rows).await,
            (5, 5, 2, 2),
            "[{n}] live rows before the sweep"
        );
        assert_eq!(
            expired_left(s, n, &w, &rows).await,
            (3, 3, 3, 3),
            "[{n}] expired rows before the sweep"
        );

        assert_eq!(
            s.sweep_expired(NOW, 100).await.must(n, "sweep_expired"),
            0,
            "[{n}] nothing has expired at NOW"
        );
        let removed = s.sweep_expired(LATER, 100).await.must(n, "sweep_expired");
        assert_eq!(removed, 12, "[{n}] 3 expired rows in each of 4 tables");
        assert_eq!(
            expired_left(s, n, &w, &rows).await,
            (0, 0, 0, 0),
            "[{n}] expired rows are gone"
        );
        assert_eq!(
            live_left(s, n, &w, &rows).await,
            (5, 5, 2, 2),
            "[{n}] live rows stay"
        );
        assert_eq!(
            s.sweep_expired(LATER, 100).await.must(n, "sweep_expired"),
            0,
            "[{n}] nothing left to sweep"
        );

        // The grant, user and client are not swept.
        assert!(
            s.active_grant(w.d(), &w.user.id, &w.client.id)
                .await
                .must(n, "active_grant")
                .is_some(),
            "[{n}] grant stays"
        );
        assert!(
            s.user_by_id(w.d(), &w.user.id)
                .await
                .must(n, "user_by_id")
                .is_some(),
            "[{n}] user stays"
        );
    }
}

#[tokio::test]
async fn sweep_removes_at_most_a_batch_per_table_per_call() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let rows = fill(s, n, &w, 5, 1).await;
        assert_eq!(
            expired_left(s, n, &w, &rows).await,
            (5, 5, 5, 5),
            "[{n}] 5 expired rows per table"
        );

        let removed = s.sweep_expired(LATER, 2).await.must(n, "sweep_expired");
        assert_eq!(removed, 8, "[{n}] first call: 2 rows in each of 4 tables");
        assert_eq!(
            expired_left(s, n, &w, &rows).await,
            (3, 3, 3, 3),
            "[{n}] at most 2 per table went"
        );

        let removed = s.sweep_expired(LATER, 2).await.must(n, "sweep_expired");
        assert_eq!(removed, 8, "[{n}] second call: 2 more per table");
        assert_eq!(
            expired_left(s, n, &w, &rows).await,
            (1, 1, 1, 1),
            "[{n}] one left per table"
        );

        let removed = s.sweep_expired(LATER, 2).await.must(n, "sweep_expired");
        assert_eq!(removed, 4, "[{n}] third call: the last one per table");
        assert_eq!(
            s.sweep_expired(LATER, 2).await.must(n, "sweep_expired"),
            0,
            "[{n}] then nothing"
        );
        assert_eq!(
            expired_left(s, n, &w, &rows).await,
            (0, 0, 0, 0),
            "[{n}] all expired rows gone"
        );
        assert_eq!(
            live_left(s, n, &w, &rows).await,
            (6, 6, 1, 1),
            "[{n}] live rows stay"
        );
    }
}
