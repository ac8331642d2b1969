"""Open rounds of the demo's partnership A, answered one respondent at a time.

The answers are written straight to the tables (as a submitted web response
leaves them), so a test can read every page between the 13th and 14th response
without driving the survey pages 14 times.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from joinedup.registry.models import Partnership, Person
from joinedup.surveys.library import ensure_builtin_instruments
from joinedup.surveys.models import Answer, Invitation, RelationAnswer, Response, Round
from joinedup.surveys.rounds import create_round, hash_token

OPEN_PERIOD = "winter 2026"


def builtin(key: str):
    return {iv.key: iv for iv in ensure_builtin_instruments()}[key]


def open_round(partnership: Partnership, key: str, anonymous: bool = False) -> Round:
    now = timezone.now()
    return create_round(
        partnership,
        builtin(key),
        OPEN_PERIOD,
        now - dt.timedelta(days=2),
        now + dt.timedelta(days=20),
        groups=["board member", "officer", "business", "voluntary sector"],
        status="open",
        anonymous=anonymous,
    )


def invite_everyone(round_: Round, one_per_organisation: bool = False) -> list[Invitation]:
    """One invitation per person of a member organisation (or per organisation),
    the first person of each organisation in the board group."""
    members = round_.partnership.members_on(timezone.localdate()).values_list(
        "organisation_id", flat=True
    )
    people = Person.objects.filter(organisation_id__in=list(members)).order_by(
        "organisation_id", "pk"
    )
    invitations, seen = [], set()
    for person in people:
        first = person.organisation_id not in seen
        if one_per_organisation and not first:
            continue
        seen.add(person.organisation_id)
        invitations.append(
            Invitation(
                round=round_,
                person=person,
                organisation_id=person.organisation_id,
                group="board member" if first else "officer",
                token_hash=hash_token(f"test-{round_.pk}-{person.pk}"),
            )
        )
    Invitation.objects.bulk_create(invitations)
    return list(round_.invitations.order_by("pk"))


def answer(invitation: Invitation, value: float, targets: dict[int, float] | None = None) -> None:
    """The invitation's person submits: every scored item at ``value`` (kept within
    the item's scale); for a network round, ``targets`` maps each organisation rated
    to the trust given (with a working depth of 3)."""
    round_ = invitation.round
    response = Response.objects.create(
        round=round_,
        invitation=invitation,
        organisation_id=invitation.organisation_id,
        group=invitation.group,
        source="web",
        submitted=timezone.now(),
    )
    instrument = round_.instrument.instrument()
    rows = []
    for item in instrument.scored_items():
        scale = instrument.scale_of(item)
        if scale is None:
            continue
        rows.append(Answer(response=response, item=item.name, value=min(scale.high, value)))
    Answer.objects.bulk_create(rows)
    relations = []
    for target, trust in (targets or {}).items():
        relations.append(
            RelationAnswer(response=response, target_id=target, item="net_depth", value=3)
        )
        for item in ("net_trust_reliable", "net_trust_purpose", "net_trust_open"):
            relations.append(
                RelationAnswer(response=response, target_id=target, item=item, value=trust)
            )
    RelationAnswer.objects.bulk_create(relations)
    Invitation.objects.filter(pk=invitation.pk).update(submitted=True)
