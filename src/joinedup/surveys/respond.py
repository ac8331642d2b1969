"""The respondent's side: find an invitation by its token, lay the instrument out in
pages, save a page's answers, submit.

Pages: one per dimension. In a network instrument, a dimension with relation items
gets a second page: the first asks every other current member organisation the
items everyone answers (e.g. ``net_depth``); the second asks the items marked
``only_if_works_with`` only about partners whose depth is 2 or more.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from joinedup.analysis.instruments import Dimension, Instrument, Item, ItemType
from joinedup.registry.models import Organisation
from joinedup.surveys.models import (
    Answer,
    InstrumentVersion,
    Invitation,
    RelationAnswer,
    Response,
    ResponseSource,
    RoundStatus,
)

DEPTH_ITEM = "net_depth"
WORKS_WITH = 2.0  # a depth at or above this counts as "works with"


class TokenState(StrEnum):
    OK = "ok"
    UNKNOWN = "unknown"
    SUBMITTED = "submitted"
    CLOSED = "closed"
    NOT_OPEN = "not-open"


def find_invitation(token: str) -> Invitation | None:
    digest = hashlib.sha256(token.encode("utf-8")).hexdigest()
    try:
        # The instrument's definition is left unread: instrument_of() keeps it parsed.
        inv = (
            Invitation.objects.select_related("round__instrument", "round__partnership")
            .defer("round__instrument__definition")
            .get(token_hash=digest)
        )
    except Invitation.DoesNotExist:
        return None
    if not hmac.compare_digest(inv.token_hash, digest):
        return None
    return inv


def started_response(inv: Invitation | None) -> Response | None:
    """The invitation's response if the respondent has started one, sharing the
    invitation's round (so the round, instrument and partnership are not read again)."""
    if inv is None:
        return None
    try:
        response = Response.objects.get(invitation=inv)
    except Response.DoesNotExist:
        return None
    response.round = inv.round
    response.invitation = inv
    return response


def token_state(inv: Invitation | None) -> TokenState:
    return state_of(inv, started_response(inv))


def state_of(inv: Invitation | None, response: Response | None) -> TokenState:
    """What a link can do now, given its invitation and response (no query)."""
    if inv is None:
        return TokenState.UNKNOWN
    if response is not None and response.submitted is not None:
        return TokenState.SUBMITTED
    round_ = inv.round
    now = timezone.now()
    if round_.status == RoundStatus.CLOSED or now >= round_.closes:
        return TokenState.CLOSED
    if round_.status != RoundStatus.OPEN or now < round_.opens:
        return TokenState.NOT_OPEN
    return TokenState.OK


def response_for(inv: Invitation) -> Response:
    """The invitation's response, started on first visit."""
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
    return response


_PARSED: dict[tuple[Any, ...], Instrument] = {}


def instrument_of(version: InstrumentVersion) -> Instrument:
    """The version's instrument, validated once per process rather than per request.

    Safe to keep: respondents reach a version only through a round, and a version a
    round uses is frozen (``InstrumentVersion.save`` refuses changes). The key holds
    the creation time too, so a primary key used again (a fresh test database) is a
    new entry rather than a stale one.
    """
    key = (version.pk, version.key, version.version, version.created)
    parsed = _PARSED.get(key)
    if parsed is None:
        parsed = _PARSED[key] = version.instrument()
    return parsed


@dataclass(frozen=True)
class Page:
    dimension: Dimension
    items: list[Item]
    partners_only: bool = False  # the follow-up page about partners worked with


def pages(instrument: Instrument) -> list[Page]:
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


_SQLITE_WRITES = threading.Lock()


@contextmanager
def write_transaction() -> Iterator[None]:
    """A transaction for a respondent's write; on SQLite, threads of one process
    take turns before ``BEGIN IMMEDIATE``.

    Waiting on a Python lock ends the moment it is free, whereas SQLite's busy
    handler sleeps in growing steps (up to 100 ms) and lets late comers overtake, so
    under many writing threads the slowest writes wait far longer than the lock is
    held. With 3 processes of 8 threads writing page-sized transactions
    (``bench/sqlite_write_turns.py``) the turns cut p99 from about 34 ms to about
    20 ms at the same throughput. Inside an outer transaction (which already holds
    SQLite's lock), and on PostgreSQL (row locks), no turn is taken.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        with transaction.atomic():
            yield
        return
    with _SQLITE_WRITES, transaction.atomic():
        yield


def save_page(response: Response, page: Page, answers: list[Given], next_page: int) -> None:
    """Replace the page's answers with ``answers`` and remember where to resume."""
    names = [i.name for i in page.items]
    plain = [a for a in answers if a.target is None]
    rel = [a for a in answers if a.target is not None]
    with write_transaction():
        Answer.objects.filter(response=response, item__in=names).delete()
        Answer.objects.bulk_create(
            Answer(
                response=response, item=a.item, value=a.value, text=a.text, dont_know=a.dont_know
            )
            for a in plain
        )
        if any(i.type == ItemType.RELATION for i in page.items):
            RelationAnswer.objects.filter(response=response, item__in=names).delete()
        RelationAnswer.objects.bulk_create(
            RelationAnswer(response=response, target_id=a.target or 0, item=a.item, value=a.value)
            for a in rel
        )
        if DEPTH_ITEM in names:
            _drop_unworked(response)
        response.page = next_page
        response.save(update_fields=["page"])


def _drop_unworked(response: Response) -> None:
    """Follow-up ratings of partners no longer marked as worked with are removed."""
    instrument = instrument_of(response.round.instrument)
    follow = [i.name for i in instrument.items() if i.only_if_works_with]
    worked = RelationAnswer.objects.filter(
        response=response, item=DEPTH_ITEM, value__gte=WORKS_WITH
    ).values_list("target_id", flat=True)
    RelationAnswer.objects.filter(response=response, item__in=follow).exclude(
        target_id__in=list(worked)
    ).delete()


def missing_required(response: Response) -> list[int]:
    """Indexes of pages that still have a required item unanswered."""
    answered = set(response.answers.values_list("item", flat=True))
    answered |= set(response.relations.values_list("item", flat=True))
    return [
        index
        for index, page in enumerate(pages(instrument_of(response.round.instrument)))
        if any(i.required and i.name not in answered for i in page.items)
    ]


def submit(response: Response) -> bool:
    """Mark the response submitted; false if a required item is unanswered or the
    round no longer accepts answers."""
    with write_transaction():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.submitted is not None or not locked.round.accepts_answers():
            return False
        if missing_required(locked):
            return False
        locked.submitted = timezone.now()
        locked.save(update_fields=["submitted"])
    response.submitted = locked.submitted
    return True
