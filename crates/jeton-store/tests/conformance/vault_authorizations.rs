//! The vault's pending authorizations ("authorize and save"): they round-trip with their
//! sealed verifier, are used once (of two at once, one wins), not after they expire, go
//! with their credential, and are swept when expired.

use jeton_core::entities::{Actor, AuditAction, AuditEvent};
use jeton_core::sealing::Sealed;
use jeton_core::vault::{ClientAuth, ContainerPath, CredentialStatus, VaultGrant};
use jeton_core::vault_authorization::{PendingVaultAuthorization, ResponseType};
use jeton_store::{DomainId, VaultCredential, VaultTokens};

use crate::support::*;

fn credential(domain_id: &DomainId) -> VaultCredential {
    VaultCredential {
        id: id(),
        domain_id: domain_id.clone(),
        name: "crm".into(),
        container: ContainerPath::root(),
        grant: VaultGrant::AuthorizationCode,
        authorization_endpoint: Some("https://idp.example/authorize".into()),
        token_endpoint: "https://idp.example/token".into(),
        revocation_endpoint: None,
        client_id: "crm-client".into(),
        client_secret: None,
        scope: None,
        client_auth: ClientAuth::Header,
        username: None,
        password: None,
        extra_params: vec![],
        allow_jobs: false,
        pkce: false,
        tokens: VaultTokens::default(),
        status: CredentialStatus::New,
        last_used_at: None,
        owner_id: None,
        created_at: NOW,
        updated_at: NOW,
    }
}

fn event(domain_id: &DomainId) -> AuditEvent {
    AuditEvent {
        id: id(),
        domain_id: Some(domain_id.clone()),
        at: NOW,
        actor: Actor::cli(),
        action: AuditAction::VaultCreate,
        target: "vault:x".into(),
        detail: serde_json::json!({}),
    }
}

#[tokio::test]
async fn pending_authorizations_are_used_once_before_they_expire_and_swept_after() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        let person = user(s, n, &d.id, "alice").await;
        let c = credential(&d.id);
        s.create_vault_credential(&c, &event(&d.id))
            .await
            .must(n, "credential");
        let pending = |digest: &str, verifier: bool| PendingVaultAuthorization {
            state_digest: digest.into(),
            domain_id: d.id.clone(),
            credential_id: c.id.clone(),
            user_id: person.id.clone(),
            response_type: if verifier {
                ResponseType::Code
            } else {
                ResponseType::Token
            },
            code_verifier: verifier.then(|| Sealed {
                key_id: "k1".into(),
                bytes: vec![7; 40],
            }),
            redirect_uri: "https://jeton.example/d/main/vault/callback".into(),
            created_at: NOW,
            expires_at: NOW + 600,
            used_at: None,
        };
        let p = pending("digest-1", true);
        s.create_vault_authorization(&p).await.must(n, "create");
        s.create_vault_authorization(&pending("digest-2", false))
            .await
            .must(n, "create without verifier");
        assert_eq!(
            s.vault_authorization("digest-1").await.must(n, "read"),
            Some(p.clone()),
            "[{n}] round-trips"
        );
        assert_eq!(
            s.vault_authorization("nope").await.must(n, "unknown"),
            None,
            "[{n}]"
        );
        // Two callbacks with the same state at once: one wins.
        let (a, b2) = tokio::join!(
            s.use_vault_authorization("digest-1", NOW + 1),
            s.use_vault_authorization("digest-1", NOW + 1)
        );
        assert_eq!(
            [a.must(n, "use"), b2.must(n, "use")]
                .iter()
                .filter(|w| **w)
                .count(),
            1,
            "[{n}] one winner"
        );
        assert_eq!(
            s.vault_authorization("digest-1")
                .await
                .must(n, "read")
                .and_then(|p| p.used_at),
            Some(NOW + 1),
            "[{n}] marked used"
        );
        assert!(
            !s.use_vault_authorization("digest-2", NOW + 600)
                .await
                .must(n, "expired"),
            "[{n}] not at its expiry"
        );
        s.sweep_expired(NOW + 601, 100).await.must(n, "sweep");
        assert_eq!(
            s.vault_authorization("digest-2").await.must(n, "swept"),
            None,
            "[{n}] swept after expiry"
        );
        // They go with their credential.
        s.create_vault_authorization(&pending("digest-3", false))
            .await
            .must(n, "create");
        s.delete_vault_credential(&d.id, &c.id, &event(&d.id))
            .await
            .must(n, "delete");
        assert_eq!(
            s.vault_authorization("digest-3").await.must(n, "gone"),
            None,
            "[{n}] deleted with the credential"
        );
    }
}
