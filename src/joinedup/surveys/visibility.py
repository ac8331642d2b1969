"""Which survey rounds a viewer may see results of, and how: the one rule.

Results of a round are published when it closes, by hand or at the end of its
closing day (:func:`joinedup.surveys.lifecycle.round_state`: a round past its
closing date is closed here whether or not anything has stored it). Comparing the pages of an open
round before and after one more person answers would give that person's answers
(13 × mean₁₃ and 14 × mean₁₄ differ by exactly the 14th respondent), and a list of
who has not answered yet, read twice, says who just did. So while a round is not
closed (draft, not open yet, or open):

- members and evaluators see only the response count: one number, no breakdown
  by group or sector, no scores, no network figures;
- the partnership's coordinators see the count and the chasing list (who has not
  answered yet, the reminders CSV; they keep it once the round is closed, when
  reading it twice no longer tells who just answered) but no breakdown by group
  or sector of who answered; they may preview provisional results once at least ``2k`` respondents
  have answered, marked provisional and rounded to one decimal;
- administrators keep full access: the breakdowns, the chasing list and the
  preview at any count, unrounded.

Once the round is closed everyone who may view the partnership sees its results
(with the small-group rules of :mod:`joinedup.analysis.disclosure`); response
counts by group and sector are then shown to members and evaluators only where
:func:`joinedup.analysis.suppression.guard_groups` lets the group through.

Every page, API answer, download and report asks :func:`round_view` (one round,
one viewer) or reads :func:`published_rounds` (the viewer-less form used by the
services behind reports, dashboards, the benchmark and the command line: the
closed rounds, the only ones whose results leave joinedup as documents).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from joinedup.analysis.suppression import guard_groups
from joinedup.registry import permissions
from joinedup.registry.models import Partnership, Sector
from joinedup.registry.viewer import Viewer
from joinedup.surveys.extract import partnership_rounds
from joinedup.surveys.lifecycle import RoundState, closed_q, round_state
from joinedup.surveys.models import Round
from joinedup.surveys.rounds import Rate, response_rates

#: A coordinator's provisional preview needs at least this many times k respondents.
PREVIEW_FACTOR = 2
#: Decimal places of every figure in a coordinator's provisional preview.
PREVIEW_DECIMALS = 1


class Showing(StrEnum):
    NOTHING = "nothing"  # the viewer may not see the partnership at all
    COUNT = "count"  # the number of responses so far, nothing else
    PROVISIONAL = "provisional"  # a preview of an open round's results
    RESULTS = "results"  # the results of a closed round


@dataclass(frozen=True)
class RoundView:
    """What one viewer may see of one round."""

    showing: Showing
    #: Response counts by group and sector may be shown.
    breakdown: bool = False
    #: Small groups in that breakdown are withheld (members and evaluators).
    guarded: bool = True
    #: Who has not answered yet (names, the reminders CSV) may be shown.
    chasing: bool = False
    #: Figures of a provisional preview are rounded to :data:`PREVIEW_DECIMALS`.
    rounded: bool = False
    #: The open round's preview waits for this many respondents (0: none is waited for).
    preview_at: int = 0

    @property
    def results(self) -> bool:
        return self.showing in (Showing.RESULTS, Showing.PROVISIONAL)

    @property
    def provisional(self) -> bool:
        return self.showing == Showing.PROVISIONAL


def preview_threshold() -> int:
    """The number of respondents a coordinator's preview of an open round waits for."""
    return PREVIEW_FACTOR * int(settings.MIN_RESPONDENTS)


def submitted_count(round_: Round) -> int:
    """The round's response count: submitted responses, answered on the web or
    imported from files, linked to an invitation or not (anonymous rounds)."""
    return round_.responses.filter(submitted__isnull=False).count()


def is_published(round_: Round, now: dt.datetime | None = None) -> bool:
    """Whether the round's results are published: it is closed at ``now``."""
    return round_state(round_, now) == RoundState.CLOSED


def round_view(
    viewer: Any, round_: Round, responded: int | None = None, now: dt.datetime | None = None
) -> RoundView:
    """What ``viewer`` (a user or a :class:`~joinedup.registry.viewer.Viewer`) may
    see of ``round_`` at ``now``. ``viewer`` None is a document that may travel (a
    report file, the benchmark, a command's output): closed rounds only. The operator
    viewer of the command line sees what an administrator sees. ``responded`` saves
    the count query when the caller has it."""
    published = is_published(round_, now)
    if isinstance(viewer, Viewer):
        if viewer.is_operator:
            return _administrator_view(published)
        viewer = viewer.user
    if viewer is None:
        if published:
            return RoundView(Showing.RESULTS, breakdown=True)
        return RoundView(Showing.NOTHING)
    if permissions.is_administrator(viewer):
        return _administrator_view(published)
    partnership = round_.partnership
    if not permissions.can_view(viewer, partnership):
        return RoundView(Showing.NOTHING)
    manages = permissions.can_manage(viewer, partnership)
    if published:
        return RoundView(Showing.RESULTS, breakdown=True, guarded=not manages, chasing=manages)
    if not manages:
        return RoundView(Showing.COUNT)
    threshold = preview_threshold()
    count = submitted_count(round_) if responded is None else responded
    showing = Showing.PROVISIONAL if count >= threshold else Showing.COUNT
    return RoundView(showing, chasing=True, rounded=True, preview_at=threshold)


def _administrator_view(published: bool) -> RoundView:
    showing = Showing.RESULTS if published else Showing.PROVISIONAL
    return RoundView(showing, breakdown=True, guarded=False, chasing=True)


def published_rounds(
    partnership: Partnership | int, now: dt.datetime | None = None
) -> QuerySet[Round]:
    """The partnership's rounds whose results are published (closed at ``now``,
    by hand or on their date), in date order: what every results page, report,
    dashboard and the benchmark read, so "the latest round" is always the latest
    closed one."""
    return partnership_rounds(partnership).filter(closed_q(now))


def rounds_with_results(
    partnership: Partnership | int, now: dt.datetime | None = None
) -> QuerySet[Round]:
    """The published rounds (:func:`published_rounds`) with at least k submitted
    responses, in date order: the rounds that have results to show. A round that
    closed with fewer answers shows nothing but "fewer than k answers", so "the
    latest round" of a report, a page or the benchmark passes over it to the latest
    round with results, and says that a newer round exists
    (:func:`newer_rounds`). Leaving a small round out reveals nothing: its answers
    are not read at all."""
    k = int(settings.MIN_RESPONDENTS)
    submitted = Count("responses", filter=Q(responses__submitted__isnull=False))
    return (
        published_rounds(partnership, now)
        .annotate(submitted_n=submitted)
        .filter(submitted_n__gte=k)
    )


def newer_rounds(partnership: Partnership | int, shown: Round) -> list[Round]:
    """Rounds of ``shown``'s questionnaire that opened after it (open ones, and
    closed ones with too few answers to show), in date order."""
    later = partnership_rounds(partnership).filter(instrument__key=shown.instrument.key)
    return [r for r in later if (r.opens, r.pk) > (shown.opens, shown.pk)]


@dataclass(frozen=True)
class ShownRate:
    """One row of a response-rate breakdown as a viewer sees it: the number who
    submitted is ``None`` where the group is withheld (``withheld`` says why)."""

    label: str
    invited: int
    responded: int | None
    withheld: str | None = None

    @property
    def percent(self) -> int | None:
        if self.responded is None or not self.invited:
            return None
        return round(100 * self.responded / self.invited)


@dataclass(frozen=True)
class ShownRates:
    """A round's response as one viewer may see it."""

    view: RoundView
    #: The response count: every submitted response (web or imported).
    count: int
    #: Invited and answered overall (None for viewers who see the count only).
    overall: Rate | None = None
    imported: int = 0
    #: Submitted through the round's open link (no invitation).
    open: int = 0
    by_sector: list[ShownRate] = field(default_factory=list)
    by_group: list[ShownRate] = field(default_factory=list)


def _shown(
    rates: list[Rate], guarded: bool, names: dict[str, str] | None = None
) -> list[ShownRate]:
    hidden = guard_groups({r.label: r.responded for r in rates}, int(settings.MIN_RESPONDENTS))
    out = []
    for r in rates:
        label = str((names or {}).get(r.label, r.label))
        reason = hidden[r.label] if guarded else None
        out.append(ShownRate(label, r.invited, None if reason else r.responded, reason))
    return out


def visible_rates(
    viewer: Any, round_: Round, breakdown: bool = True, now: dt.datetime | None = None
) -> ShownRates:
    """The round's response rate as ``viewer`` may see it (:func:`round_view`):
    the count alone while the round is open, unless the viewer coordinates it;
    by sector and group (small groups withheld for members and evaluators) once
    it is closed. ``breakdown`` False skips the breakdown (a table of rounds)."""
    count = submitted_count(round_)
    view = round_view(viewer, round_, responded=count, now=now)
    if view.showing == Showing.NOTHING or (view.showing == Showing.COUNT and not view.chasing):
        return ShownRates(view, count)
    rates = response_rates(round_)
    shown = ShownRates(
        view,
        count,
        rates["overall"][0],
        rates["imported"][0].responded,
        rates["open"][0].responded,
    )
    if not (breakdown and view.breakdown):
        return shown
    sectors = {key: str(label) for key, label in Sector.choices}
    return ShownRates(
        view,
        count,
        shown.overall,
        shown.imported,
        shown.open,
        _shown(rates["sector"], view.guarded, sectors),
        _shown(rates["group"], view.guarded),
    )
