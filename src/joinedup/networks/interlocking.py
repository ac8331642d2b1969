"""Interlocking partnerships seen from one partnership: which other partnerships
share member organisations with it, and which of its members sit in more
partnerships than the overload threshold.

Read from the organisation × partnership two-mode network of current memberships
(:mod:`joinedup.analysis.network.interlocks`; Breiger 1974), over the partnerships
the reader may see, as on the organisation pages. Memberships are registry facts
about organisations, not survey answers, so no suppression applies.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from joinedup.analysis.board.text import ROOM, Prompt, count, names
from joinedup.analysis.network.interlocks import OVERLOAD_THRESHOLD
from joinedup.networks.services import organisation_interlocks
from joinedup.registry.models import Membership, Partnership

SHARED_NAMED = 6


@dataclass(frozen=True)
class Neighbour:
    """Another partnership and the current members it shares with this one."""

    pk: int
    name: str
    shared: list[str]


@dataclass(frozen=True)
class Loaded:
    """A member organisation over the overload threshold, and its partnership count."""

    name: str
    partnerships: int


@dataclass
class PartnershipInterlocks:
    neighbours: list[Neighbour] = field(default_factory=list)
    overloaded: list[Loaded] = field(default_factory=list)
    threshold: int = 0
    members: int = 0
    members_elsewhere: int = 0


def _current(partnerships: QuerySet[Partnership]) -> QuerySet[Membership]:
    return Membership.objects.filter(partnership__in=partnerships, left__isnull=True)


def partnership_interlocks(
    partnership: Partnership,
    visible: QuerySet[Partnership],
    threshold: int = OVERLOAD_THRESHOLD,
) -> PartnershipInterlocks:
    """The interlocks of ``partnership`` within the ``visible`` partnerships; a
    member is overloaded when it sits in more than ``threshold`` of them."""
    found = organisation_interlocks(visible, threshold)
    mine = {
        str(o): n
        for o, n in _current(visible.filter(pk=partnership.pk))
        .values_list("organisation_id", "organisation__name")
        .distinct()
    }
    others: dict[int, list[str]] = defaultdict(list)
    rows = _current(visible.exclude(pk=partnership.pk)).filter(organisation_id__in=mine.keys())
    for org, other in rows.values_list("organisation_id", "partnership_id").distinct():
        others[other].append(mine[str(org)])
    titles = dict(visible.filter(pk__in=others).values_list("pk", "name"))
    shared_with = {
        int(p.b if p.a == str(partnership.pk) else p.a): p.shared
        for p in found.partnership_pairs
        if str(partnership.pk) in (p.a, p.b)
    }
    neighbours = [
        Neighbour(pk, titles[pk], sorted(others[pk]))
        for pk in sorted(shared_with, key=lambda pk: (-shared_with[pk], titles[pk]))
    ]
    loads = [found.load_of(org) for org in mine]
    overloaded = sorted(
        (Loaded(mine[load.id], load.count) for load in loads if load and load.overloaded),
        key=lambda o: (-o.partnerships, o.name),
    )
    elsewhere = len({name for n in neighbours for name in n.shared})
    return PartnershipInterlocks(neighbours, overloaded, found.threshold, len(mine), elsewhere)


def summary_line(found: PartnershipInterlocks) -> str | None:
    """One sentence for the report's summary, or None when nothing interlocks."""
    if not found.neighbours:
        return None
    top = found.neighbours[0]
    line = (
        f"{found.members_elsewhere} of the {found.members} current member organisations "
        f"also belong to other partnerships: {count(len(found.neighbours), 'partnership')} "
        f"{'shares' if len(found.neighbours) == 1 else 'share'} members with this one, "
        f"most of all {top.name} ({len(top.shared)} in both)"
    )
    if found.overloaded:
        line += (
            f"; {count(len(found.overloaded), 'member')} "
            f"{'sits' if len(found.overloaded) == 1 else 'sit'} in more than "
            f"{found.threshold} partnerships"
        )
    return line + "."


def overload_prompt(found: PartnershipInterlocks) -> list[Prompt]:
    """A question for the board when members risk partnership overload."""
    if not found.overloaded:
        return []
    who = names([o.name for o in found.overloaded[:SHARED_NAMED]])
    share = len(found.overloaded) / max(found.members, 1)
    return [
        Prompt(
            f"{who} {'sits' if len(found.overloaded) == 1 else 'sit'} in more than "
            f"{found.threshold} partnerships: can the board share the load of meetings "
            "and reporting so they can keep taking part?",
            ROOM + min(share, 1.0),
        )
    ]
