"""The partnership page's "Survey rounds" section: rounds with their response rates
(counts of invitations; the count alone while a round is open, see
:mod:`joinedup.surveys.visibility`), for anyone who may view the partnership."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext, ngettext

from joinedup.registry.models import Partnership
from joinedup.registry.viewer import Viewer
from joinedup.surveys.extract import partnership_rounds
from joinedup.surveys.lifecycle import current
from joinedup.surveys.models import Round, RoundStatus
from joinedup.surveys.visibility import ShownRates, visible_rates
from joinedup.web.sections import SectionResult


def partnership(viewer: Viewer, obj: Partnership, round_: Any = None) -> SectionResult | None:
    if not viewer.can_view(obj):
        return None
    rows = [(r, visible_rates(viewer, r, breakdown=False)) for r in partnership_rounds(obj)]
    return SectionResult(
        "surveys",
        gettext("Survey rounds"),
        "surveys/_section.html",
        {"partnership": obj, "rows": rows},
        summary=tuple(summary(rows)),
    )


def clock() -> tuple[int, int]:
    """How many rounds have reached their opening and their closing time by now: a
    round opens and closes on its dates without any write, so kept page sections
    (:mod:`joinedup.web.section_cache`) are keyed by these counts too."""
    now = current()
    counts = Round.objects.aggregate(
        opened=Count("pk", filter=Q(opens__lte=now)),
        closed=Count("pk", filter=Q(closes__lte=now)),
    )
    return counts["opened"], counts["closed"]


def summary(rows: list[tuple[Round, ShownRates]]) -> list[str]:
    """The latest closed round's response and the rounds open now, in words. A
    response resting on fewer than k answers is not given as a number."""
    lines = []
    closed = [(r, rates) for r, rates in rows if r.status == RoundStatus.CLOSED]
    if closed:
        latest, rates = closed[-1]
        lines.append(_response_line(latest, rates))
    open_now = [r for r, _ in rows if r.status == RoundStatus.OPEN]
    if open_now:
        lines.append(
            ngettext(
                "One survey round is open now.",
                "%(n)d survey rounds are open now.",
                len(open_now),
            )
            % {"n": len(open_now)}
        )
    return lines


def _response_line(round_: Round, rates: ShownRates) -> str:
    k = int(settings.MIN_RESPONDENTS)
    names = {"round": f"{round_.instrument.title} of {round_.period}"}
    overall = rates.overall
    if overall is None or not overall.invited:
        if rates.count < k:
            return gettext("The latest closed round, %(round)s, had fewer than %(k)d answers.") % {
                **names,
                "k": k,
            }
        return gettext("The latest closed round, %(round)s, had %(n)d answers.") % {
            **names,
            "n": rates.count,
        }
    if overall.responded < k:
        return gettext(
            "The latest closed round, %(round)s, was answered by fewer than %(k)d of the "
            "%(invited)d members invited."
        ) % {**names, "k": k, "invited": overall.invited}
    return gettext(
        "The latest closed round, %(round)s, was answered by %(n)d of the %(invited)d "
        "members invited (%(percent)d%%)."
    ) % {**names, "n": overall.responded, "invited": overall.invited, "percent": overall.percent}
