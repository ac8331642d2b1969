"""Who is importing into a round right now: a lock that dies with its holder.

An import writes in steps, so a :class:`~joinedup.surveys.models.ResponseFile`
still "writing" is either being written by a live process or was left by one that
was killed. The database row cannot tell which; this lock can. It is held for the
whole import and released by the operating system or the database when the holder
dies, however it dies:

- PostgreSQL: a session-level advisory lock on (``LOCK_CLASS``, round id), freed
  when the connection ends;
- SQLite: an exclusive lock on a file beside the database (``<database>-imports``)
  through ``filelock`` (``flock`` on Unix, ``msvcrt.locking`` on Windows), freed by
  the operating system when the process ends. SQLite has
  one writer, so one import at a time for the whole database costs nothing. A
  database that is not a file (in memory) falls back to a lock of this process.

So a second import into the round waits for the first to end, and a "writing" file
whose round lock can be taken is an interrupted import, safe to remove.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from filelock import FileLock, Timeout

LOCK_CLASS = 0x4A55  # "JU": the advisory locks' first key, joinedup's imports
_MEMORY = threading.Lock()


def _database_file() -> str | None:
    name = str(connection.settings_dict["NAME"] or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return name


@contextmanager
def _sqlite_lock(wait: bool) -> Iterator[bool]:
    database = _database_file()
    if database is None:
        taken = _MEMORY.acquire(blocking=wait)
        try:
            yield taken
        finally:
            if taken:
                _MEMORY.release()
        return
    # The file stays after release: deleting it would let a third process lock a new
    # file while a second still waits on the old one.
    lock = FileLock(f"{database}-imports", mode=0o600, blocking=wait, preserve_lock_file=True)
    try:
        lock.acquire()
    except Timeout:
        yield False
        return
    try:
        yield True
    finally:
        lock.release()


@contextmanager
def _postgresql_lock(round_id: int, wait: bool) -> Iterator[bool]:
    with connection.cursor() as cursor:
        function = "pg_advisory_lock" if wait else "pg_try_advisory_lock"
        cursor.execute(f"SELECT {function}(%s, %s)", [LOCK_CLASS, round_id])
        row = cursor.fetchone()
    taken = wait or bool(row and row[0])
    try:
        yield taken
    finally:
        if taken:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_CLASS, round_id])


@contextmanager
def round_import_lock(round_id: int, wait: bool = True) -> Iterator[bool]:
    """Hold the right to import into round ``round_id``; yields whether it was
    taken (always True when ``wait``: it then waits for any other import)."""
    if connection.vendor == "postgresql":
        with _postgresql_lock(round_id, wait) as taken:
            yield taken
    else:
        with _sqlite_lock(wait) as taken:
            yield taken
