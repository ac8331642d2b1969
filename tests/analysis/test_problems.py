"""One problem type with one list of codes: every code raised is listed and documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from joinedup.analysis.problems import CODES, FAMILIES, Problem, ProblemError, Style, meaning

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "src" / "joinedup"
FAMILY_NAMES = "table|file|yaml|instrument|library|xlsform|responses|network|context|participation"
#: A code as the source writes it: a quoted literal of a known family.
CODE = re.compile(rf'"((?:{FAMILY_NAMES})\.[a-z][a-z_-]*)"')
#: A code the source builds from another library's vocabulary: f"instrument.{...}".
BUILT = re.compile(rf'f"((?:{FAMILY_NAMES})\.)\{{')
#: A file that reports problems (other files use the same words for model labels).
REPORTS = re.compile(r"Problem|InstrumentError|ImportFailed|NetworkFileError|Rows\b")


def _reporting_sources() -> dict[Path, str]:
    texts = {p: p.read_text(encoding="utf-8") for p in SOURCE.rglob("*.py")}
    return {p: t for p, t in texts.items() if p.name != "problems.py" and REPORTS.search(t)}


def test_every_code_the_source_raises_is_registered() -> None:
    found = {code for text in _reporting_sources().values() for code in CODE.findall(text)}
    assert len(found) > 80
    assert sorted(found - set(CODES)) == []
    built = {prefix for text in _reporting_sources().values() for prefix in BUILT.findall(text)}
    assert built <= set(FAMILIES)


def test_every_registered_code_is_raised_somewhere() -> None:
    text = "".join(_reporting_sources().values())
    assert [code for code in CODES if f'"{code}"' not in text] == []


def test_every_code_is_documented() -> None:
    docs = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md"))
    assert [code for code in CODES if f"`{code}`" not in docs] == []
    assert all(f"`{prefix}<type>`" in docs for prefix in FAMILIES)


def test_meaning_knows_codes_and_families_and_nothing_else() -> None:
    assert meaning("table.nul") == CODES["table.nul"]
    assert meaning("instrument.missing") == FAMILIES["instrument."]
    with pytest.raises(KeyError):
        meaning("instrument.")
    with pytest.raises(KeyError):
        meaning("nonsense.code")


def test_a_problem_prints_as_one_line_in_each_style() -> None:
    coded = Problem(
        "responses.non-numeric", "'often' is not a number", "a.csv", "", 3, "q1", "use a number"
    )
    assert (
        str(coded)
        == "[responses.non-numeric] a.csv, row 3, column q1: 'often' is not a number (use a number)"
    )
    table = Problem("context.empty", "is empty", row=2, column="name", style=Style.TABLE)
    assert str(table) == "row 2, column 'name': is empty"
    lines = Problem("network.self-loop", "self-loop", file="e.csv", row=4, style=Style.LINES)
    assert str(lines) == "e.csv, line 4: self-loop"
    assert Problem("file.unreadable", "gone") == Problem(
        "file.unreadable", "gone", style=Style.TABLE
    )


def test_the_error_lists_every_problem() -> None:
    error = ProblemError([Problem("table.nul", "x", row=2), Problem("table.nul", "y", row=3)], "f")
    assert error.file == "f"
    assert str(error) == "f: [table.nul] row 2: x\nf: [table.nul] row 3: y"
    named = ProblemError([Problem("table.nul", "x", file="g", row=2)], "g")
    assert str(named) == "[table.nul] g, row 2: x"
