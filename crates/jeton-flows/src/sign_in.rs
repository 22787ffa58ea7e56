//! Signing in with a username and password, with the limits of `jeton_core::lockout`.
//! Failures take as long whether or not the account exists and say the same either way.

use std::net::IpAddr;

use jeton_core::ids::Username;
use jeton_core::lockout;
use jeton_store::{Domain, StoreError, User};

use crate::Flows;

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// Refused before the password was checked; retry after this many seconds.
    #[error("too many failed attempts")]
    Throttled { retry_after_secs: u64 },
    /// Wrong username or password, or a disabled account: the same answer for each.
    #[error("incorrect username or password")]
    Incorrect,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Flows {
    pub async fn sign_in(
        &self,
        domain: &Domain,
        typed_username: &str,
        password: &str,
        ip: IpAddr,
    ) -> Result<User, SignInError> {
        let username = Username::parse(typed_username).ok();
        let keys = lockout::LoginKeys::new(
            &domain.id,
            username.as_ref().map(Username::as_str).unwrap_or(""),
            ip,
        );
        let now = self.now();
        // Count this attempt before checking it (atomically, in the database, so on every
        // instance): parallel attempts each see their own count and cannot all slip under
        // the limit while their hashes run. A success takes its count back below.
        let (pair, account) = futures_util::future::try_join(
            self.store
                .record_failure(&keys.pair, now, lockout::WINDOW_SECS),
            self.store
                .record_failure(&keys.account, now, lockout::ACCOUNT_WINDOW_SECS),
        )
        .await?;
        if let Some(retry_after_secs) = lockout::refused_after_counting(now, pair, account) {
            self.metrics.sign_in_throttled.inc();
            return Err(SignInError::Throttled { retry_after_secs });
        }

        let user = match &username {
            Some(u) => self.store.user_by_username(&domain.id, u.as_str()).await?,
            None => None,
        };
        // Verify even when there is no such user (against a dummy hash), so timing says
        // nothing.
        let stored = user
            .as_ref()
            .filter(|u| !u.disabled)
            .and_then(|u| u.password_hash.clone());
        let password_ok = self.passwords.verify(password.to_owned(), stored).await;
        match user {
            Some(u) if password_ok && !u.disabled => {
                futures_util::future::try_join(
                    self.store
                        .forgive_failure(&keys.pair, now, lockout::WINDOW_SECS),
                    self.store
                        .forgive_failure(&keys.account, now, lockout::ACCOUNT_WINDOW_SECS),
                )
                .await?;
                tracing::info!(user_id = %u.id, "signed in");
                // The sign-ins of those who manage (DESIGN §5: the audit log shows them).
                if jeton_core::roles::manages_domain(&u.roles) {
                    let actor = jeton_core::entities::Actor::user(
                        u.id.clone(),
                        &u.username,
                        Some(ip.to_string()),
                    );
                    let event = self.audit_event(
                        Some(&domain.id),
                        &actor,
                        jeton_core::entities::AuditAction::SignIn,
                        format!("user:{}", u.id),
                        serde_json::json!({ "roles": u.roles }),
                    );
                    self.store.record_audit(&event).await?;
                }
                Ok(u)
            }
            _ => {
                tracing::info!(%ip, "failed login");
                self.metrics.sign_in_failures.inc();
                Err(SignInError::Incorrect)
            }
        }
    }
}
