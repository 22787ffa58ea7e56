//! Snapshots of the wire formats: the RFC 8414 document, the JSON error bodies of the OAuth
//! endpoints (RFC 6749 §5.2, RFC 7662 §2.3, RFC 7009 §2.2.1) and the status and title of the
//! HTML error pages. A change to any of them fails here until its snapshot is accepted, so
//! wire formats change only on purpose. Bodies are kept byte for byte, with the server's
//! ephemeral base URL replaced by `[BASE]`.

use jeton_flows::provision::ClientSpec;

use crate::helpers::*;

/// The headers that are part of the wire format of these answers.
const HEADERS: [&str; 5] = [
    "content-type",
    "cache-control",
    "pragma",
    "www-authenticate",
    "retry-after",
];

/// Status, the headers above, and the body exactly as sent (base URL redacted).
async fn wire(app: &TestApp, res: reqwest::Response) -> String {
    let mut out = format!("{}\n", res.status());
    for name in HEADERS {
        for v in res.headers().get_all(name) {
            out.push_str(&format!("{name}: {}\n", v.to_str().unwrap()));
        }
    }
    let body = res.text().await.unwrap();
    out.push('\n');
    out.push_str(&body.replace(&app.base, "[BASE]"));
    out
}

/// Status, `<title>` and message of an HTML error page.
async fn page(res: reqwest::Response) -> String {
    let status = res.status();
    let html = res.text().await.unwrap();
    let between = |start: &str, end: &str| {
        let i = html.find(start).map(|i| i + start.len())?;
        let j = html[i..].find(end)? + i;
        Some(html[i..j].to_owned())
    };
    format!(
        "{status}\ntitle: {}\nmessage: {}\n",
        between("<title>", "</title>").unwrap_or_default(),
        between("<p class=\"message\">", "</p>").unwrap_or_default(),
    )
}

/// A request to snapshot: its name, Basic credentials if any, and its form body.
type Case<'a> = (&'a str, Option<(&'a str, &'a str)>, Vec<(&'a str, &'a str)>);

async fn service_client(app: &TestApp) -> TestClient {
    app.client(ClientSpec {
        name: "Service".into(),
        grants: vec!["client_credentials".into()],
        scopes: vec!["read".into()],
        ..Default::default()
    })
    .await
}

async fn public_client(app: &TestApp) -> TestClient {
    app.client(ClientSpec {
        name: "SPA".into(),
        redirect_uris: vec![REDIRECT.into()],
        scopes: vec!["read".into()],
        public: true,
        ..Default::default()
    })
    .await
}

#[tokio::test]
async fn metadata_document() {
    let app = spawn_app().await;
    app.standard().await;
    for (name, path) in [
        (
            "metadata_rfc8414_location",
            "/.well-known/oauth-authorization-server/d/main",
        ),
        (
            "metadata_appended_location",
            "/d/main/.well-known/oauth-authorization-server",
        ),
    ] {
        let res = app.http.get(app.url(path)).send().await.unwrap();
        insta::assert_snapshot!(name, wire(&app, res).await);
    }
}

#[tokio::test]
async fn token_endpoint_errors() {
    let app = spawn_app().await;
    app.standard().await;
    let service = service_client(&app).await;
    let web = app.web_client().await;
    let token = "/d/main/oauth/token";
    let svc = (service.id.as_str(), service.secret.as_deref().unwrap());
    let web_auth = (web.id.as_str(), web.secret.as_deref().unwrap());
    let cases: Vec<Case> = vec![
        (
            "token_invalid_request_missing_grant_type",
            Some(svc),
            vec![],
        ),
        (
            "token_invalid_request_repeated_parameter",
            Some(svc),
            vec![("scope", "read"), ("scope", "read")],
        ),
        (
            "token_invalid_client_wrong_secret",
            Some((svc.0, "jeton_cs_wrong")),
            vec![("grant_type", "client_credentials")],
        ),
        (
            // RFC 6749 §2.3: one authentication method per request; both is malformed.
            "token_invalid_request_two_auth_methods",
            Some(svc),
            vec![
                ("grant_type", "client_credentials"),
                ("client_secret", svc.1),
            ],
        ),
        (
            "token_invalid_client_no_credentials",
            None,
            vec![("grant_type", "client_credentials")],
        ),
        (
            "token_invalid_grant_code",
            Some(web_auth),
            vec![
                ("grant_type", "authorization_code"),
                ("code", "jeton_ac_nope"),
                ("redirect_uri", REDIRECT),
            ],
        ),
        (
            "token_invalid_grant_refresh",
            Some(web_auth),
            vec![("grant_type", "refresh_token"), ("refresh_token", "nope")],
        ),
        (
            "token_unauthorized_client",
            Some(svc),
            vec![("grant_type", "refresh_token"), ("refresh_token", "x")],
        ),
        (
            "token_unsupported_grant_type",
            Some(svc),
            vec![("grant_type", "urn:ietf:params:oauth:grant-type:device_code")],
        ),
        (
            "token_invalid_scope",
            Some(svc),
            vec![("grant_type", "client_credentials"), ("scope", "write")],
        ),
    ];
    for (name, auth, form) in cases {
        let res = app.post_form(token, auth, &form).await;
        insta::assert_snapshot!(name, wire(&app, res).await);
    }
    let res = app
        .http
        .post(app.url(token))
        .basic_auth(svc.0, Some(svc.1))
        .body("grant_type=client_credentials")
        .send()
        .await
        .unwrap();
    insta::assert_snapshot!("token_invalid_request_not_a_form", wire(&app, res).await);
}

#[tokio::test]
async fn introspection_and_revocation_errors() {
    let app = spawn_app().await;
    app.standard().await;
    let service = service_client(&app).await;
    let other = service_client(&app).await;
    let public = public_client(&app).await;
    let svc = (service.id.as_str(), service.secret.as_deref().unwrap());
    let issued: serde_json::Value = app
        .token(&service, &[("grant_type", "client_credentials")])
        .await
        .json()
        .await
        .unwrap();
    let access = issued["access_token"].as_str().unwrap();
    let introspect = "/d/main/oauth/introspect";
    let revoke = "/d/main/oauth/revoke";
    let other_auth = (other.id.as_str(), other.secret.as_deref().unwrap());
    let wrong = Some((svc.0, "jeton_cs_wrong"));
    let cases: Vec<(&str, Case)> = vec![
        (
            introspect,
            ("introspect_invalid_request", Some(svc), vec![]),
        ),
        (
            introspect,
            ("introspect_invalid_client", wrong, vec![("token", access)]),
        ),
        (
            introspect,
            (
                "introspect_public_client",
                None,
                vec![("client_id", &public.id), ("token", access)],
            ),
        ),
        (revoke, ("revoke_invalid_request", Some(svc), vec![])),
        (
            revoke,
            ("revoke_invalid_client", wrong, vec![("token", access)]),
        ),
        (
            revoke,
            (
                "revoke_unauthorized_client",
                Some(other_auth),
                vec![("token", access)],
            ),
        ),
    ];
    for (path, (name, auth, form)) in cases {
        let res = app.post_form(path, auth, &form).await;
        insta::assert_snapshot!(name, wire(&app, res).await);
    }
}

#[tokio::test]
async fn unknown_domain_answers() {
    let app = spawn_app().await;
    let res = app
        .http
        .get(app.url("/.well-known/oauth-authorization-server/d/nope"))
        .send()
        .await
        .unwrap();
    insta::assert_snapshot!("unknown_domain_metadata", wire(&app, res).await);
    let res = app
        .post_form(
            "/d/nope/oauth/token",
            None,
            &[("grant_type", "client_credentials")],
        )
        .await;
    insta::assert_snapshot!("unknown_domain_token", wire(&app, res).await);
    let res = app.http.get(app.url("/d/nope/login")).send().await.unwrap();
    insta::assert_snapshot!("unknown_domain_page", page(res).await);
}

#[tokio::test]
async fn html_error_pages() {
    let app = spawn_app().await;
    app.standard().await;
    let web = app.web_client().await;
    let authorize = |query: &[(&str, &str)]| {
        app.http
            .get(app.url(&format!("/d/main/oauth/authorize?{}", encode(query))))
            .send()
    };
    let res = app.http.get(app.url("/nowhere")).send().await.unwrap();
    insta::assert_snapshot!("page_not_found", page(res).await);
    let res = authorize(&[("response_type", "code")]).await.unwrap();
    insta::assert_snapshot!("page_authorize_missing_client_id", page(res).await);
    let res = authorize(&[("response_type", "code"), ("client_id", "nope")])
        .await
        .unwrap();
    insta::assert_snapshot!("page_authorize_unknown_client", page(res).await);
    let res = authorize(&[
        ("response_type", "code"),
        ("client_id", &web.id),
        ("redirect_uri", "https://evil.example/cb"),
    ])
    .await
    .unwrap();
    insta::assert_snapshot!("page_authorize_unregistered_redirect_uri", page(res).await);
    let res = authorize(&[
        ("response_type", "code"),
        ("client_id", &web.id),
        ("client_id", &web.id),
    ])
    .await
    .unwrap();
    insta::assert_snapshot!("page_authorize_repeated_client_id", page(res).await);
    for (name, path) in [
        ("page_login_without_csrf", "/d/main/login"),
        ("page_consent_without_csrf", "/d/main/consent"),
        ("page_logout_without_csrf", "/d/main/logout"),
    ] {
        let res = app.post_form(path, None, &[("username", "alice")]).await;
        insta::assert_snapshot!(name, page(res).await);
    }
}

/// Errors sent back to the client's redirect URI (RFC 6749 §4.1.2.1, with `iss` of
/// RFC 9207 §2): the Location is the wire format.
#[tokio::test]
async fn authorize_error_redirects() {
    let app = spawn_app().await;
    app.standard().await;
    let web = app.web_client().await;
    let p = pkce();
    for (name, key, value) in [
        (
            "authorize_unsupported_response_type",
            "response_type",
            "code id_token",
        ),
        (
            "authorize_unsupported_response_mode",
            "response_mode",
            "jwt",
        ),
        (
            "authorize_unknown_challenge_method",
            "code_challenge_method",
            "S512",
        ),
        ("authorize_invalid_scope", "scope", "admin"),
    ] {
        let mut q: Vec<(&str, &str)> = code_request(&web.id, &p.challenge, "read", "st")
            .into_iter()
            .filter(|(k, _)| *k != key)
            .collect();
        q.push((key, value));
        let res = app
            .http
            .get(app.url(&format!("/d/main/oauth/authorize?{}", encode(&q))))
            .send()
            .await
            .unwrap();
        let out = format!("{}\nlocation: {}\n", res.status(), location(&res));
        insta::assert_snapshot!(name, out.replace(&urlencode(&app.base), "[BASE]"));
    }
}
