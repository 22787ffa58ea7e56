//! RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0) at `/d/{d}/oauth/logout`:
//! the confirmation, the session's end, and the redirect only to a registered
//! `post_logout_redirect_uri` of the client the request (and its verified ID token) names.

use jeton_core::entities::Actor;
use jeton_flows::provision::ClientSpec;

use crate::cli::run;
use crate::helpers::*;

const LOGOUT: &str = "/d/main/oauth/logout";
const BACK: &str = "https://app.example/signed-out";

async fn rp(app: &TestApp, name: &str) -> TestClient {
    app.client(ClientSpec {
        name: name.into(),
        redirect_uris: vec![REDIRECT.into()],
        scopes: vec!["read".into()],
        post_logout_redirect_uris: vec![BACK.into()],
        ..Default::default()
    })
    .await
}

/// A browser signed in as `username` through `client`'s code flow, and the ID token.
async fn signed_in(app: &TestApp, client: &TestClient, username: &str) -> (Browser, String) {
    let browser = Browser::new(app);
    let id_token = id_token_in(app, &browser, client, username).await;
    (browser, id_token)
}

async fn id_token_in(
    app: &TestApp,
    browser: &Browser,
    client: &TestClient,
    username: &str,
) -> String {
    let p = pkce();
    let loc = browser
        .authorize(
            &code_request(&client.id, &p.challenge, "openid", "s1"),
            username,
        )
        .await;
    let code = query_of(&loc).remove("code").expect("a code");
    let res = app
        .token(
            client,
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
    body["id_token"].as_str().expect("an id_token").to_owned()
}

fn logout_url(params: &[(&str, &str)]) -> String {
    format!("{LOGOUT}?{}", encode(params))
}

/// Confirms on the page `html`: its hidden fields (the CSRF token and the request) and the
/// submit button.
async fn confirm(browser: &Browser, html: &str) -> reqwest::Response {
    let mut fields = hidden_fields(html);
    fields.push(("confirm".into(), "sign-out".into()));
    let form: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    browser.post(LOGOUT, &form).await
}

async fn is_signed_in(browser: &Browser) -> bool {
    let res = browser.get("/d/main/account").await;
    match res.status().as_u16() {
        200 => true,
        303 => {
            assert!(location(&res).starts_with("/d/main/login"));
            false
        }
        other => panic!("account page: {other}"),
    }
}

/// What a request without a session answers: the redirect's Location, or None for the
/// "signed out" page.
async fn outcome(res: reqwest::Response) -> Option<String> {
    match res.status().as_u16() {
        303 => Some(location(&res)),
        200 => {
            let html = res.text().await.unwrap();
            assert!(html.contains("You are signed out."), "{html}");
            None
        }
        other => panic!("logout answered {other}"),
    }
}

#[tokio::test]
async fn discovery_advertises_the_end_session_endpoint() {
    let app = spawn_app().await;
    let doc: serde_json::Value = app
        .http
        .get(app.url("/d/main/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["end_session_endpoint"], app.url(LOGOUT));
}

#[tokio::test]
async fn a_valid_hint_and_registered_uri_confirm_then_end_the_session_and_return_with_state() {
    let app = spawn_app().await;
    app.standard().await;
    let c = rp(&app, "Photo <Printer>").await;
    let (browser, id_token) = signed_in(&app, &c, "alice").await;
    let request = [
        ("id_token_hint", id_token.as_str()),
        ("post_logout_redirect_uri", BACK),
        ("state", "st&te 1"),
        ("logout_hint", "ignored"),
    ];
    let page = browser.get(&logout_url(&request)).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Sign out of Acme Corp?"), "{html}");
    assert!(html.contains("<strong>Photo &#60;Printer&#62;</strong> asks you to sign out."));
    assert!(!html.contains("another account"));
    // Asking signs no one out: a link or an image must not.
    assert!(is_signed_in(&browser).await);
    // The application may also send its request as a POST (§2): the same page.
    let posted = browser.post(LOGOUT, &request).await;
    assert_eq!(posted.status(), 200);
    assert!(
        posted
            .text()
            .await
            .unwrap()
            .contains("Sign out of Acme Corp?")
    );
    assert!(is_signed_in(&browser).await);

    let done = confirm(&browser, &html).await;
    assert_eq!(done.status(), 303);
    assert_eq!(location(&done), format!("{BACK}?state=st%26te+1"));
    assert!(!is_signed_in(&browser).await, "the session has ended");
}

#[tokio::test]
async fn an_unregistered_uri_gets_the_signed_out_page_and_never_a_redirect() {
    let app = spawn_app().await;
    app.standard().await;
    let c = rp(&app, "Photos").await;
    let (browser, id_token) = signed_in(&app, &c, "alice").await;
    for uri in [
        "https://evil.example/signed-out",
        "https://app.example/signed-out/",
        // The code flow's redirect URI is not a post-logout one.
        REDIRECT,
    ] {
        let request = [
            ("id_token_hint", id_token.as_str()),
            ("post_logout_redirect_uri", uri),
            ("state", "s"),
        ];
        let fresh = Browser::new(&app);
        assert_eq!(
            outcome(fresh.get(&logout_url(&request)).await).await,
            None,
            "{uri}"
        );
    }
    let request = [
        ("id_token_hint", id_token.as_str()),
        (
            "post_logout_redirect_uri",
            "https://evil.example/signed-out",
        ),
    ];
    let html = browser
        .get(&logout_url(&request))
        .await
        .text()
        .await
        .unwrap();
    let done = confirm(&browser, &html).await;
    assert_eq!(done.status(), 200);
    assert!(done.headers().get("location").is_none());
    let html = done.text().await.unwrap();
    assert!(html.contains("You are signed out."));
    assert!(
        html.contains("nothing confirms that the address is its own"),
        "{html}"
    );
    assert!(!is_signed_in(&browser).await);
}

#[tokio::test]
async fn a_client_id_that_is_not_the_hints_audience_gets_no_redirect() {
    let app = spawn_app().await;
    app.standard().await;
    let c = rp(&app, "Photos").await;
    let other = rp(&app, "Other").await;
    let (_, id_token) = signed_in(&app, &c, "alice").await;
    let browser = Browser::new(&app);
    let with = |client_id: &str| {
        logout_url(&[
            ("id_token_hint", id_token.as_str()),
            ("client_id", client_id),
            ("post_logout_redirect_uri", BACK),
        ])
    };
    assert_eq!(outcome(browser.get(&with(&other.id)).await).await, None);
    // The same request with the hint's own client goes back.
    assert_eq!(
        outcome(browser.get(&with(&c.id)).await).await.as_deref(),
        Some(BACK)
    );
}

#[tokio::test]
async fn a_tampered_hint_is_refused_as_a_hint() {
    let app = spawn_app().await;
    app.standard().await;
    let c = rp(&app, "Photos").await;
    let (_, id_token) = signed_in(&app, &c, "alice").await;
    // One character of the signature changed (in the middle: every bit there counts).
    let sig_start = id_token.rfind('.').unwrap() + 1;
    let at = sig_start + 10;
    let old = id_token.as_bytes()[at];
    let new = if old == b'A' { "B" } else { "A" };
    let tampered = format!("{}{new}{}", &id_token[..at], &id_token[at + 1..]);
    assert_ne!(tampered, id_token);
    let browser = Browser::new(&app);
    for client_id in [None, Some(c.id.as_str())] {
        let mut request = vec![
            ("id_token_hint", tampered.as_str()),
            ("post_logout_redirect_uri", BACK),
        ];
        if let Some(id) = client_id {
            request.push(("client_id", id));
        }
        assert_eq!(
            outcome(browser.get(&logout_url(&request)).await).await,
            None
        );
    }
    // Garbage is refused the same way, without an error page.
    let request = [
        ("id_token_hint", "not.a.jws"),
        ("post_logout_redirect_uri", BACK),
    ];
    assert_eq!(
        outcome(browser.get(&logout_url(&request)).await).await,
        None
    );
}

#[tokio::test]
async fn an_expired_hint_is_still_accepted_but_not_once_its_key_is_retired() {
    let app = spawn_app().await;
    app.standard().await;
    let c = rp(&app, "Photos").await;
    let (_, id_token) = signed_in(&app, &c, "alice").await;
    let exp = jeton_core::signing::parse(&id_token).unwrap().claims["exp"]
        .as_i64()
        .unwrap();
    app.clock.set(exp + 60);
    let request = [
        ("id_token_hint", id_token.as_str()),
        ("post_logout_redirect_uri", BACK),
        ("state", "later"),
    ];
    let browser = Browser::new(&app);
    assert_eq!(
        outcome(browser.get(&logout_url(&request)).await).await,
        Some(format!("{BACK}?state=later")),
        "RP-Initiated Logout §2: an expired ID token is still a hint"
    );
    // After a rotation the old key still verifies until its retirement date...
    let keys = app.flows.rotate_keys("main", &Actor::cli()).await.unwrap();
    assert!(
        outcome(browser.get(&logout_url(&request)).await)
            .await
            .is_some()
    );
    // ...and from then on verifies nothing, even before the job deletes it.
    app.clock.set(keys[1].retire_at.unwrap());
    assert_eq!(
        outcome(browser.get(&logout_url(&request)).await).await,
        None
    );
}

#[tokio::test]
async fn without_a_session_a_valid_request_redirects_at_once() {
    let app = spawn_app().await;
    app.standard().await;
    let c = rp(&app, "Photos").await;
    let browser = Browser::new(&app);
    // client_id alone names the client (§2).
    let request = [
        ("client_id", c.id.as_str()),
        ("post_logout_redirect_uri", BACK),
        ("state", "s1"),
    ];
    assert_eq!(
        outcome(browser.get(&logout_url(&request)).await).await,
        Some(format!("{BACK}?state=s1"))
    );
    // No client named, or no URI: the signed-out page, without the note when nothing was
    // asked for.
    let request = [("post_logout_redirect_uri", BACK)];
    assert_eq!(
        outcome(browser.get(&logout_url(&request)).await).await,
        None
    );
    let res = browser.get(LOGOUT).await;
    let html = res.text().await.unwrap();
    assert!(html.contains("You are signed out.") && !html.contains("nothing confirms"));
    // A revoked client is sent back nowhere.
    app.flows
        .revoke_domain_client(
            &app.flows.domain_by_slug("main").await.unwrap().unwrap(),
            &jeton_store::ClientId::from(c.id.as_str()),
            &Actor::cli(),
        )
        .await
        .unwrap();
    let request = [
        ("client_id", c.id.as_str()),
        ("post_logout_redirect_uri", BACK),
    ];
    assert_eq!(
        outcome(browser.get(&logout_url(&request)).await).await,
        None
    );
}

#[tokio::test]
async fn confirming_without_the_csrf_token_is_refused() {
    let app = spawn_app().await;
    app.standard().await;
    let c = rp(&app, "Photos").await;
    let (browser, id_token) = signed_in(&app, &c, "alice").await;
    let res = browser
        .post(
            LOGOUT,
            &[
                ("id_token_hint", id_token.as_str()),
                ("post_logout_redirect_uri", BACK),
                ("confirm", "sign-out"),
            ],
        )
        .await;
    assert_eq!(res.status(), 403);
    assert!(res.headers().get("location").is_none());
    assert!(is_signed_in(&browser).await, "nothing ended");
    let res = browser
        .post(
            LOGOUT,
            &[("confirm", "sign-out"), ("csrf", "jeton_csrf_forged")],
        )
        .await;
    assert_eq!(res.status(), 403);
    assert!(is_signed_in(&browser).await);
}

#[tokio::test]
async fn a_hint_about_another_account_still_asks_and_says_so() {
    let app = spawn_app().await;
    app.standard().await;
    app.user("bob", &[]).await;
    let c = rp(&app, "Photos").await;
    let (_, alices) = signed_in(&app, &c, "alice").await;
    let bob = Browser::new(&app);
    assert_eq!(bob.login("bob", PASSWORD, "/d/main/").await.status(), 303);
    let request = [
        ("id_token_hint", alices.as_str()),
        ("post_logout_redirect_uri", BACK),
    ];
    let html = bob.get(&logout_url(&request)).await.text().await.unwrap();
    assert!(html.contains("<strong>bob</strong>"), "{html}");
    assert!(html.contains("signed in another account"), "{html}");
    let done = confirm(&bob, &html).await;
    assert_eq!(location(&done), BACK);
    assert!(!is_signed_in(&bob).await);
}

#[tokio::test]
async fn the_pages_speak_french() {
    let app = spawn_app().await;
    app.standard().await;
    let c = rp(&app, "Photos").await;
    let browser = Browser::speaking(&app, "fr");
    let id_token = id_token_in(&app, &browser, &c, "alice").await;
    let request = [
        ("id_token_hint", id_token.as_str()),
        ("post_logout_redirect_uri", "https://evil.example/"),
    ];
    let html = browser
        .get(&logout_url(&request))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(
        html.contains("Se déconnecter de Acme Corp\u{a0}?"),
        "{html}"
    );
    assert!(html.contains("<strong>Photos</strong> vous demande de vous déconnecter."));
    assert!(html.contains("Rester connecté"));
    let done = confirm(&browser, &html).await.text().await.unwrap();
    assert!(done.contains("Vous êtes déconnecté."), "{done}");
    assert!(done.contains("rien ne confirme que cette adresse est la sienne"));

    // An English browser, and the application's ui_locales (§2) asking for French.
    let english = Browser::new(&app);
    let res = english
        .get(&logout_url(&[
            ("ui_locales", "de fr-CA"),
            ("client_id", &c.id),
        ]))
        .await;
    let html = res.text().await.unwrap();
    assert!(html.contains("<html lang=\"fr\">") && html.contains("Vous êtes déconnecté."));
}

#[tokio::test]
async fn the_cli_registers_post_logout_redirect_uris_checked_like_redirect_uris() {
    let dir = tempfile::tempdir().unwrap();
    assert!(run(&dir, &["domain", "create", "acme"], None).await.0);
    let (ok, out, err) = run(
        &dir,
        &[
            "client",
            "create",
            "--domain",
            "acme",
            "--name",
            "RP",
            "--redirect-uri",
            REDIRECT,
            "--post-logout-redirect-uri",
            BACK,
            "--post-logout-redirect-uri",
            "http://127.0.0.1/bye",
            "--json",
        ],
        None,
    )
    .await;
    assert!(ok, "{err}");
    let created: serde_json::Value = serde_json::from_str(&out).unwrap();
    let id = created["client_id"].as_str().unwrap();
    let (ok, out, err) = run(
        &dir,
        &["client", "show", "--domain", "acme", id, "--json"],
        None,
    )
    .await;
    assert!(ok, "{err}");
    let shown: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        shown["post_logout_redirect_uris"],
        serde_json::json!([BACK, "http://127.0.0.1/bye"])
    );
    assert_eq!(shown["redirect_uris"], serde_json::json!([REDIRECT]));
    for bad in [
        "http://app.example/bye",
        "https://app.example/bye#x",
        "/bye",
    ] {
        let (ok, _, err) = run(
            &dir,
            &[
                "client",
                "create",
                "--domain",
                "acme",
                "--name",
                "Bad",
                "--redirect-uri",
                REDIRECT,
                "--post-logout-redirect-uri",
                bad,
            ],
            None,
        )
        .await;
        assert!(
            !ok && err.contains("post-logout redirect URI"),
            "{bad}: {err}"
        );
    }
}
