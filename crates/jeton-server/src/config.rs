//! Configuration: a TOML file (`--config`), overridden by `JETON_*` environment variables
//! (DESIGN §4). Unknown keys in the file are an error that names the key; unknown `JETON_*`
//! variables are reported as a warning, because other tools (CI, tests) share the prefix.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use ipnet::IpNet;
use secrecy::SecretString;
use serde::{Deserialize, Deserializer, Serialize};
use url::Url;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `sqlite://PATH` (default `sqlite://jeton.db`).
    pub database_url: String,
    /// Address to listen on.
    pub listen: SocketAddr,
    /// The address people and clients use to reach Jeton; issuers are `{public_url}/d/{slug}`.
    #[serde(deserialize_with = "public_url")]
    pub public_url: Url,
    /// Reverse proxies whose `X-Forwarded-*` / `Forwarded` headers are believed.
    #[serde(default, deserialize_with = "ip_nets")]
    pub trusted_proxies: Vec<IpNet>,
    /// The one header that the trusted proxies set to name the client: only it is read, so a
    /// client cannot pick its address by sending another one that the proxy passes through.
    pub client_ip_header: ClientIpHeader,
    /// Who may read `/metrics` (addresses or networks); everyone else gets a 404.
    #[serde(deserialize_with = "ip_nets")]
    pub metrics_allowed: Vec<IpNet>,
    pub log_format: LogFormat,
    /// `tracing` filter directives, e.g. `info` or `jeton_server=debug,info`.
    pub log_level: String,
    /// How long a login session lasts.
    pub session_ttl_secs: i64,
    /// Largest number of pooled database connections (SQLite: for reads).
    pub database_max_connections: u32,
    /// PostgreSQL: a statement running longer is cancelled by the server. 0: no limit.
    pub database_statement_timeout_secs: u64,
    /// How long a request waits for a pooled connection before it fails.
    pub database_acquire_timeout_secs: u64,
    /// How often expired rows are swept.
    pub sweep_interval_secs: u64,
    /// How often "last used" of clients and grants is written (it lags by up to this).
    pub usage_flush_interval_secs: u64,
    /// How often the vault renews recently used credentials that expire soon.
    pub vault_refresh_interval_secs: u64,
    /// A request's line and headers must arrive within this long (from the connection's
    /// accept, or from the first byte of a next request on a kept-alive connection).
    pub header_read_timeout_secs: u64,
    /// From the end of the headers to the answer, reading the body included (408 after).
    pub request_timeout_secs: u64,
    /// A kept-alive connection with no new request is closed after this long.
    pub idle_timeout_secs: u64,
    /// Most HTTP connections open at once; beyond, new ones wait in the listen backlog.
    pub max_connections: usize,
    /// Password of the super administrator created on first start; random when unset.
    #[serde(default)]
    pub bootstrap_admin_password: Option<SecretString>,
    /// PEM file with the certificate chain (server certificate first) to serve HTTPS with;
    /// with `tls_key`, or neither (plain http, e.g. behind a TLS proxy).
    #[serde(default)]
    pub tls_cert: Option<PathBuf>,
    /// PEM file with the private key of the certificate in `tls_cert`.
    #[serde(default)]
    pub tls_key: Option<PathBuf>,
    /// How often the two files are looked at; a change is served to new connections.
    pub tls_reload_interval_secs: u64,
    /// PostgreSQL: `feed` caches tokens, clients, domains and scopes and forgets what the
    /// change feed says another instance changed (a revocation is seen everywhere within
    /// milliseconds, at most `cache::STALE_BOUND`); `off` reads tokens from the database on
    /// every call. No effect on SQLite.
    pub postgres_cache: PostgresCache,
    /// The key that seals secrets at rest (signing keys), `ID:BASE64` of 32 bytes. Required
    /// with PostgreSQL (every instance must share it); with a SQLite file, a key file next
    /// to the database is made on first start when unset (`encryption_key.rs`).
    #[serde(default)]
    pub encryption_key: Option<SecretString>,
    /// Earlier keys, which still open what they sealed after `encryption_key` was rotated.
    #[serde(default, deserialize_with = "secret_list")]
    pub previous_encryption_keys: Vec<SecretString>,
    /// Most domains held in the domain cache and in the scope cache; unset: `jeton serve`
    /// sizes them from the database at start (`CacheSizes::domains_for`).
    #[serde(default)]
    pub cache_domains: Option<u64>,
    /// Most clients held in the client cache.
    pub cache_clients: u64,
    /// Most token answers held in the access-token cache.
    pub cache_access_tokens: u64,
}

/// The `postgres_cache` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PostgresCache {
    Feed,
    Off,
}

impl From<PostgresCache> for jeton_flows::cache::SharedCache {
    fn from(c: PostgresCache) -> Self {
        match c {
            PostgresCache::Feed => Self::Feed,
            PostgresCache::Off => Self::Off,
        }
    }
}

/// Which forwarding header the trusted proxies set (and so the only one believed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClientIpHeader {
    /// `X-Forwarded-For` (appended to by each proxy) with `X-Forwarded-Proto`: nginx's
    /// `$proxy_add_x_forwarded_for`, HAProxy's `option forwardfor`.
    XForwardedFor,
    /// RFC 7239 `Forwarded: for=...;proto=...`.
    Forwarded,
    /// `X-Real-IP` (one address, set by the proxy) with `X-Forwarded-Proto`.
    XRealIp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// The defaults of DESIGN §4, as a serializable layer under the file and the environment.
#[derive(Serialize)]
struct Defaults {
    database_url: &'static str,
    listen: &'static str,
    trusted_proxies: Vec<String>,
    client_ip_header: ClientIpHeader,
    metrics_allowed: Vec<String>,
    log_format: LogFormat,
    log_level: &'static str,
    session_ttl_secs: i64,
    database_max_connections: u32,
    database_statement_timeout_secs: u64,
    database_acquire_timeout_secs: u64,
    sweep_interval_secs: u64,
    usage_flush_interval_secs: u64,
    vault_refresh_interval_secs: u64,
    header_read_timeout_secs: u64,
    request_timeout_secs: u64,
    idle_timeout_secs: u64,
    max_connections: usize,
    tls_reload_interval_secs: u64,
    postgres_cache: PostgresCache,
    cache_clients: u64,
    cache_access_tokens: u64,
}

const DEFAULTS: fn() -> Defaults = || Defaults {
    database_url: "sqlite://jeton.db",
    listen: "127.0.0.1:8080",
    trusted_proxies: vec![],
    client_ip_header: ClientIpHeader::XForwardedFor,
    metrics_allowed: vec!["127.0.0.1/32".into(), "::1/128".into()],
    log_format: LogFormat::Text,
    log_level: "info",
    session_ttl_secs: 8 * 3600,
    database_max_connections: 8,
    database_statement_timeout_secs: 10,
    database_acquire_timeout_secs: 10,
    sweep_interval_secs: 60,
    usage_flush_interval_secs: 10,
    vault_refresh_interval_secs: 60,
    header_read_timeout_secs: 10,
    request_timeout_secs: 30,
    // Longer than nginx's upstream `keepalive_timeout` (60 s), so that the proxy, not Jeton,
    // closes an idle upstream connection: otherwise a request can race with the close.
    idle_timeout_secs: 75,
    max_connections: 10_000,
    tls_reload_interval_secs: 5,
    postgres_cache: PostgresCache::Feed,
    cache_clients: 100_000,
    cache_access_tokens: 200_000,
};

/// `public_url` when none is configured: DESIGN §4's default, or with TLS on the listen
/// address over https (what a client that reaches the listener directly sees).
const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";

/// The keys that environment variables may set: `JETON_` + the key in upper case.
pub const KEYS: &[&str] = &[
    "database_url",
    "listen",
    "public_url",
    "trusted_proxies",
    "client_ip_header",
    "metrics_allowed",
    "log_format",
    "log_level",
    "session_ttl_secs",
    "database_max_connections",
    "database_statement_timeout_secs",
    "database_acquire_timeout_secs",
    "sweep_interval_secs",
    "usage_flush_interval_secs",
    "vault_refresh_interval_secs",
    "header_read_timeout_secs",
    "request_timeout_secs",
    "idle_timeout_secs",
    "max_connections",
    "bootstrap_admin_password",
    "tls_cert",
    "tls_key",
    "tls_reload_interval_secs",
    "postgres_cache",
    "encryption_key",
    "previous_encryption_keys",
    "cache_domains",
    "cache_clients",
    "cache_access_tokens",
];

/// `JETON_*` variables that are not configuration keys but are used by Jeton's own tooling.
const KNOWN_NON_CONFIG_VARS: &[&str] = &["JETON_TEST_DATABASE_URL", "JETON_CONFIG"];

#[derive(Debug, thiserror::Error)]
#[error("invalid configuration: {0}")]
pub struct ConfigError(pub(crate) String);

impl Config {
    /// The caches' capacities: as configured, the domain caches' default where `jeton
    /// serve` did not size them.
    pub fn cache_sizes(&self) -> jeton_flows::cache::CacheSizes {
        let default = jeton_flows::cache::CacheSizes::default();
        jeton_flows::cache::CacheSizes {
            domains: self.cache_domains.unwrap_or(default.domains),
            clients: self.cache_clients,
            access_tokens: self.cache_access_tokens,
        }
    }

    /// Loads defaults, then the file (if any), then the environment.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        Self::from_figment(Self::figment(file)?)
    }

    fn figment(file: Option<&Path>) -> Result<Figment, ConfigError> {
        let mut fig = Figment::from(Serialized::defaults(DEFAULTS()));
        if let Some(path) = file {
            if !path.exists() {
                return Err(ConfigError(format!(
                    "configuration file {} does not exist",
                    path.display()
                )));
            }
            fig = fig.merge(Toml::file_exact(path));
        }
        let env = Env::prefixed("JETON_").only(KEYS);
        Ok(fig.merge(env))
    }

    /// For tests and embedding: defaults overridden by explicit values, no file or environment.
    pub fn with_overrides(values: &[(&str, &str)]) -> Result<Self, ConfigError> {
        let mut fig = Figment::from(Serialized::defaults(DEFAULTS()));
        for (k, v) in values {
            // Parsed like an environment variable's value: "2" is a number, "true" a bool.
            let value: figment::value::Value = v.parse().expect("parsing a value is infallible");
            fig = fig.merge((*k, value));
        }
        Self::from_figment(fig)
    }

    fn from_figment(fig: Figment) -> Result<Self, ConfigError> {
        let fig = with_default_public_url(fig);
        let mut config: Config = fig
            .extract()
            .map_err(|e| ConfigError(e.into_iter().map(describe).collect::<Vec<_>>().join("; ")))?;
        if config.session_ttl_secs <= 0 {
            return Err(ConfigError("session_ttl_secs must be positive".into()));
        }
        for (key, value) in [
            ("sweep_interval_secs", config.sweep_interval_secs),
            (
                "usage_flush_interval_secs",
                config.usage_flush_interval_secs,
            ),
            (
                "vault_refresh_interval_secs",
                config.vault_refresh_interval_secs,
            ),
            ("header_read_timeout_secs", config.header_read_timeout_secs),
            ("request_timeout_secs", config.request_timeout_secs),
            ("idle_timeout_secs", config.idle_timeout_secs),
            ("max_connections", config.max_connections as u64),
            ("tls_reload_interval_secs", config.tls_reload_interval_secs),
            ("cache_clients", config.cache_clients),
            ("cache_access_tokens", config.cache_access_tokens),
            ("cache_domains", config.cache_domains.unwrap_or(1)),
        ] {
            // Zero would mean "close at once" or "serve nobody", never "no limit".
            if value == 0 {
                return Err(ConfigError(format!("{key} must be positive")));
            }
        }
        match (&config.tls_cert, &config.tls_key) {
            (Some(_), None) => {
                return Err(ConfigError(
                    "tls_cert is set but tls_key is not: set both (HTTPS) or neither".into(),
                ));
            }
            (None, Some(_)) => {
                return Err(ConfigError(
                    "tls_key is set but tls_cert is not: set both (HTTPS) or neither".into(),
                ));
            }
            _ => {}
        }
        config.database_max_connections = config.database_max_connections.max(1);
        Ok(config)
    }

    /// `JETON_*` variables that set nothing: probably typos. Logged as warnings at start.
    pub fn unknown_env_vars() -> Vec<String> {
        std::env::vars()
            .map(|(k, _)| k)
            .filter(|k| k.starts_with("JETON_"))
            .filter(|k| !KNOWN_NON_CONFIG_VARS.contains(&k.as_str()))
            .filter(|k| !KEYS.contains(&k["JETON_".len()..].to_ascii_lowercase().as_str()))
            .collect()
    }

    /// How to open the database.
    pub fn connect_options(&self, migrate: bool) -> jeton_store::ConnectOptions {
        use std::time::Duration;
        jeton_store::ConnectOptions {
            migrate,
            max_connections: self.database_max_connections,
            statement_timeout: (self.database_statement_timeout_secs > 0)
                .then(|| Duration::from_secs(self.database_statement_timeout_secs)),
            acquire_timeout: Duration::from_secs(self.database_acquire_timeout_secs.max(1)),
        }
    }

    /// Whether Jeton itself serves HTTPS (`tls_cert` and `tls_key`).
    pub fn serves_tls(&self) -> bool {
        self.tls_cert.is_some() && self.tls_key.is_some()
    }

    /// Whether cookies must carry `Secure`.
    pub fn is_https(&self) -> bool {
        self.public_url.scheme() == "https"
    }

    /// The public URL without a trailing slash, for building absolute URLs.
    pub fn public_base(&self) -> &str {
        self.public_url.as_str().trim_end_matches('/')
    }
}

/// Fills in `public_url` when no layer set it: over https when TLS is configured (so
/// issuers, redirects and `Secure` cookies agree with what the listener serves).
fn with_default_public_url(fig: Figment) -> Figment {
    if fig.contains("public_url") {
        return fig;
    }
    let tls = fig.contains("tls_cert");
    let url = match fig.extract_inner::<SocketAddr>("listen") {
        Ok(listen) if tls => format!("https://{listen}"),
        // A bad `listen` is reported by the extraction that follows.
        _ => DEFAULT_PUBLIC_URL.to_owned(),
    };
    fig.merge(Serialized::default("public_url", url))
}

/// One problem, naming the key and where its value came from (the file, or the variable).
fn describe(e: figment::Error) -> String {
    let key = e.path.join(".").to_ascii_lowercase();
    let origin = match &e.metadata {
        Some(m) => match &m.source {
            Some(figment::Source::File(path)) => format!(" (in {})", path.display()),
            _ if m.name.contains("environment") => {
                format!(" (from JETON_{})", key.to_ascii_uppercase())
            }
            _ => String::new(),
        },
        None => String::new(),
    };
    if key.is_empty() {
        format!("{}{origin}", e.kind)
    } else {
        format!("{key}: {}{origin}", e.kind)
    }
}

fn public_url<'de, D: Deserializer<'de>>(d: D) -> Result<Url, D::Error> {
    let s = String::deserialize(d)?;
    let url =
        Url::parse(&s).map_err(|e| serde::de::Error::custom(format!("{s:?} is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(serde::de::Error::custom(
            "public_url must be an http or https URL with a host",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(serde::de::Error::custom(
            "public_url must not have a query or fragment",
        ));
    }
    Ok(url)
}

/// A list as a TOML array or a comma-separated string (handy in an environment variable).
fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        Text(String),
        List(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::Text(s) => s
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
        OneOrMany::List(v) => v,
    })
}

/// A list of secrets, as `string_list` reads it.
fn secret_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<SecretString>, D::Error> {
    Ok(string_list(d)?
        .into_iter()
        .map(SecretString::from)
        .collect())
}

/// A list of addresses or networks, as `string_list` reads it.
fn ip_nets<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<IpNet>, D::Error> {
    string_list(d)?
        .iter()
        .map(|s| {
            s.parse::<IpNet>()
                .or_else(|_| s.parse::<std::net::IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    serde::de::Error::custom(format!("{s:?} is not an IP address or CIDR network"))
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_those_of_the_design() {
        let c = Config::with_overrides(&[]).unwrap();
        assert_eq!(c.database_url, "sqlite://jeton.db");
        assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(c.public_base(), "http://127.0.0.1:8080");
        assert!(!c.is_https());
        assert_eq!(c.header_read_timeout_secs, 10);
        assert_eq!(c.request_timeout_secs, 30);
        assert_eq!(c.idle_timeout_secs, 75);
        assert_eq!(c.max_connections, 10_000);
    }

    #[test]
    fn cache_sizes_are_settings_and_the_domain_caches_grow_with_the_database() {
        let c = Config::with_overrides(&[]).unwrap();
        assert_eq!(c.cache_sizes(), jeton_flows::cache::CacheSizes::default());
        let c = Config::with_overrides(&[("cache_domains", "50000"), ("cache_access_tokens", "7")])
            .unwrap();
        assert_eq!(c.cache_sizes().domains, 50_000);
        assert_eq!(c.cache_sizes().access_tokens, 7);
        use jeton_flows::cache::CacheSizes;
        assert_eq!(
            CacheSizes::domains_for(3),
            10_000,
            "never below the default"
        );
        assert_eq!(
            CacheSizes::domains_for(10_001),
            12_501,
            "every domain, and a quarter more"
        );
    }

    #[test]
    fn connection_limits_must_be_positive() {
        for key in [
            "header_read_timeout_secs",
            "request_timeout_secs",
            "idle_timeout_secs",
            "max_connections",
            "tls_reload_interval_secs",
            "cache_domains",
            "cache_clients",
            "cache_access_tokens",
        ] {
            let e = Config::with_overrides(&[(key, "0")])
                .unwrap_err()
                .to_string();
            assert!(e.contains(key) && e.contains("positive"), "{e}");
        }
    }

    #[test]
    fn tls_needs_both_files_and_makes_the_default_public_url_https() {
        let e = Config::with_overrides(&[("tls_cert", "/x/cert.pem")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("tls_key") && e.contains("neither"), "{e}");
        let e = Config::with_overrides(&[("tls_key", "/x/key.pem")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("tls_cert") && e.contains("neither"), "{e}");

        let tls = [("tls_cert", "/x/cert.pem"), ("tls_key", "/x/key.pem")];
        let c = Config::with_overrides(&tls).unwrap();
        assert!(c.serves_tls() && c.is_https());
        assert_eq!(c.public_base(), "https://127.0.0.1:8080");
        assert_eq!(c.tls_reload_interval_secs, 5);
        let c = Config::with_overrides(&[tls[0], tls[1], ("listen", "10.1.2.3:8443")]).unwrap();
        assert_eq!(c.public_base(), "https://10.1.2.3:8443");
        // A configured public_url is what clients use (e.g. a name, not the address).
        let c = Config::with_overrides(&[tls[0], tls[1], ("public_url", "https://id.example")])
            .unwrap();
        assert_eq!(c.public_base(), "https://id.example");
        // Without TLS the default stays DESIGN §4's, whatever the listen address.
        let c = Config::with_overrides(&[("listen", "10.1.2.3:8443")]).unwrap();
        assert!(!c.serves_tls());
        assert_eq!(c.public_base(), "http://127.0.0.1:8080");
    }

    #[test]
    fn bad_values_name_the_key() {
        let e = Config::with_overrides(&[("listen", "not an address")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("listen"), "{e}");
        let e = Config::with_overrides(&[("public_url", "ftp://x")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("public_url"), "{e}");
        let e = Config::with_overrides(&[("trusted_proxies", "10.0.0.0/8, nonsense")])
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("trusted_proxies") && e.contains("nonsense"),
            "{e}"
        );
    }

    #[test]
    fn unknown_file_keys_are_rejected() {
        let dir = std::env::temp_dir().join(format!("jeton-config-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("jeton.toml");
        std::fs::write(&path, "listen = \"127.0.0.1:9000\"\nlisten_port = 3\n").unwrap();
        let e = Config::from_figment(
            Figment::from(Serialized::defaults(DEFAULTS())).merge(Toml::file_exact(&path)),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("listen_port"), "{e}");
        std::fs::write(
            &path,
            "listen = \"127.0.0.1:9000\"\ntrusted_proxies = [\"10.0.0.1\", \"192.168.0.0/16\"]\n",
        )
        .unwrap();
        let c = Config::from_figment(
            Figment::from(Serialized::defaults(DEFAULTS())).merge(Toml::file_exact(&path)),
        )
        .unwrap();
        assert_eq!(c.listen.port(), 9000);
        assert_eq!(c.trusted_proxies.len(), 2);
        std::fs::remove_dir_all(&dir).ok();
    }
}
