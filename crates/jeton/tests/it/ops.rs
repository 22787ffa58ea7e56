use crate::helpers::*;

#[tokio::test]
async fn health_and_readiness() {
    let app = spawn_app().await;
    let res = app.http.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let res = app.http.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let v: serde_json::Value = res.json().await.unwrap();
    assert_eq!(v["status"], "ready");
    assert!(
        app.http
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .headers()
            .contains_key("x-request-id")
    );
}

/// The layers around the router (lib.rs `app`): every answer, JSON or page, routed or not,
/// carries the security headers and a request id; pages also get their CSP and no-store.
#[tokio::test]
async fn every_answer_carries_the_security_headers_and_a_request_id() {
    let app = spawn_app().await;
    let health = app.http.get(app.url("/healthz")).send().await.unwrap();
    let refused = app
        .http
        .post(app.url("/d/main/oauth/token"))
        .basic_auth("nobody", Some("x"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    let missing = app.http.get(app.url("/no/such/page")).send().await.unwrap();
    assert_eq!(missing.status(), 404);
    let mut ids = Vec::new();
    for res in [&health, &refused, &missing] {
        let h = res.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{}", res.url());
        assert_eq!(h["referrer-policy"], "same-origin", "{}", res.url());
        ids.push(h["x-request-id"].to_str().unwrap().to_owned());
    }
    ids.dedup();
    assert_eq!(ids.len(), 3, "one id per request: {ids:?}");
    // JSON answers are not pages: no CSP or frame rule on them.
    assert!(!refused.headers().contains_key("content-security-policy"));
    let page = missing.headers();
    assert!(
        page["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        page["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'none'")
    );
    assert_eq!(page["x-frame-options"], "DENY");
    assert_eq!(page["cache-control"], "no-store");
    // A request id sent by a proxy in front is kept, so both logs name the same request.
    let res = app
        .http
        .get(app.url("/healthz"))
        .header("x-request-id", "from-the-proxy-42")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "from-the-proxy-42");
}

/// Fails client authentication with unknown client ids (so that only the IP is shared)
/// until limited; answers how many tries it took.
async fn fail_until_limited(app: &TestApp, forwarded_for: &str) -> Option<usize> {
    for i in 0..40 {
        let res = app
            .http
            .post(app.url("/d/main/oauth/token"))
            .header("x-forwarded-for", forwarded_for)
            .basic_auth(format!("unknown-{i}"), Some("x"))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .unwrap();
        if res.status() == 429 {
            return Some(i);
        }
    }
    None
}

async fn status_from(app: &TestApp, c: &TestClient, forwarded_for: &str) -> u16 {
    app.http
        .post(app.url("/d/main/oauth/token"))
        .header("x-forwarded-for", forwarded_for)
        .basic_auth(&c.id, c.secret.as_deref())
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// One failed client authentication from `forwarded_for`: answers its status.
async fn failure_from(app: &TestApp, forwarded_for: &str) -> u16 {
    app.http
        .post(app.url("/d/main/oauth/token"))
        .header("x-forwarded-for", forwarded_for)
        .basic_auth("unknown-client", Some("x"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn forwarded_addresses_count_only_from_trusted_proxies() {
    // Trusted: each forwarded client is limited on its own.
    let app = spawn_with(&[("trusted_proxies", "127.0.0.1/32")]).await;
    let c = app.svc_client().await;
    assert!(fail_until_limited(&app, "198.51.100.1").await.is_some());
    assert_eq!(failure_from(&app, "198.51.100.1").await, 429);
    assert_eq!(
        failure_from(&app, "198.51.100.2").await,
        401,
        "another address behind the proxy is not limited"
    );
    assert_eq!(
        status_from(&app, &c, "198.51.100.1").await,
        200,
        "correct credentials pass even from the limited address"
    );

    // Not trusted: the header is ignored, so the peer (127.0.0.1) is what gets limited.
    let app = spawn_app().await;
    let c = app.svc_client().await;
    assert!(fail_until_limited(&app, "198.51.100.1").await.is_some());
    assert_eq!(
        failure_from(&app, "198.51.100.2").await,
        429,
        "a forged header does not escape the limit"
    );
    assert_eq!(status_from(&app, &c, "198.51.100.2").await, 200);
}
