//! The domain managers' pages over HTTP (`/d/{d}/manage/...`): users, the client table,
//! scopes, settings and the audit log, through the real forms (CSRF tokens included), and
//! that nobody reaches further than their domain and role.

use jeton_core::roles::{MANAGER, PERSONAL_CLIENTS, SUPER_ADMIN};
use jeton_flows::provision::ClientSpec;

use crate::api_account::Session;
use crate::helpers::*;

/// main: manager mia, alice (personal clients), scope read; domain other: manager olga.
async fn setup() -> TestApp {
    let app = spawn_app().await;
    app.scope("read", "Read your photos", &[]).await;
    app.user("mia", &[MANAGER]).await;
    app.user("alice", &[PERSONAL_CLIENTS]).await;
    app.prov
        .create_domain("other", Some("Other Inc"))
        .await
        .unwrap();
    app.prov
        .create_user("other", "olga", Some(PASSWORD), None, &[MANAGER.to_owned()])
        .await
        .unwrap();
    app
}

/// The status and the body of a response.
pub(crate) async fn page(res: reqwest::Response) -> (u16, String) {
    let status = res.status().as_u16();
    (status, res.text().await.unwrap())
}

/// GET `url` and expect 200: the page's HTML.
pub(crate) async fn get_ok(s: &Session, url: &str) -> String {
    let (status, html) = page(s.browser.get(url).await).await;
    assert_eq!(status, 200, "GET {url}: {html}");
    html
}

/// Submits a form of the page at `form_page` (its CSRF token) to `action` with `fields`.
pub(crate) async fn submit(
    s: &Session,
    form_page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let html = get_ok(s, form_page).await;
    let csrf = hidden(&html, "csrf").expect("a CSRF field");
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    s.browser.post(action, &all).await
}

/// Follows a 303 and answers the page it leads to.
pub(crate) async fn follow(s: &Session, res: reqwest::Response) -> String {
    assert_eq!(res.status(), 303, "{:?}", res.text().await);
    get_ok(s, &location(&res)).await
}

/// The text of every element whose opening tag ends with `marker` (e.g. the names of a
/// table's rows), in order.
fn texts_after(html: &str, marker: &str) -> Vec<String> {
    html.split(marker)
        .skip(1)
        .map(|rest| rest[..rest.find('<').unwrap()].to_owned())
        .collect()
}

/// Where the pager's "Next" (or "Older") link goes, decoded (`&#38;` is `&`).
fn next_link(html: &str) -> Option<String> {
    let at = html.find("\" rel=\"next\"")?;
    let start = html[..at].rfind("href=\"")? + 6;
    Some(html[start..at].replace("&#38;", "&"))
}

fn client_names(html: &str) -> Vec<String> {
    texts_after(html, "<span class=\"client-row-name\">")
}

#[tokio::test]
async fn a_manager_creates_users_gives_roles_and_disables_them() {
    let app = setup().await;
    let mia = Session::sign_in(&app, "mia").await;
    let users = "/d/main/manage/users";

    let home = get_ok(&mia, "/d/main/manage/").await;
    assert!(home.contains("aria-current=\"page\">Overview<"), "{home}");
    for link in ["Users", "OAuth clients", "Scopes", "Settings", "Audit log"] {
        assert!(home.contains(&format!(">{link}</a>")), "{link}");
    }

    // Create: the page of the new user says so.
    let res = submit(
        &mia,
        users,
        users,
        &[
            ("username", "carl"),
            ("email", "carl@example.com"),
            ("password", PASSWORD),
            ("roles", "editor"),
        ],
    )
    .await;
    assert_eq!(location(&res), "/d/main/manage/users/carl?done=created");
    let carl = follow(&mia, res).await;
    assert!(
        carl.contains("role=\"status\">The user was created."),
        "{carl}"
    );
    assert!(carl.contains("<li class=\"badge\">editor</li>"));

    // Refusals land next to their field, with the form as typed (never the password).
    let (status, html) = page(
        submit(
            &mia,
            users,
            users,
            &[("username", "Bad Name"), ("password", "secret-typed")],
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(html.contains("id=\"new-username-error\">A username has 1 to 128 characters"));
    assert!(html.contains("aria-describedby=\"new-username-error\""));
    assert!(html.contains("value=\"Bad Name\""));
    assert!(
        !html.contains("secret-typed"),
        "the password is not shown again"
    );
    let (status, html) = page(submit(&mia, users, users, &[("username", "carl")]).await).await;
    assert_eq!(status, 409);
    assert!(html.contains("id=\"new-username-error\">A user with this username already exists."));
    let (status, html) = page(
        submit(
            &mia,
            users,
            users,
            &[("username", "dora"), ("password", "short")],
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(html.contains("id=\"new-password-error\">A password has at least 8 characters."));
    let (status, html) = page(
        submit(
            &mia,
            users,
            users,
            &[("username", "dora"), ("roles", "editor manager")],
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        html.contains(
            "id=\"new-roles-error\">Only the server administrator appoints or removes managers."
        ),
        "a manager cannot make managers"
    );

    // Roles: personal-clients is explained, and given; manager is not a manager's to give.
    let carl_url = "/d/main/manage/users/carl";
    let carl = get_ok(&mia, carl_url).await;
    assert!(carl.contains("personal-clients lets the user create their own OAuth clients"));
    let roles_url = "/d/main/manage/users/carl/roles";
    let res = submit(
        &mia,
        carl_url,
        roles_url,
        &[("roles", "editor personal-clients")],
    )
    .await;
    assert_eq!(location(&res), "/d/main/manage/users/carl?done=roles");
    let carl = follow(&mia, res).await;
    assert!(carl.contains("<li class=\"badge\">personal-clients</li>"));
    let (status, html) = page(
        submit(
            &mia,
            carl_url,
            roles_url,
            &[("roles", "editor personal-clients manager")],
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(html.contains(
        "id=\"roles-error\">Only the server administrator appoints or removes managers."
    ));
    assert!(
        html.contains("value=\"editor personal-clients manager\""),
        "as typed"
    );

    // Attributes: lines read, then the flow's rule; errors next to the textarea.
    let attrs_url = "/d/main/manage/users/carl/attributes";
    let (status, html) = page(
        submit(
            &mia,
            carl_url,
            attrs_url,
            &[("attributes", "department = finance\nno equals")],
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(html.contains("id=\"attributes-error\">Line 2: write key = value."));
    let (status, html) =
        page(submit(&mia, carl_url, attrs_url, &[("attributes", "Dept = x")]).await).await;
    assert_eq!(status, 400);
    assert!(html.contains("id=\"attributes-error\">These attributes cannot be saved"));
    let res = submit(
        &mia,
        carl_url,
        attrs_url,
        &[("attributes", "department = finance\ncost.centre = 42")],
    )
    .await;
    let carl = follow(&mia, res).await;
    assert!(carl.contains("The attributes were saved."));
    assert!(carl.contains("<code>department</code> = finance"));

    // Disable (after a confirmation): carl's personal client stops at once; enable: back.
    let job = app
        .client(ClientSpec {
            name: "carl job".into(),
            grants: vec!["client_credentials".into()],
            owner: Some("carl".into()),
            expires_at: Some("2027-06-01T00:00:00Z".into()),
            ..Default::default()
        })
        .await;
    let cc = [("grant_type", "client_credentials")];
    assert_eq!(app.token(&job, &cc).await.status(), 200);
    let confirm = get_ok(&mia, "/d/main/manage/users/carl/disable").await;
    assert!(confirm.contains("will stop working at once"), "{confirm}");
    let res = submit(
        &mia,
        "/d/main/manage/users/carl/disable",
        "/d/main/manage/users/carl/disable",
        &[],
    )
    .await;
    let carl = follow(&mia, res).await;
    assert!(carl.contains("role=\"status\">The user was disabled."));
    assert!(carl.contains(">Disabled</span>"));
    assert_eq!(app.token(&job, &cc).await.status(), 401);
    let res = submit(&mia, carl_url, "/d/main/manage/users/carl/enable", &[]).await;
    let carl = follow(&mia, res).await;
    assert!(carl.contains("The user was enabled."));
    assert_eq!(app.token(&job, &cc).await.status(), 200);

    // The list: search, and pages with "Next".
    let found = get_ok(&mia, "/d/main/manage/users?search=AR").await;
    assert!(found.contains(">carl</a>") && !found.contains(">mia</a>"));
    let first = get_ok(&mia, "/d/main/manage/users?limit=2").await;
    assert_eq!(
        texts_after(
            &first,
            "<th scope=\"row\" data-label=\"Username\"><a href=\"/d/main/manage/users/"
        )
        .len(),
        2
    );
    let next_url = next_link(&first).expect("a next page");
    assert_eq!(next_url, "/d/main/manage/users?limit=2&after=carl");
    let second = get_ok(&mia, &next_url).await;
    assert!(second.contains(">mia</a>") && !second.contains(">alice</a>"));

    // A fellow manager is not this manager's to change, nor is the manager's own standing.
    app.user("max", &[MANAGER]).await;
    let max = get_ok(&mia, "/d/main/manage/users/max").await;
    assert!(max.contains("only the server administrator can change them"));
    assert!(!max.contains("/d/main/manage/users/max/disable"));
    let (status, _) = page(mia.browser.get("/d/main/manage/users/max/disable").await).await;
    assert_eq!(status, 403, "no confirmation of what would be refused");
    // Posted anyway (with a valid token, taken from another form): the flow refuses.
    let (status, html) =
        page(submit(&mia, users, "/d/main/manage/users/max/disable", &[]).await).await;
    assert_eq!(status, 403, "{html}");
    assert!(html.contains("a manager changes neither another manager nor an administrator"));
    let me = get_ok(&mia, "/d/main/manage/users/mia").await;
    assert!(
        me.contains("only the server administrator can change them"),
        "managers are changed by the administrator, themselves included"
    );
    let (status, _) = page(mia.browser.get("/d/main/manage/users/nobody").await).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_client_table_sorts_filters_pages_and_revokes_after_a_confirmation() {
    let app = setup().await;
    // Created in an order that is neither the names' nor their reverse.
    let mut ids = Vec::new();
    for name in ["charlie", "alpha", "delta", "bravo"] {
        app.clock.advance(60);
        let c = app
            .client(ClientSpec {
                name: name.into(),
                grants: vec!["client_credentials".into()],
                ..Default::default()
            })
            .await;
        ids.push((name, c));
    }
    app.clock.advance(60);
    app.client(ClientSpec {
        name: "echo script".into(),
        grants: vec!["client_credentials".into()],
        owner: Some("alice".into()),
        expires_at: Some("2027-06-01T00:00:00Z".into()),
        ..Default::default()
    })
    .await;
    let mia = Session::sign_in(&app, "mia").await;
    let table = "/d/main/manage/clients";

    let html = get_ok(&mia, &format!("{table}?sort=name&order=asc")).await;
    assert_eq!(
        client_names(&html),
        ["alpha", "bravo", "charlie", "delta", "echo script"]
    );
    assert!(html.contains(
        "<th scope=\"col\" class=\"sortable\" aria-sort=\"ascending\"><a class=\"sort\" href=\"/d/main/manage/clients?sort=name&#38;order=desc\">Name</a></th>"
    ));
    assert!(html.contains(">Personal</td>") && html.contains(">Application</td>"));
    assert!(html.contains("<a href=\"/d/main/manage/users/alice\">alice</a>"));
    let html = get_ok(&mia, &format!("{table}?sort=name&order=desc")).await;
    assert_eq!(
        client_names(&html),
        ["echo script", "delta", "charlie", "bravo", "alpha"]
    );
    assert!(html.contains("aria-sort=\"descending\""));
    let html = get_ok(&mia, table).await;
    assert_eq!(
        client_names(&html),
        ["charlie", "alpha", "delta", "bravo", "echo script"],
        "by creation by default"
    );
    // Filters: owner, free text, status; the sort is kept by the form.
    let html = get_ok(&mia, &format!("{table}?owner=alice")).await;
    assert_eq!(client_names(&html), ["echo script"]);
    let html = get_ok(&mia, &format!("{table}?owner=nobody")).await;
    assert!(client_names(&html).is_empty() && html.contains("No clients match."));
    let html = get_ok(&mia, &format!("{table}?q=RAV&sort=name&order=desc")).await;
    assert_eq!(client_names(&html), ["bravo"]);
    assert!(html.contains("<input type=\"hidden\" name=\"sort\" value=\"name\">"));
    assert!(html.contains("<input type=\"hidden\" name=\"order\" value=\"desc\">"));
    let html = get_ok(&mia, &format!("{table}?status=revoked")).await;
    assert!(client_names(&html).is_empty());

    // Pages: the cursor, with the sort and the filters kept.
    let first = get_ok(&mia, &format!("{table}?sort=name&limit=2&status=active")).await;
    assert_eq!(client_names(&first), ["alpha", "bravo"]);
    let next = next_link(&first).expect("a next page");
    assert!(
        next.starts_with(
            "/d/main/manage/clients?sort=name&order=asc&status=active&limit=2&cursor="
        ),
        "{next}"
    );
    let second = get_ok(&mia, &next).await;
    assert_eq!(client_names(&second), ["charlie", "delta"]);
    assert!(second.contains(">First page</a>"));
    let third = get_ok(&mia, &next_link(&second).expect("a third page")).await;
    assert_eq!(client_names(&third), ["echo script"]);
    assert_eq!(next_link(&third), None, "the last page");
    let bad = get_ok(&mia, &format!("{table}?cursor=garbage")).await;
    assert!(bad.contains("role=\"alert\">This page link is no longer valid"));

    // Revoke bravo through its confirmation page: its token dies with it.
    let (_, bravo) = &ids[3];
    let rs = &ids[0].1;
    let tok: serde_json::Value = app
        .token(bravo, &[("grant_type", "client_credentials")])
        .await
        .json()
        .await
        .unwrap();
    let access = tok["access_token"].as_str().unwrap();
    assert_eq!(app.introspect(rs, access).await["active"], true);
    let confirm_url = format!("/d/main/manage/clients/{}/revoke", bravo.id);
    let html = get_ok(&mia, &format!("{table}?sort=name")).await;
    assert!(html.contains(&format!(
        "href=\"{confirm_url}\" aria-label=\"Revoke bravo\""
    )));
    let confirm = get_ok(&mia, &confirm_url).await;
    assert!(confirm.contains("This cannot be undone"));
    assert!(confirm.contains(&bravo.id));
    let res = submit(&mia, &confirm_url, &confirm_url, &[]).await;
    assert_eq!(
        location(&res),
        format!("/d/main/manage/clients?revoked={}", bravo.id)
    );
    let html = follow(&mia, res).await;
    assert!(
        html.contains("role=\"status\">“bravo” was revoked: its tokens no longer work."),
        "{html}"
    );
    assert_eq!(app.introspect(rs, access).await["active"], false);
    assert_eq!(
        app.token(bravo, &[("grant_type", "client_credentials")])
            .await
            .status(),
        401
    );
    let html = get_ok(&mia, &format!("{table}?status=revoked")).await;
    assert_eq!(client_names(&html), ["bravo"]);
    assert!(
        !html.contains(&confirm_url),
        "no revoke link for a revoked client"
    );
    let (status, _) = page(mia.browser.get(&confirm_url).await).await;
    assert_eq!(status, 404, "nothing left to revoke");
    // A revoke POST without the form's token changes nothing.
    let (_, delta) = &ids[2];
    let delta_url = format!("/d/main/manage/clients/{}/revoke", delta.id);
    let (status, _) = page(mia.browser.post(&delta_url, &[("csrf", "forged")]).await).await;
    assert_eq!(status, 403);
    assert_eq!(
        app.token(delta, &[("grant_type", "client_credentials")])
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn scopes_and_settings_forms_say_what_is_wrong_next_to_the_field() {
    let app = setup().await;
    let mia = Session::sign_in(&app, "mia").await;
    let scopes = "/d/main/manage/scopes";
    let html = get_ok(&mia, scopes).await;
    assert!(
        html.contains("<code class=\"value\">read</code>") && html.contains("Read your photos")
    );
    let (status, html) = page(
        submit(
            &mia,
            scopes,
            scopes,
            &[("name", "bad name"), ("description", "x")],
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(html.contains("id=\"scope-name-error\">A scope name is printable ASCII"));
    let (status, html) = page(
        submit(
            &mia,
            scopes,
            scopes,
            &[("name", "ok"), ("roles", "not a role!")],
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        html.contains("id=\"scope-roles-error\">“role!” is not a role name"),
        "{html}"
    );
    let res = submit(
        &mia,
        scopes,
        scopes,
        &[
            ("name", "photos:write"),
            ("description", "Change your photos"),
            ("roles", "editor"),
        ],
    )
    .await;
    let html = follow(&mia, res).await;
    assert!(html.contains("role=\"status\">The scope “photos:write” was registered."));
    assert!(
        html.contains("Change your photos") && html.contains("<li class=\"badge\">editor</li>")
    );
    let (status, html) = page(submit(&mia, scopes, scopes, &[("name", "read")]).await).await;
    assert_eq!(status, 409);
    assert!(html.contains("id=\"scope-name-error\">A scope with this name already exists."));

    let settings = "/d/main/manage/settings";
    let html = get_ok(&mia, settings).await;
    assert_eq!(input_value(&html, "access_token_ttl_secs").unwrap(), "3600");
    assert_eq!(
        input_value(&html, "personal_client_max_lifetime_days").unwrap(),
        "365"
    );
    assert!(
        html.contains("name=\"personal_clients_enabled\" type=\"checkbox\" value=\"on\" checked")
    );
    let good = [
        ("access_token_ttl_secs", "600"),
        ("refresh_token_ttl_secs", "86400"),
        ("refresh_grace_secs", "10"),
        ("personal_client_max_lifetime_days", "30"),
    ];
    // The good values, but `value` for `name`.
    let with = |name: &'static str, value: &'static str| {
        let mut f: Vec<(&str, &str)> = good.to_vec();
        f.retain(|(k, _)| *k != name);
        f.push((name, value));
        f
    };
    let (status, html) =
        page(submit(&mia, settings, settings, &with("refresh_grace_secs", "61")).await).await;
    assert_eq!(status, 400);
    assert!(
        html.contains("id=\"grace-error\">Enter a number of seconds from 0 to 60."),
        "{html}"
    );
    assert_eq!(
        input_value(&html, "refresh_grace_secs").unwrap(),
        "61",
        "as typed"
    );
    let (status, html) = page(
        submit(
            &mia,
            settings,
            settings,
            &with("access_token_ttl_secs", "ten"),
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(html.contains("id=\"access-ttl-error\">Enter a whole number."));
    let (status, html) = page(
        submit(
            &mia,
            settings,
            settings,
            &with("personal_client_max_lifetime_days", "0"),
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(html.contains("id=\"max-days-error\">Enter a number of days from 1 to 1825."));
    // Saved: the personal-clients box was left unticked, so they are switched off.
    let res = submit(&mia, settings, settings, &good).await;
    let html = follow(&mia, res).await;
    assert!(html.contains("role=\"status\">The settings were saved."));
    assert_eq!(input_value(&html, "access_token_ttl_secs").unwrap(), "600");
    assert_eq!(input_value(&html, "refresh_grace_secs").unwrap(), "10");
    assert_eq!(
        input_value(&html, "personal_client_max_lifetime_days").unwrap(),
        "30"
    );
    assert!(!html.contains("value=\"on\" checked"));
    let stored = app.store.domain_by_slug("main").await.unwrap().unwrap();
    assert_eq!(stored.settings.access_token_ttl_secs, 600);
    assert_eq!(
        stored.settings.personal_client_max_lifetime_secs,
        30 * 86_400
    );
    assert!(!stored.settings.personal_clients_enabled);
    assert_eq!(
        stored.settings.access_token_format,
        jeton_core::access_token::AccessTokenFormat::Opaque,
        "a form without the choice keeps the format"
    );
    assert!(html.contains("type=\"radio\" value=\"opaque\" checked"));

    // The default access-token format, chosen with the radio buttons.
    let (status, html) = page(
        submit(
            &mia,
            settings,
            settings,
            &with("access_token_format", "xml"),
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(html.contains("id=\"access-format-error\">Choose opaque or JWT."));
    let res = submit(
        &mia,
        settings,
        settings,
        &with("access_token_format", "jwt"),
    )
    .await;
    let html = follow(&mia, res).await;
    assert!(
        html.contains("type=\"radio\" value=\"jwt\" checked"),
        "{html}"
    );
    let stored = app.store.domain_by_slug("main").await.unwrap().unwrap();
    assert_eq!(
        stored.settings.access_token_format,
        jeton_core::access_token::AccessTokenFormat::Jwt
    );
}

#[tokio::test]
async fn the_audit_page_lists_what_the_manager_did_escaped_and_filtered() {
    let app = setup().await;
    let mia = Session::sign_in(&app, "mia").await;
    let users = "/d/main/manage/users";
    // A username may hold markup characters: the log shows them as text. (The clock moves
    // between events: the log is ordered by time.)
    app.clock.advance(1);
    let res = submit(&mia, users, users, &[("username", "<i>eve</i>")]).await;
    assert_eq!(res.status(), 303);
    app.clock.advance(1);
    let res = submit(
        &mia,
        "/d/main/manage/users/alice",
        "/d/main/manage/users/alice/roles",
        &[("roles", "personal-clients editor")],
    )
    .await;
    assert_eq!(res.status(), 303);

    let audit = "/d/main/manage/audit";
    let html = get_ok(&mia, audit).await;
    let actions = texts_after(&html, "<code class=\"audit-action\">");
    assert_eq!(actions[..2], ["user.roles", "user.create"], "newest first");
    assert!(actions.contains(&"sign_in".to_owned()));
    assert!(html.contains("data-label=\"Who\">mia</td>"));
    assert!(html.contains("data-label=\"From\">127.0.0.1</td>"));
    assert!(html.contains("Roles changed <code"));
    assert!(html.contains("<span class=\"kv-key\">to:</span> editor, personal-clients"));
    assert!(html.contains("&#60;i&#62;eve&#60;/i&#62;") && !html.contains("<i>eve"));

    let only = get_ok(&mia, &format!("{audit}?action=user.create")).await;
    let by = texts_after(&only, "data-label=\"Who\">");
    assert_eq!(
        by,
        ["mia", "cli", "cli"],
        "the fixtures (mia, alice) came from the CLI"
    );
    let only = get_ok(&mia, &format!("{audit}?action=user.create&actor=mia")).await;
    assert_eq!(
        texts_after(&only, "<code class=\"audit-action\">"),
        ["user.create"]
    );
    assert!(only.contains("<option value=\"user.create\" selected>User created</option>"));
    let nobody = get_ok(&mia, &format!("{audit}?actor=nobody")).await;
    assert!(nobody.contains("No events match."));
    // "Older", one event a page.
    let first = get_ok(&mia, &format!("{audit}?actor=mia&limit=1")).await;
    assert_eq!(
        texts_after(&first, "<code class=\"audit-action\">"),
        ["user.roles"]
    );
    let older = next_link(&first).expect("an older page");
    assert!(
        older.starts_with("/d/main/manage/audit?actor=mia&limit=1&before="),
        "{older}"
    );
    let second = get_ok(&mia, &older).await;
    assert_eq!(
        texts_after(&second, "<code class=\"audit-action\">"),
        ["user.create"]
    );
    let (status, html) = page(mia.browser.get(&format!("{audit}?action=nope")).await).await;
    assert_eq!(status, 400);
    assert!(html.contains("role=\"alert\">This filter or page link is not valid"));
}

#[tokio::test]
async fn only_the_domains_managers_and_the_administrator_reach_its_pages() {
    let app = setup().await;
    // No session: to this domain's login, and back here after it.
    let nobody = Session::anonymous(&app);
    let res = nobody.browser.get("/d/main/manage/users?search=a").await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        location(&res),
        "/d/main/login?return_to=%2Fd%2Fmain%2Fmanage%2Fusers%3Fsearch%3Da"
    );
    let res = nobody
        .browser
        .post("/d/main/manage/users", &[("username", "eve")])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        location(&res),
        "/d/main/login?return_to=%2Fd%2Fmain%2Fmanage%2F"
    );
    // Signing in from there comes back to the page.
    let mia = Session::anonymous(&app);
    let res = mia
        .browser
        .login("mia", PASSWORD, "/d/main/manage/clients")
        .await;
    assert_eq!(location(&res), "/d/main/manage/clients");

    // A plain user: 403, for pages and forms alike.
    let alice = Session::sign_in(&app, "alice").await;
    for url in [
        "/d/main/manage/",
        "/d/main/manage/users",
        "/d/main/manage/audit",
    ] {
        let (status, html) = page(alice.browser.get(url).await).await;
        assert_eq!(status, 403, "{url}");
        assert!(html.contains("you do not manage this domain"));
    }
    let (status, _) = page(
        alice
            .browser
            .post("/d/main/manage/users", &[("username", "eve")])
            .await,
    )
    .await;
    assert_eq!(status, 403);

    // olga manages other: there she sees other's users, in main nothing (her cookie is
    // other's), and her pages never show main's people.
    let olga = Session::anonymous(&app);
    olga.sign_in_at("other", "olga").await;
    let html = get_ok(&olga, "/d/other/manage/users").await;
    assert!(html.contains(">olga</a>") && !html.contains(">mia</a>"));
    for url in [
        "/d/main/manage/",
        "/d/main/manage/users",
        "/d/main/manage/clients",
        "/d/main/manage/audit",
        "/d/main/manage/settings",
    ] {
        let res = olga.browser.get(url).await;
        assert_eq!(res.status(), 303, "{url}");
        assert!(location(&res).starts_with("/d/main/login?"), "{url}");
    }
    // mia manages main, not other.
    let mia = Session::sign_in(&app, "mia").await;
    let res = mia.browser.get("/d/other/manage/users").await;
    assert_eq!(res.status(), 303);
    assert!(location(&res).starts_with("/d/other/login?"));

    // The super administrator, signed in to main, manages every domain.
    app.user("root", &[SUPER_ADMIN]).await;
    let root = Session::sign_in(&app, "root").await;
    let html = get_ok(&root, "/d/other/manage/users").await;
    assert!(html.contains(">olga</a>"));
    assert!(html.contains("server administrator"));
    let start = get_ok(&root, "/d/main/").await;
    assert!(
        start.contains("href=\"/d/main/manage/\""),
        "offered from the start page"
    );
    let me = get_ok(&root, "/d/main/manage/users/root").await;
    assert!(me.contains("This is your own account: you cannot disable it."));
    assert!(!me.contains("/d/main/manage/users/root/disable"));
    // … and may appoint a manager there (a manager may not).
    let res = submit(
        &root,
        "/d/other/manage/users",
        "/d/other/manage/users",
        &[("username", "pia"), ("roles", "manager")],
    )
    .await;
    assert_eq!(location(&res), "/d/other/manage/users/pia?done=created");

    // Forms without their token are refused; unknown domains are 404.
    let (status, _) = page(
        mia.browser
            .post("/d/main/manage/users", &[("username", "eve")])
            .await,
    )
    .await;
    assert_eq!(status, 403);
    assert!(
        app.store
            .user_by_username(
                &app.store.domain_by_slug("main").await.unwrap().unwrap().id,
                "eve"
            )
            .await
            .unwrap()
            .is_none()
    );
    let (status, _) = page(mia.browser.get("/d/nope/manage/").await).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_french_manager_reads_french() {
    let app = setup().await;
    let b = Browser::speaking(&app, "fr-FR,fr;q=0.9");
    let res = b.login("mia", PASSWORD, "/d/main/manage/users").await;
    assert_eq!(location(&res), "/d/main/manage/users");
    let html = b.get("/d/main/manage/users").await.text().await.unwrap();
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(html.contains(">Utilisateurs</h1>") && html.contains("Créer un utilisateur"));
    assert!(html.contains(">Journal d’audit</a>"));
    assert!(!html.contains(">Users<") && !html.contains("Create a user"));
    let csrf = hidden(&html, "csrf").unwrap();
    let res = b
        .post(
            "/d/main/manage/users",
            &[("csrf", &csrf), ("username", "dora"), ("roles", "manager")],
        )
        .await;
    assert_eq!(res.status(), 400);
    let html = res.text().await.unwrap();
    assert!(html.contains("Seul l’administrateur du serveur nomme ou retire les managers."));
    let html = b
        .get("/d/main/manage/clients?sort=name")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(">Clients OAuth</h1>") && html.contains(">Propriétaire</a>"));
}

#[tokio::test]
async fn the_settings_page_sets_what_the_token_check_says() {
    let app = setup().await;
    let mia = Session::sign_in(&app, "mia").await;
    let settings = "/d/main/manage/settings";
    let form = |attributes: &'static str, header: &'static str| {
        vec![
            ("access_token_ttl_secs", "3600"),
            ("refresh_token_ttl_secs", "86400"),
            ("refresh_grace_secs", "0"),
            ("personal_client_max_lifetime_days", "365"),
            ("token_check_shown", "1"),
            ("introspection_attributes", attributes),
            ("introspection_scopes_array", "on"),
            ("access_token_header", header),
        ]
    };
    let (status, html) = page(submit(&mia, settings, settings, &form("scope", "")).await).await;
    assert_eq!(status, 400);
    assert!(html.contains("id=\"check-attributes-error\""), "{html}");
    let (status, html) = page(
        submit(
            &mia,
            settings,
            settings,
            &form("department", "Authorization"),
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(html.contains("id=\"check-header-error\""), "{html}");
    let res = submit(
        &mia,
        settings,
        settings,
        &form("department team", "X-Access-Token"),
    )
    .await;
    assert_eq!(res.status(), 303);
    let domain = app.store.domain_by_slug("main").await.unwrap().unwrap();
    let check = &domain.settings.token_check;
    assert_eq!(check.attributes, vec!["department", "team"]);
    assert!(check.scopes_array);
    assert_eq!(check.access_token_header.as_deref(), Some("X-Access-Token"));
    let html = get_ok(&mia, settings).await;
    assert_eq!(
        input_value(&html, "introspection_attributes").unwrap(),
        "department team"
    );
    assert_eq!(
        input_value(&html, "access_token_header").unwrap(),
        "X-Access-Token"
    );
}
