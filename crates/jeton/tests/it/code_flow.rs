use std::sync::Arc;

use jeton_core::grant_type::{AuthMethod, GrantType};
use jeton_core::scope::ScopeSet;
use jeton_core::secret::{SecretKind, mint};
use jeton_store::NewClient;

use crate::helpers::*;

async fn code_and_pkce(app: &TestApp, c: &TestClient, scope: &str) -> (String, Pkce, String) {
    let p = pkce();
    let b = Browser::new(app);
    let loc = b
        .authorize(&code_request(&c.id, &p.challenge, scope, "xyz"), "alice")
        .await;
    let q = query_of(&loc);
    assert_eq!(q["state"], "xyz");
    assert_eq!(q["iss"], app.issuer());
    (q["code"].clone(), p, loc)
}

async fn redeem(app: &TestApp, c: &TestClient, code: &str, verifier: &str) -> reqwest::Response {
    app.token(
        c,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", verifier),
        ],
    )
    .await
}

async fn error_of(res: reqwest::Response) -> String {
    let v: serde_json::Value = res.json().await.unwrap();
    v["error"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn code_flow_with_pkce_issues_access_and_refresh_tokens() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let (code, p, _) = code_and_pkce(&app, &c, "read write").await;
    assert!(code.starts_with("jeton_ac_"));
    let res = redeem(&app, &c, &code, &p.verifier).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["scope"], "read write");
    assert!(
        body["refresh_token"]
            .as_str()
            .unwrap()
            .starts_with("jeton_rt_")
    );
    let info = app
        .introspect(&c, body["access_token"].as_str().unwrap())
        .await;
    assert_eq!(info["active"], true);
    assert_eq!(info["username"], "alice");
    assert_eq!(info["client_id"], c.id.as_str());
}

#[tokio::test]
async fn a_second_redemption_fails_and_revokes_what_the_first_issued() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let (code, p, _) = code_and_pkce(&app, &c, "read").await;
    let first: serde_json::Value = redeem(&app, &c, &code, &p.verifier)
        .await
        .json()
        .await
        .unwrap();
    let at = first["access_token"].as_str().unwrap();
    // Cached as active first, so the test also proves the cache is invalidated.
    assert_eq!(app.introspect(&c, at).await["active"], true);
    let res = redeem(&app, &c, &code, &p.verifier).await;
    assert_eq!(res.status(), 400);
    assert_eq!(error_of(res).await, "invalid_grant");
    assert_eq!(app.introspect(&c, at).await["active"], false);
    let rt = first["refresh_token"].as_str().unwrap();
    let res = app
        .token(
            &c,
            &[("grant_type", "refresh_token"), ("refresh_token", rt)],
        )
        .await;
    assert_eq!(error_of(res).await, "invalid_grant");
}

#[tokio::test]
async fn pkce_and_redirect_uri_are_checked_at_the_token_endpoint() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let (code, p, _) = code_and_pkce(&app, &c, "read").await;
    let wrong = pkce();
    let res = redeem(&app, &c, &code, &wrong.verifier).await;
    assert_eq!(error_of(res).await, "invalid_grant");
    let res = app
        .token(
            &c,
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", REDIRECT),
            ],
        )
        .await;
    assert_eq!(
        error_of(res).await,
        "invalid_grant",
        "no code_verifier for a code bound to a challenge: the grant does not verify"
    );
    let res = app
        .token(
            &c,
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("code_verifier", &p.verifier),
            ],
        )
        .await;
    assert_eq!(
        error_of(res).await,
        "invalid_request",
        "redirect_uri was in the request, so it is required"
    );
    let res = app
        .token(
            &c,
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", "https://app.example/other"),
                ("code_verifier", &p.verifier),
            ],
        )
        .await;
    assert_eq!(error_of(res).await, "invalid_grant");
    // Failed attempts did not spend the code: the rightful client still gets its tokens.
    assert_eq!(redeem(&app, &c, &code, &p.verifier).await.status(), 200);
}

#[tokio::test]
async fn codes_expire_after_sixty_seconds_and_belong_to_one_client() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let other = app.web_client().await;
    let (code, p, _) = code_and_pkce(&app, &c, "read").await;
    assert_eq!(
        error_of(redeem(&app, &other, &code, &p.verifier).await).await,
        "invalid_grant"
    );
    app.clock.advance(61);
    assert_eq!(
        error_of(redeem(&app, &c, &code, &p.verifier).await).await,
        "invalid_grant"
    );
    assert_eq!(
        error_of(redeem(&app, &c, "jeton_ac_nonsense", &p.verifier).await).await,
        "invalid_grant"
    );
}

#[tokio::test]
async fn a_verifier_for_a_code_without_challenge_is_a_downgrade() {
    let app = spawn_app().await;
    app.standard().await;
    // A confidential client that opted out of PKCE (only possible through the store today).
    let secret = mint(SecretKind::ClientSecret, &jeton_core::OsRandom);
    let domain = app.store.domain_by_slug("main").await.unwrap().unwrap();
    app.store
        .create_client(
            NewClient {
                id: "legacy".into(),
                domain_id: domain.id,
                kind: jeton_core::entities::ClientKind::Application,
                description: String::new(),
                name: "Legacy".into(),
                secret_digest: Some(secret.digest),
                auth_method: AuthMethod::ClientSecretBasic,
                redirect_uris: vec![REDIRECT.into()],
                grant_types: vec![GrantType::AuthorizationCode],
                allowed_scopes: ScopeSet::parse("read").unwrap(),
                default_scopes: ScopeSet::parse("read").unwrap(),
                require_pkce: false,
                allow_plain_pkce: false,
                options: Default::default(),
                owner_user_id: None,
                expires_at: None,
                created_at: 0,
            },
            None,
        )
        .await
        .unwrap();
    let c = TestClient {
        id: "legacy".into(),
        secret: Some(secret.value),
    };
    let b = Browser::new(&app);
    let q = [
        ("response_type", "code"),
        ("client_id", "legacy"),
        ("redirect_uri", REDIRECT),
        ("state", "s"),
    ];
    let loc = b.authorize(&q, "alice").await;
    let code = query_of(&loc)["code"].clone();
    let p = pkce();
    assert_eq!(
        error_of(redeem(&app, &c, &code, &p.verifier).await).await,
        "invalid_grant"
    );
    let res = app
        .token(
            &c,
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", REDIRECT),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert!(
        body["refresh_token"].is_null(),
        "no refresh_token grant, no refresh token"
    );
    let _ = Arc::new(());
}

#[tokio::test]
async fn consent_is_remembered_for_the_same_or_fewer_scopes_only() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let b = Browser::new(&app);
    let p = pkce();
    b.authorize(&code_request(&c.id, &p.challenge, "read", "1"), "alice")
        .await;
    // Same scope: straight back to the client, no consent page.
    let res = b
        .get(&format!(
            "/d/main/oauth/authorize?{}",
            encode(&code_request(&c.id, &p.challenge, "read", "2"))
        ))
        .await;
    assert!(location(&res).starts_with(REDIRECT), "{}", location(&res));
    // More scopes: asked again.
    let res = b
        .get(&format!(
            "/d/main/oauth/authorize?{}",
            encode(&code_request(&c.id, &p.challenge, "read write", "3"))
        ))
        .await;
    let loc = location(&res);
    assert!(loc.starts_with("/d/main/consent"), "{loc}");
    let html = b.get(&loc).await.text().await.unwrap();
    assert!(
        html.contains("Change your photos"),
        "each scope is explained"
    );
    assert!(html.contains("Photo &lt;Printer&gt;") || html.contains("Photo &#60;Printer&#62;"));
    // Deny.
    let res = b.submit_consent(&html, "deny").await;
    let q = query_of(&location(&res));
    assert_eq!(q["error"], "access_denied");
    assert_eq!(q["state"], "3");
    assert_eq!(q["iss"], app.issuer());
}

#[tokio::test]
async fn scopes_the_user_lacks_are_dropped_from_the_grant() {
    let app = spawn_app().await;
    app.standard().await;
    app.user("viewer", &[]).await;
    let c = app.web_client().await;
    let p = pkce();
    let b = Browser::new(&app);
    let loc = b
        .authorize(
            &code_request(&c.id, &p.challenge, "read write", "s"),
            "viewer",
        )
        .await;
    let code = query_of(&loc)["code"].clone();
    let body: serde_json::Value = redeem(&app, &c, &code, &p.verifier)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["scope"], "read");
}

#[tokio::test]
async fn state_is_returned_exactly_and_escaped_on_pages() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let p = pkce();
    let b = Browser::new(&app);
    let nasty = "\"><script>alert(1)</script>&x=1";
    let q = code_request(&c.id, &p.challenge, "read", nasty);
    assert_eq!(
        b.login("alice", PASSWORD, "/d/main/account").await.status(),
        303
    );
    let res = b
        .get(&format!("/d/main/oauth/authorize?{}", encode(&q)))
        .await;
    let consent = location(&res);
    let html = b.get(&consent).await.text().await.unwrap();
    assert!(
        !html.contains("<script>alert(1)</script>"),
        "reflected values are escaped"
    );
    let res = b.submit_consent(&html, "allow").await;
    assert_eq!(query_of(&location(&res))["state"], nasty);
}
