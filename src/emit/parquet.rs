//! Parquet: the units as one typed table for DuckDB, pandas, polars, Spark.
//!
//! The columns are those of [`columns`], in their order, with their types
//! kept: texts as UTF-8 strings, integers as 64-bit integers (a label's
//! `number` and `item` stay numbers), dates as Parquet dates, booleans as
//! booleans, and each list as a list of strings (never NULL; empty when a
//! unit has none). Every document is one row group, so a file of a batch
//! is the documents' own files put one after another
//! ([`concatenate`]), without decoding them.
//!
//! Output is written as each document is finished: the sink keeps only
//! the document being encoded, whatever writer it is given.

use super::{Column, ColumnType, EmitError, Record, Sink, Value, columns};
use crate::Extraction;
use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use parquet::column::writer::{ColumnCloseResult, ColumnWriter};
use parquet::data_type::ByteArray;
use parquet::errors::ParquetError;
use parquet::file::metadata::ParquetMetaDataReader;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::file::reader::ChunkReader;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::{Type, TypePtr};
use std::io::Write;
use std::sync::Arc;

/// The schema: one field per column, named as the column.
pub fn schema() -> Result<TypePtr, ParquetError> {
    let fields = columns::all().map(field).collect::<Result<Vec<_>, _>>()?;
    Ok(Arc::new(
        Type::group_type_builder("unit").with_fields(fields).build()?,
    ))
}

/// A column's field: optional scalars; a list as Parquet's three-level
/// list (`name` LIST → repeated `list` → required `element`).
fn field(column: &Column) -> Result<TypePtr, ParquetError> {
    let scalar = |physical, logical| {
        Type::primitive_type_builder(column.name, physical)
            .with_repetition(Repetition::OPTIONAL)
            .with_logical_type(logical)
            .build()
    };
    let built = match column.ty {
        ColumnType::Integer => scalar(Physical::INT64, None)?,
        ColumnType::Date => scalar(Physical::INT32, Some(LogicalType::Date))?,
        ColumnType::Boolean => scalar(Physical::BOOLEAN, None)?,
        ColumnType::List { .. } => {
            let element = Type::primitive_type_builder("element", Physical::BYTE_ARRAY)
                .with_repetition(Repetition::REQUIRED)
                .with_logical_type(Some(LogicalType::String))
                .build()?;
            let list = Type::group_type_builder("list")
                .with_repetition(Repetition::REPEATED)
                .with_fields(vec![Arc::new(element)])
                .build()?;
            Type::group_type_builder(column.name)
                .with_repetition(Repetition::REQUIRED)
                .with_logical_type(Some(LogicalType::List))
                .with_fields(vec![Arc::new(list)])
                .build()?
        }
        _ => scalar(Physical::BYTE_ARRAY, Some(LogicalType::String))?,
    };
    Ok(Arc::new(built))
}

/// How every file is written: Snappy pages, dictionaries, statistics per
/// column chunk (which DuckDB and Spark use to skip row groups).
fn properties() -> Arc<WriterProperties> {
    Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_statistics_enabled(EnabledStatistics::Chunk)
            .set_created_by(format!("unrec {}", env!("CARGO_PKG_VERSION")))
            .build(),
    )
}

/// A Parquet file over a writer: a row group per document with units.
pub struct ParquetSink<W: Write> {
    /// Encoded in memory, and handed to `out` after each row group.
    file: Option<SerializedFileWriter<Vec<u8>>>,
    out: W,
    finished: bool,
}

impl<W: Write> ParquetSink<W> {
    pub fn new(out: W) -> Self {
        ParquetSink {
            file: None,
            out,
            finished: false,
        }
    }

    fn file(&mut self) -> Result<&mut SerializedFileWriter<Vec<u8>>, EmitError> {
        let file = match self.file.take() {
            Some(file) => file,
            None => SerializedFileWriter::new(Vec::new(), schema()?, properties())?,
        };
        Ok(self.file.insert(file))
    }

    /// Hand what has been encoded so far to the output.
    fn drain(&mut self) -> Result<(), EmitError> {
        if let Some(file) = &mut self.file {
            file.flush()?;
            self.out.write_all(file.inner_mut())?;
            file.inner_mut().clear();
        }
        Ok(())
    }
}

impl<W: Write> Sink for ParquetSink<W> {
    fn write(&mut self, extraction: &Extraction) -> Result<(), EmitError> {
        let records: Vec<Record<'_>> = columns::records(&extraction.document).collect();
        if records.is_empty() {
            return Ok(());
        }
        let mut group = self.file()?.next_row_group()?;
        for column in columns::all() {
            let Some(mut writer) = group.next_column()? else {
                return Err(mismatch(column.name, "the schema has fewer columns"));
            };
            write_column(writer.untyped(), column, &records)?;
            writer.close()?;
        }
        group.close()?;
        self.drain()
    }

    fn finish(&mut self) -> Result<(), EmitError> {
        if !self.finished {
            self.finished = true;
            self.file()?.finish()?;
            self.drain()?;
        }
        self.out.flush()?;
        Ok(())
    }
}

/// A value the column's type cannot hold: a fault in the column table.
fn mismatch(column: &str, what: &str) -> EmitError {
    EmitError::Parquet(ParquetError::General(format!("column `{column}`: {what}")))
}

/// The values of one column, with their definition and repetition levels.
struct Chunk<T> {
    values: Vec<T>,
    defined: Vec<i16>,
    repeated: Vec<i16>,
}

impl<T> Chunk<T> {
    fn new(rows: usize) -> Self {
        Chunk {
            values: Vec::with_capacity(rows),
            defined: Vec::with_capacity(rows),
            repeated: Vec::new(),
        }
    }

    /// A scalar's value, or NULL.
    fn push(&mut self, value: Option<T>) {
        self.defined.push(i16::from(value.is_some()));
        self.values.extend(value);
    }
}

/// Encode one column of a row group.
fn write_column(
    writer: &mut ColumnWriter<'_>,
    column: &Column,
    records: &[Record<'_>],
) -> Result<(), EmitError> {
    let values = records.iter().map(|r| (column.value)(r));
    let wrong = |v: Value<'_>| mismatch(column.name, &format!("unexpected value {v:?}"));
    let rows = records.len();
    match (column.ty, writer) {
        (ColumnType::Integer, ColumnWriter::Int64ColumnWriter(w)) => {
            let chunk = scalars(values, rows, |v| match v {
                Value::Integer(n) => Ok(n),
                other => Err(other),
            });
            let chunk = chunk.map_err(wrong)?;
            w.write_batch(&chunk.values, Some(&chunk.defined), None)?;
        }
        (ColumnType::Date, ColumnWriter::Int32ColumnWriter(w)) => {
            let chunk = scalars(values, rows, |v| match v {
                Value::Text(t) => days(&t).ok_or(Value::Text(t)),
                other => Err(other),
            });
            let chunk = chunk.map_err(wrong)?;
            w.write_batch(&chunk.values, Some(&chunk.defined), None)?;
        }
        (ColumnType::Boolean, ColumnWriter::BoolColumnWriter(w)) => {
            let chunk = scalars(values, rows, |v| match v {
                Value::Boolean(b) => Ok(b),
                other => Err(other),
            });
            let chunk = chunk.map_err(wrong)?;
            w.write_batch(&chunk.values, Some(&chunk.defined), None)?;
        }
        (ColumnType::Text, ColumnWriter::ByteArrayColumnWriter(w)) => {
            let chunk = scalars(values, rows, |v| match v {
                Value::Text(t) => Ok(bytes(&t)),
                other => Err(other),
            });
            let chunk = chunk.map_err(wrong)?;
            w.write_batch(&chunk.values, Some(&chunk.defined), None)?;
        }
        (ColumnType::List { .. }, ColumnWriter::ByteArrayColumnWriter(w)) => {
            let chunk = list_chunk(values, rows).map_err(wrong)?;
            w.write_batch(&chunk.values, Some(&chunk.defined), Some(&chunk.repeated))?;
        }
        _ => return Err(mismatch(column.name, "its type and the schema's differ")),
    }
    Ok(())
}

/// An optional scalar column's chunk: NULL is level 0 and no value; any
/// other value is what `pick` makes of it, or given back when it cannot.
fn scalars<'a, T>(
    values: impl Iterator<Item = Value<'a>>,
    rows: usize,
    pick: impl Fn(Value<'a>) -> Result<T, Value<'a>>,
) -> Result<Chunk<T>, Value<'a>> {
    let mut chunk = Chunk::new(rows);
    for value in values {
        match value {
            Value::Null => chunk.push(None),
            other => chunk.push(Some(pick(other)?)),
        }
    }
    Ok(chunk)
}

/// A list column's chunk: an empty list is one level (0, 0) and no value;
/// each item is defined (1), the first starting its row (repetition 0).
fn list_chunk<'a>(
    values: impl Iterator<Item = Value<'a>>,
    rows: usize,
) -> Result<Chunk<ByteArray>, Value<'a>> {
    let mut chunk = Chunk::new(rows);
    for value in values {
        let Value::List(items) = value else {
            return Err(value);
        };
        if items.is_empty() {
            chunk.defined.push(0);
            chunk.repeated.push(0);
        }
        for (i, item) in items.iter().enumerate() {
            chunk.defined.push(1);
            chunk.repeated.push(i16::from(i > 0));
            chunk.values.push(bytes(item));
        }
    }
    Ok(chunk)
}

fn bytes(text: &str) -> ByteArray {
    ByteArray::from(text.as_bytes().to_vec())
}

/// Days since 1970-01-01 of an ISO date (`2019-06-21`), as Parquet's DATE
/// holds it; `None` for anything else.
fn days(iso: &str) -> Option<i32> {
    let date = crate::segment::dates::Date::from_iso(iso)?;
    i32::try_from(date.unix_days()).ok()
}

/// Several files of this schema as one: their row groups copied in order,
/// still encoded. A part that cannot be read, or whose schema is not this
/// one, is refused by its name.
pub fn concatenate<W, N, R>(out: W, parts: impl IntoIterator<Item = (N, R)>) -> Result<(), EmitError>
where
    W: Write + Send,
    N: std::fmt::Display,
    R: ChunkReader,
{
    let mut joined = Concatenation::new(out)?;
    for (name, part) in parts {
        joined.append(name, &part)?;
    }
    joined.finish()
}

/// A file being made of parts, one [`Concatenation::append`] at a time (so
/// that a caller opens one part at a time).
pub struct Concatenation<W: Write + Send> {
    file: SerializedFileWriter<W>,
    schema: TypePtr,
}

impl<W: Write + Send> Concatenation<W> {
    pub fn new(out: W) -> Result<Self, EmitError> {
        let schema = schema()?;
        let file = SerializedFileWriter::new(out, schema.clone(), properties())?;
        Ok(Concatenation { file, schema })
    }

    /// Copy a part's row groups.
    pub fn append<R: ChunkReader>(
        &mut self,
        name: impl std::fmt::Display,
        part: &R,
    ) -> Result<(), EmitError> {
        let refused = |e: ParquetError| EmitError::Parquet(ParquetError::General(format!("{name}: {e}")));
        let metadata = ParquetMetaDataReader::new()
            .parse_and_finish(part)
            .map_err(refused)?;
        if metadata.file_metadata().schema_descr().root_schema() != self.schema.as_ref() {
            return Err(refused(ParquetError::General("another schema".into())));
        }
        for group in metadata.row_groups() {
            let mut out_group = self.file.next_row_group()?;
            for chunk in group.columns() {
                let close = ColumnCloseResult {
                    bytes_written: u64::try_from(chunk.compressed_size()).unwrap_or_default(),
                    rows_written: u64::try_from(group.num_rows()).unwrap_or_default(),
                    metadata: chunk.clone(),
                    bloom_filter: None,
                    column_index: None,
                    offset_index: None,
                };
                out_group.append_column(part, close).map_err(refused)?;
            }
            out_group.close()?;
        }
        Ok(())
    }

    /// Write the footer.
    pub fn finish(self) -> Result<(), EmitError> {
        self.file.close()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_days_from_1970_and_nothing_else() {
        assert_eq!(days("2019-06-21"), Some(18_068));
        assert_eq!(days("21 June 2019"), None);
    }

    #[test]
    fn every_column_has_a_field_of_its_name_in_order() {
        let schema = schema().unwrap();
        let fields: Vec<&str> = schema.get_fields().iter().map(|f| f.name()).collect();
        assert_eq!(fields, columns::names().collect::<Vec<_>>());
    }

    #[test]
    fn a_list_chunk_levels_mark_rows_and_empty_lists() {
        let list = |items: &[&'static str]| Value::List(items.iter().map(|s| (*s).into()).collect());
        let chunk = list_chunk([list(&["a", "b"]), list(&[]), list(&["c"])].into_iter(), 3).unwrap();
        assert_eq!(chunk.values.len(), 3);
        assert_eq!(chunk.defined, [1, 1, 0, 1]);
        assert_eq!(chunk.repeated, [0, 1, 0, 0]);
        assert!(list_chunk([Value::Integer(1)].into_iter(), 1).is_err());
    }
}
