//! Clients: every field round-trips; lookups are domain-scoped.

use jeton_core::grant_type::{AuthMethod, GrantType};
use jeton_store::{Client, NewClient, StoreError};

use crate::support::*;

/// The client that `create_client(new)` must answer and `client_by_id` must find.
fn expected(new: &NewClient) -> Client {
    Client {
        id: new.id.clone(),
        domain_id: new.domain_id.clone(),
        kind: new.kind,
        name: new.name.clone(),
        description: new.description.clone(),
        secret_digest: new.secret_digest,
        auth_method: new.auth_method,
        redirect_uris: new.redirect_uris.clone(),
        grant_types: new.grant_types.clone(),
        allowed_scopes: new.allowed_scopes.clone(),
        default_scopes: new.default_scopes.clone(),
        require_pkce: new.require_pkce,
        allow_plain_pkce: new.allow_plain_pkce,
        owner_user_id: new.owner_user_id.clone(),
        expires_at: new.expires_at,
        created_at: new.created_at,
        revoked_at: None,
        last_used_at: None,
        options: new.options.clone(),
    }
}

#[tokio::test]
async fn confidential_client_round_trips_every_field() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        // The options document round-trips too (OpenID Connect and RFC 9068 choices).
        let new = NewClient {
            options: jeton_store::ClientOptions {
                id_token_signed_response_alg: Some(jeton_core::signing::SigningAlg::Rs256),
                access_token_format: Some(jeton_core::access_token::AccessTokenFormat::Jwt),
                ..Default::default()
            },
            ..new_client(&d.id)
        };
        let want = expected(&new);
        let created = s
            .create_client(new.clone(), None)
            .await
            .must(n, "create_client");
        assert_eq!(created, want, "[{n}] create_client answers the client");

        let found = s
            .client_by_id(&d.id, &new.id)
            .await
            .must(n, "client_by_id")
            .expect("stored");
        assert_eq!(
            found, want,
            "[{n}] client_by_id answers every field as stored"
        );
        assert!(
            found
                .secret_digest
                .expect("a secret")
                .ct_eq(&new.secret_digest.expect("a secret")),
            "[{n}] secret digest round-trips"
        );
        assert_eq!(
            found.grant_types,
            vec![
                GrantType::AuthorizationCode,
                GrantType::RefreshToken,
                GrantType::ClientCredentials
            ],
            "[{n}] grant types keep their order"
        );
        assert_eq!(
            found.redirect_uris, new.redirect_uris,
            "[{n}] redirect URIs keep their order"
        );
        assert!(
            found.is_active(NOW),
            "[{n}] a new client without expiry is active"
        );
    }
}

#[tokio::test]
async fn public_personal_client_round_trips_every_field() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        let owner = user(s, n, &d.id, "owner").await;
        let new = NewClient {
            kind: jeton_core::entities::ClientKind::Application,
            description: String::new(),
            name: "CLI of owner".to_owned(),
            secret_digest: None,
            auth_method: AuthMethod::None,
            redirect_uris: vec!["http://127.0.0.1/callback".to_owned()],
            grant_types: vec![GrantType::AuthorizationCode],
            allowed_scopes: scopes("openid"),
            default_scopes: scopes(""),
            require_pkce: true,
            allow_plain_pkce: true,
            options: Default::default(),
            owner_user_id: Some(owner.id.clone()),
            expires_at: Some(NOW + 90 * 86_400),
            ..new_client(&d.id)
        };
        let want = expected(&new);
        let created = s
            .create_client(new.clone(), None)
            .await
            .must(n, "create_client");
        assert_eq!(created, want, "[{n}] create_client answers the client");
        let found = s
            .client_by_id(&d.id, &new.id)
            .await
            .must(n, "client_by_id")
            .expect("stored");
        assert_eq!(found, want, "[{n}] public client round-trips");
        assert_eq!(found.secret_digest, None, "[{n}] no secret");
        assert_eq!(found.owner_user_id, Some(owner.id), "[{n}] owner");
        assert_eq!(found.expires_at, Some(NOW + 90 * 86_400), "[{n}] expiry");
        assert!(
            found.default_scopes.is_empty(),
            "[{n}] empty default scopes"
        );
        assert!(found.is_active(NOW), "[{n}] active before expiry");
        assert!(
            !found.is_active(NOW + 90 * 86_400),
            "[{n}] inactive at expiry"
        );
    }
}

#[tokio::test]
async fn client_lookups_are_domain_scoped() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        let other = domain(s, n).await;
        let c = client(s, n, &d.id).await;
        assert_eq!(
            s.client_by_id(&other.id, &c.id)
                .await
                .must(n, "client_by_id"),
            None,
            "[{n}] a client of domain A is not found via domain B"
        );
        assert_eq!(
            s.client_by_id(&d.id, &id()).await.must(n, "client_by_id"),
            None,
            "[{n}] unknown client id"
        );
    }
}

#[tokio::test]
async fn duplicate_client_id_is_a_conflict() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        let first = client(s, n, &d.id).await;
        let again = s
            .create_client(
                NewClient {
                    id: first.id.clone(),
                    kind: jeton_core::entities::ClientKind::Application,
                    description: String::new(),
                    name: "Impostor".into(),
                    ..new_client(&d.id)
                },
                None,
            )
            .await;
        assert!(
            matches!(again, Err(StoreError::Conflict(_))),
            "[{n}] duplicate client id: {again:?}"
        );
        let found = s
            .client_by_id(&d.id, &first.id)
            .await
            .must(n, "client_by_id")
            .expect("stored");
        assert_eq!(found, first, "[{n}] the first client stays");
    }
}
