//! The server against SQLite (the default engine): each test gets its own new database file.

mod common;

use std::path::PathBuf;

fn database(name: &str) -> (PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("samtykke-receipts-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("receipts.db");
    let url = format!("sqlite://{}", file.display());
    (file, url)
}

macro_rules! on_sqlite {
    ($($name:ident),* $(,)?) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let (_, url) = database(stringify!($name));
            common::$name(&url).await;
        }
    )*};
}

every_check!(on_sqlite);

/// The database file is created on first start, in WAL mode, and holds neither the sender's
/// address nor its user agent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_file_is_created_and_keeps_no_address_or_user_agent() {
    let (file, url) = database("no-address");
    assert!(!file.exists());
    let s = common::start(&url).await;
    assert!(file.exists(), "created on first start");
    let id = common::new_id();
    let r = s
        .client
        .post(format!("{}/v1/receipts", s.url))
        .header("Origin", common::ORIGIN)
        .header("Content-Type", "text/plain")
        .header("User-Agent", "Marker-Agent/7.7")
        .header("X-Forwarded-For", "203.0.113.77")
        .body(common::receipt(&id, "2024-06-17T08:30:00.000Z"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    drop(s);
    let mut bytes = Vec::new();
    for f in std::fs::read_dir(file.parent().unwrap()).unwrap() {
        bytes.extend(std::fs::read(f.unwrap().path()).unwrap());
    }
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains(&id), "the receipt is in the files");
    for absent in ["Marker-Agent", "127.0.0.1", "203.0.113.77"] {
        assert!(!text.contains(absent), "{absent} is stored");
    }
    // The header says WAL (bytes 18 and 19 are 2): the -wal file itself may already be gone, since
    // SQLite checkpoints and removes it when the pool's last connection closes.
    let header = std::fs::read(&file).unwrap();
    assert_eq!(header.get(18..20), Some(&[2u8, 2][..]), "WAL mode");
}

/// The binary: a wrong flag or an unreachable database is one line and a non-zero exit.
#[test]
fn the_command_line_fails_clearly() {
    let bin = env!("CARGO_BIN_EXE_samtykke-receipts");
    let (file, _) = database("cli");
    let token = file.with_file_name("token");
    std::fs::write(&token, "0123456789abcdef0123\n").unwrap();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin).args(args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, err) = run(&["--help"]);
    assert_eq!(code, Some(0), "{err}");
    let (code, err) = run(&["--no-such-flag"]);
    assert_ne!(code, Some(0));
    assert!(err.contains("--no-such-flag"), "{err}");
    let token = token.to_str().unwrap();
    for (args, says) in [
        (
            vec![
                "--origin",
                "https://a.example",
                "--token-file",
                token,
                "--database",
                "postgres://u:pw@127.0.0.1:9/x",
            ],
            "cannot open the database postgres://u:***@127.0.0.1:9/x",
        ),
        (
            vec![
                "--origin",
                "https://a.example",
                "--token-file",
                token,
                "--database",
                "mysql://x",
            ],
            "--database must be",
        ),
        (
            vec!["--origin", "https://a.example/path", "--token-file", token],
            "is not an origin",
        ),
        (
            vec![
                "--origin",
                "https://a.example",
                "--token-file",
                "/nonexistent/token",
            ],
            "cannot read --token-file",
        ),
    ] {
        let (code, err) = run(&args);
        assert_eq!(code, Some(1), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
        assert!(err.contains(says), "{err}");
        assert!(!err.contains("pw@"), "no password in messages");
    }
}
