//! The managers' part of the JSON API over HTTP: users, the domain's client table, scopes,
//! settings and the audit log, and that nobody reaches further than their domain and role.

use jeton_core::roles::{MANAGER, PERSONAL_CLIENTS, SUPER_ADMIN};
use jeton_flows::provision::ClientSpec;
use serde_json::{Value, json};

use crate::api_account::{Session, problem};
use crate::helpers::*;

/// main: manager mia, user alice (personal clients), scope read; domain other: manager olga.
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

async fn json_of(res: reqwest::Response, status: u16) -> Value {
    let code = res.status().as_u16();
    let text = res.text().await.unwrap();
    assert_eq!(code, status, "{text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

#[tokio::test]
async fn a_manager_creates_users_and_changes_their_standing_with_an_audit_trail() {
    let app = setup().await;
    let mia = Session::sign_in(&app, "mia").await;
    let u = json_of(
        mia.call(
            "POST",
            "/domains/main/users",
            Some(json!({ "username": "carl", "password": PASSWORD, "roles": ["editor"] })),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(u["username"], "carl");
    assert_eq!(u["roles"], json!(["editor"]));
    problem(
        mia.call(
            "POST",
            "/domains/main/users",
            Some(json!({ "username": "carl" })),
        )
        .await,
        409,
        "conflict",
    )
    .await;
    let v = problem(
        mia.call(
            "POST",
            "/domains/main/users",
            Some(json!({ "username": "Bad Name!" })),
        )
        .await,
        400,
        "invalid-input",
    )
    .await;
    assert_eq!(v["field"], "username");
    let v = problem(
        mia.call(
            "POST",
            "/domains/main/users",
            Some(json!({ "username": "dora", "password": "short" })),
        )
        .await,
        400,
        "invalid-input",
    )
    .await;
    assert_eq!(v["field"], "password");

    // Roles: a manager may give personal-clients, never manager or super-admin.
    let v = problem(
        mia.call(
            "PUT",
            "/domains/main/users/carl/roles",
            Some(json!({ "roles": ["editor", MANAGER] })),
        )
        .await,
        400,
        "invalid-input",
    )
    .await;
    assert_eq!(v["field"], "roles");
    problem(
        mia.call(
            "PUT",
            "/domains/main/users/carl/roles",
            Some(json!({ "roles": [SUPER_ADMIN] })),
        )
        .await,
        400,
        "invalid-input",
    )
    .await;
    let u = json_of(
        mia.call(
            "PUT",
            "/domains/main/users/carl/roles",
            Some(json!({ "roles": [PERSONAL_CLIENTS, "editor"] })),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(u["roles"], json!(["editor", PERSONAL_CLIENTS]));
    // Attributes.
    let v = problem(
        mia.call(
            "PUT",
            "/domains/main/users/carl/attributes",
            Some(json!({ "attributes": { "Dept": 1 } })),
        )
        .await,
        400,
        "invalid-input",
    )
    .await;
    assert_eq!(v["field"], "attributes");
    let u = json_of(
        mia.call(
            "PUT",
            "/domains/main/users/carl/attributes",
            Some(json!({ "attributes": { "department": "finance" } })),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(u["attributes"], json!({ "department": "finance" }));
    let u = json_of(
        mia.call(
            "PUT",
            "/domains/main/users/carl/email",
            Some(json!({ "email": "carl@example.com" })),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(u["email"], "carl@example.com");
    let v = problem(
        mia.call(
            "PUT",
            "/domains/main/users/carl/email",
            Some(json!({ "email": "nope" })),
        )
        .await,
        400,
        "invalid-input",
    )
    .await;
    assert_eq!(v["field"], "email");

    // Disabling ends carl's personal client at once; a manager cannot disable a manager.
    let carl = Session::sign_in(&app, "carl").await;
    let created = json_of(
        carl.call(
            "POST",
            "/domains/main/account/personal-clients",
            Some(json!({ "name": "job", "expires_at": "2027-06-01" })),
        )
        .await,
        201,
    )
    .await;
    let c = TestClient {
        id: created["client"]["client_id"].as_str().unwrap().to_owned(),
        secret: Some(created["client_secret"].as_str().unwrap().to_owned()),
    };
    assert_eq!(
        app.token(&c, &[("grant_type", "client_credentials")])
            .await
            .status(),
        200
    );
    assert_eq!(
        mia.call("POST", "/domains/main/users/carl/disable", None)
            .await
            .status(),
        204
    );
    assert_eq!(
        app.token(&c, &[("grant_type", "client_credentials")])
            .await
            .status(),
        401
    );
    assert_eq!(
        carl.call("GET", "/domains/main/account", None)
            .await
            .status(),
        401,
        "carl's session ended"
    );
    assert_eq!(
        mia.call("POST", "/domains/main/users/carl/enable", None)
            .await
            .status(),
        204
    );
    assert_eq!(
        app.token(&c, &[("grant_type", "client_credentials")])
            .await
            .status(),
        200
    );
    app.user("max", &[MANAGER]).await;
    problem(
        mia.call("POST", "/domains/main/users/max/disable", None)
            .await,
        403,
        "forbidden",
    )
    .await;
    problem(
        mia.call("POST", "/domains/main/users/nobody/disable", None)
            .await,
        404,
        "not-found",
    )
    .await;

    // Users list: search and pages.
    let page = json_of(
        mia.call("GET", "/domains/main/users?limit=2", None).await,
        200,
    )
    .await;
    assert_eq!(page["users"].as_array().unwrap().len(), 2);
    let next = page["next"].as_str().unwrap();
    let rest = json_of(
        mia.call(
            "GET",
            &format!("/domains/main/users?limit=100&after={next}"),
            None,
        )
        .await,
        200,
    )
    .await;
    let all: Vec<_> = page["users"]
        .as_array()
        .unwrap()
        .iter()
        .chain(rest["users"].as_array().unwrap())
        .map(|u| u["username"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(all, vec!["alice", "carl", "max", "mia"]);
    let found = json_of(
        mia.call("GET", "/domains/main/users?search=AR", None).await,
        200,
    )
    .await;
    assert_eq!(found["users"][0]["username"], "carl");
    assert_eq!(found["users"].as_array().unwrap().len(), 1);

    // The audit log says who did what from where, filterable.
    let log = json_of(
        mia.call("GET", "/domains/main/audit?actor=mia&limit=100", None)
            .await,
        200,
    )
    .await;
    let actions: Vec<_> = log["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for a in [
        "user.create",
        "user.roles",
        "user.update",
        "user.disable",
        "user.enable",
        "sign_in",
    ] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
    assert!(
        log["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["address"] == "127.0.0.1")
    );
    let only = json_of(
        mia.call("GET", "/domains/main/audit?action=user.disable", None)
            .await,
        200,
    )
    .await;
    assert_eq!(only["events"].as_array().unwrap().len(), 1);
    assert_eq!(only["events"][0]["detail"]["username"], "carl");
    problem(
        mia.call("GET", "/domains/main/audit?action=nope", None)
            .await,
        400,
        "invalid-input",
    )
    .await;
    assert!(
        !log.to_string().contains(PASSWORD),
        "no password in the log"
    );
}

#[tokio::test]
async fn only_managers_of_the_domain_reach_its_management_api() {
    let app = setup().await;
    let url = "/domains/main/users";
    let nobody = Session::anonymous(&app);
    problem(nobody.call("GET", url, None).await, 401, "unauthenticated").await;
    let alice = Session::sign_in(&app, "alice").await;
    problem(alice.call("GET", url, None).await, 403, "forbidden").await;
    problem(
        alice
            .call(
                "POST",
                "/domains/main/users",
                Some(json!({ "username": "eve" })),
            )
            .await,
        403,
        "forbidden",
    )
    .await;

    // olga manages other, not main: with her session of other only, main is out of reach…
    let olga = Session::anonymous(&app);
    olga.sign_in_at("other", "olga").await;
    assert_eq!(
        olga.call("GET", "/domains/other/users", None)
            .await
            .status(),
        200
    );
    problem(olga.call("GET", url, None).await, 401, "unauthenticated").await;
    // … and a session of main as a plain user does not make her a manager there.
    let main_client = app.svc_client().await;
    for (method, path, body) in [
        (
            "POST",
            format!("/domains/main/clients/{}/revoke", main_client.id),
            None,
        ),
        (
            "PUT",
            "/domains/main/settings".to_owned(),
            Some(
                json!({ "access_token_ttl_secs": 60, "refresh_token_ttl_secs": 3600, "refresh_grace_secs": 0, "personal_clients_enabled": false, "personal_client_max_lifetime_secs": 86400 }),
            ),
        ),
        ("POST", "/domains/main/users/alice/disable".to_owned(), None),
        ("GET", "/domains/main/audit".to_owned(), None),
    ] {
        let res = olga.call(method, &path, body.clone()).await;
        assert_eq!(res.status(), 401, "{method} {path}");
        let res = mia_in_other(&app)
            .await
            .call(method, &path.replace("/main/", "/other/"), body)
            .await;
        assert!(
            res.status() == 401 || res.status() == 404,
            "mia in other: {method} {path}: {}",
            res.status()
        );
    }
    // main's client id through other's path is not found: ids do not cross domains.
    problem(
        olga.call(
            "POST",
            &format!("/domains/other/clients/{}/revoke", main_client.id),
            None,
        )
        .await,
        404,
        "not-found",
    )
    .await;
    assert_eq!(
        app.token(&main_client, &[("grant_type", "client_credentials")])
            .await
            .status(),
        200,
        "untouched"
    );
    let alice_now = json_of(
        Session::sign_in(&app, "mia")
            .await
            .call("GET", "/domains/main/users/alice", None)
            .await,
        200,
    )
    .await;
    assert_eq!(alice_now["disabled"], false, "untouched");
}

/// mia (a manager of main) signed in to main only, calling other's API.
async fn mia_in_other(app: &TestApp) -> Session {
    Session::sign_in(app, "mia").await
}

#[tokio::test]
async fn the_super_administrator_manages_every_domain_and_appoints_managers() {
    let app = setup().await;
    app.user("root", &[SUPER_ADMIN]).await;
    let root = Session::sign_in(&app, "root").await;
    let users = json_of(root.call("GET", "/domains/other/users", None).await, 200).await;
    assert_eq!(users["users"][0]["username"], "olga");
    json_of(
        root.call(
            "POST",
            "/domains/other/users",
            Some(json!({ "username": "pia" })),
        )
        .await,
        201,
    )
    .await;
    let pia = json_of(
        root.call(
            "PUT",
            "/domains/other/users/pia/roles",
            Some(json!({ "roles": [MANAGER] })),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(pia["roles"], json!([MANAGER]), "appointed");
    let v = problem(
        root.call(
            "PUT",
            "/domains/other/users/pia/roles",
            Some(json!({ "roles": [SUPER_ADMIN] })),
        )
        .await,
        400,
        "invalid-input",
    )
    .await;
    assert!(
        v["detail"]
            .as_str()
            .unwrap()
            .contains("administrators' domain")
    );
    // A manager of main cannot remove another manager's role; the super admin can.
    json_of(
        root.call(
            "PUT",
            "/domains/other/users/olga/roles",
            Some(json!({ "roles": [] })),
        )
        .await,
        200,
    )
    .await;
    let log = json_of(
        root.call("GET", "/domains/other/audit?action=user.roles", None)
            .await,
        200,
    )
    .await;
    assert_eq!(log["events"][0]["actor"], "root");
}

#[tokio::test]
async fn the_client_table_sorts_filters_pages_and_revokes() {
    let app = setup().await;
    let mut ids = Vec::new();
    for name in ["delta", "alpha", "charlie", "bravo", "echo"] {
        ids.push((
            name,
            app.client(ClientSpec {
                name: name.into(),
                grants: vec!["client_credentials".into()],
                scopes: vec!["read".into()],
                ..Default::default()
            })
            .await,
        ));
    }
    app.client(ClientSpec {
        name: "alice's job".into(),
        grants: vec!["client_credentials".into()],
        owner: Some("alice".into()),
        expires_at: Some("2030-01-01T00:00:00Z".into()),
        ..Default::default()
    })
    .await;
    let mia = Session::sign_in(&app, "mia").await;
    let names = |v: &Value| -> Vec<String> {
        v["clients"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let page1 = json_of(
        mia.call("GET", "/domains/main/clients?sort=name&limit=2", None)
            .await,
        200,
    )
    .await;
    assert_eq!(names(&page1), vec!["alice's job", "alpha"]);
    let cursor = page1["next"].as_str().unwrap();
    let page2 = json_of(
        mia.call(
            "GET",
            &format!("/domains/main/clients?sort=name&limit=2&cursor={cursor}"),
            None,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(names(&page2), vec!["bravo", "charlie"]);
    let desc = json_of(
        mia.call(
            "GET",
            "/domains/main/clients?sort=name&order=desc&limit=1",
            None,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(names(&desc), vec!["echo"]);
    let by_owner = json_of(
        mia.call("GET", "/domains/main/clients?owner=alice", None)
            .await,
        200,
    )
    .await;
    assert_eq!(names(&by_owner), vec!["alice's job"]);
    assert_eq!(by_owner["clients"][0]["kind"], "personal");
    assert_eq!(by_owner["clients"][0]["owner"], "alice");
    let text = json_of(
        mia.call("GET", "/domains/main/clients?q=HAR", None).await,
        200,
    )
    .await;
    assert_eq!(names(&text), vec!["charlie"]);
    problem(
        mia.call("GET", "/domains/main/clients?sort=colour", None)
            .await,
        400,
        "invalid-input",
    )
    .await;
    problem(
        mia.call(
            "GET",
            &format!("/domains/main/clients?sort=created&cursor={cursor}"),
            None,
        )
        .await,
        400,
        "invalid-input",
    )
    .await;
    problem(
        mia.call("GET", "/domains/main/clients?cursor=garbage", None)
            .await,
        400,
        "invalid-input",
    )
    .await;

    // Revoke from the table: the client stops, its token goes inactive.
    let (_, bravo) = &ids[3];
    let tok: Value = app
        .token(bravo, &[("grant_type", "client_credentials")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        mia.call(
            "POST",
            &format!("/domains/main/clients/{}/revoke", bravo.id),
            None
        )
        .await
        .status(),
        204
    );
    assert_eq!(
        app.token(bravo, &[("grant_type", "client_credentials")])
            .await
            .status(),
        401
    );
    let rs = &ids[0].1;
    assert_eq!(
        app.introspect(rs, tok["access_token"].as_str().unwrap())
            .await["active"],
        false
    );
    let revoked = json_of(
        mia.call("GET", "/domains/main/clients?status=revoked", None)
            .await,
        200,
    )
    .await;
    assert_eq!(names(&revoked), vec!["bravo"]);
    problem(
        mia.call(
            "POST",
            &format!("/domains/main/clients/{}/revoke", bravo.id),
            None,
        )
        .await,
        404,
        "not-found",
    )
    .await;
}

#[tokio::test]
async fn settings_and_scopes_are_checked_and_take_effect() {
    let app = setup().await;
    let mia = Session::sign_in(&app, "mia").await;
    let mut s = json_of(mia.call("GET", "/domains/main/settings", None).await, 200).await;
    assert_eq!(s["personal_clients_enabled"], true);
    s["refresh_grace_secs"] = json!(61);
    let v = problem(
        mia.call("PUT", "/domains/main/settings", Some(s.clone()))
            .await,
        400,
        "invalid-input",
    )
    .await;
    assert_eq!(v["field"], "refresh_grace_secs");

    let alice = Session::sign_in(&app, "alice").await;
    let created = json_of(
        alice
            .call(
                "POST",
                "/domains/main/account/personal-clients",
                Some(json!({ "name": "job", "expires_at": "2027-06-01" })),
            )
            .await,
        201,
    )
    .await;
    let c = TestClient {
        id: created["client"]["client_id"].as_str().unwrap().to_owned(),
        secret: Some(created["client_secret"].as_str().unwrap().to_owned()),
    };
    s["refresh_grace_secs"] = json!(10);
    s["personal_clients_enabled"] = json!(false);
    s["access_token_ttl_secs"] = json!(600);
    json_of(
        mia.call("PUT", "/domains/main/settings", Some(s.clone()))
            .await,
        200,
    )
    .await;
    assert_eq!(
        app.token(&c, &[("grant_type", "client_credentials")])
            .await
            .status(),
        401,
        "switched off"
    );
    let svc = app.svc_client().await;
    let tok: Value = app
        .token(&svc, &[("grant_type", "client_credentials")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(tok["expires_in"], 600, "the new lifetime applies");
    let back = json_of(mia.call("GET", "/domains/main/settings", None).await, 200).await;
    assert_eq!(back, s);
    assert_eq!(back["access_token_format"], "opaque");
    // The default access-token format: JWT from now on for clients without their own choice.
    s["access_token_format"] = json!("jwt");
    json_of(
        mia.call("PUT", "/domains/main/settings", Some(s.clone()))
            .await,
        200,
    )
    .await;
    let tok: Value = app
        .token(&svc, &[("grant_type", "client_credentials")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        tok["access_token"].as_str().unwrap().split('.').count(),
        3,
        "a JWT: {tok}"
    );
    let mut bad = s.clone();
    bad["access_token_format"] = json!("xml");
    assert_eq!(
        mia.call("PUT", "/domains/main/settings", Some(bad))
            .await
            .status(),
        400
    );
    // Omitted: unchanged (clients of the API from before the setting keep working).
    let mut without = s.clone();
    without
        .as_object_mut()
        .unwrap()
        .remove("access_token_format");
    json_of(
        mia.call("PUT", "/domains/main/settings", Some(without))
            .await,
        200,
    )
    .await;
    let back = json_of(mia.call("GET", "/domains/main/settings", None).await, 200).await;
    assert_eq!(back["access_token_format"], "jwt");

    json_of(mia.call("POST", "/domains/main/scopes", Some(json!({ "name": "ledger:read", "description": "Read the ledger", "roles": ["finance"] }))).await, 201).await;
    problem(
        mia.call(
            "POST",
            "/domains/main/scopes",
            Some(json!({ "name": "ledger:read" })),
        )
        .await,
        409,
        "conflict",
    )
    .await;
    let v = problem(
        mia.call(
            "POST",
            "/domains/main/scopes",
            Some(json!({ "name": "bad scope" })),
        )
        .await,
        400,
        "invalid-input",
    )
    .await;
    assert_eq!(v["field"], "name");
    let scopes = json_of(mia.call("GET", "/domains/main/scopes", None).await, 200).await;
    assert!(
        scopes
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "ledger:read" && s["roles"] == json!(["finance"]))
    );
}

/// The client table stays fast with 100,000 clients (issue: paginated on the server): the
/// first page, a page deep into the list by cursor, and a filtered page each answer within a
/// bound that a scan and sort of every row in a debug build would not meet.
#[tokio::test]
async fn the_client_table_pages_100k_clients_by_keyset() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jeton.db");
    let db = format!("sqlite://{}", path.display());
    let app = spawn_on(&db, dir, &[]).await;
    app.user("mia", &[MANAGER]).await;
    app.user("alice", &[PERSONAL_CLIENTS]).await;
    let domain = app.store.domain_by_slug("main").await.unwrap().unwrap();
    let alice = app
        .store
        .user_by_username(&domain.id, "alice")
        .await
        .unwrap()
        .unwrap();
    // One statement: 100,000 clients, a third of them alice's, a fifth expiring.
    let pool = sqlx::SqlitePool::connect(&format!("{db}?mode=rw"))
        .await
        .unwrap();
    let started = std::time::Instant::now();
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
         INSERT INTO clients (id, domain_id, name, auth_method, grant_types, created_at, kind,
                              owner_user_id, expires_at)
         SELECT printf('c%06d', i), $1, printf('client %05d', (i * 7919) % 100000),
                'client_secret_basic', 'client_credentials', 1800000000 - i,
                CASE WHEN i % 3 = 0 THEN 'personal' ELSE 'application' END,
                CASE WHEN i % 3 = 0 THEN $2 END,
                CASE WHEN i % 5 = 0 THEN 1800000000 + i END
         FROM n",
    )
    .bind(domain.id.as_str())
    .bind(alice.id.as_str())
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("ANALYZE").execute(&pool).await.unwrap();
    eprintln!("filled 100,000 clients in {:?}", started.elapsed());
    let mia = Session::sign_in(&app, "mia").await;
    let timed = |path: String| {
        let mia = &mia;
        async move {
            let t = std::time::Instant::now();
            let v = json_of(mia.call("GET", &path, None).await, 200).await;
            (t.elapsed(), v)
        }
    };
    let mut worst = std::time::Duration::ZERO;
    for sort in ["name", "created", "expires", "last_used", "owner"] {
        let (d1, first) = timed(format!("/domains/main/clients?sort={sort}&limit=50")).await;
        assert_eq!(first["clients"].as_array().unwrap().len(), 50, "{sort}");
        // Walk 20 pages in: each costs what the first one did.
        let mut cursor = first["next"].as_str().unwrap().to_owned();
        let mut deep = std::time::Duration::ZERO;
        for _ in 0..20 {
            let (d, page) = timed(format!(
                "/domains/main/clients?sort={sort}&limit=50&cursor={cursor}"
            ))
            .await;
            deep = deep.max(d);
            cursor = page["next"].as_str().unwrap().to_owned();
        }
        let (df, filtered) = timed(format!(
            "/domains/main/clients?sort={sort}&order=desc&owner=alice&status=active&limit=50"
        ))
        .await;
        assert!(
            filtered["clients"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["owner"] == "alice" && c["status"] == "active")
        );
        eprintln!(
            "sort {sort}: first page {d1:?}, worst of 20 next pages {deep:?}, owner+status filtered {df:?}"
        );
        worst = worst.max(d1).max(deep).max(df);
    }
    let (dq, q) = timed("/domains/main/clients?q=client%2012345&limit=50".into()).await;
    eprintln!("name contains: {dq:?}");
    assert!(
        q["clients"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "client 12345")
    );
    assert!(
        worst < std::time::Duration::from_millis(500),
        "a page took {worst:?}"
    );
}

#[tokio::test]
async fn a_refresh_keeps_only_what_the_person_and_the_client_may_still_have() {
    let app = spawn_app().await;
    app.standard().await; // alice: editor (write is for editors)
    app.user("mia", &[MANAGER]).await;
    let web = app.web_client().await;
    let tokens = tokens_for(&app, &web, "read write").await;
    assert_eq!(tokens["scope"], "read write");
    let mia = Session::sign_in(&app, "mia").await;
    json_of(
        mia.call(
            "PUT",
            "/domains/main/users/alice/roles",
            Some(json!({ "roles": [] })),
        )
        .await,
        200,
    )
    .await;
    let res = app
        .token(
            &web,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
            ],
        )
        .await;
    let refreshed = json_of(res, 200).await;
    assert_eq!(
        refreshed["scope"], "read",
        "alice lost the role that write needs"
    );
    // And asking for it back is refused: the new refresh token no longer carries it.
    let res = app
        .token(
            &web,
            &[
                ("grant_type", "refresh_token"),
                (
                    "refresh_token",
                    refreshed["refresh_token"].as_str().unwrap(),
                ),
                ("scope", "write"),
            ],
        )
        .await;
    assert_eq!(res.status(), 400);
}
