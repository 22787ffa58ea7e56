//! The vault's pages (issue 15): the list of containers and credentials, the create form
//! ("Save" and "Authorize and save"), a credential's page (secrets masked, status, redirect
//! URI, "Obtain token"), and deletion through a confirmation page; who sees what follows the
//! vault's permissions; bad input gets a readable page.

use jeton_flows::provision::ClientSpec;

use crate::helpers::*;
use crate::vault_authorize::{provider, signed_in, through_provider};

/// A client-credentials API consumer of the `provider` domain (secret in the body), for a
/// credential to use; answers it with its secret.
pub(crate) async fn reporting_consumer(app: &TestApp) -> (jeton_store::Client, String) {
    let (consumer, secret) = app
        .prov
        .create_client(
            "provider",
            &ClientSpec {
                name: "reporting job".into(),
                grants: vec!["client_credentials".into()],
                auth_method: Some("client_secret_post".into()),
                consumer: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    (consumer, secret.unwrap())
}

const SECRET_TAIL: &str = "WXYZ";

#[tokio::test]
async fn a_vault_admin_creates_sees_obtains_and_deletes_through_the_pages() {
    let p = provider().await;
    let app = &p.app;
    app.user("vera", &[jeton_core::vault::VAULT_ADMIN]).await;
    let vera = signed_in(app, "main", "vera").await;
    // The account navigation leads to the vault.
    let account = vera.get("/d/main/account").await.text().await.unwrap();
    assert!(account.contains("href=\"/d/main/vault/\""), "{account}");
    let list = vera.get("/d/main/vault/").await;
    assert_eq!(list.status(), 200);
    assert!(list.text().await.unwrap().contains("No credential here"));

    let (consumer, secret) = reporting_consumer(app).await;
    assert!(secret.len() >= 16 && !secret.ends_with(SECRET_TAIL));
    let form = vera
        .get("/d/main/vault/new?container=%2Fteam%2Freports")
        .await;
    assert_eq!(form.status(), 200);
    let html = form.text().await.unwrap();
    assert!(
        html.contains("value=\"/team/reports\""),
        "the container is filled in"
    );
    assert!(
        html.contains(&p.callback()),
        "the redirect URI to register is shown"
    );
    let csrf = hidden(&html, "csrf").unwrap();
    let token_endpoint = format!("{}/d/provider/oauth/token", app.base);
    let fields = |name: &'static str, endpoint: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("name", name.to_owned()),
            ("container", "/team/reports".to_owned()),
            ("grant", "client_credentials".to_owned()),
            ("token_endpoint", endpoint.to_owned()),
            ("client_id", consumer.id.to_string()),
            ("client_secret", secret.clone()),
            ("client_auth", "body".to_owned()),
            ("extra_params", String::new()),
            ("allow_jobs", "on".to_owned()),
            ("then", "save".to_owned()),
        ]
    };
    let post = |f: Vec<(&'static str, String)>| {
        let form: Vec<(&str, String)> = f;
        let b = &vera;
        async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            b.post("/d/main/vault/new", &pairs).await
        }
    };
    // Bad input: the form again, the field marked, the secret not filled in again.
    let res = post(fields("reports", "ftp://nowhere")).await;
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    assert!(html.contains("aria-invalid=\"true\""), "{html}");
    assert!(html.contains("absolute https URL"), "{html}");
    assert!(!html.contains(&secret), "never the secret again");
    assert!(html.contains("value=\"reports\""), "what was typed stays");

    let res = post(fields("reports", &token_endpoint)).await;
    assert_eq!(res.status(), 303, "{:?}", res.text().await);
    let page_url = location(&res);
    assert!(page_url.ends_with("?done=created"), "{page_url}");
    let html = vera.get(&page_url).await.text().await.unwrap();
    assert!(html.contains("The credential was saved."), "{html}");
    assert!(
        html.contains(">Authorized<"),
        "client credentials get a token at once"
    );
    let tail: String = secret
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    assert!(html.contains(&format!("Set (ends in …{tail})")), "{html}");
    assert!(!html.contains(&secret), "never the secret in full");
    assert!(html.contains("client_secret_post"));
    assert!(
        !html.contains(&p.callback()),
        "no redirect URI for client credentials"
    );
    let csrf = hidden(&html, "csrf").unwrap();
    let id = page_url
        .trim_start_matches("/d/main/vault/credentials/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    // Obtain token: the page says so, never shows it.
    let res = vera
        .post(
            &format!("/d/main/vault/credentials/{id}/token"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(res.status(), 303);
    let html = vera.get(&location(&res)).await.text().await.unwrap();
    assert!(html.contains("holds a valid access token"), "{html}");
    assert!(!html.contains("jeton_at_"), "no token on the page");
    // The audit log says who obtained it, and that it was on the pages.
    let uses = app
        .store
        .audit_events(&jeton_core::entities::AuditQuery {
            action: Some(jeton_core::entities::AuditAction::VaultUse),
            target: Some(format!("vault:{id}")),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(uses.len(), 1);
    assert_eq!(uses[0].detail["via"], "page", "{:?}", uses[0].detail);
    assert!(uses[0].actor.name.contains("vera"), "{:?}", uses[0].actor);
    // The same name in the same container: refused on the form.
    let res = post(fields("reports", &token_endpoint)).await;
    assert_eq!(res.status(), 409);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("already in this container")
    );

    // Browse: the container and its parents, the credential in it.
    let html = vera.get("/d/main/vault/").await.text().await.unwrap();
    assert!(html.contains("?container=%2Fteam%2Freports"), "{html}");
    let html = vera
        .get("/d/main/vault/?container=%2Fteam%2Freports")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(&format!("/d/main/vault/credentials/{id}")),
        "{html}"
    );
    // French.
    let fr = Browser::speaking(app, "fr");
    crate::vault_authorize::signed_in_as(&fr, "main", "vera").await;
    let html = fr
        .get(&format!("/d/main/vault/credentials/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Obtenir un jeton") && html.contains("Autorisé"),
        "{html}"
    );

    // Someone without vault rights sees nothing of it.
    let bob = signed_in(app, "main", "bob").await;
    assert!(
        !bob.get("/d/main/vault/?container=%2Fteam%2Freports")
            .await
            .text()
            .await
            .unwrap()
            .contains("reports</a>")
    );
    assert_eq!(
        bob.get(&format!("/d/main/vault/credentials/{id}"))
            .await
            .status(),
        404
    );
    assert_eq!(
        bob.get(&format!("/d/main/vault/credentials/{id}/delete"))
            .await
            .status(),
        404
    );

    // Delete: a confirmation page, then back to the container with a message.
    let confirm = vera
        .get(&format!("/d/main/vault/credentials/{id}/delete"))
        .await;
    assert_eq!(confirm.status(), 200);
    let html = confirm.text().await.unwrap();
    assert!(html.contains("Delete"), "{html}");
    let csrf = hidden(&html, "csrf").unwrap();
    let res = vera
        .post(&format!("/d/main/vault/credentials/{id}/delete"), &[])
        .await;
    assert_eq!(res.status(), 403, "no CSRF token, no deletion");
    let res = vera
        .post(
            &format!("/d/main/vault/credentials/{id}/delete"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        location(&res),
        "/d/main/vault/?container=%2Fteam%2Freports&done=deleted"
    );
    let html = vera.get(&location(&res)).await.text().await.unwrap();
    assert!(html.contains("The credential was deleted."));
    assert_eq!(
        vera.get(&format!("/d/main/vault/credentials/{id}"))
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn authorize_and_save_from_the_create_form_goes_to_the_provider_and_back() {
    let p = provider().await;
    let app = &p.app;
    app.user("vera", &[jeton_core::vault::VAULT_ADMIN]).await;
    let vera = signed_in(app, "main", "vera").await;
    let client = p
        .client(&["authorization_code"], Some("client_secret_basic"))
        .await;
    let html = vera.get("/d/main/vault/new").await.text().await.unwrap();
    assert!(
        html.contains("name=\"pkce\" value=\"on\" checked"),
        "PKCE on by default"
    );
    let csrf = hidden(&html, "csrf").unwrap();
    let authorize = format!("{}/d/provider/oauth/authorize", app.base);
    let token = format!("{}/d/provider/oauth/token", app.base);
    let res = vera
        .post(
            "/d/main/vault/new",
            &[
                ("csrf", csrf.as_str()),
                ("name", "crm"),
                ("container", ""),
                ("grant", "authorization_code"),
                ("authorization_endpoint", &authorize),
                ("token_endpoint", &token),
                ("client_id", &client.0),
                ("client_secret", client.1.as_deref().unwrap()),
                ("scope", "read"),
                ("client_auth", "header"),
                ("pkce", "on"),
                ("then", "authorize"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303, "{:?}", res.text().await);
    let to_provider = location(&res);
    assert!(to_provider.starts_with(&authorize), "{to_provider}");
    assert!(to_provider.contains("code_challenge_method=S256"));
    let back = through_provider(&p, &vera, &to_provider).await;
    let res = vera.get(&back).await;
    assert_eq!(res.status(), 303);
    let html = vera.get(&location(&res)).await.text().await.unwrap();
    assert!(html.contains("Authorization granted"), "{html}");
    assert!(
        html.contains(&p.callback()),
        "the redirect URI is on the page"
    );
}

#[tokio::test]
async fn the_owner_gives_and_removes_permissions_on_the_credential_page() {
    use jeton_core::vault::{Access, ContainerPath, Grantee, PermissionTarget};
    let p = provider().await;
    let app = &p.app;
    let client = p
        .client(&["authorization_code"], Some("client_secret_basic"))
        .await;
    let id = p
        .credential("crm", "authorization_code", &client, "header", true)
        .await;
    // Inherited from the root container: listed, not removable here.
    app.flows
        .vault_permit(
            &p.main,
            PermissionTarget::Container(ContainerPath::root()),
            Grantee::Role("ops".into()),
            Access::View,
            &jeton_flows::vault::VaultCaller::cli(),
        )
        .await
        .unwrap();
    let alice = signed_in(app, "main", "alice").await;
    let bob = signed_in(app, "main", "bob").await;
    let url = format!("/d/main/vault/credentials/{id}");
    assert_eq!(bob.get(&url).await.status(), 404);
    let html = alice.get(&url).await.text().await.unwrap();
    assert!(html.contains(">Permissions<"), "{html}");
    assert!(
        html.contains("<strong>ops</strong> · View · from /"),
        "{html}"
    );
    assert!(
        !html.contains("name=\"permission\""),
        "nothing removable yet"
    );
    let csrf = hidden(&html, "csrf").unwrap();
    let grant = format!("/d/main/vault/credentials/{id}/permissions");
    let res = alice
        .post(
            &grant,
            &[
                ("csrf", &csrf),
                ("kind", "user"),
                ("name", "nobody"),
                ("access", "use"),
            ],
        )
        .await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("no such user"));
    let res = alice
        .post(
            &grant,
            &[
                ("csrf", &csrf),
                ("kind", "user"),
                ("name", "bob"),
                ("access", "use"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), format!("{url}?done=permitted"));
    let html = alice.get(&location(&res)).await.text().await.unwrap();
    assert!(html.contains("The permission was given."));
    assert!(html.contains("<strong>bob</strong> · Use"), "{html}");
    // Bob may now see it (and obtain tokens), not authorize it or change its permissions.
    let bobs = bob.get(&url).await;
    assert_eq!(bobs.status(), 200);
    let bobs = bobs.text().await.unwrap();
    assert!(
        !bobs.contains("/authorize\"") && !bobs.contains(">Permissions<"),
        "{bobs}"
    );
    let res = bob
        .post(
            &grant,
            &[
                ("csrf", &csrf),
                ("kind", "user"),
                ("name", "bob"),
                ("access", "edit"),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        403,
        "a CSRF token of another browser, or no edit right"
    );
    let permission = hidden_fields(&html)
        .into_iter()
        .find(|(k, _)| k == "permission")
        .map(|(_, v)| v)
        .expect("a remove form for bob's permission");
    let res = alice
        .post(
            &format!("/d/main/vault/credentials/{id}/permissions/remove"),
            &[("csrf", &csrf), ("permission", &permission)],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), format!("{url}?done=unpermitted"));
    assert_eq!(bob.get(&url).await.status(), 404);
}

#[tokio::test]
async fn the_edit_form_keeps_secrets_it_does_not_show_and_says_when_tokens_were_dropped() {
    let p = provider().await;
    let app = &p.app;
    let client = p
        .client(&["authorization_code"], Some("client_secret_basic"))
        .await;
    let id = p
        .credential("crm", "authorization_code", &client, "header", true)
        .await;
    let alice = signed_in(app, "main", "alice").await;
    let page = alice
        .get(&format!("/d/main/vault/credentials/{id}"))
        .await
        .text()
        .await
        .unwrap();
    let edit = format!("/d/main/vault/credentials/{id}/edit");
    assert!(page.contains(&format!("href=\"{edit}\"")), "{page}");
    let html = alice.get(&edit).await.text().await.unwrap();
    assert!(html.contains("Edit crm"), "{html}");
    assert!(
        html.contains("value=\"read\""),
        "the saved scope is filled in"
    );
    let secret = client.1.clone().unwrap();
    assert!(!html.contains(&secret), "never the secret");
    let mut fields: Vec<(String, String)> = [
        "name",
        "container",
        "authorization_endpoint",
        "token_endpoint",
        "revocation_endpoint",
        "client_id",
        "scope",
        "username",
        "csrf",
    ]
    .iter()
    .map(|k| (k.to_string(), input_value(&html, k).unwrap_or_default()))
    .collect();
    let set = |fields: &mut Vec<(String, String)>, k: &str, v: &str| {
        fields.retain(|(n, _)| n != k);
        fields.push((k.into(), v.into()));
    };
    set(&mut fields, "grant", "authorization_code");
    set(&mut fields, "client_auth", "header");
    set(&mut fields, "pkce", "on");
    set(&mut fields, "name", "crm prod");
    set(&mut fields, "then", "save");
    let res = post_pairs(&alice, &edit, &fields).await;
    assert_eq!(res.status(), 303, "{:?}", res.text().await);
    assert_eq!(
        location(&res),
        format!("/d/main/vault/credentials/{id}?done=edited")
    );
    let c = app.store.vault_credential(&id).await.unwrap().unwrap();
    assert_eq!(c.name, "crm prod");
    assert!(
        c.client_secret.is_some(),
        "the empty secret field kept the secret"
    );
    // A new scope: what the tokens depend on; the page says they were dropped.
    set(&mut fields, "scope", "read write");
    let res = post_pairs(&alice, &edit, &fields).await;
    assert_eq!(
        location(&res),
        format!("/d/main/vault/credentials/{id}?done=edited_reset")
    );
    let html = alice.get(&location(&res)).await.text().await.unwrap();
    assert!(html.contains("the stored tokens were dropped"), "{html}");
    // Bad input: the form again with the field marked.
    set(&mut fields, "token_endpoint", "ftp://x");
    let res = post_pairs(&alice, &edit, &fields).await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("aria-invalid=\"true\""));
    // Bob may not.
    let bob = signed_in(app, "main", "bob").await;
    assert_eq!(bob.get(&edit).await.status(), 404);
}

async fn post_pairs(b: &Browser, url: &str, fields: &[(String, String)]) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    b.post(url, &pairs).await
}

#[tokio::test]
async fn a_vault_admin_gives_and_removes_permissions_on_a_container_from_its_page() {
    use jeton_flows::vault::{NewVaultCredential, VaultCaller};
    let p = provider().await;
    let app = &p.app;
    app.user("vera", &[jeton_core::vault::VAULT_ADMIN]).await;
    let client = p
        .client(&["client_credentials"], Some("client_secret_basic"))
        .await;
    // A credential two levels under /sales, nobody's but the vault-admin's to see.
    let credential = app
        .flows
        .vault_create(
            &p.main,
            NewVaultCredential {
                name: "crm".into(),
                container: Some("/sales/eu".into()),
                grant: "client_credentials".into(),
                token_endpoint: format!("{}/d/provider/oauth/token", app.base),
                client_id: client.0.clone(),
                client_secret: client.1.clone().map(secrecy::SecretString::from),
                ..Default::default()
            },
            &VaultCaller::cli(),
        )
        .await
        .unwrap();
    let credential_url = format!("/d/main/vault/credentials/{}", credential.id);
    let vera = signed_in(app, "main", "vera").await;
    let bob = signed_in(app, "main", "bob").await;
    assert_eq!(bob.get(&credential_url).await.status(), 404);

    // The list links to the container's permissions for who may edit it, not for others.
    let list = vera
        .get("/d/main/vault/?container=%2Fsales")
        .await
        .text()
        .await
        .unwrap();
    let page_url = "/d/main/vault/permissions?container=%2Fsales";
    assert!(list.contains(&format!("href=\"{page_url}\"")), "{list}");
    let bobs_list = bob
        .get("/d/main/vault/?container=%2Fsales")
        .await
        .text()
        .await
        .unwrap();
    assert!(!bobs_list.contains("/vault/permissions"), "{bobs_list}");
    assert_eq!(bob.get(page_url).await.status(), 403);
    assert_eq!(
        vera.get("/d/main/vault/permissions?container=nope")
            .await
            .status(),
        400,
        "not a container path: a readable refusal"
    );

    let html = vera.get(page_url).await.text().await.unwrap();
    assert!(html.contains("Permissions on /sales"), "{html}");
    assert!(html.contains("No permission applies to this container."));
    let csrf = hidden(&html, "csrf").unwrap();
    let grant = |name: &'static str, access: &'static str| {
        let csrf = csrf.clone();
        let vera = &vera;
        async move {
            vera.post(
                "/d/main/vault/permissions",
                &[
                    ("csrf", csrf.as_str()),
                    ("container", "/sales"),
                    ("kind", "user"),
                    ("name", name),
                    ("access", access),
                ],
            )
            .await
        }
    };
    let res = grant("nobody", "use").await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("no such user"));
    let res = grant("bob", "sometimes").await;
    assert_eq!(res.status(), 400);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Choose view, use or edit.")
    );
    let res = grant("bob", "use").await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        location(&res),
        "/d/main/vault/permissions?container=%2Fsales&done=permitted"
    );
    let html = vera.get(&location(&res)).await.text().await.unwrap();
    assert!(html.contains("The permission was given."), "{html}");
    assert!(html.contains("<strong>bob</strong> · Use"), "{html}");

    // Inherited by what /sales holds: bob now sees the credential under /sales/eu, and the
    // page of /sales/eu lists the permission as inherited, with nothing to remove there.
    assert_eq!(bob.get(&credential_url).await.status(), 200);
    let below = vera
        .get("/d/main/vault/permissions?container=%2Fsales%2Feu")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        below.contains("<strong>bob</strong> · Use · from /sales"),
        "{below}"
    );
    assert!(!below.contains("name=\"permission\""), "{below}");

    let permission = hidden_fields(&html)
        .into_iter()
        .find(|(k, _)| k == "permission")
        .map(|(_, v)| v)
        .expect("a remove form for bob's permission");
    // Not removable from the page of a container it was not given on.
    let res = vera
        .post(
            "/d/main/vault/permissions/remove",
            &[
                ("csrf", &csrf),
                ("container", "/sales/eu"),
                ("permission", &permission),
            ],
        )
        .await;
    assert_eq!(res.status(), 404);
    assert_eq!(bob.get(&credential_url).await.status(), 200);
    let res = vera
        .post(
            "/d/main/vault/permissions/remove",
            &[
                ("csrf", &csrf),
                ("container", "/sales"),
                ("permission", &permission),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        location(&res),
        "/d/main/vault/permissions?container=%2Fsales&done=unpermitted"
    );
    assert_eq!(bob.get(&credential_url).await.status(), 404);
}
