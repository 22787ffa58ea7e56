use jeton_flows::provision::ClientSpec;

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

#[tokio::test]
async fn spent_and_revoked_refresh_tokens_are_inactive() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let rs = resource_server(&app).await;
    let t = tokens_for(&app, &c, "read").await;
    let rt1 = s(&t, "refresh_token");
    assert_eq!(app.introspect(&rs, &rt1).await["active"], true);
    let res = app
        .token(
            &c,
            &[("grant_type", "refresh_token"), ("refresh_token", &rt1)],
        )
        .await;
    assert_eq!(res.status(), 200);
    let rotated: serde_json::Value = res.json().await.unwrap();
    let rt2 = s(&rotated, "refresh_token");
    assert_eq!(
        app.introspect(&rs, &rt1).await,
        serde_json::json!({"active": false}),
        "a rotated refresh token is spent"
    );
    assert_eq!(app.introspect(&rs, &rt2).await["active"], true);
    let res = app
        .post_form(
            "/d/main/oauth/revoke",
            Some((&c.id, c.secret.as_deref().unwrap())),
            &[("token", &rt2)],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        app.introspect(&rs, &rt2).await,
        serde_json::json!({"active": false})
    );
}

#[tokio::test]
async fn a_public_client_revokes_its_own_refresh_token_with_its_id_alone() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app
        .client(ClientSpec {
            name: "SPA".into(),
            redirect_uris: vec![REDIRECT.into()],
            scopes: vec!["read".into()],
            public: true,
            ..Default::default()
        })
        .await;
    let rs = resource_server(&app).await;
    let p = pkce();
    let loc = Browser::new(&app)
        .authorize(&code_request(&c.id, &p.challenge, "read", "s"), "alice")
        .await;
    let code = query_of(&loc)["code"].clone();
    let t: serde_json::Value = app
        .post_form(
            "/d/main/oauth/token",
            None,
            &[
                ("grant_type", "authorization_code"),
                ("client_id", &c.id),
                ("code", &code),
                ("redirect_uri", REDIRECT),
                ("code_verifier", &p.verifier),
            ],
        )
        .await
        .json()
        .await
        .unwrap();
    let rt = s(&t, "refresh_token");
    let at = s(&t, "access_token");
    assert_eq!(app.introspect(&rs, &at).await["active"], true);
    let res = app
        .post_form(
            "/d/main/oauth/revoke",
            None,
            &[("token", &rt), ("client_id", &c.id)],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.introspect(&rs, &rt).await["active"], false);
    assert_eq!(
        app.introspect(&rs, &at).await["active"],
        false,
        "the grant's access tokens go with it"
    );
    let res = app
        .post_form(
            "/d/main/oauth/token",
            None,
            &[
                ("grant_type", "refresh_token"),
                ("client_id", &c.id),
                ("refresh_token", &rt),
            ],
        )
        .await;
    assert_eq!(res.status(), 400);
}

#[tokio::test]
async fn a_personal_client_introspects_only_its_own_tokens() {
    let app = spawn_app().await;
    app.scope("read", "Read", &[]).await;
    app.user("bob", &["personal-clients"]).await;
    let personal = app
        .client(ClientSpec {
            name: "Bob's script".into(),
            grants: vec!["client_credentials".into()],
            scopes: vec!["read".into()],
            owner: Some("bob".into()),
            ..Default::default()
        })
        .await;
    let service = app
        .client(ClientSpec {
            name: "Service".into(),
            grants: vec!["client_credentials".into()],
            scopes: vec!["read".into()],
            ..Default::default()
        })
        .await;
    let rs = resource_server(&app).await;
    let token_of = |c: &TestClient| {
        let app = &app;
        let id = c.id.clone();
        let secret = c.secret.clone().unwrap();
        async move {
            let res = app
                .post_form(
                    "/d/main/oauth/token",
                    Some((&id, &secret)),
                    &[("grant_type", "client_credentials")],
                )
                .await;
            assert_eq!(res.status(), 200);
            let v: serde_json::Value = res.json().await.unwrap();
            s(&v, "access_token")
        }
    };
    let own = token_of(&personal).await;
    let others = token_of(&service).await;
    // A resource server sees both.
    assert_eq!(app.introspect(&rs, &own).await["active"], true);
    assert_eq!(app.introspect(&rs, &others).await["active"], true);
    // The personal client only its own.
    let info = app.introspect(&personal, &own).await;
    assert_eq!(info["active"], true);
    assert_eq!(info["client_id"], personal.id.as_str());
    assert_eq!(
        app.introspect(&personal, &others).await,
        serde_json::json!({"active": false})
    );
}
