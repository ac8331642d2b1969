"""Rounds: create, invite, remind, close, and count who has answered.

Links: each invitation gets a token of 256 random bits, kept as its hash and sealed
with the installation's link key (:mod:`joinedup.surveys.links`); a reminder sends
each person the link they already have.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from joinedup.analysis.cells import safe_row
from joinedup.registry.models import Partnership, Person
from joinedup.surveys.lifecycle import RoundState, current, round_state
from joinedup.surveys.links import give_token, survey_link, token_of
from joinedup.surveys.links import hash_token as hash_token  # the name tests and tools use
from joinedup.surveys.mailing import Queued, queue_messages
from joinedup.surveys.models import (
    InstrumentVersion,
    Invitation,
    ResponseSource,
    Round,
    RoundStatus,
)

#: The built-in instrument whose rounds are anonymous unless the creator says not.
ANONYMOUS_BY_DEFAULT = "health-check"


def default_anonymous(instrument: InstrumentVersion) -> bool:
    """Whether a new round of ``instrument`` is anonymous unless chosen otherwise:
    yes for the built-in health check and versions adapted from it; no for network
    instruments (their ties are between organisations, so the respondent's
    organisation stays with the answers either way) and for every other instrument."""
    return instrument.line == ANONYMOUS_BY_DEFAULT and instrument.kind != "network"


def create_round(
    partnership: Partnership,
    instrument: InstrumentVersion,
    period: str,
    opens: dt.datetime,
    closes: dt.datetime,
    groups: list[str] | None = None,
    status: str = RoundStatus.DRAFT,
    anonymous: bool | None = None,
) -> Round:
    """A new round; ``anonymous`` None takes :func:`default_anonymous`. The mode is
    chosen here once: it decides what is kept of each response from the start."""
    if closes <= opens:
        raise ValidationError(_("A round must close after it opens."))
    kwargs = {"groups": groups} if groups else {}
    return Round.objects.create(
        partnership=partnership,
        instrument=instrument,
        period=period,
        opens=opens,
        closes=closes,
        status=status,
        anonymous=default_anonymous(instrument) if anonymous is None else anonymous,
        **kwargs,
    )


def _audit(action: str, round_: Round, summary: str = "") -> None:
    from joinedup.audit.log import record

    record(action, obj=round_, partnership=round_.partnership, summary=summary or str(round_))


def open_round(round_: Round) -> None:
    if round_.status == RoundStatus.CLOSED:
        raise ValidationError(_("A closed round cannot be opened again."))
    with transaction.atomic():
        round_.status = RoundStatus.OPEN
        round_.save(update_fields=["status"])
        _audit("round.open", round_)


def close_round(round_id: int, now: dt.datetime | None = None) -> Round:
    """Close the round in one transaction: no answer is accepted afterwards, and
    responses not yet submitted are left out of every analysis. Closing a closed
    round changes nothing."""
    return close_round_once(round_id, now)[0]


def close_round_once(round_id: int, now: dt.datetime | None = None) -> tuple[Round, bool]:
    """Close the round now; returns it and whether this call closed it (False when
    it was closed already, by hand or on its date: see
    :func:`joinedup.surveys.lifecycle.round_state`). The status, the closing time
    and the audit event are written in one transaction, with the round's row
    locked, so a process killed in the middle leaves the round open and two
    closings do not both act."""
    moment = current(now)
    with transaction.atomic():
        round_ = Round.objects.select_for_update().select_related("partnership").get(pk=round_id)
        if round_state(round_, moment) == RoundState.CLOSED:
            if round_.status != RoundStatus.CLOSED:  # past its date: store what it is
                round_.status = RoundStatus.CLOSED
                round_.save(update_fields=["status"])
            return round_, False
        round_.status = RoundStatus.CLOSED
        round_.closes = min(round_.closes, max(moment, round_.opens + dt.timedelta(seconds=1)))
        round_.save(update_fields=["status", "closes"])
        _audit("round.close", round_, f"{round_} closed by hand")
    return round_, True


@dataclass(frozen=True)
class Invitee:
    person: Person
    group: str


def invite(round_: Round, invitees: Iterable[Invitee], send: bool = True) -> dict[int, str]:
    """Invite people (each once); organisation and group are fixed now. Returns
    {invitation id: token}; the links are queued for e-mail when ``send`` is true."""
    return invite_people(round_, invitees, send)[0]


def invite_people(
    round_: Round, invitees: Iterable[Invitee], send: bool = True
) -> tuple[dict[int, str], Queued]:
    """:func:`invite`, also saying how many messages were queued and how many people
    have no address and need their link by hand."""
    problems = []
    rows: list[tuple[Invitation, str]] = []
    already = set(round_.invitations.values_list("person_id", flat=True))
    for invitee in invitees:
        person = invitee.person
        if invitee.group not in round_.groups:
            problems.append(_("%(p)s: unknown group %(g)s") % {"p": person, "g": invitee.group})
        elif person.organisation_id is None:
            problems.append(_("%(p)s has no organisation") % {"p": person})
        elif person.pk not in already:
            already.add(person.pk)
            invitation = Invitation(
                round=round_,
                person=person,
                organisation_id=person.organisation_id,
                group=invitee.group,
            )
            rows.append((invitation, give_token(invitation)))
    if problems:
        raise ValidationError(problems)
    queued = Queued(0, 0)
    with transaction.atomic():
        Invitation.objects.bulk_create([inv for inv, _token in rows])
        saved = {
            inv.token_hash: inv
            for inv in round_.invitations.filter(token_hash__in=[i.token_hash for i, _t in rows])
        }
        tokens = {saved[inv.token_hash].pk: token for inv, token in rows}
        if rows:
            _audit("invitations.create", round_, f"{len(rows)} people invited to {round_}")
        if send and rows:
            queued = send_invitations(round_, tokens)
    return tokens, queued


def send_invitations(round_: Round, tokens: dict[int, str], reminder: bool = False) -> Queued:
    """Queue an e-mail with its link for each invitation (a worker sends them; see
    :mod:`joinedup.surveys.mailing`). People without an address are counted apart."""
    links = {pk: survey_link(token) for pk, token in tokens.items()}
    return queue_messages(round_, links, reminder=reminder)


def non_respondents(round_: Round):  # type: ignore[no-untyped-def]
    """Invitations whose person has not submitted (the coordinator's chasing list)."""
    return (
        round_.invitations.filter(submitted=False)
        .select_related("person", "organisation")
        .order_by("organisation__name", "person__display_name")
    )


def remind(round_: Round) -> Queued:
    """Mail everyone who has not submitted their own link again (the one they were
    invited with). People whose link is not kept (see :mod:`joinedup.surveys.links`)
    are left out: the coordinator makes them a new link first."""
    tokens: dict[int, str] = {}
    with transaction.atomic():
        for inv in non_respondents(round_):
            token = token_of(inv)
            if token is not None:
                tokens[inv.pk] = token
        queued = send_invitations(round_, tokens, reminder=True)
        if tokens:
            _audit("invitations.remind", round_, f"{queued.queued} reminders queued for {round_}")
        return queued


def reminder_csv(round_: Round) -> str:
    """Non-respondents as CSV (name, e-mail, organisation) for the coordinator."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "email", "organisation"])
    for inv in non_respondents(round_):
        row = [inv.person.display_name, inv.person.email, inv.organisation.name]
        writer.writerow(safe_row(row))
    return out.getvalue()


@dataclass(frozen=True)
class Rate:
    label: str
    invited: int
    responded: int

    @property
    def percent(self) -> int:
        return round(100 * self.responded / self.invited) if self.invited else 0


def response_rates(round_: Round) -> dict[str, list[Rate]]:
    """Invitations and submitted responses, overall, by sector and by group (counts
    of invitations only; nothing about what anyone answered). Responses imported
    from files have no invitation; ``imported`` counts them separately, and ``open``
    the responses through the round's open link.

    These are the raw counts: what a viewer may see of them is decided by
    :func:`joinedup.surveys.visibility.visible_rates`."""
    done = Q(submitted=True)
    base = round_.invitations.all()
    result: dict[str, list[Rate]] = {}
    total = base.aggregate(invited=Count("pk"), responded=Count("pk", filter=done))
    result["overall"] = [Rate(_("All invited"), total["invited"], total["responded"])]
    for key, field in (("sector", "organisation__sector"), ("group", "group")):
        rows = base.values(field).annotate(invited=Count("pk"), responded=Count("pk", filter=done))
        result[key] = [Rate(r[field], r["invited"], r["responded"]) for r in rows.order_by(field)]
    imported = (
        round_.responses.visible()
        .filter(source=ResponseSource.IMPORT, submitted__isnull=False)
        .count()
    )
    result["imported"] = [Rate(_("Imported from files"), 0, imported)]
    # Answers through the open link have no invitation: counted apart, never
    # divided by the invitations.
    opened = round_.responses.filter(source=ResponseSource.OPEN, submitted__isnull=False).count()
    result["open"] = [Rate(_("Through the open link"), 0, opened)]
    return result


SECTOR_GROUP = {
    "public": "officer",
    "private": "business",
    "voluntary": "voluntary sector",
    "community": "community representative",
}


def default_group(round_: Round, person: Person) -> str:
    """A first guess at a person's group from their organisation's sector; the
    coordinator confirms or changes it when inviting."""
    sector = person.organisation.sector if person.organisation else ""
    guess = SECTOR_GROUP.get(sector, "")
    return guess if guess in round_.groups else (round_.groups[0] if round_.groups else "")


def invite_candidates(round_: Round) -> list[Person]:
    """People of the organisations that are members when the round opens and who
    have not been invited yet."""
    day = timezone.localtime(round_.opens).date()
    orgs = round_.partnership.members_on(day).values_list("organisation_id", flat=True)
    invited = round_.invitations.values_list("person_id", flat=True)
    return list(
        Person.objects.filter(organisation_id__in=orgs)
        .exclude(pk__in=invited)
        .select_related("organisation")
        .order_by("organisation__name", "display_name")
    )
