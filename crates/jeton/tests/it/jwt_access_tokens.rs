//! JWT access tokens (RFC 9068), per client with a domain default: the header and claims,
//! verification with the published keys, RFC 8707 `resource` as `aud`, and introspection,
//! revocation and UserInfo working for JWTs as for opaque tokens.

use jeton_core::entities::Actor;
use jeton_core::signing;
use jeton_flows::provision::ClientSpec;
use serde_json::Value;

use crate::helpers::*;

/// The compact JWS's header and claims, verified against `/d/main/oauth/jwks`.
async fn verified(app: &TestApp, jws: &str) -> signing::Parsed {
    let parsed = signing::parse(jws).expect("a compact JWS");
    let keys: Value = app
        .http
        .get(app.url("/d/main/oauth/jwks"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let keys: Vec<signing::Jwk> = serde_json::from_value(keys["keys"].clone()).unwrap();
    let key = keys
        .iter()
        .find(|k| Some(&k.kid) == parsed.kid.as_ref())
        .expect("the token's key is published");
    assert!(parsed.verify(key), "the signature verifies with the JWKS");
    parsed
}

fn jwt_client(name: &str, grants: &[&str]) -> ClientSpec {
    ClientSpec {
        name: name.into(),
        grants: grants.iter().map(|g| g.to_string()).collect(),
        scopes: vec!["read".into()],
        access_token_format: Some("jwt".into()),
        ..Default::default()
    }
}

async fn client_credentials(app: &TestApp, c: &TestClient, extra: &[(&str, &str)]) -> Value {
    let mut form = vec![("grant_type", "client_credentials")];
    form.extend_from_slice(extra);
    let res = app.token(c, &form).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn revoke(app: &TestApp, c: &TestClient, token: &str) {
    let res = app
        .post_form(
            "/d/main/oauth/revoke",
            Some((&c.id, c.secret.as_deref().unwrap())),
            &[("token", token)],
        )
        .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn a_jwt_clients_client_credentials_token_is_a_signed_rfc_9068_jwt() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.client(jwt_client("svc", &["client_credentials"])).await;
    let body = client_credentials(&app, &c, &[]).await;
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    let jwt = body["access_token"].as_str().unwrap();
    assert!(!jwt.starts_with("jeton_at_"));
    let parsed = verified(&app, jwt).await;
    assert_eq!(parsed.typ.as_deref(), Some("at+jwt"), "RFC 9068 §2.1");
    assert_eq!(parsed.alg, "ES256", "the domain's default key");
    let claims = &parsed.claims;
    assert_eq!(claims["iss"], app.issuer());
    assert_eq!(
        claims["sub"], c.id,
        "RFC 9068 §2.2: the client, with no user"
    );
    assert_eq!(claims["client_id"], c.id);
    assert_eq!(
        claims["aud"],
        app.issuer(),
        "the default audience is the issuer"
    );
    assert_eq!(claims["scope"], "read");
    let iat = claims["iat"].as_i64().unwrap();
    assert_eq!(claims["exp"].as_i64().unwrap(), iat + 3600);
    assert!(claims.get("auth_time").is_none(), "no sign-in here");
    let jti = claims["jti"].as_str().unwrap().to_owned();
    assert!(jti.len() >= 22);

    // Another token has another jti; a resource becomes the audience (RFC 8707 §2).
    let body = client_credentials(&app, &c, &[("resource", "https://api.example/ledger")]).await;
    let parsed = verified(&app, body["access_token"].as_str().unwrap()).await;
    assert_eq!(parsed.claims["aud"], "https://api.example/ledger");
    assert_ne!(parsed.claims["jti"], jti.as_str());

    // Several resources: an array.
    let body = client_credentials(
        &app,
        &c,
        &[
            ("resource", "https://a.example/"),
            ("resource", "urn:example:b"),
        ],
    )
    .await;
    let parsed = verified(&app, body["access_token"].as_str().unwrap()).await;
    assert_eq!(
        parsed.claims["aud"],
        serde_json::json!(["https://a.example/", "urn:example:b"])
    );

    // The client's ID-token algorithm signs its access tokens too.
    let rs = app
        .client(ClientSpec {
            id_token_alg: Some("RS256".into()),
            ..jwt_client("svc-rs", &["client_credentials"])
        })
        .await;
    let body = client_credentials(&app, &rs, &[]).await;
    let parsed = verified(&app, body["access_token"].as_str().unwrap()).await;
    assert_eq!(parsed.alg, "RS256");
}

#[tokio::test]
async fn a_resource_that_is_not_an_absolute_uri_without_fragment_is_invalid_target() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.client(jwt_client("svc", &["client_credentials"])).await;
    for bad in ["/ledger", "api.example", "https://api.example/#frag"] {
        let res = app
            .token(
                &c,
                &[("grant_type", "client_credentials"), ("resource", bad)],
            )
            .await;
        assert_eq!(res.status(), 400, "{bad}");
        assert_eq!(res.headers()["cache-control"], "no-store");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"], "invalid_target", "{bad}: {body}");
        assert!(
            body["error_description"]
                .as_str()
                .unwrap()
                .contains("RFC 8707")
        );
    }
    // Opaque clients are held to the same rule (the parameter is read for every grant).
    let opaque = app.svc_client().await;
    let res = app
        .token(
            &opaque,
            &[("grant_type", "client_credentials"), ("resource", "x#y")],
        )
        .await;
    assert_eq!(res.status(), 400);
}

#[tokio::test]
async fn the_code_flow_gives_a_jwt_about_the_user_with_auth_time_and_a_bound_id_token() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app
        .client(ClientSpec {
            redirect_uris: vec![REDIRECT.into()],
            ..jwt_client("web", &[])
        })
        .await;
    let alice = app
        .store
        .user_by_username(&main_domain(&app).await.id, "alice")
        .await
        .unwrap()
        .unwrap();
    let tokens = tokens_for(&app, &c, "openid read").await;
    let jwt = tokens["access_token"].as_str().unwrap();
    let parsed = verified(&app, jwt).await;
    assert_eq!(parsed.typ.as_deref(), Some("at+jwt"));
    assert_eq!(parsed.claims["sub"], alice.id.to_string());
    assert_eq!(parsed.claims["client_id"], c.id);
    assert_eq!(parsed.claims["scope"], "openid read");
    let auth_time = parsed.claims["auth_time"].as_i64().expect("auth_time");
    assert!(auth_time <= parsed.claims["iat"].as_i64().unwrap());

    // The ID token's at_hash is over the JWT as sent.
    let id_token = verified(&app, tokens["id_token"].as_str().unwrap()).await;
    assert_eq!(
        id_token.claims["at_hash"],
        signing::SigningAlg::Es256.half_hash(jwt)
    );

    // UserInfo takes the JWT as a bearer token.
    let res = app
        .http
        .get(app.url("/d/main/oauth/userinfo"))
        .bearer_auth(jwt)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let info: Value = res.json().await.unwrap();
    assert_eq!(info["sub"], alice.id.to_string());

    // A refresh gives a new JWT, for the same user, without auth_time (not kept).
    let res = app
        .token(
            &c,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
                ("resource", "https://api.example/"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let refreshed: Value = res.json().await.unwrap();
    let new_jwt = refreshed["access_token"].as_str().unwrap();
    assert_ne!(new_jwt, jwt);
    let parsed = verified(&app, new_jwt).await;
    assert_eq!(parsed.typ.as_deref(), Some("at+jwt"));
    assert_eq!(parsed.claims["sub"], alice.id.to_string());
    assert_eq!(parsed.claims["aud"], "https://api.example/");
    assert!(
        refreshed["refresh_token"]
            .as_str()
            .unwrap()
            .starts_with("jeton_rt_")
    );
    assert_eq!(app.introspect(&c, new_jwt).await["active"], true);
}

#[tokio::test]
async fn introspection_reports_a_jwt_active_until_revoked_or_its_grant_is() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.client(jwt_client("svc", &["client_credentials"])).await;
    let rs = app.svc_client().await;
    let jwt = client_credentials(&app, &c, &[]).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let live = app.introspect(&rs, &jwt).await;
    assert_eq!(live["active"], true, "{live}");
    assert_eq!(live["client_id"], c.id);
    assert_eq!(live["sub"], c.id);
    assert_eq!(live["scope"], "read");
    assert_eq!(live["iss"], app.issuer());
    // The hint does not matter: a JWT is an access token.
    let res = app
        .post_form(
            "/d/main/oauth/introspect",
            Some((&rs.id, rs.secret.as_deref().unwrap())),
            &[("token", &jwt), ("token_type_hint", "refresh_token")],
        )
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["active"], true);

    // RFC 7009 revocation with the JWT: inactive at once, though the signature still verifies.
    revoke(&app, &c, &jwt).await;
    assert_eq!(
        app.introspect(&rs, &jwt).await,
        serde_json::json!({"active": false})
    );
    verified(&app, &jwt).await;
    // An altered JWT (another signature) is unknown, not the same token.
    let mut forged = jwt.clone();
    forged.push('A');
    assert_eq!(app.introspect(&rs, &forged).await["active"], false);

    // A grant's revocation takes its JWTs with it.
    let web = app
        .client(ClientSpec {
            redirect_uris: vec![REDIRECT.into()],
            ..jwt_client("web", &[])
        })
        .await;
    let tokens = tokens_for(&app, &web, "read").await;
    let code_jwt = tokens["access_token"].as_str().unwrap();
    assert_eq!(app.introspect(&rs, code_jwt).await["active"], true);
    let domain = main_domain(&app).await;
    let alice = app.flows.user_by_name(&domain, "alice").await.unwrap();
    let grants = app.flows.grants_of(&domain, &alice).await.unwrap();
    assert_eq!(grants.len(), 1);
    app.flows
        .revoke_domain_grant(&domain, &grants[0].grant.id, &Actor::cli())
        .await
        .unwrap();
    assert_eq!(app.introspect(&rs, code_jwt).await["active"], false);
    let res = app
        .http
        .get(app.url("/d/main/oauth/userinfo"))
        .bearer_auth(code_jwt)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401, "UserInfo refuses a revoked JWT");

    // Expiry: inactive from `exp` on.
    let jwt = client_credentials(&app, &c, &[]).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    app.clock.advance(3600);
    assert_eq!(app.introspect(&rs, &jwt).await["active"], false);
}

#[tokio::test]
async fn the_domain_default_applies_unless_the_client_chose_opaque() {
    let app = spawn_app().await;
    app.standard().await;
    let plain = app.svc_client().await;
    let opaque = app
        .client(ClientSpec {
            access_token_format: Some("opaque".into()),
            ..jwt_client("opaque", &["client_credentials"])
        })
        .await;
    assert!(
        access(&app, &plain).await.starts_with("jeton_at_"),
        "opaque by default"
    );

    let domain = main_domain(&app).await;
    let mut settings = domain.settings.clone();
    settings.access_token_format = jeton_core::access_token::AccessTokenFormat::Jwt;
    app.flows
        .update_settings(&domain, &settings, &Actor::cli())
        .await
        .unwrap();
    let jwt = access(&app, &plain).await;
    let parsed = verified(&app, &jwt).await;
    assert_eq!(parsed.typ.as_deref(), Some("at+jwt"));
    assert_eq!(app.introspect(&plain, &jwt).await["active"], true);
    let kept = access(&app, &opaque).await;
    assert!(
        kept.starts_with("jeton_at_"),
        "the client's own choice wins"
    );
    assert_eq!(app.introspect(&opaque, &kept).await["active"], true);
}

#[tokio::test]
async fn a_client_registered_with_an_unknown_format_is_refused() {
    let app = spawn_app().await;
    app.standard().await;
    let refused = app
        .prov
        .create_client(
            "main",
            &ClientSpec {
                access_token_format: Some("JWT".into()),
                ..jwt_client("bad", &["client_credentials"])
            },
        )
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("opaque or jwt"), "{refused}");
}

async fn main_domain(app: &TestApp) -> jeton_store::Domain {
    app.store.domain_by_slug("main").await.unwrap().unwrap()
}

async fn access(app: &TestApp, c: &TestClient) -> String {
    client_credentials(app, c, &[]).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned()
}
