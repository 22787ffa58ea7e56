//! What every conformance test shares: the list of backends under test, fixed times, and
//! fixtures that build a domain with a user, a client and a grant.

use std::fmt::Debug;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use jeton_core::OsRandom;
use jeton_core::clock::UnixTime;
use jeton_core::grant_type::{AuthMethod, GrantType};
use jeton_core::ids::new_id;
use jeton_core::pkce::ChallengeMethod;
use jeton_core::scope::ScopeSet;
use jeton_core::secret::{SecretDigest, SecretKind, mint};
use jeton_store::postgres::{self, scratch_schema_url};
use jeton_store::sqlite;
use jeton_store::{
    Client, ClientId, ConnectOptions, Domain, DomainId, DomainSettings, Grant, IssuedTokens,
    NewAccessToken, NewAuthCode, NewClient, NewConsent, NewDomain, NewRefreshToken, NewUser,
    Redemption, RefreshChain, Store, User, UserId,
};

/// "Now" for every test: a fixed instant, so that expiry is decided by the test, not the clock.
pub const NOW: UnixTime = 1_800_000_000;

/// One backend under test. Holds whatever must outlive the store (the SQLite file's
/// directory), so that it is cleaned up when the test ends.
pub struct Backend {
    pub name: &'static str,
    pub store: Arc<dyn Store>,
    /// The database URL, for tests that must arrange rows the Store API cannot write.
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

/// A fresh, migrated, empty store for every backend this run covers: SQLite always,
/// PostgreSQL when `JETON_TEST_DATABASE_URL` names a server (a new schema per call, so
/// tests stay independent).
pub async fn backends() -> Vec<Backend> {
    let mut out = vec![sqlite().await];
    match std::env::var("JETON_TEST_DATABASE_URL") {
        Ok(url) => out.push(postgres(&url).await),
        Err(_) => skip(
            "conformance on PostgreSQL",
            "JETON_TEST_DATABASE_URL is not set (.ci/run sets it); SQLite only",
        ),
    }
    out
}

/// Says why (part of) a test cannot run here; under `CI=true` (what CI sets) it fails
/// instead: there, a missing database is a broken set-up, not a reason to pass silently.
pub fn skip(test: &str, why: &str) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{test}: cannot be skipped under CI=true — {why}");
    }
    eprintln!("{test}: SKIPPED — {why}");
}

async fn sqlite() -> Backend {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite://{}/jeton.db", dir.path().display());
    let store = sqlite::connect(&url, &ConnectOptions::default())
        .await
        .unwrap_or_else(|e| panic!("[sqlite] connect {url}: {e}"));
    Backend {
        name: "sqlite",
        store: Arc::new(store),
        url,
        _dir: Some(dir),
    }
}

async fn postgres(base_url: &str) -> Backend {
    let url = scratch_schema_url(base_url)
        .await
        .unwrap_or_else(|e| panic!("[postgres] JETON_TEST_DATABASE_URL is set but unusable: {e}"));
    let store = postgres::connect(&url, &ConnectOptions::default())
        .await
        .unwrap_or_else(|e| panic!("[postgres] connect: {e}"));
    Backend {
        name: "postgres",
        store: Arc::new(store),
        url,
        _dir: None,
    }
}

/// `Result::unwrap` that names the backend and the step that failed.
pub trait Must<T> {
    fn must(self, backend: &str, what: &str) -> T;
}

impl<T, E: Debug> Must<T> for Result<T, E> {
    #[track_caller]
    fn must(self, backend: &str, what: &str) -> T {
        match self {
            Ok(v) => v,
            Err(e) => panic!("[{backend}] {what} failed: {e:?}"),
        }
    }
}

/// A fresh random id of whichever type the field wants (`DomainId`, `String`, ...).
pub fn id<T: From<String>>() -> T {
    T::from(new_id(&OsRandom))
}

pub fn digest(kind: SecretKind) -> SecretDigest {
    mint(kind, &OsRandom).digest
}

pub fn scopes(s: &str) -> ScopeSet {
    ScopeSet::parse(s).expect("test scopes are valid")
}

/// A slug no other domain of this run has.
pub fn slug() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("d{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

pub fn new_domain(slug: &str) -> NewDomain {
    NewDomain {
        id: id(),
        slug: slug.to_owned(),
        name: format!("Domain {slug}"),
        settings: DomainSettings::default(),
        created_at: NOW,
        pairwise_salt: jeton_core::pairwise::PairwiseSalt::generate(&jeton_core::OsRandom),
    }
}

pub async fn domain(s: &dyn Store, n: &str) -> Domain {
    s.create_domain(new_domain(&slug()))
        .await
        .must(n, "create_domain")
}

pub fn new_user(domain_id: &DomainId, username: &str) -> NewUser {
    NewUser {
        id: id(),
        domain_id: domain_id.clone(),
        username: username.to_owned(),
        email: Some(format!("{username}@example.test")),
        password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".to_owned()),
        roles: vec!["reader".to_owned(), "clients:create".to_owned()],
        created_at: NOW,
    }
}

pub async fn user(s: &dyn Store, n: &str, domain_id: &DomainId, username: &str) -> User {
    s.create_user(new_user(domain_id, username))
        .await
        .must(n, "create_user")
}

/// A confidential client with every optional field filled in.
pub fn new_client(domain_id: &DomainId) -> NewClient {
    NewClient {
        id: id(),
        domain_id: domain_id.clone(),
        kind: jeton_core::entities::ClientKind::Application,
        description: String::new(),
        name: "Confidential app".to_owned(),
        secret_digest: Some(digest(SecretKind::ClientSecret)),
        auth_method: AuthMethod::ClientSecretBasic,
        redirect_uris: vec![
            "https://app.example.test/cb".to_owned(),
            "http://127.0.0.1/cb".to_owned(),
        ],
        grant_types: vec![
            GrantType::AuthorizationCode,
            GrantType::RefreshToken,
            GrantType::ClientCredentials,
        ],
        allowed_scopes: scopes("openid profile email offline_access"),
        default_scopes: scopes("openid profile"),
        require_pkce: true,
        allow_plain_pkce: false,
        options: Default::default(),
        owner_user_id: None,
        expires_at: None,
        created_at: NOW,
    }
}

pub async fn client(s: &dyn Store, n: &str, domain_id: &DomainId) -> Client {
    s.create_client(new_client(domain_id), None)
        .await
        .must(n, "create_client")
}

pub fn consent(
    domain_id: &DomainId,
    user_id: &UserId,
    client_id: &ClientId,
    scope: &str,
    now: UnixTime,
) -> NewConsent {
    NewConsent {
        new_id: id(),
        domain_id: domain_id.clone(),
        user_id: user_id.clone(),
        client_id: client_id.clone(),
        scopes: scopes(scope),
        now,
    }
}

/// A domain with one user, one client and the user's grant to that client.
pub struct World {
    pub domain: Domain,
    pub user: User,
    pub client: Client,
    pub grant: Grant,
}

/// Tokens ready to be stored by a redemption or rotation, with their digests.
pub struct Issued {
    pub tokens: IssuedTokens,
    pub access: SecretDigest,
    pub refresh: SecretDigest,
}

impl World {
    pub async fn new(s: &dyn Store, n: &str) -> World {
        let domain = domain(s, n).await;
        let user = user(s, n, &domain.id, "alice").await;
        let client = client(s, n, &domain.id).await;
        let grant = s
            .save_consent(consent(
                &domain.id,
                &user.id,
                &client.id,
                "openid profile offline_access",
                NOW,
            ))
            .await
            .must(n, "save_consent");
        World {
            domain,
            user,
            client,
            grant,
        }
    }

    pub fn d(&self) -> &DomainId {
        &self.domain.id
    }

    /// A code under this world's grant, with a PKCE challenge, expiring at `expires_at`.
    pub fn code(&self, expires_at: UnixTime) -> (SecretDigest, NewAuthCode) {
        let digest = digest(SecretKind::AuthorizationCode);
        let code = NewAuthCode {
            digest,
            domain_id: self.domain.id.clone(),
            client_id: self.client.id.clone(),
            user_id: self.user.id.clone(),
            grant_id: self.grant.id.clone(),
            redirect_uri: "https://app.example.test/cb".to_owned(),
            redirect_uri_given: true,
            scopes: scopes("openid profile offline_access"),
            code_challenge: Some((
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM".to_owned(),
                ChallengeMethod::S256,
            )),
            nonce: Some("n-0S6_WzA2Mj".to_owned()),
            auth_time: Some(expires_at - 90),
            claims: jeton_core::claims_request::ClaimsRequest::parse(
                r#"{"id_token": {"email": {"essential": true}}, "userinfo": {"name": null}}"#,
            )
            .expect("a valid claims request"),
            created_at: expires_at - 60,
            expires_at,
        };
        (digest, code)
    }

    /// A user access token under this world's grant.
    pub fn access_token(&self, issued_at: UnixTime, expires_at: UnixTime) -> NewAccessToken {
        NewAccessToken {
            digest: digest(SecretKind::AccessToken),
            domain_id: self.domain.id.clone(),
            client_id: self.client.id.clone(),
            user_id: Some(self.user.id.clone()),
            grant_id: Some(self.grant.id.clone()),
            scopes: scopes("openid profile"),
            issued_at,
            expires_at,
        }
    }

    /// An access and a refresh token under this world's grant, issued at `now`, the access
    /// token living an hour and the refresh token a day.
    pub fn tokens(&self, now: UnixTime) -> Issued {
        self.tokens_expiring(now, now + 3600, now + 86_400)
    }

    pub fn tokens_expiring(
        &self,
        now: UnixTime,
        access_expires: UnixTime,
        refresh_expires: UnixTime,
    ) -> Issued {
        let access = self.access_token(now, access_expires);
        let refresh = NewRefreshToken {
            digest: digest(SecretKind::RefreshToken),
            domain_id: self.domain.id.clone(),
            client_id: self.client.id.clone(),
            user_id: self.user.id.clone(),
            grant_id: self.grant.id.clone(),
            scopes: scopes("openid profile offline_access"),
            issued_at: now,
            expires_at: refresh_expires,
            chain: RefreshChain {
                started_at: now,
                auth_time: Some(now),
            },
        };
        Issued {
            access: access.digest,
            refresh: refresh.digest,
            tokens: IssuedTokens {
                access,
                refresh: Some(refresh),
            },
        }
    }

    /// Stores a fresh code and redeems it at `NOW`: the usual way tokens come to exist.
    pub async fn issue(&self, s: &dyn Store, n: &str) -> Issued {
        let (code, new) = self.code(NOW + 60);
        s.insert_code(new).await.must(n, "insert_code");
        let issued = self.tokens(NOW);
        let outcome = s
            .redeem_code(self.d(), &code, NOW, issued.tokens.clone())
            .await
            .must(n, "redeem_code");
        assert_eq!(outcome, Redemption::Issued, "[{n}] a fresh code redeems");
        issued
    }
}
