//! The resource-owner password grant (RFC 6749 §4.3): only for clients registered for it,
//! with the sign-in page's limits and answers.

use jeton_core::entities::Actor;
use jeton_core::roles::Authority;
use jeton_flows::provision::ClientSpec;

use crate::helpers::*;

async fn app_and_client() -> (TestApp, TestClient) {
    let app = spawn_app().await;
    app.standard().await;
    let c = app
        .client(ClientSpec {
            name: "Legacy".into(),
            grants: vec!["password".into(), "refresh_token".into()],
            scopes: vec!["read".into(), "write".into()],
            ..Default::default()
        })
        .await;
    (app, c)
}

async fn password(app: &TestApp, c: &TestClient, user: &str, pw: &str) -> reqwest::Response {
    app.token(
        c,
        &[
            ("grant_type", "password"),
            ("username", user),
            ("password", pw),
            ("scope", "read write"),
        ],
    )
    .await
}

#[tokio::test]
async fn a_registered_client_gets_tokens_for_a_correct_password_only() {
    let (app, c) = app_and_client().await;
    let res = password(&app, &c, "alice", PASSWORD).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["scope"], "read write");
    let at = body["access_token"].as_str().unwrap();
    let info = app.introspect(&c, at).await;
    assert_eq!(info["active"], true);
    assert_eq!(info["username"], "alice");
    // A refresh token, which rotates like any other.
    let res = app
        .token(
            &c,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", body["refresh_token"].as_str().unwrap()),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);

    // A wrong password and an unknown user get the same answer.
    let wrong: serde_json::Value = password(&app, &c, "alice", "not it")
        .await
        .json()
        .await
        .unwrap();
    let nobody: serde_json::Value = password(&app, &c, "nobody", "not it")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(wrong["error"], "invalid_grant");
    assert_eq!(wrong, nobody);
    // A disabled user too, even with the right password.
    let domain = app.flows.domain_by_slug("main").await.unwrap().unwrap();
    let alice = app
        .store
        .user_by_username(&domain.id, "alice")
        .await
        .unwrap()
        .unwrap();
    app.flows
        .set_user_disabled(&domain, &alice.id, true, &Actor::cli(), Authority::Manager)
        .await
        .unwrap();
    let res = password(&app, &c, "alice", PASSWORD).await;
    assert_eq!(res.status(), 400);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body, wrong);
    // And the token issued before is dead with the account.
    assert_eq!(app.introspect(&c, at).await["active"], false);
}

#[tokio::test]
async fn clients_without_the_grant_are_refused_and_public_ones_cannot_have_it() {
    let (app, _) = app_and_client().await;
    let other = app.web_client().await;
    let res = password(&app, &other, "alice", PASSWORD).await;
    assert_eq!(res.status(), 400);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"], "unauthorized_client");
    let public = app
        .prov
        .create_client(
            "main",
            &ClientSpec {
                name: "Phone".into(),
                grants: vec!["password".into()],
                public: true,
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert!(public.to_string().contains("password"), "{public}");
    // The metadata says the server serves it (for the clients registered for it).
    let meta: serde_json::Value = app
        .http
        .get(app.url("/d/main/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        meta["grant_types_supported"]
            .as_array()
            .unwrap()
            .contains(&"password".into())
    );
}

#[tokio::test]
async fn guessing_is_limited_like_the_sign_in_page() {
    let (app, c) = app_and_client().await;
    let mut refused = None;
    for i in 0..12 {
        let res = password(&app, &c, "alice", &format!("guess {i}")).await;
        if res.status() == 429 {
            refused = Some(res);
            break;
        }
        assert_eq!(res.status(), 400);
    }
    let res = refused.expect("the guesses are limited");
    assert!(res.headers().contains_key("retry-after"));
    // Until the window passes, even the right password is refused from here (as the login
    // page does: a limited attempt is refused before the password is checked).
    assert_eq!(password(&app, &c, "alice", PASSWORD).await.status(), 429);
    app.clock.advance(16 * 60);
    assert_eq!(password(&app, &c, "alice", PASSWORD).await.status(), 200);
}
