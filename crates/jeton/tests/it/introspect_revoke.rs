use jeton_server::provision::ClientSpec;

use crate::helpers::*;

async fn resource_server(app: &TestApp) -> TestClient {
    app.client(ClientSpec {
        name: "API".into(),
        grants: vec!["client_credentials".into()],
        ..Default::default()
    })
    .await
}

fn s(v: &serde_json::Value, k: &str) -> String {
    v[k].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn introspection_describes_active_tokens_and_nothing_else() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let rs = resource_server(&app).await;
    let t = tokens_for(&app, &c, "read").await;
    let info = app.introspect(&rs, &s(&t, "access_token")).await;
    assert_eq!(info["active"], true);
    assert_eq!(info["scope"], "read");
    assert_eq!(info["client_id"], c.id.as_str());
    assert_eq!(info["username"], "alice");
    assert_eq!(info["token_type"], "Bearer");
    assert_eq!(info["iss"], app.issuer());
    assert_eq!(info["iat"], 1_800_000_000i64);
    assert_eq!(info["exp"], 1_800_003_600i64);
    assert!(
        info["sub"]
            .as_str()
            .is_some_and(|s| !s.is_empty() && s != "alice"),
        "sub is the stable user id"
    );
    // Refresh tokens too, with or without the hint.
    let rt = s(&t, "refresh_token");
    for hint in [None, Some("refresh_token"), Some("access_token")] {
        let mut form = vec![("token", rt.as_str())];
        if let Some(h) = hint {
            form.push(("token_type_hint", h));
        }
        let res = app
            .post_form(
                "/d/main/oauth/introspect",
                Some((&rs.id, rs.secret.as_deref().unwrap())),
                &form,
            )
            .await;
        let v: serde_json::Value = res.json().await.unwrap();
        assert_eq!(v["active"], true, "hint {hint:?}");
        assert_eq!(v["scope"], "read");
    }
    // Unknown and expired.
    assert_eq!(
        app.introspect(&rs, "jeton_at_unknown").await,
        serde_json::json!({"active": false})
    );
    assert_eq!(
        app.introspect(&rs, "garbage").await,
        serde_json::json!({"active": false})
    );
    app.clock.advance(3601);
    assert_eq!(
        app.introspect(&rs, &s(&t, "access_token")).await,
        serde_json::json!({"active": false})
    );
}

#[tokio::test]
async fn introspection_requires_a_confidential_client() {
    let app = spawn_app().await;
    app.standard().await;
    let public = app
        .client(ClientSpec {
            name: "SPA".into(),
            redirect_uris: vec![REDIRECT.into()],
            public: true,
            ..Default::default()
        })
        .await;
    let res = app
        .post_form("/d/main/oauth/introspect", None, &[("token", "x")])
        .await;
    assert_eq!(res.status(), 401);
    let res = app
        .post_form(
            "/d/main/oauth/introspect",
            None,
            &[("token", "x"), ("client_id", &public.id)],
        )
        .await;
    assert_eq!(res.status(), 401);
    let rs = resource_server(&app).await;
    let res = app
        .post_form(
            "/d/main/oauth/introspect",
            Some((&rs.id, rs.secret.as_deref().unwrap())),
            &[],
        )
        .await;
    assert_eq!(res.status(), 400, "token is required");
}

#[tokio::test]
async fn revoking_an_access_token_is_seen_at_once() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let rs = resource_server(&app).await;
    let t = tokens_for(&app, &c, "read").await;
    let at = s(&t, "access_token");
    assert_eq!(app.introspect(&rs, &at).await["active"], true); // now cached
    let res = app
        .post_form(
            "/d/main/oauth/revoke",
            Some((&c.id, c.secret.as_deref().unwrap())),
            &[("token", &at)],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.introspect(&rs, &at).await["active"], false);
    // The refresh token of the grant still works: only the access token was revoked.
    let res = app
        .token(
            &c,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", &s(&t, "refresh_token")),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn revoking_a_refresh_token_revokes_the_grants_access_tokens() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let rs = resource_server(&app).await;
    let t = tokens_for(&app, &c, "read").await;
    let at = s(&t, "access_token");
    assert_eq!(app.introspect(&rs, &at).await["active"], true);
    let res = app
        .post_form(
            "/d/main/oauth/revoke",
            Some((&c.id, c.secret.as_deref().unwrap())),
            &[
                ("token", &s(&t, "refresh_token")),
                ("token_type_hint", "refresh_token"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.introspect(&rs, &at).await["active"], false);
    let res = app
        .token(
            &c,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", &s(&t, "refresh_token")),
            ],
        )
        .await;
    assert_eq!(res.status(), 400);
}

#[tokio::test]
async fn revocation_of_unknown_tokens_is_200_and_of_others_tokens_refused() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let other = app.web_client().await;
    let rs = resource_server(&app).await;
    let res = app
        .post_form(
            "/d/main/oauth/revoke",
            Some((&c.id, c.secret.as_deref().unwrap())),
            &[("token", "jeton_at_nothing")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let t = tokens_for(&app, &c, "read").await;
    let at = s(&t, "access_token");
    let res = app
        .post_form(
            "/d/main/oauth/revoke",
            Some((&other.id, other.secret.as_deref().unwrap())),
            &[("token", &at)],
        )
        .await;
    assert_eq!(res.status(), 400);
    let v: serde_json::Value = res.json().await.unwrap();
    assert_eq!(v["error"], "unauthorized_client");
    assert_eq!(app.introspect(&rs, &at).await["active"], true);
    // Revocation ignores expiry: an expired token can still be revoked (answer 200).
    app.clock.advance(7200);
    let res = app
        .post_form(
            "/d/main/oauth/revoke",
            Some((&c.id, c.secret.as_deref().unwrap())),
            &[("token", &at)],
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = app
        .post_form(
            "/d/main/oauth/revoke",
            Some((&c.id, "jeton_cs_wrong")),
            &[("token", &at)],
        )
        .await;
    assert_eq!(res.status(), 401);
}
