//! Authenticating the client of a token, introspection or revocation request (RFC 6749
//! §2.3), with the failure limits of DESIGN §6. No slow hash: client secrets are 256 random
//! bits, checked by SHA-256 digest in constant time.

use std::net::IpAddr;
use std::sync::Arc;

use jeton_core::OAuthError;
use jeton_core::client_auth::{self, PresentedCredentials, RegisteredClient};
use jeton_store::{Client, ClientId, Domain};

use crate::Flows;
use crate::error::{FlowError, FlowResult};

impl Flows {
    /// The client that `presented` proves to be, from `ip`.
    pub async fn authenticate_client(
        &self,
        domain: &Domain,
        presented: &PresentedCredentials,
        ip: IpAddr,
    ) -> FlowResult<Arc<Client>> {
        // The edge for a presented client id: past here it is a `ClientId`.
        let Some(client_id) = ClientId::parse(presented.client_id()) else {
            return Err(OAuthError::invalid_client("client authentication failed").into());
        };
        let client = self.cache.client(&domain.id, &client_id).await?;
        let now = self.now();
        let registered = client.as_deref().map(|c| RegisteredClient {
            auth_method: c.auth_method,
            secret_digest: c.secret_digest.as_ref(),
            // Revoked, expired, or a personal client in a domain that switched them off.
            active: c.may_act(&domain.settings, now),
        });
        match client_auth::authenticate(presented, registered) {
            Ok(()) => {
                let client = client.expect("authenticate succeeds only for a registered client");
                self.check_owner(domain, &client).await?;
                Ok(client)
            }
            Err(e) => {
                Err(self.client_auth_failed(domain, presented, client.as_deref(), ip, e.error))
            }
        }
    }

    /// A personal client acts with exactly its owner's rights at the moment of each request
    /// (DESIGN §1): while the owner is disabled or lacks the role, it cannot act at all. Not
    /// counted as a failure: the secret was right.
    async fn check_owner(&self, domain: &Domain, client: &Client) -> FlowResult<()> {
        let Some(owner_id) = client.acts_for() else {
            return Ok(());
        };
        let owner = self.store.user_by_id(&domain.id, owner_id).await?;
        match owner {
            Some(u) if client.owner_lets_act(u.disabled, &u.roles) => Ok(()),
            _ => {
                tracing::info!(client_id = %client.id, "personal client refused: its owner cannot act");
                Err(OAuthError::invalid_client("the owner of this client cannot act").into())
            }
        }
    }

    /// Counts a failure per IP and per client *from that IP*. The limit caps what failures
    /// cost (a log line, an answer); it never refuses correct credentials (DESIGN §6): a
    /// client id is public and a host may run many jobs, so refusing on the count alone would
    /// let a stranger or a misconfigured neighbour lock a correctly configured client out.
    /// Secrets are 256 random bits checked with one SHA-256, so checking every attempt lets
    /// no one guess.
    fn client_auth_failed(
        &self,
        domain: &Domain,
        presented: &PresentedCredentials,
        client: Option<&Client>,
        ip: IpAddr,
        error: OAuthError,
    ) -> FlowError {
        // Spaces separate the parts: no domain id, client id (printable ASCII without spaces,
        // `plausible_client_id`) or address key contains one.
        let address = jeton_core::lockout::address_key(ip);
        let ip_key = format!("ip {address}");
        let client_key = format!("client {} {} {address}", domain.id, presented.client_id());
        self.client_failures.record_failure(&ip_key);
        self.client_failures.record_failure(&client_key);
        self.metrics.client_auth_failures.inc();
        if let Some(wait) = self
            .client_failures
            .blocked_for_any(&[&ip_key, &client_key])
        {
            tracing::debug!(%ip, "client authentication failed while limited");
            self.metrics.client_auth_throttled.inc();
            return FlowError::Throttled {
                retry_after_secs: wait.as_secs().max(1),
            };
        }
        // Only a registered id is logged: an unknown one may be a secret pasted by mistake.
        let client_id = client.map(|c| c.id.as_str()).unwrap_or("(unknown)");
        tracing::info!(client_id, %ip, "client authentication failed");
        FlowError::Refused(error)
    }
}
