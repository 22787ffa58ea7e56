//! Real pages in headless Chromium (DESIGN §6): a person signs in and approves an
//! application by typing and clicking, as in any browser, and the application gets its code.
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them); without them
//! the test says it skipped. Chromium is pointed at a local proxy that answers 403, so it
//! reaches nothing off this machine.

use std::process::Stdio;
use std::time::Duration;

use fantoccini::{ClientBuilder, Locator};
use jeton_flows::provision::ClientSpec;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::helpers::*;

/// Answers every connection with one fixed HTTP response; returns its port.
async fn fixed_responder(status_line: &'static str, body: &'static str) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = sock.read(&mut buf).await;
                let res = format!(
                    "HTTP/1.1 {status_line}\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = sock.write_all(res.as_bytes()).await;
            });
        }
    });
    port
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub(crate) struct Driver {
    pub(crate) client: fantoccini::Client,
    _chromedriver: tokio::process::Child,
    _profile: tempfile::TempDir,
}

pub(crate) async fn driver() -> Option<Driver> {
    let (Ok(chromedriver), Ok(chromium)) = (which("chromedriver"), which("chromium")) else {
        skip(
            "browser",
            "chromium and chromium-driver are not installed (.ci/run installs them)",
        );
        return None;
    };
    let proxy = fixed_responder("403 Forbidden", "").await;
    let port = free_port();
    let child = tokio::process::Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start chromedriver");
    let profile = tempfile::tempdir().unwrap();
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                format!("--proxy-server=http://127.0.0.1:{proxy}"),
                "--proxy-bypass-list=localhost;127.0.0.1/8",
                format!("--user-data-dir={}", profile.path().display()),
                "--window-size=1000,900",
            ]
        }
    });
    let serde_json::Value::Object(caps) = caps else {
        unreachable!()
    };
    let url = format!("http://127.0.0.1:{port}");
    // chromedriver needs a moment to listen.
    for _ in 0..100 {
        let connected =
            ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await;
        if let Ok(client) = connected {
            return Some(Driver {
                client,
                _chromedriver: child,
                _profile: profile,
            });
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start");
}

/// Types `username` and the password into the login page showing, and sends it.
pub(crate) async fn sign_in(c: &fantoccini::Client, username: &str) {
    c.wait()
        .for_element(Locator::Css("input[name=username]"))
        .await
        .unwrap()
        .send_keys(username)
        .await
        .unwrap();
    c.find(Locator::Css("input[name=password]"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

fn which(name: &str) -> Result<String, ()> {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .map(|p| p.display().to_string())
        .ok_or(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_signs_in_and_approves_an_application_in_chromium() {
    let Some(d) = driver().await else { return };
    let app = spawn_app().await;
    app.standard().await;
    // The application's callback: a local page, so the whole flow stays on this machine.
    let callback_port =
        fixed_responder("200 OK", "<!doctype html><title>Printer</title>Done").await;
    let callback = format!("http://127.0.0.1:{callback_port}/callback");
    let client = app
        .client(ClientSpec {
            name: "Photo <Printer>".into(),
            redirect_uris: vec!["http://127.0.0.1/callback".into()],
            scopes: vec!["read".into(), "write".into()],
            ..Default::default()
        })
        .await;
    let p = pkce();
    let query = encode(&[
        ("response_type", "code"),
        ("client_id", &client.id),
        ("redirect_uri", &callback),
        ("scope", "read write"),
        ("state", "st-42"),
        ("code_challenge", &p.challenge),
        ("code_challenge_method", "S256"),
    ]);
    let c = &d.client;
    c.goto(&app.url(&format!("/d/main/oauth/authorize?{query}")))
        .await
        .unwrap();

    // The login page, reached by redirect, names the application.
    assert!(c.title().await.unwrap().contains("Sign in"));
    let page = c.source().await.unwrap();
    assert!(
        page.contains("Photo &lt;Printer&gt;"),
        "the app's name, escaped"
    );
    sign_in(c, "alice").await;

    // The consent page explains each scope; the person allows. Wait for it to replace the
    // login page: reading the old page's heading mid-navigation fails as a stale element.
    c.wait()
        .for_element(Locator::Css("button[value=allow]"))
        .await
        .unwrap();
    let heading = c
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(heading.contains("Photo <Printer>"), "{heading}");
    let text = c
        .find(Locator::Css("main"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("Read your photos") && text.contains("Change your photos"),
        "{text}"
    );
    if let Ok(png) = c.screenshot().await {
        // Kept for people who want to look at the page; not an assertion.
        let _ = std::fs::write(std::env::temp_dir().join("jeton-consent.png"), png);
    }
    c.find(Locator::Css("button[value=allow]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    // Back at the application, with a code that redeems.
    let mut landed = c.current_url().await.unwrap();
    for _ in 0..50 {
        if landed.as_str().starts_with(&callback) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        landed = c.current_url().await.unwrap();
    }
    assert!(landed.as_str().starts_with(&callback), "{landed}");
    let q = query_of(landed.as_str());
    assert_eq!(q["state"], "st-42");
    assert_eq!(q["iss"], app.issuer());
    let res = app
        .post_form(
            "/d/main/oauth/token",
            Some((&client.id, client.secret.as_deref().unwrap())),
            &[
                ("grant_type", "authorization_code"),
                ("code", &q["code"]),
                ("redirect_uri", &callback),
                ("code_verifier", &p.verifier),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["scope"], "read write");

    d.client.close().await.unwrap();
}

/// What the clients journey reads and clicks, in one language.
struct Words {
    /// The language switch link that leads to this language (`None`: the default).
    switch_to: Option<&'static str>,
    expiry_label: &'static str,
    create: &'static str,
    shown_once: &'static str,
    /// The title of the page a re-sent create form gets.
    already: &'static str,
    copied: &'static str,
    revoke_submit: &'static str,
    revoked: &'static str,
}

const ENGLISH: Words = Words {
    switch_to: None,
    expiry_label: "Expiry date",
    create: "Create the client",
    shown_once: "it will not be shown again",
    already: "Already created",
    copied: "Secret copied.",
    revoke_submit: "Revoke the client",
    revoked: "Client revoked.",
};

const FRENCH: Words = Words {
    switch_to: Some("Français"),
    expiry_label: "Date d’expiration",
    create: "Créer le client",
    shown_once: "il ne sera plus affiché",
    already: "Déjà créé",
    copied: "Secret copié.",
    revoke_submit: "Révoquer le client",
    revoked: "Client révoqué.",
};

pub(crate) async fn text_of(c: &fantoccini::Client, css: &str) -> String {
    c.wait()
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .unwrap()
}

/// Waits until the page at `path_end` is the current one.
pub(crate) async fn wait_for_path(c: &fantoccini::Client, path_end: &str) {
    for _ in 0..50 {
        if c.current_url().await.unwrap().path().ends_with(path_end) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "never reached {path_end}: {}",
        c.current_url().await.unwrap()
    );
}

/// Opens "My OAuth clients", creates a client with the form, reads its secret once, uses
/// it, reloads, and revokes it through the confirmation page. Answers the client's id.
async fn clients_journey(c: &fantoccini::Client, app: &TestApp, name: &str, w: &Words) -> String {
    if let Some(label) = w.switch_to {
        c.find(Locator::LinkText(label))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        c.wait()
            .for_element(Locator::XPath(&format!(
                "//label[@for='client-expires'][text()='{}']",
                w.expiry_label
            )))
            .await
            .unwrap();
    }
    let rs = app.svc_client().await;
    assert_eq!(
        text_of(c, "label[for=client-expires]").await,
        w.expiry_label
    );
    c.find(Locator::Css("#client-name"))
        .await
        .unwrap()
        .send_keys(name)
        .await
        .unwrap();
    // A date field's typing order follows the browser's locale: set its value as a date
    // picker would.
    let date =
        jeton_core::dates::date_field(jeton_core::Clock::now(app.clock.as_ref()) + 30 * 86_400);
    c.execute(
        "document.getElementById('client-expires').value = arguments[0];",
        vec![serde_json::json!(date)],
    )
    .await
    .unwrap();
    let submit = c
        .find(Locator::Css(
            "form[action$='/account/clients'] button[type=submit]",
        ))
        .await
        .unwrap();
    assert_eq!(submit.text().await.unwrap(), w.create);
    submit.click().await.unwrap();

    // The secret, this once, with a working copy button.
    let secret = text_of(c, "#client-secret").await;
    let id = text_of(c, "#client-id").await;
    assert!(secret.starts_with("jeton_cs_"), "{secret}");
    let main = text_of(c, "main").await;
    assert!(main.contains(w.shown_once), "{main}");
    let copy = c
        .find(Locator::Css("button[data-copy=client-secret]"))
        .await
        .unwrap();
    assert!(
        copy.is_displayed().await.unwrap(),
        "the script shows the copy button"
    );
    copy.click().await.unwrap();
    let mut status = String::new();
    for _ in 0..30 {
        status = text_of(c, "#copy-status").await;
        if !status.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status, w.copied, "said in the live region");
    if let Ok(png) = c.screenshot().await {
        let _ = std::fs::write(
            std::env::temp_dir().join(format!("jeton-secret-{name}.png")),
            png,
        );
    }

    // It works with client credentials.
    let mine = TestClient {
        id: id.clone(),
        secret: Some(secret.clone()),
    };
    let res = app
        .token(&mine, &[("grant_type", "client_credentials")])
        .await;
    assert_eq!(res.status(), 200);
    let tok: serde_json::Value = res.json().await.unwrap();
    let at = tok["access_token"].as_str().unwrap().to_owned();

    // A reload shows the secret no more and creates nothing.
    c.refresh().await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Chromium sends the form again: the page says the client exists, without its secret.
    let after = c.source().await.unwrap();
    assert!(!after.contains(&secret), "the secret is not shown again");
    let title = c.title().await.unwrap();
    assert!(title.starts_with(w.already), "{title}");
    c.goto(&app.url("/d/main/account/clients")).await.unwrap();
    let list = text_of(c, "main").await;
    assert_eq!(list.matches(name).count(), 1, "one client listed: {list}");
    let mut named = 0;
    for row in c.find_all(Locator::Css("tbody tr")).await.unwrap() {
        named += usize::from(row.text().await.unwrap().contains(name));
    }
    assert_eq!(named, 1, "one row for it");
    assert!(!c.source().await.unwrap().contains(&secret));
    // Tall, so that the screenshot shows the whole page.
    c.set_window_size(320, 2400).await.unwrap();
    let fits = c
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        fits,
        serde_json::json!(true),
        "no sideways scrolling at 320 px"
    );
    if let Ok(png) = c.screenshot().await {
        let _ = std::fs::write(
            std::env::temp_dir().join(format!("jeton-clients-320-{name}.png")),
            png,
        );
    }
    c.set_window_size(1000, 900).await.unwrap();
    if let Ok(png) = c.screenshot().await {
        let _ = std::fs::write(
            std::env::temp_dir().join(format!("jeton-clients-{name}.png")),
            png,
        );
    }

    // Revoked through its confirmation page.
    c.find(Locator::Css(&format!("a[href$='/clients/{id}/revoke']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(c, &format!("/clients/{id}/revoke")).await;
    let confirm = c
        .find(Locator::Css("form button[type=submit]"))
        .await
        .unwrap();
    assert_eq!(confirm.text().await.unwrap(), w.revoke_submit);
    confirm.click().await.unwrap();
    wait_for_path(c, "/account/clients").await;
    let said = text_of(c, "[role=status]").await;
    assert!(said.starts_with(w.revoked), "{said}");
    assert_eq!(app.introspect(&rs, &at).await["active"], false);
    let res = app
        .token(&mine, &[("grant_type", "client_credentials")])
        .await;
    assert_eq!(res.status(), 401);
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_creates_uses_and_revokes_a_personal_client_in_chromium() {
    let Some(d) = driver().await else { return };
    let app = spawn_app().await;
    app.scope("read", "Read your photos", &[]).await;
    app.user("alice", &[jeton_core::roles::PERSONAL_CLIENTS])
        .await;
    let c = &d.client;
    c.goto(&app.url("/d/main/account/clients")).await.unwrap();
    // Sent to sign in first, and back.
    sign_in(c, "alice").await;
    wait_for_path(c, "/d/main/account/clients").await;

    let first = clients_journey(c, &app, "Photo export", &ENGLISH).await;
    let second = clients_journey(c, &app, "Synchro des albums", &FRENCH).await;
    assert_ne!(first, second);
    d.client.close().await.unwrap();
}

/// What an accessibility smoke check finds wrong with the page showing: `<html>` without
/// `lang`, not exactly one `h1`, a form field (`input`, `select`, `textarea`, hidden inputs
/// aside) that no `<label>` names and that has no `aria-label`/`aria-labelledby`, an image
/// without `alt`. Not an audit: the mistakes a template change makes most easily.
async fn accessibility_problems(c: &fantoccini::Client) -> Vec<String> {
    let found = c
        .execute(
            r#"
            const problems = [];
            if (!document.documentElement.getAttribute("lang")) problems.push("no lang on <html>");
            const h1 = document.querySelectorAll("h1").length;
            if (h1 !== 1) problems.push(h1 + " h1 elements");
            for (const el of document.querySelectorAll("input, select, textarea")) {
              if (el.type === "hidden") continue;
              const byFor = el.id && document.querySelector('label[for="' + CSS.escape(el.id) + '"]');
              const named = byFor || el.closest("label") || el.getAttribute("aria-label")
                || el.getAttribute("aria-labelledby");
              if (!named) problems.push("unlabelled: " + el.outerHTML.slice(0, 120));
            }
            for (const img of document.querySelectorAll("img")) {
              if (!img.hasAttribute("alt")) problems.push("no alt: " + img.outerHTML.slice(0, 120));
            }
            return problems;
            "#,
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

/// Fails with the page's address if the smoke check finds anything.
pub(crate) async fn assert_accessible(c: &fantoccini::Client) {
    let problems = accessibility_problems(c).await;
    let url = c.current_url().await.unwrap();
    assert!(problems.is_empty(), "{url}: {problems:?}");
}

/// Whether the page showing fits `width` px without sideways scrolling (then back to the
/// usual size).
pub(crate) async fn fits_at(c: &fantoccini::Client, width: u32) -> bool {
    c.set_window_size(width, 900).await.unwrap();
    let fits = c
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth;",
            vec![],
        )
        .await
        .unwrap();
    c.set_window_size(1000, 900).await.unwrap();
    fits == serde_json::json!(true)
}

/// A personal client made with the JSON API by `owner` (signed in to main), and a token it
/// got with client credentials.
async fn personal_client_with_token(
    app: &TestApp,
    owner: &str,
    name: &str,
) -> (TestClient, String) {
    let s = crate::api_account::Session::sign_in(app, owner).await;
    let expires =
        jeton_core::dates::date_field(jeton_core::Clock::now(app.clock.as_ref()) + 30 * 86_400);
    let res = s
        .call(
            "POST",
            "/domains/main/account/personal-clients",
            Some(serde_json::json!({ "name": name, "expires_at": expires })),
        )
        .await;
    assert_eq!(res.status(), 201);
    let created: serde_json::Value = res.json().await.unwrap();
    let client = TestClient {
        id: created["client"]["client_id"].as_str().unwrap().to_owned(),
        secret: Some(created["client_secret"].as_str().unwrap().to_owned()),
    };
    let res = app
        .token(&client, &[("grant_type", "client_credentials")])
        .await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    (client, body["access_token"].as_str().unwrap().to_owned())
}

/// The manager's side of the personal-client journey: alice's client is listed in the
/// domain's client table, found by its owner and revoked through the confirmation page; its
/// token then introspects inactive. Every page on the way passes the accessibility smoke check.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_finds_and_revokes_a_users_personal_client_in_chromium() {
    let Some(d) = driver().await else { return };
    let app = spawn_app().await;
    app.user("alice", &[jeton_core::roles::PERSONAL_CLIENTS])
        .await;
    app.user("bob", &[jeton_core::roles::PERSONAL_CLIENTS])
        .await;
    app.user("mia", &[jeton_core::roles::MANAGER]).await;
    let rs = app.svc_client().await;
    let (mine, at) = personal_client_with_token(&app, "alice", "Photo export").await;
    personal_client_with_token(&app, "bob", "Bob's backup").await;
    assert_eq!(app.introspect(&rs, &at).await["active"], true);

    let c = &d.client;
    c.goto(&app.url("/d/main/manage/clients")).await.unwrap();
    // Sent to sign in first (the login page passes the check too), and back.
    c.wait()
        .for_element(Locator::Css("input[name=username]"))
        .await
        .unwrap();
    assert_accessible(c).await;
    sign_in(c, "mia").await;
    wait_for_path(c, "/d/main/manage/clients").await;
    let table = text_of(c, "#clients-table").await;
    assert!(
        table.contains("Photo export") && table.contains("Bob's backup"),
        "{table}"
    );
    assert_accessible(c).await;
    assert!(fits_at(c, 320).await, "the client table fits 320 px");

    // Filtered by its owner, with the form.
    c.find(Locator::Css("#filter-owner"))
        .await
        .unwrap()
        .send_keys("alice")
        .await
        .unwrap();
    c.find(Locator::Css("form.filters button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    for _ in 0..50 {
        if c.current_url()
            .await
            .unwrap()
            .query()
            .is_some_and(|q| q.contains("owner=alice"))
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let table = text_of(c, "#clients-table tbody").await;
    assert!(
        table.contains("Photo export") && !table.contains("Bob's backup"),
        "{table}"
    );
    assert_accessible(c).await;

    // Revoked through its confirmation page.
    c.find(Locator::Css(&format!(
        "a[href$='/manage/clients/{}/revoke']",
        mine.id
    )))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    wait_for_path(c, &format!("/clients/{}/revoke", mine.id)).await;
    assert!(text_of(c, "h1").await.contains("Photo export"));
    assert_accessible(c).await;
    assert!(fits_at(c, 320).await, "the confirmation fits 320 px");
    let confirm = c
        .find(Locator::Css("form[method=post] button[type=submit]"))
        .await
        .unwrap();
    assert_eq!(confirm.text().await.unwrap(), "Revoke client");
    confirm.click().await.unwrap();
    wait_for_path(c, "/d/main/manage/clients").await;
    let said = text_of(c, "[role=status]").await;
    assert!(said.contains("Photo export"), "{said}");
    assert_accessible(c).await;

    // The check itself finds what it looks for.
    c.execute(
        "document.body.append(document.createElement('input'), document.createElement('img'), \
         document.createElement('h1'));",
        vec![],
    )
    .await
    .unwrap();
    assert_eq!(accessibility_problems(c).await.len(), 3);

    // Its token is dead, and so is the client.
    assert_eq!(app.introspect(&rs, &at).await["active"], false);
    let res = app
        .token(&mine, &[("grant_type", "client_credentials")])
        .await;
    assert_eq!(res.status(), 401);
    d.client.close().await.unwrap();
}

/// The super administrator's pages in Chromium: each passes the accessibility smoke check and
/// fits 320 px; the consumer's secret page copies with its button.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_pages_are_accessible_and_fit_a_phone_in_chromium() {
    let Some(d) = driver().await else { return };
    let app = spawn_app().await;
    app.user("root", &[jeton_core::roles::SUPER_ADMIN]).await;
    let c = &d.client;
    c.goto(&app.url("/admin/domains")).await.unwrap();
    sign_in(c, "root").await;
    wait_for_path(c, "/admin/domains").await;

    // A domain made with the form, by keyboard: Enter (U+E007 to WebDriver) sends it.
    c.find(Locator::Css("#new-slug"))
        .await
        .unwrap()
        .send_keys("acme")
        .await
        .unwrap();
    c.find(Locator::Css("#new-name"))
        .await
        .unwrap()
        .send_keys("Acme Corp\u{e007}")
        .await
        .unwrap();
    wait_for_path(c, "/admin/domains/acme").await;
    assert!(text_of(c, "[role=status]").await.contains("Acme Corp"));

    // An API consumer, its secret shown once with a working copy button.
    c.find(Locator::Css("#consumer-name"))
        .await
        .unwrap()
        .send_keys("Billing sync")
        .await
        .unwrap();
    c.find(Locator::Css(
        "form[action$='/consumers'] button[type=submit]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    let secret = text_of(c, "#client-secret").await;
    assert!(secret.starts_with("jeton_cs_"), "{secret}");
    assert_accessible(c).await;
    assert!(fits_at(c, 320).await, "the secret page fits 320 px");
    let copy = c
        .find(Locator::Css("button[data-copy=client-secret]"))
        .await
        .unwrap();
    assert!(copy.is_displayed().await.unwrap());

    for path in [
        "/admin/",
        "/admin/domains",
        "/admin/domains/acme",
        "/admin/domains/acme/disable",
        "/admin/tokens",
        "/admin/audit",
    ] {
        c.goto(&app.url(path)).await.unwrap();
        wait_for_path(c, path).await;
        assert_accessible(c).await;
        assert!(fits_at(c, 320).await, "{path} fits 320 px");
        // Kept for people who want to look at the pages at 320 px; not an assertion.
        c.set_window_size(320, 1600).await.unwrap();
        if let Ok(png) = c.screenshot().await {
            let name = format!("jeton-admin-320{}.png", path.replace('/', "-"));
            let _ = std::fs::write(std::env::temp_dir().join(name), png);
        }
        c.set_window_size(1000, 900).await.unwrap();
    }
    c.goto(&app.url("/admin/domains?lang=fr")).await.unwrap();
    assert_eq!(text_of(c, "h1").await, "Domaines");
    assert_accessible(c).await;
    d.client.close().await.unwrap();
}

/// Writes the README's screenshots (`docs/screenshots/*.png`, 1280×800) from a server with
/// sample data. Not an assertion about the pages: run it by hand after a change to them,
/// `cargo test -p jeton --test it -- --ignored screenshots`, and commit the images.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "writes docs/screenshots/; run by hand"]
async fn screenshots() {
    let Some(d) = driver().await else { return };
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let app = spawn_with(&[("usage_flush_interval_secs", "1")]).await;
    app.scope("photos:read", "See your photos and albums", &[])
        .await;
    app.scope(
        "photos:write",
        "Add, change and delete your photos",
        &["editor"],
    )
    .await;
    app.scope("reports:read", "Read the monthly reports", &[])
        .await;
    let pc = jeton_core::roles::PERSONAL_CLIENTS;
    app.user("alice", &[pc, "editor"]).await;
    app.user("bob", &[pc]).await;
    app.user("carla", &[pc]).await;
    app.user("mia", &[jeton_core::roles::MANAGER]).await;
    app.user("root", &[jeton_core::roles::SUPER_ADMIN]).await;
    // Applications alice approved, each with a token (so "last used" is filled in).
    for (name, scopes) in [
        ("Photo Printer", "photos:read"),
        ("Album Backup", "photos:read photos:write"),
    ] {
        let client = app
            .client(ClientSpec {
                name: name.into(),
                redirect_uris: vec![REDIRECT.into()],
                scopes: scopes.split(' ').map(str::to_owned).collect(),
                ..Default::default()
            })
            .await;
        tokens_for(&app, &client, scopes).await;
    }
    // Personal clients of several people, for the managers' table.
    personal_client_with_token(&app, "alice", "Nightly export").await;
    personal_client_with_token(&app, "bob", "Sync script").await;
    personal_client_with_token(&app, "carla", "Jupyter notebook").await;
    // A second domain with a manager and API consumers.
    app.prov
        .create_domain("globex", Some("Globex Industries"))
        .await
        .unwrap();
    app.prov
        .create_scope("globex", "invoices:read", Some("Read the invoices"), &[])
        .await
        .unwrap();
    let manager = || vec![jeton_core::roles::MANAGER.to_owned()];
    for (user, roles) in [("olga", manager()), ("pavel", manager()), ("omar", vec![])] {
        let email = format!("{user}@globex.example");
        app.prov
            .create_user("globex", user, Some(PASSWORD), Some(&email), &roles)
            .await
            .unwrap();
    }
    for name in ["Billing sync", "Warehouse ERP"] {
        let (c, secret) = app
            .prov
            .create_client(
                "globex",
                &ClientSpec {
                    name: name.into(),
                    grants: vec!["client_credentials".into()],
                    scopes: vec!["invoices:read".into()],
                    consumer: true,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let res = app
            .post_form(
                "/d/globex/oauth/token",
                Some((c.id.as_str(), secret.as_deref().unwrap())),
                &[("grant_type", "client_credentials")],
            )
            .await;
        assert_eq!(res.status(), 200);
    }
    // "Last used" is written by the usage job.
    tokio::time::sleep(Duration::from_millis(1500)).await;

    let c = &d.client;
    c.set_window_size(1280, 800).await.unwrap();
    let shot = |name: &'static str| {
        let path = dir.join(name);
        async move {
            // The viewport the window leaves, 1280×800 whatever the browser's frame.
            let png = c.screenshot().await.unwrap();
            assert!(png.len() < 200 * 1024, "{name}: {} bytes", png.len());
            std::fs::write(&path, png).unwrap();
            eprintln!("wrote {}", path.display());
        }
    };
    let viewport = c
        .execute("return [window.innerWidth, window.innerHeight];", vec![])
        .await
        .unwrap();
    if viewport != serde_json::json!([1280, 800]) {
        // Headless windows include no frame, but be exact anyway.
        let w = 1280 * 2 - viewport[0].as_u64().unwrap() as u32;
        let h = 800 * 2 - viewport[1].as_u64().unwrap() as u32;
        c.set_window_size(w, h).await.unwrap();
    }

    // Your account: authorized applications, and a personal client's secret, shown once.
    c.goto(&app.url("/d/main/account/applications"))
        .await
        .unwrap();
    sign_in(c, "alice").await;
    wait_for_path(c, "/d/main/account/applications").await;
    shot("account-applications.png").await;
    c.goto(&app.url("/d/main/account/clients")).await.unwrap();
    c.find(Locator::Css("#client-name"))
        .await
        .unwrap()
        .send_keys("Photo export")
        .await
        .unwrap();
    let date =
        jeton_core::dates::date_field(jeton_core::Clock::now(app.clock.as_ref()) + 90 * 86_400);
    c.execute(
        "document.getElementById('client-expires').value = arguments[0];",
        vec![serde_json::json!(date)],
    )
    .await
    .unwrap();
    c.find(Locator::Css(
        "form[action$='/account/clients'] button[type=submit]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    text_of(c, "#client-secret").await;
    shot("account-client-secret.png").await;

    // Managing a domain: the client table.
    c.goto(&app.url("/d/main/logout")).await.unwrap();
    c.find(Locator::Css("form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    c.goto(&app.url("/d/main/manage/clients")).await.unwrap();
    sign_in(c, "mia").await;
    wait_for_path(c, "/d/main/manage/clients").await;
    shot("manage-clients.png").await;

    // Administering Jeton: a domain's page, and the domains.
    c.goto(&app.url("/d/main/logout")).await.unwrap();
    c.find(Locator::Css("form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    c.goto(&app.url("/admin/domains/globex")).await.unwrap();
    sign_in(c, "root").await;
    wait_for_path(c, "/admin/domains/globex").await;
    shot("admin-domain.png").await;
    // Further down the same page: its API consumers.
    c.execute(
        "document.getElementById('consumers-heading').scrollIntoView();",
        vec![],
    )
    .await
    .unwrap();
    shot("admin-consumers.png").await;
    c.goto(&app.url("/admin/domains")).await.unwrap();
    shot("admin-domains.png").await;
    d.client.close().await.unwrap();
}
