//! `Secure` cookies: from an https public URL, or from the scheme a trusted reverse proxy
//! reports — and never from what an untrusted peer claims.

use crate::helpers::*;

fn cookie<'a>(res: &'a reqwest::Response, name: &str) -> Option<&'a str> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|c| c.starts_with(&format!("{name}=")))
}

fn is_secure(set_cookie: &str) -> bool {
    set_cookie
        .split(';')
        .any(|attr| attr.trim().eq_ignore_ascii_case("secure"))
}

/// The CSRF cookie set by the login page when requested with `headers`.
async fn csrf_cookie(app: &TestApp, headers: &[(&str, &str)]) -> String {
    let mut req = app.http.get(app.url("/d/main/login"));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = req.send().await.unwrap();
    assert_eq!(res.status(), 200);
    cookie(&res, "jeton_csrf")
        .expect("a CSRF cookie")
        .to_owned()
}

#[tokio::test]
async fn the_session_cookie_is_secure_when_the_public_url_is_https() {
    let app = spawn_with(&[("public_url", "https://id.example")]).await;
    app.standard().await;
    // By hand: a cookie jar would (rightly) not send a Secure cookie over plain http.
    let res = app.http.get(app.url("/d/main/login")).send().await.unwrap();
    let csrf_cookie = cookie(&res, "jeton_csrf").unwrap().to_owned();
    assert!(is_secure(&csrf_cookie), "{csrf_cookie}");
    let pair = csrf_cookie.split(';').next().unwrap().to_owned();
    let csrf = hidden(&res.text().await.unwrap(), "csrf").unwrap();
    let res = app
        .http
        .post(app.url("/d/main/login"))
        .header("cookie", &pair)
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", "alice"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let session = cookie(&res, "jeton_session_main").expect("a session cookie");
    assert!(is_secure(session), "{session}");
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax"));
}

#[tokio::test]
async fn x_forwarded_proto_from_a_trusted_proxy_makes_cookies_secure() {
    let app = spawn_with(&[("trusted_proxies", "127.0.0.1")]).await;
    let c = csrf_cookie(&app, &[("x-forwarded-proto", "https")]).await;
    assert!(is_secure(&c), "{c}");
    let c = csrf_cookie(&app, &[("x-forwarded-proto", "http")]).await;
    assert!(!is_secure(&c), "{c}");
    let c = csrf_cookie(&app, &[]).await;
    assert!(!is_secure(&c), "no header, plain http: {c}");
}

#[tokio::test]
async fn forwarded_proto_from_a_trusted_proxy_makes_cookies_secure() {
    let app = spawn_with(&[
        ("trusted_proxies", "127.0.0.1"),
        ("client_ip_header", "forwarded"),
    ])
    .await;
    let c = csrf_cookie(&app, &[("forwarded", "for=198.51.100.9;proto=https")]).await;
    assert!(is_secure(&c), "{c}");
    let c = csrf_cookie(&app, &[("forwarded", "for=198.51.100.9;proto=http")]).await;
    assert!(!is_secure(&c), "{c}");
}

/// Behind the nginx of docs/deployment.md (which sets X-Forwarded-For and passes a client's
/// own `Forwarded` through), the client cannot choose its scheme with `Forwarded`.
#[tokio::test]
async fn a_header_the_proxy_does_not_set_is_not_believed() {
    let app = spawn_with(&[("trusted_proxies", "127.0.0.1")]).await;
    let c = csrf_cookie(&app, &[("forwarded", "for=198.51.100.9;proto=https")]).await;
    assert!(
        !is_secure(&c),
        "Forwarded is not the configured header: {c}"
    );
}

#[tokio::test]
async fn an_untrusted_peer_cannot_claim_https() {
    let app = spawn_app().await;
    let c = csrf_cookie(&app, &[("x-forwarded-proto", "https")]).await;
    assert!(!is_secure(&c), "{c}");
    let c = csrf_cookie(&app, &[("forwarded", "for=198.51.100.9;proto=https")]).await;
    assert!(!is_secure(&c), "{c}");
    // A trusted list that does not include the peer is no better.
    let app = spawn_with(&[("trusted_proxies", "10.0.0.0/8")]).await;
    let c = csrf_cookie(&app, &[("x-forwarded-proto", "https")]).await;
    assert!(!is_secure(&c), "{c}");
}
