//! `jeton domain list|rename|disable|enable`, `jeton admin-token ...`, `jeton scope list`.

use jeton_core::dates;
use jeton_core::entities::Actor;
use jeton_server::Config;
use serde_json::json;

use crate::cli::{AdminTokenCmd, DomainCmd};

use super::{domain, flows, say};

pub async fn domain_cmd(config: &Config, cmd: DomainCmd) -> Result<(), String> {
    let flows = flows(config).await?;
    let actor = Actor::cli();
    match cmd {
        DomainCmd::Create { .. } => unreachable!("created through the provisioner"),
        DomainCmd::List { json } => {
            for d in flows.list_domains().await.map_err(say)? {
                let enabled = d.disabled_at.is_none();
                if json {
                    println!(
                        "{}",
                        json!({ "slug": d.slug, "name": d.name, "enabled": enabled, "issuer": format!("{}/d/{}", config.public_base(), d.slug), "created_at": dates::rfc3339(d.created_at) })
                    );
                } else {
                    println!(
                        "{:<24} {:<9} {}",
                        d.slug,
                        if enabled { "enabled" } else { "disabled" },
                        d.name
                    );
                }
            }
            Ok(())
        }
        DomainCmd::Rename { slug, name } => {
            let d = flows.any_domain(&slug).await.map_err(say)?;
            flows.rename_domain(&d, &name, &actor).await.map_err(say)?;
            println!("renamed domain {slug}");
            Ok(())
        }
        DomainCmd::Disable { slug } => {
            let d = flows.any_domain(&slug).await.map_err(say)?;
            flows
                .set_domain_enabled(&d, false, &actor)
                .await
                .map_err(say)?;
            println!("disabled domain {slug}");
            Ok(())
        }
        DomainCmd::Enable { slug } => {
            let d = flows.any_domain(&slug).await.map_err(say)?;
            flows
                .set_domain_enabled(&d, true, &actor)
                .await
                .map_err(say)?;
            println!("enabled domain {slug}");
            Ok(())
        }
    }
}

pub async fn admin_token(config: &Config, cmd: AdminTokenCmd) -> Result<(), String> {
    let flows = flows(config).await?;
    let actor = Actor::cli();
    match cmd {
        AdminTokenCmd::Create {
            name,
            scope,
            expires_at,
            json,
        } => {
            let scope = jeton_core::entities::AdminScope::parse(&scope)
                .ok_or("--scope: admin or domain:SLUG")?;
            let expires_at =
                dates::parse_expiry(&expires_at).map_err(|m| format!("--expires-at: {m}"))?;
            let created = flows
                .create_admin_token(&name, scope, expires_at, &actor, None)
                .await
                .map_err(say)?;
            if json {
                println!(
                    "{}",
                    json!({ "id": created.token.id, "token": created.secret })
                );
            } else {
                println!("id:    {}", created.token.id);
                println!("token: {}", created.secret);
                eprintln!("The token is shown only now: Jeton keeps only its digest.");
            }
            Ok(())
        }
        AdminTokenCmd::List { json } => {
            let now = flows.now();
            for t in flows.admin_tokens().await.map_err(say)? {
                let status = if t.revoked_at.is_some() {
                    "revoked"
                } else if t.is_active(now) {
                    "active"
                } else {
                    "expired"
                };
                if json {
                    println!(
                        "{}",
                        json!({ "id": t.id, "name": t.name, "scope": t.scope.as_string(), "status": status, "expires_at": dates::rfc3339(t.expires_at), "last_used_at": t.last_used_at.map(dates::rfc3339) })
                    );
                } else {
                    println!(
                        "{:<24} {:<8} {:<20} {:<20} {}",
                        t.id,
                        status,
                        t.scope.as_string(),
                        dates::rfc3339(t.expires_at),
                        t.name
                    );
                }
            }
            Ok(())
        }
        AdminTokenCmd::Revoke { id } => {
            flows.revoke_admin_token(&id, &actor).await.map_err(say)?;
            println!("revoked admin token {id}");
            Ok(())
        }
    }
}

pub async fn scopes(config: &Config, slug: &str, json: bool) -> Result<(), String> {
    let flows = flows(config).await?;
    let d = domain(&flows, slug).await?;
    for s in flows
        .scope_definitions(&d.id)
        .await
        .map_err(|e| e.to_string())?
        .iter()
    {
        if json {
            println!(
                "{}",
                json!({ "name": s.name, "description": s.description, "roles": s.roles, "attributes": s.attributes })
            );
        } else {
            let roles = if s.roles.is_empty() {
                "anyone".to_owned()
            } else {
                s.roles.join(" ")
            };
            println!("{:<24} {:<24} {}", s.name, roles, s.description);
        }
    }
    Ok(())
}
