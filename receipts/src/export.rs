//! `GET /v1/receipts`: the log for an auditor, streamed a page at a time, so a million rows are
//! never held in memory, and no read transaction stays open while the client reads slowly.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use samtykke_core::receipt::{Receipt, KEYS};
use samtykke_core::time::{format_iso, parse_iso, DAY_MS};

use crate::db::{Db, Filter, Stored};
use crate::{problem, same_secret, App, Params};

/// Rows read from the database per step of the stream.
const PAGE_ROWS: i64 = 500;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Jsonl,
    Csv,
}

pub(crate) async fn export(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    params: Result<Params, axum::extract::rejection::QueryRejection>,
) -> Response {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if given.is_empty() || !same_secret(given.trim(), &app.token) {
        let mut refused = problem(
            StatusCode::UNAUTHORIZED,
            "",
            "the export needs `Authorization: Bearer <token>` with the server's token",
        );
        refused.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer"),
        );
        return refused;
    }
    let Ok(params) = params else {
        return problem(StatusCode::BAD_REQUEST, "", "the query string is not valid");
    };
    let (filter, format) = match read_params(&params.0) {
        Ok(read) => read,
        Err((key, message)) => return problem(StatusCode::BAD_REQUEST, key, &message),
    };
    let content_type = match format {
        Format::Jsonl => "application/x-ndjson; charset=utf-8",
        Format::Csv => "text/csv; charset=utf-8",
    };
    let body = Body::from_stream(rows(app.db.clone(), filter, format));
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

type ParamError = (&'static str, String);

fn read_params(pairs: &[(String, String)]) -> Result<(Filter, Format), ParamError> {
    let mut filter = Filter {
        id: String::new(),
        from: i64::MIN,
        to: i64::MAX,
    };
    let mut format = Format::Jsonl;
    for (key, value) in pairs {
        match key.as_str() {
            "id" => filter.id.clone_from(value),
            "from" => filter.from = time_param("from", value, false)?,
            "to" => filter.to = time_param("to", value, true)?,
            "format" => {
                format = match value.as_str() {
                    "jsonl" => Format::Jsonl,
                    "csv" => Format::Csv,
                    _ => return Err(("format", "format must be jsonl or csv".to_owned())),
                }
            }
            _ => {
                return Err((
                    "",
                    format!("unknown parameter `{key}` (id, from, to, format)"),
                ))
            }
        }
    }
    Ok((filter, format))
}

/// A UTC time (`2024-06-17T08:30:00Z`) or a day (`2024-06-17`: its start for `from`, its end for
/// `to`, both inclusive).
fn time_param(key: &'static str, value: &str, end_of_day: bool) -> Result<i64, ParamError> {
    if value.len() == 10 {
        if let Some(day) = parse_iso(&format!("{value}T00:00:00Z")) {
            return Ok(if end_of_day { day + DAY_MS - 1 } else { day });
        }
    }
    parse_iso(value).ok_or((
        key,
        format!("{key} must be a day (2024-06-17) or a UTC time (2024-06-17T08:30:00Z)"),
    ))
}

struct Cursor {
    db: Db,
    filter: Filter,
    format: Format,
    after: i64,
    header: bool,
    done: bool,
}

fn rows(
    db: Db,
    filter: Filter,
    format: Format,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    let cursor = Cursor {
        db,
        filter,
        format,
        after: 0,
        header: format == Format::Csv,
        done: false,
    };
    stream::unfold(cursor, |mut c| async move {
        if c.done {
            return None;
        }
        let mut out = Vec::new();
        if std::mem::take(&mut c.header) {
            csv_row(
                &mut out,
                KEYS.iter().chain(&["received", "origin"]).copied(),
            );
        }
        match c.db.page(&c.filter, c.after, PAGE_ROWS).await {
            Ok(page) => {
                c.done = page.len() < PAGE_ROWS as usize;
                if let Some(last) = page.last() {
                    c.after = last.seq;
                }
                for row in &page {
                    write_row(&mut out, row, c.format);
                }
                Some((Ok(Bytes::from(out)), c))
            }
            Err(e) => {
                // The client sees the response end early (not a clean end of the chunked body).
                eprintln!("samtykke-receipts: the export failed: {e}");
                c.done = true;
                Some((Err(std::io::Error::other(e.to_string())), c))
            }
        }
    })
}

fn write_row(out: &mut Vec<u8>, row: &Stored, format: Format) {
    let received = format_iso(row.received);
    // Stored by this server after the core's reader accepted it; read with the same reader.
    let receipt = match Receipt::read(&row.body) {
        Ok(r) => r,
        Err(e) => {
            eprintln!(
                "samtykke-receipts: stored receipt {} does not read back: {e}",
                row.seq
            );
            return;
        }
    };
    match format {
        Format::Jsonl => {
            let line = receipt.to_json_with(&[("received", &received), ("origin", &row.origin)]);
            out.extend_from_slice(line.as_bytes());
            out.push(b'\n');
        }
        Format::Csv => {
            let categories = receipt.categories_json();
            let gpc = receipt.gpc.to_string();
            let fields = [
                receipt.id.as_str(),
                &receipt.revision,
                &receipt.given,
                &receipt.updated,
                &receipt.expires,
                receipt.method.as_str(),
                &categories,
                &receipt.language,
                &gpc,
                &receipt.samtykke,
                receipt.source.map_or("", |s| s.as_str()),
                receipt.notice_sha256.as_deref().unwrap_or(""),
                &received,
                &row.origin,
            ];
            csv_row(out, fields.into_iter());
        }
    }
}

/// One CSV record (RFC 4180 quoting by the csv crate).
fn csv_row<'a>(out: &mut Vec<u8>, fields: impl Iterator<Item = &'a str>) {
    let mut writer = csv::Writer::from_writer(out);
    // Writing into memory cannot fail.
    let _ = writer.write_record(fields);
    let _ = writer.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn days_are_inclusive_and_times_exact() {
        let (f, format) =
            read_params(&pairs(&[("from", "2024-06-17"), ("to", "2024-06-17")])).unwrap();
        assert!(format == Format::Jsonl);
        assert_eq!(f.from, parse_iso("2024-06-17T00:00:00Z").unwrap());
        assert_eq!(f.to, parse_iso("2024-06-17T23:59:59.999Z").unwrap());
        let (f, format) = read_params(&pairs(&[
            ("to", "2024-06-17T08:30:00Z"),
            ("format", "csv"),
            ("id", "x"),
        ]))
        .unwrap();
        assert!(format == Format::Csv);
        assert_eq!(f.to, parse_iso("2024-06-17T08:30:00Z").unwrap());
        assert_eq!((f.id.as_str(), f.from), ("x", i64::MIN));
    }

    #[test]
    fn bad_parameters_are_named() {
        for (list, key) in [
            (&[("from", "yesterday")][..], "from"),
            (&[("to", "2024-13-01")][..], "to"),
            (&[("format", "xml")][..], "format"),
            (&[("limit", "5")][..], ""),
        ] {
            let Err((k, message)) = read_params(&pairs(list)) else {
                panic!("{list:?} read");
            };
            assert_eq!(k, key, "{message}");
        }
    }

    #[test]
    fn csv_quotes_what_needs_it() {
        let mut out = Vec::new();
        csv_row(&mut out, ["a", "b,c", "d\"e", "{\"x\":true}"].into_iter());
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a,\"b,c\",\"d\"\"e\",\"{\"\"x\"\":true}\"\n"
        );
    }
}
