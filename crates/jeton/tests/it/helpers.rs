//! `spawn_app()`: a fresh server on port 0 with its own SQLite file and a clock the test
//! controls; plus fixtures and a cookie-keeping "browser" to drive the pages over HTTP.

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jeton_core::{Clock, ManualClock, OsRandom};
use jeton_flows::provision::{ClientSpec, Provisioner};
use jeton_server::{AppState, Config};
use jeton_store::Store;
use reqwest::redirect::Policy;
use sha2::{Digest, Sha256};
use tokio::sync::oneshot;

pub const PASSWORD: &str = "correct horse battery staple";
pub const REDIRECT: &str = "https://app.example/callback";

pub struct TestApp {
    pub base: String,
    pub store: Arc<dyn Store>,
    pub clock: Arc<ManualClock>,
    pub prov: Provisioner,
    /// The server's own flows (for what has no HTTP surface yet, e.g. key rotation).
    pub flows: Arc<jeton_flows::Flows>,
    /// A client that does not follow redirects and keeps no cookies.
    pub http: reqwest::Client,
    _dir: tempfile::TempDir,
    shutdown: Option<oneshot::Sender<()>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_with(&[]).await
}

/// The encryption key of the PostgreSQL tests (required there: instances share it).
pub const TEST_ENCRYPTION_KEY: &str = "t1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

pub async fn spawn_with(overrides: &[(&str, &str)]) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = format!("sqlite://{}/jeton.db", dir.path().display());
    spawn_on(&db, dir, overrides).await
}

/// `spawn_with`, on the database at `db` (`dir` is kept as long as the app).
pub async fn spawn_on(db: &str, dir: tempfile::TempDir, overrides: &[(&str, &str)]) -> TestApp {
    let db = db.to_owned();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().unwrap();
    let base = format!("http://{addr}");
    let mut values: Vec<(&str, &str)> = vec![
        ("database_url", &db),
        ("public_url", &base),
        ("listen", "127.0.0.1:0"),
    ];
    if db.starts_with("postgres") {
        values.push(("encryption_key", TEST_ENCRYPTION_KEY));
    }
    values.extend_from_slice(overrides);
    let config = Config::with_overrides(&values).expect("test config");
    let store = jeton_store::connect(&db, &config.connect_options(true))
        .await
        .expect("store");
    let clock = Arc::new(ManualClock::new(1_800_000_000));
    let prov = Provisioner {
        store: store.clone(),
        clock: clock.clone(),
        random: Arc::new(OsRandom),
    };
    prov.create_domain("main", Some("Acme Corp"))
        .await
        .expect("domain");
    let sealer = jeton_server::encryption_key::sealer(&config).expect("encryption key");
    jeton_flows::keys::check_sealing(store.as_ref(), &sealer, &OsRandom, clock.now())
        .await
        .expect("the encryption key opens this database's secrets");
    let state = AppState::new(
        config,
        store.clone(),
        clock.clone(),
        Arc::new(OsRandom),
        Arc::new(sealer),
    );
    let flows = state.flows.clone();
    let (tx, rx) = oneshot::channel::<()>();
    tokio::spawn(async move {
        jeton_server::serve(listener, state, async {
            let _ = rx.await;
        })
        .await
        .expect("server");
    });
    TestApp {
        base,
        store,
        clock,
        prov,
        flows,
        http: reqwest::Client::builder()
            .redirect(Policy::none())
            .build()
            .unwrap(),
        _dir: dir,
        shutdown: Some(tx),
    }
}

/// A server where alice and bob may have personal clients: `read` is everyone's, `write`
/// editors' (bob is one, alice is not).
pub async fn app_with_personal_clients() -> TestApp {
    let app = spawn_app().await;
    app.scope("read", "Read your photos", &[]).await;
    app.scope("write", "Change your photos", &["editor"]).await;
    let role = jeton_core::roles::PERSONAL_CLIENTS;
    app.user("alice", &[role]).await;
    app.user("bob", &[role, "editor"]).await;
    app
}

pub struct TestClient {
    pub id: String,
    pub secret: Option<String>,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn issuer(&self) -> String {
        format!("{}/d/main", self.base)
    }

    pub async fn user(&self, name: &str, roles: &[&str]) {
        let roles: Vec<String> = roles.iter().map(|r| r.to_string()).collect();
        self.prov
            .create_user("main", name, Some(PASSWORD), None, &roles)
            .await
            .expect("user");
    }

    pub async fn scope(&self, name: &str, description: &str, roles: &[&str]) {
        let roles: Vec<String> = roles.iter().map(|r| r.to_string()).collect();
        self.prov
            .create_scope("main", name, Some(description), &roles)
            .await
            .expect("scope");
    }

    /// A confidential client for client credentials, with no scopes ("svc").
    pub async fn svc_client(&self) -> TestClient {
        self.client(ClientSpec {
            name: "svc".into(),
            grants: vec!["client_credentials".into()],
            ..Default::default()
        })
        .await
    }

    pub async fn client(&self, spec: ClientSpec) -> TestClient {
        let (c, secret) = self
            .prov
            .create_client("main", &spec)
            .await
            .expect("client");
        TestClient {
            id: c.id.to_string(),
            secret,
        }
    }

    /// A confidential client for the code flow (with refresh), scopes `read write`.
    pub async fn web_client(&self) -> TestClient {
        self.client(ClientSpec {
            name: "Photo <Printer>".into(),
            redirect_uris: vec![REDIRECT.into()],
            scopes: vec!["read".into(), "write".into()],
            ..Default::default()
        })
        .await
    }

    /// The usual fixture: scopes `read` (anyone) and `write` (role `editor`), user alice.
    pub async fn standard(&self) {
        self.scope("read", "Read your photos", &[]).await;
        self.scope("write", "Change your photos", &["editor"]).await;
        self.user("alice", &["editor"]).await;
    }

    pub async fn post_form(
        &self,
        path: &str,
        auth: Option<(&str, &str)>,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut req = self.http.post(self.url(path)).form(form);
        if let Some((id, secret)) = auth {
            req = req.basic_auth(id, Some(secret));
        }
        req.send().await.expect("request")
    }

    pub async fn token(&self, client: &TestClient, form: &[(&str, &str)]) -> reqwest::Response {
        self.post_form(
            "/d/main/oauth/token",
            Some((&client.id, client.secret.as_deref().unwrap())),
            form,
        )
        .await
    }

    pub async fn introspect(&self, client: &TestClient, token: &str) -> serde_json::Value {
        let res = self
            .post_form(
                "/d/main/oauth/introspect",
                Some((&client.id, client.secret.as_deref().unwrap())),
                &[("token", token)],
            )
            .await;
        assert_eq!(res.status(), 200);
        res.json().await.unwrap()
    }
}

pub struct Pkce {
    pub verifier: String,
    pub challenge: String,
}

pub fn pkce() -> Pkce {
    let mut bytes = [0u8; 32];
    getrandom_fill(&mut bytes);
    let verifier = URL_SAFE_NO_PAD.encode(bytes);
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    Pkce {
        verifier,
        challenge,
    }
}

fn getrandom_fill(buf: &mut [u8]) {
    use jeton_core::Random;
    OsRandom.fill(buf);
}

/// A person's browser: keeps cookies, does not follow redirects (tests look at each one).
pub struct Browser {
    pub http: reqwest::Client,
    pub base: String,
}

impl Browser {
    pub fn new(app: &TestApp) -> Self {
        Self {
            http: reqwest::Client::builder()
                .redirect(Policy::none())
                .cookie_store(true)
                .build()
                .unwrap(),
            base: app.base.clone(),
        }
    }

    /// A browser that a trusted proxy (the app must trust 127.0.0.1) reports as `address`.
    pub fn at_address(app: &TestApp, address: &str) -> Self {
        Self::with_headers(app, &[("x-forwarded-for", address)])
    }

    /// A browser whose language is `accept_language` (the `Accept-Language` header).
    pub fn speaking(app: &TestApp, accept_language: &str) -> Self {
        Self::with_headers(app, &[("accept-language", accept_language)])
    }

    /// A browser that sends `headers` with every request.
    pub fn with_headers(app: &TestApp, headers: &[(&'static str, &str)]) -> Self {
        let headers = headers
            .iter()
            .map(|(k, v)| {
                (
                    reqwest::header::HeaderName::from_static(k),
                    v.parse().unwrap(),
                )
            })
            .collect();
        Self {
            http: reqwest::Client::builder()
                .redirect(Policy::none())
                .cookie_store(true)
                .default_headers(headers)
                .build()
                .unwrap(),
            base: app.base.clone(),
        }
    }

    fn abs(&self, url: &str) -> String {
        if url.starts_with("http") {
            url.to_owned()
        } else {
            format!("{}{}", self.base, url)
        }
    }

    pub async fn get(&self, url: &str) -> reqwest::Response {
        self.http.get(self.abs(url)).send().await.expect("GET")
    }

    pub async fn post(&self, url: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(self.abs(url))
            .form(form)
            .send()
            .await
            .expect("POST")
    }

    /// Signs in through the login page and answers the response to the form.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        return_to: &str,
    ) -> reqwest::Response {
        let page = self
            .get(&format!("/d/main/login?return_to={}", urlencode(return_to)))
            .await
            .text()
            .await
            .unwrap();
        let csrf = hidden(&page, "csrf").expect("csrf field on the login page");
        self.post(
            "/d/main/login",
            &[
                ("csrf", &csrf),
                ("username", username),
                ("password", password),
                ("return_to", return_to),
            ],
        )
        .await
    }

    /// Runs the whole authorization: authorize → login → consent (allow) → redirect. Answers
    /// the final redirect's Location (the client's redirect URI with the code).
    pub async fn authorize(&self, query: &[(&str, &str)], username: &str) -> String {
        let url = format!("/d/main/oauth/authorize?{}", encode(query));
        let mut res = self.get(&url).await;
        for _ in 0..6 {
            assert_eq!(
                res.status(),
                303,
                "expected a redirect, got {} {:?}",
                res.status(),
                res.text().await
            );
            let loc = location(&res);
            if loc.starts_with(REDIRECT) || !loc.starts_with('/') {
                return loc;
            }
            if loc.starts_with("/d/main/login") {
                let return_to = url::Url::parse(&self.abs(&loc))
                    .unwrap()
                    .query_pairs()
                    .find(|(k, _)| k == "return_to")
                    .map(|(_, v)| v.into_owned())
                    .unwrap();
                res = self.login(username, PASSWORD, &return_to).await;
                continue;
            }
            if loc.starts_with("/d/main/consent") {
                let page = self.get(&loc).await;
                assert_eq!(page.status(), 200);
                let html = page.text().await.unwrap();
                res = self.submit_consent(&html, "allow").await;
                continue;
            }
            res = self.get(&loc).await;
        }
        panic!("too many redirects");
    }

    pub async fn submit_consent(&self, html: &str, decision: &str) -> reqwest::Response {
        let mut fields = hidden_fields(html);
        fields.push(("decision".into(), decision.into()));
        let form: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        self.post("/d/main/consent", &form).await
    }
}

pub fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .expect("Location header")
        .to_str()
        .unwrap()
        .to_owned()
}

/// The query parameters of a URL.
pub fn query_of(url: &str) -> std::collections::HashMap<String, String> {
    url::Url::parse(url)
        .expect("absolute URL")
        .query_pairs()
        .into_owned()
        .collect()
}

pub fn encode(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

pub fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Decodes the HTML entities a template engine writes: named ones and `&#NN;` / `&#xNN;`.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';') else { break };
        let entity = &rest[1..end];
        let decoded = match entity {
            "quot" => Some('"'),
            "apos" => Some('\''),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// All `<input type="hidden" name=".." value="..">` of a page, in order.
pub fn hidden_fields(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for tag in html.split("<input").skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        if !tag.contains("type=\"hidden\"") {
            continue;
        }
        let attr = |name: &str| {
            let key = format!("{name}=\"");
            let start = tag.find(&key)? + key.len();
            let end = tag[start..].find('"')? + start;
            Some(unescape(&tag[start..end]))
        };
        if let (Some(n), Some(v)) = (attr("name"), attr("value")) {
            out.push((n, v));
        }
    }
    out
}

/// The decoded `value` of the first `<input name="{name}" …>` of a page, of any type.
pub fn input_value(html: &str, name: &str) -> Option<String> {
    let needle = format!("name=\"{name}\"");
    for tag in html.split("<input").skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        if !tag.contains(&needle) {
            continue;
        }
        let start = tag.find("value=\"")? + "value=\"".len();
        let end = tag[start..].find('"')? + start;
        return Some(unescape(&tag[start..end]));
    }
    None
}

pub fn hidden(html: &str, name: &str) -> Option<String> {
    hidden_fields(html)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v)
}

/// Authorization query for `client` with PKCE S256.
pub fn code_request<'a>(
    client_id: &'a str,
    challenge: &'a str,
    scope: &'a str,
    state: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("response_type", "code"),
        ("client_id", client_id),
        ("redirect_uri", REDIRECT),
        ("scope", scope),
        ("state", state),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
    ]
}

/// Runs the browser flow and redeems the code: answers the token response JSON.
pub async fn tokens_for(app: &TestApp, client: &TestClient, scope: &str) -> serde_json::Value {
    let p = pkce();
    let browser = Browser::new(app);
    let loc = browser
        .authorize(
            &code_request(&client.id, &p.challenge, scope, "s1"),
            "alice",
        )
        .await;
    let code = query_of(&loc)
        .remove("code")
        .expect("a code in the redirect");
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
    res.json().await.unwrap()
}

/// Says why a test cannot run here and returns, so the test can skip; under `CI=true` (what
/// CI sets) it fails instead: there, a missing browser or database is a broken set-up, not a
/// reason to pass silently.
pub fn skip(test: &str, why: &str) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{test}: cannot be skipped under CI=true — {why}");
    }
    eprintln!("{test}: SKIPPED — {why}");
}
