"""Importing wide response files: good files, bad files (every problem, nothing
written), XLSX, and re-imports that do not duplicate."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from joinedup.analysis.instruments import InstrumentError
from joinedup.surveys.extract import round_answers
from joinedup.surveys.importing import import_responses
from joinedup.surveys.models import Answer, Response, RoundStatus
from joinedup.surveys.rounds import response_rates
from tests.surveys.conftest import make_round

GOOD = (
    "respondent,organisation,group,purpose/hc_shared_aims,hc_purpose_kind,"
    "accountability/hc_reports_back,hc_comment,_uuid\n"
    """K-001,Kestermouth Borough Council,officer,4,process,5,,a1
K-002,Kestermouth Council for Voluntary Service,voluntary sector,2,outcome,dk,Papers arrive late,a2
K-003,Northfield Estate Residents' Association,community representative,,,3,,a3
"""
)

BAD = """respondent,organisation,group,hc_shared_aims,hc_reports_back,hc_mood
K-001,Kestermouth Borough Council,officer,4,7,
K-002,Kestermouth Sailing Club,officer,2,3,
K-001,Kestermouth Council for Voluntary Service,chair,strongly,3,
"""


@pytest.fixture
def round_(lsp, check_version):
    return make_round(lsp, check_version)


def write(tmp_path, text, name="returns.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_csv(round_, tmp_path):
    result = import_responses(round_, write(tmp_path, GOOD))
    assert (result.created, result.skipped) == (3, 0)
    rows = round_answers(round_.pk)
    by = {(r.group, r.item): r for r in rows}
    assert by["officer", "hc_shared_aims"].value == 4
    assert by["voluntary sector", "hc_reports_back"].dont_know
    assert by["voluntary sector", "hc_comment"].text == "Papers arrive late"
    assert by["officer", "hc_purpose_kind"].text == "process"
    assert ("community representative", "hc_shared_aims") not in by
    assert len({r.respondent for r in rows}) == 3
    assert not any(r.respondent.startswith("K-") for r in rows)
    assert response_rates(round_)["imported"][0].responded == 3


def test_reimport_skips_known_respondents(round_, tmp_path):
    import_responses(round_, write(tmp_path, GOOD))
    more = GOOD + "K-004,Kestermouth College,officer,3,,3,,a4\n"
    result = import_responses(round_, write(tmp_path, more, "returns2.csv"))
    assert (result.created, result.skipped) == (1, 3)
    assert Response.objects.filter(round=round_).count() == 4


def test_bad_csv_lists_every_problem_and_writes_nothing(round_, tmp_path):
    with pytest.raises(InstrumentError) as caught:
        import_responses(round_, write(tmp_path, BAD))
    assert [str(p) for p in caught.value.problems] == [
        f"[responses.unknown-column] {tmp_path / 'returns.csv'}, row 1, column hc_mood: "
        "'hc_mood' (column F) is not a question of mini-check (correct the heading, or "
        "leave the column out with --ignore-column 'hc_mood')"
    ]
    fixed = BAD.replace(",hc_mood", "").replace(",\n", "\n")
    with pytest.raises(InstrumentError) as caught:
        import_responses(round_, write(tmp_path, fixed))
    found = {(p.row, p.column, p.code) for p in caught.value.problems}
    assert found == {
        (2, "hc_reports_back", "responses.bad-value"),
        (3, "organisation", "responses.unknown-organisation"),
        (4, "respondent", "responses.duplicate-respondent"),
        (4, "group", "responses.unknown-group"),
        (4, "hc_shared_aims", "responses.bad-value"),
    }
    assert "'7' is not on the scale (1, 2, 3, 4, 5 or dk)" in str(caught.value)
    assert not Response.objects.exists()
    assert not Answer.objects.exists()


def test_xlsx(round_, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["respondent", "organisation", "group", "hc_shared_aims", "hc_reports_back"])
    sheet.append([101, "Kestermouth Borough Council", "board member", 5, 4])
    sheet.append([102, str(round_.partnership.lead_id), "officer", 3.0, None])
    path = tmp_path / "returns.xlsx"
    book.save(path)
    assert import_responses(round_, path).created == 2
    values = sorted(r.value for r in round_answers(round_.pk) if r.item == "hc_shared_aims")
    assert values == [3.0, 5.0]


def test_not_a_workbook(round_, tmp_path):
    path = tmp_path / "returns.xlsx"
    path.write_bytes(b"this is not a spreadsheet")
    with pytest.raises(InstrumentError, match=r"responses\.unreadable"):
        import_responses(round_, path)


def test_a_closed_round_takes_no_imported_responses(lsp, check_version, tmp_path):
    """Issue 17: responses were added to a closed round; now refused, naming its state."""
    round_ = make_round(lsp, check_version, status=RoundStatus.CLOSED)
    path = tmp_path / "late.csv"
    path.write_text("respondent,hc_shared_aims\nK-1,4\n", encoding="utf-8")
    with pytest.raises(InstrumentError) as caught:
        import_responses(round_, path)
    assert "closed" in str(caught.value)
    assert round_.responses.count() == 0
