//! The grants of the token endpoint: authorization code (RFC 6749 §4.1.3), client
//! credentials (§4.4) and refresh token (§6, rotated on every use with reuse detection,
//! RFC 9700 §4.14.2).

use jeton_core::entities::chain_end;
use jeton_core::scope::{self, ScopeSet};
use jeton_core::secret::{SecretDigest, SecretKind};
use jeton_core::{OAuthError, oidc, pkce, redirect_uri, refresh};
use jeton_store::{Client, Domain, Redemption};

use crate::Flows;
use crate::error::FlowResult;
use crate::revocation::GrantRevocation;
use crate::tokens::{Issuance, Subject, TokenAnswer};

/// What a code redemption presents besides the code (RFC 6749 §4.1.3, RFC 7636 §4.5).
pub struct CodeRedemption<'a> {
    pub code: &'a str,
    pub redirect_uri: Option<&'a str>,
    pub code_verifier: Option<&'a str>,
    /// The domain's issuer (for the ID token and a JWT access token) and the resources named.
    pub issuance: Issuance<'a>,
}

/// What a password-grant request presents (RFC 6749 §4.3.2), and where it came from (the
/// sign-in limits count per address).
pub struct PasswordRequest<'a> {
    pub username: &'a str,
    pub password: &'a str,
    pub ip: std::net::IpAddr,
}

/// What a rotated refresh token's sealed successor is bound to: that token.
fn successor_aad(rotated: &SecretDigest) -> String {
    format!("refresh-successor:{}", rotated.fingerprint())
}

fn invalid_code() -> OAuthError {
    OAuthError::invalid_grant("the authorization code is invalid, expired or already used")
}

fn invalid_refresh() -> OAuthError {
    OAuthError::invalid_grant("the refresh token is invalid, expired or revoked")
}

impl Flows {
    pub async fn redeem_code(
        &self,
        domain: &Domain,
        client: &Client,
        req: CodeRedemption<'_>,
    ) -> FlowResult<TokenAnswer> {
        if SecretKind::of(req.code) != Some(SecretKind::AuthorizationCode) {
            return Err(invalid_code().into());
        }
        let digest = SecretDigest::of(req.code);
        let now = self.now();
        let stored = self
            .store
            .code_by_digest(&domain.id, &digest)
            .await?
            .ok_or_else(invalid_code)?;
        // A code issued to another client is treated as unknown: it tells the caller nothing.
        if stored.client_id != client.id || stored.is_expired(now) {
            return Err(invalid_code().into());
        }
        if stored.used_at.is_some() {
            // RFC 6749 §4.1.2: a second use revokes everything issued from the code.
            self.revoke_grant(&domain.id, &stored.grant_id, GrantRevocation::CodeReplayed)
                .await?;
            return Err(invalid_code().into());
        }
        redirect_uri::check_at_redemption(
            &stored.redirect_uri,
            stored.redirect_uri_given,
            req.redirect_uri,
        )?;
        let challenge = stored
            .code_challenge
            .as_ref()
            .map(|(c, m)| (c.as_str(), *m));
        pkce::check_at_redemption(challenge, req.code_verifier)?;

        let subject = Subject {
            user_id: Some(&stored.user_id),
            grant_id: Some(&stored.grant_id),
            auth_time: stored.auth_time,
            chain_started_at: None,
        };
        let refresh_scopes =
            refresh::issued_with_code(&client.grant_types).then_some(&stored.scopes);
        // Keys are fetched (and tokens signed) before the code is spent: once spent, nothing
        // may fail.
        let minter = self.minter(domain, client, req.issuance).await?;
        let (tokens, mut answer) = self.mint(
            &minter,
            domain,
            client,
            &subject,
            &stored.scopes,
            refresh_scopes,
        );
        if oidc::is_oidc(&stored.scopes) {
            // `at_hash` is over the access token as sent, a JWT included.
            answer.id_token = Some(
                self.code_flow_id_token(domain, client, &stored, &answer, req.issuance.issuer)
                    .await?,
            );
        }
        match self
            .store
            .redeem_code(&domain.id, &digest, now, tokens)
            .await?
        {
            Redemption::Issued => {
                self.metrics.issued("authorization_code");
                Ok(answer)
            }
            Redemption::AlreadyUsed { grant_id } => {
                // Lost a race with another redemption of the same code; the store revoked the
                // grant in that same step.
                self.grant_revoked(&grant_id, GrantRevocation::CodeReplayed);
                Err(invalid_code().into())
            }
            Redemption::Invalid => Err(invalid_code().into()),
        }
    }

    /// A personal client acts with exactly its owner's rights at the moment of the request.
    pub async fn client_credentials(
        &self,
        domain: &Domain,
        client: &Client,
        requested: Option<&ScopeSet>,
        issuance: Issuance<'_>,
    ) -> FlowResult<TokenAnswer> {
        let entitled = match client.acts_for() {
            None => client.allowed_scopes.clone(),
            Some(owner_id) => match self.store.user_by_id(&domain.id, owner_id).await? {
                Some(u) if client.owner_lets_act(u.disabled, &u.roles) => {
                    let defs = self.cache.scopes(&domain.id).await?;
                    scope::entitled_scopes(&defs, &u.roles, &u.attributes)
                }
                _ => {
                    return Err(
                        OAuthError::invalid_client("the owner of this client cannot act").into(),
                    );
                }
            },
        };
        let scopes = scope::effective_scopes(
            requested,
            &client.default_scopes,
            &client.allowed_scopes,
            &entitled,
        )
        .map_err(OAuthError::from)?;
        let subject = Subject {
            user_id: client.acts_for(),
            grant_id: None,
            auth_time: None,
            chain_started_at: None,
        };
        let minter = self.minter(domain, client, issuance).await?;
        let (tokens, answer) = self.mint(&minter, domain, client, &subject, &scopes, None);
        self.store.insert_access_token(tokens.access).await?;
        self.metrics.issued("client_credentials");
        Ok(answer)
    }

    /// The resource-owner password grant (RFC 6749 §4.3), for clients registered for it:
    /// the sign-in page's limits and answers (a wrong username, a wrong password and a
    /// disabled account are one `invalid_grant`), the password checked off the async
    /// threads, and a grant recorded as if the person had consented, so that it shows in
    /// their authorized applications and revoking it ends the tokens.
    pub async fn password_grant(
        &self,
        domain: &Domain,
        client: &Client,
        req: PasswordRequest<'_>,
        requested: Option<&ScopeSet>,
        issuance: Issuance<'_>,
    ) -> FlowResult<TokenAnswer> {
        let user = match self
            .sign_in(domain, req.username, req.password, req.ip)
            .await
        {
            Ok(u) => u,
            Err(crate::sign_in::SignInError::Throttled { retry_after_secs }) => {
                return Err(crate::FlowError::Throttled { retry_after_secs });
            }
            Err(crate::sign_in::SignInError::Incorrect) => {
                return Err(
                    OAuthError::invalid_grant("the username or password is incorrect").into(),
                );
            }
            Err(crate::sign_in::SignInError::Store(e)) => return Err(e.into()),
        };
        jeton_core::authorize::check_personal_client(client.acts_for(), &user.id)
            .map_err(|_| OAuthError::invalid_grant("this client acts for another user"))?;
        let defs = self.cache.scopes(&domain.id).await?;
        let scopes = scope::effective_scopes(
            requested,
            &client.default_scopes,
            &client.allowed_scopes,
            &scope::entitled_scopes(&defs, &user.roles, &user.attributes),
        )
        .map_err(OAuthError::from)?;
        let grant = self
            .store
            .save_consent(jeton_store::NewConsent {
                new_id: jeton_store::GrantId::new(self.random.as_ref()),
                domain_id: domain.id.clone(),
                user_id: user.id.clone(),
                client_id: client.id.clone(),
                scopes: scopes.clone(),
                now: self.now(),
            })
            .await?;
        let subject = Subject {
            user_id: Some(&user.id),
            grant_id: Some(&grant.id),
            // The password was checked just now.
            auth_time: Some(self.now()),
            chain_started_at: None,
        };
        let refresh_scopes = refresh::issued_with_code(&client.grant_types).then_some(&scopes);
        let minter = self.minter(domain, client, issuance).await?;
        let (tokens, answer) =
            self.mint(&minter, domain, client, &subject, &scopes, refresh_scopes);
        self.store.insert_issued_tokens(tokens).await?;
        self.metrics.issued("password");
        Ok(answer)
    }

    pub async fn refresh(
        &self,
        domain: &Domain,
        client: &Client,
        presented: &str,
        requested: Option<&ScopeSet>,
        issuance: Issuance<'_>,
    ) -> FlowResult<TokenAnswer> {
        if SecretKind::of(presented) != Some(SecretKind::RefreshToken) {
            return Err(invalid_refresh().into());
        }
        let digest = SecretDigest::of(presented);
        let now = self.now();
        let record = self
            .store
            .refresh_token(&domain.id, &digest)
            .await?
            .ok_or_else(invalid_refresh)?;
        if record.client_id != client.id {
            return Err(invalid_refresh().into());
        }
        let grant_id = record.grant_id.clone().ok_or_else(invalid_refresh)?;
        if let Some(used_at) = record.used_at {
            if let Some(answer) = self
                .refresh_grace(domain, client, &digest, used_at, &grant_id, issuance)
                .await?
            {
                return Ok(answer);
            }
            self.revoke_grant(&domain.id, &grant_id, GrantRevocation::RefreshReplayed)
                .await?;
            return Err(invalid_refresh().into());
        }
        if !record.is_active(now) {
            return Err(invalid_refresh().into());
        }
        let user_id = record.user_id.clone().ok_or_else(invalid_refresh)?;
        let user = self
            .store
            .user_by_id(&domain.id, &user_id)
            .await?
            .ok_or_else(invalid_refresh)?;
        let defs = self.cache.scopes(&domain.id).await?;
        // OpenID Connect's scopes stay open to the client and the user (see `authorize`).
        let standard = oidc::standard_scopes();
        let kept = refresh::still_allowed(
            &record.scopes,
            &client.allowed_scopes.union(&standard),
            &scope::entitled_scopes(&defs, &user.roles, &user.attributes).union(&standard),
        );
        let scopes = refresh::narrowed_scope(&kept, requested)?;
        // The successor continues the chain: same start (its absolute lifetime), same
        // sign-in (`auth_time`, unknown for chains from before it was kept).
        let chain = self
            .store
            .refresh_chain(&domain.id, &digest)
            .await?
            .ok_or_else(invalid_refresh)?;
        if chain_end(
            client.options.refresh_token_absolute_ttl(&domain.settings),
            chain.started_at,
        )
        .is_some_and(|end| end <= now)
        {
            // Reached when the absolute lifetime was shortened after this token was issued
            // (otherwise its own expiry came first).
            return Err(invalid_refresh().into());
        }
        let subject = Subject {
            user_id: Some(&user_id),
            grant_id: Some(&grant_id),
            auth_time: chain.auth_time,
            chain_started_at: Some(chain.started_at),
        };
        let minter = self.minter(domain, client, issuance).await?;
        let (tokens, mut answer) =
            self.mint(&minter, domain, client, &subject, &scopes, Some(&kept));
        // Core §12.2: a new ID token too, for a sign-in that asked for `openid` (and whose
        // time the chain kept). Signed before the rotation is stored, so that a failure here
        // leaves the presented refresh token unspent.
        if scopes.contains("openid")
            && let Some(auth_time) = chain.auth_time
        {
            answer.id_token = Some(
                self.refresh_id_token(
                    domain,
                    client,
                    &user_id,
                    auth_time,
                    &answer.access_token,
                    issuance.issuer,
                )
                .await?,
            );
        }
        let successor = tokens.refresh.as_ref().map(|r| r.digest);
        match self
            .store
            .rotate_refresh_token(&domain.id, &digest, now, tokens)
            .await?
        {
            Redemption::Issued => {
                // With a grace period, the spent token remembers its successor (sealed), so
                // that a client that lost this answer can get it again (DESIGN §5).
                if domain.settings.refresh_grace_secs > 0
                    && let (Some(successor), Some(value)) = (successor, &answer.refresh_token)
                {
                    let sealed = self.settings.sealer.seal(
                        value.as_bytes(),
                        &successor_aad(&digest),
                        self.random.as_ref(),
                    );
                    self.store
                        .keep_refresh_successor(
                            &domain.id,
                            &digest,
                            &successor,
                            &sealed.bytes_with_key(),
                        )
                        .await?;
                }
                self.metrics.issued("refresh_token");
                Ok(answer)
            }
            Redemption::AlreadyUsed { grant_id } => {
                // Lost a race with another use of the same refresh token; the store revoked
                // the grant in that same step.
                self.grant_revoked(&grant_id, GrantRevocation::RefreshReplayed);
                Err(invalid_refresh().into())
            }
            Redemption::Invalid => Err(invalid_refresh().into()),
        }
    }

    /// The grace period (DESIGN §5, off unless the domain sets `refresh_grace_secs`): a
    /// refresh token rotated at most that long ago, whose successor is still unused, is
    /// answered with the same successor and a new access token instead of revoking the
    /// grant. `None`: outside it, and reuse revokes as always.
    async fn refresh_grace(
        &self,
        domain: &Domain,
        client: &Client,
        rotated: &SecretDigest,
        used_at: jeton_core::clock::UnixTime,
        grant_id: &jeton_store::GrantId,
        issuance: Issuance<'_>,
    ) -> FlowResult<Option<TokenAnswer>> {
        let grace = domain.settings.refresh_grace_secs;
        let now = self.now();
        if grace <= 0 || now - used_at > grace {
            return Ok(None);
        }
        let Some((successor_digest, sealed)) =
            self.store.refresh_successor(&domain.id, rotated).await?
        else {
            return Ok(None);
        };
        let Some(successor) = self
            .store
            .refresh_token(&domain.id, &successor_digest)
            .await?
            .filter(|s| s.used_at.is_none() && s.is_active(now))
        else {
            return Ok(None);
        };
        let Some(sealed) = jeton_core::sealing::Sealed::from_bytes_with_key(&sealed) else {
            return Ok(None);
        };
        let Ok(value) = self.settings.sealer.open(&sealed, &successor_aad(rotated)) else {
            return Ok(None);
        };
        let Ok(value) = String::from_utf8(value) else {
            return Ok(None);
        };
        let user_id = successor.user_id.clone().ok_or_else(invalid_refresh)?;
        let subject = Subject {
            user_id: Some(&user_id),
            grant_id: Some(grant_id),
            auth_time: None,
            chain_started_at: None,
        };
        let minter = self.minter(domain, client, issuance).await?;
        let (tokens, mut answer) =
            self.mint(&minter, domain, client, &subject, &successor.scopes, None);
        self.store.insert_access_token(tokens.access).await?;
        answer.refresh_token = Some(value);
        self.metrics.issued("refresh_token");
        tracing::info!(grant = %grant_id, "refresh token presented again within the grace period");
        Ok(Some(answer))
    }
}
