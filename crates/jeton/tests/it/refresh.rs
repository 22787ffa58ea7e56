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
