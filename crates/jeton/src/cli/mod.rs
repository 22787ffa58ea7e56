//! The command line of DESIGN §4. Its names are a public contract: scripts call them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

mod vault;
pub use vault::{
    VaultCmd, VaultCreateArgs, VaultEditArgs, VaultGrantArgs, VaultPermissionArgs, VaultRevokeArgs,
};

#[derive(Parser)]
#[command(
    name = "jeton",
    version,
    about = "Jeton, an OAuth 2.0 authorization server"
)]
pub struct Cli {
    /// TOML configuration file (JETON_* environment variables override it).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Run the server (creates the `main` domain and an administrator on first start).
    Serve,
    /// Apply pending database migrations.
    Migrate,
    /// Manage domains (tenants).
    #[command(subcommand)]
    Domain(DomainCmd),
    /// Manage users.
    #[command(subcommand)]
    User(UserCmd),
    /// Manage OAuth clients.
    #[command(subcommand)]
    Client(ClientCmd),
    /// Manage scopes.
    #[command(subcommand)]
    Scope(ScopeCmd),
    /// Manage grants (the applications people authorized).
    #[command(subcommand)]
    Grant(GrantCmd),
    /// Manage admin API tokens (for automation calling /api/v1).
    #[command(subcommand, name = "admin-token")]
    AdminToken(AdminTokenCmd),
    /// Manage a domain's signing keys (ID tokens).
    #[command(subcommand)]
    Keys(KeysCmd),
    /// Credentials for outside OAuth providers, and tokens from them for jobs.
    #[command(subcommand)]
    Vault(VaultCmd),
}

#[derive(Subcommand)]
pub enum KeysCmd {
    /// Add a new key for each algorithm the domain signs with; it signs from now on. The
    /// old keys stay published until what they signed has expired, then a job retires them.
    Rotate {
        #[arg(long)]
        domain: String,
        #[arg(long)]
        json: bool,
    },
    /// List the domain's published keys, newest first (never the private parts).
    List {
        #[arg(long)]
        domain: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum DomainCmd {
    /// Create a domain.
    Create {
        /// The domain's slug: lowercase letters, digits and hyphens.
        slug: String,
        /// A display name.
        #[arg(long)]
        name: Option<String>,
    },
    /// List every domain.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Change a domain's display name (the slug never changes: it is in the issuer).
    Rename { slug: String, name: String },
    /// Disable a domain: everything under it answers "not found" until it is enabled.
    Disable { slug: String },
    /// Enable a disabled domain.
    Enable { slug: String },
}

#[derive(Subcommand)]
pub enum AdminTokenCmd {
    /// Create an admin API token; prints it once.
    Create {
        #[arg(long)]
        name: String,
        /// `admin` (everything) or `domain:SLUG` (that domain's management API).
        #[arg(long)]
        scope: String,
        /// A date (through that day, UTC) or an RFC 3339 date-time, at most a year away.
        #[arg(long, value_name = "DATE")]
        expires_at: String,
        #[arg(long)]
        json: bool,
    },
    /// List admin API tokens (never their values).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Revoke an admin API token: it stops working at once.
    Revoke {
        /// Ids are base64url and may start with '-'.
        #[arg(allow_hyphen_values = true)]
        id: String,
    },
}

#[derive(Subcommand)]
pub enum UserCmd {
    /// Create a user.
    Create {
        #[arg(long)]
        domain: String,
        username: String,
        /// Read the password from standard input (one line).
        #[arg(long)]
        password_stdin: bool,
        #[arg(long)]
        email: Option<String>,
        /// A role to grant (repeatable).
        #[arg(long = "role", value_name = "ROLE")]
        role: Vec<String>,
    },
    /// Show a user: roles, state, authorized applications.
    Show {
        #[arg(long)]
        domain: String,
        username: String,
        #[arg(long)]
        json: bool,
    },
    /// Disable a user: they cannot sign in, their sessions end, their tokens and their
    /// personal clients stop working.
    Disable {
        #[arg(long)]
        domain: String,
        username: String,
    },
    /// Enable a disabled user again.
    Enable {
        #[arg(long)]
        domain: String,
        username: String,
    },
    /// Set a new password (read from standard input); every session of the user ends.
    Password {
        #[arg(long)]
        domain: String,
        username: String,
        /// Read the password from standard input (one line); required.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set or remove attributes (key = value) that scopes can be derived from.
    Attributes {
        #[arg(long)]
        domain: String,
        username: String,
        /// KEY=VALUE to set (repeatable).
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        /// A key to remove (repeatable).
        #[arg(long = "unset", value_name = "KEY")]
        unset: Vec<String>,
    },
    /// Change a user's email address.
    Email {
        #[arg(long)]
        domain: String,
        username: String,
        email: String,
    },
    /// Add or remove roles.
    Roles {
        #[arg(long)]
        domain: String,
        username: String,
        /// A role to add (repeatable).
        #[arg(long = "add", value_name = "ROLE")]
        add: Vec<String>,
        /// A role to remove (repeatable).
        #[arg(long = "remove", value_name = "ROLE")]
        remove: Vec<String>,
    },
}

#[derive(Subcommand)]
pub enum ClientCmd {
    /// Create a client; prints its id and (once) its secret.
    Create(Box<ClientCreate>),
    /// List a domain's clients, sorted and filtered.
    List(ClientList),
    /// Show one client.
    Show {
        #[arg(long)]
        domain: String,
        /// Ids are base64url and may start with '-'.
        #[arg(allow_hyphen_values = true)]
        client_id: String,
        #[arg(long)]
        json: bool,
    },
    /// Revoke a client: it stops authenticating; its grants and tokens end at once.
    Revoke {
        #[arg(long)]
        domain: String,
        /// Ids are base64url and may start with '-'.
        #[arg(allow_hyphen_values = true)]
        client_id: String,
    },
    /// Give a confidential client a new secret (printed once); the old one stops working.
    RotateSecret {
        #[arg(long)]
        domain: String,
        /// Ids are base64url and may start with '-'.
        #[arg(allow_hyphen_values = true)]
        client_id: String,
        /// Print {"client_id": ..., "client_secret": ...}.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct ClientList {
    #[arg(long)]
    pub domain: String,
    /// name, owner, created, expires or last-used.
    #[arg(long, default_value = "created")]
    pub sort: String,
    /// Largest first.
    #[arg(long)]
    pub desc: bool,
    /// Only the personal clients of this user.
    #[arg(long, value_name = "USERNAME")]
    pub owner: Option<String>,
    /// active, expired or revoked.
    #[arg(long)]
    pub status: Option<String>,
    /// Only clients whose name contains this (ignoring case).
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// At most this many (1 to 500).
    #[arg(long, default_value_t = 100)]
    pub limit: u32,
    /// One JSON object per line.
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand)]
pub enum GrantCmd {
    /// List the applications a user has authorized.
    List {
        #[arg(long)]
        domain: String,
        #[arg(long, value_name = "USERNAME")]
        user: String,
        #[arg(long)]
        json: bool,
    },
    /// Revoke a grant and every code and token issued under it.
    Revoke {
        #[arg(long)]
        domain: String,
        /// Ids are base64url and may start with '-'.
        #[arg(allow_hyphen_values = true)]
        grant_id: String,
    },
}

#[derive(Args)]
pub struct ClientCreate {
    #[arg(long)]
    pub domain: String,
    #[arg(long)]
    pub name: String,
    /// A redirect URI (repeatable).
    #[arg(long = "redirect-uri", value_name = "URI")]
    pub redirect_uri: Vec<String>,
    /// A grant type (repeatable): authorization_code, refresh_token, client_credentials.
    /// Default: authorization_code + refresh_token with redirect URIs, else client_credentials.
    #[arg(long = "grant", value_name = "TYPE")]
    pub grant: Vec<String>,
    /// An allowed scope (repeatable); also the default when a request names none.
    #[arg(long = "scope", value_name = "S")]
    pub scope: Vec<String>,
    /// A public client (native or browser app): no secret, PKCE required.
    #[arg(long)]
    pub public: bool,
    /// client_secret_basic (default), client_secret_post or none.
    #[arg(long, value_name = "METHOD")]
    pub auth_method: Option<String>,
    /// Make it a personal client of this user: it acts with exactly the user's rights.
    #[arg(long, value_name = "USERNAME")]
    pub owner: Option<String>,
    /// When the client stops working (RFC 3339, e.g. 2027-01-31T00:00:00Z).
    #[arg(long, value_name = "RFC3339")]
    pub expires_at: Option<String>,
    /// An API consumer: a confidential client the domain owns, for server-to-server use.
    #[arg(long, conflicts_with_all = ["owner", "public"])]
    pub consumer: bool,
    /// The algorithm of its ID tokens (OpenID Connect `id_token_signed_response_alg`):
    /// ES256 (default), RS256 or EdDSA.
    #[arg(long, value_name = "ALG")]
    pub id_token_alg: Option<String>,
    /// Where OpenID Connect RP-initiated logout may send the browser back to (repeatable;
    /// the same rules as redirect URIs, matched exactly).
    #[arg(long = "post-logout-redirect-uri", value_name = "URI")]
    pub post_logout_redirect_uri: Vec<String>,
    /// Its access tokens: opaque (`jeton_at_…`) or jwt (RFC 9068, signed with the
    /// --id-token-alg key). Default: the domain's setting (opaque unless changed).
    #[arg(long, value_name = "FORMAT", value_parser = ["opaque", "jwt"])]
    pub access_token_format: Option<String>,
    /// Its authorization codes' lifetime in seconds (10 to 60); the domain's by default.
    #[arg(long, value_name = "SECS")]
    pub code_ttl: Option<i64>,
    /// Its access tokens' lifetime in seconds (60 to 86400); the domain's by default.
    #[arg(long, value_name = "SECS")]
    pub access_token_ttl: Option<i64>,
    /// Its refresh tokens' idle lifetime in seconds (3600 to 31536000): unused that long, a
    /// refresh token expires. The domain's by default.
    #[arg(long, value_name = "SECS")]
    pub refresh_token_ttl: Option<i64>,
    /// How long a chain of its refresh tokens may last from the sign-in that started it, in
    /// seconds (0 for no limit, or 3600 to 157680000); the domain's by default.
    #[arg(long, value_name = "SECS")]
    pub refresh_token_absolute_ttl: Option<i64>,
    /// Its ID tokens' lifetime in seconds (60 to 86400); the domain's by default.
    #[arg(long, value_name = "SECS")]
    pub id_token_ttl: Option<i64>,
    /// The `sub` it sees (OpenID Connect subject_type): public (the user's id, default) or
    /// pairwise (its own value per user; needs all redirect URIs on one host).
    #[arg(long, value_name = "TYPE", value_parser = ["public", "pairwise"])]
    pub subject_type: Option<String>,
    /// Print {"client_id": ..., "client_secret": ...}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand)]
pub enum ScopeCmd {
    /// Register a scope.
    Create {
        #[arg(long)]
        domain: String,
        name: String,
        /// What the scope allows, in words people understand (shown on the consent page).
        #[arg(long)]
        description: Option<String>,
        /// Restrict the scope to users with this role (repeatable).
        #[arg(long = "role", value_name = "R")]
        role: Vec<String>,
        /// Users whose attribute KEY is exactly VALUE may hold it too (repeatable).
        #[arg(long = "attribute", value_name = "KEY=VALUE")]
        attribute: Vec<String>,
    },
    /// List a domain's scopes.
    List {
        #[arg(long)]
        domain: String,
        #[arg(long)]
        json: bool,
    },
}
