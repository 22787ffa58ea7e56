//! The authorization request (RFC 6749 §4.1.1, RFC 7636) as the authorization endpoint and
//! the consent page share it: validate it, find the signed-in person, work out the scopes;
//! then answer at once (consent remembered) or record the person's approval, and issue the
//! code.

use std::sync::Arc;

use jeton_core::authorize::{
    self, AuthorizeParams, ClientRegistration, PageError, RedirectError, Rejection, ValidRequest,
};
use jeton_core::scope::{self, ScopeSet};
use jeton_core::secret::{self, SecretKind};
use jeton_core::{ErrorCode, OAuthError};
use jeton_store::{Client, ClientId, Domain, GrantId, NewAuthCode, NewConsent, StoreError, User};

use crate::Flows;

/// A request that passed every check, for a signed-in person.
pub struct Authorization {
    pub client: Arc<Client>,
    pub params: AuthorizeParams,
    pub valid: ValidRequest,
    pub user: User,
    /// requested ∩ client's allowed ∩ user's entitled.
    pub scopes: ScopeSet,
    /// When the person signed in.
    pub auth_time: jeton_core::clock::UnixTime,
}

/// Why an authorization request does not go on to consent.
#[derive(Debug)]
pub enum AuthorizeStop {
    /// Tell the person on a page: nothing may be sent to an unverified redirect URI.
    Page(PageError),
    /// Send the error back to the client (RFC 6749 §4.1.2.1).
    Redirect(RedirectError),
    /// Nobody is signed in (`fresh: false`), or the sign-in is older than the request
    /// allows (`prompt=login`, `max_age`; `fresh: true`): sign in, then come back.
    SignIn {
        fresh: bool,
    },
    Store(StoreError),
}

impl From<StoreError> for AuthorizeStop {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}

impl Authorization {
    /// An error for the client, at its verified redirect URI.
    pub fn redirect_error(&self, error: OAuthError) -> RedirectError {
        self.valid.redirect_error(error)
    }
}

/// What the authorization endpoint does about consent.
#[derive(Debug)]
pub enum ConsentStep {
    /// Remembered: issue the code under this grant without asking.
    Remembered(GrantId),
    /// Ask on the consent page.
    Ask,
    /// `prompt=none` and consent is needed: `consent_required` to the client.
    Refuse(RedirectError),
}

impl Flows {
    /// Validates the request and finds who is signed in (`session`: the session value).
    /// `at_endpoint`: the authorization endpoint applies `prompt` and `max_age`; the consent
    /// page, reached from it, does not ask again (with `max_age=0`, the seconds spent reading
    /// the page would otherwise send the person back to sign in forever).
    pub async fn prepare_authorization(
        &self,
        domain: &Domain,
        params: AuthorizeParams,
        session: Option<&str>,
        at_endpoint: bool,
        issuer: &str,
    ) -> Result<Authorization, AuthorizeStop> {
        let now = self.now();
        // The edge for the presented client id: an implausible one is as good as unknown.
        let client = match params.client_id.as_deref().and_then(ClientId::parse) {
            Some(id) => self.cache.client(&domain.id, &id).await?,
            None => None,
        };
        // A revoked or expired client, or a personal one while the domain has personal
        // clients off, is as good as unknown (the token endpoint refuses it the same way).
        let client = client.filter(|c| c.may_act(&domain.settings, now));
        let registration = client.as_deref().map(|c| ClientRegistration {
            redirect_uris: &c.redirect_uris,
            grant_types: &c.grant_types,
            auth_method: c.auth_method,
            allowed_scopes: &c.allowed_scopes,
            default_scopes: &c.default_scopes,
            require_pkce: c.require_pkce,
            allow_plain_pkce: c.allow_plain_pkce,
        });
        let valid = match authorize::validate(&params, registration.as_ref()) {
            Ok(v) => v,
            Err(Rejection::Page(e)) => return Err(AuthorizeStop::Page(e)),
            Err(Rejection::Redirect(e)) => return Err(AuthorizeStop::Redirect(e)),
        };
        let client = client.expect("validate succeeds only with a client");
        let signed_in = match session {
            Some(value) => self.signed_in(&domain.id, value).await?,
            None => None,
        };
        let login_required = |valid: &ValidRequest| {
            AuthorizeStop::Redirect(valid.redirect_error(OAuthError::new(
                ErrorCode::LoginRequired,
                "nobody is signed in recently enough, and prompt=none forbids asking",
            )))
        };
        // Core §3.1.2.1 `id_token_hint`: the client expects this person. A hint that is not
        // one of our ID tokens for this client is refused; someone else signed in gets
        // `login_required` (signing in again here could only loop back to the same answer).
        let hinted = match (at_endpoint, params.id_token_hint.as_deref()) {
            (true, Some(jws)) => {
                let hint = self
                    .id_token_hint(domain, jws, issuer)
                    .await
                    .filter(|h| h.aud == client.id);
                let Some(hint) = hint else {
                    return Err(AuthorizeStop::Redirect(valid.redirect_error(
                        OAuthError::new(
                            ErrorCode::InvalidRequest,
                            "id_token_hint is not an ID token this server issued to this client",
                        ),
                    )));
                };
                Some(hint.sub)
            }
            _ => None,
        };
        let Some((user, auth_time)) = signed_in else {
            if at_endpoint && valid.prompt.none {
                return Err(login_required(&valid));
            }
            return Err(AuthorizeStop::SignIn { fresh: false });
        };
        // The hint's `sub` is the one this client saw (Core §8: pairwise or public), and so
        // is a `sub` value in the claims parameter (§3.1.2.2).
        let sub = self.subject(domain, &client.options, &user.id).await?;
        if hinted.as_ref().is_some_and(|h| h.as_str() != sub) {
            return Err(login_required(&valid));
        }
        if let Err(e) = valid.claims.check_subject(&sub) {
            return Err(AuthorizeStop::Redirect(valid.redirect_error(e)));
        }
        if at_endpoint
            && authorize::needs_fresh_sign_in(valid.prompt, valid.max_age, auth_time, now)
        {
            if valid.prompt.none {
                return Err(login_required(&valid));
            }
            return Err(AuthorizeStop::SignIn { fresh: true });
        }
        let mut flow = Authorization {
            client,
            params,
            valid,
            user,
            scopes: ScopeSet::empty(),
            auth_time,
        };
        if let Err(error) = authorize::check_personal_client(flow.client.acts_for(), &flow.user.id)
        {
            return Err(AuthorizeStop::Redirect(flow.redirect_error(error)));
        }
        let definitions = self.cache.scopes(&domain.id).await?;
        let entitled =
            scope::entitled_scopes(&definitions, &flow.user.roles, &flow.user.attributes)
                .union(&jeton_core::oidc::standard_scopes());
        flow.scopes = flow.valid.scopes.intersection(&entitled);
        if flow.scopes.is_empty() && !flow.valid.scopes.is_empty() {
            return Err(AuthorizeStop::Redirect(flow.redirect_error(
                OAuthError::new(
                    ErrorCode::AccessDenied,
                    "this account may not grant any of the requested scopes",
                ),
            )));
        }
        Ok(flow)
    }

    /// At the authorization endpoint: answer at once, ask, or (`prompt=none`) refuse.
    /// `prompt=consent` asks even when consent is remembered.
    pub async fn consent_step(
        &self,
        domain: &Domain,
        flow: &Authorization,
    ) -> Result<ConsentStep, StoreError> {
        let remembered = if flow.valid.prompt.consent {
            None
        } else {
            self.remembered_consent(domain, flow).await?
        };
        Ok(match remembered {
            Some(grant_id) => ConsentStep::Remembered(grant_id),
            None if flow.valid.prompt.none => {
                ConsentStep::Refuse(flow.redirect_error(OAuthError::new(
                    ErrorCode::ConsentRequired,
                    "the person has not consented to this request, and prompt=none forbids asking",
                )))
            }
            None => ConsentStep::Ask,
        })
    }

    /// The grant to issue under without asking again, when the person already consented to
    /// the same or more scopes (never for public clients, RFC 8252 §8.6).
    pub async fn remembered_consent(
        &self,
        domain: &Domain,
        flow: &Authorization,
    ) -> Result<Option<GrantId>, StoreError> {
        let grant = self
            .store
            .active_grant(&domain.id, &flow.user.id, &flow.client.id)
            .await?;
        // Claims beyond the scopes (Core §5.5) are shown on the consent page each time they
        // are asked for: the grant remembers scopes only.
        if !flow.valid.claims.beyond_scopes(&flow.scopes).is_empty() {
            return Ok(None);
        }
        Ok(grant
            .filter(|g| {
                authorize::may_skip_consent(
                    flow.client.auth_method.is_public(),
                    &g.scopes,
                    &flow.scopes,
                )
            })
            .map(|g| g.id))
    }

    /// Records the person's approval: the grant, created or widened. Answers its id.
    pub async fn approve(
        &self,
        domain: &Domain,
        flow: &Authorization,
    ) -> Result<GrantId, StoreError> {
        let grant = self
            .store
            .save_consent(NewConsent {
                new_id: GrantId::new(self.random.as_ref()),
                domain_id: domain.id.clone(),
                user_id: flow.user.id.clone(),
                client_id: flow.client.id.clone(),
                scopes: flow.scopes.clone(),
                now: self.now(),
            })
            .await?;
        Ok(grant.id)
    }

    /// Mints and stores a code under `grant_id`; answers its value (sent to the client once).
    pub async fn issue_code(
        &self,
        domain: &Domain,
        flow: &Authorization,
        grant_id: &GrantId,
    ) -> Result<String, StoreError> {
        let now = self.now();
        let code = secret::mint_ordered(SecretKind::AuthorizationCode, self.random.as_ref(), now);
        // Core §5.5 `userinfo`: what UserInfo answers, for every access token of the grant,
        // besides its scopes (the latest authorization's request).
        self.store
            .set_userinfo_claims(&domain.id, grant_id, &flow.valid.claims.userinfo)
            .await?;
        self.store
            .insert_code(NewAuthCode {
                digest: code.digest,
                domain_id: domain.id.clone(),
                client_id: flow.client.id.clone(),
                user_id: flow.user.id.clone(),
                grant_id: grant_id.clone(),
                redirect_uri: flow.valid.redirect_uri.clone(),
                redirect_uri_given: flow.valid.redirect_uri_given,
                scopes: flow.scopes.clone(),
                code_challenge: flow.valid.code_challenge.clone(),
                nonce: flow.valid.nonce.clone(),
                auth_time: Some(flow.auth_time),
                claims: flow.valid.claims.clone(),
                created_at: now,
                expires_at: flow.client.options.code_expiry(&domain.settings, now),
            })
            .await?;
        Ok(code.value)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use jeton_core::authorize::{AuthorizeParams, PageError};
    use jeton_core::entities::{DomainSettings, NewDomain};
    use jeton_core::ids::DomainId;

    use super::AuthorizeStop;
    use crate::provision::ClientSpec;
    use crate::{FlowSettings, Flows};

    /// With personal clients switched off, the authorization endpoint treats a personal
    /// client as unknown, as the token endpoint does: no code is issued that could never be
    /// redeemed.
    #[tokio::test]
    async fn a_personal_client_is_unknown_while_the_domain_has_them_off() {
        let store = jeton_store::connect("sqlite::memory:", &Default::default())
            .await
            .unwrap();
        let flows = Flows::new(
            store.clone(),
            Arc::new(jeton_core::ManualClock::new(1_800_000_000)),
            Arc::new(jeton_core::OsRandom),
            FlowSettings::ephemeral(3600),
        );
        let settings = DomainSettings {
            personal_clients_enabled: false,
            ..Default::default()
        };
        let domain = store
            .create_domain(NewDomain {
                id: DomainId::new(flows.random.as_ref()),
                slug: "acme".into(),
                name: "Acme".into(),
                settings,
                created_at: flows.now(),
                pairwise_salt: jeton_core::pairwise::PairwiseSalt::generate(flows.random.as_ref()),
            })
            .await
            .unwrap();
        let prov = flows.provisioner();
        let bob = prov
            .create_user(
                "acme",
                "bob",
                Some("a long password"),
                None,
                &["personal-clients".to_owned()],
            )
            .await
            .unwrap();
        let (client, _) = prov
            .create_client(
                "acme",
                &ClientSpec {
                    name: "Bob's app".into(),
                    redirect_uris: vec!["https://app.example/cb".into()],
                    owner: Some("bob".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let session = flows.start_session(&bob).await.unwrap();
        let id = client.id.to_string();
        let params = AuthorizeParams::from_pairs([
            ("response_type", "code"),
            ("client_id", id.as_str()),
            ("redirect_uri", "https://app.example/cb"),
            (
                "code_challenge",
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            ),
            ("code_challenge_method", "S256"),
        ]);
        let stop = flows
            .prepare_authorization(
                &domain,
                params,
                Some(&session),
                true,
                "https://id.example/d/acme",
            )
            .await
            .err()
            .expect("refused");
        assert!(
            matches!(stop, AuthorizeStop::Page(PageError::UnknownClient)),
            "{stop:?}"
        );
    }
}
