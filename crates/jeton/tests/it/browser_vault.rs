//! The vault's pages in a real browser (Debian's Chromium through chromedriver, as in
//! `browser.rs`): a person with the vault-admin role saves a credential with the form, by
//! mouse and keyboard, obtains its token without ever seeing it, and every vault page passes
//! the accessibility smoke check and fits a 320 px phone.

use fantoccini::Locator;

use crate::browser::{assert_accessible, driver, fits_at, sign_in, text_of, wait_for_path};
use crate::vault_authorize::provider;
use crate::vault_pages::reporting_consumer;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_saves_a_credential_and_obtains_its_token_in_chromium() {
    let Some(d) = driver().await else { return };
    let p = provider().await;
    let app = &p.app;
    app.user("vera", &[jeton_core::vault::VAULT_ADMIN]).await;
    // What the credential will use: a client of the server's own `provider` domain.
    let (consumer, secret) = reporting_consumer(app).await;
    let c = &d.client;
    c.goto(&app.url("/d/main/vault/")).await.unwrap();
    sign_in(c, "vera").await;
    wait_for_path(c, "/d/main/vault/").await;
    assert_accessible(c).await;

    c.goto(&app.url("/d/main/vault/new?container=%2Fteam"))
        .await
        .unwrap();
    wait_for_path(c, "/d/main/vault/new").await;
    assert_accessible(c).await;
    assert!(fits_at(c, 320).await, "the form fits 320 px");
    let type_into = |css: &'static str, text: String| async move {
        c.find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .send_keys(&text)
            .await
            .unwrap();
    };
    type_into("#v-name", "reports".into()).await;
    c.find(Locator::Css("#v-grant option[value=client_credentials]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    type_into(
        "#v-token-endpoint",
        format!("{}/d/provider/oauth/token", app.base),
    )
    .await;
    type_into("#v-client-id", consumer.id.to_string()).await;
    type_into("#v-client-secret", secret.clone()).await;
    c.find(Locator::Css("#v-auth-body"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Css("button[name=then][value=save]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let saved = text_of(c, "[role=status]").await;
    assert!(saved.contains("The credential was saved."), "{saved}");
    let page = c.current_url().await.unwrap();
    assert!(
        page.path().starts_with("/d/main/vault/credentials/"),
        "{page}"
    );
    assert!(
        !c.source().await.unwrap().contains(&secret),
        "never the secret"
    );
    assert_accessible(c).await;
    assert!(fits_at(c, 320).await, "the credential's page fits 320 px");

    // Obtain a token: the page says it holds one, and never shows it.
    c.find(Locator::Css("form[action$='/token'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    for _ in 0..50 {
        if c.source()
            .await
            .unwrap()
            .contains("holds a valid access token")
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let html = c.source().await.unwrap();
    assert!(html.contains("holds a valid access token"), "{html}");
    assert!(!html.contains("jeton_at_"), "no token on the page");
    assert_accessible(c).await;

    // The list of the container and the container's permissions, and the same in French.
    for path in [
        "/d/main/vault/?container=%2Fteam",
        "/d/main/vault/permissions?container=%2Fteam",
    ] {
        c.goto(&app.url(path)).await.unwrap();
        wait_for_path(c, path.split('?').next().unwrap()).await;
        assert_accessible(c).await;
        assert!(fits_at(c, 320).await, "{path} fits 320 px");
    }
    c.goto(&app.url("/d/main/vault/?container=%2Fteam&lang=fr"))
        .await
        .unwrap();
    wait_for_path(c, "/d/main/vault/").await;
    assert_eq!(
        c.find(Locator::Css("html"))
            .await
            .unwrap()
            .attr("lang")
            .await
            .unwrap()
            .as_deref(),
        Some("fr")
    );
    assert!(c.source().await.unwrap().contains("reports"));
    assert_accessible(c).await;
    d.client.close().await.unwrap();
}
