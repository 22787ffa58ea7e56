//! RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): what a logout request
//! asks for, checked once for the confirmation page and again when the person confirms
//! (the form only carries the request back; nothing in it is trusted unchecked). Ending the
//! session itself is `end_session` (sessions.rs), the same as the people's sign-out page.

use jeton_core::end_session::{self, Hint, NoRedirect};
use jeton_core::oidc::IdTokenHint;
use jeton_core::pairwise::PairwiseSalt;
use jeton_store::{ClientOptions, Domain, StoreError, UserId};

use crate::Flows;

/// The parameters of a logout request (§2). `logout_hint` is not read: the person signs out
/// of the session this browser holds, whoever the hint names. `ui_locales` is the page's
/// business (the server reads it for the language).
#[derive(Debug, Clone, Copy, Default)]
pub struct LogoutRequest<'a> {
    pub id_token_hint: Option<&'a str>,
    pub client_id: Option<&'a str>,
    pub post_logout_redirect_uri: Option<&'a str>,
    pub state: Option<&'a str>,
}

/// What the request turned out to be.
#[derive(Debug, Clone)]
pub struct LogoutPlan {
    /// Where to send the browser once signed out, or why it stays on the "signed out" page.
    pub redirect: Result<String, NoRedirect>,
    /// The name of the client the request comes from, when it names an active one
    /// consistently (for the confirmation page).
    pub client_name: Option<String>,
    /// The verified hint, when one was given and checked.
    pub hint: Option<IdTokenHint>,
    /// The `sub` of the user, as seen by the client the hint was issued to (its `aud`):
    /// the options of that client and, for a pairwise one, the domain's salt.
    hint_client: Option<(ClientOptions, Option<PairwiseSalt>)>,
}

impl LogoutPlan {
    /// Whether the hint names another user than `user_id`: its `sub` is the one its client
    /// saw (Core §8: pairwise or public), so it is compared with that client's view of the
    /// user. A hint whose client is gone is compared with the public id.
    pub fn hint_is_about_another(&self, user_id: &UserId) -> bool {
        self.hint.as_ref().is_some_and(|h| {
            let seen = match &self.hint_client {
                Some((options, Some(salt))) => options.subject(salt, user_id.as_str()),
                _ => user_id.to_string(),
            };
            h.sub.as_str() != seen
        })
    }
}

impl Flows {
    /// Checks a logout request of `domain`, whose issuer is `issuer`.
    pub async fn plan_logout(
        &self,
        domain: &Domain,
        req: LogoutRequest<'_>,
        issuer: &str,
    ) -> Result<LogoutPlan, StoreError> {
        let hint = match req.id_token_hint {
            Some(jws) => Some(self.id_token_hint(domain, jws, issuer).await),
            None => None,
        };
        let hint_state = match &hint {
            None => Hint::Absent,
            Some(None) => Hint::Refused,
            Some(Some(h)) => Hint::Valid(h),
        };
        let now = self.now();
        let client = match end_session::requesting_client(req.client_id, hint_state) {
            Ok(id) => Ok(self
                .cache
                .client(&domain.id, &id)
                .await?
                .filter(|c| c.may_act(&domain.settings, now))),
            Err(e) => Err(e),
        };
        let redirect = match (req.post_logout_redirect_uri, &client) {
            (None, _) => Err(NoRedirect::NoUri),
            (Some(_), Err(e)) => Err(*e),
            (Some(uri), Ok(c)) => {
                end_session::post_logout_redirect(c.as_deref(), now, uri, req.state)
            }
        };
        if let Err(why) = &redirect
            && *why != NoRedirect::NoUri
        {
            tracing::info!(domain = %domain.slug, %why, "no redirect after logout");
        }
        let hint_client = match hint.as_ref().and_then(Option::as_ref) {
            Some(h) => match self.cache.client(&domain.id, &h.aud).await? {
                Some(c) if c.options.pairwise_sector.is_some() => Some((
                    c.options.clone(),
                    self.store.pairwise_salt(&domain.id).await?,
                )),
                Some(c) => Some((c.options.clone(), None)),
                None => None,
            },
            None => None,
        };
        Ok(LogoutPlan {
            hint_client,
            redirect,
            client_name: client.ok().flatten().map(|c| c.name.clone()),
            hint: hint.flatten(),
        })
    }
}
