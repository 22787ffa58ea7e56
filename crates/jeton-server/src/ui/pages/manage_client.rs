//! The context of the manager's client page (`manage_client.html`): an application's grants
//! and token policies; the handler is `ui/manage/client_policy.rs`.

use super::*;

/// One grant type's checkbox.
pub struct GrantChoice {
    pub value: &'static str,
    /// Message keys of its label and its hint.
    pub label_key: &'static str,
    pub hint_key: &'static str,
    pub checked: bool,
}

/// One lifetime override: blank for the domain's value (shown in the hint).
pub struct LifetimeField {
    /// The form field's name (`code_ttl_secs`, ...), also its element id.
    pub name: &'static str,
    pub label_key: &'static str,
    pub value: String,
    pub domain_value: u64,
    pub bounds: (u64, u64),
    /// 0 is allowed too (the absolute lifetime: none).
    pub zero_allowed: bool,
}

pub struct ManageClientPage {
    pub tr: Tr,
    pub shell: ManageShell,
    pub action: String,
    pub back_url: String,
    pub client_name: String,
    pub client_id: String,
    pub kind_key: &'static str,
    pub redirect_uris: Vec<String>,
    /// Why the policy is not the manager's to change (personal clients, API consumers); the
    /// page then shows it without a form.
    pub read_only: Option<String>,
    pub grants: Vec<GrantChoice>,
    /// `""` (the domain's), `opaque` or `jwt`.
    pub access_format: String,
    /// `""` (ES256), or an algorithm name.
    pub alg: String,
    pub lifetimes: Vec<LifetimeField>,
    pub errors: FieldErrors,
}
form_page!(ManageClientPage, ManageClientTemplate, "manage_client.html");
