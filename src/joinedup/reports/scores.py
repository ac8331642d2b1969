"""Scores of a partnership's survey rounds, for its page and its report.

The figures come from the analysis core (:func:`joinedup.analysis.scoring.score_round`)
with ``settings.MIN_RESPONDENTS`` as k, so every figure on the page is either safe
or shown as "fewer than k answers". Rounds are listed latest first; change is
measured against the previous round of the same instrument.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from joinedup.analysis.adapting import shared_items
from joinedup.analysis.board.scores import (
    METHODS,
    board_lines,
    dimension_scale,
    rated_dimensions,
)
from joinedup.analysis.board.text import NO_DATA, BoardLines
from joinedup.analysis.instruments import Instrument, InstrumentError
from joinedup.analysis.readings import CHANGE_MIN_SHARE
from joinedup.analysis.scoring import DimensionScore, RoundScores, score_round
from joinedup.analysis.suppression import Suppressed
from joinedup.registry.models import Partnership
from joinedup.registry.viewer import Viewer
from joinedup.reports import charts, lens_views
from joinedup.surveys.extract import Round, round_answers, submitted_state
from joinedup.surveys.lifecycle import RoundState, round_state
from joinedup.surveys.rounds import response_rates
from joinedup.surveys.visibility import newer_rounds, rounds_with_results
from joinedup.web import withheld
from joinedup.web.sections import SectionResult, declare


def instrument_of(round_: Round) -> Instrument | None:
    try:
        return round_.instrument.instrument()
    except InstrumentError:
        return None


_CACHE: OrderedDict[tuple[Any, ...], RoundScores | None] = OrderedDict()
_CACHE_SIZE = 256


def _fingerprint(round_: Round | None) -> tuple[Any, ...]:
    """What a round's scores depend on: its submitted responses and their answers
    (counted, with the latest submission and the newest answer). Submitted answers
    are never edited, so a change in any of these is a change in the data."""
    if round_ is None:
        return (None,)
    return (round_.pk, round_.instrument_id, *submitted_state(round_))


def round_scores(round_: Round, previous: Round | None = None) -> RoundScores | None:
    """A round's scores (with change since ``previous``), or None for instruments
    with no scored items (network surveys).

    Results are kept per process, keyed by both rounds' fingerprints and k, so a new
    or imported response recomputes them."""
    key = (_fingerprint(round_), _fingerprint(previous), settings.MIN_RESPONDENTS)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    result = _compute(round_, previous)
    _CACHE[key] = result
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return result


def _compute(round_: Round, previous: Round | None) -> RoundScores | None:
    instrument = instrument_of(round_)
    if instrument is None or not instrument.scored_items():
        return None
    before = round_answers(previous.pk) if previous is not None else None
    shared = shared_with(round_, previous)
    k = settings.MIN_RESPONDENTS
    return score_round(instrument, round_answers(round_.pk), k, before, shared=shared)


def shared_with(round_: Round, previous: Round | None) -> list[str] | None:
    """The items ``round_``'s version shares with ``previous``'s when the two rounds
    asked different versions of one questionnaire line; None when they asked the same."""
    if previous is None or previous.instrument_id == round_.instrument_id:
        return None
    now, before = instrument_of(round_), instrument_of(previous)
    if now is None or before is None:
        return []
    return shared_items(now, before)


def versions_note(round_: Round, previous: Round | None, result: RoundScores) -> dict[str, Any]:
    """What the page says when the change compares two versions: the earlier
    version, and per dimension the questions its change rests on."""
    if previous is None or previous.instrument_id == round_.instrument_id:
        return {}
    instrument = instrument_of(round_)
    text = instrument.text if instrument is not None else None
    dims = []
    for d in result.dimensions:
        if d.change is None or not d.change.on_items or instrument is None or text is None:
            continue
        labels = [text(instrument.item(n).label, get_language() or "en") for n in d.change.on_items]
        dims.append({"label": d.label, "items": labels})
    return {"before": previous.instrument.label(), "now": round_.instrument.label(), "dims": dims}


def _cell(value: object, fmt: str = "{:.2f}") -> dict[str, Any]:
    if isinstance(value, Suppressed):
        return {"text": withheld.reason(value.reason), "suppressed": True}
    if value is None:
        return {"text": "—", "suppressed": False}
    if isinstance(value, tuple):
        return {"text": "–".join(fmt.format(v) for v in value), "suppressed": False}
    if isinstance(value, float):
        return {"text": fmt.format(value), "suppressed": False}
    return {"text": str(value), "suppressed": False}


def _reading(split: bool | Suppressed) -> dict[str, Any]:
    if isinstance(split, Suppressed):
        return _cell(split)
    # Agreement within the whole partnership; differences between groups are a
    # different thing, marked ◆ in the groups table.
    text = gettext("members split") if split else gettext("members agree")
    return {"text": text, "suppressed": False, "split": split}


def _alpha(value: object) -> dict[str, Any]:
    """Cronbach's alpha, with a word where it is negative (the items pull apart)."""
    cell = _cell(value)
    if isinstance(value, float) and value < 0:
        cell["note"] = gettext("the questions pull apart")
    return cell


def _change(d: DimensionScore) -> dict[str, Any]:
    c = d.change
    if c is None:
        return {"text": gettext("first round"), "suppressed": False}
    if isinstance(c.difference, Suppressed):
        return _cell(c.difference)
    if c.difference is None:
        return _cell(None)
    text = f"{c.difference:+.2f}"
    if isinstance(c.ci, tuple):
        span = {"low": f"{c.ci[0]:+.2f}", "high": f"{c.ci[1]:+.2f}"}
        text += " (" + gettext("%(low)s to %(high)s") % span + ")"
    return {"text": text, "suppressed": False, "marked": c.marked}


def dimension_rows(result: RoundScores) -> list[dict[str, Any]]:
    rows = []
    for d in result.dimensions:
        rows.append(
            {
                "label": d.label,
                "name": d.dimension,  # for the "Plan an action" link (joinedup.actions)
                "figures": [
                    _cell(d.n),
                    _cell(d.mean),
                    _cell(d.ci),
                    _cell(d.median, "{:.1f}"),
                    _cell(d.rwg_j),
                    _cell(d.sd),
                    _alpha(d.alpha),
                ],
                "band": _cell(withheld.band(d.band) if isinstance(d.band, str) else d.band),
                "band_class": str(d.band).replace(" ", "-") if isinstance(d.band, str) else "",
                "reading": _reading(d.split),
                "dont_know": _cell(d.dont_know_share, "{:.0%}"),
                "change": _change(d),
            }
        )
    return rows


def group_grid(result: RoundScores, instrument: Instrument | None = None) -> dict[str, Any] | None:
    """Groups × dimensions; with the instrument, each shown mean carries its shade
    (the divergence heatmap)."""
    grid = result.grid()
    if len(grid.groups) < 2:
        return None
    labels = {d.dimension: d.label for d in result.dimensions}
    spans = {i: dimension_scale(instrument, i) if instrument else None for i in grid.issues}

    def cell(issue: str, value: object) -> dict[str, Any]:
        out = _cell(value)
        span = spans[issue]
        if isinstance(value, float) and span is not None:
            out["shade"] = charts.shade(value, span[0], span[1])
        return out

    return {
        "issues": [(labels.get(i, i), grid.differs[i]) for i in grid.issues],
        "rows": [
            (g, [cell(i, c) for i, c in zip(grid.issues, cells, strict=True)])
            for g, cells in grid.rows()
        ],
        "shaded": any(spans.values()),
    }


def _previous_of(rounds: list[Round]) -> dict[int, Round | None]:
    """Each round's previous round of the same questionnaire line (rounds in date
    order): an adapted version continues the line of the version it came from."""
    last: dict[str, Round] = {}
    previous: dict[int, Round | None] = {}
    for r in rounds:
        previous[r.pk] = last.get(r.instrument.line)
        last[r.instrument.line] = r
    return previous


def newer_notes(partnership: Partnership, shown: Round) -> list[str]:
    """One sentence per newer round of ``shown``'s questionnaire: why its results
    are not the ones shown (still open, not open yet, or closed with too few answers)."""
    k = int(settings.MIN_RESPONDENTS)
    notes = []
    for newer in newer_rounds(partnership, shown):
        names = {"newer": newer.period, "shown": shown.period, "k": k}
        state = round_state(newer)
        if state == RoundState.OPEN:
            text = gettext(
                "A newer round of this questionnaire, %(newer)s, is open: its results "
                "appear when it closes. The figures here are from %(shown)s."
            )
        elif state == RoundState.CLOSED:
            text = gettext(
                "A newer round of this questionnaire, %(newer)s, closed with fewer than "
                "%(k)d answers, so it has no results to show. The figures here are from "
                "%(shown)s."
            )
        else:
            text = gettext(
                "A newer round of this questionnaire, %(newer)s, has not opened yet. The "
                "figures here are from %(shown)s."
            )
        notes.append(text % names)
    return notes


def partnership_scores(partnership: Partnership) -> list[dict[str, Any]]:
    """Every scored round of the partnership, latest first, ready for the template;
    ``latest`` marks the latest round of each instrument and ``judging`` the rounds
    whose dimensions have bands (the report shows the latest judging rounds; the
    descriptive dynamics questionnaire is read in the diagnoses section). Only
    closed rounds with at least k answers have results
    (:func:`joinedup.surveys.visibility.rounds_with_results`): a newer round still
    open, or closed with fewer answers, is listed under ``newer`` of the latest
    round of its questionnaire, so the page can say which round it shows and why."""
    rounds = list(rounds_with_results(partnership))
    previous = _previous_of(rounds)
    results = {r.pk: round_scores(r, previous[r.pk]) for r in rounds}
    out = []
    seen: set[str] = set()
    for r in reversed(rounds):
        result = results[r.pk]
        if result is None:
            continue
        instrument = instrument_of(r)
        before = previous[r.pk]
        out.append(
            {
                "round": r,
                "previous": before,
                "respondents": _cell(result.respondents, "{}"),
                "dimensions": dimension_rows(result),
                "grid": group_grid(result, instrument),
                "radar": _radar(result, results.get(before.pk) if before else None, instrument),
                "result": result,
                "latest": r.instrument.line not in seen,
                "judging": any(d.band is not None for d in result.dimensions),
                "newer": [] if r.instrument.line in seen else newer_notes(partnership, r),
                "versions": versions_note(r, before, result),
                **lens_views.round_extras(r, result, instrument, r.instrument.line not in seen),
            }
        )
        seen.add(r.instrument.line)
    return out


def _radar(result: RoundScores, before: RoundScores | None, instrument: Instrument | None) -> Any:
    if instrument is None:
        return ""
    return mark_safe(charts.scores_radar(result, before, instrument))  # noqa: S308 - SVG from vl-convert


@declare("scores")
def section(viewer: Viewer, partnership: Partnership, round_: Any = None) -> SectionResult | None:
    """The scores section; None for those who may not see the partnership or when
    it has no scored survey rounds."""
    if not viewer.can_view(partnership):
        return None
    rounds = partnership_scores(partnership)
    if not rounds:
        return None
    context = {
        "rounds": rounds,
        "earlier": [r for r in rounds if not r["latest"]],
        "k": settings.MIN_RESPONDENTS,
        "change_min": CHANGE_MIN_SHARE,
    }
    return SectionResult.build(
        "scores", gettext("Survey scores"), "reports/_scores.html", context, report_lines(rounds)
    )


def _response(round_: Round) -> str:
    overall = response_rates(round_).get("overall", [])
    if not overall or not overall[0].invited:
        return ""
    rate = overall[0]
    return gettext("(%(responded)s of %(invited)s invited members answered, %(percent)s%%)") % {
        "responded": rate.responded,
        "invited": rate.invited,
        "percent": rate.percent,
    }


def report_lines(rounds: list[dict[str, Any]]) -> BoardLines:
    """The report's summary, questions and methods from the latest round (of any
    instrument) that has dimensions a board can judge; methods only otherwise."""
    for r in rounds:
        instrument = instrument_of(r["round"])
        if instrument is None or not rated_dimensions(r["result"], instrument):
            continue
        previous = r["previous"]
        lines = board_lines(
            f"{r['round'].instrument.title} of {r['round'].period}",
            r["result"],
            instrument,
            _response(r["round"]),
            str(previous.period) if previous is not None else None,
        )
        lines.summary += r["newer"][:1]
        return lines
    return BoardLines(
        methods=list(METHODS),
        headline=gettext("Not enough answers yet to rate the partnership on any theme."),
        status=NO_DATA,
    )
