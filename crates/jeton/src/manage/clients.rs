//! `jeton client list|show|revoke|rotate-secret`.

use jeton_core::dates;
use jeton_core::entities::Actor;
use jeton_flows::Flows;
use jeton_server::Config;
use jeton_store::{ClientListQuery, ClientSort, ClientStatus};
use serde_json::json;

use crate::cli::{ClientCmd, ClientList};

use super::{domain, flows, say, when};

pub async fn client(config: &Config, cmd: ClientCmd) -> Result<(), String> {
    let flows = flows(config).await?;
    let actor = Actor::cli();
    match cmd {
        ClientCmd::Create(_) => unreachable!("created through the provisioner"),
        ClientCmd::List(args) => list_clients(&flows, args).await,
        ClientCmd::Show {
            domain: slug,
            client_id,
            json,
        } => {
            let d = domain(&flows, &slug).await?;
            let id = jeton_store::ClientId::parse(&client_id).ok_or("no such client")?;
            let c = flows.client(&d, &id).await.map_err(say)?;
            let now = flows.now();
            if json {
                let mut shown = client_json(&c, None, now);
                shown["redirect_uris"] = json!(c.redirect_uris);
                shown["post_logout_redirect_uris"] = json!(c.options.post_logout_redirect_uris);
                println!("{shown}");
            } else {
                println!("client_id:     {}", c.id);
                println!("name:          {}", c.name);
                println!("kind:          {}", c.kind.as_str());
                println!("status:        {}", c.status(now).as_str());
                println!("auth method:   {}", c.auth_method.as_str());
                println!(
                    "grant types:   {}",
                    c.grant_types
                        .iter()
                        .map(|g| g.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                );
                println!("scopes:        {}", c.allowed_scopes);
                println!("redirect URIs: {}", c.redirect_uris.join(" "));
                println!(
                    "logout URIs:   {}",
                    c.options.post_logout_redirect_uris.join(" ")
                );
                println!("created:       {}", dates::rfc3339(c.created_at));
                println!("expires:       {}", when(c.expires_at));
                println!("last used:     {}", when(c.last_used_at));
                println!("revoked:       {}", when(c.revoked_at));
            }
            Ok(())
        }
        ClientCmd::Revoke {
            domain: slug,
            client_id,
        } => {
            let d = domain(&flows, &slug).await?;
            let id = jeton_store::ClientId::parse(&client_id).ok_or("no such client")?;
            flows
                .revoke_domain_client(&d, &id, &actor)
                .await
                .map_err(say)?;
            println!("revoked client {client_id}; its grants and tokens have ended");
            Ok(())
        }
        ClientCmd::RotateSecret {
            domain: slug,
            client_id,
            json,
        } => {
            let d = domain(&flows, &slug).await?;
            let id = jeton_store::ClientId::parse(&client_id).ok_or("no such client")?;
            let rotated = flows
                .rotate_domain_client_secret(&d, &id, &actor, None)
                .await
                .map_err(say)?;
            if json {
                println!(
                    "{}",
                    json!({ "client_id": client_id, "client_secret": rotated.secret })
                );
            } else {
                println!("client_id:     {client_id}");
                println!("client_secret: {}", rotated.secret);
                eprintln!("The new secret is shown only now; the old one no longer works.");
            }
            Ok(())
        }
    }
}

fn client_json(c: &jeton_store::Client, owner: Option<&str>, now: i64) -> serde_json::Value {
    json!({
        "client_id": c.id.as_str(),
        "name": c.name,
        "kind": c.kind.as_str(),
        "owner": owner,
        "status": c.status(now).as_str(),
        "scopes": c.allowed_scopes.to_string(),
        "created_at": dates::rfc3339(c.created_at),
        "expires_at": c.expires_at.map(dates::rfc3339),
        "last_used_at": c.last_used_at.map(dates::rfc3339),
        "revoked_at": c.revoked_at.map(dates::rfc3339),
    })
}

async fn list_clients(flows: &Flows, args: ClientList) -> Result<(), String> {
    let d = domain(flows, &args.domain).await?;
    let sort = match args.sort.as_str() {
        "name" => ClientSort::Name,
        "owner" => ClientSort::Owner,
        "created" => ClientSort::Created,
        "expires" => ClientSort::Expires,
        "last-used" => ClientSort::LastUsed,
        other => {
            return Err(format!(
                "--sort {other:?}: use name, owner, created, expires or last-used"
            ));
        }
    };
    let status = match args.status.as_deref() {
        None => None,
        Some("active") => Some(ClientStatus::Active),
        Some("expired") => Some(ClientStatus::Expired),
        Some("revoked") => Some(ClientStatus::Revoked),
        Some(other) => {
            return Err(format!(
                "--status {other:?}: use active, expired or revoked"
            ));
        }
    };
    let owner_user_id = match &args.owner {
        Some(u) => Some(flows.user_by_name(&d, u).await.map_err(say)?.id),
        None => None,
    };
    if !(1..=500).contains(&args.limit) {
        return Err("--limit: 1 to 500".into());
    }
    let page = flows
        .list_clients(
            &d,
            ClientListQuery {
                domain_id: d.id.clone(),
                sort,
                descending: args.desc,
                owner_user_id,
                status,
                name_contains: args.search,
                now: 0,
                after: None,
                limit: args.limit,
            },
        )
        .await
        .map_err(say)?;
    let now = flows.now();
    for item in &page.clients {
        let c = &item.client;
        if args.json {
            println!("{}", client_json(c, item.owner_username.as_deref(), now));
        } else {
            println!(
                "{:<24} {:<8} {:<11} {:<12} {:<20} {:<20} {}",
                c.id.as_str(),
                c.status(now).as_str(),
                c.kind.as_str(),
                item.owner_username.as_deref().unwrap_or("-"),
                when(c.expires_at),
                when(c.last_used_at),
                c.name
            );
        }
    }
    if page.next.is_some() && !args.json {
        eprintln!("(more clients follow: raise --limit or narrow the filters)");
    }
    Ok(())
}
