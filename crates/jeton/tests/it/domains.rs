//! Two domains on one server share nothing: tokens, clients, sessions and users of one are
//! unknown to the other.

use jeton_flows::provision::ClientSpec;

use crate::helpers::*;

/// A second domain `other` with its own scope, user and resource server.
async fn other_domain(app: &TestApp) -> TestClient {
    app.prov
        .create_domain("other", Some("Other"))
        .await
        .expect("domain");
    app.prov
        .create_scope("other", "read", Some("Read other things"), &[])
        .await
        .expect("scope");
    app.prov
        .create_user("other", "olga", Some(PASSWORD), None, &[])
        .await
        .expect("user");
    let (c, secret) = app
        .prov
        .create_client(
            "other",
            &ClientSpec {
                name: "Other API".into(),
                grants: vec!["client_credentials".into()],
                scopes: vec!["read".into()],
                ..Default::default()
            },
        )
        .await
        .expect("client");
    TestClient {
        id: c.id.to_string(),
        secret,
    }
}

async fn main_service(app: &TestApp) -> TestClient {
    app.scope("read", "Read", &[]).await;
    app.client(ClientSpec {
        name: "Main service".into(),
        grants: vec!["client_credentials".into()],
        scopes: vec!["read".into()],
        ..Default::default()
    })
    .await
}

fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("jeton_session_"))
}

/// Signs in on the login page of domain `slug`; answers the response to the form.
async fn login_at(b: &Browser, slug: &str, username: &str) -> reqwest::Response {
    let page = b
        .get(&format!("/d/{slug}/login"))
        .await
        .text()
        .await
        .unwrap();
    let csrf = hidden(&page, "csrf").expect("csrf field");
    b.post(
        &format!("/d/{slug}/login"),
        &[
            ("csrf", &csrf),
            ("username", username),
            ("password", PASSWORD),
        ],
    )
    .await
}

#[tokio::test]
async fn a_token_of_one_domain_is_inactive_in_another() {
    let app = spawn_app().await;
    let main_client = main_service(&app).await;
    let other_rs = other_domain(&app).await;
    let res = app
        .token(&main_client, &[("grant_type", "client_credentials")])
        .await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    let at = body["access_token"].as_str().unwrap();
    assert_eq!(app.introspect(&main_client, at).await["active"], true);
    let res = app
        .post_form(
            "/d/other/oauth/introspect",
            Some((&other_rs.id, other_rs.secret.as_deref().unwrap())),
            &[("token", at)],
        )
        .await;
    assert_eq!(
        res.status(),
        200,
        "the client of `other` authenticates there"
    );
    let v: serde_json::Value = res.json().await.unwrap();
    assert_eq!(v, serde_json::json!({"active": false}));
    // Nor can `other` revoke it: unknown there, so 200 and nothing happens.
    let res = app
        .post_form(
            "/d/other/oauth/revoke",
            Some((&other_rs.id, other_rs.secret.as_deref().unwrap())),
            &[("token", at)],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.introspect(&main_client, at).await["active"], true);
}

#[tokio::test]
async fn a_client_of_one_domain_cannot_authenticate_in_another() {
    let app = spawn_app().await;
    let main_client = main_service(&app).await;
    let other_rs = other_domain(&app).await;
    let res = app
        .post_form(
            "/d/other/oauth/token",
            Some((&main_client.id, main_client.secret.as_deref().unwrap())),
            &[("grant_type", "client_credentials")],
        )
        .await;
    assert_eq!(res.status(), 401);
    let v: serde_json::Value = res.json().await.unwrap();
    assert_eq!(v["error"], "invalid_client");
    // And the other way round.
    let res = app
        .post_form(
            "/d/main/oauth/token",
            Some((&other_rs.id, other_rs.secret.as_deref().unwrap())),
            &[("grant_type", "client_credentials")],
        )
        .await;
    assert_eq!(res.status(), 401);
    // Each works at home.
    let res = app
        .post_form(
            "/d/other/oauth/token",
            Some((&other_rs.id, other_rs.secret.as_deref().unwrap())),
            &[("grant_type", "client_credentials")],
        )
        .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn a_session_of_one_domain_does_not_sign_in_to_another() {
    let app = spawn_app().await;
    app.standard().await;
    other_domain(&app).await;
    let b = Browser::new(&app);
    let res = b.login("alice", PASSWORD, "/d/main/account").await;
    assert_eq!(res.status(), 303);
    let cookie = session_cookie(&res).expect("a session cookie");
    assert!(cookie.starts_with("jeton_session_main="), "{cookie}");
    assert_eq!(b.get("/d/main/account").await.status(), 200);
    // The browser sends it to /d/other/ (path `/`), but other reads its own cookie …
    let res = b.get("/d/other/account").await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        location(&res),
        "/d/other/login?return_to=%2Fd%2Fother%2Faccount"
    );
    // … and a main session value sent under other's name is no session there.
    let value = cookie.split(';').next().unwrap().to_owned();
    let renamed = value.replacen("jeton_session_main=", "jeton_session_other=", 1);
    let res = app
        .http
        .get(app.url("/d/other/account"))
        .header("cookie", &renamed)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "a main session is no session in other");
    let res = app
        .http
        .get(app.url("/d/main/account"))
        .header("cookie", &value)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "the same cookie works where it belongs");
}

#[tokio::test]
async fn users_belong_to_their_domain() {
    let app = spawn_app().await;
    app.standard().await;
    other_domain(&app).await;
    let b = Browser::new(&app);
    assert_eq!(login_at(&b, "other", "alice").await.status(), 401);
    assert_eq!(login_at(&b, "main", "olga").await.status(), 401);
    let res = login_at(&b, "other", "olga").await;
    assert_eq!(res.status(), 303);
    assert!(
        session_cookie(&res)
            .expect("session cookie")
            .starts_with("jeton_session_other=")
    );
    assert_eq!(b.get("/d/other/account").await.status(), 200);
    assert_eq!(
        b.get("/d/main/account").await.status(),
        303,
        "signed in to other only"
    );
}

#[tokio::test]
async fn each_domain_has_its_own_issuer_in_metadata() {
    let app = spawn_app().await;
    main_service(&app).await;
    other_domain(&app).await;
    let meta = |slug: &'static str| {
        let url = app.url(&format!("/.well-known/oauth-authorization-server/d/{slug}"));
        let http = app.http.clone();
        async move {
            let res = http.get(url).send().await.unwrap();
            assert_eq!(res.status(), 200);
            res.json::<serde_json::Value>().await.unwrap()
        }
    };
    let main = meta("main").await;
    let other = meta("other").await;
    assert_eq!(main["issuer"], app.issuer());
    assert_eq!(other["issuer"], app.url("/d/other"));
    assert_ne!(main["issuer"], other["issuer"]);
    assert_eq!(other["token_endpoint"], app.url("/d/other/oauth/token"));
}
