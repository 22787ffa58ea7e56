//! "Authorize and save" (issue 15) against a real provider: the domain `provider` of the same
//! server plays the outside authorization server (a client registered there with the vault's
//! callback as redirect URI, a person who signs in there and approves the consent page), and
//! a person of `main` authorizes a vault credential through their browser. The code grant
//! with and without PKCE, with both client authentications; the implicit grant, its
//! fragment posted as the callback page's script posts it; and the refusals: the provider's
//! own error, unknown, expired and reused states, someone else's state, no edit permission.

use std::sync::Arc;

use jeton_core::Clock;
use jeton_core::entities::{AuditAction, AuditQuery};
use jeton_core::vault::{Access, Grantee, PermissionTarget};
use jeton_flows::provision::ClientSpec;
use jeton_flows::vault::{NewVaultCredential, VaultCaller};
use jeton_store::Domain;
use secrecy::{ExposeSecret, SecretString};

use crate::helpers::*;

pub(crate) struct Provider {
    pub app: TestApp,
    pub main: Arc<Domain>,
}

/// A server whose `provider` domain has the scope `read` and the person `pat`; `alice` of
/// `main` will authorize (she owns the credentials made by [`credential`]), `bob` of `main`
/// has no vault rights.
pub(crate) async fn provider() -> Provider {
    let app = spawn_app().await;
    app.prov.create_domain("provider", None).await.unwrap();
    app.prov
        .create_scope("provider", "read", Some("Read your reports"), &[])
        .await
        .unwrap();
    app.prov
        .create_user("provider", "pat", Some(PASSWORD), None, &[])
        .await
        .unwrap();
    app.user("alice", &[]).await;
    app.user("bob", &[]).await;
    let main = app.flows.domain_by_slug("main").await.unwrap().unwrap();
    Provider { app, main }
}

impl Provider {
    pub fn callback(&self) -> String {
        format!("{}/d/main/vault/callback", self.app.base)
    }

    /// A client of the provider domain whose redirect URI is the vault's callback.
    pub async fn client(
        &self,
        grants: &[&str],
        auth_method: Option<&str>,
    ) -> (String, Option<String>) {
        let (c, secret) = self
            .app
            .prov
            .create_client(
                "provider",
                &ClientSpec {
                    name: "Jeton vault".into(),
                    redirect_uris: vec![self.callback()],
                    grants: grants.iter().map(|g| g.to_string()).collect(),
                    scopes: vec!["read".into()],
                    public: auth_method.is_none(),
                    auth_method: auth_method.map(str::to_owned),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        (c.id.to_string(), secret)
    }

    /// A vault credential of `main` for that client, owned by alice.
    pub async fn credential(
        &self,
        name: &str,
        grant: &str,
        client: &(String, Option<String>),
        client_auth: &str,
        pkce: bool,
    ) -> String {
        let base = &self.app.base;
        let view = self
            .app
            .flows
            .vault_create(
                &self.main,
                NewVaultCredential {
                    name: name.into(),
                    grant: grant.into(),
                    authorization_endpoint: Some(format!("{base}/d/provider/oauth/authorize")),
                    token_endpoint: format!("{base}/d/provider/oauth/token"),
                    client_id: client.0.clone(),
                    client_secret: client.1.clone().map(SecretString::from),
                    client_auth: Some(client_auth.into()),
                    scope: Some("read".into()),
                    pkce: (grant == "authorization_code").then_some(pkce),
                    owner: Some("alice".into()),
                    ..Default::default()
                },
                &VaultCaller::cli(),
            )
            .await
            .unwrap();
        assert_eq!(view.status, "new");
        view.id
    }
}

/// A browser signed in to `slug` as `user`.
pub(crate) async fn signed_in(app: &TestApp, slug: &str, user: &str) -> Browser {
    let b = Browser::new(app);
    signed_in_as(&b, slug, user).await;
    b
}

/// Signs `b` in to `slug` as `user`.
pub(crate) async fn signed_in_as(b: &Browser, slug: &str, user: &str) {
    login_at(b, slug, user, &format!("/d/{slug}/")).await;
}

async fn login_at(b: &Browser, slug: &str, user: &str, return_to: &str) -> reqwest::Response {
    let page = b
        .get(&format!(
            "/d/{slug}/login?return_to={}",
            urlencode(return_to)
        ))
        .await
        .text()
        .await
        .unwrap();
    let csrf = hidden(&page, "csrf").expect("csrf on the login page");
    let res = b
        .post(
            &format!("/d/{slug}/login"),
            &[
                ("csrf", &csrf),
                ("username", user),
                ("password", PASSWORD),
                ("return_to", return_to),
            ],
        )
        .await;
    assert_eq!(res.status(), 303, "signed in to {slug} as {user}");
    res
}

/// The credential page's "Authorize and save": answers where Jeton sends the browser.
pub(crate) async fn press_authorize(b: &Browser, id: &str) -> reqwest::Response {
    let page = b.get(&format!("/d/main/vault/credentials/{id}")).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    let action = format!("/d/main/vault/credentials/{id}/authorize");
    assert!(html.contains(&action), "the page has the button: {html}");
    let csrf = hidden(&html, "csrf").unwrap();
    b.post(&action, &[("csrf", &csrf)]).await
}

/// Follows the browser through the provider: its sign-in page (as pat) and its consent page
/// (allow). Answers where the provider sends the browser back.
pub(crate) async fn through_provider(p: &Provider, b: &Browser, start: &str) -> String {
    let mut res = b.get(start).await;
    for _ in 0..8 {
        if res.status() != 303 {
            panic!(
                "expected a redirect, got {}: {}",
                res.status(),
                res.text().await.unwrap()
            );
        }
        let loc = location(&res);
        if loc.starts_with(&p.callback()) {
            return loc;
        }
        if loc.starts_with("/d/provider/login") {
            let return_to = query_of(&format!("{}{loc}", p.app.base))["return_to"].clone();
            res = login_at(b, "provider", "pat", &return_to).await;
            continue;
        }
        if loc.starts_with("/d/provider/consent") {
            let html = b.get(&loc).await.text().await.unwrap();
            let mut fields = hidden_fields(&html);
            fields.push(("decision".into(), "allow".into()));
            let form: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            res = b.post("/d/provider/consent", &form).await;
            continue;
        }
        res = b.get(&loc).await;
    }
    panic!("too many redirects");
}

async fn vault_token(app: &TestApp, id: &str) -> String {
    let (_, c) = app.flows.vault_credential_by_id(id).await.unwrap().unwrap();
    let t = app.flows.vault_token(c, &VaultCaller::cli()).await.unwrap();
    t.access_token.expose_secret().to_owned()
}

async fn authorize_events(app: &TestApp, p: &Provider) -> Vec<serde_json::Value> {
    app.store
        .audit_events(&AuditQuery {
            domain_id: Some(p.main.id.clone()),
            action: Some(AuditAction::VaultAuthorize),
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.detail)
        .collect()
}

#[tokio::test]
async fn authorization_code_with_pkce_by_header_and_body_and_the_state_is_used_once() {
    let p = provider().await;
    let alice = signed_in(&p.app, "main", "alice").await;
    for (method, auth) in [
        ("client_secret_basic", "header"),
        ("client_secret_post", "body"),
    ] {
        let client = p
            .client(&["authorization_code", "refresh_token"], Some(method))
            .await;
        let id = p
            .credential(
                &format!("reports {auth}"),
                "authorization_code",
                &client,
                auth,
                true,
            )
            .await;
        let res = press_authorize(&alice, &id).await;
        assert_eq!(res.status(), 303);
        let to_provider = location(&res);
        assert!(
            to_provider.starts_with(&format!("{}/d/provider/oauth/authorize?", p.app.base)),
            "{to_provider}"
        );
        let q = query_of(&to_provider);
        assert_eq!(q["response_type"], "code");
        assert_eq!(q["client_id"], client.0);
        assert_eq!(q["redirect_uri"], p.callback());
        assert_eq!(q["scope"], "read");
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(q["code_challenge"].len(), 43);
        assert!(q["state"].len() >= 43, "a random state");
        let back = through_provider(&p, &alice, &to_provider).await;
        assert!(query_of(&back).contains_key("code"), "{back}");
        let res = alice.get(&back).await;
        assert_eq!(res.status(), 303, "{auth}: {:?}", res.text().await);
        assert_eq!(
            location(&res),
            format!("/d/main/vault/credentials/{id}?done=authorized")
        );
        let page = alice.get(&location(&res)).await.text().await.unwrap();
        assert!(page.contains("Authorization granted"), "{page}");
        assert!(page.contains(">Authorized<"), "{page}");
        let c = p.app.store.vault_credential(&id).await.unwrap().unwrap();
        assert!(
            c.tokens.refresh_token.is_some(),
            "{auth}: the refresh token is kept"
        );
        let token = vault_token(&p.app, &id).await;
        assert!(
            token.starts_with("jeton_at_"),
            "{auth}: a token of the provider"
        );
        assert!(!page.contains(&token), "never the token on the page");
        // The same answer again (a reload): the state is spent.
        let again = alice.get(&back).await;
        assert_eq!(again.status(), 400);
        assert!(again.text().await.unwrap().contains("already finished"));
    }
    let events = authorize_events(&p.app, &p).await;
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(events[0]["pkce"], true);
    assert_eq!(events[0]["refresh_token"], true);
    for e in &events {
        let text = e.to_string();
        assert!(
            !text.contains("jeton_at_") && !text.contains("jeton_rt_"),
            "{text}"
        );
    }
}

#[tokio::test]
async fn authorization_code_without_pkce_and_the_providers_refusal_in_plain_words() {
    let p = provider().await;
    let alice = signed_in(&p.app, "main", "alice").await;
    // Jeton as provider requires PKCE of every client by default: without it, the provider
    // answers an error, which the callback shows in plain words.
    let strict = p
        .client(&["authorization_code"], Some("client_secret_basic"))
        .await;
    let id = p
        .credential("no pkce", "authorization_code", &strict, "header", false)
        .await;
    let to_provider = location(&press_authorize(&alice, &id).await);
    assert!(!to_provider.contains("code_challenge"), "{to_provider}");
    let back = through_provider(&p, &alice, &to_provider).await;
    assert_eq!(query_of(&back)["error"], "invalid_request");
    let res = alice.get(&back).await;
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("The provider refused: invalid_request"),
        "{html}"
    );
    assert!(
        html.contains("PKCE is required"),
        "the provider's own words: {html}"
    );
    assert!(
        html.contains(&format!("/d/main/vault/credentials/{id}")),
        "the way back"
    );
    let c = p.app.store.vault_credential(&id).await.unwrap().unwrap();
    assert!(c.tokens.access_token.is_none(), "nothing stored");

    // A provider client that does not require PKCE: the code comes without a challenge and
    // is exchanged without a verifier.
    let legacy = legacy_client(&p).await;
    let id = p
        .credential("legacy", "authorization_code", &legacy, "header", false)
        .await;
    let to_provider = location(&press_authorize(&alice, &id).await);
    assert!(!to_provider.contains("code_challenge"));
    let back = through_provider(&p, &alice, &to_provider).await;
    let res = alice.get(&back).await;
    assert_eq!(res.status(), 303, "{:?}", res.text().await);
    assert!(vault_token(&p.app, &id).await.starts_with("jeton_at_"));
    let events = authorize_events(&p.app, &p).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["pkce"], false);
}

/// A confidential client of the provider that opted out of PKCE (only through the store).
async fn legacy_client(p: &Provider) -> (String, Option<String>) {
    use jeton_core::entities::{ClientKind, NewClient};
    use jeton_core::grant_type::{AuthMethod, GrantType};
    use jeton_core::scope::ScopeSet;
    use jeton_core::secret::{SecretKind, mint};
    let domain = p
        .app
        .store
        .domain_by_slug("provider")
        .await
        .unwrap()
        .unwrap();
    let secret = mint(SecretKind::ClientSecret, &jeton_core::OsRandom);
    p.app
        .store
        .create_client(
            NewClient {
                id: "legacy".into(),
                domain_id: domain.id,
                kind: ClientKind::Application,
                description: String::new(),
                name: "Legacy".into(),
                secret_digest: Some(secret.digest),
                auth_method: AuthMethod::ClientSecretBasic,
                redirect_uris: vec![p.callback()],
                grant_types: vec![GrantType::AuthorizationCode],
                allowed_scopes: ScopeSet::parse("read").unwrap(),
                default_scopes: ScopeSet::parse("read").unwrap(),
                require_pkce: false,
                allow_plain_pkce: false,
                options: Default::default(),
                owner_user_id: None,
                expires_at: None,
                created_at: 0,
            },
            None,
        )
        .await
        .unwrap();
    ("legacy".into(), Some(secret.value))
}

#[tokio::test]
async fn implicit_grant_the_fragment_posted_by_the_callback_page() {
    let p = provider().await;
    let alice = signed_in(&p.app, "main", "alice").await;
    let spa = p.client(&["implicit"], None).await;
    let id = p
        .credential("legacy spa", "implicit", &spa, "header", true)
        .await;
    let to_provider = location(&press_authorize(&alice, &id).await);
    let q = query_of(&to_provider);
    assert_eq!(q["response_type"], "token");
    assert!(!q.contains_key("code_challenge"), "no PKCE with implicit");
    let back = through_provider(&p, &alice, &to_provider).await;
    let (address, fragment) = back.split_once('#').expect("the token is in the fragment");
    assert_eq!(address, p.callback());
    assert!(fragment.contains("access_token="));
    // What the browser asks for: the address without its fragment. The page's script posts
    // the fragment with the page's CSRF token.
    let page = alice.get(address).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("<script src=\"/static/vault_callback.js\""),
        "{html}"
    );
    let csrf = hidden(&html, "csrf").unwrap();
    let script = alice.get("/static/vault_callback.js").await;
    assert_eq!(script.status(), 200);
    assert!(script.text().await.unwrap().contains("location.hash"));
    // Without the CSRF token the fragment is refused.
    let forged = alice
        .post("/d/main/vault/callback", &[("fragment", fragment)])
        .await;
    assert_eq!(forged.status(), 403);
    let res = alice
        .post(
            "/d/main/vault/callback",
            &[("csrf", &csrf), ("fragment", fragment)],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        location(&res),
        format!("/d/main/vault/credentials/{id}?done=authorized")
    );
    let sent: std::collections::HashMap<String, String> =
        url::form_urlencoded::parse(fragment.as_bytes())
            .into_owned()
            .collect();
    assert_eq!(vault_token(&p.app, &id).await, sent["access_token"]);
    let c = p.app.store.vault_credential(&id).await.unwrap().unwrap();
    let expires_in: i64 = sent["expires_in"].parse().unwrap();
    assert_eq!(c.tokens.expires_at, Some(p.app.clock.now() + expires_in));
    // Posted again: spent.
    let again = alice
        .post(
            "/d/main/vault/callback",
            &[("csrf", &csrf), ("fragment", fragment)],
        )
        .await;
    assert_eq!(again.status(), 400);
}

#[tokio::test]
async fn unknown_expired_and_someone_elses_state_and_no_edit_right_are_refused() {
    let p = provider().await;
    let alice = signed_in(&p.app, "main", "alice").await;
    let bob = signed_in(&p.app, "main", "bob").await;
    let client = p
        .client(&["authorization_code"], Some("client_secret_basic"))
        .await;
    let id = p
        .credential("reports", "authorization_code", &client, "header", true)
        .await;

    // A state nobody issued.
    let res = alice
        .get("/d/main/vault/callback?code=x&state=forged")
        .await;
    assert_eq!(res.status(), 400);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("belongs to no authorization")
    );

    // Bob may not see the credential: not found; with view only: not allowed.
    let res = bob.get(&format!("/d/main/vault/credentials/{id}")).await;
    assert_eq!(res.status(), 404);
    let bob_id = p
        .app
        .store
        .user_by_username(&p.main.id, "bob")
        .await
        .unwrap()
        .unwrap()
        .id;
    p.app
        .flows
        .vault_permit(
            &p.main,
            PermissionTarget::Credential(id.clone()),
            Grantee::User(bob_id),
            Access::View,
            &VaultCaller::cli(),
        )
        .await
        .unwrap();
    let html = bob
        .get(&format!("/d/main/vault/credentials/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("/authorize\""), "no button for view only");
    assert!(
        html.contains(">Not authorized yet<"),
        "but the page: {html}"
    );
    // A CSRF token of Bob's browser (from a form he may see), to forge the button's POST.
    let form = bob.get("/d/main/vault/new").await.text().await.unwrap();
    let csrf = hidden(&form, "csrf").unwrap();
    let res = bob
        .post(
            &format!("/d/main/vault/credentials/{id}/authorize"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(res.status(), 403);

    // Alice's state in Bob's browser: not his to finish.
    let to_provider = location(&press_authorize(&alice, &id).await);
    let back = through_provider(&p, &alice, &to_provider).await;
    let path = back.strip_prefix(&p.app.base).unwrap();
    let res = bob.get(path).await;
    assert_eq!(res.status(), 400);
    // ... and it is still Alice's to finish.
    let res = alice.get(path).await;
    assert_eq!(res.status(), 303);

    // Ten minutes at the provider is too long.
    let to_provider = location(&press_authorize(&alice, &id).await);
    let back = through_provider(&p, &alice, &to_provider).await;
    p.app.clock.advance(601);
    let res = alice.get(&back).await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("longer than 10 minutes"));

    // A signed-out browser is asked to sign in.
    let anon = Browser::new(&p.app);
    let res = anon.get("/d/main/vault/callback?code=x&state=y").await;
    assert_eq!(res.status(), 303);
    assert!(location(&res).starts_with("/d/main/login"));
}
