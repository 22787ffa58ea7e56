//! The contexts of the vault's pages (`/d/{d}/vault/...`, templates `vault_*.html`). They
//! are account pages (`account_base.html`, the "Vault" section of its navigation); the
//! handlers are in `ui/vault/`. No secret reaches a context: a set secret is shown as
//! `set` or `set (…abcd)` (`vault::masked`), tokens not at all.

use super::*;

/// A container of the list: its path, the link to it, and whether it is the one shown.
pub struct VaultContainerRow {
    pub path: String,
    pub url: String,
    pub current: bool,
}

/// A credential, as the list shows it.
pub struct VaultRow {
    pub name: String,
    pub url: String,
    /// Message keys.
    pub grant_key: &'static str,
    pub status_key: &'static str,
    pub expires: Option<DateView>,
}

/// The containers and the credentials of the one shown.
#[derive(Template)]
#[template(path = "vault_list.html")]
pub struct VaultListPage {
    pub tr: Tr,
    pub nav: AccountNav,
    pub container: String,
    pub containers: Vec<VaultContainerRow>,
    pub credentials: Vec<VaultRow>,
    /// Where "New credential" goes (in the container shown).
    pub new_url: String,
    /// The container's permissions page, for who may edit the container.
    pub permissions_url: Option<String>,
    /// An already translated message about the last action.
    pub done: Option<String>,
}

/// A label and a value of the credential page (`value` already as shown).
pub struct VaultField {
    /// Message key.
    pub label_key: &'static str,
    pub value: String,
    /// Shown as code (URLs, ids).
    pub code: bool,
}

/// A permission that applies to a credential, as its page lists it.
pub struct VaultPermissionRow {
    /// Message keys.
    pub kind_key: &'static str,
    pub access_key: &'static str,
    pub grantee: String,
    /// The container it is inherited from; `None`: given on this credential.
    pub from_container: Option<String>,
    pub id: String,
}

/// One credential: its fields, its status and what the person may do with it.
pub struct VaultCredentialPage {
    pub tr: Tr,
    pub nav: AccountNav,
    pub name: String,
    pub container: String,
    pub container_url: String,
    pub fields: Vec<VaultField>,
    /// Message key of its status.
    pub status_key: &'static str,
    pub needs_reauthorization: bool,
    pub expires: Option<DateView>,
    pub last_used: Option<DateView>,
    pub has_refresh_token: bool,
    /// For the code and implicit grants: the redirect URIs to register at the provider.
    pub redirect_uris: Vec<String>,
    /// "Authorize and save" (code, implicit), for who may edit.
    pub authorize_action: Option<String>,
    /// "Obtain token" (client credentials, password), for who may use.
    pub obtain_action: Option<String>,
    pub delete_url: Option<String>,
    pub edit_url: Option<String>,
    /// For who may edit: the permissions that apply, the grant form and the remove form.
    pub permissions: Vec<VaultPermissionRow>,
    pub permit_action: Option<String>,
    pub unpermit_action: String,
    /// Already translated: what the last action did (`role="status"`) or why it failed.
    pub done: Option<String>,
    pub problem: Option<String>,
}
form_page!(
    VaultCredentialPage,
    VaultCredentialTemplate,
    "vault_credential.html"
);

/// The permissions on a container: those given on it (removable) and those inherited from
/// the containers above, and the grant form.
pub struct VaultContainerPermissionsPage {
    pub tr: Tr,
    pub nav: AccountNav,
    pub container: String,
    /// The container's list.
    pub back_url: String,
    pub permissions: Vec<VaultPermissionRow>,
    pub permit_action: String,
    pub unpermit_action: String,
    /// Already translated: what the last action did (`role="status"`) or why it failed.
    pub done: Option<String>,
    pub problem: Option<String>,
}
form_page!(
    VaultContainerPermissionsPage,
    VaultContainerPermissionsTemplate,
    "vault_container_permissions.html"
);

/// The create form, as first shown or as sent (never a secret filled in again).
pub struct VaultNewPage {
    pub tr: Tr,
    pub nav: AccountNav,
    pub action: String,
    /// Changing a saved credential rather than creating one: an empty secret keeps it.
    pub editing: bool,
    pub name: String,
    pub container: String,
    /// `client_credentials`, `password`, `authorization_code` or `implicit`.
    pub grant: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub revocation_endpoint: String,
    pub client_id: String,
    pub scope: String,
    /// `header` or `body`.
    pub client_auth: String,
    pub username: String,
    pub pkce: bool,
    /// `NAME=VALUE` lines.
    pub extra_params: String,
    pub allow_jobs: bool,
    /// The redirect URIs to register at the provider before "Authorize and save".
    pub redirect_uris: Vec<String>,
    /// Messages by field name, or `form` for the form as a whole.
    pub errors: FieldErrors,
}
form_page!(VaultNewPage, VaultNewTemplate, "vault_new.html");

/// "Delete this credential?"
pub struct VaultConfirmPage {
    pub tr: Tr,
    pub nav: AccountNav,
    pub name: String,
    pub container: String,
    /// It has a revocation endpoint: deleting revokes its tokens there.
    pub revokes: bool,
    pub action: String,
    pub cancel_url: String,
}
form_page!(VaultConfirmPage, VaultConfirmTemplate, "vault_confirm.html");

/// The implicit grant's callback: the token is in the URL's fragment, which only the
/// browser sees; this page's script (`/static/vault_callback.js`) posts it here.
pub struct VaultFragmentPage {
    pub tr: Tr,
    pub nav: AccountNav,
    pub action: String,
}
form_page!(
    VaultFragmentPage,
    VaultFragmentTemplate,
    "vault_fragment.html"
);

localized!(
    VaultListPage,
    VaultCredentialPage,
    VaultContainerPermissionsPage,
    VaultNewPage,
    VaultConfirmPage,
    VaultFragmentPage,
);
