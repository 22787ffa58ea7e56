//! The one place that knows there are two drivers. Everything above it builds a
//! [`Statement`] (SQL text with `$N` placeholders and the values to bind, in order) and runs
//! it on a [`Pool`] or inside a [`Tx`]; this file hands it to sqlx's native SQLite or
//! PostgreSQL driver and gives back a [`Row`] that either one can fill.
//!
//! Why this shape rather than code generic over `sqlx::Database`: sqlx needs a bound for
//! every value type on every generic function (`i64: Encode<DB> + Type<DB>`, executors for
//! `&mut DB::Connection`, ...), and Rust does not carry such bounds along from one trait, so
//! they would be repeated on every impl of every aggregate. Here the bounds are spelled out
//! once, against the two concrete databases ([`Column`], [`Arg`]), and the SQL above reads
//! as plain async Rust, compiled once. The price is one `match` per call and a `Vec` of
//! values per statement, next to a network or disk round trip.
//!
//! This is not sqlx's `Any` driver: each backend keeps its own pool type, connection
//! options and SQL types; only the values we actually store (integers, text, bytes,
//! booleans and their NULLs) cross this boundary.

use jeton_core::ids::{ClientId, DomainId, GrantId, UserId};
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{ColumnIndex, Decode, PgPool, Postgres, SqlSafeStr, SqlStr, Sqlite, SqlitePool, Type};

type Query<DB, A> = sqlx::query::Query<'static, DB, A>;

/// A connection pool of either backend. Cloning is cheap (the pool is shared).
#[derive(Clone)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl Pool {
    /// Connections open, and of those idle.
    pub fn use_now(&self) -> (u32, u32) {
        match self {
            Pool::Sqlite(p) => (p.size(), p.num_idle() as u32),
            Pool::Postgres(p) => (p.size(), p.num_idle() as u32),
        }
    }

    /// One connection, kept by the caller until it drops it (then sqlx pings it on its way
    /// back to the pool).
    pub async fn acquire(&self) -> Result<Conn, sqlx::Error> {
        Ok(match self {
            Pool::Sqlite(p) => Conn::Sqlite(p.acquire().await?),
            Pool::Postgres(p) => Conn::Postgres(p.acquire().await?),
        })
    }

    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Pool::Sqlite(p) => Tx::Sqlite(p.begin().await?),
            Pool::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }
}

/// A connection of either backend taken out of its pool (the group commit's writer keeps
/// one from a commit to the next). Statements on it run in autocommit.
pub(crate) enum Conn {
    Sqlite(sqlx::pool::PoolConnection<Sqlite>),
    Postgres(sqlx::pool::PoolConnection<Postgres>),
}

/// A transaction on either backend. Dropped without [`Tx::commit`], it rolls back.
pub(crate) enum Tx {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

impl Tx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await,
            Tx::Postgres(tx) => tx.commit().await,
        }
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(tx) => tx.rollback().await,
            Tx::Postgres(tx) => tx.rollback().await,
        }
    }
}

/// Where a statement runs: on a pool (autocommit) or inside a transaction.
pub(crate) enum On<'a> {
    Pool(&'a Pool),
    Tx(&'a mut Tx),
}

impl<'a> From<&'a Pool> for On<'a> {
    fn from(pool: &'a Pool) -> Self {
        On::Pool(pool)
    }
}

impl<'a> From<&'a mut Tx> for On<'a> {
    fn from(tx: &'a mut Tx) -> Self {
        On::Tx(tx)
    }
}

/// A value to bind. These are all the types the schema uses on both backends.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Int(Option<i64>),
    Text(Option<String>),
    Bytes(Option<Vec<u8>>),
    Bool(Option<bool>),
}

impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Arg::Int(Some(v))
    }
}

impl From<Option<i64>> for Arg {
    fn from(v: Option<i64>) -> Self {
        Arg::Int(v)
    }
}

impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg::Text(Some(v))
    }
}

impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg::Text(Some(v.to_owned()))
    }
}

impl From<Option<String>> for Arg {
    fn from(v: Option<String>) -> Self {
        Arg::Text(v)
    }
}

impl From<Option<&str>> for Arg {
    fn from(v: Option<&str>) -> Self {
        Arg::Text(v.map(str::to_owned))
    }
}

/// Ids are bound as the text they are: owned, borrowed, and nullable either way.
macro_rules! id_args {
    ($($id:ty),*) => {$(
        impl From<$id> for Arg {
            fn from(v: $id) -> Self {
                Arg::Text(Some(v.as_str().to_owned()))
            }
        }

        impl From<&$id> for Arg {
            fn from(v: &$id) -> Self {
                Arg::Text(Some(v.as_str().to_owned()))
            }
        }

        impl From<Option<$id>> for Arg {
            fn from(v: Option<$id>) -> Self {
                Arg::Text(v.map(|v| v.as_str().to_owned()))
            }
        }

        impl From<Option<&$id>> for Arg {
            fn from(v: Option<&$id>) -> Self {
                Arg::Text(v.map(|v| v.as_str().to_owned()))
            }
        }
    )*};
}

id_args!(DomainId, UserId, ClientId, GrantId);

impl From<Vec<u8>> for Arg {
    fn from(v: Vec<u8>) -> Self {
        Arg::Bytes(Some(v))
    }
}

impl From<Option<Vec<u8>>> for Arg {
    fn from(v: Option<Vec<u8>>) -> Self {
        Arg::Bytes(v)
    }
}

impl From<bool> for Arg {
    fn from(v: bool) -> Self {
        Arg::Bool(Some(v))
    }
}

/// The values sea-query puts into the statements it builds (see [`fetch_all_built`]).
impl TryFrom<sea_query::Value> for Arg {
    type Error = sqlx::Error;

    fn try_from(v: sea_query::Value) -> Result<Self, sqlx::Error> {
        use sea_query::Value;
        Ok(match v {
            Value::Bool(b) => Arg::Bool(b),
            Value::Int(n) => Arg::Int(n.map(i64::from)),
            Value::BigInt(n) => Arg::Int(n),
            Value::Unsigned(n) => Arg::Int(n.map(i64::from)),
            Value::BigUnsigned(n) => Arg::Int(
                n.map(i64::try_from)
                    .transpose()
                    .map_err(|e| sqlx::Error::Encode(Box::new(e)))?,
            ),
            Value::String(s) => Arg::Text(s),
            Value::Bytes(b) => Arg::Bytes(b),
            other => {
                return Err(sqlx::Error::Encode(
                    format!("no binding for the value {other:?}").into(),
                ));
            }
        })
    }
}

/// SQL text and the values for its `$1`, `$2`, ... in order.
pub(crate) struct Statement {
    sql: SqlStr,
    args: Vec<Arg>,
}

/// Starts a statement. `&'static str` is accepted as is; SQL built at run time must be
/// wrapped in `sqlx::AssertSqlSafe` (and must not contain input: that goes in binds).
pub(crate) fn sql(text: impl SqlSafeStr) -> Statement {
    Statement {
        sql: text.into_sql_str(),
        args: Vec::new(),
    }
}

impl Statement {
    pub fn bind(mut self, value: impl Into<Arg>) -> Self {
        self.args.push(value.into());
        self
    }

    /// Appends already converted values (for statements built at run time).
    pub fn bind_all(mut self, values: impl IntoIterator<Item = Arg>) -> Self {
        self.args.extend(values);
        self
    }

    /// Runs the statement and answers how many rows it changed.
    pub async fn execute<'a>(self, on: impl Into<On<'a>>) -> Result<u64, sqlx::Error> {
        Ok(match on.into() {
            On::Pool(Pool::Sqlite(p)) => self.sqlite().execute(p).await?.rows_affected(),
            On::Pool(Pool::Postgres(p)) => self.postgres().execute(p).await?.rows_affected(),
            On::Tx(Tx::Sqlite(tx)) => self.sqlite().execute(&mut **tx).await?.rows_affected(),
            On::Tx(Tx::Postgres(tx)) => self.postgres().execute(&mut **tx).await?.rows_affected(),
        })
    }

    /// Runs the statement on a connection held by the caller (the group commit's).
    pub async fn execute_on(self, conn: &mut Conn) -> Result<u64, sqlx::Error> {
        Ok(match conn {
            Conn::Sqlite(c) => self.sqlite().execute(&mut **c).await?.rows_affected(),
            Conn::Postgres(c) => self.postgres().execute(&mut **c).await?.rows_affected(),
        })
    }

    pub async fn fetch_optional<'a>(
        self,
        on: impl Into<On<'a>>,
    ) -> Result<Option<Row>, sqlx::Error> {
        Ok(match on.into() {
            On::Pool(Pool::Sqlite(p)) => self.sqlite().fetch_optional(p).await?.map(Row::Sqlite),
            On::Pool(Pool::Postgres(p)) => {
                self.postgres().fetch_optional(p).await?.map(Row::Postgres)
            }
            On::Tx(Tx::Sqlite(tx)) => self
                .sqlite()
                .fetch_optional(&mut **tx)
                .await?
                .map(Row::Sqlite),
            On::Tx(Tx::Postgres(tx)) => self
                .postgres()
                .fetch_optional(&mut **tx)
                .await?
                .map(Row::Postgres),
        })
    }

    pub async fn fetch_one<'a>(self, on: impl Into<On<'a>>) -> Result<Row, sqlx::Error> {
        self.fetch_optional(on)
            .await?
            .ok_or(sqlx::Error::RowNotFound)
    }

    pub async fn fetch_all<'a>(self, on: impl Into<On<'a>>) -> Result<Vec<Row>, sqlx::Error> {
        Ok(match on.into() {
            On::Pool(Pool::Sqlite(p)) => wrap(self.sqlite().fetch_all(p).await?, Row::Sqlite),
            On::Pool(Pool::Postgres(p)) => wrap(self.postgres().fetch_all(p).await?, Row::Postgres),
            On::Tx(Tx::Sqlite(tx)) => wrap(self.sqlite().fetch_all(&mut **tx).await?, Row::Sqlite),
            On::Tx(Tx::Postgres(tx)) => {
                wrap(self.postgres().fetch_all(&mut **tx).await?, Row::Postgres)
            }
        })
    }

    fn sqlite(self) -> Query<Sqlite, SqliteArguments> {
        let mut q = sqlx::query(self.sql);
        for arg in self.args {
            q = match arg {
                Arg::Int(v) => q.bind(v),
                Arg::Text(v) => q.bind(v),
                Arg::Bytes(v) => q.bind(v),
                Arg::Bool(v) => q.bind(v),
            };
        }
        q
    }

    fn postgres(self) -> Query<Postgres, PgArguments> {
        let mut q = sqlx::query(self.sql);
        for arg in self.args {
            q = match arg {
                Arg::Int(v) => q.bind(v),
                Arg::Text(v) => q.bind(v),
                Arg::Bytes(v) => q.bind(v),
                Arg::Bool(v) => q.bind(v),
            };
        }
        q
    }
}

/// A query built with sea-query (for SQL that depends on the request: sorts, filters),
/// rendered for the dialect of `pool`, which it must then run on. Its values are bound like
/// ours, through [`Arg`], so it needs no binder crate of its own.
pub(crate) fn built(
    query: &sea_query::SelectStatement,
    pool: &Pool,
) -> Result<Statement, sqlx::Error> {
    let (text, values) = match pool {
        Pool::Sqlite(_) => query.build(sea_query::SqliteQueryBuilder),
        Pool::Postgres(_) => query.build(sea_query::PostgresQueryBuilder),
    };
    let args = values
        .into_iter()
        .map(Arg::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(sql(sqlx::AssertSqlSafe(text)).bind_all(args))
}

fn wrap<R>(rows: Vec<R>, f: fn(R) -> Row) -> Vec<Row> {
    rows.into_iter().map(f).collect()
}

/// A result row of either backend.
pub(crate) enum Row {
    Sqlite(SqliteRow),
    Postgres(PgRow),
}

/// A Rust type that both backends can read from a column.
pub(crate) trait Column:
    for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres>
{
}

impl<T> Column for T where
    T: for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres>
{
}

/// A column name (`"id"`) or position (`0`) on both backends.
pub(crate) trait Index: ColumnIndex<SqliteRow> + ColumnIndex<PgRow> {}

impl<I: ColumnIndex<SqliteRow> + ColumnIndex<PgRow>> Index for I {}

impl Row {
    pub fn get<T: Column>(&self, index: impl Index) -> Result<T, sqlx::Error> {
        use sqlx::Row as _;
        match self {
            Row::Sqlite(r) => r.try_get(index),
            Row::Postgres(r) => r.try_get(index),
        }
    }
}
