use jeton_flows::provision::ClientSpec;

use crate::helpers::*;

/// GET the authorize endpoint with a signed-in browser and return the response.
async fn signed_in(app: &TestApp) -> Browser {
    let b = Browser::new(app);
    let res = b.login("alice", PASSWORD, "/d/main/account").await;
    assert_eq!(res.status(), 303);
    b
}

async fn page_error(b: &Browser, query: &[(&str, &str)], expect: &str) {
    let res = b
        .get(&format!("/d/main/oauth/authorize?{}", encode(query)))
        .await;
    assert_eq!(res.status(), 400, "{query:?}");
    assert!(
        res.headers().get("location").is_none(),
        "never redirect to an untrusted URI"
    );
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = res.text().await.unwrap();
    assert!(html.contains(expect), "{html}");
}

#[tokio::test]
async fn untrusted_client_or_redirect_uri_gets_an_error_page() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let b = signed_in(&app).await;
    let p = pkce();
    let mut q = code_request(&c.id, &p.challenge, "read", "st");
    q[1] = ("client_id", "no-such-client");
    page_error(&b, &q, "not registered").await;
    let mut q = code_request(&c.id, &p.challenge, "read", "st");
    q[2] = ("redirect_uri", "https://evil.example/callback");
    page_error(&b, &q, "return address").await;
    let q: Vec<_> = code_request(&c.id, &p.challenge, "read", "st")
        .into_iter()
        .filter(|(k, _)| *k != "client_id")
        .collect();
    page_error(&b, &q, "client_id is missing").await;
    let mut q = code_request(&c.id, &p.challenge, "read", "st");
    q.push(("redirect_uri", REDIRECT));
    page_error(&b, &q, "repeats").await;
}

async fn redirect_error(b: &Browser, app: &TestApp, query: &[(&str, &str)], expect: &str) {
    let res = b
        .get(&format!("/d/main/oauth/authorize?{}", encode(query)))
        .await;
    assert_eq!(res.status(), 303, "{query:?}");
    let loc = location(&res);
    assert!(loc.starts_with(REDIRECT), "{loc}");
    let q = query_of(&loc);
    assert_eq!(q["error"], expect, "{query:?}");
    assert_eq!(q["state"], "st");
    assert_eq!(
        q["iss"],
        app.issuer(),
        "RFC 9207 iss in error responses too"
    );
    assert!(!q.contains_key("code"));
}

#[tokio::test]
async fn errors_after_redirect_validation_go_back_to_the_client() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let b = signed_in(&app).await;
    let p = pkce();
    let base = code_request(&c.id, &p.challenge, "read", "st");
    let with = |k: &'static str, v: &'static str| -> Vec<(&str, &str)> {
        let mut q: Vec<(&str, &str)> = base.iter().filter(|(bk, _)| *bk != k).cloned().collect();
        if !v.is_empty() {
            q.push((k, v));
        }
        q
    };
    redirect_error(&b, &app, &with("response_type", ""), "invalid_request").await;
    redirect_error(
        &b,
        &app,
        // A hybrid flow: not served.
        &with("response_type", "code id_token"),
        "unsupported_response_type",
    )
    .await;
    redirect_error(&b, &app, &with("scope", "read admin"), "invalid_scope").await;
    redirect_error(&b, &app, &with("code_challenge", ""), "invalid_request").await;
    redirect_error(
        &b,
        &app,
        &with("code_challenge_method", "plain"),
        "invalid_request",
    )
    .await;

    // A client without the code grant.
    let svc = app
        .client(ClientSpec {
            name: "svc".into(),
            grants: vec!["client_credentials".into()],
            redirect_uris: vec![REDIRECT.into()],
            scopes: vec!["read".into()],
            ..Default::default()
        })
        .await;
    redirect_error(
        &b,
        &app,
        &code_request(&svc.id, &p.challenge, "read", "st"),
        "unauthorized_client",
    )
    .await;
}

#[tokio::test]
async fn a_user_without_any_requested_scope_is_denied() {
    let app = spawn_app().await;
    app.standard().await;
    app.user("viewer", &[]).await;
    let c = app.web_client().await;
    let b = Browser::new(&app);
    assert_eq!(
        b.login("viewer", PASSWORD, "/d/main/account")
            .await
            .status(),
        303
    );
    let p = pkce();
    redirect_error(
        &b,
        &app,
        &code_request(&c.id, &p.challenge, "write", "st"),
        "access_denied",
    )
    .await;
}

#[tokio::test]
async fn signed_out_people_are_sent_to_login_and_back() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let b = Browser::new(&app);
    let p = pkce();
    let q = code_request(&c.id, &p.challenge, "read", "st");
    let res = b
        .get(&format!("/d/main/oauth/authorize?{}", encode(&q)))
        .await;
    assert_eq!(res.status(), 303);
    let loc = location(&res);
    assert!(
        loc.starts_with("/d/main/login?return_to=%2Fd%2Fmain%2Foauth%2Fauthorize"),
        "{loc}"
    );
    // The login page names the application.
    let html = b.get(&loc).await.text().await.unwrap();
    assert!(
        html.contains("Photo &lt;Printer&gt;") || html.contains("Photo &#60;Printer&#62;"),
        "{html}"
    );
    assert!(!html.contains("Photo <Printer>"));
}

#[tokio::test]
async fn native_apps_may_use_any_loopback_port() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app
        .client(ClientSpec {
            name: "CLI".into(),
            redirect_uris: vec!["http://127.0.0.1/callback".into()],
            scopes: vec!["read".into()],
            public: true,
            ..Default::default()
        })
        .await;
    let b = signed_in(&app).await;
    let p = pkce();
    let q = [
        ("response_type", "code"),
        ("client_id", c.id.as_str()),
        ("redirect_uri", "http://127.0.0.1:49152/callback"),
        ("scope", "read"),
        ("code_challenge", p.challenge.as_str()),
        ("code_challenge_method", "S256"),
    ];
    let res = b
        .get(&format!("/d/main/oauth/authorize?{}", encode(&q)))
        .await;
    assert_eq!(res.status(), 303);
    let consent = location(&res);
    assert!(consent.starts_with("/d/main/consent"));
    let html = b.get(&consent).await.text().await.unwrap();
    let res = b.submit_consent(&html, "allow").await;
    let loc = location(&res);
    assert!(
        loc.starts_with("http://127.0.0.1:49152/callback?code=jeton_ac_"),
        "{loc}"
    );
    // Public client: PKCE and no secret.
    let code = query_of(&loc)["code"].clone();
    let res = app
        .post_form(
            "/d/main/oauth/token",
            None,
            &[
                ("grant_type", "authorization_code"),
                ("client_id", &c.id),
                ("code", &code),
                ("redirect_uri", "http://127.0.0.1:49152/callback"),
                ("code_verifier", &p.verifier),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    // A public client cannot skip PKCE.
    let q: Vec<_> = q
        .iter()
        .filter(|(k, _)| !k.starts_with("code_challenge"))
        .cloned()
        .collect();
    let res = b
        .get(&format!("/d/main/oauth/authorize?{}", encode(&q)))
        .await;
    assert_eq!(query_of(&location(&res))["error"], "invalid_request");
}

#[tokio::test]
async fn the_authorization_endpoint_also_takes_post() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let b = signed_in(&app).await;
    let p = pkce();
    let res = b
        .post(
            "/d/main/oauth/authorize",
            &code_request(&c.id, &p.challenge, "read", "st"),
        )
        .await;
    assert_eq!(res.status(), 303);
    assert!(location(&res).starts_with("/d/main/consent?"));
}

/// Redeems `code` with `verifier`; `redirect_uri` only when given.
async fn redeem(
    app: &TestApp,
    c: &TestClient,
    code: &str,
    verifier: &str,
    redirect_uri: Option<&str>,
) -> reqwest::Response {
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("code_verifier", verifier),
    ];
    if let Some(uri) = redirect_uri {
        form.push(("redirect_uri", uri));
    }
    app.token(c, &form).await
}

/// A request without `scope`, for the whole flow as `username`: answers the token response.
async fn tokens_without_scope(app: &TestApp, c: &TestClient, username: &str) -> serde_json::Value {
    let p = pkce();
    let q: Vec<_> = code_request(&c.id, &p.challenge, "unused", "st")
        .into_iter()
        .filter(|(k, _)| *k != "scope")
        .collect();
    let loc = Browser::new(app).authorize(&q, username).await;
    let code = query_of(&loc).remove("code").expect("a code");
    let res = redeem(app, c, &code, &p.verifier, Some(REDIRECT)).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

#[tokio::test]
async fn without_scope_the_clients_default_scopes_apply() {
    let app = spawn_app().await;
    app.standard().await;
    app.user("viewer", &[]).await;
    let c = app.web_client().await;
    let t = tokens_without_scope(&app, &c, "alice").await;
    assert_eq!(
        t["scope"], "read write",
        "all registered scopes alice may grant"
    );
    let t = tokens_without_scope(&app, &c, "viewer").await;
    assert_eq!(
        t["scope"], "read",
        "write needs the editor role, which viewer lacks"
    );
    let info = app
        .introspect(&c, t["access_token"].as_str().unwrap())
        .await;
    assert_eq!(info["scope"], "read");
}

#[tokio::test]
async fn a_client_with_one_redirect_uri_may_omit_it() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let p = pkce();
    let q: Vec<_> = code_request(&c.id, &p.challenge, "read", "st")
        .into_iter()
        .filter(|(k, _)| *k != "redirect_uri")
        .collect();
    let loc = Browser::new(&app).authorize(&q, "alice").await;
    assert!(loc.starts_with(&format!("{REDIRECT}?")), "{loc}");
    let code = query_of(&loc).remove("code").expect("a code");
    // Not in the authorization request, so not required in the token request.
    let res = redeem(&app, &c, &code, &p.verifier, None).await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["scope"], "read");
}

#[tokio::test]
async fn a_client_with_two_redirect_uris_must_name_one() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app
        .client(ClientSpec {
            name: "Two homes".into(),
            redirect_uris: vec![REDIRECT.into(), "https://app.example/other".into()],
            scopes: vec!["read".into()],
            ..Default::default()
        })
        .await;
    let b = signed_in(&app).await;
    let p = pkce();
    let q: Vec<_> = code_request(&c.id, &p.challenge, "read", "st")
        .into_iter()
        .filter(|(k, _)| *k != "redirect_uri")
        .collect();
    page_error(&b, &q, "several return addresses").await;
    // Naming either works.
    let q = code_request(&c.id, &p.challenge, "read", "st");
    let res = b
        .get(&format!("/d/main/oauth/authorize?{}", encode(&q)))
        .await;
    assert_eq!(res.status(), 303);
    assert!(location(&res).starts_with("/d/main/consent?"));
}

#[tokio::test]
async fn an_expired_client_gets_the_error_page_not_a_redirect() {
    let app = spawn_app().await;
    app.standard().await;
    // The test clock starts at 2027-01-15T08:00:00Z; the client expires a day later.
    let c = app
        .client(ClientSpec {
            name: "Temp app".into(),
            redirect_uris: vec![REDIRECT.into()],
            scopes: vec!["read".into()],
            expires_at: Some("2027-01-16T08:00:00Z".into()),
            ..Default::default()
        })
        .await;
    let b = signed_in(&app).await;
    let p = pkce();
    let q = code_request(&c.id, &p.challenge, "read", "st");
    let res = b
        .get(&format!("/d/main/oauth/authorize?{}", encode(&q)))
        .await;
    assert_eq!(res.status(), 303);
    assert!(
        location(&res).starts_with("/d/main/consent?"),
        "still valid"
    );
    app.clock.advance(86400 + 1);
    page_error(&b, &q, "not registered").await;
}

#[tokio::test]
async fn loopback_leniency_covers_the_port_only() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app
        .client(ClientSpec {
            name: "CLI".into(),
            redirect_uris: vec![
                "http://127.0.0.1/callback".into(),
                "http://localhost:3000/callback".into(),
            ],
            scopes: vec!["read".into()],
            public: true,
            ..Default::default()
        })
        .await;
    let b = signed_in(&app).await;
    let p = pkce();
    let query = |uri: &'static str| -> Vec<(&str, &str)> {
        let mut q = code_request(&c.id, &p.challenge, "read", "st");
        q[2] = ("redirect_uri", uri);
        q
    };
    for uri in [
        "http://127.0.0.1:49152/other",
        "http://127.0.0.1:49152/callback/",
        "http://127.0.0.2:49152/callback",
        "http://[::1]:49152/callback",
        "https://127.0.0.1:49152/callback",
        "http://localhost:5000/callback",
        "http://localhost/callback",
    ] {
        page_error(&b, &query(uri), "return address").await;
    }
    // The registered forms themselves (and the loopback IP with any port) are accepted.
    for uri in [
        "http://localhost:3000/callback",
        "http://127.0.0.1:8080/callback",
        "http://127.0.0.1/callback",
    ] {
        let res = b
            .get(&format!("/d/main/oauth/authorize?{}", encode(&query(uri))))
            .await;
        assert_eq!(res.status(), 303, "{uri}");
        assert!(location(&res).starts_with("/d/main/consent?"), "{uri}");
    }
}

#[tokio::test]
async fn a_personal_client_serves_only_its_owner() {
    let app = spawn_app().await;
    app.standard().await;
    app.user("bob", &["personal-clients"]).await;
    let c = app
        .client(ClientSpec {
            name: "Bob's app".into(),
            redirect_uris: vec![REDIRECT.into()],
            scopes: vec!["read".into()],
            owner: Some("bob".into()),
            ..Default::default()
        })
        .await;
    let p = pkce();
    let q = code_request(&c.id, &p.challenge, "read", "st");
    let loc = Browser::new(&app).authorize(&q, "alice").await;
    assert!(loc.starts_with(REDIRECT), "{loc}");
    let answer = query_of(&loc);
    assert_eq!(answer["error"], "access_denied");
    assert_eq!(answer["state"], "st");
    assert_eq!(answer["iss"], app.issuer());
    assert!(!answer.contains_key("code"));

    let loc = Browser::new(&app).authorize(&q, "bob").await;
    let code = query_of(&loc).remove("code").expect("bob gets a code");
    let res = redeem(&app, &c, &code, &p.verifier, Some(REDIRECT)).await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    let info = app
        .introspect(&c, body["access_token"].as_str().unwrap())
        .await;
    assert_eq!(info["username"], "bob");
}
