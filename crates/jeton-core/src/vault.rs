//! The vault's rules (DESIGN §1 "Vault", issue 15): what a credential for an outside OAuth
//! provider may hold, who may see, use or change it, and when its stored access token is
//! still good enough to hand out. No I/O: the flows ask these and the store keeps the rows
//! (`entities::VaultCredential`); `jeton-vault` speaks to the provider.

use std::fmt;

use crate::clock::UnixTime;
use crate::ids::{ClientId, UserId};

/// A stored access token is handed out only while it has at least this long to live;
/// otherwise it is refreshed first (Duende.AccessTokenManagement's "refresh before expiry").
pub const REFRESH_MARGIN_SECS: i64 = 60;

/// The background refresh renews an access token this long before it expires, so that a
/// job asking for it rarely has to wait for the provider (larger than `REFRESH_MARGIN_SECS`
/// by more than the job's interval).
pub const BACKGROUND_REFRESH_MARGIN_SECS: i64 = 300;

/// Only credentials used within this long are kept fresh in the background: one nobody
/// uses is renewed when someone next asks.
pub const RECENT_USE_SECS: i64 = 24 * 3600;

/// When a provider says nothing of a token's lifetime (`expires_in` is only RECOMMENDED,
/// RFC 6749 §5.1), the vault assumes this one, so that a token it cannot judge is not
/// handed out for ever.
pub const ASSUMED_LIFETIME_SECS: i64 = 3600;

/// The role that may see, use and change every credential of its domain (domain managers
/// and the super administrator do not get the vault's secrets by their role alone).
pub const VAULT_ADMIN: &str = "vault-admin";

/// The scope a Jeton-issued access token must carry to ask the vault's token API.
pub const USE_SCOPE: &str = "vault:use";

/// The scope a Jeton-issued access token must carry to change credentials and their
/// permissions over the API (the caller still needs *edit* on what it changes).
pub const MANAGE_SCOPE: &str = "vault:manage";

/// How the vault obtains tokens for a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VaultGrant {
    ClientCredentials,
    Password,
    AuthorizationCode,
    Implicit,
}

impl VaultGrant {
    pub const ALL: [Self; 4] = [
        Self::ClientCredentials,
        Self::Password,
        Self::AuthorizationCode,
        Self::Implicit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ClientCredentials => "client_credentials",
            Self::Password => "password",
            Self::AuthorizationCode => "authorization_code",
            Self::Implicit => "implicit",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.as_str() == s)
    }

    /// Whether Jeton can obtain a token without a person at a browser: client credentials
    /// and password ask the token endpoint directly (at creation and whenever the token
    /// runs out); code and implicit need "authorize and save" in the pages.
    pub fn is_unattended(self) -> bool {
        matches!(self, Self::ClientCredentials | Self::Password)
    }
}

/// How the vault authenticates to the provider's token endpoint (RFC 6749 §2.3.1): some
/// providers accept only one of the two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientAuth {
    /// `client_secret_basic`: the HTTP `Authorization: Basic` header.
    Header,
    /// `client_secret_post`: `client_id` and `client_secret` in the form body.
    Body,
}

impl ClientAuth {
    /// The stored name, as in RFC 7591 `token_endpoint_auth_method`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Header => "client_secret_basic",
            Self::Body => "client_secret_post",
        }
    }

    /// `header` / `body` (the CLI's words) or the RFC 7591 names.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "header" | "client_secret_basic" => Some(Self::Header),
            "body" | "client_secret_post" => Some(Self::Body),
            _ => None,
        }
    }
}

/// Where a credential stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CredentialStatus {
    /// Saved, never authorized (code and implicit before "authorize and save").
    New,
    /// Holds tokens the vault can hand out or renew.
    Authorized,
    /// The provider refused to renew (e.g. `invalid_grant` on refresh): a person must
    /// authorize again or fix the credential; jobs get a clear error, never a stale token.
    NeedsReauthorization,
}

impl CredentialStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Authorized => "authorized",
            Self::NeedsReauthorization => "needs_reauthorization",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::New, Self::Authorized, Self::NeedsReauthorization]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// A container (folder) of a domain's vault: `/` or `/segment/segment…`. Parsed once; a
/// segment is 1 to 64 characters of letters, digits, `-`, `_`, `.` and space, never `.`
/// or `..`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContainerPath(String);

impl ContainerPath {
    pub fn root() -> Self {
        Self("/".to_owned())
    }

    pub fn parse(s: &str) -> Result<Self, &'static str> {
        const BAD: &str = "a container is / or /name/name… (each name 1-64 characters of letters, digits, '-', '_', '.' or space)";
        let trimmed = s.trim();
        let inner = trimmed.strip_prefix('/').ok_or(BAD)?;
        if inner.starts_with('/') {
            return Err(BAD);
        }
        let inner = inner.strip_suffix('/').unwrap_or(inner);
        if inner.is_empty() {
            return Ok(Self::root());
        }
        if trimmed.len() > 512 {
            return Err(BAD);
        }
        for seg in inner.split('/') {
            let ok = !seg.is_empty()
                && seg.chars().count() <= 64
                && seg != "."
                && seg != ".."
                && seg.trim() == seg
                && seg
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' '));
            if !ok {
                return Err(BAD);
            }
        }
        Ok(Self(format!("/{inner}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `other` is this container or lies inside it (by whole segments: `/a`
    /// holds `/a/b`, not `/ab`).
    pub fn holds(&self, other: &ContainerPath) -> bool {
        self.0 == "/"
            || other.0 == self.0
            || other
                .0
                .strip_prefix(&self.0)
                .is_some_and(|rest| rest.starts_with('/'))
    }
}

impl fmt::Display for ContainerPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a permission allows. Each level includes the ones below it: *edit* can point the
/// credential at another token endpoint and so could obtain tokens anyway, and *use*
/// needs to find the credential by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Access {
    /// See the fields, never the secrets.
    View,
    /// Obtain tokens.
    Use,
    /// Change or delete.
    Edit,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::View => "view",
            Self::Use => "use",
            Self::Edit => "edit",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::View, Self::Use, Self::Edit]
            .into_iter()
            .find(|a| a.as_str() == s)
    }
}

/// To whom a permission is granted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Grantee {
    User(UserId),
    Role(String),
    /// An API consumer (a client of the domain acting for no one): jobs that authenticate
    /// with its client credentials.
    Client(ClientId),
}

/// On what a permission is granted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PermissionTarget {
    /// The container and everything inside it, at any depth.
    Container(ContainerPath),
    /// One credential, by id.
    Credential(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultPermission {
    pub target: PermissionTarget,
    pub grantee: Grantee,
    pub access: Access,
}

/// Who asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// The operator at the command line: holds the database, so holds the vault.
    Operator,
    /// A person of the domain (signed in, or through a personal client they own).
    User { id: UserId, roles: Vec<String> },
    /// An API consumer's client credentials.
    Client(ClientId),
}

/// What the vault knows of a credential to decide about it.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub id: &'a str,
    pub container: &'a ContainerPath,
    pub owner: Option<&'a UserId>,
}

/// The highest access `who` has to `subject`: the operator, a `vault-admin` and the
/// credential's owner edit; anyone else has the best of the permissions granted to them
/// (or to one of their roles) on the credential or on a container that holds it.
pub fn access(
    who: &Principal,
    subject: Subject<'_>,
    permissions: &[VaultPermission],
) -> Option<Access> {
    let (user, roles, client) = match who {
        Principal::Operator => return Some(Access::Edit),
        Principal::User { id, roles } => {
            if crate::roles::holds(roles, VAULT_ADMIN) || subject.owner == Some(id) {
                return Some(Access::Edit);
            }
            (Some(id), roles.as_slice(), None)
        }
        Principal::Client(c) => (None, &[][..], Some(c)),
    };
    permissions
        .iter()
        .filter(|p| match &p.grantee {
            Grantee::User(u) => Some(u) == user,
            Grantee::Role(r) => crate::roles::holds(roles, r),
            Grantee::Client(c) => Some(c) == client,
        })
        .filter(|p| match &p.target {
            PermissionTarget::Credential(id) => id == subject.id,
            PermissionTarget::Container(c) => c.holds(subject.container),
        })
        .map(|p| p.access)
        .max()
}

pub fn may_view(who: &Principal, s: Subject<'_>, p: &[VaultPermission]) -> bool {
    access(who, s, p).is_some_and(|a| a >= Access::View)
}

pub fn may_use(who: &Principal, s: Subject<'_>, p: &[VaultPermission]) -> bool {
    access(who, s, p).is_some_and(|a| a >= Access::Use)
}

pub fn may_edit(who: &Principal, s: Subject<'_>, p: &[VaultPermission]) -> bool {
    access(who, s, p).is_some_and(|a| a >= Access::Edit)
}

/// Whether a stored access token expiring at `expires_at` may still be handed out at `now`.
pub fn is_fresh(expires_at: Option<UnixTime>, now: UnixTime) -> bool {
    expires_at.is_some_and(|e| e.saturating_sub(REFRESH_MARGIN_SECS) > now)
}

/// Whether the background refresh should renew a credential now: authorized, used within
/// `RECENT_USE_SECS`, and its access token expiring within `BACKGROUND_REFRESH_MARGIN_SECS`.
pub fn due_for_background_refresh(
    status: CredentialStatus,
    expires_at: Option<UnixTime>,
    last_used_at: Option<UnixTime>,
    now: UnixTime,
) -> bool {
    status == CredentialStatus::Authorized
        && last_used_at.is_some_and(|u| u >= now.saturating_sub(RECENT_USE_SECS))
        && expires_at.is_some_and(|e| e <= now.saturating_add(BACKGROUND_REFRESH_MARGIN_SECS))
}

/// Whether the vault can renew a credential without a person: with its refresh token, or
/// by asking anew for the grants that need nobody.
pub fn is_renewable(grant: VaultGrant, has_refresh_token: bool) -> bool {
    has_refresh_token || grant.is_unattended()
}

/// When a token the provider issued at `now` with `expires_in` expires.
pub fn token_expiry(now: UnixTime, expires_in: Option<u64>) -> UnixTime {
    let secs = expires_in
        .map(|s| i64::try_from(s).unwrap_or(i64::MAX))
        .unwrap_or(ASSUMED_LIFETIME_SECS);
    now.saturating_add(secs)
}

/// Whether the provider's refusal of a token request means that asking again will not help
/// (a person must authorize again or fix the credential), rather than a passing failure.
/// RFC 6749 §5.2: `invalid_grant` (refresh token or password refused), `invalid_client`
/// (the secret no longer works), `unauthorized_client` (the grant was taken away).
pub fn refusal_needs_reauthorization(error: &str) -> bool {
    matches!(
        error,
        "invalid_grant" | "invalid_client" | "unauthorized_client"
    )
}

/// How a secret is shown after saving: never in full. The last four characters only when
/// the secret is long enough that they give nothing away; otherwise just "set".
pub fn masked(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() >= 16 {
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("set (…{tail})")
    } else {
        "set".to_owned()
    }
}

/// The form parameters the vault writes itself: an extra parameter may not override them.
const RESERVED_PARAMS: [&str; 10] = [
    "grant_type",
    "client_id",
    "client_secret",
    "scope",
    "username",
    "password",
    "refresh_token",
    "code",
    "redirect_uri",
    "code_verifier",
];

/// Checks an extra token-request parameter (e.g. `audience`, `resource`).
pub fn check_extra_param(name: &str, value: &str) -> Result<(), String> {
    if name.is_empty()
        || name.len() > 64
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    {
        return Err(format!(
            "extra parameter {name:?}: a name is 1-64 characters of letters, digits, '_', '-', '.'"
        ));
    }
    if RESERVED_PARAMS.contains(&name) {
        return Err(format!(
            "extra parameter {name:?} is set by the vault itself and cannot be given"
        ));
    }
    if value.len() > 2048 || value.chars().any(char::is_control) {
        return Err(format!(
            "extra parameter {name:?}: the value is at most 2048 characters, without control characters"
        ));
    }
    Ok(())
}

/// Checks a provider endpoint: an absolute `https` URL without user info or fragment.
/// Plain `http` only to a loopback host (a provider on the same machine, and tests), since
/// the vault sends secrets there.
pub fn check_endpoint(what: &str, text: &str) -> Result<String, String> {
    let url = url::Url::parse(text.trim())
        .map_err(|e| format!("{what}: {text:?} is not an absolute URL ({e})"))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!(
            "{what}: the URL may not carry a user name or password"
        ));
    }
    if url.fragment().is_some() {
        return Err(format!("{what}: the URL may not have a #fragment"));
    }
    let loopback = match url.host() {
        Some(url::Host::Domain(h)) => h.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        _ => {
            return Err(format!(
                "{what}: use https (plain http only to this machine: localhost, 127.0.0.1, [::1])"
            ));
        }
    }
    Ok(url.to_string())
}

/// Checks a credential's name: 1-100 characters, no control characters, no '/' (which
/// separates containers).
pub fn check_name(name: &str) -> Result<String, &'static str> {
    let n = name.trim();
    if n.is_empty() || n.chars().count() > 100 || n.chars().any(|c| c.is_control() || c == '/') {
        return Err("a name is 1-100 characters, without '/' or control characters");
    }
    Ok(n.to_owned())
}

/// What a credential of `grant` must have, by field name.
pub fn check_settings(
    grant: VaultGrant,
    has_secret: bool,
    has_username: bool,
    has_password: bool,
    has_authorization_endpoint: bool,
) -> Result<(), (&'static str, &'static str)> {
    match grant {
        VaultGrant::ClientCredentials if !has_secret => {
            Err(("client_secret", "client credentials need the client secret"))
        }
        VaultGrant::Password if !(has_username && has_password) => Err((
            "username",
            "the password grant needs a username and a password",
        )),
        VaultGrant::AuthorizationCode | VaultGrant::Implicit if !has_authorization_endpoint => {
            Err((
                "authorization_endpoint",
                "authorization code and implicit need the provider's authorization endpoint",
            ))
        }
        _ if (has_username || has_password) && grant != VaultGrant::Password => Err((
            "username",
            "a username and password belong to the password grant only",
        )),
        _ => Ok(()),
    }
}

/// Whether a credential of `grant` sends PKCE (RFC 7636) when a person authorizes it:
/// `asked` when given, else on for the authorization code grant (RFC 9700 §2.1.1: PKCE for
/// every code flow). Only the code grant has a code to protect.
pub fn pkce_setting(grant: VaultGrant, asked: Option<bool>) -> Result<bool, &'static str> {
    match (grant, asked) {
        (VaultGrant::AuthorizationCode, a) => Ok(a.unwrap_or(true)),
        (_, Some(true)) => Err("PKCE belongs to the authorization code grant only"),
        (_, _) => Ok(false),
    }
}

/// The fields of a credential whose change makes its stored tokens worthless: they were
/// issued by another provider, to another client, for another scope or audience, or to
/// another resource owner. Changing one drops the tokens; the credential must then be
/// authorized (code, implicit) or obtain a token (client credentials, password) again.
pub const FIELDS_THAT_CHANGE_TOKENS: [&str; 9] = [
    "grant",
    "authorization_endpoint",
    "token_endpoint",
    "client_id",
    "client_secret",
    "scope",
    "username",
    "password",
    "extra_params",
];

/// Whether changing `field` drops the stored tokens (see `FIELDS_THAT_CHANGE_TOKENS`).
pub fn change_drops_tokens(field: &str) -> bool {
    FIELDS_THAT_CHANGE_TOKENS.contains(&field)
}

/// The associated data a vault secret is sealed with (jeton-core `sealing`): the credential
/// and the field, so that a sealed value moved to another row or field does not open.
pub fn sealing_aad(credential_id: &str, field: &str) -> String {
    format!("vault:{credential_id}:{field}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(s: &str) -> ContainerPath {
        ContainerPath::parse(s).unwrap()
    }

    #[test]
    fn container_paths_are_parsed_and_hold_by_whole_segments() {
        assert_eq!(path("/").as_str(), "/");
        assert!(ContainerPath::parse("").is_err(), "empty is not a path");
        assert_eq!(path("/team/crm/").as_str(), "/team/crm");
        for bad in ["team", "//", "/a//b", "/a/../b", "/a/./b", "/a\nb", "/ a"] {
            assert!(ContainerPath::parse(bad).is_err(), "{bad:?}");
        }
        assert!(path("/").holds(&path("/a/b")));
        assert!(path("/a").holds(&path("/a")));
        assert!(path("/a").holds(&path("/a/b/c")));
        assert!(!path("/a").holds(&path("/ab")));
        assert!(!path("/a/b").holds(&path("/a")));
    }

    fn user(id: &str, roles: &[&str]) -> Principal {
        Principal::User {
            id: id.into(),
            roles: roles.iter().map(|r| r.to_string()).collect(),
        }
    }

    fn perm(target: PermissionTarget, grantee: Grantee, access: Access) -> VaultPermission {
        VaultPermission {
            target,
            grantee,
            access,
        }
    }

    #[test]
    fn owners_vault_admins_and_the_operator_edit_everyone_else_needs_a_permission() {
        let c = path("/team/crm");
        let owner: UserId = "u-owner".into();
        let s = Subject {
            id: "cred1",
            container: &c,
            owner: Some(&owner),
        };
        assert_eq!(access(&Principal::Operator, s, &[]), Some(Access::Edit));
        assert_eq!(access(&user("u-owner", &[]), s, &[]), Some(Access::Edit));
        assert_eq!(
            access(&user("u2", &[VAULT_ADMIN]), s, &[]),
            Some(Access::Edit)
        );
        assert_eq!(access(&user("u2", &["manager"]), s, &[]), None);
        assert_eq!(access(&Principal::Client("c1".into()), s, &[]), None);
    }

    #[test]
    fn permissions_are_inherited_from_containers_and_the_best_one_counts() {
        let c = path("/team/crm");
        let s = Subject {
            id: "cred1",
            container: &c,
            owner: None,
        };
        let perms = vec![
            perm(
                PermissionTarget::Container(path("/team")),
                Grantee::Role("ops".into()),
                Access::View,
            ),
            perm(
                PermissionTarget::Credential("cred1".into()),
                Grantee::User("u1".into()),
                Access::Use,
            ),
            perm(
                PermissionTarget::Container(path("/team/crm")),
                Grantee::Client("job".into()),
                Access::Use,
            ),
            perm(
                PermissionTarget::Container(path("/other")),
                Grantee::Role("ops".into()),
                Access::Edit,
            ),
            perm(
                PermissionTarget::Credential("cred2".into()),
                Grantee::Role("ops".into()),
                Access::Edit,
            ),
        ];
        let ops = user("u9", &["ops"]);
        assert!(may_view(&ops, s, &perms));
        assert!(!may_use(&ops, s, &perms), "view does not give use");
        assert!(!may_edit(&ops, s, &perms), "other containers do not count");
        let both = user("u1", &["ops"]);
        assert_eq!(access(&both, s, &perms), Some(Access::Use), "the best wins");
        assert!(may_use(&Principal::Client("job".into()), s, &perms));
        assert!(!may_use(&Principal::Client("other".into()), s, &perms));
        assert!(
            !may_view(&user("u2", &["opsx"]), s, &perms),
            "roles match exactly"
        );
        // A permission to a user is not one to a client of the same id.
        let same_id = vec![perm(
            PermissionTarget::Credential("cred1".into()),
            Grantee::User("x".into()),
            Access::Edit,
        )];
        assert!(!may_view(&Principal::Client("x".into()), s, &same_id));
    }

    #[test]
    fn a_token_is_fresh_until_the_margin_before_it_expires() {
        assert!(is_fresh(Some(1000), 1000 - REFRESH_MARGIN_SECS - 1));
        assert!(!is_fresh(Some(1000), 1000 - REFRESH_MARGIN_SECS));
        assert!(!is_fresh(Some(1000), 2000));
        assert!(!is_fresh(None, 0), "no token, nothing fresh");
        assert_eq!(token_expiry(10, Some(300)), 310);
        assert_eq!(token_expiry(10, None), 10 + ASSUMED_LIFETIME_SECS);
        assert_eq!(token_expiry(10, Some(u64::MAX)), i64::MAX);
    }

    #[test]
    fn the_background_refresh_takes_recently_used_credentials_that_expire_soon() {
        use CredentialStatus::*;
        let now = 1_000_000;
        let soon = Some(now + BACKGROUND_REFRESH_MARGIN_SECS);
        let later = Some(now + BACKGROUND_REFRESH_MARGIN_SECS + 1);
        let used = Some(now - RECENT_USE_SECS);
        assert!(due_for_background_refresh(Authorized, soon, used, now));
        assert!(due_for_background_refresh(
            Authorized,
            Some(now - 5),
            Some(now),
            now
        ));
        assert!(!due_for_background_refresh(Authorized, later, used, now));
        assert!(!due_for_background_refresh(
            Authorized,
            soon,
            Some(now - RECENT_USE_SECS - 1),
            now
        ));
        assert!(
            !due_for_background_refresh(Authorized, soon, None, now),
            "never used"
        );
        assert!(!due_for_background_refresh(
            NeedsReauthorization,
            soon,
            used,
            now
        ));
        assert!(!due_for_background_refresh(New, soon, used, now));
        assert!(!due_for_background_refresh(Authorized, None, used, now));
        assert!(is_renewable(VaultGrant::AuthorizationCode, true));
        assert!(!is_renewable(VaultGrant::Implicit, false));
        assert!(is_renewable(VaultGrant::ClientCredentials, false));
    }

    #[test]
    fn only_lasting_refusals_need_reauthorization() {
        assert!(refusal_needs_reauthorization("invalid_grant"));
        assert!(refusal_needs_reauthorization("invalid_client"));
        assert!(!refusal_needs_reauthorization("temporarily_unavailable"));
        assert!(!refusal_needs_reauthorization("invalid_scope"));
    }

    #[test]
    fn pkce_is_on_by_default_for_the_code_grant_and_only_there() {
        use VaultGrant::*;
        assert_eq!(pkce_setting(AuthorizationCode, None), Ok(true));
        assert_eq!(pkce_setting(AuthorizationCode, Some(false)), Ok(false));
        assert_eq!(pkce_setting(ClientCredentials, None), Ok(false));
        assert_eq!(pkce_setting(Implicit, Some(false)), Ok(false));
        assert!(pkce_setting(Implicit, Some(true)).is_err());
        assert!(pkce_setting(Password, Some(true)).is_err());
    }

    #[test]
    fn what_the_tokens_depend_on_drops_them_when_changed() {
        for f in [
            "token_endpoint",
            "client_id",
            "client_secret",
            "scope",
            "grant",
            "password",
        ] {
            assert!(change_drops_tokens(f), "{f}");
        }
        for f in [
            "name",
            "container",
            "allow_jobs",
            "client_auth",
            "revocation_endpoint",
            "pkce",
        ] {
            assert!(!change_drops_tokens(f), "{f}");
        }
    }

    #[test]
    fn secrets_are_masked() {
        assert_eq!(masked("short"), "set");
        assert_eq!(masked("0123456789abcdefWXYZ"), "set (…WXYZ)");
    }

    #[test]
    fn endpoints_need_https_except_to_this_machine() {
        assert!(check_endpoint("token_endpoint", "https://idp.example/token").is_ok());
        assert!(check_endpoint("token_endpoint", "http://127.0.0.1:9/token").is_ok());
        assert!(check_endpoint("token_endpoint", "http://localhost/token").is_ok());
        assert!(check_endpoint("token_endpoint", "http://idp.example/token").is_err());
        assert!(check_endpoint("token_endpoint", "https://u:p@idp.example/").is_err());
        assert!(check_endpoint("token_endpoint", "https://idp.example/#x").is_err());
        assert!(check_endpoint("token_endpoint", "/token").is_err());
        assert!(check_endpoint("token_endpoint", "ftp://idp.example/").is_err());
    }

    #[test]
    fn extra_parameters_cannot_override_what_the_vault_sends() {
        assert!(check_extra_param("audience", "https://api.example").is_ok());
        assert!(check_extra_param("resource", "urn:x").is_ok());
        assert!(check_extra_param("client_secret", "x").is_err());
        assert!(check_extra_param("grant_type", "x").is_err());
        assert!(check_extra_param("bad name", "x").is_err());
        assert!(check_extra_param("a", "line\nbreak").is_err());
    }

    #[test]
    fn each_grant_needs_its_fields() {
        use VaultGrant::*;
        assert!(check_settings(ClientCredentials, true, false, false, false).is_ok());
        assert_eq!(
            check_settings(ClientCredentials, false, false, false, false)
                .unwrap_err()
                .0,
            "client_secret"
        );
        assert!(check_settings(Password, false, true, true, false).is_ok());
        assert!(check_settings(Password, true, true, false, false).is_err());
        assert!(check_settings(AuthorizationCode, true, false, false, true).is_ok());
        assert!(check_settings(Implicit, false, false, false, false).is_err());
        assert!(check_settings(ClientCredentials, true, true, true, false).is_err());
        for g in VaultGrant::ALL {
            assert_eq!(VaultGrant::parse(g.as_str()), Some(g));
        }
        assert_eq!(ClientAuth::parse("header"), Some(ClientAuth::Header));
        assert_eq!(
            ClientAuth::parse("client_secret_post"),
            Some(ClientAuth::Body)
        );
        assert_eq!(ClientAuth::parse("none"), None);
        assert!(check_name("CRM prod").is_ok());
        assert!(check_name("a/b").is_err());
        assert!(check_name("  ").is_err());
    }
}
