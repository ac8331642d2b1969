"""CSV (or XLSX) bulk updates of a partnership's actions and workshop views.

One file is one transaction: every row is checked first; if any is wrong nothing
is written and each problem names the file, the row (the header is row 1) and the
column, with an ``actions.*`` code (:mod:`joinedup.analysis.problems`).

Actions file: ``title`` (required; an existing title updates that action, a new
one creates it), ``owner``, ``due`` (YYYY-MM-DD), ``status`` (planned, under way,
done, dropped), ``published`` (yes/no), ``progress`` (a progress note to add) and
``progress_date`` (its date, default today). A new action needs an owner.

Workshop file: ``round`` (the round's number), ``dimension`` (its name), ``score``
and ``note``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from joinedup.actions import services
from joinedup.actions.models import Action, Status
from joinedup.analysis.board.scores import dimension_scale
from joinedup.analysis.problems import Problem, ProblemError, Style
from joinedup.analysis.tables import as_mapping, load_table
from joinedup.registry.models import Partnership

ACTION_COLUMNS = ("title", "owner", "due", "status", "published", "progress", "progress_date")
WORKSHOP_COLUMNS = ("round", "dimension", "score", "note")
YES, NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0"}


class _Row:
    def __init__(self, number: int, values: dict[str, str], problems: list[Problem]) -> None:
        self.number, self.values, self.problems = number, values, problems

    def fail(self, column: str, message: str, code: str) -> None:
        self.problems.append(
            Problem(code, message, row=self.number, column=column, style=Style.TABLE)
        )

    def text(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def date(self, column: str) -> dt.date | None:
        value = self.text(column)
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(column, f"{value!r} is not a date written as YYYY-MM-DD", "actions.bad-date")
            return None


def _rows(
    path: Path, label: str, columns: tuple[str, ...], required: tuple[str, ...]
) -> Iterator[_Row]:
    table = load_table(path, label=label, style=Style.TABLE, workbooks=True)
    header = [h.strip().lower() for h in table.header]
    problems = [
        Problem(
            "actions.missing-column",
            "this column is missing from the header",
            row=1,
            column=c,
            style=Style.TABLE,
        )
        for c in required
        if c not in header
    ]
    problems += [
        Problem(
            "actions.unknown-column",
            f"unknown column; expected {', '.join(columns)}",
            row=1,
            column=c,
            style=Style.TABLE,
        )
        for c in header
        if c not in columns
    ]
    if problems:
        raise ProblemError(problems, table.file)
    for number, cells in table.rows:
        yield _Row(number, as_mapping(header, cells), [])


def _check_action(
    row: _Row, partnership: Partnership, existing: dict[str, Action], owners: dict[str, Any]
) -> dict[str, Any]:
    title = row.text("title")
    if not title:
        row.fail("title", "is empty", "actions.empty")
    elif len(title) > 200:
        row.fail("title", "is longer than 200 characters", "actions.too-long")
    action = existing.get(title.casefold())
    parsed: dict[str, Any] = {"title": title, "action": action}
    owner = row.text("owner")
    if owner:
        if owner.casefold() not in owners:
            row.fail("owner", f"no member organisation is called {owner!r}", "actions.unknown-name")
        parsed["owner"] = owners.get(owner.casefold())
    elif action is None and title:
        row.fail("owner", "is empty (a new action needs its owner organisation)", "actions.empty")
    if row.text("due"):
        parsed["due"] = row.date("due")
    status = row.text("status").lower()
    if status:
        if status not in Status.values:
            row.fail(
                "status",
                f"{status!r} is not one of: {', '.join(Status.values)}",
                "actions.not-allowed",
            )
        parsed["status"] = status
    flag = row.text("published").lower()
    if flag:
        if flag not in YES | NO:
            row.fail("published", f"{flag!r} is not yes or no", "actions.bad-flag")
        parsed["published"] = flag in YES
    parsed["progress"] = row.text("progress")
    parsed["progress_date"] = row.date("progress_date")
    if parsed["progress_date"] and not parsed["progress"]:
        row.fail("progress", "is empty, but progress_date is filled in", "actions.empty")
    return parsed


def import_actions(path: Path, partnership: Partnership, user: Any = None, label: str = "") -> int:
    """Create or update the partnership's actions from a file; the number of rows."""
    existing = {a.title.casefold(): a for a in Action.objects.filter(partnership=partnership)}
    owners = {o.name.casefold(): o for o in services.members(partnership)}
    problems: list[Problem] = []
    good: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for row in _rows(path, label, ACTION_COLUMNS, ("title",)):
        row.problems = problems
        before = len(problems)
        parsed = _check_action(row, partnership, existing, owners)
        key = parsed["title"].casefold()
        if len(problems) == before and key in seen:
            row.fail("title", f"the same action is already on row {seen[key]}", "actions.duplicate")
        seen.setdefault(key, row.number)
        if len(problems) == before:
            good.append(parsed)
    if problems:
        raise ProblemError(problems, label or str(path))
    with transaction.atomic():
        for parsed in good:
            action = parsed["action"] or Action(partnership=partnership, title=parsed["title"])
            for name in ("owner", "due", "status", "published"):
                if name in parsed and parsed[name] is not None:
                    setattr(action, name, parsed[name])
            services.save_action(action)
            if parsed["progress"]:
                services.add_note(action, parsed["progress"], parsed["progress_date"], user)
    return len(good)


def import_views(path: Path, partnership: Partnership, user: Any = None, label: str = "") -> int:
    """Record the board's agreed scores from a file; the number of rows."""
    rounds = {r.pk: r for r in services.scored_rounds(partnership)}
    problems: list[Problem] = []
    good: list[tuple[Any, str, float, str]] = []
    for row in _rows(path, label, WORKSHOP_COLUMNS, ("round", "dimension", "score")):
        row.problems = problems
        before = len(problems)
        number = row.text("round")
        round_ = rounds.get(int(number)) if number.isdigit() else None
        if round_ is None:
            row.fail(
                "round",
                f"{number!r} is not the number of one of this partnership's rounds",
                "actions.unknown-name",
            )
        dimension = row.text("dimension")
        names = dict(services.dimensions_of(round_)) if round_ is not None else {}
        if round_ is not None and dimension not in names:
            row.fail(
                "dimension",
                f"{dimension!r} is not one of: {', '.join(names)}",
                "actions.not-allowed",
            )
        try:
            score = float(row.text("score"))
            if not math.isfinite(score):
                raise ValueError
        except ValueError:
            row.fail("score", f"{row.text('score')!r} is not a number", "actions.bad-number")
            score = math.nan
        if len(problems) == before:
            good.append((round_, dimension, score, row.text("note")))
            try:
                _span_check(round_, dimension, score)
            except ValidationError as exc:
                row.fail("score", "; ".join(exc.messages), "actions.bad-number")
                good.pop()
    if problems:
        raise ProblemError(problems, label or str(path))
    with transaction.atomic():
        for round_, dimension, score, note in good:
            services.record_view(round_, dimension, score, note, user)
    return len(good)


def _span_check(round_: Any, dimension: str, score: float) -> None:
    instrument = services.instrument_of(round_)
    span = dimension_scale(instrument, dimension) if instrument else None
    if span is not None and not span[0] <= score <= span[1]:
        raise ValidationError(f"must lie between {span[0]:g} and {span[1]:g}")
