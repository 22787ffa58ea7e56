//! The `jeton` binary: `serve`, `migrate`, and the admin commands of DESIGN §4.

mod cli;
mod manage;

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use jeton_core::{Clock, OsRandom, SystemClock};
use jeton_flows::provision::{ClientSpec, Provisioner};
use jeton_server::{AppState, Config};
use jeton_store::Store;
use secrecy::ExposeSecret;

use cli::{Cli, ClientCmd, Command, DomainCmd, ScopeCmd, UserCmd};

#[tokio::main]
async fn main() -> ExitCode {
    // Before anything speaks TLS: two rustls providers are compiled in (aws-lc-rs for what
    // we serve, ring under sqlx), and rustls panics where it must guess a default.
    jeton_server::tls::install_default_provider();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    let config_path: Option<PathBuf> = cli
        .config
        .or_else(|| std::env::var_os("JETON_CONFIG").map(PathBuf::from));
    let config = Config::load(config_path.as_deref()).map_err(|e| e.to_string())?;
    match cli.command {
        Command::Serve => serve(config).await,
        Command::Migrate => {
            let store = open(&config, true).await?;
            store.migrate().await.map_err(|e| e.to_string())?;
            println!("database is up to date");
            Ok(())
        }
        Command::Domain(DomainCmd::Create { slug, name }) => {
            // The administrator pages' flow: the same rules and the same audit record.
            let flows = manage::flows(&config).await?;
            let d = flows
                .create_domain(&slug, name.as_deref(), &jeton_core::entities::Actor::cli())
                .await
                .map_err(manage::say)?;
            println!("created domain {} ({})", d.slug, d.name);
            println!("issuer: {}/d/{}", config.public_base(), d.slug);
            Ok(())
        }
        Command::User(UserCmd::Create {
            domain,
            username,
            password_stdin,
            email,
            role,
        }) => {
            let password = if password_stdin {
                Some(read_password()?)
            } else {
                None
            };
            let p = provisioner(&config).await?;
            let u = p
                .create_user(
                    &domain,
                    &username,
                    password.as_deref(),
                    email.as_deref(),
                    &role,
                )
                .await
                .map_err(|e| e.to_string())?;
            println!("created user {} in domain {domain}", u.username);
            if password.is_none() {
                println!(
                    "note: the user has no password yet and cannot sign in (use --password-stdin)"
                );
            }
            Ok(())
        }
        Command::Client(ClientCmd::Create(args)) => {
            let p = provisioner(&config).await?;
            let spec = ClientSpec {
                name: args.name,
                redirect_uris: args.redirect_uri,
                grants: args.grant,
                scopes: args.scope,
                public: args.public,
                auth_method: args.auth_method,
                owner: args.owner,
                expires_at: args.expires_at,
                consumer: args.consumer,
                id_token_alg: args.id_token_alg,
                post_logout_redirect_uris: args.post_logout_redirect_uri,
                access_token_format: args.access_token_format,
                code_ttl_secs: args.code_ttl,
                access_token_ttl_secs: args.access_token_ttl,
                refresh_token_ttl_secs: args.refresh_token_ttl,
                refresh_token_absolute_ttl_secs: args.refresh_token_absolute_ttl,
                id_token_ttl_secs: args.id_token_ttl,
                subject_type: args.subject_type,
                id: None,
            };
            let (client, secret) = p
                .create_client(&args.domain, &spec)
                .await
                .map_err(|e| e.to_string())?;
            if args.json {
                println!(
                    "{}",
                    serde_json::json!({"client_id": client.id.as_str(), "client_secret": secret})
                );
            } else {
                println!("client_id:     {}", client.id);
                match secret {
                    Some(s) => {
                        println!("client_secret: {s}");
                        eprintln!("The secret is shown only now: Jeton keeps only its digest.");
                    }
                    None => println!("(public client: no secret; PKCE is required)"),
                }
            }
            Ok(())
        }
        Command::User(UserCmd::Disable { domain, username }) => {
            manage::set_disabled(&config, &domain, &username, true).await
        }
        Command::User(UserCmd::Enable { domain, username }) => {
            manage::set_disabled(&config, &domain, &username, false).await
        }
        Command::User(cmd) => manage::user(&config, cmd).await,
        Command::Client(cmd) => manage::client(&config, cmd).await,
        Command::Grant(cmd) => manage::grant(&config, cmd).await,
        Command::Domain(cmd) => manage::domain_cmd(&config, cmd).await,
        Command::Scope(ScopeCmd::List { domain, json }) => {
            manage::scopes(&config, &domain, json).await
        }
        Command::AdminToken(cmd) => manage::admin_token(&config, cmd).await,
        Command::Keys(cmd) => manage::keys(&config, cmd).await,
        Command::Vault(cmd) => manage::vault(&config, cmd).await,
        Command::Scope(ScopeCmd::Create {
            domain,
            name,
            description,
            role,
            attribute,
        }) => {
            // Through the flow the pages and the API use: the same rules and the same audit
            // record (DESIGN §4), as the operator.
            let flows = manage::flows(&config).await?;
            let d = manage::domain(&flows, &domain).await?;
            flows
                .create_scope(
                    &d,
                    &name,
                    description.as_deref().unwrap_or(""),
                    &role,
                    &attribute,
                    &jeton_core::entities::Actor::cli(),
                )
                .await
                .map_err(manage::say)?;
            println!("created scope {name} in domain {domain}");
            Ok(())
        }
    }
}

fn read_password() -> Result<String, String> {
    if std::io::stdin().is_terminal() {
        eprint!("Password: ");
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("reading the password: {e}"))?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        return Err("no password on standard input".into());
    }
    Ok(password)
}

async fn open(config: &Config, migrate: bool) -> Result<Arc<dyn Store>, String> {
    let options = config.connect_options(migrate);
    jeton_store::connect(&config.database_url, &options)
        .await
        .map_err(|e| {
            format!(
                "cannot open the database {}: {e}",
                redact(&config.database_url)
            )
        })
}

/// Database URLs can carry passwords: never print one.
fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

async fn provisioner(config: &Config) -> Result<Provisioner, String> {
    Ok(Provisioner {
        store: open(config, true).await?,
        clock: Arc::new(SystemClock),
        random: Arc::new(OsRandom),
    })
}

fn init_logging(config: &Config) -> Result<(), String> {
    use tracing_subscriber::filter::Targets;
    // `Targets` takes the directives we document (`info`, `jeton_server=debug,info`) without
    // the regex engine that `EnvFilter` compiles in for span and field filters.
    let directives = match std::env::var("RUST_LOG") {
        Ok(v) if !v.is_empty() => v,
        _ => config.log_level.clone(),
    };
    let filter: Targets = directives
        .parse()
        .map_err(|e| format!("invalid log_level {directives:?}: {e}"))?;
    let builder = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        // When a log line cannot be written (disk full, closed pipe), drop it. By default
        // the subscriber reports its own failure with `eprintln!`, which panics when stderr
        // is what cannot be written — inside a request, so the client got no answer at all.
        // A log that cannot be written must never cost a response.
        .log_internal_errors(false);
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    match config.log_format {
        jeton_server::config::LogFormat::Json => builder.json().finish().with(filter).init(),
        jeton_server::config::LogFormat::Text => builder.finish().with(filter).init(),
    }
    Ok(())
}

async fn serve(config: Config) -> Result<(), String> {
    init_logging(&config)?;
    for var in Config::unknown_env_vars() {
        tracing::warn!(variable = %var, "ignoring an environment variable that is not a Jeton setting");
    }
    // Before the first start's bootstrap: its one-time password must not be printed by a
    // process that then stops on a bad certificate.
    let tls = jeton_server::tls::Tls::from_config(&config).map_err(|e| e.to_string())?;
    let store = open(&config, true).await?;
    let sealer = checked_sealer(&config, store.as_ref()).await?;
    let provisioner = Provisioner {
        store: store.clone(),
        clock: Arc::new(SystemClock),
        random: Arc::new(OsRandom),
    };
    let configured = config
        .bootstrap_admin_password
        .as_ref()
        .map(|p| p.expose_secret().to_owned());
    if let Some(b) = provisioner
        .bootstrap(configured.as_deref())
        .await
        .map_err(|e| e.to_string())?
    {
        // Printed, never logged: logs are shipped and kept; this is shown once.
        println!(
            "Created domain \"{}\" and its super administrator \"{}\".",
            b.domain.slug, b.admin.username
        );
        match b.generated_password {
            Some(p) => println!(
                "One-time password for \"{}\" (shown only now): {p}",
                b.admin.username
            ),
            None => println!(
                "The administrator's password is the one in JETON_BOOTSTRAP_ADMIN_PASSWORD."
            ),
        }
    }
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    tracing::info!(%addr, scheme, public_url = %config.public_url, database = %redact(&config.database_url), "jeton is serving");
    let mut config = config;
    if config.cache_domains.is_none() {
        // Sized from the database: every domain fits, with room for a quarter more.
        let domains = store.count_domains().await.map_err(|e| e.to_string())?;
        config.cache_domains = Some(jeton_flows::cache::CacheSizes::domains_for(domains));
    }
    let state = AppState::new(
        config,
        store,
        Arc::new(SystemClock),
        Arc::new(OsRandom),
        sealer,
    );
    jeton_server::serve_with(listener, state, tls, shutdown_signal())
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!("stopped");
    Ok(())
}

/// The configured encryption key, checked against what the database holds: a missing or
/// wrong key stops here, with what to do, rather than at the first signature.
pub(crate) async fn checked_sealer(
    config: &Config,
    store: &dyn jeton_store::Store,
) -> Result<Arc<jeton_core::sealing::Sealer>, String> {
    let sealer = jeton_server::encryption_key::sealer(config).map_err(|e| e.to_string())?;
    jeton_flows::keys::check_sealing(store, &sealer, &OsRandom, SystemClock.now())
        .await
        .map_err(|e| e.to_string())?;
    Ok(Arc::new(sealer))
}

/// SIGTERM (what orchestrators send) or Ctrl-C: stop accepting, finish in-flight requests.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
