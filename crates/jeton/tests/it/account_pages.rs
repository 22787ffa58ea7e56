//! The account pages over HTTP (`/d/{d}/account/...`): authorized applications and personal
//! OAuth clients, driven as a browser drives them (links, confirmation pages, forms with
//! their CSRF token), and checked against the token and introspection endpoints.

use jeton_core::entities::{ClientKind, DomainSettings, NewDomain};
use jeton_core::roles::PERSONAL_CLIENTS;
use serde_json::Value;

use crate::helpers::*;

async fn signed_in(app: &TestApp, username: &str) -> Browser {
    let b = Browser::new(app);
    let res = b.login(username, PASSWORD, "/d/main/account").await;
    assert_eq!(res.status(), 303, "{username} signs in");
    b
}

async fn page(b: &Browser, path: &str, status: u16) -> String {
    let res = b.get(path).await;
    assert_eq!(res.status(), status, "GET {path}");
    res.text().await.unwrap()
}

/// The text of the first element with `id="{id}"` (no nested tags in it).
fn by_id(html: &str, id: &str) -> Option<String> {
    let start = html.find(&format!("id=\"{id}\""))?;
    let rest = &html[start..];
    let text = &rest[rest.find('>')? + 1..];
    Some(text[..text.find('<')?].to_owned())
}

/// Every `href` of a page that starts with `prefix` and ends with `suffix`.
fn links(html: &str, prefix: &str, suffix: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_owned())
        .filter(|h| h.starts_with(prefix) && h.ends_with(suffix))
        .collect()
}

/// A date `days` from the test clock's now, as a date field sends it.
fn in_days(app: &TestApp, days: i64) -> String {
    jeton_core::dates::date_field(jeton_core::Clock::now(app.clock.as_ref()) + days * 86_400)
}

/// The create form of the clients page, filled in: `(field, value)` pairs to send.
struct Filled {
    fields: Vec<(String, String)>,
}

impl Filled {
    /// The form as the page shows it (its CSRF token, its `once`, the scopes it checks), with
    /// `name` and `expires_at` typed in.
    fn from_page(html: &str, name: &str, expires_at: &str) -> Self {
        let mut fields = hidden_fields(html);
        fields.retain(|(k, _)| k == "csrf" || k == "once");
        for tag in html.split("<input").skip(1) {
            let tag = &tag[..tag.find('>').unwrap()];
            if tag.contains("type=\"checkbox\"") && tag.contains(" checked") {
                let v = tag.split("value=\"").nth(1).unwrap();
                fields.push(("scope".into(), v[..v.find('"').unwrap()].to_owned()));
            }
        }
        fields.push(("name".into(), name.into()));
        fields.push(("expires_at".into(), expires_at.into()));
        Self { fields }
    }

    fn set_scopes(mut self, scopes: &[&str]) -> Self {
        self.fields.retain(|(k, _)| k != "scope");
        for s in scopes {
            self.fields.push(("scope".into(), (*s).into()));
        }
        self
    }

    async fn send(&self, b: &Browser) -> reqwest::Response {
        let form: Vec<(&str, &str)> = self
            .fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        b.post("/d/main/account/clients", &form).await
    }
}

/// Creates a personal client through the form; answers its id and secret.
async fn create_client(app: &TestApp, b: &Browser, name: &str) -> TestClient {
    let html = page(b, "/d/main/account/clients", 200).await;
    let res = Filled::from_page(&html, name, &in_days(app, 30))
        .send(b)
        .await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    TestClient {
        id: by_id(&html, "client-id").expect("the client id"),
        secret: Some(by_id(&html, "client-secret").expect("the secret")),
    }
}

/// Sends the POST form of a confirmation page reached at `path`.
async fn confirm(b: &Browser, path: &str) -> reqwest::Response {
    let html = page(b, path, 200).await;
    send_confirmation(b, path, &html).await
}

/// Sends the form of the confirmation page `html` (its hidden fields) to `path`.
async fn send_confirmation(b: &Browser, path: &str, html: &str) -> reqwest::Response {
    let fields = hidden_fields(html);
    assert!(fields.iter().any(|(k, _)| k == "csrf"), "a CSRF field");
    let form: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    b.post(path, &form).await
}

async fn personal_clients_of(app: &TestApp, username: &str) -> usize {
    let domain = app.store.domain_by_slug("main").await.unwrap().unwrap();
    let user = app
        .store
        .user_by_username(&domain.id, username)
        .await
        .unwrap()
        .unwrap();
    app.store
        .clients_of_owner(&domain.id, &user.id, ClientKind::Personal)
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn an_authorized_application_is_listed_and_revoked_through_the_pages() {
    let app = spawn_app().await;
    app.standard().await;
    let web = app.web_client().await;
    let b = signed_in(&app, "alice").await;
    let html = page(&b, "/d/main/account/applications", 200).await;
    assert!(html.contains("You have not authorized any application."));
    assert!(html.contains("aria-current=\"page\">Authorized applications<"));

    let tokens = tokens_for(&app, &web, "read write").await;
    let at = tokens["access_token"].as_str().unwrap();
    let html = page(&b, "/d/main/account/applications", 200).await;
    assert!(
        html.contains("Photo &#60;Printer&#62;"),
        "the name, escaped"
    );
    assert!(
        html.contains("Read your photos") && html.contains("Change your photos"),
        "scopes as the consent page described them"
    );
    assert!(html.contains(&jeton_core::dates::display(1_800_000_000)));
    assert!(
        html.contains(">Never<"),
        "not used since: the flush has not run"
    );
    let revoke = links(&html, "/d/main/account/applications/", "/revoke");
    assert_eq!(revoke.len(), 1, "{html}");

    // The confirmation page names the application and says what ends with it.
    let confirm_page = page(&b, &revoke[0], 200).await;
    assert!(confirm_page.contains("Revoke access of <strong>Photo &#60;Printer&#62;</strong>?"));
    assert!(confirm_page.contains("all its tokens stop working at once"));
    // Without the form's token, nothing happens.
    let res = b.post(&revoke[0], &[("csrf", "jeton_csrf_forged")]).await;
    assert_eq!(res.status(), 403);
    let rs = app.svc_client().await;
    assert_eq!(app.introspect(&rs, at).await["active"], true);

    let res = confirm(&b, &revoke[0]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/d/main/account/applications?done=revoked");
    assert_eq!(app.introspect(&rs, at).await["active"], false, "at once");
    let refresh = tokens["refresh_token"].as_str().unwrap();
    assert_eq!(app.introspect(&rs, refresh).await["active"], false);
    let html = page(&b, &location(&res), 200).await;
    assert!(html.contains("role=\"status\">Access revoked."), "{html}");
    assert!(html.contains("You have not authorized any application."));

    // Sent again, the form finds nothing to revoke.
    let csrf = hidden(&confirm_page, "csrf").unwrap();
    let res = b.post(&revoke[0], &[("csrf", &csrf)]).await;
    assert_eq!(res.status(), 404);
    assert!(
        page(&b, &revoke[0], 404)
            .await
            .contains("not among those you authorized")
    );
}

#[tokio::test]
async fn a_personal_client_is_created_with_the_form_and_its_secret_shown_once() {
    let app = app_with_personal_clients().await;
    let b = signed_in(&app, "alice").await;
    let res = b.get("/d/main/account/clients").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("aria-current=\"page\">My OAuth clients<"));
    assert!(html.contains("You have no personal clients yet."));
    assert!(html.contains(&format!("{}/d/main/oauth/token", app.base)));
    assert!(html.contains("exactly your rights"));
    // Alice's own scopes, checked; not what she does not hold.
    assert!(html.contains("value=\"read\" checked"), "{html}");
    assert!(!html.contains("value=\"write\""));
    assert!(html.contains(&format!("min=\"{}\"", in_days(&app, 1))));
    assert!(html.contains(&format!("max=\"{}\"", in_days(&app, 364))));
    let once = hidden(&html, "once").expect("a once value");
    assert_eq!(once.len(), 22);

    let form = Filled::from_page(&html, "Nightly backup", &in_days(&app, 30));
    let res = form.send(&b).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let csp = res.headers()["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("default-src 'none'"),
        "{csp}"
    );
    let shown = res.text().await.unwrap();
    let id = by_id(&shown, "client-id").unwrap();
    let secret = by_id(&shown, "client-secret").unwrap();
    assert!(secret.starts_with("jeton_cs_"), "{secret}");
    assert!(shown.contains("it will not be shown again"));
    assert!(
        shown.contains(&format!("curl -u '{id}:{secret}'")),
        "how to use it"
    );
    assert!(shown.contains("data-copy=\"client-secret\""));
    assert!(shown.contains("<script src=\"/static/jeton.js\" defer></script>"));

    // The list names it, never with its secret.
    let list = page(&b, "/d/main/account/clients", 200).await;
    assert!(list.contains(&id) && list.contains("Nightly backup"));
    assert!(list.contains(">Active<"));
    assert!(!list.contains(&secret) && !list.contains("jeton_cs_"));

    // The secret works, as alice, with her scopes.
    let mine = TestClient {
        id: id.clone(),
        secret: Some(secret.clone()),
    };
    let res = app
        .token(&mine, &[("grant_type", "client_credentials")])
        .await;
    assert_eq!(res.status(), 200);
    let tok: Value = res.json().await.unwrap();
    assert_eq!(tok["scope"], "read");
    let rs = app.svc_client().await;
    let info = app
        .introspect(&rs, tok["access_token"].as_str().unwrap())
        .await;
    assert_eq!(info["username"], "alice");

    // The same form again (a reload): no second client, no secret.
    let res = form.send(&b).await;
    assert_eq!(res.status(), 409);
    let again = res.text().await.unwrap();
    assert!(again.contains("This client was already created"), "{again}");
    assert!(!again.contains("jeton_cs_"));
    assert!(
        again.contains("href=\"/d/main/account/clients\""),
        "a way back to the list"
    );
    assert_eq!(personal_clients_of(&app, "alice").await, 1);

    // The script behind the copy buttons.
    let js = app
        .http
        .get(app.url("/static/jeton.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(js.status(), 200);
    assert!(
        js.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(
        js.text()
            .await
            .unwrap()
            .contains("navigator.clipboard.writeText")
    );
}

#[tokio::test]
async fn a_secret_is_rotated_and_a_client_revoked_through_their_confirmations() {
    let app = app_with_personal_clients().await;
    let b = signed_in(&app, "alice").await;
    let old = create_client(&app, &b, "Sync").await;
    let id = old.id.clone();
    let res = app
        .token(&old, &[("grant_type", "client_credentials")])
        .await;
    let at: Value = res.json().await.unwrap();
    let at = at["access_token"].as_str().unwrap().to_owned();

    let list = page(&b, "/d/main/account/clients", 200).await;
    let rotate = format!("/d/main/account/clients/{id}/rotate-secret");
    let revoke = format!("/d/main/account/clients/{id}/revoke");
    assert_eq!(links(&list, &rotate, ""), [rotate.as_str()]);
    assert_eq!(links(&list, &revoke, ""), [revoke.as_str()]);

    let confirm_page = page(&b, &rotate, 200).await;
    assert!(confirm_page.contains("Replace the secret of <strong>Sync</strong>?"));
    assert!(confirm_page.contains(&id));
    let res = send_confirmation(&b, &rotate, &confirm_page).await;
    assert_eq!(res.status(), 200);
    let shown = res.text().await.unwrap();
    assert!(shown.contains("New secret for <strong>Sync</strong>"));
    let new = TestClient {
        id: id.clone(),
        secret: Some(by_id(&shown, "client-secret").unwrap()),
    };
    assert_ne!(new.secret, old.secret);
    let res = app
        .token(&old, &[("grant_type", "client_credentials")])
        .await;
    assert_eq!(res.status(), 401, "the old secret is refused");
    let res = app
        .token(&new, &[("grant_type", "client_credentials")])
        .await;
    assert_eq!(res.status(), 200);
    // The same form again (a reload) replaces nothing: the secret just shown keeps working.
    let res = send_confirmation(&b, &rotate, &confirm_page).await;
    assert_eq!(res.status(), 409);
    let again = res.text().await.unwrap();
    assert!(
        again.contains("This secret was already replaced"),
        "{again}"
    );
    assert!(!again.contains("jeton_cs_"));
    let res = app
        .token(&new, &[("grant_type", "client_credentials")])
        .await;
    assert_eq!(res.status(), 200, "the new secret still works");

    let confirm_page = page(&b, &revoke, 200).await;
    assert!(confirm_page.contains("Revoke <strong>Sync</strong>?"));
    let res = confirm(&b, &revoke).await;
    assert_eq!(res.status(), 303);
    let back = location(&res);
    assert_eq!(back, "/d/main/account/clients?done=revoked");
    let res = app
        .token(&new, &[("grant_type", "client_credentials")])
        .await;
    assert_eq!(res.status(), 401);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"], "invalid_client");
    let rs = app.svc_client().await;
    assert_eq!(app.introspect(&rs, &at).await["active"], false);

    let list = page(&b, &back, 200).await;
    assert!(list.contains("role=\"status\">Client revoked."), "{list}");
    assert!(list.contains(">Revoked<"));
    assert!(links(&list, &rotate, "").is_empty() && links(&list, &revoke, "").is_empty());
    // A revoked client has no confirmation pages any more.
    assert!(
        page(&b, &revoke, 404)
            .await
            .contains("not among yours, or it was revoked")
    );
    page(&b, &rotate, 404).await;
}

#[tokio::test]
async fn refused_fields_come_back_with_their_message_and_what_was_typed() {
    let app = app_with_personal_clients().await;
    let b = signed_in(&app, "alice").await;
    let html = page(&b, "/d/main/account/clients", 200).await;
    let once = hidden(&html, "once").unwrap();
    let cases: [(&str, String, &[&str], &str, &str); 5] = [
        (
            " ",
            in_days(&app, 3),
            &["read"],
            "client-name",
            "Give it a name of 1 to 200 characters.",
        ),
        (
            "My script",
            in_days(&app, 400),
            &["read"],
            "client-expires",
            "Choose a date from",
        ),
        (
            "My script",
            "next tuesday".into(),
            &["read"],
            "client-expires",
            "Choose a date from",
        ),
        (
            "My script",
            in_days(&app, 3),
            &["read", "write"],
            "client-scopes",
            "Choose among the scopes listed",
        ),
        (
            "My script",
            in_days(&app, 3),
            &["bad scope"],
            "client-scopes",
            "Choose among the scopes listed",
        ),
    ];
    for (name, expires, scopes, field, says) in cases {
        let res = Filled::from_page(&html, name, &expires)
            .set_scopes(scopes)
            .send(&b)
            .await;
        assert_eq!(res.status(), 400, "{name:?} {expires} {scopes:?}");
        let again = res.text().await.unwrap();
        let error = format!("id=\"{field}-error\">{says}");
        assert!(again.contains(&error), "{field}: {again}");
        let described = format!("aria-describedby=\"{field}-hint {field}-error\"");
        assert!(again.contains(&described), "{field}");
        if field != "client-scopes" {
            assert!(again.contains("aria-invalid=\"true\""), "{field}");
        }
        let typed = format!("name=\"name\" type=\"text\" value=\"{name}\"");
        assert!(again.contains(&typed), "the name typed");
        assert!(
            again.contains(&format!("value=\"{expires}\"")),
            "the date typed"
        );
        assert_eq!(
            hidden(&again, "once").as_deref(),
            Some(once.as_str()),
            "the same form"
        );
        assert!(!again.contains("jeton_cs_"));
    }
    // Scopes unchecked stay unchecked: none checked is a client with no scope, as the page says.
    let res = Filled::from_page(&html, "   ", &in_days(&app, 3))
        .set_scopes(&[])
        .send(&b)
        .await;
    let again = res.text().await.unwrap();
    assert!(again.contains("value=\"read\">") && !again.contains("value=\"read\" checked"));
    assert_eq!(
        personal_clients_of(&app, "alice").await,
        0,
        "nothing was created"
    );

    // Corrected, the same form creates the client (once).
    let res = Filled::from_page(&html, "My script", &in_days(&app, 3))
        .set_scopes(&[])
        .send(&b)
        .await;
    assert_eq!(res.status(), 200);
    let shown = res.text().await.unwrap();
    let c = TestClient {
        id: by_id(&shown, "client-id").unwrap(),
        secret: by_id(&shown, "client-secret"),
    };
    let tok: Value = app
        .token(&c, &[("grant_type", "client_credentials")])
        .await
        .json()
        .await
        .unwrap();
    assert!(
        tok["scope"].is_null() || tok["scope"] == "",
        "no scope checked, none given: {tok}"
    );
    assert_eq!(personal_clients_of(&app, "alice").await, 1);
}

#[tokio::test]
async fn nobody_opens_someone_elses_confirmation_pages() {
    let app = app_with_personal_clients().await;
    let web = app.web_client().await;
    let alice = signed_in(&app, "alice").await;
    let mine = create_client(&app, &alice, "Mine").await;
    let tokens = tokens_for(&app, &web, "read").await;
    let apps = page(&alice, "/d/main/account/applications", 200).await;
    let grant = links(&apps, "/d/main/account/applications/", "/revoke").remove(0);

    let bob = signed_in(&app, "bob").await;
    let bob_csrf = hidden(&page(&bob, "/d/main/account/clients", 200).await, "csrf").unwrap();
    for path in [
        grant.clone(),
        format!("/d/main/account/clients/{}/rotate-secret", mine.id),
        format!("/d/main/account/clients/{}/revoke", mine.id),
        // Not a personal client at all, and not ids.
        format!("/d/main/account/clients/{}/revoke", web.id),
        "/d/main/account/clients/nothing/revoke".into(),
        "/d/main/account/applications/%FF%FE/revoke".into(),
    ] {
        page(&bob, &path, 404).await;
        let res = bob.post(&path, &[("csrf", &bob_csrf)]).await;
        assert_eq!(res.status(), 404, "POST {path}");
    }
    let rs = app.svc_client().await;
    let at = tokens["access_token"].as_str().unwrap();
    assert_eq!(app.introspect(&rs, at).await["active"], true, "untouched");
    let res = app
        .token(&mine, &[("grant_type", "client_credentials")])
        .await;
    assert_eq!(res.status(), 200, "untouched");
}

#[tokio::test]
async fn without_the_role_or_the_domain_switch_there_is_no_clients_page() {
    let app = spawn_app().await;
    app.standard().await; // alice: editor, not personal-clients
    let b = signed_in(&app, "alice").await;
    let html = page(&b, "/d/main/account", 200).await;
    assert!(html.contains("aria-current=\"page\">Profile<"));
    assert!(html.contains("href=\"/d/main/account/applications\""));
    assert!(!html.contains("/d/main/account/clients"), "no link");
    assert!(!html.contains("My OAuth clients"));
    page(&b, "/d/main/account/clients", 404).await;
    // Everyone has "My applications".
    assert!(html.contains("href=\"/d/main/account/apps\""));
    page(&b, "/d/main/account/apps", 200).await;
    let csrf = hidden(&page(&b, "/d/main/logout", 200).await, "csrf").unwrap();
    let res = b
        .post(
            "/d/main/account/clients",
            &[
                ("csrf", csrf.as_str()),
                ("name", "x"),
                ("expires_at", &in_days(&app, 3)),
            ],
        )
        .await;
    assert_eq!(res.status(), 404);

    // A domain with personal clients switched off: not even with the role.
    app.store
        .create_domain(NewDomain {
            id: "d-off".into(),
            slug: "off".into(),
            name: "Off".into(),
            settings: DomainSettings {
                personal_clients_enabled: false,
                ..DomainSettings::default()
            },
            created_at: 1_800_000_000,
            pairwise_salt: jeton_core::pairwise::PairwiseSalt::generate(&jeton_core::OsRandom),
        })
        .await
        .unwrap();
    app.prov
        .create_user(
            "off",
            "carol",
            Some(PASSWORD),
            None,
            &[PERSONAL_CLIENTS.to_owned()],
        )
        .await
        .unwrap();
    let b = Browser::new(&app);
    let login = page(&b, "/d/off/login", 200).await;
    let csrf = hidden(&login, "csrf").unwrap();
    let res = b
        .post(
            "/d/off/login",
            &[
                ("csrf", csrf.as_str()),
                ("username", "carol"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let html = page(&b, "/d/off/account", 200).await;
    assert!(!html.contains("/d/off/account/clients"));
    page(&b, "/d/off/account/clients", 404).await;
}

#[tokio::test]
async fn account_pages_need_a_session_of_their_domain() {
    let app = app_with_personal_clients().await;
    let anonymous = Browser::new(&app);
    for path in [
        "/d/main/account",
        "/d/main/account/applications",
        "/d/main/account/clients",
        "/d/main/account/clients/abc/revoke",
        "/d/main/account/apps",
        "/d/main/account/apps/abc",
        "/d/main/account/apps/abc/delete",
        "/d/main/account/password",
    ] {
        let res = anonymous.get(path).await;
        assert_eq!(res.status(), 303, "{path}");
        assert_eq!(
            location(&res),
            format!("/d/main/login?return_to={}", urlencode(path))
        );
    }
    // A form sent without a session (its token is good) leads to sign-in, then back to the
    // page that shows the form again.
    let csrf = hidden(&page(&anonymous, "/d/main/login", 200).await, "csrf").unwrap();
    let res = anonymous
        .post("/d/main/account/clients/abc/revoke", &[("csrf", &csrf)])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        location(&res),
        "/d/main/login?return_to=%2Fd%2Fmain%2Faccount%2Fclients%2Fabc%2Frevoke"
    );
    // The password form, sent by a browser whose session ended: sign in, and back to the
    // address it was sent to, which shows the profile and its form again.
    let res = anonymous
        .post(
            "/d/main/account/password",
            &[("csrf", csrf.as_str()), ("current_password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 303);
    let back = "/d/main/account/password";
    assert_eq!(
        location(&res),
        format!("/d/main/login?return_to={}", urlencode(back))
    );
    let res = anonymous.login("alice", PASSWORD, back).await;
    assert_eq!(location(&res), back);
    let html = page(&anonymous, back, 200).await;
    assert!(html.contains("name=\"current_password\""));
    assert!(html.contains("aria-current=\"page\">Profile<"));
    // Signed in, a form without its token is refused.
    let b = signed_in(&app, "alice").await;
    let html = page(&b, "/d/main/account/clients", 200).await;
    let mut form = Filled::from_page(&html, "x", &in_days(&app, 3));
    form.fields.retain(|(k, _)| k != "csrf");
    assert_eq!(form.send(&b).await.status(), 403);
    assert_eq!(personal_clients_of(&app, "alice").await, 0);
}

#[tokio::test]
async fn the_account_pages_speak_french() {
    let app = app_with_personal_clients().await;
    let b = Browser::speaking(&app, "fr");
    let res = b.login("alice", PASSWORD, "/d/main/account").await;
    assert_eq!(res.status(), 303);
    let html = page(&b, "/d/main/account", 200).await;
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(html.contains(">Applications autorisées<") && html.contains(">Mes clients OAuth<"));
    let html = page(&b, "/d/main/account/applications", 200).await;
    assert!(html.contains("Vous n’avez autorisé aucune application."));
    let html = page(&b, "/d/main/account/clients", 200).await;
    assert!(html.contains("Créer le client") && html.contains("Date d’expiration"));
    assert!(!html.contains("Create the client"));

    let res = Filled::from_page(&html, " ", &in_days(&app, 3))
        .send(&b)
        .await;
    assert_eq!(res.status(), 400);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Donnez-lui un nom de 1 à 200 caractères.")
    );
    let res = Filled::from_page(&html, "Sauvegarde", &in_days(&app, 3))
        .send(&b)
        .await;
    let shown = res.text().await.unwrap();
    assert!(shown.contains("Copiez le secret maintenant : il ne sera plus affiché."));
    let res = Filled::from_page(&html, "Sauvegarde", &in_days(&app, 3))
        .send(&b)
        .await;
    assert_eq!(res.status(), 409);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Ce client a déjà été créé")
    );

    // The profile's forms and "My applications".
    let html = page(&b, "/d/main/account", 200).await;
    assert!(html.contains(">Mes applications<"));
    assert!(html.contains("Changer de mot de passe") && html.contains("Mot de passe actuel"));
    assert!(!html.contains("Current password"));
    let res = change_password(&b, PASSWORD, "un nouveau mot de passe", "un autre").await;
    assert_eq!(res.status(), 400);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Les deux nouveaux mots de passe ne sont pas identiques.")
    );
    let res = change_password(
        &b,
        "faux",
        "un nouveau mot de passe",
        "un nouveau mot de passe",
    )
    .await;
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Ce n’est pas votre mot de passe actuel.")
    );
    let html = page(&b, APPS, 200).await;
    assert!(html.contains("Enregistrer une application") && html.contains("URI de redirection"));
    assert!(html.contains("n’obtient jamais vos droits"));
    assert!(!html.contains("Register an application"));
    let res = AppFields::typed(
        &html,
        "Impression",
        &["ftp://x.example/cb"],
        &[],
        "client_secret_post",
    )
    .send(&b, APPS)
    .await;
    assert_eq!(res.status(), 400);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("« ftp://x.example/cb » doit être en https")
    );
    let res = AppFields::typed(
        &html,
        "Impression",
        &[REDIRECT],
        &["read"],
        "client_secret_post",
    )
    .send(&b, APPS)
    .await;
    assert_eq!(res.status(), 200);
    let shown = res.text().await.unwrap();
    assert!(shown.contains("jamais avec vos droits"));
    assert!(
        shown.contains("-d client_secret="),
        "the example sends the secret in the body"
    );
    assert!(shown.contains("Terminé : retour à mes applications"));
    let id = by_id(&shown, "client-id").unwrap();
    let html = page(&b, &format!("{APPS}/{id}/delete"), 200).await;
    assert!(
        html.contains("Toutes les autorisations que les personnes lui ont données prennent fin")
    );
}

// "My applications" and the profile's forms.

/// The register or edit form of "My applications", filled in: `(field, value)` pairs.
struct AppFields {
    fields: Vec<(String, String)>,
}

impl AppFields {
    /// The form of `html` (its CSRF token, and its `once` if it is the register form) with
    /// the application's fields typed in: redirect URIs one per line, as a browser sends
    /// them (CR LF).
    fn typed(html: &str, name: &str, uris: &[&str], scopes: &[&str], auth: &str) -> Self {
        let mut fields = hidden_fields(html);
        fields.retain(|(k, _)| k == "csrf" || k == "once");
        fields.push(("name".into(), name.into()));
        fields.push(("description".into(), "Prints <your> photos".into()));
        fields.push(("redirect_uris".into(), uris.join("\r\n")));
        for s in scopes {
            fields.push(("scope".into(), (*s).into()));
        }
        fields.push(("auth_method".into(), auth.into()));
        Self { fields }
    }

    async fn send(&self, b: &Browser, path: &str) -> reqwest::Response {
        let form: Vec<(&str, &str)> = self
            .fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        b.post(path, &form).await
    }
}

const APPS: &str = "/d/main/account/apps";
const LOOPBACK: &str = "http://127.0.0.1:8123/cb";

/// Registers an application through the form (redirect URIs `REDIRECT` and `LOOPBACK`,
/// scopes `read write`, HTTP Basic); answers its id and secret.
async fn register_app(b: &Browser, name: &str) -> TestClient {
    let html = page(b, APPS, 200).await;
    let res = AppFields::typed(
        &html,
        name,
        &[REDIRECT, LOOPBACK],
        &["read", "write"],
        "client_secret_basic",
    )
    .send(b, APPS)
    .await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    TestClient {
        id: by_id(&html, "client-id").expect("the client id"),
        secret: Some(by_id(&html, "client-secret").expect("the secret")),
    }
}

/// The person's applications, as the JSON API lists them (with the browser's session).
async fn my_apps_json(app: &TestApp, b: &Browser) -> Vec<Value> {
    let res = b
        .get(&app.url("/api/v1/domains/main/account/my-apps"))
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// `username` approves `client` (code flow with PKCE, all of `scope`) and the code is
/// redeemed with the client's secret: answers the token response.
async fn approved_by(app: &TestApp, client: &TestClient, username: &str, scope: &str) -> Value {
    let p = pkce();
    let loc = Browser::new(app)
        .authorize(
            &code_request(&client.id, &p.challenge, scope, "s1"),
            username,
        )
        .await;
    let code = query_of(&loc).remove("code").expect("a code");
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

/// Whether `client` authenticates at the token endpoint: presenting a code that does not
/// exist, it gets 400 `invalid_grant` once authenticated, 401 `invalid_client` otherwise.
async fn authenticates(app: &TestApp, client: &TestClient) -> bool {
    let res = app
        .token(
            client,
            &[
                ("grant_type", "authorization_code"),
                ("code", "no-such-code"),
                ("redirect_uri", REDIRECT),
                ("code_verifier", &pkce().verifier),
            ],
        )
        .await;
    match res.status().as_u16() {
        400 => true,
        401 => false,
        other => panic!("unexpected {other}"),
    }
}

#[tokio::test]
async fn an_application_is_registered_through_the_form_and_acts_for_whoever_approves_it() {
    let app = app_with_personal_clients().await;
    let alice = signed_in(&app, "alice").await;
    let html = page(&alice, APPS, 200).await;
    assert!(html.contains("aria-current=\"page\">My applications<"));
    assert!(html.contains("You have not registered any application."));
    assert!(html.contains("never gets your rights"));
    let metadata = format!("{}/.well-known/oauth-authorization-server/d/main", app.base);
    assert!(html.contains(&format!("href=\"{metadata}\"")), "{html}");
    // Every scope of the domain (not only alice's), with its description; none checked.
    assert!(html.contains("value=\"read\">") && html.contains("value=\"write\">"));
    assert!(html.contains("Read your photos") && html.contains("Change your photos"));
    assert!(html.contains("value=\"client_secret_basic\" checked"));
    assert!(html.contains("value=\"client_secret_post\">"));
    assert!(html.contains("<label for=\"app-redirect-uris\">"));
    assert_eq!(hidden(&html, "once").expect("a once value").len(), 22);

    let form = AppFields::typed(
        &html,
        "Photo Printer",
        &[REDIRECT, LOOPBACK],
        &["read", "write"],
        "client_secret_basic",
    );
    let res = form.send(&alice, APPS).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let shown = res.text().await.unwrap();
    let client = TestClient {
        id: by_id(&shown, "client-id").unwrap(),
        secret: by_id(&shown, "client-secret"),
    };
    let secret = client.secret.clone().unwrap();
    assert!(secret.starts_with("jeton_cs_"));
    assert!(shown.contains("it will not be shown again"));
    assert!(shown.contains("never with your rights"), "{shown}");
    assert!(shown.contains("-d grant_type=authorization_code"));
    assert!(shown.contains(&format!("curl -u '{}:{secret}'", client.id)));
    assert!(shown.contains(&format!("{}/d/main/oauth/authorize", app.base)));
    assert!(shown.contains("href=\"/d/main/account/apps\""));

    // The JSON API, with the same session, has it as typed.
    let listed = my_apps_json(&app, &alice).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["client_id"], client.id.as_str());
    assert_eq!(listed[0]["name"], "Photo Printer");
    assert_eq!(listed[0]["description"], "Prints <your> photos");
    assert_eq!(
        listed[0]["redirect_uris"],
        serde_json::json!([REDIRECT, LOOPBACK])
    );
    assert_eq!(listed[0]["scopes"], serde_json::json!(["read", "write"]));
    assert_eq!(listed[0]["auth_method"], "client_secret_basic");

    // The same form again (a reload): nothing more, no secret.
    let res = form.send(&alice, APPS).await;
    assert_eq!(res.status(), 409);
    let again = res.text().await.unwrap();
    assert!(again.contains("already registered"), "{again}");
    assert!(!again.contains("jeton_cs_"));
    assert!(again.contains("href=\"/d/main/account/apps\""));
    assert_eq!(my_apps_json(&app, &alice).await.len(), 1);

    // The list names it, never with its secret.
    let list = page(&alice, APPS, 200).await;
    assert!(list.contains(&client.id) && list.contains("Photo Printer"));
    assert!(list.contains("Prints &#60;your&#62; photos"), "escaped");
    assert!(list.contains(REDIRECT) && list.contains(LOOPBACK));
    assert!(list.contains(">HTTP Basic<"));
    assert!(!list.contains(&secret) && !list.contains("jeton_cs_"));
    let base = format!("/d/main/account/apps/{}", client.id);
    assert_eq!(
        links(&list, &base, ""),
        [
            base.clone(),
            format!("{base}/rotate-secret"),
            format!("{base}/delete"),
        ]
    );

    // Bob approves it; the secret shown once redeems his code, and the tokens act for bob,
    // with what bob approved: not for alice, its developer.
    let tokens = approved_by(&app, &client, "bob", "read write").await;
    assert_eq!(tokens["scope"], "read write");
    assert!(tokens["refresh_token"].is_string());
    let rs = app.svc_client().await;
    let info = app
        .introspect(&rs, tokens["access_token"].as_str().unwrap())
        .await;
    assert_eq!(info["active"], true);
    assert_eq!(info["username"], "bob");
    assert_eq!(info["client_id"], client.id.as_str());
}

#[tokio::test]
async fn an_application_is_edited_its_secret_rotated_and_it_is_deleted() {
    let app = app_with_personal_clients().await;
    let alice = signed_in(&app, "alice").await;
    let old = register_app(&alice, "Photo Printer").await;
    let id = old.id.clone();
    let edit = format!("/d/main/account/apps/{id}");

    // The edit form, as the application is.
    let html = page(&alice, &edit, 200).await;
    assert!(html.contains("Edit <strong>Photo Printer</strong>"));
    assert!(html.contains(&id));
    assert_eq!(input_value(&html, "name").as_deref(), Some("Photo Printer"));
    assert!(
        html.contains(&format!("{REDIRECT}\n{LOOPBACK}</textarea>")),
        "{html}"
    );
    assert!(html.contains("value=\"read\" checked") && html.contains("value=\"write\" checked"));
    assert!(html.contains("value=\"client_secret_basic\" checked"));
    assert!(
        hidden(&html, "once").is_none(),
        "the edit form registers nothing"
    );

    // A redirect URI that cannot be registered: the message next to the field, what was
    // typed kept, nothing changed.
    let bad = "http://app.example/callback";
    let res = AppFields::typed(
        &html,
        "New name",
        &[REDIRECT, bad],
        &["read"],
        "client_secret_post",
    )
    .send(&alice, &edit)
    .await;
    assert_eq!(res.status(), 400);
    let again = res.text().await.unwrap();
    let error = format!("id=\"app-redirect-uris-error\">“{bad}” must use https");
    assert!(again.contains(&error), "{again}");
    assert!(again.contains(
        "aria-invalid=\"true\" aria-describedby=\"app-redirect-uris-hint app-redirect-uris-error\""
    ));
    assert!(
        again.contains(&format!("{REDIRECT}\n{bad}</textarea>")),
        "the URIs typed"
    );
    assert_eq!(input_value(&again, "name").as_deref(), Some("New name"));
    assert!(again.contains("value=\"read\" checked") && again.contains("value=\"write\">"));
    assert!(again.contains("value=\"client_secret_post\" checked"));
    assert!(
        again.contains("Edit <strong>Photo Printer</strong>"),
        "the saved name"
    );
    let listed = my_apps_json(&app, &alice).await;
    assert_eq!(listed[0]["name"], "Photo Printer");
    assert_eq!(
        listed[0]["redirect_uris"],
        serde_json::json!([REDIRECT, LOOPBACK])
    );
    // Other refusals, each next to its field.
    for (uris, says) in [
        (vec![], "Enter 1 to 10 redirect URIs"),
        (vec!["not a uri"], "“not a uri” is not an absolute URI"),
        (vec!["https://app.example/cb#top"], "contains a #fragment"),
    ] {
        let res = AppFields::typed(&html, "X", &uris, &[], "client_secret_basic")
            .send(&alice, &edit)
            .await;
        assert_eq!(res.status(), 400);
        let again = res.text().await.unwrap();
        assert!(again.contains(says), "{uris:?}: {again}");
    }
    let res = AppFields::typed(&html, " ", &[REDIRECT], &[], "client_secret_basic")
        .send(&alice, &edit)
        .await;
    assert_eq!(res.status(), 400);
    let again = res.text().await.unwrap();
    assert!(again.contains("id=\"app-name-error\">Give it a name of 1 to 200 characters."));

    // Corrected, it is saved.
    let res = AppFields::typed(
        &html,
        "Photo Printer 2",
        &[REDIRECT],
        &["read"],
        "client_secret_basic",
    )
    .send(&alice, &edit)
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/d/main/account/apps?done=saved");
    let list = page(&alice, &location(&res), 200).await;
    assert!(
        list.contains("role=\"status\">Application saved."),
        "{list}"
    );
    assert!(list.contains("Photo Printer 2"));
    let listed = my_apps_json(&app, &alice).await;
    assert_eq!(listed[0]["redirect_uris"], serde_json::json!([REDIRECT]));
    assert_eq!(listed[0]["scopes"], serde_json::json!(["read"]));

    // Bob approves it.
    let tokens = approved_by(&app, &old, "bob", "read").await;
    let at = tokens["access_token"].as_str().unwrap().to_owned();
    let rt = tokens["refresh_token"].as_str().unwrap().to_owned();

    // Rotation: a confirmation, then the new secret once; the old one is refused.
    let rotate = format!("{edit}/rotate-secret");
    let confirm_page = page(&alice, &rotate, 200).await;
    assert!(confirm_page.contains("Replace the secret of <strong>Photo Printer 2</strong>?"));
    assert!(confirm_page.contains("update your application with the new one"));
    assert!(confirm_page.contains(&id));
    assert!(hidden(&confirm_page, "seen").is_some());
    let res = send_confirmation(&alice, &rotate, &confirm_page).await;
    assert_eq!(res.status(), 200);
    let shown = res.text().await.unwrap();
    assert!(shown.contains("New secret for <strong>Photo Printer 2</strong>"));
    let new = TestClient {
        id: id.clone(),
        secret: Some(by_id(&shown, "client-secret").unwrap()),
    };
    assert_ne!(new.secret, old.secret);
    assert!(
        !authenticates(&app, &old).await,
        "the old secret is refused"
    );
    assert!(authenticates(&app, &new).await);
    let rs = app.svc_client().await;
    assert_eq!(
        app.introspect(&rs, &at).await["active"],
        true,
        "bob keeps it"
    );
    // The same form again (a reload) replaces nothing.
    let res = send_confirmation(&alice, &rotate, &confirm_page).await;
    assert_eq!(res.status(), 409);
    let again = res.text().await.unwrap();
    assert!(
        again.contains("This secret was already replaced"),
        "{again}"
    );
    assert!(!again.contains("jeton_cs_"));
    assert!(
        authenticates(&app, &new).await,
        "the new secret still works"
    );

    // Deletion: the confirmation says whose authorizations end; then bob's grant is gone.
    let delete = format!("{edit}/delete");
    let confirm_page = page(&alice, &delete, 200).await;
    assert!(confirm_page.contains("Delete <strong>Photo Printer 2</strong>?"));
    assert!(confirm_page.contains("Every person’s authorization of it ends"));
    let res = alice.post(&delete, &[("csrf", "jeton_csrf_forged")]).await;
    assert_eq!(res.status(), 403, "not without the form's token");
    assert_eq!(app.introspect(&rs, &at).await["active"], true);
    let res = send_confirmation(&alice, &delete, &confirm_page).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/d/main/account/apps?done=deleted");
    assert_eq!(app.introspect(&rs, &at).await["active"], false, "at once");
    assert_eq!(app.introspect(&rs, &rt).await["active"], false);
    assert!(!authenticates(&app, &new).await);
    let list = page(&alice, &location(&res), 200).await;
    assert!(
        list.contains("role=\"status\">Application deleted."),
        "{list}"
    );
    assert!(list.contains("You have not registered any application."));
    assert!(my_apps_json(&app, &alice).await.is_empty());
    for path in [&edit, &rotate, &delete] {
        let html = page(&alice, path, 404).await;
        assert!(
            html.contains("not among yours, or it was deleted"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn nobody_opens_someone_elses_application_pages() {
    let app = app_with_personal_clients().await;
    let alice = signed_in(&app, "alice").await;
    let mine = register_app(&alice, "Mine").await;
    let personal = create_client(&app, &alice, "A script").await;

    let bob = signed_in(&app, "bob").await;
    let bob_apps = page(&bob, APPS, 200).await;
    assert!(!bob_apps.contains(&mine.id) && !bob_apps.contains("Mine"));
    let bob_csrf = hidden(&bob_apps, "csrf").unwrap();
    for id in [mine.id.as_str(), personal.id.as_str(), "nothing", "%FF%FE"] {
        for path in [
            format!("{APPS}/{id}"),
            format!("{APPS}/{id}/rotate-secret"),
            format!("{APPS}/{id}/delete"),
        ] {
            page(&bob, &path, 404).await;
            let form = [
                ("csrf", bob_csrf.as_str()),
                ("name", "Taken over"),
                ("redirect_uris", REDIRECT),
            ];
            let res = bob.post(&path, &form).await;
            assert_eq!(res.status(), 404, "POST {path}");
        }
    }
    // Untouched.
    assert!(authenticates(&app, &mine).await);
    let listed = my_apps_json(&app, &alice).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["name"], "Mine");
    assert!(my_apps_json(&app, &bob).await.is_empty());
}

/// `b` changes its password from `current` to `new` (repeated as `repeat`) on the profile.
async fn change_password(b: &Browser, current: &str, new: &str, repeat: &str) -> reqwest::Response {
    let csrf = hidden(&page(b, "/d/main/account", 200).await, "csrf").unwrap();
    b.post(
        "/d/main/account/password",
        &[
            ("csrf", csrf.as_str()),
            ("username", "alice"),
            ("current_password", current),
            ("new_password", new),
            ("new_password_repeat", repeat),
        ],
    )
    .await
}

#[tokio::test]
async fn the_email_and_the_password_are_changed_on_the_profile() {
    let app = app_with_personal_clients().await;
    let here = signed_in(&app, "alice").await;
    let elsewhere = signed_in(&app, "alice").await;
    let html = page(&here, "/d/main/account", 200).await;
    assert!(html.contains("<label for=\"email\">Email address</label>"));
    assert!(html.contains("autocomplete=\"email\""));
    assert!(html.contains("<label for=\"current-password\">Current password</label>"));
    assert!(html.contains("autocomplete=\"current-password\""));
    assert_eq!(html.matches("autocomplete=\"new-password\"").count(), 2);
    assert!(html.contains("<label for=\"new-password-repeat\">"));
    assert!(html.contains("You stay signed in here."));

    // Email: refused, then changed.
    let csrf = hidden(&html, "csrf").unwrap();
    let res = here
        .post(
            "/d/main/account/email",
            &[("csrf", csrf.as_str()), ("email", "not <an> address")],
        )
        .await;
    assert_eq!(res.status(), 400);
    let again = res.text().await.unwrap();
    assert!(
        again.contains("id=\"email-error\">Enter an email address"),
        "{again}"
    );
    assert!(
        again.contains("value=\"not &#60;an&#62; address\""),
        "what was typed"
    );
    assert!(again.contains("aria-invalid=\"true\" aria-describedby=\"email-error\""));
    let res = here
        .post(
            "/d/main/account/email",
            &[("csrf", csrf.as_str()), ("email", " alice@example.com ")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/d/main/account?done=email");
    let html = page(&here, &location(&res), 200).await;
    assert!(html.contains("role=\"status\">Your email address was changed."));
    assert!(html.contains("<dd>alice@example.com</dd>"));
    assert_eq!(
        input_value(&html, "email").as_deref(),
        Some("alice@example.com")
    );

    // Password: the current one is required, the repeat must match, the rule is stated.
    let wrong = "not my password at all";
    let res = change_password(&here, wrong, "a new long password", "a new long password").await;
    assert_eq!(res.status(), 400);
    let again = res.text().await.unwrap();
    assert!(
        again.contains("id=\"current-password-error\">This is not your current password."),
        "{again}"
    );
    assert!(
        !again.contains(wrong) && !again.contains("a new long password"),
        "never shown"
    );
    let res = change_password(
        &here,
        PASSWORD,
        "a new long password",
        "a new lomg password",
    )
    .await;
    assert_eq!(res.status(), 400);
    let again = res.text().await.unwrap();
    assert!(
        again.contains("id=\"new-password-repeat-error\">The two new passwords are not the same."),
        "{again}"
    );
    let res = change_password(&here, PASSWORD, "short", "short").await;
    assert_eq!(res.status(), 400);
    let again = res.text().await.unwrap();
    assert!(again.contains("id=\"new-password-error\">A password has at least 8 characters"));
    assert!(again.contains("aria-describedby=\"new-password-hint new-password-error\""));
    // Nothing changed so far: the other session is still there.
    page(&elsewhere, "/d/main/account", 200).await;

    let new = "a brand new passphrase";
    let res = change_password(&here, PASSWORD, new, new).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/d/main/account?done=password");
    let html = page(&here, &location(&res), 200).await;
    assert!(
        html.contains("Your other sessions were signed out"),
        "{html}"
    );
    // This session stays; the other one is signed out.
    page(&here, "/d/main/account/apps", 200).await;
    let res = elsewhere.get("/d/main/account").await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        location(&res),
        "/d/main/login?return_to=%2Fd%2Fmain%2Faccount"
    );
    // The old password no longer signs in; the new one does.
    let res = Browser::new(&app)
        .login("alice", PASSWORD, "/d/main/account")
        .await;
    assert_eq!(res.status(), 401);
    let res = Browser::new(&app)
        .login("alice", new, "/d/main/account")
        .await;
    assert_eq!(res.status(), 303);
    // Without the form's token, nothing changes.
    let res = here
        .post(
            "/d/main/account/password",
            &[
                ("csrf", "jeton_csrf_forged"),
                ("current_password", new),
                ("new_password", "yet another password"),
                ("new_password_repeat", "yet another password"),
            ],
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = Browser::new(&app)
        .login("alice", new, "/d/main/account")
        .await;
    assert_eq!(res.status(), 303);
}
