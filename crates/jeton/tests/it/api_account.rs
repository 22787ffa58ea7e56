//! The account part of the JSON API (`/api/v1/domains/{d}/account/...`) over HTTP: who may
//! call it, the CSRF header, problem details, and the rules of authorized applications and
//! personal clients (DESIGN §1), each against the real server.

use std::sync::Arc;

use jeton_core::entities::{AuditAction, AuditQuery};
use jeton_core::roles::PERSONAL_CLIENTS;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::redirect::Policy;
use serde_json::{Value, json};

use crate::helpers::*;

/// A person signed in to the pages of `main`, calling the API with their cookies.
pub(crate) struct Session {
    pub(crate) browser: Browser,
    jar: Arc<Jar>,
    base: String,
}

impl Session {
    pub(crate) async fn sign_in(app: &TestApp, username: &str) -> Session {
        let jar = Arc::new(Jar::default());
        let browser = Browser {
            http: reqwest::Client::builder()
                .redirect(Policy::none())
                .cookie_provider(jar.clone())
                .build()
                .unwrap(),
            base: app.base.clone(),
        };
        let res = browser.login(username, PASSWORD, "/d/main/account").await;
        assert_eq!(res.status(), 303, "{username} signs in");
        Session {
            browser,
            jar,
            base: app.base.clone(),
        }
    }

    /// Signs in on the login page of domain `slug` (with the same browser, so a person may
    /// hold sessions in several domains).
    pub(crate) async fn sign_in_at(&self, slug: &str, username: &str) {
        let page = self
            .browser
            .get(&format!("/d/{slug}/login"))
            .await
            .text()
            .await
            .unwrap();
        let csrf = hidden(&page, "csrf").expect("csrf field");
        let res = self
            .browser
            .post(
                &format!("/d/{slug}/login"),
                &[
                    ("csrf", &csrf),
                    ("username", username),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(res.status(), 303, "{username} signs in to {slug}");
    }

    /// A browser with no session yet, for `sign_in_at`.
    pub(crate) fn anonymous(app: &TestApp) -> Session {
        let jar = Arc::new(Jar::default());
        Session {
            browser: Browser {
                http: reqwest::Client::builder()
                    .redirect(Policy::none())
                    .cookie_provider(jar.clone())
                    .build()
                    .unwrap(),
                base: app.base.clone(),
            },
            jar,
            base: app.base.clone(),
        }
    }

    /// A call under `/api/v1` (`path` starts with `/`); `body` for POST and PUT.
    pub(crate) async fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> reqwest::Response {
        let url = format!("{}/api/v1{path}", self.base);
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = self.browser.http.request(method.clone(), url);
        if method != reqwest::Method::GET {
            req = req.header("x-csrf-token", self.csrf_or_empty());
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send().await.unwrap()
    }

    fn csrf_or_empty(&self) -> String {
        let url = format!("{}/", self.base).parse().unwrap();
        self.jar
            .cookies(&url)
            .and_then(|c| {
                c.to_str()
                    .unwrap()
                    .split("; ")
                    .find_map(|c| c.strip_prefix("jeton_csrf=").map(str::to_owned))
            })
            .unwrap_or_default()
    }

    /// The CSRF cookie's value, which calls that change something repeat in a header.
    fn csrf(&self) -> String {
        let url = format!("{}/", self.base).parse().unwrap();
        let cookies = self.jar.cookies(&url).expect("cookies");
        cookies
            .to_str()
            .unwrap()
            .split("; ")
            .find_map(|c| c.strip_prefix("jeton_csrf="))
            .expect("a CSRF cookie")
            .to_owned()
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api/v1/domains/main/account{path}", self.base)
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.browser.http.get(self.url(path)).send().await.unwrap()
    }

    async fn post(&self, path: &str, body: Value) -> reqwest::Response {
        self.browser
            .http
            .post(self.url(path))
            .header("x-csrf-token", self.csrf())
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    async fn delete(&self, path: &str) -> reqwest::Response {
        self.browser
            .http
            .delete(self.url(path))
            .header("x-csrf-token", self.csrf())
            .send()
            .await
            .unwrap()
    }
}

/// A problem details answer (RFC 9457) of `status` and `type` `urn:jeton:problem:{kind}`.
pub(crate) async fn problem(res: reqwest::Response, status: u16, kind: &str) -> Value {
    assert_eq!(res.status(), status);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["type"], format!("urn:jeton:problem:{kind}"), "{v}");
    assert_eq!(v["status"], status);
    assert!(v["title"].is_string() && v["detail"].is_string(), "{v}");
    v
}

fn in_days(app: &TestApp, days: i64) -> String {
    jeton_core::dates::rfc3339(jeton_core::Clock::now(app.clock.as_ref()) + days * 86_400)
}

#[tokio::test]
async fn the_openapi_document_describes_the_served_routes() {
    let app = spawn_app().await;
    let res = app
        .http
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let doc: Value = res.json().await.unwrap();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    let paths = doc["paths"].as_object().unwrap();
    for (path, method) in [
        ("/api/v1/domains/{d}/account", "get"),
        ("/api/v1/domains/{d}/account/authorized-apps", "get"),
        (
            "/api/v1/domains/{d}/account/authorized-apps/{grant_id}",
            "delete",
        ),
        ("/api/v1/domains/{d}/account/personal-clients", "get"),
        ("/api/v1/domains/{d}/account/personal-clients", "post"),
        (
            "/api/v1/domains/{d}/account/personal-clients/{client_id}/rotate-secret",
            "post",
        ),
        (
            "/api/v1/domains/{d}/account/personal-clients/{client_id}/revoke",
            "post",
        ),
    ] {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} documented"
        );
    }
    assert!(doc["components"]["schemas"]["Problem"].is_object());
    // What is not served is a problem too, not the HTML 404 page.
    let res = app
        .http
        .get(app.url("/api/v1/nothing-here"))
        .send()
        .await
        .unwrap();
    problem(res, 404, "not-found").await;
}

#[tokio::test]
async fn the_api_refuses_anonymous_calls_and_access_tokens_issued_to_clients() {
    let app = app_with_personal_clients().await;
    let url = app.url("/api/v1/domains/main/account/authorized-apps");
    let res = app.http.get(&url).send().await.unwrap();
    let v = problem(res, 401, "unauthenticated").await;
    assert!(v["detail"].as_str().unwrap().contains("sign in"));

    // A valid access token of a third-party client (here, client credentials) is refused.
    let svc = app.svc_client().await;
    let res = app
        .token(&svc, &[("grant_type", "client_credentials")])
        .await;
    let token: Value = res.json().await.unwrap();
    let at = token["access_token"].as_str().unwrap();
    let res = app.http.get(&url).bearer_auth(at).send().await.unwrap();
    problem(res, 401, "unauthenticated").await;

    // Even next to a valid session: a bearer token is never taken as the caller.
    let s = Session::sign_in(&app, "alice").await;
    assert_eq!(s.get("/authorized-apps").await.status(), 200);
    let res = s
        .browser
        .http
        .get(&url)
        .bearer_auth(at)
        .send()
        .await
        .unwrap();
    problem(res, 401, "unauthenticated").await;
    // A session of main is no session in another domain.
    app.prov.create_domain("other", None).await.unwrap();
    let res = s
        .browser
        .http
        .get(app.url("/api/v1/domains/other/account"))
        .send()
        .await
        .unwrap();
    problem(res, 401, "unauthenticated").await;
    let res = s
        .browser
        .http
        .get(app.url("/api/v1/domains/nowhere/account"))
        .send()
        .await
        .unwrap();
    problem(res, 404, "not-found").await;
}

#[tokio::test]
async fn calls_that_change_something_need_the_csrf_header_from_our_origin() {
    let app = app_with_personal_clients().await;
    let s = Session::sign_in(&app, "alice").await;
    let body = json!({ "name": "Backup", "expires_at": in_days(&app, 30) });
    let url = s.url("/personal-clients");
    let res = s.browser.http.post(&url).json(&body).send().await.unwrap();
    problem(res, 403, "csrf-failed").await;
    let res = s
        .browser
        .http
        .post(&url)
        .header("x-csrf-token", "jeton_csrf_forged")
        .json(&body)
        .send()
        .await
        .unwrap();
    problem(res, 403, "csrf-failed").await;
    let res = s
        .browser
        .http
        .post(&url)
        .header("x-csrf-token", s.csrf())
        .header("origin", "https://evil.example")
        .json(&body)
        .send()
        .await
        .unwrap();
    problem(res, 403, "csrf-failed").await;
    assert!(
        s.get("/personal-clients")
            .await
            .json::<Value>()
            .await
            .unwrap()
            .as_array()
            .unwrap()
            .is_empty(),
        "nothing was created"
    );
    assert_eq!(s.post("/personal-clients", body).await.status(), 201);
}

#[tokio::test]
async fn a_personal_client_shows_its_secret_once_acts_as_its_owner_and_dies_when_revoked() {
    let app = app_with_personal_clients().await;
    let s = Session::sign_in(&app, "alice").await;
    let me: Value = s.get("").await.json().await.unwrap();
    assert_eq!(me["username"], "alice");
    assert_eq!(me["personal_clients_allowed"], true);

    let res = s
        .post(
            "/personal-clients",
            json!({ "name": "  Nightly backup ", "expires_at": in_days(&app, 30) }),
        )
        .await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    let id = created["client"]["client_id"].as_str().unwrap().to_owned();
    let secret = created["client_secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("jeton_cs_"), "a recognizable secret");
    assert_eq!(created["client"]["name"], "Nightly backup");
    assert_eq!(created["client"]["status"], "active");
    assert_eq!(
        created["client"]["scopes"],
        json!(["read"]),
        "the owner's scopes: read only"
    );
    assert_eq!(
        created["token_endpoint"],
        format!("{}/d/main/oauth/token", app.base)
    );

    // The list never shows the secret again.
    let listed = s.get("/personal-clients").await.text().await.unwrap();
    assert!(
        listed.contains(&id) && !listed.contains(&secret),
        "{listed}"
    );

    // It works with client credentials, as alice.
    let me_client = TestClient {
        id: id.clone(),
        secret: Some(secret.clone()),
    };
    let res = app
        .token(&me_client, &[("grant_type", "client_credentials")])
        .await;
    assert_eq!(res.status(), 200);
    let tok: Value = res.json().await.unwrap();
    assert_eq!(tok["scope"], "read");
    let at = tok["access_token"].as_str().unwrap().to_owned();
    let rs = app.svc_client().await;
    let info = app.introspect(&rs, &at).await;
    assert_eq!(info["active"], true);
    assert_eq!(info["username"], "alice", "it acts as its owner");

    // Rotation: a new secret once, the old one dies at once.
    let res = s
        .post(&format!("/personal-clients/{id}/rotate-secret"), json!({}))
        .await;
    assert_eq!(res.status(), 200);
    let rotated: Value = res.json().await.unwrap();
    let new_secret = rotated["client_secret"].as_str().unwrap().to_owned();
    assert_ne!(new_secret, secret);
    let res = app
        .token(&me_client, &[("grant_type", "client_credentials")])
        .await;
    assert_eq!(res.status(), 401, "the old secret is refused");
    let me_client = TestClient {
        id: id.clone(),
        secret: Some(new_secret),
    };
    assert_eq!(
        app.token(&me_client, &[("grant_type", "client_credentials")])
            .await
            .status(),
        200
    );

    // Revocation: it stops authenticating and its tokens go inactive at once.
    assert_eq!(
        s.post(&format!("/personal-clients/{id}/revoke"), json!({}))
            .await
            .status(),
        204
    );
    let res = app
        .token(&me_client, &[("grant_type", "client_credentials")])
        .await;
    assert_eq!(res.status(), 401);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"], "invalid_client");
    assert_eq!(
        app.introspect(&rs, &at).await["active"],
        false,
        "its token is inactive"
    );
    let listed: Value = s.get("/personal-clients").await.json().await.unwrap();
    assert_eq!(listed[0]["status"], "revoked");
    assert!(listed[0]["revoked_at"].is_string());
    let res = s
        .post(&format!("/personal-clients/{id}/rotate-secret"), json!({}))
        .await;
    problem(res, 404, "not-found").await;

    // Each change is in the audit log, as alice, from her address.
    let domain = app.store.domain_by_slug("main").await.unwrap().unwrap();
    let log = app
        .store
        .audit_events(&AuditQuery {
            domain_id: Some(domain.id),
            limit: 50,
            ..Default::default()
        })
        .await
        .unwrap();
    // The test clock stands still, so the three share one second: compared as a set.
    let log: Vec<_> = log
        .into_iter()
        .filter(|e| e.target == format!("client:{id}"))
        .collect();
    let mut actions: Vec<_> = log.iter().map(|e| e.action.as_str()).collect();
    actions.sort();
    assert_eq!(
        actions,
        vec!["client.create", "client.revoke", "client.rotate_secret"]
    );
    assert!(
        log.iter()
            .all(|e| e.actor.name == "alice" && e.actor.address.as_deref() == Some("127.0.0.1"))
    );
    assert!(log.iter().all(|e| e.target == format!("client:{id}")));
    assert!(
        !format!("{log:?}").contains("jeton_cs_"),
        "no secret in the log"
    );
}

#[tokio::test]
async fn personal_clients_follow_their_owner_and_their_expiry() {
    let app = app_with_personal_clients().await;
    let s = Session::sign_in(&app, "bob").await;
    let created: Value = s
        .post(
            "/personal-clients",
            json!({ "name": "Sync", "expires_at": in_days(&app, 2), "scopes": ["read", "write"] }),
        )
        .await
        .json()
        .await
        .unwrap();
    let c = TestClient {
        id: created["client"]["client_id"].as_str().unwrap().to_owned(),
        secret: Some(created["client_secret"].as_str().unwrap().to_owned()),
    };
    let rs = app.svc_client().await;
    let res = app.token(&c, &[("grant_type", "client_credentials")]).await;
    let tok: Value = res.json().await.unwrap();
    assert_eq!(tok["scope"], "read write");
    let at = tok["access_token"].as_str().unwrap().to_owned();

    // The owner loses the role: the client cannot act, its token is inactive.
    let domain = app.store.domain_by_slug("main").await.unwrap().unwrap();
    let bob = app
        .store
        .user_by_username(&domain.id, "bob")
        .await
        .unwrap()
        .unwrap();
    let event = |action| jeton_core::entities::AuditEvent {
        id: jeton_core::ids::new_id(&jeton_core::OsRandom),
        domain_id: Some(domain.id.clone()),
        at: 0,
        actor: jeton_core::entities::Actor::cli(),
        action,
        target: format!("user:{}", bob.id),
        detail: json!({}),
    };
    app.store
        .set_user_roles(
            &domain.id,
            &bob.id,
            &["editor".to_owned()],
            &event(AuditAction::UserRoles),
        )
        .await
        .unwrap();
    let res = app.token(&c, &[("grant_type", "client_credentials")]).await;
    assert_eq!(res.status(), 401, "no role, no personal client");
    assert_eq!(app.introspect(&rs, &at).await["active"], false);

    // The role is back, then the owner is disabled.
    app.store
        .set_user_roles(
            &domain.id,
            &bob.id,
            &[PERSONAL_CLIENTS.to_owned(), "editor".to_owned()],
            &event(AuditAction::UserRoles),
        )
        .await
        .unwrap();
    let res = app.token(&c, &[("grant_type", "client_credentials")]).await;
    assert_eq!(res.status(), 200);
    let at2: Value = res.json().await.unwrap();
    let at2 = at2["access_token"].as_str().unwrap().to_owned();
    app.store
        .set_user_disabled(&domain.id, &bob.id, true, &event(AuditAction::UserDisable))
        .await
        .unwrap();
    assert_eq!(
        app.token(&c, &[("grant_type", "client_credentials")])
            .await
            .status(),
        401
    );
    assert_eq!(app.introspect(&rs, &at2).await["active"], false);
    app.store
        .set_user_disabled(&domain.id, &bob.id, false, &event(AuditAction::UserEnable))
        .await
        .unwrap();
    assert_eq!(
        app.token(&c, &[("grant_type", "client_credentials")])
            .await
            .status(),
        200
    );

    // Past its expiry date it stops, whatever the owner.
    app.clock.advance(2 * 86_400);
    assert_eq!(
        app.token(&c, &[("grant_type", "client_credentials")])
            .await
            .status(),
        401
    );
}

#[tokio::test]
async fn personal_client_input_is_checked_field_by_field() {
    let app = app_with_personal_clients().await;
    let s = Session::sign_in(&app, "alice").await;
    let cases = [
        (
            json!({ "name": "x", "expires_at": in_days(&app, 366) }),
            "expires_at",
            "365 days",
        ),
        (
            json!({ "name": "x", "expires_at": in_days(&app, -1) }),
            "expires_at",
            "past",
        ),
        (
            json!({ "name": "x", "expires_at": "next tuesday" }),
            "expires_at",
            "neither a date",
        ),
        (
            json!({ "name": " ", "expires_at": in_days(&app, 3) }),
            "name",
            "1 to 200",
        ),
        (
            json!({ "name": "x", "expires_at": in_days(&app, 3), "scopes": ["read", "write"] }),
            "scopes",
            "write",
        ),
        (
            json!({ "name": "x", "expires_at": in_days(&app, 3), "scopes": ["bad scope"] }),
            "scopes",
            "",
        ),
        (json!({ "name": "x" }), "body", "expires_at"),
        (
            json!({ "name": "x", "expires_at": in_days(&app, 3), "colour": "red" }),
            "body",
            "colour",
        ),
    ];
    for (body, field, says) in cases {
        let v = problem(
            s.post("/personal-clients", body.clone()).await,
            400,
            "invalid-input",
        )
        .await;
        assert_eq!(v["field"], field, "{body} → {v}");
        assert!(v["detail"].as_str().unwrap().contains(says), "{body} → {v}");
    }
    let res = s
        .browser
        .http
        .post(s.url("/personal-clients"))
        .header("x-csrf-token", s.csrf())
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    let v = problem(res, 400, "invalid-input").await;
    assert_eq!(v["field"], "body");
    // A date means "through that day".
    let created: Value = s
        .post(
            "/personal-clients",
            json!({ "name": "x", "expires_at": "2027-01-31" }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(created["client"]["expires_at"], "2027-02-01T00:00:00Z");
}

#[tokio::test]
async fn without_the_role_or_the_domain_switch_there_are_no_personal_clients() {
    let app = spawn_app().await;
    app.standard().await; // alice: editor, not personal-clients
    let s = Session::sign_in(&app, "alice").await;
    let me: Value = s.get("").await.json().await.unwrap();
    assert_eq!(me["personal_clients_allowed"], false);
    let res = s
        .post(
            "/personal-clients",
            json!({ "name": "x", "expires_at": in_days(&app, 3) }),
        )
        .await;
    let v = problem(res, 403, "forbidden").await;
    assert!(v["detail"].as_str().unwrap().contains("role"));
}

#[tokio::test]
async fn people_reach_only_their_own_grants_and_clients() {
    let app = app_with_personal_clients().await;
    let web = app.web_client().await;
    let alice = Session::sign_in(&app, "alice").await;
    let bob = Session::sign_in(&app, "bob").await;
    let created: Value = alice
        .post(
            "/personal-clients",
            json!({ "name": "Mine", "expires_at": in_days(&app, 3) }),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = created["client"]["client_id"].as_str().unwrap().to_owned();
    // alice authorizes the web client; her grant is listed for her only.
    let tokens = tokens_for(&app, &web, "read").await;
    let apps: Value = alice.get("/authorized-apps").await.json().await.unwrap();
    let grant_id = apps[0]["grant_id"].as_str().unwrap().to_owned();
    assert!(
        bob.get("/authorized-apps")
            .await
            .json::<Value>()
            .await
            .unwrap()
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(
        !bob.get("/personal-clients")
            .await
            .text()
            .await
            .unwrap()
            .contains(&id)
    );

    // bob cannot revoke or rotate what is alice's: it does not exist for him.
    problem(
        bob.delete(&format!("/authorized-apps/{grant_id}")).await,
        404,
        "not-found",
    )
    .await;
    problem(
        bob.post(&format!("/personal-clients/{id}/revoke"), json!({}))
            .await,
        404,
        "not-found",
    )
    .await;
    problem(
        bob.post(&format!("/personal-clients/{id}/rotate-secret"), json!({}))
            .await,
        404,
        "not-found",
    )
    .await;
    // Nor can alice reach a client that is not personal through her account.
    problem(
        alice
            .post(&format!("/personal-clients/{}/revoke", web.id), json!({}))
            .await,
        404,
        "not-found",
    )
    .await;
    let rs = app.svc_client().await;
    assert_eq!(
        app.introspect(&rs, tokens["access_token"].as_str().unwrap())
            .await["active"],
        true,
        "untouched"
    );
    let listed: Value = alice.get("/personal-clients").await.json().await.unwrap();
    assert_eq!(listed[0]["status"], "active", "untouched");
}

#[tokio::test]
async fn revoking_an_authorized_application_ends_every_token_under_it_at_once() {
    let app = spawn_app().await;
    app.standard().await;
    let web = app.web_client().await;
    let tokens = tokens_for(&app, &web, "read write").await;
    let s = Session::sign_in(&app, "alice").await;
    let apps: Value = s.get("/authorized-apps").await.json().await.unwrap();
    assert_eq!(apps.as_array().unwrap().len(), 1);
    let a = &apps[0];
    assert_eq!(a["client_id"], web.id.as_str());
    assert_eq!(a["client_name"], "Photo <Printer>");
    assert_eq!(
        a["scopes"],
        json!([
            { "name": "read", "description": "Read your photos" },
            { "name": "write", "description": "Change your photos" }
        ])
    );
    assert_eq!(a["approved_at"], jeton_core::dates::rfc3339(1_800_000_000));
    let grant_id = a["grant_id"].as_str().unwrap().to_owned();

    assert_eq!(
        s.delete(&format!("/authorized-apps/{grant_id}"))
            .await
            .status(),
        204
    );
    let rs = app.svc_client().await;
    assert_eq!(
        app.introspect(&rs, tokens["access_token"].as_str().unwrap())
            .await["active"],
        false
    );
    assert_eq!(
        app.introspect(&rs, tokens["refresh_token"].as_str().unwrap())
            .await["active"],
        false
    );
    let res = app
        .token(
            &web,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
            ],
        )
        .await;
    assert_eq!(res.status(), 400, "the refresh token no longer works");
    assert!(
        s.get("/authorized-apps")
            .await
            .json::<Value>()
            .await
            .unwrap()
            .as_array()
            .unwrap()
            .is_empty()
    );
    problem(
        s.delete(&format!("/authorized-apps/{grant_id}")).await,
        404,
        "not-found",
    )
    .await;
}

#[tokio::test]
async fn last_used_is_recorded_within_the_flush_interval() {
    let app = spawn_with(&[("usage_flush_interval_secs", "1")]).await;
    app.scope("read", "Read your photos", &[]).await;
    app.user("alice", &[PERSONAL_CLIENTS]).await;
    let s = Session::sign_in(&app, "alice").await;
    let created: Value = s
        .post(
            "/personal-clients",
            json!({ "name": "Used", "expires_at": in_days(&app, 3) }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(
        created["client"]["last_used_at"].is_null(),
        "never used yet"
    );
    let c = TestClient {
        id: created["client"]["client_id"].as_str().unwrap().to_owned(),
        secret: Some(created["client_secret"].as_str().unwrap().to_owned()),
    };
    app.clock.advance(60);
    let res = app.token(&c, &[("grant_type", "client_credentials")]).await;
    assert_eq!(res.status(), 200);
    let want = jeton_core::dates::rfc3339(1_800_000_060);
    for _ in 0..50 {
        let listed: Value = s.get("/personal-clients").await.json().await.unwrap();
        if listed[0]["last_used_at"] == want {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("last_used_at was not written within 5 s");
}

#[tokio::test]
async fn a_password_change_needs_the_current_one_and_ends_the_other_sessions() {
    let app = app_with_personal_clients().await;
    let here = Session::sign_in(&app, "alice").await;
    let elsewhere = Session::sign_in(&app, "alice").await;
    let v = problem(
        here.call("PUT", "/domains/main/account/password", Some(json!({ "current_password": "wrong password", "new_password": "a brand new password" }))).await,
        400,
        "invalid-input",
    )
    .await;
    assert_eq!(v["field"], "current_password");
    let v = problem(
        here.call(
            "PUT",
            "/domains/main/account/password",
            Some(json!({ "current_password": PASSWORD, "new_password": "short" })),
        )
        .await,
        400,
        "invalid-input",
    )
    .await;
    assert_eq!(v["field"], "new_password");
    assert_eq!(elsewhere.get("").await.status(), 200, "nothing changed yet");
    let res = here
        .call(
            "PUT",
            "/domains/main/account/password",
            Some(json!({ "current_password": PASSWORD, "new_password": "a brand new password" })),
        )
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(
        here.get("").await.status(),
        200,
        "the session that changed it stays"
    );
    assert_eq!(
        elsewhere.get("").await.status(),
        401,
        "every other session ended"
    );
    let b = Browser::new(&app);
    assert_eq!(
        b.login("alice", PASSWORD, "/d/main/account").await.status(),
        401,
        "the old password is refused"
    );
    assert_eq!(
        b.login("alice", "a brand new password", "/d/main/account")
            .await
            .status(),
        303
    );

    let me = here
        .call(
            "PATCH",
            "/domains/main/account",
            Some(json!({ "email": "alice@example.com" })),
        )
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(me["email"], "alice@example.com");
    let v = problem(
        here.call(
            "PATCH",
            "/domains/main/account",
            Some(json!({ "email": "not an email" })),
        )
        .await,
        400,
        "invalid-input",
    )
    .await;
    assert_eq!(v["field"], "email");
}

#[tokio::test]
async fn a_developer_registers_an_application_that_acts_for_whoever_consents() {
    let app = app_with_personal_clients().await;
    let bob = Session::sign_in(&app, "bob").await;
    let v = problem(
        bob.call(
            "POST",
            "/domains/main/account/my-apps",
            Some(json!({ "name": "Book", "redirect_uris": ["http://book.example/cb"] })),
        )
        .await,
        400,
        "invalid-input",
    )
    .await;
    assert_eq!(v["field"], "redirect_uris");
    let res = bob
        .call(
            "POST",
            "/domains/main/account/my-apps",
            Some(json!({ "name": "Photo book", "description": "Prints photos", "redirect_uris": [REDIRECT], "scopes": ["read"], "auth_method": "client_secret_post" })),
        )
        .await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    assert_eq!(
        created["metadata"],
        format!("{}/.well-known/oauth-authorization-server/d/main", app.base)
    );
    let c = TestClient {
        id: created["application"]["client_id"]
            .as_str()
            .unwrap()
            .to_owned(),
        secret: Some(created["client_secret"].as_str().unwrap().to_owned()),
    };
    // alice (not the developer) authorizes it; its tokens are alice's.
    let p = pkce();
    let loc = Browser::new(&app)
        .authorize(&code_request(&c.id, &p.challenge, "read", "s1"), "alice")
        .await;
    let code = query_of(&loc).remove("code").unwrap();
    let res = app
        .post_form(
            "/d/main/oauth/token",
            None,
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", REDIRECT),
                ("code_verifier", &p.verifier),
                ("client_id", &c.id),
                ("client_secret", c.secret.as_deref().unwrap()),
            ],
        )
        .await;
    assert_eq!(res.status(), 200, "client_secret_post as registered");
    let tok: Value = res.json().await.unwrap();
    let rs = app.svc_client().await;
    let info = app
        .introspect(&rs, tok["access_token"].as_str().unwrap())
        .await;
    assert_eq!(
        info["username"], "alice",
        "it acts for whoever consents, not for bob"
    );

    // Only its developer sees and edits it.
    let alice = Session::sign_in(&app, "alice").await;
    assert_eq!(
        alice.get("/my-apps").await.json::<Value>().await.unwrap(),
        json!([])
    );
    let input = json!({ "name": "Photo book 2", "redirect_uris": [REDIRECT, "http://127.0.0.1/cb"], "scopes": ["read"] });
    problem(
        alice
            .call(
                "PUT",
                &format!("/domains/main/account/my-apps/{}", c.id),
                Some(input.clone()),
            )
            .await,
        404,
        "not-found",
    )
    .await;
    problem(
        alice
            .call(
                "DELETE",
                &format!("/domains/main/account/my-apps/{}", c.id),
                None,
            )
            .await,
        404,
        "not-found",
    )
    .await;
    let edited: Value = bob
        .call(
            "PUT",
            &format!("/domains/main/account/my-apps/{}", c.id),
            Some(input),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(edited["name"], "Photo book 2");
    assert_eq!(edited["auth_method"], "client_secret_basic");
    assert_eq!(edited["redirect_uris"].as_array().unwrap().len(), 2);

    // Deleting it ends alice's grant and its tokens.
    assert_eq!(
        bob.call(
            "DELETE",
            &format!("/domains/main/account/my-apps/{}", c.id),
            None
        )
        .await
        .status(),
        204
    );
    assert_eq!(
        app.introspect(&rs, tok["access_token"].as_str().unwrap())
            .await["active"],
        false
    );
    assert!(
        alice
            .get("/authorized-apps")
            .await
            .json::<Value>()
            .await
            .unwrap()
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        bob.get("/my-apps").await.json::<Value>().await.unwrap(),
        json!([])
    );
}

#[tokio::test]
async fn guessing_the_current_password_is_limited_like_the_sign_in_page() {
    let app = app_with_personal_clients().await;
    let s = Session::sign_in(&app, "alice").await;
    let wrong =
        json!({ "current_password": "not the password", "new_password": "a brand new password" });
    for _ in 0..jeton_core::lockout::LIMIT {
        let v = problem(
            s.call("PUT", "/domains/main/account/password", Some(wrong.clone()))
                .await,
            400,
            "invalid-input",
        )
        .await;
        assert_eq!(v["field"], "current_password");
    }
    let right = json!({ "current_password": PASSWORD, "new_password": "a brand new password" });
    let v = problem(
        s.call("PUT", "/domains/main/account/password", Some(right))
            .await,
        400,
        "invalid-input",
    )
    .await;
    assert!(v["detail"].as_str().unwrap().contains("too many"), "{v}");
    // The same counters as the sign-in page: from this address, the account waits too.
    assert_eq!(
        Browser::new(&app)
            .login("alice", PASSWORD, "/d/main/account")
            .await
            .status(),
        429
    );
}
