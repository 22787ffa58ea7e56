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
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while p.hits() < 2 {
        assert!(
            std::time::Instant::now() < deadline,
            "the job did not renew within 5 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(token(&app, &c.id).await.unwrap(), "outside-2");
}
