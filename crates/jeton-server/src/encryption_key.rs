//! The encryption key that seals secrets at rest (DESIGN §5), from the configuration.
//!
//! - `encryption_key` (`JETON_ENCRYPTION_KEY`) names it, `ID:BASE64` of 32 random bytes;
//!   `previous_encryption_keys` lists earlier ones that still open what they sealed.
//! - Unset with a SQLite file: a key file next to the database (`jeton.db.key`, mode 0600)
//!   is made on first start and read afterwards, so that `jeton serve` works with nothing
//!   configured. Back it up with the database: without it the signing keys cannot be
//!   opened (new ones would have to be made, and every signed token would stop verifying).
//! - Unset with PostgreSQL: an error, since every instance must hold the same key.
//! - An in-memory SQLite database: a key that lives as long as the process, like the data.

use std::io::Write;
use std::path::PathBuf;

use jeton_core::OsRandom;
use jeton_core::sealing::{Sealer, SealingKey};
use secrecy::ExposeSecret;

use crate::config::{Config, ConfigError};

pub fn sealer(config: &Config) -> Result<Sealer, ConfigError> {
    let parse = |key: &str, text: &str| {
        SealingKey::parse(text).map_err(|e| ConfigError(format!("{key}: {e}")))
    };
    let current = match &config.encryption_key {
        Some(text) => parse("encryption_key", text.expose_secret())?,
        None => match key_file(&config.database_url) {
            KeySource::File(path) => parse(
                &format!("the key file {}", path.display()),
                &read_or_create(&path)?,
            )?,
            KeySource::Process => parse(
                "encryption_key",
                &SealingKey::generate_text("memory", &OsRandom),
            )?,
            KeySource::Required => {
                return Err(ConfigError(
                    "encryption_key is required with PostgreSQL (every instance must share it): \
                     set JETON_ENCRYPTION_KEY to ID:BASE64 of 32 random bytes, e.g. \
                     k1:$(head -c 32 /dev/urandom | base64)"
                        .into(),
                ));
            }
        },
    };
    let previous = config
        .previous_encryption_keys
        .iter()
        .map(|k| parse("previous_encryption_keys", k.expose_secret()))
        .collect::<Result<Vec<_>, _>>()?;
    Sealer::new(current, previous).map_err(|e| ConfigError(format!("encryption keys: {e}")))
}

enum KeySource {
    File(PathBuf),
    Process,
    Required,
}

fn key_file(database_url: &str) -> KeySource {
    let Some(rest) = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
    else {
        return KeySource::Required;
    };
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" || database_url.contains("mode=memory") {
        return KeySource::Process;
    }
    KeySource::File(PathBuf::from(format!("{path}.key")))
}

fn read_or_create(path: &PathBuf) -> Result<String, ConfigError> {
    let cannot = |what: &str, e: std::io::Error| {
        ConfigError(format!(
            "cannot {what} the encryption key file {}: {e}",
            path.display()
        ))
    };
    match std::fs::read_to_string(path) {
        Ok(text) => return Ok(text.trim().to_owned()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(cannot("read", e)),
    }
    let text = SealingKey::generate_text("k1", &OsRandom);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(mut f) => {
            f.write_all(format!("{text}\n").as_bytes())
                .and_then(|()| f.sync_all())
                .map_err(|e| cannot("write", e))?;
            tracing::info!(path = %path.display(), "made the encryption key file; back it up with the database");
            Ok(text)
        }
        // Another process (the CLI, a second start) made it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => std::fs::read_to_string(path)
            .map(|t| t.trim().to_owned())
            .map_err(|e| cannot("read", e)),
        Err(e) => Err(cannot("create", e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sqlite_file_gets_a_key_file_once_and_postgres_needs_a_key() {
        let dir = std::env::temp_dir().join(format!("jeton-key-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("j.db");
        let url = format!("sqlite://{}", db.display());
        let config = Config::with_overrides(&[("database_url", &url)]).unwrap();
        let first = sealer(&config).unwrap();
        let sealed = first.seal(b"x", "t", &OsRandom);
        let again = sealer(&config).unwrap();
        assert_eq!(again.open(&sealed, "t").unwrap(), b"x");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join("j.db.key"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "only the owner reads the key file");
        }
        std::fs::remove_dir_all(&dir).ok();

        let pg = Config::with_overrides(&[("database_url", "postgres://x@127.0.0.1/db")]).unwrap();
        let e = sealer(&pg).unwrap_err().to_string();
        assert!(e.contains("encryption_key is required"), "{e}");
        let bad = Config::with_overrides(&[("encryption_key", "k1:short")]).unwrap();
        let e = sealer(&bad).unwrap_err().to_string();
        assert!(
            e.contains("encryption_key") && e.contains("32 bytes"),
            "{e}"
        );
    }
}
