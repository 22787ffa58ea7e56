use crate::helpers::*;

#[tokio::test]
async fn metadata_is_served_at_both_well_known_locations_and_lists_what_is_served() {
    let app = spawn_app().await;
    app.scope("read", "Read", &[]).await;
    let a: serde_json::Value = app
        .http
        .get(app.url("/.well-known/oauth-authorization-server/d/main"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let b: serde_json::Value = app
        .http
        .get(app.url("/d/main/.well-known/oauth-authorization-server"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(a, b);
    assert_eq!(a["issuer"], app.issuer());
    assert_eq!(
        a["authorization_endpoint"],
        app.url("/d/main/oauth/authorize")
    );
    assert_eq!(a["token_endpoint"], app.url("/d/main/oauth/token"));
    assert_eq!(
        a["introspection_endpoint"],
        app.url("/d/main/oauth/introspect")
    );
    assert_eq!(a["revocation_endpoint"], app.url("/d/main/oauth/revoke"));
    assert_eq!(a["end_session_endpoint"], app.url("/d/main/oauth/logout"));
    assert_eq!(
        a["response_types_supported"],
        serde_json::json!(["code", "token", "id_token", "id_token token"])
    );
    assert_eq!(
        a["grant_types_supported"],
        serde_json::json!([
            "authorization_code",
            "client_credentials",
            "refresh_token",
            "password",
            "implicit"
        ])
    );
    // OpenID Connect's own scopes, then the domain's registered ones.
    assert_eq!(
        a["scopes_supported"],
        serde_json::json!(["openid", "profile", "email", "offline_access", "read"])
    );
    assert_eq!(a["authorization_response_iss_parameter_supported"], true);
    assert!(
        a["code_challenge_methods_supported"]
            .as_array()
            .unwrap()
            .contains(&"S256".into())
    );
    // Nothing advertised that is not served: the password and implicit grants are, for the
    // clients registered for them (password_grant.rs, implicit.rs); nothing else is listed.
    assert!(!a.to_string().contains("device_code"));
    assert!(!a.to_string().contains("jwt-bearer"));
}

#[tokio::test]
async fn unknown_domain_is_a_json_404() {
    let app = spawn_app().await;
    let res = app
        .http
        .get(app.url("/.well-known/oauth-authorization-server/d/nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"], "invalid_request");
    let res = app
        .post_form(
            "/d/nope/oauth/token",
            None,
            &[("grant_type", "client_credentials")],
        )
        .await;
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn authorize_accepts_the_advertised_response_modes_and_refuses_others() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let meta: serde_json::Value = app
        .http
        .get(app.url("/.well-known/oauth-authorization-server/d/main"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let advertised = meta["response_modes_supported"].as_array().unwrap().clone();
    let p = pkce();
    for mode in ["query", "fragment", "form_post"] {
        let mut q = code_request(&c.id, &p.challenge, "read", "st");
        q.push(("response_mode", mode));
        let res = app
            .http
            .get(app.url(&format!("/d/main/oauth/authorize?{}", encode(&q))))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let loc = location(&res);
        if advertised.contains(&mode.into()) {
            // Served: the person is asked to sign in.
            assert!(loc.starts_with("/d/main/login"), "{mode}: {loc}");
        } else {
            // Not served: refused back to the client, never silently answered another way.
            assert!(loc.starts_with(REDIRECT), "{mode}: {loc}");
            let q = query_of(&loc);
            assert_eq!(q["error"], "invalid_request", "{mode}");
            assert_eq!(q["state"], "st");
            assert_eq!(q["iss"], app.issuer());
        }
    }
}
