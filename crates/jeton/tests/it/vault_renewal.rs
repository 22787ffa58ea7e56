//! Keeping vault tokens fresh (issue 15): the background refresh (`vault-refresh` job)
//! renews recently used credentials before they expire, through the token API's single
//! flight; across instances (PostgreSQL) and processes (SQLite) one lease per credential
//! makes it one request at the provider.

use std::time::Duration;

use axum::http::StatusCode;
use jeton_core::entities::{AuditAction, AuditQuery};
use jeton_flows::vault::{NewVaultCredential, RefreshRun, VaultCaller};
use serde_json::json;

use crate::helpers::*;
use crate::vault::{Scripted, cc, domain, json_answer, oauth_error, token};

/// A provider that issues `outside-N` for `lifetime` seconds, with a refresh token.
async fn short_lived(lifetime: u64, delay: Duration) -> Scripted {
    Scripted::start(delay, move |_, n| {
        json_answer(
            json!({"access_token": format!("outside-{n}"), "token_type": "Bearer",
                           "expires_in": lifetime, "refresh_token": format!("rt-{n}")}),
        )
    })
    .await
}

async fn audits(
    app: &TestApp,
    action: AuditAction,
    id: &str,
) -> Vec<jeton_core::entities::AuditEvent> {
    app.store
        .audit_events(&AuditQuery {
            action: Some(action),
            target: Some(format!("vault:{id}")),
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn the_background_refresh_renews_recently_used_credentials_before_they_expire() {
    let app = spawn_app().await;
    let main = domain(&app, "main").await;
    let p = short_lived(600, Duration::ZERO).await;
    let cli = VaultCaller::cli();
    let used = app
        .flows
        .vault_create(&main, cc(&p.token_endpoint(), "used"), &cli)
        .await
        .unwrap();
    let unused = app
        .flows
        .vault_create(&main, cc(&p.token_endpoint(), "unused"), &cli)
        .await
        .unwrap();
    assert_eq!(p.hits(), 2);
    assert_eq!(token(&app, &used.id).await.unwrap(), "outside-1");
    // Not due yet: ten minutes to live.
    assert_eq!(app.flows.vault_refresh_due().await, RefreshRun::default());
    assert_eq!(p.hits(), 2);
    // Within the margin (but still fresh enough to hand out): renewed ahead of time.
    app.clock
        .advance(600 - jeton_core::vault::BACKGROUND_REFRESH_MARGIN_SECS + 1);
    let run = app.flows.vault_refresh_due().await;
    assert_eq!(
        run,
        RefreshRun {
            renewed: 1,
            ..Default::default()
        }
    );
    assert_eq!(p.hits(), 3, "only the recently used one");
    let seen = p.last();
    assert_eq!(seen.get("grant_type"), Some("refresh_token"));
    assert_eq!(seen.get("refresh_token"), Some("rt-1"));
    assert_eq!(token(&app, &used.id).await.unwrap(), "outside-3");
    assert_eq!(p.hits(), 3, "the job waits for no one: the token is ready");
    let renewals = audits(&app, AuditAction::VaultRenew, &used.id).await;
    assert_eq!(renewals.len(), 1);
    assert_eq!(renewals[0].actor.name, "job:vault-refresh");
    let v = app
        .flows
        .view(&app.flows.vault_find(&main, "unused", &cli).await.unwrap())
        .await
        .unwrap();
    assert_eq!(v.last_used_at, None, "a background renewal is not a use");
    assert_eq!(
        audits(&app, AuditAction::VaultRenew, &unused.id)
            .await
            .len(),
        0
    );
    // Used long ago: no longer kept fresh.
    app.clock.advance(jeton_core::vault::RECENT_USE_SECS + 1);
    assert_eq!(app.flows.vault_refresh_due().await, RefreshRun::default());
    assert_eq!(p.hits(), 3);
}

#[tokio::test]
async fn a_refresh_the_provider_refuses_in_the_background_needs_reauthorization() {
    let app = spawn_app().await;
    let main = domain(&app, "main").await;
    let p = Scripted::start(Duration::ZERO, |_, n| {
        if n == 1 {
            json_answer(json!({"access_token": "outside-1", "token_type": "Bearer",
                               "expires_in": 600, "refresh_token": "rt-1"}))
        } else {
            oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "revoked")
        }
    })
    .await;
    let c = app
        .flows
        .vault_create(
            &main,
            NewVaultCredential {
                grant: "password".into(),
                username: Some("svc".into()),
                password: Some(secrecy::SecretString::from("pw-0123456789")),
                ..cc(&p.token_endpoint(), "refused")
            },
            &VaultCaller::cli(),
        )
        .await
        .unwrap();
    token(&app, &c.id).await.unwrap();
    app.clock.advance(400);
    let run = app.flows.vault_refresh_due().await;
    assert_eq!(run.failed, 1, "{run:?}");
    let err = token(&app, &c.id).await.unwrap_err().to_string();
    assert!(err.contains("re-authorization"), "{err}");
    let marked = audits(&app, AuditAction::VaultNeedsReauthorization, &c.id).await;
    assert_eq!(marked.len(), 1);
    assert_eq!(marked[0].actor.name, "job:vault-refresh");
    let before = p.hits();
    assert_eq!(app.flows.vault_refresh_due().await, RefreshRun::default());
    assert_eq!(p.hits(), before, "not asked again once it needs a person");
}

#[tokio::test]
async fn jeton_serve_runs_the_vault_refresh_on_its_interval() {
    let app = spawn_with(&[("vault_refresh_interval_secs", "1")]).await;
    let main = domain(&app, "main").await;
    let p = short_lived(600, Duration::ZERO).await;
    let c = app
        .flows
        .vault_create(&main, cc(&p.token_endpoint(), "kept"), &VaultCaller::cli())
        .await
        .unwrap();
    token(&app, &c.id).await.unwrap();
    app.clock.advance(400);
    // Generous: the job runs every second, but a loaded CI machine (the whole suite at once)
    // delayed it past 5 s once. A job that never runs still fails here.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while p.hits() < 2 {
        assert!(
            std::time::Instant::now() < deadline,
            "the job did not renew within 20 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The provider counts its answer before the job has stored the new token: wait for the
    // store too (the old token, still valid for 200 s, is what a caller gets meanwhile).
    loop {
        let now = token(&app, &c.id).await.unwrap();
        if now == "outside-2" {
            break;
        }
        assert_eq!(
            now, "outside-1",
            "only the job's renewal, never a third request"
        );
        assert!(
            std::time::Instant::now() < deadline,
            "the renewed token was not stored within 20 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(p.hits(), 2, "one renewal, by the job");
}

/// A second instance on `db`: its own `Flows` (own flights, own HTTP client) over its own
/// connection pool, with the same encryption key and the test's clock.
async fn second_instance(app: &TestApp, db: &str) -> std::sync::Arc<jeton_flows::Flows> {
    let mut values: Vec<(&str, &str)> = vec![
        ("database_url", db),
        ("public_url", &app.base),
        ("listen", "127.0.0.1:0"),
    ];
    if db.starts_with("postgres") {
        values.push(("encryption_key", TEST_ENCRYPTION_KEY));
    }
    let config = jeton_server::Config::with_overrides(&values).unwrap();
    let store = jeton_store::connect(db, &config.connect_options(true))
        .await
        .unwrap();
    let sealer = jeton_server::encryption_key::sealer(&config).unwrap();
    jeton_server::AppState::new(
        config,
        store,
        app.clock.clone(),
        std::sync::Arc::new(jeton_core::OsRandom),
        std::sync::Arc::new(sealer),
    )
    .flows
    .clone()
}

/// 50 token requests at once on an expired credential, alternating between two instances:
/// one request at the provider, and everyone gets its token.
async fn fifty_over_two_instances(app: &TestApp, other: std::sync::Arc<jeton_flows::Flows>) {
    use secrecy::ExposeSecret;
    let main = domain(app, "main").await;
    let p = short_lived(600, Duration::from_millis(300)).await;
    let c = app
        .flows
        .vault_create(
            &main,
            cc(&p.token_endpoint(), "shared"),
            &VaultCaller::cli(),
        )
        .await
        .unwrap();
    assert_eq!(p.hits(), 1);
    app.clock.advance(601);
    let calls = (0..50).map(|i| {
        let flows = if i % 2 == 0 {
            app.flows.clone()
        } else {
            other.clone()
        };
        let id = c.id.clone();
        async move {
            let (_, c) = flows.vault_credential_by_id(&id).await?.unwrap();
            flows
                .vault_token(c, &VaultCaller::cli())
                .await
                .map(|t| t.access_token.expose_secret().to_owned())
        }
    });
    let got = futures_util::future::join_all(calls).await;
    for g in &got {
        assert_eq!(g.as_ref().unwrap(), "outside-2");
    }
    assert_eq!(p.hits(), 2, "exactly one renewal at the provider");
    assert_eq!(p.last().get("refresh_token"), Some("rt-1"));
    let renewals = audits(app, AuditAction::VaultRenew, &c.id).await;
    assert_eq!(renewals.len(), 1);
    // The lease was given back: the next expiry renews again, from either instance.
    app.clock.advance(601);
    let (_, again) = other.vault_credential_by_id(&c.id).await.unwrap().unwrap();
    let t = other.vault_token(again, &VaultCaller::cli()).await.unwrap();
    assert_eq!(t.access_token.expose_secret(), "outside-3");
    assert_eq!(
        p.last().get("refresh_token"),
        Some("rt-2"),
        "the rotated one"
    );
}

#[tokio::test]
async fn fifty_callers_over_two_instances_on_one_sqlite_file_cause_one_provider_request() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/jeton.db", dir.path().display());
    let app = spawn_on(&db, dir, &[]).await;
    let other = second_instance(&app, &db).await;
    fifty_over_two_instances(&app, other).await;
}

#[tokio::test]
async fn fifty_callers_over_two_instances_on_postgres_cause_one_provider_request() {
    let test = "fifty_callers_over_two_instances_on_postgres_cause_one_provider_request";
    let Ok(base) = std::env::var("JETON_TEST_DATABASE_URL") else {
        skip(test, "JETON_TEST_DATABASE_URL is not set (.ci/run sets it)");
        return;
    };
    let db = jeton_store::postgres::scratch_schema_url(&base)
        .await
        .expect("a scratch schema");
    let app = spawn_on(&db, tempfile::tempdir().unwrap(), &[]).await;
    let other = second_instance(&app, &db).await;
    fifty_over_two_instances(&app, other).await;
}

#[tokio::test]
async fn a_lease_left_by_a_holder_that_died_is_taken_over_once_it_runs_out() {
    use jeton_core::Clock;
    let app = spawn_app().await;
    let main = domain(&app, "main").await;
    let p = short_lived(600, Duration::ZERO).await;
    let c = app
        .flows
        .vault_create(
            &main,
            cc(&p.token_endpoint(), "orphan"),
            &VaultCaller::cli(),
        )
        .await
        .unwrap();
    app.clock.advance(601);
    // Another process took the lease and died: it runs out 30 s after it was taken.
    let now = app.clock.now();
    assert!(
        app.store
            .take_vault_renewal(&c.id, "dead", now - 31, now - 1)
            .await
            .unwrap()
    );
    assert_eq!(token(&app, &c.id).await.unwrap(), "outside-2");
    assert_eq!(p.hits(), 2);
}

#[tokio::test]
async fn an_edit_that_drops_the_tokens_waits_for_a_renewal_in_flight() {
    use jeton_core::Clock;
    use jeton_flows::vault::VaultEdit;
    let app = spawn_app().await;
    let main = domain(&app, "main").await;
    let p = short_lived(600, Duration::ZERO).await;
    let cli = VaultCaller::cli();
    let c = app
        .flows
        .vault_create(&main, cc(&p.token_endpoint(), "busy"), &cli)
        .await
        .unwrap();
    let now = app.clock.now();
    // Someone (another instance) is renewing with the current settings.
    assert!(
        app.store
            .take_vault_renewal(&c.id, "renewer", now, now + 30)
            .await
            .unwrap()
    );
    let stored = app.flows.vault_find(&main, "busy", &cli).await.unwrap();
    // A name is not what tokens depend on: no wait.
    let renamed = tokio::time::timeout(
        Duration::from_secs(2),
        app.flows.vault_edit(
            &stored,
            VaultEdit {
                name: Some("busy2".into()),
                ..Default::default()
            },
            &cli,
        ),
    )
    .await
    .expect("a rename does not wait")
    .unwrap();
    assert!(!renamed.tokens_dropped);
    let stored = app.flows.vault_find(&main, "busy2", &cli).await.unwrap();
    let flows = app.flows.clone();
    let edit = tokio::spawn(async move {
        flows
            .vault_edit(
                &stored,
                VaultEdit {
                    scope: Some("other".into()),
                    ..Default::default()
                },
                &VaultCaller::cli(),
            )
            .await
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !edit.is_finished(),
        "the scope change waits for the renewal"
    );
    let row = app.store.vault_credential(&c.id).await.unwrap().unwrap();
    assert!(row.tokens.access_token.is_some(), "nothing dropped yet");
    app.store
        .release_vault_renewal(&c.id, "renewer")
        .await
        .unwrap();
    let edited = tokio::time::timeout(Duration::from_secs(2), edit)
        .await
        .expect("done once the renewal is")
        .unwrap()
        .unwrap();
    assert!(edited.tokens_dropped);
    assert_eq!(edited.credential.status, "new");
    assert_eq!(token(&app, &c.id).await.unwrap(), "outside-2");
    assert_eq!(p.last().get("scope"), Some("other"));
}
