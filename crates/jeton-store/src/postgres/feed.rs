//! The PostgreSQL side of the change feed (see `changes.rs` for what is recorded and why it
//! is complete): the channel's name and the listening connection.

use sqlx::postgres::{PgConnectOptions, PgListener, PgPoolOptions};

use crate::Result;
use crate::changes::{ChangeListener, Notice, parse_payload};

/// The listener's `application_name`, so that operators (and tests) can find it in
/// `pg_stat_activity`.
pub const LISTENER_APPLICATION_NAME: &str = "jeton-feed";

/// Where changes are announced, and how to open a listening connection.
#[derive(Clone)]
pub(crate) struct Feed {
    /// `jeton_changes`, or `jeton_changes_<schema>` outside `public`: notifications are per
    /// database, and two installations in two schemas must not hear each other.
    pub channel: String,
    options: PgConnectOptions,
}

impl Feed {
    pub fn new(schema: &str, options: PgConnectOptions) -> Self {
        let mut channel = if schema == "public" {
            "jeton_changes".to_owned()
        } else {
            format!("jeton_changes_{schema}")
        };
        // A channel name is an identifier: at most 63 bytes (NAMEDATALEN - 1). Both the
        // notifier and the listener use this same string.
        while channel.len() > 63 {
            channel.pop();
        }
        Self {
            channel,
            options: options.application_name(LISTENER_APPLICATION_NAME),
        }
    }

    /// A connection of its own (not one of the request pool's), listening on the channel.
    pub async fn listen(&self) -> Result<PgChanges> {
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .max_lifetime(None)
            .idle_timeout(None)
            .connect_with(self.options.clone())
            .await?;
        let mut listener = PgListener::connect_with(&pool).await?;
        // A lost connection is reported, never silently re-established: the caller must
        // catch up on what it missed before it trusts its caches again.
        listener.eager_reconnect(false);
        listener.listen(&self.channel).await?;
        Ok(PgChanges {
            listener,
            _pool: pool,
        })
    }
}

pub(crate) struct PgChanges {
    listener: PgListener,
    _pool: sqlx::PgPool,
}

#[async_trait::async_trait]
impl ChangeListener for PgChanges {
    async fn next(&mut self) -> Notice {
        match self.listener.try_recv().await {
            Ok(Some(n)) => parse_payload(n.payload()),
            Ok(None) => Notice::Lost("the connection closed".into()),
            Err(e) => Notice::Lost(e.to_string()),
        }
    }
}
