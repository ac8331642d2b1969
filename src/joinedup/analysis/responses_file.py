"""Read a responses file from another tool into answer records, checking every cell.

The file is CSV (UTF-8, comma or semicolon separated) or XLSX (the first sheet),
read by :mod:`joinedup.analysis.tables`: one row per
respondent, a header row of item names, one column per item. Columns for every
scored item of the instrument must be present; other columns are ignored, except
the optional stakeholder-group column. A cell may be empty (a skipped answer), a
numeric value of the item's scale (``4`` or ``4.0``), or "don't know" (the
scale's own don't-know label, ``dk``, ``don't know`` or ``dont_know``).

Problems are collected over the whole file and raised together as an
:class:`~joinedup.analysis.instruments.InstrumentError`; each names the file, the
row (as a spreadsheet shows it: the header is row 1) and the column.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from joinedup.analysis.data import AnswerRow
from joinedup.analysis.instruments import Instrument, Item
from joinedup.analysis.problems import InstrumentError, Problem
from joinedup.analysis.tables import MAX_PROBLEMS, iter_rows

DONT_KNOW_WORDS = frozenset({"dk", "don't know", "dont know", "dont_know", "do not know"})


#: The reader's codes as this module has always named them.
_CODES = {
    "table.unreadable": "responses.unreadable",
    "table.unknown-kind": "responses.unknown-kind",
    "table.nul": "responses.nul",
}


def iter_table(path: Path) -> Iterator[list[str]]:
    """The rows of a responses file one at a time, every cell stripped; the header
    is the first. Read by :func:`joinedup.analysis.tables.iter_rows` (CSV or the
    first sheet of a workbook), which see: the file is never held whole, an
    unreadable file raises :class:`InstrumentError` where it is found, and cells
    holding a NUL character are all named in one :class:`InstrumentError` raised
    after the last row. The problems carry the ``responses.*`` codes."""
    try:
        yield from iter_rows(path, workbooks=True)
    except InstrumentError as exc:
        raise InstrumentError(
            [replace(p, code=_CODES.get(p.code, p.code)) for p in exc.problems], exc.file
        ) from None


def read_table(path: Path) -> list[list[str]]:
    """The whole table of a responses file (see :func:`iter_table`)."""
    return list(iter_table(path))


def _cell(instrument: Instrument, item: Item, text: str) -> tuple[float | None, bool, str | None]:
    """(value, don't know, problem code) for one cell."""
    if not text:
        return None, False, None
    scale = instrument.scale_of(item)
    assert scale is not None
    dk_labels = {v.lower() for v in (scale.dont_know or {}).values()}
    if text.lower() in DONT_KNOW_WORDS | dk_labels:
        return None, True, None
    try:
        value = float(text)
    except ValueError:
        return None, False, "responses.non-numeric"
    if value not in {float(c.value) for c in scale.choices}:
        return None, False, "responses.unknown-value"
    return value, False, None


def _header_problems(
    instrument: Instrument, header: list[str], group_column: str | None, source: str
) -> list[Problem]:
    problems = []
    missing = [i.name for i in instrument.scored_items() if i.name not in header]
    if missing:
        problems.append(
            Problem(
                "responses.missing-columns",
                "no column for item(s) " + ", ".join(missing),
                file=source,
                row=1,
                hint="the header row needs one column per item name of the form",
            )
        )
    if group_column and group_column not in header:
        problems.append(
            Problem(
                "responses.missing-group-column",
                f"no column named {group_column!r}",
                file=source,
                row=1,
                column=group_column,
            )
        )
    return problems


def _message(code: str, text: str, item: Item, instrument: Instrument) -> str:
    scale = instrument.scale_of(item)
    allowed = ", ".join(f"{c.value}" for c in scale.choices) if scale else ""
    if code == "responses.non-numeric":
        return f"{text!r} is not a number (allowed: {allowed}, empty, or don't know)"
    return f"{text!r} is not a value of the scale (allowed: {allowed})"


def read_responses(
    path: str | Path, instrument: Instrument, group_column: str | None = None
) -> list[AnswerRow]:
    """The answers in a responses file, one :class:`AnswerRow` per scored cell.

    Respondents are identified by their row number (``row-2``, ``row-3``, …);
    without a group column every respondent is in the group ``all``.
    """
    source = Path(path)
    table = read_table(source)
    if not table or not any(table[0]):
        raise InstrumentError(
            [Problem("responses.empty", "the file has no header row", file=str(source))]
        )
    header = table[0]
    problems = _header_problems(instrument, header, group_column, str(source))
    if problems:
        raise InstrumentError(problems)
    columns = {name: header.index(name) for name in header if name}
    items = instrument.scored_items()
    answers: list[AnswerRow] = []
    for number, row in enumerate(table[1:], start=2):
        if not any(row):
            continue
        cells = row + [""] * (len(header) - len(row))
        group = cells[columns[group_column]] if group_column else "all"
        for item in items:
            text = cells[columns[item.name]]
            value, dont_know, code = _cell(instrument, item, text)
            if code:
                message = _message(code, text, item, instrument)
                problems.append(Problem(code, message, str(source), row=number, column=item.name))
                continue
            answers.append(
                AnswerRow(
                    f"row-{number}", "", "", group or "(none)", item.name, value, dont_know, text
                )
            )
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise InstrumentError(problems)
    return answers
