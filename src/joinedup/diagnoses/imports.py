"""CSV import of a partnership's contracts between partners (the coordinator's bulk path).

Columns: ``purchaser``, ``provider`` (organisation names, both members of the
partnership), ``style`` (adversarial or obligational), ``purpose``, ``value``
(pounds, may be empty), ``start`` and ``end`` (YYYY-MM-DD, end may be empty). The
file is read and checked as the context tables are (:mod:`joinedup.context.imports`:
same reader, same problem codes, the header is row 1); one file is one transaction,
so a file with any wrong row writes nothing and every problem names its row and
column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from joinedup.analysis.problems import Problem
from joinedup.context.imports import ImportFailed, _Row, _rows
from joinedup.diagnoses.models import ContractStyle, PartnerContract
from joinedup.registry.models import Partnership

COLUMNS = ("purchaser", "provider", "style", "purpose", "value", "start", "end")
REQUIRED = ("purchaser", "provider", "style", "purpose", "start")


def _check(row: _Row, members: dict[str, Any]) -> dict[str, Any]:
    values = {
        "purchaser": row.lookup("purchaser", members, "member organisation", True),
        "provider": row.lookup("provider", members, "member organisation", True),
        "style": row.choice("style", list(ContractStyle.values)),
        "purpose": row.text("purpose", 300),
        "value": row.amount("value") if row.text("value") else None,
        "start": row.date("start", True),
        "end": row.date("end", False),
    }
    if not values["purpose"]:
        row.fail("purpose", "is empty", "context.empty")
    if values["purchaser"] is not None and values["purchaser"] == values["provider"]:
        row.fail(
            "provider", "is the purchaser too: a contract needs two partners", "context.not-allowed"
        )
    if values["start"] and values["end"] and values["end"] < values["start"]:
        row.fail("end", "is before the start", "context.bad-date")
    return values


def import_contracts(path: Path, partnership: Partnership, label: str = "") -> int:
    """Add every contract of the file to ``partnership``; the number added. Raises
    :class:`~joinedup.analysis.problems.ProblemError` (nothing written) on any problem."""
    members = {
        m.organisation.name.casefold(): m.organisation
        for m in partnership.memberships.select_related("organisation")
    }
    problems: list[Problem] = []
    good = []
    for row in _rows(path, COLUMNS, REQUIRED):
        row.problems = problems
        before = len(problems)
        parsed = _check(row, members)
        if len(problems) == before:
            good.append(parsed)
    if problems:
        raise ImportFailed(problems, label or str(path))
    with transaction.atomic():
        for parsed in good:
            PartnerContract.objects.create(partnership=partnership, **parsed)
    return len(good)
