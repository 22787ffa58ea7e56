//! Scopes derived from the user: a domain maps user attributes (as well as roles) to scopes;
//! consent and tokens show only what the person is entitled to.

use jeton_core::entities::Actor;
use jeton_core::roles::Authority;
use jeton_flows::provision::ClientSpec;

use crate::cli::run;
use crate::helpers::*;

#[tokio::test]
async fn an_attribute_grants_a_scope_at_consent_in_tokens_and_until_it_changes() {
    let app = spawn_app().await;
    app.standard().await;
    app.prov
        .create_scope_with(
            "main",
            "ledger:read",
            Some("Read the ledger"),
            &[],
            &["department=finance".to_owned()],
        )
        .await
        .unwrap();
    app.user("bob", &[]).await;
    let domain = app.flows.domain_by_slug("main").await.unwrap().unwrap();
    let alice = app
        .store
        .user_by_username(&domain.id, "alice")
        .await
        .unwrap()
        .unwrap();
    app.flows
        .set_user_attributes(
            &domain,
            &alice.id,
            &serde_json::json!({"department": "finance"}),
            &Actor::cli(),
            Authority::Manager,
        )
        .await
        .unwrap();
    let c = app
        .client(ClientSpec {
            name: "Books".into(),
            redirect_uris: vec![REDIRECT.into()],
            scopes: vec!["read".into(), "ledger:read".into()],
            ..Default::default()
        })
        .await;

    // Alice (department=finance) is asked for it and gets it.
    let p = pkce();
    let query = code_request(&c.id, &p.challenge, "read ledger:read", "s");
    let authorize = format!("/d/main/oauth/authorize?{}", encode(&query));
    let b = Browser::new(&app);
    b.login("alice", PASSWORD, &authorize).await;
    let consent = location(&b.get(&authorize).await);
    let html = b.get(&consent).await.text().await.unwrap();
    assert!(html.contains("Read the ledger"), "{html}");
    let tokens = tokens_for(&app, &c, "read ledger:read").await;
    assert_eq!(tokens["scope"], "ledger:read read");

    // Bob (no such attribute) is never shown it, and his tokens do not carry it.
    let b = Browser::new(&app);
    b.login("bob", PASSWORD, &authorize).await;
    let consent = location(&b.get(&authorize).await);
    let html = b.get(&consent).await.text().await.unwrap();
    assert!(!html.contains("Read the ledger"), "{html}");
    assert!(html.contains("Read your photos"));

    // Once Alice leaves finance, a refresh no longer carries it.
    app.flows
        .set_user_attributes(
            &domain,
            &alice.id,
            &serde_json::json!({"department": "sales"}),
            &Actor::cli(),
            Authority::Manager,
        )
        .await
        .unwrap();
    let res = app
        .token(
            &c,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let refreshed: serde_json::Value = res.json().await.unwrap();
    assert_eq!(refreshed["scope"], "read");
}

#[tokio::test]
async fn managers_and_the_cli_register_attribute_scopes_and_bad_conditions_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, _, err) = run(&dir, &["domain", "create", "acme"], None).await;
    assert!(ok, "{err}");
    let (ok, _, err) = run(
        &dir,
        &[
            "scope",
            "create",
            "--domain",
            "acme",
            "ledger:read",
            "--attribute",
            "department=finance",
        ],
        None,
    )
    .await;
    assert!(ok, "{err}");
    let (ok, out, _) = run(&dir, &["scope", "list", "--domain", "acme", "--json"], None).await;
    assert!(ok);
    assert!(out.contains("department=finance"), "{out}");
    // Recorded like a change from the pages, with the operator as the actor.
    let store = jeton_store::connect(
        &format!("sqlite://{}/jeton.db", dir.path().display()),
        &Default::default(),
    )
    .await
    .unwrap();
    let events = store
        .audit_events(&jeton_core::entities::AuditQuery {
            action: Some(jeton_core::entities::AuditAction::ScopeCreate),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].actor.name, "cli");
    assert_eq!(events[0].target, "scope:ledger:read");
    let (ok, _, err) = run(
        &dir,
        &[
            "scope",
            "create",
            "--domain",
            "acme",
            "x",
            "--attribute",
            "Department",
        ],
        None,
    )
    .await;
    assert!(!ok);
    assert!(err.contains("key=value"), "{err}");
}
