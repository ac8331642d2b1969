"""Bulk reads into Arrow must not disturb the server's own SQLite connection."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from joinedup.reports.bulk_read import read_arrow


def test_sqlite_read_sees_commits_and_keeps_the_wal(tmp_path: Path) -> None:
    path = tmp_path / "live.sqlite3"
    server = sqlite3.connect(path)
    server.execute("PRAGMA journal_mode=WAL")
    server.execute("CREATE TABLE answer (response_id INTEGER, value REAL)")
    server.execute("INSERT INTO answer VALUES (1, 4.0)")
    server.commit()
    server.execute("BEGIN")
    server.execute("INSERT INTO answer VALUES (2, 3.0)")
    # An open write transaction is invisible to the reader...
    first = read_arrow(f"sqlite://{path}", "SELECT response_id, value FROM answer")
    assert first.num_rows == 1
    server.commit()
    # ...and the WAL the server still holds is left in place, so its commit counts.
    assert (tmp_path / "live.sqlite3-wal").exists()
    second = read_arrow(f"sqlite://{path}", "SELECT response_id, value FROM answer")
    assert sorted(second.column("response_id").to_pylist()) == [1, 2]
    server.execute("INSERT INTO answer VALUES (3, 5.0)")
    server.commit()
    assert server.execute("SELECT count(*) FROM answer").fetchone()[0] == 3
    fresh = sqlite3.connect(path)
    assert fresh.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    assert fresh.execute("SELECT count(*) FROM answer").fetchone()[0] == 3
