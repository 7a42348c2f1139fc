//! The server against a real PostgreSQL, at the URL in `SAMTYKKE_RECEIPTS_TEST_POSTGRES`
//! (`cargo xtask test` starts a throw-away cluster and sets it). Each test gets its own database.
//! Without the variable the tests say so and pass, except under CI=true, where they fail.

mod common;

use std::io::Write;

use sqlx::Connection;

const VAR: &str = "SAMTYKKE_RECEIPTS_TEST_POSTGRES";

/// A new, empty database on the test cluster; None (after saying why) when there is no cluster.
async fn database(name: &str) -> Option<String> {
    let Ok(base) = std::env::var(VAR) else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{VAR} is not set under CI=true: run these through `cargo xtask test`"
        );
        // Past the test harness's capture (eprintln! would be swallowed for a passing test).
        let _ = writeln!(
            std::io::stderr(),
            "skipped: {VAR} is not set (cargo xtask test starts a PostgreSQL for these)"
        );
        return None;
    };
    let db = format!("t_{}_{name}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(&base)
        .await
        .unwrap_or_else(|e| panic!("{VAR}: cannot connect: {e}"));
    sqlx::query(&format!("DROP DATABASE IF EXISTS {db}"))
        .execute(&mut admin)
        .await
        .unwrap();
    sqlx::query(&format!("CREATE DATABASE {db}"))
        .execute(&mut admin)
        .await
        .unwrap();
    // The base URL's database name replaced (the query string, if any, kept).
    let (head, query) = base
        .split_once('?')
        .map_or((base.as_str(), ""), |(h, q)| (h, q));
    let slash = head
        .rfind('/')
        .filter(|&i| i > head.find("://").unwrap() + 2);
    let head = slash.map_or(head, |i| &head[..i]);
    let sep = if query.is_empty() { "" } else { "?" };
    Some(format!("{head}/{db}{sep}{query}"))
}

macro_rules! on_postgres {
    ($($name:ident),* $(,)?) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            if let Some(url) = database(stringify!($name)).await {
                common::$name(&url).await;
            }
        }
    )*};
}

every_check!(on_postgres);

/// Several servers behind one load balancer write to one database: started together, they create
/// the table once, and a receipt sent to both is stored once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_servers_share_one_database() {
    let Some(url) = database("shared").await else {
        return;
    };
    let (a, b) = tokio::join!(common::start(&url), common::start(&url));
    let id = common::new_id();
    let body = common::receipt(&id, "2024-06-17T08:30:00.000Z");
    let (ra, rb) = tokio::join!(a.send(&body), b.send(&body));
    assert_eq!((ra.0, rb.0), (204, 204));
    assert_eq!(a.lines(&id).await.len(), 1);
    assert_eq!(b.lines(&id).await.len(), 1);
}
