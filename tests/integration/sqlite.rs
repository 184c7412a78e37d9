//! The SQLite output: fixture documents stored, stored again, a failure
//! beside them; the stored units against the CSV's rows; the schema's
//! `units` columns against the CSV's columns.

use rusqlite::Connection;
use rusqlite::types::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use unrec::emit::sqlite::{DocumentRecord, SqliteSink};
use unrec::emit::{self, Sink};
use unrec::{Config, Extraction};

const FIXTURES: [(&str, &str); 3] = [
    ("seed", "seed.txt"),
    ("meeting-report-1", "meeting-report-1.txt"),
    ("crosscheck-style-a", "index-style-a.txt"),
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The fixtures, extracted, with their paths and bytes.
fn inputs() -> Vec<(String, Vec<u8>, Extraction)> {
    FIXTURES
        .iter()
        .map(|(case, file)| {
            let path = format!("fixtures/{case}/{file}");
            let bytes = std::fs::read(root().join(&path)).unwrap_or_else(|e| panic!("{path}: {e}"));
            let x = unrec::extract(file, &bytes, &Config::default()).unwrap();
            (path, bytes, x)
        })
        .collect()
}

/// A database file under the temporary directory, removed when dropped
/// (a failed assertion too).
struct TempDb(PathBuf);

impl TempDb {
    fn new(name: &str) -> TempDb {
        let path = std::env::temp_dir().join(format!("unrec-{}-{name}.sqlite", std::process::id()));
        let db = TempDb(path);
        db.remove();
        db
    }

    fn remove(&self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut name = self.0.clone().into_os_string();
            name.push(suffix);
            let _ = std::fs::remove_file(name);
        }
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        self.remove();
    }
}

fn store_all(db: &Path, inputs: &[(String, Vec<u8>, Extraction)]) {
    let mut sink = SqliteSink::open(db).unwrap();
    for (path, bytes, x) in inputs {
        let hash = format!("{:x}", Sha256::digest(bytes));
        let record = DocumentRecord {
            path,
            sha256: Some(&hash),
            size: Some(bytes.len() as u64),
            status: if x.document.units.is_empty() {
                "empty"
            } else {
                "ok"
            },
        };
        sink.store(x, &record).unwrap();
    }
    let failed = DocumentRecord {
        path: "fixtures/missing.pdf",
        sha256: None,
        size: None,
        status: "failed",
    };
    sink.store_failure("missing.pdf", &failed, "cannot open: no such file")
        .unwrap();
    sink.finish().unwrap();
}

fn scalar(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Every row of a query, as values.
fn all(conn: &Connection, sql: &str) -> Vec<Vec<Value>> {
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| (0..n).map(|i| r.get(i)).collect())
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The whole database, table by table in key order.
fn dump(conn: &Connection) -> Vec<Vec<Vec<Value>>> {
    [
        "SELECT * FROM documents ORDER BY document_key",
        "SELECT * FROM groups ORDER BY document_key, group_index",
        "SELECT * FROM units ORDER BY key",
        "SELECT * FROM diagnostics ORDER BY document_key, seq",
    ]
    .iter()
    .map(|sql| all(conn, sql))
    .collect()
}

/// A stored value as the CSV field it came from.
fn field(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Integer(n) => n.to_string(),
        Value::Text(s) => s.clone(),
        other => panic!("unexpected value {other:?}"),
    }
}

#[test]
fn fixtures_store_once_and_agree_with_csv() {
    let inputs = inputs();
    let db = TempDb::new("fixtures");
    store_all(&db.0, &inputs);
    let conn = Connection::open(&db.0).unwrap();
    let first = dump(&conn);

    let names: Vec<&str> = emit::header();
    for (_, _, x) in &inputs {
        let key = &x.document.source.file;
        let rows: Vec<_> = emit::rows(x).collect();
        assert!(!rows.is_empty(), "{key}: no units");
        let stored = all(
            &conn,
            &format!(
                "SELECT {} FROM units WHERE document_key = '{key}' ORDER BY seq",
                names.join(", ")
            ),
        );
        assert_eq!(stored.len(), rows.len(), "{key}");
        for (row, values) in rows.iter().zip(&stored) {
            let fields: Vec<String> = values.iter().map(field).collect();
            let csv: Vec<String> = row.values.iter().map(|(_, v)| v.csv()).collect();
            assert_eq!(fields, csv, "{key}");
        }
        let (units, status): (i64, String) = conn
            .query_row(
                "SELECT units, status FROM documents WHERE document_key = ?1",
                [key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((units as usize, status.as_str()), (rows.len(), "ok"), "{key}");
    }

    let total: usize = inputs.iter().map(|(_, _, x)| emit::rows(x).count()).sum();
    assert_eq!(
        scalar(&conn, "SELECT count(DISTINCT key) FROM units") as usize,
        total
    );
    assert!(scalar(&conn, "SELECT count(*) FROM units WHERE parent_key IS NOT NULL") > 0);
    assert_eq!(
        scalar(
            &conn,
            "SELECT count(*) FROM units u WHERE u.parent_key IS NOT NULL AND NOT EXISTS \
             (SELECT 1 FROM units p WHERE p.key = u.parent_key AND p.document_key = u.document_key)"
        ),
        0
    );
    assert_eq!(
        scalar(
            &conn,
            "SELECT count(*) FROM units WHERE page_start IS NOT NULL OR page_end IS NOT NULL"
        ),
        0
    );
    for name in &names {
        let sql = format!("SELECT count(*) FROM units WHERE {name} = ''");
        assert_eq!(scalar(&conn, &sql), 0, "{name}");
    }
    assert!(scalar(&conn, "SELECT count(*) FROM groups WHERE kind = 'meeting'") > 0);
    let diagnostics: usize = inputs.iter().map(|(_, _, x)| x.diagnostics.len()).sum();
    assert_eq!(
        scalar(&conn, "SELECT count(*) FROM diagnostics") as usize,
        diagnostics
    );

    let failed: (String, String, i64) = conn
        .query_row(
            "SELECT status, kind, units FROM documents WHERE document_key = 'missing.pdf'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(failed, ("failed".to_string(), "unknown".to_string(), 0));
    assert_eq!(
        scalar(
            &conn,
            "SELECT count(*) FROM units WHERE document_key = 'missing.pdf'"
        ),
        0
    );
    assert_eq!(scalar(&conn, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    drop(conn);

    // The same documents again, through a new connection to the same file.
    store_all(&db.0, &inputs);
    let conn = Connection::open(&db.0).unwrap();
    assert_eq!(dump(&conn), first);
    assert_eq!(scalar(&conn, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
}

/// The column names of a `CREATE TABLE` in the schema, in order.
fn table_columns(schema: &str, table: &str) -> Vec<String> {
    let code: String = schema
        .lines()
        .map(|l| l.split("--").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let head = format!("CREATE TABLE IF NOT EXISTS {table} (");
    let start = code.find(&head).unwrap_or_else(|| panic!("no table {table}")) + head.len();
    // The body runs to the parenthesis that closes the one after the name;
    // commas inside nested parentheses do not separate columns.
    let (mut depth, mut items, mut item) = (0, Vec::new(), String::new());
    for c in code[start..].chars() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => break,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                items.push(std::mem::take(&mut item));
                continue;
            }
            _ => {}
        }
        item.push(c);
    }
    items.push(item);
    items
        .iter()
        .filter_map(|i| i.split_whitespace().next().map(str::to_string))
        .filter(|w| !["PRIMARY", "UNIQUE", "FOREIGN", "CONSTRAINT", "CHECK"].contains(&w.as_str()))
        .collect()
}

#[test]
fn schema_units_start_with_the_csv_columns() {
    let schema = std::fs::read_to_string(root().join("scripts/schema.sql")).unwrap();
    assert_eq!(
        schema,
        unrec::emit::sqlite::schema(),
        "scripts/schema.sql is not what `unrec schema` prints: run scripts/bless"
    );
    let columns = table_columns(&schema, "units");
    let csv: Vec<&str> = emit::header();
    assert_eq!(columns.len(), csv.len() + 3, "{columns:?}");
    assert_eq!(columns[..csv.len()], csv[..]);
    assert_eq!(columns[csv.len()..], ["seq", "parent_key", "group_index"]);
}

/// Counting recommendations per recommending State is a join, not a
/// recursive split of a `;`-joined cell: one row per State and unit in
/// `unit_states`, in the order the report names them.
#[test]
fn states_are_counted_with_a_join() {
    let db = TempDb::new("states");
    let path = root().join("fixtures/upr-report-labels/upr-report-labels.txt");
    let x = unrec::extract("upr.txt", std::fs::read(path).unwrap(), &Config::default()).unwrap();
    let mut sink = SqliteSink::open(&db.0).unwrap();
    sink.write(&x).unwrap();
    sink.finish().unwrap();
    let conn = Connection::open(&db.0).unwrap();
    let counts = all(
        &conn,
        "SELECT state, count(*) FROM unit_states GROUP BY state ORDER BY count(*) DESC, state LIMIT 3",
    );
    assert_eq!(
        counts,
        [
            vec![Value::Text("Japan".into()), Value::Integer(3)],
            vec![Value::Text("Kenya".into()), Value::Integer(3)],
            vec![Value::Text("Mexico".into()), Value::Integer(3)],
        ]
    );
    let second = all(
        &conn,
        "SELECT s.state FROM unit_states s JOIN units u ON u.key = s.unit_key \
         WHERE u.label = '131.10' ORDER BY s.seq",
    );
    assert_eq!(
        second,
        [
            vec![Value::Text("Ghana".into())],
            vec![Value::Text("Italy".into())]
        ]
    );
    // Storing the document again leaves one row per State and unit.
    let mut sink = SqliteSink::open(&db.0).unwrap();
    sink.write(&x).unwrap();
    assert_eq!(scalar(&conn, "SELECT count(*) FROM unit_states"), 27);
}

/// The same query over a batch of the five real UPR reports.
#[test]
#[ignore = "needs ../shared/corpus (run by .ci/run when present)"]
fn states_of_the_upr_corpus_are_counted_in_a_batch() {
    let upr = crate::shared("upr");
    let dir = std::env::temp_dir().join(format!("unrec-upr-batch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let db = TempDb::new("upr-batch");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_unrec"))
        .args(["batch", upr.to_str().unwrap(), "-o", dir.to_str().unwrap(), "-q"])
        .args(["--db", db.0.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let conn = Connection::open(&db.0).unwrap();
    let top = all(
        &conn,
        "SELECT state, count(*) FROM unit_states GROUP BY state ORDER BY count(*) DESC LIMIT 1",
    );
    println!("most recommendations: {top:?}");
    let units = scalar(&conn, "SELECT count(*) FROM units");
    assert_eq!(units, 648);
    let links = scalar(&conn, "SELECT count(*) FROM unit_states");
    let listed = scalar(
        &conn,
        "SELECT sum(json_array_length(recommending_states)) FROM units",
    );
    assert_eq!(links, listed);
    assert!(links > units, "{links} States for {units} units");
    std::fs::remove_dir_all(&dir).unwrap();
}
