"""Write small XLSForms from inline tables, as a questionnaire author lays them out."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl

Table = Sequence[Sequence[Any]]


def write_form(
    path: Path,
    survey: Table | None,
    choices: Table | None = None,
    settings: Table | None = None,
) -> Path:
    """Save a workbook with the given sheets (``survey=None`` leaves that sheet out)."""
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    sheets = {"survey": survey, "choices": choices, "settings": settings}
    for name, table in sheets.items():
        if table is None:
            continue
        sheet = first if first.title == "Sheet" else book.create_sheet(name)
        sheet.title = name
        for row in table:
            sheet.append(list(row))
        first = sheet
    book.save(path)
    return path
