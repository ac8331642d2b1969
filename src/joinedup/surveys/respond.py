"""The respondent's side: find an invitation by its token, lay the instrument out in
pages, save a page's answers, submit.

Pages: one per dimension. In a network instrument, a dimension with relation items
gets a second page: the first asks every other current member organisation the
items everyone answers (e.g. ``net_depth``); the second asks the items marked
``only_if_works_with`` only about partners whose depth is 2 or more.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import hmac
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from joinedup.analysis.instruments import Dimension, Instrument, Item, ItemType
from joinedup.registry.models import Organisation
from joinedup.surveys import hot
from joinedup.surveys.models import (
    InstrumentVersion,
    Invitation,
    RelationAnswer,
    Response,
    ResponseSource,
    Round,
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


def open_link(token: str) -> tuple[Invitation | None, Response | None]:
    """The invitation behind a survey link, with its round, partnership and
    instrument version, and its response if the respondent has started one: one
    query (:func:`joinedup.surveys.hot.link`). Only the token's SHA-256 is looked
    up; the stored hash is then compared in constant time."""
    digest = hashlib.sha256(token.encode("utf-8")).hexdigest()
    inv, response = hot.link(digest)
    if inv is None or not hmac.compare_digest(inv.token_hash, digest):
        return None, None
    return inv, response


def state_of(inv: Invitation | None, response: Response | None) -> TokenState:
    """What a link can do now, given its invitation and response (no query while
    a response is linked). With no linked response the invitation's own flag
    decides whether it was submitted: an anonymous round's submitted response
    no longer refers to its invitation."""
    if inv is None:
        return TokenState.UNKNOWN
    if response is not None:
        if response.submitted is not None:
            return TokenState.SUBMITTED
    elif inv.submitted:
        return TokenState.SUBMITTED
    round_ = inv.round
    now = timezone.now()
    if round_.status == RoundStatus.CLOSED or now >= round_.closes:
        return TokenState.CLOSED
    if round_.status != RoundStatus.OPEN or now < round_.opens:
        return TokenState.NOT_OPEN
    return TokenState.OK


def response_for(inv: Invitation) -> Response:
    """The invitation's response, started on first visit.

    Called when :func:`open_link` found none, so it inserts straight away (a
    writer's turn, no read first); if the same respondent's other tab won the race,
    the unique invitation refuses the second row and the first is read instead."""
    try:
        with write_transaction():
            response = Response.objects.create(
                invitation=inv,
                round=inv.round,
                organisation_id=inv.organisation_id,
                group=inv.group,
                source=ResponseSource.WEB,
            )
    except IntegrityError:
        response = Response.objects.get(invitation=inv)
    response.round = inv.round
    response.invitation = inv
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


class _WriterTurns:
    """Turns for SQLite's write lock among every thread of every server process.

    A thread first takes this process's lock, then an exclusive ``flock`` on a file
    beside the database (``<database>-turns``), then begins. The kernel hands the
    file lock to the next waiter the moment it is released, whereas SQLite's busy
    handler makes a blocked writer sleep 1, 2, 5 ... up to 100 ms between tries:
    the lock sits free while writers sleep, and a newcomer can overtake them.
    ``bench/sqlite_write_turns.py`` (three processes of eight threads saving pages):
    about 8,400 writes/s at a p99 of 5 ms, against 6,300 at 17-18 ms when only the
    threads of each process take turns, and 5,500 at 34 ms with no turns at all.

    Only joinedup's respondent writes take turns; any other writer (a command, a
    backup) still meets SQLite's busy timeout, which stays the final arbiter, so a
    process that dies holding the file lock frees it (the kernel drops it) and
    nobody waits for ever. A database that is not a file (an in-memory test
    database) takes the process lock alone.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._file: tuple[int, str, int] | None = None  # (pid, path, descriptor)

    def _descriptor(self, database: str) -> int | None:
        if not database or database == ":memory:" or database.startswith("file:"):
            return None
        pid = os.getpid()
        if self._file is not None and self._file[:2] == (pid, database):
            return self._file[2]
        # Opened after the fork: a descriptor inherited from the parent would share
        # its open file description, and with it the lock, across the processes.
        fd = os.open(f"{database}-turns", os.O_RDWR | os.O_CREAT, 0o600)
        self._file = (pid, database, fd)
        return fd

    @contextmanager
    def turn(self, database: str) -> Iterator[None]:
        with self.lock:
            fd = self._descriptor(database)
            if fd is None:
                yield
                return
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)


_SQLITE_WRITES = _WriterTurns()


@contextmanager
def write_transaction() -> Iterator[None]:
    """A transaction for a respondent's write; on SQLite, writers take turns
    (:class:`_WriterTurns`) before ``BEGIN IMMEDIATE``. Inside an outer transaction
    (which already holds SQLite's lock), and on PostgreSQL (row locks), no turn is
    taken."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        with transaction.atomic():
            yield
        return
    with _SQLITE_WRITES.turn(str(connection.settings_dict["NAME"])), transaction.atomic():
        yield


def save_page(response: Response, page: Page, answers: list[Given], next_page: int) -> None:
    """Replace the page's answers with ``answers`` and remember where to resume."""
    names = [i.name for i in page.items]
    plain = [(a.item, a.value, a.text, a.dont_know) for a in answers if a.target is None]
    rel = [a for a in answers if a.target is not None]
    with write_transaction():
        hot.replace_answers(response.pk, names, plain, next_page)
        if any(i.type == ItemType.RELATION for i in page.items):
            RelationAnswer.objects.filter(response=response, item__in=names).delete()
            RelationAnswer.objects.bulk_create(
                RelationAnswer(
                    response=response, target_id=a.target or 0, item=a.item, value=a.value
                )
                for a in rel
            )
        if DEPTH_ITEM in names:
            _drop_unworked(response)
    response.page = next_page


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
    answered = hot.answered_items(response.pk)
    return [
        index
        for index, page in enumerate(pages(instrument_of(response.round.instrument)))
        if any(i.required and i.name not in answered for i in page.items)
    ]


def submit(response: Response) -> bool:
    """Mark the response submitted; false if it already was, a required item is
    unanswered or the round no longer accepts answers (all read afresh inside the
    transaction, so a second click or a round closed meanwhile is refused)."""
    with write_transaction():
        found = hot.locked_for_submission(response.pk)
        if found is None:
            return False
        locked, round_ = found
        if locked.submitted is not None or not round_.accepts_answers():
            return False
        if missing_required(response):
            return False
        when = timezone.now()
        hot.mark_submitted(response.pk, when)
        if _record_submission(response, round_.pk, when):
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
