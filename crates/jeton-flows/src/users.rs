//! Changing a user's standing: disabled or enabled, and roles. What depends on it follows at
//! once: a disabled user's sessions end, and the tokens of the user (and of their personal
//! clients) go inactive, because introspection reads the user's standing with each token.

use jeton_core::entities::{Actor, AuditAction};
use jeton_core::ids;
use jeton_store::{Domain, UserId};
use serde_json::json;

use crate::Flows;
use crate::error::{ManageError, ManageResult};

impl Flows {
    pub async fn set_user_disabled(
        &self,
        domain: &Domain,
        user_id: &UserId,
        disabled: bool,
        actor: &Actor,
    ) -> ManageResult<()> {
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
            json!({}),
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

    /// Replaces a user's roles (each a valid role name; duplicates dropped).
    pub async fn set_user_roles(
        &self,
        domain: &Domain,
        user_id: &UserId,
        roles: &[String],
        actor: &Actor,
    ) -> ManageResult<()> {
        let mut roles = roles
            .iter()
            .map(|r| {
                ids::parse_role(r).map_err(|e| {
                    jeton_core::client_registration::FieldError::new("roles", format!("{r:?}: {e}"))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        roles.sort();
        roles.dedup();
        let event = self.audit_event(
            Some(&domain.id),
            actor,
            AuditAction::UserRoles,
            format!("user:{user_id}"),
            json!({ "roles": roles }),
        );
        if !self
            .store
            .set_user_roles(&domain.id, user_id, &roles, &event)
            .await?
        {
            return Err(ManageError::NotFound("user"));
        }
        self.cache.invalidate_user(user_id);
        Ok(())
    }
}
