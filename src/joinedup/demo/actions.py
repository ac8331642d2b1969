"""Demo step: the Health and Social Care Board acts on its spring 2026 health check.

Its board records an agreed score on three dimensions (a workshop view), and
plans three actions from the round's findings: rebuild trust with community
members (published on its public page, done), agree a pooled budget for carers'
support (under way) and reach more carers with a support plan (an indicator).
A next health-check round, autumn 2026, follows, made by the surveys step's
machinery: trust and ownership rises clearly (the community members' doubt of
spring 2026 is gone), incentives and resources hardly moves, so one action's
effect is a reliable change and another's cannot be told from noise. The
indicator gets its autumn figure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.conf import settings

from joinedup.actions import services
from joinedup.actions.models import Action, FindingKind, Status, TargetKind
from joinedup.analysis.scoring import score_round
from joinedup.demo import DemoContext
from joinedup.demo._survey_profiles import PROFILES
from joinedup.demo.surveys import add_round
from joinedup.participation.models import Indicator, IndicatorObservation
from joinedup.participation.services import set_public_page
from joinedup.registry.models import Organisation, Partnership
from joinedup.surveys.extract import Round, partnership_rounds, round_answers

ORDER = 60
LABEL = "actions, the workshop's agreed view and the next health check"

KEY = "hsc"
NEXT = (
    2026,
    "autumn 2026",
    dt.datetime(2026, 9, 7, 9, tzinfo=dt.UTC),
    dt.datetime(2026, 10, 9, 17, tzinfo=dt.UTC),
)
VIEWS = (
    ("purpose", 3.0, "We agreed the aims still hold, but the targets have crowded them out."),
    (
        "ownership_trust",
        4.2,
        "Statutory members rated trust higher than the community members did.",
    ),
    ("incentives_resources", 2.5, "Nothing pooled yet; each body still funds its own services."),
)


def run(ctx: DemoContext) -> None:
    partnership = ctx.state["partnerships"][KEY]
    orgs = ctx.state["organisations"]
    spring = _health_check(partnership, "spring 2026")
    if spring is None:
        ctx.notes.append("no actions (the spring 2026 health check is missing)")
        return
    for dimension, score, note in VIEWS:
        services.record_view(spring, dimension, score, note)
    means = _means(spring)
    trust = _action(
        partnership,
        "Rebuild trust with community members",
        "Hold the board's meetings in the community in turn, and give the community "
        "members' seats a standing item on every agenda.",
        orgs["icb"],
        dt.date(2026, 7, 31),
        Status.DONE,
        (FindingKind.WEAK_DIMENSION, "ownership_trust", spring, means["ownership_trust"]),
        published=True,
    )
    services.add_note(
        trust, "The May board met at the Carers' Circle's hall.", dt.date(2026, 5, 14)
    )
    services.add_note(
        trust, "Community members now open each meeting with their own item.", dt.date(2026, 7, 9)
    )
    budget = _action(
        partnership,
        "Agree a pooled budget for carers' support",
        "Draft a section 75 agreement pooling the council's and the board's carers' budgets.",
        orgs["county"],
        dt.date(2027, 3, 31),
        Status.UNDER_WAY,
        (FindingKind.WEAK_DIMENSION, "incentives_resources", spring, means["incentives_resources"]),
    )
    services.add_note(budget, "Finance leads met; legal advice asked for.", dt.date(2026, 6, 20))
    indicator = Indicator.objects.get(partnership=partnership, name="Carers with a support plan")
    carers = _action(
        partnership,
        "Reach more carers with a support plan",
        "Surgeries refer every carer they see to the Carers' Circle for a plan.",
        orgs["surgeries"],
        dt.date(2026, 12, 31),
        Status.UNDER_WAY,
        (
            FindingKind.QUESTION,
            "carers-support-plans",
            spring,
            "The board asked why two carers in five still have no support plan.",
        ),
    )
    carers.target_kind, carers.target_indicator = TargetKind.INDICATOR, indicator
    services.save_action(carers)
    set_public_page(partnership, True)
    _next_round(ctx)
    IndicatorObservation.objects.create(
        indicator=indicator, observed_on=dt.date(2026, 9, 30), value=66.0
    )
    ctx.notes.append("3 actions (1 published), a workshop view and the autumn 2026 health check")


def _health_check(partnership: Partnership, period: str) -> Round | None:
    found = [
        r
        for r in partnership_rounds(partnership).select_related("instrument")
        if r.instrument.key == "health-check" and r.period == period
    ]
    return found[0] if found else None


def _means(round_: Round) -> dict[str, str]:
    """Each dimension's finding in words, from the round's own k-applied scores."""
    instrument = round_.instrument.instrument()
    scores = score_round(instrument, round_answers(round_.pk), int(settings.MIN_RESPONDENTS))
    words = {}
    for d in scores.dimensions:
        mean = f"{d.mean:.2f}" if isinstance(d.mean, float) else str(d.mean)
        words[d.dimension] = f"{d.label}: mean {mean} of 5 in {round_.period} ({d.band})"
    return words


def _action(
    partnership: Partnership,
    title: str,
    description: str,
    owner: Organisation,
    due: dt.date,
    status: str,
    finding: tuple[str, str, Round, str],
    published: bool = False,
) -> Action:
    kind, key, round_, text = finding
    action = Action(
        partnership=partnership,
        title=title,
        description=description,
        owner=owner,
        due=due,
        status=status,
        finding_kind=kind,
        finding_key=key,
        finding_round=round_,
        finding_text=text,
        published=published,
    )
    if kind == FindingKind.WEAK_DIMENSION:
        action.target_kind, action.target_dimension = TargetKind.DIMENSION, key
    return services.save_action(action)


def _next_round(ctx: DemoContext) -> None:
    spring = PROFILES[KEY, 2026]
    themes = {**spring.themes, "ownership_trust": 4.3, "incentives_resources": 2.55}
    shift = {k: v for k, v in spring.sector_shift.items() if k[0] != "ownership_trust"}
    add_round(
        ctx,
        KEY,
        "health-check",
        NEXT,
        replace(spring, themes=themes, sector_shift=shift),
        ctx.rng("actions"),
    )
