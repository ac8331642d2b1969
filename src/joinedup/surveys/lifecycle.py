"""A round's state follows the clock: the one rule every reader asks.

What is stored and what is computed
-----------------------------------
``Round.status`` records what the coordinator decided: ``draft`` (not scheduled:
it never takes answers, whatever its dates), ``open`` (scheduled: it runs from
``opens`` to ``closes``) or ``closed`` (closed, by hand or on its date). The state
a reader acts on is :func:`round_state`, computed from the status and the clock:

====================  =====================  =========================
status                now                    state
====================  =====================  =========================
draft                 any                    draft
open                  before ``opens``       scheduled (not open yet)
open                  ``opens`` … ``closes``  open (takes answers)
open                  from ``closes`` on      closed
closed                any                    closed
====================  =====================  =========================

So no command has to run for a round to open or close: every page, API answer,
export, report, the national extraction and ``joinedup round list`` read the
state through :func:`round_state` (one round) or :func:`closed_rounds` /
:func:`closed_q` (a query), and agree whether or not anything was written.

The stored status then catches up lazily: :func:`settle_due_rounds` writes
``closed`` onto rounds past their closing time (one UPDATE, with an audit event
per round, "closed on its date"). The coordinator's pages and the round list call
it, so the admin and anyone reading the table directly see the same; no reader
depends on it having run.

Days and time zones
-------------------
A coordinator chooses days. A round opens at the start of its opening day and
closes at the end of its closing day (inclusive) in the partnership's time zone
(:meth:`joinedup.registry.models.Partnership.zone`): ``closes`` stores the first
instant after it, midnight of the next day there, so a round closing on
24 December in London takes answers until 23:59:59 that day, in GMT or BST alike.
:func:`opens_on` and :func:`closes_on` give back the days as they were entered.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from enum import StrEnum
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from joinedup.surveys.models import Round, RoundStatus

#: The last moment of a day is this much before the next day's start.
_TICK = dt.timedelta(microseconds=1)


class RoundState(StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self])


STATE_LABELS = {
    RoundState.DRAFT: _("Draft"),
    RoundState.SCHEDULED: _("Not open yet"),
    RoundState.OPEN: _("Open"),
    RoundState.CLOSED: _("Closed"),
}


def current(now: dt.datetime | None = None) -> dt.datetime:
    """``now``, or the clock's time: every function here takes ``now`` so that a
    test (or a report "as of" a moment) can move the clock without sleeping."""
    return now if now is not None else timezone.now()


def round_state(round_: Round, now: dt.datetime | None = None) -> RoundState:
    """The state of ``round_`` at ``now`` (see the module's table)."""
    return state_at(round_.status, round_.opens, round_.closes, now)


def state_at(
    status: str, opens: dt.datetime, closes: dt.datetime, now: dt.datetime | None = None
) -> RoundState:
    """The module's table for a round's three stored values, for a caller that read
    only those (the respondent's save, under its row lock)."""
    if status == RoundStatus.CLOSED:
        return RoundState.CLOSED
    if status != RoundStatus.OPEN:
        return RoundState.DRAFT
    moment = current(now)
    if moment >= closes:
        return RoundState.CLOSED
    if moment < opens:
        return RoundState.SCHEDULED
    return RoundState.OPEN


def closed_q(now: dt.datetime | None = None, prefix: str = "") -> Q:
    """The condition for closed rounds at ``now``; ``prefix`` reaches the round
    from another model (``"round__"``)."""
    return Q(**{f"{prefix}status": RoundStatus.CLOSED}) | Q(
        **{f"{prefix}status": RoundStatus.OPEN, f"{prefix}closes__lte": current(now)}
    )


def closed_rounds(rounds: QuerySet[Round], now: dt.datetime | None = None) -> QuerySet[Round]:
    return rounds.filter(closed_q(now))


def due_round_ids(now: dt.datetime | None = None, **filters: Any) -> list[int]:
    """Rounds still stored as open whose closing time has passed."""
    due = Round.objects.filter(status=RoundStatus.OPEN, closes__lte=current(now), **filters)
    return list(due.values_list("pk", flat=True))


def settle_due_rounds(now: dt.datetime | None = None, **filters: Any) -> int:
    """The lazy write: store ``closed`` on rounds past their closing time, with an
    audit event each. Returns how many were settled. Nothing depends on it having
    run (:func:`round_state` already calls them closed)."""
    from joinedup.audit.log import Actor, bind, record, unbind

    moment = current(now)
    due = due_round_ids(moment, **filters)
    if not due:
        return 0
    settled = 0
    # The clock closed them, not whoever happened to read the round first.
    token = bind(Actor(name="clock", role="system"))
    try:
        for round_ in Round.objects.filter(pk__in=due).select_related("partnership", "instrument"):
            # Only a round still open is changed: two settlers do not both record it.
            still_due = Round.objects.filter(
                pk=round_.pk, status=RoundStatus.OPEN, closes__lte=moment
            )
            changed = still_due.update(status=RoundStatus.CLOSED)
            if changed:
                settled += 1
                record(
                    "round.close",
                    obj=round_,
                    partnership=round_.partnership,
                    summary=f"{round_} closed on its date ({closes_on(round_):%d %B %Y})",
                )
    finally:
        unbind(token)
    return settled


# Days in the partnership's time zone -----------------------------------------


def zone_of(round_: Round) -> zoneinfo.ZoneInfo:
    return round_.partnership.zone()


def start_of(day: dt.date, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """The first instant of ``day`` in ``zone`` (aware)."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=zone)


def end_of(day: dt.date, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """The first instant after ``day`` in ``zone``: a round closing on ``day``
    stores this as ``closes`` (answers are taken while now < closes)."""
    return start_of(day + dt.timedelta(days=1), zone)


def opens_on(round_: Round) -> dt.date:
    """The opening day in the partnership's time zone."""
    return round_.opens.astimezone(zone_of(round_)).date()


def closes_on(round_: Round) -> dt.date:
    """The closing day (the last day answers are taken) in the partnership's time
    zone: the day of the last instant before ``closes``."""
    return (round_.closes - _TICK).astimezone(zone_of(round_)).date()


def today(round_: Round, now: dt.datetime | None = None) -> dt.date:
    """Today in the partnership's time zone."""
    return current(now).astimezone(zone_of(round_)).date()
