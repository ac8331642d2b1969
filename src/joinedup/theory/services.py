"""The theory of change read from the database: each step's evidence, worked out
from the partnership's survey rounds, indicators and decision log, then handed to
:func:`joinedup.analysis.theory.read`.

Survey evidence comes only from rounds with results (at least k respondents,
:func:`joinedup.surveys.visibility.rounds_with_results`) and through the scores the
report shows (:func:`joinedup.reports.scores.round_scores`), so a withheld figure
stays withheld here: its reading is ``none``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext

from joinedup.actions.models import Action
from joinedup.analysis import participation_indicators as pi
from joinedup.analysis import theory as th
from joinedup.analysis.suppression import Suppressed
from joinedup.participation.models import Decision, Indicator
from joinedup.registry.models import Partnership
from joinedup.reports.scores import instrument_of, round_scores
from joinedup.surveys.extract import Round
from joinedup.surveys.visibility import rounds_with_results
from joinedup.theory.models import ChangeLink, ChangeStep, EvidenceSource, StepEvidence


@dataclass(frozen=True)
class DimensionChoice:
    instrument: str
    dimension: str
    label: str


def dimension_choices(partnership: Partnership) -> list[DimensionChoice]:
    """The scored dimensions of the questionnaires this partnership has run."""
    seen: dict[tuple[str, str], DimensionChoice] = {}
    for round_ in Round.objects.filter(partnership=partnership).select_related("instrument"):
        instrument = instrument_of(round_)
        if instrument is None or not instrument.scored_items():
            continue
        for dim in instrument.dimensions:
            if any(i in instrument.scored_items() for i in dim.items):
                label = f"{instrument.text(instrument.title)}: {instrument.text(dim.label)}"
                seen.setdefault(
                    (instrument.id, dim.name), DimensionChoice(instrument.id, dim.name, label)
                )
    return sorted(seen.values(), key=lambda c: c.label)


def _dimension_evidence(partnership: Partnership, ev: StepEvidence) -> th.Evidence:
    rounds = [r for r in rounds_with_results(partnership) if r.instrument.key == ev.instrument]
    label = ev.dimension
    scored: list[tuple[Round, float]] = []
    latest_change = None
    previous: Round | None = None
    for r in rounds:
        result = round_scores(r, previous)
        previous = r
        if result is None:
            continue
        for d in result.dimensions:
            if d.dimension != ev.dimension:
                continue
            label = d.label or label
            if isinstance(d.mean, float):
                scored.append((r, d.mean))
                latest_change = d.change
    if not scored:
        return th.Evidence("dimension", label, "none", gettext("no round with enough answers yet"))
    where = "; ".join(f"{r.period}: {number_format(mean, 2)}" for r, mean in scored)
    if len(scored) == 1 or latest_change is None:
        detail = gettext("scored once (%(where)s)") % {"where": where}
        return th.Evidence("dimension", label, "observed", detail)
    diff, ci = latest_change.difference, latest_change.ci
    if isinstance(diff, Suppressed) or not isinstance(diff, float) or not isinstance(ci, tuple):
        detail = gettext("%(where)s; the change is withheld") % {"where": where}
        return th.Evidence("dimension", label, "observed", detail)
    change = gettext("%(where)s; change %(diff)s (95%% interval %(low)s to %(high)s)") % {
        "where": where,
        "diff": f"{diff:+.2f}",
        "low": f"{ci[0]:+.2f}",
        "high": f"{ci[1]:+.2f}",
    }
    if ci[0] > 0:
        return th.Evidence("dimension", label, "moving", change)
    if ci[1] < 0:
        return th.Evidence("dimension", label, "against", change)
    return th.Evidence("dimension", label, "flat", change)


def _indicator_evidence(indicator: Indicator) -> th.Evidence:
    points = [pi.Observation(o.observed_on, o.value) for o in indicator.observations.all()]
    trend = pi.trend(points, indicator.target, indicator.direction)
    if trend.latest is None:
        return th.Evidence("indicator", indicator.name, "none", gettext("no observation yet"))
    if trend.observations == 1:
        detail = gettext("observed once: %(value)s %(unit)s") % {
            "value": f"{trend.latest.value:g}",
            "unit": indicator.unit,
        }
        return th.Evidence("indicator", indicator.name, "observed", detail)
    assert trend.baseline is not None
    detail = gettext("%(first)s → %(last)s %(unit)s (%(n)d observations)") % {
        "first": f"{trend.baseline.value:g}",
        "last": f"{trend.latest.value:g}",
        "unit": indicator.unit,
        "n": trend.observations,
    }
    if trend.improving is None:
        detail = gettext("%(detail)s; no change") % {"detail": detail}
        return th.Evidence("indicator", indicator.name, "flat", detail)
    return th.Evidence(
        "indicator", indicator.name, "moving" if trend.improving else "against", detail
    )


def _decision_evidence(decision: Decision) -> th.Evidence:
    return th.Evidence(
        "decision",
        decision.title,
        "observed",
        gettext("decided on %(day)s") % {"day": date_format(decision.taken_on)},
    )


#: An action's status as evidence that its step is happening.
ACTION_READING = {
    "done": "observed",
    "under way": "observed",
    "planned": "none",
    "dropped": "against",
}


def _action_evidence(action: Action) -> th.Evidence:
    detail = str(action.get_status_display())
    if action.due:
        detail = gettext("%(status)s, due %(day)s") % {
            "status": detail,
            "day": date_format(action.due),
        }
    return th.Evidence("action", action.title, ACTION_READING.get(action.status, "none"), detail)


def evidence_of(partnership: Partnership, ev: StepEvidence) -> th.Evidence:
    if ev.source == EvidenceSource.DIMENSION:
        return _dimension_evidence(partnership, ev)
    if ev.source == EvidenceSource.INDICATOR and ev.indicator is not None:
        return _indicator_evidence(ev.indicator)
    if ev.source == EvidenceSource.DECISION and ev.decision is not None:
        return _decision_evidence(ev.decision)
    if ev.source == EvidenceSource.ACTION and ev.action is not None:
        return _action_evidence(ev.action)
    return th.Evidence(ev.source, "", "none", "")


def steps_of(partnership: Partnership) -> list[ChangeStep]:
    evidence = StepEvidence.objects.select_related(
        "indicator", "decision", "action"
    ).prefetch_related("indicator__observations")
    return list(
        ChangeStep.objects.filter(partnership=partnership).prefetch_related(
            Prefetch("evidence", queryset=evidence)
        )
    )


def links_of(partnership: Partnership) -> list[ChangeLink]:
    return list(
        ChangeLink.objects.filter(source__partnership=partnership).select_related(
            "source", "target"
        )
    )


def reading(partnership: Partnership) -> th.TheoryReading:
    """The partnership's theory of change with each link's support and the checks."""
    steps = [
        th.Step(
            s.key,
            s.kind,
            s.title,
            tuple(evidence_of(partnership, ev) for ev in s.evidence.all()),
        )
        for s in steps_of(partnership)
    ]
    links = [
        th.StepLink(lk.source.key, lk.target.key, lk.mechanism, lk.context, lk.assumption)
        for lk in links_of(partnership)
    ]
    return th.read(steps, links)
