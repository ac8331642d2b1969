"""A small partnership built to attack the response-level export: one lone
private-sector respondent among public ones, the same people answering two rounds
(through invitations, so they can be linked), a round of three respondents, an
open round, a "don't know", an unanswered item and free text."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.utils import timezone

from joinedup.analysis.instruments import parse_instrument

INSTRUMENT = {
    "id": "harbour-check",
    "title": "Harbour check",
    "scales": {
        "agree": {
            "choices": [{"value": v, "label": f"level {v}"} for v in range(1, 6)],
            "dont_know": "Don't know",
        }
    },
    "choices": {
        "kind": [
            {"value": "outcome", "label": "Outcomes"},
            {"value": "process", "label": "Process"},
        ]
    },
    "dimensions": [
        {
            "name": "trust",
            "label": "Trust",
            "items": [
                {"name": "a1", "label": "Partners keep their word.", "scale": "agree"},
                {
                    "name": "a2",
                    "label": "Problems are raised openly.",
                    "scale": "agree",
                    "reverse": True,
                },
            ],
        },
        {
            "name": "purpose",
            "label": "Purpose",
            "items": [
                {
                    "name": "kind",
                    "label": "What is the partnership for?",
                    "type": "single",
                    "choices": "kind",
                },
                {"name": "years", "label": "Years you have sat on the board.", "type": "integer"},
                {"name": "says", "label": "Anything else?", "type": "text"},
            ],
        },
    ],
}

# organisation, sector, tier, role, [(person, group)]
ORGS = [
    (
        "Harbour Council",
        "public",
        "local",
        "lead",
        [("Ada", "board"), ("Bo", "board"), ("Cy", "board")],
    ),
    ("Harbour Police", "public", "regional", "member", [("Di", "officer"), ("Ed", "officer")]),
    ("Harbour College", "public", "local", "member", [("Flo", "officer"), ("Gus", "officer")]),
    ("Harbour Chamber", "private", "local", "member", [("Hal", "business")]),
]


def _when(days: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2025, 1, 1)) + dt.timedelta(days=days)


def build(values: dict[str, Any] | None = None) -> dict[str, Any]:
    """The partnership, its rounds by name and its people; the answers of each
    person in round 1 are ``(a1, a2, kind, years)`` from a fixed table."""
    from joinedup.registry.models import Membership, Organisation, Partnership, Person
    from joinedup.surveys.library import store_instrument
    from joinedup.surveys.models import Answer, Invitation, Response, Round

    version = store_instrument(parse_instrument(INSTRUMENT), "yaml")
    board = Partnership.objects.create(
        name="Harbour Board", basis="voluntary", start_date="2020-01-01"
    )
    people = []
    for name, sector, tier, role, members in ORGS:
        org = Organisation.objects.create(name=name, sector=sector, tier=tier)
        Membership.objects.create(
            organisation=org, partnership=board, role=role, joined=dt.date(2020, 1, 1)
        )
        for person, group in members:
            people.append(
                (Person.objects.create(display_name=person, organisation=org), org, group)
            )

    def round_(period: str, start: int, status: str, who: list[Any], seed: int) -> Any:
        r = Round.objects.create(
            partnership=board,
            instrument=version,
            period=period,
            opens=_when(start),
            closes=_when(start + 30),
            status=status,
        )
        for i, (person, org, group) in enumerate(who):
            token = hashlib.sha256(f"{period}-{i}".encode()).hexdigest()
            inv = Invitation.objects.create(
                round=r,
                person=person,
                organisation=org,
                group=group,
                token_hash=token,
                submitted=True,
            )
            resp = Response.objects.create(
                round=r,
                invitation=inv,
                organisation=org,
                group=group,
                source="web",
                submitted=_when(start + 2),
            )
            a1 = None if i == 1 else (i + seed) % 5 + 1
            rows = [
                Answer(response=resp, item="a1", value=a1, dont_know=a1 is None),
                Answer(response=resp, item="kind", text="outcome" if i % 2 else "process"),
                Answer(response=resp, item="years", value=i + seed),
                Answer(response=resp, item="says", text=f"I am {person.display_name}, ask me."),
            ]
            if i != 2:  # the third person leaves a2 unanswered
                rows.append(Answer(response=resp, item="a2", value=(2 * i + seed) % 5 + 1))
            Answer.objects.bulk_create(rows)
        return r

    rounds = {
        "spring": round_("spring 2025", 0, "closed", people, 0),
        "autumn": round_("autumn 2025", 180, "closed", people, 1),
        "tiny": round_("winter 2025", 300, "closed", people[:3], 2),
        "open": round_("spring 2026", 380, "open", people[:6], 3),
    }
    rounds["open"].closes = timezone.now() + dt.timedelta(days=30)
    rounds["open"].opens = timezone.now() - dt.timedelta(days=1)
    rounds["open"].save()
    return {"partnership": board, "rounds": rounds, "people": people, "version": version}
