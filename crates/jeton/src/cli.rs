//! The command line of DESIGN §4. Its names are a public contract: scripts call them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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
}

#[derive(Subcommand)]
pub enum ClientCmd {
    /// Create a client; prints its id and (once) its secret.
    Create(ClientCreate),
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
    },
}
