//! "Authorize and save" (issue 15, DESIGN §1 "Vault"): the browser half of the vault's
//! authorization-code and implicit grants. A person who may edit a credential starts it;
//! Jeton sends their browser to the provider's authorization endpoint with a random `state`
//! (RFC 6749 §10.12) and, for the code grant, a PKCE challenge (RFC 7636, S256); the
//! provider sends the browser back to Jeton's callback. What is pending in between is a
//! [`PendingVaultAuthorization`]: found by the SHA-256 of its state (the state itself is
//! never stored), for ten minutes, used once, and only by the person who started it in the
//! domain where they started it. No I/O here: the flows keep the rows and speak to the
//! provider.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::clock::UnixTime;
use crate::ids::{DomainId, UserId};
use crate::random::Random;
use crate::sealing::Sealed;
use crate::vault::VaultGrant;

/// How long a person has at the provider before the callback is refused.
pub const AUTHORIZATION_TTL_SECS: i64 = 600;

/// What the vault asks the authorization endpoint for (RFC 6749 §3.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseType {
    /// §4.1: a code, exchanged at the token endpoint.
    Code,
    /// §4.2: the access token itself, in the fragment of the callback.
    Token,
}

impl ResponseType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Code => "code",
            Self::Token => "token",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "code" => Some(Self::Code),
            "token" => Some(Self::Token),
            _ => None,
        }
    }

    /// The browser grant's response type; `None` for the grants that need no browser.
    pub fn of(grant: VaultGrant) -> Option<Self> {
        match grant {
            VaultGrant::AuthorizationCode => Some(Self::Code),
            VaultGrant::Implicit => Some(Self::Token),
            VaultGrant::ClientCredentials | VaultGrant::Password => None,
        }
    }
}

/// An authorization on its way through the provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingVaultAuthorization {
    /// [`state_digest`] of the state sent to the provider.
    pub state_digest: String,
    pub domain_id: DomainId,
    pub credential_id: String,
    /// Who started it: only they may finish it.
    pub user_id: UserId,
    pub response_type: ResponseType,
    /// The PKCE verifier, sealed (associated data [`verifier_aad`]); `None` without PKCE.
    pub code_verifier: Option<Sealed>,
    /// The redirect URI sent, which the code exchange repeats (RFC 6749 §4.1.3).
    pub redirect_uri: String,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
    pub used_at: Option<UnixTime>,
}

/// Why a callback's state is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateProblem {
    /// Never issued, or issued to someone else or in another domain (not told apart: a
    /// state is no way to learn about others).
    Unknown,
    Expired,
    /// The callback came already (a reload, or a replay).
    Used,
}

/// Whether `pending` (found by the callback's state) may be finished by `user` of `domain`
/// at `now`.
pub fn check_pending(
    pending: Option<&PendingVaultAuthorization>,
    domain: &DomainId,
    user: &UserId,
    now: UnixTime,
) -> Result<(), StateProblem> {
    let p = pending.ok_or(StateProblem::Unknown)?;
    if &p.domain_id != domain || &p.user_id != user {
        return Err(StateProblem::Unknown);
    }
    if p.used_at.is_some() {
        return Err(StateProblem::Used);
    }
    if p.expires_at <= now {
        return Err(StateProblem::Expired);
    }
    Ok(())
}

/// A new random value for `state` or a PKCE verifier: 256 bits, base64url (43 characters,
/// a valid RFC 7636 §4.1 verifier).
pub fn new_random_value(random: &dyn Random) -> String {
    let mut b = [0u8; 32];
    random.fill(&mut b);
    URL_SAFE_NO_PAD.encode(b)
}

/// How a state is stored and looked up.
pub fn state_digest(state: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(state.as_bytes()))
}

/// RFC 7636 §4.2, S256.
pub fn s256_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// The associated data the PKCE verifier of a pending authorization is sealed with.
pub fn verifier_aad(state_digest: &str) -> String {
    format!("vault-authorization:{state_digest}:code_verifier")
}

/// What goes into the provider's authorization URL.
#[derive(Debug, Clone, Copy)]
pub struct AuthorizationRequest<'a> {
    /// Checked when the credential was saved (`vault::check_endpoint`).
    pub endpoint: &'a str,
    pub response_type: ResponseType,
    pub client_id: &'a str,
    pub redirect_uri: &'a str,
    pub scope: Option<&'a str>,
    pub state: &'a str,
    /// S256 (the only method the vault sends).
    pub code_challenge: Option<&'a str>,
}

/// The URL the person's browser is sent to (RFC 6749 §4.1.1 / §4.2.1): the endpoint's own
/// query kept (§3.1: "MUST be retained"), the request's parameters added.
pub fn authorization_url(r: &AuthorizationRequest<'_>) -> Result<String, &'static str> {
    let mut url =
        url::Url::parse(r.endpoint).map_err(|_| "the authorization endpoint is not a URL")?;
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("response_type", r.response_type.as_str())
            .append_pair("client_id", r.client_id)
            .append_pair("redirect_uri", r.redirect_uri);
        if let Some(scope) = r.scope.filter(|s| !s.is_empty()) {
            q.append_pair("scope", scope);
        }
        q.append_pair("state", r.state);
        if let Some(challenge) = r.code_challenge {
            q.append_pair("code_challenge", challenge)
                .append_pair("code_challenge_method", "S256");
        }
    }
    Ok(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(expires_at: UnixTime, used_at: Option<UnixTime>) -> PendingVaultAuthorization {
        PendingVaultAuthorization {
            state_digest: state_digest("s"),
            domain_id: "d1".into(),
            credential_id: "c1".into(),
            user_id: "u1".into(),
            response_type: ResponseType::Code,
            code_verifier: None,
            redirect_uri: "https://jeton.example/d/main/vault/callback".into(),
            created_at: 0,
            expires_at,
            used_at,
        }
    }

    #[test]
    fn a_state_is_finished_once_by_who_started_it_before_it_expires() {
        let (d, u) = (DomainId::from("d1"), UserId::from("u1"));
        let p = pending(100, None);
        assert_eq!(check_pending(Some(&p), &d, &u, 99), Ok(()));
        assert_eq!(
            check_pending(Some(&p), &d, &u, 100),
            Err(StateProblem::Expired)
        );
        assert_eq!(
            check_pending(Some(&pending(100, Some(50))), &d, &u, 60),
            Err(StateProblem::Used)
        );
        assert_eq!(
            check_pending(Some(&p), &d, &"u2".into(), 50),
            Err(StateProblem::Unknown),
            "someone else's state is not theirs to finish"
        );
        assert_eq!(
            check_pending(Some(&p), &"d2".into(), &u, 50),
            Err(StateProblem::Unknown)
        );
        assert_eq!(check_pending(None, &d, &u, 50), Err(StateProblem::Unknown));
    }

    #[test]
    fn the_authorization_url_keeps_the_endpoint_query_and_adds_pkce() {
        let url = authorization_url(&AuthorizationRequest {
            endpoint: "https://idp.example/authorize?tenant=a%20b",
            response_type: ResponseType::Code,
            client_id: "c&1",
            redirect_uri: "https://jeton.example/d/main/vault/callback",
            scope: Some("read write"),
            state: "st",
            code_challenge: Some(&s256_challenge("v")),
        })
        .unwrap();
        let parsed = url::Url::parse(&url).unwrap();
        let q: Vec<(String, String)> = parsed.query_pairs().into_owned().collect();
        let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("tenant"), Some("a b"));
        assert_eq!(get("response_type"), Some("code"));
        assert_eq!(get("client_id"), Some("c&1"));
        assert_eq!(get("scope"), Some("read write"));
        assert_eq!(get("state"), Some("st"));
        assert_eq!(get("code_challenge_method"), Some("S256"));
        assert_eq!(get("code_challenge"), Some(s256_challenge("v").as_str()));
        let implicit = authorization_url(&AuthorizationRequest {
            response_type: ResponseType::Token,
            code_challenge: None,
            scope: None,
            endpoint: "https://idp.example/authorize",
            client_id: "c",
            redirect_uri: "https://j/cb",
            state: "st",
        })
        .unwrap();
        assert!(implicit.contains("response_type=token"), "{implicit}");
        assert!(!implicit.contains("code_challenge"), "{implicit}");
        assert!(!implicit.contains("scope="), "{implicit}");
    }

    #[test]
    fn random_values_are_valid_verifiers_and_states_are_stored_digested() {
        let v = new_random_value(&crate::OsRandom);
        assert!(crate::pkce::is_valid_verifier(&v), "{v}");
        assert_ne!(state_digest(&v), v);
        assert!(crate::pkce::verify(
            &s256_challenge(&v),
            crate::pkce::ChallengeMethod::S256,
            &v
        ));
        assert_eq!(
            ResponseType::of(VaultGrant::Implicit),
            Some(ResponseType::Token)
        );
        assert_eq!(ResponseType::of(VaultGrant::Password), None);
        for r in [ResponseType::Code, ResponseType::Token] {
            assert_eq!(ResponseType::parse(r.as_str()), Some(r));
        }
    }
}
