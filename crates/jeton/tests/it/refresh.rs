use crate::helpers::*;

async fn error_of(res: reqwest::Response) -> String {
    let v: serde_json::Value = res.json().await.unwrap();
    v["error"].as_str().unwrap().to_owned()
}

fn s(v: &serde_json::Value, k: &str) -> String {
    v[k].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn refresh_rotates_and_a_replay_revokes_the_grant() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let first = tokens_for(&app, &c, "read write").await;
    let rt1 = s(&first, "refresh_token");
    let res = app
        .token(
            &c,
            &[("grant_type", "refresh_token"), ("refresh_token", &rt1)],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let second: serde_json::Value = res.json().await.unwrap();
    let rt2 = s(&second, "refresh_token");
    assert_ne!(rt1, rt2, "rotated on every use");
    assert_eq!(second["scope"], "read write");
    let at2 = s(&second, "access_token");
    assert_eq!(app.introspect(&c, &at2).await["active"], true);
    // The old one presented again: reuse → the whole grant dies (RFC 9700 §4.14.2).
    let res = app
        .token(
            &c,
            &[("grant_type", "refresh_token"), ("refresh_token", &rt1)],
        )
        .await;
    assert_eq!(error_of(res).await, "invalid_grant");
    assert_eq!(app.introspect(&c, &at2).await["active"], false);
    assert_eq!(
        app.introspect(&c, &s(&first, "access_token")).await["active"],
        false
    );
    let res = app
        .token(
            &c,
            &[("grant_type", "refresh_token"), ("refresh_token", &rt2)],
        )
        .await;
    assert_eq!(error_of(res).await, "invalid_grant");
}

#[tokio::test]
async fn scope_can_narrow_but_never_widen() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let first = tokens_for(&app, &c, "read").await;
    let res = app
        .token(
            &c,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", &s(&first, "refresh_token")),
                ("scope", "read write"),
            ],
        )
        .await;
    assert_eq!(error_of(res).await, "invalid_scope");
    // The refused request did not spend the token.
    let res = app
        .token(
            &c,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", &s(&first, "refresh_token")),
                ("scope", "read"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);

    let both = tokens_for(&app, &c, "read write").await;
    let res = app
        .token(
            &c,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", &s(&both, "refresh_token")),
                ("scope", "write"),
            ],
        )
        .await;
    let narrowed: serde_json::Value = res.json().await.unwrap();
    assert_eq!(narrowed["scope"], "write");
}

#[tokio::test]
async fn refresh_tokens_belong_to_their_client_and_expire() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let other = app.web_client().await;
    let first = tokens_for(&app, &c, "read").await;
    let rt = s(&first, "refresh_token");
    let res = app
        .token(
            &other,
            &[("grant_type", "refresh_token"), ("refresh_token", &rt)],
        )
        .await;
    assert_eq!(error_of(res).await, "invalid_grant");
    app.clock.advance(31 * 86400);
    let res = app
        .token(
            &c,
            &[("grant_type", "refresh_token"), ("refresh_token", &rt)],
        )
        .await;
    assert_eq!(error_of(res).await, "invalid_grant");
    let res = app
        .token(
            &c,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", "jeton_at_not_a_refresh_token"),
            ],
        )
        .await;
    assert_eq!(error_of(res).await, "invalid_grant");
}

fn assert_no_store(res: &reqwest::Response) {
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert_eq!(res.headers()["pragma"], "no-cache");
}

#[tokio::test]
async fn code_and_refresh_responses_are_never_cached() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let p = pkce();
    let loc = Browser::new(&app)
        .authorize(&code_request(&c.id, &p.challenge, "read", "s"), "alice")
        .await;
    let code = query_of(&loc)["code"].clone();
    let res = app
        .token(
            &c,
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", REDIRECT),
                ("code_verifier", &p.verifier),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_no_store(&res);
    let body: serde_json::Value = res.json().await.unwrap();
    let res = app
        .token(
            &c,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", &s(&body, "refresh_token")),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_no_store(&res);
}

#[tokio::test]
async fn a_public_client_refreshes_with_its_id_alone_and_rotates() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app
        .client(jeton_flows::provision::ClientSpec {
            name: "SPA".into(),
            redirect_uris: vec![REDIRECT.into()],
            scopes: vec!["read".into()],
            public: true,
            ..Default::default()
        })
        .await;
    assert!(c.secret.is_none());
    let p = pkce();
    let loc = Browser::new(&app)
        .authorize(&code_request(&c.id, &p.challenge, "read", "s"), "alice")
        .await;
    let code = query_of(&loc)["code"].clone();
    let res = app
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
        .await;
    assert_eq!(res.status(), 200);
    let first: serde_json::Value = res.json().await.unwrap();
    let rt1 = s(&first, "refresh_token");
    let refresh = |rt: String| {
        let app = &app;
        let id = c.id.clone();
        async move {
            app.post_form(
                "/d/main/oauth/token",
                None,
                &[
                    ("grant_type", "refresh_token"),
                    ("client_id", &id),
                    ("refresh_token", &rt),
                ],
            )
            .await
        }
    };
    let res = refresh(rt1.clone()).await;
    assert_eq!(res.status(), 200);
    assert_no_store(&res);
    let second: serde_json::Value = res.json().await.unwrap();
    let rt2 = s(&second, "refresh_token");
    assert_ne!(rt1, rt2, "rotated");
    assert_eq!(second["scope"], "read");
    let res = refresh(rt2.clone()).await;
    assert_eq!(res.status(), 200, "the successor works");
    let third: serde_json::Value = res.json().await.unwrap();
    // The spent one is refused, and its replay kills the grant.
    let res = refresh(rt1).await;
    assert_eq!(error_of(res).await, "invalid_grant");
    let res = refresh(s(&third, "refresh_token")).await;
    assert_eq!(error_of(res).await, "invalid_grant");
    // Without the client_id, nobody is authenticated.
    let res = app
        .post_form(
            "/d/main/oauth/token",
            None,
            &[("grant_type", "refresh_token"), ("refresh_token", &rt2)],
        )
        .await;
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn a_narrowed_refresh_keeps_the_original_scope_on_the_new_refresh_token() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let first = tokens_for(&app, &c, "read write").await;
    let res = app
        .token(
            &c,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", &s(&first, "refresh_token")),
                ("scope", "read"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let narrowed: serde_json::Value = res.json().await.unwrap();
    assert_eq!(narrowed["scope"], "read");
    assert_eq!(
        app.introspect(&c, &s(&narrowed, "access_token")).await["scope"],
        "read"
    );
    // RFC 6749 §6: the new refresh token has the scope of the one it replaced.
    let rt2 = s(&narrowed, "refresh_token");
    assert_eq!(app.introspect(&c, &rt2).await["scope"], "read write");
    let res = app
        .token(
            &c,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", &rt2),
                ("scope", "read write"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let wide: serde_json::Value = res.json().await.unwrap();
    assert_eq!(wide["scope"], "read write");
    assert_eq!(
        app.introspect(&c, &s(&wide, "access_token")).await["scope"],
        "read write"
    );
}

/// DESIGN §5's grace period: a just-rotated refresh token presented again within the
/// domain's window, while its successor is unused, gets the same successor; outside the
/// window, or once the successor was used, reuse revokes the grant as always.
#[tokio::test]
async fn a_replay_within_the_grace_period_gets_the_same_successor_and_outside_it_revokes() {
    use jeton_core::entities::Actor;
    let app = spawn_app().await;
    app.standard().await;
    let domain = app.flows.domain_by_slug("main").await.unwrap().unwrap();
    let settings = jeton_store::DomainSettings {
        refresh_grace_secs: 30,
        ..domain.settings.clone()
    };
    app.flows
        .update_settings(&domain, &settings, &Actor::cli())
        .await
        .unwrap();
    let c = app.web_client().await;
    let refresh = |rt: String| {
        let app = &app;
        let c = &c;
        async move {
            app.token(
                c,
                &[("grant_type", "refresh_token"), ("refresh_token", &rt)],
            )
            .await
        }
    };
    let first = tokens_for(&app, &c, "read").await;
    let rt0 = first["refresh_token"].as_str().unwrap().to_owned();
    let res = refresh(rt0.clone()).await;
    assert_eq!(res.status(), 200);
    let second: serde_json::Value = res.json().await.unwrap();
    let rt1 = second["refresh_token"].as_str().unwrap().to_owned();

    // The answer was lost: the same token again, 10 s later, gets the same successor.
    app.clock.advance(10);
    let res = refresh(rt0.clone()).await;
    assert_eq!(res.status(), 200);
    let again: serde_json::Value = res.json().await.unwrap();
    assert_eq!(again["refresh_token"], rt1.as_str(), "the same successor");
    assert_ne!(again["access_token"], second["access_token"]);
    assert_eq!(app.introspect(&c, &rt1).await["active"], true);

    // Outside the window: reuse revokes the grant, successor included.
    app.clock.advance(25);
    let res = refresh(rt0.clone()).await;
    assert_eq!(res.status(), 400);
    assert_eq!(app.introspect(&c, &rt1).await["active"], false);

    // And within the window once the successor was used: revoked too.
    let fresh = tokens_for(&app, &c, "read").await;
    let rt0 = fresh["refresh_token"].as_str().unwrap().to_owned();
    let res = refresh(rt0.clone()).await;
    let rt1: serde_json::Value = res.json().await.unwrap();
    let rt1 = rt1["refresh_token"].as_str().unwrap().to_owned();
    assert_eq!(
        refresh(rt1.clone()).await.status(),
        200,
        "the successor is used"
    );
    app.clock.advance(5);
    assert_eq!(refresh(rt0).await.status(), 400);
    assert_eq!(app.introspect(&c, &rt1).await["active"], false);
}
