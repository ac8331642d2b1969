"""Writers' turns on SQLite (``joinedup.surveys.respond._WriterTurns``): a file lock
shared by every server process, taken again by each process after it is forked."""

from __future__ import annotations

import os
import threading
import time

from joinedup.surveys.respond import _WriterTurns

HOLD = 0.3


def test_a_process_forked_after_first_use_waits_for_the_parents_turn(tmp_path):
    database = str(tmp_path / "survey.sqlite3")
    turns = _WriterTurns()
    with turns.turn(database):  # the parent opens its descriptor before the fork
        pass
    go_read, go_write = os.pipe()
    out_read, out_write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        try:
            os.read(go_read, 1)
            began = time.monotonic()
            with turns.turn(database):
                waited = time.monotonic() - began
            os.write(out_write, f"{waited:.3f}".encode())
        finally:
            os._exit(0)
    with turns.turn(database):
        os.write(go_write, b"x")
        time.sleep(HOLD)
    waited = float(os.read(out_read, 32).decode())
    os.waitpid(child, 0)
    # An inherited descriptor would share the parent's lock and walk straight in.
    assert waited >= HOLD - 0.05
    assert os.path.exists(database + "-turns")


def test_threads_of_one_process_take_turns(tmp_path):
    database = str(tmp_path / "survey.sqlite3")
    turns = _WriterTurns()
    inside, most = [0], [0]
    guard = threading.Lock()

    def write() -> None:
        for _ in range(20):
            with turns.turn(database):
                with guard:
                    inside[0] += 1
                    most[0] = max(most[0], inside[0])
                time.sleep(0.001)
                with guard:
                    inside[0] -= 1

    threads = [threading.Thread(target=write) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 1


def test_a_database_that_is_not_a_file_takes_the_process_lock_alone():
    turns = _WriterTurns()
    for name in (":memory:", "file:memorydb_default?mode=memory&cache=shared", ""):
        with turns.turn(name):
            assert turns.lock.locked()
    assert not turns.lock.locked()
