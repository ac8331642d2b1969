"""The context app's service layer: rows → plain records → :mod:`joinedup.analysis.context`.

Views, the API, the CLI, the exports and the diagnoses call these functions; none of
them computes a figure itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from joinedup.analysis import context as figures
from joinedup.analysis.data import AnswerRow
from joinedup.context.models import (
    FundingStream,
    PartnershipProfile,
    PerformanceMeasure,
)
from joinedup.registry.models import Basis, Organisation, Partnership
from joinedup.surveys.extract import round_answers
from joinedup.surveys.visibility import published_rounds


def profile_for(partnership: Partnership) -> PartnershipProfile:
    """The partnership's context record, created empty the first time it is asked for."""
    profile, _created = PartnershipProfile.objects.get_or_create(partnership=partnership)
    return profile


def _stream(row: FundingStream) -> figures.Stream:
    return figures.Stream(
        key=str(row.pk),
        partnership=row.profile.partnership.name,
        name=row.name,
        source=row.source,
        amount=float(row.amount),
        earmarked=row.earmarked,
        start=row.start,
        end=row.end,
        provider=row.provider.name if row.provider else "",
    )


def funding_rows(partnership: Partnership) -> QuerySet[FundingStream]:
    return FundingStream.objects.filter(profile__partnership=partnership).select_related(
        "profile__partnership", "provider"
    )


def streams(partnership: Partnership) -> list[figures.Stream]:
    return [_stream(row) for row in funding_rows(partnership)]


def measures(partnership: Partnership) -> list[figures.Measure]:
    rows = PerformanceMeasure.objects.filter(profile__partnership=partnership)
    return [
        figures.Measure(name=m.name, owner=m.owner.name if m.owner else "", kind=m.kind)
        for m in rows.select_related("owner")
    ]


def mandate(partnership: Partnership) -> figures.Mandate:
    """The mandate as plain data. A partnership whose recorded basis is statutory is
    taken to be under a statutory duty even if the duty has not been filled in."""
    profile = profile_for(partnership)
    return figures.Mandate(
        basis=partnership.basis,
        statutory_duty=profile.statutory_duty or partnership.basis == Basis.STATUTORY,
        mandated_membership=profile.mandated_membership,
        targets=tuple((t.name, t.attached_on) for t in profile.targets.all()),
        inspection_regime=profile.inspection_regime,
        steering=tuple(profile.steering),
    )


def context_signals(
    partnership: Partnership, as_of: dt.date, targets_since: dt.date | None = None
) -> figures.ContextSignals:
    """The pressures on ``partnership`` on ``as_of`` (see ContextSignals); the diagnoses
    call this. ``targets_since`` (e.g. the previous round's date) picks out new targets."""
    return figures.context_signals(
        streams(partnership), mandate(partnership), measures(partnership), as_of, targets_since
    )


def purpose_kind_agreement(
    partnership: Partnership, round_id: Any, k: int | None = None
) -> figures.PurposeDisagreement:
    """Members' answers to ``hc_purpose_kind`` in one round against the recorded kind.
    ``round_id`` is a survey round (or its id); k defaults to settings.MIN_RESPONDENTS."""
    rid = getattr(round_id, "pk", round_id)
    answers: list[AnswerRow] = round_answers(rid)
    return figures.purpose_kind_disagreement(
        answers, partnership.purpose_kind, k if k is not None else settings.MIN_RESPONDENTS
    )


def latest_purpose_kind_agreement(
    partnership: Partnership,
) -> figures.PurposeDisagreement | None:
    """The agreement in the most recent closed round that asked ``hc_purpose_kind``,
    or None when no closed round has asked it yet."""
    for survey_round in reversed(list(published_rounds(partnership))):
        asked = {item.name for item in survey_round.instrument.instrument().items()}
        if figures.PURPOSE_ITEM not in asked:
            continue  # the round's instrument does not ask the question
        result = purpose_kind_agreement(partnership, survey_round)
        if result.answered:
            return result
    return None


@dataclass(frozen=True)
class Overview:
    profile: PartnershipProfile
    money: figures.FundingFigures
    timeline: list[figures.TimelineRow]
    balance: figures.MeasureBalance
    signals: figures.ContextSignals
    funding: list[FundingStream]
    measure_rows: list[PerformanceMeasure]


def overview(partnership: Partnership, as_of: dt.date) -> Overview:
    """Everything the partnership page section shows."""
    rows = list(funding_rows(partnership))
    plain = [_stream(r) for r in rows]
    measure_rows = list(
        PerformanceMeasure.objects.filter(profile__partnership=partnership).select_related("owner")
    )
    signals = figures.context_signals(plain, mandate(partnership), measures(partnership), as_of)
    return Overview(
        profile=profile_for(partnership),
        money=figures.funding_figures(plain, as_of),
        timeline=figures.timeline(plain, as_of),
        balance=signals.measures,
        signals=signals,
        funding=rows,
        measure_rows=measure_rows,
    )


def organisation_streams(
    organisation: Organisation, partnerships: Iterable[Partnership]
) -> list[figures.Stream]:
    """The funding of every partnership in ``partnerships`` that ``organisation`` has
    belonged to (at any time): what its partnership work lives on."""
    ids = [p.pk for p in partnerships]
    rows = (
        FundingStream.objects.filter(
            profile__partnership__in=ids,
            profile__partnership__memberships__organisation=organisation,
        )
        .distinct()
        .select_related("profile__partnership", "provider")
    )
    return [_stream(r) for r in rows]


EXPORT_COLUMNS = (
    "partnership",
    "table",
    "name",
    "source_or_kind",
    "organisation",
    "amount",
    "earmarked",
    "start",
    "end",
    "detail",
)


def export_rows(partnership: Partnership) -> list[dict[str, Any]]:
    """Tidy rows of the partnership's context, one per fact, same columns throughout
    (:data:`EXPORT_COLUMNS`); ``table`` says which kind of fact the row is: objective,
    steering, mandate, target, funding or measure. Dates are ISO strings."""
    profile = profile_for(partnership)
    out: list[dict[str, Any]] = []

    def add(table: str, name: str, **values: Any) -> None:
        row = dict.fromkeys(EXPORT_COLUMNS, "")
        row.update(partnership=partnership.name, table=table, name=name, **values)
        out.append(row)

    add("purpose_kind", partnership.purpose_kind)
    for objective in profile.objectives:
        add("objective", objective)
    for way in profile.steering:
        add("steering", way)
    add(
        "mandate",
        "statutory_duty",
        source_or_kind=_yes(profile.statutory_duty),
        detail=profile.duty,
    )
    add("mandate", "mandated_membership", source_or_kind=_yes(profile.mandated_membership))
    add("mandate", "inspection_regime", detail=profile.inspection_regime)
    for target in profile.targets.all():
        add("target", target.name, organisation=target.set_by, start=target.attached_on.isoformat())
    for f in funding_rows(partnership):
        add(
            "funding",
            f.name,
            source_or_kind=f.source,
            organisation=f.provider.name if f.provider else "",
            amount=str(f.amount),
            earmarked=_yes(f.earmarked),
            start=f.start.isoformat(),
            end=f.end.isoformat() if f.end else "",
            detail=f.conditions,
        )
    for m in PerformanceMeasure.objects.filter(profile=profile).select_related("owner"):
        add("measure", m.name, source_or_kind=m.kind, organisation=m.owner.name if m.owner else "")
    return out


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"
