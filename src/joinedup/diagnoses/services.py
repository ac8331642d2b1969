"""Every diagnosis of a partnership, assembled from the other apps' services.

Each source is guarded: when a source app has no data (no dynamics round yet, no
network survey, no context recorded) the diagnosis carries a ``missing`` note
saying what is needed, instead of failing. Network-derived mix signals come from
the network analysis core on the latest network round: trust = the whole-network
trust score (mean of respondents' mean ``net_trust_*`` ratings, withheld below k);
reciprocity = the graph reciprocity of working ties (``net_depth`` ≥ 2); lead
dominance = the share of the power-concentration signals (centralisation, the
lead's share of ties, the lead's share of resources — read only when every
organisation's received resources rest on at least k raters, since each enters the
share) that hold; none of them depends on which side of a one-way tie named it. The health check's
ownership-and-trust theme comes from the scoring core (mean on 1–5 → 0…1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from joinedup.analysis.data import AnswerRow, RelationRow
from joinedup.analysis.frameworks import advisor, depth, drift, dynamics, modes, sharing
from joinedup.analysis.frameworks._common import Tags, item_tags, unit
from joinedup.analysis.instruments import InstrumentError
from joinedup.analysis.network.build import Node, build_network
from joinedup.analysis.network.measures import summary
from joinedup.analysis.network.scores import TRUST_ITEMS, network_score, power_concentration
from joinedup.analysis.scoring import score_round
from joinedup.context.models import PartnershipProfile
from joinedup.context.services import context_signals
from joinedup.diagnoses.models import ContractStyle
from joinedup.registry.models import Partnership
from joinedup.surveys.extract import round_answers, round_relations
from joinedup.surveys.visibility import published_rounds


@dataclass
class Diagnoses:
    partnership: Partnership
    as_of: dt.date
    rounds: list[dynamics.DynamicsResult] = field(default_factory=list)
    trajectory: drift.Trajectory | None = None
    depth: depth.DepthResult | None = None
    mix: modes.Mix | None = None
    sharing: sharing.SharingResult | None = None
    missing: dict[str, str] = field(default_factory=dict)
    health_ownership_trust: float | None = None
    advice: advisor.Advice | None = None
    advice_round: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "partnership": self.partnership.pk,
            "as_of": self.as_of.isoformat(),
            "dynamics": [r.to_dict() for r in self.rounds],
            "trajectory": self.trajectory.to_dict() if self.trajectory else None,
            "depth": self.depth.to_dict() if self.depth else None,
            "mix": self.mix.to_dict() if self.mix else None,
            "sharing": self.sharing.to_dict() if self.sharing else None,
            "missing": self.missing,
            "advice": self.advice.to_dict() if self.advice else None,
            "advice_round": self.advice_round,
        }


def _rounds(partnership: Partnership, key: str) -> list[Any]:
    return [r for r in published_rounds(partnership) if r.instrument.key == key]


def _tags(survey_round: Any) -> Tags:
    try:
        return item_tags(survey_round.instrument.instrument())
    except InstrumentError:
        from joinedup.analysis.library import builtin

        return item_tags(builtin(survey_round.instrument.key))


def _answers(survey_round: Any) -> list[AnswerRow]:
    return round_answers(survey_round.pk)


def _relations(survey_round: Any) -> list[RelationRow]:
    return round_relations(survey_round.pk)


def _pressure(partnership: Partnership, as_of: dt.date, since: dt.date | None) -> Any:
    return context_signals(partnership, as_of, targets_since=since)


def _dynamics(d: Diagnoses, k: int) -> None:
    found = _rounds(d.partnership, "dynamics")
    if not found:
        d.missing["dynamics"] = "No dynamics round has been run for this partnership yet."
        return
    d.rounds = [
        dynamics.compute(_answers(r), _tags(r), k, round_label=r.period, seed=r.pk) for r in found
    ]
    since = found[-2].opens.date() if len(found) > 1 else None
    signals = _pressure(d.partnership, d.as_of, since)
    pressure = None
    if signals is not None:
        pressure = drift.Pressure(
            float(signals.expiring_amount),
            tuple(signals.expiring_streams),
            tuple(signals.new_targets),
        )
    d.trajectory = drift.compute(
        d.rounds,
        purpose_kind=d.partnership.purpose_kind,
        purpose=d.partnership.purpose,
        stage=d.partnership.stage,
        objectives=_objectives(d.partnership),
        pressure=pressure,
    )


def _objectives(partnership: Partnership) -> list[str]:
    """The objectives recorded in the partnership's profile (none without a profile)."""
    profile = PartnershipProfile.objects.filter(partnership=partnership).first()
    return list(profile.objective_labels()) if profile else []


def network_signals(
    relations: list[RelationRow], nodes: list[Node], lead: str | None, k: int
) -> dict[str, float | None]:
    """Trust, reciprocity and lead dominance from one network round, read by the
    network analysis core (see the module text)."""
    if not relations:
        return {"trust": None, "reciprocity": None, "lead_dominance": None}
    net = build_network(relations, nodes)
    head = summary(net.graph)
    power = power_concentration(
        head.centralization, net.ties(), relations, nodes, lead, k, every=True
    )
    trust = network_score(relations, TRUST_ITEMS, k).value
    dominance = sum(power.signals.values()) / len(power.signals) if power.signals else None
    return {
        "trust": trust if isinstance(trust, float) else None,
        "reciprocity": head.reciprocity if head.edges else None,
        "lead_dominance": dominance,
    }


def _nodes(partnership: Partnership, day: dt.date) -> list[Node]:
    return [
        Node(str(m.organisation_id), m.organisation.name, m.organisation.sector)
        for m in partnership.members_on(day).select_related("organisation")
    ]


def ownership_trust(answers: list[AnswerRow], survey_round: Any, k: int) -> float | None:
    """The health check's ownership-and-trust theme score on 0…1 (None when withheld)."""
    try:
        instrument = survey_round.instrument.instrument()
    except InstrumentError:
        return None
    theme = [dim for dim in instrument.dimensions if dim.name == "ownership_trust"]
    if not theme:
        return None
    names = {item.name for item in theme[0].items}
    only = instrument.model_copy(update={"dimensions": theme})
    scores = score_round(only, [a for a in answers if a.item in names], k)
    mean = scores.dimensions[0].mean if scores.dimensions else None
    return unit(mean) if isinstance(mean, float) else None


def _network(d: Diagnoses, k: int) -> list[RelationRow]:
    found = _rounds(d.partnership, "network")
    if not found:
        d.missing["network"] = "No network survey yet: depth and sharing from ties are not known."
        return []
    return _relations(found[-1])


def _health(d: Diagnoses, k: int) -> list[AnswerRow]:
    found = _rounds(d.partnership, "health-check")
    if not found:
        d.missing["health-check"] = "No health-check round yet: members' own depth is not known."
        return []
    answers = _answers(found[-1])
    d.health_ownership_trust = ownership_trust(answers, found[-1], k)
    return answers


def _sharing(d: Diagnoses, relations: list[RelationRow], k: int) -> None:
    entries = [
        sharing.Entry(
            e.kind,
            tuple(str(o.pk) for o in e.organisations.all()),
            e.start,
            e.end,
            float(e.amount) if e.amount is not None else None,
            e.unit,
        )
        for e in d.partnership.sharing_entries.prefetch_related("organisations")
    ]
    if not entries:
        d.missing["sharing"] = "Nothing is recorded in the sharing register yet."
    members = [str(m.organisation_id) for m in d.partnership.members_on(d.as_of)]
    barrier_rounds = _rounds(d.partnership, "barriers")
    barrier_rows = _answers(barrier_rounds[-1]) if barrier_rounds else []
    tags = _tags(barrier_rounds[-1]) if barrier_rounds else {}
    d.sharing = sharing.compute(entries, members, d.as_of, k, relations, barrier_rows, tags)


def contract_signal(partnership: Partnership, as_of: dt.date) -> float | None:
    """The contracts register as a market signal: None when nothing is recorded;
    of the contracts in force on ``as_of``, 1 when any is adversarial, 0.5 when all
    are obligational, 0 when none is in force."""
    contracts = list(partnership.partner_contracts.all())
    if not contracts:
        return None
    live = [c.style for c in contracts if c.start <= as_of and (c.end is None or c.end >= as_of)]
    if not live:
        return 0.0
    return 1.0 if ContractStyle.ADVERSARIAL in live else 0.5


def price_signal(partnership: Partnership) -> float | None:
    """The share of recorded decisions on who provides that price decided (None: none)."""
    decisions = list(partnership.price_decisions.values_list("price_decided", flat=True))
    return sum(decisions) / len(decisions) if decisions else None


def _mix(d: Diagnoses, relations: list[RelationRow], k: int) -> None:
    lead = str(d.partnership.lead_id) if d.partnership.lead_id else None
    net = network_signals(relations, _nodes(d.partnership, d.as_of), lead, k)
    signals = _pressure(d.partnership, d.as_of, None)
    market = getattr(signals, "market", None)
    hierarchy = getattr(signals, "hierarchy", None)
    if signals is None:
        d.missing["context"] = "No context recorded: money, mandate and targets are not known."
    d.mix = modes.compute(
        modes.MixSignals(
            basis=d.partnership.basis,
            contracts_between_partners=contract_signal(d.partnership, d.as_of),
            price_decides=price_signal(d.partnership),
            competitive_bidding=None
            if market is None or market.bid_share is None
            else market.bid_share > 0,
            short_term_money_share=getattr(market, "short_term_share", None),
            mandated_membership=getattr(hierarchy, "mandated_membership", None),
            central_targets=getattr(hierarchy, "central_targets", None),
            lead_dominance=net["lead_dominance"],
            trust=net["trust"],
            reciprocity=net["reciprocity"],
            sharing=d.sharing.index if d.sharing else None,
            ownership_trust=d.health_ownership_trust,
        )
    )


@dataclass(frozen=True)
class RoundAdvice:
    """The advisor's reading of a partnership's latest governance-modes round (``advice``
    None with ``note`` saying why when there is none)."""

    advice: advisor.Advice | None
    period: str = ""
    note: str = ""


def round_advice(partnership: Partnership, k: int | None = None) -> RoundAdvice:
    """The advisor on the latest closed governance-modes round: each condition's
    question mean (withheld below k) as the members' answer."""
    k = k if k is not None else settings.MIN_RESPONDENTS
    found = _rounds(partnership, "governance-modes")
    if not found:
        return RoundAdvice(
            None, note="No governance-modes round yet: the advisor has no members' reading."
        )
    try:
        instrument = found[-1].instrument.instrument()
    except InstrumentError:
        return RoundAdvice(None, note="The governance-modes round's questionnaire cannot be read.")
    scores = score_round(instrument, _answers(found[-1]), k)
    conditions = {**advisor.RHODES, **advisor.INHOUSE}
    ratings: dict[str, advisor.Rating | None] = {}
    for row in scores.items:
        where = [t.split(":", 1)[1] for t in instrument.item(row.item).tags if ":" in t]
        condition = next((w for w in where if w in conditions), None)
        if condition is None:
            continue
        ok = isinstance(row.mean, float) and isinstance(row.n, int)
        ratings[condition] = advisor.Rating(row.mean, row.n) if ok else None  # type: ignore[arg-type]
    period = str(found[-1].period)
    if not any(ratings.values()):
        why = "The governance-modes round has too few answers to any question for a reading."
        return RoundAdvice(None, period, why)
    return RoundAdvice(advisor.from_round(ratings), period)


def _advice(d: Diagnoses, k: int) -> None:
    reading = round_advice(d.partnership, k)
    if reading.advice is None:
        d.missing["governance-modes"] = reading.note
        return
    d.advice, d.advice_round = reading.advice, reading.period


def diagnose(partnership: Partnership, as_of: dt.date, k: int | None = None) -> Diagnoses:
    """All diagnoses of ``partnership`` on ``as_of`` (k defaults to the setting)."""
    k = k if k is not None else settings.MIN_RESPONDENTS
    d = Diagnoses(partnership, as_of)
    _dynamics(d, k)
    relations = _network(d, k)
    d.depth = depth.compute(relations, _health(d, k), k)
    _sharing(d, relations, k)
    _mix(d, relations, k)
    _advice(d, k)
    return d


def advise(answers: Mapping[str, advisor.Answer]) -> advisor.Advice:
    """The governance-mode advisor (ValueError with a plain message on bad answers)."""
    return advisor.compute(answers)
