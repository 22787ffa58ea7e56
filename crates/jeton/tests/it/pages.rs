use crate::helpers::*;

fn set_cookies(res: &reqwest::Response) -> Vec<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn login_page_has_security_headers_and_safe_cookies() {
    let app = spawn_app().await;
    let res = app.http.get(app.url("/d/main/login")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let h = res.headers();
    assert_eq!(h["x-frame-options"], "DENY");
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'none'")
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["cache-control"], "no-store");
    let cookies = set_cookies(&res);
    let csrf = cookies
        .iter()
        .find(|c| c.starts_with("jeton_csrf="))
        .expect("a CSRF cookie");
    assert!(
        csrf.contains("HttpOnly")
            && csrf.contains("SameSite=Lax")
            && csrf.contains("Path=/d/main/")
    );
    assert!(
        !csrf.contains("Secure"),
        "plain http public URL: no Secure flag"
    );
    let html = res.text().await.unwrap();
    assert!(html.contains("name=\"csrf\""));
    assert!(html.contains("Acme Corp"));
    // The stylesheet the page links to is served.
    let css = app
        .http
        .get(app.url("/static/jeton.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(css.status(), 200);
    assert!(
        css.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
}

#[tokio::test]
async fn cookies_are_secure_when_the_public_url_is_https() {
    let app = spawn_with(&[("public_url", "https://id.example")]).await;
    let res = app.http.get(app.url("/d/main/login")).send().await.unwrap();
    let cookies = set_cookies(&res);
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("jeton_csrf=") && c.contains("Secure")),
        "{cookies:?}"
    );
}

#[tokio::test]
async fn login_failures_say_nothing_about_the_account_and_are_limited() {
    let app = spawn_app().await;
    app.standard().await;
    let b = Browser::new(&app);
    let wrong_password = b.login("alice", "wrong password", "").await;
    assert_eq!(wrong_password.status(), 401);
    let a = wrong_password.text().await.unwrap();
    let unknown_user = b.login("nobody", "wrong password", "").await;
    assert_eq!(unknown_user.status(), 401);
    let b_html = unknown_user.text().await.unwrap();
    assert!(a.contains("Incorrect username or password."));
    assert!(b_html.contains("Incorrect username or password."));
    // After enough failures the account is blocked, even for the right password.
    let mut blocked = false;
    for _ in 0..12 {
        let res = b.login("alice", "still wrong", "").await;
        if res.status() == 429 {
            blocked = true;
            break;
        }
    }
    assert!(blocked, "repeated failures are rate limited");
    let res = b.login("alice", PASSWORD, "").await;
    assert_eq!(res.status(), 429);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Too many failed attempts")
    );
}

/// A stranger who fails on alice's account from elsewhere is limited, but alice at her own
/// address still signs in; failures from many addresses lock the account only briefly.
#[tokio::test]
async fn a_stranger_cannot_lock_a_person_out() {
    let app = spawn_with(&[("trusted_proxies", "127.0.0.1")]).await;
    app.standard().await;
    let stranger = Browser::at_address(&app, "203.0.113.66");
    let mut limited = false;
    for _ in 0..(jeton_core::lockout::LIMIT + 2) {
        if stranger.login("alice", "guess", "").await.status() == 429 {
            limited = true;
            break;
        }
    }
    assert!(limited, "the stranger's address is limited on this account");
    assert_eq!(stranger.login("alice", PASSWORD, "").await.status(), 429);
    let alice = Browser::at_address(&app, "198.51.100.20");
    assert_eq!(
        alice.login("alice", PASSWORD, "").await.status(),
        303,
        "alice at her own address is not locked out"
    );

    // Guessing spread over many addresses reaches the account-wide limit ...
    let per_address = jeton_core::lockout::LIMIT;
    let addresses = jeton_core::lockout::ACCOUNT_LIMIT.div_ceil(per_address);
    for a in 0..addresses {
        let b = Browser::at_address(&app, &format!("192.0.2.{}", a + 1));
        for _ in 0..per_address {
            b.login("alice", "guess", "").await;
        }
    }
    let fresh = Browser::at_address(&app, "198.51.100.21");
    assert_eq!(fresh.login("alice", PASSWORD, "").await.status(), 429);
    // ... which lasts at most the short account window.
    app.clock.advance(jeton_core::lockout::ACCOUNT_WINDOW_SECS);
    assert_eq!(fresh.login("alice", PASSWORD, "").await.status(), 303);
}

#[tokio::test]
async fn forms_without_the_csrf_token_or_from_elsewhere_are_refused() {
    let app = spawn_app().await;
    app.standard().await;
    let b = Browser::new(&app);
    let page = b.get("/d/main/login").await.text().await.unwrap();
    let csrf = hidden(&page, "csrf").unwrap();
    let res = b
        .post(
            "/d/main/login",
            &[("username", "alice"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = b
        .post(
            "/d/main/login",
            &[
                ("csrf", "jeton_csrf_forged"),
                ("username", "alice"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = b
        .http
        .post(app.url("/d/main/login"))
        .header("origin", "https://evil.example")
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", "alice"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // The same form from our own origin works, and answers 303.
    let res = b
        .http
        .post(app.url("/d/main/login"))
        .header("origin", app.base.as_str())
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", "alice"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let session = set_cookies(&res)
        .into_iter()
        .find(|c| c.starts_with("jeton_session="))
        .expect("session cookie");
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax"));
}

#[tokio::test]
async fn account_page_logout_and_return_to_rules() {
    let app = spawn_app().await;
    app.standard().await;
    let b = Browser::new(&app);
    let res = b.get("/d/main/account").await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        location(&res),
        "/d/main/login?return_to=%2Fd%2Fmain%2Faccount"
    );
    // An off-site return_to is never followed: the domain's start page instead.
    let res = b.login("alice", PASSWORD, "https://evil.example/").await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/d/main/");
    let html = b.get("/d/main/account").await.text().await.unwrap();
    assert!(html.contains("alice") && html.contains("editor"));
    // Logging out takes a confirmed POST; a GET changes nothing.
    let page = b.get("/d/main/logout").await.text().await.unwrap();
    assert_eq!(b.get("/d/main/account").await.status(), 200);
    let csrf = hidden(&page, "csrf").unwrap();
    let res = b.post("/d/main/logout", &[("csrf", &csrf)]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(b.get("/d/main/account").await.status(), 303);
    let html = b.get("/d/main/logout").await.text().await.unwrap();
    assert!(html.contains("signed out"));
}

#[tokio::test]
async fn unknown_pages_and_domains_are_readable_404s() {
    let app = spawn_app().await;
    for path in ["/nothing", "/d/nope/login"] {
        let res = app.http.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{path}");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        assert!(res.text().await.unwrap().contains("<h1"));
    }
}
