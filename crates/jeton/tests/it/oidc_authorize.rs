//! The OpenID Connect parameters of the authorization request (Core §3.1.2.1): `prompt`,
//! `max_age`, `login_hint`, `ui_locales`, and the response modes `fragment` and `form_post`.

use crate::helpers::*;

struct Flow {
    app: TestApp,
    client: TestClient,
    pkce: Pkce,
}

async fn flow() -> Flow {
    let app = spawn_app().await;
    app.standard().await;
    let client = app.web_client().await;
    Flow {
        app,
        client,
        pkce: pkce(),
    }
}

impl Flow {
    fn query<'a>(&'a self, extra: &[(&'a str, &'a str)]) -> String {
        let mut q = code_request(&self.client.id, &self.pkce.challenge, "openid read", "st");
        q.extend_from_slice(extra);
        format!("/d/main/oauth/authorize?{}", encode(&q))
    }

    /// The ID token's claims for a code.
    async fn id_token(&self, code: &str) -> serde_json::Value {
        let res = self
            .app
            .token(
                &self.client,
                &[
                    ("grant_type", "authorization_code"),
                    ("code", code),
                    ("redirect_uri", REDIRECT),
                    ("code_verifier", &self.pkce.verifier),
                ],
            )
            .await;
        assert_eq!(res.status(), 200);
        let body: serde_json::Value = res.json().await.unwrap();
        jeton_core::signing::parse(body["id_token"].as_str().unwrap())
            .unwrap()
            .claims
    }
}

#[tokio::test]
async fn prompt_none_answers_without_asking_or_says_why_it_cannot() {
    let f = flow().await;
    let b = Browser::new(&f.app);
    // Nobody signed in.
    let res = b.get(&f.query(&[("prompt", "none")])).await;
    assert_eq!(res.status(), 303);
    let back = query_of(&location(&res));
    assert_eq!(back["error"], "login_required");
    assert_eq!(back["state"], "st");
    assert_eq!(back["iss"], f.app.issuer());
    // Signed in, never consented.
    b.login("alice", PASSWORD, "/d/main/account").await;
    let back = query_of(&location(&b.get(&f.query(&[("prompt", "none")])).await));
    assert_eq!(back["error"], "consent_required");
    // Consented once: answered at once with a code.
    let loc = b
        .authorize(
            &code_request(&f.client.id, &f.pkce.challenge, "openid read", "st"),
            "alice",
        )
        .await;
    assert!(query_of(&loc).contains_key("code"));
    let res = b.get(&f.query(&[("prompt", "none")])).await;
    let back = query_of(&location(&res));
    assert!(back.contains_key("code"), "{back:?}");
    // prompt=none with another value, and select_account, are refused.
    let back = query_of(&location(
        &b.get(&f.query(&[("prompt", "none login")])).await,
    ));
    assert_eq!(back["error"], "invalid_request");
    let back = query_of(&location(
        &b.get(&f.query(&[("prompt", "select_account")])).await,
    ));
    assert_eq!(back["error"], "account_selection_required");
}

#[tokio::test]
async fn prompt_login_and_max_age_ask_for_a_new_sign_in_and_auth_time_tells() {
    let f = flow().await;
    let b = Browser::new(&f.app);
    b.login("alice", PASSWORD, "/d/main/account").await;
    let first = jeton_core::Clock::now(f.app.clock.as_ref());
    f.app.clock.advance(100);

    // A recent enough sign-in is accepted as it is.
    let loc = b
        .authorize(
            &code_request(&f.client.id, &f.pkce.challenge, "openid read", "st"),
            "alice",
        )
        .await;
    let claims = f.id_token(&query_of(&loc)["code"]).await;
    assert_eq!(claims["auth_time"], first);
    let res = b.get(&f.query(&[("max_age", "600")])).await;
    let claims = f.id_token(&query_of(&location(&res))["code"]).await;
    assert_eq!(claims["auth_time"], first);

    // Older than max_age: the login page, even though a session exists.
    let res = b.get(&f.query(&[("max_age", "60")])).await;
    let login = location(&res);
    assert!(login.starts_with("/d/main/login"), "{login}");
    f.app.clock.advance(5);
    let back = pairs_of(&sign_in_again(&b, &login).await);
    let back: Vec<(&str, &str)> = back.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let loc = b.authorize(&back, "alice").await;
    let claims = f.id_token(&query_of(&loc)["code"]).await;
    assert_eq!(claims["auth_time"], first + 105, "a new sign-in");

    // prompt=login: the same, and coming back does not ask again.
    f.app.clock.advance(5);
    let res = b.get(&f.query(&[("prompt", "login")])).await;
    let login = location(&res);
    assert!(login.contains("prompt=login"), "{login}");
    let back = pairs_of(&sign_in_again(&b, &login).await);
    assert!(!back.iter().any(|(k, _)| k == "prompt"), "{back:?}");
    let back: Vec<(&str, &str)> = back.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let loc = b.authorize(&back, "alice").await;
    let claims = f.id_token(&query_of(&loc)["code"]).await;
    assert_eq!(claims["auth_time"], first + 110);

    // max_age that is not a number is refused.
    let back = query_of(&location(&b.get(&f.query(&[("max_age", "soon")])).await));
    assert_eq!(back["error"], "invalid_request");
}

/// Signs in again on the login page `login` (which shows its form to someone signed in),
/// and answers where it sends the browser back to.
async fn sign_in_again(b: &Browser, login: &str) -> String {
    let html = b.get(login).await.text().await.unwrap();
    let csrf = hidden(&html, "csrf").expect("the form, not a redirect");
    let return_to = query_of(&format!("http://x{login}"))["return_to"].clone();
    let res = b
        .post(
            "/d/main/login",
            &[
                ("csrf", &csrf),
                ("username", "alice"),
                ("password", PASSWORD),
                ("return_to", &return_to),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), return_to);
    return_to
}

/// The query of a path as pairs.
fn pairs_of(path: &str) -> Vec<(String, String)> {
    let (_, q) = path.split_once('?').unwrap();
    url::form_urlencoded::parse(q.as_bytes())
        .into_owned()
        .collect()
}

impl Flow {
    fn query_pairs<'a>(&'a self, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
        let mut q = code_request(&self.client.id, &self.pkce.challenge, "openid read", "st");
        q.extend_from_slice(extra);
        q
    }
}

#[tokio::test]
async fn the_answer_comes_in_the_fragment_or_as_a_posted_form_when_asked() {
    let f = flow().await;
    let b = Browser::new(&f.app);
    let loc = b
        .authorize(&f.query_pairs(&[("response_mode", "fragment")]), "alice")
        .await;
    let (before, fragment) = loc.split_once('#').expect("a fragment");
    assert_eq!(before, REDIRECT);
    let params: std::collections::HashMap<String, String> =
        url::form_urlencoded::parse(fragment.as_bytes())
            .into_owned()
            .collect();
    assert!(params.contains_key("code"));
    assert_eq!(params["state"], "st");
    assert_eq!(params["iss"], f.app.issuer());
    // An error goes the same way.
    let res = b
        .get(&f.query(&[("response_mode", "fragment"), ("prompt", "bogus")]))
        .await;
    let loc = location(&res);
    assert!(
        loc.starts_with(&format!("{REDIRECT}#error=invalid_request")),
        "{loc}"
    );

    // form_post: a page whose form posts the code to the redirect URI.
    let res = b.get(&f.query(&[("response_mode", "form_post")])).await;
    assert_eq!(res.status(), 200);
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let html = res.text().await.unwrap();
    assert!(html.contains(&format!(r#"action="{REDIRECT}""#)), "{html}");
    assert!(html.contains("data-autosubmit"));
    let fields = hidden_fields(&html);
    let code = fields
        .iter()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.clone());
    assert!(fields.iter().any(|(k, v)| k == "state" && v == "st"));
    let claims = f.id_token(&code.expect("the code in the form")).await;
    assert_eq!(claims["aud"], f.client.id);
}

#[tokio::test]
async fn login_hint_fills_in_the_username_and_ui_locales_picks_the_language() {
    let f = flow().await;
    let b = Browser::new(&f.app);
    let res = b
        .get(&f.query(&[("login_hint", "alice"), ("ui_locales", "fr-CA en")]))
        .await;
    let login = location(&res);
    assert!(login.contains("login_hint=alice"), "{login}");
    let html = b.get(&login).await.text().await.unwrap();
    assert_eq!(input_value(&html, "username").as_deref(), Some("alice"));
    assert!(html.contains(r#"lang="fr""#), "the login page in French");
    // The consent page too.
    let return_to = query_of(&format!("http://x{login}"))["return_to"].clone();
    b.login("alice", PASSWORD, &return_to).await;
    let res = b.get(&return_to).await;
    let consent = location(&res);
    let html = b.get(&consent).await.text().await.unwrap();
    assert!(html.contains(r#"lang="fr""#), "{html}");
    // The person's own choice of language wins over the application's.
    let en = Browser::speaking(&f.app, "fr");
    let res = en
        .get(&format!("/lang?to=en&return_to={}", urlencode("/d/main/")))
        .await;
    assert_eq!(res.status(), 303);
    let html = en.get(&login).await.text().await.unwrap();
    assert!(html.contains(r#"lang="en""#));
}

#[tokio::test]
async fn id_token_hint_names_who_the_client_expects() {
    let f = flow().await;
    f.app.user("bob", &[]).await;
    let alice = Browser::new(&f.app);
    let loc = alice.authorize(&f.query_pairs(&[]), "alice").await;
    let res = f
        .app
        .token(
            &f.client,
            &[
                ("grant_type", "authorization_code"),
                ("code", &query_of(&loc)["code"]),
                ("redirect_uri", REDIRECT),
                ("code_verifier", &f.pkce.verifier),
            ],
        )
        .await;
    let body: serde_json::Value = res.json().await.unwrap();
    let hint = body["id_token"].as_str().unwrap().to_owned();

    // Alice signed in, her hint: answered at once.
    let res = alice
        .get(&f.query(&[("prompt", "none"), ("id_token_hint", &hint)]))
        .await;
    assert!(query_of(&location(&res)).contains_key("code"));
    // Bob signed in, Alice's hint: login_required, with or without prompt=none.
    let bob = Browser::new(&f.app);
    bob.login("bob", PASSWORD, "/d/main/account").await;
    for extra in [vec![("prompt", "none")], vec![]] {
        let mut q = extra.clone();
        q.push(("id_token_hint", hint.as_str()));
        let back = query_of(&location(&bob.get(&f.query(&q)).await));
        assert_eq!(back["error"], "login_required", "{q:?}");
    }
    // A hint that is not ours (altered), or that was issued to another client: refused.
    let mut altered = hint.clone();
    altered.pop();
    altered.push(if hint.ends_with('A') { 'B' } else { 'A' });
    let back = query_of(&location(
        &alice.get(&f.query(&[("id_token_hint", &altered)])).await,
    ));
    assert_eq!(back["error"], "invalid_request");
    let other = f.app.web_client().await;
    let p = pkce();
    let mut q = code_request(&other.id, &p.challenge, "openid read", "st");
    q.push(("id_token_hint", hint.as_str()));
    let res = alice
        .get(&format!("/d/main/oauth/authorize?{}", encode(&q)))
        .await;
    assert_eq!(query_of(&location(&res))["error"], "invalid_request");
}
