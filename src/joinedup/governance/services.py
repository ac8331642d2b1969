"""The governance app's door: a partnership's registers as plain data, the checks and
the left-out readings from :mod:`joinedup.analysis.governance` and
:mod:`joinedup.analysis.left_out`, and the writes the forms, API and import share."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from joinedup.analysis import governance as gov
from joinedup.analysis import left_out as lo
from joinedup.context.models import FundingStream, PartnershipProfile
from joinedup.governance.models import AccountabilityLine, DecisionRight, IntendedGroup
from joinedup.networks.services import partnership_network
from joinedup.participation.models import BoardSeat
from joinedup.registry.models import Access, Partnership


def rights(partnership: Partnership) -> list[gov.Right]:
    rows = DecisionRight.objects.filter(partnership=partnership).select_related("organisation")
    return [
        gov.Right(
            r.area,
            r.holder,
            str(r.organisation_id) if r.organisation_id else None,
            r.organisation.name if r.organisation else "",
            r.delegate,
        )
        for r in rows
    ]


def lines(partnership: Partnership) -> list[gov.Line]:
    rows = AccountabilityLine.objects.filter(partnership=partnership)
    return [gov.Line(r.answers_to, r.through, r.body, r.covers_spending) for r in rows]


def spends(partnership: Partnership, today: dt.date) -> bool | None:
    """Whether the partnership has funding now (None: no context recorded)."""
    if not PartnershipProfile.objects.filter(partnership=partnership).exists():
        return None
    current = FundingStream.objects.filter(profile__partnership=partnership, start__lte=today)
    return current.filter(Q(end__isnull=True) | Q(end__gte=today)).exists()


def current_members(partnership: Partnership, today: dt.date) -> set[str]:
    return {
        str(pk) for pk in partnership.members_on(today).values_list("organisation_id", flat=True)
    }


def who_governs(partnership: Partnership, today: dt.date) -> gov.Governance:
    """The registers of ``partnership`` and the checks on them (as of ``today``)."""
    return gov.compute(
        rights(partnership),
        lines(partnership),
        current_members(partnership, today),
        spends(partnership, today),
    )


def _history(partnership: Partnership) -> list[lo.Member]:
    rows = partnership.memberships.select_related("organisation")
    return [
        lo.Member(
            str(m.organisation_id),
            m.organisation.name,
            m.organisation.sector,
            m.joined,
            m.left,
            m.left_reason,
        )
        for m in rows
    ]


def _current_seats(partnership: Partnership, today: dt.date) -> QuerySet[BoardSeat]:
    seats = BoardSeat.objects.filter(partnership=partnership, term_start__lte=today)
    return seats.filter(Q(term_end__isnull=True) | Q(term_end__gte=today))


def _positions(partnership: Partnership) -> tuple[dict[str, tuple[float, float]] | None, str]:
    """Degree and betweenness per organisation in the latest published network round
    (the shared report every member may read), and the round's name."""
    network = partnership_network(partnership)
    if network is None:
        return None, ""
    measures = network.report.measures
    return {
        node.id: (float(measures["degree"][i]), float(measures["betweenness"][i]))
        for i, node in enumerate(network.report.network.nodes)
    }, network.round.period


def _decisions(partnership: Partnership) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    held = DecisionRight.objects.filter(partnership=partnership, organisation__isnull=False)
    for org in held.filter(holder__in=["parent", "sign_off"]).values_list(
        "organisation_id", flat=True
    ):
        counts[str(org)] += 1
    return dict(counts)


def _people(visible: QuerySet[Partnership], today: dt.date) -> dict[str, set[str]]:
    """Person → the visible partnerships where they hold a current seat or access."""
    found: dict[str, set[str]] = defaultdict(set)
    seats = BoardSeat.objects.filter(partnership__in=visible, term_start__lte=today)
    seats = seats.filter(Q(term_end__isnull=True) | Q(term_end__gte=today))
    for name, partnership in seats.values_list("person__display_name", "partnership__name"):
        found[name].add(partnership)
    access = Access.objects.filter(
        partnership__in=visible, user__person__isnull=False, role__in=["coordinator", "member"]
    )
    for name, partnership in access.values_list("user__person__display_name", "partnership__name"):
        found[name].add(partnership)
    return dict(found)


def left_out(
    partnership: Partnership, visible: QuerySet[Partnership], today: dt.date
) -> lo.LeftOut:
    """The four left-out readings of ``partnership``; people are counted over
    ``visible`` (the partnerships the reader may see)."""
    seats = _current_seats(partnership, today).select_related("person")
    positions, round_name = _positions(partnership)
    return lo.compute(
        _history(partnership),
        today,
        [lo.Group(g.name, g.sector) for g in IntendedGroup.objects.filter(partnership=partnership)],
        [
            lo.Seat(
                s.person.display_name,
                s.constituency,
                str(s.person.organisation_id) if s.person.organisation_id else None,
            )
            for s in seats
        ],
        positions,
        _decisions(partnership),
        _people(visible, today),
        round_name,
    )


def add_right(partnership: Partnership, values: dict[str, Any]) -> DecisionRight:
    """Save one decision right (ValidationError on bad values; replaces the same area)."""
    right = DecisionRight.objects.filter(partnership=partnership, area=values["area"]).first()
    right = right or DecisionRight(partnership=partnership)
    for name, value in values.items():
        setattr(right, name, value)
    right.full_clean()
    right.save()
    return right


def add_line(partnership: Partnership, values: dict[str, Any]) -> AccountabilityLine:
    line = AccountabilityLine(partnership=partnership, **values)
    line.full_clean()
    with transaction.atomic():
        line.save()
    return line
