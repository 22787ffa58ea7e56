//! `jeton vault create|list|show|delete|token|edit|grant|revoke-permission|permissions`
//! (DESIGN §4, issue 15), as the operator (`VaultCaller::cli`): the same flows, rules and
//! audit log as the API.

mod edit;
mod permissions;

use std::io::{BufRead, IsTerminal};

use jeton_flows::vault::{
    NewVaultCredential, Revocation, VaultCaller, VaultCredentialView, VaultError,
};
use jeton_server::Config;
use secrecy::{ExposeSecret, SecretString};

use crate::cli::{VaultCmd, VaultCreateArgs};

use super::{domain, flows, when};

pub async fn vault(config: &Config, cmd: VaultCmd) -> Result<(), String> {
    let flows = flows(config).await?;
    let caller = VaultCaller::cli();
    match cmd {
        VaultCmd::Create(args) => {
            let d = domain(&flows, &args.domain).await?;
            let json = args.json;
            let req = request(*args)?;
            let view = flows.vault_create(&d, req, &caller).await.map_err(say)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string(&view).map_err(|e| e.to_string())?
                );
            } else if view.status == "authorized" {
                println!(
                    "created {} (id {}) in {}: authorized, the token expires {}",
                    view.name,
                    view.id,
                    view.container,
                    when(view.expires_at)
                );
            } else {
                println!(
                    "created {} (id {}) in {}: saved, not authorized yet — authorize it in the pages (\"authorize and save\" is not available yet)",
                    view.name, view.id, view.container
                );
            }
        }
        VaultCmd::List { domain: slug, json } => {
            let d = domain(&flows, &slug).await?;
            for v in flows.vault_list(&d, &caller).await.map_err(say)? {
                if json {
                    println!("{}", serde_json::to_string(&v).map_err(|e| e.to_string())?);
                } else {
                    println!(
                        "{}  {:<20}  {:<12}  {:<18}  {:<21}  expires {}  last used {}",
                        v.id,
                        v.name,
                        v.container,
                        v.grant,
                        v.status,
                        when(v.expires_at),
                        when(v.last_used_at)
                    );
                }
            }
        }
        VaultCmd::Show {
            domain: slug,
            name,
            json,
        } => {
            let d = domain(&flows, &slug).await?;
            let c = flows.vault_find(&d, &name, &caller).await.map_err(say)?;
            let v = flows.view(&c).await.map_err(say)?;
            if json {
                println!("{}", serde_json::to_string(&v).map_err(|e| e.to_string())?);
            } else {
                show(&v);
            }
        }
        VaultCmd::Delete { domain: slug, name } => {
            let d = domain(&flows, &slug).await?;
            let c = flows.vault_find(&d, &name, &caller).await.map_err(say)?;
            let outcome = flows.vault_delete(&c, &caller).await.map_err(say)?;
            match outcome {
                Revocation::NotAttempted => println!("deleted {}", c.name),
                Revocation::Revoked => {
                    println!("deleted {}; its tokens are revoked at the provider", c.name)
                }
                Revocation::Failed(why) => println!(
                    "deleted {}; the provider did not confirm the revocation: {why}",
                    c.name
                ),
            }
        }
        VaultCmd::Token { domain: slug, name } => {
            let d = domain(&flows, &slug).await?;
            let c = flows.vault_find(&d, &name, &caller).await.map_err(say)?;
            let t = flows.vault_token(c, &caller).await.map_err(say)?;
            println!("{}", t.access_token.expose_secret());
        }
        VaultCmd::Edit(args) => edit::edit(&flows, &caller, *args).await?,
        VaultCmd::Grant(args) => permissions::grant(&flows, &caller, args).await?,
        VaultCmd::RevokePermission(args) => permissions::revoke(&flows, &caller, args).await?,
        VaultCmd::Permissions {
            domain: slug,
            name,
            container,
            json,
        } => permissions::list(&flows, &caller, &slug, name, container, json).await?,
    }
    Ok(())
}

/// Reads one secret, a line of standard input (prompting on a terminal).
fn read_secret(lines: &mut impl BufRead, what: &str) -> Result<SecretString, String> {
    if std::io::stdin().is_terminal() {
        eprint!("{what}: ");
    }
    let mut line = String::new();
    lines
        .read_line(&mut line)
        .map_err(|e| format!("reading the {what}: {e}"))?;
    let v = line.trim_end_matches(['\r', '\n']).to_owned();
    if v.is_empty() {
        return Err(format!("no {what} on standard input"));
    }
    Ok(SecretString::from(v))
}

/// `--param NAME=VALUE`s, in order.
fn params(given: Vec<String>) -> Result<Vec<(String, String)>, String> {
    given
        .into_iter()
        .map(|p| {
            p.split_once('=')
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .ok_or_else(|| format!("--param {p:?}: write NAME=VALUE"))
        })
        .collect()
}

fn request(a: VaultCreateArgs) -> Result<NewVaultCredential, String> {
    let mut lines = std::io::stdin().lock();
    let mut read = |what: &str| read_secret(&mut lines, what);
    let client_secret = if a.client_secret_stdin {
        Some(read("client secret")?)
    } else {
        None
    };
    let password = if a.password_stdin {
        Some(read("password")?)
    } else {
        None
    };
    let extra_params = params(a.params)?;
    Ok(NewVaultCredential {
        name: a.name,
        container: a.container,
        grant: a.grant,
        token_endpoint: a.token_endpoint,
        authorization_endpoint: a.authorization_endpoint,
        revocation_endpoint: a.revocation_endpoint,
        client_id: a.client_id,
        client_secret,
        scope: a.scope,
        client_auth: a.client_auth,
        username: a.username,
        password,
        extra_params,
        allow_jobs: a.allow_jobs,
        pkce: a.pkce,
        owner: a.owner,
    })
}

pub(super) fn show(v: &VaultCredentialView) {
    let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".to_owned());
    let params = v
        .extra_params
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(" ");
    for (k, val) in [
        ("id", v.id.clone()),
        ("name", v.name.clone()),
        ("container", v.container.clone()),
        ("grant", v.grant.to_owned()),
        ("status", v.status.to_owned()),
        ("token endpoint", v.token_endpoint.clone()),
        ("authorization endpoint", opt(&v.authorization_endpoint)),
        ("revocation endpoint", opt(&v.revocation_endpoint)),
        ("client id", v.client_id.clone()),
        ("client secret", opt(&v.client_secret)),
        ("client auth", v.client_auth.to_owned()),
        ("pkce", if v.pkce { "on" } else { "off" }.into()),
        ("scope", opt(&v.scope)),
        ("username", opt(&v.username)),
        ("password", opt(&v.password)),
        (
            "extra parameters",
            if params.is_empty() {
                "-".into()
            } else {
                params
            },
        ),
        (
            "jobs over HTTP",
            if v.allow_jobs {
                "allowed"
            } else {
                "not allowed"
            }
            .into(),
        ),
        (
            "refresh token",
            if v.has_refresh_token { "set" } else { "-" }.into(),
        ),
        ("expires", when(v.expires_at)),
        ("last used", when(v.last_used_at)),
        ("owner", opt(&v.owner)),
        ("created", when(Some(v.created_at))),
        ("updated", when(Some(v.updated_at))),
    ] {
        println!("{k:<24}{val}");
    }
}

pub(super) fn say(e: VaultError) -> String {
    e.to_string()
}
