"""What an action moved: the change on its target between the round of its finding
and the next round with results.

- a **dimension**: the two rounds' scores from the analysis core
  (:func:`joinedup.analysis.scoring.score_round`, k applied), the difference with
  Welch's interval, and Jacobson & Truax's reliable change index from the first
  round's spread and alpha (:mod:`joinedup.analysis.reliable_change`). Shown only
  when both rounds pass k; otherwise the suppression reason.
- an **organisation**: its degree and betweenness in the network rounds of the
  same two periods (network rounds ask every member, so there is no sampling
  interval; the reading says so).
- an **indicator**: the last observation on or before each round's close; an
  indicator records no uncertainty, and the reading says so.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from joinedup.actions.models import Action, TargetKind
from joinedup.analysis.board.scores import dimension_scale
from joinedup.analysis.instruments import Instrument, InstrumentError
from joinedup.analysis.network.build import Node, build_network, either_side
from joinedup.analysis.network.report import node_measures
from joinedup.analysis.readings import Polarity
from joinedup.analysis.reliable_change import Verdict, reliable_change, verdict
from joinedup.analysis.scoring import DimensionScore, RoundScores, score_round
from joinedup.analysis.suppression import Suppressed
from joinedup.surveys.extract import Round, round_answers, round_relations
from joinedup.surveys.visibility import published_rounds, rounds_with_results


@dataclass
class Effect:
    """The change on an action's target, ready for a page."""

    target: str
    before_period: str
    after_period: str = ""
    before: float | None = None
    after: float | None = None
    difference: float | None = None
    interval: tuple[float, float] | None = None
    rci: float | None = None
    verdict: str = Verdict.UNKNOWN
    reading: str = ""
    suppressed: str = ""
    rows: list[dict[str, Any]] = field(default_factory=list)


def _instrument(round_: Round) -> Instrument | None:
    try:
        return round_.instrument.instrument()
    except InstrumentError:
        return None


def next_round(origin: Round, upto: Round | None = None) -> Round | None:
    """The first round of ``origin``'s questionnaire with results after it (with
    ``upto``, the latest such round no later than ``upto``)."""
    later = [
        r
        for r in rounds_with_results(origin.partnership_id).select_related("instrument")
        if r.instrument.key == origin.instrument.key and (r.opens, r.pk) > (origin.opens, origin.pk)
    ]
    if upto is not None:
        kept = [r for r in later if (r.opens, r.pk) <= (upto.opens, upto.pk)]
        return kept[-1] if kept else None
    return later[0] if later else None


def _dimension(scores: RoundScores, name: str) -> DimensionScore | None:
    return next((d for d in scores.dimensions if d.dimension == name), None)


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, float) and math.isfinite(value) else None


def _reading(found: str, label: str, before: str, after: str) -> str:
    texts: dict[str, str] = {
        Verdict.IMPROVED: _(
            "%(label)s improved from %(before)s to %(after)s by more than sampling and "
            "measurement error would explain: a reliable change."
        ),
        Verdict.WORSENED: _(
            "%(label)s fell from %(before)s to %(after)s by more than sampling and "
            "measurement error would explain: a reliable change for the worse."
        ),
        Verdict.SAMPLING_ONLY: _(
            "%(label)s moved between %(before)s and %(after)s by more than the choice of "
            "respondents would explain, but within the questionnaire's measurement "
            "error: not yet a reliable change."
        ),
        Verdict.NOISE: _(
            "The change in %(label)s between %(before)s and %(after)s cannot be told "
            "from noise: the interval holds no change at all."
        ),
    }
    text = texts.get(found, _("The change in %(label)s cannot be judged."))
    return str(text) % {"label": label, "before": before, "after": after}


def dimension_effect(action: Action, upto: Round | None = None) -> Effect | None:
    origin = action.finding_round
    if origin is None or not action.target_dimension:
        return None
    instrument = _instrument(origin)
    if instrument is None:
        return None
    name = action.target_dimension
    dim = next((d for d in instrument.dimensions if d.name == name), None)
    label = instrument.text(dim.label) if dim else name
    effect = Effect(target=label, before_period=origin.period)
    after_round = next_round(origin, upto)
    if after_round is None:
        effect.reading = _("No later round of this questionnaire has results yet.")
        return effect
    effect.after_period = after_round.period
    k = int(settings.MIN_RESPONDENTS)
    before_answers = round_answers(origin.pk)
    first = score_round(instrument, before_answers, k)
    second_instrument = _instrument(after_round) or instrument
    second = score_round(second_instrument, round_answers(after_round.pk), k, before_answers)
    d0, d1 = _dimension(first, name), _dimension(second, name)
    if d0 is None or d1 is None or d1.change is None:
        effect.reading = _("The later round does not measure this dimension.")
        return effect
    if isinstance(d1.change.difference, Suppressed) or isinstance(d1.mean, Suppressed):
        why = d1.change.difference if isinstance(d1.change.difference, Suppressed) else d1.mean
        effect.suppressed = str(getattr(why, "reason", why))
        return effect
    effect.before, effect.after = _float(d0.mean), _float(d1.mean)
    effect.difference = _float(d1.change.difference)
    ci = d1.change.ci
    effect.interval = ci if isinstance(ci, tuple) else None
    sd0, alpha0 = _float(d0.sd), _float(d0.alpha)
    rc = None
    if effect.difference is not None and sd0 is not None and alpha0 is not None:
        rc = reliable_change(effect.difference, sd0, alpha0)
        effect.rci = _float(rc.rci)
    scale = dimension_scale(instrument, name)
    higher = scale is None or scale[2] is not Polarity.LOWER_BETTER
    effect.verdict = verdict(effect.difference or math.nan, effect.interval, rc, higher)
    effect.reading = _reading(effect.verdict, label, origin.period, after_round.period)
    return effect


def _network_round(partnership_id: int, period: str) -> Round | None:
    found = [
        r
        for r in published_rounds(partnership_id).select_related("instrument")
        if r.instrument.kind == "network" and r.period == period
    ]
    return found[-1] if found else None


def _position(survey: Round, organisation_id: int) -> tuple[float, float] | None:
    rows = round_relations(survey.pk)
    members = survey.partnership.members_on(survey.closes.date()).select_related("organisation")
    nodes = {m.organisation_id: m.organisation for m in members}
    if organisation_id not in nodes or not rows:
        return None
    ordered = [Node(str(pk), org.name, org.sector) for pk, org in sorted(nodes.items())]
    network = either_side(build_network(rows, ordered, treatment="observed"))
    values = node_measures(network, seed=survey.partnership_id)
    where = network.ids.index(str(organisation_id))
    return float(values["degree"][where]), float(values["betweenness"][where])


def organisation_effect(action: Action, upto: Round | None = None) -> Effect | None:
    origin, org = action.finding_round, action.target_organisation
    if origin is None or org is None:
        return None
    effect = Effect(target=org.name, before_period=origin.period)
    later = next_round(origin, upto)
    first = _network_round(action.partnership_id, origin.period)
    second = _network_round(action.partnership_id, later.period) if later else None
    if first is None or second is None:
        effect.reading = _("No later network round has results yet.")
        return effect
    effect.after_period = second.period
    a, b = _position(first, org.pk), _position(second, org.pk)
    if a is None or b is None:
        effect.reading = _("The organisation was not a member in both rounds.")
        return effect
    for measure, x, y in ((_("ties (degree)"), a[0], b[0]), (_("betweenness"), a[1], b[1])):
        effect.rows.append({"measure": measure, "before": x, "after": y, "difference": y - x})
    effect.before, effect.after, effect.difference = a[0], b[0], b[0] - a[0]
    effect.reading = _(
        "Network rounds ask every member about every other, so these figures have no "
        "sampling interval; a change of one or two ties can come from one member not "
        "answering."
    )
    return effect


def indicator_effect(action: Action, upto: Round | None = None) -> Effect | None:
    origin, indicator = action.finding_round, action.target_indicator
    if indicator is None:
        return None
    start = origin.closes.date() if origin is not None else action.created_at.date()
    later = next_round(origin, upto) if origin is not None else None
    end = later.closes.date() if later is not None else dt.date.today()
    points = list(indicator.observations.filter(observed_on__lte=end).order_by("observed_on"))
    before = [p for p in points if p.observed_on <= start]
    after = [p for p in points if p.observed_on > start]
    effect = Effect(
        target=f"{indicator.name} ({indicator.unit})",
        before_period=before[-1].observed_on.isoformat() if before else "",
    )
    if not before or not after:
        effect.reading = _("No observation of the indicator since the finding yet.")
        return effect
    effect.after_period = after[-1].observed_on.isoformat()
    effect.before, effect.after = before[-1].value, after[-1].value
    effect.difference = effect.after - effect.before
    better = (effect.difference > 0) == (indicator.direction == "up")
    effect.reading = _(
        "The indicator records no uncertainty, so this change cannot be tested; it moved %(way)s."
    ) % {"way": _("the better way") if better else _("the worse way")}
    return effect


def effect(action: Action, upto: Round | None = None) -> Effect | None:
    """The change on ``action``'s target (None: it names nothing to measure)."""
    if action.target_kind == TargetKind.DIMENSION:
        return dimension_effect(action, upto)
    if action.target_kind == TargetKind.ORGANISATION:
        return organisation_effect(action, upto)
    if action.target_kind == TargetKind.INDICATOR:
        return indicator_effect(action, upto)
    return None
