//! The super administrator's pages over HTTP (`/admin/...`): domains (create, rename,
//! disable, enable), their managers and API consumers, admin API tokens and the global audit
//! log, through the real forms (CSRF tokens included); a re-sent form changes nothing twice;
//! nobody but the super administrator gets in.

use jeton_core::roles::{MANAGER, SUPER_ADMIN};
use serde_json::Value;

use crate::api_account::Session;
use crate::helpers::*;
use crate::manage_pages::{follow, get_ok, page, submit};

/// main: root (super-admin), mia (manager of main), alice; the domains only main.
async fn setup() -> (TestApp, Session) {
    let app = spawn_app().await;
    app.user("root", &[SUPER_ADMIN]).await;
    app.user("mia", &[MANAGER]).await;
    app.user("alice", &[]).await;
    let root = Session::sign_in(&app, "root").await;
    (app, root)
}

/// The text of the first `<code … id="{id}">…</code>` of a page, decoded.
fn code_by_id(html: &str, id: &str) -> String {
    let at = html
        .find(&format!("id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no #{id} in {html}"));
    let rest = &html[at + id.len() + 6..];
    rest[..rest.find("</code>").unwrap()].replace("&#39;", "'")
}

/// All the form's hidden fields and `fields`, sent to `action`: the same form sent again
/// when called twice with the same `html`.
async fn send_form(
    s: &Session,
    html: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let hidden = hidden_fields(html);
    let mut all: Vec<(&str, &str)> = hidden
        .iter()
        .filter(|(k, _)| k == "csrf" || k == "once" || k == "seen")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    all.extend_from_slice(fields);
    s.browser.post(action, &all).await
}

/// Whether the global audit page at `url` lists an event of `action`.
async fn audited(s: &Session, url: &str, action: &str) -> bool {
    get_ok(s, url)
        .await
        .contains(&format!("<code class=\"audit-action\">{action}</code>"))
}

async fn metadata_status(app: &TestApp, slug: &str) -> u16 {
    app.http
        .get(app.url(&format!("/.well-known/oauth-authorization-server/d/{slug}")))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn the_administrator_creates_renames_disables_and_enables_a_domain() {
    let (app, root) = setup().await;
    let home = get_ok(&root, "/admin/").await;
    assert!(home.contains("aria-current=\"page\">Overview<"), "{home}");
    for link in ["Domains", "Admin API tokens", "Audit log"] {
        assert!(home.contains(&format!(">{link}</a>")), "{link}");
    }
    assert!(home.contains("One domain, none disabled"), "{home}");

    // Create: the new domain's page says so.
    let domains = "/admin/domains";
    let res = submit(
        &root,
        domains,
        domains,
        &[("slug", "acme"), ("name", "Acme <Inc>")],
    )
    .await;
    assert_eq!(location(&res), "/admin/domains/acme?done=created");
    let html = follow(&root, res).await;
    assert!(
        html.contains("role=\"status\">The domain Acme &#60;Inc&#62; was created."),
        "{html}"
    );
    assert_eq!(metadata_status(&app, "acme").await, 200);
    let list = get_ok(&root, domains).await;
    assert!(list.contains("<code>acme</code>") && list.contains("/d/acme</code>"));

    // Refused: said next to the slug, with what was typed.
    let (status, html) = page(submit(&root, domains, domains, &[("slug", "acme")]).await).await;
    assert_eq!(status, 409);
    assert!(html.contains("A domain with the slug “acme” already exists."));
    let (status, html) = page(submit(&root, domains, domains, &[("slug", "Bad Slug")]).await).await;
    assert_eq!(status, 400);
    assert!(
        html.contains("id=\"new-slug-error\">A slug has 1 to 63"),
        "{html}"
    );
    assert!(html.contains("value=\"Bad Slug\""));

    // Rename.
    let acme = "/admin/domains/acme";
    let res = submit(
        &root,
        acme,
        "/admin/domains/acme/rename",
        &[("name", "Acme Corp")],
    )
    .await;
    assert_eq!(location(&res), "/admin/domains/acme?done=renamed");
    let html = follow(&root, res).await;
    assert!(html.contains("The domain is now called Acme Corp."));
    let (status, html) =
        page(submit(&root, acme, "/admin/domains/acme/rename", &[("name", "  ")]).await).await;
    assert_eq!(status, 400);
    assert!(html.contains("id=\"domain-name-error\">A domain name has 1 to 200 characters."));

    // Disable, through its confirmation page: everything under it is 404.
    let confirm = get_ok(&root, "/admin/domains/acme/disable").await;
    assert!(
        confirm.contains("Disable <strong>Acme Corp</strong>?"),
        "{confirm}"
    );
    let res = send_form(&root, &confirm, "/admin/domains/acme/disable", &[]).await;
    assert_eq!(location(&res), "/admin/domains/acme?done=disabled");
    let html = follow(&root, res).await;
    assert!(html.contains("The domain Acme Corp is disabled."));
    assert!(html.contains("class=\"state state-off\">Disabled<"));
    assert!(html.contains("action=\"/admin/domains/acme/enable\""));
    assert_eq!(metadata_status(&app, "acme").await, 404);
    let list = get_ok(&root, domains).await;
    assert!(list.contains("state-off"));
    assert!(
        get_ok(&root, "/admin/")
            .await
            .contains("2 domains, 1 disabled")
    );

    // The administrators' domain cannot be: the flow refuses, the page says why.
    let main = get_ok(&root, "/admin/domains/main").await;
    assert!(main.contains("This is the administrators’ domain: it cannot be disabled"));
    assert!(!main.contains("/admin/domains/main/disable\""));
    let (status, html) =
        page(send_form(&root, &main, "/admin/domains/main/disable", &[]).await).await;
    assert_eq!(status, 403);
    assert!(html.contains("role=\"alert\">The administrators’ domain cannot be disabled"));
    assert_eq!(metadata_status(&app, "main").await, 200);

    // Enable again.
    let html = get_ok(&root, acme).await;
    let res = send_form(&root, &html, "/admin/domains/acme/enable", &[]).await;
    assert_eq!(location(&res), "/admin/domains/acme?done=enabled");
    assert!(
        follow(&root, res)
            .await
            .contains("The domain Acme Corp is enabled.")
    );
    assert_eq!(metadata_status(&app, "acme").await, 200);

    // A `done` the page does not know says nothing; an unknown domain is 404.
    let html = get_ok(&root, "/admin/domains/acme?done=%3Cb%3E").await;
    assert!(!html.contains("role=\"status\""));
    let (status, _) = page(root.browser.get("/admin/domains/nope").await).await;
    assert_eq!(status, 404);

    // All of it is in the audit log, by root.
    let log = "/admin/audit?domain=acme&actor=root";
    assert!(audited(&root, log, "domain.update").await);
    assert!(audited(&root, "/admin/audit?actor=root", "domain.create").await);
}

#[tokio::test]
async fn the_administrator_appoints_and_removes_a_manager() {
    let (app, root) = setup().await;
    app.prov.create_domain("acme", Some("Acme")).await.unwrap();
    app.prov
        .create_user(
            "acme",
            "olga",
            Some(PASSWORD),
            Some("olga@acme.example"),
            &[],
        )
        .await
        .unwrap();
    let acme = "/admin/domains/acme";
    let html = get_ok(&root, acme).await;
    assert!(html.contains("This domain has no manager yet."));
    assert!(
        html.contains("href=\"/d/acme/manage/\""),
        "the way to its manager pages"
    );

    // Someone who is not a user there: said next to the field.
    let (status, html) = page(
        submit(
            &root,
            acme,
            "/admin/domains/acme/managers",
            &[("username", "nobody")],
        )
        .await,
    )
    .await;
    assert_eq!(status, 404);
    assert!(
        html.contains("id=\"appoint-username-error\">Acme has no user “nobody”."),
        "{html}"
    );

    let res = submit(
        &root,
        acme,
        "/admin/domains/acme/managers",
        &[("username", "olga")],
    )
    .await;
    assert_eq!(location(&res), "/admin/domains/acme?appointed=olga");
    let html = follow(&root, res).await;
    assert!(html.contains("olga is now a manager of Acme."));
    assert!(html.contains("<th scope=\"row\" data-label=\"Username\">olga</th>"));
    assert!(html.contains("olga@acme.example"));

    // She manages acme now.
    let olga = Session::anonymous(&app);
    olga.sign_in_at("acme", "olga").await;
    get_ok(&olga, "/d/acme/manage/").await;
    // So may the super administrator, from the link.
    get_ok(&root, "/d/acme/manage/users").await;

    // Removed, after a confirmation: she no longer does (her session stays, her role goes).
    let confirm = get_ok(&root, "/admin/domains/acme/managers/olga/remove").await;
    assert!(confirm.contains("Remove <strong>olga</strong> as manager?"));
    let res = send_form(
        &root,
        &confirm,
        "/admin/domains/acme/managers/olga/remove",
        &[],
    )
    .await;
    assert_eq!(location(&res), "/admin/domains/acme?removed=olga");
    let html = follow(&root, res).await;
    assert!(html.contains("olga is no longer a manager of Acme."));
    assert!(html.contains("This domain has no manager yet."));
    let (status, _) = page(olga.browser.get("/d/acme/manage/").await).await;
    assert_eq!(status, 403);
    assert!(
        audited(
            &root,
            "/admin/audit?domain=acme&action=user.roles",
            "user.roles"
        )
        .await
    );
    // Removing again: not a manager.
    let (status, _) = page(
        root.browser
            .get("/admin/domains/acme/managers/olga/remove")
            .await,
    )
    .await;
    assert_eq!(status, 404);
    // A message naming someone is said only if it is so.
    let html = get_ok(&root, "/admin/domains/acme?appointed=olga").await;
    assert!(!html.contains("role=\"status\""));
}

#[tokio::test]
async fn the_administrator_creates_rotates_and_revokes_an_api_consumer() {
    let (app, root) = setup().await;
    app.prov.create_domain("acme", Some("Acme")).await.unwrap();
    app.prov
        .create_scope("acme", "reports:read", Some("Read the reports"), &[])
        .await
        .unwrap();
    let acme = "/admin/domains/acme";
    let form_page = get_ok(&root, acme).await;
    assert!(form_page.contains("Read the reports"));
    assert!(form_page.contains("value=\"client_credentials\" checked"));
    let create = "/admin/domains/acme/consumers";
    let fields = [
        ("name", "Billing sync"),
        ("grant_type", "client_credentials"),
        ("scope", "reports:read"),
        ("redirect_uris", ""),
    ];
    let res = send_form(&root, &form_page, create, &fields).await;
    assert_eq!(res.status(), 200);
    let shown = res.text().await.unwrap();
    assert!(shown.contains("Copy it now: it will not be shown again."));
    assert!(
        shown.contains("src=\"/static/jeton.js\"") && shown.contains("data-copy=\"client-secret\"")
    );
    let id = code_by_id(&shown, "client-id");
    let secret = code_by_id(&shown, "client-secret");
    assert!(secret.starts_with("jeton_cs_"), "{secret}");
    assert!(shown.contains(&format!("curl -u '{id}:{secret}'")));
    let consumer = TestClient {
        id: id.clone(),
        secret: Some(secret.clone()),
    };
    let token = |c: &TestClient| {
        let (id, secret) = (c.id.clone(), c.secret.clone().unwrap());
        let app = &app;
        async move {
            app.post_form(
                "/d/acme/oauth/token",
                Some((&id, &secret)),
                &[("grant_type", "client_credentials")],
            )
            .await
        }
    };
    let res = token(&consumer).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["scope"], "reports:read");

    // The same form again (a reload): 409, no second consumer, no secret.
    let (status, again) = page(send_form(&root, &form_page, create, &fields).await).await;
    assert_eq!(status, 409);
    assert!(again.contains("This form was already sent") && !again.contains("jeton_cs_"));
    let list: Value = root
        .call("GET", "/admin/domains/acme/consumers", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    let html = get_ok(&root, acme).await;
    assert!(html.contains("<span class=\"client-row-name\">Billing sync</span>"));
    assert!(html.contains("<li class=\"badge\">client_credentials</li>"));
    assert!(!html.contains(&secret));

    // Refusals land next to their field.
    let fresh = get_ok(&root, acme).await;
    let (status, html) = page(
        send_form(
            &root,
            &fresh,
            create,
            &[
                ("name", "Portal"),
                ("grant_type", "authorization_code"),
                (
                    "redirect_uris",
                    "https://ok.example/cb\nhttp://portal.example/cb",
                ),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        html.contains("id=\"consumer-redirect-uris-error\">“http://portal.example/cb” cannot be a redirect URI"),
        "{html}"
    );
    assert!(
        html.contains("value=\"authorization_code\" checked"),
        "as typed"
    );
    let (status, html) = page(
        send_form(
            &root,
            &fresh,
            create,
            &[("name", "Portal"), ("grant_type", "authorization_code")],
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(html.contains("The authorization code needs at least one redirect URI."));
    let (status, html) =
        page(send_form(&root, &fresh, create, &[("name", " "), ("scope", "nope")]).await).await;
    assert_eq!(status, 400);
    assert!(html.contains("id=\"consumer-name-error\">Give it a name of 1 to 200 characters."));

    // Rotate, after a confirmation: the old secret dies, the new one works; the same
    // confirmation sent again replaces nothing more.
    let rotate = format!("/admin/domains/acme/consumers/{id}/rotate-secret");
    let confirm = get_ok(&root, &rotate).await;
    assert!(confirm.contains("Replace the secret of <strong>Billing sync</strong>?"));
    assert!(hidden(&confirm, "seen").is_some());
    let res = send_form(&root, &confirm, &rotate, &[]).await;
    assert_eq!(res.status(), 200);
    let rotated = res.text().await.unwrap();
    assert!(rotated.contains("The previous secret no longer works."));
    let new_secret = code_by_id(&rotated, "client-secret");
    assert_ne!(new_secret, secret);
    assert_eq!(token(&consumer).await.status(), 401);
    let renewed = TestClient {
        id: id.clone(),
        secret: Some(new_secret.clone()),
    };
    let at: Value = token(&renewed).await.json().await.unwrap();
    let at = at["access_token"].as_str().unwrap().to_owned();
    let (status, again) = page(send_form(&root, &confirm, &rotate, &[]).await).await;
    assert_eq!(status, 409);
    assert!(!again.contains("jeton_cs_"));
    assert_eq!(
        token(&renewed).await.status(),
        200,
        "the shown secret still works"
    );

    // Revoke, after a confirmation: it gets no more tokens, its tokens end.
    let revoke = format!("/admin/domains/acme/consumers/{id}/revoke");
    let confirm = get_ok(&root, &revoke).await;
    assert!(confirm.contains("Revoke <strong>Billing sync</strong>?"));
    let res = send_form(&root, &confirm, &revoke, &[]).await;
    assert_eq!(location(&res), format!("/admin/domains/acme?revoked={id}"));
    let html = follow(&root, res).await;
    assert!(html.contains("The API consumer Billing sync was revoked"));
    assert!(html.contains("state state-revoked"));
    assert!(!html.contains(&revoke), "no more revoke link");
    assert_eq!(token(&renewed).await.status(), 401);
    let check = app
        .post_form(
            "/d/acme/oauth/introspect",
            Some((&id, &new_secret)),
            &[("token", &at)],
        )
        .await;
    assert_eq!(check.status(), 401, "a revoked client cannot even ask");
    let (status, _) = page(root.browser.get(&revoke).await).await;
    assert_eq!(status, 404);

    let log = "/admin/audit?domain=acme&actor=root";
    for action in ["client.create", "client.rotate_secret", "client.revoke"] {
        assert!(audited(&root, log, action).await, "{action}");
    }
}

#[tokio::test]
async fn the_administrator_creates_and_revokes_an_admin_api_token() {
    let (app, root) = setup().await;
    app.prov.create_domain("acme", Some("Acme")).await.unwrap();
    let tokens = "/admin/tokens";
    let form_page = get_ok(&root, tokens).await;
    assert!(form_page.contains("<option value=\"domain:acme\">Acme only (domain:acme)</option>"));
    let now = jeton_core::Clock::now(app.clock.as_ref());
    let date = jeton_core::dates::date_field(now + 30 * 86_400);
    let fields = [
        ("name", "ci"),
        ("scope", "admin"),
        ("expires_at", date.as_str()),
    ];
    let res = send_form(&root, &form_page, tokens, &fields).await;
    assert_eq!(res.status(), 200);
    let shown = res.text().await.unwrap();
    let secret = code_by_id(&shown, "token-secret");
    assert!(secret.starts_with("jeton_adm_"), "{secret}");
    assert!(
        shown.contains(&format!(
            "curl -H \"Authorization: Bearer {secret}\" \\\n     {}/api/v1/admin/domains",
            app.base
        )),
        "{shown}"
    );
    let bearer = |secret: String| {
        let app = &app;
        async move {
            app.http
                .get(app.url("/api/v1/admin/domains"))
                .bearer_auth(secret)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(bearer(secret.clone()).await, 200);

    // The same form again: 409, one token.
    let (status, again) = page(send_form(&root, &form_page, tokens, &fields).await).await;
    assert_eq!(status, 409);
    assert!(!again.contains("jeton_adm_"));
    let list: Value = root
        .call("GET", "/admin/tokens", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    let id = list[0]["id"].as_str().unwrap().to_owned();

    // Refused: more than a year; a scope of no domain.
    let fresh = get_ok(&root, tokens).await;
    let far = jeton_core::dates::date_field(now + 400 * 86_400);
    let (status, html) = page(
        send_form(
            &root,
            &fresh,
            tokens,
            &[("name", "x"), ("scope", "admin"), ("expires_at", &far)],
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        html.contains("id=\"token-expires-error\">Choose a date from"),
        "{html}"
    );
    let (status, html) = page(
        send_form(
            &root,
            &fresh,
            tokens,
            &[
                ("name", "x"),
                ("scope", "domain:nope"),
                ("expires_at", &date),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(html.contains("id=\"token-scope-error\">"), "{html}");

    // One domain's token shows one domain's call.
    let fresh = get_ok(&root, tokens).await;
    let res = send_form(
        &root,
        &fresh,
        tokens,
        &[
            ("name", "acme-sync"),
            ("scope", "domain:acme"),
            ("expires_at", &date),
        ],
    )
    .await;
    let shown = res.text().await.unwrap();
    assert!(shown.contains("/api/v1/domains/acme/users"));

    // The list shows them, never their values; revoked after a confirmation, at once.
    let html = get_ok(&root, tokens).await;
    assert!(
        html.contains("<span class=\"client-row-name\">ci</span>") && !html.contains("jeton_adm_")
    );
    let revoke = format!("/admin/tokens/{id}/revoke");
    assert!(html.contains(&format!("href=\"{revoke}\"")));
    let confirm = get_ok(&root, &revoke).await;
    assert!(confirm.contains("Revoke the admin API token <strong>ci</strong>?"));
    let res = send_form(&root, &confirm, &revoke, &[]).await;
    assert_eq!(location(&res), format!("/admin/tokens?revoked={id}"));
    let html = follow(&root, res).await;
    assert!(html.contains("The token ci was revoked"));
    assert_eq!(bearer(secret).await, 401);
    let (status, _) = page(send_form(&root, &confirm, &revoke, &[]).await).await;
    assert_eq!(status, 404);
    assert!(audited(&root, "/admin/audit?actor=root", "admin_token.revoke").await);
}

#[tokio::test]
async fn the_global_audit_log_shows_every_domain_and_filters() {
    let (app, root) = setup().await;
    let domains = "/admin/domains";
    submit(&root, domains, domains, &[("slug", "acme")]).await;
    app.prov
        .create_user("acme", "olga", Some(PASSWORD), None, &[])
        .await
        .unwrap();
    submit(
        &root,
        "/admin/domains/acme",
        "/admin/domains/acme/managers",
        &[("username", "olga")],
    )
    .await;
    let form_page = get_ok(&root, "/admin/tokens").await;
    let date =
        jeton_core::dates::date_field(jeton_core::Clock::now(app.clock.as_ref()) + 86_400 * 9);
    send_form(
        &root,
        &form_page,
        "/admin/tokens",
        &[("name", "ci"), ("scope", "admin"), ("expires_at", &date)],
    )
    .await;

    let html = get_ok(&root, "/admin/audit").await;
    for action in [
        "domain.create",
        "user.roles",
        "admin_token.create",
        "sign_in",
    ] {
        assert!(
            html.contains(&format!("<code class=\"audit-action\">{action}</code>")),
            "{action}"
        );
    }
    assert!(html.contains("<th scope=\"col\">Domain</th>"));
    assert!(html.contains("data-label=\"Domain\"><code class=\"value\">acme</code>"));
    assert!(html.contains("data-label=\"Domain\"><span class=\"muted\">Global</span>"));

    // Filtered by domain: acme's events only.
    let html = get_ok(&root, "/admin/audit?domain=acme").await;
    assert!(html.contains("<option value=\"acme\" selected>"));
    let logged = |html: &str, action: &str| {
        html.contains(&format!("<code class=\"audit-action\">{action}</code>"))
    };
    assert!(logged(&html, "user.roles") && !logged(&html, "admin_token.create"));
    assert!(!logged(&html, "domain.create"), "a global event");
    let html = get_ok(&root, "/admin/audit?action=admin_token.create&actor=root").await;
    assert!(logged(&html, "admin_token.create") && !logged(&html, "user.roles"));
    let (status, html) = page(root.browser.get("/admin/audit?domain=nope").await).await;
    assert_eq!(status, 400);
    assert!(html.contains("role=\"alert\""));

    // "Older" pages through.
    let html = get_ok(&root, "/admin/audit?limit=2").await;
    let older = html.split("\" rel=\"next\"").next().unwrap();
    let older = &older[older.rfind("href=\"").unwrap() + 6..].replace("&#38;", "&");
    assert!(older.starts_with("/admin/audit?limit=2&before="), "{older}");
    let html = get_ok(&root, older).await;
    assert!(html.contains("Newest"));
}

#[tokio::test]
async fn only_the_super_administrator_gets_in() {
    let (app, _root) = setup().await;
    // No session: to main's login, and back here after it.
    let nobody = Session::anonymous(&app);
    let res = nobody.browser.get("/admin/domains?x=1").await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        location(&res),
        "/d/main/login?return_to=%2Fadmin%2Fdomains%3Fx%3D1"
    );
    let res = nobody
        .browser
        .post("/admin/domains", &[("slug", "x")])
        .await;
    assert_eq!(location(&res), "/d/main/login?return_to=%2Fadmin%2F");
    let res = nobody
        .browser
        .login("root", PASSWORD, "/admin/domains")
        .await;
    assert_eq!(location(&res), "/admin/domains", "signing in comes back");
    // Only the admin pages are a return path besides main's own (no open redirect).
    let res = Session::anonymous(&app)
        .browser
        .login("root", PASSWORD, "/administrator/")
        .await;
    assert_eq!(
        location(&res),
        "/admin/",
        "not followed: root lands where the role takes him"
    );

    // A manager and a plain user: 403, for pages and forms alike.
    for who in ["mia", "alice"] {
        let s = Session::sign_in(&app, who).await;
        for url in [
            "/admin/",
            "/admin/domains",
            "/admin/tokens",
            "/admin/audit",
            "/admin/domains/main",
        ] {
            let (status, html) = page(s.browser.get(url).await).await;
            assert_eq!(status, 403, "{who} {url}");
            assert!(
                html.contains("you are not the server administrator"),
                "{html}"
            );
        }
        let (status, _) = page(s.browser.post("/admin/domains", &[("slug", "x")]).await).await;
        assert_eq!(status, 403);
    }
    // A manager of another domain has no session of main: to the login.
    app.prov.create_domain("other", None).await.unwrap();
    app.prov
        .create_user("other", "olga", Some(PASSWORD), None, &[MANAGER.to_owned()])
        .await
        .unwrap();
    let olga = Session::anonymous(&app);
    olga.sign_in_at("other", "olga").await;
    assert_eq!(olga.browser.get("/admin/").await.status(), 303);

    // The administrator's form without its token changes nothing.
    let root = Session::sign_in(&app, "root").await;
    let (status, _) = page(
        root.browser
            .post("/admin/domains", &[("slug", "eve")])
            .await,
    )
    .await;
    assert_eq!(status, 403);
    assert!(app.store.domain_by_slug("eve").await.unwrap().is_none());
}

#[tokio::test]
async fn a_french_administrator_reads_french() {
    let (app, _root) = setup().await;
    let b = Browser::speaking(&app, "fr-FR,fr;q=0.9");
    let res = b.login("root", PASSWORD, "/admin/domains").await;
    assert_eq!(location(&res), "/admin/domains");
    let html = b.get("/admin/domains").await.text().await.unwrap();
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(html.contains(">Domaines</h1>") && html.contains("Créer le domaine"));
    assert!(html.contains(">Jetons d’API d’administration</a>"));
    assert!(!html.contains(">Domains<") && !html.contains("Create the domain"));
    let csrf = hidden(&html, "csrf").unwrap();
    let res = b
        .post("/admin/domains", &[("csrf", &csrf), ("slug", "-x-")])
        .await;
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Un identifiant compte de 1 à 63 lettres minuscules"),
        "{html}"
    );
    let res = b
        .post("/admin/domains", &[("csrf", &csrf), ("slug", "acme")])
        .await;
    assert_eq!(location(&res), "/admin/domains/acme?done=created");
    let html = b
        .get("/admin/domains/acme?done=created")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Le domaine acme a été créé."), "{html}");
    assert!(html.contains("Consommateurs d’API") && html.contains("Nommer un manager"));
    let confirm = b
        .get("/admin/domains/acme/disable")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        confirm.contains("Désactiver <strong>acme</strong>\u{a0}?"),
        "{confirm}"
    );
    let tokens = b.get("/admin/tokens").await.text().await.unwrap();
    assert!(tokens.contains("Date d’expiration") && tokens.contains("Tous les domaines"));
    let home = b.get("/admin/").await.text().await.unwrap();
    assert!(home.contains("2 domaines, aucun désactivé"), "{home}");
    let audit = b.get("/admin/audit").await.text().await.unwrap();
    assert!(audit.contains("Journal d’audit") && audit.contains("Domaine créé"));
    // Forbidden, in French too.
    let alice = Browser::speaking(&app, "fr");
    alice.login("alice", PASSWORD, "/admin/").await;
    let res = alice.get("/admin/").await;
    assert_eq!(res.status(), 403);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("vous n’êtes pas l’administrateur du serveur")
    );
}
