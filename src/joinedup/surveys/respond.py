"""The respondent's side: find an invitation by its token, lay the instrument out in
pages, save a page's answers, submit.

Pages: one per dimension. In a network instrument, a dimension with relation items
gets a second page: the first asks every other current member organisation the
items everyone answers (e.g. ``net_depth``); the second asks the items marked
``only_if_works_with`` only about partners whose depth is 2 or more.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from enum import StrEnum

from django.db import transaction
from django.utils import timezone

from joinedup.analysis.instruments import Dimension, Instrument, Item, ItemType
from joinedup.registry.models import Organisation
from joinedup.surveys import logic
from joinedup.surveys.lifecycle import RoundState, state_at
from joinedup.surveys.models import (
    Answer,
    Invitation,
    RelationAnswer,
    Response,
    ResponseSource,
    Round,
)

DEPTH_ITEM = "net_depth"
WORKS_WITH = 2.0  # a depth at or above this counts as "works with"


class TokenState(StrEnum):
    OK = "ok"
    UNKNOWN = "unknown"
    SUBMITTED = "submitted"
    CLOSED = "closed"
    NOT_OPEN = "not-open"


def open_link(token: str) -> tuple[Invitation | None, Response | None]:
    """The invitation behind a survey link, with its round, partnership and
    instrument version, and its response if the respondent has started one, in one
    query (the response is the invitation's reverse one-to-one, joined by
    ``select_related``). Only the token's SHA-256 is looked up; the stored hash is
    then compared in constant time."""
    digest = hashlib.sha256(token.encode("utf-8")).hexdigest()
    try:
        inv = (
            Invitation.objects.select_related("round__partnership", "round__instrument", "response")
            # The definition is left unread: InstrumentVersion.instrument() keeps each
            # definition parsed, keyed by its digest.
            .defer("round__instrument__definition")
            .get(token_hash=digest)
        )
    except Invitation.DoesNotExist:
        return None, None
    if not hmac.compare_digest(inv.token_hash, digest):
        return None, None
    try:
        response = inv.response
    except Response.DoesNotExist:
        return inv, None
    response.round = inv.round  # the same round object, not read again
    return inv, response


def state_of(inv: Invitation | None, response: Response | None) -> TokenState:
    """What a link can do now, given its invitation and response (no query while
    a response is linked). With no linked response the invitation's own flag
    decides whether it was submitted: an anonymous round's submitted response
    no longer refers to its invitation."""
    if inv is None:
        return TokenState.UNKNOWN
    if response is None and inv.submitted:
        return TokenState.SUBMITTED  # an anonymous round's response no longer points here
    round_ = inv.round
    submitted = response.submitted if response is not None else None
    return _state(round_.status, round_.opens, round_.closes, submitted)


def _state(
    status: str, opens: dt.datetime, closes: dt.datetime, submitted: dt.datetime | None
) -> TokenState:
    """What a link whose response has this submission time can do now, in a round
    with this status, opening and closing time."""
    if submitted is not None:
        return TokenState.SUBMITTED
    state = state_at(status, opens, closes)  # by the clock: see joinedup.surveys.lifecycle
    if state == RoundState.CLOSED:
        return TokenState.CLOSED
    if state != RoundState.OPEN:
        return TokenState.NOT_OPEN
    return TokenState.OK


def response_for(inv: Invitation) -> Response:
    """The invitation's response, started on first visit. Two tabs of the same
    respondent opening the link at once get the same response: the invitation is
    unique to a response, so the second insert fails and ``get_or_create`` reads
    the first tab's row instead."""
    response, _created = Response.objects.get_or_create(
        invitation=inv,
        defaults={
            "round": inv.round,
            "organisation_id": inv.organisation_id,
            "group": inv.group,
            "source": ResponseSource.WEB,
        },
    )
    response.round = inv.round
    response.invitation = inv
    return response


@dataclass(frozen=True)
class Page:
    dimension: Dimension
    items: list[Item]
    partners_only: bool = False  # the follow-up page about partners worked with


_PAGES: dict[int, tuple[Instrument, tuple[Page, ...]]] = {}


def pages(instrument: Instrument) -> tuple[Page, ...]:
    """The instrument's pages, laid out once per parsed instrument."""
    cached = _PAGES.get(id(instrument))
    if cached is not None and cached[0] is instrument:
        return cached[1]
    laid_out = tuple(_lay_out(instrument))
    _PAGES[id(instrument)] = (instrument, laid_out)
    return laid_out


def _lay_out(instrument: Instrument) -> list[Page]:
    result = []
    for dim in instrument.dimensions:
        first = [i for i in dim.items if not i.only_if_works_with]
        follow = [i for i in dim.items if i.only_if_works_with and i.type == ItemType.RELATION]
        if first:
            result.append(Page(dim, first))
        if follow:
            result.append(Page(dim, follow, partners_only=True))
    return result


def roster(response: Response) -> list[Organisation]:
    """Every other organisation that is a member of the partnership today."""
    partnership = response.round.partnership
    today = timezone.localdate()
    ids = partnership.members_on(today).values_list("organisation_id", flat=True)
    return list(Organisation.objects.filter(pk__in=ids).exclude(pk=response.organisation_id))


def partners(response: Response, orgs: list[Organisation]) -> list[Organisation]:
    worked = set(
        RelationAnswer.objects.filter(
            response=response, item=DEPTH_ITEM, value__gte=WORKS_WITH
        ).values_list("target_id", flat=True)
    )
    return [o for o in orgs if o.pk in worked]


def targets(response: Response, page: Page) -> list[Organisation]:
    """The organisations a page asks about: none unless it has relation items."""
    if not any(i.type == ItemType.RELATION for i in page.items):
        return []
    orgs = roster(response)
    return partners(response, orgs) if page.partners_only else orgs


@dataclass(frozen=True)
class Given:
    """One answer from the page's form."""

    item: str
    value: float | None = None
    text: str = ""
    dont_know: bool = False
    target: int | None = None


def _current_state(response: Response) -> TokenState:
    """What the response may do now, read inside the caller's transaction.

    On PostgreSQL the response's row (not its round's) is locked until the
    transaction ends, so a page save and a submission of the same response wait
    for each other and the second sees what the first did. On SQLite the
    transaction began by taking the database's write lock (``BEGIN IMMEDIATE``:
    ``transaction_mode`` in :mod:`joinedup.conf`), which serialises writers just
    the same. Only the four values the answer depends on are read."""
    try:
        submitted, status, opens, closes = (
            Response.objects.select_for_update(of=("self",))
            .values_list("submitted", "round__status", "round__opens", "round__closes")
            .get(pk=response.pk)
        )
    except Response.DoesNotExist:
        return TokenState.UNKNOWN
    return _state(status, opens, closes, submitted)


def save_page(response: Response, page: Page, answers: list[Given], next_page: int) -> TokenState:
    """Replace the page's answers with ``answers`` and remember where to resume.

    The link was checked when the request arrived, but another tab may have
    submitted, or the coordinator closed the round, since: so whether the response
    may still change is checked again inside the write's transaction. Returns
    ``TokenState.OK`` when the page was saved, otherwise why it was not (and
    nothing was written)."""
    names = [i.name for i in page.items]
    with transaction.atomic():
        state = _current_state(response)
        if state != TokenState.OK:
            return state
        Answer.objects.filter(response=response, item__in=names).delete()
        Answer.objects.bulk_create(
            Answer(
                response=response, item=a.item, value=a.value, text=a.text, dont_know=a.dont_know
            )
            for a in answers
            if a.target is None
        )
        if any(i.type == ItemType.RELATION for i in page.items):
            RelationAnswer.objects.filter(response=response, item__in=names).delete()
            RelationAnswer.objects.bulk_create(
                RelationAnswer(response=response, target_id=a.target, item=a.item, value=a.value)
                for a in answers
                if a.target is not None
            )
        if DEPTH_ITEM in names:
            _drop_unworked(response)
        logic.drop_not_asked(response, response.round.instrument.instrument())
        Response.objects.filter(pk=response.pk).update(page=next_page)
    response.page = next_page
    return TokenState.OK


def _drop_unworked(response: Response) -> None:
    """Follow-up ratings of partners no longer marked as worked with are removed."""
    instrument = response.round.instrument.instrument()
    follow = [i.name for i in instrument.items() if i.only_if_works_with]
    worked = RelationAnswer.objects.filter(
        response=response, item=DEPTH_ITEM, value__gte=WORKS_WITH
    ).values_list("target_id", flat=True)
    RelationAnswer.objects.filter(response=response, item__in=follow).exclude(
        target_id__in=list(worked)
    ).delete()


def missing_required(response: Response) -> list[int]:
    """Indexes of pages that still have a required item unanswered; an item not
    asked (its ``relevant`` false) is not missing."""
    plain = Answer.objects.filter(response=response).values_list("item", flat=True)
    relations = RelationAnswer.objects.filter(response=response).values_list("item", flat=True)
    answered = set(plain.union(relations))
    instrument = response.round.instrument.instrument()
    asked = logic.asked(response, instrument)
    return [
        index
        for index, page in enumerate(pages(instrument))
        if any(i.required and i.name not in answered and asked(i.name) for i in page.items)
    ]


def submit(response: Response) -> bool:
    """Mark the response submitted; false if it already was, a required item is
    unanswered or the round no longer accepts answers (all read afresh inside the
    transaction, so a second click, a page saved meanwhile in another tab or a round
    closed meanwhile is seen)."""
    with transaction.atomic():
        if _current_state(response) != TokenState.OK or missing_required(response):
            return False
        when = timezone.now()
        Response.objects.filter(pk=response.pk).update(submitted=when)
        if _record_submission(response, response.round_id, when):
            response.invitation = None
    response.submitted = when
    return True


def _record_submission(response: Response, round_id: int, when: dt.datetime) -> bool:
    """Mark the invitation submitted (what refuses a second submission and leaves
    the chasing list); in an anonymous round, cut the response from its invitation
    and keep only the day of its start and submission, so that no column joins
    the named person to the answers (nor do the two times, to the second, joined
    with a reminder's time). True when the link was cut. The caller holds the
    transaction."""
    if response.invitation_id is not None:
        Invitation.objects.filter(pk=response.invitation_id).update(submitted=True)
    if not Round.objects.filter(pk=round_id, anonymous=True).exists():
        return False
    day = when.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    Response.objects.filter(pk=response.pk).update(invitation=None, started=day, submitted=day)
    return True
