"""The database side of the survey load benchmark: the partnership, round and
invitations before the run, and the count of what was stored after it.

Django must be configured (``django.setup()``) by the caller, with the database the
server under test uses.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

INSTRUMENT = "health-check"
MEMBERS = 60
GROUP = "officer"


def prepare(invitations: int, members: int = MEMBERS) -> tuple[int, list[str]]:
    """Migrate, then make a partnership of ``members`` organisations, an open round
    of the built-in health check and ``invitations`` invitations (people spread
    over the members). Returns the round's id and the raw tokens."""
    from django.utils import timezone

    from joinedup.registry.models import Membership, Organisation, Partnership, Person
    from joinedup.registry.setup import migrate
    from joinedup.surveys.library import latest_version
    from joinedup.surveys.rounds import Invitee, create_round, invite

    migrate()
    start = dt.date(2020, 4, 1)
    partnership = Partnership.objects.create(
        name="Load Test Partnership", basis="voluntary", start_date=start
    )
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Load member {i:03d}", sector="public") for i in range(members)
    )
    Membership.objects.bulk_create(
        Membership(organisation=o, partnership=partnership, joined=start) for o in orgs
    )
    Person.objects.bulk_create(
        Person(
            display_name=f"Respondent {i:05d}",
            email=f"r{i:05d}@example.org",
            organisation=orgs[i % members],
        )
        for i in range(invitations)
    )
    now = timezone.now()
    round_ = create_round(
        partnership,
        latest_version(INSTRUMENT),
        "load test",
        now - dt.timedelta(days=1),
        now + dt.timedelta(days=7),
        status="open",
        # Not anonymous: the integrity check joins each token's invitation to its
        # response, the join an anonymous round cuts at submission.
        anonymous=False,
    )
    people = Person.objects.filter(organisation__in=orgs).select_related("organisation")
    tokens = invite(round_, [Invitee(p, GROUP) for p in people], send=False)
    return round_.pk, list(tokens.values())


@dataclass
class Integrity:
    """Accepted submissions (the client saw the thank-you page) against the database."""

    accepted: int = 0
    submitted_in_db: int = 0
    lost: int = 0  # accepted, but not a submitted response in the database
    duplicated: int = 0  # more than one response for one invitation
    wrong_answers: int = 0  # stored answers differ in number from those posted
    unacknowledged: int = 0  # submitted in the database, never acknowledged
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.wrong_answers or self.notes)


def check(round_id: int, accepted: dict[str, int]) -> Integrity:
    """Count, for every accepted token, its invitation's responses and answers."""
    from django.db.models import Count

    from joinedup.surveys.models import Invitation, Response

    digests = {hashlib.sha256(t.encode()).hexdigest(): n for t, n in accepted.items()}
    invitations = dict(
        Invitation.objects.filter(round_id=round_id, token_hash__in=digests).values_list(
            "token_hash", "pk"
        )
    )
    responses = Response.objects.filter(round_id=round_id)
    per_invitation = dict(
        responses.values("invitation_id").annotate(n=Count("pk")).values_list("invitation_id", "n")
    )
    submitted = dict(
        responses.filter(submitted__isnull=False)
        .annotate(n=Count("answers"))
        .values_list("invitation_id", "n")
    )
    result = Integrity(accepted=len(accepted), submitted_in_db=len(submitted))
    result.duplicated = sum(1 for n in per_invitation.values() if n > 1)
    for digest, posted in digests.items():
        inv = invitations.get(digest)
        if inv is None or inv not in submitted:
            result.lost += 1
        elif submitted[inv] != posted:
            result.wrong_answers += 1
    acknowledged = {invitations[d] for d in digests if d in invitations}
    result.unacknowledged = len(set(submitted) - acknowledged)
    return result
