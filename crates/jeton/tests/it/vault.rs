//! The vault (issue 15): credentials for outside providers, tokens for jobs.
//!
//! Two kinds of provider: Jeton itself (the domain `provider` of the same test server plays
//! the outside authorization server; client credentials with both client authentication
//! methods, renewal after expiry), and a scripted provider (a small axum server on
//! 127.0.0.1:0) for what Jeton does not do or must not do: the password grant, rotating
//! refresh tokens, refusals, a provider that is down, malformed, oversized and redirecting
//! answers, and counting requests under concurrency.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use base64::Engine;
use jeton_core::Clock;
use jeton_core::vault::{Access, ContainerPath, CredentialStatus, Grantee, PermissionTarget};
use jeton_flows::provision::ClientSpec;
use jeton_flows::vault::{NewVaultCredential, VaultCaller, VaultError};
use jeton_store::Domain;
use secrecy::{ExposeSecret, SecretString};

use crate::helpers::*;

/// What the scripted provider saw of one request.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub(crate) basic: Option<(String, String)>,
    pub(crate) form: Vec<(String, String)>,
}

impl Seen {
    pub(crate) fn get(&self, k: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
    }
}

pub(crate) type Answer = (StatusCode, Vec<(&'static str, String)>, String);

/// A provider whose token endpoint answers what `script` says, counting requests.
pub(crate) struct Scripted {
    base: String,
    hits: Arc<AtomicUsize>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Scripted {
    pub(crate) async fn start(
        delay: Duration,
        script: impl Fn(&Seen, usize) -> Answer + Send + Sync + 'static,
    ) -> Self {
        let hits = Arc::new(AtomicUsize::new(0));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(script);
        let (h, s) = (hits.clone(), seen.clone());
        let token = move |headers: HeaderMap, body: String| {
            let (h, s, script) = (h.clone(), s.clone(), script.clone());
            async move {
                let n = h.fetch_add(1, Ordering::SeqCst) + 1;
                let basic = headers
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.strip_prefix("Basic "))
                    .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
                    .and_then(|b| String::from_utf8(b).ok())
                    .and_then(|s| {
                        let (i, p) = s.split_once(':')?;
                        Some((decode(i), decode(p)))
                    });
                let form: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
                    .into_owned()
                    .collect();
                let req = Seen { basic, form };
                s.lock().unwrap().push(req.clone());
                tokio::time::sleep(delay).await;
                let (status, headers, body) = script(&req, n);
                let mut res = (status, body).into_response();
                for (k, v) in headers {
                    res.headers_mut().insert(k, v.parse().unwrap());
                }
                res
            }
        };
        let router = axum::Router::new()
            .route("/token", axum::routing::post(token.clone()))
            .route("/revoke", axum::routing::post(token));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Self { base, hits, seen }
    }

    pub(crate) fn token_endpoint(&self) -> String {
        format!("{}/token", self.base)
    }

    /// Every request it saw, in order.
    pub(crate) fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// Its address, for the other endpoints it answers (`/authorize`, `/revoke`, …).
    pub(crate) fn base(&self) -> &str {
        &self.base
    }

    pub(crate) fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    pub(crate) fn last(&self) -> Seen {
        self.seen.lock().unwrap().last().cloned().unwrap()
    }
}

fn decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

pub(crate) fn json_answer(body: serde_json::Value) -> Answer {
    (
        StatusCode::OK,
        vec![("content-type", "application/json".into())],
        body.to_string(),
    )
}

pub(crate) fn oauth_error(status: StatusCode, error: &str, description: &str) -> Answer {
    (
        status,
        vec![("content-type", "application/json".into())],
        serde_json::json!({"error": error, "error_description": description}).to_string(),
    )
}

pub(crate) const SECRET: &str = "s3cret:with%odd&chars=0123456789";

pub(crate) fn cc(endpoint: &str, name: &str) -> NewVaultCredential {
    NewVaultCredential {
        name: name.into(),
        grant: "client_credentials".into(),
        token_endpoint: endpoint.into(),
        client_id: "vault-client".into(),
        client_secret: Some(SecretString::from(SECRET)),
        ..Default::default()
    }
}

pub(crate) async fn domain(app: &TestApp, slug: &str) -> Arc<Domain> {
    app.flows.domain_by_slug(slug).await.unwrap().unwrap()
}

pub(crate) async fn token(app: &TestApp, id: &str) -> Result<String, VaultError> {
    let (_, c) = app.flows.vault_credential_by_id(id).await?.unwrap();
    let t = app.flows.vault_token(c, &VaultCaller::cli()).await?;
    Ok(t.access_token.expose_secret().to_owned())
}

#[tokio::test]
async fn client_credentials_at_jeton_as_provider_with_header_and_body_and_renewal_after_expiry() {
    let app = spawn_app().await;
    app.prov.create_domain("provider", None).await.unwrap();
    let main = domain(&app, "main").await;
    let provider = domain(&app, "provider").await;
    let endpoint = format!("{}/d/provider/oauth/token", app.base);
    for (method, auth) in [
        ("client_secret_basic", "header"),
        ("client_secret_post", "body"),
    ] {
        let (client, secret) = app
            .prov
            .create_client(
                "provider",
                &ClientSpec {
                    name: format!("vault via {auth}"),
                    grants: vec!["client_credentials".into()],
                    auth_method: Some(method.into()),
                    consumer: true,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let req = NewVaultCredential {
            client_id: client.id.to_string(),
            client_secret: secret.map(SecretString::from),
            client_auth: Some(auth.into()),
            ..cc(&endpoint, &format!("jeton-{auth}"))
        };
        let view = app
            .flows
            .vault_create(&main, req, &VaultCaller::cli())
            .await
            .unwrap_or_else(|e| panic!("{auth}: {e}"));
        assert_eq!(view.status, "authorized");
        assert!(view.has_access_token);
        assert!(
            view.client_secret.as_deref().unwrap().starts_with("set"),
            "never the secret in full: {:?}",
            view.client_secret
        );
        let first = token(&app, &view.id).await.unwrap();
        assert!(first.starts_with("jeton_at_"), "{auth}");
        assert!(
            app.flows
                .active_access_token(&provider, &first)
                .await
                .unwrap()
                .is_some(),
            "{auth}: a live token of the provider"
        );
        assert_eq!(
            token(&app, &view.id).await.unwrap(),
            first,
            "still fresh: the same"
        );
        // Past the provider's lifetime (3600 s) minus the margin: a new one.
        app.clock.advance(3600 - 30);
        let second = token(&app, &view.id).await.unwrap();
        assert_ne!(second, first, "{auth}: renewed");
        assert!(
            app.flows
                .active_access_token(&provider, &second)
                .await
                .unwrap()
                .is_some()
        );
    }
    // Refused at once: the provider's own error, nothing saved.
    let e = app
        .flows
        .vault_create(&main, cc(&endpoint, "wrong"), &VaultCaller::cli())
        .await
        .unwrap_err();
    let text = e.to_string();
    assert!(text.contains("invalid_client"), "{text}");
    assert!(!text.contains(SECRET), "{text}");
    assert!(
        app.store
            .vault_credentials_named(&main.id, "wrong")
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn header_only_and_body_only_providers_get_what_they_accept() {
    let app = spawn_app().await;
    let main = domain(&app, "main").await;
    let header_only = Scripted::start(Duration::ZERO, |r, _| match &r.basic {
        Some((id, secret)) if id == "vault-client" && secret == SECRET && r.get("client_secret").is_none() => {
            json_answer(serde_json::json!({"access_token": "at-header", "token_type": "Bearer", "expires_in": 600}))
        }
        _ => oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "send the client credentials in the Authorization header"),
    })
    .await;
    let body_only = Scripted::start(Duration::ZERO, |r, _| {
        if r.basic.is_none() && r.get("client_id") == Some("vault-client") && r.get("client_secret") == Some(SECRET) {
            json_answer(serde_json::json!({"access_token": "at-body", "token_type": "bearer", "expires_in": "600"}))
        } else {
            oauth_error(StatusCode::BAD_REQUEST, "invalid_client", "credentials in the body only")
        }
    })
    .await;
    let caller = VaultCaller::cli();
    let ok = |p: &Scripted, auth: &str, name: &str| NewVaultCredential {
        client_auth: Some(auth.into()),
        scope: Some("read  write".into()),
        extra_params: vec![("audience".into(), "https://api.example".into())],
        ..cc(&p.token_endpoint(), name)
    };
    let v = app
        .flows
        .vault_create(&main, ok(&header_only, "header", "h"), &caller)
        .await
        .unwrap();
    assert_eq!(token(&app, &v.id).await.unwrap(), "at-header");
    let seen = header_only.last();
    assert_eq!(seen.get("grant_type"), Some("client_credentials"));
    assert_eq!(seen.get("scope"), Some("read write"));
    assert_eq!(seen.get("audience"), Some("https://api.example"));
    let v = app
        .flows
        .vault_create(&main, ok(&body_only, "body", "b"), &caller)
        .await
        .unwrap();
    assert_eq!(
        token(&app, &v.id).await.unwrap(),
        "at-body",
        "expires_in as a string is read"
    );
    assert_eq!(v.expires_at, Some(app.clock.now() + 600));
    // The wrong method for each: the provider's words come back, never the secret.
    for (p, auth) in [(&header_only, "body"), (&body_only, "header")] {
        let e = app
            .flows
            .vault_create(&main, ok(p, auth, &format!("wrong-{auth}")), &caller)
            .await
            .unwrap_err()
            .to_string();
        assert!(e.contains("refused: invalid_client"), "{e}");
        assert!(!e.contains(SECRET), "{e}");
    }
}

#[tokio::test]
async fn password_grant_with_a_provider_that_rotates_refresh_tokens() {
    let app = spawn_app().await;
    let main = domain(&app, "main").await;
    // Each refresh token works once and comes back replaced.
    let p = Scripted::start(Duration::ZERO, |r, n| {
        let live = format!("rt-{}", n - 1);
        match r.get("grant_type") {
            Some("password") if r.get("username") == Some("robot") && r.get("password") == Some("pw") => json_answer(
                serde_json::json!({"access_token": format!("at-{n}"), "token_type": "Bearer", "expires_in": 120, "refresh_token": format!("rt-{n}")}),
            ),
            Some("refresh_token") if r.get("refresh_token") == Some(live.as_str()) => json_answer(
                serde_json::json!({"access_token": format!("at-{n}"), "token_type": "Bearer", "expires_in": 120, "refresh_token": format!("rt-{n}")}),
            ),
            _ => oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "refresh token already used"),
        }
    })
    .await;
    let req = NewVaultCredential {
        grant: "password".into(),
        username: Some("robot".into()),
        password: Some(SecretString::from("pw")),
        ..cc(&p.token_endpoint(), "robot")
    };
    let v = app
        .flows
        .vault_create(&main, req, &VaultCaller::cli())
        .await
        .unwrap();
    assert_eq!(v.username.as_deref(), Some("robot"));
    assert_eq!(v.password.as_deref(), Some("set"));
    assert_eq!(token(&app, &v.id).await.unwrap(), "at-1");
    for round in 2..=4 {
        let before = app.store.vault_credential(&v.id).await.unwrap().unwrap();
        app.clock.advance(61);
        let t = token(&app, &v.id).await.unwrap();
        assert_eq!(t, format!("at-{round}"));
        assert_eq!(p.last().get("grant_type"), Some("refresh_token"));
        let after = app.store.vault_credential(&v.id).await.unwrap().unwrap();
        assert_ne!(
            after.tokens.refresh_token, before.tokens.refresh_token,
            "the rotated refresh token is stored by the time the token is handed out"
        );
    }
    assert_eq!(p.hits(), 4, "one request per renewal");
}

#[tokio::test]
async fn a_refused_refresh_needs_reauthorization_and_no_stale_token_is_handed_out() {
    let app = spawn_app().await;
    let main = domain(&app, "main").await;
    let refuse = Arc::new(AtomicBool::new(false));
    let refusing = refuse.clone();
    let p = Scripted::start(Duration::ZERO, move |r, _| {
        if refusing.load(Ordering::SeqCst) {
            oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "the password was changed")
        } else if r.get("password") == Some("pw") {
            json_answer(serde_json::json!({"access_token": "at", "token_type": "Bearer", "expires_in": 120, "refresh_token": "rt"}))
        } else {
            oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "?")
        }
    })
    .await;
    let req = NewVaultCredential {
        grant: "password".into(),
        username: Some("robot".into()),
        password: Some(SecretString::from("pw")),
        allow_jobs: true,
        ..cc(&p.token_endpoint(), "robot")
    };
    let v = app
        .flows
        .vault_create(&main, req, &VaultCaller::cli())
        .await
        .unwrap();
    refuse.store(true, Ordering::SeqCst);
    app.clock.advance(100);
    let e = token(&app, &v.id).await.unwrap_err();
    assert!(matches!(e, VaultError::NeedsReauthorization(_)), "{e}");
    let text = e.to_string();
    assert!(
        text.contains("invalid_grant") && text.contains("the password was changed"),
        "{text}"
    );
    assert!(!text.contains("pw\"") && !text.contains(SECRET), "{text}");
    // The refresh token was refused, then the password: two requests after the first one.
    assert_eq!(p.hits(), 3);
    let stored = app.store.vault_credential(&v.id).await.unwrap().unwrap();
    assert_eq!(stored.status, CredentialStatus::NeedsReauthorization);
    assert_eq!(stored.tokens.access_token, None, "the stale token is gone");
    // From now on: the clear error at once, without asking the provider again.
    let again = token(&app, &v.id).await.unwrap_err();
    assert!(
        matches!(again, VaultError::NeedsReauthorization(_)),
        "{again}"
    );
    assert_eq!(p.hits(), 3);
    let audit = app
        .store
        .audit_events(&jeton_core::entities::AuditQuery {
            action: Some(jeton_core::entities::AuditAction::VaultNeedsReauthorization),
            target: Some(format!("vault:{}", v.id)),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
}

#[tokio::test]
async fn a_provider_that_is_down_malformed_oversized_or_redirecting_is_a_clear_error() {
    let app = spawn_app().await;
    let main = domain(&app, "main").await;
    let caller = VaultCaller::cli();
    // Down: nothing listens on the port.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let started = std::time::Instant::now();
    let e = app
        .flows
        .vault_create(
            &main,
            cc(&format!("http://{closed}/token"), "down"),
            &caller,
        )
        .await
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("could not reach the provider at 127.0.0.1"),
        "{e}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "bounded by the connect timeout"
    );
    // The redirect target counts whether anyone followed.
    let target = Scripted::start(Duration::ZERO, |_, _| {
        json_answer(serde_json::json!({"access_token": "stolen", "token_type": "Bearer"}))
    })
    .await;
    let location = target.token_endpoint();
    let cases: Vec<(&str, Answer, &str)> = vec![
        (
            "not-json",
            (
                StatusCode::OK,
                vec![("content-type", "application/json".into())],
                "<html>".into(),
            ),
            "the body is not JSON",
        ),
        (
            "no-token",
            json_answer(serde_json::json!({"token_type": "Bearer"})),
            "missing field `access_token`",
        ),
        (
            "html-500",
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                vec![("content-type", "text/html".into())],
                "<h1>oops</h1>".into(),
            ),
            "HTTP 500 (text/html)",
        ),
        (
            "bad-expiry",
            json_answer(
                serde_json::json!({"access_token": "a", "token_type": "Bearer", "expires_in": "soon"}),
            ),
            "expires_in",
        ),
        (
            "huge",
            json_answer(
                serde_json::json!({"access_token": "a".repeat(100 * 1024), "token_type": "Bearer"}),
            ),
            "larger than 65536 bytes",
        ),
        (
            "redirect",
            (
                StatusCode::FOUND,
                vec![("location", location.clone())],
                String::new(),
            ),
            "redirect (HTTP 302)",
        ),
    ];
    for (name, answer, expected) in cases {
        let answer = Arc::new(answer);
        let p = Scripted::start(Duration::ZERO, move |_, _| (*answer).clone()).await;
        let e = app
            .flows
            .vault_create(&main, cc(&p.token_endpoint(), name), &caller)
            .await
            .unwrap_err();
        assert!(matches!(e, VaultError::Provider(_)), "{name}: {e:?}");
        let text = e.to_string();
        assert!(text.contains(expected), "{name}: {text}");
        assert!(
            !text.contains(SECRET) && !text.contains("aaaa"),
            "{name}: {text}"
        );
    }
    assert_eq!(target.hits(), 0, "a redirect is never followed");
    assert!(
        app.store
            .vault_credentials(&main.id)
            .await
            .unwrap()
            .is_empty(),
        "nothing saved"
    );
}

#[tokio::test]
async fn fifty_callers_on_an_expired_credential_cause_exactly_one_provider_request() {
    let app = spawn_app().await;
    let main = domain(&app, "main").await;
    let p = Scripted::start(Duration::from_millis(300), |_, n| {
        json_answer(serde_json::json!({"access_token": format!("at-{n}"), "token_type": "Bearer", "expires_in": 120}))
    })
    .await;
    let v = app
        .flows
        .vault_create(&main, cc(&p.token_endpoint(), "busy"), &VaultCaller::cli())
        .await
        .unwrap();
    assert_eq!(p.hits(), 1);
    app.clock.advance(100);
    let calls = (0..50).map(|_| {
        let flows = app.flows.clone();
        let id = v.id.clone();
        tokio::spawn(async move {
            let (_, c) = flows.vault_credential_by_id(&id).await.unwrap().unwrap();
            flows
                .vault_token(c, &VaultCaller::cli())
                .await
                .map(|t| t.access_token.expose_secret().to_owned())
        })
    });
    let tokens: Vec<String> = futures_util::future::join_all(calls)
        .await
        .into_iter()
        .map(|r| r.unwrap().unwrap())
        .collect();
    assert_eq!(p.hits(), 2, "one renewal for fifty callers");
    assert!(tokens.iter().all(|t| t == "at-2"), "{tokens:?}");
}

#[tokio::test]
async fn the_token_api_refuses_each_caller_it_should_and_answers_the_one_it_may() {
    let app = spawn_app().await;
    app.scope("vault:use", "Use the vault's credentials", &[])
        .await;
    app.scope("other", "Something else", &[]).await;
    app.prov.create_domain("provider", None).await.unwrap();
    let main = domain(&app, "main").await;
    let p = Scripted::start(Duration::ZERO, |_, n| {
        json_answer(serde_json::json!({"access_token": format!("outside-{n}"), "token_type": "Bearer", "expires_in": 600}))
    })
    .await;
    let caller = VaultCaller::cli();
    let jobs = app
        .flows
        .vault_create(
            &main,
            NewVaultCredential {
                allow_jobs: true,
                container: Some("/team".into()),
                ..cc(&p.token_endpoint(), "jobs")
            },
            &caller,
        )
        .await
        .unwrap();
    let no_jobs = app
        .flows
        .vault_create(
            &main,
            NewVaultCredential {
                container: Some("/team".into()),
                ..cc(&p.token_endpoint(), "no-jobs")
            },
            &caller,
        )
        .await
        .unwrap();
    let consumer = |name: &str, scopes: &[&str]| ClientSpec {
        name: name.into(),
        grants: vec!["client_credentials".into()],
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        consumer: true,
        ..Default::default()
    };
    let job = app.client(consumer("job", &["vault:use"])).await;
    let unscoped = app.client(consumer("unscoped", &["other"])).await;
    let access = |c: TestClient, scope: &'static str, domain: &'static str| {
        let app = &app;
        async move {
            let res = app
                .post_form(
                    &format!("/d/{domain}/oauth/token"),
                    Some((&c.id, c.secret.as_deref().unwrap())),
                    &[("grant_type", "client_credentials"), ("scope", scope)],
                )
                .await;
            assert_eq!(res.status(), 200, "{domain} {scope}");
            let body: serde_json::Value = res.json().await.unwrap();
            body["access_token"].as_str().unwrap().to_owned()
        }
    };
    let job_token = access(
        TestClient {
            id: job.id.clone(),
            secret: job.secret.clone(),
        },
        "vault:use",
        "main",
    )
    .await;
    let unscoped_token = access(unscoped, "other", "main").await;
    let (foreign, foreign_secret) = app
        .prov
        .create_client("provider", &consumer("foreign", &[]))
        .await
        .unwrap();
    let foreign_token = access(
        TestClient {
            id: foreign.id.to_string(),
            secret: foreign_secret,
        },
        "",
        "provider",
    )
    .await;
    let call = |id: &str, bearer: Option<&str>| {
        let mut r = app
            .http
            .post(app.url(&format!("/api/v1/vault/credentials/{id}/token")));
        if let Some(b) = bearer {
            r = r.bearer_auth(b);
        }
        r.send()
    };
    let problem = |res: reqwest::Response, status: u16, kind: &'static str| async move {
        assert_eq!(res.status(), status);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["type"], format!("urn:jeton:problem:{kind}"), "{body}");
        body["detail"].as_str().unwrap().to_owned()
    };
    problem(call(&jobs.id, None).await.unwrap(), 401, "unauthenticated").await;
    problem(
        call(&jobs.id, Some("jeton_at_nonsense")).await.unwrap(),
        401,
        "unauthenticated",
    )
    .await;
    problem(
        call(&jobs.id, Some(&foreign_token)).await.unwrap(),
        401,
        "unauthenticated",
    )
    .await;
    let d = problem(
        call(&jobs.id, Some(&unscoped_token)).await.unwrap(),
        403,
        "forbidden",
    )
    .await;
    assert!(d.contains("vault:use"), "{d}");
    let d = problem(
        call(&jobs.id, Some(&job_token)).await.unwrap(),
        403,
        "forbidden",
    )
    .await;
    assert!(d.contains("may not use"), "no permission yet: {d}");
    problem(
        call("no-such-id", Some(&job_token)).await.unwrap(),
        404,
        "not-found",
    )
    .await;
    // Use on the container /team: inherited by both credentials.
    app.flows
        .vault_permit(
            &main,
            PermissionTarget::Container(ContainerPath::parse("/team").unwrap()),
            Grantee::Client(job.id.clone().into()),
            Access::Use,
            &caller,
        )
        .await
        .unwrap();
    let d = problem(
        call(&no_jobs.id, Some(&job_token)).await.unwrap(),
        403,
        "forbidden",
    )
    .await;
    assert!(d.contains("jobs"), "{d}");
    let res = call(&jobs.id, Some(&job_token)).await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["access_token"], "outside-1");
    assert_eq!(body["token_type"], "Bearer");
    assert!(
        body["expires_at"].as_str().unwrap().ends_with('Z'),
        "{body}"
    );
    let uses = app
        .store
        .audit_events(&jeton_core::entities::AuditQuery {
            action: Some(jeton_core::entities::AuditAction::VaultUse),
            target: Some(format!("vault:{}", jobs.id)),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(uses.len(), 1);
    assert_eq!(uses[0].actor.name, format!("client:{}", job.id));
    assert_eq!(uses[0].detail["via"], "api");
}

#[tokio::test]
async fn authorization_code_is_saved_but_says_it_needs_authorizing_and_delete_revokes() {
    let app = spawn_app().await;
    let main = domain(&app, "main").await;
    let p = Scripted::start(Duration::ZERO, |_, n| {
        json_answer(serde_json::json!({"access_token": format!("at-{n}"), "token_type": "Bearer", "refresh_token": "rt"}))
    })
    .await;
    let caller = VaultCaller::cli();
    let code = NewVaultCredential {
        grant: "authorization_code".into(),
        authorization_endpoint: Some(format!("{}/authorize", p.base)),
        ..cc(&p.token_endpoint(), "crm")
    };
    let v = app.flows.vault_create(&main, code, &caller).await.unwrap();
    assert_eq!(v.status, "new");
    assert_eq!(p.hits(), 0, "nothing asked of the provider");
    let e = token(&app, &v.id).await.unwrap_err().to_string();
    assert!(e.contains("not been authorized yet"), "{e}");
    // Client credentials with a revocation endpoint: delete revokes the refresh token and
    // the access token there.
    let revocable = NewVaultCredential {
        revocation_endpoint: Some(format!("{}/revoke", p.base)),
        ..cc(&p.token_endpoint(), "revocable")
    };
    let v = app
        .flows
        .vault_create(&main, revocable, &caller)
        .await
        .unwrap();
    assert_eq!(
        v.expires_at,
        Some(app.clock.now() + 3600),
        "no expires_in: an hour assumed"
    );
    let c = app
        .flows
        .vault_find(&main, "revocable", &caller)
        .await
        .unwrap();
    let outcome = app.flows.vault_delete(&c, &caller).await.unwrap();
    assert_eq!(outcome, jeton_flows::vault::Revocation::Revoked);
    let seen = p.seen.lock().unwrap().clone();
    let revoked: Vec<_> = seen.iter().filter(|s| s.get("token").is_some()).collect();
    assert_eq!(revoked.len(), 2);
    assert_eq!(revoked[0].get("token"), Some("rt"));
    assert_eq!(revoked[0].get("token_type_hint"), Some("refresh_token"));
    assert_eq!(revoked[1].get("token"), Some("at-1"));
    assert!(
        app.flows
            .vault_find(&main, "revocable", &caller)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn the_cli_creates_lists_shows_hands_out_and_deletes() {
    use crate::cli::run;
    let dir = tempfile::tempdir().unwrap();
    let p = Scripted::start(Duration::ZERO, |r, n| {
        if r.basic.as_ref().is_some_and(|(_, s)| s == SECRET) {
            json_answer(serde_json::json!({"access_token": format!("cli-at-{n}"), "token_type": "Bearer", "expires_in": 600}))
        } else {
            oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "wrong secret")
        }
    })
    .await;
    let (ok, _, err) = run(&dir, &["domain", "create", "acme"], None).await;
    assert!(ok, "{err}");
    let endpoint = p.token_endpoint();
    let create = |name: &'static str, grant: &'static str| {
        let endpoint = endpoint.clone();
        let dir = &dir;
        async move {
            let args = [
                "vault",
                "create",
                "--domain",
                "acme",
                "--name",
                name,
                "--container",
                "/ops",
                "--grant",
                grant,
                "--token-endpoint",
                &endpoint,
                "--authorization-endpoint",
                "http://127.0.0.1:1/authorize",
                "--client-id",
                "vault-client",
                "--client-secret-stdin",
                "--client-auth",
                "header",
                "--allow-jobs",
            ];
            run(dir, &args, Some(&format!("{SECRET}\n"))).await
        }
    };
    let (ok, out, err) = create("crm", "client_credentials").await;
    assert!(ok, "{out}{err}");
    assert!(out.contains("authorized"), "{out}");
    let (ok, out, err) = create("crm-code", "authorization_code").await;
    assert!(ok, "{out}{err}");
    assert!(out.contains("not available yet"), "{out}");
    let (ok, out, _) = run(&dir, &["vault", "token", "--domain", "acme", "crm"], None).await;
    assert!(ok);
    assert_eq!(out, "cli-at-1\n", "the token and nothing else");
    let (ok, out, _) = run(&dir, &["vault", "list", "--domain", "acme"], None).await;
    assert!(ok);
    assert!(
        out.contains("crm") && out.contains("crm-code") && !out.contains("needs"),
        "{out}"
    );
    let (ok, out, _) = run(
        &dir,
        &["vault", "show", "--domain", "acme", "/ops/crm"],
        None,
    )
    .await;
    assert!(ok);
    assert!(
        out.contains("authorized") && out.contains("set (…"),
        "{out}"
    );
    assert!(
        !out.contains(SECRET) && !out.contains("cli-at-1"),
        "no secret shown: {out}"
    );
    let (ok, _, err) = run(
        &dir,
        &["vault", "token", "--domain", "acme", "crm-code"],
        None,
    )
    .await;
    assert!(!ok);
    assert!(err.contains("not been authorized yet"), "{err}");
    let (ok, out, _) = run(&dir, &["vault", "delete", "--domain", "acme", "crm"], None).await;
    assert!(ok);
    assert!(out.contains("deleted crm"), "{out}");
    let (ok, _, err) = run(&dir, &["vault", "show", "--domain", "acme", "crm"], None).await;
    assert!(!ok);
    assert!(err.contains("no such vault credential"), "{err}");
    assert_eq!(p.hits(), 1);
}

#[tokio::test]
async fn the_cli_sets_pkce_at_creation_for_the_code_grant_only() {
    use crate::cli::run;
    let dir = tempfile::tempdir().unwrap();
    let (ok, _, err) = run(&dir, &["domain", "create", "acme"], None).await;
    assert!(ok, "{err}");
    let create = |name: &'static str, grant: &'static str, pkce: Option<&'static str>| {
        let dir = &dir;
        async move {
            let mut args = vec![
                "vault",
                "create",
                "--domain",
                "acme",
                "--name",
                name,
                "--grant",
                grant,
                "--token-endpoint",
                "http://127.0.0.1:1/token",
                "--authorization-endpoint",
                "http://127.0.0.1:1/authorize",
                "--client-id",
                "vault-client",
            ];
            if let Some(pkce) = pkce {
                args.extend(["--pkce", pkce]);
            }
            run(dir, &args, None).await
        }
    };
    let show = |name: &'static str| {
        let dir = &dir;
        async move { run(dir, &["vault", "show", "--domain", "acme", name], None).await }
    };
    let (ok, out, err) = create("default", "authorization_code", None).await;
    assert!(ok, "{out}{err}");
    let pkce_of = |out: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with("pkce"))
            .map(|l| l.trim_start()["pkce".len()..].trim().to_owned())
    };
    let (ok, out, _) = show("default").await;
    assert!(ok, "{out}");
    assert_eq!(pkce_of(&out).as_deref(), Some("on"), "{out}");
    let (ok, out, err) = create("plain", "authorization_code", Some("false")).await;
    assert!(ok, "{out}{err}");
    let (ok, out, _) = show("plain").await;
    assert!(ok, "{out}");
    assert_eq!(pkce_of(&out).as_deref(), Some("off"), "{out}");
    // PKCE belongs to the code grant: asking for it elsewhere is refused, nothing is saved.
    let (ok, _, err) = create("machine", "client_credentials", Some("true")).await;
    assert!(!ok);
    assert!(
        err.contains("PKCE belongs to the authorization code grant only"),
        "{err}"
    );
    let (ok, _, err) = show("machine").await;
    assert!(!ok && err.contains("no such vault credential"), "{err}");
}
