//! Every per-domain endpoint is defined once here: the route that mounts it and the URL that
//! metadata, templates and redirects use. A typo cannot make the two disagree.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// RFC 8414 §3.1: the well-known URI for an issuer with a path inserts the suffix
    /// between host and path.
    Metadata,
    /// The same document for clients that append the well-known suffix to the issuer.
    MetadataAppended,
    Authorize,
    Token,
    Introspect,
    Revoke,
    Login,
    Logout,
    Consent,
    /// The signed-in person's profile, and the start of the account pages.
    Account,
    /// The applications the person authorized.
    AccountApplications,
    /// Confirming (GET) and revoking (POST) one authorized application: `{id}` is the grant.
    AccountApplicationRevoke,
    /// The person's personal OAuth clients (GET), and creating one (POST).
    AccountClients,
    /// Confirming and doing a secret rotation of one personal client: `{id}` is its id.
    AccountClientRotate,
    /// Confirming and doing the revocation of one personal client.
    AccountClientRevoke,
    /// The domain's start page: who is signed in, and where to go from there.
    DomainStart,
    // The domain managers' pages (DESIGN §3, `ui::manage`).
    /// The overview, with the navigation to the others.
    Manage,
    /// The users (GET: list and search; POST: create one).
    ManageUsers,
    /// One user (`{username}`): details, roles and attributes.
    ManageUser,
    /// GET: asks to confirm; POST: disables the user.
    ManageUserDisable,
    ManageUserEnable,
    ManageUserRoles,
    ManageUserAttributes,
    /// The domain's OAuth clients: sorted, filtered, paged.
    ManageClients,
    /// GET: asks to confirm; POST: revokes the client (`{client_id}`).
    ManageClientRevoke,
    /// GET: an application's grants and token policies; POST: changes them.
    ManageClient,
    /// GET: the scopes; POST: registers one.
    ManageScopes,
    ManageSettings,
    ManageAudit,
    // The account pages' applications and profile forms (`ui::account::my_apps`,
    // `ui::account::profile`).
    /// "My applications" (GET: the list and the register form; POST: registers one).
    AccountMyApps,
    /// One of them (`{id}`: its client id): GET the edit form, POST saves it.
    AccountMyApp,
    /// Confirming (GET) and doing (POST) a secret rotation of one application.
    AccountMyAppRotate,
    /// Confirming (GET) and doing (POST) the deletion of one application.
    AccountMyAppDelete,
    /// POST: changes the email address (GET: the profile, which has the form).
    AccountEmail,
    /// POST: changes the password (GET: the profile, which has the form).
    AccountPassword,
    /// OpenID Connect Discovery 1.0 §4.
    OpenIdConfiguration,
    /// The domain's public signing keys (RFC 7517 §5).
    Jwks,
    /// OpenID Connect Core §5.3.
    UserInfo,
    /// OpenID Connect RP-Initiated Logout 1.0 §2 (GET and POST). Not `Logout`, the
    /// people's own sign-out page.
    EndSession,
    // The vault's pages (`ui::vault`).
    /// The containers and the credentials in them (`?container=/path`).
    Vault,
    /// GET: the create form; POST: saves (and, on "Authorize and save", goes to the provider).
    VaultNew,
    /// One credential (`{id}`): its fields, status and actions.
    VaultCredential,
    /// POST: "Authorize and save" (code and implicit grants).
    VaultAuthorize,
    /// POST: "Obtain token" (client credentials and password grants).
    VaultObtain,
    /// GET: asks to confirm; POST: deletes (revoking at the provider).
    VaultDelete,
    /// GET: the edit form; POST: saves it (and, on "Authorize and save", goes to the provider).
    VaultEdit,
    /// POST: grants a permission on the credential (GET: its page, which has the form).
    VaultPermit,
    /// POST: removes the permission named by the form's `permission`.
    VaultUnpermit,
    /// GET: the permissions on a container (`?container=/path`) and the grant form; POST:
    /// grants one on the container named by the form's `container`.
    VaultContainerPermissions,
    /// POST: removes a permission given on the container named by the form's `container`.
    VaultContainerUnpermit,
    /// Where providers send the browser back: GET (code in the query, or the implicit
    /// grant's fragment page), POST (the fragment, sent by that page's script).
    VaultCallback,
}

impl Endpoint {
    /// The axum route, with `{d}` for the domain slug.
    pub const fn route(self) -> &'static str {
        match self {
            Self::Metadata => "/.well-known/oauth-authorization-server/d/{d}",
            Self::MetadataAppended => "/d/{d}/.well-known/oauth-authorization-server",
            Self::Authorize => "/d/{d}/oauth/authorize",
            Self::Token => "/d/{d}/oauth/token",
            Self::Introspect => "/d/{d}/oauth/introspect",
            Self::Revoke => "/d/{d}/oauth/revoke",
            Self::Login => "/d/{d}/login",
            Self::Logout => "/d/{d}/logout",
            Self::Consent => "/d/{d}/consent",
            Self::Account => "/d/{d}/account",
            Self::AccountApplications => "/d/{d}/account/applications",
            Self::AccountApplicationRevoke => "/d/{d}/account/applications/{id}/revoke",
            Self::AccountClients => "/d/{d}/account/clients",
            Self::AccountClientRotate => "/d/{d}/account/clients/{id}/rotate-secret",
            Self::AccountClientRevoke => "/d/{d}/account/clients/{id}/revoke",
            Self::DomainStart => "/d/{d}/",
            Self::Manage => "/d/{d}/manage/",
            Self::ManageUsers => "/d/{d}/manage/users",
            Self::ManageUser => "/d/{d}/manage/users/{username}",
            Self::ManageUserDisable => "/d/{d}/manage/users/{username}/disable",
            Self::ManageUserEnable => "/d/{d}/manage/users/{username}/enable",
            Self::ManageUserRoles => "/d/{d}/manage/users/{username}/roles",
            Self::ManageUserAttributes => "/d/{d}/manage/users/{username}/attributes",
            Self::ManageClients => "/d/{d}/manage/clients",
            Self::ManageClientRevoke => "/d/{d}/manage/clients/{client_id}/revoke",
            Self::ManageClient => "/d/{d}/manage/clients/{client_id}",
            Self::ManageScopes => "/d/{d}/manage/scopes",
            Self::ManageSettings => "/d/{d}/manage/settings",
            Self::ManageAudit => "/d/{d}/manage/audit",
            Self::AccountMyApps => "/d/{d}/account/apps",
            Self::AccountMyApp => "/d/{d}/account/apps/{id}",
            Self::AccountMyAppRotate => "/d/{d}/account/apps/{id}/rotate-secret",
            Self::AccountMyAppDelete => "/d/{d}/account/apps/{id}/delete",
            Self::AccountEmail => "/d/{d}/account/email",
            Self::AccountPassword => "/d/{d}/account/password",
            Self::OpenIdConfiguration => "/d/{d}/.well-known/openid-configuration",
            Self::Jwks => "/d/{d}/oauth/jwks",
            Self::UserInfo => "/d/{d}/oauth/userinfo",
            Self::EndSession => "/d/{d}/oauth/logout",
            Self::Vault => "/d/{d}/vault/",
            Self::VaultNew => "/d/{d}/vault/new",
            Self::VaultCredential => "/d/{d}/vault/credentials/{id}",
            Self::VaultAuthorize => "/d/{d}/vault/credentials/{id}/authorize",
            Self::VaultObtain => "/d/{d}/vault/credentials/{id}/token",
            Self::VaultDelete => "/d/{d}/vault/credentials/{id}/delete",
            Self::VaultEdit => "/d/{d}/vault/credentials/{id}/edit",
            Self::VaultPermit => "/d/{d}/vault/credentials/{id}/permissions",
            Self::VaultUnpermit => "/d/{d}/vault/credentials/{id}/permissions/remove",
            Self::VaultCallback => "/d/{d}/vault/callback",
            Self::VaultContainerPermissions => "/d/{d}/vault/permissions",
            Self::VaultContainerUnpermit => "/d/{d}/vault/permissions/remove",
        }
    }

    /// The path for a domain (slugs are `[a-z0-9-]`, so need no escaping).
    pub fn path(self, slug: &str) -> String {
        self.route().replace("{d}", slug)
    }

    /// The path for a domain of a route with one more parameter (a username, a client id),
    /// which is percent-encoded as one path segment.
    pub fn path_with(self, slug: &str, param: &str) -> String {
        let path = self.path(slug);
        match (path.find('{'), path.find('}')) {
            (Some(open), Some(close)) if open < close => {
                format!("{}{}{}", &path[..open], segment(param), &path[close + 1..])
            }
            _ => path,
        }
    }

    /// The path of an endpoint about one thing (`{id}`: a grant or client id).
    pub fn item_path(self, slug: &str, id: &str) -> String {
        self.path_with(slug, id)
    }

    /// The absolute URL under the public base URL.
    pub fn url(self, public_base: &str, slug: &str) -> String {
        format!("{public_base}{}", self.path(slug))
    }
}

/// The pages that belong to no domain.
pub const HOME: &str = "/";
/// Where the home page's "your organization's domain" form goes (`?domain=SLUG`).
pub const FIND_DOMAIN: &str = "/start";
/// The language switch (`?to=fr&return_to=/local/path`).
pub const LANG_SWITCH: &str = "/lang";
/// The super administrator's pages (DESIGN §3): their overview.
pub const ADMIN: &str = AdminPage::Overview.route();
/// The OpenAPI description of the JSON API (DESIGN §3); linked, not served yet.
pub const OPENAPI: &str = "/api/v1/openapi.json";

/// The super administrator's pages (DESIGN §3, `ui::admin`). They belong to no domain, so
/// they are not `Endpoint`s; like them, each is defined once here, for the route that mounts
/// it and for the links to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminPage {
    /// What each section is for, with the navigation.
    Overview,
    /// GET: every domain; POST: creates one.
    Domains,
    /// One domain (`{d}`): its name, state, managers and API consumers.
    Domain,
    DomainRename,
    /// GET: asks to confirm; POST: disables the domain.
    DomainDisable,
    DomainEnable,
    /// POST: appoints a manager (by username).
    DomainManagers,
    /// GET: asks to confirm; POST: takes the `manager` role from `{username}`.
    DomainManagerRemove,
    /// POST: creates an API consumer of the domain (its secret is the answer).
    DomainConsumers,
    /// GET: asks to confirm; POST: a new secret for `{client_id}`, shown once.
    DomainConsumerRotate,
    /// GET: asks to confirm; POST: revokes `{client_id}`.
    DomainConsumerRevoke,
    /// GET: the admin API tokens; POST: creates one (its value is the answer).
    Tokens,
    /// GET: asks to confirm; POST: revokes the token `{id}`.
    TokenRevoke,
    /// The global audit log: every domain's events and the global ones.
    Audit,
}

impl AdminPage {
    /// The axum route.
    pub const fn route(self) -> &'static str {
        match self {
            Self::Overview => "/admin/",
            Self::Domains => "/admin/domains",
            Self::Domain => "/admin/domains/{d}",
            Self::DomainRename => "/admin/domains/{d}/rename",
            Self::DomainDisable => "/admin/domains/{d}/disable",
            Self::DomainEnable => "/admin/domains/{d}/enable",
            Self::DomainManagers => "/admin/domains/{d}/managers",
            Self::DomainManagerRemove => "/admin/domains/{d}/managers/{username}/remove",
            Self::DomainConsumers => "/admin/domains/{d}/consumers",
            Self::DomainConsumerRotate => "/admin/domains/{d}/consumers/{client_id}/rotate-secret",
            Self::DomainConsumerRevoke => "/admin/domains/{d}/consumers/{client_id}/revoke",
            Self::Tokens => "/admin/tokens",
            Self::TokenRevoke => "/admin/tokens/{id}/revoke",
            Self::Audit => "/admin/audit",
        }
    }

    /// The path, with each `{…}` of the route replaced in order by one of `params`, each
    /// percent-encoded as one path segment. A parameter too few leaves the rest of the route
    /// out (a bug the unit tests catch, never a link to a wrong page).
    pub fn path(self, params: &[&str]) -> String {
        let mut out = String::new();
        let mut rest = self.route();
        let mut params = params.iter();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            let Some(p) = params.next() else {
                return format!("{out}{}", &rest[..open]);
            };
            out.push_str(&rest[..open]);
            out.push_str(&segment(p));
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// The issuer identifier of a domain (RFC 8414 §2).
pub fn issuer(public_base: &str, slug: &str) -> String {
    format!("{public_base}/d/{slug}")
}

/// `s` as one path segment: every byte but RFC 3986's unreserved characters percent-encoded
/// (axum decodes it back before the handler sees it).
fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Appends a query string to a path or URL that may already have one.
pub fn with_query(base: &str, pairs: &[(&str, &str)]) -> String {
    if pairs.is_empty() {
        return base.to_owned();
    }
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_and_urls_agree() {
        assert_eq!(Endpoint::Token.path("main"), "/d/main/oauth/token");
        assert_eq!(Endpoint::DomainStart.path("acme"), "/d/acme/");
        assert_eq!(
            Endpoint::AccountClientRevoke.item_path("main", "a/b c"),
            "/d/main/account/clients/a%2Fb%20c/revoke"
        );
        assert_eq!(
            Endpoint::Metadata.url("https://id.example", "acme"),
            "https://id.example/.well-known/oauth-authorization-server/d/acme"
        );
        assert_eq!(
            issuer("https://id.example", "acme"),
            "https://id.example/d/acme"
        );
    }

    #[test]
    fn a_second_parameter_is_one_escaped_segment() {
        assert_eq!(
            Endpoint::ManageUser.path_with("acme", "alice"),
            "/d/acme/manage/users/alice"
        );
        assert_eq!(
            Endpoint::ManageUserDisable.path_with("acme", "a/b?c#d%e é"),
            "/d/acme/manage/users/a%2Fb%3Fc%23d%25e%20%C3%A9/disable"
        );
        assert_eq!(
            Endpoint::ManageUsers.path_with("acme", "x"),
            "/d/acme/manage/users"
        );
    }

    #[test]
    fn admin_paths_fill_their_parameters_in_order() {
        assert_eq!(AdminPage::Overview.path(&[]), "/admin/");
        assert_eq!(ADMIN, "/admin/");
        assert_eq!(AdminPage::Domain.path(&["acme"]), "/admin/domains/acme");
        assert_eq!(
            AdminPage::DomainManagerRemove.path(&["acme", "a/b c"]),
            "/admin/domains/acme/managers/a%2Fb%20c/remove"
        );
        assert_eq!(
            AdminPage::DomainConsumerRotate.path(&["acme", "id-1"]),
            "/admin/domains/acme/consumers/id-1/rotate-secret"
        );
        assert_eq!(
            AdminPage::TokenRevoke.path(&["t?1"]),
            "/admin/tokens/t%3F1/revoke"
        );
        // Every route is under /admin/ and fills with as many parameters as it names.
        for page in [
            AdminPage::Overview,
            AdminPage::Domains,
            AdminPage::Domain,
            AdminPage::DomainRename,
            AdminPage::DomainDisable,
            AdminPage::DomainEnable,
            AdminPage::DomainManagers,
            AdminPage::DomainManagerRemove,
            AdminPage::DomainConsumers,
            AdminPage::DomainConsumerRotate,
            AdminPage::DomainConsumerRevoke,
            AdminPage::Tokens,
            AdminPage::TokenRevoke,
            AdminPage::Audit,
        ] {
            let route = page.route();
            assert!(route.starts_with("/admin/"), "{route}");
            let n = route.matches('{').count();
            let path = page.path(&vec!["x"; n]);
            assert!(!path.contains('{'), "{route} → {path}");
            assert_eq!(path.matches("/x").count(), n, "{route} → {path}");
        }
    }

    #[test]
    fn query_is_appended_and_escaped() {
        assert_eq!(
            with_query("https://a/cb", &[("code", "x y")]),
            "https://a/cb?code=x+y"
        );
        assert_eq!(
            with_query("https://a/cb?k=1", &[("state", "&")]),
            "https://a/cb?k=1&state=%26"
        );
    }
}
