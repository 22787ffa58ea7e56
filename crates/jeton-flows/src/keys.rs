//! Signing keys: made on first use per domain and algorithm, sealed at rest, published at
//! `jwks_uri`, rotated without downtime, retired by a job once nothing they signed is valid.
//!
//! Freshness across processes (the CLI, other instances): the key that *signs* is cached
//! for at most `SIGNER_TTL`, so after `jeton keys rotate` other processes sign with the old
//! key for up to that long; the published set is read from the database on every request
//! (relying parties fetch it rarely and cache it themselves), so a key is published on
//! every instance as soon as it exists — before any instance signs with it. A superseded
//! key stays published until the longest-lived token it can have signed has expired, plus
//! `SIGNER_TTL` for the processes that kept signing with it.

use std::sync::Arc;
use std::time::Duration;

use jeton_core::clock::UnixTime;
use jeton_core::entities::{Actor, AuditAction};
use jeton_core::ids::new_id;
use jeton_core::sealing::{OpenError, Sealed, Sealer};
use jeton_core::signing::{self, Jwk, Signer, SigningAlg};
use jeton_store::{Domain, DomainId, SigningKeyRow, Store, StoreError};
use moka::sync::Cache as Moka;

use crate::Flows;
use crate::error::ManageError;

pub const SIGNER_TTL: Duration = Duration::from_secs(30);

/// The longest a token signed by one key can stay valid: ID tokens and JWT access tokens are
/// bounded by it, so a superseded key can be retired after it.
pub const MAX_SIGNED_LIFETIME_SECS: i64 = 24 * 3600;

// A JWT access token lives at most as long as a domain may set (RFC 9068 tokens are signed
// with these keys): retiring a key must not break a token it signed.
const _: () = assert!(
    *jeton_store::DomainSettings::ACCESS_TOKEN_TTL_SECS.end() <= MAX_SIGNED_LIFETIME_SECS
        && *jeton_core::entities::DomainSettings::ID_TOKEN_TTL_SECS.end()
            <= MAX_SIGNED_LIFETIME_SECS
);

/// The known text sealed under each encryption key, to tell at start-up whether a
/// configured key is the one that sealed the stored secrets.
const CHECK_TEXT: &[u8] = b"jeton sealing check";
const CHECK_AAD: &str = "sealing-check";

/// The cache of parsed signing keys, one per domain and algorithm.
pub(crate) struct SignerCache(Moka<(DomainId, SigningAlg), Arc<Signer>>);

impl Default for SignerCache {
    fn default() -> Self {
        Self(
            Moka::builder()
                .max_capacity(30_000)
                .time_to_live(SIGNER_TTL)
                .build(),
        )
    }
}

fn aad(kid: &str) -> String {
    format!("signing-key:{kid}")
}

/// Why the configured encryption keys cannot open what the database holds.
#[derive(Debug, thiserror::Error)]
pub enum SealingCheckError {
    #[error(
        "the database holds secrets sealed with encryption key {0:?}, which the configuration does not name: set encryption_key (or previous_encryption_keys) to the key that sealed them"
    )]
    MissingKey(String),
    #[error(
        "the configured encryption key {0:?} is not the one that sealed this database's secrets (it does not open them): configure the original key"
    )]
    WrongKey(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Checks the configured keys against the database (run at start-up, before serving): every
/// key that sealed a stored secret must be configured and open that key's check value.
/// Records the check value of the current key the first time it is used.
pub async fn check_sealing(
    store: &dyn Store,
    sealer: &Sealer,
    random: &dyn jeton_core::Random,
    now: UnixTime,
) -> Result<(), SealingCheckError> {
    let mut ids = store.sealing_key_ids_in_use().await?;
    ids.push(sealer.current_id().to_owned());
    ids.sort();
    ids.dedup();
    for id in ids {
        match store.sealing_check(&id).await? {
            Some(bytes) => {
                let sealed = Sealed {
                    key_id: id.clone(),
                    bytes,
                };
                match sealer.open(&sealed, CHECK_AAD) {
                    Ok(text) if text == CHECK_TEXT => {}
                    Ok(_) | Err(OpenError::Mismatch(_)) => {
                        return Err(SealingCheckError::WrongKey(id));
                    }
                    Err(OpenError::UnknownKey(_)) => {
                        return Err(SealingCheckError::MissingKey(id));
                    }
                }
            }
            None if id == sealer.current_id() => {
                let sealed = sealer.seal(CHECK_TEXT, CHECK_AAD, random);
                store.insert_sealing_check(&id, &sealed.bytes, now).await?;
            }
            // Keys sealed before checks existed cannot be told apart: opening one of them
            // is the check.
            None => {}
        }
    }
    Ok(())
}

/// What `jeton keys list` and the admin pages show of a key (never the private part).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInfo {
    pub kid: String,
    pub alg: SigningAlg,
    pub created_at: UnixTime,
    pub superseded_at: Option<UnixTime>,
    pub retire_at: Option<UnixTime>,
}

impl Flows {
    /// The key that signs for `domain` with `alg`: the current one, made now if the domain
    /// has none yet (concurrent first uses on several instances agree on one).
    pub async fn signer(
        &self,
        domain_id: &DomainId,
        alg: SigningAlg,
    ) -> Result<Arc<Signer>, StoreError> {
        let key = (domain_id.clone(), alg);
        if let Some(s) = self.signers.0.get(&key) {
            return Ok(s);
        }
        let signer = match self.current_key(domain_id, alg).await? {
            Some(s) => s,
            None => {
                let row = self.new_key(domain_id, alg).await;
                if !self.store.insert_first_signing_key(&row).await? {
                    tracing::debug!(domain = %domain_id, alg = alg.as_str(), "another process made the first key");
                }
                self.current_key(domain_id, alg)
                    .await?
                    .ok_or(StoreError::NotFound("the signing key just made"))?
            }
        };
        let signer = Arc::new(signer);
        self.signers.0.insert(key, signer.clone());
        Ok(signer)
    }

    async fn current_key(
        &self,
        domain_id: &DomainId,
        alg: SigningAlg,
    ) -> Result<Option<Signer>, StoreError> {
        let rows = self.store.signing_keys(domain_id).await?;
        let Some(row) = rows.into_iter().find(|k| k.alg == alg && k.is_current()) else {
            return Ok(None);
        };
        let pkcs8 = self
            .settings
            .sealer
            .open(&row.private_key, &aad(&row.kid))
            .map_err(|e| StoreError::Corrupt(format!("signing key {}: {e}", row.kid)))?;
        Signer::from_pkcs8(alg, &row.kid, &pkcs8)
            .map(Some)
            .map_err(|e| StoreError::Corrupt(format!("signing key {}: {e}", row.kid)))
    }

    /// A new key for the domain, sealed (generation runs off the async threads: an RSA key
    /// takes tens of milliseconds).
    async fn new_key(&self, domain_id: &DomainId, alg: SigningAlg) -> SigningKeyRow {
        let kid = new_id(self.random.as_ref());
        let generated = {
            let kid = kid.clone();
            tokio::task::spawn_blocking(move || signing::generate(alg, &kid))
                .await
                .expect("key generation does not panic")
        };
        let private_key =
            self.settings
                .sealer
                .seal(&generated.pkcs8, &aad(&kid), self.random.as_ref());
        SigningKeyRow {
            kid,
            domain_id: domain_id.clone(),
            alg,
            public_jwk: generated.jwk,
            private_key,
            created_at: self.now(),
            superseded_at: None,
            retire_at: None,
        }
    }

    /// The domain's published keys (JWKS, RFC 7517 §5), read from the database each time
    /// (see the module comment). The default algorithm's key is made if there is none, so
    /// that a client that fetches the keys before any token is signed gets a usable set.
    pub async fn published_keys(&self, domain: &Domain) -> Result<Vec<Jwk>, StoreError> {
        let mut rows = self.store.signing_keys(&domain.id).await?;
        if rows.is_empty() {
            self.signer(&domain.id, SigningAlg::DEFAULT).await?;
            rows = self.store.signing_keys(&domain.id).await?;
        }
        Ok(rows.into_iter().map(|k| k.public_jwk).collect())
    }

    /// `jeton keys rotate`: every algorithm the domain signs with gets a new key that signs
    /// from now on; the old ones stay published until what they signed has expired.
    pub async fn rotate_keys(
        &self,
        domain_slug: &str,
        actor: &Actor,
    ) -> Result<Vec<KeyInfo>, ManageError> {
        let domain = self
            .store
            .domain_by_slug(domain_slug)
            .await?
            .ok_or(ManageError::NotFound("domain"))?;
        let now = self.now();
        let current = self.store.signing_keys(&domain.id).await?;
        let mut algs: Vec<SigningAlg> = current
            .iter()
            .filter(|k| k.is_current())
            .map(|k| k.alg)
            .collect();
        if algs.is_empty() {
            algs.push(SigningAlg::DEFAULT);
        }
        let mut new_keys = Vec::with_capacity(algs.len());
        for alg in &algs {
            new_keys.push(self.new_key(&domain.id, *alg).await);
        }
        let retire_at = now + MAX_SIGNED_LIFETIME_SECS + SIGNER_TTL.as_secs() as i64;
        let event = self.audit_event(
            Some(&domain.id),
            actor,
            AuditAction::KeysRotate,
            format!("domain:{}", domain.id),
            serde_json::json!({
                "new_kids": new_keys.iter().map(|k| k.kid.clone()).collect::<Vec<_>>(),
                "old_keys_retire_at": retire_at,
            }),
        );
        self.store
            .rotate_signing_keys(&domain.id, now, retire_at, &new_keys, &event)
            .await?;
        self.forget_signers(&domain.id);
        self.key_list(&domain.id).await.map_err(Into::into)
    }

    /// Forgets every cached entry and signer: when the change feed may have missed changes.
    pub(crate) fn forget_all_cached(&self) {
        self.cache.invalidate_all();
        self.signers.0.invalidate_all();
    }

    /// Drops the cached signers of `domain_id`: the next signature reads the current keys
    /// (after a rotation here, or one the change feed announces from another instance).
    pub(crate) fn forget_signers(&self, domain_id: &DomainId) {
        for alg in SigningAlg::ALL {
            self.signers.0.invalidate(&(domain_id.clone(), alg));
        }
    }

    /// The domain's published keys, newest first.
    pub async fn key_list(&self, domain_id: &DomainId) -> Result<Vec<KeyInfo>, StoreError> {
        Ok(self
            .store
            .signing_keys(domain_id)
            .await?
            .into_iter()
            .map(|k| KeyInfo {
                kid: k.kid,
                alg: k.alg,
                created_at: k.created_at,
                superseded_at: k.superseded_at,
                retire_at: k.retire_at,
            })
            .collect())
    }
}

/// Deletes superseded keys once nothing they signed can still be valid.
pub struct RetireKeys;

#[async_trait::async_trait]
impl crate::jobs::Job for RetireKeys {
    fn name(&self) -> &'static str {
        "retire_keys"
    }
    fn interval(&self) -> Duration {
        Duration::from_secs(300)
    }
    async fn run(&self, flows: &Flows) {
        match flows.store.retire_signing_keys(flows.now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(retired = n, "retired superseded signing keys"),
            Err(e) => tracing::warn!(error = %e, "retiring signing keys failed; retrying later"),
        }
    }
}
