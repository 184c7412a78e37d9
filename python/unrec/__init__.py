"""Records of the recommendations in United Nations documents.

A thin layer over the unrec library (the same code as the ``unrec`` command):
``extract`` reads one document, ``batch`` many into a folder. Units come as
dicts with the fields and types of ``unrec extract -f jsonl`` (integers as
``int``, lists as ``list``, empty fields ``None``), so that nothing is
re-parsed from CSV.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

from . import _unrec

__all__ = ["Extraction", "UnrecError", "extract", "batch", "kinds"]

PathLike = Union[str, "os.PathLike[str]"]


class UnrecError(Exception):
    """A document that could not be read: ``file``, ``kind`` (the cause:
    ``unreadable``, ``too_large``, ``limit``, ``encrypted``, ``not_a_document``,
    ``damaged``, ``no_text``, ``unsupported``, ``batch``, ``output``) and
    ``page`` when known."""

    def __init__(self, message: str, file: str, kind: str, page: Optional[int] = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.kind = kind
        self.page = page


def _raised(error: Exception) -> UnrecError:
    message, file, kind, page = error.args
    return UnrecError(message, file, kind, page)


class Extraction:
    """One document's records: ``units`` (list of dicts), ``diagnostics``
    (list of dicts: code, severity, message, location), ``document`` (the
    whole document as ``unrec extract -f json`` writes it: metadata, groups)."""

    def __init__(
        self,
        document: Dict[str, Any],
        units: List[Dict[str, Any]],
        diagnostics: List[Dict[str, Any]],
        parquet: bytes = b"",
    ):
        self.document = document
        self.units = units
        self.diagnostics = diagnostics
        self._parquet = parquet

    @property
    def kind(self) -> str:
        return self.document.get("kind", "")

    def __len__(self) -> int:
        return len(self.units)

    def __repr__(self) -> str:
        return f"<Extraction {self.document.get('document')!r}: {self.kind}, {len(self.units)} units, {len(self.diagnostics)} diagnostics>"

    def to_pandas(self):
        """The units as a pandas DataFrame (needs pandas)."""
        import pandas

        return pandas.DataFrame.from_records(self.units, columns=_columns(self.units))

    def to_arrow(self):
        """The units as a pyarrow Table with the types of ``-f parquet``:
        strings, int64, date32 dates, booleans and lists of strings, every
        column present even when there are no units (needs pyarrow)."""
        import pyarrow
        import pyarrow.parquet

        if not self._parquet:
            return pyarrow.Table.from_pylist(self.units)
        return pyarrow.parquet.read_table(pyarrow.BufferReader(self._parquet))


def _columns(units: Sequence[Dict[str, Any]]) -> Optional[List[str]]:
    return list(units[0].keys()) if units else None


def _units(jsonl: str) -> List[Dict[str, Any]]:
    return [json.loads(line) for line in jsonl.splitlines() if line.strip()]


def extract(
    source: Union[PathLike, bytes],
    kind: Optional[str] = None,
    index: Optional[PathLike] = None,
    responses: Union[None, PathLike, Iterable[PathLike]] = None,
    name: Optional[str] = None,
) -> Extraction:
    """Extract one document: a path (PDF, Word, text or HTML) or its bytes
    (``name`` then names it in the records). ``kind`` names the kind instead
    of detecting it; ``index`` is an index to cross-check against;
    ``responses`` a UPR addendum or thematic list (or several)."""
    companions: List[str] = []
    if responses is not None:
        if isinstance(responses, (str, os.PathLike)):
            companions.append(os.fspath(responses))
        else:
            companions.extend(os.fspath(p) for p in responses)
    if index is not None:
        companions.append(os.fspath(index))
    try:
        if isinstance(source, (bytes, bytearray, memoryview)):
            document, units, diagnostics, parquet = _unrec.extract(
                data=bytes(source), name=name, kind=kind, companions=companions
            )
        else:
            document, units, diagnostics, parquet = _unrec.extract(
                path=os.fspath(source), kind=kind, companions=companions
            )
    except _unrec.ReadFailure as error:
        raise _raised(error) from None
    return Extraction(json.loads(document), _units(units), json.loads(diagnostics), bytes(parquet))


def batch(
    inputs: Iterable[PathLike],
    out: PathLike,
    format: str = "csv",
    jobs: Optional[int] = None,
    index: Optional[PathLike] = None,
    reconcile: bool = False,
    resume: bool = False,
    force: bool = False,
    kind: Optional[str] = None,
) -> Dict[str, Any]:
    """Run ``unrec batch`` over files and folders into ``out``, in this
    process; returns the manifest (as ``manifest.json`` holds it)."""
    try:
        manifest = _unrec.batch(
            [os.fspath(p) for p in inputs],
            os.fspath(out),
            format=format,
            jobs=jobs,
            index=None if index is None else os.fspath(index),
            reconcile=reconcile,
            resume=resume,
            force=force,
            kind=kind,
        )
    except _unrec.ReadFailure as error:
        raise _raised(error) from None
    return json.loads(manifest)


def kinds() -> List[str]:
    """The kinds of document unrec reads, by name."""
    return list(_unrec.kinds())
