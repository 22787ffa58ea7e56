//! Token lifetimes per domain, overridable per client (issue "token policies"): the
//! authorization code's, the ID token's, and a refresh token's idle and absolute lifetimes,
//! over HTTP with the test clock; and the manager's settings page that sets them.

use jeton_core::Clock;
use jeton_core::entities::Actor;
use jeton_core::signing;
use jeton_flows::provision::ClientSpec;
use jeton_store::DomainSettings;

use crate::api_account::Session;
use crate::helpers::*;
use crate::manage_pages::{follow, get_ok, page, submit};

async fn set_settings(app: &TestApp, change: impl FnOnce(&mut DomainSettings)) {
    let domain = app.flows.domain_by_slug("main").await.unwrap().unwrap();
    let mut settings = domain.settings.clone();
    change(&mut settings);
    app.flows
        .update_settings(&domain, &settings, &Actor::cli())
        .await
        .unwrap();
}

/// A code for `client` (scope `openid read`) and its PKCE verifier.
async fn code_for(app: &TestApp, client: &TestClient) -> (String, String) {
    let p = pkce();
    let mut query = code_request(&client.id, &p.challenge, "openid read", "s1");
    query.push(("nonce", "n1"));
    let loc = Browser::new(app).authorize(&query, "alice").await;
    (query_of(&loc).remove("code").expect("a code"), p.verifier)
}

async fn redeem(
    app: &TestApp,
    client: &TestClient,
    code: &str,
    verifier: &str,
) -> reqwest::Response {
    app.token(
        client,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", verifier),
        ],
    )
    .await
}

async fn refresh(app: &TestApp, client: &TestClient, rt: &str) -> reqwest::Response {
    app.token(
        client,
        &[("grant_type", "refresh_token"), ("refresh_token", rt)],
    )
    .await
}

fn lifetime_of(id_token: &str) -> i64 {
    let parsed = signing::parse(id_token).expect("a JWS");
    parsed.claims["exp"].as_i64().unwrap() - parsed.claims["iat"].as_i64().unwrap()
}

#[tokio::test]
async fn a_domain_sets_code_and_id_token_lifetimes_and_a_client_overrides_them() {
    let app = spawn_app().await;
    app.standard().await;
    set_settings(&app, |s| {
        s.code_ttl_secs = 20;
        s.id_token_ttl_secs = 600;
    })
    .await;
    let c = app.web_client().await;

    // The domain's 20 s: a code 21 s old is refused, one 19 s old is redeemed.
    let (code, verifier) = code_for(&app, &c).await;
    app.clock.advance(21);
    let res = redeem(&app, &c, &code, &verifier).await;
    assert_eq!(res.status(), 400);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"], "invalid_grant");
    let (code, verifier) = code_for(&app, &c).await;
    app.clock.advance(19);
    let res = redeem(&app, &c, &code, &verifier).await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(lifetime_of(body["id_token"].as_str().unwrap()), 600);

    // A client with its own: a code lives 60 s, an ID token 5 minutes.
    let own = app
        .client(ClientSpec {
            name: "Own lifetimes".into(),
            redirect_uris: vec![REDIRECT.into()],
            scopes: vec!["read".into()],
            code_ttl_secs: Some(60),
            id_token_ttl_secs: Some(300),
            ..Default::default()
        })
        .await;
    let (code, verifier) = code_for(&app, &own).await;
    app.clock.advance(45);
    let res = redeem(&app, &own, &code, &verifier).await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(lifetime_of(body["id_token"].as_str().unwrap()), 300);

    // Out of bounds (DESIGN §5: a code lives at most a minute): refused, naming the field.
    let e = app
        .prov
        .create_client(
            "main",
            &ClientSpec {
                name: "Slow".into(),
                redirect_uris: vec![REDIRECT.into()],
                code_ttl_secs: Some(120),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert!(e.to_string().contains("code_ttl_secs"), "{e}");
}

/// Idle: each rotation hands out a token good for the idle lifetime again. Absolute: no
/// rotation goes past the end of the chain the sign-in started, and then the person must
/// sign in again. The chain also keeps when they signed in (`auth_time` in JWTs issued by
/// a refresh).
#[tokio::test]
async fn a_refresh_chain_ends_at_its_absolute_lifetime_whatever_the_idle_one_says() {
    let app = spawn_app().await;
    app.standard().await;
    set_settings(&app, |s| {
        s.refresh_token_ttl_secs = 3600;
        s.refresh_token_absolute_ttl_secs = 7200;
    })
    .await;
    let c = app
        .client(ClientSpec {
            name: "JWT app".into(),
            redirect_uris: vec![REDIRECT.into()],
            scopes: vec!["read".into()],
            access_token_format: Some("jwt".into()),
            ..Default::default()
        })
        .await;
    let start = app.clock.now();
    let first = tokens_for(&app, &c, "read").await;
    let auth_time = signing::parse(first["access_token"].as_str().unwrap())
        .unwrap()
        .claims["auth_time"]
        .as_i64()
        .expect("the code flow's JWT says when the person signed in");
    let mut rt = first["refresh_token"].as_str().unwrap().to_owned();
    assert_eq!(app.introspect(&c, &rt).await["exp"], start + 3600);

    // At +3000 and +6000: the idle hour starts again, but never past +7200.
    for (at, expected_exp) in [
        (3000, start + 6600),
        (6000, start + 7200),
        (7199, start + 7200),
    ] {
        app.clock.set(start + at);
        let res = refresh(&app, &c, &rt).await;
        assert_eq!(res.status(), 200, "refresh at +{at}");
        let body: serde_json::Value = res.json().await.unwrap();
        rt = body["refresh_token"].as_str().unwrap().to_owned();
        assert_eq!(
            app.introspect(&c, &rt).await["exp"],
            expected_exp,
            "the successor issued at +{at}"
        );
        let jwt = signing::parse(body["access_token"].as_str().unwrap()).unwrap();
        assert_eq!(
            jwt.claims["auth_time"], auth_time,
            "a refresh keeps the chain's sign-in time"
        );
    }
    app.clock.set(start + 7200);
    let res = refresh(&app, &c, &rt).await;
    assert_eq!(res.status(), 400, "the chain is over");
}

#[tokio::test]
async fn a_client_may_lift_the_absolute_lifetime_and_a_shortened_one_ends_live_chains() {
    let app = spawn_app().await;
    app.standard().await;
    set_settings(&app, |s| {
        s.refresh_token_ttl_secs = 3600;
        s.refresh_token_absolute_ttl_secs = 7200;
    })
    .await;
    let unlimited = app
        .client(ClientSpec {
            name: "Kiosk".into(),
            redirect_uris: vec![REDIRECT.into()],
            scopes: vec!["read".into()],
            refresh_token_absolute_ttl_secs: Some(0),
            ..Default::default()
        })
        .await;
    let start = app.clock.now();
    let mut rt = tokens_for(&app, &unlimited, "read").await["refresh_token"]
        .as_str()
        .unwrap()
        .to_owned();
    for at in [3000, 6000, 9000, 12_000] {
        app.clock.set(start + at);
        let res = refresh(&app, &unlimited, &rt).await;
        assert_eq!(
            res.status(),
            200,
            "no absolute limit for this client (+{at})"
        );
        let body: serde_json::Value = res.json().await.unwrap();
        rt = body["refresh_token"].as_str().unwrap().to_owned();
    }

    // A chain started under a long absolute lifetime ends when the manager shortens it.
    set_settings(&app, |s| s.refresh_token_absolute_ttl_secs = 0).await;
    let c = app.web_client().await;
    let begun = app.clock.now();
    let rt = tokens_for(&app, &c, "read").await["refresh_token"]
        .as_str()
        .unwrap()
        .to_owned();
    set_settings(&app, |s| s.refresh_token_absolute_ttl_secs = 3600).await;
    app.clock.set(begun + 3000);
    // Still inside the new limit: fine.
    let res = refresh(&app, &c, &rt).await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    let rt = body["refresh_token"].as_str().unwrap().to_owned();
    assert_eq!(
        app.introspect(&c, &rt).await["exp"],
        begun + 3600,
        "the successor ends with the chain"
    );
}

#[tokio::test]
async fn the_settings_page_sets_every_lifetime_and_names_a_bad_one() {
    let app = spawn_app().await;
    app.user("mia", &[jeton_core::roles::MANAGER]).await;
    let mia = Session::sign_in(&app, "mia").await;
    let settings = "/d/main/manage/settings";
    let html = get_ok(&mia, settings).await;
    assert_eq!(input_value(&html, "code_ttl_secs").unwrap(), "60");
    assert_eq!(
        input_value(&html, "refresh_token_absolute_ttl_secs").unwrap(),
        "0"
    );
    assert_eq!(input_value(&html, "id_token_ttl_secs").unwrap(), "3600");
    assert!(html.contains("Refresh-token idle lifetime (seconds)"));
    let form = |code: &'static str| {
        vec![
            ("code_ttl_secs", code),
            ("access_token_ttl_secs", "600"),
            ("refresh_token_ttl_secs", "86400"),
            ("refresh_token_absolute_ttl_secs", "604800"),
            ("id_token_ttl_secs", "900"),
            ("refresh_grace_secs", "0"),
            ("personal_client_max_lifetime_days", "30"),
        ]
    };
    let (status, html) = page(submit(&mia, settings, settings, &form("61")).await).await;
    assert_eq!(status, 400);
    assert!(
        html.contains("id=\"code-ttl-error\">Enter a number of seconds from 10 to 60."),
        "{html}"
    );
    let mut bad_absolute = form("30");
    bad_absolute[3].1 = "60";
    let (status, html) = page(submit(&mia, settings, settings, &bad_absolute).await).await;
    assert_eq!(status, 400);
    assert!(
        html.contains("id=\"absolute-ttl-error\">Enter 0 (none) or a number of seconds from 3600 to 157680000."),
        "{html}"
    );
    let html = follow(&mia, submit(&mia, settings, settings, &form("30")).await).await;
    assert!(html.contains("The settings were saved."));
    let stored = app.store.domain_by_slug("main").await.unwrap().unwrap();
    assert_eq!(stored.settings.code_ttl_secs, 30);
    assert_eq!(stored.settings.refresh_token_absolute_ttl_secs, 604_800);
    assert_eq!(stored.settings.id_token_ttl_secs, 900);
    // The audit record says what was set.
    let audit = get_ok(&mia, "/d/main/manage/audit").await;
    assert!(audit.contains("refresh_token_absolute_ttl_secs"), "{audit}");
}
