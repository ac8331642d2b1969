"""CSV (or XLSX) import of a partnership's decision rights, in bulk.

Columns: ``area`` (required), ``holder`` (``board``, ``parent``, ``sign_off``,
``delegated``, or empty when nobody is named), ``organisation`` (its name; required
for ``parent`` and ``sign_off``), ``delegate`` (required for ``delegated``), ``note``.
Every row is checked first; one wrong cell refuses the whole file and each problem
names the file, the row (the header is row 1) and the column. A row whose area the
partnership already records replaces it. The whole file is one transaction.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from joinedup.analysis.problems import Problem, ProblemError, Style
from joinedup.analysis.tables import as_mapping, load_table
from joinedup.governance.models import DecisionRight, Holder
from joinedup.governance.services import add_right
from joinedup.registry.models import Organisation, Partnership

COLUMNS = ("area", "holder", "organisation", "delegate", "note")
LIMITS = {"area": 200, "delegate": 200, "note": 300}


def _problem(row: int, column: str, code: str, message: str) -> Problem:
    return Problem(code, message, row=row, column=column, style=Style.TABLE)


def _header(header: list[str]) -> list[Problem]:
    problems = []
    if "area" not in header:
        problems.append(_problem(1, "area", "governance.missing-column", "this column is missing"))
    problems += [
        _problem(
            1, c, "governance.unknown-column", f"unknown column; expected {', '.join(COLUMNS)}"
        )
        for c in header
        if c not in COLUMNS
    ]
    return problems


def _check(
    number: int, v: dict[str, str], orgs: dict[str, Organisation]
) -> tuple[list[Problem], dict[str, Any]]:
    problems = []
    for column, limit in LIMITS.items():
        if len(v.get(column, "")) > limit:
            problems.append(
                _problem(
                    number, column, "governance.too-long", f"is longer than {limit} characters"
                )
            )
    if not v.get("area"):
        problems.append(_problem(number, "area", "governance.empty", "is empty"))
    holder = v.get("holder", "").lower()
    if holder and holder not in Holder.values:
        allowed = ", ".join(Holder.values)
        problems.append(
            _problem(
                number, "holder", "governance.not-allowed", f"{holder!r} is not one of {allowed}"
            )
        )
    name = v.get("organisation", "")
    org = orgs.get(name.casefold()) if name else None
    if name and org is None:
        problems.append(
            _problem(
                number,
                "organisation",
                "governance.unknown-name",
                f"no organisation is called {name!r}",
            )
        )
    if holder in (Holder.PARENT, Holder.SIGN_OFF) and not name:
        problems.append(
            _problem(
                number, "organisation", "governance.empty", f"is needed when the holder is {holder}"
            )
        )
    if holder == Holder.DELEGATED and not v.get("delegate"):
        problems.append(
            _problem(
                number, "delegate", "governance.empty", "is needed when the holder is delegated"
            )
        )
    values = {
        "area": v.get("area", ""),
        "holder": holder,
        "organisation": org,
        "delegate": v.get("delegate", ""),
        "note": v.get("note", ""),
    }
    return problems, values


def import_rights(
    partnership: Partnership,
    path: Path,
    label: str = "",
    organisations: QuerySet[Organisation] | None = None,
) -> int:
    """Import the file's decision rights into ``partnership``; the number of rows saved.
    ``organisations`` are those the rows may name (the ones the importing user may
    see; every one when None), so that a refusal never tells whether a hidden
    organisation exists. Raises :class:`ProblemError` (nothing saved) listing every
    problem."""
    table = load_table(path, label=label, style=Style.TABLE)
    header = [h.strip().lower() for h in table.header]
    problems = _header(header)
    if problems:
        raise ProblemError(problems, table.file)
    known = Organisation.objects.all() if organisations is None else organisations
    orgs = {o.name.casefold(): o for o in known}
    good: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        v = {k: x.strip() for k, x in as_mapping(header, cells).items()}
        found, values = _check(number, v, orgs)
        key = values["area"].casefold()
        if not found and key in seen:
            found.append(
                _problem(
                    number, "area", "governance.duplicate", f"the same area is on row {seen[key]}"
                )
            )
        seen.setdefault(key, number)
        problems += found
        good.append(values)
    if problems:
        raise ProblemError(problems, table.file)
    with transaction.atomic():
        for values in good:
            add_right(partnership, values)
    return len(good)


__all__ = ["COLUMNS", "DecisionRight", "import_rights"]
