//! A domain's settings and scopes as its managers change them.

use jeton_core::client_registration::FieldError;
use jeton_core::entities::{Actor, AuditAction};
use jeton_store::{Domain, DomainSettings};
use serde_json::json;

use crate::Flows;
use crate::error::{ManageError, ManageResult};
use crate::provision::ProvisionError;

impl Flows {
    /// Replaces the domain's settings, within the bounds of `DomainSettings::check`. This
    /// instance sees the change at once; other instances when the change feed brings it
    /// (within `cache::DOMAIN_TTL` without the feed).
    pub async fn update_settings(
        &self,
        domain: &Domain,
        settings: &DomainSettings,
        actor: &Actor,
    ) -> ManageResult<()> {
        settings.check()?;
        let event = self.audit_event(
            Some(&domain.id),
            actor,
            AuditAction::DomainSettings,
            format!("domain:{}", domain.slug),
            json!({
                "code_ttl_secs": settings.code_ttl_secs,
                "access_token_ttl_secs": settings.access_token_ttl_secs,
                "refresh_token_ttl_secs": settings.refresh_token_ttl_secs,
                "refresh_token_absolute_ttl_secs": settings.refresh_token_absolute_ttl_secs,
                "id_token_ttl_secs": settings.id_token_ttl_secs,
                "refresh_grace_secs": settings.refresh_grace_secs,
                "personal_clients_enabled": settings.personal_clients_enabled,
                "personal_client_max_lifetime_secs": settings.personal_client_max_lifetime_secs,
                "access_token_format": settings.access_token_format.as_str(),
            }),
        );
        if !self
            .store
            .update_domain_settings(&domain.id, settings, &event)
            .await?
        {
            return Err(ManageError::NotFound("domain"));
        }
        self.cache.invalidate_domain(&domain.slug);
        Ok(())
    }

    /// Registers a scope, with what it lets an application do, optionally only for `roles`.
    pub async fn create_scope(
        &self,
        domain: &Domain,
        name: &str,
        description: &str,
        roles: &[String],
        attributes: &[String],
        actor: &Actor,
    ) -> ManageResult<()> {
        for a in attributes {
            jeton_core::scope::check_attribute_condition(a)
                .map_err(|m| FieldError::new("attributes", m))?;
        }
        let result = self
            .provisioner()
            .create_scope_with(&domain.slug, name, Some(description), roles, attributes)
            .await;
        match result {
            Ok(()) => {}
            Err(ProvisionError::Store(e)) => return Err(e.into()),
            Err(ProvisionError::Invalid(m)) if m.contains("role") => {
                return Err(FieldError::new("roles", m).into());
            }
            Err(ProvisionError::Invalid(m)) => return Err(FieldError::new("name", m).into()),
            Err(ProvisionError::Conflict(_)) => {
                return Err(ManageError::Conflict("a scope with this name"));
            }
            Err(ProvisionError::NotFound(_)) => return Err(ManageError::NotFound("domain")),
        }
        self.cache.invalidate_scopes(&domain.id);
        // Recorded after the scope is stored: a scope is harmless on its own, and a crash in
        // between loses the record of an addition, never a change to anyone's rights.
        let event = self.audit_event(
            Some(&domain.id),
            actor,
            AuditAction::ScopeCreate,
            format!("scope:{name}"),
            json!({ "description": description, "roles": roles, "attributes": attributes }),
        );
        self.store.record_audit(&event).await?;
        Ok(())
    }
}
