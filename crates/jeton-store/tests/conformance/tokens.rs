//! Access and refresh tokens: storage, introspection records, revocation, rotation.

use jeton_core::secret::SecretKind;
use jeton_store::{NewAccessToken, NewClient, Redemption, RefreshChain, TokenRecord};

use crate::support::*;

#[tokio::test]
async fn user_access_token_record_has_every_field() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let token = w.access_token(NOW, NOW + 3600);
        s.insert_access_token(token.clone())
            .await
            .must(n, "insert_access_token");
        let record = s
            .access_token(w.d(), &token.digest)
            .await
            .must(n, "access_token");
        let want = TokenRecord {
            domain_id: w.domain.id.clone(),
            client_id: w.client.id.clone(),
            user_id: Some(w.user.id.clone()),
            username: Some("alice".to_owned()),
            grant_id: Some(w.grant.id.clone()),
            scopes: scopes("openid profile"),
            issued_at: NOW,
            expires_at: NOW + 3600,
            revoked_at: None,
            used_at: None,
            grant_revoked: false,
            client_revoked: false,
            client_expires_at: None,
            user_disabled: false,
            owner_forbids: false,
            user_attributes: serde_json::json!({}),
        };
        assert_eq!(
            record,
            Some(want),
            "[{n}] the introspection record of a user token"
        );
        let record = record.expect("stored");
        assert!(record.is_active(NOW), "[{n}] active when issued");
        assert!(record.is_active(NOW + 3599), "[{n}] active until expiry");
        assert!(!record.is_active(NOW + 3600), "[{n}] inactive at expiry");
    }
}

#[tokio::test]
async fn client_credentials_token_has_no_user_or_grant() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let token = NewAccessToken {
            user_id: None,
            grant_id: None,
            scopes: scopes("api:read"),
            ..w.access_token(NOW, NOW + 600)
        };
        s.insert_access_token(token.clone())
            .await
            .must(n, "insert_access_token");
        let record = s
            .access_token(w.d(), &token.digest)
            .await
            .must(n, "access_token")
            .expect("stored");
        assert_eq!(record.user_id, None, "[{n}] no user");
        assert_eq!(record.username, None, "[{n}] no username");
        assert_eq!(record.grant_id, None, "[{n}] no grant");
        assert!(!record.grant_revoked, "[{n}] no grant to be revoked");
        assert_eq!(record.client_id, w.client.id, "[{n}] client");
        assert_eq!(record.scopes, scopes("api:read"), "[{n}] scopes");
        assert!(record.is_active(NOW), "[{n}] active");
    }
}

#[tokio::test]
async fn token_lookups_are_domain_scoped() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let issued = w.issue(s, n).await;
        let other = domain(s, n).await;
        assert_eq!(
            s.access_token(&other.id, &issued.access)
                .await
                .must(n, "access_token"),
            None,
            "[{n}] access via domain B"
        );
        assert_eq!(
            s.refresh_token(&other.id, &issued.refresh)
                .await
                .must(n, "refresh_token"),
            None,
            "[{n}] refresh via domain B"
        );
        let unknown = digest(SecretKind::AccessToken);
        assert_eq!(
            s.access_token(w.d(), &unknown)
                .await
                .must(n, "access_token"),
            None,
            "[{n}] unknown access token"
        );
        assert_eq!(
            s.refresh_token(w.d(), &unknown)
                .await
                .must(n, "refresh_token"),
            None,
            "[{n}] unknown refresh token"
        );
    }
}

#[tokio::test]
async fn revoke_access_token_answers_true_once_then_false() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let token = w.access_token(NOW, NOW + 3600);
        let sibling = w.access_token(NOW, NOW + 3600);
        s.insert_access_token(token.clone())
            .await
            .must(n, "insert_access_token");
        s.insert_access_token(sibling.clone())
            .await
            .must(n, "insert_access_token");

        let other = domain(s, n).await;
        assert!(
            !s.revoke_access_token(&other.id, &token.digest, NOW + 1)
                .await
                .must(n, "revoke_access_token"),
            "[{n}] wrong domain"
        );
        let unknown = digest(SecretKind::AccessToken);
        assert!(
            !s.revoke_access_token(w.d(), &unknown, NOW + 1)
                .await
                .must(n, "revoke_access_token"),
            "[{n}] unknown token"
        );
        let record = s
            .access_token(w.d(), &token.digest)
            .await
            .must(n, "access_token")
            .expect("stored");
        assert!(
            record.is_active(NOW + 1),
            "[{n}] still active after failed revocations"
        );

        assert!(
            s.revoke_access_token(w.d(), &token.digest, NOW + 2)
                .await
                .must(n, "revoke_access_token"),
            "[{n}] first"
        );
        assert!(
            !s.revoke_access_token(w.d(), &token.digest, NOW + 3)
                .await
                .must(n, "revoke_access_token"),
            "[{n}] second"
        );
        let record = s
            .access_token(w.d(), &token.digest)
            .await
            .must(n, "access_token")
            .expect("stored");
        assert_eq!(
            record.revoked_at,
            Some(NOW + 2),
            "[{n}] revoked at the first revocation"
        );
        assert!(!record.is_active(NOW + 2), "[{n}] inactive");

        let sibling = s
            .access_token(w.d(), &sibling.digest)
            .await
            .must(n, "access_token")
            .expect("stored");
        assert!(
            sibling.is_active(NOW + 2),
            "[{n}] another token of the grant stays active"
        );
        assert!(
            s.active_grant(w.d(), &w.user.id, &w.client.id)
                .await
                .must(n, "active_grant")
                .is_some(),
            "[{n}] grant stays"
        );

        // Revocation ignores expiry.
        let expired = w.access_token(NOW - 7200, NOW - 3600);
        s.insert_access_token(expired.clone())
            .await
            .must(n, "insert_access_token");
        assert!(
            s.revoke_access_token(w.d(), &expired.digest, NOW)
                .await
                .must(n, "revoke_access_token"),
            "[{n}] expired token"
        );
    }
}

#[tokio::test]
async fn token_reflects_its_clients_expiry() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        let c = s
            .create_client(
                NewClient {
                    expires_at: Some(NOW + 100),
                    ..new_client(&d.id)
                },
                None,
            )
            .await
            .must(n, "create_client");
        let token = NewAccessToken {
            digest: digest(SecretKind::AccessToken),
            domain_id: d.id.clone(),
            client_id: c.id.clone(),
            user_id: None,
            grant_id: None,
            scopes: scopes("api"),
            issued_at: NOW,
            expires_at: NOW + 3600,
        };
        s.insert_access_token(token.clone())
            .await
            .must(n, "insert_access_token");
        let record = s
            .access_token(&d.id, &token.digest)
            .await
            .must(n, "access_token")
            .expect("stored");
        assert_eq!(
            record.client_expires_at,
            Some(NOW + 100),
            "[{n}] the client's expiry comes with the token"
        );
        assert!(!record.client_revoked, "[{n}] the client is not revoked");
        assert!(
            record.is_active(NOW + 99),
            "[{n}] active while the client lives"
        );
        assert!(
            !record.is_active(NOW + 100),
            "[{n}] inactive once the client expired"
        );
    }
}

#[tokio::test]
async fn token_of_a_missing_client_counts_as_client_revoked() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        let token = NewAccessToken {
            digest: digest(SecretKind::AccessToken),
            domain_id: d.id.clone(),
            client_id: id(),
            user_id: None,
            grant_id: None,
            scopes: scopes("api"),
            issued_at: NOW,
            expires_at: NOW + 3600,
        };
        s.insert_access_token(token.clone())
            .await
            .must(n, "insert_access_token");
        let record = s
            .access_token(&d.id, &token.digest)
            .await
            .must(n, "access_token")
            .expect("stored");
        assert!(
            record.client_revoked,
            "[{n}] a token whose client is gone reports client_revoked"
        );
        assert!(!record.is_active(NOW), "[{n}] and is inactive");
    }
}

#[tokio::test]
async fn rotation_marks_the_old_token_used_and_stores_its_successors() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let first = w.issue(s, n).await;
        let next = w.tokens(NOW + 60);
        let outcome = s
            .rotate_refresh_token(w.d(), &first.refresh, NOW + 60, next.tokens.clone())
            .await
            .must(n, "rotate");
        assert_eq!(outcome, Redemption::Issued, "[{n}] first rotation wins");

        let old = s
            .refresh_token(w.d(), &first.refresh)
            .await
            .must(n, "refresh_token")
            .expect("old kept");
        assert_eq!(
            old.used_at,
            Some(NOW + 60),
            "[{n}] the old refresh token is marked used"
        );
        assert!(
            !old.is_active(NOW + 60),
            "[{n}] a used refresh token is inactive"
        );

        let access = s
            .access_token(w.d(), &next.access)
            .await
            .must(n, "access_token")
            .expect("successor access stored");
        assert!(
            access.is_active(NOW + 60),
            "[{n}] successor access token is active"
        );
        assert_eq!(
            access.issued_at,
            NOW + 60,
            "[{n}] successor access token's issued_at"
        );
        let refresh = s
            .refresh_token(w.d(), &next.refresh)
            .await
            .must(n, "refresh_token")
            .expect("successor refresh stored");
        assert!(
            refresh.is_active(NOW + 60),
            "[{n}] successor refresh token is active"
        );
        assert_eq!(
            refresh.grant_id.as_ref().map(|id| id.as_str()),
            Some(w.grant.id.as_str()),
            "[{n}] same grant"
        );
        assert_eq!(
            s.refresh_chain(w.d(), &next.refresh)
                .await
                .must(n, "refresh_chain"),
            Some(RefreshChain {
                started_at: NOW + 60,
                auth_time: Some(NOW + 60),
            }),
            "[{n}] the successor keeps the chain it was given"
        );
        assert_eq!(
            s.refresh_chain(w.d(), &next.access)
                .await
                .must(n, "refresh_chain"),
            None,
            "[{n}] an access token's digest has no refresh chain"
        );

        let earlier_access = s
            .access_token(w.d(), &first.access)
            .await
            .must(n, "access_token")
            .expect("stored");
        assert!(
            earlier_access.is_active(NOW + 60),
            "[{n}] rotation leaves earlier access tokens alone"
        );
        assert!(
            s.active_grant(w.d(), &w.user.id, &w.client.id)
                .await
                .must(n, "active_grant")
                .is_some(),
            "[{n}] grant stays"
        );

        // The successor rotates in turn.
        let third = w.tokens(NOW + 120);
        let outcome = s
            .rotate_refresh_token(w.d(), &next.refresh, NOW + 120, third.tokens)
            .await
            .must(n, "rotate");
        assert_eq!(outcome, Redemption::Issued, "[{n}] the successor rotates");
    }
}

#[tokio::test]
async fn second_rotation_is_already_used_and_revokes_the_grant() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let first = w.issue(s, n).await;
        let next = w.tokens(NOW + 60);
        let outcome = s
            .rotate_refresh_token(w.d(), &first.refresh, NOW + 60, next.tokens.clone())
            .await
            .must(n, "rotate");
        assert_eq!(outcome, Redemption::Issued, "[{n}] first rotation");

        let replay = w.tokens(NOW + 61);
        let outcome = s
            .rotate_refresh_token(w.d(), &first.refresh, NOW + 61, replay.tokens.clone())
            .await
            .must(n, "rotate");
        assert_eq!(
            outcome,
            Redemption::AlreadyUsed {
                grant_id: w.grant.id.clone()
            },
            "[{n}] replayed refresh token"
        );

        assert_eq!(
            s.active_grant(w.d(), &w.user.id, &w.client.id)
                .await
                .must(n, "active_grant"),
            None,
            "[{n}] grant revoked"
        );
        for (label, record) in [
            ("first access", s.access_token(w.d(), &first.access).await),
            (
                "successor access",
                s.access_token(w.d(), &next.access).await,
            ),
            (
                "successor refresh",
                s.refresh_token(w.d(), &next.refresh).await,
            ),
        ] {
            let record = record
                .must(n, label)
                .unwrap_or_else(|| panic!("[{n}] {label} still stored"));
            assert!(
                !record.is_active(NOW + 61),
                "[{n}] {label} is inactive after the replay"
            );
        }
        assert_eq!(
            s.access_token(w.d(), &replay.access)
                .await
                .must(n, "access_token"),
            None,
            "[{n}] replay stored nothing"
        );
        assert_eq!(
            s.refresh_token(w.d(), &replay.refresh)
                .await
                .must(n, "refresh_token"),
            None,
            "[{n}] replay stored nothing"
        );

        // The successor died with the grant: rotating it is refused.
        let outcome = s
            .rotate_refresh_token(w.d(), &next.refresh, NOW + 62, w.tokens(NOW + 62).tokens)
            .await
            .must(n, "rotate");
        assert_ne!(
            outcome,
            Redemption::Issued,
            "[{n}] a token of a revoked grant does not rotate"
        );
    }
}

#[tokio::test]
async fn rotating_an_unknown_expired_or_foreign_refresh_token_is_invalid() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let other = World::new(s, n).await;

        let unknown = digest(SecretKind::RefreshToken);
        let outcome = s
            .rotate_refresh_token(w.d(), &unknown, NOW, w.tokens(NOW).tokens)
            .await
            .must(n, "rotate");
        assert_eq!(outcome, Redemption::Invalid, "[{n}] unknown refresh token");

        // Issued with a refresh token that expires at NOW + 100.
        let (code, new) = w.code(NOW + 60);
        s.insert_code(new).await.must(n, "insert_code");
        let short = w.tokens_expiring(NOW, NOW + 100, NOW + 100);
        let outcome = s
            .redeem_code(w.d(), &code, NOW, short.tokens.clone())
            .await
            .must(n, "redeem_code");
        assert_eq!(outcome, Redemption::Issued, "[{n}] redeemed");
        let next = w.tokens(NOW + 100);
        let outcome = s
            .rotate_refresh_token(w.d(), &short.refresh, NOW + 100, next.tokens.clone())
            .await
            .must(n, "rotate");
        assert_eq!(
            outcome,
            Redemption::Invalid,
            "[{n}] a refresh token is expired at its expires_at"
        );
        assert_eq!(
            s.access_token(w.d(), &next.access)
                .await
                .must(n, "access_token"),
            None,
            "[{n}] nothing stored"
        );
        let old = s
            .refresh_token(w.d(), &short.refresh)
            .await
            .must(n, "refresh_token")
            .expect("stored");
        assert_eq!(
            old.used_at, None,
            "[{n}] an expired token is not marked used"
        );
        assert!(
            s.active_grant(w.d(), &w.user.id, &w.client.id)
                .await
                .must(n, "active_grant")
                .is_some(),
            "[{n}] grant stays"
        );

        // A live token presented to another domain.
        let live = w.issue(s, n).await;
        let outcome = s
            .rotate_refresh_token(other.d(), &live.refresh, NOW, other.tokens(NOW).tokens)
            .await
            .must(n, "rotate");
        assert_eq!(
            outcome,
            Redemption::Invalid,
            "[{n}] a refresh token of domain A is unknown in domain B"
        );
        let outcome = s
            .rotate_refresh_token(w.d(), &live.refresh, NOW + 1, w.tokens(NOW + 1).tokens)
            .await
            .must(n, "rotate");
        assert_eq!(
            outcome,
            Redemption::Issued,
            "[{n}] it still rotates in its own domain"
        );
        assert!(
            s.active_grant(other.d(), &other.user.id, &other.client.id)
                .await
                .must(n, "active_grant")
                .is_some(),
            "[{n}] B untouched"
        );
    }
}

#[tokio::test]
async fn revoke_refresh_token_revokes_the_grants_tokens_but_keeps_the_consent() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let first = w.issue(s, n).await;
        let second = w.issue(s, n).await;
        let other_world = World::new(s, n).await;
        let bystander = other_world.issue(s, n).await;

        let other = domain(s, n).await;
        assert_eq!(
            s.revoke_refresh_token(&other.id, &first.refresh, NOW + 1)
                .await
                .must(n, "revoke_refresh_token"),
            None,
            "[{n}] wrong domain"
        );
        let unknown = digest(SecretKind::RefreshToken);
        assert_eq!(
            s.revoke_refresh_token(w.d(), &unknown, NOW + 1)
                .await
                .must(n, "revoke_refresh_token"),
            None,
            "[{n}] unknown"
        );
        assert!(
            s.refresh_token(w.d(), &first.refresh)
                .await
                .must(n, "refresh_token")
                .expect("stored")
                .is_active(NOW + 1),
            "[{n}] untouched so far"
        );

        let revoked = s
            .revoke_refresh_token(w.d(), &first.refresh, NOW + 2)
            .await
            .must(n, "revoke_refresh_token");
        assert_eq!(
            revoked,
            Some(w.grant.id.clone()),
            "[{n}] answers the grant id"
        );
        for (label, record) in [
            ("refresh", s.refresh_token(w.d(), &first.refresh).await),
            (
                "its access token",
                s.access_token(w.d(), &first.access).await,
            ),
            (
                "sibling refresh",
                s.refresh_token(w.d(), &second.refresh).await,
            ),
            (
                "sibling access",
                s.access_token(w.d(), &second.access).await,
            ),
        ] {
            let record = record
                .must(n, label)
                .unwrap_or_else(|| panic!("[{n}] {label} still stored"));
            assert!(
                record.revoked_at.is_some(),
                "[{n}] {label} is marked revoked"
            );
            assert!(
                !record.grant_revoked,
                "[{n}] {label}: the grant itself is not revoked"
            );
            assert!(!record.is_active(NOW + 2), "[{n}] {label} is inactive");
        }
        let grant = s
            .active_grant(w.d(), &w.user.id, &w.client.id)
            .await
            .must(n, "active_grant");
        assert_eq!(
            grant.map(|g| g.id),
            Some(w.grant.id.clone()),
            "[{n}] the consent stays"
        );
        for (label, record) in [
            (
                "other access",
                s.access_token(other_world.d(), &bystander.access).await,
            ),
            (
                "other refresh",
                s.refresh_token(other_world.d(), &bystander.refresh).await,
            ),
        ] {
            assert!(
                record.must(n, label).expect("stored").is_active(NOW + 2),
                "[{n}] {label} of another grant stays active"
            );
        }

        // A revoked refresh token does not rotate, and presenting it is not a replay.
        let outcome = s
            .rotate_refresh_token(w.d(), &first.refresh, NOW + 3, w.tokens(NOW + 3).tokens)
            .await
            .must(n, "rotate");
        assert_eq!(
            outcome,
            Redemption::Invalid,
            "[{n}] a revoked refresh token is invalid"
        );
        assert!(
            s.active_grant(w.d(), &w.user.id, &w.client.id)
                .await
                .must(n, "active_grant")
                .is_some(),
            "[{n}] consent still stays"
        );

        // Revoking again still names the grant; and the kept consent lets new codes through.
        let again = s
            .revoke_refresh_token(w.d(), &first.refresh, NOW + 4)
            .await
            .must(n, "revoke_refresh_token");
        assert_eq!(
            again,
            Some(w.grant.id.clone()),
            "[{n}] the token still exists"
        );
        let fresh = w.issue(s, n).await;
        let record = s
            .access_token(w.d(), &fresh.access)
            .await
            .must(n, "access_token")
            .expect("stored");
        assert!(
            record.is_active(NOW + 4),
            "[{n}] tokens issued after the revocation are active"
        );
    }
}
