//! `/metrics`: OpenMetrics text with request counts and latency per route and status, and
//! what the flows count; reachable only from `metrics_allowed`.

use jeton_flows::provision::ClientSpec;

use crate::helpers::*;

async fn scrape(app: &TestApp) -> reqwest::Response {
    app.http.get(app.url("/metrics")).send().await.unwrap()
}

/// The value of the sample line that starts with `series` (name and labels), if present.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(series) && l[series.len()..].starts_with(' '))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

#[tokio::test]
async fn metrics_count_requests_tokens_and_failures() {
    let app = spawn_app().await;
    app.scope("read", "Read", &[]).await;
    let c = app
        .client(ClientSpec {
            name: "svc".into(),
            grants: vec!["client_credentials".into()],
            scopes: vec!["read".into()],
            ..Default::default()
        })
        .await;
    for _ in 0..3 {
        let res = app.token(&c, &[("grant_type", "client_credentials")]).await;
        assert_eq!(res.status(), 200);
    }
    let res = app
        .post_form(
            "/d/main/oauth/token",
            Some((&c.id, "jeton_cs_wrong")),
            &[("grant_type", "client_credentials")],
        )
        .await;
    assert_eq!(res.status(), 401);

    let res = scrape(&app).await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text")
    );
    let text = res.text().await.unwrap();
    assert!(text.ends_with("# EOF\n"), "{text}");
    let ok = r#"jeton_http_requests_total{route="/d/{d}/oauth/token",method="POST",status="200"}"#;
    assert_eq!(sample(&text, ok), Some(3.0), "{text}");
    let failed =
        r#"jeton_http_requests_total{route="/d/{d}/oauth/token",method="POST",status="401"}"#;
    assert_eq!(sample(&text, failed), Some(1.0), "{text}");
    assert_eq!(
        sample(
            &text,
            r#"jeton_tokens_issued_total{grant_type="client_credentials"}"#
        ),
        Some(3.0),
        "{text}"
    );
    assert_eq!(
        sample(&text, "jeton_client_auth_failures_total"),
        Some(1.0),
        "{text}"
    );
    let count = r#"jeton_http_request_duration_seconds_count{route="/d/{d}/oauth/token"}"#;
    assert_eq!(sample(&text, count), Some(4.0), "{text}");
    // The client was looked up four times: once from the database, then from the cache.
    let hits = sample(&text, r#"jeton_cache_hits_total{cache="clients"}"#).unwrap_or(0.0);
    assert!(hits >= 3.0, "{text}");
    // The pools: SQLite has one writer connection, always open.
    let writer = r#"jeton_database_connections{pool="writer",state="open"}"#;
    assert_eq!(sample(&text, writer), Some(1.0), "{text}");
    assert!(
        sample(
            &text,
            r#"jeton_database_connections{pool="reader",state="open"}"#
        )
        .is_some()
    );
    // No concrete path (with a domain slug or a token) ever becomes a label.
    assert!(!text.contains("/d/main/"), "{text}");
}

#[tokio::test]
async fn metrics_are_hidden_from_addresses_not_allowed() {
    let app = spawn_with(&[("metrics_allowed", "10.0.0.0/8")]).await;
    let res = scrape(&app).await;
    assert_eq!(res.status(), 404);
    let html = res.text().await.unwrap();
    assert!(!html.contains("jeton_http_requests"));
}
