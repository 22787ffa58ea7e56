//! `jeton vault edit --domain D NAME [--field …]`: secrets only from standard input.

use jeton_flows::Flows;
use jeton_flows::vault::{Revocation, VaultCaller, VaultEdit};
use secrecy::SecretString;

use crate::cli::VaultEditArgs;
use crate::manage::domain;

use super::{params, read_secret, say, show};

pub(super) async fn edit(
    flows: &Flows,
    caller: &VaultCaller,
    a: VaultEditArgs,
) -> Result<(), String> {
    let d = domain(flows, &a.domain).await?;
    let c = flows.vault_find(&d, &a.name, caller).await.map_err(say)?;
    let mut lines = std::io::stdin().lock();
    let client_secret = if a.client_secret_stdin {
        Some(read_secret(&mut lines, "client secret")?)
    } else if a.remove_client_secret {
        Some(SecretString::from(String::new()))
    } else {
        None
    };
    let password = if a.password_stdin {
        Some(read_secret(&mut lines, "password")?)
    } else {
        None
    };
    let extra_params = if a.clear_params {
        Some(Vec::new())
    } else if a.params.is_empty() {
        None
    } else {
        Some(params(a.params)?)
    };
    let edit = VaultEdit {
        name: a.rename,
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
        pkce: a.pkce,
        allow_jobs: a.allow_jobs,
    };
    let edited = flows.vault_edit(&c, edit, caller).await.map_err(say)?;
    if a.json {
        println!(
            "{}",
            serde_json::to_string(&edited).map_err(|e| e.to_string())?
        );
        return Ok(());
    }
    if edited.changed.is_empty() {
        println!("{}: nothing changed", c.name);
        return Ok(());
    }
    println!("changed {}: {}", c.name, edited.changed.join(", "));
    if edited.tokens_dropped {
        println!(
            "its stored tokens were dropped: {}",
            if edited.credential.grant == "client_credentials"
                || edited.credential.grant == "password"
            {
                "it obtains a new token on its next use"
            } else {
                "authorize it again"
            }
        );
        match &edited.revocation {
            Revocation::Revoked => println!("the dropped tokens were revoked at the provider"),
            Revocation::Failed(why) => println!(
                "the provider did not confirm the revocation of the dropped tokens ({why}): \
                 they may stay valid there until they expire"
            ),
            Revocation::NotAttempted => {}
        }
    }
    show(&edited.credential);
    Ok(())
}
