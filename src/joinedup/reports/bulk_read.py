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
this process. The child hands each table back through an Arrow IPC file, which
this process maps into memory rather than copies. :class:`BulkReader` keeps one
child for several reads; :func:`read_arrow` is one read.
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


class BulkReader:
    """Reads queries into Arrow, all through one child process on SQLite.

    Use it as a context manager; the child (spawned at the first SQLite read)
    serves every read until the block ends, so an extraction of several queries
    starts one process, not one per query.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self._pool: ProcessPoolExecutor | None = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._reads = 0

    def __enter__(self) -> BulkReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, sql: str | list[str]) -> pa.Table:
        """Run the query (or the queries, in parallel, concatenated) into Arrow."""
        if not self.url.startswith("sqlite://"):
            return _read_here(self.url, sql)
        if self._pool is None or self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="joinedup-read-")
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
        self._reads += 1
        path = str(Path(self._folder.name) / f"result-{self._reads}.arrow")
        self._pool.submit(_read_to_file, self.url, sql, path).result()
        with pa.memory_map(path) as source:
            return pa.ipc.open_file(source).read_all()

    def close(self) -> None:
        """Stop the child and remove its files (tables already read stay valid)."""
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None


def read_arrow(url: str, sql: str | list[str]) -> pa.Table:
    """Run the query (or the queries, in parallel, concatenated) into Arrow."""
    with BulkReader(url) as reader:
        return reader.read(sql)
