"""Importing the same response file twice, an overlapping file, and closing a round
twice: nothing is duplicated and the command says what it did."""

from __future__ import annotations

import pytest

from joinedup import cli
from joinedup.surveys.importing import import_responses
from joinedup.surveys.models import Answer, Response, ResponseFile, RoundStatus
from joinedup.surveys.rounds import close_round_once
from tests.surveys.conftest import check_version, lsp, make_round  # noqa: F401 (fixtures)

FIRST = """respondent,organisation,group,hc_shared_aims,hc_reports_back
K-1,Kestermouth Borough Council,officer,4,5
K-2,Kestermouth Council for Voluntary Service,voluntary sector,2,dk
"""
LATER = FIRST + "K-3,Kestermouth College,officer,3,3\n"


@pytest.fixture
def round_(lsp, check_version):  # noqa: F811
    return make_round(lsp, check_version)


def write(tmp_path, text, name):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def state(round_):
    return (
        Response.objects.filter(round=round_).count(),
        Answer.objects.filter(response__round=round_).count(),
    )


def test_same_file_twice_changes_nothing(round_, tmp_path):
    path = write(tmp_path, FIRST, "returns.csv")
    first = import_responses(round_, path)
    assert (first.created, first.previous) == (2, None)
    before = state(round_)
    second = import_responses(round_, path)
    assert second.previous is not None
    assert second.created == 0
    assert second.previous.name == "returns.csv"
    assert second.previous.created == 2
    assert state(round_) == before
    assert ResponseFile.objects.filter(round=round_).count() == 1


def test_same_bytes_under_another_name_is_the_same_file(round_, tmp_path):
    import_responses(round_, write(tmp_path, FIRST, "a.csv"))
    again = import_responses(round_, write(tmp_path, FIRST, "copy of a.csv"))
    assert again.previous is not None
    assert again.previous.name == "a.csv"


def test_overlapping_file_skips_known_respondents_by_row(round_, tmp_path):
    import_responses(round_, write(tmp_path, FIRST, "first.csv"))
    later = import_responses(round_, write(tmp_path, LATER, "later.csv"))
    assert (later.created, later.skipped, later.skipped_rows) == (1, 2, (2, 3))
    keys = list(Response.objects.filter(round=round_).values_list("respondent_key", flat=True))
    assert sorted(keys) == ["K-1", "K-2", "K-3"]


def test_cli_says_already_imported_with_the_date(round_, tmp_path, capsys):
    path = write(tmp_path, FIRST, "returns.csv")
    assert cli.main(["responses", "import", "--round", str(round_.pk), str(path)]) == 0
    assert "Imported 2 responses" in capsys.readouterr().out
    assert cli.main(["responses", "import", "--round", str(round_.pk), str(path)]) == 0
    out = capsys.readouterr().out
    assert "returns.csv was already imported into round" in out
    stamp = ResponseFile.objects.get(round=round_).imported
    from django.utils import timezone

    assert timezone.localtime(stamp).strftime("%d %B %Y") in out
    later = write(tmp_path, LATER, "later.csv")
    assert cli.main(["responses", "import", "--round", str(round_.pk), str(later)]) == 0
    out = capsys.readouterr().out
    assert "Imported 1 response into" in out
    assert "Skipped 2 respondents already in the round (rows 2, 3)" in out


def test_close_twice_is_a_no_op(round_, capsys):
    assert round_.status == RoundStatus.OPEN
    closed, changed = close_round_once(round_.pk)
    assert changed
    assert closed.status == RoundStatus.CLOSED
    again, changed_again = close_round_once(round_.pk)
    assert not changed_again
    assert again.closes == closed.closes
    assert cli.main(["round", "close", str(round_.pk)]) == 0
    assert "already closed; nothing changed" in capsys.readouterr().out


def test_close_unknown_round_is_a_clear_error(db, capsys):
    assert cli.main(["round", "close", "999999"]) == 1
    assert "there is no round 999999" in capsys.readouterr().err
