"""CSV import of funding streams and performance measures.

One file is one transaction: every row is checked first, and if any row is wrong
nothing is written and every problem is reported with its row number (the header is
row 1, so the first data row is row 2, as a spreadsheet shows it) and column. A row
whose partnership already has a stream (or measure) of the same name updates it.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction

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


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column!r}: {self.message}"


class ImportFailed(Exception):
    """The file was not imported; ``problems`` says where and why."""

    def __init__(self, file: str, problems: list[RowProblem]) -> None:
        self.file = file
        self.problems = problems
        super().__init__(f"{file}: {len(problems)} problem(s); nothing was imported")


class _Row:
    """One CSV row being checked; collects problems instead of raising."""

    def __init__(self, number: int, values: dict[str, str], problems: list[RowProblem]) -> None:
        self.number, self.values, self.problems = number, values, problems

    def fail(self, column: str, message: str) -> None:
        self.problems.append(RowProblem(self.number, column, message))

    def text(self, column: str, limit: int | None = None) -> str:
        value = (self.values.get(column) or "").strip()
        if "\x00" in value:  # PostgreSQL cannot store it, nor be asked about it
            self.fail(column, "holds a NUL character (is the file really text?)")
            return ""
        if limit is not None and len(value) > limit:
            self.fail(column, f"is longer than {limit} characters")
        return value

    def lookup(self, column: str, table: dict[str, Any], what: str, required: bool) -> Any:
        value = self.text(column)
        if not value:
            if required:
                self.fail(column, "is empty")
            return None
        if value.casefold() not in table:
            self.fail(column, f"no {what} is called {value!r}")
        return table.get(value.casefold())

    def choice(self, column: str, allowed: list[str]) -> str:
        value = self.text(column).lower()
        if value not in allowed:
            self.fail(column, f"{value!r} is not one of: {', '.join(allowed)}")
        return value

    def date(self, column: str, required: bool) -> dt.date | None:
        value = self.text(column)
        if not value:
            if required:
                self.fail(column, "is empty (write the date as YYYY-MM-DD)")
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(column, f"{value!r} is not a date written as YYYY-MM-DD")
            return None

    def amount(self, column: str) -> Decimal | None:
        value = self.text(column).replace(",", "").lstrip("£")
        try:
            number = Decimal(value)
        except InvalidOperation:
            self.fail(column, f"{self.text(column)!r} is not an amount in pounds")
            return None
        if not number.is_finite() or number < 0:
            self.fail(column, "must be a sum of zero or more pounds")
            return None
        if number >= MAX_AMOUNT:
            self.fail(column, f"must be less than £{MAX_AMOUNT:,}")
            return None
        return number.quantize(Decimal("0.01"))

    def flag(self, column: str) -> bool:
        value = self.text(column).lower()
        if value not in YES | NO:
            self.fail(column, f"{value!r} is not yes or no")
        return value in YES


def _rows(path: Path, columns: tuple[str, ...], required: tuple[str, ...]) -> Iterator[_Row]:
    """Yields the data rows; raises ImportFailed for an unreadable file or a bad header."""
    problems: list[RowProblem] = []
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise ImportFailed(
            str(path), [RowProblem(0, "", f"cannot read the file ({exc.strerror})")]
        ) from None
    with handle:
        try:
            reader = csv.DictReader(handle)
            header = [h.strip().lower() for h in reader.fieldnames or []]
            reader.fieldnames = header
            missing = [c for c in required if c not in header]
            unknown = [c for c in header if c not in columns]
            for column in missing:
                problems.append(RowProblem(1, column, "this column is missing from the header"))
            for column in unknown:
                problems.append(
                    RowProblem(1, column, f"unknown column; expected {', '.join(columns)}")
                )
            if problems:
                raise ImportFailed(str(path), problems)
            for number, values in enumerate(reader, start=2):
                yield _Row(number, {k: v for k, v in values.items() if k is not None}, [])
        except UnicodeDecodeError:
            raise ImportFailed(
                str(path), [RowProblem(0, "", "the file is not UTF-8 text")]
            ) from None
        except csv.Error as exc:
            raise ImportFailed(
                str(path), [RowProblem(0, "", f"not a readable CSV file ({exc})")]
            ) from None


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
    problems: list[RowProblem] = []
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
                "name", f"the same name for the same partnership is already on row {seen[key]}"
            )
        seen.setdefault(key, row.number)
        if len(problems) == before:
            good.append(parsed)
    if problems:
        raise ImportFailed(str(path), problems)
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
        row.fail("name", "is empty")
    if values["start"] and values["end"] and values["end"] < values["start"]:
        row.fail("end", "is before the start date")
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
        row.fail("name", "is empty")
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
