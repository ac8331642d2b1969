"""Demo step: who governs the Health and Social Care Board, and who is left out.

Its decision rights and lines of account (one decision area nobody owns: the one gap
the checks flag), the groups its purpose names, a member that left and why, and
board seats, one person holding a seat on all three boards. The data is in
``data/governance.yaml``.
"""

from __future__ import annotations

import datetime as dt

from joinedup.demo import DemoContext
from joinedup.demo import _tables as tables
from joinedup.governance.models import AccountabilityLine, DecisionRight, IntendedGroup
from joinedup.participation.models import BoardSeat, ReportBack
from joinedup.registry.models import Membership

ORDER = 60
LABEL = "who governs and who is left out"
DATA = tables.read("governance")


def _reports(start: dt.date, until: dt.date) -> list[dt.date]:
    """Report-backs every quarter from the start of the term until ``until``."""
    days, day = [], start + dt.timedelta(days=84)
    while day <= until:
        days.append(day)
        day += dt.timedelta(days=84)
    return days


def run(ctx: DemoContext) -> None:
    orgs, partnerships, people = (
        ctx.state["organisations"],
        ctx.state["partnerships"],
        ctx.state["people"],
    )
    for row in DATA["decision_rights"]:
        DecisionRight.objects.create(
            partnership=partnerships[row["partnership"]],
            area=row["area"],
            holder=row["holder"],
            organisation=orgs[row["organisation"]] if row.get("organisation") else None,
            delegate=row.get("delegate", ""),
            note=row.get("note", ""),
        )
    for row in DATA["accountability"]:
        AccountabilityLine.objects.create(
            **(row | {"partnership": partnerships[row["partnership"]]})
        )
    for row in DATA["groups"]:
        IntendedGroup.objects.create(**(row | {"partnership": partnerships[row["partnership"]]}))
    for row in DATA["departures"]:
        Membership.objects.create(
            partnership=partnerships[row["partnership"]],
            organisation=orgs[row["organisation"]],
            joined=row["joined"],
            left=row["left"],
            left_reason=row["reason"],
        )
    for row in DATA["reasons"]:
        Membership.objects.filter(
            partnership=partnerships[row["partnership"]],
            organisation=orgs[row["organisation"]],
            joined=row["joined"],
        ).update(left_reason=row["reason"])
    for row in DATA["seats"]:
        seat = BoardSeat.objects.create(
            partnership=partnerships[row["partnership"]],
            person=people[row["organisation"]][0],
            constituency=row["constituency"],
            appointed=row["appointed"],
            term_start=row["term_start"],
            term_end=row["term_end"],
        )
        ReportBack.objects.bulk_create(
            ReportBack(seat=seat, reported_on=day, how="Members' meeting and e-mail round-up")
            for day in _reports(seat.term_start, dt.date(2026, 9, 30))
        )
    ctx.notes.append(
        f"{len(DATA['decision_rights'])} decision rights, "
        f"{len(DATA['accountability'])} accountability lines"
    )
