"""Benchmark: SQLite write transactions from many threads and processes, with and
without turns.

The survey server (``joinedup serve``: several processes of several threads) writes
each saved page in a short ``BEGIN IMMEDIATE`` transaction. When the write lock is
taken, SQLite's busy handler makes the others sleep 1, 2, 5, 10 ... up to 100 ms
between tries, so a waiting writer can sleep well past the moment the lock is
free, and a newcomer can overtake it. Three arrangements are compared:

- ``no turns``: every writer meets the busy handler;
- ``process``: the threads of one process take turns on a Python lock, so one
  writer per process meets the busy handler (joinedup until December 2026);
- ``shared``: joinedup's ``_WriterTurns`` (``joinedup.surveys.respond``): the
  process lock, then an exclusive ``flock`` on a file beside the database, which
  the kernel hands to the next waiting process as soon as it is released.

With plain ``sqlite3`` (the connection settings joinedup uses: WAL,
``synchronous=NORMAL``, a 20 s busy timeout), ``--processes`` processes of
``--threads`` threads each write a page of six answers and update the response
row, then pause up to 4 ms (the rest of a request's work), for ``--seconds``. Each
arrangement runs twice, in turn, on a fresh database in a temporary folder; writes
per second and latency percentiles (ms, nearest rank) are printed.

Run: ``python bench/sqlite_write_turns.py``.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

ARRANGEMENTS = ("no turns", "process", "shared")

RESPONSES = 2000
ITEMS = [f"hc_item_{i}" for i in range(6)]


def create(path: str) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE answer (response INTEGER, item TEXT, value REAL)")
    con.execute("CREATE INDEX answer_response ON answer (response, item)")
    con.execute("CREATE TABLE response (id INTEGER PRIMARY KEY, page INTEGER)")
    con.executemany("INSERT INTO response VALUES (?, 0)", [(i,) for i in range(RESPONSES)])
    con.commit()
    con.close()


def save_page(con: sqlite3.Connection, response: int) -> None:
    marks = ",".join("?" * len(ITEMS))
    con.execute("BEGIN IMMEDIATE")
    con.execute(f"DELETE FROM answer WHERE response = ? AND item IN ({marks})", (response, *ITEMS))
    con.executemany(
        "INSERT INTO answer VALUES (?, ?, ?)", [(response, item, 4.0) for item in ITEMS]
    )
    con.execute("UPDATE response SET page = page + 1 WHERE id = ?", (response,))
    con.execute("COMMIT")


Turn = Callable[[], AbstractContextManager[object]]


def writer(path: str, turn: Turn, until: float, out: list[float]) -> None:
    con = sqlite3.connect(path, timeout=20, isolation_level=None, check_same_thread=False)
    con.execute("PRAGMA synchronous=NORMAL")
    rng = random.Random()
    while time.monotonic() < until:
        start = time.perf_counter()
        with turn():
            save_page(con, rng.randrange(RESPONSES))
        out.append(time.perf_counter() - start)
        time.sleep(rng.uniform(0, 0.004))
    con.close()


def turns_for(arrangement: str, path: str) -> Turn:
    """What a writer holds around its transaction, built inside the worker process."""
    if arrangement == "process":
        lock = threading.Lock()
        return lambda: lock
    if arrangement == "shared":
        from joinedup.surveys.respond import _WriterTurns

        shared = _WriterTurns()
        return lambda: shared.turn(path)
    return nullcontext


def process(
    path: str, arrangement: str, threads: int, seconds: float, queue: mp.Queue[list[float]]
) -> None:
    turns = turns_for(arrangement, path)
    until = time.monotonic() + seconds
    out: list[float] = []
    pool = [threading.Thread(target=writer, args=(path, turns, until, out)) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    queue.put(out)


def trial(arrangement: str, args: argparse.Namespace) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "turns.sqlite3")
        create(path)
        queue: mp.Queue[list[float]] = mp.Queue()
        procs = [
            mp.Process(target=process, args=(path, arrangement, args.threads, args.seconds, queue))
            for _ in range(args.processes)
        ]
        for proc in procs:
            proc.start()
        times: list[float] = sorted(t * 1000 for _ in procs for t in queue.get())
        for proc in procs:
            proc.join()
    n = len(times)

    def pct(q: float) -> float:
        return times[max(0, int(q * n + 0.999999) - 1)]

    return (
        f"{arrangement:<9}{n / args.seconds:7.0f} writes/s  p50 {pct(0.5):6.1f}"
        f"  p95 {pct(0.95):6.1f}  p99 {pct(0.99):6.1f}  max {times[-1]:7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=6.0)
    args = parser.parse_args()
    print(f"{args.processes} processes x {args.threads} threads, {args.seconds:.0f} s each")
    for _ in range(2):
        for arrangement in ARRANGEMENTS:
            print(trial(arrangement, args), flush=True)


if __name__ == "__main__":
    # The shared arrangement uses joinedup's own class, which lives beside Django
    # models: configure Django once here; the forked workers inherit it.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("JOINEDUP_HOME", tempfile.mkdtemp(prefix="joinedup-turns-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    import django

    django.setup()
    main()
