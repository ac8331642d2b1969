"""CSV import of funding streams and performance measures.

One file is one transaction: every row is checked first, and if any row is wrong
nothing is written and every problem is reported with its row number (the header is
row 1, so the first data row is row 2, as a spreadsheet shows it) and column, each a
:class:`~joinedup.analysis.problems.Problem` with a ``context.*`` code. The file is
read by :mod:`joinedup.analysis.tables` (UTF-8, comma or semicolon separated; a NUL
character is refused). A row whose partnership already has a stream (or measure) of
the same name updates it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction

from joinedup.analysis.problems import Problem, ProblemError, Style
from joinedup.analysis.tables import as_mapping, load_table
from joinedup.context.models import FundingStream, MeasureKind, PerformanceMeasure, Source
from joinedup.context.services import profile_for
from joinedup.registry.models import Organisation, Partnership

FUNDING_COLUMNS = (
    "partnership",
    "name",
    "provider",
    "source",
    "amount",
    "earmarked",
    "start",
    "end",
    "conditions",
)
FUNDING_REQUIRED = ("partnership", "name", "source", "amount", "start")
MEASURE_COLUMNS = ("partnership", "name", "owner", "kind")
MEASURE_REQUIRED = ("partnership", "name", "kind")
_AMOUNT = FundingStream._meta.get_field("amount")
MAX_AMOUNT = 10 ** (_AMOUNT.max_digits - _AMOUNT.decimal_places)
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


#: The exception a refused file raises (the one every importer raises); its
#: ``file`` names the file, its problems the rows and columns.
ImportFailed = ProblemError


def _problem(row: int | None, column: str, code: str, message: str) -> Problem:
    return Problem(code, message, row=row, column=column, style=Style.TABLE)


class _Row:
    """One CSV row being checked; collects problems instead of raising."""

    def __init__(self, number: int, values: dict[str, str], problems: list[Problem]) -> None:
        self.number, self.values, self.problems = number, values, problems

    def fail(self, column: str, message: str, code: str) -> None:
        self.problems.append(_problem(self.number, column, code, message))

    def text(self, column: str, limit: int | None = None) -> str:
        value = self.values.get(column) or ""
        if limit is not None and len(value) > limit:
            self.fail(column, f"is longer than {limit} characters", "context.too-long")
        return value

    def lookup(self, column: str, table: dict[str, Any], what: str, required: bool) -> Any:
        value = self.text(column)
        if not value:
            if required:
                self.fail(column, "is empty", "context.empty")
            return None
        if value.casefold() not in table:
            self.fail(column, f"no {what} is called {value!r}", "context.unknown-name")
        return table.get(value.casefold())

    def choice(self, column: str, allowed: list[str]) -> str:
        value = self.text(column).lower()
        if value not in allowed:
            self.fail(
                column, f"{value!r} is not one of: {', '.join(allowed)}", "context.not-allowed"
            )
        return value

    def date(self, column: str, required: bool) -> dt.date | None:
        value = self.text(column)
        if not value:
            if required:
                self.fail(column, "is empty (write the date as YYYY-MM-DD)", "context.empty")
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(column, f"{value!r} is not a date written as YYYY-MM-DD", "context.bad-date")
            return None

    def amount(self, column: str) -> Decimal | None:
        value = self.text(column).replace(",", "").lstrip("£")
        try:
            number = Decimal(value)
        except InvalidOperation:
            self.fail(
                column, f"{self.text(column)!r} is not an amount in pounds", "context.bad-amount"
            )
            return None
        if not number.is_finite() or number < 0:
            self.fail(column, "must be a sum of zero or more pounds", "context.bad-amount")
            return None
        if number >= MAX_AMOUNT:
            self.fail(column, f"must be less than £{MAX_AMOUNT:,}", "context.bad-amount")
            return None
        return number.quantize(Decimal("0.01"))

    def flag(self, column: str) -> bool:
        value = self.text(column).lower()
        if value not in YES | NO:
            self.fail(column, f"{value!r} is not yes or no", "context.bad-flag")
        return value in YES


def _rows(path: Path, columns: tuple[str, ...], required: tuple[str, ...]) -> Iterator[_Row]:
    """Yields the data rows; raises ImportFailed for an unreadable file or a bad header."""
    table = load_table(path, style=Style.TABLE)
    header = [h.lower() for h in table.header]
    problems = [
        _problem(1, c, "context.missing-column", "this column is missing from the header")
        for c in required
        if c not in header
    ]
    problems += [
        _problem(1, c, "context.unknown-column", f"unknown column; expected {', '.join(columns)}")
        for c in header
        if c not in columns
    ]
    if problems:
        raise ImportFailed(problems, str(path))
    for number, cells in table.rows:
        yield _Row(number, as_mapping(header, cells), [])


def _tables() -> tuple[dict[str, Partnership], dict[str, Organisation]]:
    return (
        {p.name.casefold(): p for p in Partnership.objects.all()},
        {o.name.casefold(): o for o in Organisation.objects.all()},
    )


def _run(
    path: Path,
    columns: tuple[str, ...],
    required: tuple[str, ...],
    check: Callable[[_Row, Any], Any],
    save: Callable[[Any], None],
) -> int:
    problems: list[Problem] = []
    good: list[Any] = []
    tables = _tables()
    seen: dict[tuple[int, str], int] = {}
    for row in _rows(path, columns, required):
        row.problems = problems
        before = len(problems)
        parsed = check(row, tables)
        key = (getattr(parsed.get("partnership"), "pk", 0), parsed.get("name", ""))
        if len(problems) == before and key in seen:
            row.fail(
                "name",
                f"the same name for the same partnership is already on row {seen[key]}",
                "context.duplicate",
            )
        seen.setdefault(key, row.number)
        if len(problems) == before:
            good.append(parsed)
    if problems:
        raise ImportFailed(problems, str(path))
    with transaction.atomic():
        for parsed in good:
            save(parsed)
    return len(good)


def _length(model: Any, field: str) -> int:
    return int(model._meta.get_field(field).max_length)


def _check_funding(row: _Row, tables: Any) -> dict[str, Any]:
    partnerships, organisations = tables
    values = {
        "partnership": row.lookup("partnership", partnerships, "partnership", True),
        "name": row.text("name", _length(FundingStream, "name")),
        "provider": row.lookup("provider", organisations, "organisation", False),
        "source": row.choice("source", list(Source.values)),
        "amount": row.amount("amount"),
        "earmarked": row.flag("earmarked"),
        "start": row.date("start", True),
        "end": row.date("end", False),
        "conditions": row.text("conditions"),
    }
    if not values["name"]:
        row.fail("name", "is empty", "context.empty")
    if values["start"] and values["end"] and values["end"] < values["start"]:
        row.fail("end", "is before the start date", "context.end-before-start")
    return values


def _save_funding(values: dict[str, Any]) -> None:
    profile = profile_for(values.pop("partnership"))
    FundingStream.objects.update_or_create(
        profile=profile, name=values.pop("name"), defaults=values
    )


def _check_measure(row: _Row, tables: Any) -> dict[str, Any]:
    partnerships, organisations = tables
    values = {
        "partnership": row.lookup("partnership", partnerships, "partnership", True),
        "name": row.text("name", _length(PerformanceMeasure, "name")),
        "owner": row.lookup("owner", organisations, "organisation", False),
        "kind": row.choice("kind", list(MeasureKind.values)),
    }
    if not values["name"]:
        row.fail("name", "is empty", "context.empty")
    return values


def _save_measure(values: dict[str, Any]) -> None:
    profile = profile_for(values.pop("partnership"))
    PerformanceMeasure.objects.update_or_create(
        profile=profile, name=values.pop("name"), defaults=values
    )


def import_funding(path: Path) -> int:
    """Import funding streams from a CSV file; returns how many rows were written."""
    return _run(path, FUNDING_COLUMNS, FUNDING_REQUIRED, _check_funding, _save_funding)


def import_measures(path: Path) -> int:
    """Import performance measures from a CSV file; returns how many rows were written."""
    return _run(path, MEASURE_COLUMNS, MEASURE_REQUIRED, _check_measure, _save_measure)
