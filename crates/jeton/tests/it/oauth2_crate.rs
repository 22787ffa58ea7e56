//! The flows driven by the `oauth2` crate, a client library nobody here wrote: if Jeton
//! speaks the protocol as the RFCs say, an independent implementation gets its tokens.

use jeton_flows::provision::ClientSpec;
use oauth2::basic::BasicClient;
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, PkceCodeChallenge, RedirectUrl,
    Scope, TokenResponse, TokenUrl,
};

use crate::helpers::*;

fn http() -> reqwest::Client {
    // RFC 6749 clients must not follow redirects at the token endpoint.
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn code_flow_with_pkce_then_refresh() {
    let app = spawn_app().await;
    app.standard().await;
    let c = app.web_client().await;
    let client = BasicClient::new(ClientId::new(c.id.clone()))
        .set_client_secret(ClientSecret::new(c.secret.clone().unwrap()))
        .set_auth_uri(AuthUrl::new(app.url("/d/main/oauth/authorize")).unwrap())
        .set_token_uri(TokenUrl::new(app.url("/d/main/oauth/token")).unwrap())
        .set_redirect_uri(RedirectUrl::new(REDIRECT.into()).unwrap());
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (auth_url, csrf_state) = client
        .authorize_url(CsrfToken::new_random)
        .add_scope(Scope::new("read".into()))
        .add_scope(Scope::new("write".into()))
        .set_pkce_challenge(challenge)
        .url();

    // A person signs in and consents in their browser.
    let browser = Browser::new(&app);
    let query: Vec<(String, String)> = auth_url.query_pairs().into_owned().collect();
    let query: Vec<(&str, &str)> = query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let back = browser.authorize(&query, "alice").await;
    let params = query_of(&back);
    assert_eq!(&params["state"], csrf_state.secret());
    assert_eq!(params["iss"], app.issuer());

    let token = client
        .exchange_code(AuthorizationCode::new(params["code"].clone()))
        .set_pkce_verifier(verifier)
        .request_async(&http())
        .await
        .expect("the oauth2 crate redeems the code");
    assert!(token.access_token().secret().starts_with("jeton_at_"));
    let scopes: Vec<String> = token
        .scopes()
        .unwrap()
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(scopes, vec!["read", "write"]);
    let refresh = token.refresh_token().expect("a refresh token").clone();

    let refreshed = client
        .exchange_refresh_token(&refresh)
        .request_async(&http())
        .await
        .expect("refresh works");
    assert_ne!(
        refreshed.refresh_token().unwrap().secret(),
        refresh.secret()
    );
    // The spent refresh token is refused, as the crate reports it.
    let err = client
        .exchange_refresh_token(&refresh)
        .request_async(&http())
        .await
        .unwrap_err();
    assert!(format!("{err:?}").contains("invalid_grant"), "{err:?}");
}

#[tokio::test]
async fn client_credentials() {
    let app = spawn_app().await;
    app.scope("jobs:run", "Run jobs", &[]).await;
    let c = app
        .client(ClientSpec {
            name: "Worker".into(),
            grants: vec!["client_credentials".into()],
            scopes: vec!["jobs:run".into()],
            ..Default::default()
        })
        .await;
    let client = BasicClient::new(ClientId::new(c.id.clone()))
        .set_client_secret(ClientSecret::new(c.secret.clone().unwrap()))
        .set_token_uri(TokenUrl::new(app.url("/d/main/oauth/token")).unwrap());
    let token = client
        .exchange_client_credentials()
        .add_scope(Scope::new("jobs:run".into()))
        .request_async(&http())
        .await
        .expect("client credentials work");
    assert!(token.expires_in().is_some());
    assert_eq!(
        app.introspect(&c, token.access_token().secret()).await["active"],
        true
    );

    let wrong = BasicClient::new(ClientId::new(c.id.clone()))
        .set_client_secret(ClientSecret::new("jeton_cs_wrong".into()))
        .set_token_uri(TokenUrl::new(app.url("/d/main/oauth/token")).unwrap());
    let err = wrong
        .exchange_client_credentials()
        .request_async(&http())
        .await
        .unwrap_err();
    assert!(format!("{err:?}").contains("invalid_client"), "{err:?}");
}
