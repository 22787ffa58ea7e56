//! The super administrator's part of the JSON API over HTTP: domains, API consumers, admin
//! API tokens (and what each scope reaches), the global audit log.

use jeton_core::roles::{MANAGER, SUPER_ADMIN};
use serde_json::{Value, json};

use crate::api_account::{Session, problem};
use crate::helpers::*;

async fn setup() -> (TestApp, Session) {
    let app = spawn_app().await;
    app.scope("read", "Read your photos", &[]).await;
    app.user("root", &[SUPER_ADMIN]).await;
    app.user("mia", &[MANAGER]).await;
    let root = Session::sign_in(&app, "root").await;
    (app, root)
}

async fn json_of(res: reqwest::Response, status: u16) -> Value {
    let code = res.status().as_u16();
    let text = res.text().await.unwrap();
    assert_eq!(code, status, "{text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

async fn bearer(
    app: &TestApp,
    method: &str,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut req = app
        .http
        .request(method, app.url(&format!("/api/v1{path}")))
        .bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn domains_are_created_renamed_disabled_and_enabled() {
    let (app, root) = setup().await;
    let d = json_of(
        root.call(
            "POST",
            "/admin/domains",
            Some(json!({ "slug": "acme", "name": "Acme" })),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(d["issuer"], format!("{}/d/acme", app.base));
    problem(
        root.call("POST", "/admin/domains", Some(json!({ "slug": "acme" })))
            .await,
        409,
        "conflict",
    )
    .await;
    let v = problem(
        root.call(
            "POST",
            "/admin/domains",
            Some(json!({ "slug": "Not A Slug" })),
        )
        .await,
        400,
        "invalid-input",
    )
    .await;
    assert_eq!(v["field"], "slug");
    let list = json_of(root.call("GET", "/admin/domains", None).await, 200).await;
    let slugs: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, vec!["acme", "main"]);

    let d = json_of(
        root.call(
            "PATCH",
            "/admin/domains/acme",
            Some(json!({ "name": "Acme Corp" })),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(d["name"], "Acme Corp");
    let meta = "/.well-known/oauth-authorization-server/d/acme";
    assert_eq!(
        app.http.get(app.url(meta)).send().await.unwrap().status(),
        200
    );
    let d = json_of(
        root.call(
            "PATCH",
            "/admin/domains/acme",
            Some(json!({ "enabled": false })),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(d["enabled"], false);
    assert_eq!(
        app.http.get(app.url(meta)).send().await.unwrap().status(),
        404,
        "a disabled domain is not found"
    );
    assert_eq!(
        app.http
            .get(app.url("/d/acme/login"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    json_of(
        root.call(
            "PATCH",
            "/admin/domains/acme",
            Some(json!({ "enabled": true })),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        app.http.get(app.url(meta)).send().await.unwrap().status(),
        200
    );
    problem(
        root.call(
            "PATCH",
            "/admin/domains/main",
            Some(json!({ "enabled": false })),
        )
        .await,
        403,
        "forbidden",
    )
    .await;

    // Only the super administrator: a manager's session is not enough (signed in, but not
    // the one who may: 403, as for the managers' calls).
    let mia = Session::sign_in(&app, "mia").await;
    problem(
        mia.call("GET", "/admin/domains", None).await,
        403,
        "forbidden",
    )
    .await;
    problem(
        Session::anonymous(&app)
            .call("POST", "/admin/domains", Some(json!({ "slug": "x" })))
            .await,
        401,
        "unauthenticated",
    )
    .await;

    let log = json_of(
        root.call("GET", "/admin/audit?target=domain:acme", None)
            .await,
        200,
    )
    .await;
    let actions: Vec<_> = log["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions.iter().filter(|a| **a == "domain.update").count(),
        3,
        "{actions:?}"
    );
    assert!(actions.contains(&"domain.create"));
    assert!(
        log["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["actor"] == "root")
    );
}

#[tokio::test]
async fn api_consumers_get_a_secret_once_and_can_be_rotated_and_revoked() {
    let (app, root) = setup().await;
    let created = json_of(
        root.call(
            "POST",
            "/admin/domains/main/consumers",
            Some(json!({ "name": "Billing backend", "scopes": ["read"] })),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(
        created["client"]["grant_types"],
        json!(["client_credentials"])
    );
    assert_eq!(
        created["token_endpoint"],
        format!("{}/d/main/oauth/token", app.base)
    );
    let mut c = TestClient {
        id: created["client"]["client_id"].as_str().unwrap().to_owned(),
        secret: Some(created["client_secret"].as_str().unwrap().to_owned()),
    };
    let tok: Value = app
        .token(&c, &[("grant_type", "client_credentials")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(tok["scope"], "read");
    let list = json_of(
        root.call("GET", "/admin/domains/main/consumers", None)
            .await,
        200,
    )
    .await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert!(
        !list.to_string().contains("jeton_cs_"),
        "never the secret again"
    );

    let rotated = json_of(
        root.call(
            "POST",
            &format!("/admin/domains/main/consumers/{}/rotate-secret", c.id),
            None,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        app.token(&c, &[("grant_type", "client_credentials")])
            .await
            .status(),
        401,
        "old secret"
    );
    c.secret = Some(rotated["client_secret"].as_str().unwrap().to_owned());
    assert_eq!(
        app.token(&c, &[("grant_type", "client_credentials")])
            .await
            .status(),
        200
    );
    assert_eq!(
        root.call(
            "POST",
            &format!("/admin/domains/main/consumers/{}/revoke", c.id),
            None
        )
        .await
        .status(),
        204
    );
    assert_eq!(
        app.token(&c, &[("grant_type", "client_credentials")])
            .await
            .status(),
        401
    );

    // An application (not a consumer) is not reachable as one, nor a consumer of another domain.
    let app_client = app.svc_client().await;
    problem(
        root.call(
            "POST",
            &format!("/admin/domains/main/consumers/{}/revoke", app_client.id),
            None,
        )
        .await,
        404,
        "not-found",
    )
    .await;
    json_of(
        root.call("POST", "/admin/domains", Some(json!({ "slug": "acme" })))
            .await,
        201,
    )
    .await;
    let other = json_of(
        root.call(
            "POST",
            "/admin/domains/acme/consumers",
            Some(json!({ "name": "x" })),
        )
        .await,
        201,
    )
    .await;
    let other_id = other["client"]["client_id"].as_str().unwrap();
    problem(
        root.call(
            "POST",
            &format!("/admin/domains/main/consumers/{other_id}/revoke"),
            None,
        )
        .await,
        404,
        "not-found",
    )
    .await;
    let v = problem(
        root.call(
            "POST",
            "/admin/domains/main/consumers",
            Some(json!({ "name": "x", "grant_types": ["magic"] })),
        )
        .await,
        400,
        "invalid-input",
    )
    .await;
    assert!(v["detail"].as_str().unwrap().contains("magic"));
}

#[tokio::test]
async fn admin_tokens_are_shown_once_scoped_expiring_and_revocable() {
    let (app, root) = setup().await;
    json_of(
        root.call("POST", "/admin/domains", Some(json!({ "slug": "acme" })))
            .await,
        201,
    )
    .await;
    let all = json_of(
        root.call(
            "POST",
            "/admin/tokens",
            Some(json!({ "name": "ci", "scope": "admin", "expires_at": "2027-03-01" })),
        )
        .await,
        201,
    )
    .await;
    let secret = all["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("jeton_adm_"));
    let acme = json_of(
        root.call(
            "POST",
            "/admin/tokens",
            Some(
                json!({ "name": "acme-sync", "scope": "domain:acme", "expires_at": "2027-03-01" }),
            ),
        )
        .await,
        201,
    )
    .await;
    let acme_secret = acme["secret"].as_str().unwrap().to_owned();
    let v = problem(
        root.call(
            "POST",
            "/admin/tokens",
            Some(json!({ "name": "x", "scope": "domain:nowhere", "expires_at": "2027-03-01" })),
        )
        .await,
        400,
        "invalid-input",
    )
    .await;
    assert_eq!(v["field"], "scope");
    let v = problem(
        root.call(
            "POST",
            "/admin/tokens",
            Some(json!({ "name": "x", "scope": "admin", "expires_at": "2029-01-01" })),
        )
        .await,
        400,
        "invalid-input",
    )
    .await;
    assert_eq!(v["field"], "expires_at");

    // scope admin: the admin API and every domain's management API, no CSRF (not a browser).
    json_of(
        bearer(&app, "GET", "/admin/domains", &secret, None).await,
        200,
    )
    .await;
    json_of(
        bearer(
            &app,
            "POST",
            "/domains/acme/users",
            &secret,
            Some(json!({ "username": "tina" })),
        )
        .await,
        201,
    )
    .await;
    // scope domain:acme: acme's management API only.
    json_of(
        bearer(&app, "GET", "/domains/acme/users", &acme_secret, None).await,
        200,
    )
    .await;
    problem(
        bearer(&app, "GET", "/domains/main/users", &acme_secret, None).await,
        404,
        "not-found",
    )
    .await;
    problem(
        bearer(&app, "GET", "/admin/domains", &acme_secret, None).await,
        403,
        "forbidden",
    )
    .await;
    let v = problem(
        bearer(
            &app,
            "PUT",
            "/domains/acme/users/tina/roles",
            &acme_secret,
            Some(json!({ "roles": [MANAGER] })),
        )
        .await,
        400,
        "invalid-input",
    )
    .await;
    assert_eq!(
        v["field"], "roles",
        "a domain token acts as a manager: it cannot appoint managers"
    );
    // Not the person's account API, and never a client's access token.
    problem(
        bearer(&app, "GET", "/domains/main/account", &secret, None).await,
        401,
        "unauthenticated",
    )
    .await;
    let svc = app.svc_client().await;
    let at: Value = app
        .token(&svc, &[("grant_type", "client_credentials")])
        .await
        .json()
        .await
        .unwrap();
    problem(
        bearer(
            &app,
            "GET",
            "/admin/domains",
            at["access_token"].as_str().unwrap(),
            None,
        )
        .await,
        401,
        "unauthenticated",
    )
    .await;
    problem(
        bearer(&app, "GET", "/admin/domains", "jeton_adm_made_up", None).await,
        401,
        "unauthenticated",
    )
    .await;

    // The list shows them without their secrets, with last use; the log names the token.
    let list = json_of(root.call("GET", "/admin/tokens", None).await, 200).await;
    assert!(!list.to_string().contains("jeton_adm_"));
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|t| t["last_used_at"].is_string())
    );
    let log = json_of(
        root.call("GET", "/admin/audit?actor=token:ci", None).await,
        200,
    )
    .await;
    assert_eq!(log["events"][0]["action"], "user.create");

    // Revoked: at once. Expired: too.
    let id = all["token"]["id"].as_str().unwrap();
    assert_eq!(
        root.call("POST", &format!("/admin/tokens/{id}/revoke"), None)
            .await
            .status(),
        204
    );
    problem(
        bearer(&app, "GET", "/admin/domains", &secret, None).await,
        401,
        "unauthenticated",
    )
    .await;
    problem(
        root.call("POST", &format!("/admin/tokens/{id}/revoke"), None)
            .await,
        404,
        "not-found",
    )
    .await;
    app.clock.advance(60 * 86_400);
    problem(
        bearer(&app, "GET", "/domains/acme/users", &acme_secret, None).await,
        401,
        "unauthenticated",
    )
    .await;
}
