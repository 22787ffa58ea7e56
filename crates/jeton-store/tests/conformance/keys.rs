//! Signing keys: one current key per domain and algorithm, rotation, retirement, and the
//! sealing checks.

use jeton_core::entities::{Actor, AuditAction, AuditEvent};
use jeton_core::sealing::Sealed;
use jeton_core::signing::{Jwk, SigningAlg};
use jeton_store::{DomainId, SigningKeyRow};

use crate::support::*;

fn key(domain_id: &DomainId, alg: SigningAlg, created_at: i64) -> SigningKeyRow {
    let kid: String = id();
    SigningKeyRow {
        kid: kid.clone(),
        domain_id: domain_id.clone(),
        alg,
        public_jwk: Jwk {
            kty: "EC".into(),
            use_: "sig".into(),
            kid,
            alg: alg.as_str().into(),
            crv: Some("P-256".into()),
            x: Some("eA".into()),
            y: Some("eQ".into()),
            n: None,
            e: None,
        },
        private_key: Sealed {
            key_id: "k1".into(),
            bytes: vec![1, 2, 3, 4],
        },
        created_at,
        superseded_at: None,
        retire_at: None,
    }
}

#[tokio::test]
async fn one_first_key_per_algorithm_wins_rotation_keeps_the_old_until_it_retires() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        let d = domain(s, n).await;
        let first = key(&d.id, SigningAlg::Es256, NOW);
        assert!(s.insert_first_signing_key(&first).await.must(n, "insert"));
        // A second "first" key for the same algorithm (another instance) is not stored.
        let rival = key(&d.id, SigningAlg::Es256, NOW);
        assert!(
            !s.insert_first_signing_key(&rival)
                .await
                .must(n, "insert rival")
        );
        // Another algorithm has its own.
        let rsa = key(&d.id, SigningAlg::Rs256, NOW);
        assert!(s.insert_first_signing_key(&rsa).await.must(n, "insert rsa"));
        let keys = s.signing_keys(&d.id).await.must(n, "keys");
        assert_eq!(keys.len(), 2, "[{n}]");
        assert_eq!(
            keys.iter().find(|k| k.alg == SigningAlg::Es256),
            Some(&first),
            "[{n}] round-trips"
        );
        // Another domain sees none of them.
        let other = domain(s, n).await;
        assert!(s.signing_keys(&other.id).await.must(n, "other").is_empty());

        let next = key(&d.id, SigningAlg::Es256, NOW + 10);
        let event = AuditEvent {
            id: id(),
            domain_id: Some(d.id.clone()),
            at: NOW + 10,
            actor: Actor::cli(),
            action: AuditAction::KeysRotate,
            target: format!("domain:{}", d.id),
            detail: serde_json::json!({}),
        };
        s.rotate_signing_keys(
            &d.id,
            NOW + 10,
            NOW + 100,
            std::slice::from_ref(&next),
            &event,
        )
        .await
        .must(n, "rotate");
        let keys = s.signing_keys(&d.id).await.must(n, "keys after");
        assert_eq!(keys.len(), 3, "[{n}] old keys stay published");
        assert_eq!(keys[0].kid, next.kid, "[{n}] the current key comes first");
        let current: Vec<_> = keys.iter().filter(|k| k.is_current()).collect();
        assert_eq!(current.len(), 1, "[{n}] only the new key signs");
        assert!(
            keys.iter()
                .filter(|k| !k.is_current())
                .all(|k| k.retire_at == Some(NOW + 100)),
            "[{n}]"
        );
        assert_eq!(s.retire_signing_keys(NOW + 99).await.must(n, "early"), 0);
        assert_eq!(s.retire_signing_keys(NOW + 100).await.must(n, "retire"), 2);
        let keys = s.signing_keys(&d.id).await.must(n, "keys retired");
        assert_eq!(keys, vec![next], "[{n}]");
        assert_eq!(
            s.sealing_key_ids_in_use().await.must(n, "in use"),
            vec!["k1".to_owned()]
        );
    }
}

#[tokio::test]
async fn a_sealing_check_is_stored_once() {
    for b in backends().await {
        let (n, s) = (b.name, &*b.store);
        assert_eq!(s.sealing_check("k9").await.must(n, "none"), None);
        s.insert_sealing_check("k9", b"first", NOW)
            .await
            .must(n, "insert");
        s.insert_sealing_check("k9", b"second", NOW)
            .await
            .must(n, "again");
        assert_eq!(
            s.sealing_check("k9").await.must(n, "read"),
            Some(b"first".to_vec()),
            "[{n}] the first check stays"
        );
    }
}
