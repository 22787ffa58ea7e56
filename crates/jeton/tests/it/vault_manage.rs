//! Changing vault credentials and who may use them (issue 15): `vault_edit` and the
//! permission flows, through the flows, the JSON API (session or a `vault:manage` token)
//! and the CLI. The scripted provider of `vault.rs` counts and records what reaches it.

use std::time::Duration;

use axum::http::StatusCode;
use jeton_core::entities::{AuditAction, AuditQuery};
use jeton_core::vault::{Access, ContainerPath, Grantee, PermissionTarget};
use jeton_flows::provision::ClientSpec;
use jeton_flows::vault::{NewVaultCredential, VaultCaller, VaultEdit, VaultError};
use secrecy::SecretString;
use serde_json::{Value, json};

use crate::api_account::{Session, problem};
use crate::helpers::*;
use crate::vault::{SECRET, Scripted, cc, domain, json_answer, oauth_error, token};

/// A provider that issues `outside-N` for 600 s to whoever sends `secret` (Basic or body).
async fn provider_accepting(secret: &'static str) -> Scripted {
    Scripted::start(Duration::ZERO, move |r, n| {
        let sent = r
            .basic
            .as_ref()
            .map(|(_, s)| s.as_str())
            .or(r.get("client_secret"));
        if sent == Some(secret) {
            json_answer(json!({"access_token": format!("outside-{n}"), "token_type": "Bearer", "expires_in": 600}))
        } else {
            oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "wrong secret")
        }
    })
    .await
}

async fn edits(app: &TestApp, id: &str) -> Vec<jeton_core::entities::AuditEvent> {
    app.store
        .audit_events(&AuditQuery {
            action: Some(AuditAction::VaultEdit),
            target: Some(format!("vault:{id}")),
            limit: 20,
            ..Default::default()
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn an_edit_keeps_the_tokens_unless_they_depend_on_the_change_and_never_records_secrets() {
    let app = spawn_app().await;
    let main = domain(&app, "main").await;
    let p = provider_accepting(SECRET).await;
    let cli = VaultCaller::cli();
    let view = app
        .flows
        .vault_create(&main, cc(&p.token_endpoint(), "crm"), &cli)
        .await
        .unwrap();
    assert_eq!(p.hits(), 1);
    assert!(!view.pkce, "no PKCE for client credentials");
    let find = |name: &'static str| {
        let (app, main) = (&app, main.clone());
        async move {
            app.flows
                .vault_find(&main, name, &VaultCaller::cli())
                .await
                .unwrap()
        }
    };

    // Settings the tokens do not depend on: the tokens stay.
    let edited = app
        .flows
        .vault_edit(
            &find("crm").await,
            VaultEdit {
                name: Some("crm prod".into()),
                container: Some("/team".into()),
                allow_jobs: Some(true),
                client_auth: Some("body".into()),
                ..Default::default()
            },
            &cli,
        )
        .await
        .unwrap();
    assert_eq!(
        edited.changed,
        ["name", "container", "client_auth", "allow_jobs"]
    );
    assert!(!edited.tokens_dropped);
    assert_eq!(edited.credential.status, "authorized");
    assert_eq!(edited.credential.container, "/team");
    assert_eq!(token(&app, &view.id).await.unwrap(), "outside-1");
    assert_eq!(p.hits(), 1, "the stored token is still handed out");

    // The same secret again changes nothing (and drops nothing).
    let same = app
        .flows
        .vault_edit(
            &find("crm prod").await,
            VaultEdit {
                client_secret: Some(SecretString::from(SECRET)),
                name: Some("crm prod".into()),
                ..Default::default()
            },
            &cli,
        )
        .await
        .unwrap();
    assert!(same.changed.is_empty(), "{:?}", same.changed);
    assert_eq!(
        edits(&app, &view.id).await.len(),
        1,
        "no record for no change"
    );

    // The scope: the tokens were issued for another one, so they go.
    let edited = app
        .flows
        .vault_edit(
            &find("crm prod").await,
            VaultEdit {
                scope: Some("  read   write ".into()),
                ..Default::default()
            },
            &cli,
        )
        .await
        .unwrap();
    assert_eq!(edited.changed, ["scope"]);
    assert!(edited.tokens_dropped);
    assert_eq!(edited.credential.status, "new");
    assert!(!edited.credential.has_access_token);
    assert_eq!(edited.credential.scope.as_deref(), Some("read write"));
    assert_eq!(token(&app, &view.id).await.unwrap(), "outside-2");
    assert_eq!(p.hits(), 2, "obtained anew on the next use");
    let seen = p.last();
    assert_eq!(seen.get("scope"), Some("read write"));
    assert_eq!(
        seen.get("client_secret"),
        Some(SECRET),
        "client_auth body is used now"
    );

    // A new secret replaces the old one: the provider sees it, nobody else does.
    let new_secret = "n3w-secret-0123456789-abcdef";
    let p2 = provider_accepting(new_secret).await;
    let edited = app
        .flows
        .vault_edit(
            &find("crm prod").await,
            VaultEdit {
                client_secret: Some(SecretString::from(new_secret)),
                token_endpoint: Some(p2.token_endpoint()),
                ..Default::default()
            },
            &cli,
        )
        .await
        .unwrap();
    assert_eq!(edited.changed, ["token_endpoint", "client_secret"]);
    assert!(edited.tokens_dropped);
    assert_eq!(
        edited.credential.client_secret.as_deref(),
        Some("set (…cdef)")
    );
    assert_eq!(token(&app, &view.id).await.unwrap(), "outside-1");
    assert_eq!((p.hits(), p2.hits()), (2, 1), "the new provider, once");
    assert_eq!(p2.last().get("client_secret"), Some(new_secret));

    // Bad input is a clear error naming the field; nothing changes.
    let c = find("crm prod").await;
    for (edit, field) in [
        (
            VaultEdit {
                token_endpoint: Some("ftp://idp.example/token".into()),
                ..Default::default()
            },
            "token_endpoint",
        ),
        (
            VaultEdit {
                pkce: Some(true),
                ..Default::default()
            },
            "pkce",
        ),
        (
            VaultEdit {
                grant: Some("password".into()),
                ..Default::default()
            },
            "username",
        ),
        (
            VaultEdit {
                grant: Some("device_code".into()),
                ..Default::default()
            },
            "grant",
        ),
        (
            VaultEdit {
                container: Some("no-slash".into()),
                ..Default::default()
            },
            "container",
        ),
        (
            VaultEdit {
                extra_params: Some(vec![("client_secret".into(), "x".into())]),
                ..Default::default()
            },
            "extra_params",
        ),
        (
            VaultEdit {
                client_secret: Some(SecretString::from(String::new())),
                ..Default::default()
            },
            "client_secret",
        ),
    ] {
        match app.flows.vault_edit(&c, edit, &cli).await {
            Err(VaultError::Invalid(f)) => assert_eq!(f.field, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    app.flows
        .vault_create(&main, cc(&p.token_endpoint(), "taken"), &cli)
        .await
        .unwrap();
    let clash = app
        .flows
        .vault_edit(
            &c,
            VaultEdit {
                name: Some("taken".into()),
                container: Some("/".into()),
                ..Default::default()
            },
            &cli,
        )
        .await;
    assert!(matches!(clash, Err(VaultError::Conflict(_))), "{clash:?}");

    // The audit log names the changed fields, never a secret.
    let records = edits(&app, &view.id).await;
    assert_eq!(records.len(), 3);
    for r in &records {
        let text = r.detail.to_string();
        assert!(
            !text.contains(SECRET) && !text.contains(new_secret),
            "{text}"
        );
    }
    assert!(
        records.iter().any(
            |r| r.detail["changed"] == json!(["token_endpoint", "client_secret"])
                && r.detail["tokens_dropped"] == json!(true)
        ),
        "{records:?}"
    );
}

#[tokio::test]
async fn pkce_is_on_for_the_code_grant_and_an_edit_of_the_endpoint_asks_for_authorization_again() {
    let app = spawn_app().await;
    let main = domain(&app, "main").await;
    let cli = VaultCaller::cli();
    let code = |pkce: Option<bool>, name: &str| NewVaultCredential {
        grant: "authorization_code".into(),
        authorization_endpoint: Some("https://idp.example/authorize".into()),
        pkce,
        ..cc("https://idp.example/token", name)
    };
    let on = app
        .flows
        .vault_create(&main, code(None, "on"), &cli)
        .await
        .unwrap();
    assert!(on.pkce, "on by default");
    let off = app
        .flows
        .vault_create(&main, code(Some(false), "off"), &cli)
        .await
        .unwrap();
    assert!(!off.pkce);
    let c = app.flows.vault_find(&main, "on", &cli).await.unwrap();
    let edited = app
        .flows
        .vault_edit(
            &c,
            VaultEdit {
                pkce: Some(false),
                ..Default::default()
            },
            &cli,
        )
        .await
        .unwrap();
    assert_eq!(edited.changed, ["pkce"]);
    assert!(!edited.tokens_dropped && !edited.credential.pkce);
    // Switching to client credentials turns PKCE off with the grant, and drops the tokens.
    let c = app.flows.vault_find(&main, "on", &cli).await.unwrap();
    let edited = app
        .flows
        .vault_edit(
            &c,
            VaultEdit {
                grant: Some("client_credentials".into()),
                pkce: Some(false),
                ..Default::default()
            },
            &cli,
        )
        .await
        .unwrap();
    assert_eq!(edited.changed, ["grant"]);
    assert!(edited.tokens_dropped && !edited.credential.pkce);
    let c = app.flows.vault_find(&main, "off", &cli).await.unwrap();
    let edited = app
        .flows
        .vault_edit(
            &c,
            VaultEdit {
                grant: Some("authorization_code".into()),
                pkce: Some(true),
                ..Default::default()
            },
            &cli,
        )
        .await
        .unwrap();
    assert_eq!(edited.changed, ["pkce"]);
    assert!(edited.credential.pkce);
    let bad = app
        .flows
        .vault_create(
            &main,
            NewVaultCredential {
                pkce: Some(true),
                ..cc("https://idp.example/token", "cc-pkce")
            },
            &cli,
        )
        .await;
    assert!(
        matches!(&bad, Err(VaultError::Invalid(f)) if f.field == "pkce"),
        "{bad:?}"
    );
}

#[tokio::test]
async fn permissions_are_listed_with_what_is_inherited_and_removed_by_who_may_edit() {
    let app = spawn_app().await;
    app.user("alice", &[]).await;
    app.user("bob", &[]).await;
    let main = domain(&app, "main").await;
    let cli = VaultCaller::cli();
    // The code grant saves without asking the provider.
    let view = app
        .flows
        .vault_create(
            &main,
            NewVaultCredential {
                container: Some("/team/crm".into()),
                grant: "authorization_code".into(),
                authorization_endpoint: Some("https://idp.example/authorize".into()),
                ..cc("https://idp.example/token", "crm")
            },
            &cli,
        )
        .await
        .unwrap();
    let alice = app
        .flows
        .vault_grantee(&main, "user", "alice")
        .await
        .unwrap();
    let team = PermissionTarget::Container(ContainerPath::parse("/team").unwrap());
    let on_cred = PermissionTarget::Credential(view.id.clone());
    app.flows
        .vault_permit(&main, team.clone(), alice.clone(), Access::Edit, &cli)
        .await
        .unwrap();
    app.flows
        .vault_permit(
            &main,
            on_cred.clone(),
            Grantee::Role("ops".into()),
            Access::Use,
            &cli,
        )
        .await
        .unwrap();
    let listed = app
        .flows
        .vault_permissions_on(&main, Some(&on_cred), &cli)
        .await
        .unwrap();
    assert_eq!(listed.len(), 2, "{listed:?}");
    let inherited = listed.iter().find(|p| p.inherited).unwrap();
    assert_eq!(
        (
            inherited.grantee_kind,
            inherited.grantee.as_str(),
            inherited.access
        ),
        ("user", "alice", "edit")
    );
    assert_eq!(inherited.container.as_deref(), Some("/team"));
    let direct = listed.iter().find(|p| !p.inherited).unwrap();
    assert_eq!(direct.credential_name.as_deref(), Some("crm"));
    // Alice edits /team, so she may remove the role's permission on the credential;
    // bob may neither see nor remove anything.
    let as_user = |name: &str| {
        let app = &app;
        let name = name.to_owned();
        async move {
            let u = app
                .store
                .user_by_username(&domain(app, "main").await.id, &name)
                .await
                .unwrap()
                .unwrap();
            VaultCaller {
                principal: jeton_core::vault::Principal::User {
                    id: u.id.clone(),
                    roles: u.roles.clone(),
                },
                actor: jeton_core::entities::Actor::user(u.id, &u.username, None),
                via: jeton_flows::vault::Via::Page,
            }
        }
    };
    let bob = as_user("bob").await;
    assert!(matches!(
        app.flows
            .vault_permissions_on(&main, Some(&on_cred), &bob)
            .await,
        Err(VaultError::Forbidden(_))
    ));
    assert!(
        app.flows
            .vault_permissions_on(&main, None, &bob)
            .await
            .unwrap()
            .is_empty(),
        "bob edits nothing, so sees no permission"
    );
    assert!(matches!(
        app.flows
            .vault_revoke_permission(&main, &direct.id, &bob)
            .await,
        Err(VaultError::Forbidden(_))
    ));
    let alice_caller = as_user("alice").await;
    app.flows
        .vault_revoke_permission(&main, &direct.id, &alice_caller)
        .await
        .unwrap();
    assert!(matches!(
        app.flows
            .vault_revoke_permission(&main, &direct.id, &alice_caller)
            .await,
        Err(VaultError::NoSuchPermission)
    ));
    let left = app
        .flows
        .vault_permissions_on(&main, None, &cli)
        .await
        .unwrap();
    assert_eq!(left.len(), 1, "{left:?}");
    // Grantees are checked.
    for (kind, name, field) in [
        ("user", "nobody", "user"),
        ("consumer", "no-such-client", "consumer"),
        ("role", "two words", "role"),
        ("group", "x", "grantee_kind"),
    ] {
        match app.flows.vault_grantee(&main, kind, name).await {
            Err(VaultError::Invalid(f)) => assert_eq!(f.field, field),
            other => panic!("{kind}: {other:?}"),
        }
    }
    let revoked = app
        .store
        .audit_events(&AuditQuery {
            action: Some(AuditAction::VaultRevokePermission),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(revoked.len(), 1);
    assert_eq!(revoked[0].actor.name, "alice");
    assert_eq!(revoked[0].detail["grantee"], "ops");
}

#[tokio::test]
async fn the_api_edits_and_manages_permissions_for_sessions_and_vault_manage_tokens() {
    let app = spawn_app().await;
    app.scope("vault:manage", "Change the vault's credentials", &[])
        .await;
    app.user("alice", &[]).await;
    app.user("bob", &[]).await;
    let main = domain(&app, "main").await;
    let cli = VaultCaller::cli();
    let p = provider_accepting(SECRET).await;
    let view = app
        .flows
        .vault_create(
            &main,
            NewVaultCredential {
                container: Some("/team".into()),
                ..cc(&p.token_endpoint(), "crm")
            },
            &cli,
        )
        .await
        .unwrap();
    let edit_url = format!("/vault/credentials/{}", view.id);
    let perms_url = format!("/vault/credentials/{}/permissions", view.id);
    let alice = Session::sign_in(&app, "alice").await;
    let bob = Session::sign_in(&app, "bob").await;

    // No session, no token: 401. Signed in without a permission: 403.
    let res = app
        .http
        .put(app.url(&format!("/api/v1{edit_url}")))
        .json(&json!({"name": "x"}))
        .send()
        .await
        .unwrap();
    problem(res, 401, "unauthenticated").await;
    let v = problem(
        alice
            .call("PUT", &edit_url, Some(json!({"name": "x"})))
            .await,
        403,
        "forbidden",
    )
    .await;
    assert!(
        v["detail"].as_str().unwrap().contains("may not change"),
        "{v}"
    );

    // Edit on /team for alice; bob gets nothing.
    app.flows
        .vault_permit(
            &main,
            PermissionTarget::Container(ContainerPath::parse("/team").unwrap()),
            app.flows
                .vault_grantee(&main, "user", "alice")
                .await
                .unwrap(),
            Access::Edit,
            &cli,
        )
        .await
        .unwrap();
    let res = alice
        .call(
            "PUT",
            &edit_url,
            Some(json!({"name": "crm2", "scope": "read", "extra_params": [["audience", "https://api.example"]]})),
        )
        .await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["changed"], json!(["name", "scope", "extra_params"]));
    assert_eq!(body["tokens_dropped"], true);
    // No revocation endpoint on this one: nothing asked of the provider.
    assert_eq!(body["revocation"], "not_attempted");
    assert_eq!(body["revocation_error"], Value::Null);
    assert_eq!(body["credential"]["name"], "crm2");
    assert_eq!(body["credential"]["status"], "new");
    assert_eq!(
        body["credential"]["extra_params"],
        json!([["audience", "https://api.example"]])
    );
    assert!(!body.to_string().contains(SECRET), "{body}");
    let edits = edits(&app, &view.id).await;
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0].actor.name, "alice");

    // Bad bodies are 400 problems naming what is wrong, never 500.
    for (b, field) in [
        (json!({"token_endpoint": "not a url"}), "token_endpoint"),
        (json!({"client_auth": "cookie"}), "client_auth"),
        (json!({"colour": "red"}), "body"),
        (json!({"name": 7}), "body"),
    ] {
        let v = problem(
            alice.call("PUT", &edit_url, Some(b)).await,
            400,
            "invalid-input",
        )
        .await;
        assert!(v.to_string().contains(field), "{field}: {v}");
    }
    problem(
        alice
            .call("PUT", "/vault/credentials/nope", Some(json!({"name": "x"})))
            .await,
        404,
        "not-found",
    )
    .await;

    // Permissions on the credential: alice's is inherited from /team.
    let res = alice.call("GET", &perms_url, None).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["permissions"].as_array().unwrap().len(), 1, "{body}");
    assert_eq!(body["permissions"][0]["inherited"], true);
    assert_eq!(body["permissions"][0]["grantee"], "alice");
    problem(bob.call("GET", &perms_url, None).await, 403, "forbidden").await;
    let res = alice
        .call(
            "POST",
            &perms_url,
            Some(json!({"user": "bob", "access": "use"})),
        )
        .await;
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.unwrap();
    let bobs = body["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["grantee"] == "bob")
        .expect("bob's permission")
        .clone();
    assert_eq!(bobs["access"], "use");
    assert_eq!(bobs["inherited"], false);
    for b in [
        json!({"user": "nobody", "access": "use"}),
        json!({"role": "ops", "access": "admin"}),
        json!({"role": "ops", "user": "bob", "access": "use"}),
        json!({"access": "use"}),
    ] {
        problem(
            alice.call("POST", &perms_url, Some(b)).await,
            400,
            "invalid-input",
        )
        .await;
    }
    // Use is not edit: bob still may not change it.
    problem(
        bob.call("PUT", &edit_url, Some(json!({"name": "mine"})))
            .await,
        403,
        "forbidden",
    )
    .await;
    let bobs_url = format!("{perms_url}/{}", bobs["id"].as_str().unwrap());
    let res = alice.call("DELETE", &bobs_url, None).await;
    assert_eq!(res.status(), 204);
    problem(
        alice.call("DELETE", &bobs_url, None).await,
        404,
        "not-found",
    )
    .await;

    // On containers, through the domain.
    let res = alice
        .call(
            "GET",
            "/domains/main/vault/permissions?container=/team",
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["permissions"][0]["inherited"], false, "{body}");
    problem(
        alice
            .call(
                "GET",
                "/domains/main/vault/permissions?container=team",
                None,
            )
            .await,
        400,
        "invalid-input",
    )
    .await;
    problem(
        alice
            .call(
                "POST",
                "/domains/main/vault/permissions",
                Some(json!({"container": "/other", "role": "ops", "access": "view"})),
            )
            .await,
        403,
        "forbidden",
    )
    .await;
    let res = alice
        .call(
            "POST",
            "/domains/main/vault/permissions",
            Some(json!({"container": "/team/sub", "role": "ops", "access": "view"})),
        )
        .await;
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.unwrap();
    let ops = body["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["grantee"] == "ops")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = alice
        .call(
            "DELETE",
            &format!("/domains/main/vault/permissions/{ops}"),
            None,
        )
        .await;
    assert_eq!(res.status(), 204);

    // A job with a vault:manage token needs a permission like anyone.
    let job = app
        .client(ClientSpec {
            name: "manager job".into(),
            grants: vec!["client_credentials".into()],
            scopes: vec!["vault:manage".into()],
            consumer: true,
            ..Default::default()
        })
        .await;
    let res = app
        .post_form(
            "/d/main/oauth/token",
            Some((&job.id, job.secret.as_deref().unwrap())),
            &[
                ("grant_type", "client_credentials"),
                ("scope", "vault:manage"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let bearer = res.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let put = |bearer: String| {
        app.http
            .put(app.url(&format!("/api/v1{edit_url}")))
            .bearer_auth(bearer)
            .json(&json!({"allow_jobs": true}))
            .send()
    };
    problem(put(bearer.clone()).await.unwrap(), 403, "forbidden").await;
    app.flows
        .vault_permit(
            &main,
            PermissionTarget::Credential(view.id.clone()),
            app.flows
                .vault_grantee(&main, "consumer", &job.id)
                .await
                .unwrap(),
            Access::Edit,
            &cli,
        )
        .await
        .unwrap();
    let res = put(bearer).await.unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["changed"], json!(["allow_jobs"]));
    problem(
        put("jeton_adm_whatever".into()).await.unwrap(),
        401,
        "unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn the_cli_edits_grants_lists_and_revokes_permissions() {
    use crate::cli::run;
    let dir = tempfile::tempdir().unwrap();
    let p = provider_accepting(SECRET).await;
    let new_secret = "cli-n3w-secret-0123456789";
    let p2 = provider_accepting(new_secret).await;
    let (ok, _, err) = run(&dir, &["domain", "create", "acme"], None).await;
    assert!(ok, "{err}");
    let (ok, _, err) = run(&dir, &["user", "create", "--domain", "acme", "carol"], None).await;
    assert!(ok, "{err}");
    let endpoint = p.token_endpoint();
    let (ok, out, err) = run(
        &dir,
        &[
            "vault",
            "create",
            "--domain",
            "acme",
            "--name",
            "crm",
            "--container",
            "/ops",
            "--grant",
            "client_credentials",
            "--token-endpoint",
            &endpoint,
            "--client-id",
            "vault-client",
            "--client-secret-stdin",
        ],
        Some(&format!("{SECRET}\n")),
    )
    .await;
    assert!(ok, "{out}{err}");
    let endpoint2 = p2.token_endpoint();
    let (ok, out, err) = run(
        &dir,
        &[
            "vault",
            "edit",
            "--domain",
            "acme",
            "crm",
            "--token-endpoint",
            &endpoint2,
            "--client-secret-stdin",
            "--allow-jobs",
            "true",
        ],
        Some(&format!("{new_secret}\n")),
    )
    .await;
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("token_endpoint, allow_jobs, client_secret"),
        "{out}"
    );
    assert!(out.contains("dropped"), "{out}");
    assert!(!out.contains(new_secret), "{out}");
    let (ok, out, _) = run(&dir, &["vault", "token", "--domain", "acme", "crm"], None).await;
    assert!(ok);
    assert_eq!(out, "outside-1\n");
    assert_eq!((p.hits(), p2.hits()), (1, 1));
    let (ok, _, err) = run(
        &dir,
        &[
            "vault", "edit", "--domain", "acme", "crm", "--grant", "device",
        ],
        None,
    )
    .await;
    assert!(!ok);
    assert!(err.contains("grant"), "{err}");
    let (ok, out, err) = run(
        &dir,
        &[
            "vault",
            "grant",
            "--domain",
            "acme",
            "--container",
            "/ops",
            "--user",
            "carol",
            "--access",
            "use",
        ],
        None,
    )
    .await;
    assert!(ok, "{out}{err}");
    let (ok, out, err) = run(
        &dir,
        &[
            "vault", "grant", "--domain", "acme", "crm", "--role", "ops", "--access", "view",
        ],
        None,
    )
    .await;
    assert!(ok, "{out}{err}");
    let (ok, _, err) = run(
        &dir,
        &[
            "vault", "grant", "--domain", "acme", "crm", "--user", "nobody", "--access", "view",
        ],
        None,
    )
    .await;
    assert!(!ok);
    assert!(err.contains("no user"), "{err}");
    let (ok, _, err) = run(
        &dir,
        &[
            "vault", "grant", "--domain", "acme", "crm", "--role", "ops", "--access", "all",
        ],
        None,
    )
    .await;
    assert!(!ok);
    assert!(err.contains("view, use, edit"), "{err}");
    let (ok, out, _) = run(
        &dir,
        &["vault", "permissions", "--domain", "acme", "crm"],
        None,
    )
    .await;
    assert!(ok);
    assert!(
        out.contains("carol") && out.contains("(inherited)") && out.contains("ops"),
        "{out}"
    );
    let (ok, out, err) = run(
        &dir,
        &[
            "vault",
            "revoke-permission",
            "--domain",
            "acme",
            "--container",
            "/ops",
            "--user",
            "carol",
        ],
        None,
    )
    .await;
    assert!(ok, "{out}{err}");
    let (ok, out, _) = run(
        &dir,
        &["vault", "permissions", "--domain", "acme", "--json"],
        None,
    )
    .await;
    assert!(ok);
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert_eq!(lines[0]["grantee"], "ops");
    let (ok, _, err) = run(
        &dir,
        &[
            "vault",
            "revoke-permission",
            "--domain",
            "acme",
            "--container",
            "/ops",
            "--user",
            "carol",
        ],
        None,
    )
    .await;
    assert!(!ok);
    assert!(err.contains("no permission"), "{err}");
}
