//! Audit records (DESIGN §5). Every flow that changes something on someone's behalf builds
//! its record here and hands it to the store with the change, so both commit together.

use jeton_core::entities::{Actor, AuditAction, AuditEvent, AuditQuery};
use jeton_store::{DomainId, StoreError};

use crate::Flows;

impl Flows {
    /// The record of `action` on `target` (`kind:id`) by `actor`, now.
    pub(crate) fn audit_event(
        &self,
        domain_id: Option<&DomainId>,
        actor: &Actor,
        action: AuditAction,
        target: String,
        detail: serde_json::Value,
    ) -> AuditEvent {
        AuditEvent {
            id: jeton_core::ids::new_id(self.random.as_ref()),
            domain_id: domain_id.cloned(),
            at: self.now(),
            actor: actor.clone(),
            action,
            target,
            detail,
        }
    }

    /// One page of the audit log, newest first.
    pub async fn audit_log(&self, query: &AuditQuery) -> Result<Vec<AuditEvent>, StoreError> {
        self.store.audit_events(query).await
    }
}
