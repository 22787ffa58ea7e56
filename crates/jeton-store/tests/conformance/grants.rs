//! Grants (consents): creation, widening, listing, revocation.

use crate::support::*;

#[tokio::test]
async fn save_consent_creates_then_widens_the_same_grant() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        let u = user(s, n, &d.id, "alice").await;
        let c = client(s, n, &d.id).await;
        assert_eq!(
            s.active_grant(&d.id, &u.id, &c.id)
                .await
                .must(n, "active_grant"),
            None,
            "[{n}] no grant yet"
        );

        let first_consent = consent(&d.id, &u.id, &c.id, "openid profile", NOW);
        let first = s
            .save_consent(first_consent.clone())
            .await
            .must(n, "save_consent");
        assert_eq!(
            first.id, first_consent.new_id,
            "[{n}] a new grant takes new_id"
        );
        assert_eq!(first.scopes, scopes("openid profile"), "[{n}] scopes");
        assert_eq!(
            (
                first.domain_id.as_str(),
                first.user_id.as_str(),
                first.client_id.as_str()
            ),
            (d.id.as_str(), u.id.as_str(), c.id.as_str()),
            "[{n}] owners"
        );
        assert_eq!(
            (first.created_at, first.updated_at, first.revoked_at),
            (NOW, NOW, None),
            "[{n}] times"
        );
        let active = s
            .active_grant(&d.id, &u.id, &c.id)
            .await
            .must(n, "active_grant");
        assert_eq!(
            active.as_ref(),
            Some(&first),
            "[{n}] active_grant answers the new grant"
        );

        let widened = s
            .save_consent(consent(&d.id, &u.id, &c.id, "email profile", NOW + 10))
            .await
            .must(n, "save_consent");
        assert_eq!(widened.id, first.id, "[{n}] widening keeps the grant id");
        assert_eq!(
            widened.scopes,
            scopes("openid profile email"),
            "[{n}] widened scopes are the union"
        );
        assert_eq!(widened.created_at, NOW, "[{n}] created_at stays");
        assert_eq!(widened.updated_at, NOW + 10, "[{n}] updated_at moves");
        let active = s
            .active_grant(&d.id, &u.id, &c.id)
            .await
            .must(n, "active_grant");
        assert_eq!(
            active.as_ref(),
            Some(&widened),
            "[{n}] active_grant answers the widened grant"
        );

        // Consenting to fewer scopes never narrows a grant.
        let same = s
            .save_consent(consent(&d.id, &u.id, &c.id, "openid", NOW + 20))
            .await
            .must(n, "save_consent");
        assert_eq!(same.id, first.id, "[{n}] still the same grant");
        assert_eq!(
            same.scopes,
            scopes("openid profile email"),
            "[{n}] a subset leaves the scopes"
        );
        assert_eq!(
            s.grants_of_user(&d.id, &u.id)
                .await
                .must(n, "grants_of_user")
                .len(),
            1,
            "[{n}] one grant only"
        );
    }
}

#[tokio::test]
async fn active_grant_is_per_user_client_and_domain() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let other_domain = domain(s, n).await;
        let bob = user(s, n, w.d(), "bob").await;
        let other_client = client(s, n, w.d()).await;
        for (label, d, u, c) in [
            ("other domain", &other_domain.id, &w.user.id, &w.client.id),
            ("other user", w.d(), &bob.id, &w.client.id),
            ("other client", w.d(), &w.user.id, &other_client.id),
        ] {
            assert_eq!(
                s.active_grant(d, u, c).await.must(n, "active_grant"),
                None,
                "[{n}] {label}"
            );
        }
        let found = s
            .active_grant(w.d(), &w.user.id, &w.client.id)
            .await
            .must(n, "active_grant");
        assert_eq!(found, Some(w.grant.clone()), "[{n}] the world's grant");
    }
}

#[tokio::test]
async fn grants_of_user_lists_the_users_active_grants() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let second_client = client(s, n, w.d()).await;
        let second = s
            .save_consent(consent(
                w.d(),
                &w.user.id,
                &second_client.id,
                "openid",
                NOW + 5,
            ))
            .await
            .must(n, "save_consent");
        let bob = user(s, n, w.d(), "bob").await;
        s.save_consent(consent(w.d(), &bob.id, &w.client.id, "openid", NOW))
            .await
            .must(n, "save_consent");

        let mut ids: Vec<_> = s
            .grants_of_user(w.d(), &w.user.id)
            .await
            .must(n, "grants_of_user")
            .into_iter()
            .map(|a| a.grant.id)
            .collect();
        ids.sort();
        let mut want = vec![w.grant.id.clone(), second.id.clone()];
        want.sort();
        assert_eq!(ids, want, "[{n}] alice's two grants, not bob's");

        assert!(
            s.revoke_grant(w.d(), &w.grant.id, NOW + 6, None)
                .await
                .must(n, "revoke_grant"),
            "[{n}] revoked"
        );
        let left = s
            .grants_of_user(w.d(), &w.user.id)
            .await
            .must(n, "grants_of_user");
        assert_eq!(
            left.into_iter().map(|a| a.grant).collect::<Vec<_>>(),
            vec![second],
            "[{n}] a revoked grant is no longer listed"
        );

        let other = domain(s, n).await;
        assert!(
            s.grants_of_user(&other.id, &w.user.id)
                .await
                .must(n, "grants_of_user")
                .is_empty(),
            "[{n}] domain-scoped"
        );
    }
}

#[tokio::test]
async fn revoke_grant_answers_true_once_then_false() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let issued = w.issue(s, n).await;
        let other = domain(s, n).await;
        assert!(
            !s.revoke_grant(&other.id, &w.grant.id, NOW, None)
                .await
                .must(n, "revoke_grant"),
            "[{n}] wrong domain: nothing revoked"
        );
        assert!(
            s.active_grant(w.d(), &w.user.id, &w.client.id)
                .await
                .must(n, "active_grant")
                .is_some(),
            "[{n}] still active"
        );
        // Domain B cannot reach domain A's tokens through A's grant id either.
        for (label, record) in [
            ("access", s.access_token(w.d(), &issued.access).await),
            ("refresh", s.refresh_token(w.d(), &issued.refresh).await),
        ] {
            let record = record.must(n, label).expect("stored");
            assert!(
                record.is_active(NOW),
                "[{n}] {label} token survives a revoke_grant in another domain"
            );
        }
        assert!(
            !s.revoke_grant(w.d(), &id(), NOW, None)
                .await
                .must(n, "revoke_grant"),
            "[{n}] unknown grant"
        );

        assert!(
            s.revoke_grant(w.d(), &w.grant.id, NOW + 1, None)
                .await
                .must(n, "revoke_grant"),
            "[{n}] first revocation"
        );
        assert!(
            !s.revoke_grant(w.d(), &w.grant.id, NOW + 2, None)
                .await
                .must(n, "revoke_grant"),
            "[{n}] second revocation"
        );
        assert_eq!(
            s.active_grant(w.d(), &w.user.id, &w.client.id)
                .await
                .must(n, "active_grant"),
            None,
            "[{n}] no active grant"
        );
    }
}

#[tokio::test]
async fn revoke_grant_revokes_its_tokens() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let issued = w.issue(s, n).await;
        let extra = w.access_token(NOW, NOW + 3600);
        s.insert_access_token(extra.clone())
            .await
            .must(n, "insert_access_token");

        assert!(
            s.revoke_grant(w.d(), &w.grant.id, NOW + 1, None)
                .await
                .must(n, "revoke_grant"),
            "[{n}] revoked"
        );
        for (label, record) in [
            ("access", s.access_token(w.d(), &issued.access).await),
            ("extra access", s.access_token(w.d(), &extra.digest).await),
            ("refresh", s.refresh_token(w.d(), &issued.refresh).await),
        ] {
            let record = record
                .must(n, label)
                .unwrap_or_else(|| panic!("[{n}] {label} token still stored"));
            assert!(record.grant_revoked, "[{n}] {label}: grant_revoked");
            assert!(
                !record.is_active(NOW + 2),
                "[{n}] {label}: inactive after revoke_grant"
            );
        }
    }
}

#[tokio::test]
async fn consent_after_revocation_makes_a_new_grant() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        assert!(
            s.revoke_grant(w.d(), &w.grant.id, NOW + 1, None)
                .await
                .must(n, "revoke_grant"),
            "[{n}] revoked"
        );

        let fresh = consent(w.d(), &w.user.id, &w.client.id, "openid", NOW + 2);
        let again = s.save_consent(fresh.clone()).await.must(n, "save_consent");
        assert_ne!(again.id, w.grant.id, "[{n}] a revoked grant is not revived");
        assert_eq!(again.id, fresh.new_id, "[{n}] the new grant takes new_id");
        assert_eq!(
            again.scopes,
            scopes("openid"),
            "[{n}] the revoked grant's scopes are not carried over"
        );
        assert_eq!(again.created_at, NOW + 2, "[{n}] created now");
        let active = s
            .active_grant(w.d(), &w.user.id, &w.client.id)
            .await
            .must(n, "active_grant");
        assert_eq!(active, Some(again), "[{n}] the new grant is the active one");
    }
}

#[tokio::test]
async fn a_grant_keeps_the_latest_userinfo_claims_request_in_its_domain() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let none = s
            .userinfo_claims(w.d(), &w.grant.id)
            .await
            .must(n, "userinfo_claims");
        assert!(none.is_empty(), "[{n}] nothing asked yet");
        let asked = jeton_core::claims_request::ClaimsRequest::parse(
            r#"{"userinfo": {"email": {"essential": true}, "name": {"value": "Alice"}}}"#,
        )
        .unwrap()
        .userinfo;
        s.set_userinfo_claims(w.d(), &w.grant.id, &asked)
            .await
            .must(n, "set_userinfo_claims");
        let read = s
            .userinfo_claims(w.d(), &w.grant.id)
            .await
            .must(n, "userinfo_claims");
        assert_eq!(read, asked, "[{n}] read back");
        let other = domain(s, n).await;
        s.set_userinfo_claims(&other.id, &w.grant.id, &[])
            .await
            .must(n, "set_userinfo_claims in another domain");
        let still = s
            .userinfo_claims(w.d(), &w.grant.id)
            .await
            .must(n, "userinfo_claims");
        assert_eq!(still, asked, "[{n}] another domain's write changes nothing");
    }
}
