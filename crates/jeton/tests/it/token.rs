use jeton_flows::provision::ClientSpec;

use crate::helpers::*;

async fn service_client(app: &TestApp) -> TestClient {
    app.scope("read", "Read", &[]).await;
    app.scope("write", "Write", &[]).await;
    app.client(ClientSpec {
        name: "Service".into(),
        grants: vec!["client_credentials".into()],
        scopes: vec!["read".into(), "write".into()],
        ..Default::default()
    })
    .await
}

fn assert_no_store(res: &reqwest::Response) {
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert_eq!(res.headers()["pragma"], "no-cache");
}

async fn error_of(res: reqwest::Response) -> String {
    let body: serde_json::Value = res.json().await.unwrap();
    body["error"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn client_credentials_with_basic_and_default_scopes() {
    let app = spawn_app().await;
    let c = service_client(&app).await;
    let res = app.token(&c, &[("grant_type", "client_credentials")]).await;
    assert_eq!(res.status(), 200);
    assert_no_store(&res);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["scope"], "read write");
    assert!(
        body["refresh_token"].is_null(),
        "no refresh token for client credentials"
    );
    let token = body["access_token"].as_str().unwrap();
    assert!(token.starts_with("jeton_at_"));
    // Stored durably: a fresh connection to the same file sees it.
    let info = app.introspect(&c, token).await;
    assert_eq!(info["active"], true);
    assert_eq!(info["sub"], c.id.as_str());
}

#[tokio::test]
async fn client_secret_post_and_scope_narrowing() {
    let app = spawn_app().await;
    app.scope("read", "Read", &[]).await;
    let c = app
        .client(ClientSpec {
            name: "Poster".into(),
            grants: vec!["client_credentials".into()],
            scopes: vec!["read".into()],
            auth_method: Some("client_secret_post".into()),
            ..Default::default()
        })
        .await;
    let secret = c.secret.clone().unwrap();
    let res = app
        .post_form(
            "/d/main/oauth/token",
            None,
            &[
                ("grant_type", "client_credentials"),
                ("client_id", &c.id),
                ("client_secret", &secret),
                ("scope", "read"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    // A client registered for the body may not switch to Basic.
    let res = app.token(&c, &[("grant_type", "client_credentials")]).await;
    assert_eq!(res.status(), 401);
    // Asking for an unregistered scope.
    let res = app
        .post_form(
            "/d/main/oauth/token",
            None,
            &[
                ("grant_type", "client_credentials"),
                ("client_id", &c.id),
                ("client_secret", &secret),
                ("scope", "admin"),
            ],
        )
        .await;
    assert_eq!(res.status(), 400);
    assert_eq!(error_of(res).await, "invalid_scope");
}

#[tokio::test]
async fn failed_client_authentication_is_401_with_www_authenticate() {
    let app = spawn_app().await;
    let c = service_client(&app).await;
    for (id, secret) in [(c.id.as_str(), "jeton_cs_wrong"), ("no-such-client", "x")] {
        let res = app
            .post_form(
                "/d/main/oauth/token",
                Some((id, secret)),
                &[("grant_type", "client_credentials")],
            )
            .await;
        assert_eq!(res.status(), 401);
        assert!(
            res.headers()["www-authenticate"]
                .to_str()
                .unwrap()
                .starts_with("Basic")
        );
        assert_no_store(&res);
        assert_eq!(error_of(res).await, "invalid_client");
    }
    // No authentication at all.
    let res = app
        .post_form(
            "/d/main/oauth/token",
            None,
            &[("grant_type", "client_credentials")],
        )
        .await;
    assert_eq!(res.status(), 401);
    // Malformed Basic header.
    let res = app
        .http
        .post(app.url("/d/main/oauth/token"))
        .header("authorization", "Basic !!!")
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn malformed_requests_get_rfc6749_errors() {
    let app = spawn_app().await;
    let c = service_client(&app).await;
    let secret = c.secret.clone().unwrap();
    // Only POST.
    let res = app
        .http
        .get(app.url("/d/main/oauth/token"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 405);
    // Only form bodies.
    let res = app
        .http
        .post(app.url("/d/main/oauth/token"))
        .basic_auth(&c.id, Some(&secret))
        .json(&serde_json::json!({"grant_type": "client_credentials"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(error_of(res).await, "invalid_request");
    // Repeated parameter.
    let res = app
        .http
        .post(app.url("/d/main/oauth/token"))
        .basic_auth(&c.id, Some(&secret))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials&grant_type=client_credentials")
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(res).await, "invalid_request");
    // Missing and unsupported grant types.
    let res = app.token(&c, &[("scope", "read")]).await;
    assert_eq!(error_of(res).await, "invalid_request");
    let res = app
        .token(
            &c,
            &[
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                ("device_code", "x"),
            ],
        )
        .await;
    assert_eq!(error_of(res).await, "unsupported_grant_type");
    // The password grant is served, but only to clients registered for it.
    let res = app
        .token(
            &c,
            &[
                ("grant_type", "password"),
                ("username", "a"),
                ("password", "b"),
            ],
        )
        .await;
    assert_eq!(error_of(res).await, "unauthorized_client");
    // A grant the client is not registered for.
    let res = app
        .token(
            &c,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", "jeton_rt_x"),
            ],
        )
        .await;
    assert_eq!(res.status(), 400);
    assert_eq!(error_of(res).await, "unauthorized_client");
    // A body that is not valid UTF-8 form data still gets a JSON error, not a 500.
    let res = app
        .http
        .post(app.url("/d/main/oauth/token"))
        .basic_auth(&c.id, Some(&secret))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![0xff, 0xfe, b'=', 0x00])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
}

#[tokio::test]
async fn expired_clients_cannot_authenticate() {
    let app = spawn_app().await;
    let other = service_client(&app).await;
    // The test clock starts at 1_800_000_000 (2027-01-15); the client expires a day later.
    let c = app
        .client(ClientSpec {
            name: "Temp".into(),
            grants: vec!["client_credentials".into()],
            scopes: vec!["read".into()],
            expires_at: Some("2027-01-16T08:00:00Z".into()),
            ..Default::default()
        })
        .await;
    let res = app.token(&c, &[("grant_type", "client_credentials")]).await;
    assert_eq!(res.status(), 200);
    let token: serde_json::Value = res.json().await.unwrap();
    app.clock.advance(2 * 86400);
    let res = app.token(&c, &[("grant_type", "client_credentials")]).await;
    assert_eq!(res.status(), 401);
    // Its tokens die with it.
    let info = app
        .introspect(&other, token["access_token"].as_str().unwrap())
        .await;
    assert_eq!(info["active"], false);
}

#[tokio::test]
async fn repeated_authentication_failures_are_rate_limited() {
    let app = spawn_app().await;
    let c = service_client(&app).await;
    let mut limited = false;
    for _ in 0..30 {
        let res = app
            .post_form(
                "/d/main/oauth/token",
                Some((&c.id, "jeton_cs_guess")),
                &[("grant_type", "client_credentials")],
            )
            .await;
        if res.status() == 429 {
            assert!(res.headers().contains_key("retry-after"));
            limited = true;
            break;
        }
        assert_eq!(res.status(), 401);
    }
    assert!(limited, "30 failures in a row must be limited");
    // A stranger who knows the (public) client id and fails from the client's own address
    // must not lock it out: the right secret always passes (DESIGN §6).
    for _ in 0..3 {
        let res = app.token(&c, &[("grant_type", "client_credentials")]).await;
        assert_eq!(res.status(), 200, "the correct secret always passes");
    }
}

#[tokio::test]
async fn personal_clients_act_with_their_owners_rights() {
    let app = spawn_app().await;
    app.scope("read", "Read", &[]).await;
    app.scope("admin", "Administer", &["admin"]).await;
    app.user("bob", &["personal-clients"]).await;
    let c = app
        .client(ClientSpec {
            name: "Bob's script".into(),
            grants: vec!["client_credentials".into()],
            scopes: vec!["read".into(), "admin".into()],
            owner: Some("bob".into()),
            ..Default::default()
        })
        .await;
    let res = app.token(&c, &[("grant_type", "client_credentials")]).await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        body["scope"], "read",
        "bob has no admin role, so neither has his client"
    );
    let res = app
        .token(
            &c,
            &[("grant_type", "client_credentials"), ("scope", "admin")],
        )
        .await;
    assert_eq!(res.status(), 400);
    let info = app
        .introspect(&c, body["access_token"].as_str().unwrap())
        .await;
    assert_eq!(info["username"], "bob");
}

#[tokio::test]
async fn client_secret_post_with_a_wrong_secret_is_invalid_client() {
    let app = spawn_app().await;
    app.scope("read", "Read", &[]).await;
    let c = app
        .client(ClientSpec {
            name: "Poster".into(),
            grants: vec!["client_credentials".into()],
            scopes: vec!["read".into()],
            auth_method: Some("client_secret_post".into()),
            ..Default::default()
        })
        .await;
    let res = app
        .post_form(
            "/d/main/oauth/token",
            None,
            &[
                ("grant_type", "client_credentials"),
                ("client_id", &c.id),
                ("client_secret", "jeton_cs_wrong"),
            ],
        )
        .await;
    assert_eq!(res.status(), 401);
    assert_no_store(&res);
    assert_eq!(error_of(res).await, "invalid_client");
    // The right one, the same way, works.
    let res = app
        .post_form(
            "/d/main/oauth/token",
            None,
            &[
                ("grant_type", "client_credentials"),
                ("client_id", &c.id),
                ("client_secret", c.secret.as_deref().unwrap()),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn two_authentication_methods_in_one_request_are_refused() {
    let app = spawn_app().await;
    let c = service_client(&app).await;
    let secret = c.secret.clone().unwrap();
    // Both correct, still refused: RFC 6749 §2.3 allows one method per request, so the
    // request is malformed (invalid_request, 400), not a failed authentication.
    let res = app
        .post_form(
            "/d/main/oauth/token",
            Some((&c.id, &secret)),
            &[
                ("grant_type", "client_credentials"),
                ("client_secret", &secret),
            ],
        )
        .await;
    assert_eq!(res.status(), 400);
    assert_eq!(error_of(res).await, "invalid_request");
    // The same with only Basic works.
    let res = app.token(&c, &[("grant_type", "client_credentials")]).await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn an_oversized_body_gets_a_json_error() {
    let app = spawn_app().await;
    let c = service_client(&app).await;
    let body = format!(
        "grant_type=client_credentials&padding={}",
        "a".repeat(100 * 1024)
    );
    let res = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        app.http
            .post(app.url("/d/main/oauth/token"))
            .basic_auth(&c.id, c.secret.as_deref())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send(),
    )
    .await
    .expect("answered, not hung")
    .expect("an HTTP answer");
    let status = res.status();
    assert!(status.is_client_error(), "{status}");
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let v: serde_json::Value = res.json().await.unwrap();
    assert_eq!(v["error"], "invalid_request");
    // The server is fine afterwards.
    let res = app.token(&c, &[("grant_type", "client_credentials")]).await;
    assert_eq!(res.status(), 200);
}
