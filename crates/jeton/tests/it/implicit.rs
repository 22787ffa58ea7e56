//! The implicit grant (RFC 6749 §4.2) and OpenID Connect's implicit flow (Core §3.2): only
//! for clients registered for it; tokens in the fragment, short-lived, never a refresh token.

use std::collections::HashMap;

use jeton_flows::provision::ClientSpec;

use crate::helpers::*;

async fn setup() -> (TestApp, TestClient) {
    let app = spawn_app().await;
    app.standard().await;
    let spa = app
        .client(ClientSpec {
            name: "Old SPA".into(),
            redirect_uris: vec![REDIRECT.into()],
            grants: vec!["implicit".into()],
            scopes: vec!["read".into()],
            public: true,
            ..Default::default()
        })
        .await;
    (app, spa)
}

fn fragment(loc: &str) -> HashMap<String, String> {
    let (before, f) = loc
        .split_once('#')
        .unwrap_or_else(|| panic!("no fragment in {loc}"));
    assert_eq!(before, REDIRECT);
    assert!(!before.contains('?'), "nothing in the query");
    url::form_urlencoded::parse(f.as_bytes())
        .into_owned()
        .collect()
}

fn request<'a>(client: &'a str, response_type: &'a str, scope: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("response_type", response_type),
        ("client_id", client),
        ("redirect_uri", REDIRECT),
        ("scope", scope),
        ("state", "st"),
    ]
}

#[tokio::test]
async fn response_type_token_puts_a_short_lived_access_token_in_the_fragment() {
    let (app, spa) = setup().await;
    let b = Browser::new(&app);
    let loc = b
        .authorize(&request(&spa.id, "token", "read"), "alice")
        .await;
    let f = fragment(&loc);
    assert_eq!(f["token_type"], "Bearer");
    assert_eq!(f["state"], "st");
    assert_eq!(f["iss"], app.issuer());
    assert_eq!(f["scope"], "read");
    let expires_in: i64 = f["expires_in"].parse().unwrap();
    assert!(expires_in > 0 && expires_in <= 600, "{expires_in}");
    assert!(!f.contains_key("refresh_token") && !f.contains_key("code"));
    let rs = app.svc_client().await;
    let info = app.introspect(&rs, &f["access_token"]).await;
    assert_eq!(info["active"], true);
    assert_eq!(info["username"], "alice");
    // Short-lived indeed.
    app.clock.advance(601);
    assert_eq!(
        app.introspect(&rs, &f["access_token"]).await["active"],
        false
    );
}

#[tokio::test]
async fn id_tokens_need_a_nonce_and_carry_at_hash_with_an_access_token() {
    let (app, spa) = setup().await;
    let b = Browser::new(&app);
    // Without a nonce: refused, in the fragment.
    let res = b
        .get(&format!(
            "/d/main/oauth/authorize?{}",
            encode(&request(&spa.id, "id_token", "openid"))
        ))
        .await;
    let f = fragment(&location(&res));
    assert_eq!(f["error"], "invalid_request");
    assert!(f["error_description"].contains("nonce"));

    let mut q = request(&spa.id, "id_token", "openid profile");
    q.push(("nonce", "n-1"));
    let f = fragment(&b.authorize(&q, "alice").await);
    assert!(!f.contains_key("access_token"));
    let jws = jeton_core::signing::parse(&f["id_token"]).unwrap();
    assert_eq!(jws.claims["nonce"], "n-1");
    assert_eq!(jws.claims["aud"], spa.id);
    assert!(jws.claims.get("at_hash").is_none());
    // No access token: the profile claims come in the ID token (Core §5.4).
    assert_eq!(jws.claims["preferred_username"], "alice");

    // Both, in either order.
    let mut q = request(&spa.id, "token id_token", "openid read");
    q.push(("nonce", "n-2"));
    let f = fragment(&b.authorize(&q, "alice").await);
    let jws = jeton_core::signing::parse(&f["id_token"]).unwrap();
    let alg = jeton_core::signing::SigningAlg::parse(&jws.alg).unwrap();
    assert_eq!(jws.claims["at_hash"], alg.half_hash(&f["access_token"]));
    assert_eq!(jws.claims["nonce"], "n-2");
}

#[tokio::test]
async fn only_clients_registered_for_it_get_it_and_never_in_a_query() {
    let (app, spa) = setup().await;
    let web = app.web_client().await;
    let b = Browser::new(&app);
    b.login("alice", PASSWORD, "/d/main/account").await;
    let res = b
        .get(&format!(
            "/d/main/oauth/authorize?{}",
            encode(&request(&web.id, "token", "read"))
        ))
        .await;
    assert_eq!(fragment(&location(&res))["error"], "unauthorized_client");
    let mut q = request(&spa.id, "token", "read");
    q.push(("response_mode", "query"));
    let res = b
        .get(&format!("/d/main/oauth/authorize?{}", encode(&q)))
        .await;
    assert_eq!(fragment(&location(&res))["error"], "invalid_request");
    // No token request for the implicit grant.
    let res = app
        .post_form(
            "/d/main/oauth/token",
            Some((&web.id, web.secret.as_deref().unwrap())),
            &[("grant_type", "implicit")],
        )
        .await;
    assert_eq!(res.status(), 400);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"], "unsupported_grant_type");
}
