//! The admin commands that change or read what exists (`list`, `show`, `disable`, `revoke`,
//! `rotate-secret`, ...). Each goes through the same flow as the pages and the API, as the
//! operator (`Actor::cli`), so the rules and the audit log are the same whichever way a
//! change comes.

use std::sync::Arc;

use jeton_core::dates;
use jeton_core::entities::Actor;
use jeton_core::roles::Authority;
use jeton_flows::error::ManageError;
use jeton_flows::{FlowSettings, Flows};
use jeton_server::Config;
use jeton_store::{ClientListQuery, ClientSort, ClientStatus, Domain, GrantId};
use serde_json::json;

use crate::cli::{AdminTokenCmd, ClientCmd, ClientList, DomainCmd, GrantCmd, UserCmd};

pub async fn flows(config: &Config) -> Result<Flows, String> {
    Ok(Flows::new(
        crate::open(config, true).await?,
        Arc::new(jeton_core::SystemClock),
        Arc::new(jeton_core::OsRandom),
        FlowSettings {
            session_ttl_secs: config.session_ttl_secs,
        },
    ))
}

fn say(e: ManageError) -> String {
    match e {
        ManageError::Invalid(f) => format!("{}: {}", f.field, f.message),
        other => other.to_string(),
    }
}

async fn domain(flows: &Flows, slug: &str) -> Result<Arc<Domain>, String> {
    flows
        .domain_by_slug(slug)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no domain {slug:?}"))
}

fn when(t: Option<i64>) -> String {
    t.map(dates::rfc3339).unwrap_or_else(|| "-".to_owned())
}

pub async fn user(config: &Config, cmd: UserCmd) -> Result<(), String> {
    let flows = flows(config).await?;
    let actor = Actor::cli();
    match cmd {
        UserCmd::Create { .. } => unreachable!("created through the provisioner"),
        UserCmd::Show {
            domain: slug,
            username,
            json,
        } => {
            let d = domain(&flows, &slug).await?;
            let u = flows.user_by_name(&d, &username).await.map_err(say)?;
            let apps = flows.grants_of(&d, &u).await.map_err(say)?;
            if json {
                let apps: Vec<_> = apps
                    .iter()
                    .map(|a| json!({ "grant_id": a.grant.id.as_str(), "client_id": a.grant.client_id.as_str(), "client_name": a.client_name, "scopes": a.grant.scopes.to_string() }))
                    .collect();
                println!(
                    "{}",
                    json!({ "id": u.id.as_str(), "username": u.username, "email": u.email, "roles": u.roles, "disabled": u.disabled, "created_at": dates::rfc3339(u.created_at), "authorized_apps": apps })
                );
            } else {
                println!("username:   {}", u.username);
                println!("id:         {}", u.id);
                println!("email:      {}", u.email.as_deref().unwrap_or("-"));
                println!("roles:      {}", u.roles.join(" "));
                println!(
                    "state:      {}",
                    if u.disabled { "disabled" } else { "enabled" }
                );
                println!("created:    {}", dates::rfc3339(u.created_at));
                println!("authorized: {} application(s)", apps.len());
                for a in apps {
                    println!("  {}  {}  ({})", a.grant.id, a.client_name, a.grant.scopes);
                }
            }
            Ok(())
        }
        UserCmd::Disable { .. } | UserCmd::Enable { .. } => {
            unreachable!("dispatched to set_disabled")
        }
        UserCmd::Password {
            domain: slug,
            username,
            password_stdin,
        } => {
            if !password_stdin {
                return Err("give the new password on standard input with --password-stdin".into());
            }
            let password = crate::read_password()?;
            let d = domain(&flows, &slug).await?;
            let u = flows.user_by_name(&d, &username).await.map_err(say)?;
            flows
                .reset_password(&d, &u.id, &password, &actor, Authority::SuperAdmin)
                .await
                .map_err(say)?;
            println!("set a new password for {username}; their sessions have ended");
            Ok(())
        }
        UserCmd::Attributes {
            domain: slug,
            username,
            set,
            unset,
        } => {
            let d = domain(&flows, &slug).await?;
            let u = flows.user_by_name(&d, &username).await.map_err(say)?;
            let mut attrs = u.attributes.as_object().cloned().unwrap_or_default();
            for k in &unset {
                attrs.remove(k);
            }
            for kv in &set {
                let (k, v) = kv
                    .split_once('=')
                    .ok_or_else(|| format!("--set {kv:?}: write KEY=VALUE"))?;
                attrs.insert(
                    k.trim().to_owned(),
                    serde_json::Value::String(v.trim().to_owned()),
                );
            }
            let attrs = serde_json::Value::Object(attrs);
            flows
                .set_user_attributes(&d, &u.id, &attrs, &actor, Authority::SuperAdmin)
                .await
                .map_err(say)?;
            println!("attributes of {username}: {attrs}");
            Ok(())
        }
        UserCmd::Email {
            domain: slug,
            username,
            email,
        } => {
            let d = domain(&flows, &slug).await?;
            let u = flows.user_by_name(&d, &username).await.map_err(say)?;
            flows
                .set_user_email(&d, &u.id, &email, &actor, Authority::SuperAdmin)
                .await
                .map_err(say)?;
            println!("email of {username}: {email}");
            Ok(())
        }
        UserCmd::Roles {
            domain: slug,
            username,
            add,
            remove,
        } => {
            let d = domain(&flows, &slug).await?;
            let u = flows.user_by_name(&d, &username).await.map_err(say)?;
            let mut roles: Vec<String> = u
                .roles
                .into_iter()
                .filter(|r| !remove.contains(r))
                .collect();
            roles.extend(add);
            flows
                .set_user_roles(&d, &u.id, &roles, &actor, Authority::SuperAdmin)
                .await
                .map_err(say)?;
            let u = flows.user_by_id(&d, &u.id).await.map_err(say)?;
            println!("roles of {username}: {}", u.roles.join(" "));
            Ok(())
        }
    }
}

pub async fn set_disabled(
    config: &Config,
    slug: &str,
    username: &str,
    disabled: bool,
) -> Result<(), String> {
    let flows = flows(config).await?;
    let d = domain(&flows, slug).await?;
    let u = flows.user_by_name(&d, username).await.map_err(say)?;
    flows
        .set_user_disabled(&d, &u.id, disabled, &Actor::cli(), Authority::SuperAdmin)
        .await
        .map_err(say)?;
    println!(
        "{} user {username}",
        if disabled { "disabled" } else { "enabled" }
    );
    Ok(())
}

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
                println!("{}", client_json(&c, None, now));
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
                json!({ "name": s.name, "description": s.description, "roles": s.roles })
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
