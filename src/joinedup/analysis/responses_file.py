"""Read a responses file from another tool into answer records, checking every cell.

The file is CSV (UTF-8, comma or semicolon separated) or XLSX (the first sheet),
read by :mod:`joinedup.analysis.tables`: one row per respondent, a header row, one
column per item. Which export it is (joinedup's own, KoboToolbox CSV or XLSX, ODK
Central CSV) and where each item is in it is read by
:mod:`joinedup.analysis.exports`: metadata columns are ignored and listed, and a
column that is neither a question of the form, an identity column
(``respondent``, ``organisation``, ``group`` or the stakeholder-group column
named) nor a tool's metadata is refused, naming it and the closest question,
unless the caller names it in ``ignore``. A required item needs a column; an
optional one without a column is unanswered. A cell may be empty (a skipped
answer), a numeric value of the item's scale (``4`` or ``4.0``), a label of the
scale (``Agree``), or "don't know" (the scale's own don't-know label or its
missing-value code such as ``-99``, ``dk``, ``don't know`` or ``dont_know``).

Problems are collected over the whole file and raised together as an
:class:`~joinedup.analysis.instruments.InstrumentError`; each names the file, the
row (as a spreadsheet shows it: the header is row 1) and the column.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from joinedup.analysis.data import AnswerRow
from joinedup.analysis.exports import IDENTITY, Layout, answer_reader, answer_text, read_layout
from joinedup.analysis.instruments import Instrument, Item
from joinedup.analysis.problems import InstrumentError, Problem
from joinedup.analysis.tables import (
    MAX_PROBLEMS,
    WORKBOOK_SUFFIXES,
    column_letter,
    csv_delimiter,
    iter_rows,
)

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


def layout_of(
    path: Path,
    header: list[str],
    instrument: Instrument,
    identity: Iterable[str] = IDENTITY,
    ignore: Iterable[str] = (),
) -> Layout:
    """The :class:`~joinedup.analysis.exports.Layout` of a responses file's header."""
    workbook = path.suffix.lower() in WORKBOOK_SUFFIXES
    delimiter = "" if workbook else csv_delimiter(path)
    return read_layout(
        header, instrument, workbook=workbook, delimiter=delimiter, identity=identity, ignore=ignore
    )


def layout_problems(layout: Layout, instrument: Instrument, source: str) -> list[Problem]:
    """Unknown columns, network questions' columns and required items without a
    column, each a problem naming the file, row 1 and the column."""
    problems = []
    for unknown in layout.unknown:
        guess = f"; did you mean {unknown.suggestion}?" if unknown.suggestion else ""
        problems.append(
            Problem(
                "responses.unknown-column",
                f"{unknown.header!r} (column {column_letter(unknown.index)}) is not a question "
                f"of {instrument.id}{guess}",
                file=source,
                row=1,
                column=unknown.header,
                hint=f"correct the heading, or leave the column out with --ignore-column "
                f"{unknown.header!r}",
            )
        )
    for index, header in layout.relation:
        problems.append(
            Problem(
                "responses.relation-column",
                f"{header} (column {column_letter(index)}) is asked about each partner and "
                "cannot be imported from a wide file",
                file=source,
                row=1,
                column=header,
            )
        )
    if layout.required:
        problems.append(
            Problem(
                "responses.missing-columns",
                "no column for required item(s) " + ", ".join(layout.required),
                file=source,
                row=1,
                hint="the header row needs a column for every required question of the form",
            )
        )
    return problems


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


def _message(code: str, text: str, item: Item, instrument: Instrument) -> str:
    scale = instrument.scale_of(item)
    allowed = ", ".join(f"{c.value}" for c in scale.choices) if scale else ""
    if code == "responses.non-numeric":
        return f"{text!r} is not a number (allowed: {allowed}, empty, or don't know)"
    return f"{text!r} is not a value of the scale (allowed: {allowed})"


def read_responses(
    path: str | Path,
    instrument: Instrument,
    group_column: str | None = None,
    ignore: Iterable[str] = (),
) -> list[AnswerRow]:
    """The answers in a responses file, one :class:`AnswerRow` per scored cell
    (see :func:`read_responses_file`)."""
    return read_responses_file(path, instrument, group_column, ignore)[0]


def read_responses_file(
    path: str | Path,
    instrument: Instrument,
    group_column: str | None = None,
    ignore: Iterable[str] = (),
) -> tuple[list[AnswerRow], Layout]:
    """The answers in a responses file, one :class:`AnswerRow` per scored cell, and
    the file's :class:`~joinedup.analysis.exports.Layout` (what export it is).

    Respondents are identified by their row number (``row-2``, ``row-3``, …);
    without a group column every respondent is in the group ``all``. ``ignore``
    names columns to leave out that are not questions of the form.
    """
    source = Path(path)
    table = read_table(source)
    if not table or not any(table[0]):
        raise InstrumentError(
            [Problem("responses.empty", "the file has no header row", file=str(source))]
        )
    header = table[0]
    identity = (*IDENTITY, group_column) if group_column else IDENTITY
    layout = layout_of(source, header, instrument, identity, ignore)
    problems = layout_problems(layout, instrument, str(source))
    if group_column and group_column not in layout.identity:
        problems.append(
            Problem(
                "responses.missing-group-column",
                f"no column named {group_column!r}",
                file=str(source),
                row=1,
                column=group_column,
            )
        )
    if problems:
        raise InstrumentError(problems)
    items = [i for i in instrument.scored_items() if i.name in layout.items]
    labels = {i.name: answer_reader(instrument, i) for i in items}
    answers: list[AnswerRow] = []
    for number, row in enumerate(table[1:], start=2):
        if not any(row):
            continue
        cells = row + [""] * (len(header) - len(row))
        group = cells[layout.identity[group_column]] if group_column else "all"
        for item in items:
            columns = layout.items[item.name]
            text = answer_text(instrument, item, columns.cell(cells), labels[item.name])
            value, dont_know, code = _cell(instrument, item, text)
            if code:
                message = _message(code, text, item, instrument)
                where = columns.header or item.name
                problems.append(Problem(code, message, str(source), row=number, column=where))
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
    return answers, layout
