"""An import written in steps (issue 17): until its last step nobody sees any of
its responses; an interrupted import is completed by running it again, blocks other
files until then, and is removed by housekeeping after an hour.

An interruption here is real: the import's progress callback raises after the
first step has been committed, as a kill would stop it, leaving a "writing" file and
the responses of that step in the database."""

from __future__ import annotations

import csv
import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.utils import timezone

from joinedup import cli
from joinedup.analysis.instruments import InstrumentError
from joinedup.audit.models import AuditEvent
from joinedup.registry.models import Organisation
from joinedup.surveys import import_write
from joinedup.surveys.extract import round_answers
from joinedup.surveys.importing import import_responses
from joinedup.surveys.models import Answer, FileState, Response, ResponseFile
from joinedup.surveys.rounds import response_rates
from tests.surveys.conftest import make_round

ROWS = 25
STEP = 10  # respondents per step here, so that 25 rows take three steps


class Interrupted(Exception):
    """Stands for the kill: raised between two committed steps."""


@pytest.fixture
def round_(lsp, check_version, monkeypatch):
    monkeypatch.setattr(import_write, "STEP_RESPONDENTS", STEP)
    return make_round(lsp, check_version)


def returns(tmp_path, first: int = 0, rows: int = ROWS, name: str = "returns.csv"):
    names = list(Organisation.objects.exclude(sector="private").values_list("name", flat=True))
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["respondent", "organisation", "group", "hc_shared_aims", "hc_reports_back"])
        for n in range(first, first + rows):
            out.writerow([f"K-{n:03d}", names[n % len(names)], "officer", n % 5 + 1, "dk"])
    return path


def interrupt(round_, path) -> None:
    def progress(done: int, total: int) -> None:
        if done < total:
            raise Interrupted

    with pytest.raises(Interrupted):
        import_responses(round_, path, progress=progress)


def seen(round_) -> dict[str, int]:
    """What readers of survey data see of the round."""
    return {
        "extracted": len(round_answers(round_.pk)),
        "imported": response_rates(round_)["imported"][0].responded,
        "visible": Response.objects.visible().filter(round=round_).count(),
    }


def test_an_interrupted_import_is_invisible(round_, tmp_path):
    interrupt(round_, returns(tmp_path))
    file = ResponseFile.objects.get(round=round_)
    assert file.state == FileState.WRITING
    assert file.responses.count() == STEP  # the first step is in the database …
    assert Answer.objects.filter(response__file=file).count() == STEP * 2
    assert seen(round_) == {"extracted": 0, "imported": 0, "visible": 0}  # … seen by nobody


def test_running_it_again_removes_the_leftovers_and_completes(round_, tmp_path, capsys):
    path = returns(tmp_path)
    interrupt(round_, path)
    assert cli.main(["responses", "import", "--round", str(round_.pk), str(path)]) == 0
    out = capsys.readouterr().out
    assert f"Removed {STEP} responses left by an interrupted import" in out
    assert f"Imported {ROWS} responses" in out
    file = ResponseFile.objects.get(round=round_)
    assert (file.state, file.created) == (FileState.COMPLETE, ROWS)
    assert Response.objects.filter(round=round_).count() == ROWS  # nobody twice
    assert seen(round_) == {"extracted": ROWS * 2, "imported": ROWS, "visible": ROWS}
    assert AuditEvent.objects.filter(action="responses.import").count() == 1


def test_another_file_waits_for_the_unfinished_one(round_, tmp_path):
    interrupt(round_, returns(tmp_path))
    other = returns(tmp_path, first=100, rows=3, name="other.csv")
    with pytest.raises(InstrumentError) as refused:
        import_responses(round_, other)
    problem = refused.value.problems[0]
    assert problem.code == "responses.unfinished-import"
    assert "returns.csv" in str(problem)
    assert "interrupted" in str(problem)
    assert "joinedup housekeeping" in str(problem)
    assert ResponseFile.objects.filter(round=round_).count() == 1
    assert Response.objects.filter(round=round_).count() == STEP  # nothing of other.csv


def test_housekeeping_removes_unfinished_imports_older_than_an_hour(round_, tmp_path, capsys):
    interrupt(round_, returns(tmp_path))
    later = make_round(round_.partnership, round_.instrument)
    assert import_responses(later, returns(tmp_path, name="done.csv")).created == ROWS
    assert cli.main(["housekeeping"]) == 0
    assert "Removed 0 unfinished responses imports" in capsys.readouterr().out
    ResponseFile.objects.filter(state=FileState.WRITING).update(
        imported=timezone.now() - dt.timedelta(hours=1, minutes=1)
    )
    assert cli.main(["housekeeping"]) == 0
    out = capsys.readouterr().out
    assert "Removed the unfinished import of returns.csv" in out
    assert "Removed 1 unfinished responses imports" in out
    assert not ResponseFile.objects.filter(state=FileState.WRITING).exists()
    assert Response.objects.filter(file__isnull=False).count() == ROWS  # the complete one
    event = AuditEvent.objects.get(action="responses.import-removed")
    assert f"({STEP} responses it had written, never visible)" in event.summary


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("share", [0.0, 2.0])  # the whole-table read, the indexed read
def test_the_national_extraction_leaves_an_unfinished_import_out(
    round_, tmp_path, monkeypatch, share
):
    from joinedup.reports import national_extract

    monkeypatch.setattr(national_extract, "SCAN_SHARE", share)
    path = returns(tmp_path)
    interrupt(round_, path)
    # The extraction reads closed rounds only: close the round with the import
    # unfinished, then open it again to complete the import.
    rounds = type(round_).objects.filter(pk=round_.pk)
    rounds.update(status="closed")
    assert national_extract.national_answers(round_.instrument).num_rows == 0
    rounds.update(status="open")
    import_responses(round_, path)
    rounds.update(status="closed")
    table = national_extract.national_answers(round_.instrument)
    assert table.num_rows == ROWS * 2
    assert len(set(table.column("respondent").to_pylist())) == ROWS


def test_the_round_lock_is_held_while_an_import_runs(round_):
    """While one holder has the lock, another is refused at once (``wait=False``) and
    the lock is free again after; on SQLite this is the lock file beside the database
    (through filelock), on PostgreSQL an advisory lock, each on its own connection."""
    from joinedup.surveys.import_lock import round_import_lock

    with round_import_lock(round_.pk) as first:
        assert first is True
        other = ThreadPoolExecutor(1)
        try:
            held = other.submit(_try_lock, round_.pk).result(timeout=30)
        finally:
            other.shutdown()
        assert held is False
    free = ThreadPoolExecutor(1)
    try:
        assert free.submit(_try_lock, round_.pk).result(timeout=30) is True
    finally:
        free.shutdown()


def _try_lock(round_id: int) -> bool:
    from django.db import connection

    from joinedup.surveys.import_lock import round_import_lock

    try:
        with round_import_lock(round_id, wait=False) as taken:
            return taken
    finally:
        connection.close()
