"""CSV imports: activities, the population reference, indicator observations.

Every import reads the whole file, checks every row, and writes nothing unless
all rows are good; then it writes in one transaction. Errors name the file, the
row (the header is row 1) and the column: each a
:class:`~joinedup.analysis.problems.Problem` with a ``participation.*`` code, raised
together as :data:`ImportFailed`. Files are read by :mod:`joinedup.analysis.tables`
(UTF-8, comma or semicolon separated; a NUL character is refused). Re-importing
the same file changes nothing: rows are matched on their natural key and updated.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from joinedup.analysis import participation as pm
from joinedup.analysis import participation_indicators as pi
from joinedup.analysis.problems import Problem, ProblemError, Style
from joinedup.analysis.tables import as_mapping, load_table
from joinedup.participation import models as m
from joinedup.registry.models import Partnership

#: The exception a refused file raises (the one every importer raises).
ImportFailed = ProblemError


@dataclass
class Rows:
    """The problems found in one file, each naming the file, row and column."""

    file: str
    problems: list[Problem] = field(default_factory=list)

    def bad(self, row: int, column: str, message: str, code: str) -> None:
        self.problems.append(Problem(code, message, self.file, "", row, column, "", Style.TABLE))


MAX_COUNT = 2_147_483_647  # the ceiling of a PositiveIntegerField on PostgreSQL


def _limits(model: Any, **columns: str) -> dict[str, int]:
    """column → the max_length of the model's text field it fills."""
    return {col: model._meta.get_field(field).max_length for col, field in columns.items()}


def _read(
    path: Path, required: list[str], limits: Mapping[str, int] | None = None
) -> tuple[Rows, list[tuple[int, dict[str, str]]]]:
    """The data rows by row number, read by :func:`joinedup.analysis.tables.load_table`
    (which refuses an unreadable file and NUL characters). Problems: a missing
    column; a row longer than the header (a shifted row) unless the extra cells are
    empty; text longer than ``limits`` allows its column."""
    rows = Rows(path.name)
    table = load_table(path, label=path.name, style=Style.TABLE)
    missing = [c for c in required if c not in table.header]
    if missing:
        raise ImportFailed(
            [
                Problem(
                    "participation.missing-column",
                    "column missing from the header",
                    rows.file,
                    "",
                    1,
                    c,
                    "",
                    Style.TABLE,
                )
                for c in missing
            ],
            rows.file,
        )
    limits = limits or {}
    data = []
    for number, cells in table.rows:
        if len(cells) > len(table.header):
            extra = len(cells) - len(table.header)
            message = f"{extra} more cell(s) than the header has columns"
            rows.bad(number, "", message, "participation.extra-cells")
        values = as_mapping(table.header, cells)
        for column, value in values.items():
            if len(value) > limits.get(column, len(value)):
                message = f"is longer than {limits[column]} characters"
                rows.bad(number, column, message, "participation.too-long")
        data.append((number, values))
    return rows, data


def _date(rows: Rows, n: int, col: str, value: str, optional: bool = False) -> dt.date | None:
    if not value:
        if not optional:
            rows.bad(n, col, "a date is required (YYYY-MM-DD)", "participation.empty")
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        rows.bad(n, col, f"{value!r} is not a date (YYYY-MM-DD)", "participation.bad-date")
        return None


def _number(
    rows: Rows, n: int, col: str, value: str, kind: Callable[[str], Any], optional: bool = False
) -> Any:
    if not value:
        if not optional:
            rows.bad(n, col, "a number is required", "participation.empty")
        return None
    try:
        result = kind(value)
    except ValueError:
        rows.bad(n, col, f"{value!r} is not a number", "participation.bad-number")
        return None
    if kind is int and result < 0:
        rows.bad(n, col, "must not be negative", "participation.bad-number")
        return None
    if kind is int and result > MAX_COUNT:
        rows.bad(n, col, f"is more than {MAX_COUNT}", "participation.bad-number")
        return None
    if kind is float and not math.isfinite(result):
        rows.bad(n, col, f"{value!r} is not a finite number", "participation.bad-number")
        return None
    return result


def _choice(rows: Rows, n: int, col: str, value: str, allowed: tuple[str, ...]) -> str | None:
    if value not in allowed:
        rows.bad(
            n, col, f"{value!r} is not one of: {', '.join(allowed)}", "participation.not-allowed"
        )
        return None
    return value


def _list(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def _partnership(
    rows: Rows, n: int, col: str, value: str, cache: dict[str, Partnership | None]
) -> Partnership | None:
    if value not in cache:
        query = (
            Partnership.objects.filter(pk=int(value))
            if value.isdigit()
            else Partnership.objects.filter(name=value)
        )
        cache[value] = query.first()
    if cache[value] is None:
        rows.bad(n, col, f"no partnership called {value!r}", "participation.unknown-name")
    return cache[value]


def _finish(rows: Rows, writes: list[Callable[[], None]]) -> int:
    if rows.problems:
        raise ImportFailed(rows.problems, rows.file)
    with transaction.atomic():
        for write in writes:
            write()
    return len(writes)


# --- activities ---------------------------------------------------------------------

ACTIVITY_COLUMNS = [
    "partnership",
    "title",
    "role",
    "methods",
    "declared_depth",
    "area",
    "target_groups",
    "topic",
    "start",
    "end",
    "participants",
]


def import_activities(path: Path) -> int:
    """Columns: partnership (name or id), title, role (purpose/ingredient/outcome),
    methods (;-separated), declared_depth, area, target_groups (;-separated),
    topic, start, end, participants; optional feedback_due and joint_with
    (;-separated partnership names). Key: partnership + title + start."""
    limits = _limits(m.Activity, title="title", area="area", topic="topic")
    rows, data = _read(path, ACTIVITY_COLUMNS, limits)
    cache: dict[str, Partnership | None] = {}
    writes = []
    for n, r in data:
        writes.append(_activity_row(rows, n, r, cache))
    return _finish(rows, writes)


def _activity_row(
    rows: Rows, n: int, r: dict[str, str], cache: dict[str, Partnership | None]
) -> Callable[[], None]:
    owner = _partnership(rows, n, "partnership", r["partnership"], cache)
    joint = [
        _partnership(rows, n, "joint_with", name, cache) for name in _list(r.get("joint_with", ""))
    ]
    if not r["title"]:
        rows.bad(n, "title", "a title is required", "participation.empty")
    _choice(rows, n, "role", r["role"], tuple(m.ActivityRole.values))
    methods = _list(r["methods"])
    for method in methods:
        _choice(rows, n, "methods", method, pm.METHODS)
    _choice(rows, n, "declared_depth", r["declared_depth"], pm.DEPTHS)
    start = _date(rows, n, "start", r["start"])
    end = _date(rows, n, "end", r["end"])
    if start and end and end < start:
        rows.bad(n, "end", "the activity ends before it starts", "participation.end-before-start")
    participants = _number(rows, n, "participants", r["participants"], int, optional=True) or 0
    due = _date(rows, n, "feedback_due", r.get("feedback_due", ""), optional=True)

    def write() -> None:
        assert start is not None, "rows with problems are never written"
        assert end is not None
        activity, _ = m.Activity.objects.update_or_create(
            partnership=owner,
            title=r["title"],
            start=start,
            defaults={
                "role": r["role"],
                "methods": methods,
                "declared_depth": r["declared_depth"],
                "area": r["area"],
                "target_groups": _list(r["target_groups"]),
                "topic": r["topic"],
                "end": end,
                "participants": participants,
                "feedback_due": due,
            },
        )
        activity.joint_with.set([p for p in joint if p is not None])

    return write


# --- population reference -------------------------------------------------------------


def import_population(path: Path) -> int:
    """Columns: area, category, group, count. Key: area + category + group."""
    limits = _limits(m.PopulationCount, area="area", category="category", group="group")
    rows, data = _read(path, ["area", "category", "group", "count"], limits)
    writes = []
    seen: dict[tuple[str, str, str], int] = {}
    for n, r in data:
        for col in ("area", "category", "group"):
            if not r[col]:
                rows.bad(n, col, "must not be empty", "participation.empty")
        count = _number(rows, n, "count", r["count"], int)
        key = (r["area"], r["category"], r["group"])
        if key in seen:
            rows.bad(n, "group", f"repeats row {seen[key]}", "participation.duplicate")
        seen[key] = n
        writes.append(_population_write(key, count))
    return _finish(rows, writes)


def _population_write(key: tuple[str, str, str], count: int | None) -> Callable[[], None]:
    def write() -> None:
        assert count is not None  # rows with problems are never written
        m.PopulationCount.objects.update_or_create(
            area=key[0], category=key[1], group=key[2], defaults={"count": count}
        )

    return write


# --- indicator observations -------------------------------------------------------------

INDICATOR_COLUMNS = ["partnership", "indicator", "date", "value"]


def import_indicators(path: Path) -> int:
    """Columns: partnership, indicator, date, value; for an indicator not yet
    known also kind (structure/process/outcome), defined_by
    (national/partnership/community) and unit; optional target and direction
    (up/down). Key: partnership + indicator + date."""
    rows, data = _read(path, INDICATOR_COLUMNS, _limits(m.Indicator, indicator="name", unit="unit"))
    cache: dict[str, Partnership | None] = {}
    writes = []
    declared: set[tuple[str, str]] = set()  # indicators described by an earlier row
    for n, r in data:
        owner = _partnership(rows, n, "partnership", r["partnership"], cache)
        day = _date(rows, n, "date", r["date"])
        value = _number(rows, n, "value", r["value"], float)
        key = (r["partnership"], r["indicator"])
        known = key in declared or (
            owner is not None and owner.indicators.filter(name=r["indicator"]).exists()
        )
        if r.get("kind") and r.get("defined_by") and r.get("unit"):
            declared.add(key)
        if not r["indicator"]:
            rows.bad(n, "indicator", "must not be empty", "participation.empty")
        fields = _indicator_fields(rows, n, r, known)
        writes.append(_observation_write(owner, r["indicator"], fields, day, value))
    return _finish(rows, writes)


def _indicator_fields(rows: Rows, n: int, r: dict[str, str], known: bool) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for col, allowed in (
        ("kind", pi.KINDS),
        ("defined_by", pi.DEFINERS),
        ("direction", pi.DIRECTIONS),
    ):
        value = r.get(col, "")
        if value:
            fields[col] = _choice(rows, n, col, value, allowed)
        elif not known and col != "direction":
            rows.bad(n, col, "required for an indicator not yet known", "participation.empty")
    if r.get("unit"):
        fields["unit"] = r["unit"]
    elif not known:
        rows.bad(n, "unit", "required for an indicator not yet known", "participation.empty")
    if r.get("target"):
        fields["target"] = _number(rows, n, "target", r["target"], float)
    return fields


def _observation_write(
    owner: Partnership | None,
    name: str,
    fields: dict[str, Any],
    day: dt.date | None,
    value: float | None,
) -> Callable[[], None]:
    def write() -> None:
        assert day is not None, "rows with problems are never written"
        assert value is not None
        indicator, created = m.Indicator.objects.get_or_create(
            partnership=owner, name=name, defaults=fields
        )
        if not created and fields:
            for key, val in fields.items():
                setattr(indicator, key, val)
            indicator.save()
        m.IndicatorObservation.objects.update_or_create(
            indicator=indicator, observed_on=day, defaults={"value": value}
        )

    return write


def iter_problems(exc: ImportFailed) -> Iterator[str]:
    for problem in exc.problems:
        yield str(problem)
