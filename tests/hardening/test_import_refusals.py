"""What fuzzing the importers found, pinned: each was a traceback (or, on
PostgreSQL, a DataError) and is now a refusal naming the file, row and column that
changes nothing. The fuzzing itself is in test_fuzz_importers.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from joinedup.context import imports as context_imports
from joinedup.participation import imports as participation_imports
from tests.conftest import PARTNERSHIP_A
from tests.hardening.test_fuzz_importers import counts, write


def test_a_row_longer_than_the_header_is_a_clear_problem(demo: dict, tmp_path: Path) -> None:
    """Was AttributeError ('list' object has no attribute 'strip') from csv.DictReader's
    overflow cells; now the row is named, and trailing empty cells are let through."""
    header = ",".join(participation_imports.INDICATOR_COLUMNS)
    shifted = f"{header}\n{PARTNERSHIP_A},reach,2024-04-01,12,surplus\n"
    path = write(tmp_path, "indicators.csv", shifted.encode())
    before = counts()
    with pytest.raises(participation_imports.ImportFailed) as refused:
        participation_imports.import_indicators(path)
    assert "indicators.csv, row 2" in str(refused.value)
    assert "more cell(s) than the header" in str(refused.value)
    assert counts() == before
    trailing = f"{header}\n{PARTNERSHIP_A},no-such-indicator,2024-04-01,12,,\n"
    path = write(tmp_path, "indicators.csv", trailing.encode())
    with pytest.raises(participation_imports.ImportFailed) as refused:
        participation_imports.import_indicators(path)
    assert "more cell(s)" not in str(refused.value)
    assert "row 2, column 'kind'" in str(refused.value)


def test_a_quoted_cell_may_hold_a_line_break(demo: dict, tmp_path: Path) -> None:
    """Rows are counted as a spreadsheet shows them, whatever a quoted cell holds."""
    header = ",".join(participation_imports.ACTIVITY_COLUMNS)
    row = f'{PARTNERSHIP_A},"Two-line\ntitle",nonsense,,,,,,2024-05-01,,3'
    path = write(tmp_path, "activities.csv", f"{header}\n{row}\n".encode())
    with pytest.raises(participation_imports.ImportFailed) as refused:
        participation_imports.import_activities(path)
    assert {p.row for p in refused.value.problems} == {2}
    assert {p.column for p in refused.value.problems} >= {"role"}


def test_a_nul_character_is_a_clear_problem(demo: dict, tmp_path: Path) -> None:
    """On PostgreSQL a NUL in a partnership cell was a DataError from the lookup."""
    header = ",".join(participation_imports.INDICATOR_COLUMNS)
    path = write(tmp_path, "indicators.csv", f"{header}\nKester\x00mouth,reach,,\n".encode())
    with pytest.raises(participation_imports.ImportFailed) as refused:
        participation_imports.import_indicators(path)
    assert "indicators.csv, row 2, column 'partnership': holds a NUL" in str(refused.value)


FUNDING_HEADER = "partnership,name,provider,source,amount,earmarked,start,end,conditions\n"


@pytest.mark.parametrize(
    ("name", "amount", "conditions", "column", "says"),
    [
        ("Pot", "1e999999", "", "amount", "must be less than"),  # was InvalidOperation
        ("Pot", "1e20", "", "amount", "must be less than"),  # PostgreSQL: numeric overflow
        ("Pot", "10", "bad\x00text", "conditions", "NUL"),  # PostgreSQL: DataError
        ("P" * 201, "10", "", "name", "longer than 200"),  # PostgreSQL: value too long
    ],
)
def test_context_funding_refusals_found_by_fuzzing(
    demo: dict, tmp_path: Path, name: str, amount: str, conditions: str, column: str, says: str
) -> None:
    row = f'{PARTNERSHIP_A},{name},,pooled_budget,{amount},no,2024-04-01,,"{conditions}"\n'
    path = write(tmp_path, "funding.csv", (FUNDING_HEADER + row).encode())
    before = counts()
    with pytest.raises(context_imports.ImportFailed) as refused:
        context_imports.import_funding(path)
    assert [(p.row, p.column) for p in refused.value.problems] == [(2, column)]
    assert says in refused.value.problems[0].message
    assert counts() == before


@pytest.mark.parametrize(
    ("value", "column", "says"),
    [
        ("nan", "value", "not a finite number"),  # SQLite stored NULL: IntegrityError
        ("1e309", "value", "not a finite number"),
        ("99999999999", "value", ""),  # a large float is fine
    ],
)
def test_indicator_values_must_be_finite(
    demo: dict, tmp_path: Path, value: str, column: str, says: str
) -> None:
    header = "partnership,indicator,date,value,kind,defined_by,unit\n"
    row = f"{PARTNERSHIP_A},fuzzed,2024-01-01,{value},outcome,partnership,people\n"
    path = write(tmp_path, "indicators.csv", (header + row).encode())
    if not says:
        assert participation_imports.import_indicators(path) == 1
        return
    with pytest.raises(participation_imports.ImportFailed) as refused:
        participation_imports.import_indicators(path)
    assert f"row 2, column '{column}': '{value}' is {says}" in str(refused.value)


def test_activity_text_and_counts_must_fit_their_columns(demo: dict, tmp_path: Path) -> None:
    header = ",".join(participation_imports.ACTIVITY_COLUMNS)
    rest = "purpose,public_meeting,consult,K,,,2024-05-01,2024-05-02"
    long_title = f"{PARTNERSHIP_A},{'t' * 201},{rest},3"
    huge = f"{PARTNERSHIP_A},Fine,{rest},99999999999"
    path = write(tmp_path, "activities.csv", f"{header}\n{long_title}\n{huge}\n".encode())
    with pytest.raises(participation_imports.ImportFailed) as refused:
        participation_imports.import_activities(path)
    found = {(p.row, p.column) for p in refused.value.problems}
    assert found == {(2, "title"), (3, "participants")}
