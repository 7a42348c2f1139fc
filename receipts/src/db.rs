//! The two engines behind one small interface: SQLite (one file, the default) and PostgreSQL
//! (several servers behind a load balancer). Every value goes in as a bound parameter; sqlx pools
//! the connections.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{ConnectOptions, Connection};

use crate::Row;

#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// One stored receipt as the export reads it.
pub struct Stored {
    pub seq: i64,
    pub received: i64,
    pub origin: String,
    pub body: String,
}

/// What the export asks for: receipts after `after` (its position), of one consent `id` (or all
/// when empty), received within `from..=to` (milliseconds).
pub struct Filter {
    pub id: String,
    pub from: i64,
    pub to: i64,
}

const SQLITE_TABLE: &str = "CREATE TABLE IF NOT EXISTS receipts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL,
    updated TEXT NOT NULL,
    method TEXT NOT NULL,
    received INTEGER NOT NULL,
    origin TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (id, updated, method)
)";
const POSTGRES_TABLE: &str = "CREATE TABLE IF NOT EXISTS receipts (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL,
    updated TEXT NOT NULL,
    method TEXT NOT NULL,
    received BIGINT NOT NULL,
    origin TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (id, updated, method)
)";
const INDEX: &str = "CREATE INDEX IF NOT EXISTS receipts_received ON receipts (received)";
/// The same receipt twice (same id, `updated` and method) is kept once.
const INSERT: &str = "INSERT INTO receipts (id, updated, method, received, origin, body)
    VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id, updated, method) DO NOTHING";
const PAGE: &str = "SELECT seq, received, origin, body FROM receipts
    WHERE seq > $1 AND ($2 = '' OR id = $2) AND received >= $3 AND received <= $4
    ORDER BY seq LIMIT $5";
const DELETE: &str = "DELETE FROM receipts WHERE received < $1";

/// Runs the same statements on either pool (both engines take `$n` parameters).
macro_rules! on_each {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            Db::Sqlite($pool) => $body,
            Db::Postgres($pool) => $body,
        }
    };
}

impl Db {
    /// Connects and creates the table when it is not there.
    ///
    /// # Errors
    /// One line naming the database (without its password) and the problem.
    pub async fn open(url: &str) -> Result<Db, String> {
        let fail = |e: sqlx::Error| format!("cannot open the database {}: {e}", redact(url));
        let db = if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(fail)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // FULL: a commit is on disk (the WAL fsynced) before it returns, so before the 204.
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(10));
            let pool = SqlitePoolOptions::new()
                .max_connections(4)
                .connect_with(options)
                .await
                .map_err(fail)?;
            sqlx::query(SQLITE_TABLE)
                .execute(&pool)
                .await
                .map_err(fail)?;
            sqlx::query(INDEX).execute(&pool).await.map_err(fail)?;
            Db::Sqlite(pool)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options = PgConnectOptions::from_str(url).map_err(fail)?;
            // One connection first: a pool that cannot connect only says it timed out.
            options.connect().await.map_err(fail)?.close().await.ok();
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await
                .map_err(fail)?;
            // Several servers may start at once against one database: one creates, the others wait.
            let mut tx = pool.begin().await.map_err(fail)?;
            sqlx::query("SELECT pg_advisory_xact_lock(7457325)")
                .execute(&mut *tx)
                .await
                .map_err(fail)?;
            sqlx::query(POSTGRES_TABLE)
                .execute(&mut *tx)
                .await
                .map_err(fail)?;
            sqlx::query(INDEX).execute(&mut *tx).await.map_err(fail)?;
            tx.commit().await.map_err(fail)?;
            Db::Postgres(pool)
        } else {
            return Err(format!(
                "--database must be sqlite://<file> or postgres://…, not `{}`",
                redact(url)
            ));
        };
        Ok(db)
    }

    /// Stores `rows` in one transaction; returns once it is committed.
    pub(crate) async fn insert(&self, rows: &[Row]) -> Result<(), sqlx::Error> {
        on_each!(self, pool => {
            let mut tx = pool.begin().await?;
            for r in rows {
                sqlx::query(INSERT)
                    .bind(&r.id)
                    .bind(&r.updated)
                    .bind(r.method)
                    .bind(r.received)
                    .bind(&r.origin)
                    .bind(&r.body)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await
        })
    }

    /// Up to `limit` receipts after position `after`, in the order they were stored.
    pub async fn page(
        &self,
        filter: &Filter,
        after: i64,
        limit: i64,
    ) -> Result<Vec<Stored>, sqlx::Error> {
        let rows: Vec<(i64, i64, String, String)> = on_each!(self, pool => {
            sqlx::query_as(PAGE)
                .bind(after)
                .bind(&filter.id)
                .bind(filter.from)
                .bind(filter.to)
                .bind(limit)
                .fetch_all(pool)
                .await?
        });
        Ok(rows
            .into_iter()
            .map(|(seq, received, origin, body)| Stored {
                seq,
                received,
                origin,
                body,
            })
            .collect())
    }

    /// Deletes what was received before `cut` (milliseconds); returns how many.
    pub async fn delete_before(&self, cut: i64) -> Result<u64, sqlx::Error> {
        on_each!(self, pool => {
            Ok(sqlx::query(DELETE).bind(cut).execute(pool).await?.rows_affected())
        })
    }

    /// The database answers.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        on_each!(self, pool => {
            sqlx::query("SELECT 1").execute(pool).await.map(|_| ())
        })
    }
}

impl Db {
    /// `url` without its password, for messages.
    pub fn redacted(url: &str) -> String {
        redact(url)
    }
}

/// The URL with any password replaced by `***`, for messages.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => {
            let userinfo = &rest[..at];
            let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
            let masked = if userinfo.contains(':') {
                format!("{user}:***")
            } else {
                user.to_owned()
            };
            format!("{scheme}://{masked}{}", &rest[at..])
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/receipts"),
            "postgres://app:***@db:5432/receipts"
        );
        assert_eq!(
            redact("postgres://app@db/receipts"),
            "postgres://app@db/receipts"
        );
        assert_eq!(redact("sqlite://receipts.db"), "sqlite://receipts.db");
        assert_eq!(redact("nonsense"), "nonsense");
    }
}
