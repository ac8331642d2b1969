"""Read query results into Arrow in bulk with connectorx, safely on SQLite.

connectorx carries its own copy of the SQLite library. Two copies of SQLite in one
process do not see each other's POSIX locks, so when connectorx closes its
connection it may believe it was the last user of a WAL database and delete the
``-wal`` and ``-shm`` files under Django's open connection: later connections
then fail with "disk I/O error" and committed pages can be lost. Measured here
before this module existed: the extraction read stale rows and removed the WAL
while the server's connection was open.

So on SQLite the read runs in a short-lived child process (spawned, importing
nothing of Django), where the locks work as SQLite expects; PostgreSQL is read in
this process. The child hands the table back through an Arrow IPC file.
"""

from __future__ import annotations

import multiprocessing
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import connectorx as cx
import pyarrow as pa


def _read_here(url: str, sql: str | list[str]) -> pa.Table:
    table: pa.Table = cx.read_sql(url, sql, return_type="arrow")
    return table


def _read_to_file(url: str, sql: str | list[str], path: str) -> None:
    table = _read_here(url, sql)
    with pa.OSFile(path, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def read_arrow(url: str, sql: str | list[str]) -> pa.Table:
    """Run the query (or the queries, in parallel, concatenated) into Arrow."""
    if not url.startswith("sqlite://"):
        return _read_here(url, sql)
    with tempfile.TemporaryDirectory(prefix="joinedup-read-") as folder:
        path = str(Path(folder) / "result.arrow")
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            pool.submit(_read_to_file, url, sql, path).result()
        with pa.memory_map(path) as source:
            return pa.ipc.open_file(source).read_all()
