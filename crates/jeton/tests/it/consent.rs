//! The consent page: when it is shown again, how its form is protected, and logout's form.

use jeton_flows::provision::ClientSpec;

use crate::helpers::*;

async fn get_authorize(b: &Browser, query: &[(&str, &str)]) -> reqwest::Response {
    b.get(&format!("/d/main/oauth/authorize?{}", encode(query)))
        .await
}

/// Signs alice in and answers the consent page (URL and HTML) for `query`.
async fn consent_page(b: &Browser, query: &[(&str, &str)]) -> (String, String) {
    let res = get_authorize(b, query).await;
    assert_eq!(res.status(), 303);
    let loc = location(&res);
    let loc = if loc.starts_with("/d/main/login") {
        let return_to = query_of(&format!("http://x{loc}"))["return_to"].clone();
        let res = b.login("alice", PASSWORD, &return_to).await;
        assert_eq!(res.status(), 303);
        let res = b.get(&location(&res)).await;
        assert_eq!(res.status(), 303);
        location(&res)
    } else {
        loc
    };
    assert!(loc.starts_with("/d/main/consent?"), "{loc}");
    let page = b.get(&loc).await;
    assert_eq!(page.status(), 200);
    (loc, page.text().await.unwrap())
}

/// The consent form's fields with `decision`, but without `csrf`.
fn form_without_csrf(html: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = hidden_fields(html)
        .into_iter()
        .filter(|(k, _)| k != "csrf")
        .collect();
    fields.push(("decision".into(), "allow".into()));
    fields
}

fn as_pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

#[tokio::test]
async fn consent_covers_any_subset_of_what_was_granted() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let b = Browser::new(&app);
    let p = pkce();
    let loc = b
        .authorize(
            &code_request(&c.id, &p.challenge, "read write", "1"),
            "alice",
        )
        .await;
    assert!(query_of(&loc).contains_key("code"));
    for (scope, state) in [("read", "2"), ("write", "3"), ("read write", "4")] {
        let res = get_authorize(&b, &code_request(&c.id, &p.challenge, scope, state)).await;
        assert_eq!(res.status(), 303);
        let loc = location(&res);
        assert!(loc.starts_with(REDIRECT), "{scope}: {loc}");
        let q = query_of(&loc);
        assert!(q["code"].starts_with("jeton_ac_"));
        assert_eq!(q["state"], state);
    }
    // The code for fewer scopes carries only those.
    let res = get_authorize(&b, &code_request(&c.id, &p.challenge, "read", "5")).await;
    let code = query_of(&location(&res))["code"].clone();
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
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["scope"], "read");
}

#[tokio::test]
async fn a_public_client_is_always_asked_again() {
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
    let b = Browser::new(&app);
    let p = pkce();
    let loc = b
        .authorize(&code_request(&c.id, &p.challenge, "read", "1"), "alice")
        .await;
    assert!(query_of(&loc).contains_key("code"));
    // Same scope again: anyone can claim a public client's id, so consent is asked again.
    let res = get_authorize(&b, &code_request(&c.id, &p.challenge, "read", "2")).await;
    assert_eq!(res.status(), 303);
    let loc = location(&res);
    assert!(loc.starts_with("/d/main/consent?"), "{loc}");
    let page = b.get(&loc).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("SPA") && html.contains("Read your photos"));
}

#[tokio::test]
async fn consent_posts_need_the_csrf_token_and_our_origin() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let b = Browser::new(&app);
    let p = pkce();
    let (_, html) = consent_page(&b, &code_request(&c.id, &p.challenge, "read", "st")).await;
    let csrf = hidden(&html, "csrf").expect("a csrf field on the consent page");

    let fields = form_without_csrf(&html);
    let res = b.post("/d/main/consent", &as_pairs(&fields)).await;
    assert_eq!(res.status(), 403);
    assert!(res.headers().get("location").is_none());

    let mut fields = form_without_csrf(&html);
    fields.push(("csrf".into(), csrf.clone()));
    let res = b
        .http
        .post(app.url("/d/main/consent"))
        .header("origin", "https://evil.example")
        .form(&as_pairs(&fields))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert!(res.headers().get("location").is_none());

    // Neither refused post granted anything: the next request still asks.
    let res = get_authorize(&b, &code_request(&c.id, &p.challenge, "read", "st")).await;
    assert!(location(&res).starts_with("/d/main/consent?"));
    // The genuine form works.
    let res = b.submit_consent(&html, "allow").await;
    assert_eq!(res.status(), 303);
    assert!(query_of(&location(&res)).contains_key("code"));
}

#[tokio::test]
async fn the_consent_page_cannot_be_framed_and_has_a_csp() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let b = Browser::new(&app);
    let p = pkce();
    let (loc, _) = consent_page(&b, &code_request(&c.id, &p.challenge, "read", "st")).await;
    let res = b.get(&loc).await;
    assert_eq!(res.status(), 200);
    let h = res.headers();
    assert_eq!(h["x-frame-options"], "DENY");
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert_eq!(h["cache-control"], "no-store");
}

#[tokio::test]
async fn logout_without_the_csrf_token_changes_nothing() {
    let app = spawn_app().await;
    app.standard().await;
    let b = Browser::new(&app);
    assert_eq!(
        b.login("alice", PASSWORD, "/d/main/account").await.status(),
        303
    );
    let page = b.get("/d/main/logout").await.text().await.unwrap();
    let csrf = hidden(&page, "csrf").expect("csrf on the logout page");
    let res = b.post("/d/main/logout", &[]).await;
    assert_eq!(res.status(), 403);
    let res = b
        .post("/d/main/logout", &[("csrf", "jeton_csrf_forged")])
        .await;
    assert_eq!(res.status(), 403);
    let res = b
        .http
        .post(app.url("/d/main/logout"))
        .header("origin", "https://evil.example")
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(
        b.get("/d/main/account").await.status(),
        200,
        "still signed in"
    );
    // The real form signs out.
    let res = b.post("/d/main/logout", &[("csrf", &csrf)]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(b.get("/d/main/account").await.status(), 303);
}
