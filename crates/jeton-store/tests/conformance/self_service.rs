//! What the people and administrator pages need from the store: the audit log, revoking and
//! rotating clients with their record in the same transaction, "last used", and a user's
//! standing (disabled, roles) reaching the token records.

use jeton_core::entities::{Actor, AuditAction, AuditEvent, AuditQuery, ClientKind};
use jeton_core::roles;
use jeton_core::secret::SecretKind;
use jeton_store::{DomainId, NewAccessToken};

use crate::support::*;

fn event(domain: Option<&DomainId>, at: i64, action: AuditAction, actor: &str) -> AuditEvent {
    AuditEvent {
        id: id(),
        domain_id: domain.cloned(),
        at,
        actor: Actor {
            user_id: None,
            name: actor.to_owned(),
            address: Some("192.0.2.7".to_owned()),
        },
        action,
        target: "client:x".to_owned(),
        detail: serde_json::json!({ "name": "Nightly" }),
    }
}

#[tokio::test]
async fn audit_events_round_trip_filter_and_page_newest_first() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let a = domain(s, n).await;
        let other = domain(s, n).await;
        let first = event(Some(&a.id), NOW, AuditAction::ClientCreate, "alice");
        s.record_audit(&first).await.must(n, "record_audit");
        for i in 1..5 {
            s.record_audit(&event(
                Some(&a.id),
                NOW + i,
                AuditAction::ClientRevoke,
                "bob",
            ))
            .await
            .must(n, "record_audit");
        }
        s.record_audit(&event(
            Some(&other.id),
            NOW,
            AuditAction::ClientCreate,
            "eve",
        ))
        .await
        .must(n, "record_audit");
        s.record_audit(&event(None, NOW, AuditAction::DomainCreate, "cli"))
            .await
            .must(n, "record_audit");

        let all_a = s
            .audit_events(&AuditQuery {
                domain_id: Some(a.id.clone()),
                limit: 100,
                ..Default::default()
            })
            .await
            .must(n, "audit_events");
        assert_eq!(all_a.len(), 5, "[{n}] only domain A's events");
        assert!(
            all_a.windows(2).all(|w| w[0].at >= w[1].at),
            "[{n}] newest first"
        );
        assert_eq!(all_a.last(), Some(&first), "[{n}] every field round-trips");

        let creates = s
            .audit_events(&AuditQuery {
                domain_id: Some(a.id.clone()),
                action: Some(AuditAction::ClientCreate),
                limit: 100,
                ..Default::default()
            })
            .await
            .must(n, "audit_events");
        assert_eq!(creates, vec![first.clone()], "[{n}] by action");
        let by_bob = s
            .audit_events(&AuditQuery {
                actor: Some("bob".into()),
                limit: 100,
                ..Default::default()
            })
            .await
            .must(n, "audit_events");
        assert_eq!(by_bob.len(), 4, "[{n}] by actor, across domains");

        let page1 = s
            .audit_events(&AuditQuery {
                domain_id: Some(a.id.clone()),
                limit: 2,
                ..Default::default()
            })
            .await
            .must(n, "audit_events");
        let last = page1.last().unwrap();
        let page2 = s
            .audit_events(&AuditQuery {
                domain_id: Some(a.id.clone()),
                limit: 10,
                before: Some((last.at, last.id.clone())),
                ..Default::default()
            })
            .await
            .must(n, "audit_events");
        assert_eq!(
            page1.len() + page2.len(),
            5,
            "[{n}] pages cover everything once"
        );
        assert!(
            page2.iter().all(|e| !page1.contains(e)),
            "[{n}] no event on two pages"
        );
        let everything = s
            .audit_events(&AuditQuery {
                limit: 100,
                ..Default::default()
            })
            .await
            .must(n, "audit_events");
        assert_eq!(
            everything.len(),
            7,
            "[{n}] the global log has every domain's and the global events"
        );
    }
}

#[tokio::test]
async fn revoking_a_client_takes_its_grants_and_tokens_and_records_it_once() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let issued = w.issue(s, n).await;
        let audit = event(Some(w.d()), NOW + 1, AuditAction::ClientRevoke, "alice");
        assert!(
            s.revoke_client(w.d(), &w.client.id, NOW + 1, &audit)
                .await
                .must(n, "revoke_client"),
            "[{n}] a live client is revoked"
        );
        assert!(
            !s.revoke_client(
                w.d(),
                &w.client.id,
                NOW + 2,
                &event(Some(w.d()), NOW + 2, AuditAction::ClientRevoke, "alice")
            )
            .await
            .must(n, "revoke_client"),
            "[{n}] twice is a no-op"
        );
        let c = s
            .client_by_id(w.d(), &w.client.id)
            .await
            .must(n, "client_by_id")
            .unwrap();
        assert_eq!(c.revoked_at, Some(NOW + 1), "[{n}] revoked at");
        assert!(
            s.grants_of_user(w.d(), &w.user.id)
                .await
                .must(n, "grants")
                .is_empty(),
            "[{n}] its grant went with it"
        );
        let at = s
            .access_token(w.d(), &issued.access)
            .await
            .must(n, "access_token")
            .unwrap();
        assert!(!at.is_active(NOW + 1), "[{n}] its access token is inactive");
        let rt = s
            .refresh_token(w.d(), &issued.refresh)
            .await
            .must(n, "refresh_token")
            .unwrap();
        assert!(
            !rt.is_active(NOW + 1),
            "[{n}] its refresh token is inactive"
        );
        let log = s
            .audit_events(&AuditQuery {
                domain_id: Some(w.d().clone()),
                limit: 10,
                ..Default::default()
            })
            .await
            .must(n, "audit_events");
        assert_eq!(
            log,
            vec![audit],
            "[{n}] one record, for the revocation that happened"
        );

        // From another domain, the same id reaches nothing.
        let other = domain(s, n).await;
        let stranger = client(s, n, w.d()).await;
        assert!(
            !s.revoke_client(
                &other.id,
                &stranger.id,
                NOW,
                &event(Some(&other.id), NOW, AuditAction::ClientRevoke, "eve")
            )
            .await
            .must(n, "revoke_client"),
            "[{n}] another domain's client is out of reach"
        );
    }
}

#[tokio::test]
async fn a_replaced_secret_is_the_only_one_and_last_used_only_moves_forward() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let new_digest = digest(SecretKind::ClientSecret);
        let audit = event(Some(w.d()), NOW, AuditAction::ClientRotateSecret, "alice");
        let current = w.client.secret_digest.unwrap();
        assert!(
            s.replace_client_secret(w.d(), &w.client.id, &current, &new_digest, &audit)
                .await
                .must(n, "replace"),
            "[{n}] replaced"
        );
        // A second rotation from the same read finds the secret changed: it replaces nothing.
        assert!(
            !s.replace_client_secret(
                w.d(),
                &w.client.id,
                &current,
                &digest(SecretKind::ClientSecret),
                &audit
            )
            .await
            .must(n, "replace"),
            "[{n}] replaces only the secret it was given"
        );
        let c = s
            .client_by_id(w.d(), &w.client.id)
            .await
            .must(n, "client_by_id")
            .unwrap();
        assert_eq!(
            c.secret_digest,
            Some(new_digest),
            "[{n}] the new digest is stored"
        );

        s.touch_clients(&[(w.client.id.clone(), NOW + 10)])
            .await
            .must(n, "touch_clients");
        s.touch_clients(&[(w.client.id.clone(), NOW + 5)])
            .await
            .must(n, "touch_clients");
        s.touch_grants(&[(w.grant.id.clone(), NOW + 7)])
            .await
            .must(n, "touch_grants");
        let c = s
            .client_by_id(w.d(), &w.client.id)
            .await
            .must(n, "client_by_id")
            .unwrap();
        assert_eq!(
            c.last_used_at,
            Some(NOW + 10),
            "[{n}] an older time does not move it back"
        );
        let apps = s
            .grants_of_user(w.d(), &w.user.id)
            .await
            .must(n, "grants_of_user");
        assert_eq!(
            apps[0].grant.last_used_at,
            Some(NOW + 7),
            "[{n}] grant last used"
        );
        assert_eq!(
            apps[0].client_name, w.client.name,
            "[{n}] with its client's name"
        );

        let revoke = event(Some(w.d()), NOW, AuditAction::ClientRevoke, "alice");
        s.revoke_client(w.d(), &w.client.id, NOW, &revoke)
            .await
            .must(n, "revoke");
        assert!(
            !s.replace_client_secret(
                w.d(),
                &w.client.id,
                &new_digest,
                &digest(SecretKind::ClientSecret),
                &audit
            )
            .await
            .must(n, "replace"),
            "[{n}] a revoked client gets no new secret"
        );
    }
}

#[tokio::test]
async fn personal_clients_are_listed_per_owner_and_their_tokens_follow_the_owner() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let w = World::new(s, n).await;
        let mut owner = new_user(w.d(), "olga");
        owner.roles = vec![roles::PERSONAL_CLIENTS.to_owned()];
        let owner = s.create_user(owner).await.must(n, "create_user");
        let mut new = new_client(w.d());
        new.kind = ClientKind::Personal;
        new.owner_user_id = Some(owner.id.clone());
        let personal = s.create_client(new, None).await.must(n, "create_client");
        let listed = s
            .clients_of_owner(w.d(), &owner.id, ClientKind::Personal)
            .await
            .must(n, "clients_of_owner");
        assert_eq!(
            listed,
            vec![personal.clone()],
            "[{n}] the owner's personal clients"
        );
        assert!(
            s.clients_of_owner(w.d(), &w.user.id, ClientKind::Personal)
                .await
                .must(n, "list")
                .is_empty(),
            "[{n}] nobody else's"
        );

        let token = NewAccessToken {
            digest: digest(SecretKind::AccessToken),
            domain_id: w.d().clone(),
            client_id: personal.id.clone(),
            user_id: Some(owner.id.clone()),
            grant_id: None,
            scopes: scopes("read"),
            issued_at: NOW,
            expires_at: NOW + 600,
        };
        s.insert_access_token(token.clone()).await.must(n, "insert");
        let live = || async {
            s.access_token(w.d(), &token.digest)
                .await
                .must(n, "access_token")
                .unwrap()
                .is_active(NOW)
        };
        assert!(live().await, "[{n}] active while the owner may act");
        let ev = event(Some(w.d()), NOW, AuditAction::UserRoles, "admin");
        assert!(
            s.set_user_roles(w.d(), &owner.id, &[], &ev)
                .await
                .must(n, "set_user_roles")
        );
        assert!(!live().await, "[{n}] inactive once the owner lost the role");
        let ev = event(Some(w.d()), NOW, AuditAction::UserRoles, "admin");
        s.set_user_roles(w.d(), &owner.id, &[roles::PERSONAL_CLIENTS.to_owned()], &ev)
            .await
            .must(n, "set_user_roles");
        assert!(live().await, "[{n}] active again with the role back");
        let ev = event(Some(w.d()), NOW, AuditAction::UserDisable, "admin");
        assert!(
            s.set_user_disabled(w.d(), &owner.id, true, &ev)
                .await
                .must(n, "set_user_disabled")
        );
        assert!(!live().await, "[{n}] inactive while the owner is disabled");
        let u = s
            .user_by_id(w.d(), &owner.id)
            .await
            .must(n, "user_by_id")
            .unwrap();
        assert!(
            u.disabled && u.roles == vec![roles::PERSONAL_CLIENTS.to_owned()],
            "[{n}] stored"
        );
    }
}

#[tokio::test]
async fn users_are_listed_by_username_and_attributes_and_settings_are_replaced() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        for name in ["dora", "ann", "bo_b", "carl"] {
            user(s, n, &d.id, name).await;
        }
        let other = domain(s, n).await;
        user(s, n, &other.id, "aaron").await;
        let names =
            |v: Vec<jeton_store::User>| v.into_iter().map(|u| u.username).collect::<Vec<_>>();
        let all = s
            .list_users(&d.id, None, None, 10)
            .await
            .must(n, "list_users");
        assert_eq!(
            names(all),
            vec!["ann", "bo_b", "carl", "dora"],
            "[{n}] by username, this domain only"
        );
        let page = s
            .list_users(&d.id, None, Some("bo_b"), 2)
            .await
            .must(n, "list_users");
        assert_eq!(names(page), vec!["carl", "dora"], "[{n}] after a username");
        let found = s
            .list_users(&d.id, Some("_"), None, 10)
            .await
            .must(n, "list_users");
        assert_eq!(
            names(found),
            vec!["bo_b"],
            "[{n}] LIKE wildcards are literal"
        );

        let ann = s
            .user_by_username(&d.id, "ann")
            .await
            .must(n, "user")
            .unwrap();
        let attrs = serde_json::json!({ "department": "finance" });
        let ev = event(Some(&d.id), NOW, AuditAction::UserUpdate, "mia");
        assert!(
            s.set_user_attributes(&d.id, &ann.id, &attrs, &ev)
                .await
                .must(n, "set_user_attributes")
        );
        let ann = s.user_by_id(&d.id, &ann.id).await.must(n, "user").unwrap();
        assert_eq!(ann.attributes, attrs, "[{n}] attributes stored");
        let ev = event(Some(&other.id), NOW, AuditAction::UserUpdate, "mia");
        assert!(
            !s.set_user_attributes(&other.id, &ann.id, &attrs, &ev)
                .await
                .must(n, "set_user_attributes"),
            "[{n}] not through another domain"
        );

        let mut settings = d.settings.clone();
        settings.personal_clients_enabled = false;
        settings.personal_client_max_lifetime_secs = 86_400;
        settings.access_token_format = jeton_core::access_token::AccessTokenFormat::Jwt;
        let ev = event(Some(&d.id), NOW, AuditAction::DomainSettings, "mia");
        assert!(
            s.update_domain_settings(&d.id, &settings, &ev)
                .await
                .must(n, "update_domain_settings")
        );
        let back = s.domain_by_slug(&d.slug).await.must(n, "domain").unwrap();
        assert_eq!(back.settings, settings, "[{n}] settings stored");
    }
}

#[tokio::test]
async fn admin_tokens_and_domain_changes_round_trip() {
    use jeton_core::entities::{AdminScope, AdminToken};
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let t = AdminToken {
            id: id(),
            name: "ci".into(),
            digest: digest(SecretKind::AdminToken),
            scope: AdminScope::Domain("acme".into()),
            created_by: "root".into(),
            created_at: NOW,
            expires_at: NOW + 100,
            revoked_at: None,
            last_used_at: None,
        };
        s.create_admin_token(&t, &event(None, NOW, AuditAction::AdminTokenCreate, "root"))
            .await
            .must(n, "create_admin_token");
        assert_eq!(
            s.admin_token_by_digest(&t.digest)
                .await
                .must(n, "by digest"),
            Some(t.clone()),
            "[{n}] round trip"
        );
        s.touch_admin_token(&t.id, NOW + 5).await.must(n, "touch");
        s.touch_admin_token(&t.id, NOW + 1).await.must(n, "touch");
        let listed = s.admin_tokens().await.must(n, "admin_tokens");
        assert_eq!(
            listed[0].last_used_at,
            Some(NOW + 5),
            "[{n}] last used moves forward only"
        );
        let ev = event(None, NOW, AuditAction::AdminTokenRevoke, "root");
        assert!(
            s.revoke_admin_token(&t.id, NOW + 6, &ev)
                .await
                .must(n, "revoke")
        );
        let ev = event(None, NOW, AuditAction::AdminTokenRevoke, "root");
        assert!(
            !s.revoke_admin_token(&t.id, NOW + 7, &ev)
                .await
                .must(n, "revoke"),
            "[{n}] once"
        );
        assert!(
            !s.admin_token_by_digest(&t.digest)
                .await
                .must(n, "by digest")
                .unwrap()
                .is_active(NOW + 7)
        );

        let d = domain(s, n).await;
        let ev = event(Some(&d.id), NOW, AuditAction::DomainUpdate, "root");
        assert!(
            s.rename_domain(&d.id, "New name", &ev)
                .await
                .must(n, "rename")
        );
        let ev = event(Some(&d.id), NOW, AuditAction::DomainUpdate, "root");
        assert!(
            s.set_domain_disabled(&d.id, Some(NOW), &ev)
                .await
                .must(n, "disable")
        );
        let back = s.list_domains().await.must(n, "list_domains");
        let back = back.iter().find(|x| x.id == d.id).unwrap();
        assert_eq!(
            (back.name.as_str(), back.disabled_at),
            ("New name", Some(NOW)),
            "[{n}] stored"
        );
    }
}
