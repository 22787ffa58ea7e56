//! OpenID Connect: discovery, the ID token of the code flow, the published keys and their
//! rotation, UserInfo. The main journey is driven by the `openidconnect` crate, a relying
//! party nobody here wrote, which verifies the ID token against the published JWKS.

use jeton_core::entities::Actor;
use jeton_core::signing;
use jeton_flows::provision::ClientSpec;
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreProviderMetadata, CoreUserInfoClaims,
};
use openidconnect::{
    AccessTokenHash, AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce,
    OAuth2TokenResponse, PkceCodeChallenge, RedirectUrl, Scope, TokenResponse,
};

use crate::cli::run;
use crate::helpers::*;

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn carol(app: &TestApp) {
    app.prov
        .create_user(
            "main",
            "carol",
            Some(PASSWORD),
            Some("carol@example.com"),
            &[],
        )
        .await
        .expect("user");
}

#[tokio::test]
async fn the_openidconnect_crate_signs_in_verifies_the_id_token_and_reads_userinfo() {
    let app = spawn_app().await;
    app.standard().await;
    carol(&app).await;
    let c = app.web_client().await;
    let issuer = IssuerUrl::new(app.issuer()).unwrap();
    let metadata = CoreProviderMetadata::discover_async(issuer, &http())
        .await
        .expect("the crate reads the discovery document and the keys");
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(c.id.clone()),
        Some(ClientSecret::new(c.secret.clone().unwrap())),
    )
    .set_redirect_uri(RedirectUrl::new(REDIRECT.into()).unwrap());
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("profile".into()))
        .add_scope(Scope::new("email".into()))
        .set_pkce_challenge(challenge)
        .url();
    let query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let query: Vec<(&str, &str)> = query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let back = Browser::new(&app).authorize(&query, "carol").await;
    let params = query_of(&back);
    assert_eq!(&params["state"], state.secret());

    let tokens = client
        .exchange_code(AuthorizationCode::new(params["code"].clone()))
        .unwrap()
        .set_pkce_verifier(verifier)
        .request_async(&http())
        .await
        .expect("the code is redeemed");
    let id_token = tokens.id_token().expect("an ID token with openid");
    let id_verifier = client.id_token_verifier();
    let claims = id_token
        .claims(&id_verifier, &nonce)
        .expect("signature, issuer, audience, expiry and nonce check out");
    assert_eq!(claims.issuer().as_str(), app.issuer());
    assert_eq!(claims.audiences().len(), 1);
    assert_eq!(claims.audiences()[0].as_str(), c.id);
    assert!(claims.auth_time().is_some());
    // at_hash binds the access token to the ID token.
    let expected = claims.access_token_hash().expect("at_hash");
    let actual = AccessTokenHash::from_token(
        tokens.access_token(),
        id_token.signing_alg().unwrap(),
        id_token.signing_key(&id_verifier).unwrap(),
    )
    .unwrap();
    assert_eq!(&actual, expected);
    assert_eq!(
        id_token.signing_alg().unwrap(),
        &openidconnect::core::CoreJwsSigningAlgorithm::EcdsaP256Sha256
    );
    // Another nonce than the one sent: the crate refuses the ID token.
    assert!(
        id_token
            .claims(&id_verifier, &Nonce::new("another".into()))
            .is_err()
    );

    let info: CoreUserInfoClaims = client
        .user_info(
            tokens.access_token().clone(),
            Some(claims.subject().clone()),
        )
        .unwrap()
        .request_async(&http())
        .await
        .expect("UserInfo answers for the token");
    assert_eq!(info.preferred_username().map(|u| u.as_str()), Some("carol"));
    assert_eq!(info.email().map(|e| e.as_str()), Some("carol@example.com"));
    assert_eq!(info.email_verified(), Some(false));
}

/// The compact JWS's header and claims, verified against the domain's published keys.
async fn verified(app: &TestApp, jws: &str) -> Option<(signing::Parsed, signing::Jwk)> {
    let parsed = signing::parse(jws).expect("a compact JWS");
    let keys: serde_json::Value = app
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
        .into_iter()
        .find(|k| Some(&k.kid) == parsed.kid.as_ref())?;
    parsed.verify(&key).then_some((parsed, key))
}

async fn id_token_of(app: &TestApp, client: &TestClient, nonce: &str) -> String {
    let p = pkce();
    let mut query = code_request(&client.id, &p.challenge, "openid", "s1");
    query.push(("nonce", nonce));
    let loc = Browser::new(app).authorize(&query, "alice").await;
    let code = query_of(&loc).remove("code").expect("a code");
    let res = app
        .token(
            client,
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", REDIRECT),
                ("code_verifier", &p.verifier),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    body["id_token"].as_str().expect("an id_token").to_owned()
}

#[tokio::test]
async fn each_algorithm_a_client_registers_signs_its_id_tokens() {
    let app = spawn_app().await;
    app.standard().await;
    for alg in ["RS256", "EdDSA", "ES256"] {
        let c = app
            .client(ClientSpec {
                name: format!("App {alg}"),
                redirect_uris: vec![REDIRECT.into()],
                scopes: vec!["read".into()],
                id_token_alg: Some(alg.into()),
                ..Default::default()
            })
            .await;
        let jws = id_token_of(&app, &c, "n-0S6_WzA2Mj").await;
        let (parsed, key) = verified(&app, &jws).await.expect("verifies with the JWKS");
        assert_eq!(parsed.alg, alg);
        assert_eq!(key.alg, alg);
        assert_eq!(parsed.typ.as_deref(), Some("JWT"));
        let claims = &parsed.claims;
        assert_eq!(claims["aud"], c.id);
        assert_eq!(claims["azp"], c.id);
        assert_eq!(claims["iss"], app.issuer());
        assert_eq!(claims["nonce"], "n-0S6_WzA2Mj");
        assert_eq!(claims["amr"], serde_json::json!(["pwd"]));
        assert!(claims["exp"].as_i64().unwrap() > claims["iat"].as_i64().unwrap());
        // With an access token, the profile claims are UserInfo's (Core §5.4).
        assert!(claims.get("preferred_username").is_none());
    }
    let refused = app
        .prov
        .create_client(
            "main",
            &ClientSpec {
                name: "Bad".into(),
                redirect_uris: vec![REDIRECT.into()],
                id_token_alg: Some("HS256".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("ES256, RS256 or EdDSA"),
        "{refused}"
    );
}

#[tokio::test]
async fn a_rotated_key_signs_new_tokens_while_the_old_one_verifies_until_it_retires() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let old = id_token_of(&app, &c, "n1").await;
    let (old_parsed, _) = verified(&app, &old).await.unwrap();
    let old_kid = old_parsed.kid.clone().unwrap();

    let keys = app.flows.rotate_keys("main", &Actor::cli()).await.unwrap();
    assert_eq!(keys.len(), 2, "the new key and the old one, both published");
    let new = id_token_of(&app, &c, "n2").await;
    let (new_parsed, _) = verified(&app, &new)
        .await
        .expect("the new key is published");
    assert_ne!(new_parsed.kid.as_deref(), Some(old_kid.as_str()));
    assert_eq!(new_parsed.kid.as_deref(), Some(keys[0].kid.as_str()));
    // The token signed before the rotation still verifies.
    assert!(verified(&app, &old).await.is_some());

    // Once nothing it signed can be valid, the retirement job takes the old key away.
    let retire_at = keys[1]
        .retire_at
        .expect("the old key has a retirement date");
    assert!(retire_at > jeton_core::Clock::now(app.clock.as_ref()) + 24 * 3600 - 1);
    assert_eq!(
        app.store.retire_signing_keys(retire_at - 1).await.unwrap(),
        0
    );
    assert_eq!(app.store.retire_signing_keys(retire_at).await.unwrap(), 1);
    assert!(verified(&app, &old).await.is_none(), "the old key is gone");
    assert!(verified(&app, &new).await.is_some());
}

#[tokio::test]
async fn userinfo_answers_errors_as_rfc_6750_says() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let url = app.url("/d/main/oauth/userinfo");
    let res = app.http.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(res.headers()["www-authenticate"], r#"Bearer realm="jeton""#);

    let res = app
        .http
        .get(&url)
        .bearer_auth("jeton_at_nope")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let challenge = res.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        challenge.contains(r#"error="invalid_token""#),
        "{challenge}"
    );

    // A token without openid may not read UserInfo.
    let plain = tokens_for(&app, &c, "read").await;
    let at = plain["access_token"].as_str().unwrap();
    let res = app.http.get(&url).bearer_auth(at).send().await.unwrap();
    assert_eq!(res.status(), 403);
    let challenge = res.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        challenge.contains(r#"error="insufficient_scope""#),
        "{challenge}"
    );
    assert!(challenge.contains(r#"scope="openid""#), "{challenge}");

    let oidc = tokens_for(&app, &c, "openid profile").await;
    let at = oidc["access_token"].as_str().unwrap();
    // POST with the token in the body (RFC 6750 §2.2).
    let res = app
        .http
        .post(&url)
        .form(&[("access_token", at)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["preferred_username"], "alice");
    assert!(body["sub"].as_str().is_some_and(|s| !s.is_empty()));
    // Both in the header and in the body: one method only.
    let res = app
        .http
        .post(&url)
        .bearer_auth(at)
        .form(&[("access_token", at)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    // A revoked token reads nothing.
    let res = app
        .post_form(
            "/d/main/oauth/revoke",
            Some((&c.id, c.secret.as_deref().unwrap())),
            &[("token", at)],
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = app.http.get(&url).bearer_auth(at).send().await.unwrap();
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn discovery_is_the_metadata_document_and_its_keys_are_published() {
    let app = spawn_app().await;
    let get = |path: &str| {
        let url = app.url(path);
        let http = app.http.clone();
        async move {
            let res = http.get(url).send().await.unwrap();
            assert_eq!(res.status(), 200);
            res.json::<serde_json::Value>().await.unwrap()
        }
    };
    let oidc = get("/d/main/.well-known/openid-configuration").await;
    let oauth = get("/.well-known/oauth-authorization-server/d/main").await;
    assert_eq!(oidc, oauth, "one document at both locations");
    assert_eq!(oidc["issuer"], app.issuer());
    assert_eq!(
        oidc["subject_types_supported"],
        serde_json::json!(["public", "pairwise"])
    );
    assert_eq!(
        oidc["id_token_signing_alg_values_supported"],
        serde_json::json!(["ES256", "RS256", "EdDSA"])
    );
    assert_eq!(oidc["request_uri_parameter_supported"], false);
    let jwks = get("/d/main/oauth/jwks").await;
    let keys = jwks["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1, "the default key, made when first asked for");
    assert_eq!(keys[0]["kty"], "EC");
    assert_eq!(keys[0]["use"], "sig");
    assert!(keys[0].get("d").is_none(), "never a private part");
}

#[tokio::test]
async fn the_cli_rotates_keys_and_a_wrong_encryption_key_stops_it_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let key1 = "k1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    let with_key = |key: &str, args: &[&str]| {
        let mut cmd = crate::cli::jeton(&dir);
        cmd.env("JETON_ENCRYPTION_KEY", key);
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        async move {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            crate::cli::run_cmd(cmd, &args, None).await
        }
    };
    let (ok, _, err) = with_key(key1, &["domain", "create", "acme"]).await;
    assert!(ok, "{err}");
    let (ok, out, err) = with_key(key1, &["keys", "rotate", "--domain", "acme", "--json"]).await;
    assert!(ok, "{err}");
    let first: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(first.len(), 1);
    assert_eq!(first[0]["state"], "signing");
    let (ok, out, _) = with_key(key1, &["keys", "rotate", "--domain", "acme", "--json"]).await;
    assert!(ok);
    let second: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(second.len(), 2);
    assert_eq!(second[0]["state"], "signing");
    assert_eq!(second[1]["kid"], first[0]["kid"]);
    assert_eq!(second[1]["state"], "published");
    assert!(second[1]["retires_at"].is_string());

    // Another key under the same id: refused at once, saying why.
    let other = "k1:ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";
    let (ok, _, err) = with_key(other, &["keys", "list", "--domain", "acme"]).await;
    assert!(!ok);
    assert!(err.contains("is not the one that sealed"), "{err}");
    // A new key without the old one: refused, naming the missing key.
    let k2 = "k2:ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";
    let (ok, _, err) = with_key(k2, &["keys", "list", "--domain", "acme"]).await;
    assert!(!ok);
    assert!(err.contains(r#"encryption key "k1""#), "{err}");
    // The new key with the old one kept for opening: works.
    let mut cmd = crate::cli::jeton(&dir);
    cmd.env("JETON_ENCRYPTION_KEY", k2)
        .env("JETON_PREVIOUS_ENCRYPTION_KEYS", key1);
    let (ok, out, err) =
        crate::cli::run_cmd(cmd, &["keys", "list", "--domain", "acme"], None).await;
    assert!(ok, "{err}");
    assert_eq!(out.lines().count(), 2);

    // Without any configured key, a SQLite database gets a key file of its own.
    let fresh = tempfile::tempdir().unwrap();
    let (ok, _, err) = run(&fresh, &["domain", "create", "beta"], None).await;
    assert!(ok, "{err}");
    let (ok, _, err) = run(&fresh, &["keys", "rotate", "--domain", "beta"], None).await;
    assert!(ok, "{err}");
    assert!(fresh.path().join("jeton.db.key").exists());
    let (ok, out, _) = run(&fresh, &["keys", "list", "--domain", "beta"], None).await;
    assert!(ok);
    assert!(out.contains("ES256"), "{out}");
}

#[tokio::test]
async fn the_consent_page_explains_the_openid_connect_scopes() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let p = pkce();
    let query = code_request(&c.id, &p.challenge, "openid email read", "s1");
    let browser = Browser::new(&app);
    let authorize = format!("/d/main/oauth/authorize?{}", encode(&query));
    let res = browser.login("alice", PASSWORD, &authorize).await;
    assert_eq!(res.status(), 303);
    let res = browser.get(&authorize).await;
    let consent = location(&res);
    assert!(consent.starts_with("/d/main/consent"), "{consent}");
    let html = browser.get(&consent).await.text().await.unwrap();
    assert!(html.contains("Confirm who you are"), "{html}");
    assert!(html.contains("See your email address"));
    assert!(html.contains("Read your photos"));
    let fr = Browser::speaking(&app, "fr");
    fr.login("alice", PASSWORD, &authorize).await;
    let res = fr.get(&authorize).await;
    let html = fr.get(&location(&res)).await.text().await.unwrap();
    assert!(html.contains("Voir votre adresse e-mail"), "{html}");
}

#[tokio::test]
async fn a_client_may_have_its_own_token_lifetimes_within_the_domains_bounds() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app
        .client(ClientSpec {
            name: "Short-lived".into(),
            redirect_uris: vec![REDIRECT.into()],
            scopes: vec!["read".into()],
            access_token_ttl_secs: Some(120),
            refresh_token_ttl_secs: Some(7200),
            id_token_ttl_secs: Some(300),
            ..Default::default()
        })
        .await;
    let tokens = tokens_for(&app, &c, "openid read").await;
    assert_eq!(tokens["expires_in"], 120);
    let id = signing::parse(tokens["id_token"].as_str().unwrap()).unwrap();
    assert_eq!(
        id.claims["exp"].as_i64().unwrap() - id.claims["iat"].as_i64().unwrap(),
        300
    );
    let rt = app
        .introspect(&c, tokens["refresh_token"].as_str().unwrap())
        .await;
    assert_eq!(
        rt["exp"].as_i64().unwrap() - rt["iat"].as_i64().unwrap(),
        7200
    );
    // Another client of the domain keeps the domain's lifetimes.
    let other = app.web_client().await;
    assert_eq!(tokens_for(&app, &other, "read").await["expires_in"], 3600);
    // Out of bounds: refused, naming the field.
    for (spec, field) in [
        (
            ClientSpec {
                access_token_ttl_secs: Some(10),
                ..Default::default()
            },
            "access_token_ttl_secs",
        ),
        (
            ClientSpec {
                id_token_ttl_secs: Some(2 * 86_400),
                ..Default::default()
            },
            "id_token_ttl_secs",
        ),
    ] {
        let spec = ClientSpec {
            name: "Bad".into(),
            redirect_uris: vec![REDIRECT.into()],
            ..spec
        };
        let e = app.prov.create_client("main", &spec).await.unwrap_err();
        assert!(e.to_string().contains(field), "{e}");
    }
}

/// Core §12.2: a refresh of a sign-in that asked for `openid` brings a new ID token with the
/// same `iss`, `sub` (pairwise too), `aud` and `azp`, the sign-in's `auth_time`, a new
/// `iat`, the new access token's `at_hash`, and no `nonce`.
#[tokio::test]
async fn a_refresh_brings_a_new_id_token_about_the_same_sign_in() {
    let app = spawn_app().await;
    app.standard().await;
    for subject_type in ["public", "pairwise"] {
        let c = app
            .client(ClientSpec {
                name: format!("RP {subject_type}"),
                redirect_uris: vec![REDIRECT.into()],
                scopes: vec!["read".into()],
                subject_type: Some(subject_type.into()),
                ..Default::default()
            })
            .await;
        let p = pkce();
        let mut query = code_request(&c.id, &p.challenge, "openid read", "s1");
        query.push(("nonce", "n-refresh"));
        let loc = Browser::new(&app).authorize(&query, "alice").await;
        let code = query_of(&loc).remove("code").expect("a code");
        let first: serde_json::Value = app
            .token(
                &c,
                &[
                    ("grant_type", "authorization_code"),
                    ("code", &code),
                    ("redirect_uri", REDIRECT),
                    ("code_verifier", &p.verifier),
                ],
            )
            .await
            .json()
            .await
            .unwrap();
        let original = signing::parse(first["id_token"].as_str().unwrap()).unwrap();
        assert_eq!(original.claims["nonce"], "n-refresh");
        app.clock.advance(600);
        let res = app
            .token(
                &c,
                &[
                    ("grant_type", "refresh_token"),
                    ("refresh_token", first["refresh_token"].as_str().unwrap()),
                ],
            )
            .await;
        assert_eq!(res.status(), 200);
        let body: serde_json::Value = res.json().await.unwrap();
        let jws = body["id_token"].as_str().expect("an ID token on refresh");
        let (renewed, _) = verified(&app, jws).await.expect("verifies with the JWKS");
        for claim in ["iss", "sub", "aud", "azp", "auth_time"] {
            assert_eq!(
                renewed.claims[claim], original.claims[claim],
                "{subject_type}: {claim} as at the sign-in"
            );
        }
        assert_eq!(
            renewed.claims["iat"].as_i64().unwrap(),
            original.claims["iat"].as_i64().unwrap() + 600
        );
        assert!(renewed.claims.get("nonce").is_none());
        assert_eq!(
            renewed.claims["at_hash"],
            signing::SigningAlg::Es256.half_hash(body["access_token"].as_str().unwrap())
        );
        // Without `openid`, a refresh brings none.
        let plain = tokens_for(&app, &c, "read").await;
        let res = app
            .token(
                &c,
                &[
                    ("grant_type", "refresh_token"),
                    ("refresh_token", plain["refresh_token"].as_str().unwrap()),
                ],
            )
            .await;
        let body: serde_json::Value = res.json().await.unwrap();
        assert!(body.get("id_token").is_none(), "{body}");
    }
}
