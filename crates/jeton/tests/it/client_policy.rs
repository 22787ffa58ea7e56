//! The manager's client page and API (`/d/{d}/manage/clients/{id}`,
//! `/api/v1/domains/{d}/clients/{id}/policy`): switching the password grant on for one
//! application, its lifetime overrides, and what is refused (grants that do not fit its
//! registration, personal clients, other domains).

use jeton_core::roles::{MANAGER, PERSONAL_CLIENTS};
use jeton_flows::provision::ClientSpec;
use serde_json::json;

use crate::api_account::{Session, problem};
use crate::helpers::*;
use crate::manage_pages::{follow, get_ok, page, submit};

async fn password_grant(app: &TestApp, c: &TestClient) -> reqwest::Response {
    app.token(
        c,
        &[
            ("grant_type", "password"),
            ("username", "alice"),
            ("password", PASSWORD),
            ("scope", "read"),
        ],
    )
    .await
}

#[tokio::test]
async fn a_manager_switches_the_password_grant_on_for_one_application_with_its_own_lifetime() {
    let app = spawn_app().await;
    app.standard().await;
    app.user("mia", &[MANAGER]).await;
    let c = app.web_client().await;
    let res = password_grant(&app, &c).await;
    assert_eq!(
        res.status(),
        400,
        "off unless the client is configured for it"
    );
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"], "unauthorized_client");

    let mia = Session::sign_in(&app, "mia").await;
    let table = get_ok(&mia, "/d/main/manage/clients").await;
    let url = format!("/d/main/manage/clients/{}", c.id);
    assert!(
        table.contains(&format!("href=\"{url}\"")),
        "the table links to the page"
    );
    let html = get_ok(&mia, &url).await;
    assert!(html.contains("value=\"authorization_code\" checked"));
    assert!(html.contains("value=\"refresh_token\" checked"));
    assert!(!html.contains("value=\"password\" checked"));
    assert!(
        html.contains("Domain: 3600 s."),
        "the domain's value next to each override"
    );

    // A lifetime out of bounds, or not a number: the page says so next to the field.
    let mut form = vec![
        ("grant_types", "authorization_code"),
        ("grant_types", "refresh_token"),
        ("grant_types", "password"),
        ("access_token_format", ""),
        ("id_token_signed_response_alg", ""),
        ("access_token_ttl_secs", "30"),
    ];
    let (status, html) = page(submit(&mia, &url, &url, &form).await).await;
    assert_eq!(status, 400);
    assert!(
        html.contains(
            "id=\"access_token_ttl_secs-error\">Enter a number of seconds from 60 to 86400."
        ),
        "{html}"
    );
    assert!(
        html.contains("value=\"password\" checked"),
        "what was typed is kept"
    );
    form[5].1 = "120";
    let html = follow(&mia, submit(&mia, &url, &url, &form).await).await;
    assert!(html.contains("The client’s settings were saved."), "{html}");
    assert!(html.contains("value=\"password\" checked"));

    let res = password_grant(&app, &c).await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["expires_in"], 120, "its own access-token lifetime");
    let audit = get_ok(&mia, "/d/main/manage/audit").await;
    assert!(audit.contains("client.update"), "{audit}");

    // Switched off again: refused at once.
    let form = [
        ("grant_types", "authorization_code"),
        ("grant_types", "refresh_token"),
    ];
    follow(&mia, submit(&mia, &url, &url, &form).await).await;
    assert_eq!(password_grant(&app, &c).await.status(), 400);
}

#[tokio::test]
async fn grants_must_fit_the_registration_and_personal_clients_are_not_the_managers() {
    let app = spawn_app().await;
    app.standard().await;
    app.user("mia", &[MANAGER]).await;
    app.user("bob", &[PERSONAL_CLIENTS]).await;
    let svc = app.svc_client().await;
    let mia = Session::sign_in(&app, "mia").await;
    let url = format!("/d/main/manage/clients/{}", svc.id);
    for (grants, message) in [
        (
            vec![("grant_types", "authorization_code")],
            "The authorization code and implicit grants need a redirect URI, and this application has none.",
        ),
        (vec![], "Choose at least one grant."),
        (
            vec![
                ("grant_types", "client_credentials"),
                ("grant_types", "refresh_token"),
            ],
            "Refresh tokens need the authorization code or the password grant.",
        ),
    ] {
        let (status, html) = page(submit(&mia, &url, &url, &grants).await).await;
        assert_eq!(status, 400, "{grants:?}");
        assert!(
            html.contains(&format!("id=\"grants-error\">{message}")),
            "{html}"
        );
    }
    let stored = app
        .flows
        .client(
            &app.flows.domain_by_slug("main").await.unwrap().unwrap(),
            &jeton_store::ClientId::parse(&svc.id).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        stored.grant_types,
        vec![jeton_core::grant_type::GrantType::ClientCredentials],
        "nothing refused was stored"
    );

    // A personal client: shown, without a form; a forged POST is refused.
    let personal = app
        .client(ClientSpec {
            name: "bob's script".into(),
            grants: vec!["client_credentials".into()],
            owner: Some("bob".into()),
            expires_at: Some("2027-06-01T00:00:00Z".into()),
            ..Default::default()
        })
        .await;
    let purl = format!("/d/main/manage/clients/{}", personal.id);
    let html = get_ok(&mia, &purl).await;
    assert!(html.contains("A personal client acts with its owner"));
    assert!(!html.contains("name=\"grant_types\""));
    let (status, _) = page(
        submit(
            &mia,
            &url,
            &purl,
            &[
                ("grant_types", "client_credentials"),
                ("grant_types", "password"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn the_api_reads_and_replaces_a_policy_within_the_same_rules() {
    let app = spawn_app().await;
    app.standard().await;
    app.user("mia", &[MANAGER]).await;
    app.prov.create_domain("other", None).await.unwrap();
    app.prov
        .create_user("other", "olga", Some(PASSWORD), None, &[MANAGER.to_owned()])
        .await
        .unwrap();
    let c = app.web_client().await;
    let mia = Session::sign_in(&app, "mia").await;
    let path = format!("/domains/main/clients/{}/policy", c.id);
    let res = mia.call("GET", &path, None).await;
    assert_eq!(res.status(), 200);
    let got: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        got["grant_types"],
        json!(["authorization_code", "refresh_token"])
    );

    let res = mia
        .call(
            "PUT",
            &path,
            Some(json!({
                "grant_types": ["authorization_code", "refresh_token", "password"],
                "access_token_format": "jwt",
                "refresh_token_absolute_ttl_secs": 86400
            })),
        )
        .await;
    assert_eq!(res.status(), 200);
    let put: serde_json::Value = res.json().await.unwrap();
    assert_eq!(put["access_token_format"], "jwt");
    assert_eq!(put["refresh_token_absolute_ttl_secs"], 86400);
    let res = password_grant(&app, &c).await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        body["access_token"].as_str().unwrap().split('.').count(),
        3,
        "a JWT access token now"
    );

    let bad = problem(
        mia.call(
            "PUT",
            &path,
            Some(json!({ "grant_types": ["implicit", "magic"] })),
        )
        .await,
        400,
        "invalid-input",
    )
    .await;
    assert!(bad["detail"].as_str().unwrap().contains("magic"), "{bad}");
    problem(
        mia.call(
            "PUT",
            &path,
            Some(json!({ "grant_types": ["password"], "id_token_ttl_secs": 5 })),
        )
        .await,
        400,
        "invalid-input",
    )
    .await;
    // Another domain's manager does not see it.
    let olga = Session::anonymous(&app);
    olga.sign_in_at("other", "olga").await;
    let res = olga
        .call(
            "GET",
            &format!("/domains/other/clients/{}/policy", c.id),
            None,
        )
        .await;
    assert_eq!(res.status(), 404);
}
