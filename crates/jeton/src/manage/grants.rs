//! `jeton grant list|revoke`.

use jeton_core::dates;
use jeton_core::entities::Actor;
use jeton_server::Config;
use jeton_store::GrantId;
use serde_json::json;

use crate::cli::GrantCmd;

use super::{domain, flows, say};

pub async fn grant(config: &Config, cmd: GrantCmd) -> Result<(), String> {
    let flows = flows(config).await?;
    match cmd {
        GrantCmd::List {
            domain: slug,
            user,
            json,
        } => {
            let d = domain(&flows, &slug).await?;
            let u = flows.user_by_name(&d, &user).await.map_err(say)?;
            for a in flows.grants_of(&d, &u).await.map_err(say)? {
                if json {
                    println!(
                        "{}",
                        json!({ "grant_id": a.grant.id.as_str(), "client_id": a.grant.client_id.as_str(), "client_name": a.client_name, "scopes": a.grant.scopes.to_string(), "approved_at": dates::rfc3339(a.grant.created_at), "last_used_at": a.grant.last_used_at.map(dates::rfc3339) })
                    );
                } else {
                    println!(
                        "{}  {}  {}  ({})",
                        a.grant.id,
                        dates::rfc3339(a.grant.created_at),
                        a.client_name,
                        a.grant.scopes
                    );
                }
            }
            Ok(())
        }
        GrantCmd::Revoke {
            domain: slug,
            grant_id,
        } => {
            let d = domain(&flows, &slug).await?;
            flows
                .revoke_domain_grant(&d, &GrantId::from(grant_id.clone()), &Actor::cli())
                .await
                .map_err(say)?;
            println!("revoked grant {grant_id} and every token under it");
            Ok(())
        }
    }
}
