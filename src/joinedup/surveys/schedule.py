"""What a coordinator may do to a round's dates: close now, change the closing
day while it runs, reopen a closed round whose results were never published.

Reopening and confidentiality: a round's results are published the moment it
closes (:mod:`joinedup.surveys.visibility`), and they show figures once at least
k respondents answered. If such a round took more answers after reopening, a
member comparing the figures before and after could subtract one from the other
and read the newcomers' answers. So a round that closed with k or more submitted
responses stays closed for good; one that closed with fewer (nothing of it was
ever shown) may be reopened with a new closing day.

Every change is written with the round's row locked, and recorded in the audit
log (``round.close``, ``round.extend``, ``round.reopen``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from joinedup.surveys.lifecycle import (
    RoundState,
    closes_on,
    current,
    end_of,
    round_state,
    today,
    zone_of,
)
from joinedup.surveys.models import Round, RoundStatus
from joinedup.surveys.visibility import submitted_count


@dataclass(frozen=True)
class Reopening:
    """Whether a round may be reopened, and if not, why (for the page)."""

    allowed: bool
    reason: str = ""


def can_reopen(round_: Round, now: dt.datetime | None = None) -> Reopening:
    if round_state(round_, now) != RoundState.CLOSED:
        return Reopening(False, _("Only a closed round can be reopened."))
    k = int(settings.MIN_RESPONDENTS)
    count = submitted_count(round_)
    if count >= k:
        return Reopening(
            False,
            _(
                "This round closed with %(n)d responses, at least %(k)d, so its results "
                "were published when it closed. Taking more answers now would let anyone "
                "who read the results work out the newcomers' answers by comparing the "
                "figures, so it cannot be reopened. Start a new round instead."
            )
            % {"n": count, "k": k},
        )
    return Reopening(True)


def _audit(action: str, round_: Round, summary: str) -> None:
    from joinedup.audit.log import record

    record(action, obj=round_, partnership=round_.partnership, summary=summary)


def _check_day(round_: Round, day: dt.date, now: dt.datetime) -> dt.datetime:
    """The ``closes`` instant for closing ``day``, refused if it is in the past or
    not after the opening."""
    if day < today(round_, now):
        raise ValidationError(_("The closing date cannot be in the past."))
    closes = end_of(day, zone_of(round_))
    if closes <= round_.opens:
        raise ValidationError(_("The round must close after it opens."))
    return closes


def _locked(round_id: int) -> Round:
    return (
        Round.objects.select_for_update()
        .select_related("partnership", "instrument")
        .get(pk=round_id)
    )


def change_closing_day(round_id: int, day: dt.date, now: dt.datetime | None = None) -> Round:
    """Move the closing day of a round that has not closed (usually later: an
    extension). Refused once the round is closed (see :func:`reopen`)."""
    moment = current(now)
    with transaction.atomic():
        round_ = _locked(round_id)
        if round_state(round_, moment) == RoundState.CLOSED:
            raise ValidationError(
                _("The round has closed; reopen it to give it a new closing date.")
            )
        before = closes_on(round_)
        round_.closes = _check_day(round_, day, moment)
        round_.save(update_fields=["closes"])
        _audit(
            "round.extend",
            round_,
            f"{round_}: closing date moved from {before:%d %B %Y} to {day:%d %B %Y}",
        )
    return round_


def reopen(round_id: int, day: dt.date, now: dt.datetime | None = None) -> Round:
    """Reopen a closed round whose results were never published (fewer than k
    responses), to close at the end of ``day``."""
    moment = current(now)
    with transaction.atomic():
        round_ = _locked(round_id)
        verdict = can_reopen(round_, moment)
        if not verdict.allowed:
            raise ValidationError(verdict.reason)
        round_.closes = _check_day(round_, day, moment)
        round_.status = RoundStatus.OPEN
        round_.save(update_fields=["closes", "status"])
        _audit("round.reopen", round_, f"{round_} reopened until {day:%d %B %Y}")
    return round_
