//! Authorization codes: storage, lookup and single-use redemption.

use jeton_core::secret::SecretKind;
use jeton_store::{AuthCode, NewAuthCode, Redemption, StoreError};

use crate::support::*;

fn expected(new: &NewAuthCode) -> AuthCode {
    AuthCode {
        domain_id: new.domain_id.clone(),
        client_id: new.client_id.clone(),
        user_id: new.user_id.clone(),
        grant_id: new.grant_id.clone(),
        redirect_uri: new.redirect_uri.clone(),
        redirect_uri_given: new.redirect_uri_given,
        scopes: new.scopes.clone(),
        code_challenge: new.code_challenge.clone(),
        nonce: new.nonce.clone(),
        auth_time: new.auth_time,
        claims: new.claims.clone(),
        created_at: new.created_at,
        expires_at: new.expires_at,
        used_at: None,
    }
}

#[tokio::test]
async fn inserted_code_is_found_by_digest_in_its_domain_only() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let (with_pkce, new) = w.code(NOW + 60);
        s.insert_code(new.clone()).await.must(n, "insert_code");
        let found = s
            .code_by_digest(w.d(), &with_pkce)
            .await
            .must(n, "code_by_digest");
        assert_eq!(
            found,
            Some(expected(&new)),
            "[{n}] code with PKCE round-trips"
        );

        let (plain, mut new) = w.code(NOW + 60);
        new.code_challenge = None;
        new.redirect_uri_given = false;
        s.insert_code(new.clone()).await.must(n, "insert_code");
        let found = s
            .code_by_digest(w.d(), &plain)
            .await
            .must(n, "code_by_digest");
        assert_eq!(
            found,
            Some(expected(&new)),
            "[{n}] code without PKCE round-trips"
        );

        let other = domain(s, n).await;
        assert_eq!(
            s.code_by_digest(&other.id, &with_pkce)
                .await
                .must(n, "code_by_digest"),
            None,
            "[{n}] other domain"
        );
        let unknown = digest(SecretKind::AuthorizationCode);
        assert_eq!(
            s.code_by_digest(w.d(), &unknown)
                .await
                .must(n, "code_by_digest"),
            None,
            "[{n}] unknown code"
        );
    }
}

#[tokio::test]
async fn duplicate_code_is_a_conflict() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let (_, new) = w.code(NOW + 60);
        s.insert_code(new.clone()).await.must(n, "insert_code");
        let again = s.insert_code(new).await;
        assert!(
            matches!(again, Err(StoreError::Conflict(_))),
            "[{n}] same digest twice: {again:?}"
        );
    }
}

#[tokio::test]
async fn redeeming_a_code_marks_it_used_and_stores_the_tokens() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let (code, new) = w.code(NOW + 60);
        s.insert_code(new).await.must(n, "insert_code");
        let issued = w.tokens(NOW);
        let outcome = s
            .redeem_code(w.d(), &code, NOW, issued.tokens.clone())
            .await
            .must(n, "redeem_code");
        assert_eq!(outcome, Redemption::Issued, "[{n}] first redemption wins");

        let stored = s
            .code_by_digest(w.d(), &code)
            .await
            .must(n, "code_by_digest")
            .expect("code kept");
        assert_eq!(stored.used_at, Some(NOW), "[{n}] the code is marked used");

        let access = s
            .access_token(w.d(), &issued.access)
            .await
            .must(n, "access_token")
            .expect("access token stored");
        assert_eq!(
            access.grant_id.as_ref().map(|id| id.as_str()),
            Some(w.grant.id.as_str()),
            "[{n}] access token's grant"
        );
        assert_eq!(
            access.username.as_deref(),
            Some("alice"),
            "[{n}] access token's username"
        );
        assert_eq!(access.expires_at, NOW + 3600, "[{n}] access token's expiry");
        assert!(access.is_active(NOW), "[{n}] access token is active");

        let refresh = s
            .refresh_token(w.d(), &issued.refresh)
            .await
            .must(n, "refresh_token")
            .expect("refresh token stored");
        assert_eq!(
            refresh.grant_id.as_ref().map(|id| id.as_str()),
            Some(w.grant.id.as_str()),
            "[{n}] refresh token's grant"
        );
        assert_eq!(
            refresh.user_id.as_ref().map(|id| id.as_str()),
            Some(w.user.id.as_str()),
            "[{n}] refresh token's user"
        );
        assert_eq!(
            refresh.scopes,
            scopes("openid profile offline_access"),
            "[{n}] refresh token's scopes"
        );
        assert_eq!(
            (refresh.issued_at, refresh.expires_at),
            (NOW, NOW + 86_400),
            "[{n}] refresh token's times"
        );
        assert_eq!(refresh.used_at, None, "[{n}] refresh token unused");
        assert!(refresh.is_active(NOW), "[{n}] refresh token is active");

        // The tokens live in their own tables: each digest is found only as what it is.
        assert_eq!(
            s.refresh_token(w.d(), &issued.access)
                .await
                .must(n, "refresh_token"),
            None,
            "[{n}] access is no refresh"
        );
        assert_eq!(
            s.access_token(w.d(), &issued.refresh)
                .await
                .must(n, "access_token"),
            None,
            "[{n}] refresh is no access"
        );
    }
}

#[tokio::test]
async fn redeeming_without_a_refresh_token_stores_only_the_access_token() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let (code, new) = w.code(NOW + 60);
        s.insert_code(new).await.must(n, "insert_code");
        let mut issued = w.tokens(NOW);
        issued.tokens.refresh = None;
        let outcome = s
            .redeem_code(w.d(), &code, NOW, issued.tokens)
            .await
            .must(n, "redeem_code");
        assert_eq!(outcome, Redemption::Issued, "[{n}] redeemed");
        assert!(
            s.access_token(w.d(), &issued.access)
                .await
                .must(n, "access_token")
                .is_some(),
            "[{n}] access stored"
        );
        assert_eq!(
            s.refresh_token(w.d(), &issued.refresh)
                .await
                .must(n, "refresh_token"),
            None,
            "[{n}] no refresh"
        );
    }
}

#[tokio::test]
async fn second_redemption_is_already_used_and_revokes_the_grant() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let (code, new) = w.code(NOW + 60);
        s.insert_code(new).await.must(n, "insert_code");
        let first = w.tokens(NOW);
        let outcome = s
            .redeem_code(w.d(), &code, NOW, first.tokens.clone())
            .await
            .must(n, "redeem_code");
        assert_eq!(outcome, Redemption::Issued, "[{n}] first redemption");

        let second = w.tokens(NOW + 5);
        let outcome = s
            .redeem_code(w.d(), &code, NOW + 5, second.tokens.clone())
            .await
            .must(n, "redeem_code");
        assert_eq!(
            outcome,
            Redemption::AlreadyUsed {
                grant_id: w.grant.id.clone()
            },
            "[{n}] replayed code"
        );

        assert_eq!(
            s.active_grant(w.d(), &w.user.id, &w.client.id)
                .await
                .must(n, "active_grant"),
            None,
            "[{n}] grant revoked"
        );
        assert!(
            s.grants_of_user(w.d(), &w.user.id)
                .await
                .must(n, "grants_of_user")
                .is_empty(),
            "[{n}] no grant listed"
        );

        let access = s
            .access_token(w.d(), &first.access)
            .await
            .must(n, "access_token")
            .expect("stored");
        assert!(
            access.grant_revoked,
            "[{n}] first access token: grant_revoked"
        );
        assert!(
            !access.is_active(NOW + 5),
            "[{n}] first access token is no longer active"
        );
        let refresh = s
            .refresh_token(w.d(), &first.refresh)
            .await
            .must(n, "refresh_token")
            .expect("stored");
        assert!(
            !refresh.is_active(NOW + 5),
            "[{n}] first refresh token is no longer active"
        );

        assert_eq!(
            s.access_token(w.d(), &second.access)
                .await
                .must(n, "access_token"),
            None,
            "[{n}] replay stored no access token"
        );
        assert_eq!(
            s.refresh_token(w.d(), &second.refresh)
                .await
                .must(n, "refresh_token"),
            None,
            "[{n}] replay stored no refresh token"
        );

        // A third try still answers AlreadyUsed (not Invalid), so callers can tell replay apart.
        let outcome = s
            .redeem_code(w.d(), &code, NOW + 6, w.tokens(NOW + 6).tokens)
            .await
            .must(n, "redeem_code");
        assert_eq!(
            outcome,
            Redemption::AlreadyUsed {
                grant_id: w.grant.id.clone()
            },
            "[{n}] third presentation"
        );
    }
}

#[tokio::test]
async fn expired_code_is_invalid() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let (code, new) = w.code(NOW);
        s.insert_code(new).await.must(n, "insert_code");
        let issued = w.tokens(NOW);
        let outcome = s
            .redeem_code(w.d(), &code, NOW, issued.tokens.clone())
            .await
            .must(n, "redeem_code");
        assert_eq!(
            outcome,
            Redemption::Invalid,
            "[{n}] a code is expired at its expires_at"
        );
        let outcome = s
            .redeem_code(w.d(), &code, NOW + 100, issued.tokens)
            .await
            .must(n, "redeem_code");
        assert_eq!(outcome, Redemption::Invalid, "[{n}] and after it");

        assert_eq!(
            s.access_token(w.d(), &issued.access)
                .await
                .must(n, "access_token"),
            None,
            "[{n}] no token stored"
        );
        let stored = s
            .code_by_digest(w.d(), &code)
            .await
            .must(n, "code_by_digest")
            .expect("kept");
        assert_eq!(
            stored.used_at, None,
            "[{n}] an expired code is not marked used"
        );
        assert!(
            s.active_grant(w.d(), &w.user.id, &w.client.id)
                .await
                .must(n, "active_grant")
                .is_some(),
            "[{n}] an expired code does not revoke the grant"
        );

        // One second before expiry it is still good.
        let (code, new) = w.code(NOW + 1);
        s.insert_code(new).await.must(n, "insert_code");
        let outcome = s
            .redeem_code(w.d(), &code, NOW, w.tokens(NOW).tokens)
            .await
            .must(n, "redeem_code");
        assert_eq!(
            outcome,
            Redemption::Issued,
            "[{n}] a code is good until its expires_at"
        );
    }
}

#[tokio::test]
async fn code_of_a_revoked_grant_is_invalid() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let (code, new) = w.code(NOW + 60);
        s.insert_code(new).await.must(n, "insert_code");
        assert!(
            s.revoke_grant(w.d(), &w.grant.id, NOW, None)
                .await
                .must(n, "revoke_grant"),
            "[{n}] revoked"
        );
        let issued = w.tokens(NOW);
        let outcome = s
            .redeem_code(w.d(), &code, NOW + 1, issued.tokens)
            .await
            .must(n, "redeem_code");
        assert_eq!(
            outcome,
            Redemption::Invalid,
            "[{n}] the code died with its grant"
        );
        assert_eq!(
            s.access_token(w.d(), &issued.access)
                .await
                .must(n, "access_token"),
            None,
            "[{n}] no token stored"
        );
    }
}

#[tokio::test]
async fn code_presented_to_another_domain_is_invalid() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let other = World::new(s, n).await;
        let (code, new) = w.code(NOW + 60);
        s.insert_code(new).await.must(n, "insert_code");
        let issued = other.tokens(NOW);
        let outcome = s
            .redeem_code(other.d(), &code, NOW, issued.tokens)
            .await
            .must(n, "redeem_code");
        assert_eq!(
            outcome,
            Redemption::Invalid,
            "[{n}] a code of domain A is unknown in domain B"
        );
        assert_eq!(
            s.access_token(other.d(), &issued.access)
                .await
                .must(n, "access_token"),
            None,
            "[{n}] nothing stored"
        );
        assert!(
            s.active_grant(w.d(), &w.user.id, &w.client.id)
                .await
                .must(n, "active_grant")
                .is_some(),
            "[{n}] the code's grant is untouched"
        );
        let outcome = s
            .redeem_code(w.d(), &code, NOW, w.tokens(NOW).tokens)
            .await
            .must(n, "redeem_code");
        assert_eq!(
            outcome,
            Redemption::Issued,
            "[{n}] the code still works in its own domain"
        );

        // Once used, presenting it to another domain is still Invalid and revokes nothing.
        let outcome = s
            .redeem_code(other.d(), &code, NOW + 1, other.tokens(NOW + 1).tokens)
            .await
            .must(n, "redeem_code");
        assert_eq!(
            outcome,
            Redemption::Invalid,
            "[{n}] a used code of domain A is unknown in domain B"
        );
        assert!(
            s.active_grant(w.d(), &w.user.id, &w.client.id)
                .await
                .must(n, "active_grant")
                .is_some(),
            "[{n}] a wrong-domain replay revokes nothing"
        );
    }
}

#[tokio::test]
async fn unknown_code_is_invalid() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let unknown = digest(SecretKind::AuthorizationCode);
        let outcome = s
            .redeem_code(w.d(), &unknown, NOW, w.tokens(NOW).tokens)
            .await
            .must(n, "redeem_code");
        assert_eq!(outcome, Redemption::Invalid, "[{n}] unknown code");
        assert!(
            s.active_grant(w.d(), &w.user.id, &w.client.id)
                .await
                .must(n, "active_grant")
                .is_some(),
            "[{n}] grant untouched"
        );
    }
}
