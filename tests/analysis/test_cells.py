"""Cells that a spreadsheet would read as formulas get a leading quote; numbers and
plain text pass through unchanged."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.analysis.cells import is_formula_like, safe_cell, safe_row


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        (
            '=HYPERLINK("http://evil.example","click")',
            '\'=HYPERLINK("http://evil.example","click")',
        ),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("-", "'-"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Kestermouth Council", "Kestermouth Council"),
        ("a=b", "a=b"),
        ("", ""),
        ("-3", "-3"),
        ("+1.5", "+1.5"),
        ("-2e3", "-2e3"),
        ("-.5", "-.5"),
    ],
)
def test_text_cells(raw, safe) -> None:
    assert safe_cell(raw) == safe


@pytest.mark.parametrize("number", [-3, -0.25, 0, 7, Decimal("-1.50"), True, None])
def test_numbers_stay_numbers(number) -> None:
    assert safe_cell(number) is number


def test_a_row_keeps_its_length_and_order() -> None:
    assert safe_row(["=1", -1, "x", None]) == ["'=1", -1, "x", None]


def test_other_values_are_judged_by_their_text() -> None:
    class Named:
        def __str__(self) -> str:
            return "=cmd"

    assert safe_cell(Named()) == "'=cmd"


@given(st.text())
def test_no_safe_text_can_start_a_formula(text) -> None:
    out = safe_cell(text)
    assert not is_formula_like(out)
    assert out in (text, "'" + text)
