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

struct Driver {
    client: fantoccini::Client,
    _chromedriver: tokio::process::Child,
    _profile: tempfile::TempDir,
}

async fn driver() -> Option<Driver> {
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
async fn sign_in(c: &fantoccini::Client, username: &str) {
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

async fn text_of(c: &fantoccini::Client, css: &str) -> String {
    c.wait()
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .unwrap()
}

/// Waits until the page at `path_end` is the current one.
async fn wait_for_path(c: &fantoccini::Client, path_end: &str) {
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
