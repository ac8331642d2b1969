"""Crash safety: the real ``joinedup`` command is killed with SIGKILL in the middle
of a response import and of closing a round; what users see is left as it was, and
running the same command again completes once, without duplicates.

"In the middle" is proved, not guessed: the import writes in steps, each its own
transaction, and prints a progress line after each step is committed; the test
kills it after the first one and finds that step's responses in the database,
under a file still "writing", and none of them visible to any reader (the
extraction every analysis reads, the response rates, the visible responses).
The closing is held on a lock the test takes, and killed while it waits: on
PostgreSQL a row lock on the round, so the command is provably inside its
transaction (pg_stat_activity shows its SELECT … FOR UPDATE waiting); on SQLite the
database's write lock, which joinedup's SQLite transactions take at BEGIN
(IMMEDIATE), so there the kill lands at the start of the transaction — SQLite's
closing is a single write, with no later point to stop it at.
"""

from __future__ import annotations

import csv
import json
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from tests.hardening.cli_db import CliDatabase, drop_database, make_database

ROWS = 6000  # the import writes them in steps of 30,000 answers // items (1,000 here)

SETUP = """
import json
from django.utils import timezone
from joinedup.demo import load_demo
from joinedup.surveys.models import Round, RoundStatus
from joinedup.surveys.rounds import create_round
load_demo(seed=2024)
done = Round.objects.get(pk=1)
opened = create_round(done.partnership, done.instrument, "crash test",
    timezone.now() - timezone.timedelta(days=1), timezone.now() + timezone.timedelta(days=9),
    groups=done.groups, status=RoundStatus.OPEN)
day = timezone.localtime(opened.opens).date()
members = opened.partnership.members_on(day).select_related("organisation")
orgs = [m.organisation.name for m in members]
inst = done.instrument.instrument()
items = [(i.name, [int(c.value) for c in inst.scale_of(i).choices])
         for i in inst.items() if i.type == "scale"]
print(json.dumps({"round": done.pk, "open": opened.pk, "groups": done.groups,
                  "orgs": orgs, "items": items}))
"""

# What users see of the round: visible responses, the answers every analysis reads
# (extract.round_answers), the response rates' imported count, complete files.
COUNTS = """
import json
from joinedup.surveys.extract import round_answers
from joinedup.surveys.models import Answer, Response, ResponseFile, Round, visible_responses
from joinedup.surveys.rounds import response_rates
from joinedup.audit.models import AuditEvent
r = {round}
seen = Response.objects.visible().filter(round_id=r)
print(json.dumps({{
    "responses": seen.count(),
    "imported": seen.exclude(respondent_key="").count(),
    "keys": seen.exclude(respondent_key="").values("respondent_key").distinct().count(),
    "answers": Answer.objects.filter(visible_responses("response__"), response__round_id=r).count(),
    "extracted": len(round_answers(r)),
    "rate": response_rates(Round.objects.get(pk=r))["imported"][0].responded,
    "files": ResponseFile.objects.filter(round_id=r, state="complete").count(),
    "status": Round.objects.get(pk=r).status,
    "closes": Round.objects.get(pk=r).closes.isoformat(),
    "events": list(AuditEvent.objects.filter(object_id=str(r)).values_list("action", flat=True)),
}}))
"""


@pytest.fixture
def cli_db(transactional_db, tmp_path) -> Iterator[tuple[CliDatabase, dict]]:
    db = make_database(tmp_path)
    try:
        init = db.run("init")
        assert init.returncode == 0, init.stderr
        facts = json.loads(db.python(SETUP))
        yield db, facts
    finally:
        drop_database(db)


# What is in the database, seen or not.
STORED = """
import json
from joinedup.surveys.models import Response, ResponseFile
r = {round}
print(json.dumps({{
    "responses": Response.objects.filter(round_id=r).count(),
    "writing": list(ResponseFile.objects.filter(round_id=r, state="writing")
        .values_list("name", flat=True)),
}}))
"""


def counts(db: CliDatabase, round_id: int) -> dict:
    return json.loads(db.python(COUNTS.format(round=round_id)))


def stored(db: CliDatabase, round_id: int) -> dict:
    return json.loads(db.python(STORED.format(round=round_id)))


def big_file(path: Path, facts: dict, rows: int = ROWS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent", "organisation", "group"] + [n for n, _ in facts["items"]])
        for n in range(rows):
            values = [
                allowed[(n + k) % len(allowed)] for k, (_, allowed) in enumerate(facts["items"])
            ]
            org = facts["orgs"][n % len(facts["orgs"])]
            writer.writerow([f"K-{n:06d}", org, facts["groups"][n % len(facts["groups"])], *values])
    return path


def wait_for_line(process: subprocess.Popen[str], text: str, timeout: float = 240) -> str:
    """Read the process's stderr until a line containing ``text`` arrives."""
    assert process.stderr is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if text in line:
            return line
        if not line and process.poll() is not None:
            break
    raise AssertionError(f"the command never printed {text!r} (exit {process.poll()})")


def kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def test_killed_import_leaves_nothing_and_reruns_cleanly(cli_db, tmp_path):
    db, facts = cli_db
    facts["round"] = facts["open"]  # a closed round takes no imported responses
    path = big_file(tmp_path / "returns.csv", facts)
    before = counts(db, facts["round"])
    assert stored(db, facts["round"]) == {"responses": before["responses"], "writing": []}

    process = db.start("responses", "import", "--round", str(facts["round"]), str(path))
    line = wait_for_line(process, "Writing responses:")
    kill(process)
    done = int(line.split(":")[1].split("/")[0])
    assert 0 < done < ROWS, line  # killed after the first of several committed steps

    left = stored(db, facts["round"])
    assert left["writing"] == ["returns.csv"]  # the steps written are in the database …
    assert done <= left["responses"] - before["responses"] < ROWS
    assert counts(db, facts["round"]) == before  # … and nobody sees any of them

    rerun = db.run("responses", "import", "--round", str(facts["round"]), str(path))
    assert rerun.returncode == 0, rerun.stderr
    gone = left["responses"] - before["responses"]
    assert f"Removed {gone} responses left by an interrupted import" in rerun.stdout
    assert f"Imported {ROWS} responses" in rerun.stdout
    after = counts(db, facts["round"])
    assert after["responses"] == before["responses"] + ROWS
    assert after["keys"] == after["imported"] == before["imported"] + ROWS  # nobody twice
    assert after["answers"] == before["answers"] + ROWS * len(facts["items"])
    assert after["extracted"] == before["extracted"] + ROWS * len(facts["items"])
    assert after["rate"] == before["rate"] + ROWS
    assert after["files"] == 1
    assert stored(db, facts["round"]) == {"responses": after["responses"], "writing": []}
    assert after["events"].count("responses.import") == 1

    again = db.run("responses", "import", "--round", str(facts["round"]), str(path))
    assert again.returncode == 0
    assert "was already imported into round" in again.stdout
    assert "nothing changed" in again.stdout
    assert counts(db, facts["round"]) == after


def _hold_round(db: CliDatabase, round_id: int):  # type: ignore[no-untyped-def]
    """Take a lock that makes closing the round wait inside its transaction."""
    if connection.vendor == "sqlite":
        lock = sqlite3.connect(db.url.removeprefix("sqlite:///"), isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")  # the database's write lock
        return lock
    import psycopg

    lock = psycopg.connect(db.url)
    lock.execute("SELECT id FROM surveys_round WHERE id = %s FOR UPDATE", [round_id])
    return lock


def _waiting_on_lock(db: CliDatabase) -> bool:
    import psycopg

    with psycopg.connect(db.url, autocommit=True) as watcher:
        row = watcher.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND query ILIKE '%surveys_round%'"
        ).fetchone()
    return bool(row and row[0])


def _wait_until_blocked(db: CliDatabase, process: subprocess.Popen[str]) -> None:
    wait_for_line(process, "Closing round")
    deadline = time.monotonic() + 60
    if connection.vendor == "sqlite":
        time.sleep(1.0)  # it is now inside its transaction, waiting for the write lock
        assert process.poll() is None
        return
    while time.monotonic() < deadline and not _waiting_on_lock(db):
        time.sleep(0.05)
    assert _waiting_on_lock(db), "the close never reached the locked row"


def test_killed_close_leaves_round_open_and_reruns_once(cli_db):
    db, facts = cli_db
    round_id = facts["open"]
    before = counts(db, round_id)
    assert before["status"] == "open"

    lock = _hold_round(db, round_id)
    try:
        process = db.start("round", "close", str(round_id))
        _wait_until_blocked(db, process)
        kill(process)
    finally:
        lock.rollback() if connection.vendor != "sqlite" else lock.execute("ROLLBACK")
        lock.close()

    assert counts(db, round_id) == before  # still open, same closing time, no event

    first = db.run("round", "close", str(round_id))
    assert first.returncode == 0, first.stderr
    assert f"Closed round {round_id}" in first.stdout
    closed = counts(db, round_id)
    assert closed["status"] == "closed"
    assert closed["events"].count("round.close") == 1

    second = db.run("round", "close", str(round_id))
    assert second.returncode == 0
    assert "already closed; nothing changed" in second.stdout
    assert counts(db, round_id) == closed
