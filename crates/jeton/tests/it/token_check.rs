//! What a domain adds to the token check (issue "token policies"): chosen user attributes
//! as introspection claims, the scopes as a JSON array, the access token in a header too.

use jeton_core::entities::{Actor, TokenCheck};
use jeton_core::roles::Authority;

use crate::helpers::*;

#[tokio::test]
async fn introspection_carries_the_attributes_and_scopes_the_domain_chose() {
    let app = spawn_app().await;
    app.standard().await;
    let domain = app.flows.domain_by_slug("main").await.unwrap().unwrap();
    let alice = app
        .store
        .user_by_username(&domain.id, "alice")
        .await
        .unwrap()
        .unwrap();
    app.flows
        .set_user_attributes(
            &domain,
            &alice.id,
            &serde_json::json!({"department": "finance", "salary_band": "7"}),
            &Actor::cli(),
            Authority::Manager,
        )
        .await
        .unwrap();
    let c = app.web_client().await;
    // Before: RFC 7662's members only.
    let tokens = tokens_for(&app, &c, "read write").await;
    let at = tokens["access_token"].as_str().unwrap().to_owned();
    let info = app.introspect(&c, &at).await;
    assert!(info.get("department").is_none() && info.get("scopes").is_none());

    let settings = jeton_store::DomainSettings {
        token_check: TokenCheck {
            attributes: vec!["department".into(), "team".into()],
            scopes_array: true,
            access_token_header: Some("X-Access-Token".into()),
        },
        ..domain.settings.clone()
    };
    app.flows
        .update_settings(&domain, &settings, &Actor::cli())
        .await
        .unwrap();
    let tokens = tokens_for(&app, &c, "read write").await;
    let at = tokens["access_token"].as_str().unwrap().to_owned();
    let info = app.introspect(&c, &at).await;
    assert_eq!(info["active"], true);
    assert_eq!(info["department"], "finance");
    assert!(
        info.get("salary_band").is_none(),
        "only the attributes chosen"
    );
    assert!(info.get("team").is_none(), "and only those the user has");
    assert_eq!(info["scope"], "read write");
    assert_eq!(info["scopes"], serde_json::json!(["read", "write"]));
    // A changed attribute shows at once, though the answer above was cached.
    app.flows
        .set_user_attributes(
            &domain,
            &alice.id,
            &serde_json::json!({"department": "sales"}),
            &Actor::cli(),
            Authority::Manager,
        )
        .await
        .unwrap();
    assert_eq!(app.introspect(&c, &at).await["department"], "sales");

    // The token endpoint puts the access token in the header too.
    let svc = app
        .client(jeton_flows::provision::ClientSpec {
            name: "svc".into(),
            grants: vec!["client_credentials".into()],
            scopes: vec!["read".into()],
            ..Default::default()
        })
        .await;
    let res = app
        .token(&svc, &[("grant_type", "client_credentials")])
        .await;
    assert_eq!(res.status(), 200);
    let header = res.headers()["x-access-token"].to_str().unwrap().to_owned();
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["access_token"], header.as_str());
    // A client-credentials token has no user: no attributes, the scopes still.
    let info = app.introspect(&svc, &header).await;
    assert!(info.get("department").is_none());
    assert_eq!(info["scopes"], serde_json::json!(["read"]));

    // Names that would pass for something else are refused.
    for bad in [
        TokenCheck {
            attributes: vec!["scope".into()],
            ..TokenCheck::default()
        },
        TokenCheck {
            access_token_header: Some("Authorization".into()),
            ..TokenCheck::default()
        },
        TokenCheck {
            access_token_header: Some("X Bad".into()),
            ..TokenCheck::default()
        },
    ] {
        let s = jeton_store::DomainSettings {
            token_check: bad,
            ..domain.settings.clone()
        };
        assert!(
            app.flows
                .update_settings(&domain, &s, &Actor::cli())
                .await
                .is_err()
        );
    }
}
