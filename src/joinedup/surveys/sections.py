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
from joinedup.surveys import comments
from joinedup.surveys.extract import partnership_rounds
from joinedup.surveys.lifecycle import current
from joinedup.surveys.models import Round, RoundStatus
from joinedup.surveys.visibility import ShownRates, published_rounds, visible_rates
from joinedup.web.sections import SectionResult, declare


@declare("surveys")
def partnership(viewer: Viewer, obj: Partnership, round_: Any = None) -> SectionResult | None:
    if not viewer.can_view(obj):
        return None
    rows = [(r, visible_rates(viewer, r, breakdown=False)) for r in partnership_rounds(obj)]
    lines = tuple(summary(rows))
    return SectionResult(
        "surveys",
        gettext("Survey rounds"),
        "surveys/_section.html",
        {"partnership": obj, "rows": rows},
        summary=lines,
        headline=" ".join(lines) if lines else gettext("No survey round has been run yet."),
        status="" if lines else "none",
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


def words_round(partnership: Partnership, round_: Any = None) -> Round | None:
    """The closed round whose answers in words the page shows: the chosen round if it
    has text or multiple-choice questions, else the latest such round opened by then
    (the latest of all when none is chosen)."""
    candidates = [r for r in published_rounds(partnership) if comments.has_words(r)]
    if round_ is not None:
        if any(r.pk == round_.pk for r in candidates):
            return next(r for r in candidates if r.pk == round_.pk)
        candidates = [r for r in candidates if r.opens <= round_.opens]
    return candidates[-1] if candidates else None


@declare("words")
def answers_in_words(viewer: Viewer, obj: Partnership, round_: Any = None) -> SectionResult | None:
    """The "In respondents' own words" section: a closed round's written comments
    and multiple-choice counts as ``viewer`` may see them
    (:mod:`joinedup.surveys.comments`); None when there are none to show."""
    if not viewer.can_view(obj):
        return None
    chosen = words_round(obj, round_)
    if chosen is None:
        return None
    words = comments.round_words(viewer, chosen)
    if words is None:
        return None
    manage = words.moderator
    k = int(settings.MIN_RESPONDENTS)
    context = {"words": words, "k": k, "manage": manage, "partnership": obj}
    lines = tuple(words_summary(words))
    return SectionResult(
        "words",
        gettext("In respondents' own words"),
        "surveys/_words_section.html",
        context,
        summary=lines,
        headline=lines[0] if lines else "",
        methods=(
            gettext(
                "Written comments are shown only for questions at least %(k)d people "
                "answered, in a fixed random order, never with a name, organisation, group "
                "or date; coordinators may hide a comment that identifies someone, and the "
                "number hidden is given. Multiple-choice counts are shown for questions "
                "at least %(k)d people answered; an option ticked by fewer than %(k)d, or "
                "left unticked by fewer than %(k)d, is given as a range, not a number."
            )
            % {"k": k},
        ),
    )


def words_summary(words: comments.Words) -> list[str]:
    """One sentence on the comments and one on the most ticked option, in words."""
    lines = []
    name = f"{words.round.instrument.title} of {words.round.period}"
    shown = [q for q in words.texts if q.comments is not None and q.comments.shown]
    if shown and words.comments_readable:
        count = sum(len(q.comments.comments) for q in shown if q.comments is not None)
        hidden = sum(q.comments.hidden for q in shown if q.comments is not None)
        line = ngettext(
            "The %(round)s gathered %(n)d written comment, quoted under “In respondents' "
            "own words”.",
            "The %(round)s gathered %(n)d written comments, quoted under “In respondents' "
            "own words”.",
            count,
        ) % {"round": name, "n": count}
        if hidden:
            line += " " + ngettext(
                "%(n)d more was hidden by the coordinator.",
                "%(n)d more were hidden by the coordinator.",
                hidden,
            ) % {"n": hidden}
        lines.append(line)
    for q in words.choices:
        if q.counts is None or not q.counts.shown:
            continue
        exact = [o for o in q.counts.options if o.share is not None and o.count]
        if exact:
            top = max(exact, key=lambda o: o.count or 0)
            percent = round(100 * (top.share or 0))
            lines.append(
                gettext("Asked “%(question)s”, %(percent)d%% ticked “%(option)s”.")
                % {"question": q.label, "percent": percent, "option": top.label}
            )
            break
    if not lines:  # the section still opens with plain words
        lines.append(
            gettext("Nothing written or ticked in the %(round)s can be shown to you yet.")
            % {"round": name}
        )
    return lines
