//! A domain's people as its managers (and the super administrator, and the CLI's operator)
//! change them: create, disable or enable, roles, attributes. What depends on a user's
//! standing follows at once: a disabled user's sessions end, and the tokens of the user and of
//! their personal clients go inactive (introspection reads the user with each token).

use jeton_core::client_registration::FieldError;
use jeton_core::entities::{Actor, AuditAction, check_attributes};
use jeton_core::ids::{self, Username};
use jeton_core::roles::{self, Authority};
use jeton_store::{Domain, User, UserId};
use serde_json::json;

use crate::Flows;
use crate::error::{ManageError, ManageResult};
use crate::provision::{MAIN_DOMAIN, ProvisionError};

/// A user as a manager creates them.
#[derive(Debug, Clone, Default)]
pub struct NewUserRequest {
    pub username: String,
    pub email: Option<String>,
    /// None: the user cannot sign in until a password is set.
    pub password: Option<String>,
    pub roles: Vec<String>,
}

impl Flows {
    /// One page of the domain's users, by username.
    pub async fn list_users(
        &self,
        domain: &Domain,
        search: Option<&str>,
        after: Option<&str>,
        limit: u32,
    ) -> ManageResult<Vec<User>> {
        Ok(self
            .store
            .list_users(&domain.id, search.filter(|s| !s.is_empty()), after, limit)
            .await?)
    }

    pub async fn create_user(
        &self,
        domain: &Domain,
        request: &NewUserRequest,
        actor: &Actor,
        by: Authority,
    ) -> ManageResult<User> {
        Username::parse(&request.username)
            .map_err(|e| FieldError::new("username", e.to_string()))?;
        let roles = checked_roles(&request.roles)?;
        for r in &roles {
            roles::may_assign(r, by, domain.slug == MAIN_DOMAIN)
                .map_err(|why| FieldError::new("roles", format!("{r}: {why}")))?;
        }
        if let Some(p) = &request.password {
            jeton_core::password::check_new_password(p)
                .map_err(|e| FieldError::new("password", e))?;
        }
        let result = self
            .provisioner()
            .create_user_as(
                &domain.slug,
                &request.username,
                request.password.as_deref(),
                request.email.as_deref(),
                &roles,
                actor,
            )
            .await;
        match result {
            Ok(u) => Ok(u),
            Err(ProvisionError::Store(e)) => Err(e.into()),
            Err(ProvisionError::Invalid(m)) if m.contains("email") => {
                Err(FieldError::new("email", m).into())
            }
            Err(ProvisionError::Invalid(m)) => Err(FieldError::new("user", m).into()),
            Err(ProvisionError::NotFound(_)) => Err(ManageError::NotFound("domain")),
            Err(ProvisionError::Conflict(_)) => {
                Err(ManageError::Conflict("a user with this username"))
            }
        }
    }

    pub async fn set_user_disabled(
        &self,
        domain: &Domain,
        user_id: &UserId,
        disabled: bool,
        actor: &Actor,
        by: Authority,
    ) -> ManageResult<()> {
        let user = self.changeable_user(domain, user_id, by).await?;
        if disabled && actor.user_id.as_ref() == Some(&user.id) {
            return Err(ManageError::Forbidden("you cannot disable yourself"));
        }
        let action = if disabled {
            AuditAction::UserDisable
        } else {
            AuditAction::UserEnable
        };
        let event = self.audit_event(
            Some(&domain.id),
            actor,
            action,
            format!("user:{user_id}"),
            json!({ "username": user.username }),
        );
        if !self
            .store
            .set_user_disabled(&domain.id, user_id, disabled, &event)
            .await?
        {
            return Err(ManageError::NotFound("user"));
        }
        self.cache.invalidate_user(user_id);
        Ok(())
    }

    /// Replaces a user's roles (each a valid role name; duplicates dropped). Each role given
    /// or taken must be `by`'s to give (`roles::may_assign`).
    pub async fn set_user_roles(
        &self,
        domain: &Domain,
        user_id: &UserId,
        new_roles: &[String],
        actor: &Actor,
        by: Authority,
    ) -> ManageResult<()> {
        let user = self.changeable_user(domain, user_id, by).await?;
        let new_roles = checked_roles(new_roles)?;
        let in_admin_domain = domain.slug == MAIN_DOMAIN;
        for r in new_roles
            .iter()
            .filter(|r| !user.roles.contains(r))
            .chain(user.roles.iter().filter(|r| !new_roles.contains(r)))
        {
            roles::may_assign(r, by, in_admin_domain)
                .map_err(|why| FieldError::new("roles", format!("{r}: {why}")))?;
        }
        let event = self.audit_event(
            Some(&domain.id),
            actor,
            AuditAction::UserRoles,
            format!("user:{user_id}"),
            json!({ "username": user.username, "from": user.roles, "to": new_roles }),
        );
        if !self
            .store
            .set_user_roles(&domain.id, user_id, &new_roles, &event)
            .await?
        {
            return Err(ManageError::NotFound("user"));
        }
        self.cache.invalidate_user(user_id);
        Ok(())
    }

    pub async fn set_user_attributes(
        &self,
        domain: &Domain,
        user_id: &UserId,
        attributes: &serde_json::Value,
        actor: &Actor,
        by: Authority,
    ) -> ManageResult<()> {
        let user = self.changeable_user(domain, user_id, by).await?;
        check_attributes(attributes)?;
        let event = self.audit_event(
            Some(&domain.id),
            actor,
            AuditAction::UserUpdate,
            format!("user:{user_id}"),
            json!({ "username": user.username, "attributes": attributes }),
        );
        if !self
            .store
            .set_user_attributes(&domain.id, user_id, attributes, &event)
            .await?
        {
            return Err(ManageError::NotFound("user"));
        }
        // The token check returns user attributes and derived scopes follow them: cached
        // token answers about this user are stale now (other instances: the change feed).
        self.cache.invalidate_user(user_id);
        Ok(())
    }

    /// Changes a user's email address (a manager's edit).
    pub async fn set_user_email(
        &self,
        domain: &Domain,
        user_id: &UserId,
        email: &str,
        actor: &Actor,
        by: Authority,
    ) -> ManageResult<()> {
        let user = self.changeable_user(domain, user_id, by).await?;
        let email = email.trim();
        jeton_core::entities::check_email(email)?;
        let event = self.audit_event(
            Some(&domain.id),
            actor,
            AuditAction::UserUpdate,
            format!("user:{user_id}"),
            json!({ "username": user.username, "email": email }),
        );
        self.store
            .set_user_credentials(&domain.id, user_id, None, Some(email), None, &event)
            .await?;
        Ok(())
    }

    /// Sets a new password for a user (a reset by a manager or the operator): every session of
    /// theirs ends.
    pub async fn reset_password(
        &self,
        domain: &Domain,
        user_id: &UserId,
        new_password: &str,
        actor: &Actor,
        by: Authority,
    ) -> ManageResult<()> {
        let user = self.changeable_user(domain, user_id, by).await?;
        self.store_password(domain, &user, new_password, None, actor)
            .await
    }

    /// Checks, hashes (off the runtime) and stores `new_password`, ending every session of
    /// the user but `keep`.
    pub(crate) async fn store_password(
        &self,
        domain: &Domain,
        user: &User,
        new_password: &str,
        keep: Option<&jeton_core::secret::SecretDigest>,
        actor: &Actor,
    ) -> ManageResult<()> {
        jeton_core::password::check_new_password(new_password)
            .map_err(|e| FieldError::new("new_password", e))?;
        let hash = self
            .passwords
            .hash(new_password.to_owned(), self.random.clone())
            .await
            .ok_or(ManageError::Forbidden(
                "the password could not be hashed; try again",
            ))?;
        let event = self.audit_event(
            Some(&domain.id),
            actor,
            AuditAction::UserPassword,
            format!("user:{}", user.id),
            json!({ "username": user.username }),
        );
        if !self
            .store
            .set_user_credentials(&domain.id, &user.id, Some(&hash), None, keep, &event)
            .await?
        {
            return Err(ManageError::NotFound("user"));
        }
        Ok(())
    }

    /// A user of the domain that `by` may change.
    async fn changeable_user(
        &self,
        domain: &Domain,
        user_id: &UserId,
        by: Authority,
    ) -> ManageResult<User> {
        let user = self
            .store
            .user_by_id(&domain.id, user_id)
            .await?
            .ok_or(ManageError::NotFound("user"))?;
        if !roles::may_change_user(&user.roles, by) {
            return Err(ManageError::Forbidden(
                "only a super administrator changes a manager or an administrator",
            ));
        }
        Ok(user)
    }
}

fn checked_roles(list: &[String]) -> ManageResult<Vec<String>> {
    let mut out = list
        .iter()
        .map(|r| ids::parse_role(r).map_err(|e| FieldError::new("roles", format!("{r:?}: {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    out.sort();
    out.dedup();
    Ok(out)
}
