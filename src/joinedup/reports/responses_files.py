"""Writers of the response-level export's files, batch by batch, and the zip that
carries a finished export to a browser.

CSV and Parquet are written one Arrow batch at a time (pyarrow's ``CSVWriter`` and
``ParquetWriter``), so memory holds one batch, whatever the size of the export.
SPSS (.sav) and Stata (.dta) files are written by pyreadstat from one whole
table: those writers keep the batches as Arrow (8 bytes a numeric cell) and
write at the end; the long form is refused in those formats.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from joinedup.analysis.codebook import DONT_KNOW

FORMATS = ("csv", "parquet", "sav", "dta")
SUFFIX = {"csv": ".csv", "parquet": ".parquet", "sav": ".sav", "dta": ".dta"}
MEDIATYPE = {
    "csv": "text/csv",
    "parquet": "application/vnd.apache.parquet",
    "sav": "application/x-spss-sav",
    "dta": "application/x-stata-dta",
}


class TableWriter:
    """Writes Arrow tables of one schema to one file, batch by batch."""

    def __init__(self, path: Path, fmt: str, schema: pa.Schema, meta: dict[str, Any]) -> None:
        self.path, self.fmt, self.schema, self.meta = path, fmt, schema, meta
        self.rows = 0
        self._kept: list[pa.Table] = []
        self._writer: Any = None
        if fmt == "csv":
            self._writer = pacsv.CSVWriter(str(path), schema)
        elif fmt == "parquet":
            self._writer = pq.ParquetWriter(str(path), schema, compression="zstd")

    def write(self, table: pa.Table) -> None:
        table = table.cast(self.schema)
        self.rows += table.num_rows
        if self._writer is not None:
            self._writer.write_table(table)
        else:
            self._kept.append(table)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            return
        table = pa.concat_tables(self._kept) if self._kept else self.schema.empty_table()
        self._kept = []
        _write_stat(self.path, self.fmt, table, self.meta)


def _write_stat(path: Path, fmt: str, table: pa.Table, meta: dict[str, Any]) -> None:
    """One SPSS or Stata file through pyreadstat: column labels (the item text),
    value labels (scale and category labels), and "don't know" as missing —
    user-missing value -9 in SPSS, extended missing ``.a`` in Stata."""
    import pyreadstat

    frame = table.to_pandas()
    coded = meta.get("dont_know_columns", [])
    labels = meta.get("value_labels", {})
    for column in {*coded, *labels}:
        frame[column] = frame[column].astype("float64")  # labels are keyed by floats
    if fmt == "sav":
        pyreadstat.write_sav(
            frame,
            str(path),
            file_label=meta.get("file_label", "")[:64],
            column_labels=meta.get("column_labels", {}),
            variable_value_labels=labels,
            missing_ranges={c: [float(DONT_KNOW)] for c in coded},
        )
        return
    for column in coded:
        values = frame[column].astype(object)
        frame[column] = values.where(values != DONT_KNOW, "a")
    pyreadstat.write_dta(
        frame,
        str(path),
        file_label=meta.get("file_label", "")[:80],
        column_labels={k: v[:80] for k, v in meta.get("column_labels", {}).items()},
        variable_value_labels={
            c: {k: v for k, v in m.items() if k != DONT_KNOW} for c, m in labels.items()
        },
        missing_user_values={c: ["a"] for c in coded},
    )


class _Pipe:
    """A write-only stream whose bytes are taken out as they come."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.offset = 0

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        self.offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self.offset

    def flush(self) -> None:
        return None

    def take(self) -> bytes:
        out = b"".join(self.chunks)
        self.chunks = []
        return out


def zip_stream(folder: Path, prefix: str, block: int = 1 << 20) -> Iterator[bytes]:
    """The files of ``folder`` as a zip, produced a block at a time (a file is
    read in blocks of ``block`` bytes and never whole into memory)."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:  # type: ignore[call-overload]
        for path in sorted(folder.iterdir()):
            with path.open("rb") as src, archive.open(f"{prefix}/{path.name}", "w") as dst:
                while chunk := src.read(block):
                    dst.write(chunk)
                    yield pipe.take()
            yield pipe.take()
    yield pipe.take()


def remove_folder(folder: Path) -> None:
    for path in folder.iterdir():
        os.unlink(path)
    folder.rmdir()
