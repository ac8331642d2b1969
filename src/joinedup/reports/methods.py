"""The methods appendix of the partnership report.

It says who answered (invited and responding members by sector, one row per
closed survey round, from the surveys app, with small sectors withheld for
readers as :func:`joinedup.surveys.visibility.visible_rates` decides), the
suppression rule with the k in force, and each section's own ``methods_lines``
(how its figures are worked out, the reliability of the scores, and where the full
method notes are). The appendix is built from the
database and the sections alone: it reads no file, so it is the same in an
installed package as in the source tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from joinedup.registry.models import Partnership, Sector
from joinedup.surveys.visibility import published_rounds, visible_rates
from joinedup.web import section_cache

SECTOR_NAMES = dict(Sector.choices)


@dataclass
class ResponseTable:
    """Response by sector: one row per round, one column per sector, then all."""

    sectors: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Appendix:
    k: int
    responses: ResponseTable = field(default_factory=ResponseTable)
    lines: list[str] = field(default_factory=list)


def chosen_round(partnership: Partnership, wanted: str | None) -> Any:
    """The round named by ``wanted`` if it is a closed round of the partnership
    (a report reads closed rounds only), else None."""
    if not wanted or not wanted.isdigit():
        return None
    return published_rounds(partnership).filter(pk=int(wanted)).first()


def response_by_round(
    partnership: Partnership, chosen: Any = None, viewer: Any = None
) -> list[dict[str, Any]]:
    """Invited and responding members, overall and by sector, for each closed
    round (or only the chosen one), as ``viewer`` may see them (None: a reader
    with no special rights). Counts of invitations only, never answers."""
    rounds = [chosen] if chosen is not None else list(published_rounds(partnership))
    out = []
    for round_ in rounds:
        rates = visible_rates(viewer, round_)
        out.append(
            {
                "round": round_,
                "overall": [rates.overall] if rates.overall else [],
                "by_sector": rates.by_sector,
            }
        )
    return out


def response_table(rounds: list[dict[str, Any]]) -> ResponseTable:
    """The rounds' response rates as one table (a sector a round did not invite
    is an empty cell; a withheld one says so)."""
    keys = sorted({rate.label for r in rounds for rate in r["by_sector"]})
    table = ResponseTable(sectors=keys)
    for r in rounds:
        by_key = {rate.label: rate for rate in r["by_sector"]}
        table.rows.append(
            {
                "round": r["round"],
                "cells": [by_key.get(key) for key in keys],
                "overall": r["overall"][0] if r["overall"] else None,
            }
        )
    return table


def appendix(
    partnership: Partnership, chosen: Any, lines: list[str], viewer: Any = None
) -> Appendix:
    def rounds() -> list[dict[str, Any]]:
        return response_by_round(partnership, chosen, viewer)

    # The response table, as this viewer's rights let them see it, is kept until
    # the data change like a page section (it was half of a kept report's time).
    if viewer is None or hasattr(viewer, "rights"):
        rights = viewer.rights() if viewer is not None else ("document",)
        parts = (partnership.pk, getattr(chosen, "pk", None), rights)
        found = section_cache.remember("reports.methods.responses", parts, rounds)
    else:
        found = rounds()
    return Appendix(k=settings.MIN_RESPONDENTS, responses=response_table(found), lines=lines)
