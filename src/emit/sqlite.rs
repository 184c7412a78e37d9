//! SQLite: the documents of one or more runs in one database file, in the
//! tables [`schema`] gives (`scripts/schema.sql`, which PostgreSQL takes
//! too).
//!
//! Units are written from the same column table as the CSV, so the `units`
//! table and `recommendations.csv` hold the same values; each list column
//! also has a link table with a row per value and its position, so that a
//! list is queried with a join (`SELECT state, count(*) FROM unit_states
//! GROUP BY state`). Each document is stored in one transaction that first
//! removes what an earlier store left of it: storing a document again
//! leaves the database as it was.

use super::{ColumnType, EmitError, Sink, Value, columns};
use crate::Extraction;
use crate::diagnostic::{Code, Severity};
use crate::model::GroupKind;
use crate::read::SourceFormat;
use rusqlite::types::Value as Sql;
use rusqlite::{Connection, Transaction, TransactionBehavior, params, params_from_iter};
use std::path::Path;
use std::time::Duration;

/// The tables whose columns are not the unit columns', and what leads them.
const FIXED_TABLES: &str = include_str!("schema-head.sql");

/// The tables and indexes, created when missing: the fixed tables, the
/// `units` table of every column (then `seq`, `parent_key`, `group_index`),
/// a link table per list column, the diagnostics and the indexes.
pub fn schema() -> String {
    let mut out = FIXED_TABLES.to_string();
    out.push_str(
        "\n-- The columns up to `seq` are the CSV's, in its order, so that `\\copy units (id, …)\n\
         -- FROM 'recommendations.csv' CSV HEADER` loads it. Lists are JSON arrays.\n\
         CREATE TABLE IF NOT EXISTS units (\n",
    );
    for column in columns::all() {
        let constraint = match column.name {
            "id" => " NOT NULL",
            "key" => " NOT NULL PRIMARY KEY",
            "document_key" => {
                " NOT NULL REFERENCES documents (document_key)\n        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED"
            }
            "kind" => " NOT NULL",
            _ => "",
        };
        out.push_str(&format!(
            "    -- {}\n    {} {}{constraint},\n",
            column.doc,
            column.name,
            column.ty.sql()
        ));
    }
    out.push_str(
        "    -- The unit's place in its document, from 0; its parent's key; its group.\n\
         \x20   seq INTEGER,\n\
         \x20   parent_key TEXT REFERENCES units (key) DEFERRABLE INITIALLY DEFERRED,\n\
         \x20   group_index INTEGER,\n\
         \x20   UNIQUE (document_key, id),\n\
         \x20   FOREIGN KEY (document_key, group_index) REFERENCES groups (document_key, group_index)\n\
         \x20       DEFERRABLE INITIALLY DEFERRED\n);\n",
    );
    for (table, value, column) in link_tables() {
        out.push_str(&format!(
            "\n-- `units.{column}`, a row per value: its position in the list (from 0) and the value.\n\
             CREATE TABLE IF NOT EXISTS {table} (\n\
             \x20   unit_key TEXT NOT NULL REFERENCES units (key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,\n\
             \x20   seq INTEGER NOT NULL,\n\
             \x20   {value} TEXT NOT NULL,\n\
             \x20   PRIMARY KEY (unit_key, seq)\n);\n\
             CREATE INDEX IF NOT EXISTS {table}_{value} ON {table} ({value});\n"
        ));
    }
    out.push_str(include_str!("schema-tail.sql"));
    out
}

/// Each list column's link table: (table, value column, unit column).
fn link_tables() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    columns::all().filter_map(|c| match c.ty {
        ColumnType::List { table, value } => Some((table, value, c.name)),
        _ => None,
    })
}
/// The columns of `documents`, in the order the upsert binds them.
const DOCUMENT_COLUMNS: [&str; 19] = [
    "document_key",
    "path",
    "symbol",
    "kind",
    "title",
    "body",
    "distribution_date",
    "session",
    "session_name",
    "state_under_review",
    "format",
    "sha256",
    "size",
    "status",
    "units",
    "errors",
    "warnings",
    "notes",
    "message",
];

/// The columns of `units` after the CSV's.
const UNIT_EXTRA_COLUMNS: [&str; 3] = ["seq", "parent_key", "group_index"];

/// What a run knows of an input besides its extraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentRecord<'a> {
    /// The input's path as the run names it.
    pub path: &'a str,
    pub sha256: Option<&'a str>,
    /// Bytes.
    pub size: Option<u64>,
    /// `ok`, `empty` or `failed`, as in the manifest.
    pub status: &'a str,
}

/// Writes documents into an SQLite database, replacing earlier versions of
/// the same documents (by document key).
pub struct SqliteSink {
    conn: Connection,
    upsert_document: String,
    insert_unit: String,
}

impl SqliteSink {
    /// Open (or create) the database at `path` and create the tables that
    /// are missing.
    pub fn open(path: &Path) -> Result<SqliteSink, EmitError> {
        SqliteSink::with_connection(Connection::open(path)?)
    }

    fn with_connection(mut conn: Connection) -> Result<SqliteSink, EmitError> {
        // Another process (a reader, the sqlite3 shell) may hold a lock briefly.
        conn.busy_timeout(Duration::from_secs(10))?;
        // WAL lets readers look while a run writes; with WAL, NORMAL loses at
        // most the last transactions on power loss, never the file.
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
        )?;
        let tx = conn.transaction()?;
        tx.execute_batch(&schema())?;
        tx.commit()?;
        Ok(SqliteSink {
            conn,
            upsert_document: upsert_sql(),
            insert_unit: insert_unit_sql(),
        })
    }

    /// Store one document: its `documents` row, groups, units and
    /// diagnostics, in place of whatever an earlier store left under its key
    /// (`Document.source.file`).
    ///
    /// A unit whose id repeats an earlier one of the same document (the
    /// numbering check reports it) is stored once, as the first.
    pub fn store(&mut self, extraction: &Extraction, record: &DocumentRecord) -> Result<(), EmitError> {
        let doc = &extraction.document;
        let key = doc.source.file.as_str();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        clear(&tx, key)?;
        tx.prepare_cached(&self.upsert_document)?
            .execute(params_from_iter(document_row(extraction, record)))?;
        store_groups(&tx, doc)?;
        store_units(&tx, &self.insert_unit, doc)?;
        store_diagnostics(&tx, key, &extraction.diagnostics)?;
        tx.commit()?;
        Ok(())
    }

    /// Record an input that could not be read: a `documents` row with
    /// status `failed`, kind `unknown`, the message, and nothing else under
    /// its key. The record's own status is not read.
    pub fn store_failure(
        &mut self,
        document_key: &str,
        record: &DocumentRecord,
        message: &str,
    ) -> Result<(), EmitError> {
        let zero = count(0);
        let document: [Sql; DOCUMENT_COLUMNS.len()] = [
            text(Some(document_key)),
            text(Some(record.path)),
            Sql::Null,
            text(Some("unknown")),
            Sql::Null,
            Sql::Null,
            Sql::Null,
            Sql::Null,
            Sql::Null,
            Sql::Null,
            Sql::Null,
            text(record.sha256),
            size(record.size),
            text(Some("failed")),
            zero.clone(),
            zero.clone(),
            zero.clone(),
            zero,
            text(Some(message)),
        ];
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        clear(&tx, document_key)?;
        tx.prepare_cached(&self.upsert_document)?
            .execute(params_from_iter(document))?;
        tx.commit()?;
        Ok(())
    }
}

impl Sink for SqliteSink {
    /// Store the document under its source file name, with no hash or size.
    fn write(&mut self, extraction: &Extraction) -> Result<(), EmitError> {
        let doc = &extraction.document;
        let record = DocumentRecord {
            path: &doc.source.file,
            sha256: None,
            size: None,
            status: match (doc.units.is_empty(), doc.kind) {
                (true, crate::model::Kind::Unknown) => "none",
                (true, _) => "empty",
                (false, _) => "ok",
            },
        };
        self.store(extraction, &record)
    }

    /// Fold the write-ahead log into the database, so that the file alone
    /// holds everything (to copy or merge it).
    fn finish(&mut self) -> Result<(), EmitError> {
        self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
        Ok(())
    }
}

/// The `documents` row of an extraction, in [`DOCUMENT_COLUMNS`] order.
fn document_row(extraction: &Extraction, record: &DocumentRecord) -> [Sql; DOCUMENT_COLUMNS.len()] {
    let doc = &extraction.document;
    let severity = |s: Severity| count(extraction.diagnostics.iter().filter(|d| d.severity == s).count());
    // The manifest's message for an input that gave nothing.
    let message = doc.units.is_empty().then(|| {
        extraction
            .diagnostics
            .iter()
            .find(|d| matches!(d.code, Code::NoUnits | Code::UnknownKind))
            .map_or("nothing extracted", |d| d.message.as_str())
    });
    let meta = &doc.metadata;
    [
        text(Some(&doc.source.file)),
        text(Some(record.path)),
        text(meta.symbol.as_deref()),
        text(Some(doc.kind.name())),
        text(meta.title.as_deref()),
        text(meta.body.as_deref()),
        text(meta.date.as_deref()),
        count_opt(meta.session_number.and_then(|n| usize::try_from(n).ok())),
        text(meta.session.as_deref()),
        text(meta.review().and_then(|r| r.state_under_review.as_deref())),
        text(Some(match doc.source.format {
            SourceFormat::Pdf => "pdf",
            SourceFormat::Text => "text",
            SourceFormat::Docx => "docx",
        })),
        text(record.sha256),
        size(record.size),
        text(Some(record.status)),
        count(doc.units.len()),
        severity(Severity::Error),
        severity(Severity::Warning),
        severity(Severity::Note),
        text(message),
    ]
}

/// Store a document's groups; a parent index that points nowhere is NULL
/// rather than a broken reference.
fn store_groups(tx: &Transaction, doc: &crate::model::Document) -> Result<(), EmitError> {
    let groups = doc.groups.len();
    let index = |i: Option<usize>| count_opt(i.filter(|&i| i < groups));
    let mut insert_group = tx.prepare_cached(
        "INSERT INTO groups (document_key, group_index, kind, parent_index, ordinal, numeral,          title, city, start_date, end_date, year)          VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (i, g) in doc.groups.iter().enumerate() {
        insert_group.execute(params![
            doc.source.file.as_str(),
            count(i),
            group_kind(g.kind),
            index(g.parent),
            g.ordinal,
            text(g.numeral.as_deref()),
            text(Some(&g.title)),
            text(g.city.as_deref()),
            text(g.start_date.as_deref()),
            text(g.end_date.as_deref()),
            g.year,
        ])?;
    }
    Ok(())
}

/// Store a document's diagnostics in their order.
fn store_diagnostics(
    tx: &Transaction,
    key: &str,
    diagnostics: &[crate::diagnostic::Diagnostic],
) -> Result<(), EmitError> {
    let mut insert_diagnostic = tx.prepare_cached(
        "INSERT INTO diagnostics (document_key, seq, code, severity, message, file, page,          line, related) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (seq, d) in diagnostics.iter().enumerate() {
        let related: Vec<String> = d.related.iter().map(ToString::to_string).collect();
        insert_diagnostic.execute(params![
            key,
            count(seq),
            d.code.name(),
            d.severity.to_string(),
            text(Some(&d.message)),
            text(Some(&d.location.file)),
            d.location.page,
            d.location.line,
            text(Some(&related.join(";"))),
        ])?;
    }
    Ok(())
}

/// Store a document's units in the `units` table and their lists in the
/// link tables. A unit whose id repeats an earlier one (the insert does
/// nothing) leaves its lists out too.
fn store_units(tx: &Transaction, insert: &str, doc: &crate::model::Document) -> Result<(), EmitError> {
    let groups = doc.groups.len();
    let mut insert_unit = tx.prepare_cached(insert)?;
    let mut links: Vec<_> = link_tables()
        .map(|(table, value, _)| {
            tx.prepare_cached(&format!(
                "INSERT INTO {table} (unit_key, seq, {value}) VALUES (?1, ?2, ?3)"
            ))
        })
        .collect::<Result<_, _>>()?;
    for (seq, record) in columns::records(doc).enumerate() {
        let unit = record.unit;
        let key = format!("{}#{}", doc.source.file, unit.id);
        let parent_key = unit
            .parent
            .and_then(|p| doc.units.get(p))
            .map(|p| format!("{}#{}", doc.source.file, p.id));
        let values: Vec<Value> = columns::values(record).collect();
        let row = values.iter().map(column).chain([
            count(seq),
            text(parent_key.as_deref()),
            count_opt(unit.group.filter(|&i| i < groups)),
        ]);
        if insert_unit.execute(rusqlite::params_from_iter(row))? == 0 {
            continue;
        }
        let lists = values.iter().filter_map(|v| match v {
            Value::List(items) => Some(items),
            _ => None,
        });
        for (insert, items) in links.iter_mut().zip(lists) {
            for (i, item) in items.iter().enumerate() {
                insert.execute(params![key, count(i), item.as_ref()])?;
            }
        }
    }
    Ok(())
}

/// Remove what is stored under a document key, but its `documents` row
/// (which the upsert then rewrites).
fn clear(tx: &Transaction, key: &str) -> Result<(), EmitError> {
    for (table, _, _) in link_tables() {
        tx.prepare_cached(&format!(
            "DELETE FROM {table} WHERE unit_key IN (SELECT key FROM units WHERE document_key = ?1)"
        ))?
        .execute([key])?;
    }
    for sql in [
        "DELETE FROM diagnostics WHERE document_key = ?1",
        "DELETE FROM units WHERE document_key = ?1",
        "DELETE FROM groups WHERE document_key = ?1",
    ] {
        tx.prepare_cached(sql)?.execute([key])?;
    }
    Ok(())
}

/// `INSERT … ON CONFLICT (document_key) DO UPDATE` over every column: unlike
/// a replace, it never deletes the row, so nothing cascades.
fn upsert_sql() -> String {
    let names = DOCUMENT_COLUMNS.join(", ");
    let marks = placeholders(DOCUMENT_COLUMNS.len());
    let sets: Vec<String> = DOCUMENT_COLUMNS
        .iter()
        .skip(1)
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    format!(
        "INSERT INTO documents ({names}) VALUES ({marks}) ON CONFLICT (document_key) DO UPDATE SET {}",
        sets.join(", ")
    )
}

/// The units insert, every column by name. A repeated id within a
/// document is a uniqueness conflict and is skipped.
fn insert_unit_sql() -> String {
    let names: Vec<&str> = columns::names().chain(UNIT_EXTRA_COLUMNS).collect();
    format!(
        "INSERT INTO units ({}) VALUES ({}) ON CONFLICT DO NOTHING",
        names.join(", "),
        placeholders(names.len())
    )
}

fn placeholders(n: usize) -> String {
    (1..=n).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ")
}

/// A column's value, typed: integers and booleans as integers, a list as
/// its JSON array, NULL as NULL.
fn column(value: &Value) -> Sql {
    match value {
        Value::Null => Sql::Null,
        Value::Integer(n) => Sql::Integer(*n),
        Value::Boolean(b) => Sql::Integer(i64::from(*b)),
        Value::Text(_) | Value::List(_) => Sql::Text(value.csv()),
    }
}

/// Text, NULL when missing or empty.
fn text(value: Option<&str>) -> Sql {
    match value {
        Some(s) if !s.is_empty() => Sql::Text(s.to_string()),
        _ => Sql::Null,
    }
}

fn count(n: usize) -> Sql {
    count_opt(Some(n))
}

fn count_opt(n: Option<usize>) -> Sql {
    n.and_then(|n| i64::try_from(n).ok())
        .map_or(Sql::Null, Sql::Integer)
}

fn size(n: Option<u64>) -> Sql {
    n.and_then(|n| i64::try_from(n).ok())
        .map_or(Sql::Null, Sql::Integer)
}

fn group_kind(kind: GroupKind) -> &'static str {
    match kind {
        GroupKind::Meeting => "meeting",
        GroupKind::Topic => "topic",
        GroupKind::Theme => "theme",
        GroupKind::Block => "block",
        GroupKind::Section => "section",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, extract};

    const REPORT: &str = "\
Report on the meeting of the Working Group on the Smuggling of Migrants held in Vienna from 30 May to 1 June 2012

I. Recommendations

A. Criminalization

1. States should ratify the Protocol.

2. States should review their legislation:

(a) Criminal legislation;

(b) Sanctions.

II. Summary of deliberations

3. The Working Group discussed.
";

    fn sink() -> SqliteSink {
        SqliteSink::with_connection(Connection::open_in_memory().unwrap()).unwrap()
    }

    fn report() -> Extraction {
        extract("report.txt", REPORT.as_bytes(), &Config::default()).unwrap()
    }

    fn units(sink: &SqliteSink) -> Vec<(String, Option<String>, Option<i64>)> {
        let mut stmt = sink
            .conn
            .prepare("SELECT id, parent_key, group_index FROM units ORDER BY seq")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    fn scalar<T: rusqlite::types::FromSql>(sink: &SqliteSink, sql: &str) -> T {
        sink.conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn values_are_typed_and_empty_is_null() {
        let list = ["a;b".to_string(), "c".to_string()];
        assert_eq!(column(&Value::text(Some("x"))), Sql::Text("x".into()));
        assert_eq!(column(&Value::text(Some(""))), Sql::Null);
        assert_eq!(column(&Value::text(None)), Sql::Null);
        assert_eq!(column(&Value::integer(Some(7))), Sql::Integer(7));
        assert_eq!(column(&Value::integer(None)), Sql::Null);
        assert_eq!(column(&Value::Boolean(true)), Sql::Integer(1));
        assert_eq!(
            column(&Value::list(Some(&list))),
            Sql::Text(r#"["a;b","c"]"#.into())
        );
        assert_eq!(column(&Value::list(None)), Sql::Text("[]".into()));
        assert_eq!(size(Some(u64::MAX)), Sql::Null);
    }

    #[test]
    fn stores_units_with_parents_and_groups() {
        let x = report();
        assert_eq!(x.document.units.len(), 4, "{:?}", x.document.units);
        let mut sink = sink();
        sink.write(&x).unwrap();
        let stored = units(&sink);
        assert_eq!(stored.len(), 4);
        let parent = Some(format!("report.txt#{}", stored[1].0));
        assert_eq!((&stored[2].1, &stored[3].1), (&parent, &parent));
        assert!(stored.iter().all(|u| u.2.is_some()));
        let status: String = scalar(&sink, "SELECT status FROM documents");
        assert_eq!(status, "ok");
        let foreign: i64 = scalar(&sink, "SELECT count(*) FROM pragma_foreign_key_check");
        assert_eq!(foreign, 0);
    }

    #[test]
    fn stores_diagnostics_and_counts_them() {
        use crate::diagnostic::{Diagnostic, Location};
        let mut x = extract(
            "gap.txt",
            REPORT.replace("2. States", "3. States").as_bytes(),
            &Config::default(),
        )
        .unwrap();
        assert!(x.diagnostics.iter().any(|d| d.code == Code::NumberingGap));
        let related = Location::new("index.pdf", Some(2), 4);
        let note = Diagnostic::new(Code::CountMismatch, Location::new("gap.txt", None, 9), "m");
        x.diagnostics
            .push(note.with_related(related.clone()).with_related(related));
        let mut sink = sink();
        sink.write(&x).unwrap();
        let stored: i64 = scalar(&sink, "SELECT count(*) FROM diagnostics");
        assert_eq!(stored as usize, x.diagnostics.len());
        let gap: (String, Option<i64>, i64) = sink
            .conn
            .query_row(
                "SELECT severity, page, line FROM diagnostics WHERE code = 'numbering_gap'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!((gap.0.as_str(), gap.1), ("error", None));
        assert!(gap.2 > 0);
        let last: String = scalar(&sink, "SELECT related FROM diagnostics ORDER BY seq DESC LIMIT 1");
        assert_eq!(last, "index.pdf:p2:4;index.pdf:p2:4");
        let errors: i64 = scalar(&sink, "SELECT errors FROM documents");
        let expected = x
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        assert_eq!(errors as usize, expected);
        sink.write(&x).unwrap();
        let again: i64 = scalar(&sink, "SELECT count(*) FROM diagnostics");
        assert_eq!(again, stored);
    }

    #[test]
    fn a_repeated_id_is_stored_once() {
        let mut x = report();
        let copy = x.document.units[0].clone();
        x.document.units.insert(1, copy);
        let mut sink = sink();
        sink.write(&x).unwrap();
        assert_eq!(units(&sink).len(), 4);
    }

    #[test]
    fn indices_out_of_range_are_null() {
        let mut x = report();
        x.document.units[0].group = Some(99);
        x.document.units[1].parent = Some(99);
        let mut sink = sink();
        sink.write(&x).unwrap();
        let first = &units(&sink)[0];
        assert_eq!(first.2, None);
        let orphan: i64 = scalar(
            &sink,
            "SELECT count(*) FROM units WHERE seq = 1 AND parent_key IS NULL",
        );
        assert_eq!(orphan, 1);
    }

    #[test]
    fn a_failure_replaces_a_document_and_a_store_replaces_the_failure() {
        let x = report();
        let mut sink = sink();
        sink.write(&x).unwrap();
        let record = DocumentRecord {
            path: "in/report.txt",
            sha256: Some("ab"),
            size: Some(12),
            status: "failed",
        };
        sink.store_failure("report.txt", &record, "cannot read").unwrap();
        assert_eq!(units(&sink).len(), 0);
        let row: (String, String, String, i64) = sink
            .conn
            .query_row("SELECT status, kind, message, size FROM documents", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .unwrap();
        assert_eq!(row, ("failed".into(), "unknown".into(), "cannot read".into(), 12));
        let diagnostics: i64 = scalar(&sink, "SELECT count(*) FROM diagnostics");
        assert_eq!(diagnostics, 0);

        sink.write(&x).unwrap();
        assert_eq!(units(&sink).len(), 4);
        let message: Option<String> = scalar(&sink, "SELECT message FROM documents");
        assert_eq!(message, None);
    }

    #[test]
    fn a_document_without_units_says_why() {
        // No known kind: it holds no recommendations.
        let status = |config: &Config| {
            let x = extract("note.txt", b"Nothing to see here.\n", config).unwrap();
            let mut sink = sink();
            sink.write(&x).unwrap();
            let row: (String, Option<String>) = sink
                .conn
                .query_row("SELECT status, message FROM documents", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .unwrap();
            row
        };
        let (none, message) = status(&Config::default());
        assert_eq!(none, "none");
        assert!(message.is_some_and(|m| m.contains("no profile recognised")));
        // A known kind with nothing found in it.
        let (empty, message) = status(&Config::of_kind(crate::model::Kind::Compilation));
        assert_eq!(empty, "empty");
        assert!(message.is_some());
    }
}
