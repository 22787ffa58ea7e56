//! `jeton vault …` (DESIGN §4): the credentials for outside providers, their tokens and
//! who may use them. Its names are a public contract, as the rest of the command line's.

use clap::{Args, Subcommand};

#[derive(Subcommand)]
pub enum VaultCmd {
    /// Save a credential. For client_credentials and password the first token is obtained
    /// at once (nothing is saved if the provider refuses). Secrets come from standard
    /// input, one per line: the client secret first, then the password.
    Create(Box<VaultCreateArgs>),
    /// List the domain's credentials (never their secrets).
    List {
        #[arg(long)]
        domain: String,
        #[arg(long)]
        json: bool,
    },
    /// Show one credential: NAME, or /CONTAINER/NAME when several containers have NAME.
    Show {
        #[arg(long)]
        domain: String,
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Delete a credential, revoking its tokens at the provider (RFC 7009) when it has a
    /// revocation endpoint.
    Delete {
        #[arg(long)]
        domain: String,
        name: String,
    },
    /// Print a valid access token of the credential, and nothing else.
    Token {
        #[arg(long)]
        domain: String,
        name: String,
    },
    /// Change a credential: only the fields given change. Changing what its tokens depend
    /// on (endpoints, client id or secret, scope, grant, username or password, parameters)
    /// drops the stored tokens: authorize it again, or it obtains one on its next use.
    Edit(Box<VaultEditArgs>),
    /// Give a user, a role or an API consumer view, use or edit on a credential (NAME) or
    /// on a container and everything inside it (--container).
    Grant(VaultGrantArgs),
    /// Remove a permission: by --id, or by its target and grantee.
    RevokePermission(VaultRevokeArgs),
    /// List the permissions on a credential (NAME) or a container (--container), with
    /// those inherited from the containers above; without either, all of the domain's.
    Permissions {
        #[arg(long)]
        domain: String,
        #[arg(conflicts_with = "container")]
        name: Option<String>,
        #[arg(long, value_name = "PATH")]
        container: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct VaultEditArgs {
    #[arg(long)]
    pub domain: String,
    /// The credential: NAME, or /CONTAINER/NAME.
    pub name: String,
    /// Its new name.
    #[arg(long, value_name = "NEW_NAME")]
    pub rename: Option<String>,
    /// Move it to this container (needs edit there).
    #[arg(long, value_name = "PATH")]
    pub container: Option<String>,
    #[arg(long)]
    pub grant: Option<String>,
    #[arg(long, value_name = "URL")]
    pub token_endpoint: Option<String>,
    /// "" removes it.
    #[arg(long, value_name = "URL")]
    pub authorization_endpoint: Option<String>,
    /// "" removes it.
    #[arg(long, value_name = "URL")]
    pub revocation_endpoint: Option<String>,
    #[arg(long)]
    pub client_id: Option<String>,
    /// Read a new client secret from the first line of standard input.
    #[arg(long, conflicts_with = "remove_client_secret")]
    pub client_secret_stdin: bool,
    #[arg(long)]
    pub remove_client_secret: bool,
    /// "" removes it.
    #[arg(long)]
    pub scope: Option<String>,
    #[arg(long, value_name = "header|body")]
    pub client_auth: Option<String>,
    /// "" removes it (with the password).
    #[arg(long)]
    pub username: Option<String>,
    /// Read a new password from standard input (the line after the client secret).
    #[arg(long)]
    pub password_stdin: bool,
    /// Replaces every extra token-request parameter (repeat it for several).
    #[arg(
        long = "param",
        value_name = "NAME=VALUE",
        conflicts_with = "clear_params"
    )]
    pub params: Vec<String>,
    /// Removes every extra token-request parameter.
    #[arg(long)]
    pub clear_params: bool,
    /// PKCE in the browser authorization (authorization code only).
    #[arg(long, value_name = "true|false")]
    pub pkce: Option<bool>,
    /// Whether jobs may obtain its tokens over HTTP.
    #[arg(long, value_name = "true|false")]
    pub allow_jobs: Option<bool>,
    #[arg(long)]
    pub json: bool,
}

/// What a permission is on, and to whom.
#[derive(Args)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["name", "container"])))]
#[command(group(clap::ArgGroup::new("grantee").required(true).args(["user", "role", "consumer"])))]
pub struct VaultPermissionArgs {
    #[arg(long)]
    pub domain: String,
    /// The credential: NAME, or /CONTAINER/NAME.
    pub name: Option<String>,
    /// The container (the permission holds for everything inside it).
    #[arg(long, value_name = "PATH")]
    pub container: Option<String>,
    /// A username of the domain.
    #[arg(long, value_name = "USERNAME")]
    pub user: Option<String>,
    #[arg(long)]
    pub role: Option<String>,
    /// An API consumer's client id.
    #[arg(long, value_name = "CLIENT_ID")]
    pub consumer: Option<String>,
}

#[derive(Args)]
pub struct VaultGrantArgs {
    #[command(flatten)]
    pub on: VaultPermissionArgs,
    #[arg(long, value_name = "view|use|edit")]
    pub access: String,
}

#[derive(Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["id", "name", "container"])))]
pub struct VaultRevokeArgs {
    #[arg(long)]
    pub domain: String,
    /// The permission's id (as `vault permissions` shows it).
    #[arg(long, conflicts_with_all = ["name", "container", "user", "role", "consumer"])]
    pub id: Option<String>,
    /// The credential: NAME, or /CONTAINER/NAME.
    pub name: Option<String>,
    #[arg(long, value_name = "PATH", conflicts_with = "name")]
    pub container: Option<String>,
    #[arg(long, value_name = "USERNAME")]
    pub user: Option<String>,
    #[arg(long)]
    pub role: Option<String>,
    #[arg(long, value_name = "CLIENT_ID")]
    pub consumer: Option<String>,
}

#[derive(Args)]
pub struct VaultCreateArgs {
    #[arg(long)]
    pub domain: String,
    #[arg(long)]
    pub name: String,
    /// The container (folder), e.g. /team/crm; `/` when not given.
    #[arg(long)]
    pub container: Option<String>,
    /// client_credentials, password, authorization_code or implicit.
    #[arg(long)]
    pub grant: String,
    #[arg(long, value_name = "URL")]
    pub token_endpoint: String,
    #[arg(long, value_name = "URL")]
    pub authorization_endpoint: Option<String>,
    /// RFC 7009 revocation endpoint (deleting the credential revokes there).
    #[arg(long, value_name = "URL")]
    pub revocation_endpoint: Option<String>,
    #[arg(long)]
    pub client_id: String,
    /// Read the client secret from the first line of standard input.
    #[arg(long)]
    pub client_secret_stdin: bool,
    #[arg(long)]
    pub scope: Option<String>,
    /// header (client_secret_basic, the default) or body (client_secret_post).
    #[arg(long, value_name = "header|body")]
    pub client_auth: Option<String>,
    #[arg(long)]
    pub username: Option<String>,
    /// Read the password from standard input (the line after the client secret).
    #[arg(long)]
    pub password_stdin: bool,
    /// An extra token-request parameter, NAME=VALUE (e.g. audience=https://api.example).
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// Let jobs obtain its tokens over HTTP (POST /api/v1/vault/credentials/{id}/token).
    #[arg(long)]
    pub allow_jobs: bool,
    /// PKCE in the browser authorization: on by default for authorization_code, which is
    /// the only grant that has it (`--pkce false` for a provider that rejects it).
    #[arg(long, value_name = "true|false")]
    pub pkce: Option<bool>,
    /// The user of the domain who may edit it without a permission.
    #[arg(long, value_name = "USERNAME")]
    pub owner: Option<String>,
    #[arg(long)]
    pub json: bool,
}
