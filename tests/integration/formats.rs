//! The same data in every format: each fixture (and each shared-corpus
//! document) is written as CSV, JSON, JSONL, Parquet and SQLite, every
//! format is read back with its own reader, and each unit must have the same fields with
//! the same typed values in all of them: numbers as numbers, lists as lists
//! (the SQLite link tables included), NULL as NULL.

use rusqlite::Connection;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::Path;
use unrec::emit::{self, ColumnType, Format, Sink};
use unrec::{Config, Extraction, regress};

/// A unit's fields by column name, as JSON values.
type Unit = Map<String, Value>;

/// The units of each format, each keyed by `key` (document order kept).
fn column_types() -> Vec<(&'static str, ColumnType)> {
    emit::columns::all().map(|c| (c.name, c.ty)).collect()
}

/// A CSV cell typed by its column: empty is NULL, a list a JSON array.
fn typed_cell(cell: &str, ty: ColumnType) -> Value {
    match ty {
        ColumnType::List { .. } => serde_json::from_str(cell).unwrap_or_else(|e| panic!("{cell:?}: {e}")),
        _ if cell.is_empty() => Value::Null,
        ColumnType::Integer => Value::from(cell.parse::<i64>().unwrap()),
        ColumnType::Boolean => Value::from(cell.parse::<bool>().unwrap()),
        _ => Value::from(cell),
    }
}

fn from_csv(bytes: &[u8]) -> Vec<Unit> {
    let types = column_types();
    let mut reader = csv::Reader::from_reader(bytes);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, types.iter().map(|(n, _)| *n).collect::<Vec<_>>());
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            types
                .iter()
                .zip(r.iter())
                .map(|((name, ty), cell)| (name.to_string(), typed_cell(cell, *ty)))
                .collect()
        })
        .collect()
}

fn from_jsonl(bytes: &[u8]) -> Vec<Unit> {
    std::str::from_utf8(bytes)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The units of the JSON document (meetings' recommendations and their
/// sub-items, then units outside meetings), each cut to the columns.
fn from_json(bytes: &[u8]) -> Vec<Unit> {
    fn walk(unit: &Value, out: &mut Vec<Unit>) {
        let fields: Unit = column_types()
            .iter()
            .map(|(n, _)| {
                (
                    n.to_string(),
                    unit.get(*n).cloned().unwrap_or(Value::String("<absent>".into())),
                )
            })
            .collect();
        out.push(fields);
        for item in unit["sub_items"].as_array().into_iter().flatten() {
            walk(item, out);
        }
    }
    let doc: Value = serde_json::from_slice(bytes).unwrap();
    let mut out = Vec::new();
    for meeting in doc["meetings"].as_array().unwrap() {
        for rec in meeting["recommendations"].as_array().unwrap() {
            walk(rec, &mut out);
        }
    }
    for unit in doc["units"].as_array().into_iter().flatten() {
        walk(unit, &mut out);
    }
    out
}

/// The units of an SQLite database holding one document: the `units` row
/// of each, its list columns checked against their link tables.
fn from_sqlite(x: &Extraction) -> Vec<Unit> {
    let dir = std::env::temp_dir().join(format!("unrec-formats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{}.sqlite", x.document.source.file.replace('/', "_")));
    let _ = std::fs::remove_file(&path);
    let mut sink = emit::sqlite::SqliteSink::open(&path).unwrap();
    sink.write(x).unwrap();
    sink.finish().unwrap();
    drop(sink);
    let conn = Connection::open(&path).unwrap();
    let types = column_types();
    let names: Vec<&str> = types.iter().map(|(n, _)| *n).collect();
    let mut stmt = conn
        .prepare(&format!("SELECT {} FROM units ORDER BY seq", names.join(", ")))
        .unwrap();
    let units: Vec<Unit> = stmt
        .query_map([], |row| {
            let mut unit = Unit::new();
            for (i, (name, ty)) in types.iter().enumerate() {
                let value = match row.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => Value::Null,
                    rusqlite::types::ValueRef::Integer(n) if *ty == ColumnType::Boolean => {
                        Value::from(n != 0)
                    }
                    rusqlite::types::ValueRef::Integer(n) => Value::from(n),
                    rusqlite::types::ValueRef::Text(t) => {
                        let t = std::str::from_utf8(t).unwrap();
                        match ty {
                            ColumnType::List { .. } => serde_json::from_str(t).unwrap(),
                            _ => Value::from(t),
                        }
                    }
                    other => panic!("{name}: unexpected {other:?}"),
                };
                unit.insert(name.to_string(), value);
            }
            Ok(unit)
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (name, ty) in &types {
        let ColumnType::List { table, value } = ty else {
            continue;
        };
        let mut linked: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        let mut stmt = conn
            .prepare(&format!(
                "SELECT unit_key, {value} FROM {table} ORDER BY unit_key, seq"
            ))
            .unwrap();
        for row in stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .unwrap()
        {
            let (key, item) = row.unwrap();
            linked.entry(key).or_default().push(Value::from(item));
        }
        for unit in &units {
            let key = unit["key"].as_str().unwrap();
            let from_link = linked.get(key).cloned().unwrap_or_default();
            assert_eq!(
                unit[*name],
                Value::Array(from_link),
                "{key}: {name} against {table}"
            );
        }
    }
    std::fs::remove_file(&path).unwrap();
    units
}

/// The units of a Parquet file, read back by the parquet crate's own
/// reader: dates come back as ISO texts, lists as arrays, NULL as null.
#[cfg(feature = "parquet")]
pub fn from_parquet(bytes: &[u8]) -> Vec<Unit> {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let dir = std::env::temp_dir().join(format!("unrec-parquet-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    static FILES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = FILES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = dir.join(format!("{n}.parquet"));
    std::fs::write(&path, bytes).unwrap();
    let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
    let units = reader
        .get_row_iter(None)
        .unwrap()
        .map(|row| {
            let row = row.unwrap();
            // The columns, in order.
            let names: Vec<&str> = row.get_column_iter().map(|(name, _)| name.as_str()).collect();
            assert_eq!(names, emit::header());
            row.get_column_iter()
                .map(|(name, field)| (name.clone(), parquet_json(field)))
                .collect()
        })
        .collect();
    std::fs::remove_file(&path).unwrap();
    units
}

/// A Parquet field as the JSONL value it must equal.
#[cfg(feature = "parquet")]
fn parquet_json(field: &parquet::record::Field) -> Value {
    use parquet::record::{Field, ListAccessor};
    match field {
        Field::Null => Value::Null,
        Field::Bool(b) => Value::from(*b),
        Field::Long(n) => Value::from(*n),
        Field::Str(s) => Value::from(s.as_str()),
        Field::Date(days) => Value::from(civil(*days)),
        Field::ListInternal(list) => (0..list.len())
            .map(|i| Value::from(list.get_string(i).unwrap().as_str()))
            .collect(),
        other => panic!("a column of an unexpected type: {other:?}"),
    }
}

/// The ISO date of a count of days from 1970-01-01, counted day by day
/// through the months (a different way from the writer's arithmetic).
#[cfg(feature = "parquet")]
fn civil(mut days: i32) -> String {
    let leap = |y: i32| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let mut year = 1970;
    while days < 0 {
        year -= 1;
        days += if leap(year) { 366 } else { 365 };
    }
    while days >= if leap(year) { 366 } else { 365 } {
        days -= if leap(year) { 366 } else { 365 };
        year += 1;
    }
    let lengths = [
        31,
        if leap(year) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut month = 0;
    while days >= lengths[month] {
        days -= lengths[month];
        month += 1;
    }
    format!("{year:04}-{:02}-{:02}", month + 1, days + 1)
}

/// Every format of one extraction gives the same units.
fn same_in_every_format(x: &Extraction) -> usize {
    let bytes = |format: Format| emit::to_bytes(format, x).unwrap();
    let jsonl = from_jsonl(&bytes(Format::Jsonl));
    assert_eq!(jsonl.len(), x.document.units.len());
    let by_key = |units: Vec<Unit>| -> BTreeMap<String, Unit> {
        units
            .into_iter()
            .map(|u| (u["key"].as_str().unwrap().to_string(), u))
            .collect()
    };
    let reference = by_key(jsonl.clone());
    let name = &x.document.source.file;
    for (format, units) in [
        ("csv", from_csv(&bytes(Format::Csv))),
        ("json", from_json(&bytes(Format::Json))),
        ("sqlite", from_sqlite(x)),
        #[cfg(feature = "parquet")]
        ("parquet", from_parquet(&bytes(Format::Parquet))),
    ] {
        assert_eq!(units.len(), jsonl.len(), "{name}: {format} unit count");
        let units = by_key(units);
        for (key, unit) in &reference {
            let theirs = units
                .get(key)
                .unwrap_or_else(|| panic!("{name}: {format} lacks {key}"));
            for (column, value) in unit {
                assert_eq!(&theirs[column], value, "{name}: {format}, {key}, column {column}");
            }
        }
    }
    // JSONL objects hold exactly the columns, in order.
    for line in std::str::from_utf8(&bytes(Format::Jsonl)).unwrap().lines() {
        let Keys(keys) = serde_json::from_str(line).unwrap();
        assert_eq!(keys, emit::header());
    }
    jsonl.len()
}

/// An object's keys in the order they are written.
struct Keys(Vec<String>);

impl<'de> serde::Deserialize<'de> for Keys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Keys, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Keys;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                let mut keys = Vec::new();
                while let Some((key, _)) = map.next_entry::<String, serde::de::IgnoredAny>()? {
                    keys.push(key);
                }
                Ok(Keys(keys))
            }
        }
        d.deserialize_map(Visit)
    }
}

/// Extract each case of a folder as `regress` does; give the cases checked
/// and the units compared.
fn check_cases(dir: &Path) -> (usize, usize) {
    let (mut cases, mut units) = (0, 0);
    for folder in regress::case_folders(dir).unwrap() {
        let inputs = regress::inputs_of(&folder).unwrap().unwrap();
        let name = unrec::read::file_name(&inputs.document);
        let bytes = std::fs::read(&inputs.document).unwrap();
        let Ok(mut x) = unrec::extract(&name, &bytes, &Config::default()) else {
            // A case that must fail has no units to compare.
            assert!(folder.join("expected.error").exists(), "{}", folder.display());
            continue;
        };
        if let Some(index) = &inputs.index {
            let index_bytes = std::fs::read(index).unwrap();
            let index =
                unrec::read_index(&unrec::read::file_name(index), &index_bytes, &Config::default()).unwrap();
            x.cross_check(&index);
        }
        units += same_in_every_format(&x);
        cases += 1;
    }
    (cases, units)
}

#[test]
fn every_fixture_gives_the_same_units_in_every_format() {
    let (cases, units) = check_cases(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"));
    println!("{cases} fixture cases, {units} units in five formats");
    // Every fixture case but the one that must fail to read.
    assert_eq!(cases, 67);
    assert!(units >= 6029, "{units}");
}

#[test]
#[ignore = "needs ../shared/corpus (run by .ci/run when present)"]
fn every_shared_corpus_document_gives_the_same_units_in_every_format() {
    crate::shared("real");
    let (cases, units) = check_cases(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/shared"));
    println!("{cases} shared-corpus documents, {units} units in five formats");
    // Every document but the one poppler reads no page of either.
    assert_eq!(cases, 79);
    assert!(units >= 2489, "{units}");
}

/// A value holding the CSV list separator, quotes and a line break comes
/// back whole from CSV and from SQLite (`Children: definition; general
/// principles; protection` is a real OHCHR theme).
#[test]
fn a_theme_with_a_semicolon_comes_back_whole() {
    let seed = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seed/seed.txt")).unwrap();
    let mut x = unrec::extract("seed.txt", &seed, &Config::default()).unwrap();
    let themes = vec![
        "Children: definition; general principles; protection".to_string(),
        "Say \"no\" | twice,\nthen stop".to_string(),
    ];
    x.document.units[0].themes = themes.clone();
    let csv = from_csv(&emit::to_bytes(Format::Csv, &x).unwrap());
    assert_eq!(csv[0]["themes"], serde_json::json!(themes));
    let sqlite = from_sqlite(&x);
    assert_eq!(sqlite[0]["themes"], serde_json::json!(themes));
    same_in_every_format(&x);
}

/// A batch's `recommendations.parquet` is its documents' own Parquet files
/// one after another: the rows of the JSONL run's `recommendations.jsonl`,
/// value for value, and a row group per document with units.
#[cfg(feature = "parquet")]
#[test]
fn a_batch_in_parquet_holds_the_rows_of_its_jsonl_run() {
    use crate::batch_support::{batch_into, manifest, root, temp};
    let inputs = temp("parquet-inputs");
    for case in ["seed", "upr-report-labels", "co-crc", "report-sg"] {
        for file in std::fs::read_dir(root().join("fixtures").join(case)).unwrap() {
            let path = file.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            if name.ends_with(".txt") {
                std::fs::copy(&path, inputs.join(format!("{case}-{name}"))).unwrap();
            }
        }
    }
    let (parquet, jsonl) = (temp("parquet-out"), temp("parquet-jsonl"));
    assert!(batch_into(&inputs, &parquet, &["-f", "parquet"]).status.code() != Some(2));
    assert!(batch_into(&inputs, &jsonl, &["-f", "jsonl"]).status.code() != Some(2));
    let rows = from_parquet(&std::fs::read(parquet.join("recommendations.parquet")).unwrap());
    let lines = from_jsonl(&std::fs::read(jsonl.join("recommendations.jsonl")).unwrap());
    assert_eq!(rows, lines);
    let units: Vec<u64> = manifest(&parquet)["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["units"].as_u64().filter(|n| *n > 0))
        .collect();
    let documents = units.len();
    assert_eq!(documents, 4, "{units:?}");
    assert_eq!(rows.len() as u64, units.iter().sum::<u64>());
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let file = std::fs::File::open(parquet.join("recommendations.parquet")).unwrap();
    let reader = SerializedFileReader::new(file).unwrap();
    assert_eq!(reader.metadata().num_row_groups(), documents);
    for dir in [inputs, parquet, jsonl] {
        std::fs::remove_dir_all(dir).unwrap();
    }
}

/// A part that is not a Parquet file of the units is refused by its name.
#[cfg(feature = "parquet")]
#[test]
fn concatenating_a_part_of_another_kind_names_it() {
    let seed = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seed/seed.txt")).unwrap();
    let x = unrec::extract("seed.txt", &seed, &Config::default()).unwrap();
    let good = bytes_file(&emit::to_bytes(Format::Parquet, &x).unwrap(), "good");
    let bad = bytes_file(b"PAR1 not really PAR1", "bad");
    let mut out = Vec::new();
    let parts = [("good.parquet", good.try_clone().unwrap()), ("bad.parquet", bad)];
    let error = emit::parquet::concatenate(&mut out, parts)
        .unwrap_err()
        .to_string();
    assert!(error.contains("bad.parquet"), "{error}");
    let mut out = Vec::new();
    emit::parquet::concatenate(&mut out, [("good.parquet", good)]).unwrap();
    assert_eq!(
        from_parquet(&out),
        from_jsonl(&emit::to_bytes(Format::Jsonl, &x).unwrap())
    );
}

#[cfg(feature = "parquet")]
fn bytes_file(bytes: &[u8], name: &str) -> std::fs::File {
    let path = std::env::temp_dir().join(format!("unrec-part-{name}-{}", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    let file = std::fs::File::open(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    file
}
