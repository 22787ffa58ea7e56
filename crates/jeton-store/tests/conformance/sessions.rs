//! Login sessions.

use jeton_core::secret::SecretKind;
use jeton_store::{DomainId, NewSession, Session, StoreError, UserId};

use crate::support::*;

fn new_session(domain_id: &DomainId, user_id: &UserId, expires_at: i64) -> NewSession {
    NewSession {
        digest: digest(SecretKind::Session),
        domain_id: domain_id.clone(),
        user_id: user_id.clone(),
        created_at: NOW,
        expires_at,
    }
}

#[tokio::test]
async fn session_answers_the_session_and_its_user() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        let alice = user(s, n, &d.id, "alice").await;
        let bob = user(s, n, &d.id, "bob").await;
        let new = new_session(&d.id, &alice.id, NOW + 3600);
        s.create_session(new.clone())
            .await
            .must(n, "create_session");
        s.create_session(new_session(&d.id, &bob.id, NOW + 3600))
            .await
            .must(n, "create_session");

        let (session, u) = s
            .session(&d.id, &new.digest, NOW + 10)
            .await
            .must(n, "session")
            .expect("live session");
        assert_eq!(
            session,
            Session {
                domain_id: d.id.clone(),
                user_id: alice.id.clone(),
                created_at: NOW,
                expires_at: NOW + 3600
            },
            "[{n}] the session"
        );
        assert_eq!(u, alice, "[{n}] with its user, every field");

        let unknown = digest(SecretKind::Session);
        assert!(
            s.session(&d.id, &unknown, NOW)
                .await
                .must(n, "session")
                .is_none(),
            "[{n}] unknown session"
        );
    }
}

#[tokio::test]
async fn expired_session_is_none() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        let u = user(s, n, &d.id, "alice").await;
        let new = new_session(&d.id, &u.id, NOW + 100);
        s.create_session(new.clone())
            .await
            .must(n, "create_session");
        assert!(
            s.session(&d.id, &new.digest, NOW + 99)
                .await
                .must(n, "session")
                .is_some(),
            "[{n}] live before expiry"
        );
        assert!(
            s.session(&d.id, &new.digest, NOW + 100)
                .await
                .must(n, "session")
                .is_none(),
            "[{n}] gone at expiry"
        );
        assert!(
            s.session(&d.id, &new.digest, NOW + 5000)
                .await
                .must(n, "session")
                .is_none(),
            "[{n}] gone after expiry"
        );
    }
}

#[tokio::test]
async fn session_lookup_is_domain_scoped() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        let other = domain(s, n).await;
        let u = user(s, n, &d.id, "alice").await;
        let new = new_session(&d.id, &u.id, NOW + 3600);
        s.create_session(new.clone())
            .await
            .must(n, "create_session");
        assert!(
            s.session(&other.id, &new.digest, NOW)
                .await
                .must(n, "session")
                .is_none(),
            "[{n}] not via domain B"
        );
        s.delete_session(&other.id, &new.digest)
            .await
            .must(n, "delete_session in domain B");
        assert!(
            s.session(&d.id, &new.digest, NOW)
                .await
                .must(n, "session")
                .is_some(),
            "[{n}] domain B cannot delete it"
        );
    }
}

#[tokio::test]
async fn deleted_session_is_gone() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        let u = user(s, n, &d.id, "alice").await;
        let gone = new_session(&d.id, &u.id, NOW + 3600);
        let kept = new_session(&d.id, &u.id, NOW + 3600);
        s.create_session(gone.clone())
            .await
            .must(n, "create_session");
        s.create_session(kept.clone())
            .await
            .must(n, "create_session");
        s.delete_session(&d.id, &gone.digest)
            .await
            .must(n, "delete_session");
        assert!(
            s.session(&d.id, &gone.digest, NOW)
                .await
                .must(n, "session")
                .is_none(),
            "[{n}] deleted"
        );
        assert!(
            s.session(&d.id, &kept.digest, NOW)
                .await
                .must(n, "session")
                .is_some(),
            "[{n}] the user's other session stays"
        );
        s.delete_session(&d.id, &gone.digest)
            .await
            .must(n, "deleting twice is fine");
    }
}

#[tokio::test]
async fn duplicate_session_is_a_conflict() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        let u = user(s, n, &d.id, "alice").await;
        let new = new_session(&d.id, &u.id, NOW + 3600);
        s.create_session(new.clone())
            .await
            .must(n, "create_session");
        let again = s.create_session(new).await;
        assert!(
            matches!(again, Err(StoreError::Conflict(_))),
            "[{n}] same digest twice: {again:?}"
        );
    }
}
