//! What only the PostgreSQL backend has: TLS to the database, the advisory lock that lets
//! one instance at a time sweep, and concurrent consents from two instances.

use std::sync::Arc;

use jeton_store::postgres::{self, scratch_schema_url};
use jeton_store::prelude::*;
use jeton_store::{ChangeKind, ConnectOptions, NewConsent, Notice};
use sqlx::Executor;

use crate::support::*;

fn base_url() -> Option<String> {
    let url = std::env::var("JETON_TEST_DATABASE_URL").ok();
    if url.is_none() {
        skip(
            "postgres_only",
            "JETON_TEST_DATABASE_URL is not set (.ci/run sets it)",
        );
    }
    url
}

#[tokio::test]
async fn tls_to_the_database_is_taken_from_the_url() {
    let Some(base) = base_url() else { return };
    let url = scratch_schema_url(&base).await.unwrap();
    let tls_url = format!("{url}&sslmode=require");
    let store = postgres::connect(&tls_url, &ConnectOptions::default())
        .await
        .expect("connect over TLS");
    store.ping().await.unwrap();
    // Ask the server whether this very connection is encrypted.
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect(&tls_url)
        .await
        .unwrap();
    let ssl: bool = sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(ssl, "sslmode=require gives an encrypted connection");
    let plain = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect(&format!("{url}&sslmode=disable"))
        .await
        .unwrap();
    let ssl: bool = sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        .fetch_one(&plain)
        .await
        .unwrap();
    assert!(!ssl);
}

#[tokio::test]
async fn only_one_instance_sweeps_at_a_time() {
    let Some(base) = base_url() else { return };
    let url = scratch_schema_url(&base).await.unwrap();
    let a = postgres::connect(&url, &ConnectOptions::default())
        .await
        .unwrap();
    let b = postgres::connect(&url, &ConnectOptions::default())
        .await
        .unwrap();
    let w = World::new(&a, "postgres").await;
    for _ in 0..3 {
        a.insert_access_token(w.access_token(NOW - 100, NOW - 10))
            .await
            .unwrap();
    }
    // Another instance is sweeping: it holds the lock in an open transaction.
    let schema = url.rsplit("search_path%3D").next().unwrap().to_owned();
    let holder = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect(&url)
        .await
        .unwrap();
    let mut tx = holder.begin().await.unwrap();
    let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_xact_lock($1, hashtext($2))")
        .bind(0x6a74_7377_i32)
        .bind(schema)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert!(got);
    assert_eq!(
        b.sweep_expired(NOW, 100).await.unwrap(),
        0,
        "the lock holder sweeps, not us"
    );
    tx.rollback().await.unwrap();
    assert_eq!(
        b.sweep_expired(NOW, 100).await.unwrap(),
        3,
        "once free, we sweep"
    );
    holder.execute("SELECT 1").await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_consents_from_two_instances_make_one_grant_with_every_scope() {
    let Some(base) = base_url() else { return };
    let url = scratch_schema_url(&base).await.unwrap();
    let a: Arc<dyn Store> = Arc::new(
        postgres::connect(&url, &ConnectOptions::default())
            .await
            .unwrap(),
    );
    let b: Arc<dyn Store> = Arc::new(
        postgres::connect(&url, &ConnectOptions::default())
            .await
            .unwrap(),
    );
    let w = World::new(a.as_ref(), "postgres").await;
    let f = &w;
    let scopes = ["s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"];
    let tasks: Vec<_> = scopes
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let store = if i % 2 == 0 { a.clone() } else { b.clone() };
            let consent = NewConsent {
                new_id: format!("grant-{i}").into(),
                domain_id: f.domain.id.clone(),
                user_id: f.user.id.clone(),
                client_id: f.client.id.clone(),
                scopes: jeton_core::scope::ScopeSet::parse(s).unwrap(),
                now: NOW,
            };
            tokio::spawn(async move { store.save_consent(consent).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().expect("every consent is saved");
    }
    // World::new consented to "openid profile offline_access" already; the race adds 8 more.
    let grant = a
        .active_grant(&f.domain.id, &f.user.id, &f.client.id)
        .await
        .unwrap()
        .expect("one active grant");
    for s in scopes {
        assert!(
            grant.scopes.contains(s),
            "{s} survived the race: {}",
            grant.scopes
        );
    }
    assert_eq!(
        a.grants_of_user(&f.domain.id, &f.user.id)
            .await
            .unwrap()
            .len(),
        1
    );
}

/// The change feed (`changes.rs`): a change is written and announced in the transaction of
/// its write, so a write that rolls back publishes nothing, neither in the log nor on the
/// channel.
#[tokio::test]
async fn a_rolled_back_write_publishes_no_change() {
    let Some(base) = base_url() else { return };
    let url = scratch_schema_url(&base).await.unwrap();
    let s = postgres::connect(&url, &ConnectOptions::default())
        .await
        .unwrap();
    assert!(s.has_change_feed());
    let w = World::new(&s, "postgres").await;
    let issued = w.issue(&s, "postgres").await;
    let mut listener = s.listen_changes().await.unwrap();
    let before = s.latest_change().await.unwrap();

    // Make the transaction fail *after* the change row is in: every write of it must go.
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect(&url)
        .await
        .unwrap();
    pool.execute(
        "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS
           $$ BEGIN RAISE EXCEPTION 'refused'; END $$;
         CREATE TRIGGER refuse AFTER INSERT ON changes FOR EACH ROW EXECUTE FUNCTION refuse();",
    )
    .await
    .unwrap();
    assert!(
        s.revoke_access_token(w.d(), &issued.access, NOW)
            .await
            .is_err()
    );
    let t = s
        .access_token(w.d(), &issued.access)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(t.revoked_at, None, "the revocation rolled back");
    assert_eq!(s.latest_change().await.unwrap(), before, "no change logged");
    s.send_heartbeat("after the failure").await.unwrap();
    assert_eq!(
        listener.next().await,
        Notice::Heartbeat("after the failure".into()),
        "nothing was announced before the heartbeat"
    );

    // Without the fault: the revocation, its row and its notification, together.
    pool.execute("DROP TRIGGER refuse ON changes")
        .await
        .unwrap();
    assert!(
        s.revoke_access_token(w.d(), &issued.access, NOW)
            .await
            .unwrap()
    );
    let Notice::Change(change) = listener.next().await else {
        panic!("a change is announced");
    };
    assert_eq!(
        change.kind,
        ChangeKind::AccessToken {
            digest: issued.access
        }
    );
    assert_eq!(s.latest_change().await.unwrap(), change.seq);
}

/// A listener that was away reads what it missed, in order, and knows it has all of it.
#[tokio::test]
async fn a_catch_up_returns_every_missed_change_in_order() {
    let Some(base) = base_url() else { return };
    let url = scratch_schema_url(&base).await.unwrap();
    let s = postgres::connect(&url, &ConnectOptions::default())
        .await
        .unwrap();
    let w = World::new(&s, "postgres").await;
    let first = w.issue(&s, "postgres").await;
    // Nothing logged yet: a catch-up after 0 cannot vouch that nothing was swept.
    assert!(!s.changes_after(0).await.unwrap().complete);
    s.revoke_access_token(w.d(), &first.access, NOW)
        .await
        .unwrap();
    let seen = s.latest_change().await.unwrap();
    assert!(seen > 0);

    // While "away": a grant revocation, a user disabled, new scope, domain settings.
    s.revoke_grant(w.d(), &w.grant.id, NOW, None).await.unwrap();
    let event = jeton_core::entities::AuditEvent {
        id: id(),
        domain_id: Some(w.d().clone()),
        at: NOW,
        actor: jeton_core::entities::Actor::cli(),
        action: jeton_core::entities::AuditAction::UserDisable,
        target: "user".into(),
        detail: serde_json::json!({}),
    };
    s.set_user_disabled(w.d(), &w.user.id, true, &event)
        .await
        .unwrap();
    s.create_scope(
        w.d(),
        jeton_store::NewScope {
            name: "read".into(),
            description: "Read".into(),
            roles: vec![],
            attributes: vec![],
            created_at: NOW,
        },
    )
    .await
    .unwrap();

    let caught = s.changes_after(seen).await.unwrap();
    assert!(caught.complete);
    let kinds: Vec<ChangeKind> = caught.changes.iter().map(|c| c.kind.clone()).collect();
    assert_eq!(
        kinds,
        vec![
            ChangeKind::Grant {
                grant_id: w.grant.id.clone()
            },
            ChangeKind::User {
                domain_id: w.d().clone(),
                user_id: w.user.id.clone()
            },
            ChangeKind::Scopes {
                domain_id: w.d().clone()
            },
        ]
    );
    assert!(caught.changes.windows(2).all(|p| p[0].seq < p[1].seq));
    assert_eq!(caught.last_seq, caught.changes.last().unwrap().seq);
    assert!(caught.changes[0].seq > seen);
    // Caught up: nothing more, and still complete.
    let again = s.changes_after(caught.last_seq).await.unwrap();
    assert!(again.changes.is_empty() && again.complete);
    assert_eq!(again.last_seq, caught.last_seq);
}
