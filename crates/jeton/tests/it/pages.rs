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
            && csrf.split("; ").any(|a| a == "Path=/")
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
        .find(|c| c.starts_with("jeton_session_main="))
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
    // An off-site return_to is never followed: where alice's role takes her instead.
    let res = b.login("alice", PASSWORD, "https://evil.example/").await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/d/main/account");
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

/// The `<html lang>` of a page.
fn html_lang(html: &str) -> &str {
    let start = html.find("<html lang=\"").expect("<html lang>") + "<html lang=\"".len();
    &html[start..start + html[start..].find('"').unwrap()]
}

#[tokio::test]
async fn accept_language_french_gives_french_login_and_consent_pages() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let b = Browser::speaking(&app, "fr-CA,fr;q=0.9,en;q=0.5");
    let html = b.get("/d/main/login").await.text().await.unwrap();
    assert_eq!(html_lang(&html), "fr");
    assert!(html.contains("Mot de passe") && html.contains("Se connecter"));
    assert!(
        html.contains("hreflang=\"en\">English</a>"),
        "the switch offers English"
    );
    // Failures are French too, with the same status.
    let res = b.login("alice", "wrong", "").await;
    assert_eq!(res.status(), 401);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Nom d’utilisateur ou mot de passe incorrect."),
        "{html}"
    );

    let p = pkce();
    let query = code_request(&c.id, &p.challenge, "read", "s");
    let authorize = format!("/d/main/oauth/authorize?{}", encode(&query));
    assert_eq!(b.login("alice", PASSWORD, &authorize).await.status(), 303);
    let res = b.get(&authorize).await;
    assert_eq!(res.status(), 303);
    let res = b.get(&location(&res)).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert_eq!(html_lang(&html), "fr");
    assert!(html.contains("souhaite accéder à votre compte"), "{html}");
    assert!(html.contains(">Autoriser</button>") && html.contains(">Refuser</button>"));
    // The application's name and the scope descriptions are the domain's, and escaped.
    assert!(html.contains("Photo &#60;Printer&#62;") && html.contains("Read your photos"));
    // Answering in French works as in English.
    let res = b.submit_consent(&html, "allow").await;
    assert_eq!(res.status(), 303);
    assert!(location(&res).starts_with(REDIRECT));

    // An error page too, and the OAuth JSON endpoints stay as they are.
    let res = b.get("/d/main/oauth/authorize?response_type=code").await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("client_id manquant"));
    let res = app
        .http
        .post(app.url("/d/main/oauth/token"))
        .header("accept-language", "fr")
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"], "invalid_client");
}

#[tokio::test]
async fn the_lang_parameter_wins_over_cookie_and_header() {
    let app = spawn_app().await;
    let fr = Browser::speaking(&app, "fr");
    let html = fr.get("/d/main/login?lang=en").await.text().await.unwrap();
    assert_eq!(html_lang(&html), "en");
    assert!(html.contains(">Sign in</h1>"));
    let en = Browser::speaking(&app, "en-US,en;q=0.9");
    let html = en.get("/d/main/login?lang=fr").await.text().await.unwrap();
    assert_eq!(html_lang(&html), "fr");
    // The switch on that page offers English and does not carry `lang=fr` back.
    assert!(
        html.contains("href=\"/lang?to=en&#38;return_to=%2Fd%2Fmain%2Flogin\""),
        "{html}"
    );
    // Unknown languages and pages without any preference are English.
    for (accept, path) in [("de-DE, es;q=0.8", "/d/main/login"), ("*", "/?lang=xx")] {
        let html = Browser::speaking(&app, accept)
            .get(path)
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(html_lang(&html), "en", "{accept} {path}");
    }
    let html = app
        .http
        .get(app.url("/nothing"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(html_lang(&html), "en");
}

#[tokio::test]
async fn the_language_switch_sets_the_cookie_and_stays_on_this_server() {
    let app = spawn_app().await;
    let b = Browser::speaking(&app, "en");
    let res = b
        .get("/lang?to=fr&return_to=%2Fd%2Fmain%2Flogin%3Freturn_to%3D%252Fd%252Fmain%252F")
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/d/main/login?return_to=%2Fd%2Fmain%2F");
    let cookie = set_cookies(&res)
        .into_iter()
        .find(|c| c.starts_with("jeton_lang=fr"))
        .expect("the language cookie");
    assert!(
        cookie.contains("Path=/")
            && cookie.contains("SameSite=Lax")
            && cookie.contains("Max-Age=31536000"),
        "{cookie}"
    );
    // The cookie wins over the header from now on, on every page.
    for path in ["/d/main/login", "/", "/nothing"] {
        let html = b.get(path).await.text().await.unwrap();
        assert_eq!(html_lang(&html), "fr", "{path}");
    }
    // ... until switched back.
    assert_eq!(b.get("/lang?to=en&return_to=/").await.status(), 303);
    let html = b.get("/d/main/login").await.text().await.unwrap();
    assert_eq!(html_lang(&html), "en");

    // Only local paths: anything else goes to the home page.
    for target in [
        "//evil.example",
        "//evil.example/d/main/",
        "https://evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "",
    ] {
        let res = b
            .get(&format!("/lang?to=fr&return_to={}", urlencode(target)))
            .await;
        assert_eq!(res.status(), 303, "{target}");
        assert_eq!(location(&res), "/", "{target}");
    }
    let res = b.get("/lang?to=fr").await;
    assert_eq!(location(&res), "/");
    // A language we do not have is a clear error, and sets nothing.
    let res = b.get("/lang?to=de&return_to=/").await;
    assert_eq!(res.status(), 400);
    assert!(set_cookies(&res).is_empty());
}

#[tokio::test]
async fn the_home_page_signs_in_to_main_and_finds_other_domains() {
    let app = spawn_app().await;
    app.prov
        .create_domain("acme-2", Some("Acme <Two>"))
        .await
        .unwrap();
    let res = app.http.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("href=\"/d/main/login\""), "sign in to main");
    assert!(html.contains("Sign in to Acme Corp"));
    assert!(html.contains("action=\"/start\"") && html.contains("<label for=\"domain\">"));
    assert!(html.contains("href=\"/api/v1/openapi.json\""));
    assert!(html.contains("href=\"/.well-known/oauth-authorization-server/d/main\""));

    let find = |q: &str| app.http.get(app.url(&format!("/start?domain={q}"))).send();
    let res = find("acme-2").await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/d/acme-2/");
    // People type capitals and spaces.
    assert_eq!(location(&find("%20ACME-2%20").await.unwrap()), "/d/acme-2/");
    // Unknown: the home page again, 404, saying only "not found".
    let res = find("nobody").await.unwrap();
    assert_eq!(res.status(), 404);
    let html = res.text().await.unwrap();
    assert!(html.contains("Domain not found.") && html.contains("value=\"nobody\""));
    // Malformed or empty: 400, and what was typed is shown escaped.
    for (q, message) in [
        (
            "%3Cb%3Eno%3C%2Fb%3E",
            "lowercase letters, digits and hyphens only",
        ),
        ("-x", "lowercase letters, digits and hyphens only"),
        ("", "Enter your organization’s domain."),
    ] {
        let res = find(q).await.unwrap();
        assert_eq!(res.status(), 400, "{q}");
        let html = res.text().await.unwrap();
        assert!(html.contains(message), "{q}: {html}");
        assert!(!html.contains("<b>no</b>"));
    }
    let res = app
        .http
        .get(app.url("/start?domain=nobody&lang=fr"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("Domaine introuvable."));
}

#[tokio::test]
async fn a_domains_start_page_signed_out_and_in() {
    let app = spawn_app().await;
    app.standard().await;
    app.user("boss", &["manager", "super-admin"]).await;
    let b = Browser::new(&app);
    let res = b.get("/d/main/").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("<h1 id=\"page-title\">Acme Corp</h1>"));
    assert!(html.contains("href=\"/d/main/login?return_to=%2Fd%2Fmain%2F\""));
    assert!(html.contains("href=\"/.well-known/oauth-authorization-server/d/main\""));
    assert!(html.contains(&format!("{}/d/main", app.base)), "the issuer");
    assert!(!html.contains("/d/main/account") && !html.contains("/admin/"));

    // Signing in with no return_to lands where the role takes you: alice, her account.
    let res = b.login("alice", PASSWORD, "").await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/d/main/account");
    let html = b.get("/d/main/").await.text().await.unwrap();
    assert!(
        html.contains("Signed in as <strong>alice</strong>"),
        "{html}"
    );
    assert!(html.contains("href=\"/d/main/account\"") && html.contains("href=\"/d/main/logout\""));
    assert!(
        !html.contains("/d/main/manage/") && !html.contains("/admin/"),
        "alice has neither role"
    );
    // Already signed in, the login page goes there too.
    let res = b.get("/d/main/login").await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/d/main/account");

    let boss = Browser::new(&app);
    let res = boss.login("boss", PASSWORD, "").await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        location(&res),
        "/admin/",
        "the super administrator lands on the admin pages"
    );
    let html = boss.get("/d/main/").await.text().await.unwrap();
    assert!(html.contains("href=\"/d/main/manage/\"") && html.contains("href=\"/admin/\""));

    // Another domain's page knows nobody: the session is the main domain's.
    app.prov
        .create_domain("other", Some("Other"))
        .await
        .unwrap();
    let html = b.get("/d/other/").await.text().await.unwrap();
    assert!(html.contains("/d/other/login?return_to=%2Fd%2Fother%2F"));
    assert!(!html.contains("alice"));

    let res = b.get("/d/nope/").await;
    assert_eq!(res.status(), 404);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("There is no such domain on this server.")
    );
}
