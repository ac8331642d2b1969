"""Rounds with several small stakeholder groups, as in issue 16's reproductions.

Reproduction 1 and 2 of the issue: 6 officers, 6 board members, 1 business and
1 voluntary-sector respondent. A reader who knows everyone's group (the threat
model) turns every published mean with its n into the sum of a known set of
respondents; the helpers here keep, per group, the pseudonyms of the real
responses so a test can hand those sets to
:func:`joinedup.analysis.disclosure.disclosures`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.utils import timezone

# group, number of respondents: reproduction 1 of the issue
REPRO_GROUPS = (("officers", 6), ("board", 6), ("business", 1), ("voluntary", 1))
HIDDEN_PAIR = ("business", "voluntary")


def closed_round(
    partnership,
    version,
    period: str,
    answers: Sequence[tuple[str, Mapping[str, float]]],
    opens: dt.datetime | None = None,
):
    """A closed round of ``version`` whose responses are ``(group, {item: value})``.

    Returns the round and {group: [pseudonym, …]} (the respondents of each group)."""
    from joinedup.registry.models import Organisation
    from joinedup.surveys.models import Answer, Response, Round

    org = Organisation.objects.order_by("pk").first()
    start = opens or timezone.make_aware(dt.datetime(2025, 9, 1))
    round_ = Round.objects.create(
        partnership=partnership,
        instrument=version,
        period=period,
        opens=start,
        closes=start + dt.timedelta(days=30),
        status="closed",
    )
    members: dict[str, list[str]] = {}
    for group, values in answers:
        response = Response.objects.create(
            round=round_, organisation=org, group=group, source="web", submitted=start
        )
        members.setdefault(group, []).append(response.pseudonym)
        Answer.objects.bulk_create(
            Answer(response=response, item=item, value=value) for item, value in values.items()
        )
    return round_, members


def repro_answers(
    values: Mapping[str, Mapping[str, float]],
) -> list[tuple[str, Mapping[str, float]]]:
    """Reproduction 1's respondents: each group's people give the group's answers
    (``values`` maps group → {item: value}), except that the i-th person of a
    group nudges every answer by ``i mod 2`` so the groups are not uniform."""
    out: list[tuple[str, Mapping[str, float]]] = []
    for group, size in REPRO_GROUPS:
        for i in range(size):
            nudged = {item: min(5.0, v + (i % 2)) for item, v in values[group].items()}
            out.append((group, nudged))
    return out


def published_sets(
    members: Mapping[str, Sequence[str]], shown: Sequence[str]
) -> list[frozenset[str]]:
    """The sets of respondents whose sums a reader gets: everyone (the overall
    figure) and each shown group."""
    everyone = frozenset(p for people in members.values() for p in people)
    return [everyone, *(frozenset(members[g]) for g in shown)]
