//! OpenID Connect's `claims` request parameter (Core §5.5) and pairwise subject identifiers
//! (Core §8.1), on SQLite and, when `JETON_TEST_DATABASE_URL` is set, PostgreSQL.

use jeton_flows::provision::ClientSpec;
use serde_json::Value;

use crate::helpers::*;

const OTHER_HOST: &str = "https://other.example/cb";
const SAME_HOST: &str = "https://app.example/elsewhere";

/// A server with the usual fixture and carol, who has an email address, on each backend.
async fn apps() -> Vec<TestApp> {
    let mut dbs = vec![None];
    match std::env::var("JETON_TEST_DATABASE_URL") {
        Ok(base) => dbs.push(Some(
            jeton_store::postgres::scratch_schema_url(&base)
                .await
                .expect("a scratch schema"),
        )),
        Err(_) => skip(
            "oidc_claims::postgres",
            "JETON_TEST_DATABASE_URL is not set",
        ),
    }
    let mut apps = Vec::new();
    for db in dbs {
        let app = match db {
            None => spawn_app().await,
            Some(url) => spawn_on(&url, tempfile::tempdir().unwrap(), &[]).await,
        };
        app.standard().await;
        app.prov
            .create_user(
                "main",
                "carol",
                Some(PASSWORD),
                Some("carol@example.com"),
                &[],
            )
            .await
            .expect("carol");
        apps.push(app);
    }
    apps
}

async fn rp(app: &TestApp, name: &str, redirect: &str, subject_type: &str) -> TestClient {
    app.client(ClientSpec {
        name: name.into(),
        redirect_uris: vec![redirect.into()],
        scopes: vec!["read".into()],
        subject_type: Some(subject_type.into()),
        ..Default::default()
    })
    .await
}

/// The code flow through `browser` as `user`; answers the ID token (as sent and its
/// claims) and the access token.
async fn sign_in(
    app: &TestApp,
    browser: &Browser,
    client: &TestClient,
    redirect: &str,
    user: &str,
    extra: &[(&str, &str)],
) -> (String, Value, String) {
    let p = pkce();
    let mut q = code_request(&client.id, &p.challenge, "openid", "st");
    q.retain(|(k, _)| *k != "redirect_uri");
    q.push(("redirect_uri", redirect));
    q.extend_from_slice(extra);
    let loc = browser.authorize(&q, user).await;
    let code = query_of(&loc)
        .remove("code")
        .unwrap_or_else(|| panic!("{loc}"));
    let res = app
        .token(
            client,
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", redirect),
                ("code_verifier", &p.verifier),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    let id_token = body["id_token"].as_str().unwrap().to_owned();
    let claims = jeton_core::signing::parse(&id_token).unwrap().claims;
    (
        id_token,
        claims,
        body["access_token"].as_str().unwrap().into(),
    )
}

async fn userinfo(app: &TestApp, access_token: &str) -> Value {
    let res = app
        .http
        .get(app.url("/d/main/oauth/userinfo"))
        .bearer_auth(access_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// The authorization request's answer, without following it.
async fn answer(b: &Browser, client: &TestClient, extra: &[(&str, &str)]) -> String {
    let p = pkce();
    let mut q = code_request(&client.id, &p.challenge, "openid", "st");
    q.extend_from_slice(extra);
    let res = b
        .get(&format!("/d/main/oauth/authorize?{}", encode(&q)))
        .await;
    assert_eq!(res.status(), 303);
    location(&res)
}

#[tokio::test]
async fn claims_go_where_they_are_asked_for_and_the_consent_page_names_them() {
    for app in apps().await {
        let c = app.web_client().await;
        let claims = r#"{"id_token": {"email": null}, "userinfo": {"preferred_username": null}}"#;
        let b = Browser::new(&app);
        // Asked for beyond the scopes (only `openid`): the consent page says so.
        let p = pkce();
        let mut q = code_request(&c.id, &p.challenge, "openid", "st");
        q.push(("claims", claims));
        b.login("carol", PASSWORD, "/d/main/").await;
        let res = b
            .get(&format!("/d/main/oauth/authorize?{}", encode(&q)))
            .await;
        let consent = b.get(&location(&res)).await.text().await.unwrap();
        assert!(consent.contains("also asks to read"), "{consent}");
        assert!(consent.contains("Your email address"));
        assert!(consent.contains("Your username"));

        let (_, id, at) = sign_in(&app, &b, &c, REDIRECT, "carol", &[("claims", claims)]).await;
        assert_eq!(id["email"], "carol@example.com");
        assert!(id.get("preferred_username").is_none(), "{id}");
        let info = userinfo(&app, &at).await;
        assert_eq!(info["preferred_username"], "carol");
        assert!(info.get("email").is_none(), "{info}");
        assert_eq!(info["sub"], id["sub"]);
        // A later authorization without the parameter: UserInfo is back to the scopes'.
        let (_, _, at) = sign_in(&app, &b, &c, REDIRECT, "carol", &[]).await;
        assert!(
            userinfo(&app, &at)
                .await
                .get("preferred_username")
                .is_none()
        );
    }
}

#[tokio::test]
async fn an_essential_claim_the_user_lacks_is_left_out_and_values_are_honoured() {
    for app in apps().await {
        let c = app.web_client().await;
        let b = Browser::new(&app);
        let claims = r#"{"id_token": {"email": {"essential": true},
                         "preferred_username": {"value": "alice"},
                         "email_verified": {"value": true}}}"#;
        // alice has no email address: no email, no error.
        let (_, id, _) = sign_in(&app, &b, &c, REDIRECT, "alice", &[("claims", claims)]).await;
        assert!(id.get("email").is_none(), "{id}");
        assert!(id.get("email_verified").is_none(), "{id}");
        assert_eq!(id["preferred_username"], "alice");
        // carol's username is not the asked-for value: left out; her email is there.
        let b = Browser::new(&app);
        let (_, id, _) = sign_in(&app, &b, &c, REDIRECT, "carol", &[("claims", claims)]).await;
        assert_eq!(id["email"], "carol@example.com");
        assert!(id.get("preferred_username").is_none(), "{id}");
        assert!(id.get("email_verified").is_none(), "carol's is false: {id}");
    }
}

#[tokio::test]
async fn a_malformed_claims_parameter_or_another_sub_is_an_error_for_the_client() {
    for app in apps().await {
        let c = app.web_client().await;
        let b = Browser::new(&app);
        b.login("alice", PASSWORD, "/d/main/").await;
        for bad in ["{not json", "[]", r#"{"userinfo": ["email"]}"#] {
            let back = query_of(&answer(&b, &c, &[("claims", bad)]).await);
            assert_eq!(back["error"], "invalid_request", "{bad}");
            assert_eq!(back["state"], "st");
        }
        let other = r#"{"id_token": {"sub": {"value": "somebody-else"}}}"#;
        let back = query_of(&answer(&b, &c, &[("claims", other)]).await);
        assert_eq!(back["error"], "login_required", "Core §3.1.2.2");
        // Her own sub is accepted.
        let (_, id, _) = sign_in(&app, &b, &c, REDIRECT, "alice", &[]).await;
        let own = format!(
            r#"{{"id_token": {{"sub": {{"value": "{}"}}}}}}"#,
            id["sub"].as_str().unwrap()
        );
        let (_, again, _) = sign_in(&app, &b, &c, REDIRECT, "alice", &[("claims", &own)]).await;
        assert_eq!(again["sub"], id["sub"]);
    }
}

#[tokio::test]
async fn pairwise_subs_follow_the_sector_and_stay_stable() {
    for app in apps().await {
        let public = rp(&app, "Public", REDIRECT, "public").await;
        let a = rp(&app, "A", REDIRECT, "pairwise").await;
        let same = rp(&app, "Same host", SAME_HOST, "pairwise").await;
        let other = rp(&app, "Other host", OTHER_HOST, "pairwise").await;
        let b = Browser::new(&app);
        let (_, id_public, _) = sign_in(&app, &b, &public, REDIRECT, "alice", &[]).await;
        let (_, id_a, at_a) = sign_in(&app, &b, &a, REDIRECT, "alice", &[]).await;
        let (_, id_same, _) = sign_in(&app, &b, &same, SAME_HOST, "alice", &[]).await;
        let (_, id_other, _) = sign_in(&app, &b, &other, OTHER_HOST, "alice", &[]).await;
        let sub = |v: &Value| v["sub"].as_str().unwrap().to_owned();
        assert_ne!(sub(&id_a), sub(&id_public), "pairwise is not the user's id");
        assert_eq!(sub(&id_a), sub(&id_same), "one sector, one sub");
        assert_ne!(sub(&id_a), sub(&id_other), "another sector, another sub");
        assert_eq!(userinfo(&app, &at_a).await["sub"], id_a["sub"]);
        // Access tokens speak to resource servers: introspection keeps the public id.
        assert_eq!(app.introspect(&a, &at_a).await["sub"], id_public["sub"]);
        // Another sign-in, in another browser: the same value.
        let again = Browser::new(&app);
        let (_, id_again, _) = sign_in(&app, &again, &a, REDIRECT, "alice", &[]).await;
        assert_eq!(sub(&id_again), sub(&id_a));
        // Bob gets his own.
        app.user("bob", &[]).await;
        let (_, id_bob, _) = sign_in(&app, &Browser::new(&app), &a, REDIRECT, "bob", &[]).await;
        assert_ne!(sub(&id_bob), sub(&id_a));

        // Another domain, the same sector and user id: another salt, another sub.
        let main = app.store.domain_by_slug("main").await.unwrap().unwrap();
        let second = app.prov.create_domain("second", None).await.unwrap();
        let options = jeton_store::ClientOptions {
            pairwise_sector: Some("app.example".into()),
            ..Default::default()
        };
        let alice = jeton_store::UserId::from(sub(&id_public).as_str());
        let in_main = app.flows.subject(&main, &options, &alice).await.unwrap();
        assert_eq!(in_main, sub(&id_a));
        let in_second = app.flows.subject(&second, &options, &alice).await.unwrap();
        assert_ne!(in_second, in_main);
    }
}

#[tokio::test]
async fn a_pairwise_id_token_is_a_hint_at_authorize_and_at_logout() {
    for app in apps().await {
        let back = "https://app.example/signed-out";
        let c = app
            .client(ClientSpec {
                name: "Pairwise".into(),
                redirect_uris: vec![REDIRECT.into()],
                post_logout_redirect_uris: vec![back.into()],
                subject_type: Some("pairwise".into()),
                ..Default::default()
            })
            .await;
        let b = Browser::new(&app);
        let (id_token, _, _) = sign_in(&app, &b, &c, REDIRECT, "alice", &[]).await;
        let hinted = [("prompt", "none"), ("id_token_hint", id_token.as_str())];
        let back_at = query_of(&answer(&b, &c, &hinted).await);
        assert!(back_at.contains_key("code"), "{back_at:?}");
        // Someone else signed in: the hint names alice, not bob.
        app.user("bob", &[]).await;
        let bob = Browser::new(&app);
        bob.login("bob", PASSWORD, "/d/main/").await;
        let refused = query_of(&answer(&bob, &c, &hinted).await);
        assert_eq!(refused["error"], "login_required");

        let q = encode(&[
            ("id_token_hint", id_token.as_str()),
            ("post_logout_redirect_uri", back),
        ]);
        let url = format!("/d/main/oauth/logout?{q}");
        let logout = async |who: &Browser| who.get(&url).await.text().await.unwrap();
        let alices = logout(&b).await;
        assert!(alices.contains("<strong>alice</strong>"), "{alices}");
        assert!(!alices.contains("signed in another account"), "{alices}");
        let bobs = logout(&bob).await;
        assert!(bobs.contains("signed in another account"), "{bobs}");
    }
}

#[tokio::test]
async fn the_implicit_flow_answers_claims_and_the_pairwise_sub() {
    for app in apps().await {
        let spa = app
            .client(ClientSpec {
                name: "SPA".into(),
                redirect_uris: vec![REDIRECT.into()],
                grants: vec!["implicit".into()],
                public: true,
                subject_type: Some("pairwise".into()),
                ..Default::default()
            })
            .await;
        let web = rp(&app, "Same sector", REDIRECT, "pairwise").await;
        let b = Browser::new(&app);
        let (_, code_flow, _) = sign_in(&app, &b, &web, REDIRECT, "carol", &[]).await;
        let q = [
            ("response_type", "id_token"),
            ("client_id", spa.id.as_str()),
            ("redirect_uri", REDIRECT),
            ("scope", "openid"),
            ("nonce", "n1"),
            ("claims", r#"{"id_token": {"email": {"essential": true}}}"#),
        ];
        let loc = b.authorize(&q, "carol").await;
        let fragment: std::collections::HashMap<String, String> =
            url::form_urlencoded::parse(loc.split_once('#').unwrap().1.as_bytes())
                .into_owned()
                .collect();
        let id = jeton_core::signing::parse(&fragment["id_token"])
            .unwrap()
            .claims;
        assert_eq!(id["email"], "carol@example.com");
        assert_eq!(id["sub"], code_flow["sub"], "one sector, one sub");
        // The userinfo member needs a response type that issues an access token (§5.5).
        let mut q = q.to_vec();
        q.retain(|(k, _)| *k != "claims");
        q.push(("claims", r#"{"userinfo": {"email": null}}"#));
        let res = b
            .get(&format!("/d/main/oauth/authorize?{}", encode(&q)))
            .await;
        assert!(
            location(&res).contains("error=invalid_request"),
            "{}",
            location(&res)
        );
    }
}

#[tokio::test]
async fn pairwise_needs_one_host_and_discovery_says_what_is_served() {
    for app in apps().await {
        let refused = app
            .prov
            .create_client(
                "main",
                &ClientSpec {
                    name: "Two hosts".into(),
                    redirect_uris: vec![REDIRECT.into(), OTHER_HOST.into()],
                    subject_type: Some("pairwise".into()),
                    ..Default::default()
                },
            )
            .await
            .expect_err("refused");
        let message = refused.to_string();
        assert!(message.contains("one host"), "{message}");
        assert!(message.contains("sector_identifier_uri"), "{message}");
        let doc: Value = app
            .http
            .get(app.url("/d/main/.well-known/openid-configuration"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(doc["claims_parameter_supported"], true);
        assert_eq!(
            doc["subject_types_supported"],
            serde_json::json!(["public", "pairwise"])
        );
        let supported = doc["claims_supported"].as_array().unwrap();
        for claim in [
            "sub",
            "email",
            "email_verified",
            "preferred_username",
            "name",
        ] {
            assert!(supported.contains(&claim.into()), "{claim}");
        }
        assert!(!supported.contains(&"acr".into()), "no acr is served");
    }
}
