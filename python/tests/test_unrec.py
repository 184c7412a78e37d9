"""The Python package against the fixtures: the same units, fields and
types as the command line's JSON, errors as exceptions naming the file."""

import json
import os
import pathlib
import subprocess

import pytest

import unrec

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
SEED = FIXTURES / "seed" / "seed.txt"
UPR = FIXTURES / "upr-report-labels" / "upr-report-labels.txt"


def test_the_reference_document_gives_its_174_units():
    x = unrec.extract(str(SEED))
    assert len(x.units) == 174
    assert x.kind == "compilation"
    first = x.units[0]
    assert first["id"] == "ctoc-cop-wg7-m1-r1"
    assert isinstance(first["meeting"], int) and isinstance(first["themes"], list)
    assert first["source"] == "seed.txt:32"


def test_units_equal_the_command_lines_json_lines():
    binary = os.environ.get("UNREC_BIN", str(ROOT / "target" / "release" / "unrec"))
    if not os.path.exists(binary):
        pytest.skip(f"no binary at {binary}")
    out = subprocess.run([binary, "extract", str(UPR), "-f", "jsonl", "-q"], capture_output=True, check=True)
    expected = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert unrec.extract(UPR).units == expected


def test_labels_stay_strings_and_numbers_integers():
    x = unrec.extract(pathlib.Path(UPR))
    unit = next(u for u in x.units if u["label"] == "131.10")
    assert (unit["number"], unit["item"]) == (131, 10)
    assert unit["recommending_states"] == ["Ghana", "Italy"]


def test_bytes_are_read_under_the_name_given():
    x = unrec.extract(SEED.read_bytes(), name="wg7.txt")
    assert len(x.units) == 174
    assert x.units[0]["document_key"] == "wg7.txt"


def test_a_kind_named_is_used_and_an_unknown_one_refused():
    assert "compilation" in unrec.kinds()
    assert len(unrec.extract(SEED, kind="compilation").units) == 174
    with pytest.raises(ValueError, match="unknown kind"):
        unrec.extract(SEED, kind="novel")


def test_errors_carry_the_file_and_kind(tmp_path):
    missing = tmp_path / "missing.pdf"
    with pytest.raises(unrec.UnrecError) as caught:
        unrec.extract(missing)
    assert caught.value.kind == "unreadable"
    assert "missing.pdf" in caught.value.file
    with pytest.raises(unrec.UnrecError) as caught:
        unrec.extract(b"   \n", name="blank.txt")
    assert (caught.value.file, caught.value.kind) == ("blank.txt", "no_text")


def test_an_index_gives_themes_and_diagnostics():
    index = FIXTURES / "crosscheck-word-changed" / "index-word-changed.txt"
    x = unrec.extract(SEED, index=index)
    assert any(u["themes"] for u in x.units)
    assert x.diagnostics and all({"code", "severity", "message", "location"} <= set(d) for d in x.diagnostics)


def test_data_frames():
    pandas = pytest.importorskip("pandas")
    pyarrow = pytest.importorskip("pyarrow")
    x = unrec.extract(UPR)
    frame = x.to_pandas()
    assert len(frame) == len(x.units)
    assert list(frame.columns) == list(x.units[0])
    assert frame["label"].tolist()[9] == x.units[9]["label"]
    table = x.to_arrow()
    assert table.num_rows == len(x.units)
    assert table.column_names == list(x.units[0])
    assert pyarrow.types.is_list(table.schema.field("recommending_states").type)
    assert table.schema.field("number").type == pyarrow.int64()
    assert table.schema.field("date").type == pyarrow.date32()
    rows = table.to_pylist()
    assert [r["label"] for r in rows] == [u["label"] for u in x.units]
    assert [r["recommending_states"] for r in rows] == [u["recommending_states"] for u in x.units]
    assert [r["date"].isoformat() for r in rows] == [u["date"] for u in x.units]
    assert pandas.api.types.is_integer_dtype(frame["number"])


def test_a_document_without_units_has_a_typed_empty_table():
    pyarrow = pytest.importorskip("pyarrow")
    x = unrec.extract(b"1. The first paragraph of a letter.\n", name="letter.txt", kind="report")
    assert x.units == []
    table = x.to_arrow()
    assert table.num_rows == 0
    assert "recommending_states" in table.column_names
    assert table.schema.field("date").type == pyarrow.date32()


def test_batch_writes_a_manifest(tmp_path):
    inputs = [SEED, UPR]
    manifest = unrec.batch(inputs, tmp_path / "out", format="jsonl")
    assert [e["status"] for e in manifest["entries"]] == ["ok", "ok"]
    assert (tmp_path / "out" / "manifest.json").exists()


def test_an_archive_with_dask_to_parquet(tmp_path):
    """Many documents extracted on a local Dask cluster, written as Parquet
    and read back with their types."""
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    pandas = pytest.importorskip("pandas")
    pq = pytest.importorskip("pyarrow.parquet")
    import dask

    paths = [str(p) for p in sorted(FIXTURES.glob("*/*.txt")) if p.parent.name.startswith(("seed", "upr-report", "report-"))]
    assert len(paths) >= 5

    def frame(path):
        try:
            units = unrec.extract(path).units
        except unrec.UnrecError:
            units = []
        return pandas.DataFrame.from_records(units)

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False) as cluster:
        with distributed.Client(cluster):
            parts = [dask.delayed(frame)(p) for p in paths]
            frames = dask.compute(*parts)
    units = pandas.concat([f for f in frames if len(f)], ignore_index=True)
    expected = sum(len(unrec.extract(p).units) for p in paths)
    assert len(units) == expected
    target = tmp_path / "units.parquet"
    dd.from_pandas(units.astype({"themes": object}), npartitions=2).to_parquet(str(target))
    table = pq.read_table(str(target))
    assert table.num_rows == expected
    assert str(table.schema.field("number").type) in ("int64", "double")


def _duckdb_types(duckdb, path):
    rows = duckdb.connect().execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
    return {name: kind for name, kind, *_ in rows}


def _one(duckdb, sql):
    return duckdb.connect().execute(sql).fetchone()


def test_a_batch_in_parquet_loads_in_duckdb(tmp_path):
    """A batch's Parquet file: integers stay integers, dates are dates,
    lists are lists, in DuckDB and in pyarrow alike."""
    duckdb = pytest.importorskip("duckdb")
    manifest = unrec.batch([SEED, UPR], tmp_path / "out", format="parquet")
    units = sum(e["units"] for e in manifest["entries"])
    path = tmp_path / "out" / "recommendations.parquet"
    types = _duckdb_types(duckdb, path)
    assert types["number"] == "BIGINT" and types["item"] == "BIGINT"
    assert types["date"] == "DATE" and types["review_date"] == "DATE"
    assert types["recommending_states"] == "VARCHAR[]"
    assert types["label"] == "VARCHAR"
    assert _one(duckdb, f"SELECT count(*) FROM '{path}'")[0] == units
    expected = [u for u in unrec.extract(str(UPR)).units if u["item"] is not None][0]
    row = _one(
        duckdb,
        f"SELECT label, number, item, strftime(date, '%Y-%m-%d'), recommending_states "
        f"FROM '{path}' WHERE key = '{expected['key']}'",
    )
    assert row == (
        expected["label"],
        expected["number"],
        expected["item"],
        expected["date"],
        expected["recommending_states"],
    )


SHARED_UPR = ROOT.parent / "shared" / "corpus" / "upr"


@pytest.mark.skipif(not SHARED_UPR.is_dir(), reason="needs ../shared/corpus/upr")
def test_the_upr_corpus_in_parquet_loads_in_duckdb(tmp_path):
    """A batch over the UPR corpus (its PDFs; the text copies beside them
    are passed over) in DuckDB: every report's recommendations, with the
    label's numbers, the review's ISO date and the States as lists."""
    duckdb = pytest.importorskip("duckdb")
    manifest = unrec.batch([SHARED_UPR], tmp_path / "out", format="parquet")
    reports = [e for e in manifest["entries"] if e["status"] == "ok" and e["units"] > 0]
    assert len(reports) == 5
    path = tmp_path / "out" / "recommendations.parquet"
    assert _duckdb_types(duckdb, path)["recommending_states"] == "VARCHAR[]"
    units, numbered, dated, with_states, documents = _one(
        duckdb,
        f"SELECT count(*), count(item), count(date), count(*) FILTER (WHERE len(recommending_states) > 0), "
        f"count(DISTINCT document) FROM '{path}' WHERE kind = 'upr-report'",
    )
    assert units == sum(e["units"] for e in reports)
    assert units >= 648 and documents == 5
    # Each label is number.item, both integers; each report has its date.
    assert numbered == units and dated == units
    assert with_states >= 645
    labels_agree = _one(
        duckdb,
        f"SELECT bool_and(label = number::VARCHAR || '.' || item::VARCHAR) FROM '{path}' WHERE kind = 'upr-report'",
    )[0]
    assert labels_agree
